import { readPageSteps, type DomNode, type RawBlock } from '../../lib/dom/adapter';
import {
  FromWorkerSchema,
  PREVIEW_ROWS,
  PREVIEW_TABLES,
  previewFiller,
  type ToWorker,
} from '../../lib/extension/worker-protocol';
import { addedAfter, markAfter, parsedPast, type AfterMark, type ParsedNode } from '../../lib/page/parsing';
import { drive, nextLook, nextTurn, pause } from '../../lib/steps';
import type { MarksReport } from '../marks/layer';
import { SLICE_MS, type StartedWorker } from './audit-page';

/**
 * THE FIRST LOOK WHILE THE PAGE IS STILL LOADING. A disclosure page of megabytes is shown as it arrives: its first
 * tables are on screen long before the parser reaches the last one and the page's first full layout follows
 * (seconds). The detector asks for the engine as soon as the parser has finished a budget table; the engine then
 * reads the tables finished so far (lib/page/parsing.ts; the adapter's read ends before anything unfinished), as
 * soon as they fill a preview (PREVIEW_TABLES tables or PREVIEW_ROWS rows) or no other table has come for STALL_MS
 * (a slow server), and asks its worker, already starting (the detector asked for its script with the engine),
 * for their marks: a preview of those tables alone (`preview { blocks }`, which the worker does not keep). The whole
 * page is read and audited once it is loaded (components/overlay/audit-page.ts, in the same worker), and its report
 * replaces the preview.
 *
 * A preview accuses no one by mistake: its marks are drawn only when the tables it read are still as read (their
 * text, to the character) and something has been added after them since (in the last one's parent or an ancestor's:
 * the parser has moved on), or the page is loaded. A page script that appends to
 * the document while the parser is inside a table makes that table look finished: the parser then keeps adding to
 * it and the preview is thrown away (read again, at most TRIES times).
 */

/** How often the page is looked at while it loads at least, and before each frame the browser draws of it (ms). */
const WAIT_MS = 50;
/** How many previews may be thrown away (their tables changed) before the first look gives up. */
const TRIES = 3;
/** The finished tables do not fill a preview and no other has come for this long (ms): previewed as they are. */
const STALL_MS = 300;
/** How often the count of finished tables is told at most (ms). */
const PROGRESS_MS = 250;

export interface EarlyHooks {
  /** The first tables' marks (within-table findings only), once they are sure. */
  readonly onPreview: (marks: MarksReport) => void;
  /** How many tables the parser has finished, when that changes (at most every PROGRESS_MS). */
  readonly onTables?: (finished: number) => void;
}

export interface EarlyPreview {
  /** Has a preview been asked for (then the whole page's audit need not ask for one)? */
  readonly asked: boolean;
  /** The page is loaded, its audit begins: no preview is asked for after this (one asked may still be drawn). */
  settle(): void;
}

/** A table read early, and what to compare to see that it did not change. */
interface Read {
  readonly blocks: readonly RawBlock[];
  readonly tables: readonly { readonly element: Element; readonly text: number }[];
  /** What followed the last table read, within its ancestors, when it was read (lib/page/parsing.ts). */
  readonly after: AfterMark;
}

/** The steps, ended early once `stop` says so (checked after each). */
function* until(steps: Generator<void, unknown>, stop: () => boolean): Generator<void, void> {
  for (let r = steps.next(); !r.done && !stop(); r = steps.next()) yield;
}

/** Looks at the page while it loads; a no-op on a page already loaded. */
export function previewWhileLoading(doc: Document, worker: StartedWorker, hooks: EarlyHooks): EarlyPreview {
  let settled = false;
  let asked = false;
  const loading = (): boolean => doc.readyState === 'loading';
  const tables = doc.getElementsByTagName('table');

  /** The tables the parser has finished: how many, and their rows (counted until a preview's worth). */
  const finished = (): { count: number; rows: number } => {
    let count = 0;
    let rows = 0;
    for (let i = 0; i < tables.length; i++) {
      if (!parsedPast(tables[i]!, loading())) continue;
      count++;
      if (rows < PREVIEW_ROWS) rows += (tables[i] as HTMLTableElement).rows.length;
    }
    return { count, rows };
  };

  /**
   * Reads the page up to what the parser has not finished, stopping once a preview is full; undefined: no table, or
   * not full when `full` was wanted.
   */
  async function readFinished(wanted: 'full' | 'any'): Promise<Read | undefined> {
    const blocks: RawBlock[] = [];
    const fills = previewFiller();
    let full = false;
    const parsed = (n: DomNode): boolean => parsedPast(n as unknown as ParsedNode, loading());
    const onBlock = (b: RawBlock): void => {
      blocks.push(b);
      if (fills(b)) full = true;
    };
    const steps = readPageSteps(doc as unknown as DomNode, location.href, { onBlock, parsed });
    await drive(
      until(steps, () => full || settled),
      { sliceMs: SLICE_MS, yieldTo: nextTurn },
    );
    if (settled || (wanted === 'full' && !full)) return undefined;
    const read = blocks.flatMap((b) => (b.kind === 'table' ? [tables[b.table.index]] : []));
    if (read.length === 0 || read.some((t) => !t)) return undefined;
    const after = markAfter(read[read.length - 1] as unknown as ParsedNode);
    return { blocks, tables: read.map((t) => ({ element: t!, text: (t!.textContent ?? '').length })), after };
  }

  /** Asks the worker for the preview of these blocks; its marks, or undefined when it could not answer. */
  async function ask(blocks: readonly RawBlock[]): Promise<MarksReport | undefined> {
    // Posted now, waiting in the channel while the worker starts; its answer comes after `ready`, whose handling
    // (the `starting` promise) has put the listener in place by then.
    const message: ToWorker = { type: 'preview', blocks };
    worker.channel.port1.postMessage(message);
    asked = true;
    let w: Worker;
    try {
      w = await worker.starting;
    } catch {
      return undefined;
    }
    return new Promise((resolve) => {
      const listen = (e: MessageEvent<unknown>): void => {
        const m = FromWorkerSchema.safeParse(e.data);
        if (!m.success || (m.data.type !== 'preview' && m.data.type !== 'failed')) return;
        w.removeEventListener('message', listen);
        resolve(m.data.type === 'preview' ? { ...m.data.marks, claims: [] } : undefined);
      };
      w.addEventListener('message', listen);
    });
  }

  const unchanged = (read: Read): boolean =>
    read.tables.every((t) => t.element.isConnected && (t.element.textContent ?? '').length === t.text);

  async function run(): Promise<void> {
    /** Finished tables when last read; when last looked at, and since when there were that many. */
    let seen = 0;
    let count = 0;
    let since = performance.now();
    for (let tries = 0, first = true; tries < TRIES; first = false) {
      // Wait for more finished tables (the first look in the next task: not in the one that evaluates the engine,
      // which a first slice of reading would make twice as long); read when they might fill a preview, or when no
      // other table has come for a while (a slow server: the tables there are, as they are).
      await (first ? nextTurn() : nextLook(WAIT_MS));
      if (settled || !loading()) return;
      const now = finished();
      const n = now.count;
      if (n !== count) [count, since] = [n, performance.now()];
      if (n === seen) continue;
      const full = n >= PREVIEW_TABLES || now.rows >= PREVIEW_ROWS;
      if (!full && performance.now() - since < STALL_MS) continue;
      seen = n;
      const read = await readFinished(full ? 'full' : 'any');
      if (!read || settled) continue;
      const marks = await ask(read.blocks);
      if (!marks) return;
      // Drawn only once the parser has added something after what was read (or the page is loaded), and that is
      // still as read.
      while (unchanged(read) && loading() && !addedAfter(read.after)) await nextLook(WAIT_MS);
      if (unchanged(read)) {
        hooks.onPreview(marks);
        return;
      }
      tries++;
      if (settled) return;
    }
  }

  /** The count of finished tables, told as it grows, until the page is loaded. */
  async function tell(onTables: (finished: number) => void): Promise<void> {
    let told = -1;
    while (!settled && loading()) {
      const n = finished().count;
      if (n !== told) onTables((told = n));
      await pause(PROGRESS_MS);
    }
  }

  if (loading()) {
    void run().catch((e: unknown) => console.warn('budget-lens: no early preview:', e));
    if (hooks.onTables) void tell(hooks.onTables);
  }
  return {
    get asked() {
      return asked;
    },
    settle() {
      settled = true;
    },
  };
}
