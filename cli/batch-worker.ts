import { writeFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { InputError, loadPage } from './load';
import { NO_TEXT, withoutTextLayer } from './pdf';
import { auditLoaded, reportJson } from './run';
import { failedSummary, summarise, type DocumentSummary } from './summary';

/**
 * A worker of the batch (cli/batch.ts): audits the documents it is sent, one at a time, and answers each with its
 * summary line (and the pages read so far of a PDF, for the progress bar). The full report goes to `out` when asked.
 */
export interface Job {
  readonly id: number;
  readonly file: string;
  /** Where to write the full JSON report, or undefined. */
  readonly out?: string;
}

export type WorkerMessage =
  | { readonly type: 'pages'; readonly id: number; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly id: number; readonly summary: DocumentSummary };

export async function runJob(job: Job, post: (m: WorkerMessage) => void): Promise<DocumentSummary> {
  const start = performance.now();
  const elapsed = (): number => performance.now() - start;
  try {
    // The bar is redrawn four times a second: a message per page would cost more than it shows.
    let last = 0;
    const onPdfProgress = (done: number, total: number): void => {
      const now = performance.now();
      if (now - last < 200 && done < total) return;
      last = now;
      post({ type: 'pages', id: job.id, done, total });
    };
    const page = await loadPage(job.file, { onPdfProgress });
    if (page.pdf && withoutTextLayer(page.pdf)) return failedSummary(job.file, 'no-text', NO_TEXT.en, elapsed());
    const { doc, report } = auditLoaded(page);
    if (job.out) await writeFile(job.out, `${JSON.stringify(reportJson(page, doc, report), null, 2)}\n`);
    return summarise(job.file, doc, report, elapsed());
  } catch (e) {
    const reason = e instanceof InputError ? e.message : `the engine stopped: ${(e as Error).message ?? String(e)}`;
    return failedSummary(job.file, 'failed', reason, elapsed());
  }
}

/** Answers the jobs the batch sends to this worker thread (bin/batch-worker.mjs calls it; nothing outside a worker). */
export function serveJobs(): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (job: Job) => {
    const post = (m: WorkerMessage): void => port.postMessage(m);
    void runJob(job, post).then((summary) => post({ type: 'done', id: job.id, summary }));
  });
}
