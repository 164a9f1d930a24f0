import { z } from 'zod';
import { lazy } from '../lazy';
import {
  BilingualSchema,
  CellSchema,
  ReportSchema,
  type Cell,
  type ClaimData,
  type FindingData,
} from '../report/schema';

/**
 * THE MESSAGE PROTOCOL between the extension's parts, validated with Zod at every receiving end; the report it
 * carries is the report contract (lib/report/schema.ts).
 *
 * detector (content script) ──bl:load──► background ──scripting.executeScript('/engine.js')──► tab
 * detector's PDF-link button ──bl:open-pdf──► background (opens the viewer)
 * engine (in the tab) or viewer ──bl:report──► background (badge, storage.session 'report:<tabId>') ◄── side panel
 * side panel ──bl:reveal / bl:reveal-note / bl:reveal-claim──► engine or viewer in the tab: scroll to the cells, the
 *   note's ✎ marker or the claim's words and open them; answers { revealed: boolean } (false when the document has
 *   no mark for it: page notes, orphans, words not shown)
 * anyone ──bl:ping──► engine: answers { running: true }
 * engine ──bl:progress──► background (storage.session 'progress:<tabId>') ◄── side panel: how far the audit is
 * engine ──bl:fallback──► background: injects /engine-fallback.js into the sender's frame (the parser, the checks and
 *   the claims on the page's own thread, for a page whose worker cannot run); answers { loaded }
 * engine ──bl:keep-snapshot { snapshot (JSON), kept, settingsChanged }──► background: validates and keeps it in
 *   storage.local (lib/snapshots/keep.ts, lib/snapshots/store.ts) unless snapshots are off, and answers what became
 *   of it, the comparison's threshold and the earlier years' snapshots (JSON) for the model to compare with
 * background ──bl:storage-changed { changes }──► every tab's engine: which note, snapshot and settings keys changed in
 *   storage.local, a snapshot's value reduced to its department and region (lib/extension/storage-relay.ts): the
 *   page follows changes without storage.onChanged, which would hand it every changed value (a large page's
 *   snapshot is megabytes of JSON to read on its thread)
 * Notes themselves never travel in messages: every part reads and writes them in browser.storage.local
 * (lib/notes/store.ts); the engine re-resolves them on storage changes and re-sends bl:report with `notes`.
 */

export type { Cell, ClaimData, FindingData };

export const HeadlineSchema = lazy(() =>
  z.object({
    key: z.string(),
    label: BilingualSchema,
    /** Printed value in the page's unit, e.g. "8,149.47". */
    value: z.string(),
    unit: z.string(),
    /** Share of its reference figure, e.g. "33.6%", when it has one. */
    share: z.string().nullable(),
    cell: CellSchema.nullable(),
  }),
);
export type Headline = z.infer<typeof HeadlineSchema>;

/** Where a stored note landed on this page (the note itself stays in storage: lib/notes/store.ts). */
export const NoteOnPageSchema = lazy(() =>
  z.object({
    id: z.string(),
    status: z.enum(['attached', 'orphan']),
    scope: z.enum(['page', 'table', 'row', 'cell']),
    /** DOM table index for table, row and cell notes. */
    table: z.number().int().nullable(),
    /** Where the marker sits (the cell; the row's first label cell); null for page and table notes and orphans. */
    primary: CellSchema.nullable(),
    cells: z.array(CellSchema),
    confidence: z.enum(['exact', 'moved', 'fuzzy']).nullable(),
    /** Why an orphan did not re-attach. */
    reason: BilingualSchema.nullable(),
  }),
);
export type NoteOnPage = z.infer<typeof NoteOnPageSchema>;

/**
 * One line of the year-on-year comparison (lib/snapshots/compare.ts LineChange, compacted): amounts in 元 as decimal
 * strings, `display` in the compared table's printed unit and precision, and the page cell of the current figure.
 */
export const YearLineSchema = lazy(() =>
  z.object({
    key: z.string(),
    code: z.string().nullable(),
    /** Labels from the top level down. */
    names: z.array(z.string()),
    current: z.string().nullable(),
    earlier: z.string().nullable(),
    change: z.string().nullable(),
    /** "+3.8%"; null when the earlier figure is zero or missing. */
    percent: z.string().nullable(),
    display: z.object({
      current: z.string().nullable(),
      earlier: z.string().nullable(),
      change: z.string().nullable(),
      unit: z.string(),
    }),
    flags: z.array(z.string()),
    /** Where the current figure is on the page (null for a vanished line). */
    cell: CellSchema.nullable(),
  }),
);
export type YearLine = z.infer<typeof YearLineSchema>;

export const YearMoveSchema = lazy(() =>
  z.object({
    basis: z.enum(['name', 'amount']),
    from: z.object({ code: z.string().nullable(), names: z.array(z.string()), amount: z.string().nullable() }),
    to: z.object({ code: z.string().nullable(), names: z.array(z.string()), amount: z.string().nullable() }),
    change: z.string().nullable(),
    label: BilingualSchema,
    cell: CellSchema.nullable(),
  }),
);
export type YearMove = z.infer<typeof YearMoveSchema>;

/** A prior-year figure the page's text implies, beside the stored prior-year snapshot's figure for the same subject. */
const YearImpliedSchema = lazy(() =>
  z.object({
    subject: z.string(),
    basis: z.string(),
    text: z.string(),
    /** 元. */
    implied: z.string(),
    stored: z.string().nullable(),
    difference: z.string().nullable(),
    /** The same figures in the compared table's unit and precision. */
    display: z.object({
      implied: z.string(),
      stored: z.string().nullable(),
      difference: z.string().nullable(),
      unit: z.string(),
    }),
    storedFrom: z
      .object({ year: z.number(), stage: z.string().nullable(), table: z.string(), names: z.array(z.string()) })
      .nullable(),
    label: BilingualSchema,
  }),
);
export type YearImplied = z.infer<typeof YearImpliedSchema>;

/**
 * The page compared with the latest stored snapshot of the same department from an earlier year
 * (components/overlay/years.ts makes it from lib/snapshots/compare.ts's YearComparison); null in the report when
 * no earlier year is stored.
 */
export const YearsSchema = lazy(() =>
  z.object({
    current: z.object({ id: z.string(), year: z.number().nullable(), stage: z.string().nullable() }),
    against: z.object({
      id: z.string(),
      year: z.number().nullable(),
      stage: z.string().nullable(),
      url: z.string(),
      savedAt: z.string(),
    }),
    /** The years compared, earlier first: [2023, 2024]. */
    years: z.array(z.number()),
    /** The compared table (current year) and column; `domTable` is its bar's table index. */
    table: z
      .object({
        kind: z.string(),
        title: z.string(),
        column: z.array(z.string()),
        unit: z.string(),
        scale: z.number().int(),
        label: BilingualSchema,
        domTable: z.number().int().nullable(),
      })
      .nullable(),
    threshold: z.object({ percent: z.string(), amount: z.string() }),
    /** How many lines were compared (matched in both years). */
    matched: z.number().int(),
    swings: z.array(YearLineSchema),
    appeared: z.array(YearLineSchema),
    vanished: z.array(YearLineSchema),
    moves: z.array(YearMoveSchema),
    /** The grand total and the 类-level lines over the stored years (元). */
    series: z
      .object({
        years: z.array(z.object({ year: z.number(), stage: z.string().nullable() })),
        rows: z.array(
          z.object({
            key: z.string(),
            code: z.string().nullable(),
            label: BilingualSchema,
            total: z.boolean(),
            values: z.array(z.string().nullable()),
          }),
        ),
      })
      .nullable(),
    implied: z.array(YearImpliedSchema),
    notes: z.array(BilingualSchema),
  }),
);
export type YearsReport = z.infer<typeof YearsSchema>;

/** What became of this page's snapshot (lib/snapshots/store.ts): kept, not kept (turned off), or not saved (why). */
export const SnapshotStatusSchema = lazy(() =>
  z.object({
    /** The settings say keep snapshots. */
    enabled: z.boolean(),
    saved: z.boolean(),
    id: z.string().nullable(),
    /** Why it was not saved (a full storage area is named as such); nothing stored was deleted. */
    error: BilingualSchema.nullable(),
  }),
);
export type SnapshotStatus = z.infer<typeof SnapshotStatusSchema>;

/**
 * What the engine in a page and the PDF viewer send for a document: the report contract (lib/report/schema.ts)
 * without what only the command line prints (the source, per-check tallies, the long not-checked lists, implied
 * prior-year figures), plus the page, the time, the headline figures and where the page's notes landed.
 */
export const PageReportSchema = lazy(() =>
  ReportSchema.omit({
    source: true,
    checks: true,
    notChecked: true,
    impliedPrior: true,
  }).extend({
    url: z.string(),
    /** <link rel=canonical>, when the page has one. */
    canonicalUrl: z.string().nullable(),
    title: z.string(),
    auditedAt: z.string(),
    headlines: z.array(HeadlineSchema),
    notes: z.array(NoteOnPageSchema),
    /**
     * Comparison with the latest stored earlier year of the same department; null (or absent: a PDF in the viewer, a
     * page whose years were not compared) when there is none.
     */
    years: YearsSchema.nullable().optional(),
    /** This page's snapshot; null or absent when the engine did not get as far. */
    snapshot: SnapshotStatusSchema.nullable().optional(),
  }),
);
export type PageReport = z.infer<typeof PageReportSchema>;

/** How far the engine in a page is: reading the page, auditing it (in its worker), drawing the marks, done. */
export const ProgressSchema = lazy(() =>
  z.object({
    /** `loading`: the page is still arriving (its first tables may be marked already); its length is not known yet. */
    phase: z.enum(['loading', 'reading', 'auditing', 'drawing', 'done']),
    /** <table> elements read so far, of all the page has (while loading: those the parser has finished). */
    tablesRead: z.number().int().min(0),
    tablesTotal: z.number().int().min(0),
    /** The whole job so far, 0–100 (reading is the first half, auditing and drawing the second). */
    percent: z.number().int().min(0).max(100),
  }),
);
export type Progress = z.infer<typeof ProgressSchema>;

/** A changed value as relayed to a page: what the page needs of a snapshot to tell whether it concerns it. */
const RelayedValueSchema = lazy(() => z.object({ department: z.string().nullable(), region: z.string().nullable() }));
export const RelayedChangesSchema = lazy(() =>
  z.record(z.string(), z.object({ oldValue: RelayedValueSchema.optional(), newValue: RelayedValueSchema.optional() })),
);
export type RelayedChanges = z.infer<typeof RelayedChangesSchema>;

export const MessageSchema = lazy(() =>
  z.discriminatedUnion('type', [
    /** Detector → background: this page has budget tables, inject the engine. */
    z.object({ type: z.literal('bl:load') }),
    /** Engine or viewer → background: the document's report (sent again when tables or notes change). */
    z.object({ type: z.literal('bl:report'), report: PageReportSchema }),
    /** Detector's button beside a PDF link → background: open this PDF in the viewer. */
    z.object({ type: z.literal('bl:open-pdf'), url: z.string().max(8000) }),
    /** Side panel → engine or viewer in the tab: scroll to these cells and open their marker or highlight them. */
    z.object({ type: z.literal('bl:reveal'), cells: z.array(CellSchema) }),
    /** Side panel → engine or viewer: scroll to this note's marker and open it. */
    z.object({ type: z.literal('bl:reveal-note'), id: z.string() }),
    /** Side panel → engine or viewer: scroll to the claim at this index of report.claims and open it. */
    z.object({ type: z.literal('bl:reveal-claim'), index: z.number().int().min(0) }),
    /** Anyone → engine: is the engine running here? */
    z.object({ type: z.literal('bl:ping') }),
    /** Engine → background: how far the audit of this tab's page is (for the side panel). */
    z.object({ type: z.literal('bl:progress'), progress: ProgressSchema }),
    /** Background → engines: keys of notes, snapshots and their settings changed in storage.local. */
    z.object({ type: z.literal('bl:storage-changed'), changes: RelayedChangesSchema }),
    /** Engine → background: inject the engine's fallback into this frame (its worker cannot run). */
    z.object({ type: z.literal('bl:fallback') }),
    /** Engine → background: keep this page's snapshot (JSON) and give the earlier years to compare it with. */
    z.object({
      type: z.literal('bl:keep-snapshot'),
      snapshot: z.string(),
      /** What became of it the last time (null: first time). */
      kept: SnapshotStatusSchema.nullable(),
      settingsChanged: z.boolean(),
    }),
  ]),
);
export type Message = z.infer<typeof MessageSchema>;

/** What a reveal answers: could it show it (false: page notes, orphans, words or cells not on this document)? */
const RevealedSchema = lazy(() => z.object({ revealed: z.boolean() }));
export type Revealed = z.infer<typeof RevealedSchema>;

/** The answer each message gets (none: the sender does not wait for one). */
export const AnswerSchemas = {
  'bl:reveal': RevealedSchema,
  'bl:reveal-note': RevealedSchema,
  'bl:reveal-claim': RevealedSchema,
  'bl:ping': lazy(() => z.object({ running: z.literal(true) })),
  'bl:fallback': lazy(() => z.object({ loaded: z.boolean() })),
  'bl:keep-snapshot': lazy(() =>
    z.object({
      status: SnapshotStatusSchema,
      threshold: z.object({ percent: z.string(), amount: z.string() }),
      /** JSON of the earlier years' snapshots, latest first ('[]': none). */
      earlier: z.string(),
    }),
  ),
} as const;
export type Answer<T extends keyof typeof AnswerSchemas> = z.infer<(typeof AnswerSchemas)[T]>;

export const reportKey = (tabId: number): string => `report:${tabId}`;
export const progressKey = (tabId: number): string => `progress:${tabId}`;

/**
 * The page overlay's host: a <budget-lens-overlay> element with an open shadow root holding the marks layer. The
 * marks' DOM contract (tests, scripts) is written down with the code that draws them: components/marks/layer.ts
 * (bars, markers, tooltips, highlights), claims.ts, notes-layer.ts and years-layer.ts.
 */
export { OVERLAY_TAG } from '../page/host';
