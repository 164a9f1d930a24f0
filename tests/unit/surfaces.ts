/**
 * The two surfaces of the marks layer (components/marks/surface.ts) without a browser, for the unit tests: an HTML
 * page on linkedom with a fake layout, and a PDF's pages with the PdfSurface over fake pages. linkedom has no layout
 * (every rectangle is 0 × 0) and no table.rows / row.cells: the page gets the browser's rows and cells, every cell
 * 80 × 20 px (rows stacked, table t starting at t × 1000 px, 100 px from the left), tables 480 px wide, and every
 * text range one box per piece, placed by its offsets. The PDF's pages each get a layer; boxes are PDF points times
 * the scale.
 */
import { parseHTML } from 'linkedom';
import type { PdfBox } from '../../lib/pdf/types';

const rect = (left: number, top: number, width: number, height: number) => ({
  left,
  top,
  width,
  height,
  right: left + width,
  bottom: top + height,
  x: left,
  y: top,
});

/** A fake Range over one text-node piece: one box per piece, placed by the piece's offset so pieces differ. */
function fakeRange(laidOut: boolean) {
  let start = 0;
  let end = 0;
  const box = () => rect(10 + start, 100, Math.max(0, end * 12 - start), 20);
  return {
    setStart: (_: unknown, o: number) => void (start = o),
    setEnd: (_: unknown, o: number) => void (end = o),
    getClientRects: () => (laidOut ? [box()] : []),
    getBoundingClientRect: () => box(),
  };
}

/** Gives a linkedom document the browser's table.rows / row.cells and a simple layout. */
function fakeLayout(document: Document, opts: { text?: boolean } = {}): { scrolled: unknown[] } {
  ([...document.querySelectorAll('table')] as HTMLElement[]).forEach((table, t) => {
    const rows = [...table.querySelectorAll('tr')] as HTMLElement[];
    rows.forEach((tr, r) => {
      const cells = [...tr.children].filter((c) => c.localName === 'td' || c.localName === 'th');
      cells.forEach((td, c) =>
        Object.defineProperty(td, 'getBoundingClientRect', {
          value: () => rect(100 + c * 80, t * 1000 + r * 20, 80, 20),
        }),
      );
      Object.defineProperty(tr, 'cells', { value: cells });
    });
    Object.defineProperty(table, 'rows', { value: rows });
    Object.defineProperty(table, 'getBoundingClientRect', {
      value: () => rect(100, t * 1000, 480, Math.max(1, rows.length) * 20),
    });
  });
  (document as unknown as { createRange: () => unknown }).createRange = () => fakeRange(opts.text ?? true);
  const scrolled: unknown[] = [];
  const proto = (document.defaultView as unknown as { HTMLElement: { prototype: object } }).HTMLElement.prototype;
  (proto as { scrollIntoView: () => void }).scrollIntoView = function (this: unknown) {
    scrolled.push(this);
  };
  return { scrolled };
}

/** An HTML page on linkedom, with the fake layout, installed as the global document and window. */
export function installPage(html: string, opts: { text?: boolean } = {}) {
  const { document, window } = parseHTML(html);
  const layout = fakeLayout(document as unknown as Document, opts);
  Object.assign(globalThis, {
    document,
    window,
    scrollX: 0,
    scrollY: 0,
    innerWidth: 1280,
    innerHeight: 800,
    scrollBy: () => undefined,
    scrollTo: () => undefined,
    requestAnimationFrame: (f: () => void) => setTimeout(f, 0),
    cancelAnimationFrame: (h: ReturnType<typeof setTimeout>) => clearTimeout(h),
  });
  return { document: document as unknown as Document, window, ...layout };
}

/** PDF pages as the PdfSurface sees them (PageView's part it uses): a layer per page, a scale, scrolling to a box. */
export function fakePages(count: number, scale = 2) {
  const element = document.createElement('div');
  const layers = Array.from({ length: count }, () => {
    const section = document.createElement('section');
    Object.defineProperty(section, 'getBoundingClientRect', { value: () => rect(0, 0, 1190, 1684) });
    const layer = document.createElement('div');
    section.append(layer);
    element.append(section);
    return layer;
  });
  document.body.append(element);
  const scrolled: PdfBox[] = [];
  return {
    element,
    scale,
    layer: (p: number) => layers[p - 1],
    scrollToBox: (b: PdfBox) => void scrolled.push(b as PdfBox),
    onScale: (_: number) => undefined,
    setZoomScale(s: number) {
      this.scale = s;
      this.onScale(s);
    },
    layers,
    scrolled,
  };
}
