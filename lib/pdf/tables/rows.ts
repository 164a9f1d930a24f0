import type { Line } from './model';

/**
 * Groups a table's lines (top to bottom) into rows. Lines that overlap vertically are one row (figures centred
 * beside a wrapped label); a line goes on the current row when the gap above it is small (when the table's gaps
 * fall in two sizes, the small ones are inside rows: a label wrapped in its cell) and it puts no second figure into
 * a column that already has one.
 */
export function groupRows(lines: readonly Line[], figureColumns: (l: Line) => readonly number[]): Line[][] {
  const sorted = [...lines].sort((a, b) => a.y - b.y || a.x - b.x);
  if (sorted.length === 0) return [];
  const size = [...sorted.map((l) => l.size)].sort((a, b) => a - b)[sorted.length >> 1]! || 10;
  const gaps: number[] = [];
  let bottom = sorted[0]!.bottom;
  for (const l of sorted.slice(1)) {
    const g = l.y - bottom;
    if (g > 0) gaps.push(g);
    bottom = Math.max(bottom, l.bottom);
  }
  gaps.sort((a, b) => a - b);
  let threshold = 0;
  let best = 0;
  for (let i = 0; i + 1 < gaps.length; i++) {
    const lo = gaps[i]!;
    const hi = gaps[i + 1]!;
    if (hi >= lo * 1.5 + size * 0.2 && hi - lo > best) {
      best = hi - lo;
      threshold = (lo + hi) / 2;
    }
  }
  const rows: Line[][] = [];
  let cur: Line[] = [];
  let curBottom = 0;
  let used = new Set<number>();
  for (const l of sorted) {
    const cols = figureColumns(l);
    const gap = l.y - curBottom;
    const clash = cols.some((c) => used.has(c));
    if (cur.length > 0 && gap <= Math.max(threshold, size * 0.25) && !clash) {
      cur.push(l);
      for (const c of cols) used.add(c);
      curBottom = Math.max(curBottom, l.bottom);
      continue;
    }
    if (cur.length > 0) rows.push(cur);
    cur = [l];
    used = new Set(cols);
    curBottom = l.bottom;
  }
  if (cur.length > 0) rows.push(cur);
  return rows;
}
