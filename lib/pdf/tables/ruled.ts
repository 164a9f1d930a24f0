import { boxAt, cellContent } from './cells';
import { figureColumns } from './columns';
import { cutIndexAt, cutPiece } from './glued';
import { groupLines } from './lines';
import { type OutCell, type OutTable, type Piece, type Region, type Seam, TOL } from './model';
import { groupRows } from './rows';
import { clusterPositions, hasH, hasV, joinVertical } from './rules';
import { charWeight, isAmountText, isNumberText } from './text';

export interface GridCell {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
  pieces: Piece[];
}

/**
 * A table whose last row the page break cut (no rule closes it at the page's end, none opens the next page's first
 * table, same columns): both parts rebuilt as one table, the next page's part moved up under the first.
 */
export function stitch(a: OutTable, b: OutTable): OutTable | undefined {
  if (!a.src || !b.src) return undefined;
  const offset = a.src.region.y2 - b.src.region.y1;
  const move = (y: number): number => y + offset;
  const region: Region = {
    x1: Math.min(a.src.region.x1, b.src.region.x1),
    x2: Math.max(a.src.region.x2, b.src.region.x2),
    y1: a.src.region.y1,
    y2: move(b.src.region.y2),
    // The next part's top edge is the break, not a rule of the table (collapsed borders are painted there).
    h: [
      ...a.src.region.h,
      ...b.src.region.h.filter((r) => r.y > b.src!.region.y1 + TOL).map((r) => ({ ...r, y: move(r.y) })),
    ],
    v: joinVertical([...a.src.region.v, ...b.src.region.v.map((r) => ({ ...r, y1: move(r.y1), y2: move(r.y2) }))]),
  };
  const pieces = [...a.src.pieces, ...b.src.pieces.map((p) => ({ ...p, y: move(p.y) }))];
  const seams = [
    ...a.src.seams,
    { y: a.src.region.y2, offset, page: b.page },
    ...b.src.seams.map((s) => ({ ...s, y: move(s.y), offset: s.offset + offset })),
  ];
  return ruledTable(region, pieces, a.page, seams);
}

/** Rebuilds a ruled table from its region's rules and the pieces inside it. */
export function ruledTable(
  region: Region,
  pieces: Piece[],
  page: number,
  seams: readonly Seam[] = [],
): OutTable | undefined {
  const src = { region, pieces, seams };
  const xs = clusterPositions(
    region.v.map((r) => r.x),
    3,
  );
  let ys = clusterPositions(
    region.h.map((r) => r.y),
    3,
  );
  if (xs[0]! > region.x1 + 3) xs.unshift(region.x1);
  if (xs[xs.length - 1]! < region.x2 - 3) xs.push(region.x2);
  if (ys[0]! > region.y1 + 3) ys.unshift(region.y1);
  if (ys[ys.length - 1]! < region.y2 - 3) ys.push(region.y2);
  if (xs.length < 3) return undefined;
  // Pieces that cross vertical rules (cells merged into one item): as many words as cells, one word to a cell (the
  // first keeps its left edge, the last its right edge); else cut at the rules, at the likeliest characters.
  const queue: Piece[] = [];
  for (const p of pieces) {
    const mid = p.y + p.h / 2;
    const m = Math.max(1, p.h * 0.35);
    const inner = xs.filter((x) => x > p.x + m && x < p.x + p.w - m && hasV(region, x, mid - 1, mid + 1));
    const words = [...p.str.matchAll(/[^\s\u3000\u00a0]+/gu)].map((w) => w[0]);
    if (inner.length === 0 || words.length !== inner.length + 1) {
      queue.push(p);
      continue;
    }
    const bounds = [p.x, ...inner, p.x + p.w];
    const own = (t: string): number => [...t].reduce((w, ch) => w + charWeight(ch), 0) * (p.h || 10);
    words.forEach((w, j) => {
      const [a, b] = [bounds[j]!, bounds[j + 1]!];
      const width = Math.min(own(w), b - a);
      const x = j === 0 ? a : j === words.length - 1 ? b - width : a + (b - a - width) / 2;
      queue.push({ ...p, str: w, x, w: width });
    });
  }
  const cutPieces: Piece[] = [];
  while (queue.length > 0) {
    const p = queue.pop()!;
    const mid = p.y + p.h / 2;
    const m = Math.max(1, p.h * 0.35);
    const cross = xs.find((x) => x > p.x + m && x < p.x + p.w - m && hasV(region, x, mid - 1, mid + 1));
    // One figure reaching over a rule (a wide figure in a narrow cell) is one cell's figure, never cut.
    if (cross !== undefined && !isAmountText(p.str.trim())) {
      const i = cutIndexAt(p, cross);
      const cut = i !== undefined ? cutPiece(p, i) : undefined;
      if (cut && !overflows(cut[1], cross, queue.concat(cutPieces), xs)) {
        queue.push(...cut);
        continue;
      }
    }
    cutPieces.push(p);
  }
  joinWrappedFigures(cutPieces, xs, ys);
  // Rows without rules between them: where a slot holds figures on two lines, the lines are rows.
  const extra = stackedRowCuts(region, xs, ys, cutPieces);
  if (extra.length > 0) {
    region = { ...region, h: [...region.h, ...extra.map((y) => ({ y, x1: region.x1, x2: region.x2 }))] };
    ys = clusterPositions([...ys, ...extra], 1);
  }
  const R = ys.length - 1;
  const C = xs.length - 1;
  if (R < 1) return undefined;
  // Slots merge where no rule separates them.
  const id = Array.from({ length: R * C }, (_, i) => i);
  const find = (i: number): number => (id[i] === i ? i : (id[i] = find(id[i]!)));
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) id[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (let r = 0; r < R; r++) {
    const ya = ys[r]!;
    const yb = ys[r + 1]!;
    const q = (yb - ya) / 4;
    for (let c = 0; c < C; c++) {
      if (c + 1 < C && !hasV(region, xs[c + 1]!, ya + q, yb - q)) union(r * C + c, r * C + c + 1);
      const xa = xs[c]!;
      const xb = xs[c + 1]!;
      const qx = Math.min((xb - xa) / 4, 6);
      if (r + 1 < R && !hasH(region, yb, xa + qx, xb - qx)) union(r * C + c, (r + 1) * C + c);
    }
  }
  const cells = new Map<number, GridCell>();
  for (let r = 0; r < R; r++)
    for (let c = 0; c < C; c++) {
      const root = find(r * C + c);
      const g = cells.get(root);
      if (!g) cells.set(root, { r0: r, c0: c, r1: r, c1: c, pieces: [] });
      else {
        g.r1 = Math.max(g.r1, r);
        g.c1 = Math.max(g.c1, c);
        g.c0 = Math.min(g.c0, c);
      }
    }
  const slotOf = (v: number, edges: readonly number[]): number => {
    let i = 0;
    while (i + 1 < edges.length - 1 && v >= edges[i + 1]!) i++;
    return i;
  };
  for (const p of cutPieces) {
    const r = slotOf(p.y + p.h / 2, ys);
    const figure = isAmountText(p.str.trim());
    const c = figure ? figureSlot(p, xs) : slotOf(p.x + Math.min(p.w, p.h) / 2, xs);
    cells.get(find(r * C + c))!.pieces.push(p);
  }
  // A rule-less empty row (a stray rule's sliver) carries nothing: drop rows whose slots are all empty and thin.
  const list = [...cells.values()].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  const contents = list.map((g) => ({
    c0: g.c0,
    left: xs[g.c0]!,
    right: xs[g.c1 + 1]!,
    content: cellContent(g.pieces),
  }));
  const rows: OutCell[][] = Array.from({ length: R }, () => []);
  list.forEach((g, i) => {
    const c = contents[i]!.content;
    rows[g.r0]!.push({
      text: c.text,
      rowSpan: g.r1 - g.r0 + 1,
      colSpan: g.c1 - g.c0 + 1,
      header: c.header,
      indent: 0,
      box: boxAt(page, seams, xs[g.c0]!, ys[g.r0]!, xs[g.c1 + 1]!, ys[g.r1 + 1]!),
      ...(c.first && c.widest
        ? {
            place: {
              col: g.c0,
              left: c.first.x - xs[g.c0]!,
              right: xs[g.c1 + 1]! - c.widest.right,
              size: c.size,
              number: isNumberText(c.text),
            },
          }
        : {}),
    });
  });
  const open = (y: number): boolean =>
    !hasH(region, y, xs[0]! + 2, xs[C]! - 2) &&
    !region.h.some((h) => Math.abs(h.y - y) <= TOL && h.x2 - h.x1 > (xs[C]! - xs[0]!) * 0.3);
  const edges = { ...(open(ys[0]!) ? { openTop: true } : {}), ...(open(ys[R]!) ? { openBottom: true } : {}) };
  // Thin rows without any text and without cells reaching into other rows are slivers between double rules.
  const keep = rows.map((row, r) => !(ys[r + 1]! - ys[r]! < 4 && row.every((c) => c.text === '' && c.rowSpan === 1)));
  if (keep.some((k) => !k)) {
    const out: OutCell[][] = [];
    rows.forEach((row, r) => {
      if (keep[r]) out.push(row);
    });
    return {
      page,
      top: ys[0]!,
      bottom: ys[R]!,
      xs,
      rows: out,
      ...edges,
      src,
      ...(seams.length > 0 ? { endPage: seams[seams.length - 1]!.page } : {}),
    };
  }
  return {
    page,
    top: ys[0]!,
    bottom: ys[R]!,
    xs,
    rows,
    ...edges,
    src,
    ...(seams.length > 0 ? { endPage: seams[seams.length - 1]!.page } : {}),
  };
}

/** y positions to cut a ruled table's rows where a slot holds figures on two or more lines (rows without rules). */
export function stackedRowCuts(
  region: Region,
  xs: readonly number[],
  ys: readonly number[],
  pieces: readonly Piece[],
): number[] {
  const cuts: number[] = [];
  for (let r = 0; r + 1 < ys.length; r++) {
    const ya = ys[r]!;
    const yb = ys[r + 1]!;
    const inBand = pieces.filter((p) => p.y + p.h / 2 > ya && p.y + p.h / 2 < yb);
    if (inBand.length < 2) continue;
    let stacked = false;
    for (let c = 0; c + 1 < xs.length && !stacked; c++) {
      const inSlot = inBand.filter((p) => p.x + p.w / 2 > xs[c]! && p.x + p.w / 2 < xs[c + 1]!);
      const lines = groupLines(inSlot);
      const numeric = lines.filter((l) => isAmountText(l.pieces.map((p) => p.str).join('')));
      if (numeric.length >= 2) stacked = true;
    }
    if (!stacked) continue;
    const lines = groupLines(inBand);
    const rowsOf = groupRows(lines, figureColumns(xs));
    for (let i = 1; i < rowsOf.length; i++) {
      const above = rowsOf[i - 1]!;
      const below = rowsOf[i]!;
      const y = (Math.max(...above.map((l) => l.bottom)) + Math.min(...below.map((l) => l.y))) / 2;
      if (y > ya + 1 && y < yb - 1 && !hasH(region, y, region.x1, region.x2)) cuts.push(y);
    }
  }
  return cuts;
}

/** A figure's column: the one that holds most of its width (figures are right-aligned and may overflow leftwards). */
/**
 * A label printed past its cell's right rule ("…服务保障中心" running into the figure beside it; the generator does not
 * clip): the part beyond the rule has no digit and the slot it reaches already holds a figure on the same line. A cell
 * holds a figure or words, not both, so the words stay with the label and the figure keeps its cell alone.
 */
function overflows(beyond: Piece, rule: number, others: readonly Piece[], xs: readonly number[]): boolean {
  if (/\d/u.test(beyond.str)) return false;
  const mid = beyond.y + beyond.h / 2;
  const slot = xs.indexOf(rule);
  return others.some(
    (o) =>
      o !== beyond &&
      Math.abs(o.y + o.h / 2 - mid) < Math.max(2, beyond.h / 2) &&
      isAmountText(o.str.trim()) &&
      figureSlot(o, xs) === slot,
  );
}

function figureSlot(p: Piece, xs: readonly number[]): number {
  let best = 0;
  let most = Number.NEGATIVE_INFINITY;
  for (let c = 0; c + 1 < xs.length; c++) {
    const overlap = Math.min(p.x + p.w, xs[c + 1]!) - Math.max(p.x, xs[c]!);
    if (overlap > most) {
      most = overlap;
      best = c;
    }
  }
  return best;
}

const decimalsOf = (s: string): number => /\.(\d*)$/u.exec(s)?.[1]?.length ?? 0;

/**
 * Figures wrapped in a narrow cell ("1682.7" over "6", "0.0" over "0"): the piece below, digits only, completes the
 * one above to the number of decimals the table's figures have. Joined into one piece in place (the list changes).
 */
function joinWrappedFigures(pieces: Piece[], xs: readonly number[], ys: readonly number[]): void {
  const counts = new Map<number, number>();
  for (const p of pieces) {
    const t = p.str.trim();
    if (isAmountText(t) && t.includes('.')) counts.set(decimalsOf(t), (counts.get(decimalsOf(t)) ?? 0) + 1);
  }
  const usual = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (usual === undefined || usual === 0) return;
  const band = (p: Piece): number =>
    ys.findIndex((y, i) => i + 1 < ys.length && p.y + p.h / 2 >= y && p.y + p.h / 2 < ys[i + 1]!);
  const sorted = [...pieces].sort((a, b) => a.y - b.y);
  const absorbed = new Set<Piece>();
  for (const a of sorted) {
    if (absorbed.has(a)) continue;
    const top = a.str.trim();
    if (!/^-?[\d,，]*\d\.\d*$/u.test(top) || decimalsOf(top) >= usual) continue;
    const col = figureSlot(a, xs);
    const b = sorted.find(
      (q) =>
        q !== a &&
        !absorbed.has(q) &&
        q.y > a.y + a.h * 0.5 &&
        q.y - (a.y + a.h) < a.h * 0.8 &&
        figureSlot(q, xs) === col &&
        band(q) === band(a),
    );
    const rest = b?.str.trim() ?? '';
    if (!b || !/^\d+$/u.test(rest) || decimalsOf(top + rest) !== usual) continue;
    const x0 = Math.min(a.x, b.x);
    pieces[pieces.indexOf(a)] = { ...a, str: top + rest, x: x0, w: Math.max(a.x + a.w, b.x + b.w) - x0 };
    absorbed.add(b);
  }
  for (let i = pieces.length - 1; i >= 0; i--) if (absorbed.has(pieces[i]!)) pieces.splice(i, 1);
}
