/**
 * The real corpus (../shared/corpus, see its README): official documents almost always add up, so every error
 * finding here is a reading defect unless a hand check of the printed page proves the document wrong. The hand
 * checks of the errors that are really in the documents are written beside their tests.
 */
import Decimal from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDecimal } from '../../lib/money/amount';
import { auditSource } from '../../lib/audit';
import { isTotalRow } from '../../lib/model';
import { auditCorpusFile, corpusFiles, withCellText, type Audited } from './load';

const files = corpusFiles();
const audited = new Map<string, Audited>();

beforeAll(async () => {
  for (const f of files) audited.set(f, await auditCorpusFile(f));
}, 300_000);

const errorsOf = (file: string) => audited.get(file)!.report.findings.filter((f) => f.severity === 'error');

/**
 * shanghai-putuo-caizhengju-2024-juesuan.pdf, checked by hand against the printed pages:
 * - "一般公共服务支出（类）2106.66万元，占71.73%": the 一般公共预算财政拨款支出 total is 2,940.05 万元 and
 *   2,106.66 ÷ 2,940.05 = 71.653%, printed 71.65% at two decimals; the four shares listed add to 100.07%.
 * - "财政拨款收入支出总计0.3万元 … 持平": the 财政拨款收入支出决算总表 prints 收入总计 and 支出总计 2,961.68 万元.
 */
const TRUE_ERRORS: Record<string, readonly RegExp[]> = {
  'shanghai-putuo-caizhengju-2024-juesuan.pdf': [/71\.73/u, /财政拨款收入支出总计\s*0\.3/u],
  // The document's own figures, recomputed (tests/claims/corpus.test.ts holds the same list with each hand check):
  // 29,956.27 − 28,479.84 = 1,476.43 (the 收入 sentence prints 1476.43; this one 1476.73).
  'beijing-sifaju-2026-yusuan-text.pdf': [/1476\.73/u],
  // 基本支出 12,323.48 in the 支出预算总表 and another sentence; 3,401.59 ÷ 2,630.96 = 129.29%, not 129.97%;
  // 317.8 ÷ 584.35 = 54.39%, not 54.43%; 156.55 ÷ 584.35 = 26.79%, not 26.72%.
  'jiangsu-jianchayuan-2017-yusuan.pdf': [/12323\.46/u, /129\.97/u, /54\.43/u, /26\.72/u],
  // 5,834.37 ÷ 16,232.22 = 35.94%, not 35.74%.
  'national-xinfangju-2024-juesuan.pdf': [/35\.74/u],
  // p. 67: 预算支出 printed 1682.76 元 beside 预算收入 1682.76 万元 and the 收支总表's 1,682.76 万元; 固定资产 4,295.98 =
  // 3,773.63 + 335.24 + 172.11 + 15, so 设备 is 7.80% (printed 7.90%) and 无形资产 0.35% (printed 0.26%).
  'changchun-xinfangju-2026-yusuan.pdf': [/1682\.76元/u, /7\.90%/u, /0\.26%/u],
};

describe('the real corpus', () => {
  it('has its sixteen documents', () => {
    expect(files).toHaveLength(16);
  });

  it.each(files)('%s: no error finding but the hand-checked true errors', (file) => {
    const expected = TRUE_ERRORS[file] ?? [];
    const errs = errorsOf(file);
    const text = (f: (typeof errs)[number]) => `${f.message.zh} ${f.derivation}`;
    for (const re of expected)
      expect(
        errs.filter((f) => re.test(text(f))),
        `${re} found in ${file}`,
      ).toHaveLength(1);
    const others = errs.filter((f) => !expected.some((re) => re.test(text(f))));
    expect(others.map((f) => `[${f.check}] ${f.message.zh}`)).toEqual([]);
  });

  it(
    'xian-yibaoju: tables of long figures Excel rounded to fit ("480544221.6") are understood; the 专项业务经费 ' +
      'table (projects only) is not compared with the department total',
    () => {
      const { report } = audited.get('xian-yibaoju-2022-yusuan.pdf')!;
      const byTitle = (re: RegExp) => report.tables.filter((t) => re.test(t.title));
      for (const t of [...byTitle(/收入总表$/u), ...byTitle(/支出总表$/u)]) expect(t.status, t.title).toBe('checked');
      const cross = report.findings.filter((f) => f.check === 'cross-table' && f.severity !== 'info');
      expect(cross.filter((f) => f.message.zh.includes('专项业务经费'))).toEqual([]);
    },
  );

  it.each(files)('%s: every table that is not understood says why, and reports nothing in it', (file) => {
    const { report } = audited.get(file)!;
    for (const t of report.tables.filter((x) => x.status === 'not-understood')) {
      expect(t.note).toMatch(/^结构未能可靠识别：/u);
      expect(t.noteEn).toMatch(/^structure not reliably understood/u);
      expect(report.findings.filter((f) => f.table === t.index && f.severity !== 'info')).toEqual([]);
    }
  });

  it.each(files)('%s: nothing is reported inside a performance table (indicators and scores are not sums)', (file) => {
    const { doc, report } = audited.get(file)!;
    const performance = new Set(doc.tables.filter((t) => t.kind === 'performance').map((t) => t.index));
    const inside = report.findings.filter(
      (f) => f.severity !== 'info' && f.cells.some((c) => performance.has(c.table)),
    );
    expect(inside.map((f) => `[${f.check}] ${f.message.zh}`)).toEqual([]);
  });

  it(
    'yantai: a PDF published as positioned text (no <table>) is read like the PDF: its tables rebuilt, checked, and ' +
      'the claims of its text compared with them',
    () => {
      const { report } = audited.get('yantai-tuiyijunren-2026-yusuan.html')!;
      const budget = report.tables.filter((t) => !['not-budget', 'skipped'].includes(t.status));
      expect(budget.length).toBeGreaterThanOrEqual(12);
      // The 收支总表, the 财政拨款收支总表, the 基本支出 tables and the 三公 table add up in full.
      const checked = report.tables.filter((t) => t.status === 'checked' && t.failed === 0).map((t) => t.title);
      for (const title of [/^收支总体情况表/u, /^财政拨款收支总体情况表/u, /“三公”经费/u, /基本支出/u])
        expect(
          checked.some((t) => title.test(t)),
          `${title}`,
        ).toBe(true);
      // The page's one <table> (the breadcrumb) keeps its address; the rebuilt tables come after it.
      expect(Math.min(...report.tables.filter((t) => t.index > 0).map((t) => t.index))).toBe(1);
      expect(report.summary.tables).toBeGreaterThanOrEqual(20);
      const claims = report.claims.filter((c) => c.status === 'passed');
      expect(claims.map((c) => c.text)).toEqual(expect.arrayContaining(['2026年收入预算35,874.49万元']));
      expect(claims.length).toBeGreaterThanOrEqual(20);
    },
  );

  it('the empty 决算 template: every table empty or not checked, none passed, no finding', () => {
    const { report } = audited.get('template-bumen-juesuan-2024.pdf')!;
    expect(report.tables.length).toBeGreaterThanOrEqual(9);
    for (const t of report.tables) {
      expect(['empty', 'not-budget', 'not-checked', 'not-understood']).toContain(t.status);
      expect(t.passed).toBe(0);
    }
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('one amount changed in a clean table of a real PDF is caught at its cell', () => {
  const CLEAN = [
    'shanghai-putuo-shangwuwei-2025-yusuan.pdf',
    'shanghai-putuo-zhengfu-bangongshi-2025-yusuan.pdf',
    'zhuhai-shangwuju-2026-yusuan.pdf',
    'yantai-tuiyijunren-2026-yusuan.html',
  ];
  it.each(CLEAN)('%s', (file) => {
    const { doc, report, source } = audited.get(file)!;
    // The first table by function subject the engine checked in full that has a leaf 项 (no children) with a figure in
    // its first amount column: the figure stands in its row, its column and in the other tables.
    let pick:
      { table: (typeof doc.tables)[number]; row: (typeof doc.tables)[number]['rows'][number]; col: number } | undefined;
    for (const summary of report.tables.filter((t) => t.status === 'checked' && t.failed === 0)) {
      const table = doc.tables.find((t) => t.index === summary.index)!;
      if (table.classification !== 'function') continue;
      const col = table.columns.find((c) => c.role === 'amount')?.index;
      if (col === undefined) continue;
      const parents = new Set(table.rows.map((r) => r.parent));
      const row = table.rows.find(
        (r, i) => !isTotalRow(r) && r.code?.length === 7 && !parents.has(i) && r.values.get(col)?.amount?.value.gt(1),
      );
      if (row) {
        pick = { table, row, col };
        break;
      }
    }
    expect(pick, 'a fully checked table with a leaf row').toBeDefined();
    const { table, row, col } = pick!;
    const cell = row!.values.get(col)!;
    const scale = cell.amount!.scale;
    const changed = formatDecimal(cell.amount!.value.plus(new Decimal(1)), scale);
    const before = new Set(report.findings.filter((f) => f.severity === 'error').map((f) => f.derivation));
    const after = auditSource(withCellText(source, cell.addr.table, cell.addr.row, cell.addr.cell, changed)).report;
    const errs = after.findings.filter((f) => f.severity === 'error' && !before.has(f.derivation));
    expect(errs).toHaveLength(1);
    expect(errs[0]!.cells[0]).toEqual(cell.addr);
    expect(errs[0]!.stated).toBe(changed);
    expect(errs[0]!.expected).toBe(formatDecimal(cell.amount!.value, scale));
    expect(after.tables.find((t) => t.index === table.index)!.status).not.toBe('not-understood');
  });
});
