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

/** Reads a PDF's bytes. The bytes are copied: pdf.js takes ownership of the buffer it is given. */
export async function loadPdf(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<LoadedPdf> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const dir = pdfjsDir();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: `${join(dir, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(dir, 'standard_fonts')}/`,
    isEvalSupported: false,
    disableFontFace: true,
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
