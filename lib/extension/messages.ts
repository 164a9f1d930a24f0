import { z } from 'zod';

/**
 * Messages between the extension's parts, validated with Zod at every receiving end.
 *
 * detector (content script) ──bl:load──► background ──scripting.executeScript('/engine.js')──► tab
 * engine (in the tab) ──bl:report──► background (badge, storage.session 'report:<tabId>') ◄── side panel reads
 * side panel ──bl:reveal──► engine (scrolls to and highlights the cells)
 * side panel ──bl:reveal-note──► engine (scrolls to a note's ✎ marker and opens it; answers { revealed: boolean },
 *   false for page notes and orphans, which have no marker in the page)
 * Notes themselves never travel in messages: every part reads and writes them in browser.storage.local
 * (lib/notes/store.ts); the engine re-resolves them on storage changes and re-sends bl:report with `notes`.
 */

export const CellSchema = z.object({ table: z.number().int().min(0), row: z.number().int().min(0), cell: z.number().int().min(0) });
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

/** What the engine sends for a page: the command line's JSON report plus headline figures and the page's notes. */
export const PageReportSchema = z.object({
  url: z.string(),
  /** <link rel=canonical>, when the page has one. */
  canonicalUrl: z.string().nullable().default(null),
  title: z.string(),
  auditedAt: z.string(),
  document: z.object({ title: z.string(), department: z.string().nullable(), year: z.number().nullable(), unit: z.string().nullable(), stage: z.string().nullable() }),
  summary: z.object({ tables: z.number(), budgetTables: z.number(), passed: z.number(), errors: z.number(), warnings: z.number(), rounding: z.number(), notCheckedCells: z.number() }),
  tables: z.array(z.object({ index: z.number(), title: z.string(), kind: z.string(), unit: z.string(), status: z.string(), passed: z.number(), failed: z.number(), rounding: z.number(), notCheckedCells: z.number() })),
  findings: z.array(FindingSchema),
  headlines: z.array(HeadlineSchema),
  notes: z.array(NoteOnPageSchema).default([]),
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
 */
export const cellAttr = (c: Cell): string => `${c.table}:${c.row}:${c.cell}`;
