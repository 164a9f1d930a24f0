import { readPageSteps, type DomNode, type PageSource, type RawBlock } from '../../lib/dom/adapter';
import type { PageReport, Progress } from '../../lib/extension/messages';
import type { ReportedPage } from '../../lib/extension/page-report';
import {
  CHANNEL,
  endOf,
  FromWorkerSchema,
  PREVIEW_TABLES,
  previewFiller,
  type FromWorker,
  type ToWorker,
} from '../../lib/extension/worker-protocol';
import { placedBoxes, positionsAfter, type PrintedLayout } from '../../lib/page/printed-layout';
import type { SnapshotText } from '../../lib/snapshots/keep';
import { drive, nextTurn } from '../../lib/steps';
import type { MarksReport } from '../marks/layer';
import type { PageModel } from '../marks/model';
import { pageInfo } from '../marks/notes';
import { WorkerModel } from './worker-model';

/**
 * The audit of the page the engine runs in (entrypoints/engine.ts). The DOM is read on the page's main thread in
 * slices of about SLICE_MS (lib/dom/adapter.ts yields after each table and every 32 rows) while the engine's worker
 * starts (lib/extension/worker-engine.ts, from a blob: URL); each slice's blocks go to the worker, which builds the
 * model, runs the checks and the claims and makes the snapshot off the main thread. A page with more tables than a
 * preview's (PREVIEW_TABLES) asks for one as soon as its first tables are read (up to PREVIEW_TABLES, or PREVIEW_ROWS
 * rows): those tables audited by themselves, their within-table findings drawn while the rest is read and audited.
 * The worker then keeps the model for the notes and the prior years (components/overlay/worker-model.ts).
 * When the worker cannot be started (the page's CSP forbids blob: workers, the background cannot give its script) or
 * fails, the page read is audited on the main thread in slices, as lib/open.ts does, by the engine's fallback script
 * (entrypoints/engine-fallback.ts, loaded only then: the parser, the checks and the claims are not in this page's
 * script otherwise): the audit is never lost, and both ways give the same report.
 */

/** How long one slice of reading may hold the main thread (ms). */
export const SLICE_MS = 20;
/** How long the worker may take to start before the page audits by itself (ms). */
const START_TIMEOUT_MS = 8000;
/** How often progress is reported while reading (ms). */
const PROGRESS_MS = 150;

/** An audited page: what the marks, the side panel and the notes and years need. */
export interface AuditedPage {
  readonly page: PageSource;
  /** The report without the page's notes and years (the engine adds them). */
  readonly report: PageReport;
  /** The prior-year snapshot, as JSON (kept by the background, compared by the model). */
  readonly snapshot: SnapshotText | null;
  /** Audited in the worker (false: on the main thread). */
  readonly inWorker: boolean;
  /** Where the budget model is, for the notes and the years: the worker, or this page after the fallback. */
  readonly model: PageModel;
}

/** Where the fallback script leaves its engine for the engine's script (both run in the extension's isolated world). */
export const FALLBACK_GLOBAL = '__budgetLensFallback';

/**
 * The engine's heavy half for the page's own thread (components/overlay/fallback.ts, loaded by
 * entrypoints/engine-fallback.ts): the whole page's audit in steps, as the worker makes it, and the model it leaves.
 */
export interface FallbackEngine {
  audit(
    page: PageSource,
    reported: ReportedPage,
  ): Generator<void, { report: PageReport; snapshot: SnapshotText | null; model: PageModel; printed?: PrintedLayout }>;
}

export interface AuditHooks {
  /** The engine worker's script (the background reads it from the package); a rejection: no worker. */
  readonly workerCode: () => Promise<string>;
  /** A worker started earlier (startEngineWorker), used instead of starting one: it has been asked nothing yet. */
  readonly started?: StartedWorker;
  /** Ask for a preview of the first tables (default true; false: one was asked for while the page was loading). */
  readonly preview?: boolean;
  /** The fallback's engine, loaded into the page when the worker cannot audit it. */
  readonly fallback: () => Promise<FallbackEngine>;
  /** The first tables' marks (within-table findings only), while the rest is read and audited. */
  readonly onPreview?: (marks: MarksReport) => void;
  readonly onProgress?: (progress: Progress) => void;
}

/**
 * Audits the page in the worker, or on the main thread where the worker cannot run. The worker starts while the page
 * is read; the blocks read before it is ready wait for it (the page keeps none), and a page whose worker fails is read
 * again and audited here.
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
  const { channel, starting } = hooks.started ?? startEngineWorker(hooks.workerCode);
  const asksPreview = hooks.preview ?? true;
  let link: WorkerLink | undefined;
  let failure: unknown;
  let failed = false;
  // A worker that could not start takes nothing more (the page is read again and audited here).
  const send = (m: ToWorker): void => {
    if (!failed) channel.port1.postMessage(m);
  };
  starting.then(
    (w) =>
      (link = new WorkerLink(w, channel.port1, asksPreview ? hooks : { ...hooks, onPreview: undefined }, progress)),
    (e: unknown) => {
      failure = e;
      failed = true;
    },
  );

  const pending: RawBlock[] = [];
  const fills = previewFiller();
  let tableBlocks = 0;
  let filled = false;
  const onBlock = (b: RawBlock): void => {
    pending.push(b);
    if (b.kind !== 'text') tableBlocks++;
    if (fills(b)) filled = true;
    if (b.kind === 'table') tablesRead = Math.max(tablesRead, b.table.index + 1);
  };
  const flush = (): void => {
    if (pending.length > 0) send({ type: 'blocks', blocks: pending.splice(0) });
  };
  // The first tables' marks, asked as soon as they are read (a page with no more tables than that: none).
  let previewed = !asksPreview || total <= PREVIEW_TABLES;
  const preview = (force = false): void => {
    if (previewed || tableBlocks === 0 || (!force && !filled)) return;
    previewed = true;
    send({ type: 'preview' });
  };
  let reported = performance.now();
  // The blocks go to the worker as they are read and are not kept here (the fallback reads the page again).
  const reading = readPageSteps(doc as unknown as DomNode, location.href, { positions: true, onBlock, emitOnly: true });
  const page = await drive(reading, {
    sliceMs: SLICE_MS,
    yieldTo: async () => {
      flush();
      preview();
      const now = performance.now();
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
  flush();
  preview(true);
  send(endOf(page, reportedPage));
  try {
    await starting;
  } catch {
    channel.port1.close();
    console.warn('budget-lens: auditing in the page itself:', errorText(failure));
    return inPage(doc, reportedPage, progress, hooks);
  }
  const worker = link!;
  try {
    const done = await worker.result;
    progress('drawing', 0.95);
    // The worker stays: it holds the model the notes and the years ask about.
    const read = withPrinted(page, done.printed);
    return { page: read, report: done.report, snapshot: done.snapshot, inWorker: true, model: worker.model };
  } catch (e) {
    worker.terminate();
    console.warn('budget-lens: auditing in the page itself:', errorText(e));
    return inPage(doc, reportedPage, progress, hooks);
  }
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The fallback: the page, read again (the first read kept no blocks: they went to the worker), is audited on the main
 * thread in slices, by the worker's own steps (the same report), in the fallback script, loaded now.
 */
async function inPage(
  doc: Document,
  reported: ReportedPage,
  progress: (phase: Progress['phase'], fraction: number) => void,
  hooks: AuditHooks,
): Promise<AuditedPage> {
  progress('auditing', 0.5);
  const page = await drive(readPageSteps(doc as unknown as DomNode, location.href, { positions: true }), {
    sliceMs: SLICE_MS,
    yieldTo: nextTurn,
  });
  const engine = await hooks.fallback();
  const { report, snapshot, model, printed } = await drive(engine.audit(page, reported), {
    sliceMs: 30,
    yieldTo: nextTurn,
  });
  progress('drawing', 0.95);
  return { page: withPrinted(page, printed), report, snapshot, inWorker: false, model };
}

/**
 * The page as read, once the engine has rebuilt its printed pages (lib/page/printed.ts): text positions shifted past
 * the rebuilt blocks (the report's block numbers are the rebuilt page's), and where to draw over the rebuilt tables.
 */
function withPrinted(page: PageSource, printed: PrintedLayout | undefined): PageSource {
  if (!printed) return page;
  return {
    ...page,
    ...(page.positions ? { positions: positionsAfter(page.positions, printed.expanded) } : {}),
    ...(page.printed ? { placed: placedBoxes(printed, page.printed) } : {}),
  };
}

/**
 * The page's side of a started worker: what it answers, as one result; its previews and progress as they come; then
 * the answers to the model's questions.
 */
class WorkerLink {
  readonly result: Promise<Extract<FromWorker, { type: 'done' }>>;
  readonly model: WorkerModel;

  constructor(
    private readonly worker: Worker,
    /** The page's end of the channel the worker listens on. */
    private readonly port: MessagePort,
    hooks: AuditHooks,
    progress: (phase: Progress['phase'], fraction: number) => void,
  ) {
    const model = (this.model = new WorkerModel(
      (m) => this.send(m),
      () => this.terminate(),
    ));
    this.result = new Promise((resolve, reject) => {
      const fail = (e: Error): void => {
        reject(e);
        model.failed(e);
      };
      worker.onmessage = (e: MessageEvent<unknown>) => {
        const parsed = FromWorkerSchema.safeParse(e.data);
        if (!parsed.success) return fail(new Error(`the worker said: ${parsed.error.issues[0]?.message ?? '?'}`));
        const m = parsed.data;
        if (m.type === 'failed') fail(new Error(`the worker failed: ${m.message}`));
        else if (m.type === 'done') resolve(m);
        else if (m.type === 'preview') hooks.onPreview?.({ ...m.marks, claims: [] });
        else if (m.type === 'progress') progress('auditing', 0.5 + (0.45 * m.done) / Math.max(1, m.total));
        else if (m.type !== 'ready') model.answered(m);
      };
      worker.onerror = (e) => {
        e.preventDefault();
        fail(new Error(`the worker failed: ${e.message}`));
      };
    });
    // Until the page waits for it, a failure is only noticed there: keep it from being reported as unhandled.
    this.result.catch(() => undefined);
  }

  send(m: ToWorker): void {
    this.port.postMessage(m);
  }

  terminate(): void {
    this.worker.terminate();
    this.port.close();
  }
}

/**
 * A worker being started, and the channel the page talks to it through: made before the worker exists, its other end
 * the worker's when it starts, so that each slice's blocks are posted (structured-cloned) in the slice that read
 * them, queued until the worker listens, never piled up and cloned in one task once it is there.
 */
export interface StartedWorker {
  readonly channel: MessageChannel;
  /** The worker once it runs (`ready`); a rejection: it could not start. */
  readonly starting: Promise<Worker>;
}

/** Starts the engine's worker from its script (which `workerCode` gives). */
export function startEngineWorker(workerCode: () => Promise<string>): StartedWorker {
  const channel = new MessageChannel();
  const starting = workerCode().then((code) => startWorker(code, channel.port2));
  // Whoever uses it notices a failure; until then it is not an unhandled rejection.
  starting.catch(() => undefined);
  return { channel, starting };
}

/** Starts the worker from its script (a blob: URL), hands it the channel's end it listens on, waits for `ready`. */
async function startWorker(code: string, port: MessagePort): Promise<Worker> {
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  let worker: Worker | undefined;
  try {
    const w = (worker = new Worker(url));
    w.postMessage(CHANNEL, [port]);
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
