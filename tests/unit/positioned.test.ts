import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { auditSource, auditSteps } from '../../lib/audit';
import { readPage, type DomNode, type PageSource, type RawTable } from '../../lib/dom/adapter';
import { expandPrinted } from '../../lib/page/printed';
import { placedBoxes } from '../../lib/page/printed-layout';
import { runToEnd } from '../../lib/steps';
import { fixture } from '../helpers';
import { box, FIRST_PAGE, positionedPage as html, SECOND_PAGE } from '../positioned-page';
import { looksLikeBudgetPage, type DetectableDocument } from '../../lib/page/detect';

/** Pages of a PDF published as positioned HTML (tests/positioned-page.ts): read like the PDF. */

const URL = 'https://www.example.gov.cn/art/2026/art_1.html';

const dom = (source: string): DomNode => parseHTML(source).document as unknown as DomNode;
/** The page as read, then with its printed pages rebuilt as the engine rebuilds them before the model. */
const read = (source: string, positions = false): PageSource =>
  runToEnd(expandPrinted(readPage(dom(source), URL, { positions }))).page;
const tables = (p: PageSource): RawTable[] => p.blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : []));
const rowsOf = (t: RawTable): string[][] => t.rows.map((r) => r.cells.map((c) => c.text));

describe('a PDF published as positioned text', () => {
  it('is read into its table, continued over the page break, after the page’s own <table> elements', () => {
    const p = read(html());
    const [crumbs, rebuilt, footer] = tables(p);
    expect(crumbs!.index).toBe(0);
    expect(footer!.index).toBe(1);
    // Numbered after the two <table> elements, whatever their place in the page: those keep their addresses.
    expect(rebuilt!.index).toBe(2);
    expect(p.tableCount).toBe(3);
    expect(rowsOf(rebuilt!)).toEqual([...FIRST_PAGE, ...SECOND_PAGE]);
    // In reading order: the title line before the table, the text after the region after it.
    const order = p.blocks.map((b) => (b.kind === 'table' ? `#${b.table.index}` : b.kind === 'text' ? b.text : '…'));
    expect(order.indexOf('一般公共预算支出情况表')).toBeLessThan(order.indexOf('#2'));
    expect(order.indexOf('#2')).toBeLessThan(order.indexOf('本页完'));
  });

  it('is audited: its sums pass, and a figure changed in the page is an error at its cell', () => {
    const clean = auditSource(read(html())).report;
    const table = clean.tables.find((t) => t.index === 2)!;
    expect(table.status).toBe('checked');
    expect(table.passed).toBeGreaterThanOrEqual(8);
    expect(clean.findings.filter((f) => f.severity === 'error')).toEqual([]);

    const first = FIRST_PAGE.map((r) => [...r]);
    first[4]![3] = '910.00'; // 行政运行's 基本支出: 900.00 in the sums above it
    const changed = auditSource(read(html({ first }))).report;
    const errors = changed.findings.filter((f) => f.severity === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.some((f) => f.stated === '910.00' || f.cells.some((c) => c.table === 2 && c.row === 4))).toBe(true);
    expect(errors.every((f) => f.table === 2)).toBe(true);
  });

  it('keeps where the page’s own text is, for the marks over claims; the rebuilt text has none', () => {
    const p = read(html({ before: '支出预算1,300.00万元。', after: '其中基本支出1,000.00万元。' }), true);
    const at = (text: string) => p.blocks.findIndex((b) => b.kind === 'text' && b.text === text);
    expect(p.positions![at('支出预算1,300.00万元。')]?.raw).toBe('支出预算1,300.00万元。');
    expect(p.positions![at('其中基本支出1,000.00万元。')]?.raw).toBe('其中基本支出1,000.00万元。');
    expect(p.positions![at('一般公共预算支出情况表')]).toBeUndefined();
    expect(p.positions).toHaveLength(p.blocks.length);
  });

  it('says where each rebuilt cell is printed, for the marks: the page container and the box in its points', () => {
    const source = readPage(dom(html()), URL, { positions: true });
    // The page's reading keeps the containers of the run of printed pages; the engine rebuilds (auditSteps).
    const containers = source.printed!;
    expect([...containers.values()][0]).toHaveLength(2);
    const { printed } = runToEnd(auditSteps(source));
    const placed = placedBoxes(printed!, containers);
    // 行政运行's 基本支出 (row 4, cell 3), on the first printed page, in the column from 340 to 420 pt.
    const cell = placed.get('2:4:3')!;
    expect(cell.page).toBe([...containers.values()][0]![0]);
    expect(cell.text).toBe('900.00');
    expect(cell.x).toBeGreaterThanOrEqual(335);
    expect(cell.x + cell.width).toBeLessThanOrEqual(425);
    expect(cell.pageWidth).toBe(595);
    // 事业运行, the first row printed on the second page, is on the second container.
    expect(placed.get('2:5:1')!.page).toBe([...containers.values()][0]![1]);
    expect(placed.get('2')!.y).toBeLessThanOrEqual(cell.y);
  });

  it('is not confused with a page’s few placed widgets, nor with placed boxes of another kind', () => {
    const menu = Array.from({ length: 6 }, (_, i) => box(`top:${i * 20}px;left:0px;`, `栏目${i}`)).join('');
    const p = read(`<body><div>${menu}</div><p>正文</p></body>`);
    expect(tables(p)).toEqual([]);
    expect(p.blocks.map((b) => (b.kind === 'text' ? b.text : '#'))).toEqual([
      ...Array.from({ length: 6 }, (_, i) => `栏目${i}`),
      '正文',
    ]);
    // Boxes placed by a style sheet, not inline: nothing here says where they are, so they are read as text.
    const classes = Array.from({ length: 12 }, (_, i) => `<div class="x${i}">${i}</div>`).join('');
    expect(tables(read(`<body><div>${classes}</div></body>`))).toEqual([]);
  });
});

describe('the sample page', () => {
  it('tests/fixtures/synthetic/positioned-print.html is this generator’s page (npm start shows it)', () => {
    expect(fixture('synthetic/positioned-print.html')).toBe(html());
  });
});

describe('the detector', () => {
  const detect = (source: string) => looksLikeBudgetPage(parseHTML(source).document as unknown as DetectableDocument);
  it('loads the engine on a disclosure printed as positioned text, and stays quiet on other placed pages', () => {
    expect(detect(html())).toBe(true);
    const poster = Array.from({ length: 60 }, (_, i) => box(`top:${i * 9}pt;left:10pt;`, `第${i}期 活动回顾`)).join('');
    expect(detect(`<title>图片新闻</title><body><div>${poster}</div></body>`)).toBe(false);
  });
});
