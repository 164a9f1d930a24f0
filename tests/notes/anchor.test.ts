import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { auditDom } from '../../lib/audit';
import { rowCells, tableRows, type DomNode } from '../../lib/dom/adapter';
import type { BudgetDocument, BudgetTable, CellAddress } from '../../lib/model';
import {
  anchorFor,
  canonicalUrl,
  documentMatches,
  pageAnchor,
  resolveAnchor,
  resolveNotes,
  type PageInfo,
  type Resolution,
} from '../../lib/notes/anchor';
import { readNote } from '../../lib/notes/migrations';
import type { Anchor, Note } from '../../lib/notes/schema';
import { NoteSchema } from '../../lib/notes/schema';
import { auditFixture, auditHtml, auditWithCellChanged, fixture, FIXTURES, key } from '../helpers';

/**
 * Notes are anchored to what a figure means and found again on the same document in other markup, with rows moved,
 * with the figure changed; not on another year's document; orphaned, with a reason, when their row is gone.
 * Every attached note is checked by reading the text of the cell it points at, in the grid and in the DOM.
 */

const ORIGINAL = 'pages/hangzhou-2024.clean.html';
const HERE: PageInfo = {
  url: 'https://www.hangzhou.gov.cn/art/2024/2/7/art_1229063371_4241001.html?spm=zj.list.0',
  title: '中共杭州市委杭州市人民政府信访局(部门)2024 年度部门预算',
};
/** The same document published elsewhere: matched by department, year and stage, not by address. */
const ELSEWHERE = (path: string): PageInfo => ({
  url: `http://127.0.0.1:8080/mirror/${path.split('/').pop()!}`,
  title: '',
});

const loaded = new Map<string, { html: string; doc: BudgetDocument }>();
function page(path: string): { html: string; doc: BudgetDocument } {
  let p = loaded.get(path);
  if (!p) {
    const html = fixture(path);
    p = { html, doc: auditHtml(html, path).doc };
    loaded.set(path, p);
  }
  return p;
}

function tableOf(doc: BudgetDocument, addr: CellAddress): BudgetTable {
  const t = doc.tables.find((x) => x.domTables.includes(addr.table));
  if (!t) throw new Error(`no table for ${key(addr)}`);
  return t;
}

/** The text of the cell at a DOM address, read from the engine's grid. */
function gridText(doc: BudgetDocument, addr: CellAddress): string {
  for (const row of tableOf(doc, addr).grid)
    for (const c of row) if (c.addr && !c.spanned && key(c.addr) === key(addr)) return c.text;
  throw new Error(`no cell ${key(addr)} in the grid`);
}

/**
 * The text of the cell at a DOM address, read from the page's DOM
 * (document.querySelectorAll('table')[t].rows[r].cells[c]).
 */
function domText(html: string, addr: CellAddress): string {
  const { document } = parseHTML(html);
  const table = document.querySelectorAll('table')[addr.table] as unknown as DomNode;
  const td = rowCells(tableRows(table)[addr.row]!)[addr.cell] as unknown as { textContent: string };
  return td.textContent.replace(/[\s\u00a0]+/gu, ' ').trim();
}

/** The label of the engine's row that holds a cell. */
function rowLabelAt(doc: BudgetDocument, addr: CellAddress): string {
  const t = tableOf(doc, addr);
  const row = t.rows.find(
    (r) =>
      r.labelCells.some((a) => key(a) === key(addr)) || [...r.values.values()].some((v) => key(v.addr) === key(addr)),
  );
  if (!row) throw new Error(`no row holds ${key(addr)}`);
  return row.label;
}

/** The DOM address of a value cell by table kind, row label and column path. */
function cellOf(doc: BudgetDocument, kind: string, label: string, path: readonly string[]): CellAddress {
  const t = doc.tables.find((x) => x.kind === kind)!;
  const row = t.rows.find((r) => r.label === label)!;
  const col = t.columns.find((c) => c.path.join('/') === path.join('/'))!;
  return row.values.get(col.index)!.addr;
}

function attached(r: Resolution): Extract<Resolution, { status: 'attached' }> {
  if (r.status !== 'attached') throw new Error(`expected attached, got orphan: ${r.reason.en}`);
  return r;
}

function note(anchor: Anchor, hint: CellAddress | null): Note {
  return NoteSchema.parse({
    v: 2,
    id: `t-${Math.abs(hash(JSON.stringify(anchor)))}`,
    createdAt: '2024-03-01T00:00:00Z',
    updatedAt: '2024-03-01T00:00:00Z',
    text: '测试',
    tags: [],
    status: 'open',
    anchor,
    finding: null,
    hint,
  });
}
function hash(s: string): number {
  let h = 7;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

/** The page with one <tr> removed (a row deleted by the publisher). */
function withoutRow(html: string, addr: CellAddress): BudgetDocument {
  const { document } = parseHTML(html);
  const table = document.querySelectorAll('table')[addr.table] as unknown as DomNode;
  (tableRows(table)[addr.row] as unknown as { remove(): void }).remove();
  return auditDom(document as unknown as DomNode, 'test://row-removed').doc;
}

// The figures a volunteer annotates on the original page: table kind, row label, column path, printed text.
const TARGETS = [
  { kind: 'gpb-basic', label: '差旅费', path: ['本年一般公共预算基本支出', '合计'], text: '19.00' },
  { kind: 'gpb-expenditure', label: '行政运行', path: ['合 计'], text: '1,797.02' },
  { kind: 'gpb-expenditure', label: '行政运行', path: ['基本支出', '人员经费'], text: '1,484.24' },
  { kind: 'expenditure', label: '事业运行', path: ['基本支出', '公用经费'], text: '121.24' },
  { kind: 'project', label: '杭州市信访事务保障中心 / 信访处理', path: ['总计'], text: '9.03' },
] as const;

describe('a cell note on hangzhou-2024.clean.html', () => {
  const { doc } = page(ORIGINAL);

  describe.each(TARGETS)('$kind › $label › $path', (target) => {
    const addr = cellOf(doc, target.kind, target.label, target.path);
    const anchor = anchorFor(doc, HERE, { scope: 'cell', cell: addr });

    it('anchors to meaning: canonical page, document, table, row path, column path, quote', () => {
      expect(gridText(doc, addr)).toBe(target.text);
      expect(anchor.scope).toBe('cell');
      expect(anchor.page).toEqual({
        url: 'https://www.hangzhou.gov.cn/art/2024/2/7/art_1229063371_4241001.html',
        title: HERE.title,
        site: 'www.hangzhou.gov.cn',
      });
      expect(anchor.document).toEqual({
        department: '中共杭州市委杭州市人民政府信访局',
        year: 2024,
        stage: '预算',
        title: doc.title,
      });
      expect(anchor.table).toMatchObject({ kind: target.kind, unit: '万元', ordinal: 0 });
      expect(anchor.row?.names[anchor.row.names.length - 1]).toBe(target.label);
      expect(anchor.column?.path).toEqual(target.path);
      expect(anchor.quote?.exact).toBe(target.text);
      expect(NoteSchema.shape.anchor.safeParse(anchor).success).toBe(true);
    });

    it('the same page: exact, on the same cell', () => {
      const r = attached(resolveAnchor(doc, anchor, addr));
      expect(r.confidence).toBe('exact');
      expect(key(r.primary!)).toBe(key(addr));
      expect(r.cells.map(key)).toEqual([key(addr)]);
      expect(r.changed).toBeUndefined();
    });

    it.each(['pages/hangzhou-2024.cms.html', 'pages/hangzhou-2024.word.html', 'pages/hangzhou-2024.reordered.html'])(
      '%s: the same document, found on the cell with the same text',
      (path) => {
        const other = page(path);
        expect(documentMatches(other.doc, ELSEWHERE(path), anchor)).toBe(true);
        const r = attached(resolveAnchor(other.doc, anchor, addr));
        expect(r.confidence === 'exact' || r.confidence === 'moved').toBe(true);
        expect(r.changed).toBeUndefined();
        expect(gridText(other.doc, r.primary!)).toBe(target.text);
        expect(domText(other.html, r.primary!)).toBe(target.text);
        expect(rowLabelAt(other.doc, r.primary!)).toBe(target.label);
        expect(tableOf(other.doc, r.primary!).kind).toBe(target.kind);
        expect(r.table).toBe(tableOf(other.doc, r.primary!).index);
        // Another address is 'moved', never 'exact'.
        if (key(r.primary!) !== key(addr)) expect(r.confidence).toBe('moved');
      },
    );

    it('the figure changed on the page: still attached to that cell, flagged fuzzy with both texts', () => {
      const changed = auditWithCellChanged(page(ORIGINAL).html, addr, '8,888.88').doc;
      const r = attached(resolveAnchor(changed, anchor, addr));
      expect(r.confidence).toBe('fuzzy');
      expect(key(r.primary!)).toBe(key(addr));
      expect(r.changed).toEqual({ was: target.text, now: '8,888.88' });
      expect(gridText(changed, r.primary!)).toBe('8,888.88');
    });

    it('the row deleted: an orphan that says which row was not found', () => {
      const gone = withoutRow(page(ORIGINAL).html, addr);
      const r = resolveAnchor(gone, anchor, addr);
      expect(r.status).toBe('orphan');
      if (r.status === 'orphan') {
        expect(r.reason.zh).toMatch(/^在表“.+”中找不到行：/u);
        expect(r.reason.zh).toContain(target.label);
        expect(r.reason.en).toMatch(/^row not found in table/u);
        expect(r.reason.en).toContain(target.label);
      }
    });

    it('another year of the same department is another document', () => {
      const other = page('pages/hangzhou-2022.clean.html');
      expect(other.doc.department).toBe(doc.department);
      expect(documentMatches(other.doc, ELSEWHERE('pages/hangzhou-2022.clean.html'), anchor)).toBe(false);
      expect(resolveNotes(other.doc, ELSEWHERE('pages/hangzhou-2022.clean.html'), [note(anchor, addr)])).toEqual([]);
    });
  });

  it('rows reordered: 行政运行 is elsewhere in the republished page, and its note follows it there (moved)', () => {
    const addr = cellOf(doc, 'gpb-expenditure', '行政运行', ['合 计']);
    const anchor = anchorFor(doc, HERE, { scope: 'cell', cell: addr });
    const moved = page('pages/hangzhou-2024.reordered.html');
    const there = cellOf(moved.doc, 'gpb-expenditure', '行政运行', ['合 计']);
    expect(key(there)).not.toBe(key(addr));
    const [only] = resolveNotes(moved.doc, ELSEWHERE('reordered'), [note(anchor, addr)]);
    const r = attached(only!.resolution);
    expect(r.confidence).toBe('moved');
    expect(key(r.primary!)).toBe(key(there));
    expect(domText(moved.html, r.primary!)).toBe('1,797.02');
  });

  it('the word page continues 表 6 in a second <table>: the note lands in it, the resolution names the first', () => {
    const addr = cellOf(doc, 'gpb-basic', '差旅费', ['本年一般公共预算基本支出', '合计']);
    const word = page('pages/hangzhou-2024.word.html');
    const t6 = word.doc.tables.find((t) => t.kind === 'gpb-basic')!;
    expect(t6.domTables.length).toBe(2);
    const r = attached(resolveAnchor(word.doc, anchorFor(doc, HERE, { scope: 'cell', cell: addr }), addr));
    expect(r.primary!.table).toBe(t6.domTables[1]);
    expect(r.table).toBe(t6.domTables[0]);
  });

  it('a two-sided table: the note on the expenditure side stays on that side', () => {
    const t1 = doc.tables.find((t) => t.kind === 'income-expenditure')!;
    const row = t1.rows.find((r) => r.label === '一般公共服务支出')!;
    const addr = [...row.values.values()][0]!.addr;
    const anchor = anchorFor(doc, HERE, { scope: 'cell', cell: addr });
    expect(anchor.row?.side).toBe(1);
    expect(anchor.column?.path).toEqual(['支 出（按支出功能分）', '预算数']);
    for (const path of ['pages/hangzhou-2024.cms.html', 'pages/hangzhou-2024.word.html']) {
      const other = page(path);
      const r = attached(resolveAnchor(other.doc, anchor, addr));
      expect(domText(other.html, r.primary!)).toBe('7,637.45');
      expect(rowLabelAt(other.doc, r.primary!)).toBe('一般公共服务支出');
    }
  });

  it('a figure printed in full-width digits on the CMS page is the same figure, not a changed one', () => {
    const addr = cellOf(doc, 'gpb-expenditure', '一般公共服务支出', ['合 计']);
    const anchor = anchorFor(doc, HERE, { scope: 'cell', cell: addr });
    expect(anchor.quote?.exact).toBe('7,637.45');
    const cms = page('pages/hangzhou-2024.cms.html');
    const r = attached(resolveAnchor(cms.doc, anchor, addr));
    expect(r.confidence).toBe('moved');
    expect(r.changed).toBeUndefined();
    expect(gridText(cms.doc, r.primary!)).toBe('７，６３７．４５');
    expect(rowLabelAt(cms.doc, r.primary!)).toBe('一般公共服务支出');
  });

  it('the row renamed: found by the quote and its neighbours, fuzzy, on the same cell', () => {
    const addr = cellOf(doc, 'gpb-basic', '差旅费', ['本年一般公共预算基本支出', '合计']);
    const anchor = anchorFor(doc, HERE, { scope: 'cell', cell: addr });
    const label = tableOf(doc, addr).rows.find((r) => r.label === '差旅费')!.labelCells[0]!;
    const renamed = auditWithCellChanged(page(ORIGINAL).html, label, '差旅及会议费').doc;
    const r = attached(resolveAnchor(renamed, anchor, addr));
    expect(r.confidence).toBe('fuzzy');
    expect(key(r.primary!)).toBe(key(addr));
    expect(gridText(renamed, r.primary!)).toBe('19.00');
  });

  it('the table gone: an orphan that names the table', () => {
    const addr = cellOf(doc, 'gpb-basic', '差旅费', ['本年一般公共预算基本支出', '合计']);
    const anchor = anchorFor(doc, HERE, { scope: 'cell', cell: addr });
    const { document } = parseHTML(page(ORIGINAL).html);
    (document.querySelectorAll('table')[addr.table] as unknown as { remove(): void }).remove();
    const gone = auditDom(document as unknown as DomNode, 'test://table-removed').doc;
    const r = resolveAnchor(gone, anchor, addr);
    expect(r).toEqual({
      status: 'orphan',
      reason: {
        zh: '找不到表：表 6： 2024 年市级部门一般公共预算基本支出预算表（一般公共预算基本支出表）',
        en: 'table not found: 表 6： 2024 年市级部门一般公共预算基本支出预算表 (General public budget basic expenditure)',
      },
    });
  });
});

describe('row, table and page notes', () => {
  const { doc } = page(ORIGINAL);
  const addr = cellOf(doc, 'gpb-expenditure', '行政运行', ['基本支出', '公用经费']);

  it('a row note covers the row; on the reordered page it follows the row (moved), marker on the label', () => {
    const anchor = anchorFor(doc, HERE, { scope: 'row', cell: addr });
    expect(anchor).toMatchObject({
      scope: 'row',
      column: null,
      row: { code: null, names: ['一般公共服务支出', '政府办公厅（室）及相关机构事务', '行政运行'], side: 0 },
      quote: { exact: '行政运行' },
    });
    const same = attached(resolveAnchor(doc, anchor, addr));
    expect(same.confidence).toBe('exact');
    expect(domText(page(ORIGINAL).html, same.primary!)).toBe('行政运行');
    expect(same.cells.map((c) => gridText(doc, c))).toEqual([
      '行政运行',
      '1,797.02',
      '1,797.02',
      '1,484.24',
      '312.78',
      '',
    ]);

    const moved = page('pages/hangzhou-2024.reordered.html');
    const r = attached(resolveAnchor(moved.doc, anchor, addr));
    expect(r.confidence).toBe('moved');
    expect(domText(moved.html, r.primary!)).toBe('行政运行');
    expect(r.cells.map((c) => gridText(moved.doc, c))).toEqual([
      '行政运行',
      '1,797.02',
      '1,797.02',
      '1,484.24',
      '312.78',
      '',
    ]);
  });

  it('a row note whose row was deleted is an orphan', () => {
    const anchor = anchorFor(doc, HERE, { scope: 'row', cell: addr });
    const r = resolveAnchor(withoutRow(page(ORIGINAL).html, addr), anchor, addr);
    expect(r.status).toBe('orphan');
    if (r.status === 'orphan') expect(r.reason.zh).toContain('行政运行');
  });

  it('a table note: exact on its page, moved on the CMS page (a metadata table comes first there)', () => {
    const t7 = doc.tables.find((t) => t.kind === 'three-public')!;
    const anchor = anchorFor(doc, HERE, { scope: 'table', table: t7.index });
    expect(anchor).toMatchObject({
      scope: 'table',
      row: null,
      column: null,
      quote: null,
      table: { kind: 'three-public', title: t7.title, unit: '万元', ordinal: 0 },
    });
    const hint = { table: t7.index, row: 0, cell: 0 };
    expect(resolveAnchor(doc, anchor, hint)).toEqual({
      status: 'attached',
      scope: 'table',
      table: t7.index,
      cells: [],
      confidence: 'exact',
    });
    const cms = page('pages/hangzhou-2024.cms.html');
    const r = attached(resolveAnchor(cms.doc, anchor, hint));
    expect(r.confidence).toBe('moved');
    expect(cms.doc.tables.find((t) => t.index === r.table)?.title).toBe(t7.title);
    expect(r.table).toBe(t7.index + 1);
  });

  it('a table note by kind and ordinal when the title changed', () => {
    const t10 = doc.tables.find((t) => t.kind === 'project')!;
    const anchor = anchorFor(doc, HERE, { scope: 'table', table: t10.index });
    const renamed = { ...anchor, table: { ...anchor.table!, title: '表 10：项目支出预算表（调整后）' } };
    expect(attached(resolveAnchor(doc, renamed, null)).table).toBe(t10.index);
    // 表 5 → 表 6 in another edition: the number in front is not part of the title.
    const renumbered = {
      ...anchor,
      table: { ...anchor.table!, title: '表 12：2024 年市级部门项目支出预算表', ordinal: 3 },
    };
    const r = attached(resolveAnchor(doc, renumbered, null));
    expect(r.table).toBe(t10.index);
    expect(r.confidence).toBe('exact');
  });

  it('a page note: attached on every edition of the document, from anchorFor or from pageAnchor alike', () => {
    const a = anchorFor(doc, HERE, { scope: 'page' });
    const b = pageAnchor(HERE, { title: doc.title, department: doc.department, year: doc.year, stage: doc.stage });
    expect(b).toEqual(a);
    expect(a).toMatchObject({ scope: 'page', table: null, row: null, column: null, quote: null });
    for (const path of ['pages/hangzhou-2024.cms.html', 'pages/hangzhou-2024.reordered.html']) {
      const [r] = resolveNotes(page(path).doc, ELSEWHERE(path), [note(a, null)]);
      expect(r?.resolution).toEqual({ status: 'attached', scope: 'page', cells: [], confidence: 'exact' });
    }
    expect(resolveNotes(page('pages/hangzhou-2022.clean.html').doc, ELSEWHERE('2022'), [note(a, null)])).toEqual([]);
    // Another department's page of the same year is not this document either.
    expect(resolveNotes(page('pages/huzhou-2024.clean.html').doc, ELSEWHERE('huzhou'), [note(a, null)])).toEqual([]);
  });

  it('anchorFor refuses a target outside the document', () => {
    expect(() => anchorFor(doc, HERE, { scope: 'cell', cell: { table: 99, row: 0, cell: 0 } })).toThrow(RangeError);
    expect(() => anchorFor(doc, HERE, { scope: 'row', cell: { table: 4, row: 0, cell: 0 } })).toThrow(
      /not in a data row/u,
    );
    expect(() => anchorFor(doc, HERE, { scope: 'table' })).toThrow(RangeError);
  });
});

describe('stored notes of every version find their figures', () => {
  const read = (path: string): Note => {
    const r = readNote(JSON.parse(readFileSync(join(FIXTURES, 'notes', path), 'utf8')));
    if (!r.ok) throw new Error(r.error);
    return r.note;
  };

  it('v1 差旅费 (migrated): exact on the clean page, on 19.00 of 差旅费 in the word page', () => {
    const n = read('v1/cell-chailvfei.json');
    const here = attached(resolveAnchor(page(ORIGINAL).doc, n.anchor, n.hint));
    expect(here.confidence).toBe('exact');
    expect(gridText(page(ORIGINAL).doc, here.primary!)).toBe('19.00');
    const [w] = resolveNotes(page('pages/hangzhou-2024.word.html').doc, ELSEWHERE('word'), [n]);
    const r = attached(w!.resolution);
    expect(domText(page('pages/hangzhou-2024.word.html').html, r.primary!)).toBe('19.00');
    expect(rowLabelAt(page('pages/hangzhou-2024.word.html').doc, r.primary!)).toBe('差旅费');
  });

  it('v2 huzhou 2080502 (a code): on 2.13 of that row in all three markups', () => {
    const n = read('v2/cell-with-finding.json');
    for (const style of ['clean', 'cms', 'word']) {
      const p = page(`pages/huzhou-2024.${style}.html`);
      const [x] = resolveNotes(p.doc, ELSEWHERE(style), [n]);
      const r = attached(x!.resolution);
      expect(domText(p.html, r.primary!), style).toBe('2.13');
      expect(rowLabelAt(p.doc, r.primary!)).toBe('事业单位离退休');
      expect(tableOf(p.doc, r.primary!).kind).toBe('gpb-expenditure');
      if (style === 'clean') expect(r.confidence).toBe('exact');
    }
  });

  it('v2 shaoxing row note: the 本级 row of the 三公 table', () => {
    const n = read('v2/row-resolved.json');
    const p = page('pages/shaoxing-2021.cms.html');
    const [x] = resolveNotes(p.doc, ELSEWHERE('sx'), [n]);
    const r = attached(x!.resolution);
    expect(domText(p.html, r.primary!)).toBe('绍兴市信访局本级');
    expect(r.cells.map((c) => gridText(p.doc, c))).toContain('162,110.00');
  });

  it('a v1 note about a 决算 is not about the 预算 of the same department and year', () => {
    const n = read('v1/page-final-accounts.json');
    const p = page('pages/huzhou-2024.clean.html');
    const a = { ...n.anchor, document: { ...n.anchor.document, year: 2024 } };
    expect(documentMatches(p.doc, ELSEWHERE('huzhou'), a)).toBe(false);
    expect(documentMatches(p.doc, ELSEWHERE('huzhou'), { ...a, document: { ...a.document, stage: '预算' } })).toBe(
      true,
    );
  });
});

describe('documentMatches', () => {
  const { doc } = page('pages/huzhou-2024.clean.html');
  const base = pageAnchor(
    { url: 'https://www.huzhou.gov.cn/art/2024/2/5/a.html', title: doc.title },
    { title: doc.title, department: doc.department, year: doc.year, stage: doc.stage },
  );
  const at = (url: string, canonical?: string): PageInfo => ({
    url,
    ...(canonical ? { canonicalUrl: canonical } : {}),
    title: doc.title,
  });

  it('the same canonical address is the same document, whatever it says', () => {
    const other = { ...base, document: { department: '别的部门', year: 1999, title: '别的', stage: null } };
    expect(
      documentMatches(
        doc,
        at('https://WWW.huzhou.gov.cn:443/art/2024/2/5/a.html?utm_source=wx&from=timeline#t3'),
        other,
      ),
    ).toBe(true);
    expect(documentMatches(doc, at('https://mirror.example/x.html', '/art/2024/2/5/a.html'), other)).toBe(false);
    expect(documentMatches(doc, at('https://www.huzhou.gov.cn/list.html', '/art/2024/2/5/a.html'), other)).toBe(true);
  });

  it('the department under another of its names, same year and stage', () => {
    for (const department of ['湖州市信访局', '湖州市委市政府信访局', '中共湖州市委湖州市人民政府信访局(部门汇总)']) {
      expect(
        documentMatches(doc, at('https://elsewhere.example/a'), {
          ...base,
          document: { ...base.document, department },
        }),
        department,
      ).toBe(true);
    }
    // No region in the name: the note's title gives it.
    const bare = {
      ...base,
      document: { ...base.document, department: '市委市政府信访局', title: '湖州市信访局2024年部门预算' },
    };
    expect(documentMatches(doc, at('https://elsewhere.example/a'), bare)).toBe(true);
    expect(
      documentMatches(doc, at('https://elsewhere.example/a'), {
        ...bare,
        document: { ...bare.document, title: '杭州市信访局2024年部门预算' },
      }),
    ).toBe(false);
  });

  it('another city, another year, another stage: not the same', () => {
    expect(
      documentMatches(doc, at('https://elsewhere.example/a'), {
        ...base,
        document: { ...base.document, department: '杭州市信访局' },
      }),
    ).toBe(false);
    expect(
      documentMatches(doc, at('https://elsewhere.example/a'), { ...base, document: { ...base.document, year: 2023 } }),
    ).toBe(false);
    expect(
      documentMatches(doc, at('https://elsewhere.example/a'), {
        ...base,
        document: { ...base.document, stage: '决算' },
      }),
    ).toBe(false);
    expect(
      documentMatches(doc, at('https://elsewhere.example/a'), {
        ...base,
        document: { ...base.document, department: null },
      }),
    ).toBe(false);
  });

  it('a stage unknown on one side: the titles must agree (site names after "_" aside)', () => {
    const noStage = { ...base, document: { ...base.document, stage: null } };
    expect(documentMatches(doc, at('https://elsewhere.example/a'), noStage)).toBe(true);
    expect(
      documentMatches(doc, at('https://elsewhere.example/a'), {
        ...noStage,
        document: { ...noStage.document, title: `${doc.title}_部门预算_湖州市人民政府` },
      }),
    ).toBe(true);
    expect(
      documentMatches(doc, at('https://elsewhere.example/a'), {
        ...noStage,
        document: { ...noStage.document, title: '湖州市信访局 2024 年部门决算' },
      }),
    ).toBe(false);
  });
});

describe('canonicalUrl', () => {
  it.each([
    ['https://www.Hangzhou.GOV.cn:443/art/a.html#t5', undefined, 'https://www.hangzhou.gov.cn/art/a.html'],
    [
      'http://www.sx.gov.cn:80/art/a.html?utm_source=wechat&utm_medium=x&spm=a.b.c&id=7&from=singlemessage',
      undefined,
      'http://www.sx.gov.cn/art/a.html?id=7',
    ],
    ['http://www.sx.gov.cn:8080/a.html?t=1700000000&page=2', undefined, 'http://www.sx.gov.cn:8080/a.html?page=2'],
    ['https://x.gov.cn/a.html;jsessionid=ABC123?x=1', undefined, 'https://x.gov.cn/a.html?x=1'],
    ['https://m.x.gov.cn/art/a.html?from=timeline', '/art/a.html', 'https://m.x.gov.cn/art/a.html'],
    ['https://m.x.gov.cn/art/a.html', 'https://www.x.gov.cn/art/a.html#top', 'https://www.x.gov.cn/art/a.html'],
    ['https://m.x.gov.cn/art/a.html', 'http://[bad', 'https://m.x.gov.cn/art/a.html'],
    ['tests/fixtures/pages/a.html#x', undefined, 'tests/fixtures/pages/a.html'],
    ['', undefined, ''],
  ])('%s (canonical %s) → %s', (url, canonical, want) => {
    expect(canonicalUrl(url, canonical)).toBe(want);
  });
});

describe('odd input never throws', () => {
  const { doc } = page(ORIGINAL);
  const good = anchorFor(doc, HERE, {
    scope: 'cell',
    cell: cellOf(doc, 'gpb-basic', '差旅费', ['本年一般公共预算基本支出', '合计']),
  });

  it.each([
    ['no table', { ...good, table: null }],
    ['no row, no column, no quote', { ...good, row: null, column: null, quote: null }],
    ['empty names', { ...good, row: { code: null, names: [], side: 0 }, column: null, quote: null }],
    ['garbage', { scope: 'cell' } as unknown as Anchor],
    ['null', null as unknown as Anchor],
  ])('%s → orphan', (_what, anchor) => {
    const r = resolveAnchor(doc, anchor, { table: -1, row: 0, cell: 0 });
    expect(r.status).toBe('orphan');
    if (r.status === 'orphan') {
      expect(r.reason.zh.length).toBeGreaterThan(0);
      expect(r.reason.en.length).toBeGreaterThan(0);
    }
  });

  it('an empty document', () => {
    const empty = auditHtml('<p>nothing</p>').doc;
    expect(resolveAnchor(empty, good, null).status).toBe('orphan');
    expect(documentMatches(empty, { url: 'x', title: '' }, good)).toBe(false);
    expect(resolveNotes(empty, { url: 'x', title: '' }, [null as unknown as Note])).toEqual([]);
  });

  it('a row without its column falls back to the quote with its neighbours', () => {
    const r = attached(resolveAnchor(doc, { ...good, column: { path: ['不存在的列'] } }, null));
    expect(r.confidence).toBe('fuzzy');
    expect(gridText(doc, r.primary!)).toBe('19.00');
    expect(rowLabelAt(doc, r.primary!)).toBe('差旅费');
  });

  it('a side the table does not have is ignored (one-sided table): found by its names', () => {
    const r = attached(resolveAnchor(doc, { ...good, row: { ...good.row!, side: 7 }, quote: null }, null));
    expect(rowLabelAt(doc, r.primary!)).toBe('差旅费');
  });

  it('a quote alone is not enough: its neighbours must agree, and without neighbours it must be the only one', () => {
    const gone = { code: null, names: ['不存在的行'], side: 0 };
    // 19.00 is printed in 差旅费, but next to other text than the note quoted.
    expect(
      resolveAnchor(doc, { ...good, row: gone, quote: { exact: '19.00', prefix: '完全不同的前文', suffix: '' } }, null)
        .status,
    ).toBe('orphan');
    // Without neighbours: 19.00 is printed twice in 表 6 (合计 and 公用经费), so it is ambiguous.
    expect(
      resolveAnchor(doc, { ...good, row: gone, quote: { exact: '19.00', prefix: '', suffix: '' } }, null).status,
    ).toBe('orphan');
    // With them it is found.
    expect(gridText(doc, attached(resolveAnchor(doc, { ...good, row: gone }, null)).primary!)).toBe('19.00');
  });

  it('a row gone and its quote found nowhere: the orphan names the row', () => {
    const r = resolveAnchor(
      doc,
      {
        ...good,
        row: { code: null, names: ['不存在的行'], side: 0 },
        quote: { exact: '123.45', prefix: '不存在的行', suffix: '' },
      },
      null,
    );
    expect(r.status === 'orphan' && r.reason.en).toBe(
      'row not found in table "表 6： 2024 年市级部门一般公共预算基本支出预算表": 不存在的行',
    );
  });
});

it('auditFixture and auditHtml agree on the document (the helpers the tests read with)', () => {
  expect(auditFixture(ORIGINAL).doc.tables.length).toBe(page(ORIGINAL).doc.tables.length);
});
