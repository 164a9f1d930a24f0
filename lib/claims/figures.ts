import { normalizeSubjectName } from '../classification';
import { figuresOf, mainColumn, scopeOf } from '../checks/figures';
import { isTotalRow, type BudgetDocument, type BudgetRow, type BudgetTable, type ValueCell } from '../model';
import { squash } from '../parse/labels';
import type { SubjectRef } from './types';

/** A printed table figure a claim is compared with. */
export interface TableFigure {
  readonly table: BudgetTable;
  readonly cell: ValueCell;
  /** What it is, for derivations: "表 4「行政运行」". */
  readonly label: string;
}

interface Located {
  readonly row: BudgetRow;
  readonly col: number;
}

const budget = (t: BudgetTable): boolean => t.kind !== 'layout' && t.kind !== 'unknown' && !t.empty;

/** "#4「行政运行」": the table by its DOM index, as the command line shows tables. */
function describe(table: BudgetTable, what: string): string {
  return `#${table.index}${what}`;
}

/** The "三公" table's 公务用车购置及运行维护费 小计 and 购置费 columns (figures.ts names only the others). */
function threePublicExtras(table: BudgetTable): { key: string; label: string; cell: ValueCell }[] {
  const total = table.rows.find((r) => r.kind === 'total') ?? table.rows.find(isTotalRow);
  if (!total) return [];
  const out: { key: string; label: string; cell: ValueCell }[] = [];
  const amountCols = table.columns.filter((c) => c.role === 'amount');
  const car = amountCols.find((c) => /公务用车购置及运行/u.test(squash(c.path.join('/'))) && (c.path.length === 1 || /小计|合计/u.test(c.path[c.path.length - 1]!)));
  const running = amountCols.find((c) => c.path.length > 1 && /运行(?:维护)?费/u.test(squash(c.path[c.path.length - 1]!)) && !/购置/u.test(squash(c.path[c.path.length - 1]!)));
  const purchase = amountCols.find((c) => /购置费?$/u.test(squash(c.path[c.path.length - 1] ?? '')) && !/及运行/u.test(squash(c.path[c.path.length - 1] ?? '')));
  for (const [key, label, col] of [['three:car', '公务用车购置及运行维护费', car], ['three:car-purchase', '公务用车购置费', purchase], ['three:car-running', '公务用车运行维护费', running]] as const) {
    const cell = col ? total.values.get(col.index) : undefined;
    if (cell) out.push({ key, label, cell });
  }
  return out;
}

/**
 * The summary tables' 本年收入合计 and 支出总计 (figures.ts names 收入总计 and 本年支出合计): a text's 收入预算 may be
 * either income line, its 支出预算总计 either expenditure line (they differ by 上年结转 / 年终结转结余).
 */
function summaryExtras(table: BudgetTable): { key: string; label: string; cell: ValueCell }[] {
  const out: { key: string; label: string; cell: ValueCell }[] = [];
  const inCol = mainColumn(table, 0);
  const outSide = table.sides > 1 ? 1 : 0;
  const outCol = mainColumn(table, outSide);
  const income = table.rows.find((r) => r.side === 0 && r.kind === 'total');
  const spent = table.rows.find((r) => r.side === outSide && r.kind === 'grand-total');
  const a = income && inCol !== undefined ? income.values.get(inCol) : undefined;
  const b = spent && outCol !== undefined ? spent.values.get(outCol) : undefined;
  if (a && income) out.push({ key: 'income-this-year', label: income.label, cell: a });
  if (b && spent) out.push({ key: 'expenditure-grand-total', label: spent.label, cell: b });
  return out;
}

/** Every table figure a subject can stand for, in table order. */
export function figuresFor(doc: BudgetDocument, ref: SubjectRef): TableFigure[] {
  const tables = doc.tables.filter(budget);
  switch (ref.kind) {
    case 'none':
      return [];
    case 'figure': {
      const out: TableFigure[] = [];
      for (const t of tables) {
        if (ref.scope && scopeOf(t) !== ref.scope) continue;
        const extras = t.kind === 'three-public' ? threePublicExtras(t) : t.kind === 'income-expenditure' || t.kind === 'fiscal-income-expenditure' ? summaryExtras(t) : [];
        // figures.ts takes the first column matching 运行费 for three:car-running, which can be the 小计 of
        // 公务用车购置及运行费: the claims use the 运行维护费 column itself.
        const own = extras.length > 0 ? figuresOf(t).filter((f) => f.key !== 'three:car-running') : figuresOf(t);
        for (const f of [...own, ...extras]) if (ref.keys.includes(f.key)) out.push({ table: t, cell: f.cell, label: describe(t, `「${f.label}」`) });
      }
      return out;
    }
    case 'function': {
      const key = `fn:${ref.code}`;
      const out: TableFigure[] = [];
      for (const t of tables) for (const f of figuresOf(t)) if (f.key === key) out.push({ table: t, cell: f.cell, label: describe(t, `「${f.label}」`) });
      return out;
    }
    case 'economic': {
      const out: TableFigure[] = [];
      for (const t of tables) {
        if (t.kind !== 'gpb-basic') continue;
        const col = mainColumn(t);
        if (col === undefined) continue;
        for (const r of t.rows) {
          if (r.code === ref.code || normalizeSubjectName(r.label) === ref.name) {
            const cell = r.values.get(col);
            if (cell) out.push({ table: t, cell, label: describe(t, `「${r.label}」`) });
          }
        }
      }
      return out;
    }
    case 'label': {
      // Only the summary tables, whose rows (上年结转, 年终结转结余, 事业收入 …) are the page's own totals.
      const out: TableFigure[] = [];
      const names = new Set([ref.name, ...(LABEL_ALIASES.find((g) => g.includes(ref.name)) ?? [])]);
      for (const t of tables) {
        if (t.kind !== 'income-expenditure' && t.kind !== 'fiscal-income-expenditure' && t.kind !== 'income') continue;
        for (const r of t.rows) {
          if (!names.has(normalizeSubjectName(r.label))) continue;
          const col = mainColumn(t, r.side);
          const cell = col === undefined ? undefined : r.values.get(col);
          if (cell) out.push({ table: t, cell, label: describe(t, `「${r.label}」`) });
        }
      }
      return out;
    }
  }
}

/** Names of the same summary row. */
const LABEL_ALIASES: readonly (readonly string[])[] = [
  ['结转下年', '年终结转结余', '年末结转下年', '年末结转和结余', '年终结转'],
  ['上年结转', '上年结转结余'],
];

const locations = new WeakMap<BudgetTable, Map<ValueCell, Located>>();
function locate(table: BudgetTable, cell: ValueCell): Located | undefined {
  let map = locations.get(table);
  if (!map) {
    map = new Map();
    for (const row of table.rows) for (const [col, v] of row.values) map.set(v, { row, col });
    locations.set(table, map);
  }
  return map.get(cell);
}

/**
 * The total a table figure is a share of: for a figure in a total row (基本支出 in 支出合计), that row's main
 * column (合计); for any other row, the first total row of its side in the same column.
 */
export function tableTotalOf(fig: TableFigure): TableFigure | undefined {
  const at = locate(fig.table, fig.cell);
  if (!at) return undefined;
  if (isTotalRow(at.row)) {
    const col = mainColumn(fig.table, at.row.side);
    const cell = col === undefined || col === at.col ? undefined : at.row.values.get(col);
    return cell ? { table: fig.table, cell, label: describe(fig.table, `「${at.row.label}」`) } : undefined;
  }
  const side = fig.table.rows.filter((r) => r.side === at.row.side);
  const total = side.find((r) => r.kind === 'total') ?? side.find(isTotalRow);
  const cell = total?.values.get(at.col);
  return total && cell && cell !== fig.cell ? { table: fig.table, cell, label: describe(fig.table, `「${total.label}」`) } : undefined;
}
