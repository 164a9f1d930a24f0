import { NotesController, pageInfo } from '../components/overlay/notes';
import { Overlay } from '../components/overlay/overlay';
import { NO_YEARS, YearsController, type YearsPart } from '../components/overlay/years';
import { auditSteps } from '../lib/audit';
import { readPageSteps, type DomNode } from '../lib/dom/adapter';
import { MessageSchema, type PageReport } from '../lib/extension/messages';
import { pageReport } from '../lib/extension/page-report';
import { NotesStore } from '../lib/notes/store';
import { SnapshotStore } from '../lib/snapshots/store';
import { sendReport as send } from '../utils/report';

/**
 * The engine in the page: loaded by the background only into frames where the detector saw a budget table, or
 * on demand from the toolbar button. Reads the page, audits it in slices (≤ ~30 ms each), draws the overlay,
 * reports to the background, and audits again when tables arrive later. After each audit the page's notes
 * (browser.storage.local) are resolved against the document and drawn; a change to any note (this tab, another
 * tab, the side panel, the notes page) redraws them and re-sends the report. A notes failure never breaks the audit.
 * Then the page's snapshot is kept and compared with stored earlier years of the same department
 * (components/overlay/years.ts), likewise followed on storage changes; a failure there never breaks the audit either.
 */
export default defineUnlistedScript(() => {
  const w = window as unknown as { __budgetLens?: boolean };
  if (w.__budgetLens) return;
  w.__budgetLens = true;

  const SLICE_MS = 30;
  const yieldToPage = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
  /** Runs steps in slices of about SLICE_MS, giving the page its turn in between. */
  async function drive<T>(steps: Generator<unknown, T>): Promise<T> {
    let start = performance.now();
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (performance.now() - start > SLICE_MS) {
        await yieldToPage();
        start = performance.now();
      }
    }
  }
  let overlay: Overlay | undefined;
  let notes: NotesController | undefined;
  /** The report last sent, re-sent with fresh `notes` when notes change. */
  let last: PageReport | undefined;
  function startNotes(o: Overlay): NotesController | undefined {
    try {
      const store = new NotesStore(browser.storage.local, browser.storage.onChanged);
      return new NotesController(store, o.notes, (onPage) => {
        if (!last) return;
        last = { ...last, notes: onPage };
        void send(last);
      });
    } catch (e) {
      console.warn('budget-lens: notes are unavailable:', (e as Error).message);
      return undefined;
    }
  }
  let years: YearsController | undefined;
  /**
   * Prior years: keep the page's snapshot, compare with stored earlier years; a change in the store re-sends the
   * report.
   */
  function startYears(o: Overlay): YearsController | undefined {
    try {
      return new YearsController(
        new SnapshotStore(browser.storage.local),
        browser.storage.onChanged,
        o.years,
        (part) => {
          if (!last) return;
          last = { ...last, ...part };
          void send(last);
        },
      );
    } catch (e) {
      console.warn('budget-lens: prior years are unavailable:', (e as Error).message);
      return undefined;
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
    try {
      await yieldToPage();
      // positions: where each text block's characters are, so the claims of the text can be marked in place.
      const page = await drive(readPageSteps(document as unknown as DomNode, location.href, { positions: true }));
      const { doc, report } = await drive(auditSteps(page));
      // A page without budget tables gets nothing, unless its text has claims that could be checked (a budget text
      // whose tables were a separate attachment, opened from the toolbar): then those are marked.
      if (report.summary.budgetTables === 0 && !report.claims.some((c) => c.status !== 'not-checked')) return;
      overlay ??= new Overlay();
      notes ??= startNotes(overlay);
      years ??= startYears(overlay);
      await overlay.render(report, yieldToPage);
      overlay.claims.draw(report.claims, page.positions);
      overlay.position();
      const info = pageInfo(location.href, document.title, page.canonicalUrl);
      const onPage = notes ? await notes.attach(doc, info).catch(() => []) : [];
      const prior: YearsPart = years ? await years.attach(doc, report, info).catch(() => NO_YEARS) : NO_YEARS;
      document.documentElement.setAttribute('data-budget-lens', 'done');
      last = {
        ...pageReport(
          report,
          doc,
          { url: location.href, canonicalUrl: info.canonicalUrl ?? null, title: document.title },
          onPage,
        ),
        ...prior,
      };
      await send(last);
    } finally {
      running = false;
      if (again) {
        again = false;
        void audit();
      }
    }
  }

  browser.runtime.onMessage.addListener((raw: unknown) => {
    const parsed = MessageSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    if (parsed.data.type === 'bl:reveal') overlay?.reveal(parsed.data.cells);
    if (parsed.data.type === 'bl:reveal-note')
      return Promise.resolve({ revealed: overlay?.notes.reveal(parsed.data.id) ?? false });
    if (parsed.data.type === 'bl:reveal-claim')
      return Promise.resolve({ revealed: overlay?.claims.reveal(parsed.data.index) ?? false });
    if (parsed.data.type === 'bl:ping') return Promise.resolve({ running: true });
    return undefined;
  });

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
