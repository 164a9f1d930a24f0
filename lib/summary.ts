import type Decimal from 'decimal.js';
import { closingTotal } from './checks/balance';
import { figuresOf, type Figure } from './checks/figures';
import type { Headline } from './extension/messages';
import type { BudgetDocument, BudgetTable, TableKind, ValueCell } from './model';
import { formatDecimal } from './money/amount';
import { toYuan } from './money/units';
import { isTotalColumnLabel, squash } from './parse/labels';

/**
 * The per-page headline figures a reporter wants, taken from the tables that print them:
 * 收入总计, 支出总计, 基本支出 and 项目支出 (share of 本年支出合计), 人员经费 and 公用经费 (share of 基本支出),
 * the “三公”经费 total and its parts (share of the total). Pure: runs in the page, the side panel and Node.
 * A figure the page does not print (no table, no column, a blank cell) is left out, never shown as zero.
 */

/** Headline keys, in display order. */
export const HEADLINE_KEYS = [
  'income-total',
  'expenditure-total',
  'basic',
  'project',
  'personnel',
  'public',
  'three-public',
  'three:abroad',
  'three:reception',
  'three:car',
] as const;
export type HeadlineKey = (typeof HEADLINE_KEYS)[number];

const LABELS: Record<HeadlineKey, { zh: string; en: string }> = {
  'income-total': { zh: '收入总计', en: 'Total income' },
  'expenditure-total': { zh: '支出总计', en: 'Total expenditure' },
  basic: { zh: '基本支出', en: 'Basic expenditure' },
  project: { zh: '项目支出', en: 'Project expenditure' },
  personnel: { zh: '人员经费', en: 'Personnel costs' },
  public: { zh: '公用经费', en: 'Office and running costs' },
  'three-public': { zh: '“三公”经费合计', en: '"Three public" costs, total' },
  'three:abroad': { zh: '因公出国（境）费用', en: 'Official travel abroad' },
  'three:reception': { zh: '公务接待费', en: 'Official receptions' },
  'three:car': { zh: '公务用车购置及运行维护费', en: 'Official vehicles (purchase and running)' },
};

/** A printed figure: its table and cell. */
interface Found {
  readonly table: BudgetTable;
  readonly cell: ValueCell;
}

const printed = (cell: ValueCell | undefined): boolean => Boolean(cell?.amount && !cell.amount.percent);

/** Value in 元, to compare figures printed in different units. */
const yuan = (f: Found): Decimal => toYuan(f.cell.amount!.value, f.table.unit);

/** "33.6%": part / whole to one decimal, or null when there is no positive whole. */
function share(part: Found, whole: Found | undefined): string | null {
  if (!whole) return null;
  const w = yuan(whole);
  if (w.isZero() || w.isNegative()) return null;
  const pct = yuan(part).times(100).dividedBy(w);
  return `${formatDecimal(pct, 1)}%`;
}

function headline(key: HeadlineKey, f: Found, of?: Found): Headline {
  const a = f.cell.amount!;
  return {
    key,
    label: LABELS[key],
    value: formatDecimal(a.value, a.scale),
    unit: f.table.unit.name,
    share: of ? share(f, of) : null,
    cell: { table: f.cell.addr.table, row: f.cell.addr.row, cell: f.cell.addr.cell },
  };
}

export function headlines(doc: BudgetDocument): Headline[] {
  const tables = doc.tables.filter((t) => !t.empty);
  const figures = new Map<BudgetTable, Figure[]>(tables.map((t) => [t, figuresOf(t)]));
  const ofKind = (...kinds: TableKind[]): BudgetTable[] => kinds.flatMap((k) => tables.filter((t) => t.kind === k));
  const figure = (t: BudgetTable, key: string): Found | undefined => {
    const f = figures.get(t)?.find((x) => x.key === key && printed(x.cell));
    return f ? { table: t, cell: f.cell } : undefined;
  };
  const first = (candidates: readonly BudgetTable[], get: (t: BudgetTable) => Found | undefined): Found | undefined => {
    for (const t of candidates) {
      const f = get(t);
      if (f) return f;
    }
    return undefined;
  };
  const closing = (t: BudgetTable, side: number): Found | undefined => {
    const c = t.sides > side ? closingTotal(t, side) : undefined;
    return c && printed(c.cell) ? { table: t, cell: c.cell } : undefined;
  };

  const out: Headline[] = [];
  const push = (key: HeadlineKey, f: Found | undefined, of?: Found): void => {
    if (f) out.push(headline(key, f, of));
  };

  // 收入总计 / 支出总计: the closing totals of the 收支总表, else the income and expenditure tables' totals.
  const sides = ofKind('income-expenditure').filter((t) => t.sides > 1);
  const income =
    first(sides, (t) => closing(t, 0)) ??
    first(ofKind('income', 'income-expenditure', 'fiscal-income-expenditure'), (t) => figure(t, 'income-grand-total'));
  const spending =
    first(sides, (t) => closing(t, 1)) ??
    first(ofKind('expenditure', 'income-expenditure', 'gpb-expenditure', 'fiscal-income-expenditure'), (t) =>
      figure(t, 'expenditure-this-year'),
    );
  push('income-total', income);
  push('expenditure-total', spending);

  /**
   * A figure and the whole it is a share of, from one table where one prints both (so both have the same
   * scope), else the figure from the first table that prints it and the page-level whole.
   */
  const withWhole = (
    key: string,
    wholeKey: string,
    candidates: readonly BudgetTable[],
    fallback: Found | undefined,
  ): [Found | undefined, Found | undefined] => {
    for (const t of candidates) {
      const f = figure(t, key);
      const w = figure(t, wholeKey);
      if (f && w) return [f, w];
    }
    return [first(candidates, (t) => figure(t, key)), fallback];
  };

  const spendingTables = ofKind('expenditure', 'gpb-expenditure', 'gpb-basic');
  const [basic, basicOf] = withWhole('basic', 'expenditure-this-year', spendingTables, spending);
  const [project, projectOf] = withWhole(
    'project',
    'expenditure-this-year',
    [...ofKind('expenditure', 'gpb-expenditure'), ...ofKind('project')],
    spending,
  );
  push('basic', basic, basicOf);
  push('project', project, projectOf);
  // 人员经费 / 公用经费 from the table 基本支出 came from when it prints them, so that both have one scope.
  const basicFirst = basic ? [basic.table, ...spendingTables.filter((t) => t !== basic.table)] : spendingTables;
  for (const key of ['personnel', 'public'] as const) {
    const [part, of] = withWhole(key, 'basic', basicFirst, basic);
    push(key, part, of);
  }

  // “三公”经费: the total row of the “三公” table, its columns.
  for (const t of ofKind('three-public')) {
    const total = figure(t, 'three-public');
    if (!total) continue;
    push('three-public', total);
    const row = t.rows.find((r) => [...r.values.values()].includes(total.cell));
    const column = (re: RegExp, subtotal = false): Found | undefined => {
      const col = t.columns.find((c) => {
        if (c.role !== 'amount' || c.side !== (row?.side ?? 0)) return false;
        const path = c.path.map(squash);
        if (!path.some((p) => re.test(p))) return false;
        // A parent header such as 公务用车购置及运行维护费 over 小计 | 购置费 | 运行维护费: take its 小计.
        return !subtotal || path.length === 1 || isTotalColumnLabel(path[path.length - 1]!);
      });
      const cell = col !== undefined && row ? row.values.get(col.index) : undefined;
      return cell && printed(cell) ? { table: t, cell } : undefined;
    };
    push('three:abroad', column(/出国/u), total);
    push('three:reception', column(/接待/u), total);
    push('three:car', column(/公务用车/u, true), total);
    break;
  }

  return out.sort((a, b) => HEADLINE_KEYS.indexOf(a.key as HeadlineKey) - HEADLINE_KEYS.indexOf(b.key as HeadlineKey));
}
