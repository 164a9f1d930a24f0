import type { PdfShade } from '../types';
import { cellContent } from './cells';
import { type Line, type OutCell, type Piece, r2 } from './model';
import { clusterPositions } from './rules';

export interface HeaderBlock {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly shades: readonly PdfShade[];
}

/**
 * Shaded header blocks: a table's shaded header cells. Two shades belong together when they sit side by side on one
 * line, or one above the other over the same columns with no unshaded text between them (LibreOffice shades only
 * the lines of a cell's text, so the rows of a header can be far apart).
 */
export function shadeBlocks(shades: readonly PdfShade[], lines: readonly Line[]): HeaderBlock[] {
  const list = shades.filter((s) => s.width > 3 && s.height > 3).sort((a, b) => a.y - b.y);
  const parent = list.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const inShade = (l: Line): boolean =>
    list.some(
      (s) =>
        (l.y + l.bottom) / 2 >= s.y && (l.y + l.bottom) / 2 <= s.y + s.height && l.x >= s.x - 2 && l.x <= s.x + s.width,
    );
  const free = lines.filter((l) => !inShade(l));
  const joined = (a: PdfShade, b: PdfShade): boolean => {
    const yOverlap = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
    const xGap = Math.max(a.x, b.x) - Math.min(a.x + a.width, b.x + b.width);
    const [up, down] = a.y < b.y ? [a, b] : [b, a];
    const yGap = down.y - (up.y + up.height);
    // Side by side: on one line, or a rowspan cell's shade (centred in its cell) beside the next row's.
    if (xGap <= 8 && (yOverlap >= 1 || yGap <= Math.max(30, 3 * Math.min(a.height, b.height)))) return true;
    const xOverlap = -xGap;
    if (xOverlap <= 3 || yGap > Math.max(30, 3 * Math.min(a.height, b.height))) return false;
    const x0 = Math.max(a.x, b.x);
    const x1 = Math.min(a.x + a.width, b.x + b.width);
    return !free.some(
      (l) => (l.y + l.bottom) / 2 > up.y + up.height && (l.y + l.bottom) / 2 < down.y && l.right > x0 && l.x < x1,
    );
  };
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    // Sorted by top: shades further down than any join allows end the search.
    const reach = a.y + a.height + Math.max(30, 3 * a.height);
    for (let j = i + 1; j < list.length && list[j]!.y <= reach; j++)
      if (find(i) !== find(j) && joined(a, list[j]!)) parent[find(i)] = find(j);
  }
  const groups = new Map<number, PdfShade[]>();
  list.forEach((s, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(s);
    else groups.set(root, [s]);
  });
  return [...groups.values()]
    .filter((g) => g.length >= 2)
    .map((g) => ({
      x1: Math.min(...g.map((s) => s.x)),
      y1: Math.min(...g.map((s) => s.y)),
      x2: Math.max(...g.map((s) => s.x + s.width)),
      y2: Math.max(...g.map((s) => s.y + s.height)),
      shades: g,
    }))
    .sort((a, b) => a.y1 - b.y1);
}

/**
 * Leaf columns of a shaded header: every distinct x edge of its cells; boundaries halfway across the gaps between
 * cells.
 */
export function shadeColumns(block: HeaderBlock): number[] {
  const edges = clusterPositions(
    block.shades.flatMap((s) => [s.x, s.x + s.width]),
    3,
  );
  // Intervals between consecutive edges that some shade covers are columns; the others are the gaps between cells.
  const cols: [number, number][] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const a = edges[i]!;
    const b = edges[i + 1]!;
    const mid = (a + b) / 2;
    if (b - a > 3 && block.shades.some((s) => s.x <= mid && s.x + s.width >= mid)) cols.push([a, b]);
  }
  if (cols.length === 0) return [];
  const xs = [cols[0]![0]];
  for (let i = 1; i < cols.length; i++) xs.push((cols[i - 1]![1] + cols[i]![0]) / 2);
  xs.push(cols[cols.length - 1]![1]);
  return xs;
}

/**
 * Header rows of a shaded header: one cell per shaded rectangle. Its row is how many shades lie above it over the
 * same columns; a cell with no shade below it reaches down to the header's last row (a rowspan), its columns are
 * the leaf columns it covers (a colspan).
 */
export function shadeHeader(
  block: HeaderBlock,
  xs: readonly number[],
  pieces: readonly Piece[],
  page: number,
): OutCell[][] {
  const C = xs.length - 1;
  const list = [...block.shades].sort((a, b) => a.y + a.height / 2 - (b.y + b.height / 2) || a.x - b.x);
  const xOverlap = (a: PdfShade, b: PdfShade): boolean =>
    Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 3;
  const mid = (s: PdfShade): number => s.y + s.height / 2;
  const level = new Map<PdfShade, number>();
  for (const s of list) {
    const above = list.filter((o) => o !== s && xOverlap(o, s) && mid(o) < mid(s) - 1);
    level.set(s, above.length === 0 ? 0 : Math.max(...above.map((o) => level.get(o) ?? 0)) + 1);
  }
  const R = Math.max(0, ...level.values()) + 1;
  const colRanges = Array.from({ length: C }, (_, c) => [xs[c]!, xs[c + 1]!] as [number, number]);
  const cols = (s: PdfShade): [number, number] | undefined => {
    const hit = colRanges
      .map((r, i) => ({ i, overlap: Math.min(s.x + s.width, r[1]) - Math.max(s.x, r[0]), size: r[1] - r[0] }))
      .filter((o) => o.overlap > o.size * 0.5);
    return hit.length > 0 ? [hit[0]!.i, hit[hit.length - 1]!.i] : undefined;
  };
  const taken: boolean[][] = Array.from({ length: R }, () => new Array<boolean>(C).fill(false));
  const cells: { r0: number; r1: number; c0: number; c1: number; shade: PdfShade }[] = [];
  for (const s of list) {
    const cs = cols(s);
    if (!cs) continue;
    const r0 = level.get(s)!;
    const below = list.filter((o) => o !== s && xOverlap(o, s) && mid(o) > mid(s) + 1).map((o) => level.get(o)!);
    const r1 = below.length === 0 ? R - 1 : Math.max(r0, Math.min(...below) - 1);
    if (taken[r0]![cs[0]]) continue;
    for (let r = r0; r <= r1; r++) for (let c = cs[0]; c <= cs[1]; c++) taken[r]![c] = true;
    cells.push({ r0, r1, c0: cs[0], c1: cs[1], shade: s });
  }
  const rows: OutCell[][] = Array.from({ length: R }, () => []);
  const bandY = (r: number): number => Math.min(...cells.filter((k) => k.r0 === r).map((k) => k.shade.y), block.y2);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const cell = cells.find((k) => k.r0 === r && k.c0 === c);
      if (cell) {
        const sh = cell.shade;
        const inside = pieces.filter((p) => {
          const cx = p.x + p.w / 2;
          const cy = p.y + p.h / 2;
          return cx >= sh.x - 1 && cx <= sh.x + sh.width + 1 && cy >= sh.y - 1 && cy <= sh.y + sh.height + 1;
        });
        const content = cellContent(inside);
        rows[r]!.push({
          text: content.text,
          rowSpan: cell.r1 - cell.r0 + 1,
          colSpan: cell.c1 - cell.c0 + 1,
          header: true,
          indent: 0,
          box: { page, x: r2(sh.x), y: r2(sh.y), width: r2(sh.width), height: r2(sh.height) },
        });
      } else if (!taken[r]![c]) {
        rows[r]!.push({
          text: '',
          rowSpan: 1,
          colSpan: 1,
          header: false,
          indent: 0,
          box: { page, x: r2(xs[c]!), y: r2(bandY(r)), width: r2(xs[c + 1]! - xs[c]!), height: 1 },
        });
      }
    }
  }
  return rows;
}
