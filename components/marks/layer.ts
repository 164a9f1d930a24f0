import type { Cell, FindingData, Report, TableData } from '../../lib/report/schema';
import { tableIndexes } from '../../lib/report/schema';
import { kindLabel, pick, severityLabel, t, uiLang, unitLabel } from '../../utils/i18n';
import { ClaimsLayer } from './claims';
import { FIRST_MARKS } from '../../lib/page/host';
import { afterFrame, inFrames } from './frames';
import { button, el } from './dom';
import { NotesLayer } from './notes-layer';
import { barAt, belowAt, cellKey, findingMarkerAt, markerGroups, over } from './place';
import { onFirst, placeAll, placeSteps, type MarksHost, type Placed } from './placed';
import { overlaps, type Rect, type Surface } from './surface';
import { findingMarker, findingTooltip } from './tooltip';
import { YearsLayer } from './years-layer';

/**
 * THE MARKS LAYER, one for every kind of document: a bar above each checked table (kind, unit, counts, hide, 笔记模式,
 * table note), a marker on each cell a finding states with its outline, the recomputation in a tooltip, highlights
 * over every cell of the chosen finding, the text's claims (claims.ts), the notes (notes-layer.ts) and the prior
 * years' labels (years-layer.ts). It draws a report — the report contract's JSON (lib/report/schema.ts), wherever
 * the audit ran — on a Surface (surface.ts), which says where things are: the page overlay and the PDF viewer are
 * the same code, and look and behave the same.
 *
 * Marks are drawn and placed in slices, one right after each frame (frames.ts): a page of thousands of marks never
 * holds the main thread for long, and reading where cells are never forces a layout of its own. Nothing of the
 * document itself is changed.
 *
 * DOM contract (tests, scripts): .bl-bar[data-table][data-status] with .bl-toggle[aria-pressed];
 * button.bl-marker[data-severity][data-cell="T:R:C"] and its .bl-outline[data-severity][data-cell];
 * .bl-tooltip[role=dialog][data-cell] with .bl-finding[data-severity] blocks; .bl-highlight[data-cell]; the claims',
 * notes' and years' own (see their files).
 */

/** What the layer draws: the report contract, or the PageReport built on it. */
export type MarksReport = Pick<Report, 'summary' | 'tables' | 'findings' | 'claims'>;

interface Marker {
  readonly cell: Cell;
  readonly findings: FindingData[];
  readonly element: HTMLButtonElement;
  readonly outline: HTMLElement;
}

interface Bar {
  readonly table: TableData;
  readonly element: HTMLElement;
}

interface Tooltip {
  readonly element: HTMLElement;
  readonly opener: HTMLElement;
  readonly placed: Placed;
}

/**
 * Marks per slice of drawing (one slice a frame, frames.ts): bars, marker groups (a marker and its outline each),
 * cells located when ordering the markers. A slice stays under ~10 ms on a slow machine.
 */
const BARS = 40;
const MARKERS = 100;
const LOCATES = 500;

/** Has this page's first mark been told (lib/page/host.ts FIRST_MARKS)? */
let firstMarked = false;

export class MarksLayer {
  readonly notes: NotesLayer;
  readonly claims: ClaimsLayer;
  readonly years: YearsLayer;
  private bars: Bar[] = [];
  private markers: Marker[] = [];
  /** Everything placed by the layer itself (bars, markers, outlines), in drawing order. */
  private placed: Placed[] = [];
  private tooltip: Tooltip | undefined;
  private highlights: Placed[] = [];
  /** Tables (their first index) whose marks the reader hid. */
  private readonly hidden = new Set<number>();
  /** Every table index → the table (its first index) it was read into. */
  private owner = new Map<number, number>();
  private frame = 0;
  /** The last placing scheduled (one that comes after it replaces it). */
  private scheduled = 0;
  private placing = 0;
  private drawing = 0;
  private readonly listeners = new AbortController();

  constructor(readonly surface: Surface) {
    const host: MarksHost = {
      surface,
      bar: (table) => this.bar(table),
      isHidden: (table) => this.isHidden(table),
      owner: (table) => this.owner.get(table) ?? table,
      highlight: (cells) => this.highlight(cells),
      showTip: (tip, opener, placed) => this.showTip(tip, opener, placed),
      openTip: () => this.tooltip?.element,
      closeTooltip: (restoreFocus = false) => this.closeTooltip(restoreFocus),
      closePopovers: () => this.notes.closePopover(false),
    };
    this.notes = new NotesLayer(host);
    this.years = new YearsLayer(host);
    this.claims = new ClaimsLayer(host);
    surface.onMove(() => this.schedule());
    document.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Escape' && this.tooltip) this.closeTooltip(true);
      },
      { signal: this.listeners.signal },
    );
  }

  /**
   * Draws a report in slices, one a frame (frames.ts: each right after the browser drew a frame, so its reads cost no
   * layout): the bars first, in the document's order, then the finding markers the reader sees now, the rest in the
   * document's order, then the claims. A newer drawing ends this one.
   */
  async render(report: MarksReport, onReplace?: () => void): Promise<void> {
    const mine = ++this.drawing;
    // A placing still under way would put back what this drawing removes.
    this.placing++;
    await inFrames(this.renderSteps(report, onReplace), { current: () => mine === this.drawing });
  }

  /**
   * The drawing as steps, each a batch that reads, then writes (render runs one a frame). `onReplace` is called in
   * the step that removes the old marks (what is on screen changes from the old report's to this one's).
   */
  *renderSteps(report: MarksReport, onReplace?: () => void): Generator<void, void> {
    onReplace?.();
    const drawn = report.tables.filter((x) => x.status !== 'not-budget');
    // The old marks go in the step that draws the first bars: the page is never left without its tables' bars.
    this.clear();
    this.owner = new Map(drawn.flatMap((tb) => tableIndexes(tb).map((d) => [d, tb.index] as const)));
    for (const h of [...this.hidden]) if (!drawn.some((tb) => tb.index === h)) this.hidden.delete(h);
    this.notes.setTables(drawn);
    for (let i = 0; i < drawn.length; i += BARS) {
      const made = drawn.slice(i, i + BARS).map((tb) => this.makeBar(tb));
      placeAll(this.surface, made);
      if (!firstMarked && made.length > 0) {
        firstMarked = true;
        performance.mark(FIRST_MARKS);
      }
      yield;
    }
    const groups = yield* this.inViewFirst(markerGroups(report.findings));
    for (let i = 0; i < groups.length; i += MARKERS) {
      const made = groups.slice(i, i + MARKERS).flatMap((g) => this.makeMarker(g.cell, g.findings));
      placeAll(this.surface, made);
      yield;
    }
    yield* this.claims.drawSteps(report.claims);
    this.notes.position();
    this.years.position();
  }

  /** The marker groups whose cell the reader sees now first (a long page shows its marks at once), then the rest. */
  private *inViewFirst<G extends { cell: Cell }>(groups: readonly G[]): Generator<void, G[]> {
    const views = new Map<HTMLElement, Rect>();
    const near: G[] = [];
    const far: G[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      const place = this.surface.locate({ cell: g.cell })[0];
      let view = place && views.get(place.layer);
      if (place && !view) views.set(place.layer, (view = this.surface.view(place.layer)));
      (place && view && overlaps(place.rect, view) ? near : far).push(g);
      if (i % LOCATES === LOCATES - 1) yield;
    }
    return [...near, ...far];
  }

  /** Removes the layer's marks (the notes' open editor stays: what was typed is never thrown away). */
  clear(): void {
    // A placing still under way would put back what is removed here.
    this.placing++;
    this.closeTooltip(false);
    for (const p of this.placed) p.element.remove();
    this.placed = [];
    this.markers = [];
    this.bars = [];
    this.notes.onClear();
    this.years.onClear();
    this.claims.onClear();
  }

  /** Stops listening to the document and removes every mark (another file was opened, the page went away). */
  dispose(): void {
    this.drawing++;
    this.clear();
    cancelAnimationFrame(this.frame);
    this.scheduled++;
    this.listeners.abort();
    this.notes.dispose();
    this.surface.dispose();
  }

  /**
   * Places everything again (after a resize, a zoom, a change of the page's layout, a table hidden or shown): the
   * first slice at once, the rest one a frame.
   */
  position(): void {
    const mine = ++this.placing;
    // The few that come and go (highlights, the tooltip) at once; the many (bars, markers) in slices: they change
    // only with a new drawing, which ends this placing.
    placeAll(this.surface, [...this.highlights, ...(this.tooltip ? [this.tooltip.placed] : [])]);
    void inFrames(this.positionSteps(), { current: () => mine === this.placing, now: true });
  }

  /** The placing as steps, each a batch that reads, then writes. */
  private *positionSteps(): Generator<void, void> {
    yield* placeSteps(this.surface, this.placed, MARKERS * 2);
    this.claims.position();
    this.notes.position();
    this.years.position();
  }

  private schedule(): void {
    cancelAnimationFrame(this.frame);
    const mine = ++this.scheduled;
    // While the page loads, once the next frame is laid out (frames.ts afterFrame): reading where cells are in its
    // animation-frame callback would lay out there and then what the parser has just added.
    if (document.readyState === 'loading') void afterFrame().then(() => mine === this.scheduled && this.position());
    else this.frame = requestAnimationFrame(() => this.position());
  }

  /** A table's bar (by its first table index). */
  bar(table: number): HTMLElement | undefined {
    return this.bars.find((b) => b.table.index === table)?.element;
  }

  /** Has the reader hidden this table's marks (any of its table indexes)? */
  isHidden(table: number): boolean {
    return this.hidden.has(this.owner.get(table) ?? table);
  }

  /** The marker on a cell (the findings lists, tests). */
  markerFor(cell: Cell): HTMLButtonElement | undefined {
    return this.markers.find((m) => cellKey(m.cell) === cellKey(cell))?.element;
  }

  /**
   * The side panel's and the findings list's "show me": scrolls to the cells and opens the marker sitting on the
   * first one, or highlights them. False when the first cell is not on this document.
   */
  reveal(cells: readonly Cell[]): boolean {
    const first = cells[0];
    if (!first || this.surface.locate({ cell: first }).length === 0) return false;
    if (this.isHidden(first.table)) this.setHidden(this.owner.get(first.table) ?? first.table, false);
    this.surface.scrollTo({ cell: first });
    const marker = this.markers.find((m) => cellKey(m.cell) === cellKey(first));
    if (marker) {
      this.open(marker);
      marker.element.focus({ preventScroll: true });
    } else {
      this.closeTooltip(false);
      this.highlight(cells);
    }
    return true;
  }

  /** Scrolls to a table's bar and focuses its first button. */
  revealTable(table: number): boolean {
    const bar = this.bar(table);
    if (!bar) return false;
    this.surface.scrollTo({ table });
    bar.querySelector<HTMLElement>('button')?.focus({ preventScroll: true });
    return true;
  }

  /** Highlights cells (a finding's, a claim's, a note's); [] clears. */
  highlight(cells: readonly Cell[]): void {
    for (const h of this.highlights) h.element.remove();
    this.highlights = cells.map((cell) => {
      const e = el('div', 'bl-highlight');
      e.dataset.cell = cellKey(cell);
      return { element: e, target: { cell }, at: onFirst(over) };
    });
    placeAll(this.surface, this.highlights);
  }

  /** Closes the open tooltip (a finding's or a claim's) and the highlights; focus inside it goes back to its opener. */
  closeTooltip(restoreFocus: boolean): void {
    const tip = this.tooltip;
    this.tooltip = undefined;
    if (tip) {
      const focused = this.surface.root.activeElement ?? null;
      const hadFocus = focused !== null && tip.element.contains(focused);
      tip.element.remove();
      tip.opener.setAttribute('aria-expanded', 'false');
      if ((restoreFocus || hadFocus) && tip.opener.isConnected) tip.opener.focus({ preventScroll: true });
    }
    this.highlight([]);
  }

  // ── drawing ──────────────────────────────────────────────────────────────────────────────────────────────────────

  private makeBar(tb: TableData): Placed {
    const bar = el('div', 'bl-bar');
    bar.dataset.table = String(tb.index);
    bar.dataset.status = tb.status;
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', tb.title || kindLabel(tb.kind));
    const counts = el(
      'span',
      'bl-counts',
      tb.status === 'empty'
        ? t('status_empty')
        : tb.status === 'not-understood'
          ? t('status_not_understood')
          : t('barCounts', String(tb.passed), String(tb.failed), String(tb.rounding), String(tb.notCheckedCells)),
    );
    // Why the engine did not trust its reading: the reason a reader needs before trusting the absence of marks.
    if (tb.status === 'not-understood' && tb.note) counts.title = uiLang() === 'en' ? (tb.noteEn ?? tb.note) : tb.note;
    const toggle = button('bl-toggle', this.hidden.has(tb.index) ? t('barShow') : t('barHide'));
    toggle.setAttribute('aria-pressed', String(this.hidden.has(tb.index)));
    toggle.addEventListener('click', () => this.setHidden(tb.index, !this.hidden.has(tb.index)));
    if (tb.failed > 0) bar.classList.add('bl-bar-failed');
    bar.append(el('span', 'bl-kind', kindLabel(tb.kind)), el('span', 'bl-unit', unitLabel(tb.unit)), counts, toggle);
    this.notes.decorateBar(bar, tb.index);
    this.years.decorateBar(bar, tb.index);
    this.bars.push({ table: tb, element: bar });
    const placed: Placed = { element: bar, target: { table: tb.index }, at: onFirst(barAt) };
    this.placed.push(placed);
    return placed;
  }

  private setHidden(table: number, hide: boolean): void {
    if (hide) this.hidden.add(table);
    else this.hidden.delete(table);
    const toggle = this.bar(table)?.querySelector<HTMLButtonElement>('.bl-toggle');
    if (toggle) {
      toggle.textContent = hide ? t('barShow') : t('barHide');
      toggle.setAttribute('aria-pressed', String(hide));
    }
    const open = this.tooltip?.element.dataset.cell;
    if (hide && open && this.isHidden(Number.parseInt(open, 10))) this.closeTooltip(false);
    this.position();
  }

  private makeMarker(cell: Cell, findings: FindingData[]): Placed[] {
    const key = cellKey(cell);
    const { button: b, outline } = findingMarker(key, findings[0]!);
    outline.dataset.cell = key;
    b.setAttribute('aria-expanded', 'false');
    const marker: Marker = { cell, findings, element: b, outline };
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      if (this.tooltip?.opener === b) this.closeTooltip(true);
      else this.open(marker);
    });
    const shown = (): boolean => !this.isHidden(cell.table);
    const made: Placed[] = [
      { element: outline, target: { cell }, at: onFirst(over), shown },
      { element: b, target: { cell }, at: onFirst(findingMarkerAt), shown },
    ];
    this.placed.push(...made);
    this.markers.push(marker);
    return made;
  }

  /** Opens a marker's tooltip and highlights every cell of its findings. */
  private open(m: Marker): void {
    this.notes.closePopover(false);
    this.closeTooltip(false);
    const tip = findingTooltip({
      cell: cellKey(m.cell),
      findings: m.findings,
      label: `${severityLabel(m.findings[0]!.severity)}: ${pick(m.findings[0]!.message)}`,
      onClose: () => this.closeTooltip(true),
      addNote: (f) => this.notes.addNoteButton(f, m.element),
    });
    this.showTip(tip, m.element, { element: tip, target: { cell: m.cell }, at: onFirst(belowAt) });
    const cells = new Map<string, Cell>();
    for (const f of m.findings) for (const c of f.cells) cells.set(cellKey(c), c);
    this.highlight([...cells.values()]);
  }

  /** Shows a tooltip right after its opener (Tab goes from the marker into it), placed under what it is about. */
  private showTip(tip: HTMLElement, opener: HTMLElement, placed: Placed): void {
    this.closeTooltip(false);
    opener.after(tip);
    opener.setAttribute('aria-expanded', 'true');
    this.tooltip = { element: tip, opener, placed };
    placeAll(this.surface, [placed]);
  }
}
