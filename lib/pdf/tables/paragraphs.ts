import { normalizeText } from '../../dom/adapter';
import { numbering } from '../../parse/labels';
import type { PdfPageContent } from '../types';
import type { Line } from './model';
import { charEdges } from './text';

/** Lines of running headers and footers (page numbers, a title repeated on every page) to drop. */
export function runningLines(pages: readonly { page: PdfPageContent; lines: Line[] }[]): Set<Line> {
  const drop = new Set<Line>();
  const key = (l: Line): string => normalizeText(l.pieces.map((p) => p.str).join('')).replace(/\d+/gu, '#');
  const margin = (p: PdfPageContent, l: Line, share = 0.08): boolean =>
    l.y < p.height * share || l.bottom > p.height * (1 - share);
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
      // A page number may sit a little further in (a wide bottom margin): up to 12 % of the page's height.
      if (!ends.has(l) || !margin(page, l, 0.12)) continue;
      const text = normalizeText(l.pieces.map((p) => p.str).join(''));
      const repeated = margin(page, l) && pages.length >= 3 && (counts.get(key(l)) ?? 0) >= many;
      if (isPageNumber(text) || repeated) drop.add(l);
    }
  }
  return drop;
}

/** "12", "— 12 —", "第 3 页，共 20 页", "3 / 20", "Page 3 of 20". */
const isPageNumber = (text: string): boolean =>
  /^[-—–\s]*\d{1,4}[-—–\s]*$/u.test(text) ||
  /^第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?$/u.test(text) ||
  /^\d+\s*\/\s*\d+$/u.test(text) ||
  /^(?:page\s*)?\d+\s*(?:of\s*\d+)?$/iu.test(text);

/** Width of a line's first word: its leading run of Latin letters, digits and signs, or its first character. */
export function firstWordWidth(l: Line): number {
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
export function continuesParagraph(cur: readonly Line[], l: Line, textRight: number, lineGap = 0): boolean {
  const prev = cur[cur.length - 1];
  if (!prev) return false;
  const gap = l.y - prev.bottom;
  const samePage = l.page === prev.page;
  if (
    samePage &&
    !(gap >= -prev.size * 0.3 && gap < Math.max(prev.size, Math.min(lineGap + prev.size * 0.35, prev.size * 2.5)))
  )
    return false;
  if (!samePage && l.page !== prev.page + 1) return false;
  const sameStyle =
    Math.abs(l.size - prev.size) <= 0.6 && l.pieces.every((p) => p.bold) === prev.pieces.every((p) => p.bold);
  // The line before ran to the right edge, or the first word of this one would not have fitted after it.
  const fullLine = prev.right >= textRight - Math.max(prev.size * 2.2, firstWordWidth(l) + prev.size * 0.6);
  const left = Math.min(...cur.filter((c) => c.page === prev.page).map((c) => c.x));
  const indented = samePage
    ? l.x > left + prev.size * 0.9 && l.x > prev.x + prev.size * 0.9
    : l.x > left + prev.size * 0.9;
  const text = l.pieces.map((p) => p.str).join('');
  const numbered =
    numbering(text) !== undefined ||
    /^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[、.．](?!\d))/u.test(text.trim());
  return sameStyle && fullLine && !indented && !numbered;
}

/** Paragraphs from text lines (in page order). */
export function paragraphs(lines: readonly Line[], textRight: number, lineGap: number): Line[][] {
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
