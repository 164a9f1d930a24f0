import { emWidth } from '../lib/page/positioned';

/**
 * Pages of a PDF published as positioned HTML, made the way PDF-to-HTML converters write them (as on 烟台's site: one
 * container per printed page, one absolutely placed box per run of text and per ruling line, in points), from a
 * table's rows: left-aligned labels, right-aligned figures, every cell ruled. For tests/unit/positioned.test.ts and
 * tests/e2e/positioned.test.ts; the sample page tests/fixtures/synthetic/positioned-print.html is positionedPage().
 */

const SIZE = 9;
/** Column edges (points) of 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出. */
const EDGES = [40, 100, 260, 340, 420, 500];
const ROW = 20;

export const box = (style: string, text = ' '): string =>
  `<div class="p" style="${style}position:absolute;">${text}</div>`;
const rule = (left: number, top: number, width: number, height: number, side: 'bottom' | 'right'): string =>
  `<div class="r" style="position:absolute;left:${left}pt;top:${top}pt;width:${width}pt;height:${height}pt;` +
  `border-${side}:0.5pt solid #000000;"> </div>`;

/** One printed page: a title line, then the rows as a ruled table starting at `top`. */
function printedPage(title: string, rows: readonly (readonly string[])[], top = 100): string {
  const out: string[] = [];
  if (title) out.push(box(`top:60pt;left:200pt;font-size:13pt;font-weight: bold;`, title));
  rows.forEach((cells, r) => {
    const y = top + r * ROW;
    cells.forEach((text, c) => {
      if (!text) return;
      const figure = /^[\d,.]+$/u.test(text);
      const width = emWidth(text) * SIZE;
      const left = figure ? EDGES[c + 1]! - 3 - width : EDGES[c]! + 3;
      out.push(box(`top:${y + 5}pt;left:${left}pt;line-height:${SIZE}pt;font-size:${SIZE}pt;width:auto;`, text));
    });
    for (let c = 0; c + 1 < EDGES.length; c++) out.push(rule(EDGES[c]!, y, EDGES[c + 1]! - EDGES[c]!, 0, 'bottom'));
  });
  const bottom = top + rows.length * ROW;
  for (let c = 0; c + 1 < EDGES.length; c++) out.push(rule(EDGES[c]!, bottom, EDGES[c + 1]! - EDGES[c]!, 0, 'bottom'));
  for (const x of EDGES) out.push(rule(x, top, 0, bottom - top, 'right'));
  const frame = 'width:595.0pt;height:842.0pt;overflow:hidden;position:relative;';
  return `<div class="page" style="${frame}">${out.join('')}</div>`;
}

export const HEADER = ['科目编码', '科目名称', '合计', '基本支出', '项目支出'];
export const FIRST_PAGE = [
  HEADER,
  ['', '合计', '1,300.00', '1,000.00', '300.00'],
  ['201', '一般公共服务支出', '1,100.00', '900.00', '200.00'],
  ['20103', '政府办公厅（室）及相关机构事务', '1,100.00', '900.00', '200.00'],
  ['2010301', '行政运行', '900.00', '900.00', ''],
];
/** The table goes on over the page break, without its header. */
export const SECOND_PAGE = [
  ['2010350', '事业运行', '200.00', '', '200.00'],
  ['208', '社会保障和就业支出', '200.00', '100.00', '100.00'],
  ['20805', '行政事业单位养老支出', '200.00', '100.00', '100.00'],
  ['2080505', '机关事业单位基本养老保险缴费支出', '200.00', '100.00', '100.00'],
];

export function positionedPage(
  options: { first?: readonly (readonly string[])[]; before?: string; after?: string } = {},
): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>2026年某某局部门预算</title></head><body>` +
    `<table class="crumbs"><tr><td>首页</td><td>财政预算</td></tr></table>` +
    `<p>${options.before ?? '2026年某某局部门预算'}</p>` +
    `<div id="zoom">${printedPage('一般公共预算支出情况表', options.first ?? FIRST_PAGE)}` +
    `${printedPage('', SECOND_PAGE, 80)}</div>` +
    `<p>${options.after ?? '本页完'}</p><table><tr><td>版权所有</td></tr></table></body></html>`
  );
}
