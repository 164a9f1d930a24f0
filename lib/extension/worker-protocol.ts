import { z } from 'zod';
import { lazy } from '../lazy';
import type { PageSource, RawBlock } from '../dom/adapter';
import { NOTE_SCOPES, NoteSchema } from '../notes/schema';
import { BilingualSchema, CellSchema, FindingSchema, SummarySchema, TableSchema } from '../report/schema';
import { PageReportSchema, YearsSchema } from './messages';

/**
 * THE ENGINE WORKER'S PROTOCOL: what the engine in a page (components/overlay/audit-page.ts) and the engine's
 * worker (lib/extension/worker-engine.ts, started from lib/extension/worker-scope.ts) say to each other through
 * postMessage, validated with Zod at both ends. Everything is plain data (structured-cloned): the page's text and
 * raw tables go in as strings and numbers, the report and the snapshot come out as the report contract's JSON; no
 * Decimal and no DOM node ever crosses.
 *
 * The page talks to the worker through a MessageChannel it makes before the worker exists: the worker's first message
 * is CHANNEL, carrying the channel's other end, on which every message below from the page comes (so each slice's
 * blocks are cloned in the slice that read them and wait there until the worker listens); the worker answers on its
 * own postMessage.
 * page ──blocks (text blocks and raw tables, in document order, a slice's worth at a time)──► worker
 * page ──preview (audit the first tables)──► worker ──preview { marks }──► page: the first tables' marks
 * page ──preview { blocks } (the first tables read while the page loads, not kept)──► worker ──preview { marks }──►
 * page ──end (the page's address, title, table count)──► worker ──progress … ──done { report, snapshot }──► page
 * worker ──ready (it runs) / failed (it threw)──► page
 *
 * After `done` the worker stays, holding the page's model and snapshot, until the page audits again: the notes and the
 * prior years ask it, each question with an `id` its answer repeats (or `unanswered` with the reason):
 * page ──resolve-notes { page, notes }──► worker ──resolved { notes: where each landed }──► page
 * page ──anchor { page, target }──► worker ──anchored { anchor }──► page (a new note's anchor)
 * page ──years { earlier (JSON), threshold }──► worker ──compared { years, labels, table }──► page
 */

export const RawCellSchema = lazy(() =>
  z.object({
    text: z.string(),
    rowSpan: z.number().int().min(0),
    colSpan: z.number().int().min(1),
    header: z.boolean(),
    indent: z.number(),
  }),
);

export const RawTableSchema = lazy(() =>
  z.object({
    index: z.number().int().min(0),
    rows: z.array(z.object({ cells: z.array(RawCellSchema).readonly() })).readonly(),
    hasNestedTable: z.boolean(),
    caption: z.string(),
  }),
);

/** A box's fields, for the schemas that spread them (a function: built inside their builders, never at import). */
const box = () => ({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

/** A printed page of positioned text as read (lib/pdf/types.ts PdfPageContent). */
export const PdfPageContentSchema = lazy(() =>
  z.object({
    page: z.number().int().min(1),
    width: z.number(),
    height: z.number(),
    items: z
      .array(z.object({ str: z.string(), ...box(), fontName: z.string().optional(), bold: z.boolean().optional() }))
      .readonly(),
    rules: z.array(z.object({ x1: z.number(), y1: z.number(), x2: z.number(), y2: z.number() })).readonly(),
    shades: z.array(z.object(box())).readonly().optional(),
  }),
);

export const RawBlockSchema = lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('text'), text: z.string() }),
    z.object({ kind: z.literal('table'), table: RawTableSchema }),
    z.object({ kind: z.literal('printed'), pages: z.array(PdfPageContentSchema).readonly() }),
  ]),
);

/** The page the report is about, as the report names it (lib/extension/page-report.ts ReportedPage). */
const ReportedPageSchema = lazy(() =>
  z.object({ url: z.string(), canonicalUrl: z.string().nullable(), title: z.string() }),
);

/** The page as the notes see it (lib/notes/anchor.ts PageInfo). */
const PageInfoSchema = lazy(() =>
  z.object({ url: z.string(), canonicalUrl: z.string().optional(), title: z.string() }),
);

/** What a new note points at (lib/notes/anchor.ts NoteTarget). */
const NoteTargetSchema = lazy(() =>
  z.object({
    scope: z.enum(NOTE_SCOPES),
    cell: CellSchema.optional(),
    table: z.number().int().min(0).optional(),
  }),
);

/** Where a note landed (lib/notes/anchor.ts Resolution). */
const ResolutionSchema = lazy(() =>
  z.discriminatedUnion('status', [
    z.object({
      status: z.literal('attached'),
      scope: z.enum(NOTE_SCOPES),
      table: z.number().int().min(0).optional(),
      primary: CellSchema.optional(),
      cells: z.array(CellSchema).readonly(),
      confidence: z.enum(['exact', 'moved', 'fuzzy']),
      changed: z.object({ was: z.string(), now: z.string() }).optional(),
    }),
    z.object({ status: z.literal('orphan'), reason: BilingualSchema }),
  ]),
);

/** A label's data by a compared cell (lib/extension/page-years.ts PriorLine). */
const PriorLineSchema = lazy(() =>
  z.object({
    key: z.string(),
    cell: CellSchema,
    kind: z.enum(['prior', 'new', 'moved']),
    name: z.string(),
    year: z.number().int().nullable(),
    stage: z.string().nullable(),
    unit: z.string(),
    earlier: z.string().nullable(),
    current: z.string().nullable(),
    change: z.string().nullable(),
    percent: z.string().nullable(),
    sign: z.enum(['+', '-', '0', '']),
    swing: z.boolean(),
    move: z.object({ from: z.string().nullable(), label: BilingualSchema }).nullable(),
  }),
);

/** lib/page/printed.ts PrintedLayout. */
export const PrintedLayoutSchema = lazy(() =>
  z.object({
    expanded: z.array(z.object({ block: z.number().int().min(0), count: z.number().int().min(0) })).readonly(),
    boxes: z
      .array(
        z.object({
          table: z.number().int().min(0),
          row: z.number().int().min(-1),
          cell: z.number().int().min(-1),
          block: z.number().int().min(0),
          page: z.number().int().min(1),
          ...box(),
          text: z.string(),
        }),
      )
      .readonly(),
  }),
);

/** A snapshot as it travels (lib/snapshots/keep.ts SnapshotText): one JSON string, cheap to clone and to pass on. */
export const SnapshotTextSchema = lazy(() =>
  z.object({
    id: z.string(),
    department: z.string().nullable(),
    region: z.string().nullable(),
    json: z.string(),
  }),
);

/** The page's first message to a new worker, with the channel's end (the transfer list's one port) it listens on. */
export const CHANNEL = 'budget-lens channel';

/** How many of the page's first tables a preview audits at most: a small message, checked in a few ms. */
export const PREVIEW_TABLES = 3;
/** A preview ends with the table that brings its rows to this many: long tables are previewed one at a time. */
export const PREVIEW_ROWS = 150;

/**
 * The first tables a preview covers, counted block by block in document order: true for the block that fills it
 * (the PREVIEW_TABLES-th table, or the one that brings the rows to PREVIEW_ROWS; a printed block fills it by itself).
 * The page asks for the preview once it has read that block; the worker audits the blocks up to it.
 */
export function previewFiller(): (b: RawBlock) => boolean {
  let tables = 0;
  let rows = 0;
  let full = false;
  return (b) => {
    if (full || b.kind === 'text') return false;
    tables++;
    rows += b.kind === 'table' ? b.table.rows.length : PREVIEW_ROWS;
    full = tables >= PREVIEW_TABLES || rows >= PREVIEW_ROWS;
    return full;
  };
}

/**
 * What a preview carries: only what the marks draw (components/marks/layer.ts MarksReport, without claims), for the
 * first tables read (previewFiller): a small message whose check on the page costs little, however large the page.
 */
export const PreviewMarksSchema = lazy(() =>
  z.object({
    summary: SummarySchema,
    tables: z.array(TableSchema).max(PREVIEW_TABLES),
    findings: z.array(FindingSchema),
  }),
);
export type PreviewMarks = z.infer<typeof PreviewMarksSchema>;

export const ToWorkerSchema = lazy(() =>
  z.discriminatedUnion('type', [
    /** The next blocks of the page, in document order. */
    z.object({ type: z.literal('blocks'), blocks: z.array(RawBlockSchema).readonly() }),
    /**
     * Audit the first tables received (previewFiller's) and answer `preview`: their marks while the rest is read
     * and audited. The page asks as soon as it has read them. With `blocks`: the first tables of those blocks
     * instead, which the worker does not keep (the page's first look while it is still loading,
     * components/overlay/early-preview.ts; the page read whole comes later in `blocks` messages).
     */
    z.object({ type: z.literal('preview'), blocks: z.array(RawBlockSchema).readonly().optional() }),
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
    /** Where do these notes land in the page's model? */
    z.object({
      type: z.literal('resolve-notes'),
      id: z.number().int(),
      page: PageInfoSchema,
      notes: z.array(NoteSchema),
    }),
    /** The anchor of a new note on this target. */
    z.object({ type: z.literal('anchor'), id: z.number().int(), page: PageInfoSchema, target: NoteTargetSchema }),
    /** Compare the page's snapshot with these earlier years' (JSON of their snapshots, as the store gave them). */
    z.object({
      type: z.literal('years'),
      id: z.number().int(),
      earlier: z.string(),
      threshold: z.object({ percent: z.string(), amount: z.string() }),
    }),
  ]),
);
export type ToWorker = z.infer<typeof ToWorkerSchema>;

/** How far the worker's audit is: steps done of about `total` (the model per table, each check, each summary). */
export const WorkerProgressSchema = lazy(() =>
  z.object({
    type: z.literal('progress'),
    done: z.number().int().min(0),
    total: z.number().int().min(0),
  }),
);

export const FromWorkerSchema = lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('ready') }),
    WorkerProgressSchema,
    /** The first tables' marks, within-table checks only (replaced by `done`'s report). */
    z.object({ type: z.literal('preview'), marks: PreviewMarksSchema }),
    /**
     * The page's report (notes and years are the page's to add) and its prior-year snapshot as JSON (validated in full
     * where it is kept: lib/snapshots/store.ts SnapshotStore.put, in the background).
     */
    z.object({
      type: z.literal('done'),
      report: PageReportSchema,
      snapshot: SnapshotTextSchema.nullable(),
      /** Where the tables rebuilt from printed pages are (lib/page/printed.ts), for the page to draw over them. */
      printed: PrintedLayoutSchema.optional(),
    }),
    z.object({ type: z.literal('failed'), message: z.string() }),
    /** The notes' places in the page's model, by note id (notes of other documents are left out). */
    z.object({
      type: z.literal('resolved'),
      id: z.number().int(),
      notes: z.array(z.object({ note: z.string(), resolution: ResolutionSchema })),
    }),
    z.object({ type: z.literal('anchored'), id: z.number().int(), anchor: NoteSchema.shape.anchor }),
    z.object({
      type: z.literal('compared'),
      id: z.number().int(),
      years: YearsSchema.nullable(),
      labels: z.array(PriorLineSchema),
      table: z.number().int().nullable(),
    }),
    /** A question the worker could not answer (no model yet, or it threw). */
    z.object({ type: z.literal('unanswered'), id: z.number().int(), message: z.string() }),
  ]),
);
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
