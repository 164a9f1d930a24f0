import { mkdir, readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Job, WorkerMessage } from './batch-worker';
import { csvHeader, csvLine, failedSummary, jsonLine, screen, type DocumentSummary } from './summary';

/**
 * The batch: `budget-lens audit DIR` (or many files with --summary / --out). Every .pdf/.html/.htm of the folders
 * is audited by a pool of worker threads (one per core unless --jobs says otherwise); standard error shows a
 * progress bar with the documents being read and an estimate of the time left (plain lines when it is not a
 * terminal); standard output gets one summary line per document, in input order (JSON lines, CSV, or the aligned
 * screen of `npm run corpus`); --out DIR gets each document's full JSON report. A document that cannot be read is
 * a line with its reason and the batch goes on.
 */
export type SummaryFormat = 'jsonl' | 'csv' | 'screen';

export interface BatchOptions {
  readonly summary: SummaryFormat;
  /** Folder for one full JSON report per document. */
  readonly out?: string;
  /** Worker threads; default os.availableParallelism(). */
  readonly jobs?: number;
}

const DOCUMENT = /\.(?:pdf|html?)$/iu;

export async function isDirectory(path: string): Promise<boolean> {
  if (/^https?:\/\//iu.test(path)) return false;
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Inputs with each folder replaced by its .pdf/.html/.htm files (sorted by name); an empty folder is a problem. */
export async function expandInputs(inputs: readonly string[]): Promise<{ files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  for (const input of inputs) {
    if (!(await isDirectory(input))) {
      files.push(input);
      continue;
    }
    const entries = await readdir(input, { withFileTypes: true });
    const found = entries.filter((e) => !e.isDirectory() && DOCUMENT.test(e.name)).map((e) => join(input, e.name));
    found.sort();
    if (found.length === 0) problems.push(`${input} holds no .pdf, .html or .htm file`);
    files.push(...found);
  }
  return { files, problems };
}

/** One report file name per input: its base name + .json, numbered when two inputs share a name. */
function outNames(files: readonly string[], dir: string): string[] {
  const used = new Map<string, number>();
  return files.map((f) => {
    const base = basename(f.split(/[?#]/u)[0]!) || 'document';
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return join(dir, n === 1 ? `${base}.json` : `${base}-${n}.json`);
  });
}

const clock = (s: number): string =>
  s < 90 ? `${Math.max(1, Math.round(s))} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;

/** The progress on standard error: a bar rewritten in place on a terminal, a line per finished document otherwise. */
class Progress {
  private readonly tty = process.stderr.isTTY === true;
  private readonly start = performance.now();
  private done = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  readonly reading = new Map<number, { name: string; pages?: { done: number; total: number } }>();

  constructor(private readonly total: number) {
    if (this.tty) this.timer = setInterval(() => this.draw(), 250);
  }

  /** Documents done, counting the part read of the documents in hand. */
  private units(): number {
    let u = this.done;
    for (const r of this.reading.values()) if (r.pages && r.pages.total > 0) u += (0.8 * r.pages.done) / r.pages.total;
    return u;
  }

  private eta(): string {
    const units = this.units();
    if (units <= 0) return 'estimating time left';
    if (this.done >= this.total) return 'done';
    const s = ((performance.now() - this.start) / 1000) * ((this.total - units) / units);
    return `about ${clock(s)} left`;
  }

  private draw(): void {
    const cols = process.stderr.columns || 100;
    const width = 20;
    const filled = Math.round((width * this.units()) / this.total);
    const reading = [...this.reading.values()];
    const names = reading.map((r) => (r.pages ? `${r.name} (${r.pages.done}/${r.pages.total} pp.)` : r.name));
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
    const line = `${bar} ${this.done}/${this.total} · ${this.eta()} · ${names.join(', ')}`;
    process.stderr.write(`\r\x1b[K${[...line].slice(0, cols - 1).join('')}`);
  }

  /** A message that must stay on screen (a failure): above the bar. */
  say(text: string): void {
    if (this.tty) process.stderr.write('\r\x1b[K');
    process.stderr.write(`${text}\n`);
    if (this.tty) this.draw();
  }

  finished(s: DocumentSummary): void {
    this.done++;
    if (this.tty) this.draw();
    else {
      const what = s.status === 'audited' ? `${s.errors} errors, ${s.warnings} warnings` : s.status;
      const left = this.done < this.total ? ` · ${this.eta()}` : '';
      const count = `[${this.done}/${this.total}]`;
      process.stderr.write(`${count} ${basename(s.file)} · ${s.seconds.toFixed(1)} s · ${what}${left}\n`);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.tty) process.stderr.write('\r\x1b[K');
  }
}

/** Audits the files on a pool of workers; prints the summary lines; the exit status (0, 2 some failed, 3 scans). */
export async function runBatch(files: readonly string[], options: BatchOptions): Promise<number> {
  const started = performance.now();
  if (options.out) await mkdir(options.out, { recursive: true });
  const outs = options.out ? outNames(files, options.out) : undefined;
  const results: (DocumentSummary | undefined)[] = files.map(() => undefined);
  const progress = new Progress(files.length);
  let printed = 0;
  if (options.summary === 'csv') process.stdout.write(`${csvHeader()}\n`);
  /** JSON lines and CSV stream out in input order, as soon as the next document in order is done. */
  const flush = (): void => {
    if (options.summary === 'screen') return;
    while (printed < results.length && results[printed]) {
      const s = results[printed++]!;
      process.stdout.write(`${options.summary === 'csv' ? csvLine(s) : jsonLine(s)}\n`);
    }
  };
  const record = (id: number, s: DocumentSummary): void => {
    results[id] = s;
    progress.reading.delete(id);
    if (s.status !== 'audited') progress.say(`budget-lens: ${s.file}: ${s.reason ?? s.status}`);
    progress.finished(s);
    flush();
  };

  const size = Math.max(1, Math.min(options.jobs ?? availableParallelism(), files.length));
  let next = 0;
  await new Promise<void>((resolve) => {
    let live = 0;
    const spawn = (): void => {
      const worker = new Worker(new URL('../bin/batch-worker.mjs', import.meta.url));
      let current: { id: number; start: number } | undefined;
      let ended = false;
      live++;
      const give = (): void => {
        if (next >= files.length) {
          current = undefined;
          ended = true;
          void worker.terminate();
          return;
        }
        const id = next++;
        current = { id, start: performance.now() };
        progress.reading.set(id, { name: basename(files[id]!) });
        worker.postMessage({ id, file: files[id]!, ...(outs ? { out: outs[id]! } : {}) } satisfies Job);
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'pages') {
          const r = progress.reading.get(m.id);
          if (r) r.pages = { done: m.done, total: m.total };
          return;
        }
        record(m.id, m.summary);
        give();
      });
      // A worker that dies (out of memory, a crash) fails its document; another worker takes the rest.
      const lost = (why: string): void => {
        if (ended) return;
        ended = true;
        if (current) {
          const ms = performance.now() - current.start;
          record(current.id, failedSummary(files[current.id]!, 'failed', `the worker stopped: ${why}`, ms));
        }
        current = undefined;
        if (next < files.length) spawn();
      };
      worker.on('error', (e) => lost(e.message));
      worker.on('exit', (code) => {
        lost(`exit code ${code}`);
        if (--live === 0) resolve();
      });
      give();
    };
    for (let i = 0; i < size; i++) spawn();
  });
  progress.stop();
  const all = results.map((s, i) => s ?? failedSummary(files[i]!, 'failed', 'not audited', 0));
  if (options.summary === 'screen') process.stdout.write(`${screen(all, performance.now() - started, size)}\n`);
  if (all.some((s) => s.status === 'failed')) return 2;
  return all.some((s) => s.status === 'no-text') ? 3 : 0;
}
