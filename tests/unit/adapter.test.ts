import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import {
  readPage,
  rowCells,
  tableRows,
  textSegments,
  type DomNode,
  type PageSource,
  type RawBlock,
  type RawTable,
  type TextSegment,
} from '../../lib/dom/adapter';

const URL = 'https://example.gov.cn/art/2024/1/1/art_1.html';

function doc(body: string, head = ''): DomNode {
  const { document } = parseHTML(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`);
  return document as unknown as DomNode;
}

function page(body: string, head = ''): PageSource {
  return readPage(doc(body, head), URL);
}

const tables = (p: PageSource): RawTable[] => p.blocks.flatMap((b: RawBlock) => (b.kind === 'table' ? [b.table] : []));
const texts = (p: PageSource): string[] => p.blocks.flatMap((b: RawBlock) => (b.kind === 'text' ? [b.text] : []));
const cellTexts = (t: RawTable): string[][] => t.rows.map((r) => r.cells.map((c) => c.text));

/** The single cell of a one-cell table. */
function onlyCell(cellHtml: string) {
  const t = tables(page(`<table><tr>${cellHtml}</tr></table>`))[0]!;
  return t.rows[0]!.cells[0]!;
}

describe('row order follows table.rows', () => {
  it('a <thead> after <tbody> in source order still gives the thead rows first, tfoot last', () => {
    const p = page(`<table>
      <tfoot><tr><td>合计</td><td>8.00</td></tr></tfoot>
      <tbody><tr><td>201</td><td>5.00</td></tr><tr><td>205</td><td>3.00</td></tr></tbody>
      <thead><tr><th>科目</th><th>金额</th></tr></thead>
    </table>`);
    expect(cellTexts(tables(p)[0]!)).toEqual([
      ['科目', '金额'],
      ['201', '5.00'],
      ['205', '3.00'],
      ['合计', '8.00'],
    ]);
  });

  it('rows directly under <table> and in several <tbody> keep source order between thead and tfoot', () => {
    const p = page(`<table>
      <tr><td>a</td></tr>
      <tbody><tr><td>b</td></tr></tbody>
      <tfoot><tr><td>f</td></tr></tfoot>
      <tr><td>c</td></tr>
      <tbody><tr><td>d</td></tr></tbody>
      <thead><tr><td>h1</td></tr><tr><td>h2</td></tr></thead>
    </table>`);
    expect(cellTexts(tables(p)[0]!).map((r) => r[0])).toEqual(['h1', 'h2', 'a', 'b', 'c', 'd', 'f']);
  });

  it('tableRows and rowCells are usable directly and give the same order', () => {
    const { document } = parseHTML(
      `<!doctype html><html><body><table><tbody><tr><td>x</td><th>y</th><td>z</td></tr></` +
        `tbody><thead><tr><th>H</th></tr></thead></table></body></html>`,
    );
    const table = document.querySelector('table') as unknown as DomNode;
    const rows = tableRows(table);
    expect(rows).toHaveLength(2);
    expect(rowCells(rows[0]!).map((c) => c.nodeName.toUpperCase())).toEqual(['TH']);
    expect(rowCells(rows[1]!).map((c) => c.nodeName.toUpperCase())).toEqual(['TD', 'TH', 'TD']);
  });

  it('cell order is row.cells order; <th> and <td> mixed, non-cell children ignored', () => {
    const p = page(`<table><tr><th>科目编码</th> <td>科目名称</td><!-- c --><td>合计</td></tr></table>`);
    expect(cellTexts(tables(p)[0]!)).toEqual([['科目编码', '科目名称', '合计']]);
  });

  it('keeps rowspan/colspan attributes; bad values fall back to 1, rowspan="0" stays 0', () => {
    const t = tables(
      page(
        `<table><tr><td rowspan="2" colspan="3">a</td><td rowspan="x" colspan="-1">b</td><td rowspan="0" ` +
          `colspan="0">c</td><td>d</td></tr></table>`,
      ),
    )[0]!;
    const spans = t.rows[0]!.cells.map((c) => [c.rowSpan, c.colSpan]);
    expect(spans).toEqual([
      [2, 3],
      [1, 1],
      [0, 1],
      [1, 1],
    ]);
  });
});

describe('table indices and nesting', () => {
  it('tables are numbered in document order', () => {
    const p = page(`<table><tr><td>A</td></tr></table><p>中间</p><table><tr><td>B</td></tr></table>`);
    expect(tables(p).map((t) => [t.index, t.rows[0]!.cells[0]!.text])).toEqual([
      [0, 'A'],
      [1, 'B'],
    ]);
    expect(p.tableCount).toBe(2);
  });

  it('a nested layout table: outer is index 0 with hasNestedTable=true, inner is index 1', () => {
    const p = page(`<table id="layout"><tr><td>
        <p>单位：万元</p>
        <table id="data"><tr><td>科目</td><td>金额</td></tr><tr><td>201</td><td>8.00</td></tr></table>
      </td></tr></table>`);
    const ts = tables(p);
    expect(ts).toHaveLength(2);
    expect(ts[0]!.index).toBe(0);
    expect(ts[0]!.hasNestedTable).toBe(true);
    expect(ts[1]!.index).toBe(1);
    expect(ts[1]!.hasNestedTable).toBe(false);
    expect(cellTexts(ts[1]!)).toEqual([
      ['科目', '金额'],
      ['201', '8.00'],
    ]);
    // The text inside the layout cell comes out as a block before the inner table.
    const order = p.blocks.map((b) => (b.kind === 'text' ? b.text : b.kind === 'table' ? `#${b.table.index}` : '…'));
    expect(order).toEqual(['#0', '单位：万元', '#1']);
  });

  it('tables inside display:none or [hidden] elements are skipped: not read and not counted', () => {
    const p = page(`
      <div style="display: none"><table><tr><td>隐藏1</td></tr></table></div>
      <section hidden><table><tr><td>隐藏2</td></tr></table></section>
      <table style="DISPLAY:NONE"><tr><td>隐藏3</td></tr></table>
      <table><tr><td>可见</td></tr></table>`);
    const ts = tables(p);
    expect(ts.map((t) => t.rows[0]!.cells[0]!.text)).toEqual(['可见']);
    expect(JSON.stringify(p.blocks)).not.toContain('隐藏');
  });

  // BUG (lib/dom/adapter.ts readPage, line 218 returns before line 221 increments tableIndex):
  // a hidden table does not take a document index, so every later table's `index` is shifted and
  // no longer equals its position among all <table> elements (the CellAddress contract in lib/model.ts).
  it('a visible table after a hidden table keeps its index among all <table> elements', () => {
    const { document } = parseHTML(`<!doctype html><html><body>
      <div style="display:none"><table id="hidden"><tr><td>隐藏</td></tr></table></div>
      <table id="visible"><tr><td>可见</td></tr></table></body></html>`);
    const p = readPage(document as unknown as DomNode, URL);
    const visible = tables(p).find((t) => t.rows[0]!.cells[0]!.text === '可见')!;
    const all = Array.from(document.querySelectorAll('table'));
    expect(all[visible.index]?.getAttribute('id')).toBe('visible');
  });
});

describe('header (bold) detection', () => {
  it('<th> is a header', () => {
    expect(onlyCell('<th>科目名称</th>').header).toBe(true);
  });

  it('<td><b>…</b></td> and <td><strong>…</strong></td> are headers', () => {
    expect(onlyCell('<td><b>合计</b></td>').header).toBe(true);
    expect(onlyCell('<td> <strong>一般公共服务支出</strong> </td>').header).toBe(true);
  });

  it('<td style="font-weight:bold"> and font-weight:700 on an inner span are headers', () => {
    expect(onlyCell('<td style="font-weight:bold">基本支出</td>').header).toBe(true);
    expect(onlyCell('<td><span style="font-weight: 700">基本支出</span></td>').header).toBe(true);
  });

  it('<td>plain</td> is not a header', () => {
    expect(onlyCell('<td>行政运行</td>').header).toBe(false);
    expect(onlyCell('<td style="font-weight:normal">行政运行</td>').header).toBe(false);
  });

  it('<td><b>合计</b> 8.00</td> is not a header: not all its text is bold', () => {
    const c = onlyCell('<td><b>合计</b> 8.00</td>');
    expect(c.header).toBe(false);
    expect(c.text).toBe('合计 8.00');
  });

  it('an empty <td> (only &nbsp;) is not a header', () => {
    expect(onlyCell('<td>&nbsp;</td>').header).toBe(false);
  });
});

describe('indentation', () => {
  it('two U+3000 before the name → indent 2, and the text has them removed', () => {
    const c = onlyCell('<td>\u3000\u3000行政运行</td>');
    expect(c.indent).toBe(2);
    expect(c.text).toBe('行政运行');
  });

  it('style padding-left:2em → 2', () => {
    expect(onlyCell('<td style="padding-left:2em">行政运行</td>').indent).toBe(2);
  });

  it('text-indent on an inner <p> counts', () => {
    expect(onlyCell('<td><p style="text-indent: 1em">机关服务</p></td>').indent).toBe(1);
  });

  it('four &nbsp; → 2 (two NBSPs per em)', () => {
    expect(onlyCell('<td>&nbsp;&nbsp;&nbsp;&nbsp;行政运行</td>').indent).toBe(2);
  });

  it('source-formatting whitespace and newlines → 0', () => {
    const c = onlyCell('<td>\n        行政运行\n      </td>');
    expect(c.indent).toBe(0);
    expect(c.text).toBe('行政运行');
  });

  it('no indentation → 0', () => {
    expect(onlyCell('<td>一般公共服务支出</td>').indent).toBe(0);
  });
});

describe('text blocks', () => {
  it('blocks before a table come in document order: title, unit line, then the table', () => {
    const p = page(`
      <h1>2024年某某局部门预算</h1>
      <p style="text-align:right">单位：万元</p>
      <table><tr><td>科目</td></tr></table>
      <p>注：本表为空表。</p>`);
    expect(p.blocks.map((b) => (b.kind === 'text' ? b.text : b.kind === 'table' ? `#${b.table.index}` : '…'))).toEqual([
      '2024年某某局部门预算',
      '单位：万元',
      '#0',
      '注：本表为空表。',
    ]);
  });

  it('text is whitespace-normalized: NBSP and U+3000 collapse to one space, trimmed', () => {
    const p = page('<p>\u3000\u3000单位：&nbsp;&nbsp;万元 </p>');
    expect(texts(p)).toEqual(['单位： 万元']);
  });

  it('<script>, <style>, <noscript>, <template> text never appears, in the body or in a cell', () => {
    const p = page(`
      <script>var secret = "单位：元";</script>
      <style>.x { color: red }</style>
      <noscript>请启用脚本</noscript>
      <p>正文<script>document.title = "x"</script></p>
      <table><tr><td>合计<style>td{}</style><script>alert(1)</script></td></tr></table>`);
    const all = JSON.stringify(p.blocks);
    for (const bad of ['secret', 'color', 'red', 'alert', 'td{}', '请启用脚本', 'document.title'])
      expect(all).not.toContain(bad);
    expect(texts(p)).toEqual(['正文']);
    expect(tables(p)[0]!.rows[0]!.cells[0]!.text).toBe('合计');
  });

  it('<br> splits text into separate lines (blocks)', () => {
    const p = page('<p>2024年某某局部门预算<br>单位：万元<br/>编制日期：2024年1月</p>');
    expect(texts(p)).toEqual(['2024年某某局部门预算', '单位：万元', '编制日期：2024年1月']);
  });

  it('<br> inside a cell becomes a space, keeping both parts', () => {
    expect(onlyCell('<td>一般公共<br>预算拨款</td>').text).toBe('一般公共 预算拨款');
  });

  it('inline elements do not split a line', () => {
    const p = page('<p>单位：<span>万</span><b>元</b></p>');
    expect(texts(p)).toEqual(['单位：万元']);
  });

  it('a <caption> is read as the table caption', () => {
    const t = tables(page('<table><caption>表1 收支总表</caption><tr><td>x</td></tr></table>'))[0]!;
    expect(t.caption).toBe('表1 收支总表');
  });
});

describe('title and canonical URL', () => {
  it('reads <title> and <link rel="canonical">; <title> text is not a body block', () => {
    const p = page(
      '<p>正文</p>',
      '<meta charset="utf-8"><title> 某某局2024年部门预算 </title><link rel="canonical" href="https://' +
        'www.example.gov.cn/a/1.html">',
    );
    expect(p.url).toBe(URL);
    expect(p.title).toBe('某某局2024年部门预算');
    expect(p.canonicalUrl).toBe('https://www.example.gov.cn/a/1.html');
    expect(texts(p)).toEqual(['正文']);
  });

  it('no canonical link → canonicalUrl absent; a stylesheet link is not canonical', () => {
    const p = page('<p>正文</p>', '<title>T</title><link rel="stylesheet" href="/a.css">');
    expect(p.canonicalUrl).toBeUndefined();
    expect('canonicalUrl' in p).toBe(false);
  });

  it('without <title>, the first text block is the title', () => {
    const p = page('<h1>某某局2024年部门预算</h1><p>单位：万元</p>');
    expect(p.title).toBe('某某局2024年部门预算');
  });
});

describe('text positions (only when asked): a span of the text blocks back to its text nodes', () => {
  /** The page's words a span covers, read from the DOM nodes the segments name, and the elements that hold them. */
  const words = (segs: readonly TextSegment[]): string =>
    segs.map((s) => (s.node.nodeValue ?? '').slice(s.start, s.end)).join('');
  const holders = (segs: readonly TextSegment[]): string[] =>
    segs.map((s) => (s.node as unknown as { parentNode: { localName: string } }).parentNode.localName);
  const read = (body: string): PageSource => readPage(doc(body), URL, { positions: true });
  const span = (p: PageSource, from: string, to: string) => {
    const all = p.blocks.map((b) => (b.kind === 'text' ? b.text : ''));
    const block = all.findIndex((t) => t.includes(from));
    const endBlock = all.findIndex((t, i) => i >= block && t.includes(to));
    return { block, start: all[block]!.indexOf(from), endBlock, end: all[endBlock]!.indexOf(to) + to.length };
  };

  it('is not kept by default: the command line and the benchmarks pay nothing', () => {
    const p = page('<p>支出预算 7,896.16万元</p>');
    expect(p.positions).toBeUndefined();
    expect('positions' in p).toBe(false);
  });

  it('gives the same blocks with or without positions, one entry per block (none for tables)', () => {
    const body = '<p>单位：万元</p><table><tr><td>合计</td><td>1.00</td></tr></table><p>合计 1.00 万元</p>';
    const withPositions = read(body);
    expect(withPositions.blocks).toEqual(page(body).blocks);
    expect(withPositions.positions).toHaveLength(3);
    expect(withPositions.positions![1]).toBeUndefined();
    expect(withPositions.positions![2]!.runs).toHaveLength(1);
  });

  it('a sentence cut over two <p> ("增加 587.74</p><p>万元，增长 8.04%") gives one piece in each paragraph', () => {
    const p = read(
      '<p>收入预算总计 7,896.16万元，比上年执行数增加 587.74</p>\n<p>万元，增长 8.04%，主要原因是席位增加。</p>',
    );
    expect(texts(p)).toEqual([
      '收入预算总计 7,896.16万元，比上年执行数增加 587.74',
      '万元，增长 8.04%，主要原因是席位增加。',
    ]);
    const segs = textSegments(p.positions!, span(p, '比上年执行数', '8.04%'));
    expect(segs).toHaveLength(2);
    expect(holders(segs)).toEqual(['p', 'p']);
    expect(segs[0]!.node).not.toBe(segs[1]!.node);
    expect(words(segs)).toBe('比上年执行数增加 587.74万元，增长 8.04%');
  });

  it('maps offsets through collapsed whitespace (newlines, NBSP, U+3000) and across inline elements', () => {
    const p = read(
      '<p>\n  　一般公共服务支出&nbsp;&nbsp;<b>7,637.45</b>\n   万元，<span>增长</span><span>9.1%</span>。</p>',
    );
    expect(texts(p)).toEqual(['一般公共服务支出 7,637.45 万元，增长9.1%。']);
    const amount = textSegments(p.positions!, span(p, '一般公共服务支出', '万元'));
    expect(words(amount)).toBe('一般公共服务支出\u00a0\u00a07,637.45\n   万元');
    // (linkedom may keep an entity as a text node of its own: consecutive pieces in the same element are one here.)
    expect(holders(amount).filter((h, i, all) => h !== all[i - 1])).toEqual(['p', 'b', 'p']);
    const rate = textSegments(p.positions!, span(p, '增长', '9.1%'));
    expect(words(rate)).toBe('增长9.1%');
    expect(holders(rate)).toEqual(['span', 'span']);
  });

  it('skips a table between the two blocks of a span and never reaches outside the span', () => {
    const p = read(
      '<p>基本支出 3,169.18 万元，其中：</p><table><tr><td>人员经费</td><td>2,735.16</td></tr></table><p>人员经费 2,735.16 万元，' +
        '公用经费 434.02 万元。</p>',
    );
    const segs = textSegments(p.positions!, span(p, '基本支出', '2,735.16 万元'));
    expect(words(segs)).toBe('基本支出 3,169.18 万元，其中：人员经费 2,735.16 万元');
    expect(holders(segs)).toEqual(['p', 'p']);
  });

  it('an empty or out-of-range span gives no piece', () => {
    const p = read('<p>合计 1.00 万元</p>');
    expect(textSegments(p.positions!, { block: 0, start: 3, endBlock: 0, end: 3 })).toEqual([]);
    expect(textSegments(p.positions!, { block: 0, start: 40, endBlock: 0, end: 50 })).toEqual([]);
    expect(textSegments(p.positions!, { block: 5, start: 0, endBlock: 5, end: 2 })).toEqual([]);
  });
});
