/**
 * The side panel's "本页笔记": the page's notes joined from the report (where the engine placed them) and the store
 * (what they say), orphans with everything they recorded, reveal, the page-note form, the link to the notes page.
 * linkedom over WXT's fake browser, with the real NotesStore and lib/notes/anchor.ts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDom, setZhLocale } from './fake-browser';
import { type, until } from './dom-helpers';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Note } from '../../lib/notes/schema';

vi.mock('wxt/browser', async () => ({ browser: (await import('wxt/testing/fake-browser')).fakeBrowser }));

const { document, window } = installDom();

const { NoteSchema } = await import('../../lib/notes/schema');
const { NotesStore, noteKey } = await import('../../lib/notes/store');
const { reportKey } = await import('../../lib/extension/messages');
const { joinPageNotes } = await import('../../components/sidepanel/notes-join');
const { h, render } = await import('preact');
const { SidePanelApp } = await import('../../components/sidepanel/SidePanelApp');

const URL_ = 'https://czj.huzhou.gov.cn/art/2024/xfj.html';

function makeNote(
  id: string,
  text: string,
  over: { scope?: Note['anchor']['scope']; url?: string; tags?: string[]; createdAt?: string } = {},
): Note {
  const scope = over.scope ?? 'cell';
  const url = over.url ?? URL_;
  return NoteSchema.parse({
    v: 2,
    id,
    createdAt: over.createdAt ?? '2026-11-01T08:00:00.000Z',
    updatedAt: over.createdAt ?? '2026-11-01T08:00:00.000Z',
    text,
    tags: over.tags ?? ['疑点'],
    status: 'open',
    anchor: {
      scope,
      page: { url, title: '2024年湖州市信访局部门预算', site: new URL(url).hostname },
      document: { department: '湖州市信访局', year: 2024, title: '2024年部门预算', stage: '预算' },
      table: scope === 'page' ? null : { kind: 'gpb-basic', title: '一般公共预算基本支出表', unit: '万元', ordinal: 0 },
      row: scope === 'cell' ? { code: '2010301', names: ['一般公共服务支出', '信访事务', '行政运行'], side: 0 } : null,
      column: scope === 'cell' ? { path: ['基本支出', '人员经费'] } : null,
      quote: scope === 'cell' ? { exact: '1,234.56', prefix: '行政运行', suffix: '56.10' } : null,
    },
    finding: null,
    hint: scope === 'cell' ? { table: 2, row: 5, cell: 3 } : null,
  });
}

const attached = makeNote('note-att1', '人员经费偏高，需追问');
const orphan = makeNote('note-orph1', '这一行后来被删了？', { createdAt: '2026-10-01T08:00:00.000Z' });
const pageNote = makeNote('note-page1', '整页：附件缺失', { scope: 'page', tags: [] });
const elsewhere = makeNote('note-else1', '别的页面的笔记', { url: 'https://www.hangzhou.gov.cn/x.html' });

const report = {
  url: `${URL_}?utm_source=wechat#t2`,
  canonicalUrl: null,
  title: '2024年湖州市信访局部门预算',
  auditedAt: '2026-11-30T02:00:00Z',
  document: { title: '2024年部门预算', department: '湖州市信访局', year: 2024, unit: '万元', stage: '预算' },
  summary: {
    tables: 3,
    budgetTables: 3,
    passed: 10,
    errors: 0,
    warnings: 0,
    rounding: 0,
    notCheckedCells: 0,
    notUnderstood: 0,
  },
  tables: [],
  findings: [],
  claims: [],
  headlines: [],
  notes: [
    {
      id: 'note-orph1',
      status: 'orphan',
      scope: 'cell',
      table: null,
      primary: null,
      cells: [],
      confidence: null,
      reason: { zh: '找不到行“行政运行”（编码 2010301）', en: 'row not found' },
    },
    {
      id: 'note-att1',
      status: 'attached',
      scope: 'cell',
      table: 2,
      primary: { table: 2, row: 5, cell: 3 },
      cells: [{ table: 2, row: 5, cell: 3 }],
      confidence: 'moved',
      reason: null,
    },
    {
      id: 'note-gone',
      status: 'attached',
      scope: 'cell',
      table: 2,
      primary: { table: 2, row: 6, cell: 3 },
      cells: [{ table: 2, row: 6, cell: 3 }],
      confidence: 'exact',
      reason: null,
    },
  ],
};

const q = (sel: string) => [...document.querySelectorAll(sel)] as unknown as HTMLElement[];
const one = (sel: string): HTMLElement => {
  const found = q(sel);
  if (found.length !== 1) throw new Error(`${sel}: ${found.length} elements`);
  return found[0]!;
};
const ids = (testid: string) => q(`[data-testid="${testid}"]`).map((e) => e.getAttribute('data-note-id'));

const submit = (form: HTMLElement) =>
  form.dispatchEvent(new window.Event('submit', { bubbles: true, cancelable: true }) as unknown as Event);

const sent: Array<[number, unknown]> = [];
let engineReveals = true;

describe('components/sidepanel/notes-join.ts', () => {
  it('joins placements with stored notes by id, drops deleted ones, lists just-written notes of the page', () => {
    const j = joinPageNotes(report.notes as never, [attached, orphan, pageNote, elsewhere], URL_);
    expect(j.attached.map((p) => [p.note.id, p.where?.status ?? null])).toEqual([
      ['note-page1', null],
      ['note-att1', 'attached'],
    ]);
    expect(j.orphans.map((p) => p.note.id)).toEqual(['note-orph1']);
  });
});

describe('the side panel notes', () => {
  beforeAll(async () => {
    fakeBrowser.reset();
    setZhLocale();
    Object.assign(fakeBrowser.tabs, {
      sendMessage: async (tabId: number, msg: unknown) => {
        sent.push([tabId, msg]);
        return (msg as { type: string }).type === 'bl:reveal-note' ? { revealed: engineReveals } : undefined;
      },
    });
    await fakeBrowser.storage.local.set(
      Object.fromEntries([attached, orphan, pageNote, elsewhere].map((n) => [noteKey(n.id), n])),
    );
    await fakeBrowser.storage.session.set({ [reportKey(5)]: report });
    render(h(SidePanelApp, { search: '?tab=5' }), document.getElementById('app')!);
    await until(() => q('[data-testid="page-note"]').length === 2, 'the page notes');
  });
  afterAll(() => render(null, document.getElementById('app')!));

  it('lists the page notes under the report with text, tags, status, date and place', () => {
    const section = one('[data-testid="page-notes"]');
    expect(section.querySelector('h2')!.textContent).toBe('本页笔记（3）');
    expect(ids('page-note')).toEqual(['note-page1', 'note-att1']);
    const n = one('[data-testid="page-note"][data-note-id="note-att1"]');
    expect(n.querySelector('[data-testid="note-text"]')!.textContent).toBe('人员经费偏高，需追问');
    expect(n.querySelector('[data-testid="note-tags"]')!.textContent).toBe('疑点');
    expect(n.querySelector('[data-testid="note-status"]')!.textContent).toBe('待处理');
    expect(n.querySelector('[data-testid="note-date"]')!.textContent).toMatch(/^写于 2026/u);
    const place = n.querySelector('[data-testid="note-place"]')!.textContent!;
    for (const part of [
      '一般公共预算基本支出表',
      '2010301 一般公共服务支出 / 信访事务 / 行政运行',
      '基本支出 / 人员经费',
      '1,234.56 万元',
    ])
      expect(place).toContain(part);
    expect(n.textContent).toContain('已按含义找到');
    expect(one('[data-testid="page-note"][data-note-id="note-page1"]').textContent).toContain('关于整个页面的笔记');
    // A page note has no cells to show.
    expect(q('[data-note-id="note-page1"] [data-testid="reveal-note"]')).toHaveLength(0);
    expect(document.body.textContent).not.toContain('别的页面的笔记');
  });

  it(
    'lists orphans apart with everything they recorded: reason, quote with neighbours, table, row, column, ' +
      'last address',
    () => {
      expect(ids('orphan-note')).toEqual(['note-orph1']);
      const o = one('[data-testid="orphan-note"]');
      expect(one('[data-testid="orphan-notes"] h3').textContent).toBe('未能重新定位（1）');
      expect(o.querySelector('[data-testid="note-text"]')!.textContent).toBe('这一行后来被删了？');
      expect(o.querySelector('[data-testid="orphan-reason"]')!.textContent).toBe(
        '原因：找不到行“行政运行”（编码 2010301）',
      );
      expect(o.querySelector('[data-testid="anchor-quote"]')!.textContent).toBe('行政运行1,234.5656.10');
      expect(o.querySelector('[data-testid="anchor-quote"] mark')!.textContent).toBe('1,234.56');
      const details = o.querySelector('[data-testid="anchor-details"]')!.textContent!;
      for (const part of [
        '一般公共预算基本支出',
        '一般公共预算基本支出表',
        '万元',
        '2010301 一般公共服务支出 / 信访事务 / 行政运行',
        '基本支出 / 人员经费',
        '2:5:3',
        '湖州市信访局',
        '2024',
        URL_,
      ]) {
        expect(details).toContain(part);
      }
    },
  );

  it('reveals a note on the page: its marker, else its cells', async () => {
    one('[data-note-id="note-att1"] [data-testid="reveal-note"]').click();
    await until(() => sent.length === 1, 'the message');
    expect(sent[0]).toEqual([5, { type: 'bl:reveal-note', id: 'note-att1' }]);
    engineReveals = false;
    one('[data-note-id="note-att1"] [data-testid="reveal-note"]').click();
    await until(() => sent.length === 3, 'the fallback');
    expect(sent[2]).toEqual([5, { type: 'bl:reveal', cells: [{ table: 2, row: 5, cell: 3 }] }]);
  });

  it('adds a page note anchored to the page (canonical URL, document), and lists it at once', async () => {
    const form = one('[data-testid="add-page-note"]');
    submit(form);
    await until(() => q('[data-testid="add-note-error"]').length === 1, 'the empty-text error');
    expect(one('[data-testid="add-note-error"]').getAttribute('role')).toBe('alert');
    expect(one('[data-testid="add-note-error"]').textContent).toBe('请先写下笔记内容。');

    type(one('[data-testid="add-page-note"] textarea'), '预算说明里没有写项目支出的绩效目标');
    const tag = one('[data-testid="add-page-note"] input[name="tag"][value="待核实"]') as HTMLInputElement;
    tag.checked = true;
    tag.dispatchEvent(new window.Event('change', { bubbles: true }) as unknown as Event);
    submit(form);
    await until(() => q('[data-testid="page-note"]').length === 3, 'the new note');
    const { notes } = await new NotesStore(fakeBrowser.storage.local).list();
    const added = notes.find((n) => n.text === '预算说明里没有写项目支出的绩效目标')!;
    expect(added.anchor).toMatchObject({
      scope: 'page',
      page: { url: URL_, site: 'czj.huzhou.gov.cn' },
      document: { department: '湖州市信访局', year: 2024, stage: '预算' },
    });
    expect(added.tags).toEqual(['待核实']);
    expect(ids('page-note')).toContain(added.id);
    expect(one('[data-testid="page-notes"] h2').textContent).toBe('本页笔记（4）');
    expect((one('[data-testid="add-page-note"] textarea') as HTMLTextAreaElement).value).toBe('');
  });

  it('keeps the typed text and shows the store message when the storage is full', async () => {
    const area = fakeBrowser.storage.local;
    const set = area.set;
    area.set = async () => {
      throw new Error('QUOTA_BYTES quota exceeded');
    };
    try {
      type(one('[data-testid="add-page-note"] textarea'), '这段不能丢');
      submit(one('[data-testid="add-page-note"]'));
      await until(() => q('[data-testid="add-note-error"]').length === 1, 'the quota error');
      const err = one('[data-testid="add-note-error"]');
      expect(err.getAttribute('role')).toBe('alert');
      expect(err.textContent).toMatch(/^笔记没有保存：.*存储空间已满/u);
      expect((one('[data-testid="add-page-note"] textarea') as HTMLTextAreaElement).value).toBe('这段不能丢');
    } finally {
      area.set = set;
    }
  });

  it('follows changes made on the page (overlay) and elsewhere', async () => {
    await fakeBrowser.storage.local.set({
      [noteKey('note-att1')]: { ...attached, text: '在页面上改过', updatedAt: '2026-11-30T09:00:00.000Z' },
    });
    await until(
      () => one('[data-note-id="note-att1"] [data-testid="note-text"]').textContent === '在页面上改过',
      'the edit',
    );
    await fakeBrowser.storage.local.remove(noteKey('note-orph1'));
    await until(() => q('[data-testid="orphan-note"]').length === 0, 'the removal');
  });

  it('opens the notes page in a new tab', async () => {
    one('[data-testid="open-notes-page"]').click();
    await new Promise((r) => setTimeout(r, 20));
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((t) => t.url)).toContain('chrome-extension://test-extension-id/notes.html');
  });
});
