import { readNote } from './migrations';
import { EXPORT_FORMAT, ExportHeaderSchema, NOTE_SCHEMAS, NOTE_SCHEMA_VERSION, type Note } from './schema';
import { sameContent, type NotesStore } from './store';

/**
 * Export and import of notes (the file format: `{ format: 'budget-lens-notes', schema, extension, exportedAt,
 * notes }`, pretty-printed, notes sorted by creation time), and the reporter formats (Markdown, CSV).
 *
 * An import is all or nothing: parseImport either returns every note of the file, each read through readNote
 * (older versions migrated), or throws an ImportError saying what is wrong (zh first in the UI); nothing is written
 * before the user has seen the plan (planImport) and chosen what to do with conflicts (applyImport).
 */

export { notesMarkdown, type ExportLang } from './markdown';
export { notesCsv } from './csv';

/** Largest import file, in UTF-8 bytes (the UI should check File.size before reading the file). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export class ImportError extends Error {
  constructor(
    readonly code: 'not-json' | 'foreign' | 'too-new' | 'invalid-note' | 'too-large' | 'empty',
    readonly text: { readonly zh: string; readonly en: string },
  ) {
    super(text.en);
    this.name = 'ImportError';
  }
}

const byCreated = (a: Note, b: Note): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export function exportJson(notes: readonly Note[], extensionVersion: string, now: Date = new Date()): string {
  const file = {
    format: EXPORT_FORMAT,
    schema: NOTE_SCHEMA_VERSION,
    extension: extensionVersion,
    exportedAt: now.toISOString(),
    notes: [...notes].sort(byCreated),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** UTF-8 length without encoding the text (bytes ≥ UTF-16 code units, so a long text is refused at once). */
function utf8Bytes(text: string, limit: number): number {
  if (text.length > limit) return text.length;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const clip = (s: string, n = 80): string => (s.length > n ? `${s.slice(0, n)}…` : s);

function foreign(what: { zh: string; en: string }): ImportError {
  return new ImportError('foreign', {
    zh: `这不是预算透镜的笔记导出文件：${what.zh}请选择用“导出笔记”保存的 .json 文件。`,
    en: `This is not a budget-lens notes export: ${what.en} Choose a .json file saved with “Export notes”.`,
  });
}

function describeForeign(data: unknown): ImportError {
  if (Array.isArray(data)) {
    return foreign({
      zh: '文件内容是一个列表（JSON 数组），而导出文件是一个带 format 字段的对象。',
      en: 'the file holds a list (a JSON array), whereas an export is an object with a `format` field.',
    });
  }
  if (!isObject(data))
    return foreign({
      zh: `文件内容是单个值（${clip(JSON.stringify(data), 40)}）。`,
      en: `the file holds a single value (${clip(JSON.stringify(data), 40)}).`,
    });
  if ('findings' in data && ('summary' in data || 'tables' in data)) {
    return foreign({
      zh: '它是一份核对报告（--json 或“导出报告”的 JSON），不是笔记。',
      en: 'it is an audit report (the --json or “Export report” JSON), not notes.',
    });
  }
  if (typeof data.format === 'string') {
    const f = clip(data.format, 60);
    return foreign({
      zh: `它的格式是“${f}”，不是“${EXPORT_FORMAT}”。`,
      en: `its format is “${f}”, not “${EXPORT_FORMAT}”.`,
    });
  }
  return foreign({ zh: `它没有 format: "${EXPORT_FORMAT}" 字段。`, en: `it has no format: "${EXPORT_FORMAT}" field.` });
}

function tooNew(schema: number, extension: unknown): ImportError {
  const by = typeof extension === 'string' && extension ? clip(extension, 40) : null;
  return new ImportError('too-new', {
    zh:
      `这个文件${by ? `由预算透镜 ${by} ` : '由较新版本的预算透镜'}导出，笔记格式是第 ${schema} 版，而本扩展只认识到第 ${NOTE_SCHEMA_VERSION} 版。` +
      `请先更新扩展，再导入这个文件。什么都没有导入。`,
    en:
      `This file was exported by ${by ? `budget-lens ${by}` : 'a newer budget-lens'} in notes format ` +
      `version ${schema}; this extension knows versions up to ${NOTE_SCHEMA_VERSION}. Update the extension, ` +
      `then import the file again. Nothing was imported.`,
  });
}

/** What is wrong with a note that readNote refused: the field path and message of the first problems. */
function noteProblem(raw: unknown, readError: string): string {
  if (!isObject(raw)) return `not a note object (${Array.isArray(raw) ? 'array' : raw === null ? 'null' : typeof raw})`;
  const v = raw.v;
  if (typeof v === 'number' && v in NOTE_SCHEMAS) {
    const r = NOTE_SCHEMAS[v as keyof typeof NOTE_SCHEMAS].safeParse(raw);
    if (!r.success) {
      return r.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(note)'}: ${i.message}`)
        .join('; ');
    }
  }
  return readError;
}

function invalidNote(index: number, raw: unknown, problem: string): ImportError {
  const id = isObject(raw) && typeof raw.id === 'string' ? clip(raw.id, 64) : null;
  return new ImportError('invalid-note', {
    zh: `第 ${index + 1} 条笔记${id ? `（id ${id}）` : '（没有 id）'}无效：${problem}。整个文件都没有导入，现有笔记没有任何改动。`,
    en:
      `Note #${index + 1} ${id ? `(id ${id})` : '(no id)'} is not valid: ${problem}. Nothing from the ` +
      `file was imported; your notes are unchanged.`,
  });
}

/** Reads an export file; throws ImportError, never returns a partly valid list. */
export function parseImport(text: string): { notes: Note[]; schema: number; extension: string; exportedAt: string } {
  const bytes = utf8Bytes(text, MAX_IMPORT_BYTES);
  if (bytes > MAX_IMPORT_BYTES) {
    const mb = (bytes / 1024 / 1024).toFixed(1);
    throw new ImportError('too-large', {
      zh: `文件太大（${mb} MB，上限 20 MB），没有导入。笔记导出文件通常远小于这个大小，请确认选对了文件。`,
      en:
        `The file is too large (${mb} MB; the limit is 20 MB) and was not imported. A notes export is ` +
        `usually far smaller: check that this is the right file.`,
    });
  }
  const body = text.replace(/^\uFEFF/u, '');
  if (body.trim() === '')
    throw new ImportError('empty', {
      zh: '文件是空的，没有导入任何内容。',
      en: 'The file is empty; nothing was imported.',
    });
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    const detail = e instanceof Error ? clip(e.message, 120) : '';
    throw new ImportError('not-json', {
      zh: `文件不是 JSON，读不出来（${detail}）。请选择用“导出笔记”保存的 .json 文件。`,
      en: `The file is not JSON and cannot be read (${detail}). Choose a .json file saved with “Export notes”.`,
    });
  }
  if (!isObject(data) || data.format !== EXPORT_FORMAT) throw describeForeign(data);
  if (typeof data.schema === 'number' && Number.isInteger(data.schema) && data.schema > NOTE_SCHEMA_VERSION)
    throw tooNew(data.schema, data.extension);
  const header = ExportHeaderSchema.safeParse(data);
  if (!header.success) {
    const problem = header.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`)
      .join('; ');
    throw foreign({
      zh: `文件头不完整或已损坏（${problem}）。`,
      en: `its header is incomplete or damaged (${problem}).`,
    });
  }
  const h = header.data;
  if (h.notes.length === 0)
    throw new ImportError('empty', {
      zh: '这个导出文件里没有笔记，没有导入任何内容。',
      en: 'This export file holds no notes; nothing was imported.',
    });

  const notes: Note[] = [];
  const seen = new Map<string, number>();
  for (const [i, item] of h.notes.entries()) {
    // A note without its own version is of the file's version (as migrations.ts's migrateExport reads it).
    const raw = isObject(item) && !('v' in item) ? { ...item, v: h.schema } : item;
    if (isObject(raw) && typeof raw.v === 'number' && raw.v > NOTE_SCHEMA_VERSION) throw tooNew(raw.v, h.extension);
    let r: ReturnType<typeof readNote>;
    try {
      r = readNote(raw);
    } catch (e) {
      r = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    if (!r.ok) throw invalidNote(i, raw, noteProblem(raw, r.error));
    const first = seen.get(r.note.id);
    if (first !== undefined) {
      throw new ImportError('invalid-note', {
        zh: `第 ${first + 1} 条和第 ${i + 1} 条笔记的 id 相同（${r.note.id}）：文件已损坏或被编辑过。整个文件都没有导入，现有笔记没有任何改动。`,
        en:
          `Notes #${first + 1} and #${i + 1} have the same id (${r.note.id}): the file is damaged or was ` +
          `edited. Nothing from the file was imported; your notes are unchanged.`,
      });
    }
    seen.set(r.note.id, i);
    notes.push(r.note);
  }
  return { notes, schema: h.schema, extension: h.extension, exportedAt: h.exportedAt };
}

export interface ImportPlan {
  readonly add: readonly Note[];
  /** Same id, same content: nothing to do. */
  readonly same: readonly Note[];
  /** Same id, different content. */
  readonly conflicts: readonly { readonly incoming: Note; readonly existing: Note }[];
}
export type ConflictChoice = 'keep-mine' | 'take-theirs' | 'keep-both';

/** Sorts the incoming notes by what importing them means; "same" is equal content whatever the key order. */
export function planImport(incoming: readonly Note[], existing: readonly Note[]): ImportPlan {
  const mine = new Map(existing.map((n) => [n.id, n]));
  const add: Note[] = [];
  const same: Note[] = [];
  const conflicts: { incoming: Note; existing: Note }[] = [];
  const seen = new Set<string>();
  for (const n of incoming) {
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    const m = mine.get(n.id);
    if (!m) add.push(n);
    else if (sameContent(n, m)) same.push(n);
    else conflicts.push({ incoming: n, existing: m });
  }
  return { add, same, conflicts };
}

/**
 * Writes the plan: the new notes, and the conflicts as chosen:
 * - keep-mine: conflicts are skipped;
 * - take-theirs: the incoming note replaces the stored one, which the store first keeps under
 *   `note-backup:import:<id>` (in the same storage write), so no note is ever lost;
 * - keep-both: the incoming note is added under a fresh id (its text, anchor and dates unchanged).
 * Returns the number of notes written; a failure (full storage …) carries the store's message, which says how many
 * were written before it.
 */
export async function applyImport(
  store: NotesStore,
  plan: ImportPlan,
  choice: ConflictChoice,
): Promise<{ ok: true; written: number } | { ok: false; message: { zh: string; en: string }; written: number }> {
  const notes: Note[] = [...plan.add];
  if (choice === 'take-theirs') notes.push(...plan.conflicts.map((c) => c.incoming));
  else if (choice === 'keep-both') notes.push(...plan.conflicts.map((c) => ({ ...c.incoming, id: store.newId() })));
  if (notes.length === 0) return { ok: true, written: 0 };
  const r = await store.putMany(notes, { backup: 'import' });
  if (r.ok) return { ok: true, written: r.written };
  return { ok: false, message: { zh: r.message.zh, en: r.message.en }, written: r.written };
}
