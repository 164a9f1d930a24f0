import Decimal from 'decimal.js';
import type { Bilingual } from '../report/schema';
import { lookupSubject, normalizeSubjectName, parentCode, splitLevelPath } from '../classification';
import { regionKey, sameDepartment } from '../identity/department';
import { formatDecimal } from '../money/amount';
import { unitFactor, type UnitName } from '../money/units';
import { isTotalColumnLabel, squash } from '../parse/labels';
import {
  linePath,
  type ImpliedPrior,
  type Snapshot,
  type SnapshotLine,
  type SnapshotTable,
  type Threshold,
} from './schema';

/**
 * Year-on-year comparison of snapshots of one department (schema.ts). Pure; every result is plain data with
 * amounts as decimal strings (元) and bilingual labels where a reader sees them.
 *
 * The comparison runs on one table, the "main" one: the 一般公共预算支出表 (gpb-expenditure), else the 支出总表
 * (expenditure), else the first table classified by function (its 支出 side), and on one column of it: the first
 * total column (合计 / 总计 / 小计), else the first amount column. Lines are matched by code first (the printed
 * code, or the one the national classification gives for the line's name under its parent in that year), then by
 * their normalized names path; total lines are matched with total lines.
 */

export type { Bilingual };

export interface CompareOptions {
  readonly threshold: Threshold;
}

export interface SnapshotRef {
  readonly id: string;
  readonly year: number | null;
  readonly stage: '预算' | '决算' | null;
  readonly department: string | null;
  readonly url: string;
  readonly savedAt: string;
}

export type LineFlag = 'prior-zero' | 'appeared' | 'vanished' | 'moved' | 'code-changed';

/**
 * A line of the main table as a reader identifies it across years: shared by the comparison (LineChange) and the
 * command line's section (lib/report/years-text.ts YearsLine).
 */
export interface LineIdentity {
  /**
   * How the line is identified across years: "c:2010301" (code), "n:一般公共服务支出/…" (names path), "t:0" (the first total).
   */
  readonly key: string;
  /** The line's code, printed or from the national classification (codeSource says which). */
  readonly code: string | null;
  readonly codeSource: 'printed' | 'classification' | null;
  /** The earlier year's code when it differs. */
  readonly earlierCode: string | null;
  /** Labels from the top level down (the current year's; the earlier year's for a vanished line). */
  readonly names: readonly string[];
  readonly earlierNames: readonly string[] | null;
  /** 0 for a total, 1 for a top-level line (类), 2 for a 款, 3 for a 项. */
  readonly level: number;
  readonly total: boolean;
  /** No line below it in its table. */
  readonly leaf: boolean;
  /** Against the earlier year: matched, appeared (new in the current year) or vanished (listed before, not now). */
  readonly status: 'matched' | 'appeared' | 'vanished';
}

export interface LineChange extends LineIdentity {
  /**
   * Index of the line in its year's main table (`tables[table.index].lines`; the earlier snapshot's table for a
   * vanished line).
   */
  readonly line: number;
  readonly matchedBy: 'code' | 'name' | 'total' | null;
  /** Amounts in 元; null where that year has no figure. */
  readonly current: string | null;
  readonly earlier: string | null;
  /** current − earlier in 元, when both years have a figure. */
  readonly change: string | null;
  /** "+3.8%", "-71.8%", "+0.04%" (one decimal, two when one would show 0.0); null when the earlier figure is zero. */
  readonly percent: string | null;
  readonly flags: readonly LineFlag[];
  /** The same figures in the current table's printed unit and precision: "1,797.02", "+65.85". */
  readonly display: {
    readonly current: string | null;
    readonly earlier: string | null;
    readonly change: string | null;
    readonly unit: UnitName;
  };
}

export interface Move {
  readonly basis: 'name' | 'amount';
  readonly from: { readonly code: string | null; readonly names: readonly string[]; readonly amount: string | null };
  readonly to: { readonly code: string | null; readonly names: readonly string[]; readonly amount: string | null };
  /** to − from in 元 when both have a figure. */
  readonly change: string | null;
  readonly label: Bilingual;
}

export interface SeriesRow {
  /** Same key scheme as LineChange.key. */
  readonly key: string;
  readonly code: string | null;
  readonly name: string;
  readonly label: Bilingual;
  readonly total: boolean;
  /** Amount in 元 per year of `years` (null: not listed that year). */
  readonly values: readonly (string | null)[];
}

export interface Series {
  readonly years: readonly { readonly year: number; readonly stage: '预算' | '决算' | null; readonly id: string }[];
  readonly unit: '元';
  /** The grand total first, then the 类-level lines. */
  readonly rows: readonly SeriesRow[];
}

/**
 * An implied prior-year figure beside the prior year's own: shared by the comparison (ImpliedComparison) and the
 * command line's section (lib/report/years-text.ts YearsImpliedEntry).
 */
export interface ImpliedFigure {
  readonly subject: string;
  readonly code: string | null;
  readonly basis: '执行数' | '预算数';
  readonly text: string;
  /** The narrative's implied prior-year figure, 元. */
  readonly implied: string;
  /** The prior-year page's (snapshot's) figure for the same subject, 元, or null when there is none. */
  readonly stored: string | null;
  /** implied − stored, 元. */
  readonly difference: string | null;
  readonly label: Bilingual;
}

export interface ImpliedComparison extends ImpliedFigure {
  readonly storedFrom: {
    readonly id: string;
    readonly year: number;
    readonly stage: '预算' | '决算' | null;
    readonly table: string;
    readonly names: readonly string[];
    readonly column: readonly string[];
  } | null;
}

export interface YearComparison {
  readonly current: SnapshotRef;
  /** The latest earlier snapshot, which the line items are compared with; null when there is none. */
  readonly against: SnapshotRef | null;
  /** The main table (current year) and the column compared. */
  readonly table: {
    readonly kind: string;
    readonly title: string;
    readonly column: readonly string[];
    readonly unit: UnitName;
    /** Decimals the table prints most often. */
    readonly scale: number;
    readonly label: Bilingual;
    /** Where it is in the current snapshot: `tables[index]`, amount column `columns[columnIndex]`. */
    readonly index: number;
    readonly columnIndex: number;
  } | null;
  readonly earlierTable: { readonly kind: string; readonly title: string; readonly column: readonly string[] } | null;
  readonly threshold: Threshold;
  /** Every line of the main table: matched, appeared, vanished (current order, vanished ones last). */
  readonly lines: readonly LineChange[];
  /**
   * Leaf lines whose |change| and |% change| reach the threshold (a zero earlier figure counts as reaching it), by
   * |change|.
   */
  readonly swings: readonly LineChange[];
  /** Lines listed only this year / only the year before (lines explained by a move are in `moves` instead). */
  readonly appeared: readonly LineChange[];
  readonly vanished: readonly LineChange[];
  readonly moves: readonly Move[];
  readonly series: Series | null;
  readonly implied: readonly ImpliedComparison[];
  readonly notes: readonly Bilingual[];
}

// ---------------------------------------------------------------------------------------------------------
// Department and years

const ref = (s: Snapshot): SnapshotRef => ({
  id: s.id,
  year: s.year,
  stage: s.stage,
  department: s.department,
  url: s.url,
  savedAt: s.savedAt,
});

/** Same department (lib/identity) and, when both snapshots name a region, the same region. */
export function sameDepartmentAs(a: Snapshot, b: Snapshot): boolean {
  if (!a.department || !b.department) return false;
  if (a.region && b.region && regionKey(a.region) !== regionKey(b.region)) return false;
  return sameDepartment(a.department, b.department, a.region ?? b.region);
}

/**
 * Snapshots of the same department from earlier years, newest year first, one per year: of the same stage as the
 * current one when there is one, else the other stage; the most recently saved among equals.
 */
export function pickEarlier(current: Snapshot, all: readonly Snapshot[]): Snapshot[] {
  if (current.year === null) return [];
  const byYear = new Map<number, Snapshot>();
  const better = (a: Snapshot, b: Snapshot): boolean => {
    const sa = a.stage === current.stage ? 1 : 0;
    const sb = b.stage === current.stage ? 1 : 0;
    return sa !== sb ? sa > sb : a.savedAt > b.savedAt;
  };
  for (const s of all) {
    if (s.id === current.id || s.year === null || s.year >= current.year || !sameDepartmentAs(current, s)) continue;
    const have = byYear.get(s.year);
    if (!have || better(s, have)) byYear.set(s.year, s);
  }
  return [...byYear.values()].sort((a, b) => b.year! - a.year!);
}

// ---------------------------------------------------------------------------------------------------------
// The main table and column

const MAIN_KIND_LABEL: Readonly<Record<string, Bilingual>> = {
  'gpb-expenditure': { zh: '一般公共预算支出表', en: 'General public budget expenditure table' },
  expenditure: { zh: '支出总表', en: 'Expenditure table' },
  'fiscal-income-expenditure': { zh: '财政拨款收支总表（支出）', en: 'Fiscal appropriations table (expenditure side)' },
  'income-expenditure': { zh: '收支总表（支出）', en: 'Income and expenditure table (expenditure side)' },
};
const FUNCTION_LABEL: Bilingual = { zh: '按功能分类的支出表', en: 'Expenditure by function' };

interface Main {
  readonly table: SnapshotTable;
  readonly side: number;
  /** Index into table.columns of the compared column. */
  readonly column: number;
}

const hasAmounts = (t: SnapshotTable): boolean => !t.empty && t.lines.some((l) => l.v.some((v) => v !== null));
const sideOfTable = (t: SnapshotTable): number => (t.columns.some((c) => (c.side ?? 0) === 1) ? 1 : 0);

function primaryColumn(t: SnapshotTable, side: number, like?: readonly string[]): number {
  const onSide = t.columns.map((c, i) => ({ c, i })).filter(({ c }) => (c.side ?? 0) === side);
  if (like) {
    const want = like.map(squash).join('/');
    const same = onSide.find(({ c }) => c.path.map(squash).join('/') === want);
    if (same) return same.i;
  }
  const total = onSide.find(({ c }) => c.path.length > 0 && isTotalColumnLabel(c.path[0]!));
  return (total ?? onSide[0])?.i ?? -1;
}

function mainTable(s: Snapshot, preferKind?: string, likeColumn?: readonly string[]): Main | null {
  const candidates = s.tables.filter(hasAmounts);
  const pick =
    (preferKind ? candidates.find((t) => t.kind === preferKind) : undefined) ??
    candidates.find((t) => t.kind === 'gpb-expenditure') ??
    candidates.find((t) => t.kind === 'expenditure') ??
    candidates.find((t) => t.classification === 'function' && t.kind !== 'gov-fund' && t.kind !== 'soe-capital') ??
    candidates.find((t) => t.classification === 'function');
  if (!pick) return null;
  const side = sideOfTable(pick);
  const column = primaryColumn(pick, side, likeColumn);
  return column < 0 ? null : { table: pick, side, column };
}

// ---------------------------------------------------------------------------------------------------------
// Lines, codes, keys

const SUBJECT_CODE = /^\d{3}(?:\d{2}){0,2}$/u;
const isTotal = (l: SnapshotLine): boolean => l.k === 'total' || l.k === 'grand-total';

interface Item {
  readonly index: number;
  readonly line: SnapshotLine;
  readonly names: string[];
  readonly nameKey: string;
  readonly leafKey: string;
  readonly code: string | null;
  readonly codeSource: 'printed' | 'classification' | null;
  readonly level: number;
  readonly total: boolean;
  readonly leaf: boolean;
  readonly value: Decimal | null;
}

/**
 * The code of each line: printed, or for a function-classified table the one the classification gives its name under
 * its parent's code in that year.
 */
function lineCodes(
  t: SnapshotTable,
  year: number | null,
): { code: string | null; source: 'printed' | 'classification' | null }[] {
  const out: { code: string | null; source: 'printed' | 'classification' | null }[] = [];
  const opts = year === null ? undefined : { year };
  for (let i = 0; i < t.lines.length; i++) {
    const l = t.lines[i]!;
    if (l.c) {
      out.push({ code: l.c, source: 'printed' });
      continue;
    }
    if (t.classification !== 'function' || isTotal(l) || l.k === 'unit') {
      out.push({ code: null, source: null });
      continue;
    }
    const p = l.p ?? -1;
    const parent = p >= 0 && p < i ? out[p]!.code : null;
    if (p >= 0 && p < i && !isTotal(t.lines[p]!) && (parent === null || !SUBJECT_CODE.test(parent))) {
      out.push({ code: null, source: null });
      continue;
    }
    const parentIsTop = p < 0 || isTotal(t.lines[p]!);
    const found = lookupSubject(l.n, 'function', opts).filter((e) =>
      parentIsTop ? e.level === 1 : parentCode(e.code) === parent,
    );
    out.push(found.length === 1 ? { code: found[0]!.code, source: 'classification' } : { code: null, source: null });
  }
  return out;
}

function itemsOf(s: Snapshot, m: Main): Item[] {
  const t = m.table;
  const codes = lineCodes(t, s.year);
  const hasChild = new Set<number>();
  t.lines.forEach((l) => {
    if ((l.p ?? -1) >= 0) hasChild.add(l.p!);
  });
  const out: Item[] = [];
  t.lines.forEach((line, index) => {
    if ((line.s ?? 0) !== m.side || line.k === 'heading') return;
    const names = linePath(t, index);
    const total = isTotal(line);
    // Totals are nobody's child: path from the first non-total ancestor.
    const subjectNames = total ? [line.n] : names.filter((_, k) => k > 0 || !isTotal(t.lines[rootOf(t, index)]!));
    const raw = line.v[m.column];
    out.push({
      index,
      line,
      names: subjectNames,
      nameKey: subjectNames.map(normalizeSubjectName).join('/'),
      leafKey: normalizeSubjectName(line.n),
      code: codes[index]!.code,
      codeSource: codes[index]!.source,
      level: total ? 0 : subjectNames.length,
      total,
      leaf: !hasChild.has(index),
      value: raw === null || raw === undefined ? null : new Decimal(raw),
    });
  });
  return out;
}

function rootOf(t: SnapshotTable, index: number): number {
  let i = index;
  for (let guard = 0; guard < 20 && (t.lines[i]!.p ?? -1) >= 0 && t.lines[i]!.p! < i; guard++) i = t.lines[i]!.p!;
  return i;
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

const plain = (d: Decimal): string => (d.isZero() ? '0' : d.toFixed());
const signed = (text: string, d: Decimal): string => (d.isPositive() && !d.isZero() ? `+${text}` : text);

/** "+3.8%": one decimal, two when one decimal would print a non-zero change as 0.0. Null for a zero base. */
export function percentChange(change: Decimal, earlier: Decimal): string | null {
  if (earlier.isZero()) return null;
  const p = change.times(100).dividedBy(earlier.abs());
  const scale = !p.isZero() && p.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).isZero() ? 2 : 1;
  return `${signed(formatDecimal(p, scale), p)}%`;
}

function shown(value: Decimal | null, unit: UnitName, scale: number, sign = false): string | null {
  if (value === null) return null;
  const v = value.dividedBy(unitFactor(unit));
  const text = formatDecimal(v, scale);
  return sign ? signed(text, v) : text;
}

const pathText = (names: readonly string[]): string => names.join(' › ');

// ---------------------------------------------------------------------------------------------------------
// Matching and moves

/**
 * A name the classification uses under three or more parents (行政运行, 事业运行, 一般行政管理事务…): too common to say a line moved.
 */
function isCommonName(name: string): boolean {
  const parents = new Set(lookupSubject(name).map((e) => parentCode(e.code) ?? ''));
  return parents.size >= 3;
}

interface Pairing {
  readonly pairs: Map<Item, { earlier: Item; by: 'code' | 'name' | 'total' }>;
  readonly appeared: Item[];
  readonly vanished: Item[];
}

function pairLines(current: readonly Item[], earlier: readonly Item[]): Pairing {
  const pairs = new Map<Item, { earlier: Item; by: 'code' | 'name' | 'total' }>();
  const used = new Set<Item>();
  // Totals with totals, in order.
  const earlierTotals = earlier.filter((e) => e.total);
  current
    .filter((c) => c.total)
    .forEach((c, k) => {
      const e = earlierTotals[k];
      if (e) {
        pairs.set(c, { earlier: e, by: 'total' });
        used.add(e);
      }
    });
  const pass = (key: (i: Item) => string | null, by: 'code' | 'name'): void => {
    const index = new Map<string, Item[]>();
    for (const e of earlier) {
      const k = used.has(e) || e.total ? null : key(e);
      if (k === null) continue;
      const list = index.get(k);
      if (list) list.push(e);
      else index.set(k, [e]);
    }
    for (const c of current) {
      if (pairs.has(c) || c.total) continue;
      const k = key(c);
      const e = k === null ? undefined : index.get(k)?.find((x) => !used.has(x));
      if (e) {
        pairs.set(c, { earlier: e, by });
        used.add(e);
      }
    }
  };
  pass((i) => i.code, 'code');
  pass((i) => i.nameKey, 'name');
  return {
    pairs,
    appeared: current.filter((c) => !pairs.has(c) && !c.total),
    vanished: earlier.filter((e) => !used.has(e) && !e.total),
  };
}

/**
 * Lines that moved to another code or parent between the years: among the lines listed only in one year each,
 * (1) the same line name, when the name is specific (not one the classification uses under many parents) and it
 * occurs once on each side — 信访事务 from 政府办公厅（室）及相关机构事务 (2010308) to its own 款 (20140);
 * (2) the same non-zero amount, occurring once on each side (a 类/款/项 chain with one figure counts once: chains
 * are paired level by level when they are as long, else their deepest lines).
 */
function findMoves(
  appeared: readonly Item[],
  vanished: readonly Item[],
  table: SnapshotTable,
): [Item, Item, 'name' | 'amount'][] {
  const out: [Item, Item, 'name' | 'amount'][] = [];
  const taken = new Set<Item>();
  const groups = (items: readonly Item[], key: (i: Item) => string | null): Map<string, Item[]> => {
    const m = new Map<string, Item[]>();
    for (const i of items) {
      const k = taken.has(i) ? null : key(i);
      if (k === null) continue;
      const list = m.get(k);
      if (list) list.push(i);
      else m.set(k, [i]);
    }
    return m;
  };
  // (1) by name
  const byNameNow = groups(appeared, (i) => (isCommonName(i.line.n) ? null : i.leafKey));
  const byNameBefore = groups(vanished, (i) => (isCommonName(i.line.n) ? null : i.leafKey));
  for (const [k, now] of byNameNow) {
    const before = byNameBefore.get(k);
    if (now.length === 1 && before?.length === 1) {
      out.push([before[0]!, now[0]!, 'name']);
      taken.add(before[0]!);
      taken.add(now[0]!);
    }
  }
  // (2) by amount
  const amountKey = (i: Item): string | null => (i.value === null || i.value.isZero() ? null : plain(i.value));
  const byAmountNow = groups(appeared, amountKey);
  const byAmountBefore = groups(vanished, amountKey);
  for (const [k, now] of byAmountNow) {
    const before = byAmountBefore.get(k);
    if (!before) continue;
    const chainNow = asChain(now, table.lines);
    const chainBefore = asChain(before, null);
    if (!chainNow || !chainBefore) continue;
    if (chainNow.length === chainBefore.length) chainNow.forEach((c, n) => out.push([chainBefore[n]!, c, 'amount']));
    else out.push([chainBefore[chainBefore.length - 1]!, chainNow[chainNow.length - 1]!, 'amount']);
  }
  return out;
}

/** The items as one ancestor chain (top first), or null when they are not one (by levels when lines are not given). */
function asChain(items: readonly Item[], lines: readonly SnapshotLine[] | null): Item[] | null {
  const sorted = [...items].sort((a, b) => a.level - b.level);
  for (let n = 1; n < sorted.length; n++) {
    const child = sorted[n]!;
    const parent = sorted[n - 1]!;
    if (child.level !== parent.level + 1) return null;
    if (
      lines
        ? (lines[child.index]!.p ?? -1) !== parent.index
        : child.names.slice(0, -1).join('/') !== parent.names.join('/')
    )
      return null;
  }
  return sorted;
}

// ---------------------------------------------------------------------------------------------------------
// Series

function seriesOf(snapshots: readonly Snapshot[], preferKind: string): Series | null {
  const years: { year: number; stage: '预算' | '决算' | null; id: string }[] = [];
  const rows = new Map<
    string,
    { code: string | null; name: string; total: boolean; values: Map<number, string | null> }
  >();
  const order: string[] = [];
  const sorted = [...snapshots].filter((s) => s.year !== null).sort((a, b) => a.year! - b.year!);
  sorted.forEach((s, k) => {
    years.push({ year: s.year!, stage: s.stage, id: s.id });
    const m = mainTable(s, preferKind);
    if (!m) return;
    let totals = 0;
    for (const i of itemsOf(s, m)) {
      if (!(i.total || i.level === 1)) continue;
      const key = i.total ? `t:${totals++}` : i.code ? `c:${i.code}` : `n:${i.leafKey}`;
      if (key.startsWith('t:') && key !== 't:0') continue;
      let row = rows.get(key);
      if (!row) {
        row = { code: i.code, name: i.line.n, total: i.total, values: new Map() };
        rows.set(key, row);
        order.push(key);
      }
      row.name = i.line.n; // the latest year's wording
      row.values.set(k, i.value === null ? null : plain(i.value));
    }
  });
  if (rows.size === 0) return null;
  const keys = [...order].sort((a, b) => (a === 't:0' ? -1 : b === 't:0' ? 1 : 0));
  return {
    years,
    unit: '元',
    rows: keys.map((key) => {
      const r = rows.get(key)!;
      return {
        key,
        code: r.code,
        name: r.name,
        label: r.total ? { zh: '合计', en: 'Total' } : { zh: r.name, en: r.code ? `${r.name} (${r.code})` : r.name },
        total: r.total,
        values: years.map((_, k) => r.values.get(k) ?? null),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Implied prior-year figures

interface Found {
  readonly table: SnapshotTable;
  readonly index: number;
  readonly column: number;
}

const TOTAL_SUBJECTS: readonly { re: RegExp; kinds: readonly string[]; side?: number }[] = [
  { re: /三公/u, kinds: ['three-public'] },
  { re: /收入/u, kinds: ['income', 'income-expenditure'], side: 0 },
  { re: /一般公共预算/u, kinds: ['gpb-expenditure'] },
  { re: /支出|收支/u, kinds: ['expenditure', 'gpb-expenditure', 'income-expenditure'], side: 1 },
];

/** The parts of the “三公” figure as the text names them, and their column in the “三公” table (header path, squashed). */
const THREE_PUBLIC_PARTS: readonly { re: RegExp; column: RegExp }[] = [
  { re: /因公出国/u, column: /因公出国/u },
  { re: /公务接待/u, column: /公务接待/u },
  { re: /公务用车购置[及和]运行/u, column: /公务用车购置[及和]运行维护费(?:\/小计)?$/u },
  { re: /公务用车购置/u, column: /公务用车购置费$/u },
  { re: /公务用车运行/u, column: /(?:^|\/)公务用车运行维护费$/u },
];

function findSubject(s: Snapshot, p: ImpliedPrior): Found | null {
  const main = mainTable(s);
  const tables = main ? [main.table, ...s.tables.filter((t) => t !== main.table)] : [...s.tables];
  const columnOf = (t: SnapshotTable, side: number): number =>
    main && t === main.table ? main.column : primaryColumn(t, side);
  const valueAt = (f: Found): string | null | undefined => f.table.lines[f.index]!.v[f.column];
  const ok = (f: Found | null): Found | null => (f && f.column >= 0 && valueAt(f) != null ? f : null);
  // By code.
  if (p.code) {
    for (const t of tables) {
      const codes = lineCodes(t, s.year);
      const index = codes.findIndex((c) => c.code === p.code);
      const f = index >= 0 ? ok({ table: t, index, column: columnOf(t, t.lines[index]!.s ?? 0) }) : null;
      if (f) return f;
    }
  }
  // By the narrative's 类/款/项 path: the line whose names path ends with it.
  const levels = splitLevelPath(p.subject).map((x) => x.name);
  if (levels.length > 0) {
    for (const t of tables) {
      const index = t.lines.findIndex((_, i) => {
        const path = linePath(t, i).map(normalizeSubjectName);
        return path.length >= levels.length && path.slice(path.length - levels.length).join('/') === levels.join('/');
      });
      const f = index >= 0 ? ok({ table: t, index, column: columnOf(t, t.lines[index]!.s ?? 0) }) : null;
      if (f) return f;
    }
    return null;
  }
  const subject = normalizeSubjectName(p.subject);
  // The parts of the “三公” figure (因公出国（境）费用, 公务接待费, 公务用车…): their column on the “三公” table's total line.
  const part = THREE_PUBLIC_PARTS.find((x) => x.re.test(subject));
  if (part) {
    for (const t of s.tables.filter((x) => x.kind === 'three-public' && hasAmounts(x))) {
      const index = t.lines.findIndex((l) => isTotal(l));
      const column = t.columns.findIndex((c) => part.column.test(squash(c.path.join('/'))));
      const f = index >= 0 && column >= 0 ? ok({ table: t, index, column }) : null;
      if (f) return f;
    }
    return null;
  }
  // Page-level figures: 收入 / 支出 / 一般公共预算 / “三公”经费 totals (a subject the classification names, such as
  // 一般公共服务支出, is that line, not the total).
  for (const rule of lookupSubject(subject, 'function').length > 0 ? [] : TOTAL_SUBJECTS) {
    if (!rule.re.test(subject)) continue;
    for (const kind of rule.kinds) {
      for (const t of s.tables.filter((x) => x.kind === kind && hasAmounts(x))) {
        const side = t.columns.some((c) => (c.side ?? 0) > 0) ? (rule.side ?? 0) : 0;
        const index = t.lines.findIndex((l) => isTotal(l) && (l.s ?? 0) === side);
        const f = index >= 0 ? ok({ table: t, index, column: primaryColumn(t, side) }) : null;
        if (f) return f;
      }
    }
    return null;
  }
  // A plain subject name, once in the main table.
  if (main) {
    const hits = main.table.lines.map((l, i) => (normalizeSubjectName(l.n) === subject ? i : -1)).filter((i) => i >= 0);
    if (hits.length === 1) return ok({ table: main.table, index: hits[0]!, column: main.column });
  }
  return null;
}

function compareImplied(current: Snapshot, prior: Snapshot | undefined): ImpliedComparison[] {
  return current.implied.map((p) => {
    const basisLabel: Bilingual =
      p.basis === '执行数'
        ? { zh: '说明所称上年执行数', en: "Last year's outturn, as the text implies" }
        : { zh: '说明所称上年预算数', en: "Last year's budget, as the text implies" };
    const found = prior ? findSubject(prior, p) : null;
    if (!prior || !found) {
      return {
        subject: p.subject,
        code: p.code,
        basis: p.basis,
        text: p.text,
        implied: p.amount,
        stored: null,
        difference: null,
        storedFrom: null,
        label: {
          zh: `${basisLabel.zh}；${prior ? '上年快照中没有该科目' : '没有上年的快照'}`,
          en: `${basisLabel.en}; ${prior ? 'not in the prior-year snapshot' : 'no snapshot of the prior year'}`,
        },
      };
    }
    const stored = found.table.lines[found.index]!.v[found.column]!;
    const difference = new Decimal(p.amount).minus(stored);
    const storedWhat: Bilingual =
      prior.stage === '决算'
        ? { zh: '上年决算数', en: "last year's final accounts" }
        : { zh: '上年预算数', en: "last year's budget" };
    return {
      subject: p.subject,
      code: p.code,
      basis: p.basis,
      text: p.text,
      implied: p.amount,
      stored,
      difference: plain(difference),
      storedFrom: {
        id: prior.id,
        year: prior.year!,
        stage: prior.stage,
        table: found.table.title,
        names: linePath(found.table, found.index),
        column: [...(found.table.columns[found.column]?.path ?? [])],
      },
      label: { zh: `${basisLabel.zh}，对照${storedWhat.zh}`, en: `${basisLabel.en}, beside ${storedWhat.en}` },
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// compareYears

export function compareYears(current: Snapshot, earlier: readonly Snapshot[], opts: CompareOptions): YearComparison {
  const notes: Bilingual[] = [];
  const threshold = opts.threshold;
  const others = pickEarlier(current, earlier);
  const ignored = earlier.filter(
    (s) => s.id !== current.id && !others.includes(s) && !sameDepartmentAs(current, s),
  ).length;
  if (ignored > 0)
    notes.push({
      zh: `${ignored} 份其他部门的快照未参与比较`,
      en: `${ignored} snapshot(s) of other departments were not compared`,
    });
  const against = others[0];
  const prior = current.year === null ? undefined : others.find((s) => s.year === current.year! - 1);
  const implied = compareImplied(current, prior);

  const main = mainTable(current);
  const empty = (why: Bilingual): YearComparison => ({
    current: ref(current),
    against: against ? ref(against) : null,
    table: null,
    earlierTable: null,
    threshold,
    lines: [],
    swings: [],
    appeared: [],
    vanished: [],
    moves: [],
    series: null,
    implied,
    notes: [...notes, why],
  });
  if (!main) return empty({ zh: '本页没有可比较的支出表', en: 'This page has no expenditure table to compare' });
  const unit = main.table.unit;
  const scale = main.table.scale;
  const column = main.table.columns[main.column]!.path;
  const table = {
    kind: main.table.kind,
    title: main.table.title,
    column: [...column],
    unit,
    scale,
    label: MAIN_KIND_LABEL[main.table.kind] ?? FUNCTION_LABEL,
    index: current.tables.indexOf(main.table),
    columnIndex: main.column,
  };
  const series = seriesOf([current, ...others], main.table.kind);
  if (!against)
    return {
      ...empty({ zh: '没有同一部门往年的快照', en: 'No snapshot of this department from an earlier year' }),
      table,
      series,
    };
  const earlierMain = mainTable(against, main.table.kind, column);
  if (!earlierMain)
    return {
      ...empty({
        zh: `${against.year} 年的快照没有可比较的支出表`,
        en: `The ${against.year} snapshot has no expenditure table to compare`,
      }),
      table,
      series,
    };
  if (earlierMain.table.kind !== main.table.kind)
    notes.push({
      zh: `${against.year} 年的快照没有${table.label.zh}，改用“${earlierMain.table.title}”比较`,
      en:
        `The ${against.year} snapshot has no ${table.label.en.toLowerCase()}; compared with ` +
        `"${earlierMain.table.title}"`,
    });

  const now = itemsOf(current, main);
  const before = itemsOf(against, earlierMain);
  const { pairs, appeared, vanished } = pairLines(now, before);
  const moves = findMoves(appeared, vanished, main.table);
  const movedNow = new Set(moves.map(([, to]) => to));
  const movedBefore = new Set(moves.map(([from]) => from));

  const show = (d: Decimal | null, sign = false): string | null => shown(d, unit, scale, sign);
  const lineOf = (c: Item | null, e: Item | null, by: LineChange['matchedBy']): LineChange => {
    const base = (c ?? e)!;
    const flags: LineFlag[] = [];
    let change: Decimal | null = null;
    let percent: string | null = null;
    if (c && e && c.value !== null && e.value !== null) {
      change = c.value.minus(e.value);
      percent = percentChange(change, e.value);
      if (e.value.isZero()) flags.push('prior-zero');
    }
    if (!e && c) flags.push(movedNow.has(c) ? 'moved' : 'appeared');
    if (!c && e) flags.push(movedBefore.has(e) ? 'moved' : 'vanished');
    if (c?.code && e?.code && c.code !== e.code) flags.push('code-changed');
    return {
      key: base.total
        ? `t:${now.filter((x) => x.total).indexOf(base)}`
        : base.code
          ? `c:${base.code}`
          : `n:${base.nameKey}`,
      line: base.index,
      code: base.code,
      codeSource: base.codeSource,
      earlierCode: c && e && e.code !== c.code ? e.code : null,
      names: base.names,
      earlierNames: c && e && e.nameKey !== c.nameKey ? e.names : null,
      level: base.level,
      total: base.total,
      leaf: base.leaf,
      status: c && e ? 'matched' : c ? 'appeared' : 'vanished',
      matchedBy: by,
      current: c?.value ? plain(c.value) : null,
      earlier: e?.value ? plain(e.value) : null,
      change: change ? plain(change) : null,
      percent,
      flags,
      display: { current: show(c?.value ?? null), earlier: show(e?.value ?? null), change: show(change, true), unit },
    };
  };

  const lines: LineChange[] = [
    ...now.map((c) => {
      const p = pairs.get(c);
      return p ? lineOf(c, p.earlier, p.by) : lineOf(c, null, null);
    }),
    ...vanished.map((e) => lineOf(null, e, null)),
  ];

  const minAmount = new Decimal(threshold.amount).abs();
  const minPercent = new Decimal(threshold.percent).abs();
  const swings = lines
    .filter((l) => {
      if (l.status !== 'matched' || l.total || !l.leaf || l.change === null || l.earlier === null) return false;
      const change = new Decimal(l.change).abs();
      if (change.isZero() || change.lessThan(minAmount)) return false;
      const base = new Decimal(l.earlier).abs();
      return base.isZero() || change.times(100).dividedBy(base).greaterThanOrEqualTo(minPercent);
    })
    .sort(
      (a, b) => new Decimal(b.change!).abs().comparedTo(new Decimal(a.change!).abs()) || a.key.localeCompare(b.key),
    );

  // A line matched by its names path whose code changed moved too (a renumbered subject).
  for (const [c, p] of pairs)
    if (p.by === 'name' && c.code && p.earlier.code && c.code !== p.earlier.code) moves.push([p.earlier, c, 'name']);
  const moveList: Move[] = moves.map(([from, to, basis]) => {
    const fromText = `${pathText(from.names)}${from.code ? `（${from.code}）` : ''}`;
    const toText = `${pathText(to.names)}${to.code ? `（${to.code}）` : ''}`;
    const fromEn = `${pathText(from.names)}${from.code ? ` (${from.code})` : ''}`;
    const toEn = `${pathText(to.names)}${to.code ? ` (${to.code})` : ''}`;
    return {
      basis,
      from: { code: from.code, names: from.names, amount: from.value ? plain(from.value) : null },
      to: { code: to.code, names: to.names, amount: to.value ? plain(to.value) : null },
      change: from.value && to.value ? plain(to.value.minus(from.value)) : null,
      label:
        basis === 'name'
          ? {
              zh: `“${to.line.n}”由 ${fromText} 调整至 ${toText}`,
              en: `"${to.line.n}" moved from ${fromEn} to ${toEn}`,
            }
          : {
              zh: `同一金额 ${show(to.value)} ${unit}由 ${fromText} 调整至 ${toText}`,
              en: `The same amount, ${show(to.value)} ${unit}, moved from ${fromEn} to ${toEn}`,
            },
    };
  });

  return {
    current: ref(current),
    against: ref(against),
    table,
    earlierTable: {
      kind: earlierMain.table.kind,
      title: earlierMain.table.title,
      column: [...earlierMain.table.columns[earlierMain.column]!.path],
    },
    threshold,
    lines,
    swings,
    appeared: lines.filter((l) => l.status === 'appeared' && !l.flags.includes('moved')),
    vanished: lines.filter((l) => l.status === 'vanished' && !l.flags.includes('moved')),
    moves: moveList,
    series,
    implied,
    notes,
  };
}
