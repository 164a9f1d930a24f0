import { z } from 'zod';
import { lazy } from '../lazy';
import type { Basis, ClaimKind, ClaimStatus } from '../claims/types';
import type { UnitName, UnitSource } from '../money/units';

/**
 * THE REPORT CONTRACT: the shape of an audit's report wherever it leaves the engine — the command line's --json, the
 * JSON files of a batch, what the engine in a page and the PDF viewer send the background (lib/extension/messages.ts
 * extends it into the PageReport), what the side panel reads back from storage and what the marks layer
 * (components/marks/) draws. Declared once, here, as Zod schemas; every type of it is `z.infer` of its schema.
 * lib/report/json.ts is the one writer (AuditReport → Report); the receiving ends validate with these schemas.
 *
 * The engine's own vocabularies (units, claim kinds and statuses) are declared in lib/money and lib/claims; the
 * enums below repeat them and `Same<>` checks at compile time that the two never drift apart.
 */

/** Compile-time proof that two union types hold the same members (a type error names the one that drifted). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const same = <A, B>(proof: Same<A, B>): Same<A, B> => proof;

/** Text the engine writes in both languages; the UI shows the one of its language (utils/i18n.ts `pick`). */
export const BilingualSchema = lazy(() => z.object({ zh: z.string(), en: z.string() }));
export type Bilingual = z.infer<typeof BilingualSchema>;

export const SeveritySchema = lazy(() => z.enum(['error', 'warning', 'info']));
/** error: a relation fails beyond rounding; warning: probably a misreading or a doubt; info: within rounding. */
export type Severity = z.infer<typeof SeveritySchema>;

const UnitNameSchema = lazy(() => z.enum(['元', '千元', '万元', '百万元', '亿元']));
same<z.infer<typeof UnitNameSchema>, UnitName>(true);
const UnitSourceSchema = lazy(() =>
  z.enum(['table-caption', 'table-header', 'table-cell', 'column-header', 'document', 'default']),
);
same<z.infer<typeof UnitSourceSchema>, UnitSource>(true);

/** A cell: the table's index among all the page's <table> elements (a PDF: the rebuilt table), its row, its cell. */
export const CellSchema = lazy(() =>
  z.object({
    table: z.number().int().min(0),
    row: z.number().int().min(0),
    cell: z.number().int().min(0),
  }),
);
export type Cell = z.infer<typeof CellSchema>;

/** One failing relation behind a root-cause finding (lib/selfcheck), with its own recomputation. */
const RelationSchema = lazy(() =>
  z.object({
    check: z.string(),
    table: z.number().int(),
    stated: z.string().optional(),
    expected: z.string().optional(),
    derivation: z.string(),
    message: BilingualSchema,
  }),
);
export type Relation = z.infer<typeof RelationSchema>;

export const FindingSchema = lazy(() =>
  z.object({
    /** The check's id, e.g. 'row-totals'. */
    check: z.string(),
    severity: SeveritySchema,
    /** The table the stated value is in (its first table index). */
    table: z.number().int(),
    /** Every cell involved, the stated cell first; none for a finding about the document or a sentence alone. */
    cells: z.array(CellSchema),
    stated: z.string().nullable(),
    expected: z.string().nullable(),
    /** "1,788.08 + 1,697.67 = 3,485.75" */
    derivation: z.string(),
    unit: z.string().nullable(),
    message: BilingualSchema,
    /** 'unit-slip' when the difference is a factor of 10,000. */
    tags: z.array(z.string()).optional(),
    /** A root-cause finding: the failing relations one figure explains. */
    relations: z.array(RelationSchema).optional(),
  }),
);
export type FindingData = z.infer<typeof FindingSchema>;

/** not-understood: the self-check found the table's failures systematic (a misreading), so nothing in it is checked. */
export const TableStatusSchema = lazy(() =>
  z.enum(['checked', 'partly-checked', 'not-checked', 'not-understood', 'empty', 'not-budget']),
);
export type TableStatus = z.infer<typeof TableStatusSchema>;

export const TableSchema = lazy(() =>
  z.object({
    /** The first table index it was read from. */
    index: z.number().int().min(0),
    /** The further tables it was read from (a table continued after a page break); absent when none. */
    continuedIn: z.array(z.number().int().min(0)).optional(),
    title: z.string(),
    kind: z.string(),
    unit: UnitNameSchema,
    unitSource: UnitSourceSchema,
    /** Data rows read. */
    rows: z.number().int(),
    columns: z.number().int(),
    /** At least one relation of the table was proved or disproved. */
    checked: z.boolean(),
    status: TableStatusSchema,
    passed: z.number().int(),
    failed: z.number().int(),
    rounding: z.number().int(),
    /** Amount cells no relation covered. */
    notCheckedCells: z.number().int(),
    /** Why the table is empty, not a budget table, or not understood: Chinese, and English when given. */
    note: z.string().optional(),
    noteEn: z.string().optional(),
  }),
);
export type TableData = z.infer<typeof TableSchema>;

/** Every table index a table was read from: its own and those it continued into. */
export const tableIndexes = (t: Pick<TableData, 'index' | 'continuedIn'>): number[] => [
  t.index,
  ...(t.continuedIn ?? []),
];

const NotCheckedSchema = lazy(() =>
  z.object({
    table: z.number().int(),
    cells: z.array(CellSchema),
    reason: BilingualSchema,
  }),
);
export type NotCheckedData = z.infer<typeof NotCheckedSchema>;

const ClaimKindSchema = lazy(() => z.enum(['amount', 'share', 'change', 'flat', 'composition']));
same<z.infer<typeof ClaimKindSchema>, ClaimKind>(true);
const ClaimStatusSchema = lazy(() => z.enum(['passed', 'failed', 'warning', 'not-checked']));
same<z.infer<typeof ClaimStatusSchema>, ClaimStatus>(true);

/** Where a claim's words are: TextBlock order and UTF-16 offsets (endBlock differs when a sentence was cut in two). */
export const SpanSchema = lazy(() =>
  z.object({
    block: z.number().int(),
    start: z.number().int(),
    endBlock: z.number().int(),
    end: z.number().int(),
  }),
);
export type TextSpan = z.infer<typeof SpanSchema>;

/** A claim of the text (lib/claims/) and what checking it gave. */
export const ClaimSchema = lazy(() =>
  SpanSchema.extend({
    /** The claim's text as printed. */
    text: z.string(),
    kind: ClaimKindSchema,
    subject: z.string(),
    /** Table cells of the figures used. */
    cells: z.array(CellSchema),
    stated: z.string(),
    expected: z.string().nullable(),
    derivation: z.string(),
    status: ClaimStatusSchema,
    /** error / warning; info when passed only within rounding; null when passed exactly or not checked. */
    severity: SeveritySchema.nullable(),
    unit: UnitNameSchema.nullable(),
    message: BilingualSchema,
    tags: z.array(z.string()).optional(),
  }),
);
export type ClaimData = z.infer<typeof ClaimSchema>;

const BasisSchema = lazy(() => z.enum(['上年执行数', '上年预算数', '上年决算数', '上年']));
same<z.infer<typeof BasisSchema>, Basis>(true);

/** A prior-year figure the text implies (current − change; 持平: the current figure), for prior-year snapshots. */
const ImpliedPriorSchema = lazy(() =>
  SpanSchema.extend({
    subject: z.string(),
    basis: BasisSchema,
    sameScope: z.boolean(),
    /** Printed like the current figure, e.g. "7,812.20". */
    value: z.string(),
    unit: UnitNameSchema,
    /** From a percentage only, or 基本持平: not exact. */
    approximate: z.boolean(),
    derivation: z.string(),
  }),
);
export type ImpliedPriorData = z.infer<typeof ImpliedPriorSchema>;

export const DocumentSchema = lazy(() =>
  z.object({
    title: z.string(),
    department: z.string().nullable(),
    year: z.number().int().nullable(),
    unit: UnitNameSchema.nullable(),
    stage: z.string().nullable(),
  }),
);
export type DocumentData = z.infer<typeof DocumentSchema>;

export const SummarySchema = lazy(() =>
  z.object({
    /** Every table read (a page's <table> elements, hidden ones included; a PDF's rebuilt tables). */
    tables: z.number().int(),
    budgetTables: z.number().int(),
    passed: z.number().int(),
    errors: z.number().int(),
    warnings: z.number().int(),
    rounding: z.number().int(),
    notCheckedCells: z.number().int(),
    /** Tables whose structure was not reliably understood (not checked, no errors reported in them). */
    notUnderstood: z.number().int(),
  }),
);
export type SummaryData = z.infer<typeof SummarySchema>;

const CheckTallySchema = lazy(() =>
  z.object({
    passed: z.number().int(),
    failed: z.number().int(),
    rounding: z.number().int(),
  }),
);

/** The report: the command line's --json (README "JSON report"), and the core of every report the extension sends. */
export const ReportSchema = lazy(() =>
  z.object({
    /** The file, URL or address audited. */
    source: z.string(),
    document: DocumentSchema,
    summary: SummarySchema,
    /** Per registered check: relations proved, failed and within rounding. */
    checks: z.record(z.string(), CheckTallySchema),
    tables: z.array(TableSchema),
    findings: z.array(FindingSchema),
    notChecked: z.array(NotCheckedSchema),
    claims: z.array(ClaimSchema),
    impliedPrior: z.array(ImpliedPriorSchema),
  }),
);
export type Report = z.infer<typeof ReportSchema>;

/**
 * Checks a report at a boundary (the command line's output, a message, a stored value): the report itself, or an
 * Error naming the first field that does not fit the contract.
 */
export function validReport(value: unknown): Report {
  const parsed = ReportSchema.safeParse(value);
  if (parsed.success) return value as Report;
  const first = parsed.error.issues[0];
  throw new Error(`the report does not fit its contract at ${first?.path.join('.') || '(root)'}: ${first?.message}`);
}
