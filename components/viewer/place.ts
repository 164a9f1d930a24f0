import type { ClaimEntry } from '../../lib/audit';
import type { Finding, Severity } from '../../lib/checks/types';
import type { CellAddress } from '../../lib/model';
import type { PdfBox, PdfSource } from '../../lib/pdf/types';

/**
 * Where the viewer draws, without the DOM: PDF boxes (points, top-left origin, per page) to CSS px inside their
 * page's container at a scale (CSS px per point), the spots of markers on a box, tables' extents, claims' boxes,
 * and which findings share a marker. The page overlay (components/overlay/) draws the same marks from the live
 * layout of an HTML page; here the layout is the PDF's own, so everything follows from the boxes and the zoom.
 */

export interface CssRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface CssSpot {
  readonly left: number;
  readonly top: number;
}

/** A box on its page, in CSS px at `scale`. */
export function toCss(box: Pick<PdfBox, 'x' | 'y' | 'width' | 'height'>, scale: number): CssRect {
  return { left: box.x * scale, top: box.y * scale, width: box.width * scale, height: box.height * scale };
}

/**
 * A finding's marker (16 px): on the cell's top-right corner, half outside, so it never hides a right-aligned figure's
 * last digits.
 */
export function findingMarkerAt(box: PdfBox, scale: number): CssSpot {
  return { left: (box.x + box.width) * scale - 9, top: box.y * scale - 8 };
}

/** A note's ✎ marker: on the cell's top-left corner (the finding's marker takes the top-right one). */
export function noteMarkerAt(box: PdfBox, scale: number): CssSpot {
  return { left: box.x * scale - 8, top: box.y * scale - 8 };
}

/** A claim's marker of `size` px: after the claim's last box, raised like a superscript. */
export function claimMarkerAt(
  boxes: readonly PdfBox[],
  scale: number,
  size: number,
): (CssSpot & { page: number }) | undefined {
  const last = boxes[boxes.length - 1];
  if (!last) return undefined;
  return { page: last.page, left: (last.x + last.width) * scale - 1, top: last.y * scale - Math.round(size / 2) + 2 };
}

/** A table's bar (22 px high): just above the table's first box, never above the page's top. */
export function barAt(extent: PdfBox, scale: number): CssSpot & { maxWidth: number } {
  return {
    left: extent.x * scale,
    top: Math.max(0, extent.y * scale - 26),
    maxWidth: Math.max(240, extent.width * scale),
  };
}

/** A tooltip, popover or editor: under the box. */
export function belowAt(box: PdfBox, scale: number): CssSpot {
  return { left: Math.max(4, box.x * scale), top: (box.y + box.height) * scale + 4 };
}

/** The smallest box around boxes of one page. */
function union(boxes: readonly PdfBox[]): PdfBox {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const b of boxes) {
    x1 = Math.min(x1, b.x);
    y1 = Math.min(y1, b.y);
    x2 = Math.max(x2, b.x + b.width);
    y2 = Math.max(y2, b.y + b.height);
  }
  return { page: boxes[0]!.page, x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** One box per page around the boxes on that page, pages in order. */
export function unionByPage(boxes: readonly PdfBox[]): PdfBox[] {
  const byPage = new Map<number, PdfBox[]>();
  for (const b of boxes) {
    const list = byPage.get(b.page) ?? [];
    list.push(b);
    byPage.set(b.page, list);
  }
  return [...byPage.entries()].sort((a, b) => a[0] - b[0]).map(([, list]) => union(list));
}

/** The boxes of every cell of a rebuilt table (by its index, the engine's table address), one per page. */
export function tableExtents(source: PdfSource, table: number): PdfBox[] {
  const boxes: PdfBox[] = [];
  for (const block of source.source.blocks) {
    if (block.kind !== 'table' || block.table.index !== table) continue;
    block.table.rows.forEach((row, r) => {
      row.cells.forEach((_, c) => {
        const box = source.cellBox({ table, row: r, cell: c });
        if (box) boxes.push(box);
      });
    });
  }
  return unionByPage(boxes);
}

/** The text of a rebuilt cell (for the note editor's context line), or ''. */
export function cellText(source: PdfSource, addr: CellAddress): string {
  for (const block of source.source.blocks) {
    if (block.kind === 'table' && block.table.index === addr.table)
      return block.table.rows[addr.row]?.cells[addr.cell]?.text ?? '';
  }
  return '';
}

/** Every cell address of a rebuilt table, for the note mode's targets. */
export function tableCells(source: PdfSource, table: number): CellAddress[] {
  const out: CellAddress[] = [];
  for (const block of source.source.blocks) {
    if (block.kind !== 'table' || block.table.index !== table) continue;
    block.table.rows.forEach((row, r) => row.cells.forEach((_, c) => out.push({ table, row: r, cell: c })));
  }
  return out;
}

/** The boxes of a claim's words: its characters in its first block, through its last block when it was cut over two. */
export function claimBoxes(
  source: PdfSource,
  claim: Pick<ClaimEntry, 'block' | 'start' | 'endBlock' | 'end'>,
): PdfBox[] {
  if (claim.endBlock === claim.block) return source.textBoxes(claim.block, claim.start, claim.end);
  const blocks = source.source.blocks;
  const out: PdfBox[] = [];
  for (let b = claim.block; b <= claim.endBlock; b++) {
    const block = blocks[b];
    if (!block || block.kind !== 'text') continue;
    const start = b === claim.block ? claim.start : 0;
    const end = b === claim.endBlock ? claim.end : block.text.length;
    if (end > start) out.push(...source.textBoxes(b, start, end));
  }
  return out;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export const cellKey = (c: CellAddress): string => `${c.table}:${c.row}:${c.cell}`;

/** Findings by the cell their marker goes on (their first cell), the worst first; markers in order of severity. */
export function markerGroups(findings: readonly Finding[]): { cell: CellAddress; findings: Finding[] }[] {
  const byCell = new Map<string, { cell: CellAddress; findings: Finding[] }>();
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

/** How a claim is drawn, and its marker's size: as the page overlay does (components/overlay/claims.ts). */
export { claimMark, MARKER_SIZE as CLAIM_MARKER_SIZE, type ClaimMark } from '../overlay/claims';

/**
 * Is the whole file without a text layer? Every page is in pagesWithoutText (scanned images): the viewer says so
 * instead of reporting an empty pass. A file with no pages at all counts as without text too.
 */
export function withoutText(source: Pick<PdfSource, 'pagesWithoutText' | 'pageCount'>): boolean {
  return source.pageCount === 0 || new Set(source.pagesWithoutText).size >= source.pageCount;
}

/**
 * The claim a finding of the narrative check reports (same statement, same derivation), for a finding without
 * cells (a sentence's own arithmetic): the findings list scrolls to the claim's words instead. -1 when none.
 */
export function claimOfFinding(
  claims: readonly Pick<ClaimEntry, 'stated' | 'derivation' | 'status'>[],
  f: Pick<Finding, 'check' | 'stated' | 'derivation'>,
): number {
  if (f.check !== 'narrative') return -1;
  return claims.findIndex(
    (c) => c.status !== 'not-checked' && c.derivation === f.derivation && c.stated === (f.stated ?? c.stated),
  );
}
