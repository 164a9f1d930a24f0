import type Decimal from 'decimal.js';
import { addrKey, type CellAddress } from '../model';
import { figureAt, type PrintedFigure } from './figures';
import { correctionFor, operandCells, printedIn, weigh, type RelationRecord } from './relations';

/**
 * What the failing relations of a page say, once grouped the way an auditor reads them:
 * - `cause`: one figure explains them: every one of them holds if that figure is the corrected value, and no
 *   relation that holds uses it; either two or more relations agree on it, or every other figure of its one
 *   relation is confirmed by relations that hold (the arithmetic leaves no other culprit).
 * - `ambiguous`: one relation fails and any of several unconfirmed figures could be the wrong one.
 * - `contradiction`: one relation fails although each of its figures is confirmed by another relation that
 *   holds: the relation itself is in doubt (a structure misread), not a figure.
 * - `level`: one relation fails by exactly one of its terms: without that term (a sibling read as a child, a
 *   subtotal read as an item) it holds, so the reading of the levels is in doubt, not a figure.
 */
export type Verdict =
  | {
      readonly kind: 'cause';
      readonly cell: CellAddress;
      readonly figure: PrintedFigure;
      /** In the cell's own unit and printed precision. */
      readonly corrected: Decimal;
      readonly relations: readonly RelationRecord[];
    }
  | { readonly kind: 'ambiguous'; readonly relation: RelationRecord }
  | {
      readonly kind: 'level';
      readonly relation: RelationRecord;
      readonly term: CellAddress;
      readonly figure: PrintedFigure;
    }
  | { readonly kind: 'contradiction'; readonly relation: RelationRecord };

interface Group {
  readonly cell: CellAddress;
  readonly figure: PrintedFigure;
  readonly corrected: Decimal;
  readonly relations: RelationRecord[];
  readonly order: number;
}

/**
 * Groups failing relations by the figure that explains them (greedy: the figure that explains most first).
 * `confirmed` holds the cells that take part in a relation that holds.
 */
export function findRootCauses(
  failing: readonly RelationRecord[],
  confirmed: ReadonlySet<string>,
  figures: ReadonlyMap<string, PrintedFigure>,
): Verdict[] {
  const groups = new Map<string, Group>();
  const suspects = new Map<RelationRecord, CellAddress[]>();
  let order = 0;
  for (const r of failing) {
    const w = weigh(r, figures);
    const open = operandCells(r).filter((c) => !confirmed.has(addrKey(c)));
    suspects.set(r, open);
    if (!w) continue;
    for (const cell of open) {
      const f = figureAt(figures, cell)!;
      const x = correctionFor(r, cell, w, f);
      if (!x) continue;
      const corrected = printedIn(x, f);
      const key = `${addrKey(cell)}|${corrected.toString()}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { cell, figure: f, corrected, relations: [], order: order++ }));
      g.relations.push(r);
    }
  }
  const out: Verdict[] = [];
  const explained = new Set<RelationRecord>();
  const remaining = (g: Group): RelationRecord[] => g.relations.filter((r) => !explained.has(r));
  const ranked = [...groups.values()];
  for (;;) {
    let best: Group | undefined;
    let bestSize = 1;
    for (const g of ranked) {
      const n = remaining(g).length;
      if (n > bestSize || (n === bestSize && n > 1 && best && g.order < best.order)) {
        best = g;
        bestSize = n;
      }
    }
    if (!best) break;
    const rels = remaining(best);
    for (const r of rels) explained.add(r);
    out.push({ kind: 'cause', cell: best.cell, figure: best.figure, corrected: best.corrected, relations: rels });
  }
  for (const r of failing) {
    if (explained.has(r)) continue;
    const level = levelTerm(r, figures);
    if (level) {
      out.push({ kind: 'level', relation: r, term: level, figure: figureAt(figures, level)! });
      continue;
    }
    const open = suspects.get(r)!;
    if (open.length === 0) {
      out.push({ kind: 'contradiction', relation: r });
      continue;
    }
    const only = open.length === 1 ? open[0]! : undefined;
    const w = weigh(r, figures);
    const f = only ? figureAt(figures, only) : undefined;
    const x = only && w && f ? correctionFor(r, only, w, f) : undefined;
    if (only && f && x) {
      out.push({ kind: 'cause', cell: only, figure: f, corrected: printedIn(x, f), relations: [r] });
    } else {
      out.push({ kind: 'ambiguous', relation: r });
    }
  }
  return out;
}

/** The term whose value is the relation's whole difference, when the relation has other terms too. */
function levelTerm(r: RelationRecord, figures: ReadonlyMap<string, PrintedFigure>): CellAddress | undefined {
  if (r.operands.relation !== 'eq' || r.operands.terms.length < 2) return undefined;
  const w = weigh(r, figures);
  if (!w) return undefined;
  const gap = w.diff.abs();
  return r.operands.terms.find((t) => {
    const f = figureAt(figures, t);
    return !!f && !f.yuan.isZero() && f.yuan.abs().minus(gap).abs().lte(w.tolerance);
  });
}
