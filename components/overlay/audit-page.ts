import { readPageSteps, type DomNode, type PageSource, type RawBlock } from '../../lib/dom/adapter';
import type { PageReport, Progress } from '../../lib/extension/messages';
import { pageReport } from '../../lib/extension/page-report';
import { endOf, FromWorkerSchema, type FromWorker, type ToWorker } from '../../lib/extension/worker-protocol';
import type { BudgetDocument } from '../../lib/model';
import { openDocument } from '../../lib/open';
import { buildDocumentSteps } from '../../lib/parse/document';
import type { Snapshot } from '../../lib/snapshots/schema';
import { drive, nextTask } from '../../lib/steps';
import { pageInfo } from '../marks/notes';

/**
 * The audit of the page the engine runs in (entrypoints/engine.ts). The DOM is read on the page's main thread in
 * slices of about SLICE_MS (lib/dom/adapter.ts yields after each table and every 32 rows); each slice's blocks go to
 * the engine's worker (lib/extension/worker-engine.ts), which builds the model, runs the checks and the claims and
 * makes the snapshot off the main thread. A page that takes long to read gets a preview: the first tables audited by
 * themselves, their within-table findings drawn while the rest is read and audited. When the worker cannot be
 * started (the page's CSP forbids blob: workers, the background cannot give its script) or fails, the page is
 * audited as before, in slices on the main thread (lib/open.ts): the audit is never lost, and both ways give the
 * same report.
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

/** Audits the page in the worker, or on the main thread where the worker cannot run. */
export async function auditPage(doc: Document, hooks: AuditHooks): Promise<AuditedPage> {
  let worker: Worker | undefined;
  try {
    worker = await startWorker(await hooks.workerCode());
    return await inWorker(doc, worker, hooks);
  } catch (e) {
    console.warn('budget-lens: auditing in the page itself:', (e as Error).message);
    return inPage(doc, hooks);
  } finally {
    worker?.terminate();
  }
}

/** Today's way, on the main thread in slices (lib/open.ts): the fallback. */
async function inPage(doc: Document, hooks: AuditHooks): Promise<AuditedPage> {
  const total = doc.getElementsByTagName('table').length;
  hooks.onProgress?.({ phase: 'auditing', tablesRead: 0, tablesTotal: total, percent: 0 });
  const opened = await openDocument(
    { dom: doc as unknown as DomNode, positions: true },
    { url: location.href, sliceMs: 30, snapshot: { canonical: true } },
  );
  if (opened.kind !== 'audited') throw new Error('a page is always audited');
  const here = pageInfo(location.href, doc.title, opened.page.canonicalUrl);
  const reported = { url: location.href, canonicalUrl: here.canonicalUrl ?? null, title: doc.title };
  return {
    page: opened.page,
    report: pageReport(opened.report, opened.document, reported, []),
    snapshot: opened.snapshot,
    inWorker: false,
    document: () => Promise.resolve(opened.document),
  };
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

async function inWorker(doc: Document, worker: Worker, hooks: AuditHooks): Promise<AuditedPage> {
  const send = (m: ToWorker): void => worker.postMessage(m);
  const total = doc.getElementsByTagName('table').length;
  let tablesRead = 0;
  const progress = (phase: Progress['phase'], fraction: number): void =>
    hooks.onProgress?.({
      phase,
      tablesRead,
      tablesTotal: Math.max(total, tablesRead),
      percent: Math.max(0, Math.min(100, Math.round(fraction * 100))),
    });
  const result = new Promise<Extract<FromWorker, { type: 'done' }>>((resolve, reject) => {
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
  // Until the worker answers, a rejection is only noticed here: keep it from being reported as unhandled.
  result.catch(() => undefined);

  const pending: RawBlock[] = [];
  const onBlock = (b: RawBlock): void => {
    pending.push(b);
    if (b.kind === 'table') tablesRead = Math.max(tablesRead, b.table.index + 1);
  };
  const flush = (): void => {
    if (pending.length > 0) send({ type: 'blocks', blocks: pending.splice(0) });
  };
  const start = performance.now();
  let reported = start;
  let previewed = false;
  const page = await drive(readPageSteps(doc as unknown as DomNode, location.href, { positions: true, onBlock }), {
    sliceMs: SLICE_MS,
    yieldTo: async () => {
      flush();
      const now = performance.now();
      if (!previewed && tablesRead > 0 && now - start > PREVIEW_AFTER_MS) {
        previewed = true;
        send({ type: 'preview' });
      }
      if (now - reported > PROGRESS_MS) {
        reported = now;
        progress('reading', (0.5 * tablesRead) / Math.max(1, total));
      }
      await nextTask();
    },
  });
  flush();
  progress('auditing', 0.5);
  const here = pageInfo(location.href, doc.title, page.canonicalUrl);
  send(endOf(page, { url: location.href, canonicalUrl: here.canonicalUrl ?? null, title: doc.title }));
  const done = await result;
  progress('drawing', 0.95);
  let model: Promise<BudgetDocument> | undefined;
  return {
    page,
    report: done.report,
    snapshot: done.snapshot,
    inWorker: true,
    document: () => (model ??= drive(buildDocumentSteps(page), { sliceMs: 30 })),
  };
}
