import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateExport, migrateV1toV2, readNote } from '../../lib/notes/migrations';
import { NOTE_SCHEMA_VERSION, NOTE_SCHEMAS, NoteSchema, type Note, type NoteV1 } from '../../lib/notes/schema';
import { FIXTURES } from '../helpers';

/**
 * Every stored version of a note must still read: tests/fixtures/notes/v<N>/*.json hold realistic notes of each
 * version (a cell note, a row note tagged 已核实, a page note, a table note; Chinese text), read here through readNote.
 */

const NOTES = join(FIXTURES, 'notes');
const versions = Object.keys(NOTE_SCHEMAS).map((k) => Number.parseInt(k, 10));

function fixturesOf(v: number): { file: string; raw: Record<string, unknown> }[] {
  const dir = join(NOTES, `v${v}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, raw: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown> }));
}

function read(raw: unknown): Note {
  const r = readNote(raw);
  if (!r.ok) throw new Error(r.error);
  return r.note;
}

describe('fixtures of every version', () => {
  it('there are fixtures for every version up to the current one, several each', () => {
    expect(Math.max(...versions)).toBe(NOTE_SCHEMA_VERSION);
    for (const v of versions) expect(fixturesOf(v).length, `v${v}`).toBeGreaterThanOrEqual(3);
    // Every past version has a migration to the next one, as a named function.
    for (const v of versions.filter((x) => x > 1))
      expect(typeof (MIGRATIONS as Record<number, unknown>)[v]).toBe('function');
  });

  for (const v of versions) {
    it.each(fixturesOf(v).map((f) => [f.file, f.raw] as const))(
      `v${v}/%s is valid for its version and reads as the current version`,
      (_file, raw) => {
        expect(NOTE_SCHEMAS[v as keyof typeof NOTE_SCHEMAS].safeParse(raw).success).toBe(true);
        const r = readNote(raw);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(NoteSchema.safeParse(r.note).success).toBe(true);
        expect(r.note.v).toBe(NOTE_SCHEMA_VERSION);
        expect(r.migratedFrom).toBe(v < NOTE_SCHEMA_VERSION ? v : undefined);
        // What the user wrote is kept as it was.
        expect(r.note.id).toBe(raw.id);
        expect(r.note.text).toBe(raw.text);
        expect(r.note.tags).toEqual(raw.tags);
        expect(r.note.createdAt).toBe(raw.createdAt);
        expect(r.note.hint).toEqual(raw.hint);
      },
    );
  }
});

describe('v1 → v2', () => {
  const v1 = Object.fromEntries(fixturesOf(1).map((f) => [f.file, f.raw]));

  it(
    'a cell note tagged 疑点: open, no finding, stage 预算 from the title, ordinal 0, the anchor otherwise ' +
      'unchanged',
    () => {
      const raw = v1['cell-chailvfei.json']!;
      const note = read(raw);
      expect(note.status).toBe('open');
      expect(note.finding).toBeNull();
      expect(note.anchor.document.stage).toBe('预算');
      expect(note.anchor.table).toEqual({
        kind: 'gpb-basic',
        title: '表 6： 2024 年市级部门一般公共预算基本支出预算表',
        unit: '万元',
        ordinal: 0,
      });
      expect(note.anchor.row).toEqual({ code: null, names: ['商品和服务支出', '差旅费'], side: 0 });
      expect(note.anchor.column).toEqual({ path: ['本年一般公共预算基本支出', '合计'] });
      expect(note.anchor.quote).toEqual({ exact: '19.00', prefix: '差旅费', suffix: '19.00' });
      expect(note.anchor.page).toEqual((raw.anchor as { page: unknown }).page);
      expect(note.text).toContain('差旅费 19.00 万元');
    },
  );

  it('a row note tagged 已核实 is resolved', () => {
    const note = read(v1['row-verified.json']);
    expect(note.status).toBe('resolved');
    expect(note.tags).toEqual(['已核实', '已追问']);
    expect(note.anchor.scope).toBe('row');
    expect(note.anchor.row?.names).toEqual(['一般公共服务支出', '政府办公厅（室）及相关机构事务', '行政运行']);
    expect(note.anchor.table?.ordinal).toBe(0);
  });

  it('a page note about a 决算 gets stage 决算 and keeps table, row, column and quote null', () => {
    const note = read(v1['page-final-accounts.json']);
    expect(note.anchor.document).toEqual({
      department: '中共湖州市委湖州市人民政府信访局',
      year: 2023,
      title: '中共湖州市委湖州市人民政府信访局 2023 年度部门决算',
      stage: '决算',
    });
    expect(note.anchor.table).toBeNull();
    expect(note.anchor.row).toBeNull();
    expect(note.anchor.quote).toBeNull();
    expect(note.status).toBe('open');
    expect(note.hint).toBeNull();
  });

  it('a title that names neither 预算 nor 决算 gives stage null', () => {
    const note = read(v1['table-no-stage.json']);
    expect(note.anchor.document.stage).toBeNull();
    expect(note.status).toBe('open');
    expect(note.anchor.table).toMatchObject({ kind: 'three-public', ordinal: 0 });
  });

  it('the migration is a plain function of a v1 note (it does not change its input)', () => {
    const parsed = NOTE_SCHEMAS[1].parse(v1['row-verified.json']) as NoteV1;
    const copy = structuredClone(parsed);
    const out = migrateV1toV2(parsed);
    expect(parsed).toEqual(copy);
    expect(out.v).toBe(2);
    expect(MIGRATIONS[2]).toBe(migrateV1toV2);
  });
});

describe('v2 (current) notes', () => {
  const v2 = Object.fromEntries(fixturesOf(2).map((f) => [f.file, f.raw]));

  it('read as they are, finding and status kept', () => {
    const note = read(v2['cell-with-finding.json']);
    expect(note.status).toBe('in-progress');
    expect(note.finding).toMatchObject({
      check: 'row-totals',
      severity: 'info',
      stated: '2.13',
      expected: '2.14',
      unit: '万元',
    });
    expect(note.anchor.row?.code).toBe('2080502');
    const r = readNote(v2['row-resolved.json']);
    expect(r.ok && r.migratedFrom).toBe(undefined);
  });
});

describe('what does not read gives an error, never a throw', () => {
  const base = JSON.parse(readFileSync(join(NOTES, 'v2', 'cell-with-finding.json'), 'utf8')) as Record<string, unknown>;

  it.each([
    ['null', null],
    ['a string', 'note'],
    ['an array', []],
    ['a number', 42],
    ['undefined', undefined],
  ])('%s', (_what, raw) => {
    const r = readNote(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/not a note/u);
  });

  it('no version', () => {
    const { v: _v, ...rest } = base;
    void _v;
    const r = readNote(rest);
    expect(r).toMatchObject({ ok: false, code: 'not-a-note' });
    if (!r.ok) expect(r.error).toContain('(v)');
  });

  it('a newer version than this extension knows', () => {
    const r = readNote({ ...base, v: NOTE_SCHEMA_VERSION + 1 });
    expect(r).toMatchObject({ ok: false, code: 'too-new' });
    if (!r.ok) {
      expect(r.error).toContain(`${NOTE_SCHEMA_VERSION + 1}`);
      expect(r.error).toMatch(/newer than this extension supports/u);
      expect(r.error).toMatch(/^笔记版本/u);
    }
  });

  it('an unknown old version', () => {
    expect(readNote({ ...base, v: 0 })).toMatchObject({ ok: false, code: 'unknown-version' });
    expect(readNote({ ...base, v: 1.5 })).toMatchObject({ ok: false, code: 'not-a-note' });
  });

  it('an invalid field is named by its path', () => {
    const anchor = base.anchor as Record<string, unknown>;
    const r = readNote({ ...base, anchor: { ...anchor, page: { ...(anchor.page as object), url: 42 } } });
    expect(r).toMatchObject({ ok: false, code: 'invalid' });
    if (!r.ok) expect(r.error).toContain('anchor.page.url');
  });

  it('a v1 note that is not valid v1 (a v2 field missing is fine, a v1 field missing is not)', () => {
    const raw = JSON.parse(readFileSync(join(NOTES, 'v1', 'cell-chailvfei.json'), 'utf8')) as Record<string, unknown>;
    const { tags: _tags, ...noTags } = raw;
    void _tags;
    const r = readNote(noTags);
    expect(r).toMatchObject({ ok: false, code: 'invalid' });
    if (!r.ok) {
      expect(r.error).toContain('tags');
      expect(r.error).toContain('版本 1');
    }
  });

  it('a bad status, a bad id, a bad date', () => {
    for (const [patch, path] of [
      [{ status: 'done' }, 'status'],
      [{ id: 'a b' }, 'id'],
      [{ createdAt: 'yesterday' }, 'createdAt'],
    ] as const) {
      const r = readNote({ ...base, ...patch });
      expect(r.ok, path).toBe(false);
      if (!r.ok) expect(r.error).toContain(path);
    }
  });
});

describe('migrateExport', () => {
  const all = versions.flatMap((v) => fixturesOf(v).map((f) => f.raw));

  it('reads a file of mixed versions, all notes current', () => {
    const r = migrateExport(NOTE_SCHEMA_VERSION, all);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.notes).toHaveLength(all.length);
      expect(r.notes.every((n) => n.v === NOTE_SCHEMA_VERSION)).toBe(true);
    }
  });

  it('a note without v takes the schema of the file', () => {
    const { v: _v, ...rest } = fixturesOf(1)[0]!.raw;
    void _v;
    const r = migrateExport(1, [rest]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.notes[0]!.status).toBe('open');
  });

  it('all or nothing: one bad note fails the file and is named', () => {
    const r = migrateExport(2, [...all, { v: 2, id: 'x' }]);
    expect(r).toMatchObject({ ok: false, index: all.length });
    if (!r.ok) expect(r.error).toContain(`note ${all.length + 1}`);
  });

  it('a file from a newer extension', () => {
    expect(migrateExport(NOTE_SCHEMA_VERSION + 1, all)).toMatchObject({ ok: false, code: 'too-new', index: null });
  });
});
