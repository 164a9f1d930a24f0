import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { readPage, type DomNode, type RawBlock } from '../../lib/dom/adapter';
import { addedAfter, markAfter, parsedPast, type ParsedNode } from '../../lib/page/parsing';
import { fixture } from '../helpers';

/**
 * A page still loading: what the parser has finished so far (lib/page/parsing.ts) and the adapter's read of it
 * (ReadOptions.parsed). A prefix of a page's HTML, parsed, is the document a browser holds while the rest is still
 * arriving; whatever the cut, the blocks read from it must be the whole page's first blocks, never a table cut short
 * or a paragraph's first half.
 */

const URL = 'https://example.gov.cn/art/2024/1/1/art_1.html';
const dom = (html: string) => parseHTML(html).document;
const asDom = (d: unknown) => d as DomNode;
const loadingRead = (html: string) =>
  readPage(asDom(dom(html)), URL, { parsed: (n) => parsedPast(n as unknown as ParsedNode, true) });

const describeBlock = (b: RawBlock): string =>
  b.kind === 'text'
    ? `text ${b.text}`
    : b.kind === 'table'
      ? `table ${b.table.index} ${b.table.rows.length}`
      : 'printed';

describe('what the parser has finished', () => {
  it('a node is finished once anything follows it or an ancestor; the last node and its ancestors are not', () => {
    const d = dom(
      '<html><body><p id="a">一</p><div id="b"><table id="t"><tr><td>合计</td></tr></table></div></body></html>',
    );
    const at = (id: string) => d.getElementById(id) as unknown as ParsedNode;
    expect(parsedPast(at('a'), true)).toBe(true);
    expect(parsedPast(at('b'), true)).toBe(false);
    expect(parsedPast(at('t'), true)).toBe(false);
    expect(parsedPast(at('t'), false)).toBe(true);
  });

  it('our own elements after the page (the overlay host the detector appends) do not finish it', () => {
    const d = dom('<html><body><table id="t"><tr><td>合计</td></tr></table></body></html>');
    const t = d.getElementById('t') as unknown as ParsedNode;
    d.documentElement.append(d.createElement('budget-lens-overlay'));
    d.body.append(d.createElement('budget-lens-pdf'));
    expect(parsedPast(t, true)).toBe(false);
    d.body.append(d.createTextNode('\n'));
    expect(parsedPast(t, true)).toBe(true);
  });

  it('something added after a node, within its ancestors, is seen; inside it or beside its ancestors, not', () => {
    const d = dom(
      '<html><body><div id="c"><table id="t"><tbody id="b"><tr><td>1</td></tr></tbody></table></div></body></html>',
    );
    const t = d.getElementById('t')!;
    // A script appended to the body, after the table's container, before the mark: the table looks finished.
    d.body.append(d.createElement('div'));
    const mark = markAfter(t as unknown as ParsedNode);
    d.getElementById('b')!.append(d.createElement('tr'));
    d.documentElement.append(d.createElement('budget-lens-overlay'));
    expect(addedAfter(mark)).toBe(false);
    d.getElementById('c')!.append(d.createTextNode(' '));
    expect(addedAfter(mark)).toBe(true);
    const again = markAfter(t as unknown as ParsedNode);
    expect(addedAfter(again)).toBe(false);
    (d.getElementById('c')!.lastChild as unknown as Text).appendData('表二');
    expect(addedAfter(again)).toBe(true);
  });
});

describe('the read of a page still loading', () => {
  const pages = ['pages/huzhou-2024.word.html', 'pages/hangzhou-2024.cms.html', 'pages/shaoxing-2021.clean.html'];
  it.each(pages)('%s cut anywhere: its first blocks, whole, and nothing more', (name) => {
    const html = fixture(name);
    const whole = readPage(asDom(dom(html)), URL).blocks.map(describeBlock);
    const tablesRead: number[] = [];
    const CUTS = 40;
    for (let k = 1; k <= CUTS; k++) {
      const cut = Math.floor((html.length * k) / (CUTS + 1));
      const early = loadingRead(html.slice(0, cut)).blocks.map(describeBlock);
      expect(early, `cut at ${cut} of ${html.length}`).toEqual(whole.slice(0, early.length));
      tablesRead.push(early.filter((b) => b.startsWith('table')).length);
    }
    // The cuts see the page grow: tables are read before the page ends, and more of them later.
    const total = whole.filter((b) => b.startsWith('table')).length;
    expect(tablesRead.some((n) => n > 0 && n < total)).toBe(true);
    expect(tablesRead[tablesRead.length - 1]).toBeGreaterThan(tablesRead[0]!);
  });

  it('a table the parser is still filling is not read, nor a paragraph it is in; what precedes them is', () => {
    const head =
      '<html><head><title>预算</title></head><body><p>单位：万元</p><table><tr><td>合计</td><td>3.00</td></tr>';
    const p = loadingRead(`${head}<tr><td>201</td><td>1.00</td></tr>`);
    expect(p.blocks.map(describeBlock)).toEqual(['text 单位：万元']);
    const q = loadingRead(`${head}</table><p>表二</p><table><tr><td>合计`);
    expect(q.blocks.map(describeBlock)).toEqual(['text 单位：万元', 'table 0 1', 'text 表二']);
    const r = loadingRead(`${head}</table><p>说明：本表`);
    expect(r.blocks.map(describeBlock)).toEqual(['text 单位：万元', 'table 0 1']);
  });

  it('a page loaded is read whole, as without the option', () => {
    const html = fixture('pages/huzhou-2024.clean.html');
    const loaded = readPage(asDom(dom(html)), URL, { parsed: (n) => parsedPast(n as unknown as ParsedNode, false) });
    expect(loaded).toEqual(readPage(asDom(dom(html)), URL));
  });
});
