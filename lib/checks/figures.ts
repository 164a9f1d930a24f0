import { isTotalRow as isTotal, type BudgetRow, type BudgetTable, type TableKind, type ValueCell } from '../model';
import { lookupSubject, normalizeSubjectName } from '../classification';
import { isTotalColumnLabel, squash } from '../parse/labels';
import { rowHasAmount } from './compare';

/** Which money a table speaks of: all funds ⊇ 财政拨款 (fiscal) ⊇ 一般公共预算 (gpb). */
export type Scope = 'all' | 'fiscal' | 'gpb';

export interface Figure {
  readonly key: string;
  readonly label: string;
  readonly scope: Scope;
  readonly table: BudgetTable;
  readonly cell: ValueCell;
}

const SCOPE: Partial<Record<TableKind, Scope>> = {
  'income-expenditure': 'all',
  income: 'all',
  expenditure: 'all',
  'fiscal-income-expenditure': 'fiscal',
  'gpb-expenditure': 'gpb',
  'gpb-basic': 'gpb',
  'three-public': 'gpb',
};

/**
 * Tables about one kind of spending (机关运行经费, 政府采购, 专项业务经费, 会议费 and 培训费 beside 三公, 政府性基金 or 国有资本经营,
 * 财政专户): their 合计 is that spending's total, not the department's, so they offer no figure to the others.
 */
const SPECIAL_PURPOSE =
  /机关运行经费|政府采购|国有资产|政府性基金|国有资本经营|财政专户|专户管理|资产|绩效|转移支付|专项业务经费/u;

/**
 * The money a table speaks of. The title decides where it names it (财政拨款支出表 is 财政拨款 even when the engine
 * reads its kind as an expenditure table; 部门预算基本支出表 is all funds); else the table's kind.
 */
export function scopeOf(table: BudgetTable): Scope | undefined {
  const title = squash(table.title);
  if (table.kind !== 'three-public' && SPECIAL_PURPOSE.test(title)) return undefined;
  if (table.kind === 'project') return /财政拨款|一般公共预算/u.test(title) ? 'fiscal' : 'all';
  const byKind = SCOPE[table.kind];
  if (!byKind || !title) return byKind;
  if (/一般公共预算/u.test(title)) return 'gpb';
  if (/财政拨款/u.test(title)) return 'fiscal';
  if (table.kind === 'three-public') return byKind;
  if (/部门|单位|收支总|收入总|支出总/u.test(title)) return 'all';
  // "基本支出预算情况表" names no fund: its 基本支出 is the department's, all funds (at least the 一般公共预算 one).
  if (table.kind === 'gpb-basic') return 'all';
  return byKind;
}

/** Columns of budgeted figures inside a 决算 table (年初预算数, 调整预算数): never the outturn's main figure. */
const BUDGET_COLUMN = /年初预算|调整预算|全年预算|预算数/u;

/** The table's main amount column on a side: its top-level total (合计/总计), else its first amount column. */
export function mainColumn(table: BudgetTable, side = 0): number | undefined {
  const all = table.columns.filter((c) => c.side === side && c.role === 'amount');
  // A 决算 table that prints the budget beside the outturn: the outturn columns are its figures.
  const outturn = all.filter((c) => !BUDGET_COLUMN.test(squash(c.path.join('/'))));
  const cols = all.some((c) => /决算/u.test(squash(c.path.join('/')))) && outturn.length > 0 ? outturn : all;
  // A top-level "支出总计" / "收入合计" column comes before a 小计 under some other heading (政府采购项目 / 小计).
  const top =
    cols.find((c) => c.path.length > 0 && isTotalColumnLabel(c.path[0]!)) ??
    cols.find((c) => c.path.length === 1 && /(?:总计|合计)$/u.test(squash(c.path[0]!))) ??
    cols.find((c) => isTotalColumnLabel(c.path[c.path.length - 1] ?? ''));
  return (top ?? cols[0])?.index;
}

/** A column whose header path mentions a word, e.g. 人员 → 人员经费 / 人员支出. */
function columnMatching(table: BudgetTable, re: RegExp, side = 0): number | undefined {
  return table.columns.find((c) => c.side === side && c.role === 'amount' && re.test(squash(c.path.join('/'))))?.index;
}

/** Resolves a name-only function row to its code through its ancestors' names. */
function subjectKey(rows: readonly BudgetRow[], row: BudgetRow): string | undefined {
  if (row.code && /^2\d{2}(?:\d{2}){0,2}$/u.test(row.code)) return `fn:${row.code}`;
  const chain: BudgetRow[] = [];
  for (let r: BudgetRow | undefined = row; r; r = r.parent >= 0 ? rows[r.parent] : undefined) {
    if (r.kind === 'unit' || isTotal(r)) break;
    chain.unshift(r);
  }
  let prefix = '';
  for (const r of chain) {
    const name = normalizeSubjectName(r.label);
    const level = prefix.length === 0 ? 1 : prefix.length === 3 ? 2 : 3;
    const found = lookupSubject(name, 'function').filter((s) => s.level === level && s.code.startsWith(prefix));
    if (found.length !== 1) return `fn-name:${chain.map((c) => normalizeSubjectName(c.label)).join('/')}`;
    prefix = found[0]!.code;
  }
  return prefix ? `fn:${prefix}` : undefined;
}

/** A panel's own total (人员经费合计 | 公用经费合计 side by side): the total of a part, never of the table. */
const PANEL_TOTAL = /^(?:人员经费|公用经费|人员支出|公用支出)(?:合计|小计)$/u;

function firstTotal(table: BudgetTable, side = 0): BudgetRow | undefined {
  const whole = (r: BudgetRow): boolean => r.side === side && !PANEL_TOTAL.test(squash(r.label));
  const found =
    table.rows.find((r) => whole(r) && r.kind === 'total') ?? table.rows.find((r) => whole(r) && isTotal(r));
  // A table printed in panels with no total of its own offers no table-wide figure.
  if (!found && table.rows.some((r) => r.side === side && isTotal(r))) return undefined;
  return found;
}

const figureCache = new WeakMap<BudgetTable, Figure[]>();

/** Named figures every table of a page offers for comparison with the others (computed once per table). */
export function figuresOf(table: BudgetTable): Figure[] {
  let figures = figureCache.get(table);
  if (!figures) figureCache.set(table, (figures = computeFigures(table)));
  return figures;
}

function computeFigures(table: BudgetTable): Figure[] {
  const scope = scopeOf(table);
  if (!scope || table.empty) return [];
  const out: Figure[] = [];
  const add = (key: string, label: string, row: BudgetRow | undefined, col: number | undefined): void => {
    if (!row || col === undefined) return;
    const cell = row.values.get(col);
    if (cell) out.push({ key, label, scope, table, cell });
  };
  const subjects = (side: number, col: number | undefined): void => {
    const rows = table.rows;
    for (const row of rows) {
      if (row.side !== side || isTotal(row) || !rowHasAmount(row) || table.classification !== 'function') continue;
      const key = subjectKey(rows, row);
      if (key) add(key, row.label, row, col);
    }
  };
  switch (table.kind) {
    case 'income-expenditure':
    case 'fiscal-income-expenditure': {
      const inCol = mainColumn(table, 0);
      const outSide = table.sides > 1 ? 1 : 0;
      const outCol = mainColumn(table, outSide);
      const inRows = table.rows.filter((r) => r.side === 0);
      const outRows = table.rows.filter((r) => r.side === outSide);
      add(
        'income-grand-total',
        '收入总计',
        inRows.find((r) => r.kind === 'grand-total'),
        inCol,
      );
      add(
        'expenditure-this-year',
        '本年支出合计',
        outRows.find((r) => r.kind === 'total' && /本年/u.test(r.label)),
        outCol,
      );
      add(
        'gpb-income',
        '一般公共预算收入',
        inRows.find((r) =>
          /^(?:其中[:：])?(?:[（(]?[一二三1-9][)）、.]?)?一般公共预算(?:拨款)?(?:收入)?$/u.test(squash(r.label)),
        ),
        inCol,
      );
      if (table.classification === 'function' || outRows.some((r) => r.code)) subjects(outSide, outCol);
      else {
        // Two-sided tables rarely print codes: name the subjects through the classification.
        for (const row of outRows) {
          if (isTotal(row) || !rowHasAmount(row)) continue;
          const key = subjectKey(table.rows, row);
          if (key?.startsWith('fn:')) add(key, row.label, row, outCol);
        }
      }
      break;
    }
    case 'income': {
      const total = firstTotal(table);
      add('income-grand-total', '收入合计', total, mainColumn(table));
      add('gpb-income', '一般公共预算收入', total, columnMatching(table, /本年收入\/一般公共预算|^一般公共预算/u));
      break;
    }
    case 'expenditure':
    case 'gpb-expenditure': {
      const col = mainColumn(table);
      const total = firstTotal(table);
      add('expenditure-this-year', '支出合计', total, col);
      const basic = columnMatching(table, /基本支出\/(?:小计|合计)$/u);
      add('basic', '基本支出', total, basic);
      add('personnel', '人员经费', total, columnMatching(table, /人员/u));
      add('public', '公用经费', total, columnMatching(table, /公用/u));
      add('project', '项目支出', total, columnMatching(table, /项目支出/u));
      subjects(0, col);
      break;
    }
    case 'gpb-basic': {
      const total = firstTotal(table);
      add('basic', '基本支出', total, mainColumn(table));
      add('personnel', '人员经费', total, columnMatching(table, /人员/u));
      add('public', '公用经费', total, columnMatching(table, /公用/u));
      const col = mainColumn(table);
      for (const row of table.rows) {
        const name = normalizeSubjectName(row.label);
        if (row.code === '30217' || name === '公务接待费') add('econ:30217', '公务接待费', row, col);
        if (row.code === '30231' || name === '公务用车运行维护费') add('econ:30231', '公务用车运行维护费', row, col);
        if (row.code === '30212' || /^因公出国（境）费用?$/u.test(name))
          add('econ:30212', '因公出国（境）费用', row, col);
      }
      break;
    }
    case 'three-public': {
      const total = firstTotal(table);
      add('three-public', '"三公"经费', total, mainColumn(table));
      add('three:reception', '公务接待费', total, columnMatching(table, /接待/u));
      add('three:car-running', '公务用车运行维护费', total, columnMatching(table, /运行(?:维护)?费/u));
      add('three:abroad', '因公出国（境）费用', total, columnMatching(table, /出国/u));
      break;
    }
    case 'project': {
      const total = firstTotal(table);
      add('project', '项目支出', total, mainColumn(table));
      break;
    }
    default:
      break;
  }
  return out;
}
