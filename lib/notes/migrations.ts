import type { z } from 'zod';
import { NOTE_SCHEMA_VERSION, NOTE_SCHEMAS, NoteSchema, type Note, type NoteV1 } from './schema';

/**
 * Reads a stored or imported note of any known version as the current one: the note's `v` picks its version's
 * schema (NOTE_SCHEMAS), the note is validated with it, then migrated one version at a time (MIGRATIONS, keyed by the
 * version each step produces; every intermediate result is validated with its version's schema) and the result
 * validated with the current schema. A note from a newer extension, of an unknown version, or invalid is refused
 * with a readable message naming the field (its zod path), Chinese first; nothing here throws.
 */

export type ReadError = 'not-a-note' | 'unknown-version' | 'too-new' | 'invalid';

export type ReadResult =
  | { readonly ok: true; readonly note: Note; readonly migratedFrom?: number }
  | { readonly ok: false; readonly error: string; readonly code?: ReadError };

type NoteV2 = z.infer<(typeof NOTE_SCHEMAS)[2]>;

/** A title that says which stage it is: 决算 or 预算 (both or neither: unknown). */
function stageOfTitle(title: string): '预算' | '决算' | null {
  const final = /决算/u.test(title);
  const budget = /预算/u.test(title);
  if (final === budget) return null;
  return final ? '决算' : '预算';
}

/**
 * v1 → v2: `status` ('resolved' when the note was tagged 已核实, else 'open'), `finding` null (v1 did not keep it),
 * `anchor.document.stage` from the document title (预算 / 决算, else null), `anchor.table.ordinal` 0.
 */
export function migrateV1toV2(note: NoteV1): NoteV2 {
  const { anchor } = note;
  return {
    v: 2,
    id: note.id,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
    text: note.text,
    tags: [...note.tags],
    status: note.tags.includes('已核实') ? 'resolved' : 'open',
    anchor: {
      scope: anchor.scope,
      page: { ...anchor.page },
      document: { ...anchor.document, stage: stageOfTitle(anchor.document.title) },
      table: anchor.table ? { ...anchor.table, ordinal: 0 } : null,
      row: anchor.row ? { ...anchor.row, names: [...anchor.row.names] } : null,
      column: anchor.column ? { path: [...anchor.column.path] } : null,
      quote: anchor.quote ? { ...anchor.quote } : null,
    },
    finding: null,
    hint: note.hint ? { ...note.hint } : null,
  };
}

/** One migration per version, keyed by the version it produces: MIGRATIONS[n] turns a note of version n-1 into n. */
export const MIGRATIONS = {
  2: migrateV1toV2,
} as const satisfies { readonly [target: number]: (note: never) => unknown };

type Migration = (note: unknown) => unknown;

/** "anchor.page.url: Invalid input: expected string, received number; …" (at most three issues). */
function describeIssues(error: z.ZodError): string {
  const issues = error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(note)'}: ${i.message}`);
  const more = error.issues.length > 3 ? `; … (${error.issues.length - 3} more)` : '';
  return issues.join('; ') + more;
}

function fail(code: ReadError, zh: string, en: string): ReadResult {
  return { ok: false, code, error: `${zh} / ${en}` };
}

export function readNote(raw: unknown): ReadResult {
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return fail('not-a-note', '不是一条笔记（应为对象）', 'not a note (expected an object)');
    const v = (raw as { v?: unknown }).v;
    if (typeof v !== 'number' || !Number.isInteger(v))
      return fail('not-a-note', '笔记缺少版本号 v', 'the note has no version number (v)');
    if (v > NOTE_SCHEMA_VERSION) {
      return fail(
        'too-new',
        `笔记版本 ${v} 比本扩展支持的版本 ${NOTE_SCHEMA_VERSION} 新，请先更新扩展`,
        `note version ${v} is newer than this extension supports (${NOTE_SCHEMA_VERSION}); update the extension`,
      );
    }
    const schema = (NOTE_SCHEMAS as Record<number, z.ZodType | undefined>)[v];
    if (!schema) return fail('unknown-version', `未知的笔记版本 ${v}`, `unknown note version ${v}`);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const why = describeIssues(parsed.error);
      return fail('invalid', `笔记（版本 ${v}）无效：${why}`, `invalid note (version ${v}): ${why}`);
    }
    let note: unknown = parsed.data;
    for (let target = v + 1; target <= NOTE_SCHEMA_VERSION; target++) {
      const step = (MIGRATIONS as Record<number, Migration | undefined>)[target];
      const next = (NOTE_SCHEMAS as Record<number, z.ZodType | undefined>)[target];
      if (!step || !next)
        return fail(
          'unknown-version',
          `没有从版本 ${target - 1} 到 ${target} 的迁移`,
          `no migration from version ${target - 1} to ${target}`,
        );
      const checked = next.safeParse(step(note));
      if (!checked.success) {
        const why = describeIssues(checked.error);
        return fail(
          'invalid',
          `笔记从版本 ${target - 1} 迁移到 ${target} 后无效：${why}`,
          `the note is invalid after migrating from version ${target - 1} to ${target}: ${why}`,
        );
      }
      note = checked.data;
    }
    const current = NoteSchema.safeParse(note);
    if (!current.success) {
      const why = describeIssues(current.error);
      return fail('invalid', `笔记无效：${why}`, `invalid note: ${why}`);
    }
    return v < NOTE_SCHEMA_VERSION
      ? { ok: true, note: current.data, migratedFrom: v }
      : { ok: true, note: current.data };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return fail('invalid', `无法读取笔记：${msg}`, `the note could not be read: ${msg}`);
  }
}

/**
 * The notes of an export file whose header says `schema`, as current notes; all or nothing. A note without `v`
 * takes the file's schema version. The error names the note (0-based index) and the field.
 */
export function migrateExport(
  schema: number,
  notes: readonly unknown[],
):
  | { readonly ok: true; readonly notes: Note[] }
  | { readonly ok: false; readonly index: number | null; readonly code?: ReadError; readonly error: string } {
  if (!Number.isInteger(schema) || schema < 1)
    return {
      ok: false,
      index: null,
      code: 'not-a-note',
      error: `导出文件的版本号无效：${String(schema)} / invalid schema version in the export file: ${String(schema)}`,
    };
  if (schema > NOTE_SCHEMA_VERSION) {
    return {
      ok: false,
      index: null,
      code: 'too-new',
      error:
        `导出文件的笔记版本 ${schema} 比本扩展支持的版本 ${NOTE_SCHEMA_VERSION} 新，请先更新扩展 / the file's notes are version ` +
        `${schema}, newer than this extension supports (${NOTE_SCHEMA_VERSION}); update the extension`,
    };
  }
  const out: Note[] = [];
  for (const [index, raw] of notes.entries()) {
    const withVersion =
      typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !('v' in raw) ? { ...raw, v: schema } : raw;
    const r = readNote(withVersion);
    if (!r.ok)
      return { ok: false, index, code: r.code, error: `第 ${index + 1} 条笔记 / note ${index + 1}: ${r.error}` };
    out.push(r.note);
  }
  return { ok: true, notes: out };
}
