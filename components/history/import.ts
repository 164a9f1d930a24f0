import { auditSource } from '../../lib/audit';
import { readPage, type DomNode } from '../../lib/dom/adapter';
import { decodeHtml, isPdf, looksLikeHtml } from '../../lib/page/charset';
import { snapshotOf } from '../../lib/snapshots/build';
import type { Snapshot } from '../../lib/snapshots/schema';
import type { SnapshotStore } from '../../lib/snapshots/store';
import { pick, t } from '../../utils/i18n';
import { impliedFor } from '../overlay/years';

/**
 * Bringing in a prior year without visiting it: a saved HTML page (UTF-8, GBK / GB18030 or whatever its <meta charset>
 * says) is decoded, parsed into an inert document (DOMParser: no script runs, nothing loads), read and audited by the
 * same engine as a visited page, and its snapshot is stored like one (its address is the file name as file:///name).
 * The history page calls this once per file; the unit tests call it with linkedom's parser.
 */

/** Larger files are refused (a saved disclosure page is well under a few MB). */
export const MAX_PAGE_BYTES = 30 * 1024 * 1024;

/** HTML text → a document the engine's reader reads. */
export type ParseHtml = (html: string) => DomNode;

/** The browser's parser: an inert document, scripts never run. */
export const browserParse: ParseHtml = (html) => new DOMParser().parseFromString(html, 'text/html') as unknown as DomNode;

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
  | { readonly ok: true; readonly name: string; readonly snapshot: ImportedSnapshot; readonly replaced: boolean; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly name: string; readonly error: string };

/** The address a file's snapshot keeps: "file:///hangzhou-2023.html". */
export const fileUrl = (name: string): string => `file:///${name.replace(/^[/\\]+/u, '')}`;

export interface ImportOptions {
  readonly parse?: ParseHtml;
  readonly now?: Date;
}

/** Reads one saved page and stores its snapshot; every failure is a message saying what was wrong with that file. */
export async function importSavedPage(file: { readonly name: string; readonly bytes: Uint8Array }, store: SnapshotStore, opts: ImportOptions = {}): Promise<PageImport> {
  const name = file.name;
  const fail = (error: string): PageImport => ({ ok: false, name, error });
  const bytes = file.bytes;
  if (bytes.length === 0) return fail(t('yr_importEmpty'));
  if (bytes.length > MAX_PAGE_BYTES) return fail(t('yr_importTooBig', String(Math.ceil(bytes.length / 1048576)), String(MAX_PAGE_BYTES / 1048576)));
  if (isPdf(bytes)) return fail(t('yr_importPdf'));
  let snapshot: Snapshot | null;
  try {
    const html = decodeHtml(bytes);
    if (!looksLikeHtml(html)) return fail(t('yr_importNotHtml'));
    const root = (opts.parse ?? browserParse)(html);
    const url = fileUrl(name);
    const page = readPage(root, url);
    const { doc, report } = auditSource(page);
    if (report.summary.budgetTables === 0) return fail(t('yr_importNoTables'));
    snapshot = snapshotOf(doc, { url, title: page.title || name }, impliedFor(report, doc), opts.now ? { now: opts.now } : {});
  } catch (e) {
    return fail(t('yr_importUnreadable', e instanceof Error ? e.message : String(e)));
  }
  if (!snapshot || snapshot.tables.length === 0) return fail(t('yr_importNoTables'));
  let replaced = false;
  try {
    replaced = (await store.get(snapshot.id)).status !== 'missing';
  } catch {
    replaced = false;
  }
  const written = await store.put(snapshot).catch((e: unknown) => ({ ok: false as const, reason: 'error' as const, message: { zh: String(e), en: String(e) } }));
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

