import type { AuditReport } from '../../lib/audit';
import type { Finding, Severity } from '../../lib/checks/types';
import { cellAttr, OVERLAY_TAG, type Cell } from '../../lib/extension/messages';
import { kindLabel, t, uiLang } from '../../utils/i18n';
import { ClaimsLayer } from './claims';
import { domCell, domTable, el } from './dom';
import { NotesLayer } from './notes-ui';
import { OVERLAY_CSS } from './style';
import { findingMarker, findingTooltip } from './tooltip';
import { YearsLayer } from './years';

export { domCell };

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

interface MarkerEntry {
  readonly cell: Cell;
  readonly findings: Finding[];
  readonly element: HTMLButtonElement;
  readonly outline: HTMLElement;
}

/**
 * The marks budget-lens draws over a page: a bar above each checked table, a marker on each cell a finding
 * states, a tooltip with the recomputation, highlights over every cell of the chosen finding, and the volunteers'
 * notes (components/overlay/notes-ui.ts: ✎ markers, the note editor, 笔记模式). Everything lives
 * in one open shadow root on a <budget-lens-overlay> host, positioned in document coordinates; the page's own
 * content is never changed.
 */
export class Overlay {
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly layer: HTMLElement;
  private markers: MarkerEntry[] = [];
  private bars: { table: number; element: HTMLElement }[] = [];
  private tooltip: HTMLElement | undefined;
  private highlights: HTMLElement[] = [];
  private readonly hidden = new Set<number>();
  private frame = 0;
  /** The notes drawn in this overlay; components/overlay/notes.ts keeps them in step with the store. */
  readonly notes: NotesLayer;
  /** Prior-year labels by the compared table's cells (components/overlay/years.ts). */
  readonly years: YearsLayer;
  /** Marks over the claims of the page's text (components/overlay/claims.ts); the engine draws them after render. */
  readonly claims: ClaimsLayer;

  constructor() {
    this.host = document.createElement(OVERLAY_TAG);
    // Inline !important, and :host rules inside (which win over the page's !important): hostile page CSS can't hide it.
    this.host.setAttribute(
      'style',
      'all:initial !important;display:block !important;position:absolute !important;left:0 !important;top:0 !important;width:0 !important;height:0 !important;overflow:visible !important;opacity:1 !important;visibility:visible !important;z-index:2147483646 !important;pointer-events:none !important;',
    );
    this.root = this.host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = OVERLAY_CSS;
    this.layer = el('div', 'bl-layer');
    this.layer.setAttribute('role', 'region');
    this.layer.setAttribute('aria-label', t('overlayLabel'));
    this.root.append(style, this.layer);
    this.notes = new NotesLayer({
      host: this.host,
      bar: (table) => this.bars.find((b) => b.table === table)?.element,
      isHidden: (table) => this.hidden.has(table),
      highlight: (cells) => this.highlight(cells),
      clearHighlights: () => this.highlight([]),
      closeTooltip: () => this.closeTooltip(),
    });
    this.years = new YearsLayer({
      bar: (table) => this.bars.find((b) => b.table === table)?.element,
      isHidden: (table) => this.hidden.has(table),
    });
    this.claims = new ClaimsLayer({
      highlight: (cells) => this.highlight(cells),
      closeTooltip: () => this.closeTooltip(),
      closePopovers: () => this.notes.closePopover(false),
    });
    this.layer.append(this.years.container, this.claims.container, this.notes.container);
    document.documentElement.append(this.host);
    addEventListener('resize', () => this.schedulePosition());
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.closeTooltip();
    });
  }

  /** Draws bars and markers for a report, in slices of `slice` markers so a long page stays responsive. */
  async render(report: AuditReport, yieldToPage: () => Promise<void>, slice = 150): Promise<void> {
    this.clear();
    const drawn = report.tables.filter((x) => x.status !== 'not-budget');
    this.notes.setTables(drawn);
    for (const t of drawn) this.bars.push({ table: t.index, element: this.bar(t) });
    const byCell = new Map<string, MarkerEntry>();
    const order = [...report.findings].sort((a, b) => RANK[b.severity] - RANK[a.severity]);
    let count = 0;
    for (const f of order) {
      const cell = f.cells[0];
      if (!cell) continue;
      const key = cellAttr(cell);
      const existing = byCell.get(key);
      if (existing) {
        existing.findings.push(f);
        continue;
      }
      const entry = this.marker(cell, f);
      byCell.set(key, entry);
      this.markers.push(entry);
      if (++count % slice === 0) {
        this.position();
        await yieldToPage();
      }
    }
    this.host.dataset.errors = String(report.summary.errors);
    this.host.dataset.warnings = String(report.summary.warnings);
    this.host.dataset.rounding = String(report.summary.rounding);
    this.position();
    this.watchLayout();
  }

  private clear(): void {
    this.closeTooltip();
    this.notes.onClear();
    this.years.onClear();
    this.claims.onClear();
    // The notes' container stays: an open note editor keeps what was typed across re-renders.
    this.layer.replaceChildren(this.years.container, this.claims.container, this.notes.container);
    this.markers = [];
    this.bars = [];
  }

  private bar(summary: AuditReport['tables'][number]): HTMLElement {
    const bar = el('div', 'bl-bar');
    bar.dataset.table = String(summary.index);
    bar.dataset.status = summary.status;
    const kind = el('span', 'bl-kind', kindLabel(summary.kind));
    const unit = el('span', 'bl-unit', summary.unit);
    const counts = el(
      'span',
      'bl-counts',
      summary.status === 'empty'
        ? t('status_empty')
        : summary.status === 'not-understood'
          ? t('status_not_understood')
          : t(
              'barCounts',
              String(summary.passed),
              String(summary.failed),
              String(summary.rounding),
              String(summary.notCheckedCells),
            ),
    );
    // Why the engine did not trust its reading: the reason a reader needs before trusting the absence of marks.
    const why =
      summary.status === 'not-understood' && summary.note
        ? uiLang() === 'en'
          ? (summary.noteEn ?? summary.note)
          : summary.note
        : '';
    if (why) counts.title = why;
    const toggle = el('button', 'bl-toggle', t('barHide'));
    toggle.type = 'button';
    toggle.setAttribute('aria-pressed', 'false');
    toggle.addEventListener('click', () => {
      const hide = !this.hidden.has(summary.index);
      // Every <table> the table was read from: a table continued after a page break hides as one.
      for (const dom of new Set([summary.index, ...summary.domTables])) {
        if (hide) this.hidden.add(dom);
        else this.hidden.delete(dom);
      }
      toggle.textContent = hide ? t('barShow') : t('barHide');
      toggle.setAttribute('aria-pressed', String(hide));
      this.position();
    });
    if (summary.failed > 0) bar.classList.add('bl-bar-failed');
    bar.append(kind, unit, counts, toggle);
    this.notes.decorateBar(bar, summary.index);
    this.years.decorateBar(bar, summary.index);
    this.layer.append(bar);
    return bar;
  }

  private marker(cell: Cell, first: Finding): MarkerEntry {
    const { button, outline } = findingMarker(cellAttr(cell), first);
    const entry: MarkerEntry = { cell, findings: [first], element: button, outline };
    button.addEventListener('click', (e) => {
      e.stopPropagation();
      this.open(entry);
    });
    this.layer.append(outline, button);
    return entry;
  }

  /** Shows the tooltip of a marker and highlights every cell of its findings. */
  open(entry: MarkerEntry): void {
    this.notes.closePopover(false);
    this.closeTooltip();
    const tip = findingTooltip({
      cell: cellAttr(entry.cell),
      findings: entry.findings,
      onClose: () => this.closeTooltip(),
      addNote: (f) => this.notes.addNoteButton(f, entry.element),
    });
    this.layer.append(tip);
    this.tooltip = tip;
    const cells = new Map<string, Cell>();
    for (const f of entry.findings) for (const c of f.cells) cells.set(cellAttr(c), c);
    this.highlight([...cells.values()]);
    this.placeTooltip(entry);
  }

  /** Scrolls to cells and highlights them (the side panel's "show me"); opens the marker if one sits there. */
  reveal(cells: readonly Cell[]): void {
    const first = cells[0] ? domCell(cells[0]) : undefined;
    first?.scrollIntoView({ block: 'center', inline: 'nearest' });
    const entry = cells[0] ? this.markers.find((m) => cellAttr(m.cell) === cellAttr(cells[0]!)) : undefined;
    if (entry) {
      this.open(entry);
      entry.element.focus({ preventScroll: true });
    } else {
      this.closeTooltip();
      this.highlight(cells);
    }
  }

  highlight(cells: readonly Cell[]): void {
    for (const h of this.highlights) h.remove();
    this.highlights = cells.map((c) => {
      const box = el('div', 'bl-highlight');
      box.dataset.cell = cellAttr(c);
      this.layer.append(box);
      return box;
    });
    this.position();
  }

  closeTooltip(): void {
    this.claims.closeTip();
    this.tooltip?.remove();
    this.tooltip = undefined;
    for (const h of this.highlights) h.remove();
    this.highlights = [];
  }

  private schedulePosition(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.position());
  }

  private watchLayout(): void {
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => this.schedulePosition());
    ro.observe(document.documentElement);
    for (const b of this.bars) {
      const table = domTable(b.table);
      if (table) ro.observe(table);
    }
  }

  /** Places everything in document coordinates from the live layout of the page's cells. */
  position(): void {
    const sx = scrollX;
    const sy = scrollY;
    const place = (e: HTMLElement, r: DOMRect, dx = 0, dy = 0, size = true): void => {
      e.style.left = `${r.left + sx + dx}px`;
      e.style.top = `${r.top + sy + dy}px`;
      if (size) {
        e.style.width = `${r.width}px`;
        e.style.height = `${r.height}px`;
      }
    };
    for (const b of this.bars) {
      const table = domTable(b.table);
      if (!table) continue;
      const r = table.getBoundingClientRect();
      b.element.style.left = `${r.left + sx}px`;
      b.element.style.top = `${Math.max(0, r.top + sy - 26)}px`;
      b.element.style.maxWidth = `${Math.max(240, r.width)}px`;
    }
    for (const m of this.markers) {
      const td = domCell(m.cell);
      const hide = !td || this.hidden.has(m.cell.table);
      m.element.hidden = hide;
      m.outline.hidden = hide;
      if (!td || hide) continue;
      const r = td.getBoundingClientRect();
      place(m.outline, r);
      // On the cell's top-right corner, half outside, so it never hides the last digits of a right-aligned amount.
      m.element.style.left = `${r.right + sx - 9}px`;
      m.element.style.top = `${r.top + sy - 8}px`;
    }
    for (const h of this.highlights) {
      const [table, row, cell] = (h.dataset.cell ?? '').split(':').map((x) => Number.parseInt(x, 10));
      const td = domCell({ table: table!, row: row!, cell: cell! });
      if (td) place(h, td.getBoundingClientRect());
    }
    const open = this.tooltip ? this.markers.find((m) => cellAttr(m.cell) === this.tooltip!.dataset.cell) : undefined;
    if (open) this.placeTooltip(open);
    this.years.position();
    this.claims.position();
    this.notes.position();
  }

  private placeTooltip(entry: MarkerEntry): void {
    const td = domCell(entry.cell);
    if (!td || !this.tooltip) return;
    const r = td.getBoundingClientRect();
    this.tooltip.style.left = `${Math.max(4, r.left + scrollX)}px`;
    this.tooltip.style.top = `${r.bottom + scrollY + 4}px`;
  }

  /** Markers by cell, for the side panel's reveal and for tests. */
  markerFor(cell: Cell): HTMLButtonElement | undefined {
    return this.markers.find((m) => cellAttr(m.cell) === cellAttr(cell))?.element;
  }

  remove(): void {
    this.host.remove();
  }
}

export type { Severity };
