import { parseDepartment, regionOf, sameDepartment } from '../identity/department';
import {
  addrKey,
  type BudgetDocument,
  type BudgetRow,
  type BudgetTable,
  type CellAddress,
  type Column,
} from '../model';
import { KIND } from '../report/text';
import type { Anchor, Note, NoteAddress, NoteScope } from './schema';

/**
 * Anchors a note to what a cell means, and finds it again on a page that may have changed.
 *
 * An anchor records the document (department, year, stage, title), the table (kind, title, unit, ordinal among the
 * document's tables of that kind), the row (code, label path from the top ancestor down), the column (header path)
 * and a quote of the cell's text with its neighbours in the row. The DOM address is kept apart, as the note's
 * `hint`, only to break ties and to tell 'exact' from 'moved'.
 *
 * resolveAnchor finds, in this order: the table (kind + title, else kind + ordinal, else title alone), the row (code,
 * else the label path: the last label required, the ancestors break ties), the column (header path, else the last
 * header label), then checks the quote. When the row or the column cannot be found a cell note falls back to a
 * search of the table's cells for the quoted text with its neighbours ('fuzzy'). Labels are compared without
 * whitespace, full-width forms, "其中：", numbering ("一、", "（一）", "1.") and indentation.
 */

/** The page a document was read from. */
export interface PageInfo {
  readonly url: string;
  readonly canonicalUrl?: string;
  readonly title: string;
}

/** What the user pointed at: a cell (or any cell of a row / table, by DOM address), or the whole page. */
export interface NoteTarget {
  readonly scope: NoteScope;
  /** Required for cell and row scope: the DOM address of the cell clicked (for row scope any cell of the row). */
  readonly cell?: CellAddress;
  /** Required for table scope (when no cell is given): DOM table index of any <table> the table was read from. */
  readonly table?: number;
}

export type Resolution =
  | {
      readonly status: 'attached';
      readonly scope: NoteScope;
      /** DOM table index of the table (first <table> of a continued table); undefined for page scope. */
      readonly table?: number;
      /** Where the note's marker goes: the cell, the row's first label cell, or undefined (table / page scope). */
      readonly primary?: CellAddress;
      /** All cells the note covers (the cell; the row's label and value cells), for highlighting. */
      readonly cells: readonly CellAddress[];
      /**
       * exact: found by meaning at the hinted address (or no hint) with the quoted text; moved: found by meaning
       * elsewhere, text unchanged; fuzzy: found only by a search for the quote and its neighbours, or the text changed.
       */
      readonly confidence: 'exact' | 'moved' | 'fuzzy';
      /** The quoted text is not what the page prints now (a figure or a label changed): show both. */
      readonly changed?: { readonly was: string; readonly now: string };
    }
  | { readonly status: 'orphan'; readonly reason: { readonly zh: string; readonly en: string } };

type Attached = Extract<Resolution, { status: 'attached' }>;
type Orphan = Extract<Resolution, { status: 'orphan' }>;
type TableRef = NonNullable<Anchor['table']>;
type RowRef = NonNullable<Anchor['row']>;
type ColumnRef = NonNullable<Anchor['column']>;
type QuoteRef = NonNullable<Anchor['quote']>;

/** Characters kept of a quote's neighbours. */
const CONTEXT = 60;

// ---------------------------------------------------------------------------------------------------------------
// Text normalisation

const clip = (s: string, max: number): string => (s.length > max ? s.slice(0, max) : s);

/** NFKC (full-width → ASCII), no whitespace of any kind, one kind of quote, lower case. */
function normText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000\u200b\ufeff]+/gu, '')
    .replace(/[“”‘’"'＂「」]/gu, '"')
    .toLowerCase();
}

/** A cell's text for comparison: as normText, thousands separators dropped from numbers, dashes as empty. */
function normValue(s: string): string {
  const t = normText(s);
  if (/^[-—–‐－]+$/u.test(t)) return '';
  if (/^[-+(△]?[\d,]+(?:\.\d+)?\)?%?$/u.test(t)) return t.replace(/,/gu, '');
  return t;
}

const NAME_PREFIXES: readonly RegExp[] = [
  /^其中[:：]?/u,
  /^[一二三四五六七八九十]+[、.．,]/u,
  /^\([一二三四五六七八九十]+\)[、.．]?/u,
  /^\d{1,2}[、.．](?!\d)/u,
  /^\(\d{1,2}\)[、.．]?/u,
  /^[①-⑳]/u,
];

/** A row label for comparison: normText without "其中：", numbering and "(类)/(款)/(项)". */
function normName(s: string): string {
  let t = normText(s);
  for (let guard = 0; guard < 4; guard++) {
    const before = t;
    for (const re of NAME_PREFIXES) t = t.replace(re, '');
    if (t === before) break;
  }
  return t.replace(/\((?:类|款|项)\)$/u, '');
}

/** A table title for comparison: without "表 5：" / "附表1" in front, "（续表）", quotes. */
function normTitle(s: string): string {
  return normText(s)
    .replace(/^(?:附)?表[\d一二三四五六七八九十]+(?:-\d+)?[:：.．、]?/u, '')
    .replace(/\(续表?\)|续表$/gu, '')
    .replace(/"/gu, '');
}

/** A header label for comparison: normText without a unit in brackets ("预算数（万元）"). */
function normHeader(s: string): string {
  return normText(s).replace(/\((?:百万元|千元|万元|亿元|元)\)$/u, '');
}

const normCode = (s: string): string => normText(s).replace(/[【】[\]]/gu, '');

/** A document title for comparison: its first part before a site name ("…_部门预算_杭州市人民政府门户网站"). */
function normDocTitle(s: string): string {
  const first = s.split(/[_|｜]| - | — /u)[0] ?? s;
  return normText(first).replace(/\((?:部门|部门汇总|汇总|本级)\)/gu, '');
}

const sameAddr = (a: CellAddress | null | undefined, b: CellAddress | null | undefined): boolean =>
  !!a && !!b && a.table === b.table && a.row === b.row && a.cell === b.cell;

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
function commonSuffix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

const kindName = (kind: string): [string, string] => KIND[kind] ?? [kind, kind];

// ---------------------------------------------------------------------------------------------------------------
// URLs

/** Query parameters that say how a visitor arrived, not which page it is. */
const TRACKING = new RegExp(
  '^(?:' +
    [
      'utm_\\w*|spm|from|fbclid|gclid|dclid|msclkid|yclid|igshid|mc_cid|mc_eid|_hsenc|_hsmi',
      'isappinstalled|scene|clicktime|enterid|wfr|wxfrom|share_\\w*|sharesource|vd_source',
      'ref|referer|referrer|jsessionid|sessionid|phpsessid',
    ].join('|') +
    ')$',
  'iu',
);
/** Cache busters, dropped when their value is a number: ?t=1700000000, ?_=1700000000. */
const CACHE_BUSTER = /^(?:t|_t|_|timestamp|ts|random|rnd|r)$/iu;

/**
 * The address a note is filed under: <link rel=canonical> when the page gives one (resolved against the page's
 * address), else the page's address; without the hash, tracking parameters (utm_*, spm, from, …) and numeric cache
 * busters, with the host in lower case and the default port dropped. Never throws: text that is not a URL comes
 * back trimmed and without its hash.
 */
export function canonicalUrl(url: string, canonical?: string): string {
  const base = (url ?? '').trim();
  let chosen: URL | undefined;
  const link = (canonical ?? '').trim();
  if (link) {
    try {
      chosen = new URL(link, base || undefined);
    } catch {
      chosen = undefined;
    }
  }
  if (!chosen) {
    try {
      chosen = new URL(base);
    } catch {
      return base.replace(/#.*$/su, '');
    }
  }
  const u = new URL(chosen.href);
  u.hash = '';
  u.pathname = u.pathname.replace(/;jsessionid=[^/;?]*/giu, '');
  const kept: [string, string][] = [];
  for (const [k, v] of u.searchParams) {
    if (TRACKING.test(k)) continue;
    if (CACHE_BUSTER.test(k) && /^\d*$/u.test(v)) continue;
    kept.push([k, v]);
  }
  if (kept.length !== [...u.searchParams].length) {
    u.search = kept.length ? `?${new URLSearchParams(kept).toString()}` : '';
  }
  // URL already lower-cases the host and drops default ports; an empty query leaves a bare "?".
  return u.href.replace(/\?$/u, '');
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Building an anchor

function pageRef(page: PageInfo): Anchor['page'] {
  const url = canonicalUrl(page.url, page.canonicalUrl);
  return { url: clip(url, 4000), title: clip(page.title ?? '', 1000), site: clip(hostOf(url), 300) };
}

interface DocumentInfo {
  readonly title: string;
  readonly department?: string | null;
  readonly year?: number | null;
  readonly stage?: '预算' | '决算' | null;
}

function documentRef(d: DocumentInfo): Anchor['document'] {
  const year =
    typeof d.year === 'number' && Number.isInteger(d.year) && d.year >= 1949 && d.year <= 2200 ? d.year : null;
  return {
    department: d.department ? clip(d.department, 300) : null,
    year,
    title: clip(d.title ?? '', 1000),
    stage: d.stage === '预算' || d.stage === '决算' ? d.stage : null,
  };
}

/** A page-scope anchor from report-level data (the side panel has no BudgetDocument). */
export function pageAnchor(page: PageInfo, document: DocumentInfo): Anchor {
  return {
    scope: 'page',
    page: pageRef(page),
    document: documentRef(document),
    table: null,
    row: null,
    column: null,
    quote: null,
  };
}

function tableRef(doc: BudgetDocument, table: BudgetTable): TableRef {
  const ordinal = Math.max(0, doc.tables.filter((t) => t.kind === table.kind).indexOf(table));
  return { kind: clip(table.kind, 60), title: clip(table.title, 1000), unit: clip(table.unit.name, 20), ordinal };
}

/** Where a DOM cell sits in a table's grid (its origin slot). */
function locate(table: BudgetTable, addr: CellAddress): { r: number; c: number } | null {
  let copy: { r: number; c: number } | null = null;
  for (let r = 0; r < table.grid.length; r++) {
    const row = table.grid[r]!;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c]!;
      if (!sameAddr(cell.addr, addr)) continue;
      if (!cell.spanned) return { r, c };
      copy ??= { r, c };
    }
  }
  return copy;
}

const sideOfColumn = (table: BudgetTable, c: number): number => table.columns[c]?.side ?? 0;

/** The engine's row at grid row r on a side (a two-sided table has a row per side on one line), or -1. */
function rowAt(table: BudgetTable, r: number, side: number): number {
  return table.rows.findIndex((x) => x.gridRow === r && x.side === side);
}

/** Labels from the top ancestor down to the row (at most 12, the row's own last). */
function namePath(table: BudgetTable, index: number): string[] {
  const out: string[] = [];
  const seen = new Set<number>();
  for (let i = index; i >= 0 && i < table.rows.length && !seen.has(i); i = table.rows[i]!.parent) {
    seen.add(i);
    out.unshift(table.rows[i]!.label);
  }
  return out.slice(-12);
}

/** The texts of the cells before and after grid slot (r, c) on the same side of the row. */
function rowContext(table: BudgetTable, r: number, c: number): { prefix: string; suffix: string } {
  const side = sideOfColumn(table, c);
  const row = table.grid[r] ?? [];
  const self = row[c]?.addr ?? null;
  const before: string[] = [];
  const after: string[] = [];
  let last = '';
  for (let ci = 0; ci < row.length; ci++) {
    if (ci === c || sideOfColumn(table, ci) !== side) continue;
    const cell = row[ci]!;
    if (!cell.addr || !cell.text || sameAddr(cell.addr, self)) continue;
    const k = addrKey(cell.addr);
    if (k === last) continue; // the copies of a colspan
    last = k;
    (ci < c ? before : after).push(cell.text);
  }
  const prefix = before.join(' ');
  const suffix = after.join(' ');
  return {
    prefix: (prefix.length > CONTEXT ? prefix.slice(-CONTEXT) : prefix).trim(),
    suffix: clip(suffix, CONTEXT).trim(),
  };
}

function rowRef(table: BudgetTable, index: number): RowRef {
  const row = table.rows[index]!;
  return {
    code: row.code ? clip(row.code, 40) : null,
    names: namePath(table, index).map((n) => clip(n, 300)),
    side: Math.min(8, Math.max(0, row.side)),
  };
}

/**
 * The anchor of a note on `target`. Page scope needs no target cell. For table, row and cell scope the target must
 * designate a table the document was read from (and for row scope a data row of it): otherwise a RangeError says
 * which (the caller offers such notes only on checked tables). A cell outside any data row (a header cell) is
 * anchored by its column and quote alone.
 */
export function anchorFor(doc: BudgetDocument, page: PageInfo, target: NoteTarget): Anchor {
  const base = {
    page: pageRef(page),
    document: documentRef({
      title: doc.title,
      department: doc.department ?? null,
      year: doc.year ?? null,
      stage: doc.stage ?? null,
    }),
  };
  if (target.scope === 'page') return { scope: 'page', ...base, table: null, row: null, column: null, quote: null };
  const domTable = target.cell?.table ?? target.table;
  const table = domTable === undefined ? undefined : doc.tables.find((t) => t.domTables.includes(domTable));
  if (!table) throw new RangeError(`anchorFor: no table of this document was read from <table> ${String(domTable)}`);
  const tref = tableRef(doc, table);
  if (target.scope === 'table') return { scope: 'table', ...base, table: tref, row: null, column: null, quote: null };
  if (!target.cell) throw new RangeError(`anchorFor: a ${target.scope} note needs target.cell`);
  const at = locate(table, target.cell);
  if (!at) throw new RangeError(`anchorFor: cell ${addrKey(target.cell)} is not in table ${table.index}`);
  const index = rowAt(table, at.r, sideOfColumn(table, at.c));
  if (target.scope === 'row') {
    if (index < 0) throw new RangeError(`anchorFor: cell ${addrKey(target.cell)} is not in a data row`);
    const row = table.rows[index]!;
    const suffix = valueCells(row)
      .map((a) => table.grid[row.gridRow]?.find((g) => sameAddr(g.addr, a))?.text ?? '')
      .filter(Boolean)
      .join(' ');
    return {
      scope: 'row',
      ...base,
      table: tref,
      row: rowRef(table, index),
      column: null,
      quote: { exact: clip(row.label, 300), prefix: '', suffix: clip(suffix, CONTEXT).trim() },
    };
  }
  const cell = table.grid[at.r]![at.c]!;
  const column = table.columns[at.c];
  const ctx = rowContext(table, at.r, at.c);
  return {
    scope: 'cell',
    ...base,
    table: tref,
    row: index >= 0 ? rowRef(table, index) : null,
    column: { path: (column?.path ?? []).slice(0, 8).map((p) => clip(p, 300)) },
    quote: { exact: clip(cell.text, 300), prefix: ctx.prefix, suffix: ctx.suffix },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Finding it again

function orphan(zh: string, en: string): Orphan {
  return { status: 'orphan', reason: { zh, en } };
}

const valueCells = (row: BudgetRow): CellAddress[] => [...row.values.values()].map((v) => v.addr);

function rowCells(row: BudgetRow): CellAddress[] {
  const out: CellAddress[] = [];
  const seen = new Set<string>();
  for (const a of [...row.labelCells, ...valueCells(row)]) {
    const k = addrKey(a);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(a);
  }
  return out;
}

type TableMatch = { table: BudgetTable; by: 'title' | 'ordinal' | 'title-only' };

function findTable(doc: BudgetDocument, ref: TableRef, hint: NoteAddress | null): TableMatch | null {
  const title = normTitle(ref.title);
  const sameKind = doc.tables.filter((t) => t.kind === ref.kind);
  const pick = (list: readonly BudgetTable[]): BudgetTable => {
    if (list.length === 1) return list[0]!;
    const score = (t: BudgetTable): number =>
      (sameKind.indexOf(t) === ref.ordinal ? 2 : 0) + (hint && t.domTables.includes(hint.table) ? 1 : 0);
    return [...list].sort((a, b) => score(b) - score(a))[0]!;
  };
  if (title) {
    const byTitle = sameKind.filter((t) => normTitle(t.title) === title);
    if (byTitle.length > 0) return { table: pick(byTitle), by: 'title' };
  }
  if (ref.kind !== 'layout' && ref.kind !== 'unknown' && sameKind[ref.ordinal])
    return { table: sameKind[ref.ordinal]!, by: 'ordinal' };
  if (title) {
    const any = doc.tables.filter((t) => normTitle(t.title) === title);
    if (any.length > 0) return { table: pick(any), by: 'title-only' };
  }
  return null;
}

function findRow(
  table: BudgetTable,
  ref: RowRef,
  hint: NoteAddress | null,
): { index: number; by: 'code' | 'names' } | null {
  const onSide = table.rows.map((r, i) => ({ r, i })).filter(({ r }) => ref.side >= table.sides || r.side === ref.side);
  const want = ref.names.map(normName);
  const ancestorsWanted = want.slice(0, -1);
  const score = (i: number): number => {
    const path = namePath(table, i).map(normName);
    const ancestors = path.slice(0, -1);
    let s = 0;
    for (const [k, w] of ancestorsWanted.entries()) {
      if (!w) continue;
      if (ancestors.includes(w)) s += 2;
      // the same place counted from the row up
      if (ancestors[ancestors.length - (ancestorsWanted.length - k)] === w) s += 1;
    }
    return s;
  };
  const hinted = (i: number): boolean => !!hint && rowCells(table.rows[i]!).some((a) => sameAddr(a, hint));
  const best = (cands: number[]): number => {
    if (cands.length === 1) return cands[0]!;
    return [...cands].sort((a, b) => score(b) - score(a) || (hinted(b) ? 1 : 0) - (hinted(a) ? 1 : 0) || a - b)[0]!;
  };
  if (ref.code) {
    const code = normCode(ref.code);
    const byCode = onSide.filter(({ r }) => r.code !== undefined && normCode(r.code) === code).map(({ i }) => i);
    if (byCode.length > 0) return { index: best(byCode), by: 'code' };
  }
  const last = want[want.length - 1];
  if (!last) return null;
  const byName = onSide.filter(({ r }) => normName(r.label) === last).map(({ i }) => i);
  if (byName.length === 0) return null;
  return { index: best(byName), by: 'names' };
}

function findColumn(
  table: BudgetTable,
  ref: ColumnRef,
  side: number,
  hint: NoteAddress | null,
): { column: Column; by: 'path' | 'label' } | null {
  const want = ref.path.map(normHeader);
  if (want.length === 0) return null;
  const onSide = table.columns.some((c) => c.side === side)
    ? table.columns.filter((c) => c.side === side)
    : [...table.columns];
  const hintedCol = hint ? locate(table, hint)?.c : undefined;
  const pick = (list: Column[]): Column => list.find((c) => c.index === hintedCol) ?? list[0]!;
  const full = onSide.filter((c) => c.path.length === want.length && c.path.every((p, i) => normHeader(p) === want[i]));
  if (full.length > 0) return { column: pick(full), by: 'path' };
  const last = want[want.length - 1]!;
  const byLast = onSide.filter((c) => c.path.length > 0 && normHeader(c.path[c.path.length - 1]!) === last);
  if (byLast.length === 0) return null;
  // More of the path agreeing from the bottom up wins.
  const agree = (c: Column): number => {
    const p = c.path.map(normHeader);
    let n = 0;
    while (n < p.length && n < want.length && p[p.length - 1 - n] === want[want.length - 1 - n]) n++;
    return n;
  };
  const top = Math.max(...byLast.map(agree));
  return { column: pick(byLast.filter((c) => agree(c) === top)), by: 'label' };
}

/** Cells of the table whose text is the quote's, scored by how much of their neighbours agree with the quote's. */
function searchQuote(
  table: BudgetTable,
  quote: QuoteRef,
  hint: NoteAddress | null,
  rowHint?: number,
): { addr: CellAddress; now: string } | null {
  const want = normValue(quote.exact);
  if (!want) return null;
  const wp = normText(quote.prefix);
  const ws = normText(quote.suffix);
  const need = Math.min(4, wp.length + ws.length);
  let best: { addr: CellAddress; now: string; score: number; r: number } | null = null;
  let count = 0;
  for (let r = 0; r < table.grid.length; r++) {
    const row = table.grid[r]!;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c]!;
      if (!cell.addr || cell.spanned || normValue(cell.text) !== want) continue;
      count++;
      const ctx = rowContext(table, r, c);
      let score = commonSuffix(normText(ctx.prefix), wp) + commonPrefix(normText(ctx.suffix), ws);
      if (score < need) continue;
      if (sameAddr(cell.addr, hint)) score += 0.5;
      if (rowHint !== undefined && r === rowHint) score += 0.25;
      if (!best || score > best.score) best = { addr: cell.addr, now: cell.text, score, r };
    }
  }
  // Without any neighbour to compare, only a single occurrence is trusted.
  if (need === 0 && count !== 1) return null;
  return best ? { addr: best.addr, now: best.now } : null;
}

function resolve(doc: BudgetDocument, anchor: Anchor, hint: NoteAddress | null): Resolution {
  if (anchor.scope === 'page') return { status: 'attached', scope: 'page', cells: [], confidence: 'exact' };
  const tref = anchor.table;
  if (!tref) return orphan('笔记没有记下它属于哪张表', 'the note does not record its table');
  const [kindZh, kindEn] = kindName(tref.kind);
  const found = findTable(doc, tref, hint);
  if (!found)
    return orphan(
      `找不到表：${tref.title || kindZh}（${kindZh}）`,
      `table not found: ${tref.title || kindEn} (${kindEn})`,
    );
  const { table } = found;
  const tableByMeaning = found.by === 'title';
  const tableTitle = table.title || kindZh;

  if (anchor.scope === 'table') {
    const here = !hint || table.domTables.includes(hint.table);
    return {
      status: 'attached',
      scope: 'table',
      table: table.index,
      cells: [],
      confidence: tableByMeaning && here ? 'exact' : 'moved',
    };
  }

  const rowMatch = anchor.row ? findRow(table, anchor.row, hint) : null;
  const names = anchor.row ? anchor.row.names.filter(Boolean).join(' › ') || anchor.row.code || '' : '';
  const rowMissing = (): Orphan =>
    orphan(
      `在表“${tableTitle}”中找不到行：${names}${anchor.row?.code ? `（${anchor.row.code}）` : ''}`,
      `row not found in table "${tableTitle}": ${names}${anchor.row?.code ? ` (${anchor.row.code})` : ''}`,
    );

  if (anchor.scope === 'row') {
    if (!rowMatch) return rowMissing();
    const row = table.rows[rowMatch.index]!;
    const cells = rowCells(row);
    const primary = row.labelCells[0] ?? cells[0];
    const was = anchor.quote?.exact ?? anchor.row?.names[anchor.row.names.length - 1] ?? '';
    const labelChanged = was !== '' && normName(was) !== normName(row.label);
    const here = !hint || cells.some((a) => sameAddr(a, hint));
    return {
      status: 'attached',
      scope: 'row',
      table: table.index,
      ...(primary ? { primary } : {}),
      cells,
      confidence: labelChanged ? 'fuzzy' : tableByMeaning && here ? 'exact' : 'moved',
      ...(labelChanged ? { changed: { was, now: row.label } } : {}),
    };
  }

  // Cell scope.
  const quote = anchor.quote;
  const row = rowMatch ? table.rows[rowMatch.index]! : undefined;
  const colMatch = row && anchor.column ? findColumn(table, anchor.column, row.side, hint) : null;
  if (row && colMatch) {
    const cell = table.grid[row.gridRow]?.[colMatch.column.index];
    if (cell?.addr) {
      const addr = cell.addr;
      const base = {
        status: 'attached' as const,
        scope: 'cell' as const,
        table: table.index,
        primary: addr,
        cells: [addr],
      };
      if (quote && normValue(cell.text) !== normValue(quote.exact)) {
        return { ...base, confidence: 'fuzzy', changed: { was: quote.exact, now: cell.text } };
      }
      const here = !hint || sameAddr(addr, hint);
      return { ...base, confidence: tableByMeaning && colMatch.by === 'path' && here ? 'exact' : 'moved' };
    }
  }
  // The row or the column is gone (or the note has none): look for the quoted text with its neighbours.
  if (quote) {
    const hit = (row && searchQuote(table, quote, hint, row.gridRow)) || searchQuote(table, quote, hint);
    if (hit)
      return {
        status: 'attached',
        scope: 'cell',
        table: table.index,
        primary: hit.addr,
        cells: [hit.addr],
        confidence: 'fuzzy',
      };
  }
  if (anchor.row && !row) return rowMissing();
  if (anchor.column && !colMatch) {
    const path = anchor.column.path.join(' › ');
    return orphan(`在表“${tableTitle}”中找不到列：${path}`, `column not found in table "${tableTitle}": ${path}`);
  }
  const exact = quote?.exact ?? '';
  return orphan(`在表“${tableTitle}”中找不到单元格：“${exact}”`, `cell not found in table "${tableTitle}": "${exact}"`);
}

/**
 * Where a note's anchor is on this document now: attached (with how sure) or orphaned (with a reason, Chinese and
 * English, saying what was not found). Never throws: an anchor it cannot read is an orphan too.
 */
export function resolveAnchor(doc: BudgetDocument, anchor: Anchor, hint?: NoteAddress | null): Resolution {
  try {
    return resolve(doc, anchor, hint ?? null);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return orphan(`无法定位这条笔记：${msg}`, `the note could not be placed: ${msg}`);
  }
}

/** A department name with the region of its document's title put in front when the name prints none. */
function qualified(department: string | null | undefined, title: string): string | null {
  if (!department) return null;
  if (parseDepartment(department).regions.length > 0) return department;
  const region = regionOf(title);
  return region ? `${region}${department}` : department;
}

/**
 * Is the note about this document? The same canonical URL; or the same department (lib/identity/department.ts:
 * "中共湖州市委湖州市人民政府信访局" = "湖州市信访局"), the same year and the same stage (预算 / 决算). When either
 * side does not know its stage, the titles must agree instead. Another year of the same department is another
 * document. Never throws.
 */
export function documentMatches(doc: BudgetDocument, page: PageInfo, anchor: Anchor): boolean {
  try {
    const here = canonicalUrl(page.url, page.canonicalUrl);
    if (here && (here === anchor.page.url || here === canonicalUrl(anchor.page.url))) return true;
    const a = anchor.document;
    if (doc.year === undefined || a.year === null || doc.year !== a.year) return false;
    const mine = qualified(doc.department, doc.title);
    const theirs = qualified(a.department, a.title);
    if (!sameDepartment(mine, theirs)) return false;
    const stage = doc.stage ?? null;
    if (stage !== null && a.stage !== null) return stage === a.stage;
    const t1 = normDocTitle(doc.title);
    return t1 !== '' && t1 === normDocTitle(a.title);
  } catch {
    return false;
  }
}

/** The notes about this document, each attached or orphaned (notes about other documents are left out). */
export function resolveNotes(
  doc: BudgetDocument,
  page: PageInfo,
  notes: readonly Note[],
): { note: Note; resolution: Resolution }[] {
  const out: { note: Note; resolution: Resolution }[] = [];
  for (const note of notes) {
    if (!note?.anchor || !documentMatches(doc, page, note.anchor)) continue;
    out.push({ note, resolution: resolveAnchor(doc, note.anchor, note.hint) });
  }
  return out;
}

export type { Attached as AttachedResolution, Orphan as OrphanResolution };
