/**
 * The notes page (/notes.html): its pure logic (components/notes/filter.ts) and the page itself, rendered with
 * linkedom over WXT's fake browser, with the real NotesStore and the real import/export (lib/notes/exchange.ts).
 */
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { installDom, setZhLocale } from './fake-browser';
import { type, until } from './dom-helpers';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Note } from '../../lib/notes/schema';

vi.mock('wxt/browser', async () => ({ browser: (await import('wxt/testing/fake-browser')).fakeBrowser }));

const { document, window } = installDom();

const { NoteSchema } = await import('../../lib/notes/schema');
const { exportJson } = await import('../../lib/notes/exchange');
const { NotesStore, noteKey } = await import('../../lib/notes/store');
const F = await import('../../components/notes/filter');
const { h, render } = await import('preact');
const { NotesApp } = await import('../../components/notes/NotesPage');

// ---------------------------------------------------------------------------------------------------------------
// Notes as the engine would anchor them

interface Spec {
  id: string;
  text: string;
  tags?: string[];
  status?: Note['status'];
  url?: string;
  title?: string;
  department?: string | null;
  year?: number | null;
  scope?: Note['anchor']['scope'];
  table?: string;
  code?: string | null;
  names?: string[];
  column?: string[];
  quote?: string;
  updatedAt?: string;
  finding?: boolean;
}

function makeNote(s: Spec): Note {
  const url = s.url ?? 'https://czj.huzhou.gov.cn/art/2024/xfj.html';
  const scope = s.scope ?? 'cell';
  const at = s.updatedAt ?? '2026-11-01T08:00:00.000Z';
  return NoteSchema.parse({
    v: 2,
    id: s.id,
    createdAt: '2026-10-01T08:00:00.000Z',
    updatedAt: at,
    text: s.text,
    tags: s.tags ?? [],
    status: s.status ?? 'open',
    anchor: {
      scope,
      page: { url, title: s.title ?? '2024年湖州市信访局部门预算', site: new URL(url).hostname },
      document: {
        department: s.department === undefined ? '湖州市信访局' : s.department,
        year: s.year === undefined ? 2024 : s.year,
        title: '2024年部门预算',
        stage: '预算',
      },
      table:
        scope === 'page'
          ? null
          : { kind: 'gpb-basic', title: s.table ?? '一般公共预算基本支出表', unit: '万元', ordinal: 0 },
      row:
        scope === 'page' || scope === 'table'
          ? null
          : { code: s.code ?? '2010301', names: s.names ?? ['一般公共服务支出', '信访事务', '行政运行'], side: 0 },
      column: scope === 'cell' ? { path: s.column ?? ['基本支出', '人员经费'] } : null,
      quote: scope === 'cell' ? { exact: s.quote ?? '1,234.56', prefix: '行政运行', suffix: '56.10' } : null,
    },
    finding: s.finding
      ? {
          check: 'row-sum',
          severity: 'error',
          message: { zh: '合计与各项之和不符', en: 'Total differs' },
          stated: '1,234.56',
          expected: '1,243.56',
          derivation: '1,200.00 + 43.56',
          unit: '万元',
        }
      : null,
    hint: scope === 'cell' ? { table: 2, row: 5, cell: 3 } : null,
  });
}

const NOTES: Note[] = [
  makeNote({
    id: 'note-a1',
    text: '人员经费比上年多出一成，需追问',
    tags: ['疑点'],
    quote: '1,234.56',
    updatedAt: '2026-11-20T08:00:00.000Z',
    finding: true,
  }),
  makeNote({
    id: 'note-a2',
    text: '合计行已核实',
    tags: ['已核实'],
    status: 'resolved',
    names: ['一般公共服务支出', '信访事务', '事业运行'],
    code: '2010350',
    quote: '88.00',
  }),
  makeNote({
    id: 'note-b1',
    text: '三公经费表缺少说明',
    tags: ['待核实', '三公'],
    scope: 'table',
    table: '“三公”经费支出表',
    url: 'https://www.hangzhou.gov.cn/art/2022/czj.html',
    title: '2022年杭州市财政局部门预算',
    department: '杭州市财政局',
    year: 2022,
    updatedAt: '2026-11-25T08:00:00.000Z',
  }),
  makeNote({
    id: 'note-c1',
    text: '整页：公开时间晚于规定',
    tags: ['疑点'],
    scope: 'page',
    url: 'https://example.org/budget',
    title: '',
    department: null,
    year: null,
    status: 'in-progress',
  }),
];

// ---------------------------------------------------------------------------------------------------------------

describe('components/notes/filter.ts', () => {
  it('searches text, tags, quote, row names, table title, page title and department, ignoring case and width', () => {
    const ids = (q: string) => F.filterNotes(NOTES, { ...F.NO_FILTERS, q }).map((n) => n.id);
    expect(ids('追问')).toEqual(['note-a1']);
    expect(ids('三公')).toEqual(['note-b1']); // a tag and a table title
    expect(ids('1,234.56')).toEqual(['note-a1']); // the quoted value
    expect(ids('事业运行')).toEqual(['note-a2']); // a row name
    expect(ids('2010350')).toEqual(['note-a2']); // a row code
    expect(ids('杭州市财政局')).toEqual(['note-b1']); // department and page title
    expect(ids('湖州 人员经费')).toEqual(['note-a1', 'note-a2']); // the column path is searched too
    expect(ids('湖州 追问')).toEqual(['note-a1']); // every term must match
    expect(ids('ＥＸＡＭＰＬＥ')).toEqual(['note-c1']); // full-width and case folded; the page URL is searched too
    expect(ids('  ')).toHaveLength(4);
    expect(ids('没有这个词')).toEqual([]);
  });

  it('filters by tag, department, year, site and status, together with the search', () => {
    const ids = (f: Partial<ReturnType<() => typeof F.NO_FILTERS>>) =>
      F.filterNotes(NOTES, { ...F.NO_FILTERS, ...f }).map((n) => n.id);
    expect(ids({ tag: '疑点' })).toEqual(['note-a1', 'note-c1']);
    expect(ids({ department: '湖州市信访局' })).toEqual(['note-a1', 'note-a2']);
    expect(ids({ year: '2022' })).toEqual(['note-b1']);
    expect(ids({ site: 'example.org' })).toEqual(['note-c1']);
    expect(ids({ status: 'resolved' })).toEqual(['note-a2']);
    expect(ids({ tag: '疑点', q: '公开' })).toEqual(['note-c1']);
    expect(F.isFiltered(F.NO_FILTERS)).toBe(false);
    expect(F.isFiltered({ ...F.NO_FILTERS, q: ' ' })).toBe(false);
    expect(F.isFiltered({ ...F.NO_FILTERS, year: '2024' })).toBe(true);
  });

  it('offers only values the notes have: default tags first, years newest first, statuses in workflow order', () => {
    const o = F.filterOptions(NOTES);
    expect(o.tag).toEqual([
      { value: '疑点', count: 2 },
      { value: '待核实', count: 1 },
      { value: '已核实', count: 1 },
      { value: '三公', count: 1 },
    ]);
    expect(o.department.map((x) => x.value).sort()).toEqual(['杭州市财政局', '湖州市信访局']);
    expect(o.year).toEqual([
      { value: '2024', count: 2 },
      { value: '2022', count: 1 },
    ]);
    expect(o.site.map((x) => x.value)).toEqual(['czj.huzhou.gov.cn', 'example.org', 'www.hangzhou.gov.cn']);
    expect(o.status.map((x) => x.value)).toEqual(['open', 'in-progress', 'resolved']);
  });

  it('groups by document, the most recently touched first; a page without a title is named by its URL', () => {
    const g = F.groupByDocument(NOTES);
    expect(g.map((x) => [x.title, x.notes.map((n) => n.id)])).toEqual([
      ['2022年杭州市财政局部门预算', ['note-b1']],
      ['2024年湖州市信访局部门预算', ['note-a1', 'note-a2']],
      ['2024年部门预算', ['note-c1']], // no page title: the document title
    ]);
    expect(g[1]).toMatchObject({
      url: 'https://czj.huzhou.gov.cn/art/2024/xfj.html',
      department: '湖州市信访局',
      year: 2024,
      stage: '预算',
    });
    const page = F.firstNotes(g, 2);
    expect(page).toMatchObject({ shown: 2, total: 4 });
    expect(page.groups.map((x) => x.notes.length)).toEqual([1, 1]);
  });

  it('says where a note sits and names export files by the local date', () => {
    expect(F.notePlace(NOTES[0]!.anchor)).toEqual({
      table: '一般公共预算基本支出表',
      row: '2010301 一般公共服务支出 / 信访事务 / 行政运行',
      column: '基本支出 / 人员经费',
      quote: '1,234.56',
    });
    expect(F.notePlace(NOTES[2]!.anchor)).toEqual({ table: '“三公”经费支出表', row: null, column: null, quote: null });
    expect(F.exportFileName('json', new Date(2026, 10, 30, 23, 59))).toBe('budget-lens-notes-2026-11-30.json');
    expect(F.exportFileName('csv', new Date(2026, 0, 5))).toBe('budget-lens-notes-2026-01-05.csv');
    expect(F.splitTags('疑点，待核实、 三公 ,x')).toEqual(['疑点', '待核实', '三公', 'x']);
    expect(F.cleanTags([' a', 'a', '', 'b'])).toEqual(['a', 'b']);
    expect(F.draftProblem(' ', [])).toBe('empty');
    expect(F.draftProblem('x', ['x'.repeat(41)])).toBe('tag-too-long');
    expect(F.draftProblem('x', ['ok'])).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The page

const q = (sel: string) => [...document.querySelectorAll(sel)] as unknown as HTMLElement[];
const one = (sel: string): HTMLElement => {
  const found = q(sel);
  if (found.length !== 1) throw new Error(`${sel}: ${found.length} elements`);
  return found[0]!;
};
const shownIds = () => q('[data-testid="note"]').map((e) => e.getAttribute('data-note-id'));

/** linkedom's <select> has no value setter: select the option, then fire change as a browser would. */
function choose(select: HTMLElement, value: string): void {
  for (const o of select.querySelectorAll('option')) o.toggleAttribute('selected', o.getAttribute('value') === value);
  select.dispatchEvent(new window.Event('change', { bubbles: true }) as unknown as Event);
}

function pickFile(name: string, content: string): void {
  const input = one('input[type="file"][data-testid="import-file"]');
  Object.defineProperty(input, 'files', {
    value: [new File([content], name, { type: 'application/json' })],
    configurable: true,
  });
  input.dispatchEvent(new window.Event('change', { bubbles: true }) as unknown as Event);
}

const stored = async () => JSON.stringify(await fakeBrowser.storage.local.get(null));

const downloads: Array<{ name: string; text: string; type: string }> = [];
const NOW = new Date(2026, 10, 30, 10, 0);

async function mount(props: Record<string, unknown> = {}): Promise<void> {
  const app = document.getElementById('app')!;
  render(null, app);
  render(
    h(NotesApp, {
      download: (name: string, t: string, type: string) => downloads.push({ name, text: t, type }),
      now: () => NOW,
      ...props,
    }),
    app,
  );
  await until(() => q('[data-testid="notes-count"]').length === 1, 'the list');
}

describe('the notes page', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    setZhLocale();
    downloads.length = 0;
    await fakeBrowser.storage.local.set(Object.fromEntries(NOTES.map((n) => [noteKey(n.id), n])));
  });
  afterAll(() => render(null, document.getElementById('app')!));

  it(
    'lists every note grouped by document, with text, tags, status, place, finding and a link that opens a ' +
      'new tab',
    async () => {
      await mount();
      expect(one('[data-testid="notes-count"]').textContent).toBe('共 4 条笔记，来自 3 个页面');
      expect(shownIds()).toEqual(['note-b1', 'note-a1', 'note-a2', 'note-c1']);
      const links = q('[data-testid="doc-link"]');
      expect(links.map((a) => a.textContent)).toEqual([
        '2022年杭州市财政局部门预算',
        '2024年湖州市信访局部门预算',
        '2024年部门预算',
      ]);
      expect(links[1]!.getAttribute('href')).toBe('https://czj.huzhou.gov.cn/art/2024/xfj.html');
      expect(links[1]!.getAttribute('target')).toBe('_blank');
      expect(links[1]!.getAttribute('rel')).toContain('noopener');
      const a1 = one('[data-note-id="note-a1"]');
      expect(a1.querySelector('[data-testid="note-text"]')!.textContent).toBe('人员经费比上年多出一成，需追问');
      expect(a1.querySelector('[data-testid="note-tags"]')!.textContent).toBe('疑点');
      expect(a1.querySelector('[data-testid="note-status"]')!.textContent).toBe('待处理');
      const place = a1.querySelector('[data-testid="note-place"]')!.textContent!;
      for (const part of [
        '一般公共预算基本支出表',
        '2010301 一般公共服务支出 / 信访事务 / 行政运行',
        '基本支出 / 人员经费',
        '1,234.56 万元',
      ])
        expect(place).toContain(part);
      const finding = a1.querySelector('[data-testid="note-finding"]')!.textContent!;
      for (const part of ['错误', '合计与各项之和不符', '1,234.56 万元', '1,243.56 万元', '1,200.00 + 43.56'])
        expect(finding).toContain(part);
      expect(one('[data-note-id="note-c1"]').textContent).toContain('关于整个页面的笔记');
      // Filters offer what the notes have.
      expect(q('select[name="tag"] option').map((o) => o.getAttribute('value'))).toEqual([
        '',
        '疑点',
        '待核实',
        '已核实',
        '三公',
      ]);
      expect(q('select[name="status"] option').map((o) => o.textContent)).toEqual([
        '全部',
        '待处理（2）',
        '处理中（1）',
        '已解决（1）',
      ]);
      expect(q('select[name="department"], select[name="year"], select[name="site"]')).toHaveLength(3);
      expect(q('[data-testid="unreadable"]')).toHaveLength(0);
    },
  );

  it('narrows by search and by tag, and says how many it shows', async () => {
    await mount();
    type(one('input[type="search"]'), '事业运行');
    await until(() => shownIds().length === 1, 'search');
    expect(shownIds()).toEqual(['note-a2']);
    expect(one('[data-testid="notes-count"]').textContent).toBe('显示 1 条笔记（共 4 条），来自 1 个页面');

    type(one('input[type="search"]'), '');
    await until(() => shownIds().length === 4, 'search cleared');
    choose(one('select[name="tag"]'), '疑点');
    await until(() => shownIds().length === 2, 'tag filter');
    expect(shownIds().sort()).toEqual(['note-a1', 'note-c1']);

    choose(one('select[name="year"]'), '2024');
    await until(() => shownIds().length === 1, 'year filter');
    expect(shownIds()).toEqual(['note-a1']);

    one('[data-testid="clear-filters"]').click();
    await until(() => shownIds().length === 4, 'filters cleared');
  });

  it('exports what the filters show or everything, saying which, to dated files', async () => {
    await mount();
    one('[data-testid="export-json"]').click();
    await until(() => downloads.length === 1, 'download');
    expect(downloads[0]!.name).toBe('budget-lens-notes-2026-11-30.json');
    expect(downloads[0]!.type).toContain('application/json');
    expect((JSON.parse(downloads[0]!.text) as { notes: unknown[] }).notes).toHaveLength(4);
    expect(one('[data-testid="export-status"]').textContent).toBe(
      '已导出全部 4 条笔记：budget-lens-notes-2026-11-30.json',
    );

    choose(one('select[name="tag"]'), '疑点');
    await until(() => shownIds().length === 2, 'tag filter');
    one('[data-testid="export-csv"]').click();
    await until(() => downloads.length === 2, 'csv');
    expect(downloads[1]!.name).toBe('budget-lens-notes-2026-11-30.csv');
    expect(downloads[1]!.text).toContain('需追问');
    expect(downloads[1]!.text).not.toContain('三公经费表缺少说明');
    expect(one('[data-testid="export-status"]').textContent).toBe(
      '已导出当前筛选出的 2 条笔记：budget-lens-notes-2026-11-30.csv',
    );

    const all = one('input[name="export-scope"][value="all"]');
    all.dispatchEvent(new window.Event('change', { bubbles: true }) as unknown as Event);
    await new Promise((r) => setTimeout(r, 20));
    one('[data-testid="export-md"]').click();
    await until(() => downloads.length === 3, 'md');
    expect(downloads[2]!.name).toBe('budget-lens-notes-2026-11-30.md');
    expect(downloads[2]!.text).toContain('三公经费表缺少说明');
    expect(one('[data-testid="export-status"]').textContent).toBe(
      '已导出全部 4 条笔记：budget-lens-notes-2026-11-30.md',
    );
  });

  it('refuses a bad file with its message and changes nothing', async () => {
    await mount();
    const before = await stored();
    pickFile('notes.json', '{ this is not json');
    await until(() => q('[data-testid="import-error"]').length === 1, 'the import error');
    const err = one('[data-testid="import-error"]');
    expect(err.getAttribute('role')).toBe('alert');
    expect(err.textContent).toContain('未导入「notes.json」，已存的笔记没有任何改动');
    expect(err.textContent!.length).toBeGreaterThan('未导入「notes.json」，已存的笔记没有任何改动：'.length + 4);
    expect(q('[data-testid="import-preview"]')).toHaveLength(0);

    pickFile('other.json', JSON.stringify({ format: 'something-else', notes: [] }));
    await until(
      () => (q('[data-testid="import-error"]')[0]?.textContent ?? '').includes('other.json'),
      'the second error',
    );
    expect(await stored()).toBe(before);
    expect(shownIds()).toHaveLength(4);
  });

  it('previews an import (new, same, conflicts side by side), writes the chosen way and says how many', async () => {
    await mount();
    const theirs = {
      ...NOTES[1]!,
      text: '合计行已核实——对方补充：附件二另有说明',
      updatedAt: '2026-11-28T08:00:00.000Z',
    };
    const fresh = makeNote({ id: 'note-new1', text: '对方新写的笔记', tags: ['已追问'] });
    pickFile('from-li.json', exportJson([NOTES[0]!, theirs, fresh], '0.1.0', new Date('2026-11-29T00:00:00Z')));
    await until(() => q('[data-testid="import-preview"]').length === 1, 'the preview');
    expect(one('[data-testid="import-add"]').getAttribute('data-count')).toBe('1');
    expect(one('[data-testid="import-add"]').textContent).toBe('新增 1 条');
    expect(one('[data-testid="import-same"]').getAttribute('data-count')).toBe('1');
    expect(one('[data-testid="import-conflicts"]').getAttribute('data-count')).toBe('1');
    const conflict = one('[data-testid="import-conflict"]');
    expect(conflict.textContent).toContain('本机的');
    expect(conflict.textContent).toContain('合计行已核实');
    expect(conflict.textContent).toContain('对方补充');
    expect(q('input[type="radio"][name="conflict-choice"]').map((r) => r.getAttribute('value'))).toEqual([
      'keep-mine',
      'take-theirs',
      'keep-both',
    ]);
    // Nothing is written before the confirmation.
    expect(await fakeBrowser.storage.local.get(noteKey('note-new1'))).toEqual({ [noteKey('note-new1')]: undefined });

    one('input[name="conflict-choice"][value="take-theirs"]').dispatchEvent(
      new window.Event('change', { bubbles: true }) as unknown as Event,
    );
    await new Promise((r) => setTimeout(r, 20));
    one('[data-testid="import-confirm"]').click();
    await until(() => q('[data-testid="import-done"]').length === 1, 'done');
    expect(one('[data-testid="import-done"]').textContent).toBe('已导入 2 条');
    await until(() => shownIds().length === 5, 'the new note listed');
    expect(one('[data-note-id="note-a2"] [data-testid="note-text"]').textContent).toContain('对方补充');
    const store = new NotesStore(fakeBrowser.storage.local);
    expect((await store.get('note-new1'))?.text).toBe('对方新写的笔记');
  });

  it('cancels a preview without writing', async () => {
    await mount();
    const before = await stored();
    pickFile('x.json', exportJson([makeNote({ id: 'note-new2', text: '不要导入' })], '0.1.0'));
    await until(() => q('[data-testid="import-preview"]').length === 1, 'the preview');
    one('[data-testid="import-cancel"]').click();
    await until(() => q('[data-testid="import-preview"]').length === 0, 'cancelled');
    expect(await stored()).toBe(before);
  });

  it('shows unreadable stored entries with their raw JSON and a download, and never deletes them', async () => {
    await fakeBrowser.storage.local.set({
      'note:broken-1': { v: 99, id: 'broken-1', text: '未来版本的笔记' },
      'note:garbage': 'not a note',
    });
    await mount();
    await until(() => q('[data-testid="unreadable-note"]').length === 2, 'unreadable entries');
    expect(one('[data-testid="unreadable"]').textContent).toContain('无法读取的存储内容（2 条）');
    const raw = q('[data-testid="unreadable-note"] pre').map((p) => p.textContent);
    expect(raw.join('\n')).toContain('"text": "未来版本的笔记"');
    one('[data-testid="unreadable-download"]').click();
    expect(downloads[0]!.name).toBe('budget-lens-unreadable-notes-2026-11-30.json');
    expect(JSON.parse(downloads[0]!.text).entries).toHaveLength(2);
    expect(shownIds()).toHaveLength(4);
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toContain('note:broken-1');
  });

  it('edits text, tags and status, and deletes only after confirmation', async () => {
    await mount();
    one('[data-note-id="note-a1"] [data-testid="note-edit"]').click();
    await until(() => q('[data-note-id="note-a1"] textarea').length === 1, 'the editor');
    type(one('[data-note-id="note-a1"] textarea'), '已电话追问，等待书面答复');
    type(one('[data-note-id="note-a1"] input[name="tags-extra"]'), '电话，书面');
    choose(one('[data-note-id="note-a1"] select[name="status"]'), 'in-progress');
    one('[data-note-id="note-a1"] form').dispatchEvent(
      new window.Event('submit', { bubbles: true, cancelable: true }) as unknown as Event,
    );
    await until(
      () =>
        (q('[data-note-id="note-a1"] [data-testid="note-text"]')[0]?.textContent ?? '') === '已电话追问，等待书面答复',
      'the saved text',
    );
    const saved = await new NotesStore(fakeBrowser.storage.local).get('note-a1');
    expect(saved).toMatchObject({
      text: '已电话追问，等待书面答复',
      tags: ['疑点', '电话', '书面'],
      status: 'in-progress',
    });
    expect(one('[data-note-id="note-a1"] [data-testid="note-status"]').textContent).toBe('处理中');

    one('[data-note-id="note-a2"] [data-testid="note-delete"]').click();
    await until(() => q('[data-testid="note-delete-confirm"]').length === 1, 'the confirmation');
    expect(shownIds()).toContain('note-a2');
    one('[data-testid="note-delete-cancel"]').click();
    await until(() => q('[data-testid="note-delete-confirm"]').length === 0, 'cancelled');
    one('[data-note-id="note-a2"] [data-testid="note-delete"]').click();
    await until(() => q('[data-testid="note-delete-confirm"]').length === 1, 'the confirmation again');
    one('[data-testid="note-delete-confirm"]').click();
    await until(() => !shownIds().includes('note-a2'), 'deleted');
    expect(await new NotesStore(fakeBrowser.storage.local).get('note-a2')).toBeUndefined();
  });

  it('keeps the edit and says so plainly when the storage is full', async () => {
    class FullStore extends NotesStore {
      override async update(): Promise<Awaited<ReturnType<InstanceType<typeof NotesStore>['update']>>> {
        return {
          ok: false,
          reason: 'quota',
          message: { zh: '浏览器给扩展的存储空间已满，这次没有保存。', en: 'full' },
        };
      }
    }
    await mount({ store: new FullStore(fakeBrowser.storage.local, fakeBrowser.storage.onChanged) });
    one('[data-note-id="note-a1"] [data-testid="note-edit"]').click();
    await until(() => q('[data-note-id="note-a1"] textarea').length === 1, 'the editor');
    type(one('[data-note-id="note-a1"] textarea'), '这段文字不能丢');
    one('[data-note-id="note-a1"] form').dispatchEvent(
      new window.Event('submit', { bubbles: true, cancelable: true }) as unknown as Event,
    );
    await until(() => q('[data-testid="note-error"]').length === 1, 'the error');
    expect(one('[data-testid="note-error"]').getAttribute('role')).toBe('alert');
    expect(one('[data-testid="note-error"]').textContent).toBe('没有保存：浏览器给扩展的存储空间已满，这次没有保存。');
    expect((one('[data-note-id="note-a1"] textarea') as HTMLTextAreaElement).value).toBe('这段文字不能丢');
  });

  it('shows long lists a page at a time', async () => {
    await mount({ pageSize: 3 });
    expect(shownIds()).toHaveLength(3);
    expect(one('[data-testid="show-more"]').textContent).toBe('显示更多（再显示 1 条）');
    one('[data-testid="show-more"]').click();
    await until(() => shownIds().length === 4, 'more');
    expect(q('[data-testid="show-more"]')).toHaveLength(0);
  });

  it('follows changes made elsewhere (the overlay, the side panel, another window)', async () => {
    await mount();
    await fakeBrowser.storage.local.set({ [noteKey('note-z9')]: makeNote({ id: 'note-z9', text: '在页面上新写的' }) });
    await until(() => shownIds().includes('note-z9'), 'the new note');
    await fakeBrowser.storage.local.remove(noteKey('note-b1'));
    await until(() => !shownIds().includes('note-b1'), 'the removed note');
  });
});
