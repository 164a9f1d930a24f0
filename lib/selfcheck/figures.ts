import type Decimal from 'decimal.js';
import { halfUlp, printedScale, ZERO } from '../money/amount';
import { addrKey, type BudgetDocument, type BudgetTable, type CellAddress } from '../model';

/** A printed amount as the self-check sees it: its value and its rounding in 元, and where it stands. */
export interface PrintedFigure {
  readonly table: BudgetTable;
  /** Value in 元 (0 for an empty cell). */
  readonly yuan: Decimal;
  /** Half a unit of its last printed digit, in 元 (0 for an exact zero or an empty cell). */
  readonly half: Decimal;
  readonly scale: number;
  /** 「2010101 行政运行」·基本支出: the row and the column, for messages. */
  readonly label: string;
  /** As printed. */
  readonly raw: string;
}

/** Every amount cell of the document by address (all DOM tables a merged table was read from). */
export function printedFigures(doc: BudgetDocument): Map<string, PrintedFigure> {
  const out = new Map<string, PrintedFigure>();
  for (const table of doc.tables) {
    let tableScale = 0;
    for (const row of table.rows) {
      for (const v of row.values.values())
        if (v.amount && !v.amount.percent) tableScale = Math.max(tableScale, v.amount.scale);
    }
    const factor = table.unit.factor;
    for (const row of table.rows) {
      const rowLabel = `${row.code ? `${row.code} ` : ''}${row.label || '(无名称)'}`;
      for (const [col, v] of row.values) {
        if (v.amount?.percent) continue;
        const scale = Math.max(v.amount?.scale ?? 0, tableScale);
        const value = v.amount?.value ?? ZERO;
        out.set(addrKey(v.addr), {
          table,
          yuan: value.times(factor),
          half: !v.amount || value.isZero() ? ZERO : halfUlp(printedScale(v.amount, tableScale)).times(factor),
          scale,
          raw: v.raw,
          label: `「${rowLabel}」·${table.columns[col]?.path.join('/') || `第${col + 1}列`}`,
        });
      }
    }
  }
  return out;
}

export const figureAt = (figures: ReadonlyMap<string, PrintedFigure>, a: CellAddress): PrintedFigure | undefined =>
  figures.get(addrKey(a));
