import Decimal from 'decimal.js';
import type { Bilingual } from '../checks/types';
import type { BudgetTable } from '../model';
import { figureAt, type PrintedFigure } from './figures';
import { operandCells, weigh, type RelationRecord } from './relations';
import type { Verdict } from './root-cause';

/**
 * Reading errors are systematic, real errors local. A table's failures read as a misreading of its structure when
 * they show a pattern that a wrong figure does not make:
 * - `many`: three or more failures that no single figure explains;
 * - `factor`: the sum is exactly 2 or 3 times the stated figure, or the reverse (levels summed as siblings, a
 *   column counted twice);
 * - `zeros`: two or more relations where one side is zero and the other is not (figures in the wrong column);
 * - `repeated`: the same formula failing on two or more rows, or the same rows failing in two or more columns;
 * - `contradictions`: two or more relations that fail although each of their figures holds in another relation, or
 *   that hold once one term is left out (levels misread).
 */
export interface TableDoubt {
  readonly table: BudgetTable;
  readonly failures: number;
  readonly reason: Bilingual;
}

const FACTORS = [new Decimal(2), new Decimal(3)];

function homeOf(r: RelationRecord, figures: ReadonlyMap<string, PrintedFigure>): BudgetTable | undefined {
  const cells = operandCells(r);
  const home = figureAt(figures, cells[0]!)?.table;
  return home && cells.every((c) => figureAt(figures, c)?.table === home) ? home : undefined;
}

function isFactor(r: RelationRecord, figures: ReadonlyMap<string, PrintedFigure>): boolean {
  const w = weigh(r, figures);
  if (!w || w.stated.isZero() || w.sum.isZero()) return false;
  return FACTORS.some((k) => {
    const slack = w.tolerance.times(k).plus(w.tolerance);
    return w.sum.minus(w.stated.times(k)).abs().lte(slack) || w.stated.minus(w.sum.times(k)).abs().lte(slack);
  });
}

function isZeroAgainstFigure(r: RelationRecord, figures: ReadonlyMap<string, PrintedFigure>): boolean {
  const w = weigh(r, figures);
  return !!w && w.stated.isZero() !== w.sum.isZero();
}

/** Row-wise relations share a formula when they use the same columns; column-wise ones when they use the same rows. */
function shapeOf(r: RelationRecord): string | undefined {
  const cells = [r.operands.stated, ...r.operands.terms];
  const first = cells[0]!;
  if (cells.every((c) => c.table === first.table && c.row === first.row)) {
    return `row:${first.table}:${cells.map((c) => c.cell).join(',')}`;
  }
  if (cells.every((c) => c.cell === first.cell)) return `col:${cells.map((c) => `${c.table}.${c.row}`).join(',')}`;
  return undefined;
}

function relationsOf(v: Verdict): readonly RelationRecord[] {
  return v.kind === 'cause' ? v.relations : [v.relation];
}

/** The tables whose failing relations say that the engine, not the document, is wrong. */
export function tableDoubts(
  failing: readonly RelationRecord[],
  verdicts: readonly Verdict[],
  figures: ReadonlyMap<string, PrintedFigure>,
): TableDoubt[] {
  interface Tally {
    failures: number;
    independent: number;
    factor: number;
    zeros: number;
    contradictions: number;
    shapes: Map<string, number>;
  }
  const byTable = new Map<BudgetTable, Tally>();
  const tallyOf = (t: BudgetTable): Tally => {
    let x = byTable.get(t);
    if (!x)
      byTable.set(t, (x = { failures: 0, independent: 0, factor: 0, zeros: 0, contradictions: 0, shapes: new Map() }));
    return x;
  };
  for (const r of failing) {
    const home = homeOf(r, figures);
    if (!home) continue;
    const x = tallyOf(home);
    x.failures++;
    if (isFactor(r, figures)) x.factor++;
    if (isZeroAgainstFigure(r, figures)) x.zeros++;
    const shape = shapeOf(r);
    if (shape) x.shapes.set(shape, (x.shapes.get(shape) ?? 0) + 1);
  }
  for (const v of verdicts) {
    const home = homeOf(relationsOf(v)[0]!, figures);
    if (!home) continue;
    const x = tallyOf(home);
    x.independent++;
    if (v.kind === 'contradiction' || v.kind === 'level') x.contradictions++;
  }
  const out: TableDoubt[] = [];
  for (const [table, x] of byTable) {
    const repeated = Math.max(0, ...x.shapes.values());
    const zh: string[] = [];
    const en: string[] = [];
    if (x.independent >= 3) {
      zh.push(`${x.independent} 处相互独立的不符，无法归于个别数字`);
      en.push(`${x.independent} independent failures that no single figure explains`);
    }
    if (x.factor > 0) {
      zh.push(`${x.factor} 项关系的合计恰为表列数的 2 或 3 倍（或相反），像是层级或列读错`);
      en.push(`${x.factor} relations off by exactly 2x or 3x, the mark of levels or columns read wrong`);
    }
    if (x.zeros >= 2) {
      zh.push(`${x.zeros} 项关系一方为零而另一方不为零，像是数字落在了错误的列`);
      en.push(`${x.zeros} relations with zero on one side only, the mark of figures in the wrong column`);
    }
    if (repeated >= 2) {
      zh.push(`同一公式在 ${repeated} 行（或列）都不符`);
      en.push(`the same formula fails on ${repeated} rows or columns`);
    }
    if (x.contradictions >= 2) {
      zh.push(`${x.contradictions} 项关系不符，但其中每个数字在别的关系中都成立`);
      en.push(`${x.contradictions} relations fail although each of their figures holds elsewhere`);
    }
    if (zh.length === 0) continue;
    out.push({
      table,
      failures: x.failures,
      reason: {
        zh: `结构未能可靠识别：${x.failures} 项关系不符，且${zh.join('；')}。本表的关系不予核对，不报错误`,
        en:
          `structure not reliably understood: ${x.failures} relations fail and ${en.join('; ')}. ` +
          'The table is not checked and nothing in it is reported as an error',
      },
    });
  }
  return out;
}

/**
 * Two tables whose shared figures disagree three times or more speak of different money (another scope, another
 * stage, another unit of the department): their comparisons are not made, rather than failed.
 */
export function pairDoubts(
  failing: readonly RelationRecord[],
  figures: ReadonlyMap<string, PrintedFigure>,
): Map<string, number> {
  const pairs = new Map<string, number>();
  for (const r of failing) {
    if (homeOf(r, figures)) continue;
    const key = pairKey(r, figures);
    if (key) pairs.set(key, (pairs.get(key) ?? 0) + 1);
  }
  for (const [k, n] of pairs) if (n < 3) pairs.delete(k);
  return pairs;
}

export function pairKey(r: RelationRecord, figures: ReadonlyMap<string, PrintedFigure>): string | undefined {
  const tables = [...new Set(operandCells(r).map((c) => figureAt(figures, c)?.table.index))];
  return tables.length === 2 && tables.every((t) => t !== undefined)
    ? tables.sort((a, b) => a! - b!).join('|')
    : undefined;
}
