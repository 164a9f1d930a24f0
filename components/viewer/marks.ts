import type { AuditReport, ClaimEntry, TableSummary } from '../../lib/audit';
import type { Finding } from '../../lib/checks/types';
import type { CellAddress } from '../../lib/model';
import type { PdfBox, PdfSource } from '../../lib/pdf/types';
import { kindLabel, pick, severityLabel, t, type MessageKey } from '../../utils/i18n';
import { CLAIM_GLYPH } from '../overlay/claims';
import { el } from '../overlay/dom';
import { claimButton, claimTooltip, closeButton, factList, findingMarker, findingTooltip } from '../overlay/tooltip';
import {
  barAt,
  belowAt,
  cellKey,
  claimBoxes,
  claimMark,
  claimMarkerAt,
  CLAIM_MARKER_SIZE,
  findingMarkerAt,
  markerGroups,
  tableExtents,
  toCss,
  type ClaimMark,
  type CssRect,
  type CssSpot,
} from './place';

/**
 * The audit's marks over the rendered PDF, with the page overlay's classes and data attributes (its stylesheet,
 * components/overlay/style.ts, is the viewer's too): a bar above each checked table (.bl-bar[data-table]
 * [data-status]), a marker on each cell a finding states (button.bl-marker[data-severity][data-cell="T:R:C"], with
 * its .bl-outline), the recomputation in a tooltip (.bl-tooltip[role=dialog][data-cell] with .bl-finding blocks and
 * 为此添加笔记), highlights over every cell of the chosen finding (.bl-highlight[data-cell]), and the text's claims
 * (.bl-claim-range boxes and button.bl-claim[data-claim][data-status]). Everything sits in its page's .bl-layer,
 * placed from the PDF's boxes at the zoom: nothing is measured from the page.
 */

/** What the marks need from the pages. */
export interface Surface {
  /** The marks' layer of a page (1-based). */
  layer(page: number): HTMLElement | undefined;
  /** CSS px per PDF point. */
  readonly scale: number;
  scrollToBox(box: PdfBox): void;
}

/** What a finding's tooltip offers for notes (components/viewer/notes-ui.ts). */
export interface MarksNotes {
  addNoteButton(finding: Finding, returnTo: HTMLElement): HTMLElement;
  decorateBar(bar: HTMLElement, table: number): void;
  closePopover(restoreFocus: boolean): void;
}

export const CLAIM_MARK_KEYS: Readonly<Record<ClaimMark, MessageKey>> = {
  failed: 'pv_claim_failed',
  warning: 'pv_claim_warning',
  rounding: 'pv_claim_rounding',
  'not-checked': 'pv_claim_not_checked',
  passed: 'pv_claim_passed',
};

/** An element placed from a box: how to compute its place at a scale. */
interface Placed {
  readonly element: HTMLElement;
  readonly place: (scale: number) => Partial<CssRect> & CssSpot & { maxWidth?: number };
}

interface Marker {
  readonly cell: CellAddress;
  readonly box: PdfBox;
  readonly findings: Finding[];
  readonly element: HTMLButtonElement;
  readonly outline: HTMLElement;
}

interface Claim {
  readonly index: number;
  readonly claim: ClaimEntry;
  readonly mark: ClaimMark;
  readonly boxes: PdfBox[];
  readonly element: HTMLButtonElement;
  readonly ranges: HTMLElement[];
}

interface Bar {
  readonly table: number;
  readonly box: PdfBox;
  readonly element: HTMLElement;
}

const px = (n: number): string => `${Math.round(n * 100) / 100}px`;

function apply(e: HTMLElement, p: Partial<CssRect> & CssSpot & { maxWidth?: number }): void {
  e.style.left = px(p.left);
  e.style.top = px(p.top);
  if (p.width !== undefined) e.style.width = px(p.width);
  if (p.height !== undefined) e.style.height = px(p.height);
  if (p.maxWidth !== undefined) e.style.maxWidth = px(p.maxWidth);
}

export class PdfMarks {
  private placed: Placed[] = [];
  private markers: Marker[] = [];
  private claims: Claim[] = [];
  private bars: Bar[] = [];
  private tooltip: { element: HTMLElement; placed: Placed; opener: HTMLElement } | undefined;
  private highlights: Placed[] = [];
  private readonly hidden = new Set<number>();
  private notes: MarksNotes | undefined;
  private source: PdfSource | undefined;

  private readonly listeners = new AbortController();

  constructor(private readonly surface: Surface) {
    document.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Escape' && this.tooltip) this.closeTooltip(true);
      },
      { signal: this.listeners.signal },
    );
  }

  /** Clears the marks and stops listening to the document (another file was opened). */
  dispose(): void {
    this.clear();
    this.listeners.abort();
  }

  setNotes(notes: MarksNotes): void {
    this.notes = notes;
  }

  /** Draws bars, markers and claims for an audit of a PDF. */
  render(report: AuditReport, source: PdfSource): void {
    this.clear();
    this.source = source;
    for (const summary of report.tables) {
      if (summary.status === 'not-budget') continue;
      const extent = tableExtents(source, summary.index)[0];
      if (extent) this.bar(summary, extent);
    }
    for (const group of markerGroups(report.findings)) {
      const box = source.cellBox(group.cell);
      if (box) this.marker(group.cell, box, group.findings);
    }
    report.claims.forEach((claim, index) => this.claim(index, claim, source));
    this.position();
  }

  clear(): void {
    this.closeTooltip(false);
    for (const p of this.placed) p.element.remove();
    this.placed = [];
    this.markers = [];
    this.claims = [];
    this.bars = [];
  }

  /** Places everything again at the surface's scale (after a zoom). */
  position(): void {
    const scale = this.surface.scale;
    for (const p of this.placed) apply(p.element, p.place(scale));
    if (this.tooltip) apply(this.tooltip.element, this.tooltip.placed.place(scale));
    for (const h of this.highlights) apply(h.element, h.place(scale));
  }

  /** A table's bar (by the engine's table index), for notes and the side list. */
  bar(summary: TableSummary, extent: PdfBox): HTMLElement;
  bar(table: number): HTMLElement | undefined;
  bar(a: TableSummary | number, extent?: PdfBox): HTMLElement | undefined {
    if (typeof a === 'number') return this.bars.find((b) => b.table === a)?.element;
    return this.makeBar(a, extent!);
  }

  barBox(table: number): PdfBox | undefined {
    return this.bars.find((b) => b.table === table)?.box;
  }

  isHidden(table: number): boolean {
    return this.hidden.has(table);
  }

  /** The marker on a cell, for the findings list and tests. */
  markerFor(cell: CellAddress): HTMLButtonElement | undefined {
    return this.markers.find((m) => cellKey(m.cell) === cellKey(cell))?.element;
  }

  /** Scrolls to cells and highlights them; opens the marker sitting on the first one. */
  reveal(cells: readonly CellAddress[]): boolean {
    const first = cells[0];
    const box = first ? this.source?.cellBox(first) : undefined;
    if (!first || !box) return false;
    if (this.hidden.has(first.table)) this.toggleTable(first.table, false);
    this.surface.scrollToBox(box);
    const marker = this.markers.find((m) => cellKey(m.cell) === cellKey(first));
    if (marker) {
      this.openMarker(marker);
      marker.element.focus({ preventScroll: true });
    } else {
      this.closeTooltip(false);
      this.highlight(cells);
    }
    return true;
  }

  /** Scrolls to a claim's words and opens its tooltip. */
  revealClaim(index: number): boolean {
    const c = this.claims.find((x) => x.index === index);
    const box = c?.boxes[0];
    if (!c || !box) return false;
    this.surface.scrollToBox(box);
    this.openClaim(c);
    c.element.focus({ preventScroll: true });
    return true;
  }

  /** Scrolls to a table's bar. */
  revealTable(table: number): boolean {
    const b = this.bars.find((x) => x.table === table);
    if (!b) return false;
    this.surface.scrollToBox(b.box);
    b.element.querySelector<HTMLElement>('button')?.focus({ preventScroll: true });
    return true;
  }

  /** Highlights cells (a finding's, a note's); [] clears. */
  highlight(cells: readonly CellAddress[]): void {
    for (const h of this.highlights) h.element.remove();
    this.highlights = [];
    const source = this.source;
    if (!source) return;
    for (const c of cells) {
      const box = source.cellBox(c);
      const layer = box ? this.surface.layer(box.page) : undefined;
      if (!box || !layer) continue;
      const e = el('div', 'bl-highlight');
      e.dataset.cell = cellKey(c);
      layer.append(e);
      const placed: Placed = { element: e, place: (s) => toCss(box, s) };
      apply(e, placed.place(this.surface.scale));
      this.highlights.push(placed);
    }
  }

  closeTooltip(restoreFocus: boolean): void {
    const tip = this.tooltip;
    this.tooltip = undefined;
    if (tip) {
      const hadFocus = tip.element.contains(document.activeElement);
      tip.element.remove();
      tip.opener.setAttribute('aria-expanded', 'false');
      if ((restoreFocus || hadFocus) && tip.opener.isConnected) tip.opener.focus({ preventScroll: true });
    }
    this.highlight([]);
  }

  // ── drawing ──────────────────────────────────────────────────────────────────────────────────────────────────────

  private add(page: number, element: HTMLElement, place: Placed['place']): boolean {
    const layer = this.surface.layer(page);
    if (!layer) return false;
    layer.append(element);
    this.placed.push({ element, place });
    return true;
  }

  private makeBar(summary: TableSummary, extent: PdfBox): HTMLElement {
    const bar = el('div', 'bl-bar');
    bar.dataset.table = String(summary.index);
    bar.dataset.status = summary.status;
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', summary.title || kindLabel(summary.kind));
    const counts =
      summary.status === 'empty'
        ? t('status_empty')
        : t(
            'barCounts',
            String(summary.passed),
            String(summary.failed),
            String(summary.rounding),
            String(summary.notCheckedCells),
          );
    const toggle = el('button', 'bl-toggle', t('barHide'));
    toggle.type = 'button';
    toggle.setAttribute('aria-pressed', 'false');
    toggle.addEventListener('click', () => this.toggleTable(summary.index, !this.hidden.has(summary.index)));
    if (summary.failed > 0) bar.classList.add('bl-bar-failed');
    bar.append(
      el('span', 'bl-kind', kindLabel(summary.kind)),
      el('span', 'bl-unit', summary.unit),
      el('span', 'bl-counts', counts),
      toggle,
    );
    this.notes?.decorateBar(bar, summary.index);
    // As wide as its content (the page overlay caps it at the table's width; a PDF page has room beside the table).
    this.add(extent.page, bar, (s) => {
      const at = barAt(extent, s);
      return { left: at.left, top: at.top };
    });
    this.bars.push({ table: summary.index, box: extent, element: bar });
    return bar;
  }

  private toggleTable(table: number, hide: boolean): void {
    if (hide) this.hidden.add(table);
    else this.hidden.delete(table);
    const toggle = this.bar(table)?.querySelector<HTMLButtonElement>('.bl-toggle');
    if (toggle) {
      toggle.textContent = hide ? t('barShow') : t('barHide');
      toggle.setAttribute('aria-pressed', String(hide));
    }
    for (const m of this.markers) {
      if (m.cell.table !== table) continue;
      m.element.hidden = hide;
      m.outline.hidden = hide;
    }
    if (hide && this.tooltip && this.tooltip.element.dataset.cell?.startsWith(`${table}:`)) this.closeTooltip(false);
  }

  private marker(cell: CellAddress, box: PdfBox, findings: Finding[]): void {
    const first = findings[0]!;
    const { button, outline } = findingMarker(cellKey(cell), first);
    outline.dataset.cell = cellKey(cell);
    button.setAttribute('aria-expanded', 'false');
    const marker: Marker = { cell, box, findings, element: button, outline };
    button.addEventListener('click', (e) => {
      e.stopPropagation();
      if (
        this.tooltip?.element.dataset.cell === cellKey(cell) &&
        !this.tooltip.element.classList.contains('bl-claim-tip')
      )
        this.closeTooltip(true);
      else this.openMarker(marker);
    });
    this.add(box.page, outline, (s) => toCss(box, s));
    this.add(box.page, button, (s) => findingMarkerAt(box, s));
    this.markers.push(marker);
  }

  private openMarker(m: Marker): void {
    this.notes?.closePopover(false);
    this.closeTooltip(false);
    const notes = this.notes;
    const tip = findingTooltip({
      cell: cellKey(m.cell),
      findings: m.findings,
      label: severityLabel(m.findings[0]!.severity),
      onClose: () => this.closeTooltip(true),
      ...(notes ? { addNote: (f: Finding) => notes.addNoteButton(f, m.element) } : {}),
    });
    this.showTip(tip, m.box, m.element);
    const cells = new Map<string, CellAddress>();
    for (const f of m.findings) for (const c of f.cells) cells.set(cellKey(c), c);
    this.highlight([...cells.values()]);
  }

  private showTip(tip: HTMLElement, box: PdfBox, opener: HTMLElement): void {
    const layer = this.surface.layer(box.page);
    if (!layer) return;
    // Right after its marker: Tab goes from the marker into the tooltip.
    opener.after(tip);
    opener.setAttribute('aria-expanded', 'true');
    const placed: Placed = { element: tip, place: (s) => belowAt(box, s) };
    apply(tip, placed.place(this.surface.scale));
    this.tooltip = { element: tip, placed, opener };
  }

  private claim(index: number, claim: ClaimEntry, source: PdfSource): void {
    const boxes = claimBoxes(source, claim);
    const mark = claimMark(claim);
    const spot = claimMarkerAt(boxes, this.surface.scale, CLAIM_MARKER_SIZE[mark]);
    if (!spot) return;
    const button = claimButton(index, mark, CLAIM_GLYPH[mark], `${t(CLAIM_MARK_KEYS[mark])}: ${claim.text}`);
    const ranges: HTMLElement[] = [];
    for (const box of boxes) {
      const range = el('div', 'bl-claim-range');
      range.dataset.claim = String(index);
      range.dataset.status = mark;
      if (this.add(box.page, range, (s) => toCss(box, s))) ranges.push(range);
    }
    const entry: Claim = { index, claim, mark, boxes, element: button, ranges };
    button.addEventListener('click', (e) => {
      e.stopPropagation();
      if (this.tooltip?.element.dataset.claim === String(index)) this.closeTooltip(true);
      else this.openClaim(entry);
    });
    this.add(spot.page, button, (s) => claimMarkerAt(boxes, s, CLAIM_MARKER_SIZE[mark])!);
    this.claims.push(entry);
  }

  private openClaim(c: Claim): void {
    this.notes?.closePopover(false);
    this.closeTooltip(false);
    const tip = claimTooltip(c.index, c.mark, t(CLAIM_MARK_KEYS[c.mark]));
    const dl = factList([
      [t('pv_claimStated'), c.claim.stated],
      [t('pv_claimExpected'), c.claim.expected],
      [t('markerDerivation'), c.claim.derivation],
      [t('markerUnit'), c.claim.unit],
    ]);
    const close = closeButton(() => this.closeTooltip(true));
    tip.append(
      close,
      el('p', 'bl-message', t(CLAIM_MARK_KEYS[c.mark])),
      el('blockquote', 'bl-claim-quote', c.claim.text),
      el('p', 'bl-claim-message', pick(c.claim.message)),
      dl,
    );
    const last = c.boxes[c.boxes.length - 1]!;
    this.showTip(tip, last, c.element);
    this.highlight(c.claim.cells);
  }
}
