import { readFile } from 'node:fs/promises';
import type { AuditReport } from '../lib/audit';
import type { PageSource } from '../lib/dom/adapter';
import type { BudgetDocument } from '../lib/model';
import { OpenError, openDocument } from '../lib/open';
import { decodeHtml } from '../lib/page/charset';
import { parseHtmlLean } from './html-dom';
import { loadPdf } from '../lib/pdf/node';
import type { PdfSource } from '../lib/pdf/types';

export { decodeHtml };

export class InputError extends Error {}

/**
 * A saved page or a PDF, read and audited (lib/open.ts): what was read, the model and the report; a PDF with where
 * its cells are. A PDF whose pages are all images has no report (`doc` and `report` undefined).
 */
export type LoadedPage =
  | {
      readonly source: string;
      readonly page: PageSource;
      readonly pdf?: PdfSource;
      readonly doc: BudgetDocument;
      readonly report: AuditReport;
    }
  | {
      readonly source: string;
      readonly pdf: PdfSource;
      readonly page?: undefined;
      readonly doc?: undefined;
      readonly report?: undefined;
    };

export interface LoadOptions {
  /** Reading a PDF: called after each page with the pages read and the page count. */
  readonly onPdfProgress?: (done: number, total: number) => void;
}

/** Reads a saved page or a PDF (or fetches a URL) and audits it; what is wrong with the input is an InputError. */
export async function loadPage(input: string, options: LoadOptions = {}): Promise<LoadedPage> {
  const { bytes, servedAsPdf } = await readInput(input);
  let opened;
  try {
    opened = await openDocument(
      { bytes, servedAsPdf },
      {
        url: input,
        parseHtml: parseHtmlLean,
        readPdf: (b, onProgress) => loadPdf(b, onProgress ? { onProgress } : {}),
        ...(options.onPdfProgress ? { onPdfProgress: options.onPdfProgress } : {}),
      },
    );
  } catch (e) {
    if (!(e instanceof OpenError)) throw e;
    throw new InputError(
      e.reason === 'empty'
        ? `cannot read ${input}: the file is empty`
        : e.reason === 'not-html'
          ? `${input} does not look like an HTML page`
          : e.reason === 'pdf-password'
            ? `${input} is a PDF protected by a password; it cannot be read`
            : `${input} is a PDF that cannot be read (${e.message})`,
    );
  }
  if (opened.kind === 'no-text') return { source: input, pdf: opened.pdf };
  return {
    source: input,
    page: opened.page,
    ...(opened.pdf ? { pdf: opened.pdf } : {}),
    doc: opened.document,
    report: opened.report,
  };
}

/** A file's bytes, or a URL's (and whether the server said it is a PDF). */
async function readInput(input: string): Promise<{ bytes: Uint8Array; servedAsPdf: boolean }> {
  if (/^https?:\/\//iu.test(input)) {
    let res: Response;
    try {
      res = await fetch(input);
    } catch (e) {
      throw new InputError(`cannot fetch ${input}: ${(e as Error).message}`);
    }
    if (!res.ok) throw new InputError(`cannot fetch ${input}: HTTP ${res.status}`);
    const servedAsPdf = /application\/(?:x-)?pdf/iu.test(res.headers.get('content-type') ?? '');
    return { bytes: new Uint8Array(await res.arrayBuffer()), servedAsPdf };
  }
  try {
    return { bytes: await readFile(input), servedAsPdf: false };
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
