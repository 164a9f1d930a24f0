import type { Cell, ClaimData, FindingData, Severity } from '../../lib/report/schema';
import type { Rect } from './surface';

/**
 * Where each mark goes relative to what it marks, without the DOM: rectangles in a layer's CSS px in, spots out.
 * The same rules for a page and a PDF (the surface gives the rectangles), so a marker sits on the same corner of a
 * cell in both.
 */

export interface Spot {
  readonly left: number;
  readonly top: number;
  readonly width?: number;
  readonly height?: number;
  readonly maxWidth?: number;
}

/** The element covers the rectangle (outlines, highlights, the claims' underlines). */
export const over = (r: Rect): Spot => ({ left: r.left, top: r.top, width: r.width, height: r.height });

/**
 * A finding's marker (16 px): on the cell's top-right corner, half outside, so it never hides a right-aligned
 * figure's last digits.
 */
export const findingMarkerAt = (r: Rect): Spot => ({ left: r.left + r.width - 9, top: r.top - 8 });

/** A note's ✎ marker: on the cell's top-left corner (the finding's marker takes the top-right one). */
export const noteMarkerAt = (r: Rect): Spot => ({ left: r.left - 8, top: r.top - 8 });

/** A claim's marker of `size` px: after the claim's last line box, raised like a superscript. */
export const claimMarkerAt = (last: Rect, size: number): Spot => ({
  left: last.left + last.width - 1,
  top: last.top - Math.round(size / 2) + 2,
});

/** A table's bar (22 px high): just above the table, never above the layer's top, at least 240 px wide. */
export const barAt = (table: Rect): Spot => ({
  left: table.left,
  top: Math.max(0, table.top - 26),
  maxWidth: Math.max(240, table.width),
});

/** Where a table's bar is, as a rectangle (what is drawn under a bar: a table's notes popover and editor). */
export const barRect = (table: Rect): Rect => {
  const at = barAt(table);
  return { left: at.left, top: at.top, width: at.maxWidth ?? 240, height: 22 };
};

/** A tooltip, popover or editor: under the rectangle, never off the layer's left edge. */
export const belowAt = (r: Rect): Spot => ({ left: Math.max(4, r.left), top: r.top + r.height + 4 });

/** The frame of a table in note mode: 3 px around it. */
export const frameAt = (r: Rect): Spot => ({
  left: r.left - 3,
  top: r.top - 3,
  width: r.width + 6,
  height: r.height + 6,
});

const px = (n: number): string => `${Math.round(n * 100) / 100}px`;

/** Writes a spot into an element's style. */
export function applySpot(e: HTMLElement, s: Spot): void {
  e.style.left = px(s.left);
  e.style.top = px(s.top);
  if (s.width !== undefined) e.style.width = px(s.width);
  if (s.height !== undefined) e.style.height = px(s.height);
  if (s.maxWidth !== undefined) e.style.maxWidth = px(s.maxWidth);
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** "T:R:C", the data-cell of every mark of a cell. */
export const cellKey = (c: Cell): string => `${c.table}:${c.row}:${c.cell}`;

/** Findings by the cell their marker goes on (their first cell), the worst first; markers in order of severity. */
export function markerGroups<F extends { readonly severity: Severity; readonly cells: readonly Cell[] }>(
  findings: readonly F[],
): { cell: Cell; findings: F[] }[] {
  const byCell = new Map<string, { cell: Cell; findings: F[] }>();
  for (const f of [...findings].sort((a, b) => RANK[b.severity] - RANK[a.severity])) {
    const cell = f.cells[0];
    if (!cell) continue;
    const key = cellKey(cell);
    const group = byCell.get(key);
    if (group) group.findings.push(f);
    else byCell.set(key, { cell: { table: cell.table, row: cell.row, cell: cell.cell }, findings: [f] });
  }
  return [...byCell.values()];
}

/**
 * The claim a finding of the narrative check reports (same statement, same derivation), for a finding without
 * cells (a sentence's own arithmetic): the findings list scrolls to the claim's words instead. -1 when none.
 */
export function claimOfFinding(
  claims: readonly Pick<ClaimData, 'stated' | 'derivation' | 'status'>[],
  f: Pick<FindingData, 'check' | 'stated' | 'derivation'>,
): number {
  if (f.check !== 'narrative') return -1;
  return claims.findIndex(
    (c) => c.status !== 'not-checked' && c.derivation === f.derivation && c.stated === (f.stated ?? c.stated),
  );
}
