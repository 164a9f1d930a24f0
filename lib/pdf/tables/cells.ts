import { normalizeText } from '../../dom/adapter';
import type { PdfBox, PdfShade } from '../types';
import { groupLines, linesText } from './lines';
import { type Line, type OutTable, type Piece, type Seam, r2 } from './model';

/** All the cell's text is bold (pieces of punctuation alone, often in a fallback font without a bold face, aside). */
export function allBold(pieces: readonly Piece[]): boolean {
  const words = pieces.filter((p) => /[\p{L}\p{N}]/u.test(p.str));
  return words.length > 0 && words.every((p) => p.bold);
}

/** A cell's text, header flag and indentation from the pieces inside it. */
export function cellContent(pieces: readonly Piece[]): {
  text: string;
  header: boolean;
  first?: Line;
  widest?: Line;
  size: number;
} {
  if (pieces.length === 0) return { text: '', header: false, size: 0 };
  const lines = groupLines(pieces);
  const b = linesText(lines);
  const widest = lines.reduce((a, l) => (l.right - l.x > a.right - a.x ? l : a), lines[0]!);
  return { text: normalizeText(b.text), header: allBold(pieces), first: lines[0]!, widest, size: lines[0]!.size };
}

/** Marks as header the cells whose middle lies in a shaded rectangle of their page. */
export function markShaded(t: OutTable, shades: ReadonlyMap<number, readonly PdfShade[]>): void {
  for (const row of t.rows)
    row.forEach((c, i) => {
      if (c.header || c.text === '') return;
      const list = shades.get(c.box.page);
      if (!list || list.length === 0) return;
      const cx = c.box.x + c.box.width / 2;
      const cy = c.box.y + c.box.height / 2;
      if (list.some((s) => cx >= s.x && cx <= s.x + s.width && cy >= s.y && cy <= s.y + s.height))
        row[i] = { ...c, header: true };
    });
}

/** A cell's box on its page: the part before the first seam it crosses (a table rebuilt over page breaks). */
export function boxAt(page: number, seams: readonly Seam[], x0: number, y0: number, x1: number, y1: number): PdfBox {
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
