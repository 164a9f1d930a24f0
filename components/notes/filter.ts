import { DEFAULT_TAGS, NOTE_STATUSES, type Anchor, type Note } from '../../lib/notes/schema';

/**
 * The notes page's pure logic: search, filters, the options the filters offer, grouping by document, pagination,
 * where a note sits. No DOM, no browser API, no i18n (labels are added by the components).
 */

/** The filters as the page's controls hold them: '' means "all". */
export interface NoteFilters {
  readonly q: string;
  readonly tag: string;
  readonly department: string;
  readonly year: string;
  readonly site: string;
  readonly status: string;
}

export const NO_FILTERS: NoteFilters = { q: '', tag: '', department: '', year: '', site: '', status: '' };

export const FILTER_NAMES = ['tag', 'department', 'year', 'site', 'status'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

/** Are any filters (or a search) in force? */
export const isFiltered = (f: NoteFilters): boolean => f.q.trim() !== '' || FILTER_NAMES.some((n) => f[n] !== '');

/** Case- and width-insensitive form used for search (full-width digits and letters match their ASCII forms). */
const normalize = (s: string): string => s.normalize('NFKC').toLowerCase();

/** Search terms: whitespace separated (ASCII and the ideographic space). */
const searchTerms = (q: string): string[] =>
  normalize(q)
    .split(/\s+/u)
    .filter((w) => w !== '');

/**
 * Everything a search looks in: text, tags, quote, row code and names, column path, table title, page and document
 * titles, department.
 */
function searchText(note: Note): string {
  const a = note.anchor;
  const parts: string[] = [
    note.text,
    ...note.tags,
    a.page.title,
    a.page.url,
    a.document.title,
    a.document.department ?? '',
  ];
  if (a.table) parts.push(a.table.title);
  if (a.row) parts.push(a.row.code ?? '', ...a.row.names);
  if (a.column) parts.push(...a.column.path);
  if (a.quote) parts.push(a.quote.exact);
  return normalize(parts.join('\n'));
}

/** The notes the filters let through, in the order given. */
export function filterNotes(notes: readonly Note[], f: NoteFilters): Note[] {
  const terms = searchTerms(f.q);
  return notes.filter((n) => {
    if (f.tag !== '' && !n.tags.includes(f.tag)) return false;
    if (f.department !== '' && (n.anchor.document.department ?? '') !== f.department) return false;
    if (f.year !== '' && String(n.anchor.document.year ?? '') !== f.year) return false;
    if (f.site !== '' && n.anchor.page.site !== f.site) return false;
    if (f.status !== '' && n.status !== f.status) return false;
    if (terms.length > 0) {
      const hay = searchText(n);
      if (!terms.every((w) => hay.includes(w))) return false;
    }
    return true;
  });
}

export interface FilterOption {
  readonly value: string;
  readonly count: number;
}
export type FilterOptions = Readonly<Record<FilterName, readonly FilterOption[]>>;

const zhCompare = (a: string, b: string): number => a.localeCompare(b, 'zh-CN');

function counted(values: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) if (v !== '') m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

const toOptions = (m: Map<string, number>, order: (a: string, b: string) => number): FilterOption[] =>
  [...m.keys()].sort(order).map((value) => ({ value, count: m.get(value)! }));

/**
 * What each filter offers, taken from the notes themselves (a value no note has is never offered):
 * tags with the default tags first in their order, then the others by use; departments and sites in order;
 * years newest first; statuses in their workflow order.
 */
export function filterOptions(notes: readonly Note[]): FilterOptions {
  const tags = counted(notes.flatMap((n) => [...new Set(n.tags)]));
  const defaults: readonly string[] = DEFAULT_TAGS;
  const tagRank = (t: string): number => {
    const i = defaults.indexOf(t);
    return i < 0 ? defaults.length : i;
  };
  const statuses: readonly string[] = NOTE_STATUSES;
  return {
    tag: toOptions(tags, (a, b) => tagRank(a) - tagRank(b) || tags.get(b)! - tags.get(a)! || zhCompare(a, b)),
    department: toOptions(counted(notes.map((n) => n.anchor.document.department ?? '')), zhCompare),
    year: toOptions(counted(notes.map((n) => String(n.anchor.document.year ?? ''))), (a, b) => b.localeCompare(a)),
    site: toOptions(counted(notes.map((n) => n.anchor.page.site)), (a, b) => a.localeCompare(b)),
    status: toOptions(counted(notes.map((n) => n.status)), (a, b) => statuses.indexOf(a) - statuses.indexOf(b)),
  };
}

/** A document's notes: one group per canonical page URL. */
export interface DocumentGroup {
  readonly url: string;
  /** The page title; else the document title; else the URL. */
  readonly title: string;
  readonly site: string;
  readonly department: string | null;
  readonly year: number | null;
  readonly stage: string | null;
  /** Newest first. */
  readonly notes: readonly Note[];
  /** updatedAt of the newest note. */
  readonly latest: string;
}

const newestFirst = (a: Note, b: Note): number => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id);

/** Groups notes by document (canonical page URL), the most recently touched document first. */
export function groupByDocument(notes: readonly Note[]): DocumentGroup[] {
  const byUrl = new Map<string, Note[]>();
  for (const n of notes) {
    const list = byUrl.get(n.anchor.page.url);
    if (list) list.push(n);
    else byUrl.set(n.anchor.page.url, [n]);
  }
  const groups: DocumentGroup[] = [];
  for (const [url, list] of byUrl) {
    list.sort(newestFirst);
    const first = list[0]!;
    // The newest note's titles: the page may have been renamed since older notes were written.
    const named = list.find((n) => n.anchor.page.title.trim() !== '') ?? first;
    const doc = (list.find((n) => n.anchor.document.department !== null) ?? first).anchor.document;
    groups.push({
      url,
      title: named.anchor.page.title.trim() || first.anchor.document.title.trim() || url,
      site: first.anchor.page.site,
      department: doc.department,
      year: doc.year,
      stage: doc.stage,
      notes: list,
      latest: first.updatedAt,
    });
  }
  return groups.sort((a, b) => b.latest.localeCompare(a.latest) || a.url.localeCompare(b.url));
}

/** The first `limit` notes of the groups, in order (a group cut short keeps its first notes). */
export function firstNotes(
  groups: readonly DocumentGroup[],
  limit: number,
): { groups: DocumentGroup[]; shown: number; total: number } {
  const out: DocumentGroup[] = [];
  let shown = 0;
  let total = 0;
  for (const g of groups) {
    total += g.notes.length;
    const room = limit - shown;
    if (room <= 0) continue;
    const notes = g.notes.length <= room ? g.notes : g.notes.slice(0, room);
    out.push(notes === g.notes ? g : { ...g, notes });
    shown += notes.length;
  }
  return { groups: out, shown, total };
}

/** Where a note sits, as text parts (null where the anchor has none). */
export interface NotePlace {
  readonly table: string | null;
  /** Row code and label path, e.g. "2010308 一般公共服务支出 / 信访事务 / 行政运行". */
  readonly row: string | null;
  /** Column header path, e.g. "基本支出 / 人员经费". */
  readonly column: string | null;
  /** The stated value as quoted when the note was written. */
  readonly quote: string | null;
}

export const PATH_SEPARATOR = ' / ';

export function notePlace(anchor: Anchor): NotePlace {
  const row = anchor.row
    ? [anchor.row.code ?? '', anchor.row.names.join(PATH_SEPARATOR)].filter((s) => s !== '').join(' ')
    : '';
  const column = anchor.column ? anchor.column.path.join(PATH_SEPARATOR) : '';
  return {
    table: anchor.table ? anchor.table.title || null : null,
    row: row || null,
    column: column || null,
    quote: anchor.quote && anchor.quote.exact !== '' ? anchor.quote.exact : null,
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The local date as YYYY-MM-DD. */
export const localDate = (now: Date): string => `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;

/** budget-lens-notes-2026-11-30.json (or .md, .csv). */
export const exportFileName = (ext: 'json' | 'md' | 'csv', now: Date = new Date()): string =>
  `budget-lens-notes-${localDate(now)}.${ext}`;

/** Tags typed in a free field: separated by commas (ASCII or Chinese), the enumeration comma, semicolons or spaces. */
export const splitTags = (s: string): string[] =>
  s
    .split(/[,，、;；\s]+/u)
    .map((t) => t.trim())
    .filter((t) => t !== '');

/** Unique trimmed tags in the order first seen. */
export function cleanTags(tags: Iterable<string>): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    const t = raw.trim();
    if (t !== '' && !out.includes(t)) out.push(t);
  }
  return out;
}

export const MAX_TAGS = 30;
export const MAX_TAG_LENGTH = 40;
export const MAX_TEXT_LENGTH = 20000;

/** What the schema would refuse in a draft, so the form can say it before writing. */
export function draftProblem(
  text: string,
  tags: readonly string[],
): 'empty' | 'text-too-long' | 'tag-too-long' | 'too-many-tags' | null {
  if (text.trim() === '') return 'empty';
  if (text.length > MAX_TEXT_LENGTH) return 'text-too-long';
  if (tags.some((t) => t.length > MAX_TAG_LENGTH)) return 'tag-too-long';
  if (tags.length > MAX_TAGS) return 'too-many-tags';
  return null;
}
