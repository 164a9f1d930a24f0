import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { NoteSchema, type Note } from '../../lib/notes/schema';
import {
  backupKey,
  NotesStore,
  noteKey,
  type NewNote,
  type StorageAreaLike,
  type StorageChangedLike,
} from '../../lib/notes/store';

const local = (): StorageAreaLike => fakeBrowser.storage.local as unknown as StorageAreaLike;
const changed = (): StorageChangedLike => fakeBrowser.storage.onChanged as unknown as StorageChangedLike;
const snapshot = async (): Promise<Record<string, unknown>> =>
  JSON.parse(JSON.stringify(await local().get(null))) as Record<string, unknown>;

function newNote(text: string, over: Partial<NewNote> = {}): NewNote {
  return {
    text,
    tags: ['疑点'],
    status: 'open',
    anchor: {
      scope: 'cell',
      page: {
        url: 'https://www.huzhou.gov.cn/art/2024/2/1/art_1.html',
        title: '中共湖州市委湖州市人民政府信访局 2024 年部门预算',
        site: 'www.huzhou.gov.cn',
      },
      document: {
        department: '中共湖州市委湖州市人民政府信访局',
        year: 2024,
        title: '中共湖州市委湖州市人民政府信访局 2024 年部门预算',
        stage: '预算',
      },
      table: { kind: 'expenditure', title: '2024 年市级部门支出预算总表', unit: '万元', ordinal: 0 },
      row: { code: '201', names: ['一般公共服务支出'], side: 0 },
      column: { path: ['总计'] },
      quote: { exact: '2,393.42', prefix: '201 一般公共服务支出', suffix: '728.43' },
    },
    finding: null,
    hint: { table: 1, row: 4, cell: 2 },
    ...over,
  };
}

/** A stored v1 note, as the first notes version wrote it. */
function v1Raw(id: string, text: string): Record<string, unknown> {
  return {
    v: 1,
    id,
    createdAt: '2024-03-05T02:14:09.120Z',
    updatedAt: '2024-03-05T02:14:09.120Z',
    text,
    tags: ['待核实'],
    anchor: {
      scope: 'row',
      page: {
        url: 'https://www.huzhou.gov.cn/art/2024/2/1/art_1.html',
        title: '湖州 2024 年部门预算',
        site: 'www.huzhou.gov.cn',
      },
      document: { department: '信访局', year: 2024, title: '2024 年部门预算' },
      table: { kind: 'expenditure', title: '支出预算总表', unit: '万元' },
      row: { code: '20140', names: ['一般公共服务支出', '信访事务'], side: 0 },
      column: null,
      quote: null,
    },
    hint: null,
  };
}

/** A deterministic PRNG (mulberry32), so the interleavings are the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Storage that answers after a random number of event-loop turns, as IPC to the browser's storage does. */
function jittery(area: StorageAreaLike, seed: number): StorageAreaLike {
  const random = prng(seed);
  const wait = async (): Promise<void> => {
    const turns = Math.floor(random() * 4);
    for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
  };
  return {
    get: async (k) => (await wait(), area.get(k)),
    set: async (items) => (await wait(), area.set(items)),
    remove: async (k) => (await wait(), area.remove(k)),
  };
}

/** Storage with a byte quota (key + JSON value, in UTF-8, as Chrome counts): set rejects as Chrome or Firefox does. */
function limited(
  area: StorageAreaLike,
  maxBytes: number,
  browser: 'chrome' | 'firefox' = 'chrome',
): StorageAreaLike & { failures: number } {
  const wrapper = {
    failures: 0,
    get: (k?: string | string[] | null) => area.get(k),
    remove: (k: string | string[]) => area.remove(k),
    async set(items: Record<string, unknown>): Promise<void> {
      const next = { ...(await area.get(null)), ...(JSON.parse(JSON.stringify(items)) as Record<string, unknown>) };
      const bytes = Object.entries(next).reduce(
        (s, [k, v]) => s + Buffer.byteLength(k) + Buffer.byteLength(JSON.stringify(v)),
        0,
      );
      if (bytes > maxBytes) {
        wrapper.failures++;
        throw browser === 'chrome'
          ? new Error('QUOTA_BYTES quota exceeded')
          : new DOMException('The current transaction exceeded its quota limitations.', 'QuotaExceededError');
      }
      await area.set(items);
    },
  };
  return wrapper;
}

/** Storage that counts set calls and rejects the n-th one (1-based). */
function failingOnSet(area: StorageAreaLike, failOn: number): StorageAreaLike & { sets: number } {
  const wrapper = {
    sets: 0,
    get: (k?: string | string[] | null) => area.get(k),
    remove: (k: string | string[]) => area.remove(k),
    async set(items: Record<string, unknown>): Promise<void> {
      wrapper.sets++;
      if (wrapper.sets === failOn) throw new Error('IO error: disk unavailable');
      await area.set(items);
    },
  };
  return wrapper;
}

/** A whole, valid current note (for putMany). */
function fullNote(id: string, text: string, createdAt = '2024-05-01T00:00:00.000Z'): Note {
  return NoteSchema.parse({ ...newNote(text), v: 2, id, createdAt, updatedAt: createdAt });
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('NotesStore: create, list, get, update, remove', () => {
  it('creates a note under its own key, with a schema-valid id and ISO dates', async () => {
    const store = new NotesStore(local(), changed(), 'local', { now: () => new Date('2024-05-01T08:30:00Z') });
    const r = await store.create(newNote('总计与各项之和相差 0.01'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.note.id).toMatch(/^[A-Za-z0-9_-]{6,64}$/u);
    expect(r.note.createdAt).toBe('2024-05-01T08:30:00.000Z');
    expect(r.note.updatedAt).toBe(r.note.createdAt);
    expect(r.note.v).toBe(2);
    expect(Object.keys(await snapshot())).toEqual([noteKey(r.note.id)]);
    expect(await store.get(r.note.id)).toEqual(r.note);
    expect((await store.list()).notes).toEqual([r.note]);
  });

  it('cleans an id source that does not match the id pattern', async () => {
    const store = new NotesStore(local(), undefined, 'local', { randomId: () => '{abc.def/ghi}' });
    const r = await store.create(newNote('x'));
    expect(r.ok && r.note.id).toBe('abcdefghi');
  });

  it('refuses an invalid note and writes nothing', async () => {
    const store = new NotesStore(local());
    const r = await store.create(newNote('x', { tags: ['a'.repeat(41)] }));
    expect(r).toMatchObject({ ok: false, reason: 'invalid' });
    if (!r.ok) expect(r.message.en).toContain('tags.0');
    expect(await snapshot()).toEqual({});
  });

  it('update changes only the patched fields, bumps updatedAt and keeps createdAt', async () => {
    let now = new Date('2024-05-01T08:30:00Z');
    const store = new NotesStore(local(), undefined, 'local', { now: () => now });
    const c = await store.create(newNote('初稿'));
    if (!c.ok) throw new Error('create failed');
    now = new Date('2024-05-02T09:00:00Z');
    const u = await store.update(c.note.id, { text: '改稿', status: 'in-progress' });
    expect(u.ok).toBe(true);
    const got = await store.get(c.note.id);
    expect(got).toEqual({ ...c.note, text: '改稿', status: 'in-progress', updatedAt: '2024-05-02T09:00:00.000Z' });
    expect(await store.update('no-such-note', { text: 'x' })).toMatchObject({ ok: false, reason: 'missing' });
    expect(await store.update(c.note.id, { tags: [''] })).toMatchObject({ ok: false, reason: 'invalid' });
    expect((await store.get(c.note.id))?.text).toBe('改稿');
  });

  it('reads only the note keys when the area has getKeys (Chrome 130+), not the snapshots beside them', async () => {
    await local().set({ 'snapshot:big': { rows: 'x'.repeat(10_000) } });
    const asked: unknown[] = [];
    const area: StorageAreaLike = {
      get: (k) => (asked.push(k), local().get(k)),
      set: (items) => local().set(items),
      remove: (k) => local().remove(k),
      getKeys: async () => Object.keys(await local().get(null)),
    };
    const store = new NotesStore(area);
    const r = await store.create(newNote('x'));
    asked.length = 0;
    expect((await store.list()).notes).toEqual(r.ok ? [r.note] : []);
    expect(asked).toEqual([[noteKey(r.ok ? r.note.id : '')]]);
  });

  it('remove deletes the note', async () => {
    const store = new NotesStore(local());
    const a = await store.create(newNote('a'));
    const b = await store.create(newNote('b'));
    if (!a.ok || !b.ok) throw new Error('create failed');
    await store.remove(a.note.id);
    expect((await store.list()).notes.map((n) => n.text)).toEqual(['b']);
  });
});

describe('NotesStore: values that do not read are kept', () => {
  const garbage = {
    'note:broken-v2': { v: 2, id: 'broken-v2', text: 42 },
    'note:future1': { ...v1Raw('future1', 'x'), v: 7 },
    'note:a-string': 'just a string',
    'note:wrong-key': fullNote('other-id', 'mismatched'),
  };

  it('lists them as unreadable, never deletes them, and ignores keys that are not notes', async () => {
    await local().set({ ...garbage, settings: { lang: 'zh' }, 'note-backup:v1:xyz123': { v: 1 } });
    const store = new NotesStore(local());
    const ok = await store.create(newNote('好的笔记'));
    expect(ok.ok).toBe(true);
    const { notes, unreadable } = await store.list();
    expect(notes.map((n) => n.text)).toEqual(['好的笔记']);
    expect(unreadable.map((u) => u.key).sort()).toEqual(Object.keys(garbage).sort());
    for (const u of unreadable) expect(u.raw).toEqual(garbage[u.key as keyof typeof garbage]);
    const stored = await snapshot();
    for (const [k, v] of Object.entries(garbage)) expect(stored[k]).toEqual(JSON.parse(JSON.stringify(v)));
    expect(await store.get('broken-v2')).toBeUndefined();
  });

  it('create never writes over an occupied key; update refuses an unreadable note', async () => {
    await local().set(garbage);
    const ids = ['broken-v2', 'a-string', 'fresh-id-1'];
    const store = new NotesStore(local(), undefined, 'local', { randomId: () => ids.shift() ?? 'fresh-id-2' });
    const r = await store.create(newNote('新笔记'));
    expect(r.ok && r.note.id).toBe('fresh-id-1');
    expect(await store.update('broken-v2', { text: 'overwrite?' })).toMatchObject({ ok: false, reason: 'error' });
    const stored = await snapshot();
    for (const [k, v] of Object.entries(garbage)) expect(stored[k]).toEqual(JSON.parse(JSON.stringify(v)));
  });
});

describe('NotesStore: migration on read keeps the original first', () => {
  it(
    'writes a migrated note back in the current version ' + 'after keeping the original under note-backup:v1:<id>',
    async () => {
      const raw = v1Raw('old-note-1', '旧版本的笔记');
      await local().set({ [noteKey('old-note-1')]: raw });
      const store = new NotesStore(local());
      const { notes, unreadable } = await store.list();
      expect(unreadable).toEqual([]);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({
        v: 2,
        id: 'old-note-1',
        text: '旧版本的笔记',
        tags: ['待核实'],
        createdAt: raw.createdAt,
      });
      const stored = await snapshot();
      expect(stored[backupKey('v1', 'old-note-1')]).toEqual(raw);
      expect(stored[noteKey('old-note-1')]).toEqual(notes[0]);
      // Reading again changes nothing more.
      expect((await store.list()).notes).toEqual(notes);
      expect(await snapshot()).toEqual(stored);
    },
  );

  it('never overwrites a different backup already under the backup key', async () => {
    const earlier = { v: 1, something: 'else' };
    await local().set({ [noteKey('old-note-2')]: v1Raw('old-note-2', 'b'), [backupKey('v1', 'old-note-2')]: earlier });
    const store = new NotesStore(local());
    expect((await store.get('old-note-2'))?.v).toBe(2);
    const stored = await snapshot();
    expect(stored[backupKey('v1', 'old-note-2')]).toEqual(earlier);
    expect(stored[`${backupKey('v1', 'old-note-2')}:2`]).toEqual(v1Raw('old-note-2', 'b'));
    expect((await store.backups()).map((b) => b.key)).toEqual([
      backupKey('v1', 'old-note-2'),
      `${backupKey('v1', 'old-note-2')}:2`,
    ]);
  });

  it('still reads the note when the write-back fails (full storage), and leaves the original as it was', async () => {
    const raw = v1Raw('old-note-3', 'c');
    await local().set({ [noteKey('old-note-3')]: raw });
    const full = limited(local(), 10);
    const store = new NotesStore(full);
    expect((await store.list()).notes.map((n) => n.text)).toEqual(['c']);
    expect(full.failures).toBeGreaterThan(0);
    expect(await snapshot()).toEqual({ [noteKey('old-note-3')]: raw });
  });

  it('an update of a v1 note keeps the original in the same write', async () => {
    const raw = v1Raw('old-note-4', 'd');
    await local().set({ [noteKey('old-note-4')]: raw });
    const store = new NotesStore(local());
    const r = await store.update('old-note-4', { text: 'd2' });
    expect(r.ok).toBe(true);
    const stored = await snapshot();
    expect(stored[backupKey('v1', 'old-note-4')]).toEqual(raw);
    expect(stored[noteKey('old-note-4')]).toMatchObject({ v: 2, text: 'd2' });
  });
});

describe('NotesStore: a full storage loses nothing', () => {
  for (const browser of ['chrome', 'firefox'] as const) {
    it(`returns reason 'quota' with a bilingual message and keeps every earlier note (${browser})`, async () => {
      const area = limited(local(), 20_000, browser);
      const store = new NotesStore(area);
      const saved: string[] = [];
      let failure: Awaited<ReturnType<NotesStore['create']>> | undefined;
      for (let i = 0; i < 100 && !failure; i++) {
        const r = await store.create(newNote(`第 ${i} 条笔记：${'说明'.repeat(100)}`));
        if (r.ok) saved.push(r.note.text);
        else failure = r;
      }
      expect(saved.length).toBeGreaterThan(3);
      expect(failure).toMatchObject({ ok: false, reason: 'quota' });
      if (failure && !failure.ok) {
        expect(failure.message.zh).toContain('存储空间已满');
        expect(failure.message.zh).toContain('导出');
        expect(failure.message.zh).toContain('删除');
        expect(failure.message.en).toMatch(/storage is full.*Export.*delete/su);
      }
      const before = await snapshot();
      // A full store also refuses an update that grows a note, and keeps the old version.
      const { notes } = await store.list();
      const u = await store.update(notes[0]!.id, { text: `${notes[0]!.text}${'补充'.repeat(5000)}` });
      expect(u).toMatchObject({ ok: false, reason: 'quota' });
      expect(await snapshot()).toEqual(before);
      const after = await store.list();
      expect(after.unreadable).toEqual([]);
      expect(after.notes.map((n) => n.text).sort()).toEqual([...saved].sort());
    });
  }
});

describe('NotesStore: putMany (imports)', () => {
  const many = (n: number, prefix = 'imp'): Note[] =>
    Array.from({ length: n }, (_, i) =>
      fullNote(
        `${prefix}-${String(i).padStart(4, '0')}`,
        `导入 ${i}`,
        new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
      ),
    );

  it('writes in batches of 100 keys per set call', async () => {
    const area = failingOnSet(local(), 0);
    const r = await new NotesStore(area).putMany(many(250));
    expect(r).toEqual({ ok: true, written: 250 });
    expect(area.sets).toBe(3);
    expect((await new NotesStore(local()).list()).notes).toHaveLength(250);
  });

  it('reports a failed batch; the batches written before it stay, and the message says so', async () => {
    const area = failingOnSet(local(), 3);
    const r = await new NotesStore(area).putMany(many(250));
    expect(r).toMatchObject({ ok: false, reason: 'error', written: 200 });
    if (!r.ok) {
      expect(r.message.en).toContain('200 of 250 notes were written');
      expect(r.message.zh).toContain('已写入 200 条（共 250 条）');
    }
    expect((await new NotesStore(local()).list()).notes).toHaveLength(200);
  });

  it('reports a full storage as quota, with how many were written', async () => {
    const r = await new NotesStore(limited(local(), 60_000)).putMany(many(250));
    expect(r).toMatchObject({ ok: false, reason: 'quota' });
    if (!r.ok) {
      expect(r.written % 100).toBe(0);
      expect(r.message.zh).toContain('导出');
      expect(r.message.en).toContain(`${r.written} of 250`);
      expect((await new NotesStore(local()).list()).notes).toHaveLength(r.written);
    }
  });

  it('writes nothing when any note is invalid', async () => {
    const notes = many(5);
    const bad = { ...notes[3]!, createdAt: 'yesterday' };
    const r = await new NotesStore(local()).putMany([...notes.slice(0, 3), bad, notes[4]!]);
    expect(r).toMatchObject({ ok: false, reason: 'invalid', written: 0 });
    if (!r.ok) expect(r.message.en).toContain('#4');
    expect(await snapshot()).toEqual({});
  });

  it('keeps a replaced, different note under note-backup:import:<id>; an identical one needs no backup', async () => {
    const store = new NotesStore(local());
    const mine = fullNote('shared-1', '我的版本');
    const same = fullNote('shared-2', '一样');
    await store.putMany([mine, same]);
    const theirs = { ...mine, text: '他们的版本', updatedAt: '2024-06-01T00:00:00.000Z' };
    expect(await store.putMany([theirs, same])).toEqual({ ok: true, written: 2 });
    const stored = await snapshot();
    expect(stored[noteKey('shared-1')]).toEqual(theirs);
    expect(stored[backupKey('import', 'shared-1')]).toEqual(mine);
    expect(stored[backupKey('import', 'shared-2')]).toBeUndefined();
  });
});

describe('NotesStore: subscribe', () => {
  it('calls back for note keys in its area only, and stops after unsubscribe', async () => {
    const store = new NotesStore(local(), changed(), 'local');
    const other = new NotesStore(local(), changed(), 'local');
    let calls = 0;
    const off = store.subscribe(() => calls++);
    await local().set({ settings: { lang: 'en' } });
    await fakeBrowser.storage.session.set({ 'note:in-session': 1 });
    expect(calls).toBe(0);
    await other.create(newNote('另一个标签页写的'));
    expect(calls).toBe(1);
    off();
    await other.create(newNote('again'));
    expect(calls).toBe(1);
    expect(new NotesStore(local()).subscribe(() => calls++)).toBeTypeOf('function');
  });
});

/**
 * The naive design issue 4 replaces: every note in one array under one key. Each write reads the array, changes
 * it and writes it back, so two writers that read before either writes lose one of the writes. Run under the same
 * interleaving as NotesStore below, it loses notes; this proves the concurrency tests can fail.
 */
class SingleArrayStore {
  constructor(private readonly area: StorageAreaLike) {}
  private async all(): Promise<{ id: string; text: string }[]> {
    return ((await this.area.get('notes')).notes as { id: string; text: string }[] | undefined) ?? [];
  }
  async create(text: string): Promise<void> {
    const notes = await this.all();
    await this.area.set({ notes: [...notes, { id: crypto.randomUUID(), text }] });
  }
  async update(id: string, text: string): Promise<void> {
    const notes = await this.all();
    await this.area.set({ notes: notes.map((n) => (n.id === id ? { ...n, text } : n)) });
  }
  async list(): Promise<{ id: string; text: string }[]> {
    return this.all();
  }
}

describe('NotesStore: two tabs at once (issue 4)', () => {
  const interleave = <T>(a: readonly T[], b: readonly T[]): T[] =>
    a.flatMap((x, i) => (i < b.length ? [x, b[i]!] : [x]));

  it('two stores creating 500 notes each, concurrently, keep all 1000', async () => {
    const tabA = new NotesStore(jittery(local(), 1), changed());
    const tabB = new NotesStore(jittery(local(), 2), changed());
    const a = Array.from({ length: 500 }, (_, i) => () => tabA.create(newNote(`A${i}`)));
    const b = Array.from({ length: 500 }, (_, i) => () => tabB.create(newNote(`B${i}`)));
    const results = await Promise.all(interleave(a, b).map((f) => f()));
    expect(results.every((r) => r.ok)).toBe(true);
    const { notes, unreadable } = await new NotesStore(local()).list();
    expect(unreadable).toEqual([]);
    expect(notes).toHaveLength(1000);
    const expected = [
      ...Array.from({ length: 500 }, (_, i) => `A${i}`),
      ...Array.from({ length: 500 }, (_, i) => `B${i}`),
    ];
    expect(notes.map((n) => n.text).sort()).toEqual(expected.sort());
  });

  it('a single-key array under the same interleaving loses notes (so the test above can fail)', async () => {
    const tabA = new SingleArrayStore(jittery(local(), 1));
    const tabB = new SingleArrayStore(jittery(local(), 2));
    const a = Array.from({ length: 500 }, (_, i) => () => tabA.create(`A${i}`));
    const b = Array.from({ length: 500 }, (_, i) => () => tabB.create(`B${i}`));
    await Promise.all(interleave(a, b).map((f) => f()));
    expect((await tabA.list()).length).toBeLessThan(1000);
  });

  it('two stores updating different notes concurrently lose no update', async () => {
    const seed = new NotesStore(local());
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const r = await seed.create(newNote(`原文 ${i}`));
      if (r.ok) ids.push(r.note.id);
    }
    const tabA = new NotesStore(jittery(local(), 3));
    const tabB = new NotesStore(jittery(local(), 4));
    const updates = ids.map(
      (id, i) => () => (i % 2 ? tabB : tabA).update(id, { text: `改过 ${i}`, status: 'resolved' }),
    );
    const results = await Promise.all(updates.map((f) => f()));
    expect(results.every((r) => r.ok)).toBe(true);
    const { notes } = await seed.list();
    expect(notes).toHaveLength(200);
    const byId = new Map(notes.map((n) => [n.id, n]));
    ids.forEach((id, i) => expect(byId.get(id)).toMatchObject({ text: `改过 ${i}`, status: 'resolved' }));
  });

  it('a single-key array loses updates of different notes under the same interleaving', async () => {
    const seed = new SingleArrayStore(local());
    for (let i = 0; i < 200; i++) await seed.create(`原文 ${i}`);
    const ids = (await seed.list()).map((n) => n.id);
    const tabA = new SingleArrayStore(jittery(local(), 3));
    const tabB = new SingleArrayStore(jittery(local(), 4));
    await Promise.all(ids.map((id, i) => (i % 2 ? tabB : tabA).update(id, `改过 ${i}`)));
    const updated = (await seed.list()).filter((n) => n.text.startsWith('改过')).length;
    expect(updated).toBeLessThan(200);
  });

  it('a store that reads while another writes never sees a broken or missing note', async () => {
    const writer = new NotesStore(jittery(local(), 5));
    const reader = new NotesStore(jittery(local(), 6));
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await writer.create(newNote(`v0 ${i}`));
      if (r.ok) ids.push(r.note.id);
    }
    const reads: Promise<{ notes: Note[]; unreadable: unknown[] }>[] = [];
    const writes: Promise<unknown>[] = [];
    for (let round = 1; round <= 5; round++) {
      ids.forEach((id, i) => writes.push(writer.update(id, { text: `v${round} ${i}` })));
      for (let k = 0; k < 4; k++) reads.push(reader.list());
    }
    await Promise.all(writes);
    for (const { notes, unreadable } of await Promise.all(reads)) {
      expect(unreadable).toEqual([]);
      expect(notes).toHaveLength(50);
      for (const n of notes) {
        expect(NoteSchema.safeParse(n).success).toBe(true);
        expect(n.text).toMatch(/^v[0-5] \d+$/u);
      }
    }
  });
});
