import { z } from 'zod';
import { lazy } from '../lazy';
import { SNAPSHOT_SETTINGS_KEY } from './keys';

/**
 * The stored shape of a snapshot: a compact copy of an audited budget page (its department, year, stage and the
 * amounts of every budget table), kept so that a later year's page can be compared with it. One schema per version.
 *
 * Amounts are decimal strings in 元 ("17970200" for 1,797.02 万元), never JS numbers: every table's printed unit is
 * converted when the snapshot is made (lib/money/units.ts), and the printed unit and scale are kept so a figure can
 * be shown again as the page printed it.
 *
 * Compactness: a line keeps its own name and the index of its parent line (the names path is rebuilt by
 * `linePath`), its values as an array aligned with the table's amount columns (trailing blanks dropped), one-letter
 * keys, and the fields that have their usual value (no code, no parent, side 0, kind 'item') are left out.
 *
 * Version history (each change gets a migration in SNAPSHOT_MIGRATIONS below and a fixture in
 * tests/fixtures/snapshots/):
 * - 1: the first snapshot format.
 */

export const SNAPSHOT_SCHEMA_VERSION = 1;

const Text = (max: number) => z.string().max(max);
const Iso = lazy(() => z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date'));
/** An exact decimal in 元 as a string: "17970200", "-12.5", "0". No exponent, no separators. */
const DecimalString = lazy(() => z.string().regex(/^-?\d{1,20}(?:\.\d{1,10})?$/u, 'not a decimal string'));
const SnapshotId = lazy(() => z.string().regex(/^s-[0-9a-z]{6,40}$/u, 'not a snapshot id'));
const Stage = lazy(() => z.enum(['预算', '决算']));
const UnitName = lazy(() => z.enum(['元', '千元', '万元', '百万元', '亿元']));
const RowKind = lazy(() => z.enum(['grand-total', 'total', 'subject', 'unit', 'item', 'heading']));

const ColumnV1 = lazy(() =>
  z.object({
    /** Header labels from the top header row down, as printed: ['基本支出', '人员经费']. */
    path: z.array(Text(300)).max(8),
    /** Side of a two-sided table (0 = 收入, 1 = 支出). */
    side: z.number().int().min(0).max(8).optional(),
    /** The column's own printed unit when its header gives one that differs from the table's. */
    unit: UnitName.optional(),
  }),
);

/**
 * A line of a table. Keys are one letter because a page stores hundreds of lines (about a fifth of the snapshot's
 * size is keys otherwise): c = code, n = name, p = parent, s = side, k = kind, v = values.
 */
const LineV1 = lazy(() =>
  z.object({
    /** Code: subject or unit code as the engine read it; absent when the page prints none. */
    c: Text(40).optional(),
    /** Name: the line's label as printed. */
    n: Text(300),
    /** Parent: index of the parent line in `lines`; absent for a top-level line. */
    p: z.number().int().min(0).optional(),
    /** Side of a two-sided table (0 = 收入, 1 = 支出); absent for 0. */
    s: z.number().int().min(0).max(8).optional(),
    /** Kind: the engine's row kind; absent for 'item'. */
    k: RowKind.optional(),
    /**
     * Values: amount in 元 per amount column (same order as `columns`); null for a blank cell; trailing blanks dropped.
     */
    v: z.array(DecimalString.nullable()).max(60),
  }),
);

const TableV1 = lazy(() =>
  z.object({
    kind: Text(60),
    title: Text(1000),
    /** The unit the page printed the table in (amounts here are all in 元). */
    unit: UnitName,
    /** Decimals the page printed most often in this table, to show figures as printed. */
    scale: z.number().int().min(0).max(10),
    classification: z.enum(['function', 'economic', 'unit', 'none']),
    /** The page says the table has no data. */
    empty: z.boolean().optional(),
    /** Amount columns only (share and text columns are not kept). */
    columns: z.array(ColumnV1).max(60),
    lines: z.array(LineV1).max(2000),
  }),
);

/** A prior-year figure the narrative implies ("预算为 1,797.02 万元，比上年执行数增加 65.85 万元" → 1,731.17 万元). */
export const ImpliedPriorV1 = lazy(() =>
  z.object({
    /** The subject as the narrative names it, e.g. "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）". */
    subject: Text(1000),
    code: Text(40).nullable(),
    /** The implied prior-year figure in 元. */
    amount: DecimalString,
    /** What the narrative compares with: last year's 执行数 (outturn) or 预算数 (budget). */
    basis: z.enum(['执行数', '预算数']),
    /** The sentence it was read from. */
    text: Text(2000),
  }),
);

export const SnapshotV1Schema = lazy(() =>
  z.object({
    v: z.literal(1),
    /** Stable: a hash of normalized department, region, year and stage, so a revisit replaces the earlier snapshot. */
    id: SnapshotId,
    /** The department as printed, and its normalized key (lib/identity/department.ts). */
    department: Text(300).nullable(),
    departmentKey: Text(300).nullable(),
    region: Text(60).nullable(),
    year: z.number().int().min(1949).max(2200).nullable(),
    stage: Stage.nullable(),
    url: Text(4000),
    title: Text(1000),
    savedAt: Iso,
    /** Every amount in the snapshot is in this unit. */
    unit: z.literal('元'),
    tables: z.array(TableV1).max(200),
    implied: z.array(ImpliedPriorV1).max(500),
  }),
);

export type SnapshotV1 = z.infer<typeof SnapshotV1Schema>;
export type Snapshot = SnapshotV1;
export type SnapshotTable = Snapshot['tables'][number];
export type SnapshotLine = SnapshotTable['lines'][number];
export type SnapshotColumn = SnapshotTable['columns'][number];
export type ImpliedPrior = z.infer<typeof ImpliedPriorV1>;
export const SnapshotSchema = SnapshotV1Schema;

/** Every version's schema, by version number. */
export const SNAPSHOT_SCHEMAS = { 1: SnapshotV1Schema } as const;

/** Migration from version N (key) to N + 1, given a value valid under SNAPSHOT_SCHEMAS[N]. None yet: 1 is the first. */
export const SNAPSHOT_MIGRATIONS: Readonly<Record<number, (previous: unknown) => unknown>> = {};

export type ReadResult =
  | { readonly ok: true; readonly snapshot: Snapshot; readonly migratedFrom?: number }
  | { readonly ok: false; readonly error: string; readonly version?: number };

export interface VersionedFormat<T> {
  readonly current: number;
  readonly schemas: Readonly<Record<number, z.ZodType>>;
  readonly migrations: Readonly<Record<number, (previous: unknown) => unknown>>;
  /** The schema of the current version (typed). */
  readonly schema: z.ZodType<T>;
}

const issues = (e: z.ZodError): string =>
  e.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');

/**
 * Reads a stored value of any known version of a versioned format as the current version: validates it with its
 * own version's schema, applies each migration in turn, validates the result with the current schema.
 * A value without a known `v`, newer than this code, or invalid at any step is an error (never guessed at).
 */
export function readVersioned<T>(
  raw: unknown,
  format: VersionedFormat<T>,
): { ok: true; value: T; migratedFrom?: number } | { ok: false; error: string; version?: number } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'not an object' };
  const v = (raw as { v?: unknown }).v;
  if (typeof v !== 'number' || !Number.isInteger(v)) return { ok: false, error: 'no version field v' };
  if (v > format.current)
    return { ok: false, error: `version ${v} is newer than this extension reads (${format.current})`, version: v };
  const first = format.schemas[v];
  if (!first) return { ok: false, error: `unknown version ${v}`, version: v };
  const parsed = first.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `invalid v${v}: ${issues(parsed.error)}`, version: v };
  let value: unknown = parsed.data;
  for (let n = v; n < format.current; n++) {
    const step = format.migrations[n];
    const next = format.schemas[n + 1];
    if (!step || !next) return { ok: false, error: `no migration from version ${n}`, version: v };
    const migrated = next.safeParse(step(value));
    if (!migrated.success)
      return {
        ok: false,
        error: `migration ${n}→${n + 1} gave an invalid value: ${issues(migrated.error)}`,
        version: v,
      };
    value = migrated.data;
  }
  const final = format.schema.safeParse(value);
  if (!final.success) return { ok: false, error: `invalid: ${issues(final.error)}`, version: v };
  return v === format.current ? { ok: true, value: final.data } : { ok: true, value: final.data, migratedFrom: v };
}

export const SNAPSHOT_FORMAT: VersionedFormat<Snapshot> = {
  current: SNAPSHOT_SCHEMA_VERSION,
  schemas: SNAPSHOT_SCHEMAS,
  migrations: SNAPSHOT_MIGRATIONS,
  schema: SnapshotSchema,
};

/** Reads a stored snapshot of any known version as the current one. */
export function readSnapshot(raw: unknown, format: VersionedFormat<Snapshot> = SNAPSHOT_FORMAT): ReadResult {
  const r = readVersioned(raw, format);
  if (!r.ok)
    return r.version === undefined ? { ok: false, error: r.error } : { ok: false, error: r.error, version: r.version };
  return r.migratedFrom === undefined
    ? { ok: true, snapshot: r.value }
    : { ok: true, snapshot: r.value, migratedFrom: r.migratedFrom };
}

/** The labels from the top-level ancestor down to the line itself. */
export function linePath(table: Pick<SnapshotTable, 'lines'>, index: number): string[] {
  const out: string[] = [];
  const seen = new Set<number>();
  for (let i = index; i >= 0 && i < table.lines.length && !seen.has(i); i = table.lines[i]!.p ?? -1) {
    seen.add(i);
    out.unshift(table.lines[i]!.n);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Settings

export { SNAPSHOT_SETTINGS_KEY };

export const ThresholdSchema = lazy(() =>
  z.object({
    /** A swing is reported when its |% change| is at least this (or the prior year was zero)… */
    percent: DecimalString,
    /** …and its |change| in 元 is at least this. */
    amount: DecimalString,
  }),
);
export type Threshold = z.infer<typeof ThresholdSchema>;

export const DEFAULT_THRESHOLD: Threshold = { percent: '10', amount: '100000' };

export const SnapshotSettingsV1Schema = lazy(() =>
  z.object({
    v: z.literal(1),
    /** Keep a snapshot of every audited budget page (on by default). */
    enabled: z.boolean().default(true),
    threshold: ThresholdSchema.default(DEFAULT_THRESHOLD),
  }),
);
export type SnapshotSettings = z.infer<typeof SnapshotSettingsV1Schema>;
export const DEFAULT_SNAPSHOT_SETTINGS: SnapshotSettings = { v: 1, enabled: true, threshold: DEFAULT_THRESHOLD };
export const SNAPSHOT_SETTINGS_FORMAT: VersionedFormat<SnapshotSettings> = {
  current: 1,
  schemas: { 1: SnapshotSettingsV1Schema },
  migrations: {},
  schema: SnapshotSettingsV1Schema,
};
