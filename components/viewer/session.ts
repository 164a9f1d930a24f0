import { auditSteps, type AuditReport } from '../../lib/audit';
import type { SnapshotStatus } from '../../lib/extension/messages';
import type { BudgetDocument } from '../../lib/model';
import type { PageInfo } from '../../lib/notes/anchor';
import type { NotesStore } from '../../lib/notes/store';
import { readPdfDocument } from '../../lib/pdf/read';
import { buildPdfSource } from '../../lib/pdf/tables';
import type { PdfSource } from '../../lib/pdf/types';
import { snapshotOf } from '../../lib/snapshots/build';
import type { SnapshotStore } from '../../lib/snapshots/store';
import { NotesController, type ResolvedNote } from '../overlay/notes';
import { impliedFor } from '../overlay/years';
import { PdfMarks } from './marks';
import { PdfNotes } from './notes-ui';
import { PageView, pageSizes } from './pages';
import type { PDFDocumentProxy } from './pdf';
import { withoutText } from './place';

/**
 * One opened PDF in the viewer: its rendered pages, the audit of its tables (lib/pdf read → rebuilt tables →
 * the same engine as HTML pages), the marks drawn over the pages, its notes (kept in step with the store, exactly
 * as the page overlay's) and its snapshot. The Preact shell (ViewerApp.tsx) owns one at a time.
 */

export type AuditOutcome =
  | {
      readonly kind: 'audited';
      readonly report: AuditReport;
      readonly doc: BudgetDocument;
      readonly pdf: PdfSource;
      readonly snapshot: SnapshotStatus | null;
    }
  /** Every page is an image (a scan): nothing to check, and the viewer says so. */
  | { readonly kind: 'no-text'; readonly pdf: PdfSource };

export interface SessionStores {
  readonly notes: NotesStore | undefined;
  readonly snapshots: SnapshotStore | undefined;
}

const yieldToPage = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Runs generator steps in slices of about 30 ms, giving the page its turn in between. */
async function drive<T>(steps: Generator<unknown, T>, signal: AbortSignal): Promise<T> {
  let start = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - start > 30) {
      await yieldToPage();
      signal.throwIfAborted();
      start = performance.now();
    }
  }
}

export class ViewerSession {
  readonly pages: PageView;
  readonly marks: PdfMarks;
  readonly notes: PdfNotes;
  private controller: NotesController | undefined;
  private readonly abort = new AbortController();

  private constructor(
    readonly doc: PDFDocumentProxy,
    pages: PageView,
    private readonly stores: SessionStores,
  ) {
    this.pages = pages;
    this.marks = new PdfMarks(pages);
    this.notes = new PdfNotes(pages, this.marks);
    this.marks.setNotes(this.notes);
    pages.onScale = () => {
      this.marks.position();
      this.notes.position();
    };
  }

  /** Lays out every page of an opened document (sizes first, drawing as they scroll into view) in `mount`. */
  static async open(
    doc: PDFDocumentProxy,
    mount: HTMLElement,
    zoom: (firstPageWidth: number) => number,
    stores: SessionStores,
  ): Promise<ViewerSession> {
    const sizes = await pageSizes(doc);
    const view = new PageView(doc, sizes, zoom(sizes[0]?.width ?? 595));
    mount.replaceChildren(view.element);
    return new ViewerSession(doc, view, stores);
  }

  /**
   * Reads the text of every page, rebuilds the tables and audits them; then draws the marks, notes and keeps the
   * snapshot.
   */
  async audit(
    page: PageInfo,
    onProgress: (done: number, total: number) => void,
    onNotes: (resolved: readonly ResolvedNote[]) => void,
  ): Promise<AuditOutcome> {
    const signal = this.abort.signal;
    const contents = await readPdfDocument(this.doc, { onProgress, signal });
    // The PDF's own title (its metadata), as the command line reads it; else the rebuilt text's first block.
    const title = await this.metadataTitle();
    const pdf = buildPdfSource(contents, { url: page.url, ...(title ? { title } : {}) });
    if (withoutText(pdf)) return { kind: 'no-text', pdf };
    signal.throwIfAborted();
    const { doc, report } = await drive(auditSteps(pdf.source), signal);
    signal.throwIfAborted();
    this.marks.render(report, pdf);
    this.notes.setSource(pdf);
    this.notes.onDraw = onNotes;
    if (this.stores.notes) {
      this.controller ??= new NotesController(this.stores.notes, this.notes, () => undefined);
      await this.controller
        .attach(doc, page)
        .catch((e: unknown) => console.warn('budget-lens: notes are unavailable:', (e as Error).message));
    }
    const snapshot = await this.keepSnapshot(doc, report, page);
    return { kind: 'audited', report, doc, pdf, snapshot };
  }

  /** The document's title from its Info dictionary or XMP metadata, when it has one. */
  async metadataTitle(): Promise<string | undefined> {
    try {
      const meta = await this.doc.getMetadata();
      const info = meta.info as { Title?: unknown } | undefined;
      const title = meta.metadata?.get('dc:title') ?? (typeof info?.Title === 'string' ? info.Title : undefined);
      return typeof title === 'string' && title.trim() ? title.trim() : undefined;
    } catch {
      return undefined;
    }
  }

  /** The document and page the notes were resolved against (for page notes written in the side panel). */
  noteContext(): ReturnType<NotesController['context']> {
    return this.controller?.context();
  }

  /** Keeps the PDF's snapshot for the prior-year comparisons, like the engine on an HTML page (unless turned off). */
  private async keepSnapshot(doc: BudgetDocument, report: AuditReport, page: PageInfo): Promise<SnapshotStatus | null> {
    const store = this.stores.snapshots;
    if (!store) return null;
    try {
      const snapshot = snapshotOf(doc, { url: page.url, title: page.title }, impliedFor(report, doc));
      if (!snapshot) return null;
      const { settings } = await store.settings();
      if (!settings.enabled) return { enabled: false, saved: false, id: snapshot.id, error: null };
      const r = await store.put(snapshot);
      return r.ok
        ? { enabled: true, saved: true, id: snapshot.id, error: null }
        : { enabled: true, saved: false, id: snapshot.id, error: r.message };
    } catch (e) {
      const detail = (e as Error).message;
      return {
        enabled: true,
        saved: false,
        id: null,
        error: { zh: `保存失败：${detail}`, en: `Could not save: ${detail}` },
      };
    }
  }

  destroy(): void {
    this.abort.abort();
    this.controller?.dispose();
    this.notes.dispose();
    this.marks.dispose();
    this.pages.destroy();
    void this.doc.destroy();
  }
}
