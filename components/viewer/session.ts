import type { PageReport } from '../../lib/extension/messages';
import { pageReport } from '../../lib/extension/page-report';
import type { PageInfo } from '../../lib/notes/anchor';
import type { NotesStore, StorageChangedLike } from '../../lib/notes/store';
import { openDocument, type Opened } from '../../lib/open';
import { toJson } from '../../lib/report/json';
import type { SnapshotStore } from '../../lib/snapshots/store';
import { MarksLayer } from '../marks/layer';
import { localModel } from '../marks/local-model';
import { NotesController } from '../marks/notes';
import { snapshotText, storeKeeper } from '../../lib/snapshots/keep';
import { NO_YEARS, YearsController } from '../overlay/years';
import { PageView, pageSizes } from './pages';
import type { PDFDocumentProxy } from './pdf';
import { PdfSurface } from './pdf-surface';

/**
 * One opened PDF in the viewer: its rendered pages (pages.ts: what is PDF-specific: canvas, text layer, zoom), the
 * document opened and audited through lib/open.ts like every document, the marks layer (components/marks/, the
 * page overlay's own code) on the pages' surface, its notes (kept in step with the store, as on a page) and its
 * snapshot. The Preact shell (ViewerApp.tsx) owns one at a time.
 */

export type AuditOutcome =
  | (Extract<Opened, { kind: 'audited' }> & {
      /** What the viewer sends and shows: the report contract with the page, its notes and its prior years. */
      readonly pageReport: PageReport;
    })
  | Extract<Opened, { kind: 'no-text' }>;

export interface SessionStores {
  readonly notes: NotesStore | undefined;
  readonly snapshots: SnapshotStore | undefined;
  readonly changes: StorageChangedLike | undefined;
}

export class ViewerSession {
  readonly pages: PageView;
  readonly surface: PdfSurface;
  readonly marks: MarksLayer;
  private notes: NotesController | undefined;
  private years: YearsController | undefined;
  private readonly abort = new AbortController();

  private constructor(
    readonly doc: PDFDocumentProxy,
    pages: PageView,
    private readonly stores: SessionStores,
  ) {
    this.pages = pages;
    this.surface = new PdfSurface(pages);
    this.marks = new MarksLayer(this.surface);
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
   * Reads every page, rebuilds the tables and audits them (lib/open.ts); then draws the marks, the notes and the
   * prior years (kept in step with the store as on a page: `onChange` gets what changed in the report).
   */
  async audit(
    page: PageInfo,
    onProgress: (done: number, total: number) => void,
    onChange: (part: Partial<PageReport>) => void,
  ): Promise<AuditOutcome> {
    const signal = this.abort.signal;
    const opened = await openDocument(
      { pdfjs: this.doc },
      { url: page.url, onPdfProgress: onProgress, signal, sliceMs: 30, snapshot: { title: page.title } },
    );
    if (opened.kind === 'no-text') return opened;
    signal.throwIfAborted();
    this.surface.setSource(opened.pdf!);
    await this.marks.render(toJson(opened.report));
    const warn = (what: string) => (e: unknown) =>
      console.warn(`budget-lens: ${what} are unavailable:`, (e as Error).message);
    if (this.stores.notes && !this.notes) {
      try {
        this.notes = new NotesController(this.stores.notes, this.marks.notes, (notes) => onChange({ notes }));
      } catch (e) {
        warn('notes')(e);
      }
    }
    if (this.stores.snapshots && !this.years) {
      try {
        this.years = new YearsController(
          storeKeeper(this.stores.snapshots),
          this.stores.changes,
          this.marks.years,
          onChange,
        );
      } catch (e) {
        warn('prior years')(e);
      }
    }
    // The model is here: the notes and the years are resolved and compared on it (the store kept in this page).
    const model = localModel(opened.document, opened.snapshot);
    const notes = this.notes ? await this.notes.attach(model, page).catch(() => []) : [];
    const snapshot = opened.snapshot && snapshotText(opened.snapshot);
    const years = this.years ? await this.years.attach(model, snapshot).catch(() => NO_YEARS) : NO_YEARS;
    return {
      ...opened,
      pageReport: { ...pageReport(opened.report, opened.document, page, notes), ...years },
    };
  }

  destroy(): void {
    this.abort.abort();
    this.notes?.dispose();
    this.marks.dispose();
    this.pages.destroy();
    void this.doc.destroy();
  }
}
