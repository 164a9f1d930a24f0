import { describe, expect, it } from 'vitest';
import {
  auditFixture,
  auditHtml,
  auditWithCellChanged,
  errors,
  fixture,
  key,
  relationChecks,
  relationOf,
  rounding,
} from '../helpers';

const STYLES = ['clean', 'word', 'cms'] as const;

const HANGZHOU_KINDS = [
  'income-expenditure',
  'income',
  'expenditure',
  'fiscal-income-expenditure',
  'gpb-expenditure',
  'gpb-basic',
  'three-public',
  'gov-fund',
  'soe-capital',
  'project',
  'performance',
];
const SHAOXING_KINDS = [
  'income-expenditure',
  'expenditure',
  'fiscal-income-expenditure',
  'gpb-expenditure',
  'gpb-basic',
  'three-public',
  'gov-fund',
  'project',
  'performance',
];
const HUZHOU_KINDS = [
  'income-expenditure',
  'expenditure',
  'fiscal-income-expenditure',
  'gpb-expenditure',
  'gpb-basic',
  'three-public',
  'gov-fund',
  'soe-capital',
  'project',
  'project',
];

const budgetTables = (r: ReturnType<typeof auditFixture>['report']) =>
  r.tables.filter((t) => t.status !== 'not-budget');

describe.each(STYLES)('seed 000 杭州市信访局 2024 (%s markup)', (style) => {
  const { doc, report } = auditFixture(`pages/hangzhou-2024.${style}.html`);

  it('finds the eleven tables, in order, with their kinds and 万元', () => {
    expect(budgetTables(report).map((t) => t.kind)).toEqual(HANGZHOU_KINDS);
    expect(new Set(budgetTables(report).map((t) => t.unit))).toEqual(new Set(['万元']));
  });

  it('reads department and year from the page', () => {
    expect(doc.year).toBe(2024);
    expect(doc.department).toContain('杭州市委杭州市人民政府信访局');
  });

  it('passes every check on every table: no error, no warning, no rounding, nothing unchecked', () => {
    expect(report.findings.filter((f) => f.check !== 'narrative')).toEqual([]);
    expect(report.summary.notCheckedCells).toBe(0);
    for (const t of budgetTables(report)) {
      expect(t.status, `${t.title}`).toMatch(
        t.kind === 'gov-fund' || t.kind === 'soe-capital' ? /^empty$/u : /^checked$/u,
      );
    }
    // Every check family took part.
    for (const id of ['row-totals', 'column-totals', 'hierarchy', 'balance', 'cross-table', 'three-public']) {
      expect(report.checks[id]!.passed, id).toBeGreaterThan(0);
    }
  });

  it("finds the text's two slips: a rate that does not follow from its figures, a growth rate from a zero base", () => {
    const narrative = report.findings
      .filter((f) => f.check === 'narrative')
      .map((f) => [f.severity, f.stated, f.expected ?? null]);
    // "比上年执行数增加3.61万元,增长9.1%" of 43.57: 3.61 ÷ (43.57 − 3.61) = 9.03%; "增加 4,890.85 万元，增长 100%" from nothing.
    expect(narrative).toEqual(
      expect.arrayContaining([
        ['error', '增长 9.1%', '9.0%'],
        ['warning', '增长 100%', null],
      ]),
    );
    expect(narrative).toHaveLength(2);
  });

  it('reports the empty tables as empty with their note, not as errors', () => {
    const empty = report.tables.filter((t) => t.status === 'empty');
    expect(empty.map((t) => t.kind)).toEqual(['gov-fund', 'soe-capital']);
    expect(empty[0]!.note).toContain('本表无数据');
  });
});

describe('seed 000 page-break continuation (Word export splits 表6)', () => {
  const { report } = auditFixture('pages/hangzhou-2024.word.html');
  it('merges the repeated-header continuation into one table and checks its total across both parts', () => {
    const basic = report.tables.find((t) => t.kind === 'gpb-basic')!;
    expect(basic.domTables).toHaveLength(2);
    // 合计 3,169.18 = 工资福利支出 + 商品和服务支出 + 对个人和家庭的补助 + 资本性支出, spread over both <table>s.
    expect(basic.status).toBe('checked');
    expect(basic.rows).toBeGreaterThan(35);
  });
});

describe.each(STYLES)('seed 003 绍兴市信访局 2021, tables in 元 (%s markup)', (style) => {
  const { report } = auditFixture(`pages/shaoxing-2021.${style}.html`);

  it('finds the nine tables with their kinds, all in 元; the 绩效目标表 of targets and scores is not summed', () => {
    expect(budgetTables(report).map((t) => t.kind)).toEqual(SHAOXING_KINDS.filter((k) => k !== 'performance'));
    const targets = report.tables.find((t) => t.kind === 'performance')!;
    expect(targets.status).toBe('not-budget');
    expect(targets.note).toBeTruthy();
    expect(new Set(budgetTables(report).map((t) => t.unit))).toEqual(new Set(['元']));
  });

  it('passes every check on every table', () => {
    // The document-level check names the two tables this 2021 disclosure does not publish (收入总表, 国有资本经营).
    expect(
      report.findings.filter((f) => f.check === 'required-tables').map((f) => /「(.+?)」/u.exec(f.message.zh)?.[1]),
    ).toEqual(['收入总表', '国有资本经营预算支出表']);
    expect(report.findings.filter((f) => f.check !== 'narrative' && f.check !== 'required-tables')).toEqual([]);
    expect(report.summary.notCheckedCells).toBe(0);
    expect(report.checks['three-public']!.passed).toBe(1);
  });

  it(
    "flags the text's 卫生健康支出 47.38 万元 (the table's 473,856.00 元 rounds to 47.39) as a tail adjustment, not " +
      'an error',
    () => {
      const narrative = report.findings.filter((f) => f.check === 'narrative');
      expect(narrative.map((f) => [f.severity, f.stated, f.expected, f.tags])).toEqual(
        Array(3).fill(['warning', '47.38 万元', '47.39 万元', ['tail-adjustment']]),
      );
    },
  );
});

describe.each(STYLES)('seed 002 湖州市信访局 2024 (%s markup)', (style) => {
  const { report } = auditFixture(`pages/huzhou-2024.${style}.html`);
  const info = rounding(report);

  it('has no errors, only rounding-level differences', () => {
    expect(budgetTables(report).map((t) => t.kind)).toEqual(HUZHOU_KINDS);
    expect(errors(report)).toEqual([]);
    expect(info.length).toBeGreaterThan(0);
    expect(info.every((f) => f.severity === 'info')).toBe(true);
  });

  it('事业单位离退休 2.03 + 0.11 against 2.13 is rounding (info), not an error', () => {
    const f = info.filter(
      (x) => x.check === 'row-totals' && x.stated === '2.13' && x.derivation.startsWith('2.03 + 0.11'),
    );
    // In the 支出总表 (总计 column) and the 一般公共预算支出表 (基本支出 小计).
    expect(f.length).toBe(2);
    for (const x of f) expect(x.expected).toBe('2.14');
  });

  it('964.49 + 74.36 + 7.14 against 1,045.98 is rounding (info)', () => {
    const f = info.find((x) => x.stated === '1,045.98' && x.derivation.startsWith('964.49 + 74.36 + 7.14'));
    expect(f).toBeDefined();
    expect(f!.check).toBe('column-totals');
    expect(f!.expected).toBe('1,045.99');
  });
});

describe('one changed amount is caught as an error at that cell', () => {
  it.each(STYLES)('%s: 表5 行政运行 合计 1,797.02 → 1,797.20', (style) => {
    const html = fixture(`pages/hangzhou-2024.${style}.html`);
    const original = auditHtml(html).doc;
    const gpb = original.tables.find((t) => t.kind === 'gpb-expenditure')!;
    const row = gpb.rows.find((r) => r.label.includes('行政运行'))!;
    const cell = row.values.get(gpb.columns.find((c) => c.role === 'amount')!.index)!;
    expect(cell.raw).toBe('1,797.02');
    const { report } = auditWithCellChanged(html, cell.addr, '1,797.20');
    // The page's own slip in its text (增长9.1%) is there before and after the change.
    const before = new Set(errors(auditHtml(html).report).map((e) => e.derivation));
    const errs = errors(report).filter((e) => !before.has(e.derivation));
    // One finding at the changed cell, with what it should be, and every relation that points at it.
    expect(errs).toHaveLength(1);
    const e = errs[0]!;
    expect(key(e.cells[0]!)).toBe(key(cell.addr));
    expect(e.stated).toBe('1,797.20');
    expect(e.expected).toBe('1,797.02');
    expect(e.message.zh).toContain('应为 1,797.02');
    expect(relationChecks(e)).toEqual(expect.arrayContaining(['row-totals', 'hierarchy', 'cross-table']));
    expect(relationOf(e, 'row-totals')).toMatchObject({ stated: '1,797.20', expected: '1,797.02' });
  });
});

describe('a 元 table read as 万元 is caught as a unit slip', () => {
  it('Shaoxing 2021 with its 支出总表 labelled 万元', () => {
    const html = fixture('pages/shaoxing-2021.clean.html');
    const at = html.indexOf('2021年市级部门支出预算总表');
    const unitAt = html.indexOf('元', html.indexOf('单位', at));
    const mislabelled = html.slice(0, unitAt) + '万元' + html.slice(unitAt + 1);
    const { report } = auditHtml(mislabelled);
    const table = report.tables.find((t) => t.kind === 'expenditure')!;
    expect(table.unit).toBe('万元');
    const slips = report.findings.filter((f) => f.tags?.includes('unit-slip'));
    expect(slips.length).toBeGreaterThan(0);
    expect(slips.every((f) => f.severity === 'error' && f.check === 'cross-table')).toBe(true);
    expect(slips.some((f) => f.table === table.index)).toBe(true);
    expect(slips[0]!.message.zh).toContain('单位');
    // Inside the table itself the arithmetic still holds: only the unit is wrong.
    expect(report.findings.filter((f) => f.table === table.index && f.check !== 'cross-table')).toEqual([]);
  });
});
