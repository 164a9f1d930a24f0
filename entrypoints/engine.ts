import { NotesController, pageInfo } from '../components/marks/notes';
import { dropWaitingHost, Overlay } from '../components/overlay/overlay';
import { NO_YEARS, YearsController, type YearsPart } from '../components/overlay/years';
import { auditPage } from '../components/overlay/audit-page';
import type { PageReport } from '../lib/extension/messages';
import { NotesStore } from '../lib/notes/store';
import { SnapshotStore } from '../lib/snapshots/store';
import { nextTask } from '../lib/steps';
import { answerReveals, sendProgress, sendReport as send, workerCode } from '../utils/messages';

/**
 * The engine in the page: loaded by the background only into frames where the detector saw a budget table, or
 * on demand from the toolbar button. Reads the page in slices and audits it in the engine's worker, or in slices on
 * the main thread where the worker cannot run (components/overlay/audit-page.ts), drawing the first tables' marks
 * while the rest is audited and telling the side panel how far it is; draws the marks (components/overlay/overlay.ts:
 * the marks layer on the page's surface), reports to the background, and audits again when tables arrive later.
 * After each audit the page's notes (browser.storage.local) are resolved against the document and drawn; a change
 * to any note (this tab, another tab, the side panel, the notes page) redraws them and re-sends the report. Then the
 * page's snapshot is kept and compared with stored earlier years of the same department
 * (components/overlay/years.ts), likewise followed on storage changes. A failure of notes or years never breaks the
 * audit.
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
      notes = new NotesController(
        new NotesStore(browser.storage.local, browser.storage.onChanged),
        o.marks.notes,
        (n) => resend({ notes: n }),
      );
    } catch (e) {
      console.warn('budget-lens: notes are unavailable:', (e as Error).message);
    }
    try {
      years = new YearsController(
        new SnapshotStore(browser.storage.local),
        browser.storage.onChanged,
        o.marks.years,
        resend,
      );
    } catch (e) {
      console.warn('budget-lens: prior years are unavailable:', (e as Error).message);
    }
  }

  let running = false;
  let again = false;
  async function audit(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    let drawing: Promise<void> = Promise.resolve();
    let previewed = false;
    try {
      await nextTask();
      const audited = await auditPage(document, {
        workerCode,
        onProgress: (p) => void sendProgress(p),
        // The first tables' marks while the rest is read and audited; the final report replaces them.
        onPreview: (r) => {
          if (r.summary.budgetTables === 0) return;
          previewed = true;
          if (!overlay) start((overlay = new Overlay()));
          const o = overlay;
          drawing = drawing.then(() => o.render(r, undefined, { preview: true })).catch(() => undefined);
        },
      });
      await drawing;
      const { report, page } = audited;
      // A page without budget tables gets nothing, unless its text has claims that could be checked (a budget text
      // whose tables were a separate attachment, opened from the toolbar): then those are marked.
      if (report.summary.budgetTables === 0 && !report.claims.some((c) => c.status !== 'not-checked')) {
        if (previewed) await overlay?.render(report, page.positions);
        else if (!overlay) dropWaitingHost();
        return;
      }
      if (!overlay) start((overlay = new Overlay()));
      await overlay.render(report, page.positions);
      overlay.host.dataset.engine = audited.inWorker ? 'worker' : 'page';
      // The model, for notes and years, only when they need it (built in slices here when the worker audited).
      const doc = audited.document;
      const here = pageInfo(location.href, document.title, page.canonicalUrl);
      const onPage = notes ? await notes.attach(doc, here).catch(() => []) : [];
      const prior: YearsPart = years ? await years.attach(doc, audited.snapshot).catch(() => NO_YEARS) : NO_YEARS;
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
  let timer: ReturnType<typeof setTimeout> | undefined;
  new MutationObserver((records) => {
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
  }).observe(document.documentElement, { childList: true, subtree: true });

  void audit();
});
