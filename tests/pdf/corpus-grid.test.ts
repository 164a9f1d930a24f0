import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSource } from '../../lib/audit';
import { loadPdf, type LoadedPdf } from '../../lib/pdf/node';
import { buildPdfSource } from '../../lib/pdf/tables';
import type { PdfPageContent } from '../../lib/pdf/types';
import { CORPUS } from '../corpus/load';

/**
 * The grid PDF text reconstruction builds from real disclosures (../shared/corpus): classes of layout that misread
 * the corpus before (every "error" on these files was a reading defect, checked against the printed positions).
 */
const have = existsSync(CORPUS);

async function load(name: string): Promise<LoadedPdf> {
  return loadPdf(new Uint8Array(readFileSync(join(CORPUS, name))));
}

function audit(name: string, pages: readonly PdfPageContent[]) {
  const pdf = buildPdfSource(pages, { url: name });
  return { pdf, ...auditSource(pdf.source) };
}

const squash = (s: string): string => s.replace(/\s+/gu, '');

describe.skipIf(!have)('real PDFs: tables read with the grid the page prints', () => {
  it(
    'a page number a little above the bottom margin does not end a table: the expenditure table continues ' +
      'over three pages, its relations hold (chongqing 单位支出总体情况表, plain-font header)',
    async () => {
      const name = 'chongqing-xuanchuanbu-2026-yusuan.pdf';
      const { doc, report } = audit(name, (await load(name)).pages);
      const t = doc.tables.find((x) => squash(x.title).includes('单位支出总体情况表'))!;
      expect(t).toBeDefined();
      // The rows of the continued pages belong to the table (208, 210, 221 are on pages 13 and 14).
      expect(t.rows.some((r) => r.code === '208')).toBe(true);
      const tr = report.tables.find((x) => x.index === t.index)!;
      expect(tr.status).toBe('checked');
      expect(tr.failed).toBe(0);
      expect(tr.passed).toBeGreaterThan(50);
      expect(report.findings.filter((f) => f.table === t.index && f.severity === 'error')).toEqual([]);
      // The header (科目编码 | 科目名称 | 总计 | 基本支出 | 项目支出) is the header, not a data row.
      const amounts = t.columns.filter((c) => c.role === 'amount').map((c) => c.path.join('/'));
      expect(amounts).toEqual(['总计', '基本支出', '项目支出']);
    },
    60_000,
  );

  it('a one-amount change in that table is caught at its cell', async () => {
    const name = 'chongqing-xuanchuanbu-2026-yusuan.pdf';
    const loaded = await load(name);
    // 2013301 行政运行 | 3,432.02 | 3,432.02 | (blank) on page 12: change the total to 3,433.02.
    const page = loaded.pages[11]!;
    const code = page.items.find((it) => it.str.trim() === '2013301')!;
    const item = page.items.find((it) => it.str.trim() === '3,432.02' && Math.abs(it.y - code.y) < 3)!;
    expect(item).toBeDefined();
    const changed = { ...page, items: page.items.map((it) => (it === item ? { ...it, str: '3,433.02' } : it)) };
    const pages = loaded.pages.map((p) => (p === page ? changed : p));
    const { pdf, report } = audit(name, pages);
    const hit = report.findings.filter((f) => f.severity === 'error' && f.stated === '3,433.02');
    expect(hit.length).toBeGreaterThan(0);
    for (const f of hit) {
      const box = pdf.cellBox(f.cells[0]!)!;
      expect(box.page).toBe(12);
      expect(item.x).toBeGreaterThanOrEqual(box.x - 1);
      expect(item.x + item.width).toBeLessThanOrEqual(box.x + box.width + 1);
    }
    expect(hit.some((f) => f.expected === '3,432.02')).toBe(true);
  }, 60_000);

  it(
    'figures wrapped in a narrow cell ("1682.7" over "6") are one figure: the table\'s relations hold ' +
      '(changchun 本年一般公共预算支出表)',
    async () => {
      const name = 'changchun-xinfangju-2026-yusuan.pdf';
      const { doc, report } = audit(name, (await load(name)).pages);
      const t = doc.tables.find((x) => squash(x.title).includes('本年一般公共预算支出表'))!;
      expect(t).toBeDefined();
      const total = t.rows.find((r) => /总计/u.test(r.label))!;
      const values = [...total.values.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v.amount?.value.toFixed(2));
      expect(values.slice(0, 6)).toEqual(['1682.76', '1682.76', '1208.20', '997.20', '211.00', '474.56']);
      // No row made of the wrapped digits alone.
      expect(t.rows.filter((r) => squash(r.label) === '' && !r.code)).toEqual([]);
      const tr = report.tables.find((x) => x.index === t.index)!;
      expect(tr.failed).toBe(0);
      expect(report.findings.filter((f) => f.table === t.index && f.severity === 'error')).toEqual([]);
    },
    60_000,
  );

  it(
    'a figure wider than its cell, reaching over the rule on its left, stays whole in its own column ' +
      '(beijing 部门整体支出绩效目标表: 107.000000 | 57.000000 | 50.000000)',
    async () => {
      const name = 'beijing-sifaju-2026-yusuan-tables.pdf';
      const { pdf } = audit(name, (await load(name)).pages);
      const rows = pdf.source.blocks.flatMap((b) => (b.kind === 'table' ? b.table.rows : []));
      const row = rows.find((r) => r.cells.some((c) => c.text === '23,083.340436'))!;
      expect(row.cells.map((c) => c.text)).toEqual([
        '23,083.340436',
        '22,976.340436',
        '15,260.115635',
        '7,716.224801',
        '107.000000',
        '57.000000',
        '50.000000',
      ]);
    },
    60_000,
  );
});
