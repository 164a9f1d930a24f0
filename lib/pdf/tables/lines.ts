import type { PdfBox, PdfPageContent, PdfTextItem } from '../types';
import { type Line, type Piece, type TextRun, r2 } from './model';
import { charEdges, collapse, joinSep } from './text';

export function piecesOf(page: PdfPageContent): Piece[] {
  const out: Piece[] = [];
  for (const it of page.items) {
    if (!it.str || it.str.trim() === '' || !(it.height > 0)) continue;
    out.push(toPiece(it, page.page));
  }
  return out;
}

export function toPiece(it: PdfTextItem, page: number): Piece {
  return { str: it.str, x: it.x, y: it.y, w: Math.max(0, it.width), h: it.height, bold: it.bold === true, page };
}

/** Groups pieces into lines by their vertical middle; pieces in a line sorted by x. */
export function groupLines(pieces: readonly Piece[]): Line[] {
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

export function makeLine(pieces: Piece[]): Line {
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

/**
 * Splits a line where the gap between pieces is wider than `gapEm` ems: chunks (cells of a table line, or separate
 * texts).
 */
export function chunksOf(line: Line, gapEm: number): Line[] {
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

export interface Built {
  text: string;
  runs: TextRun[];
}

/** Text of a line: pieces joined with a space where the gap is over a quarter em (and the text has none). */
export function appendLine(b: Built, line: Line): void {
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
    b.runs.push({
      start,
      end: b.text.length,
      page: p.page,
      x0: x,
      x1: x + w,
      y: p.y,
      h: p.h,
      edges: charEdges(s, x, w),
    });
    prevRight = x + w;
  }
}

export function linesText(lines: readonly Line[]): Built {
  const b: Built = { text: '', runs: [] };
  for (const l of lines) appendLine(b, l);
  return b;
}

/** A paragraph's text: its lines joined (no space between Chinese characters across a line break). */
export function linesTextParagraph(lines: readonly Line[]): Built {
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
export function boxesOf(runs: readonly TextRun[] | undefined, start: number, end: number): PdfBox[] {
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
