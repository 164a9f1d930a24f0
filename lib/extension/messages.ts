import { z } from 'zod';

/**
 * Messages between the extension's parts, validated with Zod at every receiving end.
 *
 * detector (content script) ──bl:load──► background ──scripting.executeScript('/engine.js')──► tab
 * engine (in the tab) ──bl:report──► background (badge, storage.session 'report:<tabId>') ◄── side panel reads
 * side panel ──bl:reveal──► engine (scrolls to and highlights the cells)
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

/** What the engine sends for a page: the command line's JSON report plus headline figures. */
export const PageReportSchema = z.object({
  url: z.string(),
  title: z.string(),
  auditedAt: z.string(),
  document: z.object({ title: z.string(), department: z.string().nullable(), year: z.number().nullable(), unit: z.string().nullable(), stage: z.string().nullable() }),
  summary: z.object({ tables: z.number(), budgetTables: z.number(), passed: z.number(), errors: z.number(), warnings: z.number(), rounding: z.number(), notCheckedCells: z.number() }),
  tables: z.array(z.object({ index: z.number(), title: z.string(), kind: z.string(), unit: z.string(), status: z.string(), passed: z.number(), failed: z.number(), rounding: z.number(), notCheckedCells: z.number() })),
  findings: z.array(FindingSchema),
  headlines: z.array(HeadlineSchema),
});
export type PageReport = z.infer<typeof PageReportSchema>;

export const MessageSchema = z.discriminatedUnion('type', [
  /** Detector → background: this page has budget tables, inject the engine. */
  z.object({ type: z.literal('bl:load') }),
  /** Engine → background: the page's report (sent again when tables arrive later). */
  z.object({ type: z.literal('bl:report'), report: PageReportSchema }),
  /** Side panel → engine in the tab: scroll to these cells and highlight them. */
  z.object({ type: z.literal('bl:reveal'), cells: z.array(CellSchema) }),
  /** Anyone → engine: is the engine running here? Answers { running: true }. */
  z.object({ type: z.literal('bl:ping') }),
]);
export type Message = z.infer<typeof MessageSchema>;

export const reportKey = (tabId: number): string => `report:${tabId}`;

/** The overlay's DOM contract, read by tests and scripts: a <budget-lens-overlay> host with an open shadow root. */
export const OVERLAY_TAG = 'budget-lens-overlay';
/** Every marker element carries data-severity="error|warning|info" and data-cell="TABLE:ROW:CELL". */
export const cellAttr = (c: Cell): string => `${c.table}:${c.row}:${c.cell}`;
