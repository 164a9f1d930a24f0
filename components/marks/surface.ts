import type { Cell, TextSpan } from '../../lib/report/schema';

/**
 * WHAT THE MARKS ARE DRAWN ON. The marks layer (layer.ts: bars, finding markers, tooltips, highlights, the text's
 * claims, notes, note mode, prior-year labels) is written once against this interface; each kind of document gives
 * its own implementation:
 *
 * - an HTML page (components/overlay/dom-surface.ts): one layer in a shadow root over the page, places measured from
 *   the live layout of the page's cells and text nodes, in document coordinates;
 * - a PDF in the viewer (components/viewer/pdf-surface.ts): one layer per rendered page, places computed from the
 *   rebuilt tables' boxes (PDF points) at the zoom.
 *
 * A surface answers "where is this cell, table or span of text now", "is that in view", "bring it into view", and
 * takes the reader's choice of a cell in note mode. Everything else (what a mark looks like, what a click on it
 * does, which label a status gets) is the layer's, so a page and a PDF look and behave the same.
 */

/** A rectangle in CSS px, in the coordinates of the layer it is drawn in. */
export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Where something is: the layer (an element marks are appended to) and its rectangle there. */
export interface Place {
  readonly layer: HTMLElement;
  readonly rect: Rect;
}

/** What can be located: a cell, a whole table (by its index among the document's tables), a span of the text. */
export type Target = { readonly cell: Cell } | { readonly table: number } | { readonly text: TextSpan };

export interface Surface {
  /**
   * Where a target is now. A cell gives one place, a table one per layer it spans (a PDF table over two pages), a
   * span of text one per line box. [] when it is not shown (a hidden element, a cell the document lacks).
   */
  locate(target: Target): Place[];
  /** The part of a layer the reader sees now, in the layer's coordinates (what is in view is drawn first). */
  view(layer: HTMLElement): Rect;
  /** Scrolls a target into the middle of the view. */
  scrollTo(target: Target): void;
  /** The layer for controls that stay in view whatever is scrolled (the claims' counts and toggle). */
  readonly fixed: HTMLElement;
  /** Where focus is read (`activeElement`) and key presses are heard: the overlay's shadow root, or the document. */
  readonly root: DocumentOrShadowRoot & Node;
  /** The text of a cell as shown (the note editor's context line); '' when there is none. */
  cellText(cell: Cell): string;
  /** A cell of a table, for anchoring a note on the whole table. */
  firstCell(table: number): Cell | undefined;
  /**
   * Note mode: from now on a press on a cell of one of these tables (table indexes, every table a budget table was
   * read from) is the reader choosing that cell: `onPick` gets it and the document itself does not act on it. An
   * empty set ends note mode.
   */
  pick(tables: ReadonlySet<number>, onPick: (cell: Cell) => void): void;
  /** Tells `listener` when places may have moved (a resize, a zoom, the page's own layout changing). */
  onMove(listener: () => void): void;
  /** Stops listening to the document. */
  dispose(): void;
}

/** Do two rectangles overlap? */
export const overlaps = (a: Rect, b: Rect): boolean =>
  a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
