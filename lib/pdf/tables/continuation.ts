import type { Element, Line, OutCell, OutTable } from './model';
import { stitch } from './ruled';
import type { PdfPageContent } from '../types';
import { isNumberText } from './text';

export const rowTexts = (row: readonly OutCell[]): string => row.map((c) => c.text.replace(/\s+/gu, '')).join('|');

/** Same column boundaries (a table and its continuation on the next page). */
export const sameColumns = (a: OutTable, b: OutTable): boolean =>
  a.xs.length === b.xs.length && a.xs.every((x, i) => Math.abs(x - b.xs[i]!) <= 3);

/** How many first rows of `next` repeat rows of the header of `prev` (a repeated header after a page break). */
export function repeatedHeaderRows(
  prev: readonly (readonly OutCell[])[],
  next: readonly (readonly OutCell[])[],
): number {
  const head = new Set(prev.slice(0, 8).map(rowTexts));
  let h = 0;
  while (h < next.length && h < 8 && head.has(rowTexts(next[h]!)) && next[h]!.some((c) => c.text !== '')) h++;
  return h;
}

/** A header-looking first row (bold labels, no figures): a new table, not a continuation. */
export const looksLikeHeader = (row: readonly OutCell[] | undefined): boolean =>
  !!row && row.some((c) => c.text !== '') && row.every((c) => c.text === '' || (c.header && !isNumberText(c.text)));

/**
 * A row cut by the page break: the continuation's first row (after a repeated header) holds only text, in columns
 * where the last row before the break holds text too (a label or a description that went on over the break).
 */
export function isCutRowRest(
  prevLast: readonly OutCell[] | undefined,
  row: readonly OutCell[] | undefined,
  open: boolean,
): boolean {
  if (!prevLast || !row || !open) return false;
  const filled = row.filter((c) => c.text !== '');
  if (filled.length === 0 || filled.some((c) => isNumberText(c.text))) return false;
  return filled.every((c) => {
    const above = prevLast.find((p) => Math.abs(p.box.x - c.box.x) <= 3 && Math.abs(p.box.width - c.box.width) <= 3);
    return !!above && above.text !== '' && !isNumberText(above.text);
  });
}

/**
 * Indentation of ruled tables' cells, in em: the first line's offset from the cell's left edge beyond the smallest
 * offset of left-aligned text in the same column (the cell padding), over a table and its continuations. Centred
 * and right-aligned text is not indented.
 */
export function settleIndents(rows: OutCell[][]): void {
  const base = new Map<number, number>();
  for (const row of rows)
    for (const c of row) {
      const p = c.place;
      if (!p || c.header || p.number || p.left + 1 >= p.right) continue;
      base.set(p.col, Math.min(base.get(p.col) ?? Infinity, p.left));
    }
  // A column of left-aligned text: a good share of its labels start right at the padding.
  const atBase = new Map<number, number>();
  const labels = new Map<number, number>();
  for (const row of rows)
    for (const c of row) {
      const p = c.place;
      if (!p || c.header || p.number) continue;
      labels.set(p.col, (labels.get(p.col) ?? 0) + 1);
      if (p.left <= (base.get(p.col) ?? -Infinity) + 1) atBase.set(p.col, (atBase.get(p.col) ?? 0) + 1);
    }
  for (const row of rows)
    row.forEach((c, i) => {
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

/** A page's ruled tables and text lines, between the ruled phase and the page layout. */
export interface PagePhase {
  readonly page: PdfPageContent;
  elements: Element[];
  readonly free: Line[];
}

/**
 * Rows cut by a page break: the table at the end of a page and the one at the start of the next, rebuilt as one
 * (and on over further pages while the rebuilt table is again the last thing on its page and cut).
 */
export function stitchCutRows(kept: PagePhase[]): void {
  const tablesOf = (els: readonly Element[]): OutTable[] =>
    els.flatMap((e) => (e.kind === 'table' ? [e.table] : [])).sort((x, y) => x.top - y.top);
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
}
