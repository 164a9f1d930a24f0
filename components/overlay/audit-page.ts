import { readPageSteps, type DomNode, type PageSource, type RawBlock } from '../../lib/dom/adapter';
import type { PageReport, Progress } from '../../lib/extension/messages';
import type { ReportedPage } from '../../lib/extension/page-report';
import { pageAuditSteps } from '../../lib/extension/worker-engine';
import { endOf, FromWorkerSchema, type FromWorker, type ToWorker } from '../../lib/extension/worker-protocol';
import type { BudgetDocument } from '../../lib/model';
import { buildDocumentSteps } from '../../lib/parse/document';
import type { Snapshot } from '../../lib/snapshots/schema';
import { drive, nextTurn } from '../../lib/steps';
import { pageInfo } from '../marks/notes';

/**
 * The audit of the page the engine runs in (entrypoints/engine.ts). The DOM is read on the page's main thread in
 * slices of about SLICE_MS (lib/dom/adapter.ts yields after each table and every 32 rows) while the engine's worker
 * starts (lib/extension/worker-engine.ts, from a blob: URL); each slice's blocks go to the worker, which builds the
 * model, runs the checks and the claims and makes the snapshot off the main thread. A page that takes long to read
 * gets a preview: the first tables audited by themselves, their within-table findings drawn while the rest is read
 * and audited. When the worker cannot be started (the page's CSP forbids blob: workers, the background cannot give its
 * script) or fails, the page read is audited on the main thread in slices, as lib/open.ts does: the audit is never
 * lost, and both ways give the same report.
 */

/** How long one slice of reading may hold the main thread (ms). */
export const SLICE_MS = 20;
/** A page still being read after this long (ms) gets a preview of the tables read so far. */
export const PREVIEW_AFTER_MS = 200;
/** How long the worker may take to start before the page audits by itself (ms). */
const START_TIMEOUT_MS = 8000;
/** How often progress is reported while reading (ms). */
const PROGRESS_MS = 150;

/** An audited page: what the marks, the side panel and the notes and years need. */
export interface AuditedPage {
  readonly page: PageSource;
  /** The report without the page's notes and years (the engine adds them). */
  readonly report: PageReport;
  readonly snapshot: Snapshot | null;
  /** Audited in the worker (false: on the main thread). */
  readonly inWorker: boolean;
  /** The budget model, for the notes and the years (built in slices on the main thread when the worker audited). */
  readonly document: () => Promise<BudgetDocument>;
}

export interface AuditHooks {
  /** The engine worker's script (the background reads it from the package); a rejection: no worker. */
  readonly workerCode: () => Promise<string>;
  /** The first tables' report (within-table findings only), while the rest is read and audited. */
  readonly onPreview?: (report: PageReport) => void;
  readonly onProgress?: (progress: Progress) => void;
}

/**
 * Audits the page in the worker, or on the main thread where the worker cannot run. The worker starts while the page
 * is read; the blocks read before it is ready wait for it, and a page whose worker fails is audited from what was read.
 */
export async function auditPage(doc: Document, hooks: AuditHooks): Promise<AuditedPage> {
  const total = doc.getElementsByTagName('table').length;
  let tablesRead = 0;
  const progress = (phase: Progress['phase'], fraction: number): void =>
    hooks.onProgress?.({
      phase,
      tablesRead,
      tablesTotal: Math.max(total, tablesRead),
      percent: Math.max(0, Math.min(100, Math.round(fraction * 100))),
    });
  const starting = hooks.workerCode().then(startWorker);
  let link: WorkerLink | undefined;
  let failure: unknown;
  starting.then(
    (w) => (link = new WorkerLink(w, hooks, progress)),
    (e: unknown) => (failure = e),
  );

  const pending: RawBlock[] = [];
  const onBlock = (b: RawBlock): void => {
    pending.push(b);
    if (b.kind === 'table') tablesRead = Math.max(tablesRead, b.table.index + 1);
  };
  const flush = (): void => {
    if (link && pending.length > 0) link.send({ type: 'blocks', blocks: pending.splice(0) });
  };
  const start = performance.now();
  let reported = start;
  let previewed = false;
  const page = await drive(readPageSteps(doc as unknown as DomNode, location.href, { positions: true, onBlock }), {
    sliceMs: SLICE_MS,
    yieldTo: async () => {
      flush();
      const now = performance.now();
      if (link && !previewed && tablesRead > 0 && now - start > PREVIEW_AFTER_MS) {
        previewed = true;
        link.send({ type: 'preview' });
      }
      if (now - reported > PROGRESS_MS) {
        reported = now;
        progress('reading', (0.5 * tablesRead) / Math.max(1, total));
      }
      await nextTurn();
    },
  });
  progress('auditing', 0.5);
  const here = pageInfo(location.href, doc.title, page.canonicalUrl);
  const reportedPage = { url: location.href, canonicalUrl: here.canonicalUrl ?? null, title: doc.title };
  try {
    await starting;
  } catch {
    console.warn('budget-lens: auditing in the page itself:', errorText(failure));
    return inPage(page, reportedPage, progress);
  }
  const worker = link!;
  try {
    flush();
    worker.send(endOf(page, reportedPage));
    const done = await worker.result;
    progress('drawing', 0.95);
    let model: Promise<BudgetDocument> | undefined;
    return {
      page,
      report: done.report,
      snapshot: done.snapshot,
      inWorker: true,
      document: () => (model ??= drive(buildDocumentSteps(page), { sliceMs: 30, yieldTo: nextTurn })),
    };
  } catch (e) {
    console.warn('budget-lens: auditing in the page itself:', errorText(e));
    return inPage(page, reportedPage, progress);
  } finally {
    worker.terminate();
  }
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The fallback: the page read is audited on the main thread in slices, by the worker's own steps (the same report). */
async function inPage(
  page: PageSource,
  reported: ReportedPage,
  progress: (phase: Progress['phase'], fraction: number) => void,
): Promise<AuditedPage> {
  progress('auditing', 0.5);
  const { doc, report, snapshot } = await drive(pageAuditSteps(page, reported), { sliceMs: 30, yieldTo: nextTurn });
  progress('drawing', 0.95);
  return {
    page,
    report,
    snapshot,
    inWorker: false,
    document: () => Promise.resolve(doc),
  };
}

/** The page's side of a started worker: what it answers, as one result; its previews and progress as they come. */
class WorkerLink {
  readonly result: Promise<Extract<FromWorker, { type: 'done' }>>;

  constructor(
    private readonly worker: Worker,
    hooks: AuditHooks,
    progress: (phase: Progress['phase'], fraction: number) => void,
  ) {
    this.result = new Promise((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<unknown>) => {
        const parsed = FromWorkerSchema.safeParse(e.data);
        if (!parsed.success) return reject(new Error(`the worker said: ${parsed.error.issues[0]?.message ?? '?'}`));
        const m = parsed.data;
        if (m.type === 'failed') reject(new Error(`the worker failed: ${m.message}`));
        else if (m.type === 'done') resolve(m);
        else if (m.type === 'preview') hooks.onPreview?.(m.report);
        else if (m.type === 'progress') progress('auditing', 0.5 + (0.45 * m.done) / Math.max(1, m.total));
      };
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(`the worker failed: ${e.message}`));
      };
    });
    // Until the page waits for it, a failure is only noticed there: keep it from being reported as unhandled.
    this.result.catch(() => undefined);
  }

  send(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  terminate(): void {
    this.worker.terminate();
  }
}

/** Starts the worker from its script (a blob: URL) and waits for its `ready`. */
async function startWorker(code: string): Promise<Worker> {
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  let worker: Worker | undefined;
  try {
    const w = (worker = new Worker(url));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the worker did not start')), START_TIMEOUT_MS);
      w.onmessage = (e: MessageEvent<unknown>) => {
        if ((e.data as { type?: unknown } | null)?.type !== 'ready') return;
        clearTimeout(timer);
        resolve();
      };
      w.onerror = (e) => {
        clearTimeout(timer);
        e.preventDefault();
        reject(new Error(`the worker did not start: ${e.message || 'blocked'}`));
      };
    });
    return w;
  } catch (e) {
    worker?.terminate();
    throw e;
  } finally {
    URL.revokeObjectURL(url);
  }
}
