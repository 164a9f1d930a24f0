import { auditSource, auditSteps } from '../audit';
import { checks } from '../checks';
import type { PageSource, RawBlock } from '../dom/adapter';
import { pageSnapshot } from '../open';
import type { BudgetDocument } from '../model';
import { anchorFor, resolveNotes } from '../notes/anchor';
import { snapshotText } from '../snapshots/keep';
import type { PrintedLayout } from '../page/printed';
import type { Snapshot } from '../snapshots/schema';
import { tableIndexes } from '../report/schema';
import type { PageReport } from './messages';
import { pageReport, type ReportedPage } from './page-report';
import { yearsAnswer } from './page-years';
import { PREVIEW_TABLES, previewFiller, ToWorkerSchema, type FromWorker, type ToWorker } from './worker-protocol';

/**
 * The engine's worker, as a message handler without a Worker (lib/extension/worker-scope.ts wires it to its global
 * scope; tests call it directly): it gathers the page's blocks as the page reads them, audits the first tables alone
 * when asked for a preview, and on `end` audits the whole page exactly as lib/open.ts does (the same steps, the same
 * report, the same snapshot), posting its progress every `progressMs`. It then keeps the page's model and snapshot
 * and answers the notes' and the prior years' questions about them (resolve-notes, anchor, years) until the page
 * audits again.
 */

/**
 * The checks whose findings stay within one table: a preview of the first tables keeps only theirs (a table that
 * refers to one not read yet is no error).
 */
export const PREVIEW_CHECKS: ReadonlySet<string> = new Set(['row-totals', 'column-totals', 'hierarchy', 'balance']);

/** A page audited whole: its model, its report as the page sends it (without notes and years), its snapshot. */
export interface PageAudit {
  readonly doc: BudgetDocument;
  readonly report: PageReport;
  readonly snapshot: Snapshot | null;
  /** Where the tables rebuilt from printed pages are (lib/page/printed.ts). */
  readonly printed?: PrintedLayout;
}

/**
 * The whole page's audit, the same in the worker and in the page's own fallback (components/overlay/audit-page.ts):
 * lib/audit.ts's steps, then the report as the page sends it and the prior-year snapshot, filed under the page's
 * canonical address as lib/open.ts files it. `now`: the snapshot's time (tests).
 */
export function* pageAuditSteps(source: PageSource, reported: ReportedPage, now?: Date): Generator<void, PageAudit> {
  const { doc, report, page, printed } = yield* auditSteps(source);
  const snapshot = pageSnapshot(page, doc, report, page.url, { canonical: true, ...(now ? { now } : {}) });
  return { doc, report: pageReport(report, doc, reported, []), snapshot, ...(printed ? { printed } : {}) };
}

export interface WorkerEngineOptions {
  /** How often progress is posted during the audit (ms). */
  readonly progressMs?: number;
  readonly now?: () => number;
  /** The snapshot's time (tests). */
  readonly date?: () => Date;
}

/** Returns the handler of the page's messages; `post` sends the answers. */
export function workerEngine(post: (m: FromWorker) => void, options: WorkerEngineOptions = {}): (raw: unknown) => void {
  const now = options.now ?? (() => performance.now());
  const progressMs = options.progressMs ?? 100;
  let blocks: RawBlock[] = [];
  /** The last audited page's model and snapshot, for the notes' and the years' questions. */
  let audited: { doc: BudgetDocument; snapshot: Snapshot | null } | undefined;

  const source = (of: readonly RawBlock[], end?: Extract<ToWorker, { type: 'end' }>): PageSource => {
    let tables = 0;
    for (const b of of) if (b.kind === 'table') tables = Math.max(tables, b.table.index + 1);
    return {
      url: end?.url ?? '',
      title: end?.title ?? '',
      ...(end?.canonicalHref ? { canonicalUrl: end.canonicalHref } : {}),
      blocks: of,
      tableCount: end?.tableCount ?? tables,
    };
  };

  /** The first tables (previewFiller's) and the text before them, audited alone: of `of`, or of the blocks received. */
  function preview(of: readonly RawBlock[] = blocks): void {
    const cut = of.findIndex(previewFiller());
    const first = cut < 0 ? of : of.slice(0, cut + 1);
    if (!first.some((b) => b.kind !== 'text')) return;
    const { doc, report } = auditSource(source(first));
    const { summary, tables: read, findings } = pageReport(report, doc, { url: '', canonicalUrl: null, title: '' }, []);
    const shown = read.slice(0, PREVIEW_TABLES);
    const indexes = new Set(shown.flatMap(tableIndexes));
    post({
      type: 'preview',
      marks: {
        summary,
        tables: shown,
        findings: findings.filter((f) => PREVIEW_CHECKS.has(f.check) && indexes.has(f.table)),
      },
    });
  }

  function finish(end: Extract<ToWorker, { type: 'end' }>): void {
    const page = source(blocks, end);
    const tables = page.blocks.filter((b) => b.kind === 'table').length;
    const total = 3 * tables + checks.length;
    const steps = pageAuditSteps(page, end.reported, options.date?.());
    let done = 0;
    let last = now();
    let r = steps.next();
    while (!r.done) {
      done++;
      if (now() - last >= progressMs) {
        post({ type: 'progress', done: Math.min(done, total - 1), total });
        last = now();
      }
      r = steps.next();
    }
    const { doc, report, snapshot, printed } = r.value;
    post({ type: 'done', report, snapshot: snapshot && snapshotText(snapshot), ...(printed ? { printed } : {}) });
    blocks = [];
    audited = { doc, snapshot };
  }

  type Question = Extract<ToWorker, { type: 'resolve-notes' | 'anchor' | 'years' }>;
  function answer(m: Question): void {
    if (!audited) {
      post({ type: 'unanswered', id: m.id, message: 'no page audited yet' });
      return;
    }
    const { doc, snapshot } = audited;
    if (m.type === 'resolve-notes') {
      const notes = resolveNotes(doc, m.page, m.notes).map((r) => ({ note: r.note.id, resolution: r.resolution }));
      post({ type: 'resolved', id: m.id, notes });
    } else if (m.type === 'anchor') {
      post({ type: 'anchored', id: m.id, anchor: anchorFor(doc, m.page, m.target) });
    } else {
      const r = yearsAnswer(doc, snapshot, m.earlier, m.threshold);
      post({ type: 'compared', id: m.id, years: r.years, labels: [...r.labels], table: r.table });
    }
  }

  return (raw) => {
    const parsed = ToWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      post({ type: 'failed', message: `not a message of the protocol: ${parsed.error.issues[0]?.message ?? ''}` });
      return;
    }
    const m = parsed.data;
    const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
    if (m.type === 'resolve-notes' || m.type === 'anchor' || m.type === 'years') {
      try {
        answer(m);
      } catch (e) {
        post({ type: 'unanswered', id: m.id, message: message(e) });
      }
      return;
    }
    try {
      if (m.type === 'blocks') for (const b of m.blocks) blocks.push(b);
      else if (m.type === 'preview') preview(m.blocks);
      else finish(m);
    } catch (e) {
      post({ type: 'failed', message: message(e) });
    }
  };
}
