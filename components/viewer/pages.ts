import { TextLayer, type PDFDocumentProxy, type PDFPageProxy, type RenderTask } from 'pdfjs-dist';
import type { PdfBox } from '../../lib/pdf/types';
import { t } from '../../utils/i18n';
import { cssScale } from './params';

/**
 * The rendered pages: one <section class="pv-page"> per page, sized from the page's viewport at the zoom, holding
 * a canvas, pdf.js's text layer (selectable, searchable text over the canvas) and a `.bl-layer` for the marks
 * (components/viewer/marks.ts, notes-ui.ts). Pages are drawn only as they come near the viewport (an
 * IntersectionObserver) and let go again when far away, so a 300-page file costs what the visible pages cost.
 */

export interface PageSize {
  /** PDF points, as the page shows (rotation applied). */
  readonly width: number;
  readonly height: number;
}

interface Slot {
  readonly number: number;
  readonly size: PageSize;
  readonly section: HTMLElement;
  readonly layer: HTMLElement;
  /** The scale the canvas and text layer were drawn at; 0 when not drawn. */
  drawn: number;
  canvas?: HTMLCanvasElement;
  text?: HTMLElement;
  task?: RenderTask;
  textLayer?: TextLayer;
  near: boolean;
}

/**
 * Canvas pixels per page at most (4096 × 4096): beyond that the canvas is drawn at a lower resolution, never refused.
 */
const MAX_CANVAS_PIXELS = 16_777_216;

/** Page sizes (points, rotation applied) of every page of a document. */
export async function pageSizes(doc: PDFDocumentProxy): Promise<PageSize[]> {
  const sizes: PageSize[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const vp = (await doc.getPage(i)).getViewport({ scale: 1 });
    sizes.push({ width: vp.width, height: vp.height });
  }
  return sizes;
}

export class PageView {
  readonly element: HTMLElement;
  private readonly slots: Slot[];
  private zoomValue: number;
  private readonly observer: IntersectionObserver | undefined;
  /** Called after the zoom changed and every page was resized (the marks place themselves again). */
  onScale: (scale: number) => void = () => undefined;

  constructor(
    private readonly doc: PDFDocumentProxy,
    sizes: readonly PageSize[],
    zoom: number,
  ) {
    this.zoomValue = zoom;
    this.element = document.createElement('div');
    this.element.className = 'pv-pages';
    this.slots = sizes.map((size, i) => {
      const section = document.createElement('section');
      section.className = 'pv-page';
      section.dataset.page = String(i + 1);
      section.setAttribute('aria-label', t('pv_pageLabel', String(i + 1), String(sizes.length)));
      const layer = document.createElement('div');
      layer.className = 'bl-layer pv-marks';
      section.append(layer);
      this.element.append(section);
      return { number: i + 1, size, section, layer, drawn: 0, near: false };
    });
    this.resize();
    this.observer =
      typeof IntersectionObserver === 'undefined'
        ? undefined
        : new IntersectionObserver((entries) => this.onIntersect(entries), { rootMargin: '1200px 0px' });
    for (const s of this.slots) this.observer?.observe(s.section);
  }

  get zoom(): number {
    return this.zoomValue;
  }

  /** CSS px per PDF point. */
  get scale(): number {
    return cssScale(this.zoomValue);
  }

  get pageCount(): number {
    return this.slots.length;
  }

  sizeOf(page: number): PageSize | undefined {
    return this.slots[page - 1]?.size;
  }

  /** The marks' layer of a page (1-based). */
  layer(page: number): HTMLElement | undefined {
    return this.slots[page - 1]?.layer;
  }

  setZoom(zoom: number): void {
    if (Math.abs(zoom - this.zoomValue) < 1e-6) return;
    // Keep the reader where they were: the same fraction of the same page stays at the top of the window.
    const anchor = this.currentPage();
    const slot = this.slots[anchor - 1];
    const before = slot ? slot.section.getBoundingClientRect() : undefined;
    const fraction = before && before.height > 0 ? -before.top / before.height : 0;
    this.zoomValue = zoom;
    this.resize();
    for (const s of this.slots) if (s.near) void this.draw(s);
    if (slot) {
      const after = slot.section.getBoundingClientRect();
      scrollBy(0, after.top + fraction * after.height);
    }
    this.onScale(this.scale);
  }

  /** The page at the top of the window (1-based). */
  currentPage(): number {
    const mid = 80;
    for (const s of this.slots) {
      const r = s.section.getBoundingClientRect();
      if (r.bottom > mid) return s.number;
    }
    return this.slots.length;
  }

  /** Scrolls a box of a page into the middle of the window. */
  scrollToBox(box: Pick<PdfBox, 'page' | 'y' | 'height'>): void {
    const slot = this.slots[box.page - 1];
    if (!slot) return;
    const r = slot.section.getBoundingClientRect();
    const y = r.top + scrollY + (box.y + box.height / 2) * this.scale - innerHeight / 2;
    scrollTo({ top: Math.max(0, y), behavior: 'auto' });
  }

  scrollToPage(page: number): void {
    this.slots[page - 1]?.section.scrollIntoView({ block: 'start' });
  }

  destroy(): void {
    this.observer?.disconnect();
    for (const s of this.slots) this.release(s);
    this.element.remove();
  }

  private resize(): void {
    const scale = this.scale;
    for (const s of this.slots) {
      const st = s.section.style;
      st.width = `${Math.round(s.size.width * scale)}px`;
      st.height = `${Math.round(s.size.height * scale)}px`;
      // pdf.js's text layer sizes itself and its text from these (web/pdf_viewer.css).
      st.setProperty('--scale-factor', String(scale));
      st.setProperty('--user-unit', '1');
      st.setProperty('--total-scale-factor', String(scale));
    }
  }

  private onIntersect(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      const slot = this.slots.find((s) => s.section === e.target);
      if (!slot) continue;
      slot.near = e.isIntersecting;
      if (slot.near) void this.draw(slot);
      else this.release(slot);
    }
  }

  /** Draws a page's canvas and text layer at the current scale (again, when the zoom changed). */
  private async draw(slot: Slot): Promise<void> {
    const scale = this.scale;
    if (slot.drawn === scale) return;
    this.release(slot);
    slot.drawn = scale;
    let page: PDFPageProxy;
    try {
      page = await this.doc.getPage(slot.number);
    } catch (e) {
      slot.drawn = 0;
      console.warn(`budget-lens: page ${slot.number}:`, (e as Error).message);
      return;
    }
    if (slot.drawn !== scale || !slot.near) return;
    const viewport = page.getViewport({ scale });
    const ratio = Math.min(
      devicePixelRatio || 1,
      Math.sqrt(MAX_CANVAS_PIXELS / Math.max(1, viewport.width * viewport.height)),
    );
    const canvas = document.createElement('canvas');
    canvas.className = 'pv-canvas';
    canvas.width = Math.max(1, Math.floor(viewport.width * ratio));
    canvas.height = Math.max(1, Math.floor(viewport.height * ratio));
    canvas.setAttribute('aria-hidden', 'true');
    const text = document.createElement('div');
    text.className = 'textLayer';
    slot.section.prepend(canvas, text);
    slot.canvas = canvas;
    slot.text = text;
    const task = page.render({ canvas, viewport, ...(ratio !== 1 ? { transform: [ratio, 0, 0, ratio, 0, 0] } : {}) });
    slot.task = task;
    const textLayer = new TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport });
    slot.textLayer = textLayer;
    try {
      await Promise.all([task.promise, textLayer.render()]);
      slot.section.dataset.rendered = 'true';
    } catch (e) {
      // Cancelled by a zoom or by scrolling away: nothing to say. Anything else: the page stays blank, the audit is
      // unaffected.
      if ((e as Error).name !== 'RenderingCancelledException' && (e as Error).name !== 'AbortException')
        console.warn(`budget-lens: page ${slot.number}:`, (e as Error).message);
    } finally {
      if (slot.task === task) slot.task = undefined;
    }
  }

  private release(slot: Slot): void {
    slot.task?.cancel();
    slot.task = undefined;
    slot.textLayer?.cancel();
    slot.textLayer = undefined;
    if (slot.canvas) {
      // Let the browser drop the bitmap at once.
      slot.canvas.width = 0;
      slot.canvas.height = 0;
      slot.canvas.remove();
      slot.canvas = undefined;
    }
    slot.text?.remove();
    slot.text = undefined;
    slot.drawn = 0;
    delete slot.section.dataset.rendered;
  }
}
