import type { PageSource, RawBlock } from '../dom/adapter';
import { buildPdfSourceSteps } from '../pdf/tables';
import type { PdfBox } from '../pdf/types';
import { positionsAfter, type PrintedBox, type PrintedLayout } from './printed-layout';

export type { PrintedBox, PrintedLayout } from './printed-layout';

/**
 * The printed blocks of a page (PDF pages published as positioned text, lib/page/positioned.ts) rebuilt into text
 * and tables as a PDF's pages are (lib/pdf/tables): a step of the engine before the model, so that in the browser it
 * runs where the model is built (the worker), not on the page's thread. A run of pages becomes its blocks in its
 * place; its tables are numbered after all of the page's <table> elements (`tableCount` counts both), so the addresses
 * of those stay what they are.
 *
 * What the page needs to draw over the rebuilt tables comes out with it (PrintedLayout, plain data): how many blocks
 * each printed block became (the page's text positions are by block index) and where each rebuilt cell and table is
 * on its printed page; the page, which holds the page containers, turns them into boxes to draw
 * (lib/page/printed-layout.ts, which the page's script imports without this module).
 */

/** The page with its printed blocks rebuilt, and their layout (none when the page has no printed block). */
export function* expandPrinted(page: PageSource): Generator<void, { page: PageSource; layout?: PrintedLayout }> {
  if (!page.blocks.some((b) => b.kind === 'printed')) return { page };
  const blocks: RawBlock[] = [];
  const expanded: { block: number; count: number }[] = [];
  const boxes: PrintedBox[] = [];
  let rebuilt = 0;
  for (const [i, b] of page.blocks.entries()) {
    if (b.kind !== 'printed') {
      blocks.push(b);
      continue;
    }
    const pdf = yield* buildPdfSourceSteps(b.pages, { url: page.url });
    for (const out of pdf.source.blocks) {
      if (out.kind !== 'table') {
        blocks.push(out);
        continue;
      }
      const index = page.tableCount + rebuilt++;
      boxes.push(...tableBoxes(out.table.rows, out.table.index, index, i, pdf.cellBox));
      blocks.push({ kind: 'table', table: { ...out.table, index } });
    }
    expanded.push({ block: i, count: pdf.source.blocks.length });
  }
  const positions = page.positions && positionsAfter(page.positions, expanded);
  return {
    page: { ...page, blocks, tableCount: page.tableCount + rebuilt, ...(positions ? { positions } : {}) },
    layout: { expanded, boxes },
  };
}

function tableBoxes(
  rows: readonly { readonly cells: readonly { readonly text: string }[] }[],
  from: number,
  table: number,
  block: number,
  cellBox: (addr: { table: number; row: number; cell: number }) => PdfBox | undefined,
): PrintedBox[] {
  const out: PrintedBox[] = [];
  let first: PdfBox | undefined;
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  rows.forEach((row, r) =>
    row.cells.forEach((cell, c) => {
      const box = cellBox({ table: from, row: r, cell: c });
      if (!box) return;
      const { page, x, y, width, height } = box;
      out.push({ table, row: r, cell: c, block, page, x, y, width, height, text: cell.text });
      first ??= box;
      if (page !== first.page) return;
      [left, top, right, bottom] = [
        Math.min(left, x),
        Math.min(top, y),
        Math.max(right, x + width),
        Math.max(bottom, y + height),
      ];
    }),
  );
  if (first)
    out.push({
      table,
      row: -1,
      cell: -1,
      block,
      page: first.page,
      x: left,
      y: top,
      width: right - left,
      height: bottom - top,
      text: '',
    });
  return out;
}
