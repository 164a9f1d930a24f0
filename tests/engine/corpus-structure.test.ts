import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPage } from '../../cli/load';
import { auditSource, type AuditReport } from '../../lib/audit';
import type { BudgetDocument, BudgetTable } from '../../lib/model';
import { relationChecks } from '../helpers';
import { CORPUS } from '../corpus/load';

// Real disclosures (../shared/corpus): the structure of their tables read so that the document's own sums hold.
const cache = new Map<string, Promise<{ doc: BudgetDocument; report: AuditReport }>>();
function audit(file: string): Promise<{ doc: BudgetDocument; report: AuditReport }> {
  let p = cache.get(file);
  if (!p) {
    p = loadPage(join(CORPUS, file)).then((page) => {
      if (!page.doc) throw new Error(`${file} has no text`);
      return { doc: page.doc, report: page.report };
    });
    cache.set(file, p);
  }
  return p;
}
const structural = new Set(['row-totals', 'column-totals', 'hierarchy', 'balance']);
/** Error findings of the structural checks on one table. */
const structuralErrors = (report: AuditReport, table: BudgetTable) =>
  report.findings.filter((f) => f.severity === 'error' && structural.has(f.check) && f.table === table.index);
const byTitle = (doc: BudgetDocument, title: RegExp, n = 0) => doc.tables.filter((t) => title.test(t.title))[n]!;

describe('a code split over 类|款|项 columns whose labels sit beside 合计 (普陀区财政局 2024 决算)', () => {
  const file = 'shanghai-putuo-caizhengju-2024-juesuan.pdf';
  it.each([/^收入决算表/u, /^支出决算表/u])(
    '%s: 201 / 20106 / 2010601 is one branch, the 合计 row holds',
    async (title) => {
      const { doc, report } = await audit(file);
      const t = byTitle(doc, title);
      const rows = t.rows.filter((r) => r.kind === 'subject');
      expect(rows.slice(0, 3).map((r) => [r.code, r.level, r.treeSource])).toEqual([
        ['201', 1, 'split-code'],
        ['20106', 2, 'split-code'],
        ['2010601', 3, 'split-code'],
      ]);
      expect(t.rows[0]!.kind).toBe('total');
      expect(structuralErrors(report, t)).toEqual([]);
      expect(report.checks['column-totals']!.passed).toBeGreaterThan(0);
    },
  );
});

describe('a department followed by its own office under the same name (杭州市气象局 2026)', () => {
  it("the second 杭州市气象局 and the 服务中心 are the department's units; 合计 = the department", async () => {
    const { doc, report } = await audit('hangzhou-qixiangju-2026-yusuan.pdf');
    const t = byTitle(doc, /收入预算总表/u);
    const units = t.rows.filter((r) => r.kind === 'unit');
    expect(units.map((r) => r.level)).toEqual([1, 2, 2]);
    expect(units[1]!.parent).toBe(t.rows.indexOf(units[0]!));
    expect(structuralErrors(report, t)).toEqual([]);
  });
});

describe('基本支出 tables by economic class in panels (人员经费 | 公用经费)', () => {
  it('each panel closes with its own 合计, read as a total, not as a child of the last subject (普陀区财政局)', async () => {
    const { doc, report } = await audit('shanghai-putuo-caizhengju-2024-juesuan.pdf');
    const t = byTitle(doc, /基本支出决算表/u);
    const totals = t.rows.filter((r) => r.kind === 'total');
    expect(totals.map((r) => [r.label, r.level])).toEqual([
      ['人员经费合计', 0],
      ['公用经费合计', 0],
    ]);
    expect(t.rows.find((r) => r.code === '303')!.level).toBe(1);
    expect(structuralErrors(report, t)).toEqual([]);
    expect(report.tables.find((s) => s.index === t.index)!.passed).toBeGreaterThanOrEqual(4);
  });

  it('a panel wrapped into two column groups under one header is one list (国家信访局 2024 决算)', async () => {
    const { doc, report } = await audit('national-xinfangju-2024-juesuan.pdf');
    const t = byTitle(doc, /基本支出决算表/u);
    const public_ = t.rows.filter((r) => r.side === 1 && r.level === 1).map((r) => r.code);
    expect(public_).toEqual(['302', '307', '310', '399']);
    const total = t.rows.find((r) => r.label === '公用经费合计')!;
    expect(total.side).toBe(1);
    expect(structuralErrors(report, t)).toEqual([]);
    // The two panels do not balance each other: they are not 收入 | 支出.
    expect(report.findings.filter((f) => f.table === t.index && f.check === 'balance')).toEqual([]);
  });
});

describe('tables of scores and indicators are not budget sums (国家信访局 2024 决算)', () => {
  it('the 绩效自评表 and the 评价得分表 are not summed: no row read, no finding, the reason given', async () => {
    const { doc, report } = await audit('national-xinfangju-2024-juesuan.pdf');
    const scored = doc.tables.filter((t) => /绩效自评表|得分情况表/u.test(t.title));
    expect(scored.length).toBeGreaterThanOrEqual(4);
    for (const t of scored) {
      expect(t.notSummed?.zh, t.title).toMatch(/不作加总核对/u);
      expect(t.rows).toEqual([]);
      expect(report.findings.filter((f) => f.table === t.index)).toEqual([]);
    }
  });

  it(
    'a header that reads as data only from its second cell on is still a header (本年支出 over 小计 | 基本支出 | ' +
      '项目支出)',
    async () => {
      const { doc, report } = await audit('national-xinfangju-2024-juesuan.pdf');
      const t = byTitle(doc, /^一般公共预算财政拨款支出决算表/u);
      expect(t.columns.slice(2).map((c) => c.path.join('/'))).toEqual([
        '本年支出/小计',
        '本年支出/基本支出',
        '本年支出/项目支出',
      ]);
      expect(t.rows[0]!.label).toBe('合计');
      expect(structuralErrors(report, t)).toEqual([]);
    },
  );
});

describe('江苏 2017/2019 预算: subtotals, groups and item lists', () => {
  it.each(['jiangsu-jianchayuan-2017-yusuan.pdf', 'jiangsu-zhengxie-2019-yusuan-tables.pdf'])(
    '%s 收支预算总表: 当年收入小计 closes the sources, 收入合计 = 当年收入小计 + 上年结转资金',
    async (file) => {
      const { doc, report } = await audit(file);
      const t = byTitle(doc, /收支预算总表/u);
      expect(t.rows.filter((r) => /^当年(?:收入|支出)小计$/u.test(r.label)).every((r) => r.kind === 'total')).toBe(
        true,
      );
      expect(t.rows.find((r) => r.label === '上年结转资金')!.parent).toBe(-1);
      expect(structuralErrors(report, t)).toEqual([]);
    },
  );

  it('收入预算总表: a group label spanning its rows, its 小计 line is the group, the members its children', async () => {
    const { doc, report } = await audit('jiangsu-jianchayuan-2017-yusuan.pdf');
    const t = byTitle(doc, /收入预算总表/u);
    const head = t.rows.findIndex((r) => r.label === '其他资金 / 小计');
    expect(t.rows[head]!.kind).not.toBe('total');
    expect(t.rows.filter((r) => r.parent === head).map((r) => r.label)).toContain('其他资金 / 其他收入');
    expect(structuralErrors(report, t)).toEqual([]);
  });

  it.each(['jiangsu-jianchayuan-2017-yusuan.pdf', 'jiangsu-zhengxie-2019-yusuan-tables.pdf'])(
    '%s 政府采购预算表: depth from the name column a label stands in (大类 | 专项·经济科目 | 物品)',
    async (file) => {
      const { doc, report } = await audit(file);
      const t = byTitle(doc, /政府采购/u);
      const goods = t.rows.findIndex((r) => /^一、货物/u.test(r.label));
      expect(t.rows[goods]!.level).toBe(1);
      const kids = t.rows.filter((r) => r.parent === goods);
      expect(kids.length).toBeGreaterThan(1);
      expect(kids.every((r) => r.level === 2)).toBe(true);
      expect(t.rows.filter((r) => r.level === 3).length).toBeGreaterThan(3);
      expect(structuralErrors(report, t)).toEqual([]);
      expect(report.tables.find((s) => s.index === t.index)!.passed).toBeGreaterThan(5);
    },
  );
});

describe('a table no reading of the rows explains', () => {
  it(
    'is in doubt: its totals and hierarchy are not checked, ' + 'nothing is called an error, the reason is given',
    async () => {
      const { doc, report } = await audit('beijing-sifaju-2026-yusuan-tables.pdf');
      const t = byTitle(doc, /政府购买服务明细表/u);
      expect(t.structureDoubt?.zh).toMatch(/未能可靠识别/u);
      expect(report.findings.filter((f) => f.table === t.index && f.severity === 'error')).toEqual([]);
      expect(report.notChecked.some((n) => n.table === t.index && /未能可靠识别/u.test(n.reason.zh))).toBe(true);
    },
  );
});

describe('a one-amount change in a clean table of a real PDF', () => {
  it('is caught at its cell (普陀区财政局 支出决算表, split codes: 2010601 行政运行 基本支出 1,503.52 → 1,503.25)', async () => {
    const page = await loadPage(join(CORPUS, 'shanghai-putuo-caizhengju-2024-juesuan.pdf'));
    const source = page.pdf!.source;
    const { doc } = auditSource(source);
    const t = byTitle(doc, /^支出决算表/u);
    const row = t.rows.find((r) => r.code === '2010601')!;
    const col = t.columns.find((c) => c.path.join('/') === '基本支出')!.index;
    const addr = row.values.get(col)!.addr;
    const blocks = source.blocks.map((b) => {
      if (b.kind !== 'table' || b.table.index !== addr.table) return b;
      const rows = b.table.rows.map((r, ri) =>
        ri !== addr.row ? r : { cells: r.cells.map((c, ci) => (ci === addr.cell ? { ...c, text: '1,503.25' } : c)) },
      );
      return { kind: 'table' as const, table: { ...b.table, rows } };
    });
    const { doc: changed, report } = auditSource({ ...source, blocks });
    const errs = report.findings.filter(
      (f) => f.severity === 'error' && relationChecks(f).some((c) => structural.has(c)),
    );
    // One finding at the changed cell, its relations (the hierarchy among them) pointing at it.
    expect(errs).toHaveLength(1);
    expect(errs[0]!.cells[0]).toEqual(addr);
    expect(errs[0]!.expected).toBe('1,503.52');
    expect(relationChecks(errs[0]!)).toContain('hierarchy');
    // One wrong figure leaves the structure understood.
    expect(byTitle(changed, /^支出决算表/u).structureDoubt).toBeUndefined();
  });
});

describe('totals over sub-columns and sections', () => {
  it('项目支出 {项目支出总数, 扣除基建项目后预算数}: only its own total is a term (北京市司法局 预算05表)', async () => {
    const { doc, report } = await audit('beijing-sifaju-2026-yusuan-tables.pdf');
    const t = byTitle(doc, /一般公共预算支出表/u);
    expect(structuralErrors(report, t)).toEqual([]);
    expect(report.tables.find((s) => s.index === t.index)!.passed).toBeGreaterThan(10);
  });

  it('"一、本年收入" at the top closes its (一)(二)(三), not 二、上年结转 (重庆市委宣传部 财政拨款收支总表)', async () => {
    const { doc, report } = await audit('chongqing-xuanchuanbu-2026-yusuan.pdf');
    const t = byTitle(doc, /财政拨款收支总体情况表/u);
    expect(structuralErrors(report, t)).toEqual([]);
  });
});

describe('a table continued over pages without its header (重庆市委宣传部 2026)', () => {
  it('the pages of bare rows are merged into the table: 合计 = Σ 类 over all pages', async () => {
    const { doc, report } = await audit('chongqing-xuanchuanbu-2026-yusuan.pdf');
    const t = byTitle(doc, /单位收入总体情况表/u);
    // The PDF reader joins the pages into one table (lib/pdf/tables/continuation.ts); either way every 类 is in it.
    expect(t.rows.filter((r) => r.level === 1).map((r) => r.code)).toEqual(
      expect.arrayContaining(['201', '205', '207', '208', '210']),
    );
    expect(structuralErrors(report, t)).toEqual([]);
  });

  it('a header row above a bold 合计 row of figures is read as the header', async () => {
    const { doc, report } = await audit('chongqing-xuanchuanbu-2026-yusuan.pdf');
    const t = byTitle(doc, /单位支出总体情况表/u);
    expect(t.columns.map((c) => c.path.join('/')).slice(2)).toEqual(['总计', '基本支出', '项目支出']);
    expect(t.rows[0]!.kind).toBe('total');
    expect(structuralErrors(report, t)).toEqual([]);
  });
});

describe('珠海市商务局 2026: 其中 lists and project lists', () => {
  it('"小计 | 其中：基本支出 | 项目支出": the parts after 其中 are checked against the 小计 (at most it)', async () => {
    const { doc, report } = await audit('zhuhai-shangwuju-2026-yusuan.pdf');
    const t = byTitle(doc, /一般公共预算支出情况表（按功能分类科目）/u);
    expect(structuralErrors(report, t)).toEqual([]);
    expect(report.tables.find((s) => s.index === t.index)!.passed).toBeGreaterThan(10);
  });

  it('"其中：（一）… （二）… （三）…" are all parts of the row above', async () => {
    const { doc, report } = await audit('zhuhai-shangwuju-2026-yusuan.pdf');
    const t = byTitle(doc, /“三公”经费预算表/u);
    const three = t.rows.findIndex((r) => r.label === '“三公”经费');
    const parts = t.rows.filter((r) => r.parent === three);
    expect(parts.map((r) => r.partOf)).toEqual([true, true, true]);
    expect(structuralErrors(report, t)).toEqual([]);
  });

  it(
    'projects named after a year or after whom they pay ' + 'are items under the department, not units or codes',
    async () => {
      const { doc, report } = await audit('zhuhai-shangwuju-2026-yusuan.pdf');
      const t = byTitle(doc, /项目支出及其他支出预算表/u);
      const row = t.rows.find((r) => /^2026 ?年春节慰问金-拱北海关/u.test(r.label))!;
      expect(row.code).toBeUndefined();
      expect(row.kind).toBe('item');
      expect(t.rows.find((r) => r.label === '辅助人员补助经费-珠海边检总站')!.kind).toBe('item');
      expect(structuralErrors(report, t)).toEqual([]);
    },
  );
});

describe('西安市医疗保障局 2022: unit lists, item lists, quantities', () => {
  it('项目 list with unmarked sub-lines: an item followed by lines that add up to it heads them', async () => {
    const { doc, report } = await audit('xian-yibaoju-2022-yusuan.pdf');
    const t = byTitle(doc, /专项业务经费支出表/u);
    const head = t.rows.findIndex((r) => r.label === '委托咨询业务');
    expect(t.rows.filter((r) => r.parent === head).map((r) => r.label)).toContain('医疗保障基金使用监督检查');
    expect(structuralErrors(report, t)).toEqual([]);
  });

  it('政府采购 (表12): 数量 and 规格型号 are no amounts, 预算金额 is; the department then its same-name office', async () => {
    const { doc, report } = await audit('xian-yibaoju-2022-yusuan.pdf');
    const t = doc.tables.find((x) => x.columns.some((c) => c.path.join('/') === '数量'))!;
    const role = (label: string) => t.columns.find((c) => c.path.join('/') === label)!.role;
    expect([role('数量'), role('规格型号'), role('预算金额')]).toEqual(['text', 'text', 'amount']);
    const units = t.rows.filter((r) => r.kind === 'unit');
    expect(units[1]!.parent).toBe(t.rows.indexOf(units[0]!));
    expect(units.slice(1).every((u) => u.parent === t.rows.indexOf(units[0]!))).toBe(true);
    expect(structuralErrors(report, t)).toEqual([]);
  });
});

describe('more row and header layouts', () => {
  it('economic codes broken down once more (3010201 under 30102) are subjects, not units (重庆市委宣传部 基本支出)', async () => {
    const { doc, report } = await audit('chongqing-xuanchuanbu-2026-yusuan.pdf');
    const t = byTitle(doc, /一般公共预算基本支出情况表/u);
    const row = t.rows.find((r) => r.code === '3010201')!;
    expect([row.kind, row.level, t.rows[row.parent]!.code]).toEqual(['subject', 3, '30102']);
    expect(t.structureDoubt).toBeUndefined();
    expect(structuralErrors(report, t)).toEqual([]);
  });

  it('一、二、三、 again under 年初财政拨款结转和结余 are its parts (普陀区财政局 财政拨款收入支出决算总表)', async () => {
    const { doc, report } = await audit('shanghai-putuo-caizhengju-2024-juesuan.pdf');
    const t = byTitle(doc, /^财政拨款收入支出决算总表/u);
    const head = t.rows.findIndex((r) => r.label === '年初财政拨款结转和结余');
    expect(t.rows.filter((r) => r.parent === head)).toHaveLength(3);
    expect(t.structureDoubt).toBeUndefined();
    expect(structuralErrors(report, t)).toEqual([]);
  });

  it('"本年收入 | 本年支出" over "项目 | 预算数" is a header row (普陀区商务委 部门财务收支预算总表)', async () => {
    const { doc, report } = await audit('shanghai-putuo-shangwuwei-2025-yusuan.pdf');
    const t = byTitle(doc, /部门财务收支预算总表/u);
    expect(t.headerRows).toBe(2);
    expect(t.structureDoubt).toBeUndefined();
    expect(structuralErrors(report, t)).toEqual([]);
    expect(report.tables.find((s) => s.index === t.index)!.passed).toBeGreaterThan(0);
  });
});

describe('"三公"经费合计 beside 会议费 and 培训费 (无锡市教育局 2026)', () => {
  it('adds only 因公出国（境）, 公务用车 and 公务接待', async () => {
    const { doc, report } = await audit('wuxi-jiaoyuju-2026-yusuan.pdf');
    const t = byTitle(doc, /“三公”经费、会议费、培训费支出表/u);
    expect(structuralErrors(report, t)).toEqual([]);
    expect(report.tables.find((s) => s.index === t.index)!.passed).toBeGreaterThan(0);
  });
});
