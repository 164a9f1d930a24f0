import { splitGlued } from './glued';
import type { Line, Piece } from './model';
import { isAmountText, isNumberText } from './text';

/** Column index of x among boundaries xs (C + 1 values). */
export function columnAt(xs: readonly number[], x: number): number {
  let c = 0;
  while (c + 2 < xs.length && x >= xs[c + 1]!) c++;
  return c;
}

/**
 * The column a piece belongs to: the one holding its middle; when it reaches over a boundary, figures go by their right
 * edge and text by its left.
 */
export function columnOf(xs: readonly number[], p: Piece): number {
  const c = columnAt(xs, p.x + p.w / 2);
  if (p.x >= xs[c]! - 1 && p.x + p.w <= xs[c + 1]! + 1) return c;
  return isNumberText(p.str) ? columnAt(xs, p.x + p.w - 0.5) : columnAt(xs, p.x + 0.5);
}

/** The figures' columns in a line (for grouping lines into rows). */
export const figureColumns =
  (xs: readonly number[]) =>
  (l: Line): number[] =>
    l.pieces.filter((p) => isAmountText(p.str)).map((p) => columnOf(xs, p));

/** Columns of a table without rules or shading: x ranges that (nearly) every data line leaves free separate them. */
export function projectedColumns(lines: readonly Line[]): number[] {
  const lo = Math.min(...lines.map((l) => l.x));
  const hi = Math.max(...lines.map((l) => l.right));
  const width = Math.ceil(hi - lo) + 2;
  const cover = new Array<number>(width).fill(0);
  for (const l of lines) {
    const seen = new Uint8Array(width);
    for (const c of l.pieces.flatMap(splitGlued)) {
      if (c.loose) continue;
      for (let x = Math.floor(c.x - lo); x < Math.ceil(c.x + c.w - lo); x++) if (x >= 0 && x < width) seen[x] = 1;
    }
    for (let x = 0; x < width; x++) cover[x]! += seen[x]!;
  }
  const limit = Math.floor(lines.length * 0.1);
  const size = lines[0]!.size;
  const bounds: number[] = [lo];
  let gapStart = -1;
  for (let x = 0; x < width; x++) {
    const free = cover[x]! <= limit;
    if (free && gapStart < 0) gapStart = x;
    else if (!free && gapStart >= 0) {
      if (gapStart > 0 && x - gapStart >= size * 0.5) bounds.push(lo + (gapStart + x) / 2);
      gapStart = -1;
    }
  }
  bounds.push(hi);
  return bounds;
}
