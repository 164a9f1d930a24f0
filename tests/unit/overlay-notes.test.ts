import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import type { Anchor, Note } from '../../lib/notes/schema';
import type { Resolution } from '../../lib/notes/anchor';

/**
 * The overlay's notes without a browser: grouping attached notes into markers, what the report says about them,
 * the editor's form as note values, and the controller between the store and the overlay (the anchoring itself is
 * lib/notes/anchor.ts's, mocked here; the end-to-end test covers the real thing in Chromium).
 */

const zh = (await import('../../public/_locales/zh_CN/messages.json')).default as Record<string, { message: string }>;
vi.mock('wxt/browser', () => ({
  browser: { i18n: { getUILanguage: () => 'zh-CN', getMessage: (key: string) => zh[key]?.message ?? '' } },
}));

const anchorMock = vi.hoisted(() => ({
  anchorFor: vi.fn(),
  resolveNotes: vi.fn(),
}));
vi.mock('../../lib/notes/anchor', () => anchorMock);

const {
  ANCHOR_FAILED,
  editorValues,
  findingRef,
  groupConfidence,
  groupNotes,
  newNote,
  noteOnPage,
  NotesController,
  oldValue,
  pageInfo,
  readEditor,
  targetFor,
  WRITE_FAILED,
} = await import('../../components/marks/notes');
const { NoteOnPageSchema } = await import('../../lib/extension/messages');
const { localModel } = await import('../../components/marks/local-model');
const { NoteSchema } = await import('../../lib/notes/schema');
const { auditFixture } = await import('../helpers');

const ANCHOR: Anchor = {
  scope: 'cell',
  page: { url: 'https://czj.example.gov.cn/a.html', title: '2024年部门预算', site: 'czj.example.gov.cn' },
  document: { department: '某局', year: 2024, title: '2024年部门预算', stage: '预算' },
  table: { kind: 'gpb-expenditure', title: '一般公共预算支出表', unit: '万元', ordinal: 0 },
  row: { code: '2010301', names: ['一般公共服务支出', '政府办公厅（室）及相关机构事务', '行政运行'], side: 0 },
  column: { path: ['基本支出'] },
  quote: { exact: '1,788.08', prefix: '行政运行', suffix: '' },
};

function note(id: string, createdAt: string, scope: Note['anchor']['scope'] = 'cell', extra: Partial<Note> = {}): Note {
  return {
    v: 2,
    id,
    createdAt,
    updatedAt: createdAt,
    text: `笔记 ${id}`,
    tags: ['疑点'],
    status: 'open',
    anchor: { ...ANCHOR, scope },
    finding: null,
    hint: null,
    ...extra,
  };
}
const at = (table: number, row: number, cell: number) => ({ table, row, cell });
const attached = (
  scope: Note['anchor']['scope'],
  primary?: ReturnType<typeof at>,
  confidence: 'exact' | 'moved' | 'fuzzy' = 'exact',
  table?: number,
): Resolution => ({
  status: 'attached',
  scope,
  ...(table !== undefined || primary ? { table: table ?? primary!.table } : {}),
  ...(primary ? { primary } : {}),
  cells: primary ? [primary] : [],
  confidence,
});
const orphan: Resolution = { status: 'orphan', reason: { zh: '找不到这一行', en: 'The row is gone' } };

describe('groupNotes: one marker per cell, one ✎ per table', () => {
  it(
    'groups cell and row notes by primary cell (oldest first), table notes by table, and leaves out page ' +
      'notes and orphans',
    () => {
      const resolved = [
        { note: note('cell-b-1', '2024-05-02T00:00:00Z'), resolution: attached('cell', at(2, 5, 3)) },
        { note: note('cell-a-1', '2024-05-01T00:00:00Z'), resolution: attached('cell', at(2, 5, 3), 'fuzzy') },
        { note: note('row-xx-1', '2024-05-03T00:00:00Z', 'row'), resolution: attached('row', at(2, 7, 0), 'moved') },
        { note: note('cell-c-1', '2024-05-04T00:00:00Z'), resolution: attached('cell', at(0, 3, 1)) },
        {
          note: note('table-a1', '2024-05-05T00:00:00Z', 'table'),
          resolution: attached('table', undefined, 'exact', 2),
        },
        {
          note: note('table-b1', '2024-05-01T00:00:00Z', 'table'),
          resolution: attached('table', undefined, 'exact', 2),
        },
        {
          note: note('page-aa1', '2024-05-06T00:00:00Z', 'page'),
          resolution: { status: 'attached', scope: 'page', cells: [], confidence: 'exact' } as Resolution,
        },
        { note: note('orphan-1', '2024-05-07T00:00:00Z'), resolution: orphan },
      ];
      const { cells, tables } = groupNotes(resolved);
      expect(cells.map((g) => g.key)).toEqual(['0:3:1', '2:5:3', '2:7:0']);
      expect(cells[1]!.notes.map((n) => n.note.id)).toEqual(['cell-a-1', 'cell-b-1']);
      expect(cells[1]!.cell).toEqual(at(2, 5, 3));
      expect(cells[2]!.notes.map((n) => n.note.id)).toEqual(['row-xx-1']);
      expect(tables).toHaveLength(1);
      expect(tables[0]).toMatchObject({ key: 'table:2', table: 2 });
      expect(tables[0]!.notes.map((n) => n.note.id)).toEqual(['table-b1', 'table-a1']);

      expect(groupConfidence(cells[1]!)).toBe('fuzzy');
      expect(groupConfidence(cells[2]!)).toBe('moved');
      expect(groupConfidence(cells[0]!)).toBe('exact');
    },
  );

  it('shows the quoted old value only when the note was found by its quote alone', () => {
    expect(
      oldValue({ note: note('fuzzy-1', '2024-05-01T00:00:00Z'), resolution: attached('cell', at(0, 1, 1), 'fuzzy') }),
    ).toBe('1,788.08');
    expect(
      oldValue({ note: note('moved-1', '2024-05-01T00:00:00Z'), resolution: attached('cell', at(0, 1, 1), 'moved') }),
    ).toBeUndefined();
    expect(oldValue({ note: note('orphan-1', '2024-05-01T00:00:00Z'), resolution: orphan })).toBeUndefined();
  });
});

describe('noteOnPage: what the report tells the side panel', () => {
  it('gives attached, page and orphan notes in the message schema', () => {
    const cell = noteOnPage({
      note: note('cell-a-1', '2024-05-01T00:00:00Z'),
      resolution: attached('cell', at(2, 5, 3), 'moved'),
    });
    expect(cell).toEqual({
      id: 'cell-a-1',
      status: 'attached',
      scope: 'cell',
      table: 2,
      primary: at(2, 5, 3),
      cells: [at(2, 5, 3)],
      confidence: 'moved',
      reason: null,
    });
    const table = noteOnPage({
      note: note('table-a1', '2024-05-01T00:00:00Z', 'table'),
      resolution: attached('table', undefined, 'exact', 4),
    });
    expect(table).toMatchObject({ scope: 'table', table: 4, primary: null });
    const page = noteOnPage({
      note: note('page-aa1', '2024-05-01T00:00:00Z', 'page'),
      resolution: { status: 'attached', scope: 'page', cells: [], confidence: 'exact' },
    });
    expect(page).toMatchObject({ status: 'attached', scope: 'page', table: null, primary: null, cells: [] });
    const lost = noteOnPage({ note: note('row-xx-1', '2024-05-01T00:00:00Z', 'row'), resolution: orphan });
    expect(lost).toEqual({
      id: 'row-xx-1',
      status: 'orphan',
      scope: 'row',
      table: null,
      primary: null,
      cells: [],
      confidence: null,
      reason: orphan.reason,
    });
    for (const n of [cell, table, page, lost]) expect(NoteOnPageSchema.parse(n)).toEqual(n);
  });
});

describe('the editor form', () => {
  it('reads tags from the boxes and the new-tag field, deduplicated; a note needs text or a tag', () => {
    const r = editorValues({
      scope: 'row',
      text: '  合计对不上，问财政局 \n',
      tags: ['疑点', '待核实'],
      newTag: '三公经费，疑点、 追问 ',
      status: 'in-progress',
    });
    expect(r).toEqual({
      ok: true,
      values: {
        scope: 'row',
        text: '合计对不上，问财政局',
        tags: ['疑点', '待核实', '三公经费', '追问'],
        status: 'in-progress',
      },
    });
    expect(editorValues({ scope: 'cell', text: '', tags: ['已追问'], newTag: '', status: 'open' })).toMatchObject({
      ok: true,
      values: { text: '', tags: ['已追问'] },
    });
    expect(editorValues({ scope: 'cell', text: '   ', tags: [], newTag: ' ', status: 'open' })).toEqual({
      ok: false,
      error: 'empty',
    });
    // Anything unexpected falls back to a cell note, open.
    expect(editorValues({ scope: 'page', text: 'x', tags: [], newTag: '', status: 'done' })).toMatchObject({
      ok: true,
      values: { scope: 'cell', status: 'open' },
    });
    // Tags are kept within the stored schema's limits.
    const long = editorValues({ scope: 'cell', text: 'x', tags: [], newTag: 'a'.repeat(60), status: 'open' });
    expect(long.ok && long.values.tags[0]!.length).toBe(40);
  });

  it('reads the form as the overlay builds it', () => {
    const { document } = parseHTML(`<!doctype html><html><body><form class="bl-note-editor">
      <select name="scope"><option value="cell">单元格</option><option value="row" selected>整行</option>
      <option value="table">整表</option></select>
      <textarea name="text"></textarea>
      <input type="checkbox" name="tag" value="疑点"><input type="checkbox" name="tag" value="待核实">
      <input type="checkbox" name="tag" value="已核实">
      <input type="text" name="newtag" value="三公">
      <select name="status"><option value="open">待处理</option><option value="in-progress">处理中</option>
      <option value="resolved" selected>已解决</option></select>
    </form></body></html>`);
    const form = document.querySelector('form')!;
    // As a reader types and ticks: the properties, not the markup.
    (form.querySelector('textarea') as unknown as HTMLTextAreaElement).value = '核实 <b>数字</b>';
    const boxes = [...form.querySelectorAll('input[type="checkbox"]')] as unknown as HTMLInputElement[];
    boxes[0]!.checked = true;
    boxes[2]!.checked = true;
    const fields = readEditor(form as unknown as HTMLElement);
    expect(fields).toEqual({
      scope: 'row',
      text: '核实 <b>数字</b>',
      tags: ['疑点', '已核实'],
      newTag: '三公',
      status: 'resolved',
    });
    expect(editorValues(fields)).toEqual({
      ok: true,
      values: { scope: 'row', text: '核实 <b>数字</b>', tags: ['疑点', '已核实', '三公'], status: 'resolved' },
    });
  });

  it('makes the target anchorFor needs and the new note the store creates, with the finding copied', () => {
    expect(targetFor('cell', at(1, 2, 3))).toEqual({ scope: 'cell', cell: at(1, 2, 3) });
    expect(targetFor('row', at(1, 2, 3))).toEqual({ scope: 'row', cell: at(1, 2, 3) });
    expect(targetFor('table', at(1, 2, 3))).toEqual({ scope: 'table', cell: at(1, 2, 3), table: 1 });

    const { report } = auditFixture('pages/huzhou-2024.clean.html');
    const f = report.findings[0]!;
    const ref = findingRef(f);
    expect(ref).toEqual({
      check: f.check,
      severity: f.severity,
      message: f.message,
      stated: f.stated ?? null,
      expected: f.expected ?? null,
      derivation: f.derivation,
      unit: f.unit ?? null,
    });
    expect(findingRef({ ...f, derivation: '1 + '.repeat(2000) }).derivation.length).toBe(4000);

    const input = newNote({ scope: 'cell', text: '看这里', tags: ['疑点'], status: 'open' }, ANCHOR, ref, f.cells[0]!);
    expect(input).toEqual({
      text: '看这里',
      tags: ['疑点'],
      status: 'open',
      anchor: ANCHOR,
      finding: ref,
      hint: { ...f.cells[0]! },
    });
    // What the store will write is a valid note.
    expect(
      NoteSchema.safeParse({
        v: 2,
        id: 'abcdef12',
        createdAt: '2024-05-01T00:00:00Z',
        updatedAt: '2024-05-01T00:00:00Z',
        ...input,
      }).success,
    ).toBe(true);
  });

  it('takes the page canonical link as an absolute address', () => {
    expect(pageInfo('https://a.gov.cn/x/y.html?from=wx', 'T', '/x/y.html')).toEqual({
      url: 'https://a.gov.cn/x/y.html?from=wx',
      canonicalUrl: 'https://a.gov.cn/x/y.html',
      title: 'T',
    });
    expect(pageInfo('https://a.gov.cn/x/y.html', 'T', undefined)).toEqual({
      url: 'https://a.gov.cn/x/y.html',
      title: 'T',
    });
  });
});

describe('NotesController: the store, the anchoring and the overlay in step, never breaking the audit', () => {
  afterEach(() => {
    anchorMock.anchorFor.mockReset();
    anchorMock.resolveNotes.mockReset();
    vi.useRealTimers();
  });
  const doc = { title: 'doc' } as never;
  /** The model in hand, as the viewer and the in-page fallback give it (the worker's answers the same). */
  const model = localModel(doc);
  const page = { url: 'https://a.gov.cn/x.html', title: 'T' };

  function fakes(notes: Note[] = []) {
    let onChange: (() => void) | undefined;
    const store = {
      list: vi.fn(async () => ({ notes, unreadable: [] })),
      create: vi.fn(async (input: { text: string }) => ({
        ok: true as const,
        note: { ...note('new-note-1', '2024-06-01T00:00:00Z'), text: input.text },
      })),
      update: vi.fn(async () => ({ ok: true as const, note: notes[0]! })),
      remove: vi.fn(async () => undefined),
      subscribe: vi.fn((cb: () => void) => {
        onChange = cb;
        return () => {
          onChange = undefined;
        };
      }),
    };
    const view = { bind: vi.fn(), draw: vi.fn() };
    return { store, view, fire: () => onChange?.() };
  }

  it('resolves and draws after an audit, and reports the notes', async () => {
    const n = [note('cell-a-1', '2024-05-01T00:00:00Z'), note('orphan-1', '2024-05-01T00:00:00Z')];
    const { store, view } = fakes(n);
    anchorMock.resolveNotes.mockReturnValue([
      { note: n[0], resolution: attached('cell', at(0, 2, 1)) },
      { note: n[1], resolution: orphan },
    ]);
    const c = new NotesController(store, view, () => undefined);
    expect(view.bind).toHaveBeenCalledWith(c);
    const onPage = await c.attach(model, page);
    expect(anchorMock.resolveNotes).toHaveBeenCalledWith(doc, page, n);
    expect(view.draw).toHaveBeenCalledTimes(1);
    expect(onPage.map((x) => [x.id, x.status])).toEqual([
      ['cell-a-1', 'attached'],
      ['orphan-1', 'orphan'],
    ]);
    expect(store.subscribe).toHaveBeenCalledTimes(1);
    await c.attach(model, page);
    expect(store.subscribe, 'one subscription for all audits').toHaveBeenCalledTimes(1);
    c.dispose();
  });

  it('redraws and re-reports once for a burst of store changes', async () => {
    vi.useFakeTimers();
    const { store, view, fire } = fakes([]);
    anchorMock.resolveNotes.mockReturnValue([]);
    const reports: unknown[] = [];
    const c = new NotesController(store, view, (x) => reports.push(x), 100);
    await c.attach(model, page);
    fire();
    fire();
    fire();
    await vi.advanceTimersByTimeAsync(150);
    expect(view.draw).toHaveBeenCalledTimes(2);
    expect(reports).toHaveLength(1);
    c.dispose();
  });

  it(
    'survives a store or an anchoring that throws (the ' + 'stubs do): warns, draws nothing, reports no notes',
    async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const { store, view } = fakes([]);
      store.list.mockRejectedValue(new Error('not implemented'));
      store.subscribe.mockImplementation(() => {
        throw new Error('not implemented');
      });
      const c = new NotesController(store, view, () => undefined);
      await expect(c.attach(model, page)).resolves.toEqual([]);
      expect(view.draw).toHaveBeenCalledWith([]);

      store.list.mockResolvedValue({ notes: [note('cell-a-1', '2024-05-01T00:00:00Z')], unreadable: [] });
      anchorMock.resolveNotes.mockImplementation(() => {
        throw new Error('not implemented');
      });
      await expect(c.attach(model, page)).resolves.toEqual([]);
      expect(warn).toHaveBeenCalled();
      warn.mockRestore();
      c.dispose();
    },
  );

  it(
    'creates notes anchored in the document the editor opened on; failures come back with a message and ' +
      'nothing written',
    async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const { store, view } = fakes([]);
      anchorMock.resolveNotes.mockReturnValue([]);
      const c = new NotesController(store, view, () => undefined, 10_000);
      await c.attach(model, page);
      const ctx = c.context()!;
      expect(ctx).toEqual({ model, page });

      anchorMock.anchorFor.mockReturnValue(ANCHOR);
      const values = { scope: 'row' as const, text: '问问', tags: ['疑点'], status: 'open' as const };
      const ok = await c.create(ctx, values, at(1, 4, 2), null);
      expect(ok.ok).toBe(true);
      expect(anchorMock.anchorFor).toHaveBeenCalledWith(doc, page, { scope: 'row', cell: at(1, 4, 2) });
      expect(store.create).toHaveBeenCalledWith({
        text: '问问',
        tags: ['疑点'],
        status: 'open',
        anchor: ANCHOR,
        finding: null,
        hint: at(1, 4, 2),
      });

      const quota = {
        ok: false as const,
        reason: 'quota' as const,
        message: { zh: '存储空间已满', en: 'Storage is full' },
      };
      store.create.mockResolvedValueOnce(quota as never);
      expect(await c.create(ctx, values, at(1, 4, 2), null)).toEqual(quota);

      store.create.mockRejectedValueOnce(new Error('boom'));
      expect(await c.create(ctx, values, at(1, 4, 2), null)).toMatchObject({ ok: false, message: WRITE_FAILED });

      anchorMock.anchorFor.mockImplementation(() => {
        throw new Error('not implemented');
      });
      const calls = store.create.mock.calls.length;
      expect(await c.create(ctx, values, at(1, 4, 2), null)).toMatchObject({ ok: false, message: ANCHOR_FAILED });
      expect(store.create.mock.calls.length).toBe(calls);

      expect(await c.update('cell-a-1', { text: 'x' })).toMatchObject({ ok: true });
      expect(store.update).toHaveBeenCalledWith('cell-a-1', { text: 'x' });
      expect(await c.remove('cell-a-1')).toEqual({ ok: true });
      store.remove.mockRejectedValueOnce(new Error('nope'));
      expect(await c.remove('cell-a-1')).toMatchObject({ ok: false });
      warn.mockRestore();
      c.dispose();
    },
  );
});
