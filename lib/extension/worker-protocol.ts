import { z } from 'zod';
import type { PageSource } from '../dom/adapter';
import type { Snapshot } from '../snapshots/schema';
import { PageReportSchema } from './messages';

/**
 * THE ENGINE WORKER'S PROTOCOL: what the engine in a page (components/overlay/audit-page.ts) and the engine's
 * worker (lib/extension/worker-engine.ts, started from entrypoints/engine-worker.ts) say to each other through
 * postMessage, validated with Zod at both ends. Everything is plain data (structured-cloned): the page's text and
 * raw tables go in as strings and numbers, the report and the snapshot come out as the report contract's JSON; no
 * Decimal and no DOM node ever crosses.
 *
 * page ──blocks (text blocks and raw tables, in document order, a slice's worth at a time)──► worker
 * page ──preview (audit what you have so far)──► worker ──preview { report }──► page: the first tables' marks
 * page ──end (the page's address, title, table count)──► worker ──progress … ──done { report, snapshot }──► page
 * worker ──ready (it runs) / failed (it threw)──► page
 */

export const RawCellSchema = z.object({
  text: z.string(),
  rowSpan: z.number().int().min(0),
  colSpan: z.number().int().min(1),
  header: z.boolean(),
  indent: z.number(),
});

export const RawTableSchema = z.object({
  index: z.number().int().min(0),
  rows: z.array(z.object({ cells: z.array(RawCellSchema).readonly() })).readonly(),
  hasNestedTable: z.boolean(),
  caption: z.string(),
});

export const RawBlockSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('table'), table: RawTableSchema }),
]);

/** The page the report is about, as the report names it (lib/extension/page-report.ts ReportedPage). */
const ReportedPageSchema = z.object({ url: z.string(), canonicalUrl: z.string().nullable(), title: z.string() });

export const ToWorkerSchema = z.discriminatedUnion('type', [
  /** The next blocks of the page, in document order. */
  z.object({ type: z.literal('blocks'), blocks: z.array(RawBlockSchema).readonly() }),
  /** Audit the blocks received so far and answer `preview` (the first tables' marks while the rest is read). */
  z.object({ type: z.literal('preview') }),
  /** Every block was sent: audit the whole page and answer `done`. */
  z.object({
    type: z.literal('end'),
    /** PageSource's url, title, <link rel=canonical> href and count of <table> elements. */
    url: z.string(),
    title: z.string(),
    canonicalHref: z.string().nullable(),
    tableCount: z.number().int().min(0),
    /** The page as the report names it (address, canonical address, the tab's title). */
    reported: ReportedPageSchema,
  }),
]);
export type ToWorker = z.infer<typeof ToWorkerSchema>;

/** How far the worker's audit is: steps done of about `total` (the model per table, each check, each summary). */
export const WorkerProgressSchema = z.object({
  type: z.literal('progress'),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});

/**
 * A snapshot, by its outline only: a large page's has tens of thousands of lines, and checking them all on the page's
 * main thread would hold it for a tenth of a second; the snapshot is checked in full where it is kept
 * (lib/snapshots/store.ts SnapshotStore.put, before anything is stored).
 */
const SnapshotShapeSchema = z.custom<Snapshot>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { id?: unknown }).id === 'string' &&
    Array.isArray((v as { tables?: unknown }).tables),
  'not a snapshot',
);

export const FromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  WorkerProgressSchema,
  /** The report of the blocks received so far, within-table checks only (replaced by `done`'s). */
  z.object({ type: z.literal('preview'), report: PageReportSchema }),
  /** The page's report (notes and years are the page's to add) and its prior-year snapshot. */
  z.object({ type: z.literal('done'), report: PageReportSchema, snapshot: SnapshotShapeSchema.nullable() }),
  z.object({ type: z.literal('failed'), message: z.string() }),
]);
export type FromWorker = z.infer<typeof FromWorkerSchema>;

/** The `end` of a page read: its address, title, canonical href and table count, and the page as reported. */
export const endOf = (
  page: PageSource,
  reported: z.infer<typeof ReportedPageSchema>,
): Extract<ToWorker, { type: 'end' }> => ({
  type: 'end',
  url: page.url,
  title: page.title,
  canonicalHref: page.canonicalUrl ?? null,
  tableCount: page.tableCount,
  reported,
});
