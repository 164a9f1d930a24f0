import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  applyImport,
  exportJson,
  ImportError,
  MAX_IMPORT_BYTES,
  notesCsv,
  notesMarkdown,
  parseImport,
  planImport,
  type ConflictChoice,
} from '../../lib/notes/exchange';
import { NoteSchema, type Note } from '../../lib/notes/schema';
import { backupKey, NotesStore, noteKey, type NewNote, type StorageAreaLike } from '../../lib/notes/store';

const EXPORTS = join(__dirname, '..', 'fixtures', 'notes', 'exports');
const exportFixture = (name: string): string => readFileSync(join(EXPORTS, name), 'utf8');

const local = (): StorageAreaLike => fakeBrowser.storage.local as unknown as StorageAreaLike;
const snapshot = async (): Promise<Record<string, unknown>> =>
  JSON.parse(JSON.stringify(await local().get(null))) as Record<string, unknown>;

const HUZHOU = {
  page: {
    url: 'https://www.huzhou.gov.cn/art/2024/2/1/art_1229213482_59000001.html',
    title: '中共湖州市委湖州市人民政府信访局 2024 年部门预算',
    site: 'www.huzhou.gov.cn',
  },
  document: {
    department: '中共湖州市委湖州市人民政府信访局',
    year: 2024,
    title: '中共湖州市委湖州市人民政府信访局 2024 年部门预算',
    stage: '预算' as const,
  },
};
const HANGZHOU = {
  page: {
    url: 'http://www.hangzhou.gov.cn/art/2024/3/12/art_1229063385_1835000.html',
    title: '中共杭州市委杭州市人民政府信访局(部门)2024 年度部门预算',
    site: 'www.hangzhou.gov.cn',
  },
  document: {
    department: '中共杭州市委杭州市人民政府信访局',
    year: 2024,
    title: '中共杭州市委杭州市人民政府信访局(部门)2024 年度部门预算',
    stage: '预算' as const,
  },
};

/** A note written from a rounding finding on a cell of the Huzhou expenditure table. */
function cellNote(text: string, over: Partial<NewNote> = {}): NewNote {
  return {
    text,
    tags: ['疑点', '待核实'],
    status: 'open',
    anchor: {
      scope: 'cell',
      ...HUZHOU,
      table: { kind: 'expenditure', title: '2024 年市级部门支出预算总表', unit: '万元', ordinal: 0 },
      row: { code: '201', names: ['一般公共服务支出'], side: 0 },
      column: { path: ['总计'] },
      quote: { exact: '2,393.42', prefix: '201 一般公共服务支出', suffix: '728.43' },
    },
    finding: {
      check: 'row-totals',
      severity: 'info',
      message: {
        zh: '「201 一般公共服务支出」行：总计 = 基本支出 + 项目支出：相差 0.01万元，在四舍五入误差之内',
        en: 'row "201 一般公共服务支出": 总计 = 基本支出 + 项目支出: off by 0.01 万元, within rounding',
      },
      stated: '2,393.42',
      expected: '2,393.41',
      derivation: '728.43 + 74.04 + 1,590.94 = 2,393.41 ≈ 2,393.42 (差 0.01 ≤ 容差 0.015)',
      unit: '万元',
    },
    hint: { table: 1, row: 4, cell: 2 },
    ...over,
  };
}

function pageNote(text: string): NewNote {
  return {
    text,
    tags: [],
    status: 'in-progress',
    anchor: { scope: 'page', ...HANGZHOU, table: null, row: null, column: null, quote: null },
    finding: null,
    hint: null,
  };
}

/** A store whose clock moves a minute per note, so creation order is known. */
function clockedStore(area: StorageAreaLike = local()): NotesStore {
  let t = Date.UTC(2024, 2, 5, 2, 14);
  return new NotesStore(area, undefined, 'local', { now: () => new Date((t += 60_000)) });
}

async function seed(store: NotesStore, inputs: readonly NewNote[]): Promise<Note[]> {
  const out: Note[] = [];
  for (const n of inputs) {
    const r = await store.create(n);
    if (!r.ok) throw new Error(r.message.en);
    out.push(r.note);
  }
  return out;
}

/** What the import button does: read the file, plan, write with the user's choice. */
async function importText(store: NotesStore, text: string, choice: ConflictChoice = 'keep-mine') {
  const file = parseImport(text);
  const plan = planImport(file.notes, (await store.list()).notes);
  return { plan, result: await applyImport(store, plan, choice) };
}

function importError(text: string): ImportError {
  try {
    parseImport(text);
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('parseImport accepted the file');
}

/** A strict RFC 4180 reader: CRLF between records, quoted fields with doubled quotes; anything else throws. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`quote inside an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
      if (i === text.length) return rows;
      continue;
    }
    throw new Error(`expected , or CRLF at ${i}, found ${JSON.stringify(text.slice(i, i + 5))}`);
  }
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('exportJson', () => {
  it('writes the header and the notes sorted by createdAt, pretty-printed', async () => {
    const notes = await seed(clockedStore(), [cellNote('一'), cellNote('二'), pageNote('三')]);
    const text = exportJson([notes[2]!, notes[0]!, notes[1]!], '0.1.0', new Date('2024-05-01T00:00:00Z'));
    expect(text).toContain('\n  "format": "budget-lens-notes",\n');
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(file).toMatchObject({
      format: 'budget-lens-notes',
      schema: 2,
      extension: '0.1.0',
      exportedAt: '2024-05-01T00:00:00.000Z',
    });
    expect((file.notes as Note[]).map((n) => n.text)).toEqual(['一', '二', '三']);
  });
});

describe('import: round trip', () => {
  it('export → wipe → import gives identical notes', async () => {
    const store = clockedStore();
    await seed(store, [
      cellNote('差 0.01，属四舍五入。\n但要问："项目支出"为何翻倍, 还有逗号'),
      cellNote('第二条', { status: 'resolved', tags: ['已核实'] }),
      pageNote('整页：数据和去年一样？'),
    ]);
    const before = (await store.list()).notes;
    const file = exportJson(before, '0.1.0');
    await fakeBrowser.storage.local.clear();
    expect((await store.list()).notes).toEqual([]);
    const { plan, result } = await importText(store, file);
    expect(plan.add).toHaveLength(3);
    expect(result).toEqual({ ok: true, written: 3 });
    expect((await store.list()).notes).toEqual(before);
    // Importing the same file again changes nothing.
    const again = await importText(store, file);
    expect(again.plan.same).toHaveLength(3);
    expect(again.result).toEqual({ ok: true, written: 0 });
  });

  it('reads a version 1 export (migrated through readNote) and writes it in the current version', async () => {
    const text = exportFixture('v1-export.json');
    const raw = (JSON.parse(text) as { notes: { id: string; text: string; tags: string[] }[] }).notes;
    const file = parseImport(text);
    expect(file).toMatchObject({ schema: 1, extension: '0.0.9', exportedAt: '2024-04-02T10:00:00.000Z' });
    expect(file.notes.map((n) => [n.id, n.text, n.tags])).toEqual(raw.map((n) => [n.id, n.text, n.tags]));
    for (const n of file.notes) {
      expect(n.v).toBe(2);
      expect(NoteSchema.safeParse(n).success).toBe(true);
    }
    const store = new NotesStore(local());
    const { result } = await importText(store, text);
    expect(result).toEqual({ ok: true, written: 4 });
    const stored = await snapshot();
    for (const n of raw) expect(stored[noteKey(n.id)]).toMatchObject({ v: 2, text: n.text });
    // Exported again and re-imported: the same notes.
    const reexport = parseImport(exportJson((await store.list()).notes, '0.1.0'));
    expect(planImport(reexport.notes, (await store.list()).notes).same).toHaveLength(4);
  });

  it('accepts a file with a byte order mark', () => {
    expect(parseImport(`\uFEFF${exportFixture('v1-export.json')}`).notes).toHaveLength(4);
  });
});

describe('import: a bad file changes nothing', () => {
  const valid = (): Record<string, unknown> => JSON.parse(exportFixture('v1-export.json')) as Record<string, unknown>;
  const withNotes = (notes: unknown[], header: Record<string, unknown> = {}): string =>
    JSON.stringify({ ...valid(), ...header, notes });
  const notesOf = (): Record<string, unknown>[] => valid().notes as Record<string, unknown>[];

  const cases: { name: string; text: () => string; code: ImportError['code']; zh: RegExp; en: RegExp }[] = [
    {
      name: 'not JSON',
      text: () => '{"format": "budget-lens-notes", "notes": [',
      code: 'not-json',
      zh: /不是 JSON/u,
      en: /not JSON/u,
    },
    {
      name: 'an audit report JSON',
      text: () => exportFixture('foreign-report.json'),
      code: 'foreign',
      zh: /核对报告/u,
      en: /audit report/u,
    },
    { name: 'an array', text: () => JSON.stringify(notesOf()), code: 'foreign', zh: /列表/u, en: /list/u },
    {
      name: "another app's export",
      text: () =>
        JSON.stringify({
          format: 'hypothesis-annotations',
          version: 3,
          annotations: [{ uri: 'https://x', text: 'hi' }],
        }),
      code: 'foreign',
      zh: /hypothesis-annotations/u,
      en: /its format is “hypothesis-annotations”/u,
    },
    {
      name: 'an object without format',
      text: () => JSON.stringify({ notes: notesOf() }),
      code: 'foreign',
      zh: /format/u,
      en: /no format/u,
    },
    {
      name: 'a damaged header',
      text: () => JSON.stringify({ ...valid(), notes: 'none' }),
      code: 'foreign',
      zh: /文件头/u,
      en: /header.*notes/u,
    },
    {
      name: 'a newer schema',
      text: () => withNotes(notesOf(), { schema: 3, extension: '0.9.0' }),
      code: 'too-new',
      zh: /更新扩展/u,
      en: /Update the extension/u,
    },
    {
      name: 'a newer note inside',
      text: () => withNotes([notesOf()[0], { ...notesOf()[1], v: 3 }], { schema: 2 }),
      code: 'too-new',
      zh: /第 3 版/u,
      en: /version 3/u,
    },
    {
      name: 'an invalid note',
      text: () => {
        const notes = notesOf();
        const n = notes[2]! as { anchor: { page: Record<string, unknown> } };
        n.anchor.page.url = 42;
        return withNotes(notes);
      },
      code: 'invalid-note',
      zh: /第 3 条笔记（id c41e7a2b-5d6f-4a8b-8c9d-0e1f2a3b4c50）无效：anchor\.page\.url/u,
      en: /Note #3 \(id c41e7a2b-5d6f-4a8b-8c9d-0e1f2a3b4c50\) is not valid: anchor\.page\.url/u,
    },
    {
      name: 'a note without a version (read as the file’s version) and without its dates',
      text: () => withNotes([...notesOf(), { id: 'abcdef', text: 'x' }]),
      code: 'invalid-note',
      zh: /第 5 条笔记（id abcdef）无效：createdAt/u,
      en: /Note #5 \(id abcdef\) is not valid: createdAt/u,
    },
    {
      name: 'a note that is not an object',
      text: () => withNotes([...notesOf(), 'text']),
      code: 'invalid-note',
      zh: /第 5 条笔记（没有 id）/u,
      en: /not a note object/u,
    },
    {
      name: 'duplicate ids',
      text: () => withNotes([...notesOf(), { ...notesOf()[0], text: '同 id 的另一条' }]),
      code: 'invalid-note',
      zh: /第 1 条和第 5 条笔记的 id 相同（3f2a9c1e-7b4d-4e8a-9f01-2c6d8e5b7a10）/u,
      en: /#1 and #5 have the same id/u,
    },
    { name: 'an empty file', text: () => '  \n', code: 'empty', zh: /空/u, en: /empty/u },
    { name: 'an export without notes', text: () => withNotes([]), code: 'empty', zh: /没有笔记/u, en: /no notes/u },
    {
      name: 'more than 20 MB of ASCII',
      text: () => ' '.repeat(MAX_IMPORT_BYTES + 1),
      code: 'too-large',
      zh: /20 MB/u,
      en: /too large/u,
    },
    {
      name: 'more than 20 MB of UTF-8 in fewer characters',
      text: () => `"${'中'.repeat(7_000_001)}"`,
      code: 'too-large',
      zh: /太大/u,
      en: /20 MB/u,
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.name} with a clear bilingual message, and storage is unchanged`, async () => {
      const store = new NotesStore(local());
      await seed(store, [cellNote('已有的笔记')]);
      await local().set({ 'note:kept-as-is': 'unreadable value' });
      const before = await snapshot();
      const text = c.text();
      const e = importError(text);
      expect(e.code).toBe(c.code);
      expect(e.text.zh).toMatch(c.zh);
      expect(e.text.en).toMatch(c.en);
      expect(e.message).toBe(e.text.en);
      await expect(importText(store, text)).rejects.toBeInstanceOf(ImportError);
      expect(await snapshot()).toEqual(before);
    });
  }
});

describe('import: conflicts', () => {
  async function setup() {
    const store = clockedStore();
    const [a, b, c] = await seed(store, [cellNote('我的 A'), cellNote('我的 B'), pageNote('我的 C')]);
    const mine = (await store.list()).notes;
    // Theirs: A edited, B the same but with its keys in another order, plus a new note D.
    const theirsA: Note = { ...a!, text: '他们改过的 A', updatedAt: '2024-06-01T00:00:00.000Z' };
    const reversedB = Object.fromEntries(Object.entries(b!).reverse()) as Note;
    const d: Note = { ...c!, id: 'their-note-d', text: '他们的 D' };
    const file = exportJson([theirsA, reversedB, d], '0.1.0');
    return { store, a: a!, b: b!, c: c!, d, theirsA, mine, file };
  }

  it('planImport sorts notes into add, same (whatever the key order) and conflicts', async () => {
    const { a, b, d, theirsA, mine, file } = await setup();
    const plan = planImport(parseImport(file).notes, mine);
    expect(plan.add.map((n) => n.id)).toEqual([d.id]);
    expect(plan.same.map((n) => n.id)).toEqual([b.id]);
    expect(plan.conflicts).toEqual([{ incoming: theirsA, existing: a }]);
  });

  it('keep-mine adds the new notes and leaves mine as they are', async () => {
    const { store, a, file } = await setup();
    const { result } = await importText(store, file, 'keep-mine');
    expect(result).toEqual({ ok: true, written: 1 });
    const notes = (await store.list()).notes;
    expect(notes.map((n) => n.text).sort()).toEqual(['他们的 D', '我的 A', '我的 B', '我的 C'].sort());
    expect(notes.find((n) => n.id === a.id)).toEqual(a);
  });

  it('take-theirs replaces mine, keeping mine under note-backup:import:<id>', async () => {
    const { store, a, theirsA, file } = await setup();
    const { result } = await importText(store, file, 'take-theirs');
    expect(result).toEqual({ ok: true, written: 2 });
    expect(await store.get(a.id)).toEqual(theirsA);
    expect((await snapshot())[backupKey('import', a.id)]).toEqual(a);
    expect((await store.list()).notes).toHaveLength(4);
  });

  it('keep-both adds their version under a fresh id', async () => {
    const { store, a, file } = await setup();
    const { result } = await importText(store, file, 'keep-both');
    expect(result).toEqual({ ok: true, written: 2 });
    const notes = (await store.list()).notes;
    expect(notes).toHaveLength(5);
    expect(notes.find((n) => n.id === a.id)).toEqual(a);
    const copy = notes.find((n) => n.text === '他们改过的 A');
    expect(copy?.id).not.toBe(a.id);
    expect(copy?.id).toMatch(/^[A-Za-z0-9_-]{6,64}$/u);
  });

  it("a full storage surfaces the store's message and keeps every note", async () => {
    const { file } = await setup();
    const before = await snapshot();
    const full: StorageAreaLike = {
      get: (k) => local().get(k),
      remove: (k) => local().remove(k),
      set: () => Promise.reject(new Error('QUOTA_BYTES quota exceeded')),
    };
    const { result } = await importText(new NotesStore(full), file, 'take-theirs');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message.zh).toContain('存储空间已满');
      expect(result.message.en).toContain('Export your notes');
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('notesMarkdown', () => {
  async function notes(): Promise<Note[]> {
    return seed(clockedStore(), [
      cellNote('总计比各项之和多 0.01'),
      pageNote('整页：\n# 不是标题\n- 不是列表\n[点我](javascript:alert(1))'),
      cellNote('注入测试', {
        anchor: {
          ...cellNote('').anchor,
          table: { kind: 'expenditure', title: '<img src=x onerror=alert(1)>支出表', unit: '万元', ordinal: 0 },
          row: { code: '201', names: ['[点我](https://evil.example/)', '**粗**'], side: 0 },
        },
      }),
    ]);
  }

  it('groups notes by page and has the values a reporter needs (zh)', async () => {
    const md = notesMarkdown(await notes(), 'zh');
    expect(md).toMatch(/^# 预算透镜笔记\n/u);
    expect(md.match(/^## /gmu)).toHaveLength(2);
    expect(md).toContain(
      '## 中共湖州市委湖州市人民政府信访局 2024 年部门预算\n\n<https://www.huzhou.gov.cn/art/2024/2/1/art_1229213482_59000001.html>',
    );
    expect(md).toContain('<http://www.hangzhou.gov.cn/art/2024/3/12/art_1229063385_1835000.html>');
    expect(md).toContain('### 1. 2024 年市级部门支出预算总表 · 201 一般公共服务支出 · 总计');
    expect(md).toContain('- 页面数值：2,393.42 万元\n');
    expect(md).toContain('- 复算值：2,393.41 万元\n');
    expect(md).toContain(
      '- 核对发现：「201 一般公共服务支出」行：总计 = 基本支出 + 项目支出：相差 0.01万元，在四舍五入误差之内\n',
    );
    expect(md).toContain('- 标签：疑点、待核实\n');
    expect(md).toContain('- 状态：待处理\n');
    expect(md).toContain('- 状态：处理中\n');
    expect(md).toContain('- 创建时间：2024-03-05 02:15 UTC\n');
    expect(md).toContain('> 总计比各项之和多 0.01\n');
  });

  it('is in English when asked', async () => {
    const md = notesMarkdown(await notes(), 'en');
    expect(md).toMatch(/^# budget-lens notes\n\n3 notes on 2 pages\./u);
    expect(md).toContain('- Stated value: 2,393.42 万元\n');
    expect(md).toContain('- Recomputed value: 2,393.41 万元\n');
    expect(md).toContain(
      '- Finding: row "201 一般公共服务支出": 总计 = 基本支出 + 项目支出: off by 0.01 万元, within rounding\n',
    );
    expect(md).toContain('- Status: In progress\n');
  });

  it('escapes page and note text so it cannot inject links, HTML, headings or lists', async () => {
    const md = notesMarkdown(await notes(), 'zh');
    expect(md).not.toMatch(/(^|[^\\])<img/mu);
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>支出表');
    expect(md).toContain('\\[点我\\](https\\://evil.example/)');
    expect(md).toContain('\\*\\*粗\\*\\*');
    expect(md).not.toMatch(/(^|[^\\])\[点我/mu);
    expect(md).toContain('> \\# 不是标题\n> \\- 不是列表\n> \\[点我\\](javascript:alert(1))\n');
  });
});

describe('notesCsv', () => {
  async function notes(): Promise<Note[]> {
    return seed(clockedStore(), [
      cellNote('含逗号, "引号" 和\n换行\r\n的笔记'),
      cellNote('=HYPERLINK("http://evil","点我")', { tags: ['@所有人', '+1'] }),
      cellNote('负数', {
        anchor: { ...cellNote('').anchor, quote: { exact: '-12.50', prefix: '办公费', suffix: '' } },
        finding: { ...cellNote('').finding!, expected: '-1,234.50', stated: '-12.50' },
      }),
      pageNote('\t=1+1'),
    ]);
  }

  it('is UTF-8 with a BOM, CRLF records, and a header row in the chosen language', async () => {
    const n = await notes();
    const zh = notesCsv(n, 'zh');
    expect(zh.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(zh.slice(1));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual([
      '网址',
      '页面标题',
      '表格',
      '行',
      '列',
      '页面数值',
      '复算值',
      '单位',
      '核对发现',
      '标签',
      '状态',
      '笔记',
      '创建时间',
      '更新时间',
      '笔记编号',
    ]);
    expect(parseCsv(notesCsv(n, 'en').slice(1))[0]).toEqual([
      'URL',
      'Page title',
      'Table',
      'Row',
      'Column',
      'Stated value',
      'Recomputed value',
      'Unit',
      'Finding',
      'Tags',
      'Status',
      'Note',
      'Created',
      'Updated',
      'Note id',
    ]);
    for (const r of rows) expect(r).toHaveLength(15);
  });

  it('gives the right cells, including text with commas, quotes and newlines', async () => {
    const n = await notes();
    const rows = parseCsv(notesCsv(n, 'zh').slice(1));
    const [, first] = rows;
    expect(first).toEqual([
      HUZHOU.page.url,
      HUZHOU.page.title,
      '2024 年市级部门支出预算总表',
      '201 一般公共服务支出',
      '总计',
      '2,393.42',
      '2,393.41',
      '万元',
      '「201 一般公共服务支出」行：总计 = 基本支出 + 项目支出：相差 0.01万元，在四舍五入误差之内',
      '疑点、待核实',
      '待处理',
      '含逗号, "引号" 和\n换行\r\n的笔记',
      '2024-03-05 02:15 UTC',
      '2024-03-05 02:15 UTC',
      n[0]!.id,
    ]);
    expect(parseCsv(notesCsv(n, 'en').slice(1))[1]![10]).toBe('Open');
  });

  it('neutralises spreadsheet formulas but keeps negative numbers readable', async () => {
    const rows = parseCsv(notesCsv(await notes(), 'zh').slice(1));
    const text = 11;
    expect(rows[2]![text]).toBe(`'=HYPERLINK("http://evil","点我")`);
    expect(rows[2]![9]).toBe(`'@所有人、+1`);
    expect(rows[3]![5]).toBe('-12.50');
    expect(rows[3]![6]).toBe('-1,234.50');
    expect(rows[4]![text]).toBe(`'\t=1+1`);
    for (const r of rows.slice(1)) for (const cell of r) expect(cell).not.toMatch(/^[=+@\t\r]/u);
  });
});
