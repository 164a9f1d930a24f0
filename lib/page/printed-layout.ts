import type { DomNode, PlacedBox } from '../dom/adapter';
import { declaredWidth } from './positioned';

/**
 * Where the tables rebuilt from a page's printed blocks are (lib/page/printed.ts makes it, in the engine), and what the
 * page does with it: its text positions shifted past the rebuilt blocks, and the boxes it draws over the rebuilt
 * cells. Plain data from the worker; this module is the page's side and does not rebuild anything.
 */

/** Where a rebuilt cell (or a whole table, `cell` -1 and `row` -1) is: its printed block, page and box in points. */
export interface PrintedBox {
  readonly table: number;
  readonly row: number;
  readonly cell: number;
  /** Index of the printed block in the page as read, and the 1-based page within it. */
  readonly block: number;
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly text: string;
}

export interface PrintedLayout {
  /** Each printed block (by its index in the page as read) and how many blocks it became. */
  readonly expanded: readonly { readonly block: number; readonly count: number }[];
  readonly boxes: readonly PrintedBox[];
}

/**
 * Text positions by block index (a slot for every block, as the adapter gives them), after each printed block became
 * `count` blocks (none of them with positions).
 */
export function positionsAfter<T>(
  positions: readonly (T | undefined)[],
  expanded: PrintedLayout['expanded'],
): (T | undefined)[] {
  const out: (T | undefined)[] = [];
  let next = 0;
  for (const [i, p] of positions.entries()) {
    if (expanded[next]?.block === i) {
      for (let k = 0; k < expanded[next]!.count; k++) out.push(undefined);
      next++;
      continue;
    }
    out.push(p);
  }
  return out;
}

/**
 * The boxes the page draws over the rebuilt tables (PageSource.placed): by `table:row:cell` and by `table`, each on
 * the page container it is printed on (PageSource.printed, kept by the page as it read).
 */
export function placedBoxes(
  layout: PrintedLayout,
  containers: ReadonlyMap<number, readonly DomNode[]>,
): Map<string, PlacedBox> {
  const out = new Map<string, PlacedBox>();
  const widths = new Map<DomNode, number | undefined>();
  for (const b of layout.boxes) {
    const page = containers.get(b.block)?.[b.page - 1];
    if (!page) continue;
    if (!widths.has(page)) widths.set(page, declaredWidth(page));
    const key = b.cell < 0 ? `${b.table}` : `${b.table}:${b.row}:${b.cell}`;
    out.set(key, { page, pageWidth: widths.get(page), x: b.x, y: b.y, width: b.width, height: b.height, text: b.text });
  }
  return out;
}
