import { textSegments, type BlockPositions, type PlacedBox, type TextSegment } from '../../lib/dom/adapter';
import { HOST_STYLE, OVERLAY_TAG } from '../../lib/page/host';
import type { Cell, TextSpan } from '../../lib/report/schema';
import { t, uiLang } from '../../utils/i18n';
import { el } from '../marks/dom';
import { OVERLAY_CSS } from '../marks/style';
import type { Place, Rect, Surface, Target } from '../marks/surface';
import { cellAddressOf, domCell, domTable } from './dom';

/** The host the detector put on the page (entrypoints/detector.content.ts): empty, no shadow root yet. */
function waitingHost(): HTMLElement | undefined {
  for (const e of Array.from(document.documentElement.children))
    if (e.localName === OVERLAY_TAG && !e.shadowRoot) return e as HTMLElement;
  return undefined;
}

/** Removes the detector's empty host when nothing is drawn on the page (its tables were not budget tables). */
export function dropWaitingHost(): void {
  waitingHost()?.remove();
}

/**
 * An HTML page as a Surface for the marks layer (components/marks/): one `<budget-lens-overlay>` host on
 * `document.documentElement` (the one the detector put there when the page was parsed, where it did) with an open
 * shadow root holding the one layer, in document coordinates. Places are
 * measured from the live layout of the page's cells (`getBoundingClientRect`) and of the text nodes that hold a
 * claim's words (the adapter's PageSource.positions); the host's inline `!important` styles and the shadow root's
 * `:host` rules (whose `!important` wins over the page's) keep hostile page CSS from hiding it. Note mode takes a
 * press on a cell before the page sees it. The page itself is never changed.
 */
export class DomSurface implements Surface {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  readonly layer: HTMLElement;
  readonly fixed: HTMLElement;
  private positions: readonly (BlockPositions | undefined)[] = [];
  /** Where the cells and tables rebuilt from a page printed as positioned text are (PageSource.placed). */
  private placed: ReadonlyMap<string, PlacedBox> = new Map();
  /** A span's text-node pieces, found once per audit (its key: block:start-endBlock:end). */
  private readonly segments = new Map<string, TextSegment[]>();
  private picking: { tables: ReadonlySet<number>; onPick: (cell: Cell) => void } | undefined;
  private readonly moved: (() => void)[] = [];
  private readonly observed = new Set<Element>();
  private observer: ResizeObserver | undefined;
  private readonly listeners = new AbortController();

  constructor() {
    // The empty host the detector put on the page when it was parsed (already laid out), else a new one.
    this.host = waitingHost() ?? document.createElement(OVERLAY_TAG);
    // Inline !important, and :host rules inside (which win over the page's !important): hostile page CSS can't hide it.
    this.host.setAttribute('style', HOST_STYLE);
    this.root = this.host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = OVERLAY_CSS;
    this.layer = el('div', 'bl-layer');
    this.layer.setAttribute('role', 'region');
    this.layer.setAttribute('aria-label', t('overlayLabel'));
    // The marks speak the UI's language, whatever the page's (screen readers, tests).
    this.layer.setAttribute('lang', uiLang() === 'en' ? 'en' : 'zh-CN');
    this.fixed = this.layer;
    this.root.append(style, this.layer);
    if (this.host.parentNode !== document.documentElement) document.documentElement.append(this.host);
    const signal = this.listeners.signal;
    window.addEventListener('resize', () => this.notify(), { signal });
    // In note mode a press on a cell of a picked table is ours: the page does not act on it, a click picks the cell.
    for (const type of ['click', 'dblclick', 'auxclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup'] as const)
      document.addEventListener(type, (e) => this.onPagePointer(e), { capture: true, signal });
  }

  /** Where the text blocks' characters are (readPage with positions), after each read of the page. */
  setPositions(
    positions: readonly (BlockPositions | undefined)[] | undefined,
    placed?: ReadonlyMap<string, PlacedBox>,
  ): void {
    this.positions = positions ?? [];
    this.placed = placed ?? new Map();
    this.segments.clear();
  }

  locate(target: Target): Place[] {
    if ('cell' in target) {
      const cell = domCell(target.cell);
      return cell ? this.box(cell) : this.placedBox(this.placedCell(target.cell));
    }
    if ('table' in target) {
      const table = domTable(target.table);
      if (table) this.observe(table);
      return table ? this.box(table) : this.placedBox(this.placed.get(`${target.table}`));
    }
    return this.text(target.text);
  }

  view(): Rect {
    return {
      left: scrollX,
      top: scrollY,
      width: document.documentElement.clientWidth || innerWidth,
      height: innerHeight,
    };
  }

  scrollTo(target: Target): void {
    if ('text' in target) {
      const segments = this.segmentsOf(target.text);
      // The element first (it may sit in a scrolled box of its own), then the window so the words are centred.
      (segments[0]?.node as unknown as Node | undefined)?.parentElement?.scrollIntoView({
        block: 'center',
        inline: 'nearest',
      });
      const r = this.text(target.text)[0]?.rect;
      if (r && (r.top < scrollY || r.top + r.height > scrollY + innerHeight))
        scrollBy(0, r.top - scrollY - Math.max(0, (innerHeight - r.height) / 2));
      return;
    }
    const e = 'cell' in target ? domCell(target.cell) : domTable(target.table);
    if (e) {
      e.scrollIntoView({ block: 'center', inline: 'nearest' });
      return;
    }
    // A rebuilt table's cell: its page into view, then the window so the cell is centred.
    const placed = 'cell' in target ? this.placedCell(target.cell) : this.placed.get(`${target.table}`);
    (placed?.page as unknown as Element | undefined)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const r = this.placedBox(placed)[0]?.rect;
    if (r) scrollBy(0, r.top - scrollY - Math.max(0, (innerHeight - r.height) / 2));
  }

  cellText(cell: Cell): string {
    const e = domCell(cell);
    return e ? (e.textContent ?? '').replace(/\s+/gu, ' ').trim() : (this.placedCell(cell)?.text ?? '');
  }

  firstCell(table: number): Cell | undefined {
    const first = { table, row: 0, cell: 0 };
    return domTable(table)?.rows[0]?.cells[0] || this.placedCell(first) ? first : undefined;
  }

  pick(tables: ReadonlySet<number>, onPick: (cell: Cell) => void): void {
    this.picking = tables.size > 0 ? { tables, onPick } : undefined;
  }

  onMove(listener: () => void): void {
    this.moved.push(listener);
    if (!this.observer && typeof ResizeObserver !== 'undefined') {
      const root = document.documentElement;
      let width = -1;
      this.observer = new ResizeObserver((entries) => {
        // While the page loads, the parser lengthens it in every frame: what it adds comes after the tables marked
        // so far, which stay where they are. Only a change of width (or of an observed table) moves them then.
        const grown = entries.every((e) => e.target === root && e.contentRect.width === width);
        for (const e of entries) if (e.target === root) width = e.contentRect.width;
        if (!(grown && document.readyState === 'loading')) this.notify();
      });
      this.observer.observe(root);
    }
  }

  dispose(): void {
    this.listeners.abort();
    this.observer?.disconnect();
    this.host.remove();
  }

  private notify(): void {
    for (const l of this.moved) l();
  }

  private observe(table: Element): void {
    if (!this.observer || this.observed.has(table)) return;
    this.observed.add(table);
    this.observer.observe(table);
  }

  /** An element's box in document coordinates; none when it is not laid out (display: none, a collapsed box). */
  private box(e: Element | undefined): Place[] {
    if (!e) return [];
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return [];
    return [
      { layer: this.layer, rect: { left: r.left + scrollX, top: r.top + scrollY, width: r.width, height: r.height } },
    ];
  }

  private placedCell(c: Cell): PlacedBox | undefined {
    return this.placed.size > 0 ? this.placed.get(`${c.table}:${c.row}:${c.cell}`) : undefined;
  }

  /**
   * A box on a printed page of positioned text, in document coordinates: the page container's box, scaled from the
   * page's points to its rendered width (4/3 px a point when the page gives no width of its own).
   */
  private placedBox(p: PlacedBox | undefined): Place[] {
    const page = p?.page as unknown as Element | undefined;
    if (!p || !page?.isConnected) return [];
    const r = page.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return [];
    const scale = p.pageWidth ? r.width / p.pageWidth : 4 / 3;
    const rect = {
      left: r.left + scrollX + p.x * scale,
      top: r.top + scrollY + p.y * scale,
      width: p.width * scale,
      height: p.height * scale,
    };
    return [{ layer: this.layer, rect }];
  }

  private segmentsOf(span: TextSpan): TextSegment[] {
    const key = `${span.block}:${span.start}-${span.endBlock}:${span.end}`;
    let found = this.segments.get(key);
    if (!found) this.segments.set(key, (found = textSegments(this.positions, span)));
    return found;
  }

  /** The line boxes of a span's words: one per text-node piece and line; none when a piece left the page or changed. */
  private text(span: TextSpan): Place[] {
    const out: Place[] = [];
    for (const s of this.segmentsOf(span)) {
      const node = s.node as unknown as Text;
      if (!node.isConnected || (node.nodeValue ?? '').length < s.end) return [];
      let range: Range;
      try {
        range = document.createRange();
        range.setStart(node, s.start);
        range.setEnd(node, s.end);
      } catch {
        return [];
      }
      if (typeof range.getClientRects !== 'function') continue;
      for (const b of Array.from(range.getClientRects())) {
        if (b.width < 0.5 || b.height < 0.5) continue;
        out.push({
          layer: this.layer,
          rect: { left: b.left + scrollX, top: b.top + scrollY, width: b.width, height: b.height },
        });
      }
    }
    return out;
  }

  private onPagePointer(e: Event): void {
    const picking = this.picking;
    if (!picking) return;
    const target = e.target as Element | null;
    if (!target || typeof target.closest !== 'function' || target === this.host) return;
    const td = target.closest('td, th');
    const cell = td ? cellAddressOf(td) : undefined;
    if (!cell || !picking.tables.has(cell.table)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (e.type === 'click') picking.onPick(cell);
  }
}
