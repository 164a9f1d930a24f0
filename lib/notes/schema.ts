import { z } from 'zod';
import { lazy } from '../lazy';

/**
 * The stored shape of a note, one schema per version. A note is anchored to what its figure means (document,
 * table, row code and name path, column header path, a quote of the value with its neighbours), never to a DOM
 * position alone: `hint` keeps the last DOM address only to break ties.
 *
 * Version history (each change has a migration in migrations.ts and a fixture in tests/fixtures/notes/):
 * - 1: the first notes format: text, tags, anchor; no status, no finding, no document stage.
 * - 2: adds `status`, the `finding` a note was written from, `anchor.document.stage`, `anchor.table.ordinal`.
 */

export const NOTE_SCHEMA_VERSION = 2;

/** Tags offered by default; users may add their own. */
export const DEFAULT_TAGS = ['疑点', '待核实', '已核实', '已追问'] as const;

export const NOTE_STATUSES = ['open', 'in-progress', 'resolved'] as const;
export type NoteStatus = (typeof NOTE_STATUSES)[number];

export const NOTE_SCOPES = ['page', 'table', 'row', 'cell'] as const;
export type NoteScope = (typeof NOTE_SCOPES)[number];

const Text = (max: number) => z.string().max(max);
const Iso = lazy(() => z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date'));
const Id = lazy(() => z.string().regex(/^[A-Za-z0-9_-]{6,64}$/u, 'not a note id'));
const Tag = lazy(() => z.string().trim().min(1).max(40));
const Address = lazy(() =>
  z.object({
    table: z.number().int().min(0),
    row: z.number().int().min(0),
    cell: z.number().int().min(0),
  }),
);

const PageV1 = lazy(() =>
  z.object({
    /**
     * Canonical URL: <link rel=canonical> when the page has one, else the address without hash and tracking parameters.
     */
    url: Text(4000),
    title: Text(1000),
    /** Host name, for filters. */
    site: Text(300),
  }),
);

const DocumentV1 = lazy(() =>
  z.object({
    department: Text(300).nullable(),
    year: z.number().int().min(1949).max(2200).nullable(),
    title: Text(1000),
  }),
);
const DocumentV2 = lazy(() => DocumentV1.extend({ stage: z.enum(['预算', '决算']).nullable() }));

const TableV1 = lazy(() => z.object({ kind: Text(60), title: Text(1000), unit: Text(20) }));
/** `ordinal`: the table's place among the document's budget tables of the same kind (0 = first). */
const TableV2 = lazy(() => TableV1.extend({ ordinal: z.number().int().min(0) }));

const Row = lazy(() =>
  z.object({
    /** Subject or unit code as the engine read it (whole code even when the page split it over 类|款|项 columns). */
    code: Text(40).nullable(),
    /** Labels from the top-level ancestor down to the row itself, e.g. ['一般公共服务支出', '信访事务', '行政运行']. */
    names: z.array(Text(300)).max(12),
    /** Side of a two-sided table (0 = 收入, 1 = 支出). */
    side: z.number().int().min(0).max(8),
  }),
);

const Column = lazy(() =>
  z.object({
    /** Header labels from the top header row down, e.g. ['基本支出', '人员经费']. */
    path: z.array(Text(300)).max(8),
  }),
);

/** A quote of the cell's text with its neighbours in the row (W3C Web Annotation TextQuoteSelector style). */
const Quote = lazy(() => z.object({ exact: Text(300), prefix: Text(300), suffix: Text(300) }));

const AnchorV1 = lazy(() =>
  z.object({
    scope: z.enum(NOTE_SCOPES),
    page: PageV1,
    document: DocumentV1,
    table: TableV1.nullable(),
    row: Row.nullable(),
    column: Column.nullable(),
    quote: Quote.nullable(),
  }),
);
const AnchorV2 = lazy(() => AnchorV1.extend({ document: DocumentV2, table: TableV2.nullable() }));

const Bilingual = lazy(() => z.object({ zh: Text(2000), en: Text(2000) }));
/** The finding a note was written from, copied so exports keep it when the page changes. */
const FindingRef = lazy(() =>
  z.object({
    check: Text(60),
    severity: z.enum(['error', 'warning', 'info']),
    message: Bilingual,
    stated: Text(100).nullable(),
    expected: Text(100).nullable(),
    derivation: Text(4000),
    unit: Text(20).nullable(),
  }),
);

export const NoteV1Schema = lazy(() =>
  z.object({
    v: z.literal(1),
    id: Id,
    createdAt: Iso,
    updatedAt: Iso,
    text: Text(20000),
    tags: z.array(Tag).max(30),
    anchor: AnchorV1,
    hint: Address.nullable(),
  }),
);

export const NoteV2Schema = lazy(() =>
  z.object({
    v: z.literal(2),
    id: Id,
    createdAt: Iso,
    updatedAt: Iso,
    text: Text(20000),
    tags: z.array(Tag).max(30),
    status: z.enum(NOTE_STATUSES),
    anchor: AnchorV2,
    finding: FindingRef.nullable(),
    hint: Address.nullable(),
  }),
);

export type NoteV1 = z.infer<typeof NoteV1Schema>;
export type Note = z.infer<typeof NoteV2Schema>;
export const NoteSchema = NoteV2Schema;
export type Anchor = Note['anchor'];
export type NoteFinding = NonNullable<Note['finding']>;
export type NoteAddress = z.infer<typeof Address>;

/** Every version's schema, by version number; migrations.ts turns each into the next. */
export const NOTE_SCHEMAS = { 1: NoteV1Schema, 2: NoteV2Schema } as const;

/** The export file (docs: README "Notes export format"). */
export const EXPORT_FORMAT = 'budget-lens-notes';
export const ExportHeaderSchema = lazy(() =>
  z.object({
    format: z.literal(EXPORT_FORMAT),
    /** Note schema version of the notes in the file. */
    schema: z.number().int().min(1),
    /** Extension version that wrote the file. */
    extension: z.string().max(40),
    exportedAt: Iso,
    notes: z.array(z.unknown()),
  }),
);
