import { normalizeText, type PageSource, type RawBlock, type RawCell, type RawTable } from '../dom/adapter';
import type { CellAddress } from '../model';
import { findUnitLine } from '../money/units';
import { looksLikeTableTitle, numbering } from '../parse/labels';
import type { PdfBox, PdfPageContent, PdfRule, PdfShade, PdfSource, PdfTextItem } from './types';

/**
 * Rebuilds a PDF's tables and text from positioned text items and ruling lines (pure: no pdf.js, no DOM), into the
 * PageSource the HTML adapter gives, with where every cell and every character of the text sits (PdfSource).
 *
 * - Lines: items clustered by their vertical middle; items of a line joined, with a space where the gap is wider
 *   than a quarter em.
 * - Ruled tables: connected horizontal and vertical rules form a grid; the rule x and y positions are the slot grid,
 *   and a missing rule between two slots merges them (colSpan / rowSpan exactly as the source table had them). Where
 *   rows have no rules between them (figures stacked in one slot), rows come from the text lines.
 * - Tables without rules: with shaded header cells (LibreOffice, Word and WPS shade <th> and draw no borders) the
 *   shades give the header cells, their spans and the columns; else runs of lines with aligned figures, columns from
 *   the x ranges (nearly) every line leaves free, header lines just above cut into them. Lines become rows when they
 *   overlap or the gap above them is the small one of the table's two gap sizes, never with two figures in a column
 *   (a label wrapped in its cell joins its row).
 * - Items that cross a column boundary (cells merged into one item by the producer or by pdf.js: "行政运行 1,797.02
 *   1,484.24", "行政运行1,797.02") are cut into their cells: one word to a cell when the counts agree, else at spaces
 *   and where text meets a figure.
 * - Header cells: all bold (font name, weight, Chromium's Type 3 synthesized bold, fill-and-stroke text), shaded, or
 *   repeated at the top of the next page.
 * - Indentation (RawCell.indent, em): a label's left edge beyond the smallest in its column, over a table and its
 *   continuations.
 * - Page breaks: a table continued without its header is appended to the table it continues (one RawTable); rows the
 *   break cut (no rule closes the page's last row, none opens the next page's first) are rebuilt whole from both
 *   pages; with a repeated header the continuation stays a table of its own, in order, for the engine's
 *   continuation merge (lib/parse/document.ts), its header rows marked as header and the rest of a cut row joined to
 *   the row it began in.
 * - Text outside tables: lines joined into paragraphs (a paragraph ends at a wider gap than the page's usual line
 *   gap, another size or weight, a line that ended early, an indent or a numbering; it goes on over a page break),
 *   nothing between lines where a Chinese character meets the break, one space otherwise; running headers and page
 *   numbers dropped.
 * - textBoxes(block, …): `block` is the index in PageSource.blocks (tables counted), as the claims' block numbers.
 */

export interface BuildPdfOptions {
  /** The document's address (file path or URL): PageSource.url. */
  readonly url: string;
  /** The document's title (PDF metadata), if any: PageSource.title. */
  readonly title?: string;
}

/** An item, or a piece of one, on a page. */
interface Piece {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly bold: boolean;
  readonly page: number;
  /** Cut out of a longer item between two other parts: where it sits is a guess. */
  readonly loose?: boolean;
}

interface Line {
  readonly pieces: Piece[];
  readonly x: number;
  readonly y: number;
  readonly right: number;
  readonly bottom: number;
  readonly size: number;
  readonly page: number;
}

interface HRule {
  y: number;
  x1: number;
  x2: number;
}
interface VRule {
  x: number;
  y1: number;
  y2: number;
}

/** A cell as rebuilt, with where it sits. */
interface OutCell {
  readonly text: string;
  readonly rowSpan: number;
  readonly colSpan: number;
  readonly header: boolean;
  readonly indent: number;
  readonly box: PdfBox;
  /** Ruled tables: the cell's grid column and its text's left and right gaps (points) and size, for indentation. */
  readonly place?: { readonly col: number; readonly left: number; readonly right: number; readonly size: number; readonly number: boolean };
}

interface OutTable {
  readonly page: number;
  readonly top: number;
  readonly bottom: number;
  /** Column boundaries (x), for matching a continuation on the next page. */
  readonly xs: readonly number[];
  rows: OutCell[][];
  /** No rule closes the first row at the top / the last row at the bottom: a row cut by a page break (Chromium). */
  readonly openTop?: boolean;
  readonly openBottom?: boolean;
  /** The last page the table reaches (a table whose rows were cut by page breaks is rebuilt as one). */
  readonly endPage?: number;
  /** What a ruled table was rebuilt from, to rebuild it over a page break. */
  readonly src?: { readonly region: Region; readonly pieces: readonly Piece[]; readonly seams: readonly Seam[] };
}

/** Where a table rebuilt over a page break continues: from y (rebuilt coordinates) on, page `page`, y − offset. */
interface Seam {
  readonly y: number;
  readonly offset: number;
  readonly page: number;
}

/** A run of text in a block: characters [start, end) drawn from `x0` to `x1` on one line of a page. */
interface TextRun {
  readonly start: number;
  readonly end: number;
  readonly page: number;
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
  readonly h: number;
  /** Character edges (end − start + 1 values) from x0 to x1. */
  readonly edges: readonly number[];
}

type Element = { kind: 'text'; top: number; lines: Line[]; textRight: number; lineGap: number } | { kind: 'table'; top: number; table: OutTable };

const TOL = 2;

// ---------------------------------------------------------------------------------------------------------------
// Text: characters, widths, numbers

const isCjk = (ch: string): boolean => {
  const c = ch.codePointAt(0)!;
  return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x3000 && c <= 0x303f) || (c >= 0x20000 && c <= 0x2fa1f);
};

/** Rough advance of a character in em: enough to find where in an item a column boundary falls. */
function charWeight(ch: string): number {
  if (isCjk(ch) || ch === '“' || ch === '”' || ch === '‘' || ch === '’' || ch === '—' || ch === '…') return 1;
  if (/[0-9]/u.test(ch)) return 0.55;
  if (/[.,:;'!|il]/u.test(ch)) return 0.28;
  if (ch === ' ') return 0.3;
  if (/[A-Z%]/u.test(ch)) return 0.68;
  return 0.55;
}

/** The x of each character edge of a piece (length + 1 values), spreading its width by the characters' weights. */
function charEdges(str: string, x: number, w: number): number[] {
  const chars = [...str];
  const weights = chars.map(charWeight);
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const edges: number[] = [x];
  let acc = 0;
  // Edges per UTF-16 unit, so offsets into the string map directly.
  for (const [i, ch] of chars.entries()) {
    acc += weights[i]!;
    const e = x + (w * acc) / total;
    if (ch.length === 2) edges.push(e);
    edges.push(e);
  }
  return edges;
}

const FOLD_DIGITS = (s: string): string =>
  s.replace(/[\uff01-\uff5e]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000\u00a0]+/gu, '');

const NUMBER_TEXT = /^(?:[-△▲]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|[-△▲]?\d+(?:\.\d+)?|[(（][-]?[\d,，]+(?:\.\d+)?[)）])%?$/u;
/** A printed figure (not a code: codes have no separator or decimal point and are handled as text here too). */
export const isNumberText = (s: string): boolean => NUMBER_TEXT.test(FOLD_DIGITS(s));
/** An amount as tables print them: with a decimal point or thousands separators, or a dash for nothing. */
const isAmountText = (s: string): boolean => {
  const f = FOLD_DIGITS(s);
  return (NUMBER_TEXT.test(f) && /[.,，%]/u.test(f)) || /^[-—–]+$/u.test(f) || /^0$/u.test(f);
};

/** Joins two pieces of text: nothing between two Chinese characters (or CJK punctuation), one space otherwise. */
function joinSep(left: string, right: string): string {
  const a = left[left.length - 1];
  const b = right[0];
  if (a === undefined || b === undefined) return '';
  if (a === ' ' || b === ' ') return '';
  return isCjk(a) || isCjk(b) ? '' : ' ';
}

const collapse = (s: string): string => s.replace(/[\s\u00a0\u3000\u200b\ufeff]+/gu, ' ');

// ---------------------------------------------------------------------------------------------------------------
// Pieces and lines

function piecesOf(page: PdfPageContent): Piece[] {
  const out: Piece[] = [];
  for (const it of page.items) {
    if (!it.str || it.str.trim() === '' || !(it.height > 0)) continue;
    out.push(toPiece(it, page.page));
  }
  return out;
}

function toPiece(it: PdfTextItem, page: number): Piece {
  return { str: it.str, x: it.x, y: it.y, w: Math.max(0, it.width), h: it.height, bold: it.bold === true, page };
}

/** Cuts a piece at character offset i (UTF-16), trimming spaces at the cut. */
function cutPiece(p: Piece, i: number, separate = false): [Piece, Piece] | undefined {
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
function cutIndexAt(p: Piece, x: number): number | undefined {
  const edges = charEdges(p.str, p.x, p.w);
  let natural = -1;
  let naturalD = Number.POSITIVE_INFINITY;
  let nearest = -1;
  let nearestD = Number.POSITIVE_INFINITY;
  for (let i = 1; i < p.str.length; i++) {
    const d = Math.abs(edges[i]! - x);
    const before = p.str[i - 1]!;
    const after = p.str[i]!;
    const isNatural = (/\s/u.test(before) && !/\s/u.test(after)) || (/\d/u.test(after) && !/[\d.,，\s\-△▲(（]/u.test(before)) || (/\d/u.test(before) && !/[\d.,，%\s]/u.test(after));
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

/**
 * Splits pieces that hold several figures or a label and its figures ("行政运行1,797.02", "1,797.02 1,484.24 312.78"):
 * only where the parts read as separate cells, i.e. the trailing parts are amounts.
 */
function splitGlued(p: Piece): Piece[] {
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
      if (k === tokens.length - 1) return { ...p, str, x: p.x + p.w - Math.min(own(str), p.w), w: Math.min(own(str), p.w) };
      const x0 = edges[t.index!]!;
      return { ...p, str, x: x0, w: edges[t.index! + str.length]! - x0, loose: true };
    });
    return [...splitGlued(out[0]!), ...out.slice(1)];
  }
  // A label with an amount glued on: "行政运行1,797.02" (not a code: codes are digits only and stay with their name).
  const m = /^(?<label>.*?[^\d\s,，.．\-△▲(（])(?<num>[-△▲]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)\.\d+|[-△▲]?\d{1,3}(?:[,，]\d{3})+)$/u.exec(s);
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
function splitInColumns(p: Piece, xs: readonly number[]): Piece[] {
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

/** Groups pieces into lines by their vertical middle; pieces in a line sorted by x. */
function groupLines(pieces: readonly Piece[]): Line[] {
  const sorted = [...pieces].sort((a, b) => a.page - b.page || a.y + a.h / 2 - (b.y + b.h / 2) || a.x - b.x);
  const groups: Piece[][] = [];
  let cur: Piece[] = [];
  let mid = 0;
  let h = 0;
  for (const p of sorted) {
    const pm = p.y + p.h / 2;
    if (cur.length > 0 && p.page === cur[0]!.page && Math.abs(pm - mid) <= Math.min(h, p.h) * 0.4) {
      cur.push(p);
      continue;
    }
    if (cur.length > 0) groups.push(cur);
    cur = [p];
    mid = pm;
    h = p.h;
  }
  if (cur.length > 0) groups.push(cur);
  return groups.map(makeLine);
}

function makeLine(pieces: Piece[]): Line {
  const ps = [...pieces].sort((a, b) => a.x - b.x);
  const sizes = ps.map((p) => p.h).sort((a, b) => a - b);
  return {
    pieces: ps,
    x: Math.min(...ps.map((p) => p.x)),
    y: Math.min(...ps.map((p) => p.y)),
    right: Math.max(...ps.map((p) => p.x + p.w)),
    bottom: Math.max(...ps.map((p) => p.y + p.h)),
    size: sizes[sizes.length >> 1]!,
    page: ps[0]!.page,
  };
}

/** Splits a line where the gap between pieces is wider than `gapEm` ems: chunks (cells of a table line, or separate texts). */
function chunksOf(line: Line, gapEm: number): Line[] {
  const out: Piece[][] = [];
  let cur: Piece[] = [];
  let right = Number.NEGATIVE_INFINITY;
  for (const p of line.pieces) {
    if (cur.length > 0 && p.x - right > gapEm * Math.max(line.size, 1)) {
      out.push(cur);
      cur = [];
    }
    cur.push(p);
    right = Math.max(right, p.x + p.w);
  }
  if (cur.length > 0) out.push(cur);
  return out.map(makeLine);
}

interface Built {
  text: string;
  runs: TextRun[];
}

/** Text of a line: pieces joined with a space where the gap is over a quarter em (and the text has none). */
function appendLine(b: Built, line: Line): void {
  let prevRight: number | undefined;
  for (const p of line.pieces) {
    let s = collapse(p.str);
    let x = p.x;
    let w = p.w;
    const lead = s.length - s.trimStart().length;
    const trail = s.length - s.trimEnd().length;
    if (lead || trail) {
      const edges = charEdges(s, p.x, p.w);
      x = edges[lead]!;
      w = edges[s.length - trail]! - x;
      s = s.trim();
    }
    if (!s) continue;
    let sep = '';
    if (b.text !== '') {
      if (prevRight === undefined) sep = joinSep(b.text, s);
      else if (x - prevRight > 0.25 * Math.max(p.h, 1) && !b.text.endsWith(' ')) sep = ' ';
    }
    b.text += sep;
    const start = b.text.length;
    b.text += s;
    b.runs.push({ start, end: b.text.length, page: p.page, x0: x, x1: x + w, y: p.y, h: p.h, edges: charEdges(s, x, w) });
    prevRight = x + w;
  }
}

function linesText(lines: readonly Line[]): Built {
  const b: Built = { text: '', runs: [] };
  for (const l of lines) appendLine(b, l);
  return b;
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

function normaliseRules(rules: readonly PdfRule[]): { h: HRule[]; v: VRule[] } {
  const hs: HRule[] = [];
  const vs: VRule[] = [];
  for (const r of rules) {
    if (Math.abs(r.y1 - r.y2) <= 0.5) hs.push({ y: (r.y1 + r.y2) / 2, x1: Math.min(r.x1, r.x2), x2: Math.max(r.x1, r.x2) });
    else if (Math.abs(r.x1 - r.x2) <= 0.5) vs.push({ x: (r.x1 + r.x2) / 2, y1: Math.min(r.y1, r.y2), y2: Math.max(r.y1, r.y2) });
  }
  const mergeH = (list: HRule[]): HRule[] => {
    list.sort((a, b) => a.y - b.y || a.x1 - b.x1);
    const out: HRule[] = [];
    // Cluster by y, then merge touching x ranges within a cluster.
    let i = 0;
    while (i < list.length) {
      let j = i;
      const y0 = list[i]!.y;
      while (j < list.length && list[j]!.y - y0 <= 1.2) j++;
      const group = list.slice(i, j).sort((a, b) => a.x1 - b.x1);
      const y = group.reduce((s, r) => s + r.y, 0) / group.length;
      let cur: HRule | undefined;
      for (const r of group) {
        if (cur && r.x1 <= cur.x2 + 1.5) cur.x2 = Math.max(cur.x2, r.x2);
        else {
          if (cur) out.push(cur);
          cur = { y, x1: r.x1, x2: r.x2 };
        }
      }
      if (cur) out.push(cur);
      i = j;
    }
    return out.filter((r) => r.x2 - r.x1 >= 3);
  };
  const v = mergeH(vs.map((r) => ({ y: r.x, x1: r.y1, x2: r.y2 }))).map((r) => ({ x: r.y, y1: r.x1, y2: r.x2 }));
  return { h: mergeH(hs), v };
}

/** Sorted distinct positions, clustered within `tol`. */
function clusterPositions(values: readonly number[], tol: number): number[] {
  const s = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of s) {
    const last = out[out.length - 1];
    if (last && v - last[last.length - 1]! <= tol) last.push(v);
    else out.push([v]);
  }
  return out.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
}

interface Region {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  h: HRule[];
  v: VRule[];
}

/** Connected groups of crossing rules with at least two horizontal and two vertical lines: ruled table candidates. */
function ruledRegions(h: readonly HRule[], v: readonly VRule[]): Region[] {
  const n = h.length + v.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[ra] = rb;
  };
  const vs = v.map((r, i) => ({ r, i: h.length + i })).sort((a, b) => a.r.x - b.r.x);
  for (const [hi, hr] of h.entries()) {
    for (const { r: vr, i } of vs) {
      if (vr.x < hr.x1 - TOL) continue;
      if (vr.x > hr.x2 + TOL) break;
      if (hr.y >= vr.y1 - TOL && hr.y <= vr.y2 + TOL) union(hi, i);
    }
  }
  const groups = new Map<number, Region>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity, h: [], v: [] }));
    if (i < h.length) {
      const r = h[i]!;
      g.h.push(r);
      g.x1 = Math.min(g.x1, r.x1);
      g.x2 = Math.max(g.x2, r.x2);
      g.y1 = Math.min(g.y1, r.y);
      g.y2 = Math.max(g.y2, r.y);
    } else {
      const r = v[i - h.length]!;
      g.v.push(r);
      g.x1 = Math.min(g.x1, r.x);
      g.x2 = Math.max(g.x2, r.x);
      g.y1 = Math.min(g.y1, r.y1);
      g.y2 = Math.max(g.y2, r.y2);
    }
  }
  return [...groups.values()].filter((g) => g.h.length >= 2 && g.v.length >= 2 && g.x2 - g.x1 > 20 && g.y2 - g.y1 > 8);
}

const hasV = (region: Region, x: number, ya: number, yb: number): boolean =>
  region.v.some((r) => Math.abs(r.x - x) <= TOL && r.y1 <= ya + TOL && r.y2 >= yb - TOL);
const hasH = (region: Region, y: number, xa: number, xb: number): boolean =>
  region.h.some((r) => Math.abs(r.y - y) <= TOL && r.x1 <= xa + TOL && r.x2 >= xb - TOL);

// ---------------------------------------------------------------------------------------------------------------
// Cells

/** All the cell's text is bold (pieces of punctuation alone, often in a fallback font without a bold face, aside). */
function allBold(pieces: readonly Piece[]): boolean {
  const words = pieces.filter((p) => /[\p{L}\p{N}]/u.test(p.str));
  return words.length > 0 && words.every((p) => p.bold);
}

/** A cell's text, header flag and indentation from the pieces inside it. */
function cellContent(pieces: readonly Piece[]): { text: string; header: boolean; first?: Line; widest?: Line; size: number } {
  if (pieces.length === 0) return { text: '', header: false, size: 0 };
  const lines = groupLines(pieces);
  const b = linesText(lines);
  const widest = lines.reduce((a, l) => (l.right - l.x > a.right - a.x ? l : a), lines[0]!);
  return { text: normalizeText(b.text), header: allBold(pieces), first: lines[0]!, widest, size: lines[0]!.size };
}

interface GridCell {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
  pieces: Piece[];
}

/** Marks as header the cells whose middle lies in a shaded rectangle of their page. */
function markShaded(t: OutTable, shades: ReadonlyMap<number, readonly PdfShade[]>): void {
  for (const row of t.rows) row.forEach((c, i) => {
    if (c.header || c.text === '') return;
    const list = shades.get(c.box.page);
    if (!list || list.length === 0) return;
    const cx = c.box.x + c.box.width / 2;
    const cy = c.box.y + c.box.height / 2;
    if (list.some((s) => cx >= s.x && cx <= s.x + s.width && cy >= s.y && cy <= s.y + s.height)) row[i] = { ...c, header: true };
  });
}

/** A cell's box on its page: the part before the first seam it crosses (a table rebuilt over page breaks). */
function boxAt(page: number, seams: readonly Seam[], x0: number, y0: number, x1: number, y1: number): PdfBox {
  let p = page;
  let offset = 0;
  let end = y1;
  for (const s of seams) {
    if (y0 >= s.y - 0.5) {
      p = s.page;
      offset = s.offset;
    } else if (y1 > s.y) {
      end = Math.min(end, s.y);
    }
  }
  return { page: p, x: r2(x0), y: r2(y0 - offset), width: r2(x1 - x0), height: r2(end - y0) };
}

/**
 * A table whose last row the page break cut (no rule closes it at the page's end, none opens the next page's first
 * table, same columns): both parts rebuilt as one table, the next page's part moved up under the first.
 */
function stitch(a: OutTable, b: OutTable): OutTable | undefined {
  if (!a.src || !b.src) return undefined;
  const offset = a.src.region.y2 - b.src.region.y1;
  const move = (y: number): number => y + offset;
  const region: Region = {
    x1: Math.min(a.src.region.x1, b.src.region.x1),
    x2: Math.max(a.src.region.x2, b.src.region.x2),
    y1: a.src.region.y1,
    y2: move(b.src.region.y2),
    // The next part's top edge is the break, not a rule of the table (collapsed borders are painted there).
    h: [...a.src.region.h, ...b.src.region.h.filter((r) => r.y > b.src!.region.y1 + TOL).map((r) => ({ ...r, y: move(r.y) }))],
    v: joinVertical([...a.src.region.v, ...b.src.region.v.map((r) => ({ ...r, y1: move(r.y1), y2: move(r.y2) }))]),
  };
  const pieces = [...a.src.pieces, ...b.src.pieces.map((p) => ({ ...p, y: move(p.y) }))];
  const seams = [...a.src.seams, { y: a.src.region.y2, offset, page: b.page }, ...b.src.seams.map((s) => ({ ...s, y: move(s.y), offset: s.offset + offset }))];
  return ruledTable(region, pieces, a.page, seams);
}

/** Collinear vertical rules that touch (a rule cut by the page break, moved together) as one. */
function joinVertical(v: readonly VRule[]): VRule[] {
  const byX = [...v].sort((a, b) => a.x - b.x);
  const out: VRule[] = [];
  let i = 0;
  while (i < byX.length) {
    let j = i + 1;
    while (j < byX.length && byX[j]!.x - byX[j - 1]!.x <= 1.2) j++;
    const group = byX.slice(i, j).sort((a, b) => a.y1 - b.y1);
    const x = group.reduce((s, r) => s + r.x, 0) / group.length;
    let cur: VRule | undefined;
    for (const r of group) {
      if (cur && r.y1 <= cur.y2 + 1.5) cur.y2 = Math.max(cur.y2, r.y2);
      else {
        if (cur) out.push(cur);
        cur = { x, y1: r.y1, y2: r.y2 };
      }
    }
    if (cur) out.push(cur);
    i = j;
  }
  return out;
}

/** Rebuilds a ruled table from its region's rules and the pieces inside it. */
function ruledTable(region: Region, pieces: Piece[], page: number, seams: readonly Seam[] = []): OutTable | undefined {
  const src = { region, pieces, seams };
  const xs = clusterPositions(region.v.map((r) => r.x), 3);
  let ys = clusterPositions(region.h.map((r) => r.y), 3);
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
    if (cross !== undefined) {
      const i = cutIndexAt(p, cross);
      const cut = i !== undefined ? cutPiece(p, i) : undefined;
      if (cut) {
        queue.push(...cut);
        continue;
      }
    }
    cutPieces.push(p);
  }
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
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) {
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
    const c = slotOf(p.x + Math.min(p.w, p.h) / 2, xs);
    cells.get(find(r * C + c))!.pieces.push(p);
  }
  // A rule-less empty row (a stray rule's sliver) carries nothing: drop rows whose slots are all empty and thin.
  const list = [...cells.values()].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  const contents = list.map((g) => ({ c0: g.c0, left: xs[g.c0]!, right: xs[g.c1 + 1]!, content: cellContent(g.pieces) }));
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
        ? { place: { col: g.c0, left: c.first.x - xs[g.c0]!, right: xs[g.c1 + 1]! - c.widest.right, size: c.size, number: isNumberText(c.text) } }
        : {}),
    });
  });
  const open = (y: number): boolean => !hasH(region, y, xs[0]! + 2, xs[C]! - 2) && !region.h.some((h) => Math.abs(h.y - y) <= TOL && h.x2 - h.x1 > (xs[C]! - xs[0]!) * 0.3);
  const edges = { ...(open(ys[0]!) ? { openTop: true } : {}), ...(open(ys[R]!) ? { openBottom: true } : {}) };
  // Thin rows without any text and without cells reaching into other rows are slivers between double rules.
  const keep = rows.map((row, r) => !(ys[r + 1]! - ys[r]! < 4 && row.every((c) => c.text === '' && c.rowSpan === 1)));
  if (keep.some((k) => !k)) {
    const out: OutCell[][] = [];
    rows.forEach((row, r) => {
      if (keep[r]) out.push(row);
    });
    return { page, top: ys[0]!, bottom: ys[R]!, xs, rows: out, ...edges, src, ...(seams.length > 0 ? { endPage: seams[seams.length - 1]!.page } : {}) };
  }
  return { page, top: ys[0]!, bottom: ys[R]!, xs, rows, ...edges, src, ...(seams.length > 0 ? { endPage: seams[seams.length - 1]!.page } : {}) };
}

/** y positions to cut a ruled table's rows where a slot holds figures on two or more lines (rows without rules). */
function stackedRowCuts(region: Region, xs: readonly number[], ys: readonly number[], pieces: readonly Piece[]): number[] {
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

/**
 * Groups a table's lines (top to bottom) into rows. Lines that overlap vertically are one row (figures centred
 * beside a wrapped label); a line goes on the current row when the gap above it is small (when the table's gaps
 * fall in two sizes, the small ones are inside rows: a label wrapped in its cell) and it puts no second figure into
 * a column that already has one.
 */
function groupRows(lines: readonly Line[], figureColumns: (l: Line) => readonly number[]): Line[][] {
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

// ---------------------------------------------------------------------------------------------------------------
// Tables without rules

const NOT_TABLE_LINE = (text: string): boolean => !!findUnitLine(text) || looksLikeTableTitle(text) || /^(?:部门名称|单位名称|编制单位|填报单位|预算单位)[:：]/u.test(text.replace(/\s+/gu, ''));

const lineText = (l: Line): string => l.pieces.map((p) => p.str).join('');

/** Column index of x among boundaries xs (C + 1 values). */
function columnAt(xs: readonly number[], x: number): number {
  let c = 0;
  while (c + 2 < xs.length && x >= xs[c + 1]!) c++;
  return c;
}

/** The column a piece belongs to: the one holding its middle; when it reaches over a boundary, figures go by their right edge and text by its left. */
function columnOf(xs: readonly number[], p: Piece): number {
  const c = columnAt(xs, p.x + p.w / 2);
  if (p.x >= xs[c]! - 1 && p.x + p.w <= xs[c + 1]! + 1) return c;
  return isNumberText(p.str) ? columnAt(xs, p.x + p.w - 0.5) : columnAt(xs, p.x + 0.5);
}

interface HeaderBlock {
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
function shadeBlocks(shades: readonly PdfShade[], lines: readonly Line[]): HeaderBlock[] {
  const list = shades.filter((s) => s.width > 3 && s.height > 3).sort((a, b) => a.y - b.y);
  const parent = list.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const inShade = (l: Line): boolean => list.some((s) => (l.y + l.bottom) / 2 >= s.y && (l.y + l.bottom) / 2 <= s.y + s.height && l.x >= s.x - 2 && l.x <= s.x + s.width);
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
    return !free.some((l) => (l.y + l.bottom) / 2 > up.y + up.height && (l.y + l.bottom) / 2 < down.y && l.right > x0 && l.x < x1);
  };
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    // Sorted by top: shades further down than any join allows end the search.
    const reach = a.y + a.height + Math.max(30, 3 * a.height);
    for (let j = i + 1; j < list.length && list[j]!.y <= reach; j++) if (find(i) !== find(j) && joined(a, list[j]!)) parent[find(i)] = find(j);
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
    .map((g) => ({ x1: Math.min(...g.map((s) => s.x)), y1: Math.min(...g.map((s) => s.y)), x2: Math.max(...g.map((s) => s.x + s.width)), y2: Math.max(...g.map((s) => s.y + s.height)), shades: g }))
    .sort((a, b) => a.y1 - b.y1);
}

/** Leaf columns of a shaded header: every distinct x edge of its cells; boundaries halfway across the gaps between cells. */
function shadeColumns(block: HeaderBlock): number[] {
  const edges = clusterPositions(block.shades.flatMap((s) => [s.x, s.x + s.width]), 3);
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
function shadeHeader(block: HeaderBlock, xs: readonly number[], pieces: readonly Piece[], page: number): OutCell[][] {
  const C = xs.length - 1;
  const list = [...block.shades].sort((a, b) => a.y + a.height / 2 - (b.y + b.height / 2) || a.x - b.x);
  const xOverlap = (a: PdfShade, b: PdfShade): boolean => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 3;
  const mid = (s: PdfShade): number => s.y + s.height / 2;
  const level = new Map<PdfShade, number>();
  for (const s of list) {
    const above = list.filter((o) => o !== s && xOverlap(o, s) && mid(o) < mid(s) - 1);
    level.set(s, above.length === 0 ? 0 : Math.max(...above.map((o) => level.get(o) ?? 0)) + 1);
  }
  const R = Math.max(0, ...level.values()) + 1;
  const colRanges = Array.from({ length: C }, (_, c) => [xs[c]!, xs[c + 1]!] as [number, number]);
  const cols = (s: PdfShade): [number, number] | undefined => {
    const hit = colRanges.map((r, i) => ({ i, overlap: Math.min(s.x + s.width, r[1]) - Math.max(s.x, r[0]), size: r[1] - r[0] })).filter((o) => o.overlap > o.size * 0.5);
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
        rows[r]!.push({ text: content.text, rowSpan: cell.r1 - cell.r0 + 1, colSpan: cell.c1 - cell.c0 + 1, header: true, indent: 0, box: { page, x: r2(sh.x), y: r2(sh.y), width: r2(sh.width), height: r2(sh.height) } });
      } else if (!taken[r]![c]) {
        rows[r]!.push({ text: '', rowSpan: 1, colSpan: 1, header: false, indent: 0, box: { page, x: r2(xs[c]!), y: r2(bandY(r)), width: r2(xs[c + 1]! - xs[c]!), height: 1 } });
      }
    }
  }
  return rows;
}

/** The figures' columns in a line (for grouping lines into rows). */
const figureColumns = (xs: readonly number[]) => (l: Line): number[] => l.pieces.filter((p) => isAmountText(p.str)).map((p) => columnOf(xs, p));

/** Body rows of a table without rules: lines grouped into rows, pieces into columns; indentation of label columns. */
function unruledBody(lines: readonly Line[], xs: readonly number[], page: number): OutCell[][] {
  const C = xs.length - 1;
  const split = lines.map((l) => makeLine(l.pieces.flatMap((p) => splitInColumns(p, xs))));
  const rows = groupRows(split, figureColumns(xs));
  const out: OutCell[][] = [];
  const firstX: (number | undefined)[][] = [];
  for (const rowLines of rows) {
    const slots: Piece[][] = Array.from({ length: C }, () => []);
    for (const l of rowLines) for (const p of l.pieces) slots[columnOf(xs, p)]!.push(p);
    const top = Math.min(...rowLines.map((l) => l.y));
    const bottom = Math.max(...rowLines.map((l) => l.bottom));
    const contents = slots.map((ps) => cellContent(ps));
    out.push(
      contents.map((content, c) => ({
        text: content.text,
        rowSpan: 1,
        colSpan: 1,
        header: content.header,
        indent: 0,
        box: { page, x: r2(xs[c]!), y: r2(top), width: r2(xs[c + 1]! - xs[c]!), height: r2(bottom - top) },
      })),
    );
    firstX.push(contents.map((content) => (content.first && !isNumberText(content.text) ? content.first.x : undefined)));
  }
  // Indentation: a label's left edge beyond the column's leftmost label.
  for (let c = 0; c < C; c++) {
    const lefts = firstX.map((r) => r[c]).filter((v): v is number => v !== undefined);
    if (lefts.length < 2) continue;
    const base = Math.min(...lefts);
    out.forEach((row, r) => {
      const x = firstX[r]![c];
      if (x === undefined) return;
      const size = rows[r]![0]!.size || 10;
      const em = Math.floor(((x - base) / size) * 4 + 0.5) / 4;
      if (em >= 0.5) row[c] = { ...row[c]!, indent: em };
    });
  }
  return out;
}

/** Columns of a table without rules or shading: x ranges that (nearly) every data line leaves free separate them. */
function projectedColumns(lines: readonly Line[]): number[] {
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

/** Header lines of a table without rules or shading: one header row per line; a label spans the columns it reaches over. */
function projectedHeader(header: readonly Line[], xs: readonly number[], page: number): OutCell[][] {
  const C = xs.length - 1;
  return header.map((h) => {
    const cells: OutCell[] = [];
    const empty = (c: number): OutCell => ({ text: '', rowSpan: 1, colSpan: 1, header: false, indent: 0, box: { page, x: r2(xs[c]!), y: r2(h.y), width: r2(xs[c + 1]! - xs[c]!), height: r2(h.bottom - h.y) } });
    let c = 0;
    for (const ch of chunksOf(h, 0.9)) {
      const c0 = columnAt(xs, ch.x + 0.5);
      let c1 = c0;
      while (c1 + 1 < C && ch.right > xs[c1 + 1]! + (xs[c1 + 2]! - xs[c1 + 1]!) * 0.3) c1++;
      if (c0 < c) continue;
      while (c < c0) cells.push(empty(c++));
      const content = cellContent(ch.pieces);
      cells.push({ text: content.text, rowSpan: 1, colSpan: c1 - c0 + 1, header: content.header, indent: 0, box: { page, x: r2(xs[c0]!), y: r2(h.y), width: r2(xs[c1 + 1]! - xs[c0]!), height: r2(h.bottom - h.y) } });
      c = c1 + 1;
    }
    while (c < C) cells.push(empty(c++));
    return cells;
  });
}

const amountsIn = (l: Line): number => l.pieces.flatMap(splitGlued).filter((p) => isAmountText(p.str)).length;

/** Lines below a table's header that belong to it: within its width, no title or unit line, no wide gap, no text across columns. */
function bodyLines(lines: readonly Line[], from: number, x1: number, x2: number, xs: readonly number[], stopAt: number): number {
  let j = from;
  let lastBottom = lines[from - 1]?.bottom ?? 0;
  let pitch = 0;
  const size = lines[from]?.size ?? 10;
  while (j < lines.length) {
    const l = lines[j]!;
    if (l.y >= stopAt) break;
    if (l.x < x1 - size || l.right > x2 + size) break;
    if (NOT_TABLE_LINE(lineText(l))) break;
    const gap = l.y - lastBottom;
    if (gap > Math.max(size * 6, pitch * 2.5)) break;
    // Text reaching over two whole columns is text below the table (figures a producer ran together are split first).
    if (l.pieces.flatMap(splitGlued).some((p) => columnAt(xs, p.x + 0.5) + 1 < columnAt(xs, p.x + p.w - 0.5))) break;
    if (gap > 0) pitch = Math.max(pitch, gap);
    lastBottom = Math.max(lastBottom, l.bottom);
    j++;
  }
  return j;
}

/**
 * Tables without rules on a page. With a shaded header (LibreOffice, Word and WPS shade <th> cells and print no
 * borders): the shaded cells give the header's cells and the columns, the lines below are the body. Else: runs of
 * lines with two or more figures, the header lines just above them, columns from the x ranges the lines leave free.
 */
function unruledTables(lines: readonly Line[], shades: readonly PdfShade[], page: number): { tables: OutTable[]; rest: Line[] } {
  const sorted = [...lines].sort((a, b) => a.y - b.y || a.x - b.x);
  const used = new Set<Line>();
  const tables: OutTable[] = [];
  const blocks = shadeBlocks(shades, sorted);
  blocks.forEach((block, bi) => {
    const xs = shadeColumns(block);
    if (xs.length < 3) return;
    const inHeader = sorted.filter((l) => !used.has(l) && (l.y + l.bottom) / 2 >= block.y1 - 1 && (l.y + l.bottom) / 2 <= block.y2 + 1 && l.right > block.x1 && l.x < block.x2);
    if (inHeader.length === 0) return;
    const start = sorted.findIndex((l) => l.y > block.y2 - 1 && !used.has(l));
    const stopAt = blocks.slice(bi + 1).find((b) => b.y1 > block.y2)?.y1 ?? Number.POSITIVE_INFINITY;
    const end = start < 0 ? -1 : bodyLines(sorted, start, block.x1, block.x2, xs, stopAt);
    const body = start < 0 ? [] : sorted.slice(start, end);
    const header = shadeHeader(block, xs, inHeader.flatMap((l) => l.pieces), page);
    const rows = [...header, ...unruledBody(body, xs, page)];
    for (const l of [...inHeader, ...body]) used.add(l);
    const bottom = Math.max(block.y2, ...body.map((l) => l.bottom));
    tables.push({ page, top: block.y1, bottom, xs, rows });
  });

  const free = sorted.filter((l) => !used.has(l));
  let i = 0;
  while (i < free.length) {
    if (amountsIn(free[i]!) < 2 && !(amountsIn(free[i]!) >= 1 && chunksOf(free[i]!, 0.9).length >= 2)) {
      i++;
      continue;
    }
    // Figure lines and the label lines between them.
    let j = i + 1;
    let last = i;
    const size = free[i]!.size;
    while (j < free.length) {
      const l = free[j]!;
      if (l.y - free[j - 1]!.bottom > size * 2.5 || NOT_TABLE_LINE(lineText(l))) break;
      if (amountsIn(l) >= 1 && chunksOf(l, 0.9).length >= 2) last = j;
      else if (chunksOf(l, 0.9).length === 1 && l.right - l.x > (free[i]!.right - free[i]!.x) * 0.8) break;
      j++;
    }
    const data = free.slice(i, last + 1);
    if (data.filter((l) => amountsIn(l) >= 1).length < 2) {
      i++;
      continue;
    }
    const xs = projectedColumns(data.filter((l) => amountsIn(l) >= 1));
    if (xs.length < 3) {
      i = last + 1;
      continue;
    }
    // Header lines just above: close, within the table's width, several labels, no title or unit line.
    let top = i;
    while (top - 1 >= 0 && !used.has(free[top - 1]!)) {
      const p = free[top - 1]!;
      if (free[top]!.y - p.bottom > size * 1.6 || NOT_TABLE_LINE(lineText(p)) || p.x < xs[0]! - size * 2 || p.right > xs[xs.length - 1]! + size * 2) break;
      if (amountsIn(p) >= 1) break;
      if (chunksOf(p, 0.9).length < 2 && p.right - p.x > (xs[xs.length - 1]! - xs[0]!) * 0.6) break;
      top--;
    }
    const header = free.slice(top, i);
    const rows = [...projectedHeader(header, xs, page), ...unruledBody(data, xs, page)];
    for (const l of [...header, ...data]) used.add(l);
    tables.push({ page, top: Math.min(...[...header, ...data].map((l) => l.y)), bottom: Math.max(...data.map((l) => l.bottom)), xs, rows });
    i = last + 1;
  }
  return { tables, rest: lines.filter((l) => !used.has(l)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Pages

const r2 = (v: number): number => Math.floor(v * 100 + 0.5) / 100;

/** Lines of running headers and footers (page numbers, a title repeated on every page) to drop. */
function runningLines(pages: readonly { page: PdfPageContent; lines: Line[] }[]): Set<Line> {
  const drop = new Set<Line>();
  const key = (l: Line): string => normalizeText(l.pieces.map((p) => p.str).join('')).replace(/\d+/gu, '#');
  const margin = (p: PdfPageContent, l: Line): boolean => l.y < p.height * 0.08 || l.bottom > p.height * 0.92;
  const counts = new Map<string, number>();
  // Only the first and last two lines of a page (outside its ruled tables) can be running headers or footers.
  const edge = (lines: readonly Line[]): Set<Line> => {
    const byY = [...lines].sort((a, b) => a.y - b.y);
    return new Set([...byY.slice(0, 2), ...byY.slice(-2)]);
  };
  for (const { page, lines } of pages) {
    const seen = new Set<string>();
    const ends = edge(lines);
    for (const l of lines) if (ends.has(l) && margin(page, l)) seen.add(key(l));
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const many = Math.max(3, pages.length * 0.5);
  for (const { page, lines } of pages) {
    const ends = edge(lines);
    for (const l of lines) {
      if (!ends.has(l) || !margin(page, l)) continue;
      const text = normalizeText(l.pieces.map((p) => p.str).join(''));
      const pageNumber = /^[-—–\s]*\d{1,4}[-—–\s]*$/u.test(text) || /^第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?$/u.test(text) || /^\d+\s*\/\s*\d+$/u.test(text) || /^(?:page\s*)?\d+\s*(?:of\s*\d+)?$/iu.test(text);
      if (pageNumber || (pages.length >= 3 && (counts.get(key(l)) ?? 0) >= many)) drop.add(l);
    }
  }
  return drop;
}

/** Width of a line's first word: its leading run of Latin letters, digits and signs, or its first character. */
function firstWordWidth(l: Line): number {
  let text = '';
  const ends: number[] = [];
  for (const p of l.pieces) {
    const edges = charEdges(p.str, p.x, p.w);
    for (let i = 0; i < p.str.length; i++) ends.push(edges[i + 1]!);
    text += p.str;
    if (text.length > 40) break;
  }
  const s = text.trimStart();
  const lead = text.length - s.length;
  // A run of Latin letters and digits, else one character, with the brackets and punctuation a line may not be broken
  // at around it: "(项)68.34", "用），".
  const m = /^[（(“‘《〈【〔「『]*(?:[\w.,%+-]+|.)(?:[)）」』》〉】〕”’]+[\w.,%+-]*)*[，。、；：！？,.;:!?%]*/u.exec(s);
  const n = m ? m[0].length : 1;
  const end = ends[Math.min(lead + n, ends.length) - 1];
  return end === undefined ? 0 : end - l.x;
}

/**
 * Does line `l` go on with the paragraph whose lines are `cur`? Not after a wider gap, at another size or weight, after
 * a line that ended early (unless this line's first word would not have fitted there), at an indent or a numbering.
 * Across a page break (`l` first on its page, the paragraph last on the page before) the gap does not count.
 */
function continuesParagraph(cur: readonly Line[], l: Line, textRight: number, lineGap = 0): boolean {
  const prev = cur[cur.length - 1];
  if (!prev) return false;
  const gap = l.y - prev.bottom;
  const samePage = l.page === prev.page;
  if (samePage && !(gap >= -prev.size * 0.3 && gap < Math.max(prev.size, Math.min(lineGap + prev.size * 0.35, prev.size * 2.5)))) return false;
  if (!samePage && l.page !== prev.page + 1) return false;
  const sameStyle = Math.abs(l.size - prev.size) <= 0.6 && l.pieces.every((p) => p.bold) === prev.pieces.every((p) => p.bold);
  // The line before ran to the right edge, or the first word of this one would not have fitted after it.
  const fullLine = prev.right >= textRight - Math.max(prev.size * 2.2, firstWordWidth(l) + prev.size * 0.6);
  const left = Math.min(...cur.filter((c) => c.page === prev.page).map((c) => c.x));
  const indented = samePage ? l.x > left + prev.size * 0.9 && l.x > prev.x + prev.size * 0.9 : l.x > left + prev.size * 0.9;
  const text = l.pieces.map((p) => p.str).join('');
  const numbered = numbering(text) !== undefined || /^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[、.．](?!\d))/u.test(text.trim());
  return sameStyle && fullLine && !indented && !numbered;
}

/** Paragraphs from text lines (in page order). */
function paragraphs(lines: readonly Line[], textRight: number, lineGap: number): Line[][] {
  const out: Line[][] = [];
  let cur: Line[] = [];
  for (const l of lines) {
    if (cur.length > 0 && continuesParagraph(cur, l, textRight, lineGap)) {
      cur.push(l);
      continue;
    }
    if (cur.length > 0) out.push(cur);
    cur = [l];
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

interface PageLayout {
  elements: Element[];
}

/** The ruled tables of a page, and the lines of text outside them. */
function ruledPhase(page: PdfPageContent, pieces: readonly Piece[]): { elements: Element[]; free: Line[] } {
  const { h, v } = normaliseRules(page.rules);
  const regions = ruledRegions(h, v);
  const elements: Element[] = [];
  const inTable = new Set<Piece>();
  for (const region of regions.sort((a, b) => a.y1 - b.y1)) {
    const inside = pieces.filter((p) => {
      const cx = p.x + Math.min(p.w, p.h) / 2;
      const cy = p.y + p.h / 2;
      return cx >= region.x1 - 1 && cx <= region.x2 + 1 && cy >= region.y1 - 1 && cy <= region.y2 + 1 && !inTable.has(p);
    });
    if (inside.length === 0) continue;
    const t = ruledTable(region, inside, page.page);
    if (!t || t.rows.length === 0) continue;
    for (const p of inside) inTable.add(p);
    elements.push({ kind: 'table', top: t.top, table: t });
  }
  return { elements, free: groupLines(pieces.filter((p) => !inTable.has(p))) };
}

function layoutPage(page: PdfPageContent, ruled: Element[], free: Line[]): PageLayout {
  const elements = [...ruled];
  // Shading inside ruled tables is theirs (header cells); the rest may head tables without rules.
  const ruledBoxes = ruled.flatMap((e) => (e.kind === 'table' ? [e.table] : [])).map((t) => ({ x1: t.xs[0]!, x2: t.xs[t.xs.length - 1]!, y1: t.top, y2: t.bottom }));
  const shades = (page.shades ?? []).filter((sh) => {
    const cx = sh.x + sh.width / 2;
    const cy = sh.y + sh.height / 2;
    return !ruledBoxes.some((b) => cx >= b.x1 - 2 && cx <= b.x2 + 2 && cy >= b.y1 - 2 && cy <= b.y2 + 2);
  });
  const { tables, rest } = unruledTables(free, shades, page.page);
  for (const t of tables) elements.push({ kind: 'table', top: t.top, table: t });
  // Text: lines split at wide gaps (a title and a unit on one line are two blocks), then paragraphs.
  const textLines = rest.flatMap((l) => chunksOf(l, 3));
  const rights = textLines.map((l) => l.right).sort((a, b) => a - b);
  const textRight = rights.length > 0 ? rights[Math.floor(rights.length * 0.9)]! : page.width;
  // Keep text lines in reading order: by line, then by x.
  textLines.sort((a, b) => a.y - b.y || a.x - b.x);
  const tablesSorted = elements.filter((e) => e.kind === 'table').sort((a, b) => a.top - b.top);
  // Lines between two tables never join a paragraph across them.
  const segments: Line[][] = [];
  let seg: Line[] = [];
  let ti = 0;
  for (const l of textLines) {
    while (ti < tablesSorted.length && tablesSorted[ti]!.top <= l.y) {
      if (seg.length > 0) segments.push(seg);
      seg = [];
      ti++;
    }
    seg.push(l);
  }
  if (seg.length > 0) segments.push(seg);
  // The usual gap between the lines of a paragraph on this page: the commonest gap between consecutive lines.
  const counts = new Map<number, number>();
  for (const s of segments) for (let i = 1; i < s.length; i++) {
    const g = s[i]!.y - s[i - 1]!.bottom;
    if (g > 0 && g < s[i]!.size * 3) counts.set(Math.floor(g * 2 + 0.5) / 2, (counts.get(Math.floor(g * 2 + 0.5) / 2) ?? 0) + 1);
  }
  const lineGap = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  for (const s of segments) for (const p of paragraphs(s, textRight, lineGap)) elements.push({ kind: 'text', top: p[0]!.y, lines: p, textRight, lineGap });
  elements.sort((a, b) => a.top - b.top || (a.kind === 'table' ? -1 : 1));
  return { elements };
}

// ---------------------------------------------------------------------------------------------------------------
// The document

const rowTexts = (row: readonly OutCell[]): string => row.map((c) => c.text.replace(/\s+/gu, '')).join('|');

/** Same column boundaries (a table and its continuation on the next page). */
const sameColumns = (a: OutTable, b: OutTable): boolean => a.xs.length === b.xs.length && a.xs.every((x, i) => Math.abs(x - b.xs[i]!) <= 3);

/** How many first rows of `next` repeat rows of the header of `prev` (a repeated header after a page break). */
function repeatedHeaderRows(prev: readonly (readonly OutCell[])[], next: readonly (readonly OutCell[])[]): number {
  const head = new Set(prev.slice(0, 8).map(rowTexts));
  let h = 0;
  while (h < next.length && h < 8 && head.has(rowTexts(next[h]!)) && next[h]!.some((c) => c.text !== '')) h++;
  return h;
}

/** A header-looking first row (bold labels, no figures): a new table, not a continuation. */
const looksLikeHeader = (row: readonly OutCell[] | undefined): boolean =>
  !!row && row.some((c) => c.text !== '') && row.every((c) => c.text === '' || (c.header && !isNumberText(c.text)));

/**
 * A row cut by the page break: the continuation's first row (after a repeated header) holds only text, in columns
 * where the last row before the break holds text too (a label or a description that went on over the break).
 */
function isCutRowRest(prevLast: readonly OutCell[] | undefined, row: readonly OutCell[] | undefined, open: boolean): boolean {
  if (!prevLast || !row || !open) return false;
  const filled = row.filter((c) => c.text !== '');
  if (filled.length === 0 || filled.some((c) => isNumberText(c.text))) return false;
  return filled.every((c) => {
    const above = prevLast.find((p) => Math.abs(p.box.x - c.box.x) <= 3 && Math.abs(p.box.width - c.box.width) <= 3);
    return !!above && above.text !== '' && !isNumberText(above.text);
  });
}

/** Builds the PdfSource of a read PDF: text blocks and raw tables in reading order, with where each came from. */
export function buildPdfSource(pages: readonly PdfPageContent[], options: BuildPdfOptions): PdfSource {
  const phases = pages.map((page) => ({ page, ...ruledPhase(page, piecesOf(page)) }));
  const running = runningLines(phases.map((p) => ({ page: p.page, lines: p.free })));
  const kept = phases.map((p) => ({ ...p, free: p.free.filter((l) => !running.has(l)) }));
  // Rows cut by a page break: the table at the end of a page and the one at the start of the next, rebuilt as one
  // (and on over further pages while the rebuilt table is again the last thing on its page and cut).
  const tablesOf = (els: readonly Element[]): OutTable[] => els.flatMap((e) => (e.kind === 'table' ? [e.table] : [])).sort((x, y) => x.top - y.top);
  for (let i = 0; i + 1 < kept.length; i++) {
    const a = kept[i]!;
    let current = tablesOf(a.elements).at(-1);
    if (!current || a.free.some((l) => l.y > current!.bottom)) continue;
    const original = current;
    let j = i + 1;
    while (j < kept.length && current.openBottom) {
      const b = kept[j]!;
      const bt = tablesOf(b.elements);
      const first = bt[0];
      // Cut rows only: both edges open (a clean break between rows leaves a rule at one of them at least).
      if (!first || !first.openTop || !sameColumns(current, first) || b.free.some((l) => l.bottom < first.top)) break;
      // A repeated header: a continuation of its own (the engine merges it), not the rest of a cut row.
      if (repeatedHeaderRows(current.rows, first.rows) > 0) break;
      const joined = stitch(current, first);
      if (!joined) break;
      b.elements = b.elements.filter((e) => !(e.kind === 'table' && e.table === first));
      current = joined;
      // Go on only while the part just joined was the last thing on its page.
      if (bt.length > 1 || b.free.some((l) => l.y > first.bottom)) break;
      j++;
    }
    if (current !== original) {
      const done = current;
      a.elements = a.elements.map((e) => (e.kind === 'table' && e.table === original ? { ...e, table: done } : e));
    }
  }
  const layouts = kept.map(({ page, elements, free }) => ({ page, layout: layoutPage(page, elements, free) }));
  // Shaded cells are header cells (a <th>'s background), like bold ones.
  const shades = new Map(pages.map((p) => [p.page, p.shades ?? []]));
  for (const { layout } of layouts) for (const el of layout.elements) if (el.kind === 'table') markShaded(el.table, shades);

  // Pass 1: text blocks, and tables with their continuations (a headerless continuation joins its table; a
  // continuation with a repeated header is a table of its own, linked to the one it continues for indentation).
  interface Group {
    index: number;
    rows: OutCell[][];
    last: OutTable;
    page: number;
    /** Tables continued with a repeated header share one chain: indentation is measured over all of them. */
    chain: number;
  }
  type Slot = { kind: 'text'; lines: Line[]; textRight: number; lineGap: number } | { kind: 'table'; group: Group };
  const slots: Slot[] = [];
  const groups: Group[] = [];
  let tableIndex = 0;
  let last: Group | undefined;
  let lastWasTable = false;
  for (const { page, layout } of layouts) {
    for (const [k, el] of layout.elements.entries()) {
      if (el.kind === 'text') {
        const prevSlot = slots[slots.length - 1];
        // A paragraph going on over the page break.
        if (k === 0 && prevSlot?.kind === 'text' && continuesParagraph(prevSlot.lines, el.lines[0]!, prevSlot.textRight)) {
          prevSlot.lines.push(...el.lines);
          prevSlot.textRight = el.textRight;
          continue;
        }
        slots.push({ kind: 'text', lines: [...el.lines], textRight: el.textRight, lineGap: el.lineGap });
        lastWasTable = false;
        continue;
      }
      const t = el.table;
      const prev = k === 0 && lastWasTable && last !== undefined && last.page === page.page - 1 && sameColumns(last.last, t) ? last : undefined;
      const endPage = t.endPage ?? page.page;
      let rows = t.rows;
      if (prev) {
        const h = repeatedHeaderRows(prev.rows, rows);
        const prevLast = prev.rows[prev.rows.length - 1];
        // After a repeated header, the rest of a row the break cut (rows cut without a repeated header were rebuilt
        // whole above, from both pages' rules).
        if (prevLast && h > 0 && isCutRowRest(prevLast, rows[h], prev.last.openBottom === true || !prev.last.src)) {
          // Join the rest of the cut row to the row it began in.
          for (const c of rows[h]!) {
            if (!c.text) continue;
            const i = prevLast.findIndex((q) => Math.abs(q.box.x - c.box.x) <= 3);
            const cell = prevLast[i]!;
            prevLast[i] = { ...cell, text: cell.text + joinSep(cell.text, c.text) + c.text };
          }
          rows = [...rows.slice(0, h), ...rows.slice(h + 1)];
        }
        if (h === 0 && !looksLikeHeader(rows[0])) {
          // Continued without its header: the same table.
          prev.rows.push(...rows);
          prev.last = t;
          prev.page = endPage;
          continue;
        }
        if (rows.length <= h) {
          // Only the header and the rest of a cut row: nothing left to be a table.
          prev.page = endPage;
          continue;
        }
      }
      if (prev) {
        // The rows a continuation repeats are the table's header, on both sides of the break.
        const h = repeatedHeaderRows(prev.rows, rows);
        const asHeader = (row: OutCell[]): OutCell[] => row.map((c) => (c.text !== '' && !c.header ? { ...c, header: true } : c));
        rows = rows.map((row, r) => (r < h ? asHeader(row) : row));
        const first = groups.find((g) => g.index === prev.chain);
        if (first) {
          const texts = new Set(rows.slice(0, h).map(rowTexts));
          first.rows = first.rows.map((row, r) => (r < 8 && texts.has(rowTexts(row)) ? asHeader(row) : row));
        }
      }
      const index = tableIndex++;
      const group: Group = { index, rows, last: t, page: endPage, chain: prev ? prev.chain : index };
      slots.push({ kind: 'table', group });
      groups.push(group);
      last = group;
      lastWasTable = true;
    }
  }

  // Pass 2: indentation per chain and column, then the blocks.
  const chains = new Map<number, Group[]>();
  for (const g of groups) chains.set(g.chain, [...(chains.get(g.chain) ?? []), g]);
  for (const chain of chains.values()) settleIndents(chain.flatMap((g) => g.rows));

  const blocks: RawBlock[] = [];
  const cellBoxes = new Map<string, PdfBox>();
  const textRuns: (TextRun[] | undefined)[] = [];
  for (const s of slots) {
    if (s.kind === 'text') {
      const b = linesTextParagraph(s.lines);
      if (!b.text) continue;
      textRuns[blocks.length] = b.runs;
      blocks.push({ kind: 'text', text: b.text });
      continue;
    }
    const g = s.group;
    g.rows.forEach((row, r) => row.forEach((c, ci) => cellBoxes.set(`${g.index}:${r}:${ci}`, c.box)));
    const table: RawTable = { index: g.index, rows: g.rows.map((row) => ({ cells: row.map(toRaw) })), hasNestedTable: false, caption: '' };
    blocks.push({ kind: 'table', table });
  }
  const firstText = blocks.find((b) => b.kind === 'text');
  const source: PageSource = {
    url: options.url,
    title: options.title ?? (firstText && firstText.kind === 'text' ? firstText.text : ''),
    blocks,
    tableCount: tableIndex,
  };
  const pagesWithoutText = pages.filter((p) => !p.items.some((it) => it.str.trim() !== '')).map((p) => p.page);
  return {
    source,
    cellBox: (addr: CellAddress) => cellBoxes.get(`${addr.table}:${addr.row}:${addr.cell}`),
    textBoxes: (block: number, start: number, end: number) => boxesOf(textRuns[block], start, end),
    pagesWithoutText,
    pageCount: pages.length,
  };
}

/**
 * Indentation of ruled tables' cells, in em: the first line's offset from the cell's left edge beyond the smallest
 * offset of left-aligned text in the same column (the cell padding), over a table and its continuations. Centred
 * and right-aligned text is not indented.
 */
function settleIndents(rows: OutCell[][]): void {
  const base = new Map<number, number>();
  for (const row of rows) for (const c of row) {
    const p = c.place;
    if (!p || c.header || p.number || p.left + 1 >= p.right) continue;
    base.set(p.col, Math.min(base.get(p.col) ?? Infinity, p.left));
  }
  // A column of left-aligned text: a good share of its labels start right at the padding.
  const atBase = new Map<number, number>();
  const labels = new Map<number, number>();
  for (const row of rows) for (const c of row) {
    const p = c.place;
    if (!p || c.header || p.number) continue;
    labels.set(p.col, (labels.get(p.col) ?? 0) + 1);
    if (p.left <= (base.get(p.col) ?? -Infinity) + 1) atBase.set(p.col, (atBase.get(p.col) ?? 0) + 1);
  }
  for (const row of rows) row.forEach((c, i) => {
    const p = c.place;
    if (!p) return;
    const b = base.get(p.col);
    const leftAligned = b !== undefined && (atBase.get(p.col) ?? 0) >= Math.max(1, (labels.get(p.col) ?? 0) * 0.25);
    let indent = 0;
    if (leftAligned && !c.header && !p.number) {
      const em = Math.floor(((p.left - b) / (p.size || 10)) * 4 + 0.5) / 4;
      indent = em >= 0.5 ? em : 0;
    }
    if (indent !== c.indent) row[i] = { ...c, indent };
  });
}

const toRaw = (c: OutCell): RawCell => ({ text: c.text, rowSpan: c.rowSpan, colSpan: c.colSpan, header: c.header, indent: c.indent });

/** A paragraph's text: its lines joined (no space between Chinese characters across a line break). */
function linesTextParagraph(lines: readonly Line[]): Built {
  const b: Built = { text: '', runs: [] };
  for (const l of lines) {
    const before = b.text.length;
    const part: Built = { text: '', runs: [] };
    appendLine(part, l);
    if (!part.text) continue;
    const sep = before === 0 ? '' : joinSep(b.text, part.text);
    const offset = b.text.length + sep.length;
    b.text += sep + part.text;
    for (const r of part.runs) b.runs.push({ ...r, start: r.start + offset, end: r.end + offset });
  }
  return b;
}

/** Boxes covering characters [start, end) of a text block: one per line (page and y) the span touches. */
function boxesOf(runs: readonly TextRun[] | undefined, start: number, end: number): PdfBox[] {
  if (!runs) return [];
  const out: PdfBox[] = [];
  for (const r of runs) {
    const s = Math.max(start, r.start);
    const e = Math.min(end, r.end);
    if (e <= s) continue;
    const x0 = r.edges[s - r.start]!;
    const x1 = r.edges[e - r.start]!;
    const last = out[out.length - 1];
    if (last && last.page === r.page && Math.abs(last.y - r.y) < r.h * 0.5) {
      const nx = Math.min(last.x, x0);
      const nr = Math.max(last.x + last.width, x1);
      out[out.length - 1] = { ...last, x: r2(nx), width: r2(nr - nx), height: r2(Math.max(last.height, r.h)) };
    } else out.push({ page: r.page, x: r2(x0), y: r2(r.y), width: r2(x1 - x0), height: r2(r.h) });
  }
  return out;
}
