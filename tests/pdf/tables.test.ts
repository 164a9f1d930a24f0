import { describe, expect, it } from 'vitest';
import type { RawTable } from '../../lib/dom/adapter';
import { buildPdfSource } from '../../lib/pdf/tables';
import type { PdfPageContent, PdfRule, PdfShade, PdfTextItem } from '../../lib/pdf/types';

/**
 * lib/pdf/tables/ on small hand-made pages: text items placed as a PDF producer would (an em box per item, width
 * from the characters: 1 em for Chinese, about half for digits and Latin) and ruling lines.
 */

const SIZE = 10;
const width = (s: string): number =>
  [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/u.test(ch) ? 1 : ch === ' ' ? 0.3 : 0.55), 0) * SIZE;

/** An item whose left edge is at x, top at y. */
const at = (str: string, x: number, y: number, extra: Partial<PdfTextItem> = {}): PdfTextItem => ({
  str,
  x,
  y,
  width: width(str),
  height: SIZE,
  ...extra,
});
/** An item whose right edge is at right (a figure right-aligned in its cell). */
const right = (str: string, r: number, y: number): PdfTextItem => at(str, r - width(str), y);

const h = (y: number, x1: number, x2: number): PdfRule => ({ x1, y1: y, x2, y2: y });
const v = (x: number, y1: number, y2: number): PdfRule => ({ x1: x, y1, x2: x, y2 });

/** Rules of a full grid: every x over every row band, every y over every column (then pick what to leave out). */
function grid(xs: readonly number[], ys: readonly number[]): PdfRule[] {
  return [...ys.map((y) => h(y, xs[0]!, xs[xs.length - 1]!)), ...xs.map((x) => v(x, ys[0]!, ys[ys.length - 1]!))];
}

const page = (n: number, items: PdfTextItem[], rules: PdfRule[] = [], shades?: PdfShade[]): PdfPageContent => ({
  page: n,
  width: 595,
  height: 842,
  items,
  rules,
  ...(shades ? { shades } : {}),
});

function tables(pages: PdfPageContent[]): RawTable[] {
  return buildPdfSource(pages, { url: 'test.pdf' }).source.blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : []));
}
const texts = (t: RawTable): string[][] => t.rows.map((r) => r.cells.map((c) => c.text));
const texts0 = (pages: PdfPageContent[]): string[][] => texts(tables(pages)[0]!);

describe('ruled tables', () => {
  // 科目 | 合计 | 基本支出 (人员 | 公用): a two-row header, 科目 and 合计 merged down, 基本支出 across two columns.
  const xs = [50, 200, 260, 320, 380];
  const ys = [100, 115, 130, 145, 170, 185];
  const rules: PdfRule[] = [
    h(100, 50, 380),
    h(115, 260, 380),
    h(130, 50, 380),
    h(145, 50, 380),
    h(170, 50, 380),
    h(185, 50, 380),
    v(50, 100, 185),
    v(200, 100, 185),
    v(260, 100, 185),
    v(320, 115, 185),
    v(380, 100, 185),
  ];
  const header = [
    at('科目', 55, 110),
    at('合计', 210, 110),
    at('基本支出', 270, 102, { bold: true }),
    at('人员', 265, 117, { bold: true }),
    at('公用', 325, 117, { bold: true }),
  ];

  it('spans from missing rules: a cell over two columns (colSpan), cells over two rows (rowSpan)', () => {
    const t = tables([
      page(
        1,
        [...header, at('合计', 55, 132), right('30.00', 258, 132), right('20.00', 318, 132), right('10.00', 378, 132)],
        rules,
      ),
    ])[0]!;
    expect(t.rows[0]!.cells.map((c) => [c.text, c.rowSpan, c.colSpan])).toEqual([
      ['科目', 2, 1],
      ['合计', 2, 1],
      ['基本支出', 1, 2],
    ]);
    expect(t.rows[1]!.cells.map((c) => [c.text, c.rowSpan, c.colSpan])).toEqual([
      ['人员', 1, 1],
      ['公用', 1, 1],
    ]);
    expect(t.rows[0]!.cells[2]!.header).toBe(true);
    expect(t.rows[0]!.cells[0]!.header).toBe(false);
    expect(texts(t)[2]).toEqual(['合计', '30.00', '20.00', '10.00']);
    void xs;
    void ys;
  });

  it('a label wrapped inside its cell is one row, joined without a space between Chinese characters', () => {
    const body = [
      at('政府办公厅（室）及相', 55, 147),
      at('关机构事务', 55, 158),
      right('5.44', 258, 152),
      right('5.44', 318, 152),
    ];
    expect(texts0([page(1, [...header, ...body], rules)])[3]).toEqual([
      '政府办公厅（室）及相关机构事务',
      '5.44',
      '5.44',
      '',
    ]);
  });

  it('an item running over rules (cells merged into one item by the producer or by pdf.js) is cut at the rules', () => {
    // 行政运行 at the left of the first column, the figures right-aligned in the next ones: one item over all four.
    const merged: PdfTextItem = {
      str: '行政运行 1,797.02 1,484.24 312.78',
      x: 55,
      y: 132,
      width: 378 - 55,
      height: SIZE,
    };
    const t = tables([page(1, [...header, merged], rules)])[0]!;
    expect(texts(t)[2]).toEqual(['行政运行', '1,797.02', '1,484.24', '312.78']);
  });

  it(
    "a label printed past its cell's rule (the producer does not clip it) stays whole; the figure keeps " + 'its cell',
    () => {
      // 15 characters from x 55 reach x 205, past the rule at 200, into the 合计 cell where 30.00 stands.
      const body = [at('市人工影响天气服务保障中心本级', 55, 132), right('30.00', 258, 132), right('20.00', 318, 132)];
      expect(texts0([page(1, [...header, ...body], rules)])[2]).toEqual([
        '市人工影响天气服务保障中心本级',
        '30.00',
        '20.00',
        '',
      ]);
    },
  );

  it('indentation in em from the x offset within the cell (padding aside)', () => {
    const body = [
      at('一般公共服务支出', 53, 132),
      right('9.00', 258, 132),
      at('行政运行', 73, 150),
      right('9.00', 258, 150),
      at('事业运行', 73, 173),
      right('0.00', 258, 173),
    ];
    const t = tables([page(1, [...header, ...body], rules)])[0]!;
    expect(t.rows.slice(2).map((r) => r.cells[0]!.indent)).toEqual([0, 2, 2]);
    expect(t.rows.slice(2).map((r) => r.cells[1]!.indent)).toEqual([0, 0, 0]);
  });

  it('figures stacked in one slot (no rules between rows) are separate rows', () => {
    const open: PdfRule[] = [
      ...grid([50, 200, 260], [100, 115]),
      h(160, 50, 260),
      v(50, 115, 160),
      v(200, 115, 160),
      v(260, 115, 160),
    ];
    const items = [
      at('项目', 55, 102),
      at('金额', 210, 102),
      at('甲', 55, 118),
      right('1.00', 258, 118),
      at('乙', 55, 131),
      right('2.00', 258, 131),
      at('丙', 55, 144),
      right('3.00', 258, 144),
    ];
    expect(texts0([page(1, items, open)])).toEqual([
      ['项目', '金额'],
      ['甲', '1.00'],
      ['乙', '2.00'],
      ['丙', '3.00'],
    ]);
  });

  it('a frame around text (one column) is not a table', () => {
    const items = [at('索引号：001', 60, 110), at('发布机构：某局', 60, 125)];
    const src = buildPdfSource([page(1, items, grid([50, 300], [100, 140]))], { url: 'x' }).source;
    expect(src.blocks.every((b) => b.kind === 'text')).toBe(true);
  });
});

describe('tables without rules', () => {
  const head = [at('项目', 50, 100), at('合计', 215, 100), at('基本支出', 280, 100), at('项目支出', 350, 100)];
  const row = (y: number, label: string, ...figures: string[]) => [
    at(label, 50, y),
    ...figures.map((f, i) => right(f, [250, 320, 390][i]!, y)),
  ];

  it('columns from aligned figures, the header line above cut into them', () => {
    const items = [
      ...head,
      ...row(115, '合计', '30.00', '20.00', '10.00'),
      ...row(130, '一般公共服务支出', '30.00', '20.00', '10.00'),
      ...row(145, '行政运行', '20.00', '20.00', ''),
    ];
    expect(texts0([page(1, items)])).toEqual([
      ['项目', '合计', '基本支出', '项目支出'],
      ['合计', '30.00', '20.00', '10.00'],
      ['一般公共服务支出', '30.00', '20.00', '10.00'],
      ['行政运行', '20.00', '20.00', ''],
    ]);
  });

  it(
    'figures run together by the producer ("1,797.02 1,484.24") and a label with its figure glued on are ' +
      'split into their columns',
    () => {
      const together: PdfTextItem = {
        str: '20.00 10.00',
        x: 320 - width('20.00'),
        y: 130,
        width: 390 - (320 - width('20.00')),
        height: SIZE,
      };
      const glued: PdfTextItem = { str: '行政运行30.00', x: 50, y: 145, width: 250 - 50, height: SIZE };
      const items = [
        ...head,
        ...row(115, '合计', '30.00', '20.00', '10.00'),
        at('一般公共服务支出', 50, 130),
        right('30.00', 250, 130),
        together,
        glued,
        right('20.00', 320, 145),
        right('10.00', 390, 145),
        ...row(160, '事业运行', '1.00', '1.00', ''),
      ];
      const t = texts0([page(1, items)]);
      expect(t[2]).toEqual(['一般公共服务支出', '30.00', '20.00', '10.00']);
      expect(t[3]).toEqual(['行政运行', '30.00', '20.00', '10.00']);
    },
  );

  it('a label wrapped onto a line of its own joins its row when rows are spaced wider than its lines', () => {
    const items = [
      ...head,
      ...row(120, '合计', '30.00', '20.00', '10.00'),
      at('政府办公厅（室）及相关', 50, 145),
      ...row(145, '', '30.00', '20.00', '10.00').slice(1),
      at('机构事务', 50, 156),
      ...row(181, '行政运行', '20.00', '20.00', ''),
    ];
    const t = texts0([page(1, items)]);
    expect(t.map((r) => r[0])).toEqual(['项目', '合计', '政府办公厅（室）及相关机构事务', '行政运行']);
  });

  it('a shaded header (LibreOffice) gives the header cells, their spans and the columns', () => {
    // 科目 (two rows high, its shade centred) | 基本支出 over 人员 | 公用.
    const shades: PdfShade[] = [
      { x: 50, y: 110, width: 140, height: 12 },
      { x: 193, y: 100, width: 130, height: 12 },
      { x: 193, y: 120, width: 64, height: 12 },
      { x: 259, y: 120, width: 64, height: 12 },
    ];
    const items = [
      at('科目', 55, 111),
      at('基本支出', 200, 101),
      at('人员', 200, 121),
      at('公用', 265, 121),
      at('合计', 55, 150),
      right('30.00', 255, 150),
      right('20.00', 320, 150),
      at('行政运行', 55, 175),
      right('30.00', 255, 175),
      right('20.00', 320, 175),
    ];
    const t = tables([page(1, items, [], shades)])[0]!;
    expect(t.rows[0]!.cells.map((c) => [c.text, c.rowSpan, c.colSpan, c.header])).toEqual([
      ['科目', 2, 1, true],
      ['基本支出', 1, 2, true],
    ]);
    expect(texts(t).slice(1)).toEqual([
      ['人员', '公用'],
      ['合计', '30.00', '20.00'],
      ['行政运行', '30.00', '20.00'],
    ]);
  });
});

describe('pages', () => {
  const xs = [50, 200, 260];
  const part = (n: number, top: number, labels: readonly string[], withHeader: boolean) => {
    const ys = [top];
    const items: PdfTextItem[] = [];
    if (withHeader) {
      items.push(at('项目', 55, top + 2, { bold: true }), at('金额', 210, top + 2, { bold: true }));
      ys.push(top + 15);
    }
    for (const l of labels) {
      const y = ys[ys.length - 1]!;
      items.push(at(l, 55, y + 2), right('1.00', 258, y + 2));
      ys.push(y + 15);
    }
    return page(n, items, grid(xs, ys));
  };

  it('a table continued on the next page without its header is one table', () => {
    const t = tables([part(1, 700, ['甲', '乙'], true), part(2, 50, ['丙', '丁'], false)]);
    expect(t).toHaveLength(1);
    expect(texts(t[0]!)).toEqual([
      ['项目', '金额'],
      ['甲', '1.00'],
      ['乙', '1.00'],
      ['丙', '1.00'],
      ['丁', '1.00'],
    ]);
  });

  it(
    'with its header repeated it stays a table of its own (the engine merges it), the repeated rows marked ' +
      'as header',
    () => {
      const t = tables([part(1, 700, ['甲', '乙'], true), part(2, 50, ['丙', '丁'], true)]);
      expect(t).toHaveLength(2);
      expect(texts(t[1]!)[0]).toEqual(['项目', '金额']);
      expect(t[1]!.rows[0]!.cells.every((c) => c.header)).toBe(true);
    },
  );

  it('cell boxes carry their page; a cut-off page number is dropped', () => {
    const p1 = part(1, 700, ['甲'], true);
    const p2 = part(2, 50, ['乙'], false);
    const withNumbers = [p1, p2].map((p) => ({ ...p, items: [...p.items, at(`- ${p.page} -`, 290, 820)] }));
    const pdf = buildPdfSource(withNumbers, { url: 'x' });
    expect(pdf.cellBox({ table: 0, row: 1, cell: 0 })).toEqual({ page: 1, x: 50, y: 715, width: 150, height: 15 });
    expect(pdf.cellBox({ table: 0, row: 2, cell: 1 })).toEqual({ page: 2, x: 200, y: 50, width: 60, height: 15 });
    expect(pdf.source.blocks.filter((b) => b.kind === 'text')).toEqual([]);
  });

  it('pages without any text are listed (a scan)', () => {
    const pdf = buildPdfSource([page(1, []), page(2, [at('说明', 50, 50)])], { url: 'x' });
    expect(pdf.pagesWithoutText).toEqual([1]);
    expect(pdf.pageCount).toBe(2);
  });
});

describe('text', () => {
  it(
    'paragraph lines joined (nothing at a line break next to ' + 'a Chinese character); a numbered line starts a block',
    () => {
      const full = '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四';
      const items = [
        at('（一）收入预算', 50, 100),
        at(`${full}比上年执行数增加`, 50, 120),
        at('337.27', 50, 134),
        at('万元，增长 4.3%。', 50 + width('337.27 '), 134),
        at('（二）支出预算', 50, 160),
      ];
      const blocks = buildPdfSource([page(1, items)], { url: 'x' }).source.blocks;
      // The HTML had 增加 337.27; a line break says nothing about a space between a Chinese character and a figure.
      expect(blocks.map((b) => (b.kind === 'text' ? b.text : '#'))).toEqual([
        '（一）收入预算',
        `${full}比上年执行数增加337.27 万元，增长 4.3%。`,
        '（二）支出预算',
      ]);
    },
  );

  it('textBoxes: the boxes of a span of a block, one per line', () => {
    const full = '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四';
    const pdf = buildPdfSource([page(1, [at(full, 50, 120), at('五六七八', 50, 134)])], { url: 'x' });
    const text = pdf.source.blocks[0]!.kind === 'text' ? pdf.source.blocks[0]!.text : '';
    expect(text).toBe(`${full}五六七八`);
    expect(pdf.textBoxes(0, 2, 4)).toEqual([{ page: 1, x: 70, y: 120, width: 20, height: 10 }]);
    expect(pdf.textBoxes(0, full.length - 1, full.length + 2)).toEqual([
      { page: 1, x: 50 + (full.length - 1) * 10, y: 120, width: 10, height: 10 },
      { page: 1, x: 50, y: 134, width: 20, height: 10 },
    ]);
  });
});
