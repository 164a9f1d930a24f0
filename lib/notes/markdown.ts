import { escapeMarkdown } from '../report/markdown';
import type { Note, NoteStatus } from './schema';

/**
 * Notes as a reporter uses them: one set of labelled fields per note (shared with the CSV export), and a Markdown
 * document grouped by the page the notes are about.
 *
 * Every piece of text that came from the page (titles, row and column names, quoted values, finding messages) or
 * from the note is escaped, so it cannot inject links, images, emphasis, headings or HTML into the reporter's
 * document; bare URLs are broken too (`http\://`, `www\.`: CommonMark shows the character, GFM no longer makes a
 * link of it). Only the page URL itself becomes a link, as an autolink `<https://…>` that shows where it goes.
 */

export type ExportLang = 'zh' | 'en';

const STATUS_LABEL: Record<NoteStatus, { readonly zh: string; readonly en: string }> = {
  open: { zh: '待处理', en: 'Open' },
  'in-progress': { zh: '处理中', en: 'In progress' },
  resolved: { zh: '已解决', en: 'Resolved' },
};

/** The fields of a note in a report, in column order. */
export const NOTE_FIELDS = [
  'url',
  'pageTitle',
  'table',
  'row',
  'column',
  'stated',
  'expected',
  'unit',
  'finding',
  'tags',
  'status',
  'text',
  'created',
  'updated',
  'id',
] as const;
export type NoteField = (typeof NOTE_FIELDS)[number];

export const FIELD_LABEL: Record<NoteField, { readonly zh: string; readonly en: string }> = {
  url: { zh: '网址', en: 'URL' },
  pageTitle: { zh: '页面标题', en: 'Page title' },
  table: { zh: '表格', en: 'Table' },
  row: { zh: '行', en: 'Row' },
  column: { zh: '列', en: 'Column' },
  stated: { zh: '页面数值', en: 'Stated value' },
  expected: { zh: '复算值', en: 'Recomputed value' },
  unit: { zh: '单位', en: 'Unit' },
  finding: { zh: '核对发现', en: 'Finding' },
  tags: { zh: '标签', en: 'Tags' },
  status: { zh: '状态', en: 'Status' },
  text: { zh: '笔记', en: 'Note' },
  created: { zh: '创建时间', en: 'Created' },
  updated: { zh: '更新时间', en: 'Updated' },
  id: { zh: '笔记编号', en: 'Note id' },
};

/** Separator of name and header paths. */
const PATH_SEP = ' › ';

/** `YYYY-MM-DD HH:mm UTC`; a string that is not a date is returned as it is. */
function formatDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A note's report fields as plain text (not escaped: each format escapes its own way). */
export function noteFields(note: Note, lang: ExportLang): Record<NoteField, string> {
  const a = note.anchor;
  const row = a.row ? [a.row.code ?? '', a.row.names.join(PATH_SEP)].filter((s) => s !== '').join(' ') : '';
  return {
    url: a.page.url,
    pageTitle: a.page.title,
    table: a.table ? a.table.title || a.table.kind : '',
    row,
    column: a.column ? a.column.path.join(PATH_SEP) : '',
    stated: a.quote?.exact ?? note.finding?.stated ?? '',
    expected: note.finding?.expected ?? '',
    unit: note.finding?.unit ?? a.table?.unit ?? '',
    finding: note.finding ? note.finding.message[lang] : '',
    tags: note.tags.join(lang === 'zh' ? '、' : '; '),
    status: STATUS_LABEL[note.status][lang],
    text: note.text,
    created: formatDate(note.createdAt),
    updated: formatDate(note.updatedAt),
    id: note.id,
  };
}

const byCreated = (a: Note, b: Note): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Inline text: escapeMarkdown (which also folds newlines), plus `#`, `!` and `$`, and bare URLs broken. */
function escapeInline(text: string): string {
  return escapeMarkdown(text)
    .replace(/[#!$]/gu, (ch) => `\\${ch}`)
    .replace(/\b(https?|ftp|mailto)(:)/giu, '$1\\$2')
    .replace(/\b(www)(\.)/giu, '$1\\$2');
}

/**
 * One line of a multi-line text: escaped inline, and a line start that would open a block (list, heading, quote, rule)
 * escaped too.
 */
function escapeLine(line: string): string {
  const e = escapeInline(line.replace(/\t/gu, '    '));
  return e.replace(/^(\s*)([-+=>])/u, '$1\\$2').replace(/^(\s*\d+)([.)])/u, '$1\\$2');
}

/** The page URL as an autolink when it is http(s) (the URL parser percent-encodes <, >, spaces), else as text. */
function link(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return `<${u.href.replace(/[<>\s]/gu, encodeURIComponent)}>`;
  } catch {
    // not a URL: shown as text
  }
  return escapeInline(url);
}

export function notesMarkdown(notes: readonly Note[], lang: ExportLang): string {
  const zh = lang === 'zh';
  const L = (z: string, e: string): string => (zh ? z : e);
  const sep = L('：', ': ');
  const groups = new Map<string, Note[]>();
  for (const n of [...notes].sort(byCreated)) {
    const g = groups.get(n.anchor.page.url);
    if (g) g.push(n);
    else groups.set(n.anchor.page.url, [n]);
  }
  const out: string[] = [`# ${L('预算透镜笔记', 'budget-lens notes')}`, ''];
  out.push(
    zh
      ? `共 ${notes.length} 条笔记，${groups.size} 个页面。`
      : `${notes.length} note${notes.length === 1 ? '' : 's'} on ${groups.size} page${groups.size === 1 ? '' : 's'}.`,
  );
  for (const [url, group] of groups) {
    const first = group[0]!;
    const d = first.anchor.document;
    out.push(
      '',
      `## ${first.anchor.page.title.trim() ? escapeInline(first.anchor.page.title) : L('（无标题页面）', '(untitled page)')}`,
      '',
    );
    out.push(link(url));
    const about = [
      d.department,
      d.year === null ? null : String(d.year),
      d.title && d.title !== first.anchor.page.title ? d.title : null,
    ].filter((s): s is string => !!s);
    if (about.length) out.push('', escapeInline(about.join(' · ')));
    group.forEach((note, i) => {
      const f = noteFields(note, lang);
      const heading = [f.table, f.row, f.column]
        .filter((s) => s !== '')
        .map(escapeInline)
        .join(' · ');
      out.push('', `### ${i + 1}. ${heading || L('整页', 'Whole page')}`, '');
      const item = (field: NoteField, value: string): void => {
        if (value !== '') out.push(`- ${FIELD_LABEL[field][lang]}${sep}${value}`);
      };
      const unit = f.unit ? ` ${escapeInline(f.unit)}` : '';
      item('stated', f.stated ? `${escapeInline(f.stated)}${unit}` : '');
      item('expected', f.expected ? `${escapeInline(f.expected)}${unit}` : '');
      item('finding', escapeInline(f.finding));
      item('tags', escapeInline(f.tags));
      item('status', f.status);
      item('created', f.created);
      if (f.updated !== f.created) item('updated', f.updated);
      item('id', `\`${note.id}\``);
      if (note.text.trim() !== '') {
        out.push('');
        for (const line of note.text.replace(/\r\n?/gu, '\n').split('\n'))
          out.push(line.trim() === '' ? '>' : `> ${escapeLine(line)}`);
      }
    });
  }
  return `${out.join('\n')}\n`;
}
