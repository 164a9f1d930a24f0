import { auditSource } from '../../lib/audit';
import { readPage, type DomNode } from '../../lib/dom/adapter';
import { decodeHtml, isPdf, looksLikeHtml } from '../../lib/page/charset';
import { readPdfDocument, type PdfjsDocumentLike } from '../../lib/pdf/read';
import { buildPdfSource } from '../../lib/pdf/tables';
import { snapshotOf } from '../../lib/snapshots/build';
import type { Snapshot } from '../../lib/snapshots/schema';
import type { SnapshotStore } from '../../lib/snapshots/store';
import { pick, t } from '../../utils/i18n';
import { impliedFor } from '../overlay/years';
import { MAX_PDF_BYTES } from '../viewer/load';
import { withoutText } from '../viewer/place';

/**
 * Bringing in a prior year without visiting it: a saved HTML page (UTF-8, GBK / GB18030 or whatever its <meta charset>
 * says) is decoded, parsed into an inert document (DOMParser: no script runs, nothing loads), read and audited by the
 * same engine as a visited page, and its snapshot is stored like one (its address is the file name as file:///name).
 * A PDF (told by its first bytes, not its name) is opened with the viewer's pdf.js loader (components/viewer/pdf.ts,
 * loaded on the first PDF only), read page by page (lib/pdf/read.ts) and rebuilt into tables (lib/pdf/tables.ts)
 * for the same engine, as the viewer reads it. The history page calls this once per file; the unit tests call it
 * with linkedom's parser and pdf.js's legacy build.
 */

/** Larger pages are refused (a saved disclosure page is well under a few MB); PDFs up to the viewer's MAX_PDF_BYTES. */
export const MAX_PAGE_BYTES = 30 * 1024 * 1024;

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
  const pdf = isPdf(bytes);
  const max = pdf ? MAX_PDF_BYTES : MAX_PAGE_BYTES;
  if (bytes.length > max)
    return fail(t('yr_importTooBig', String(Math.ceil(bytes.length / 1048576)), String(max / 1048576)));
  let snapshot: Snapshot | null;
  if (pdf) {
    const read = await readPdfFile(name, bytes, opts);
    if (!read.ok) return fail(read.error);
    snapshot = read.snapshot;
  } else {
    try {
      const html = decodeHtml(bytes);
      if (!looksLikeHtml(html)) return fail(t('yr_importNotHtml'));
      const root = (opts.parse ?? browserParse)(html);
      const url = fileUrl(name);
      const page = readPage(root, url);
      const { doc, report } = auditSource(page);
      if (report.summary.budgetTables === 0) return fail(t('yr_importNoTables'));
      snapshot = snapshotOf(
        doc,
        { url, title: page.title || name },
        impliedFor(report, doc),
        opts.now ? { now: opts.now } : {},
      );
    } catch (e) {
      return fail(t('yr_importUnreadable', e instanceof Error ? e.message : String(e)));
    }
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

/**
 * A PDF's snapshot: opened with pdf.js, every page read (progress per page), tables and text rebuilt, audited.
 * A PDF whose pages are all images (a scan) or without budget tables gives its reason, not a snapshot.
 */
async function readPdfFile(
  name: string,
  bytes: Uint8Array,
  opts: ImportOptions,
): Promise<{ readonly ok: true; readonly snapshot: Snapshot | null } | { readonly ok: false; readonly error: string }> {
  let task: ReturnType<OpenPdf>;
  let doc: PdfjsDocumentLike;
  try {
    task = (opts.openPdf ?? (await viewerOpenPdf()))(bytes);
    doc = await task.promise;
  } catch (e) {
    const err = e as { name?: unknown; message?: unknown };
    if (err?.name === 'PasswordException') return { ok: false, error: t('yr_importPdfPassword') };
    return {
      ok: false,
      error: t('yr_importPdfUnreadable', typeof err?.message === 'string' && err.message ? err.message : String(e)),
    };
  }
  try {
    opts.onPdfPage?.(0, doc.numPages);
    const contents = await readPdfDocument(doc, opts.onPdfPage ? { onProgress: opts.onPdfPage } : {});
    const url = fileUrl(name);
    const pdf = buildPdfSource(contents, { url });
    if (withoutText(pdf)) return { ok: false, error: t('yr_importPdfNoText') };
    const { doc: budget, report } = auditSource(pdf.source);
    if (report.summary.budgetTables === 0) return { ok: false, error: t('yr_importNoTables') };
    return {
      ok: true,
      snapshot: snapshotOf(
        budget,
        { url, title: pdf.source.title || name },
        impliedFor(report, budget),
        opts.now ? { now: opts.now } : {},
      ),
    };
  } catch (e) {
    return { ok: false, error: t('yr_importUnreadable', e instanceof Error ? e.message : String(e)) };
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
