import { z } from 'zod';

/**
 * Messages between the extension's parts, validated with Zod at every receiving end.
 *
 * detector (content script) ──bl:load──► background ──scripting.executeScript('/engine.js')──► tab
 * engine (in the tab) ──bl:report──► background (badge, storage.session 'report:<tabId>') ◄── side panel reads
 * side panel ──bl:reveal──► engine (scrolls to and highlights the cells)
 * side panel ──bl:reveal-note──► engine (scrolls to a note's ✎ marker and opens it; answers { revealed: boolean },
 *   false for page notes and orphans, which have no marker in the page)
 * side panel ──bl:reveal-claim──► engine (scrolls to a claim of the text and opens its marker; answers { revealed:
 * boolean },
 *   false when the claim has no mark on the page)
 * Notes themselves never travel in messages: every part reads and writes them in browser.storage.local
 * (lib/notes/store.ts); the engine re-resolves them on storage changes and re-sends bl:report with `notes`.
 */

export const CellSchema = z.object({
  table: z.number().int().min(0),
  row: z.number().int().min(0),
  cell: z.number().int().min(0),
});
export type Cell = z.infer<typeof CellSchema>;

const Bilingual = z.object({ zh: z.string(), en: z.string() });

export const FindingSchema = z.object({
  check: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  table: z.number().int(),
  cells: z.array(CellSchema),
  stated: z.string().nullable(),
  expected: z.string().nullable(),
  derivation: z.string(),
  unit: z.string().nullable(),
  message: Bilingual,
  tags: z.array(z.string()).optional(),
  /** A root-cause finding: the failing relations one figure explains (lib/selfcheck). */
  relations: z
    .array(
      z.object({
        check: z.string(),
        table: z.number().int(),
        stated: z.string().optional(),
        expected: z.string().optional(),
        derivation: z.string(),
        message: Bilingual,
      }),
    )
    .optional(),
});
export type FindingData = z.infer<typeof FindingSchema>;

export const HeadlineSchema = z.object({
  key: z.string(),
  label: Bilingual,
  /** Printed value in the page's unit, e.g. "8,149.47". */
  value: z.string(),
  unit: z.string(),
  /** Share of its reference figure, e.g. "33.6%", when it has one. */
  share: z.string().nullable(),
  cell: CellSchema.nullable(),
});
export type Headline = z.infer<typeof HeadlineSchema>;

/** Where a stored note landed on this page (the note itself stays in storage: lib/notes/store.ts). */
export const NoteOnPageSchema = z.object({
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
  reason: Bilingual.nullable(),
});
export type NoteOnPage = z.infer<typeof NoteOnPageSchema>;

/**
 * One line of the year-on-year comparison (lib/snapshots/compare.ts LineChange, compacted): amounts in 元 as decimal
 * strings, `display` in the compared table's printed unit and precision, and the page cell of the current figure.
 */
export const YearLineSchema = z.object({
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
});
export type YearLine = z.infer<typeof YearLineSchema>;

export const YearMoveSchema = z.object({
  basis: z.enum(['name', 'amount']),
  from: z.object({ code: z.string().nullable(), names: z.array(z.string()), amount: z.string().nullable() }),
  to: z.object({ code: z.string().nullable(), names: z.array(z.string()), amount: z.string().nullable() }),
  change: z.string().nullable(),
  label: Bilingual,
  cell: CellSchema.nullable(),
});
export type YearMove = z.infer<typeof YearMoveSchema>;

/** A prior-year figure the page's text implies, beside the stored prior-year snapshot's figure for the same subject. */
export const YearImpliedSchema = z.object({
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
  label: Bilingual,
});
export type YearImplied = z.infer<typeof YearImpliedSchema>;

/**
 * The page compared with the latest stored snapshot of the same department from an earlier year
 * (components/overlay/years.ts makes it from lib/snapshots/compare.ts's YearComparison); null in the report when
 * no earlier year is stored.
 */
export const YearsSchema = z.object({
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
      label: Bilingual,
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
          label: Bilingual,
          total: z.boolean(),
          values: z.array(z.string().nullable()),
        }),
      ),
    })
    .nullable(),
  implied: z.array(YearImpliedSchema),
  notes: z.array(Bilingual),
});
export type YearsReport = z.infer<typeof YearsSchema>;

/** What became of this page's snapshot (lib/snapshots/store.ts): kept, not kept (turned off), or not saved (why). */
export const SnapshotStatusSchema = z.object({
  /** The settings say keep snapshots. */
  enabled: z.boolean(),
  saved: z.boolean(),
  id: z.string().nullable(),
  /** Why it was not saved (a full storage area is named as such); nothing stored was deleted. */
  error: Bilingual.nullable(),
});
export type SnapshotStatus = z.infer<typeof SnapshotStatusSchema>;

/**
 * A claim of the page's text and what checking it gave: the command line's JSON `claims` entry (lib/report/json.ts).
 */
export const ClaimSchema = z.object({
  text: z.string(),
  kind: z.enum(['amount', 'share', 'change', 'flat', 'composition']),
  // Read-only arrays, as lib/audit.ts's ClaimEntry has them: a report's claims can be given as they are.
  cells: z.array(CellSchema).readonly(),
  stated: z.string(),
  expected: z.string().nullable(),
  derivation: z.string(),
  status: z.enum(['passed', 'failed', 'warning', 'not-checked']),
  /** error / warning; info when passed only within rounding. */
  severity: z.enum(['error', 'warning', 'info']).nullable(),
  subject: z.string(),
  /**
   * TextBlock order and UTF-16 offsets of the claim's text (endBlock differs when a sentence was cut over two blocks).
   */
  block: z.number().int(),
  start: z.number().int(),
  endBlock: z.number().int(),
  end: z.number().int(),
  /** null in the JSON; absent where a report's ClaimEntry is given as it is. */
  unit: z.string().nullish(),
  message: Bilingual,
  tags: z.array(z.string()).readonly().optional(),
});
export type ClaimData = z.infer<typeof ClaimSchema>;

/** What the engine sends for a page: the command line's JSON report plus headline figures and the page's notes. */
export const PageReportSchema = z.object({
  url: z.string(),
  /** <link rel=canonical>, when the page has one. */
  canonicalUrl: z.string().nullable().default(null),
  title: z.string(),
  auditedAt: z.string(),
  document: z.object({
    title: z.string(),
    department: z.string().nullable(),
    year: z.number().nullable(),
    unit: z.string().nullable(),
    stage: z.string().nullable(),
  }),
  summary: z.object({
    tables: z.number(),
    budgetTables: z.number(),
    passed: z.number(),
    errors: z.number(),
    warnings: z.number(),
    rounding: z.number(),
    notCheckedCells: z.number(),
    notUnderstood: z.number().default(0),
  }),
  tables: z.array(
    z.object({
      index: z.number(),
      title: z.string(),
      kind: z.string(),
      unit: z.string(),
      status: z.string(),
      passed: z.number(),
      failed: z.number(),
      rounding: z.number(),
      notCheckedCells: z.number(),
      /** Why a table is empty, skipped or not understood, in Chinese and (when given) English. */
      note: z.string().optional(),
      noteEn: z.string().optional(),
    }),
  ),
  findings: z.array(FindingSchema),
  /** Every claim of the page's text, in text order (absent in a report from before claims). */
  claims: z.array(ClaimSchema).default([]),
  headlines: z.array(HeadlineSchema),
  notes: z.array(NoteOnPageSchema).default([]),
  /**
   * Comparison with the latest stored earlier year of the same department; null (or absent: a report from before
   * snapshots, or one built without them) when there is none.
   */
  years: YearsSchema.nullable().optional(),
  /** This page's snapshot; null or absent when the engine did not get as far. */
  snapshot: SnapshotStatusSchema.nullable().optional(),
});
export type PageReport = z.infer<typeof PageReportSchema>;

export const MessageSchema = z.discriminatedUnion('type', [
  /** Detector → background: this page has budget tables, inject the engine. */
  z.object({ type: z.literal('bl:load') }),
  /** Engine → background: the page's report (sent again when tables arrive later). */
  z.object({ type: z.literal('bl:report'), report: PageReportSchema }),
  /** Side panel → engine in the tab: scroll to these cells and highlight them. */
  z.object({ type: z.literal('bl:reveal'), cells: z.array(CellSchema) }),
  /** Side panel → engine in the tab: scroll to this note's marker and open it. Answers { revealed: boolean }. */
  z.object({ type: z.literal('bl:reveal-note'), id: z.string() }),
  /**
   * Side panel → engine: scroll to the claim at this index of report.claims and open it. Answers { revealed: boolean }.
   */
  z.object({ type: z.literal('bl:reveal-claim'), index: z.number().int().min(0) }),
  /** Anyone → engine: is the engine running here? Answers { running: true }. */
  z.object({ type: z.literal('bl:ping') }),
]);
export type Message = z.infer<typeof MessageSchema>;

export const reportKey = (tabId: number): string => `report:${tabId}`;

/** The overlay's DOM contract, read by tests and scripts: a <budget-lens-overlay> host with an open shadow root. */
export const OVERLAY_TAG = 'budget-lens-overlay';
/**
 * Every marker element carries data-severity="error|warning|info" and data-cell="TABLE:ROW:CELL".
 * Notes (components/overlay/notes-ui.ts): button.bl-note[data-note=<first id>][data-cell=<resolved DOM address>]
 * [data-count] on a cell; .bl-bar .bl-note[data-table] for table notes; .bl-note-popover lists a marker's notes
 * (.bl-note-item[data-note], button.bl-note-edit / bl-note-delete → bl-note-delete-confirm); each bar's
 * button.bl-note-mode[data-table][aria-pressed]; a finding tooltip's button.bl-add-note; the editor
 * form.bl-note-editor[role=dialog] with select[name=scope], textarea[name=text], input[name=tag] boxes,
 * input[name=newtag], select[name=status], button.bl-note-save, button.bl-note-cancel, .bl-note-error[role=alert].
 * Prior years (components/overlay/years.ts): .bl-prior[data-cell][data-change="+|-|0"][data-kind="prior|new|moved"]
 * [data-swing] by each compared amount cell; the compared table's bar has button.bl-prior-toggle[aria-pressed].
 * Claims of the text (components/overlay/claims.ts): .bl-claim-range[data-claim][data-status] boxes over the claim's
 * words and button.bl-claim[data-claim=<index in
 * report.claims>][data-status="passed|failed|warning|not-checked|rounding"] at their end; its tooltip
 * .bl-claim-tip[role=dialog][data-claim]; .bl-claims-control with button.bl-claims-toggle[aria-pressed].
 */
export const cellAttr = (c: Cell): string => `${c.table}:${c.row}:${c.cell}`;
