import { describe, expect, it } from 'vitest';
import { auditFixture } from '../helpers';
import { auditPdfFixture, claimShapes, findingShapes, tableShapes } from './compare';

/**
 * PDFs made from the HTML fixtures (tests/fixtures/pdf/README.md: Chromium and LibreOffice) read back into the same
 * tables (kinds, units, row labels, amounts), the same findings (check, severity, stated, expected: only the cell
 * addresses differ) and the same claims of the text as the HTML they were printed from.
 */
const SAME: readonly (readonly [pdf: string, html: string])[] = [
  ['hangzhou-2024.clean.pdf', 'pages/hangzhou-2024.clean.html'],
  ['hangzhou-2024.clean.no-repeat.pdf', 'pages/hangzhou-2024.clean.html'],
  ['huzhou-2024.clean.pdf', 'pages/huzhou-2024.clean.html'],
  ['shaoxing-2021.clean.pdf', 'pages/shaoxing-2021.clean.html'],
  ['hangzhou-2024.word.pdf', 'pages/hangzhou-2024.word.html'],
  ['codes-split.pdf', 'synthetic/codes-split.html'],
  ['continued-mixed-units.pdf', 'synthetic/continued-mixed-units.html'],
  ['huzhou-2024.word.lo.pdf', 'pages/huzhou-2024.word.html'],
];

describe('a PDF gives the tables, findings and claims of the page it was printed from', () => {
  for (const [pdfName, html] of SAME) {
    it(`${pdfName} = ${html}`, async () => {
      const page = auditFixture(html);
      const pdf = await auditPdfFixture(pdfName);
      expect(pdf.pdf.pagesWithoutText).toEqual([]);
      expect(tableShapes(pdf.doc)).toEqual(tableShapes(page.doc));
      expect(findingShapes(pdf.report)).toEqual(findingShapes(page.report));
      expect(claimShapes(pdf.report)).toEqual(claimShapes(page.report));
      expect(pdf.report.document).toMatchObject({
        department: page.report.document.department,
        year: page.report.document.year,
        unit: page.report.document.unit,
        stage: page.report.document.stage,
      });
      // Every finding's cell has a place in the PDF.
      for (const f of pdf.report.findings)
        for (const c of f.cells) expect(pdf.pdf.cellBox(c), `${f.check} ${c.table}:${c.row}:${c.cell}`).toBeDefined();
    });
  }

  it(
    'hangzhou-2024.clean.lo.pdf (LibreOffice, tables without rules) = the page, but for the columns ' +
      'LibreOffice printed off the page',
    async () => {
      const page = auditFixture('pages/hangzhou-2024.clean.html');
      const pdf = await auditPdfFixture('hangzhou-2024.clean.lo.pdf');
      const want = tableShapes(page.doc);
      const got = tableShapes(pdf.doc);
      expect(got.map((t) => t.kind)).toEqual(want.map((t) => t.kind));
      // t2 (收入总表) has 18 columns; LibreOffice lays it out wider than the page and the PDF holds no text for its last
      // columns (上年结转结余's 政府性基金预算 … 单位资金, all empty in the page): the same rows and figures, fewer empty cells.
      const income = want.findIndex((t) => t.kind === 'income');
      for (const [i, t] of want.entries()) if (i !== income) expect(got[i], t.kind).toEqual(t);
      const cut = (rows: readonly string[]): string[] => rows.map((r) => r.replace(/\s+$/u, ''));
      expect(cut(got[income]!.rows)).toEqual(cut(want[income]!.rows));
      expect(pdf.doc.tables.find((t) => t.kind === 'income')!.columns.length).toBeLessThan(
        page.doc.tables.find((t) => t.kind === 'income')!.columns.length,
      );
      expect(findingShapes(pdf.report)).toEqual(findingShapes(page.report));
      expect(claimShapes(pdf.report)).toEqual(claimShapes(page.report));
    },
  );
});

describe('tables broken across pages', () => {
  it('a table continued with its header repeated is one table after the merge, checked across both parts', async () => {
    const { pdf, report } = await auditPdfFixture('huzhou-2024.clean.pdf');
    const t1 = report.tables.find((t) => t.kind === 'income-expenditure')!;
    expect(t1.domTables).toEqual([0, 1]);
    expect(t1.status).toBe('checked');
    const pages = (tables: readonly number[]) =>
      new Set(
        pdf.source.blocks.flatMap((b) =>
          b.kind === 'table' && tables.includes(b.table.index)
            ? b.table.rows.flatMap((r, ri) =>
                r.cells.map((_, ci) => pdf.cellBox({ table: b.table.index, row: ri, cell: ci })?.page),
              )
            : [],
        ),
      );
    expect([...pages([0])]).toEqual([8]);
    expect([...pages([1])]).toEqual([9]);
    // 本年支出合计 on page 9 is the sum of rows on pages 8 and 9 (the seed's own 0.01 slip).
    const total = report.findings.find(
      (f) => f.check === 'column-totals' && f.cells.some((c) => c.table === 0) && f.cells.some((c) => c.table === 1),
    );
    expect(total).toMatchObject({ severity: 'info', stated: '2,636.92', expected: '2,636.93' });
  });

  it('a table continued without its header is one rebuilt table, its rows on both pages', async () => {
    const { pdf, report } = await auditPdfFixture('hangzhou-2024.clean.no-repeat.pdf');
    const t3 = report.tables.find((t) => t.kind === 'expenditure')!;
    expect(t3.domTables).toHaveLength(1);
    expect(t3.status).toBe('checked');
    const table = pdf.source.blocks.find((b) => b.kind === 'table' && b.table.index === t3.index);
    if (table?.kind !== 'table') throw new Error('no table');
    const pages = new Set(table.table.rows.map((_, r) => pdf.cellBox({ table: t3.index, row: r, cell: 0 })?.page));
    expect([...pages]).toEqual([10, 11]);
  });

  it('a row cut by the page break is one row again (t2: 中共杭州市委 | 杭州市人民政府信访局)', async () => {
    for (const name of ['hangzhou-2024.clean.pdf', 'hangzhou-2024.clean.no-repeat.pdf']) {
      const { doc } = await auditPdfFixture(name);
      const income = doc.tables.find((t) => t.kind === 'income')!;
      expect(
        income.rows.map((r) => r.label),
        name,
      ).toEqual(['收入合计', '中共杭州市委杭州市人民政府信访局', '杭州市信访事务保障中心']);
    }
  });

  it('a long description cut over several pages after a repeated header is one cell again (shaoxing t9)', async () => {
    const { pdf } = await auditPdfFixture('shaoxing-2021.clean.pdf');
    const texts = pdf.source.blocks.flatMap((b) =>
      b.kind === 'table' ? b.table.rows.flatMap((r) => r.cells.map((c) => c.text)) : [],
    );
    const goal = texts.find((t) => t.startsWith('为深化“三驻三服务”活动'));
    expect(goal).toMatch(/向社会公众普及法律知识。$/u);
  });
});

describe('a scanned PDF', () => {
  it('has no text layer: nothing is read, nothing passes', async () => {
    const { pdf, report } = await auditPdfFixture('scanned.pdf');
    expect(pdf.pageCount).toBe(1);
    expect(pdf.pagesWithoutText).toEqual([1]);
    expect(pdf.source.blocks).toEqual([]);
    expect(report.summary.passed).toBe(0);
  });
});
