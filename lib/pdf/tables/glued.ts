import { columnAt } from './columns';
import type { Piece } from './model';
import { charEdges, charWeight, isAmountText } from './text';

/** Cuts a piece at character offset i (UTF-16), trimming spaces at the cut. */
export function cutPiece(p: Piece, i: number, separate = false): [Piece, Piece] | undefined {
  const edges = charEdges(p.str, p.x, p.w);
  let a = p.str.slice(0, i);
  let b = p.str.slice(i);
  const aTrim = a.replace(/[\s\u3000\u00a0]+$/u, '');
  const bLead = b.length - b.replace(/^[\s\u3000\u00a0]+/u, '').length;
  if (aTrim === '' || b.trim() === '') return undefined;
  let aEnd = edges[aTrim.length]!;
  let bStart = edges[i + bLead]!;
  a = aTrim;
  b = b.slice(bLead);
  if (separate || a.length < i || bLead > 0) {
    // Cut at a space, or between a label and its figure: there may be a wide gap (cells merged into one item), so
    // each part keeps its own width from its characters, the left one from the piece's left edge, the right one up
    // to its right edge.
    const own = (t: string): number => [...t].reduce((w, ch) => w + charWeight(ch), 0) * (p.h || 10);
    aEnd = Math.min(aEnd, p.x + own(a));
    bStart = Math.max(bStart, p.x + p.w - own(b));
  }
  return [
    { ...p, str: a, w: Math.max(0, aEnd - p.x) },
    { ...p, str: b, x: bStart, w: Math.max(0, p.x + p.w - bStart) },
  ];
}

/**
 * Where to cut a piece for a boundary at x: at the natural boundary (a space, or where text meets a figure) nearest
 * x, wherever it is (the characters' positions inside a piece are only estimated, spaces between cells least of
 * all); else at the character edge nearest x.
 */
export function cutIndexAt(p: Piece, x: number): number | undefined {
  const edges = charEdges(p.str, p.x, p.w);
  let natural = -1;
  let naturalD = Number.POSITIVE_INFINITY;
  let nearest = -1;
  let nearestD = Number.POSITIVE_INFINITY;
  for (let i = 1; i < p.str.length; i++) {
    const d = Math.abs(edges[i]! - x);
    const before = p.str[i - 1]!;
    const after = p.str[i]!;
    const isNatural =
      (/\s/u.test(before) && !/\s/u.test(after)) ||
      (/\d/u.test(after) && !/[\d.,，\s\-△▲(（]/u.test(before)) ||
      (/\d/u.test(before) && !/[\d.,，%\s]/u.test(after));
    if (isNatural && d < naturalD) {
      naturalD = d;
      natural = i;
    }
    if (d < nearestD) {
      nearestD = d;
      nearest = i;
    }
  }
  if (natural > 0) return natural;
  return nearest > 0 ? nearest : undefined;
}

/** A label ending in a character that cannot start a figure, then an amount with decimals or thousands separators. */
const GLUED_AMOUNT = new RegExp(
  String.raw`^(?<label>.*?[^\d\s,，.．\-△▲(（])` +
    String.raw`(?<num>[-△▲]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)\.\d+|[-△▲]?\d{1,3}(?:[,，]\d{3})+)$`,
  'u',
);

/**
 * Splits pieces that hold several figures or a label and its figures ("行政运行1,797.02", "1,797.02 1,484.24 312.78"):
 * only where the parts read as separate cells, i.e. the trailing parts are amounts.
 */
export function splitGlued(p: Piece): Piece[] {
  const s = p.str;
  // Whitespace-separated tokens after the first all amounts: one piece per token. The first keeps the item's left
  // edge and the last its right edge (each with the width of its characters); those between are placed by
  // proportion only (loose): the gaps between merged cells are wider than a space.
  const tokens = [...s.matchAll(/[^\s\u3000\u00a0]+/gu)];
  if (tokens.length >= 2 && tokens.slice(1).every((t) => isAmountText(t[0]))) {
    const edges = charEdges(s, p.x, p.w);
    const own = (t: string): number => [...t].reduce((w, ch) => w + charWeight(ch), 0) * (p.h || 10);
    const out = tokens.map((t, k): Piece => {
      const str = t[0];
      if (k === 0) return { ...p, str, w: Math.min(own(str), p.w) };
      if (k === tokens.length - 1)
        return { ...p, str, x: p.x + p.w - Math.min(own(str), p.w), w: Math.min(own(str), p.w) };
      const x0 = edges[t.index!]!;
      return { ...p, str, x: x0, w: edges[t.index! + str.length]! - x0, loose: true };
    });
    return [...splitGlued(out[0]!), ...out.slice(1)];
  }
  // A label with an amount glued on: "行政运行1,797.02" (not a code: codes are digits only and stay with their name).
  const m = GLUED_AMOUNT.exec(s);
  if (m?.groups && m.groups.label!.length >= 2 && !/[:：]$/u.test(m.groups.label!)) {
    const cut = cutPiece(p, m.groups.label!.length, true);
    if (cut) return cut;
  }
  return [p];
}

/**
 * The parts of a piece in a table whose columns are known: figures run together over as many columns as they are
 * ("8,149.47 8,149.47 8,149.47" over three columns) go one to a column; anything else as splitGlued cuts it.
 */
export function splitInColumns(p: Piece, xs: readonly number[]): Piece[] {
  const words = [...p.str.matchAll(/[^\s\u3000\u00a0]+/gu)].map((w) => w[0]);
  if (words.length >= 2 && words.slice(1).every(isAmountText)) {
    const c0 = columnAt(xs, p.x + 0.5);
    const c1 = columnAt(xs, p.x + p.w - 0.5);
    if (c1 - c0 + 1 === words.length) {
      const own = (t: string): number => [...t].reduce((w, ch) => w + charWeight(ch), 0) * (p.h || 10);
      return words.map((str, k) => {
        const c = c0 + k;
        const w = Math.min(own(str), xs[c + 1]! - xs[c]!);
        const x = k === 0 ? p.x : k === words.length - 1 ? p.x + p.w - w : xs[c + 1]! - w - 1;
        return { ...p, str, x, w };
      });
    }
  }
  return splitGlued(p);
}
