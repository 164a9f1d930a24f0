import { describe, expect, it } from 'vitest';
import { auditFixture, auditWithCellChanged, errors, fixture, key, relationChecks, relationOf } from '../helpers';

const dataRows = (path: string, table = 0) => auditFixture(path).doc.tables[table]!.rows;

describe('subject codes', () => {
  it('split over 类|款|项 columns, with 款/项 printed alone under their 类', () => {
    const { doc, report } = auditFixture('synthetic/codes-split.html');
    const rows = doc.tables[0]!.rows.filter((r) => r.kind !== 'total');
    expect(rows.map((r) => r.code)).toEqual([
      '201',
      '20103',
      '2010301',
      '2010302',
      '2010350',
      '208',
      '20805',
      '2080505',
      '2080506',
    ]);
    expect(new Set(rows.map((r) => r.treeSource))).toEqual(new Set(['split-code']));
    expect(rows.map((r) => r.level)).toEqual([1, 2, 3, 3, 3, 1, 2, 3, 3]);
    expect(report.findings).toEqual([]);
    expect(report.checks.hierarchy!.passed).toBeGreaterThan(0);
  });

  it('abbreviated: "03" under "201" stands for 20103, "01" under it for 2010301', () => {
    const rows = dataRows('synthetic/codes-abbreviated.html').filter((r) => r.kind !== 'total');
    expect(rows.map((r) => r.code)).toEqual([
      '201',
      '20103',
      '2010301',
      '2010302',
      '210',
      '21011',
      '2101101',
      '221',
      '22102',
      '2210201',
      '2210203',
    ]);
    expect(rows.filter((r) => r.treeSource === 'abbreviated-code')).toHaveLength(8);
  });

  it('a wrong 项 under an abbreviated code is an error at that cell', () => {
    const html = fixture('synthetic/codes-abbreviated.html');
    const { doc } = auditFixture('synthetic/codes-abbreviated.html');
    const row = doc.tables[0]!.rows.find((r) => r.label === '住房公积金')!;
    const cell = row.values.get(2)!;
    const { report } = auditWithCellChanged(html, cell.addr, '70.00');
    // One finding at the changed cell: its row total and its parent both point at it, and say what it should be.
    const errs = errors(report);
    expect(errs).toHaveLength(1);
    expect(key(errs[0]!.cells[0]!)).toBe(key(cell.addr));
    expect(relationChecks(errs[0]!)).toEqual(['hierarchy', 'row-totals']);
    expect(errs[0]!).toMatchObject({ stated: '70.00', expected: '60.00' });
    expect(relationOf(errs[0]!, 'hierarchy')!.derivation).toBe('70.00 + 40.00 = 110.00; 100.00 ≠ 110.00');
  });
});

describe('unit rows mixed with subject rows', () => {
  const { doc, report } = auditFixture('synthetic/units-mixed.html');
  const rows = doc.tables[0]!.rows;
  it("places the department, its units and each unit's subjects in one tree", () => {
    const unit = (label: string) => rows.findIndex((r) => r.label === label);
    expect(rows[unit('湖南省信访局')]!.kind).toBe('unit');
    expect(rows[unit('湖南省信访局本级')]!.parent).toBe(unit('湖南省信访局'));
    expect(rows[unit('湖南省信访服务中心')]!.parent).toBe(unit('湖南省信访局'));
    const second201 = rows.findIndex((r, i) => r.code === '201' && i > unit('湖南省信访服务中心'));
    expect(rows[second201]!.parent).toBe(unit('湖南省信访服务中心'));
    expect(rows[second201]!.treeSource).toBe('code');
  });
  it('checks unit rows = Σ their subjects, department = Σ units, with no finding', () => {
    expect(report.findings).toEqual([]);
    expect(report.tables[0]!.status).toBe('checked');
  });
});

describe('trees without codes', () => {
  it('from indentation (full-width spaces), with 其中 as a part, not a term', () => {
    const { doc, report } = auditFixture('synthetic/indent-tree.html');
    const rows = doc.tables[0]!.rows;
    expect(rows.filter((r) => r.kind !== 'total').map((r) => [r.label, r.level])).toEqual([
      ['运转类项目', 1],
      ['信息系统运维', 2],
      ['办公场所物业', 2],
      ['特定目标类项目', 1],
      ['专项调研', 2],
      ['宣传活动', 2],
      ['其中：线上宣传', 3],
    ]);
    expect(rows.find((r) => r.label.startsWith('其中'))!.partOf).toBe(true);
    expect(report.findings).toEqual([]);
    // The 备注 column is text, never summed.
    expect(doc.tables[0]!.columns.map((c) => c.role)).toEqual(['name', 'amount', 'text']);
  });

  it('an "of which" line larger than its parent is an error', () => {
    const { doc } = auditFixture('synthetic/indent-tree.html');
    const part = doc.tables[0]!.rows.find((r) => r.label.startsWith('其中'))!;
    const { report } = auditWithCellChanged(fixture('synthetic/indent-tree.html'), part.values.get(1)!.addr, '65.00');
    const e = errors(report);
    expect(e).toHaveLength(1);
    expect(e[0]!.check).toBe('hierarchy');
    expect(e[0]!.derivation).toContain('60.00 < 65.00');
  });

  it('from the national classification names (杭州 prints no codes)', () => {
    const { doc } = auditFixture('pages/hangzhou-2024.clean.html');
    const t = doc.tables.find((x) => x.kind === 'expenditure')!;
    const byLabel = (l: string) => t.rows.find((r) => r.label === l)!;
    expect(byLabel('一般公共服务支出').level).toBe(1);
    expect(byLabel('政府办公厅（室）及相关机构事务').level).toBe(2);
    expect(byLabel('行政运行').level).toBe(3);
    // 信访事务 is a 款 since 2024 and a 项 before: placed where the amounts agree.
    expect(byLabel('信访事务').level).toBe(2);
    expect(byLabel('信访事务').treeSource).toBe('amounts');
    const sx = auditFixture('pages/shaoxing-2021.clean.html').doc.tables[0]!;
    expect(sx.rows.find((r) => r.label === '信访事务')!.level).toBe(3);
  });
});

describe('two-sided tables', () => {
  it('four column pairs are four lists; every expenditure side balances income', () => {
    const { doc, report } = auditFixture('synthetic/two-sided-four.html');
    const t = doc.tables[0]!;
    expect(t.sides).toBe(4);
    expect(t.columns.map((c) => c.side)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(report.findings).toEqual([]);
    expect(report.checks.balance!.passed).toBe(3);
  });

  it('an expenditure side that does not balance is an error on its total', () => {
    const { doc } = auditFixture('synthetic/two-sided-four.html');
    const t = doc.tables[0]!;
    const total = t.rows.find((r) => r.side === 2 && r.kind === 'grand-total')!;
    const cell = total.values.get(5)!;
    const { report } = auditWithCellChanged(fixture('synthetic/two-sided-four.html'), cell.addr, '1,010.00');
    const balance = errors(report).filter((e) => relationChecks(e).includes('balance'));
    expect(balance).toHaveLength(1);
    expect(key(balance[0]!.cells[0]!)).toBe(key(cell.addr));
    expect(balance[0]!.stated).toBe('1,010.00');
  });
});

describe('a table continued after a page break, and 元 / 万元 in one document', () => {
  const { doc, report } = auditFixture('synthetic/continued-mixed-units.html');
  it('merges the 续 table into the one it continues; rows keep their own DOM addresses', () => {
    const t = doc.tables.find((x) => x.kind === 'expenditure')!;
    expect(t.domTables).toEqual([1, 2]);
    expect(t.rows.filter((r) => r.values.get(2)?.addr.table === 2).map((r) => r.code)).toEqual([
      '2010302',
      '210',
      '21011',
      '2101101',
    ]);
  });
  it("reads each table's own unit and compares across units exactly", () => {
    expect(doc.tables.map((t) => [t.unit.name, t.unit.source])).toEqual([
      ['万元', 'table-caption'],
      ['元', 'table-caption'],
    ]);
    expect(report.findings).toEqual([]);
    expect(report.checks['cross-table']!.passed).toBeGreaterThanOrEqual(2);
  });
});

describe('empty, layout and metadata tables', () => {
  const { report } = auditFixture('synthetic/empty-and-layout.html');
  it('skips 索引号 metadata and layout tables, reports empty tables as empty', () => {
    expect(report.tables.map((t) => [t.index, t.kind, t.status])).toEqual([
      [0, 'layout', 'not-budget'],
      [1, 'layout', 'not-budget'],
      [2, 'gov-fund', 'empty'],
      [3, 'soe-capital', 'empty'],
    ]);
    expect(report.tables[3]!.note).toContain('故为空表');
    expect(report.findings).toEqual([]);
  });

  it('a table without a title, a kind in its header or any figure (a breadcrumb, links) is no budget table', () => {
    // The page's title says 预算; its breadcrumb and footer tables print no figure: no bar, not counted.
    const { report: r } = auditFixture('synthetic/positioned-print.html');
    expect(r.tables.filter((t) => t.index !== 2).map((t) => [t.index, t.kind, t.status])).toEqual([
      [0, 'unknown', 'not-budget'],
      [1, 'unknown', 'not-budget'],
    ]);
    expect(r.summary.budgetTables).toBe(1);
  });
});

describe('number formats', () => {
  const { doc, report } = auditFixture('synthetic/number-formats.html');
  const t = doc.tables[0]!;
  it('reads full-width digits, （12.50）, △12.50, −12.50 and dashes as empty', () => {
    const values = t.rows.map((r) => [...r.values.values()].slice(0, 3).map((v) => v.amount?.value.toFixed(2) ?? ''));
    expect(values[0]).toEqual(['8149.47', '3169.18', '4980.29']);
    expect(values[3]).toEqual(['3181.68', '3181.68', '']);
    expect(values[5]).toEqual(['-12.50', '', '-12.50']);
    expect(values[8]).toEqual(['-12.50', '-12.50', '']);
  });
  it('checks the amounts, and reports the 占比 column as not checked rather than passed', () => {
    expect(report.findings).toEqual([]);
    expect(t.columns[4]!.role).toBe('share');
    expect(report.tables[0]!.status).toBe('partly-checked');
    expect(report.notChecked.some((n) => n.reason.zh.includes('占比') && n.cells.length === 9)).toBe(true);
  });
});

describe('one table per unit', () => {
  it('tables of different units with the same title are neither merged nor compared with each other', () => {
    const { doc, report } = auditFixture('synthetic/per-unit-tables.html');
    expect(doc.tables.map((t) => [t.domTables.length, t.department])).toEqual([
      [1, '某市某局本级'],
      [1, '某市某事务中心'],
    ]);
    expect(report.findings).toEqual([]);
    expect(report.checks['cross-table']!.passed).toBe(0);
  });
});

describe('the demonstration page with one printing slip', () => {
  it('reports exactly that cell: its row total and its place in the hierarchy, nothing else', () => {
    const { doc, report } = auditFixture('synthetic/printing-slip.html');
    const row = doc.tables[0]!.rows.find((r) => r.label === '行政运行')!;
    const slip = row.values.get(1)!;
    expect(slip.raw).toBe('1,797.20');
    const errs = errors(report);
    expect(errs).toHaveLength(1);
    expect(key(errs[0]!.cells[0]!)).toBe(key(slip.addr));
    expect(relationChecks(errs[0]!)).toEqual(['hierarchy', 'row-totals']);
    expect(errs[0]!).toMatchObject({ stated: '1,797.20', expected: '1,797.02' });
    expect(relationOf(errs[0]!, 'row-totals')).toMatchObject({ stated: '1,797.20', expected: '1,797.02' });
    expect(report.findings.filter((f) => f.severity !== 'error')).toEqual([]);
  });
});

describe('基本支出 in panels (HTML)', () => {
  it('人员经费 | 公用经费 wrapped over two column groups: each panel closes with its own total, nothing fails', () => {
    const { doc, report } = auditFixture('synthetic/basic-panels.html');
    const t = doc.tables[0]!;
    expect(t.rows.filter((r) => r.kind === 'total').map((r) => r.label)).toEqual(['人员经费合计', '公用经费合计']);
    expect(t.rows.find((r) => r.code === '310')!.side).toBe(t.rows.find((r) => r.code === '302')!.side);
    expect(report.findings).toEqual([]);
    expect(report.checks['column-totals']!.passed).toBeGreaterThanOrEqual(2);
  });

  it('a wrong figure in the right-hand group is caught at that cell', () => {
    const html = fixture('synthetic/basic-panels.html');
    const { doc } = auditFixture('synthetic/basic-panels.html');
    const cell = doc.tables[0]!.rows.find((r) => r.code === '31002')!
      .values.values()
      .next().value!;
    const { report } = auditWithCellChanged(html, cell.addr, '25.00');
    const errs = errors(report);
    expect(errs.length).toBeGreaterThan(0);
    for (const e of errs) expect(e.cells.map(key)).toContain(key(cell.addr));
  });
});
