import type { PageModel } from '../components/marks/model';
import { NotesController, pageInfo } from '../components/marks/notes';
import { dropWaitingHost, Overlay } from '../components/overlay/overlay';
import { NO_YEARS, YearsController, type YearsPart } from '../components/overlay/years';
import {
  auditPage,
  FALLBACK_GLOBAL,
  startEngineWorker,
  type FallbackEngine,
  type StartedWorker,
} from '../components/overlay/audit-page';
import { previewWhileLoading, type EarlyPreview } from '../components/overlay/early-preview';
import type { MarksReport } from '../components/marks/layer';
import type { PageReport } from '../lib/extension/messages';
import { NotesStore } from '../lib/notes/store';
import { nextTask } from '../lib/steps';
import {
  answerReveals,
  backgroundKeeper,
  loadFallback,
  relayedStorageChanges,
  sendProgress,
  sendReport as send,
} from '../utils/messages';
import { workerCode } from '../utils/worker-code';

/**
 * The engine in the page: loaded by the background only into frames where the detector saw a budget table, or
 * on demand from the toolbar button. Reads the page in slices and audits it in the engine's worker, or in slices on
 * the main thread where the worker cannot run (components/overlay/audit-page.ts), drawing the first tables' marks
 * while the rest is audited and telling the side panel how far it is; draws the marks (components/overlay/overlay.ts:
 * the marks layer on the page's surface), reports to the background, and audits again when tables arrive later.
 * It carries no parser, checks or claims: the worker has the model (or, where it cannot run, the fallback script the
 * background injects on request). After each audit the page's notes (browser.storage.local) are resolved where the
 * model is and drawn; a change to any note (this tab, another tab, the side panel, the notes page) redraws them and
 * re-sends the report. Then the page's snapshot is kept by the background and compared where the model is with
 * stored earlier years of the same department (components/overlay/years.ts), likewise followed on storage changes
 * (relayed by the background: bl:storage-changed).
 * A failure of notes or years never breaks the audit.
 */
export default defineUnlistedScript(() => {
  const w = window as unknown as { __budgetLens?: boolean };
  if (w.__budgetLens) return;
  w.__budgetLens = true;

  let overlay: Overlay | undefined;
  let notes: NotesController | undefined;
  let years: YearsController | undefined;
  /** The report last sent, re-sent with fresh notes or years when they change. */
  let last: PageReport | undefined;
  const resend = (part: Partial<PageReport>): void => {
    if (!last) return;
    last = { ...last, ...part };
    void send(last);
  };
  function start(o: Overlay): void {
    try {
      notes = new NotesController(new NotesStore(browser.storage.local, relayedStorageChanges), o.marks.notes, (n) =>
        resend({ notes: n }),
      );
    } catch (e) {
      console.warn('budget-lens: notes are unavailable:', (e as Error).message);
    }
    try {
      years = new YearsController(backgroundKeeper, relayedStorageChanges, o.marks.years, resend);
    } catch (e) {
      console.warn('budget-lens: prior years are unavailable:', (e as Error).message);
    }
  }

  /** Where the last audit's model is (the worker, kept until the next audit replaces it). */
  let model: PageModel | undefined;
  let running = false;
  let again = false;
  /** The previews' drawing, which a report's drawing waits for. */
  let drawing: Promise<void> = Promise.resolve();
  let previewed = false;
  // The first tables' marks while the rest is read and audited; the final report replaces them. `wanted`: asked
  // again when its turn to be drawn comes.
  const drawPreview = (r: MarksReport, wanted: () => boolean = () => true): void => {
    if (r.summary.budgetTables === 0 || !wanted()) return;
    previewed = true;
    if (!overlay) start((overlay = new Overlay()));
    const o = overlay;
    drawing = drawing.then(() => (wanted() ? o.render(r, undefined, { preview: true }) : undefined));
    drawing = drawing.catch(() => undefined);
  };
  // Injected while the page is still loading (the detector saw a finished budget table): the worker starts now and
  // the first tables are previewed as they arrive; the page is audited once it is loaded, in that worker. That
  // preview is never drawn over a report.
  let early: { preview: EarlyPreview; worker: StartedWorker } | undefined;
  let reported = false;
  if (document.readyState === 'loading') {
    const worker = startEngineWorker(workerCode);
    const onPreview = (r: MarksReport): void => drawPreview(r, () => !reported);
    // The side panel: the page is still arriving, with so many tables so far.
    const onTables = (n: number): void =>
      void sendProgress({ phase: 'loading', tablesRead: n, tablesTotal: n, percent: 0 });
    early = { worker, preview: previewWhileLoading(document, worker, { onPreview, onTables }) };
  }

  async function audit(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const first = early;
    early = undefined;
    first?.preview.settle();
    try {
      await nextTask();
      const audited = await auditPage(document, {
        workerCode,
        ...(first ? { started: first.worker, preview: !first.preview.asked } : {}),
        fallback: () => loadFallback<FallbackEngine>(FALLBACK_GLOBAL),
        onProgress: (p) => void sendProgress(p),
        onPreview: (r) => drawPreview(r),
      });
      await drawing;
      reported = true;
      const { report, page } = audited;
      model?.dispose();
      model = audited.model;
      // A page without budget tables gets nothing, unless its text has claims that could be checked (a budget text
      // whose tables were a separate attachment, opened from the toolbar): then those are marked.
      if (report.summary.budgetTables === 0 && !report.claims.some((c) => c.status !== 'not-checked')) {
        // Nothing will ask this page's model: its worker ends now.
        model.dispose();
        if (previewed) await overlay?.render(report, page);
        else if (!overlay) dropWaitingHost();
        return;
      }
      if (!overlay) start((overlay = new Overlay()));
      await overlay.render(report, page);
      overlay.host.dataset.engine = audited.inWorker ? 'worker' : 'page';
      // Notes and years, asked of the model where it is (the worker, or this page after the fallback).
      const here = pageInfo(location.href, document.title, page.canonicalUrl);
      const onPage = notes ? await notes.attach(model, here).catch(() => []) : [];
      const prior: YearsPart = years ? await years.attach(model, audited.snapshot).catch(() => NO_YEARS) : NO_YEARS;
      document.documentElement.setAttribute('data-budget-lens', 'done');
      last = { ...report, notes: onPage, ...prior };
      await send(last);
    } finally {
      const tables = document.getElementsByTagName('table').length;
      void sendProgress({ phase: 'done', tablesRead: tables, tablesTotal: tables, percent: 100 });
      running = false;
      if (again) {
        again = false;
        void audit();
      }
    }
  }

  // The side panel's "show me" and the background's ping.
  answerReveals(
    () => {
      const m = overlay?.marks;
      return m && { cells: (c) => m.reveal(c), claim: (i) => m.claims.reveal(i), note: (id) => m.notes.reveal(id) };
    },
    { ping: true },
  );

  // Tables that arrive later (tabs, pagination, AJAX, 展开全文): audit again, debounced; our own host is ignored.
  // Watched from the first audit on (while the page loads, the parser's own additions are no news).
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = new MutationObserver((records) => {
    const relevant = records.some((r) =>
      [...r.addedNodes, ...r.removedNodes].some(
        (n) =>
          n.nodeType === 1 &&
          (n as Element).localName !== 'budget-lens-overlay' &&
          ((n as Element).localName === 'table' || (n as Element).getElementsByTagName('table').length > 0),
      ),
    );
    if (!relevant) return;
    clearTimeout(timer);
    timer = setTimeout(() => void audit(), 500);
  });
  const begin = (): void => {
    watch.observe(document.documentElement, { childList: true, subtree: true });
    void audit();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', begin, { once: true });
  else begin();
});
