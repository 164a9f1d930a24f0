import Decimal from 'decimal.js';
import { ZERO } from '../money/amount';
import { addrKey, type CellAddress } from '../model';
import type { Finding, Operands } from '../checks/types';
import { figureAt, type PrintedFigure } from './figures';

/** One relation a check proved, found within rounding, or disproved, with its figures. */
export interface RelationRecord {
  readonly check: string;
  readonly outcome: 'pass' | 'rounding' | 'fail';
  readonly cells: readonly CellAddress[];
  readonly operands: Operands;
  /** The check's finding (rounding and fail). */
  readonly finding?: Finding;
}

/** The relation's figures in 元: the stated one, the sum of the terms, and the rounding they may carry. */
export interface Weighed {
  readonly stated: Decimal;
  readonly sum: Decimal;
  /** stated − Σ terms. */
  readonly diff: Decimal;
  readonly tolerance: Decimal;
}

export function weigh(r: RelationRecord, figures: ReadonlyMap<string, PrintedFigure>): Weighed | undefined {
  const s = figureAt(figures, r.operands.stated);
  if (!s) return undefined;
  let sum = ZERO;
  let tolerance = s.half;
  for (const t of r.operands.terms) {
    const f = figureAt(figures, t);
    if (!f) return undefined;
    sum = sum.plus(f.yuan);
    tolerance = tolerance.plus(f.half);
  }
  return { stated: s.yuan, sum, diff: s.yuan.minus(sum), tolerance };
}

/** The distinct cells of a relation's figures. */
export function operandCells(r: RelationRecord): CellAddress[] {
  const seen = new Set<string>();
  const out: CellAddress[] = [];
  for (const a of [r.operands.stated, ...r.operands.terms]) {
    const k = addrKey(a);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(a);
    }
  }
  return out;
}

/**
 * The value a cell would need for a failing relation to hold, in 元: the sum of the terms for the stated figure,
 * the term less the difference for a term. Undefined when the cell stands in the relation more than once.
 */
export function correctionFor(r: RelationRecord, cell: CellAddress, w: Weighed, f: PrintedFigure): Decimal | undefined {
  const k = addrKey(cell);
  const asTerm = r.operands.terms.filter((t) => addrKey(t) === k).length;
  const asStated = addrKey(r.operands.stated) === k ? 1 : 0;
  if (asTerm + asStated !== 1) return undefined;
  return asStated ? w.sum : f.yuan.plus(w.diff);
}

/** A value in 元 printed in the cell's own unit and precision: the key under which corrections agree. */
export function printedIn(yuan: Decimal, f: PrintedFigure): Decimal {
  return yuan.dividedBy(f.table.unit.factor).toDecimalPlaces(f.scale, Decimal.ROUND_HALF_UP);
}
