/**
 * Dictionary of the national 政府收支分类科目 (支出功能分类, 部门/政府预算支出经济分类), for recovering the
 * 类/款/项 tree of tables that print names without codes.
 *
 * Pure data + Maps built once, on first use; no DOM or Node APIs.
 */
import { memoized } from '../memo';
import { aliases } from './aliases';
import { DEPT_ECONOMIC_TABLE, GOV_ECONOMIC_TABLE } from './economic';
import { FUNCTION_TABLE } from './functional';

export { aliases };

export type ClassificationKind = 'function' | 'economic-dept' | 'economic-gov';

/** 1 = 类 (3-digit code), 2 = 款 (5 digits), 3 = 项 (7 digits, functional only). */
export type SubjectLevel = 1 | 2 | 3;

export interface SubjectEntry {
  readonly code: string;
  /** Official name, already in normalizeSubjectName form. */
  readonly name: string;
  readonly kind: ClassificationKind;
  readonly level: SubjectLevel;
  /** First budget year the code is known to be valid in (absent: valid throughout 2019–2025 as far as known). */
  readonly validFrom?: number;
  /** Last budget year the code is known to be valid in. */
  readonly validTo?: number;
}

export interface LookupOptions {
  /** Keep only subjects valid in this budget year. */
  readonly year?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Names

const SPACES = /[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]+/gu;
const QUOTES = /[“”‘’"'「」『』]/gu;
/** Leading numbering: 一、 （一） 1. 1、 （1） 1） and 其中：, possibly several ("（一）1."). */
const LEADING_NUMBERING =
  /^(?:其中：|[一二三四五六七八九十]+[、.]|（[一二三四五六七八九十]+）|（\d+）|\d+[、.）](?!\d))/u;
/** Trailing level marker （类）（款）（项）, also written （类级） etc. */
const LEVEL_MARKER = /（[类款项]级?）$/u;

/**
 * Canonical form of a subject name as printed: no whitespace of any kind, NFKC-folded (so PDF-extracted
 * Kangxi radicals and full-width digits become ordinary characters), parentheses and colons full-width,
 * quotes dropped, leading numbering ("一、" "（一）" "1." "其中：") and a trailing level marker
 * ("（类）" "（款）" "（项）") removed, and variant spellings folded (其它→其他, 帐→账).
 */
export function normalizeSubjectName(s: string): string {
  return normalizedName(s);
}

function normalizeOnce(s: string): string {
  let t = s
    .normalize('NFKC')
    .replace(SPACES, '')
    .replace(/\(/gu, '（')
    .replace(/\)/gu, '）')
    .replace(/:/gu, '：')
    .replace(QUOTES, '')
    .replace(/其它/gu, '其他')
    .replace(/帐/gu, '账');
  for (let prev = ''; prev !== t;) {
    prev = t;
    t = t.replace(LEADING_NUMBERING, '');
  }
  return t.replace(LEVEL_MARKER, '');
}

/** Names repeat down a table and from table to table: each is normalized once. */
const normalizedName = memoized(normalizeOnce, 50_000);

/**
 * Splits a narrative path such as "一般公共服务支出（类）政府办公厅(室)及相关机构事务（款）行政运行（项）" into
 * its marked parts, each normalized: [{name:'一般公共服务支出',level:1}, …]. Text after the last marker is
 * ignored; a string without markers gives [].
 */
export function splitLevelPath(s: string): { name: string; level: SubjectLevel }[] {
  const t = s.normalize('NFKC').replace(SPACES, '').replace(/\(/gu, '（').replace(/\)/gu, '）');
  const out: { name: string; level: SubjectLevel }[] = [];
  for (const m of t.matchAll(/(.+?)（([类款项])级?）/gu)) {
    const level: SubjectLevel = m[2] === '类' ? 1 : m[2] === '款' ? 2 : 3;
    out.push({ name: normalizeSubjectName(m[1]!), level });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Tables

const LINE = /^(\d+)\s+(\S+)(?:\s+(\d{4})?~(\d{4})?)?$/u;

function parseTable(text: string, kind: ClassificationKind): SubjectEntry[] {
  const out: SubjectEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`classification: bad line "${line}"`);
    const code = m[1]!;
    const level: SubjectLevel | undefined =
      code.length === 3 ? 1 : code.length === 5 ? 2 : code.length === 7 && kind === 'function' ? 3 : undefined;
    if (level === undefined) throw new Error(`classification: bad code length "${line}"`);
    const entry: { -readonly [K in keyof SubjectEntry]: SubjectEntry[K] } = { code, name: m[2]!, kind, level };
    if (m[3] !== undefined) entry.validFrom = Number(m[3]);
    if (m[4] !== undefined) entry.validTo = Number(m[4]);
    out.push(Object.freeze(entry));
  }
  return out;
}

interface Tables {
  readonly subjects: readonly SubjectEntry[];
  readonly byCode: ReadonlyMap<string, SubjectEntry>;
  readonly byName: ReadonlyMap<string, readonly SubjectEntry[]>;
  readonly children: ReadonlyMap<string, readonly SubjectEntry[]>;
}

function buildTables(): Tables {
  const subjects: readonly SubjectEntry[] = Object.freeze([
    ...parseTable(FUNCTION_TABLE, 'function'),
    ...parseTable(DEPT_ECONOMIC_TABLE, 'economic-dept'),
    ...parseTable(GOV_ECONOMIC_TABLE, 'economic-gov'),
  ]);
  const byCode = new Map<string, SubjectEntry>();
  const byName = new Map<string, SubjectEntry[]>();
  const children = new Map<string, SubjectEntry[]>();
  const addName = (name: string, e: SubjectEntry): void => {
    const key = normalizeSubjectName(name);
    const list = byName.get(key);
    if (!list) byName.set(key, [e]);
    else if (!list.includes(e)) list.push(e);
  };
  for (const e of subjects) {
    if (!byCode.has(e.code)) byCode.set(e.code, e);
    addName(e.name, e);
    const p = parentCode(e.code);
    if (p !== undefined) {
      const list = children.get(p);
      if (list) list.push(e);
      else children.set(p, [e]);
    }
  }
  for (const [name, code] of aliases) {
    const e = byCode.get(code);
    if (e) addName(name, e);
  }
  return { subjects, byCode, byName, children };
}

let built: Tables | undefined;
/** The dictionary and its indexes, built on first use, not when the engine worker or the fallback is evaluated. */
const tables = (): Tables => (built ??= buildTables());

const validIn = (e: SubjectEntry, year: number | undefined): boolean =>
  year === undefined || ((e.validFrom ?? -Infinity) <= year && year <= (e.validTo ?? Infinity));

// ---------------------------------------------------------------------------------------------------------
// API

/** Every subject, optionally of one kind, in table order (each 类 followed by its 款 and 项). */
export function allSubjects(kind?: ClassificationKind): readonly SubjectEntry[] {
  const { subjects } = tables();
  return kind === undefined ? subjects : subjects.filter((e) => e.kind === kind);
}

/** All subjects the name can stand for (official names and aliases), optionally of one kind / valid in one year. */
export function lookupSubject(name: string, kind?: ClassificationKind, opts?: LookupOptions): SubjectEntry[] {
  const list = tables().byName.get(normalizeSubjectName(name));
  if (!list) return [];
  return list.filter((e) => (kind === undefined || e.kind === kind) && validIn(e, opts?.year));
}

/** The subject with this code (codes of the three kinds do not overlap: 2xx, 3xx, 5xx). */
export function subjectByCode(code: string): SubjectEntry | undefined {
  return tables().byCode.get(code.trim());
}

/** The levels the name can have: 信访事务 → {2,3}; 一般公共服务支出 → {1}; 行政运行 → {3}; unknown → {}. */
export function levelsForName(name: string, kind?: ClassificationKind, opts?: LookupOptions): Set<SubjectLevel> {
  return new Set(lookupSubject(name, kind, opts).map((e) => e.level));
}

/** Whether the name is a 类 (level 1) of any kind, or of the given kind. */
export function isClassName(name: string, kind?: ClassificationKind): boolean {
  return lookupSubject(name, kind).some((e) => e.level === 1);
}

/** Code of the parent: 项 '2010301' → '20103', 款 '20103' → '201', 类 → undefined. */
export function parentCode(code: string): string | undefined {
  if (code.length === 7) return code.slice(0, 5);
  if (code.length === 5) return code.slice(0, 3);
  return undefined;
}

/** The listed children of a 类 or 款, in table order. */
export function childrenOf(code: string): readonly SubjectEntry[] {
  return tables().children.get(code) ?? [];
}
