import { readFile } from 'node:fs/promises';
import { parseHTML } from 'linkedom';
import type { DomNode } from '../lib/dom/adapter';
import { decodeHtml, isPdf, looksLikeHtml } from '../lib/page/charset';
import { loadPdf, PdfOpenError } from '../lib/pdf/node';
import { buildPdfSource } from '../lib/pdf/tables';
import type { PdfSource } from '../lib/pdf/types';

export { decodeHtml };

export class InputError extends Error {}

/** A saved page (a DOM for the engine's adapter), or a PDF (its rebuilt tables and text, with where each sits). */
export type LoadedPage =
  | { readonly source: string; readonly root: DomNode; readonly pdf?: undefined }
  | { readonly source: string; readonly pdf: PdfSource; readonly root?: undefined };

export interface LoadOptions {
  /** Reading a PDF: called after each page with the pages read and the page count. */
  readonly onPdfProgress?: (done: number, total: number) => void;
}

/** "%PDF-" within the first kilobyte (the format allows a little junk before it). */
const pdfBytes = (bytes: Uint8Array): boolean =>
  isPdf(bytes) || new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).includes('%PDF-');

/** Reads a saved page or a PDF (or fetches a URL) into what the engine reads. */
export async function loadPage(input: string, options: LoadOptions = {}): Promise<LoadedPage> {
  let bytes: Uint8Array;
  let servedAsPdf = false;
  if (/^https?:\/\//iu.test(input)) {
    let res: Response;
    try {
      res = await fetch(input);
    } catch (e) {
      throw new InputError(`cannot fetch ${input}: ${(e as Error).message}`);
    }
    if (!res.ok) throw new InputError(`cannot fetch ${input}: HTTP ${res.status}`);
    servedAsPdf = /application\/(?:x-)?pdf/iu.test(res.headers.get('content-type') ?? '');
    bytes = new Uint8Array(await res.arrayBuffer());
  } else {
    try {
      bytes = await readFile(input);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EISDIR'
            ? 'is a directory'
            : code === 'EACCES'
              ? 'permission denied'
              : (e as Error).message;
      throw new InputError(`cannot read ${input}: ${why}`);
    }
  }
  if (bytes.length === 0) throw new InputError(`cannot read ${input}: the file is empty`);
  if (pdfBytes(bytes) || servedAsPdf) {
    let loaded;
    try {
      loaded = await loadPdf(bytes, options.onPdfProgress ? { onProgress: options.onPdfProgress } : {});
    } catch (e) {
      if (!(e instanceof PdfOpenError)) throw e;
      throw new InputError(
        e.reason === 'password'
          ? `${input} is a PDF protected by a password; it cannot be read`
          : `${input} is a PDF that cannot be read (${e.message})`,
      );
    }
    const pdf = buildPdfSource(loaded.pages, { url: input, ...(loaded.title ? { title: loaded.title } : {}) });
    return { source: input, pdf };
  }
  const html = decodeHtml(bytes);
  if (!looksLikeHtml(html)) throw new InputError(`${input} does not look like an HTML page`);
  const { document } = parseHTML(html);
  return { source: input, root: document as unknown as DomNode };
}
