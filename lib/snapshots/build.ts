import { normalizeDepartment, regionKey, regionOf } from '../identity/department';
import type { BudgetDocument, BudgetTable, CellAddress, TableKind } from '../model';
import type Decimal from 'decimal.js';
import { parseNumberToken } from '../money/amount';
import { toYuan, type UnitName } from '../money/units';
import {
  ImpliedPriorV1,
  SNAPSHOT_SCHEMA_VERSION,
  SnapshotSchema,
  type ImpliedPrior,
  type Snapshot,
  type SnapshotColumn,
  type SnapshotLine,
  type SnapshotTable,
} from './schema';

/**
 * Makes the compact snapshot of an audited page (schema.ts): every budget table's amounts in 元, as decimal strings,
 * with the page's department, region, year and stage; plus the prior-year figures the narrative implies (given by
 * the caller: lib/claims reads them). Pure: runs in the page, the side panel and Node.
 */

/** Table kinds that are not budget tables. */
const NOT_BUDGET: ReadonlySet<TableKind> = new Set<TableKind>(['layout', 'unknown']);

/** A decimal as a plain string ("17970200", "0.5", "-12"): no exponent, never "-0". */
function decimalString(d: Decimal): string {
  return d.isZero() ? '0' : d.toFixed();
}

/**
 * A short stable hash (two 32-bit FNV-1a lanes, base 36). Not cryptographic: it only has to give the same id to
 * the same department, region, year and stage.
 */
function stableHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const part = (x: number): string => (x >>> 0).toString(36).padStart(7, '0');
  return part(a) + part(b);
}

export interface SnapshotIdentity {
  readonly department: string | null;
  readonly departmentKey: string | null;
  readonly region: string | null;
  readonly year: number | null;
  readonly stage: '预算' | '决算' | null;
  readonly url: string;
}

/**
 * The id of a snapshot: a hash of the normalized department (region left out), the region's key, the year and the
 * stage. "中共湖州市委湖州市人民政府信访局" and "市委市政府信访局" on a 湖州 page get the same id. A page whose
 * department is unknown is keyed by its URL instead.
 */
export function snapshotId(s: Pick<SnapshotIdentity, 'departmentKey' | 'region' | 'year' | 'stage' | 'url'>): string {
  const who = s.departmentKey ? `d:${s.departmentKey}` : `u:${s.url}`;
  const key = [who, s.region ? regionKey(s.region) : '', s.year ?? '', s.stage ?? ''].join('|');
  return `s-${stableHash(key)}`;
}

function tableLines(t: BudgetTable, columns: readonly { index: number; unit: BudgetTable['unit'] }[]): SnapshotLine[] {
  const lines: SnapshotLine[] = [];
  for (const row of t.rows) {
    const values: (string | null)[] = columns.map((c) => {
      const a = row.values.get(c.index)?.amount;
      return a && !a.percent ? decimalString(toYuan(a.value, c.unit)) : null;
    });
    while (values.length > 0 && values[values.length - 1] === null) values.pop();
    lines.push({
      ...(row.code ? { c: row.code } : {}),
      n: row.label,
      ...(row.parent >= 0 ? { p: row.parent } : {}),
      ...(row.side !== 0 ? { s: row.side } : {}),
      ...(row.kind !== 'item' ? { k: row.kind } : {}),
      v: values,
    });
  }
  return lines;
}

/**
 * The number of decimals printed most often in the table's non-zero amount cells ("0" is often printed bare); 0 when it
 * has none.
 */
function usualScale(t: BudgetTable, columns: readonly { index: number }[]): number {
  const counts = new Map<number, number>();
  for (const row of t.rows)
    for (const c of columns) {
      const a = row.values.get(c.index)?.amount;
      if (a && !a.percent && !a.value.isZero()) counts.set(a.scale, (counts.get(a.scale) ?? 0) + 1);
    }
  let best = 0;
  let most = 0;
  for (const [scale, n] of counts) if (n > most || (n === most && scale > best)) [best, most] = [scale, n];
  return best;
}

function snapshotTable(t: BudgetTable): SnapshotTable {
  const amountColumns = t.columns
    .filter((c) => c.role === 'amount')
    .map((c) => ({ index: c.index, unit: c.unit ?? t.unit, column: c }));
  const columns: SnapshotColumn[] = amountColumns.map(({ column, unit }) => ({
    path: [...column.path],
    ...(column.side !== 0 ? { side: column.side } : {}),
    ...(unit.name !== t.unit.name ? { unit: unit.name } : {}),
  }));
  return {
    kind: t.kind,
    title: t.title,
    unit: t.unit.name,
    scale: usualScale(t, amountColumns),
    classification: t.classification,
    ...(t.empty ? { empty: true } : {}),
    columns,
    lines: tableLines(t, amountColumns),
  };
}

/** The document's tables a snapshot keeps, in the snapshot's order (`Snapshot.tables[i]` was made from the i-th). */
export function snapshotSourceTables(doc: BudgetDocument): BudgetTable[] {
  return doc.tables.filter((t) => !NOT_BUDGET.has(t.kind));
}

/**
 * The page cell a snapshot figure was read from: table `table` of the snapshot, line `line`, amount column `column`
 * (the DOM address, as findings give it); null when the document does not have it or the cell is blank.
 */
export function sourceCell(doc: BudgetDocument, table: number, line: number, column: number): CellAddress | null {
  const t = snapshotSourceTables(doc)[table];
  const col = t?.columns.filter((c) => c.role === 'amount')[column];
  const cell = col ? t?.rows[line]?.values.get(col.index) : undefined;
  return cell ? { table: cell.addr.table, row: cell.addr.row, cell: cell.addr.cell } : null;
}

export interface SnapshotOptions {
  /** When the snapshot is taken (default: now). */
  readonly now?: Date;
}

/**
 * The snapshot of an audited page, or null when the page has neither budget tables nor implied prior-year figures.
 * `implied` are the narrative's prior-year figures (lib/claims); invalid entries are dropped.
 */
export function snapshotOf(
  doc: BudgetDocument,
  page: { url: string; title: string },
  implied: readonly ImpliedPrior[] = [],
  opts: SnapshotOptions = {},
): Snapshot | null {
  const tables = snapshotSourceTables(doc);
  const priors = implied.flatMap((p) => {
    const r = ImpliedPriorV1.safeParse(p);
    return r.success ? [r.data] : [];
  });
  if (tables.length === 0 && priors.length === 0) return null;

  const department = doc.department ?? tables.find((t) => t.department)?.department ?? null;
  const region = regionOf(department) ?? regionOf(doc.title) ?? regionOf(page.title);
  const departmentKey = department ? normalizeDepartment(department, region) || null : null;
  const year = doc.year ?? tables.find((t) => t.year !== undefined)?.year ?? null;
  const stage = doc.stage ?? null;
  const snapshot: Snapshot = {
    v: SNAPSHOT_SCHEMA_VERSION,
    id: snapshotId({ departmentKey, region, year, stage, url: page.url }),
    department,
    departmentKey,
    region,
    year,
    stage,
    url: page.url,
    title: doc.title || page.title,
    savedAt: (opts.now ?? new Date()).toISOString(),
    unit: '元',
    tables: tables.map(snapshotTable),
    implied: priors,
  };
  // Never hand out what the store would refuse (a title over the limit, a 61-column table): cut to the schema.
  const checked = SnapshotSchema.safeParse(snapshot);
  return checked.success ? checked.data : fitToSchema(snapshot);
}

/** Trims the rare oversized field so the snapshot validates (long titles, huge tables); never changes an amount. */
function fitToSchema(s: Snapshot): Snapshot | null {
  const cut = (t: string, n: number): string => (t.length > n ? t.slice(0, n) : t);
  const fitted: Snapshot = {
    ...s,
    department: s.department && cut(s.department, 300),
    departmentKey: s.departmentKey && cut(s.departmentKey, 300),
    region: s.region && cut(s.region, 60),
    url: cut(s.url, 4000),
    title: cut(s.title, 1000),
    tables: s.tables.slice(0, 200).map((t) => ({
      ...t,
      kind: cut(t.kind, 60),
      title: cut(t.title, 1000),
      columns: t.columns.slice(0, 60).map((c) => ({ ...c, path: c.path.slice(0, 8).map((p) => cut(p, 300)) })),
      lines: t.lines
        .slice(0, 2000)
        .map((l) => ({ ...l, ...(l.c ? { c: cut(l.c, 40) } : {}), n: cut(l.n, 300), v: l.v.slice(0, 60) })),
    })),
    implied: s.implied.slice(0, 500),
  };
  const r = SnapshotSchema.safeParse(fitted);
  return r.success ? r.data : null;
}

/**
 * The shape in which lib/claims reports a prior-year figure its sentence implies (structurally: this module does not
 * import lib/claims): the figure printed like the current one, in its unit.
 */
export interface PrintedImpliedPrior {
  readonly subject: string;
  readonly code?: string | null;
  readonly basis: string;
  /** "7,812.20" */
  readonly value: string;
  readonly unit: UnitName;
  /** From a percentage only, or 基本持平: not an exact figure. */
  readonly approximate?: boolean;
  readonly derivation?: string;
}

/**
 * Converts a printed implied prior-year figure to the snapshot's form (元, decimal string). Null when it is only
 * approximate, its basis is not last year's 执行数 / 决算数 / 预算数 ("比上年" alone), or its value does not read as a
 * number: a snapshot stores figures the text states exactly.
 */
export function impliedFromPrinted(p: PrintedImpliedPrior, text?: string): ImpliedPrior | null {
  if (p.approximate) return null;
  const basis = /预算数/u.test(p.basis) ? '预算数' : /执行数|决算数/u.test(p.basis) ? '执行数' : null;
  const amount = parseNumberToken(p.value);
  if (!basis || !amount || amount.percent) return null;
  const r = ImpliedPriorV1.safeParse({
    subject: p.subject,
    code: p.code ?? null,
    amount: decimalString(toYuan(amount.value, p.unit)),
    basis,
    text: (text ?? p.derivation ?? '').slice(0, 2000),
  });
  return r.success ? r.data : null;
}
