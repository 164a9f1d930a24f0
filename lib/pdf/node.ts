/**
 * NODE ONLY (the command line, tests, benchmarks): loads pdf.js's legacy build, which runs in Node without a canvas,
 * and reads a PDF's bytes into PdfPageContent through lib/pdf/read.ts. The extension never imports this file.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readPdfDocument, type PdfjsDocumentLike, type ReadPdfOptions } from './read';
import { pdfTitle } from './title';
import type { PdfPageContent } from './types';

/** The PDF could not be opened (not a PDF, damaged, or protected by a password). */
export class PdfOpenError extends Error {
  constructor(
    message: string,
    readonly reason: 'password' | 'invalid',
  ) {
    super(message);
  }
}

export interface LoadedPdf {
  readonly pages: PdfPageContent[];
  readonly pageCount: number;
  /** The document's own title (Info dictionary or XMP), when it has one. */
  readonly title?: string;
}

const require = createRequire(import.meta.url);

/** pdfjs-dist's folder, for its CMaps (CJK fonts that are not embedded) and standard font data. */
function pdfjsDir(): string {
  return dirname(require.resolve('pdfjs-dist/package.json'));
}

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/**
 * Built-in objects whose methods pdf.js's legacy build may replace. Its bundled core-js polyfills replace, on the
 * Node versions we support, Array.prototype.push and JSON.parse / JSON.stringify by JavaScript versions (for edge
 * cases nobody here meets: push onto an array with a read-only length, JSON.rawJSON) that are many times slower; with
 * them one 25-page PDF spent a second in pdf.js's own pushes, and every push of the engine after it was slow too.
 */
const INTRINSICS: readonly object[] = [
  Object,
  Array,
  Array.prototype,
  JSON,
  String.prototype,
  Promise,
  Promise.prototype,
  Map.prototype,
  Set.prototype,
  Object.getPrototypeOf(Uint8Array.prototype) as object,
  Uint8Array.prototype,
  ArrayBuffer.prototype,
];

let pdfjsModule: Promise<Pdfjs> | undefined;

/**
 * pdf.js's legacy build, loaded once per process with its worker code in the same thread (pdf.js's "fake worker":
 * the worker module sets globalThis.pdfjsWorker, which getDocument then uses). Methods the polyfills replaced are put
 * back afterwards; the ones they added (Promise.withResolvers, Set methods, iterator helpers…), which pdf.js needs on
 * Node 20, stay.
 */
function pdfjsLegacy(): Promise<Pdfjs> {
  pdfjsModule ??= (async () => {
    const saved = INTRINSICS.map(
      (o) => new Map(Reflect.ownKeys(o).map((k) => [k, Object.getOwnPropertyDescriptor(o, k)!])),
    );
    try {
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      return pdfjs;
    } finally {
      INTRINSICS.forEach((o, i) => {
        for (const [key, before] of saved[i]!) {
          const now = Object.getOwnPropertyDescriptor(o, key);
          if (now && (now.value !== before.value || now.get !== before.get)) Object.defineProperty(o, key, before);
        }
      });
    }
  })();
  return pdfjsModule;
}

/**
 * Where pdf.js would install the PDF's fonts for drawing: nowhere. pdf.js's default in Node (disableFontFace) has
 * its worker turn every glyph used into a drawing path, which nothing here draws (a fifth of a 25-page document's
 * time); with font faces enabled it hands each font to this stand-in document's style sheet instead, which keeps
 * nothing. The fonts' names and weights (read for bold text) are the same either way.
 */
const NO_FONT_DOCUMENT = {
  documentElement: { getElementsByTagName: () => [{ append: () => undefined }] },
  createElement: () => ({ sheet: { cssRules: [], insertRule: () => 0 }, remove: () => undefined }),
};

/** Reads a PDF's bytes. The bytes are copied: pdf.js takes ownership of the buffer it is given. */
export async function loadPdf(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<LoadedPdf> {
  const pdfjs = await pdfjsLegacy();
  const dir = pdfjsDir();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: `${join(dir, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(dir, 'standard_fonts')}/`,
    isEvalSupported: false,
    // No image is decoded: nothing here looks at pictures (seals, logos, scans), and decoding them was a tenth of a
    // batch's time. A scan still reads as a PDF without text.
    maxImageSize: 0,
    disableFontFace: false,
    ownerDocument: NO_FONT_DOCUMENT as unknown as Document,
    useSystemFonts: false,
    verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (e) {
    const err = e as { name?: string; message?: string };
    if (err.name === 'PasswordException') throw new PdfOpenError('the PDF is protected by a password', 'password');
    throw new PdfOpenError(err.message ?? String(e), 'invalid');
  }
  try {
    const pages = await readPdfDocument(doc as unknown as PdfjsDocumentLike, options);
    const title = await pdfTitle(doc);
    return { pages, pageCount: doc.numPages, ...(title ? { title } : {}) };
  } finally {
    await doc.destroy();
  }
}
