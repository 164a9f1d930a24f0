import type { BudgetRow, BudgetTable, ValueCell } from '../model';
import { checkSum } from './compare';
import { rowName } from './row-totals';
import type { Check } from './types';

/** The closing total of one side: its grand total (收入总计 / 支出总计), else its last total row. */
export function closingTotal(table: BudgetTable, side: number): { row: BudgetRow; cell: ValueCell } | undefined {
  const rows = table.rows.filter((r) => r.side === side);
  const row =
    [...rows].reverse().find((r) => r.kind === 'grand-total') ?? [...rows].reverse().find((r) => r.kind === 'total');
  if (!row) return undefined;
  const col = table.columns.find((c) => c.side === side && c.role === 'amount');
  const cell = col ? row.values.get(col.index) : undefined;
  return cell ? { row, cell } : undefined;
}

const BALANCED_KINDS: ReadonlySet<BudgetTable['kind']> = new Set([
  'income-expenditure',
  'fiscal-income-expenditure',
  'budget-other',
  'unknown',
]);

/** What a side says it is: its columns' headers and its rows' labels, squashed. */
function sideWords(table: BudgetTable, side: number): string {
  const heads = table.columns.filter((c) => c.side === side).map((c) => c.path.join(''));
  const labels = table.rows.filter((r) => r.side === side).map((r) => r.label);
  return [...heads, ...labels].join('|').replace(/\s+/gu, '');
}

/**
 * A table whose kind does not say 收支 (a bare "公开06表") balances only when its sides say so themselves: 收入 on the
 * first, 支出 on another. Panels side by side (人员经费合计 | 公用经费合计) are parts of one list, never equal.
 */
function isIncomeAndSpending(table: BudgetTable): boolean {
  if (table.kind === 'income-expenditure' || table.kind === 'fiscal-income-expenditure') return true;
  const income = sideWords(table, 0);
  if (!/收入|来源/u.test(income) || /人员经费|公用经费/u.test(income)) return false;
  for (let side = 1; side < table.sides; side++) if (/支出|去向|用途/u.test(sideWords(table, side))) return true;
  return false;
}

export const balance: Check = {
  id: 'balance',
  title: { zh: '收支平衡', en: 'Balance' },
  description: {
    zh: '收支对照表中收入总计 = 支出总计',
    en: 'In two-sided tables, total income equals total expenditure',
  },
  run({ doc, sink }) {
    for (const table of doc.tables) {
      // Only 收入 | 支出 tables balance; the panels of a 基本支出 table (人员经费 | 公用经费) do not.
      if (table.empty || table.sides < 2 || !BALANCED_KINDS.has(table.kind) || !isIncomeAndSpending(table)) continue;
      const income = closingTotal(table, 0);
      // Up to four column pairs: every expenditure side (by function, by economic class, …) balances income.
      for (let side = 1; side < table.sides; side++) {
        const spending = closingTotal(table, side);
        if (!income || !spending) {
          sink.notChecked({
            table: table.index,
            cells: [],
            reason: {
              zh: '收支表缺少收入或支出总计行，无法核对收支平衡',
              en: 'no closing total on one side: balance not checked',
            },
          });
          continue;
        }
        checkSum(sink, {
          check: 'balance',
          stated: { cell: spending.cell, table },
          terms: [{ cell: income.cell, table }],
          what: {
            zh: `「${rowName(spending.row)}」= 「${rowName(income.row)}」`,
            en: `"${rowName(spending.row)}" = "${rowName(income.row)}"`,
          },
        });
      }
    }
  },
};
