import { isTotalRow as isTotal, type BudgetRow, type BudgetTable } from '../model';
import { numbering } from '../parse/labels';
import { checkSum, rowHasAmount } from './compare';
import { rowName } from './row-totals';
import type { Check } from './types';

/**
 * The rows a total row adds up. A total on the first row of a side adds the top-level rows below it;
 * a total further down adds the top-level rows since the previous total, and that previous total
 * (本年收入合计 + 上年结转 = 收入总计).
 */
export function totalTerms(table: Pick<BudgetTable, 'sides' | 'rows'>): { total: BudgetRow; terms: BudgetRow[] }[] {
  const out: { total: BudgetRow; terms: BudgetRow[] }[] = [];
  for (let side = 0; side < table.sides; side++) {
    const rows = table.rows.filter((r) => r.side === side);
    const top = (r: BudgetRow): boolean => !isTotal(r) && r.parent === -1;
    let acc: BudgetRow[] = [];
    rows.forEach((row, i) => {
      if (!isTotal(row)) {
        if (top(row)) acc.push(row);
        return;
      }
      if (i === 0 || (acc.length === 0 && rows.slice(0, i).every(isTotal))) {
        // "一、本年收入" heads the rows down to "二、上年结转", the next of its numbering.
        const depth = numbering(row.label)?.depth;
        const terms: BudgetRow[] = [];
        for (const next of rows.slice(i + 1)) {
          if (isTotal(next) || (depth !== undefined && numbering(next.label)?.depth === depth)) break;
          if (top(next)) terms.push(next);
        }
        if (terms.length > 0) out.push({ total: row, terms });
        return;
      }
      if (acc.length > 0) out.push({ total: row, terms: acc });
      acc = [row];
    });
  }
  return out;
}

export const columnTotals: Check = {
  id: 'column-totals',
  title: { zh: '合计行', en: 'Total rows' },
  description: {
    zh: '合计行（合计、本年收入合计、收入总计……）等于其上（或其下）各顶层行之和，逐列核对',
    en: 'Each total row (合计, 本年收入合计, 收入总计 …) equals the sum of the top-level rows it closes, column by column',
  },
  *run({ doc, sink }) {
    for (const table of doc.tables) {
      yield;
      if (table.empty || table.notSummed) continue;
      if (table.structureDoubt) {
        // No reading of the rows explains the table's sums: its totals are not checked, and not called wrong.
        sink.notChecked({ table: table.index, cells: [], reason: table.structureDoubt });
        continue;
      }
      for (const { total, terms } of totalTerms(table)) {
        if (!rowHasAmount(total)) continue;
        for (const [col, stated] of total.values) {
          if (table.columns[col]?.role !== 'amount') continue; // shares are not summed as money
          const cells = terms.map((t) => t.values.get(col));
          if (cells.some((c) => c === undefined)) continue;
          if (!stated.amount && cells.every((c) => !c!.amount)) continue;
          checkSum(sink, {
            check: 'column-totals',
            stated: { cell: stated, table },
            terms: cells.map((c) => ({ cell: c!, table })),
            what: () => ({
              zh: `「${rowName(total)}」= ${terms
                .map((t) => rowName(t))
                .slice(0, 4)
                .join(' + ')}${terms.length > 4 ? ' + …' : ''}（${columnLabel(table, col)}）`,
              en: `"${rowName(total)}" = sum of ${terms.length} rows (${columnLabel(table, col)})`,
            }),
          });
        }
      }
    }
  },
};

export function columnLabel(table: BudgetTable, col: number): string {
  const path = table.columns[col]?.path ?? [];
  return path.length > 0 ? path.join('·').replace(/\s+/gu, '') : `第${col + 1}列`;
}
