import type { PdfPageContent } from '../types';
import { chunksOf, groupLines } from './lines';
import type { Element, Line, Piece } from './model';
import { paragraphs } from './paragraphs';
import { ruledTable } from './ruled';
import { normaliseRules, ruledRegions } from './rules';
import { unruledTables } from './unruled';

export interface PageLayout {
  elements: Element[];
}

/** The ruled tables of a page, and the lines of text outside them. */
export function ruledPhase(page: PdfPageContent, pieces: readonly Piece[]): { elements: Element[]; free: Line[] } {
  const { h, v } = normaliseRules(page.rules);
  const regions = ruledRegions(h, v);
  const elements: Element[] = [];
  const inTable = new Set<Piece>();
  for (const region of regions.sort((a, b) => a.y1 - b.y1)) {
    const inside = pieces.filter((p) => {
      const cx = p.x + Math.min(p.w, p.h) / 2;
      const cy = p.y + p.h / 2;
      return (
        cx >= region.x1 - 1 && cx <= region.x2 + 1 && cy >= region.y1 - 1 && cy <= region.y2 + 1 && !inTable.has(p)
      );
    });
    if (inside.length === 0) continue;
    const t = ruledTable(region, inside, page.page);
    if (!t || t.rows.length === 0) continue;
    for (const p of inside) inTable.add(p);
    elements.push({ kind: 'table', top: t.top, table: t });
  }
  return { elements, free: groupLines(pieces.filter((p) => !inTable.has(p))) };
}

export function layoutPage(page: PdfPageContent, ruled: Element[], free: Line[]): PageLayout {
  const elements = [...ruled];
  // Shading inside ruled tables is theirs (header cells); the rest may head tables without rules.
  const ruledBoxes = ruled
    .flatMap((e) => (e.kind === 'table' ? [e.table] : []))
    .map((t) => ({ x1: t.xs[0]!, x2: t.xs[t.xs.length - 1]!, y1: t.top, y2: t.bottom }));
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
  for (const s of segments)
    for (let i = 1; i < s.length; i++) {
      const g = s[i]!.y - s[i - 1]!.bottom;
      if (g > 0 && g < s[i]!.size * 3)
        counts.set(Math.floor(g * 2 + 0.5) / 2, (counts.get(Math.floor(g * 2 + 0.5) / 2) ?? 0) + 1);
    }
  const lineGap = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  for (const s of segments)
    for (const p of paragraphs(s, textRight, lineGap))
      elements.push({ kind: 'text', top: p[0]!.y, lines: p, textRight, lineGap });
  elements.sort((a, b) => a.top - b.top || (a.kind === 'table' ? -1 : 1));
  return { elements };
}
