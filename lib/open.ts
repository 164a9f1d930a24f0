import { auditSteps, type AuditReport } from './audit';
import { readPageSteps, type DomNode, type PageSource } from './dom/adapter';
import type { BudgetDocument } from './model';
import { canonicalUrl } from './page/canonical';
import { decodeHtml, isPdf, looksLikeHtml } from './page/charset';
import { readPdfDocument, type PdfjsDocumentLike } from './pdf/read';
import { buildPdfSource } from './pdf/tables';
import { pdfTitle, type PdfMetadataSource } from './pdf/title';
import type { PdfPageContent, PdfSource } from './pdf/types';
import { snapshotOf } from './snapshots/build';
import { impliedFor } from './snapshots/implied';
import type { Snapshot } from './snapshots/schema';
import { drive } from './steps';

export { canonicalUrl };

/**
 * THE ONE WAY IN: a document — the bytes of a saved page or a PDF, a live or parsed DOM, an opened pdf.js document,
 * or PDF pages already read — to what every part of budget-lens works with: the text and tables read
 * (`page`, PageSource), the budget model (`document`), the audit (`report`) and, when asked, the prior-year
 * snapshot. The command line (cli/load.ts), the prior-year importer (components/history/import.ts), the PDF viewer
 * (components/viewer/session.ts) and the engine in a page (entrypoints/engine.ts) all come through here; they differ
 * only in how bytes are parsed (linkedom or DOMParser, pdf.js's Node or browser build) and in how the stepwise work is
 * driven (to the end at once, or in slices on a page's main thread: lib/steps.ts).
 */

/** What to open. */
export type OpenInput =
  /** A saved page (UTF-8, GBK / GB18030 or what its <meta charset> says) or a PDF, told by its bytes. */
  | { readonly bytes: Uint8Array; readonly servedAsPdf?: boolean }
  /** A DOM (the browser's page, or a parsed one); `positions` keeps where each text block's characters are. */
  | { readonly dom: DomNode; readonly positions?: boolean }
  /** A PDF opened with pdf.js (the viewer keeps it to render the pages). */
  | { readonly pdfjs: PdfjsDocumentLike & PdfMetadataSource }
  /** A PDF's pages already read (lib/pdf/read.ts), with its own title when it has one. */
  | { readonly pages: readonly PdfPageContent[]; readonly title?: string };

export interface OpenOptions {
  /** The document's address: its URL, or file:///name for a local file. */
  readonly url: string;
  /** HTML bytes: the parser (linkedom in Node, DOMParser in the browser: no script runs, nothing loads). */
  readonly parseHtml?: (html: string) => DomNode;
  /** PDF bytes: reads the pages (pdf.js's Node build on the command line, the bundled one in the extension). */
  readonly readPdf?: (
    bytes: Uint8Array,
    onProgress?: (done: number, total: number) => void,
  ) => Promise<{ readonly pages: readonly PdfPageContent[]; readonly title?: string }>;
  /** A PDF: called once the page count is known (0 read) and after each page. */
  readonly onPdfProgress?: (done: number, total: number) => void;
  /**
   * Make the prior-year snapshot: filed under this address (default: the page's <link rel=canonical> when
   * `canonical`, else `url`) and title (default: the document's own, else `untitled`), at this time.
   */
  readonly snapshot?: {
    readonly url?: string;
    readonly canonical?: boolean;
    readonly title?: string;
    readonly untitled?: string;
    readonly now?: Date;
  };
  /** Drive the read and the audit in slices of this many ms (a page's main thread); default: at once. */
  readonly sliceMs?: number;
  /** Stops between slices and between a PDF's pages. */
  readonly signal?: AbortSignal;
}

export type Opened =
  | {
      readonly kind: 'audited';
      /** The text blocks and raw tables read (a PDF's rebuilt ones). */
      readonly page: PageSource;
      /** A PDF: where its cells and words are on its pages. */
      readonly pdf?: PdfSource;
      readonly document: BudgetDocument;
      readonly report: AuditReport;
      /** The prior-year snapshot when asked for (null: no budget table to keep). */
      readonly snapshot: Snapshot | null;
    }
  /** Every page of the PDF is an image (a scan): nothing can be checked, which is not a pass. */
  | { readonly kind: 'no-text'; readonly pdf: PdfSource };

/** Why a document could not be opened; each caller says it in its own words. */
export class OpenError extends Error {
  constructor(
    readonly reason: 'empty' | 'not-html' | 'pdf-password' | 'pdf-unreadable' | 'no-reader',
    message: string,
  ) {
    super(message);
  }
}

/** Is the whole PDF without a text layer (every page a scanned image, or no page at all)? */
export const withoutText = (pdf: Pick<PdfSource, 'pagesWithoutText' | 'pageCount'>): boolean =>
  pdf.pageCount === 0 || new Set(pdf.pagesWithoutText).size >= pdf.pageCount;

/** Opens a document (see the module comment). Throws OpenError for what the document itself is at fault for. */
export async function openDocument(input: OpenInput, options: OpenOptions): Promise<Opened> {
  if ('dom' in input) {
    const page = await run(readPageSteps(input.dom, options.url, { positions: input.positions ?? false }), options);
    return audit(page, undefined, options);
  }
  if ('pages' in input) return openPages(input.pages, input.title, options);
  if ('pdfjs' in input) {
    options.onPdfProgress?.(0, input.pdfjs.numPages);
    const pages = await readPdfDocument(input.pdfjs, {
      ...(options.onPdfProgress ? { onProgress: options.onPdfProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return openPages(pages, await pdfTitle(input.pdfjs), options);
  }
  const bytes = input.bytes;
  if (bytes.length === 0) throw new OpenError('empty', 'the file is empty');
  if (isPdf(bytes) || input.servedAsPdf) {
    if (!options.readPdf) throw new OpenError('no-reader', 'no PDF reader was given');
    let read;
    try {
      read = await options.readPdf(bytes, options.onPdfProgress);
    } catch (e) {
      const err = e as { name?: unknown; reason?: unknown; message?: unknown };
      if (err?.name === 'PasswordException' || err?.reason === 'password')
        throw new OpenError('pdf-password', 'the PDF is protected by a password');
      throw new OpenError('pdf-unreadable', typeof err?.message === 'string' && err.message ? err.message : String(e));
    }
    return openPages(read.pages, read.title, options);
  }
  const html = decodeHtml(bytes);
  if (!looksLikeHtml(html)) throw new OpenError('not-html', 'it does not look like an HTML page');
  if (!options.parseHtml) throw new OpenError('no-reader', 'no HTML parser was given');
  return openDocument({ dom: options.parseHtml(html) }, options);
}

async function openPages(
  pages: readonly PdfPageContent[],
  title: string | undefined,
  options: OpenOptions,
): Promise<Opened> {
  const pdf = buildPdfSource(pages, { url: options.url, ...(title ? { title } : {}) });
  if (withoutText(pdf)) return { kind: 'no-text', pdf };
  return audit(pdf.source, pdf, options);
}

async function audit(page: PageSource, pdf: PdfSource | undefined, options: OpenOptions): Promise<Opened> {
  const { doc, report } = await run(auditSteps(page), options);
  const snapshot = options.snapshot ? pageSnapshot(page, doc, report, options.url, options.snapshot) : null;
  return { kind: 'audited', page, ...(pdf ? { pdf } : {}), document: doc, report, snapshot };
}

/** The prior-year snapshot of an audited page (OpenOptions.snapshot says how it is filed); null: no budget table. */
export function pageSnapshot(
  page: PageSource,
  doc: BudgetDocument,
  report: AuditReport,
  url: string,
  s: NonNullable<OpenOptions['snapshot']>,
): Snapshot | null {
  return snapshotOf(
    doc,
    {
      url: s.url ?? (s.canonical ? canonicalUrl(page, url) : undefined) ?? url,
      title: s.title ?? (page.title || s.untitled || ''),
    },
    impliedFor(report, doc),
    s.now ? { now: s.now } : {},
  );
}

const run = <T>(steps: Generator<unknown, T>, options: OpenOptions): Promise<T> =>
  drive(steps, { sliceMs: options.sliceMs ?? 0, ...(options.signal ? { signal: options.signal } : {}) });
