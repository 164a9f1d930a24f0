import type { CellAddress } from '../../lib/model';
import type { PdfBox, PdfSource } from '../../lib/pdf/types';
import type { Cell, TextSpan } from '../../lib/report/schema';
import { t } from '../../utils/i18n';
import { button, el } from '../marks/dom';
import { applySpot, cellKey, over } from '../marks/place';
import type { Place, Rect, Surface, Target } from '../marks/surface';
import type { PageView } from './pages';

/**
 * A PDF in the viewer as a Surface for the marks layer (components/marks/, the same code as an HTML page's): one
 * layer per rendered page (PageView's `.bl-layer` in each page), places computed from the rebuilt tables' boxes
 * (PDF points, top-left origin, lib/pdf/types.ts) at the zoom — nothing is measured from the page. Note mode draws a
 * button over every cell of the tables in note mode (.pv-note-target[data-cell]), so a cell is picked with the
 * keyboard as well as the mouse.
 */

/** A box on its page, in CSS px at `scale` (CSS px per PDF point). */
export function toCss(box: Pick<PdfBox, 'x' | 'y' | 'width' | 'height'>, scale: number): Rect {
  return { left: box.x * scale, top: box.y * scale, width: box.width * scale, height: box.height * scale };
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

/** Every cell address of a rebuilt table. */
export function tableCells(source: PdfSource, table: number): CellAddress[] {
  const out: CellAddress[] = [];
  for (const block of source.source.blocks) {
    if (block.kind !== 'table' || block.table.index !== table) continue;
    block.table.rows.forEach((row, r) => row.cells.forEach((_, c) => out.push({ table, row: r, cell: c })));
  }
  return out;
}

/** The boxes of every cell of a rebuilt table (by its index, the engine's table address), one per page. */
export function tableExtents(source: PdfSource, table: number): PdfBox[] {
  return unionByPage(tableCells(source, table).flatMap((c) => source.cellBox(c) ?? []));
}

/** The text of a rebuilt cell, or ''. */
function cellText(source: PdfSource, addr: CellAddress): string {
  for (const block of source.source.blocks) {
    if (block.kind === 'table' && block.table.index === addr.table)
      return block.table.rows[addr.row]?.cells[addr.cell]?.text ?? '';
  }
  return '';
}

/** The boxes of a span's words: its characters in its first block, through its last block when it was cut in two. */
export function claimBoxes(source: PdfSource, span: TextSpan): PdfBox[] {
  if (span.endBlock === span.block) return source.textBoxes(span.block, span.start, span.end);
  const blocks = source.source.blocks;
  const out: PdfBox[] = [];
  for (let b = span.block; b <= span.endBlock; b++) {
    const block = blocks[b];
    if (!block || block.kind !== 'text') continue;
    const start = b === span.block ? span.start : 0;
    const end = b === span.endBlock ? span.end : block.text.length;
    if (end > start) out.push(...source.textBoxes(b, start, end));
  }
  return out;
}

interface NoteTarget {
  readonly element: HTMLElement;
  readonly box: PdfBox;
}

export class PdfSurface implements Surface {
  readonly root = document;
  readonly fixed: HTMLElement;
  private source: PdfSource | undefined;
  private readonly moved: (() => void)[] = [];
  private targets: NoteTarget[] = [];

  constructor(private readonly pages: PageView) {
    this.fixed = el('div', 'bl-layer pv-fixed');
    pages.element.append(this.fixed);
    pages.onScale = () => {
      this.placeTargets();
      for (const l of this.moved) l();
    };
  }

  /** The PDF just audited: where its cells and words are. */
  setSource(source: PdfSource): void {
    this.source = source;
  }

  locate(target: Target): Place[] {
    return this.boxes(target).flatMap((box) => {
      const layer = this.pages.layer(box.page);
      return layer ? [{ layer, rect: toCss(box, this.pages.scale) }] : [];
    });
  }

  view(layer: HTMLElement): Rect {
    const r = (layer.parentElement ?? layer).getBoundingClientRect();
    const left = Math.max(0, -r.left);
    const top = Math.max(0, -r.top);
    return {
      left,
      top,
      width: Math.max(0, Math.min(r.width, innerWidth - r.left) - left),
      height: Math.max(0, Math.min(r.height, innerHeight - r.top) - top),
    };
  }

  scrollTo(target: Target): void {
    const box = this.boxes(target)[0];
    if (box) this.pages.scrollToBox(box);
  }

  cellText(cell: Cell): string {
    return this.source ? cellText(this.source, cell) : '';
  }

  firstCell(table: number): Cell | undefined {
    return this.source ? tableCells(this.source, table)[0] : undefined;
  }

  pick(tables: ReadonlySet<number>, onPick: (cell: Cell) => void): void {
    for (const x of this.targets) x.element.remove();
    this.targets = [];
    const source = this.source;
    if (!source) return;
    for (const table of tables) {
      for (const cell of tableCells(source, table)) {
        const box = source.cellBox(cell);
        const layer = box ? this.pages.layer(box.page) : undefined;
        if (!box || !layer) continue;
        const target = button('pv-note-target', '');
        target.dataset.cell = cellKey(cell);
        target.setAttribute('aria-label', t('pv_noteTarget', cellText(source, cell) || cellKey(cell)));
        target.addEventListener('click', (e) => {
          e.stopPropagation();
          onPick(cell);
        });
        layer.append(target);
        this.targets.push({ element: target, box });
      }
    }
    this.placeTargets();
  }

  onMove(listener: () => void): void {
    this.moved.push(listener);
  }

  dispose(): void {
    this.fixed.remove();
    for (const x of this.targets) x.element.remove();
    this.targets = [];
  }

  private placeTargets(): void {
    for (const x of this.targets) applySpot(x.element, over(toCss(x.box, this.pages.scale)));
  }

  private boxes(target: Target): PdfBox[] {
    const source = this.source;
    if (!source) return [];
    if ('cell' in target) {
      const box = source.cellBox(target.cell);
      return box ? [box] : [];
    }
    if ('table' in target) return tableExtents(source, target.table);
    return claimBoxes(source, target.text);
  }
}
