import { applySpot, type Spot } from './place';
import type { Cell } from '../../lib/report/schema';
import type { Place, Surface, Target } from './surface';

/**
 * A mark placed over the document: an element, what it marks, and where on that it goes. Placing is two passes —
 * every place is read first, then every element is written — so a page lays out once for any number of marks.
 */
export interface Placed {
  readonly element: HTMLElement;
  readonly target: Target;
  /** Which of the target's places, and where on it; undefined: not shown. */
  readonly at: (places: readonly Place[]) => { readonly place: Place; readonly spot: Spot } | undefined;
  /** false: hidden whatever the surface says (its table's marks hidden by the reader). */
  readonly shown?: () => boolean;
}

/** Places on the first of a target's places (a cell, a table's first part). */
export const onFirst =
  (spot: (r: Place['rect']) => Spot) =>
  (places: readonly Place[]): { place: Place; spot: Spot } | undefined => {
    const place = places[0];
    return place ? { place, spot: spot(place.rect) } : undefined;
  };

/** Places on the last of a target's places (a sentence's last line). */
export const onLast =
  (spot: (r: Place['rect']) => Spot) =>
  (places: readonly Place[]): { place: Place; spot: Spot } | undefined => {
    const place = places[places.length - 1];
    return place ? { place, spot: spot(place.rect) } : undefined;
  };

/** Places elements: all reads, then all writes. An element goes into its place's layer when it is elsewhere. */
export function placeAll(surface: Surface, items: readonly Placed[]): void {
  const where = items.map((p) => (p.shown?.() === false ? undefined : p.at(surface.locate(p.target))));
  items.forEach((p, i) => {
    const w = where[i];
    p.element.hidden = !w;
    if (!w) return;
    if (p.element.parentNode !== w.place.layer) w.place.layer.append(p.element);
    applySpot(p.element, w.spot);
  });
}

/** The same in batches, as steps: a page of thousands of marks is placed in slices (lib/steps.ts drives them). */
export function* placeSteps(surface: Surface, items: readonly Placed[], batch = 200): Generator<void, void> {
  for (let i = 0; i < items.length; i += batch) {
    placeAll(surface, items.slice(i, i + batch));
    yield;
  }
}

/** What the parts of the marks layer (claims, notes, years) get from the layer they are drawn in. */
export interface MarksHost {
  readonly surface: Surface;
  /** A table's bar (by its first table index). */
  bar(table: number): HTMLElement | undefined;
  /** Has the reader hidden the marks of this table (any of its table indexes)? */
  isHidden(table: number): boolean;
  /** The table (its first index) a table index was read into. */
  owner(table: number): number;
  highlight(cells: readonly Cell[]): void;
  /** Shows a tooltip after its opener, placed as `placed` says; one tooltip at a time. */
  showTip(tip: HTMLElement, opener: HTMLElement, placed: Placed): void;
  /** The open tooltip (a finding's or a claim's). */
  openTip(): HTMLElement | undefined;
  /** Closes the tooltip and the highlights; focus inside it (or, asked, the reader's) goes back to its opener. */
  closeTooltip(restoreFocus?: boolean): void;
  /** Closes the notes' popover. */
  closePopovers(): void;
}
