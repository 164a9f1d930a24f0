import type { PdfPageContent, PdfRule, PdfShade, PdfTextItem } from './types';

/**
 * Reading a PDF with pdf.js into PdfPageContent: text items with their boxes and the ruling lines drawn on each page.
 * The one place that knows pdf.js's text-content and operator-list formats; it works on an already loaded document,
 * so the command line (lib/pdf/node.ts, pdf.js's legacy build) and the viewer page (the browser build) share it.
 * Nothing is rendered: no canvas is needed.
 *
 * Only the parts of pdf.js used here are typed (structurally), so a PDFDocumentProxy of either build fits.
 */

/** What readPdfDocument needs of a PDFDocumentProxy. */
export interface PdfjsDocumentLike {
  readonly numPages: number;
  getPage(pageNumber: number): Promise<PdfjsPageLike>;
}

/** What readPdfPage needs of a PDFPageProxy. */
export interface PdfjsPageLike {
  readonly pageNumber: number;
  getViewport(params: { scale: number }): {
    readonly width: number;
    readonly height: number;
    readonly transform: readonly number[];
  };
  getTextContent(): Promise<{ readonly items: readonly unknown[]; readonly styles: Readonly<Record<string, unknown>> }>;
  getOperatorList(): Promise<{ readonly fnArray: readonly number[]; readonly argsArray: readonly unknown[] }>;
  readonly commonObjs: { has(id: string): boolean; get(id: string): unknown };
  cleanup(resetStats?: boolean): boolean;
}

export interface ReadPdfOptions {
  /** Called after each page: pages read so far and the page count. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Stops between pages (the promise rejects with the signal's reason). */
  readonly signal?: AbortSignal;
}

/**
 * pdf.js's OPS codes used here (pdfjs-dist/src/shared/util.js; tests/pdf/read.test.ts checks them against the library).
 */
export const OPS = {
  save: 10,
  restore: 11,
  transform: 12,
  moveTo: 13,
  lineTo: 14,
  curveTo: 15,
  curveTo2: 16,
  curveTo3: 17,
  closePath: 18,
  rectangle: 19,
  stroke: 20,
  closeStroke: 21,
  fill: 22,
  eoFill: 23,
  fillStroke: 24,
  eoFillStroke: 25,
  closeFillStroke: 26,
  closeEOFillStroke: 27,
  endPath: 28,
  setLineWidth: 2,
  setTextRenderingMode: 38,
  setFont: 37,
  beginText: 31,
  setTextMatrix: 42,
  moveText: 40,
  setLeadingMoveText: 41,
  nextLine: 43,
  setLeading: 36,
  showText: 44,
  showSpacedText: 45,
  nextLineShowText: 46,
  nextLineSetSpacingShowText: 47,
  setFillRGBColor: 59,
  setFillGray: 57,
  setFillTransparent: 93,
  paintFormXObjectBegin: 74,
  paintFormXObjectEnd: 75,
  beginGroup: 76,
  endGroup: 77,
  constructPath: 91,
} as const;

/** pdf.js 5's path drawing codes inside constructPath (DrawOPS). */
const DRAW = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 } as const;

type Matrix = [number, number, number, number, number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2 in pdf.js's convention (Util.transform): apply m2 first, then m1. */
function multiply(m1: readonly number[], m2: readonly number[]): Matrix {
  return [
    m1[0]! * m2[0]! + m1[2]! * m2[1]!,
    m1[1]! * m2[0]! + m1[3]! * m2[1]!,
    m1[0]! * m2[2]! + m1[2]! * m2[3]!,
    m1[1]! * m2[2]! + m1[3]! * m2[3]!,
    m1[0]! * m2[4]! + m1[2]! * m2[5]! + m1[4]!,
    m1[1]! * m2[4]! + m1[3]! * m2[5]! + m1[5]!,
  ];
}

const apply = (m: readonly number[], x: number, y: number): [number, number] => [
  m[0]! * x + m[2]! * y + m[4]!,
  m[1]! * x + m[3]! * y + m[5]!,
];

/** Round to 1/100 pt: positions stay readable in reports and tests, far below any layout distance. */
const r2 = (v: number): number => Math.floor(v * 100 + 0.5) / 100;

/** Reads every page of a loaded document, in order. */
export async function readPdfDocument(doc: PdfjsDocumentLike, options: ReadPdfOptions = {}): Promise<PdfPageContent[]> {
  const pages: PdfPageContent[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    options.signal?.throwIfAborted();
    const page = await doc.getPage(n);
    pages.push(await readPdfPage(page));
    page.cleanup();
    options.onProgress?.(n, doc.numPages);
  }
  return pages;
}

interface FontInfo {
  readonly name?: string;
  readonly bold?: boolean;
  readonly black?: boolean;
  readonly isType3Font?: boolean;
}

const BOLD_NAME = /bold|black|heavy|semibold|demibold|[-,_ ](?:bd|b|sb|hv)$|w[6-9]$/iu;

/** One page: its text items (top-left origin, y down, in points) and its ruling lines. */
export async function readPdfPage(page: PdfjsPageLike): Promise<PdfPageContent> {
  const viewport = page.getViewport({ scale: 1 });
  const vt = viewport.transform;
  // The operator list first: it makes pdf.js load the fonts, whose names and weights say which text is bold.
  const ops = await page.getOperatorList();
  const { rules, shades, strokedText } = rulesOf(ops, vt, viewport.width * viewport.height);
  const content = await page.getTextContent();
  const fonts = new Map<string, FontInfo | undefined>();
  const fontOf = (id: string): FontInfo | undefined => {
    if (!fonts.has(id)) {
      let info: FontInfo | undefined;
      try {
        info = page.commonObjs.has(id) ? (page.commonObjs.get(id) as FontInfo) : undefined;
      } catch {
        info = undefined;
      }
      fonts.set(id, info);
    }
    return fonts.get(id);
  };
  // Chromium (Skia) draws synthesized bold as a Type3 copy of a regular font: a Type3 font named like a font that is
  // also used as a real font on the page is that font in bold.
  const realNames = new Set<string>();
  for (const raw of content.items) {
    const it = raw as { fontName?: string };
    if (!it.fontName) continue;
    const f = fontOf(it.fontName);
    if (f?.name && !f.isType3Font) realNames.add(baseName(f.name));
  }
  const items: PdfTextItem[] = [];
  for (const raw of content.items) {
    const it = raw as { str?: string; transform?: number[]; width?: number; height?: number; fontName?: string };
    if (typeof it.str !== 'string' || !it.transform || it.str.trim() === '') continue;
    const m = multiply(vt, it.transform);
    const size = Math.hypot(m[2], m[3]) || Math.hypot(m[0], m[1]);
    if (!(size > 0)) continue;
    const len = Math.hypot(m[0], m[1]) || 1;
    const ux = m[0] / len;
    const uy = m[1] / len;
    // Up on the page: text space's y axis through the viewport (y down), so upright text has (0, -1).
    const vx = m[2] / size;
    const vy = m[3] / size;
    const w = it.width ?? 0;
    // The em box: 0.85 em above the baseline, 0.15 em below, the advance along the text's direction.
    const corners: [number, number][] = [];
    for (const [a, b] of [
      [0, -0.15],
      [0, 0.85],
      [w, -0.15],
      [w, 0.85],
    ] as const)
      corners.push([m[4] + a * ux + b * size * vx, m[5] + a * uy + b * size * vy]);
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    const font = it.fontName ? fontOf(it.fontName) : undefined;
    const bold =
      !!font &&
      (font.bold === true ||
        font.black === true ||
        (font.name !== undefined && BOLD_NAME.test(baseName(font.name))) ||
        (font.isType3Font === true && font.name !== undefined && realNames.has(baseName(font.name))));
    const fakeBold = strokedText.some((p) => Math.abs(p[0] - m[4]) < 0.5 && Math.abs(p[1] - m[5]) < 0.5);
    items.push({
      str: it.str,
      x: r2(x),
      y: r2(y),
      width: r2(Math.max(...xs) - x),
      height: r2(Math.max(...ys) - y),
      ...(it.fontName ? { fontName: it.fontName } : {}),
      ...(bold || fakeBold ? { bold: true } : {}),
    });
  }
  return {
    page: page.pageNumber,
    width: r2(viewport.width),
    height: r2(viewport.height),
    items,
    rules,
    ...(shades.length > 0 ? { shades } : {}),
  };
}

/** "ABCDEF+SimSun,Bold" → "SimSun,Bold". */
const baseName = (name: string): string => name.replace(/^[A-Z]{6}\+/u, '');

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A path's pieces in page coordinates: straight segments and whether each subpath was an axis-aligned rectangle. */
interface Subpath {
  points: [number, number][];
  closed: boolean;
  curved: boolean;
}

/**
 * Ruling lines from the operator list: stroked straight segments (horizontal or vertical), the edges of stroked
 * rectangles, and thin filled rectangles (≤ 2.5 pt across, how Chromium and many converters draw cell borders) as the
 * line along their middle. Wider filled shapes (cell shading, page backgrounds) are not rules. Also where text is drawn
 * in fill-and-stroke mode (Word's and WPS's synthesized bold): the start of each such text run, in viewport
 * coordinates.
 */
function rulesOf(
  ops: { readonly fnArray: readonly number[]; readonly argsArray: readonly unknown[] },
  vt: readonly number[],
  pageArea: number,
): { rules: PdfRule[]; shades: PdfShade[]; strokedText: [number, number][] } {
  const rules: PdfRule[] = [];
  const shades: PdfShade[] = [];
  const strokedText: [number, number][] = [];
  let ctm: Matrix = [...vt] as Matrix;
  const stack: { ctm: Matrix; white: boolean; lineWidth: number; mode: number }[] = [];
  let white = false;
  let lineWidth = 1;
  let mode = 0;
  // Text position, for fill-and-stroke text only (a rough tracker: matrix, moves and leading).
  let tm: Matrix = [...IDENTITY] as Matrix;
  let lm: Matrix = [...IDENTITY] as Matrix;
  let leading = 0;
  // pdf.js 4 and older: path ops arrive one by one; pdf.js 5 bundles them in constructPath.
  let pending: Subpath[] = [];
  const addSegment = (a: [number, number], b: [number, number], width: number): void => {
    const dx = Math.abs(a[0] - b[0]);
    const dy = Math.abs(a[1] - b[1]);
    if (dx < 0.01 && dy < 0.01) return;
    // Only axis-aligned lines rule a table.
    if (dy <= Math.max(0.5, dx * 0.02)) {
      const y = (a[1] + b[1]) / 2;
      rules.push({ x1: r2(Math.min(a[0], b[0])), y1: r2(y), x2: r2(Math.max(a[0], b[0])), y2: r2(y) });
    } else if (dx <= Math.max(0.5, dy * 0.02)) {
      const x = (a[0] + b[0]) / 2;
      rules.push({ x1: r2(x), y1: r2(Math.min(a[1], b[1])), x2: r2(x), y2: r2(Math.max(a[1], b[1])) });
    }
    void width;
  };
  const paint = (subpaths: readonly Subpath[], op: number): void => {
    const stroke =
      op === OPS.stroke ||
      op === OPS.closeStroke ||
      op === OPS.fillStroke ||
      op === OPS.eoFillStroke ||
      op === OPS.closeFillStroke ||
      op === OPS.closeEOFillStroke;
    const fill =
      op === OPS.fill ||
      op === OPS.eoFill ||
      op === OPS.fillStroke ||
      op === OPS.eoFillStroke ||
      op === OPS.closeFillStroke ||
      op === OPS.closeEOFillStroke;
    if (!stroke && !fill) return;
    for (const sp of subpaths) {
      if (sp.curved || sp.points.length < 2) continue;
      if (fill && !stroke && sp.points.length >= 3) {
        // A thin filled shape (a rectangle, or the trapezoid of a bevelled border corner) is a line.
        const xs = sp.points.map((p) => p[0]);
        const ys = sp.points.map((p) => p[1]);
        const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
        if (!white && y1 - y0 <= 2.5 && x1 - x0 > (y1 - y0) * 2) {
          addSegment([x0, (y0 + y1) / 2], [x1, (y0 + y1) / 2], y1 - y0);
          continue;
        }
        if (!white && x1 - x0 <= 2.5 && y1 - y0 > (x1 - x0) * 2) {
          addSegment([(x0 + x1) / 2, y0], [(x0 + x1) / 2, y1], x1 - x0);
          continue;
        }
      }
      const rect = asRect(sp.points);
      if (rect) {
        const [x0, y0, x1, y1] = rect;
        const w = x1 - x0;
        const h = y1 - y0;
        // A wider filled shape is shading (a cell's or a row's background), not a border: its edges are left out.
        if (fill && !stroke) {
          if (!white && w * h < pageArea * 0.5) shades.push({ x: r2(x0), y: r2(y0), width: r2(w), height: r2(h) });
          continue;
        }
        addSegment([x0, y0], [x1, y0], lineWidth);
        addSegment([x0, y1], [x1, y1], lineWidth);
        addSegment([x0, y0], [x0, y1], lineWidth);
        addSegment([x1, y0], [x1, y1], lineWidth);
        continue;
      }
      if (!stroke) continue;
      for (let i = 1; i < sp.points.length; i++) addSegment(sp.points[i - 1]!, sp.points[i]!, lineWidth);
      if (sp.closed) addSegment(sp.points[sp.points.length - 1]!, sp.points[0]!, lineWidth);
    }
  };
  /** Subpaths of pdf.js 5's path data (DrawOPS codes and coordinates, in user space). */
  const parseDrawOps = (data: ArrayLike<number>): Subpath[] => {
    const out: Subpath[] = [];
    let cur: Subpath | undefined;
    for (let i = 0; i < data.length;) {
      const code = data[i++]!;
      if (code === DRAW.moveTo) {
        cur = { points: [apply(ctm, data[i]!, data[i + 1]!)], closed: false, curved: false };
        out.push(cur);
        i += 2;
      } else if (code === DRAW.lineTo) {
        const p = apply(ctm, data[i]!, data[i + 1]!);
        if (!cur) out.push((cur = { points: [], closed: false, curved: false }));
        cur.points.push(p);
        i += 2;
      } else if (code === DRAW.curveTo) {
        if (cur) cur.curved = true;
        i += 6;
      } else if (code === DRAW.quadraticCurveTo) {
        if (cur) cur.curved = true;
        i += 4;
      } else if (code === DRAW.closePath) {
        if (cur) {
          cur.closed = true;
          // Drawing continues from the subpath's start.
          const start = cur.points[0];
          cur = start ? { points: [start], closed: false, curved: false } : undefined;
          if (cur) out.push(cur);
        }
      } else break;
    }
    return out.filter((s) => s.points.length >= 2);
  };
  /** pdf.js 4 and older: constructPath args are [ops[], coordinates[], minMax]. */
  const parseLegacy = (codes: readonly number[], coords: readonly number[]): Subpath[] => {
    const out: Subpath[] = [];
    let cur: Subpath | undefined;
    let j = 0;
    for (const code of codes) {
      if (code === OPS.rectangle) {
        const [x, y, w, h] = [coords[j]!, coords[j + 1]!, coords[j + 2]!, coords[j + 3]!];
        j += 4;
        out.push({
          points: [apply(ctm, x, y), apply(ctm, x + w, y), apply(ctm, x + w, y + h), apply(ctm, x, y + h)],
          closed: true,
          curved: false,
        });
        cur = undefined;
      } else if (code === OPS.moveTo) {
        cur = { points: [apply(ctm, coords[j]!, coords[j + 1]!)], closed: false, curved: false };
        out.push(cur);
        j += 2;
      } else if (code === OPS.lineTo) {
        if (!cur) out.push((cur = { points: [], closed: false, curved: false }));
        cur.points.push(apply(ctm, coords[j]!, coords[j + 1]!));
        j += 2;
      } else if (code === OPS.curveTo) {
        if (cur) cur.curved = true;
        j += 6;
      } else if (code === OPS.curveTo2 || code === OPS.curveTo3) {
        if (cur) cur.curved = true;
        j += 4;
      } else if (code === OPS.closePath) {
        if (cur) cur.closed = true;
      }
    }
    return out.filter((s) => s.points.length >= 2);
  };

  const { fnArray, argsArray } = ops;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const args = argsArray[i] as unknown[] | null | undefined;
    switch (fn) {
      case OPS.save:
      case OPS.beginGroup:
        stack.push({ ctm, white, lineWidth, mode });
        break;
      case OPS.restore:
      case OPS.endGroup:
      case OPS.paintFormXObjectEnd: {
        const s = stack.pop();
        if (s) ({ ctm, white, lineWidth, mode } = s);
        break;
      }
      case OPS.paintFormXObjectBegin: {
        stack.push({ ctm, white, lineWidth, mode });
        const m = args?.[0];
        if (Array.isArray(m) || ArrayBuffer.isView(m)) {
          const mm = Array.from(m as ArrayLike<number>);
          if (mm.length === 6 && mm.every(isNum)) ctm = multiply(ctm, mm);
        }
        break;
      }
      case OPS.transform:
        if (args && args.length === 6 && args.every(isNum)) ctm = multiply(ctm, args as number[]);
        break;
      case OPS.setLineWidth:
        if (args && isNum(args[0])) lineWidth = args[0];
        break;
      case OPS.setFillRGBColor: {
        const c = args?.[0];
        if (typeof c === 'string') white = /^#(?:f[a-f]){3}$/iu.test(c);
        else if (args && args.length >= 3 && args.slice(0, 3).every(isNum))
          white = (args as number[]).slice(0, 3).every((v) => v >= 254 || v === 1);
        break;
      }
      case OPS.setFillGray:
        white = !!args && args[0] === 1;
        break;
      case OPS.setFillTransparent:
        white = true;
        break;
      case OPS.setTextRenderingMode:
        if (args && isNum(args[0])) mode = args[0];
        break;
      case OPS.beginText:
        tm = [...IDENTITY] as Matrix;
        lm = [...IDENTITY] as Matrix;
        break;
      case OPS.setLeading:
        if (args && isNum(args[0])) leading = args[0];
        break;
      case OPS.setTextMatrix: {
        const m =
          args?.[0] !== undefined && typeof args[0] === 'object'
            ? Array.from(args[0] as ArrayLike<number>)
            : (args as number[] | undefined);
        if (m && m.length === 6) {
          tm = [...m] as Matrix;
          lm = [...m] as Matrix;
        }
        break;
      }
      case OPS.moveText:
      case OPS.setLeadingMoveText:
        if (args && isNum(args[0]) && isNum(args[1])) {
          if (fn === OPS.setLeadingMoveText) leading = -args[1];
          lm = multiply(lm, [1, 0, 0, 1, args[0], args[1]]);
          tm = [...lm] as Matrix;
        }
        break;
      case OPS.nextLine:
        lm = multiply(lm, [1, 0, 0, 1, 0, -leading]);
        tm = [...lm] as Matrix;
        break;
      case OPS.showText:
      case OPS.showSpacedText:
      case OPS.nextLineShowText:
      case OPS.nextLineSetSpacingShowText:
        if (fn === OPS.nextLineShowText || fn === OPS.nextLineSetSpacingShowText) {
          lm = multiply(lm, [1, 0, 0, 1, 0, -leading]);
          tm = [...lm] as Matrix;
        }
        // Fill then stroke (2), or fill, stroke and clip (6): synthesized bold. Only the run's start is needed, to
        // match the text item pdf.js begins there; tm is not advanced (the next run of a line starts with a move).
        if (mode === 2 || mode === 6) {
          const p = multiply(ctm, tm);
          strokedText.push([p[4], p[5]]);
        }
        break;
      case OPS.moveTo:
      case OPS.lineTo:
      case OPS.curveTo:
      case OPS.curveTo2:
      case OPS.curveTo3:
      case OPS.closePath:
      case OPS.rectangle:
        // Very old pdf.js: single path ops (kept for completeness; the 5.x worker never sends them).
        if (args) pending.push(...parseLegacy([fn], args as number[]));
        break;
      case OPS.stroke:
      case OPS.closeStroke:
      case OPS.fill:
      case OPS.eoFill:
      case OPS.fillStroke:
      case OPS.eoFillStroke:
      case OPS.closeFillStroke:
      case OPS.closeEOFillStroke:
      case OPS.endPath:
        paint(pending, fn);
        pending = [];
        break;
      case OPS.constructPath: {
        if (!args) break;
        if (isNum(args[0])) {
          // pdf.js 5: [paint op, [path data | null], minMax].
          const data = (args[1] as unknown[] | undefined)?.[0];
          if (data && (ArrayBuffer.isView(data) || Array.isArray(data)))
            paint(parseDrawOps(data as ArrayLike<number>), args[0]);
        } else if (Array.isArray(args[0]) && Array.isArray(args[1])) {
          // pdf.js 4: [ops[], coordinates[], minMax]; the paint op follows as its own op.
          pending.push(...parseLegacy(args[0] as number[], args[1] as number[]));
        }
        break;
      }
      default:
        break;
    }
  }
  return { rules, shades, strokedText };
}

/** An axis-aligned rectangle's [x0, y0, x1, y1] when the subpath is one (4 corners, or 5 with the start repeated). */
function asRect(points: readonly [number, number][]): [number, number, number, number] | undefined {
  let pts = points;
  if (pts.length === 5 && Math.abs(pts[0]![0] - pts[4]![0]) < 0.01 && Math.abs(pts[0]![1] - pts[4]![1]) < 0.01)
    pts = pts.slice(0, 4);
  if (pts.length !== 4) return undefined;
  const xs = [...new Set(pts.map((p) => r2(p[0])))];
  const ys = [...new Set(pts.map((p) => r2(p[1])))];
  if (xs.length > 2 || ys.length > 2) return undefined;
  // Consecutive corners differ in exactly one coordinate.
  for (let i = 0; i < 4; i++) {
    const a = pts[i]!;
    const b = pts[(i + 1) % 4]!;
    const sameX = Math.abs(a[0] - b[0]) < 0.01;
    const sameY = Math.abs(a[1] - b[1]) < 0.01;
    if (sameX === sameY) return undefined;
  }
  return [
    Math.min(...pts.map((p) => p[0])),
    Math.min(...pts.map((p) => p[1])),
    Math.max(...pts.map((p) => p[0])),
    Math.max(...pts.map((p) => p[1])),
  ];
}
