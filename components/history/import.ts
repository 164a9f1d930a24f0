import type { DomNode } from '../../lib/dom/adapter';
import { OpenError, openDocument } from '../../lib/open';
import { isPdf } from '../../lib/page/charset';
import { readPdfDocument, type PdfjsDocumentLike } from '../../lib/pdf/read';
import type { PdfPageContent } from '../../lib/pdf/types';
import type { Snapshot } from '../../lib/snapshots/schema';
import type { SnapshotStore } from '../../lib/snapshots/store';
import { pick, t } from '../../utils/i18n';
import { MAX_PDF_BYTES } from '../viewer/load';

/**
 * Bringing in a prior year without visiting it: a saved HTML page or a PDF (told by its first bytes, not its name) is
 * opened through lib/open.ts like every document — HTML parsed into an inert document (DOMParser: no script runs,
 * nothing loads), a PDF read with the viewer's pdf.js loader (components/viewer/pdf.ts, loaded on the first PDF only) —
 * and its snapshot is stored like a visited page's (its address is the file name as file:///name). The history page
 * calls this once per file; the unit tests call it with linkedom's parser and pdf.js's legacy build.
 */

/** Larger pages are refused (a saved disclosure page is well under a few MB); PDFs up to the viewer's MAX_PDF_BYTES. */
const MAX_PAGE_BYTES = 30 * 1024 * 1024;

/** HTML text → a document the engine's reader reads. */
export type ParseHtml = (html: string) => DomNode;

/** The browser's parser: an inert document, scripts never run. */
export const browserParse: ParseHtml = (html) =>
  new DOMParser().parseFromString(html, 'text/html') as unknown as DomNode;

/** What the history page lists for a file that was imported. */
export interface ImportedSnapshot {
  readonly id: string;
  readonly department: string | null;
  readonly region: string | null;
  readonly year: number | null;
  readonly stage: '预算' | '决算' | null;
  readonly tables: number;
  readonly url: string;
}

export type PageImport =
  | {
      readonly ok: true;
      readonly name: string;
      readonly snapshot: ImportedSnapshot;
      readonly replaced: boolean;
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly name: string; readonly error: string };

/** The address a file's snapshot keeps: "file:///hangzhou-2023.html". */
export const fileUrl = (name: string): string => `file:///${name.replace(/^[/\\]+/u, '')}`;

/** Opens a PDF's bytes with pdf.js (it may take the buffer): the viewer's openPdf, or any build's getDocument. */
export type OpenPdf = (data: Uint8Array) => { readonly promise: Promise<PdfjsDocumentLike>; destroy(): Promise<void> };

/** The viewer's loader (bundled pdf.js, its worker and CMaps), loaded when the first PDF is imported. */
const viewerOpenPdf = async (): Promise<OpenPdf> => (await import('../viewer/pdf')).openPdf;

export interface ImportOptions {
  readonly parse?: ParseHtml;
  readonly now?: Date;
  /** PDF files: how pdf.js is loaded (default: the viewer's loader). */
  readonly openPdf?: OpenPdf;
  /** PDF files: called once the page count is known (0 read) and after each page. */
  readonly onPdfPage?: (done: number, total: number) => void;
}

/** Reads one saved page and stores its snapshot; every failure is a message saying what was wrong with that file. */
export async function importSavedPage(
  file: { readonly name: string; readonly bytes: Uint8Array },
  store: SnapshotStore,
  opts: ImportOptions = {},
): Promise<PageImport> {
  const name = file.name;
  const fail = (error: string): PageImport => ({ ok: false, name, error });
  const bytes = file.bytes;
  if (bytes.length === 0) return fail(t('yr_importEmpty'));
  const max = isPdf(bytes) ? MAX_PDF_BYTES : MAX_PAGE_BYTES;
  if (bytes.length > max)
    return fail(t('yr_importTooBig', String(Math.ceil(bytes.length / 1048576)), String(max / 1048576)));
  const url = fileUrl(name);
  let snapshot: Snapshot | null;
  try {
    const opened = await openDocument(
      { bytes },
      {
        url,
        parseHtml: opts.parse ?? browserParse,
        readPdf: (b, onProgress) => readPdf(b, opts.openPdf, onProgress),
        ...(opts.onPdfPage ? { onPdfProgress: opts.onPdfPage } : {}),
        // A page without a title keeps the file's name.
        snapshot: { untitled: name, ...(opts.now ? { now: opts.now } : {}) },
      },
    );
    if (opened.kind === 'no-text') return fail(t('yr_importPdfNoText'));
    if (opened.report.summary.budgetTables === 0) return fail(t('yr_importNoTables'));
    snapshot = opened.snapshot;
  } catch (e) {
    if (e instanceof OpenError) {
      if (e.reason === 'not-html') return fail(t('yr_importNotHtml'));
      if (e.reason === 'pdf-password') return fail(t('yr_importPdfPassword'));
      if (e.reason === 'pdf-unreadable') return fail(t('yr_importPdfUnreadable', e.message));
    }
    return fail(t('yr_importUnreadable', e instanceof Error ? e.message : String(e)));
  }
  if (!snapshot || snapshot.tables.length === 0) return fail(t('yr_importNoTables'));
  let replaced = false;
  try {
    replaced = (await store.get(snapshot.id)).status !== 'missing';
  } catch {
    replaced = false;
  }
  const written = await store.put(snapshot).catch((e: unknown) => ({
    ok: false as const,
    reason: 'error' as const,
    message: { zh: String(e), en: String(e) },
  }));
  if (!written.ok) return fail(t('yr_importNotSaved', pick(written.message)));
  const warnings: string[] = [];
  if (!snapshot.department) warnings.push(t('yr_importNoDepartment'));
  if (snapshot.year === null) warnings.push(t('yr_importNoYear'));
  return {
    ok: true,
    name,
    replaced,
    warnings,
    snapshot: {
      id: snapshot.id,
      department: snapshot.department,
      region: snapshot.region,
      year: snapshot.year,
      stage: snapshot.stage,
      tables: snapshot.tables.length,
      url: snapshot.url,
    },
  };
}

/** A PDF's pages and title, read with pdf.js (the viewer's loader unless told otherwise), which is then let go. */
async function readPdf(
  bytes: Uint8Array,
  open: OpenPdf | undefined,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<{ pages: PdfPageContent[]; title?: string }> {
  const task = (open ?? (await viewerOpenPdf()))(bytes);
  try {
    const doc = await task.promise;
    onProgress?.(0, doc.numPages);
    const pages = await readPdfDocument(doc, onProgress ? { onProgress } : {});
    return { pages };
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

/** A File's bytes (File.arrayBuffer, with FileReader for older engines). */
export async function fileBytes(file: Blob): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return new Uint8Array(await file.arrayBuffer());
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsArrayBuffer(file);
  });
}
