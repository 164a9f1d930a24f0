/**
 * The history page (/years.html): the import of saved web pages (components/history/import.ts, the code the page
 * runs for each file: decode UTF-8 / GBK / <meta charset>, parse, read, audit, snapshot, store), and the page itself
 * rendered with linkedom over WXT's fake browser: snapshots grouped by department, delete after a confirmation,
 * unreadable values shown and kept, several files imported with progress and a clear error per bad file.
 * PDFs go through the same import function with pdf.js's legacy build injected as the loader (the page uses the
 * viewer's): read page by page, rebuilt into tables, audited; a scan is refused for its missing text layer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { installDom, setZhLocale } from './fake-browser';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseHTML } from 'linkedom';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { until } from './dom-helpers';

vi.mock('wxt/browser', async () => ({ browser: (await import('wxt/testing/fake-browser')).fakeBrowser }));

const setLocale = setZhLocale;
setLocale();
installDom();

const { encodeGb18030, fixture, FIXTURES } = await import('../helpers');
const { SnapshotStore, snapshotKey } = await import('../../lib/snapshots/store');
const { fileUrl, importSavedPage } = await import('../../components/history/import');
type OpenPdf = import('../../components/history/import').OpenPdf;
const { groupByDepartment } = await import('../../components/history/group');
const { decodeHtml } = await import('../../lib/page/charset');
const { h, render } = await import('preact');
const { HistoryApp } = await import('../../components/history/HistoryPage');

/** linkedom's parser, as the tests of the engine read pages (the page itself uses DOMParser). */
const linkedomParse = (html: string) => parseHTML(html).document as never;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

const PAGE_2023 = fixture('years/hangzhou-2023.synthetic.html');
/**
 * The 2023 page as an old site would save it: GBK, declared in <meta charset>. The "—" of the banner has no GBK code of
 * its own: swapped.
 */
const PAGE_2023_GBK = encodeGb18030(
  PAGE_2023.replace('<meta charset="utf-8">', '<meta charset="gbk">').replace('—', '-'),
);
const NOW = new Date('2024-05-01T00:00:00.000Z');

/**
 * pdf.js's legacy build (Node, no canvas), as lib/pdf/node.ts opens it: the loader the page's viewer one stands in for.
 */
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const legacyOpenPdf: OpenPdf = (data) => {
  const task = pdfjs.getDocument({
    data,
    cMapUrl: `${join(PDFJS_DIR, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(PDFJS_DIR, 'standard_fonts')}/`,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  return { promise: task.promise, destroy: () => task.destroy() };
};
/** A PDF fixture's bytes (a fresh copy each time: pdf.js takes the buffer). */
const pdfBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, 'pdf', name)));

describe('importSavedPage: a saved page becomes a stored snapshot', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    setLocale();
  });

  it('UTF-8: audited and stored under its department, year and stage, with the file name as its address', async () => {
    const store = new SnapshotStore(fakeBrowser.storage.local);
    const r = await importSavedPage({ name: 'hangzhou-2023.html', bytes: utf8(PAGE_2023) }, store, {
      parse: linkedomParse,
      now: NOW,
    });
    expect(r).toMatchObject({
      ok: true,
      replaced: false,
      warnings: [],
      snapshot: {
        department: '中共杭州市委杭州市人民政府信访局',
        region: '杭州市',
        year: 2023,
        stage: '预算',
        tables: 11,
        url: 'file:///hangzhou-2023.html',
      },
    });
    const { snapshots } = await store.list();
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.savedAt).toBe(NOW.toISOString());
    const gpb = snapshots[0]!.tables.find((t) => t.kind === 'gpb-expenditure')!;
    expect(gpb.lines.find((l) => l.n === '事业运行')!.v[0]).toBe('8000000');
    // Again: the same department, year and stage replace the snapshot.
    const again = await importSavedPage({ name: 'copy.htm', bytes: utf8(PAGE_2023) }, store, {
      parse: linkedomParse,
      now: NOW,
    });
    expect(again).toMatchObject({ ok: true, replaced: true });
    expect((await store.list()).snapshots.map((s) => s.url)).toEqual(['file:///copy.htm']);
  });

  it('GBK declared in <meta charset>: decoded as the command line decodes it, same snapshot', async () => {
    expect(decodeHtml(PAGE_2023_GBK)).toContain('中共杭州市委杭州市人民政府信访局');
    const store = new SnapshotStore(fakeBrowser.storage.local);
    const r = await importSavedPage({ name: '杭州信访局2023.html', bytes: PAGE_2023_GBK }, store, {
      parse: linkedomParse,
      now: NOW,
    });
    expect(r).toMatchObject({
      ok: true,
      snapshot: { year: 2023, stage: '预算', tables: 11, url: 'file:///杭州信访局2023.html' },
    });
    const fromUtf8 = await importSavedPage(
      { name: 'u.html', bytes: utf8(PAGE_2023) },
      new SnapshotStore(fakeBrowser.storage.session),
      { parse: linkedomParse, now: NOW },
    );
    expect(r.ok && fromUtf8.ok && r.snapshot.id).toBe(fromUtf8.ok && fromUtf8.snapshot.id);
    // GBK without a declaration: detected (not valid UTF-8).
    const undeclared = encodeGb18030(PAGE_2023.replace('<meta charset="utf-8">', '').replace('—', '-'));
    expect(await importSavedPage({ name: 'x.html', bytes: undeclared }, store, { parse: linkedomParse })).toMatchObject(
      { ok: true, snapshot: { year: 2023 } },
    );
  });

  it('says what is wrong with a file and stores nothing: no budget tables, empty, PDF, not HTML', async () => {
    const store = new SnapshotStore(fakeBrowser.storage.local);
    const go = (name: string, bytes: Uint8Array) => importSavedPage({ name, bytes }, store, { parse: linkedomParse });
    expect(await go('no-budget.html', utf8(fixture('e2e/no-budget.html')))).toEqual({
      ok: false,
      name: 'no-budget.html',
      error: '没有找到预算表，未保存。',
    });
    expect(await go('empty.html', new Uint8Array())).toEqual({ ok: false, name: 'empty.html', error: '文件是空的。' });
    // A PDF is told by its bytes, whatever its name: this one is broken.
    expect(
      await importSavedPage({ name: 'a.html', bytes: utf8('%PDF-1.7 …') }, store, { openPdf: legacyOpenPdf }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/^无法打开这个 PDF：/u) });
    expect(await go('notes.html', utf8('just some words'))).toMatchObject({ ok: false, error: '这不像是网页文件。' });
    expect(await go('broken.html', utf8('<html><body><table><tr><td>1</td></tr></table>'))).toMatchObject({
      ok: false,
    });
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual([]);
  });

  it('a full storage area: the file is reported as not saved, nothing deleted', async () => {
    const store = new SnapshotStore(fakeBrowser.storage.local);
    await fakeBrowser.storage.local.set({ 'note:n1': { v: 2 } });
    const area = fakeBrowser.storage.local;
    const set = area.set;
    area.set = async () => {
      throw new Error('QUOTA_BYTES quota exceeded');
    };
    try {
      const r = await importSavedPage({ name: 'hangzhou-2023.html', bytes: utf8(PAGE_2023) }, store, {
        parse: linkedomParse,
      });
      expect(r).toMatchObject({ ok: false });
      expect(!r.ok && r.error).toMatch(/^未保存：浏览器存储空间已满/u);
    } finally {
      area.set = set;
    }
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual(['note:n1']);
  });

  it('fileUrl keeps the name', () => {
    expect(fileUrl('a b.html')).toBe('file:///a b.html');
    expect(fileUrl('/x.htm')).toBe('file:///x.htm');
  });
});

// ---------------------------------------------------------------------------------------------------------------

const q = (sel: string) => [...document.querySelectorAll(sel)] as unknown as HTMLElement[];
const one = (sel: string): HTMLElement => {
  const found = q(sel);
  if (found.length !== 1) throw new Error(`${sel}: ${found.length} elements`);
  return found[0]!;
};

/** Chooses files in the file input as a user would. */
function choose(input: HTMLElement, files: File[]): void {
  Object.defineProperty(input, 'files', { configurable: true, value: files });
  input.dispatchEvent(new window.Event('change', { bubbles: true }) as unknown as Event);
}

describe('the history page', () => {
  let store: InstanceType<typeof SnapshotStore>;
  beforeAll(async () => {
    fakeBrowser.reset();
    setLocale();
    store = new SnapshotStore(fakeBrowser.storage.local);
    // A 2024 snapshot as the engine keeps it when the page is visited, another department, and a value no version
    // reads.
    await importSavedPage(
      { name: 'hangzhou-2024.clean.html', bytes: utf8(fixture('pages/hangzhou-2024.clean.html')) },
      store,
      { parse: linkedomParse, now: new Date('2024-03-01T00:00:00Z') },
    );
    await importSavedPage(
      { name: 'huzhou-2024.clean.html', bytes: utf8(fixture('pages/huzhou-2024.clean.html')) },
      store,
      { parse: linkedomParse, now: new Date('2024-03-02T00:00:00Z') },
    );
    await fakeBrowser.storage.local.set({ [snapshotKey('s-fromthefuture')]: { v: 9, id: 's-fromthefuture' } });
    render(h(HistoryApp, { store, parse: linkedomParse }), document.getElementById('app')!);
    await until(() => q('[data-testid="history-snapshot"]').length === 2, 'the snapshots');
  });
  afterAll(() => render(null, document.getElementById('app')!));

  it('lists every snapshot grouped by department: year, stage, tables, source, saved date', () => {
    expect(one('[data-testid="history-page"] h1').textContent).toBe('预算透镜 · 往年快照');
    expect(one('[data-testid="history-count"]').textContent).toBe('共 2 份快照，2 个部门');
    expect(q('[data-testid="history-group"]').map((g) => g.getAttribute('data-department'))).toEqual([
      '中共杭州市委杭州市人民政府信访局',
      '中共湖州市委湖州市人民政府信访局',
    ]);
    const hz = q('[data-testid="history-group"]')[0]!;
    expect(hz.querySelector('h2')!.textContent).toBe('中共杭州市委杭州市人民政府信访局');
    expect(hz.querySelector('.doc-facts')!.textContent).toBe('杭州市 · 2024 · 1 份快照');
    const row = hz.querySelector('[data-testid="history-snapshot"]')!;
    expect(row.querySelector('.history-what')!.textContent).toMatch(
      /^2024 年 预算 · 11 张表 · 说明中的上年数 \d+ 项$/u,
    );
    expect(row.querySelector('[data-testid="history-url"]')!.textContent).toBe('file:///hangzhou-2024.clean.html');
    expect(row.querySelector('[data-testid="history-url"]')!.localName).toBe('span');
    expect(row.textContent).toContain('保存于 2024');
  });

  it('shows a stored value it cannot read, with its key and raw content, and never deletes it', () => {
    const u = one('[data-testid="history-unreadable"]');
    expect(u.querySelector('h2')!.textContent).toBe('无法读取的快照（1）');
    const entry = one('[data-testid="history-unreadable-entry"]');
    expect(entry.getAttribute('data-key')).toBe('snapshot:s-fromthefuture');
    expect(entry.textContent).toContain('version 9 is newer');
    expect(entry.querySelector('button')).toBeNull();
  });

  it(
    'imports several files, one after the other, with ' + 'progress; a clear error for a file without budget tables',
    async () => {
      const files = [
        new File([PAGE_2023_GBK as Uint8Array<ArrayBuffer>], 'hangzhou-2023.gbk.html', { type: 'text/html' }),
        new File([fixture('e2e/no-budget.html')], 'no-budget.html', { type: 'text/html' }),
      ];
      const input = one('[data-testid="history-import"]');
      expect(input.getAttribute('accept')).toBe('.html,.htm,.pdf,text/html,application/pdf');
      expect(input.hasAttribute('multiple')).toBe(true);
      choose(input, files);
      await until(() => one('[data-testid="history-progress"]').getAttribute('data-phase') === 'done', 'the import');
      expect(one('[data-testid="history-progress"]').textContent).toBe('已导入 1/2 个文件。');
      const ok = one('[data-testid="history-imported"]');
      expect(ok.getAttribute('data-name')).toBe('hangzhou-2023.gbk.html');
      expect(ok.textContent).toBe(
        'hangzhou-2023.gbk.html：中共杭州市委杭州市人民政府信访局 2023 年预算，11 张表，已保存。',
      );
      const bad = one('[data-testid="history-error"]');
      expect(bad.textContent).toBe('no-budget.html：没有找到预算表，未保存。');
      expect(bad.getAttribute('role')).toBe('alert');
      await until(() => q('[data-testid="history-snapshot"]').length === 3, 'the new snapshot listed');
      const hz = q('[data-testid="history-group"]')[0]!;
      expect(
        [...hz.querySelectorAll('[data-testid="history-snapshot"]')].map((e) => e.getAttribute('data-year')),
      ).toEqual(['2024', '2023']);
    },
  );

  it('says 正在读取 i/n while it reads', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = new File([PAGE_2023], 'slow.html');
    Object.defineProperty(slow, 'arrayBuffer', {
      value: async () => (await gate, new TextEncoder().encode(PAGE_2023).buffer),
    });
    choose(one('[data-testid="history-import"]'), [slow, new File(['x'], 'two.html')]);
    await until(
      () => one('[data-testid="history-progress"]').textContent === '正在读取 1/2…（slow.html）',
      'the progress',
    );
    release();
    await until(() => one('[data-testid="history-progress"]').getAttribute('data-phase') === 'done', 'the end');
  });

  it('deletes a snapshot only after the confirmation; cancel keeps it', async () => {
    const row = () => q('[data-testid="history-snapshot"][data-year="2023"]')[0]!;
    (row().querySelector('[data-testid="history-delete"]') as HTMLElement).click();
    await until(() => row().querySelector('[data-testid="history-delete-cancel"]') !== null, 'the confirmation');
    expect(row().textContent).toContain('删除这份快照（2023 年 预算）？删除后不能恢复。');
    (row().querySelector('[data-testid="history-delete-cancel"]') as HTMLElement).click();
    await until(() => row().querySelector('[data-testid="history-delete"]') !== null, 'back');
    expect((await store.list()).snapshots).toHaveLength(3);
    (row().querySelector('[data-testid="history-delete"]') as HTMLElement).click();
    await until(() => row().querySelector('[data-testid="history-delete-confirm"]') !== null, 'the confirmation');
    (row().querySelector('[data-testid="history-delete-confirm"]') as HTMLElement).click();
    await until(() => q('[data-testid="history-snapshot"]').length === 2, 'the row gone');
    expect((await store.list()).snapshots.map((s) => s.year)).toEqual([2024, 2024]);
    // The unreadable value is still there.
    expect(
      (await fakeBrowser.storage.local.get(snapshotKey('s-fromthefuture')))[snapshotKey('s-fromthefuture')],
    ).toEqual({ v: 9, id: 's-fromthefuture' });
  });
});

describe('groupByDepartment', () => {
  it('one group per department and region, newest year first, unknown departments last', async () => {
    fakeBrowser.reset();
    setLocale();
    const store = new SnapshotStore(fakeBrowser.storage.local);
    for (const [name, page] of [
      ['a.html', 'pages/hangzhou-2024.clean.html'],
      ['b.html', 'years/hangzhou-2023.synthetic.html'],
      ['c.html', 'pages/huzhou-2024.clean.html'],
    ] as const) {
      await importSavedPage({ name, bytes: utf8(fixture(page)) }, store, { parse: linkedomParse });
    }
    const { snapshots } = await store.list();
    const unknown = {
      ...snapshots[0]!,
      id: 's-unknown000',
      department: null,
      departmentKey: null,
      region: null,
      url: 'file:///u.html',
    };
    const groups = groupByDepartment([...snapshots, unknown]);
    expect(groups.map((g) => [g.department, g.region, g.snapshots.map((s) => s.year)])).toEqual([
      ['中共杭州市委杭州市人民政府信访局', '杭州市', [2024, 2023]],
      ['中共湖州市委湖州市人民政府信访局', '湖州市', [2024]],
      [null, null, [2024]],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** Waits up to `ms` for a condition (reading a 16-page PDF takes longer than until's 2 s). */
async function eventually(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('PDF files: read with pdf.js, rebuilt, audited and stored like a saved page', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    setLocale();
  });

  it(
    'Hangzhou 2024 printed to PDF: the snapshot of its HTML page (same department, year, stage and id), ' +
      'page by page',
    async () => {
      const store = new SnapshotStore(fakeBrowser.storage.local);
      const seen: string[] = [];
      const r = await importSavedPage(
        { name: 'hangzhou-2024.clean.pdf', bytes: pdfBytes('hangzhou-2024.clean.pdf') },
        store,
        { openPdf: legacyOpenPdf, now: NOW, onPdfPage: (d, n) => seen.push(`${d}/${n}`) },
      );
      expect(r).toMatchObject({
        ok: true,
        replaced: false,
        warnings: [],
        snapshot: {
          department: '中共杭州市委杭州市人民政府信访局',
          region: '杭州市',
          year: 2024,
          stage: '预算',
          tables: 11,
          url: 'file:///hangzhou-2024.clean.pdf',
        },
      });
      expect(seen).toEqual(Array.from({ length: 17 }, (_, i) => `${i}/16`));
      const { snapshots } = await store.list();
      expect(snapshots).toHaveLength(1);
      expect(snapshots[0]!.savedAt).toBe(NOW.toISOString());
      expect(snapshots[0]!.title).toBe('中共杭州市委杭州市人民政府信访局(部门)2024 年度部门预算');
      // The HTML page of the same document replaces it: one department, year and stage, one snapshot.
      const html = await importSavedPage(
        { name: 'hangzhou-2024.clean.html', bytes: utf8(fixture('pages/hangzhou-2024.clean.html')) },
        store,
        { parse: linkedomParse },
      );
      expect(html).toMatchObject({ ok: true, replaced: true });
      expect(r.ok && html.ok && html.snapshot.id).toBe(r.ok && r.snapshot.id);
    },
  );

  it('a scanned PDF (images only) is refused for its missing text layer; nothing stored', async () => {
    const store = new SnapshotStore(fakeBrowser.storage.local);
    const r = await importSavedPage({ name: 'scanned.pdf', bytes: pdfBytes('scanned.pdf') }, store, {
      openPdf: legacyOpenPdf,
    });
    expect(r).toEqual({ ok: false, name: 'scanned.pdf', error: '没有文本层（可能是扫描件），无法核对，未保存。' });
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual([]);
  });

  it('the page: a PDF chosen in the file input says 正在读取 <name> 第 i/n 页, then lists it', async () => {
    const store = new SnapshotStore(fakeBrowser.storage.local);
    // Page 3 waits until the test has seen the progress.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gated: OpenPdf = (data) => {
      const task = legacyOpenPdf(data);
      return {
        promise: task.promise.then((doc) => ({
          numPages: doc.numPages,
          getPage: async (n: number) => (n === 3 && (await gate), doc.getPage(n)),
        })),
        destroy: () => task.destroy(),
      };
    };
    render(h(HistoryApp, { store, parse: linkedomParse, openPdf: gated }), document.getElementById('app')!);
    try {
      await until(() => q('[data-testid="history-import"]').length === 1, 'the page');
      choose(one('[data-testid="history-import"]'), [
        new File([pdfBytes('hangzhou-2024.clean.pdf') as Uint8Array<ArrayBuffer>], 'report.pdf', {
          type: 'application/pdf',
        }),
      ]);
      await eventually(
        () => one('[data-testid="history-progress"]').textContent === '正在读取 report.pdf 第 3/16 页',
        'the page progress',
      );
      expect(one('[data-testid="history-progress"] progress').getAttribute('max')).toBe('16');
      release();
      await eventually(
        () => one('[data-testid="history-progress"]').getAttribute('data-phase') === 'done',
        'the import',
      );
      expect(one('[data-testid="history-imported"]').textContent).toBe(
        'report.pdf：中共杭州市委杭州市人民政府信访局 2024 年预算，11 张表，已保存。',
      );
      await until(() => q('[data-testid="history-snapshot"]').length === 1, 'the snapshot listed');
      expect(one('[data-testid="history-url"]').textContent).toBe('file:///report.pdf');
    } finally {
      release();
      render(null, document.getElementById('app')!);
    }
  });
});
