import type { PageSource, RawBlock, RawCell, RawTable } from '../../dom/adapter';
import type { CellAddress } from '../../model';
import type { PdfBox, PdfPageContent, PdfSource } from '../types';
import { markShaded } from './cells';
import { settleHeaderRows } from './header';
import {
  isCutRowRest,
  looksLikeHeader,
  repeatedHeaderRows,
  rowTexts,
  sameColumns,
  settleIndents,
  stitchCutRows,
} from './continuation';
import { boxesOf, linesTextParagraph, piecesOf } from './lines';
import type { Line, OutCell, OutTable, TextRun } from './model';
import { layoutPage, ruledPhase } from './page';
import { continuesParagraph, runningLines } from './paragraphs';
import { joinSep } from './text';

/**
 * Rebuilds a PDF's tables and text from positioned text items and ruling lines (pure: no pdf.js, no DOM), into the
 * PageSource the HTML adapter gives, with where every cell and every character of the text sits (PdfSource).
 *
 * - Lines: items clustered by their vertical middle; items of a line joined, with a space where the gap is wider
 *   than a quarter em.
 * - Ruled tables: connected horizontal and vertical rules form a grid; the rule x and y positions are the slot grid,
 *   and a missing rule between two slots merges them (colSpan / rowSpan exactly as the source table had them). Where
 *   rows have no rules between them (figures stacked in one slot), rows come from the text lines.
 * - Tables without rules: with shaded header cells (LibreOffice, Word and WPS shade <th> and draw no borders) the
 *   shades give the header cells, their spans and the columns; else runs of lines with aligned figures, columns from
 *   the x ranges (nearly) every line leaves free, header lines just above cut into them. Lines become rows when they
 *   overlap or the gap above them is the small one of the table's two gap sizes, never with two figures in a column
 *   (a label wrapped in its cell joins its row).
 * - Items that cross a column boundary (cells merged into one item by the producer or by pdf.js: "行政运行 1,797.02
 *   1,484.24", "行政运行1,797.02") are cut into their cells: one word to a cell when the counts agree, else at spaces
 *   and where text meets a figure.
 * - Header cells: all bold (font name, weight, Chromium's Type 3 synthesized bold, fill-and-stroke text), shaded, or
 *   repeated at the top of the next page.
 * - Indentation (RawCell.indent, em): a label's left edge beyond the smallest in its column, over a table and its
 *   continuations.
 * - Page breaks: a table continued without its header is appended to the table it continues (one RawTable); rows the
 *   break cut (no rule closes the page's last row, none opens the next page's first) are rebuilt whole from both
 *   pages; with a repeated header the continuation stays a table of its own, in order, for the engine's
 *   continuation merge (lib/parse/document.ts), its header rows marked as header and the rest of a cut row joined to
 *   the row it began in.
 * - Text outside tables: lines joined into paragraphs (a paragraph ends at a wider gap than the page's usual line
 *   gap, another size or weight, a line that ended early, an indent or a numbering; it goes on over a page break),
 *   nothing between lines where a Chinese character meets the break, one space otherwise; running headers and page
 *   numbers dropped.
 * - textBoxes(block, …): `block` is the index in PageSource.blocks (tables counted), as the claims' block numbers.
 *
 * The stages, in the order buildPdfSource runs them (one file each, in lib/pdf/tables/):
 *   text.ts          characters, their estimated widths, what reads as a figure or an amount
 *   lines.ts         items → pieces → lines (by vertical middle); a line's and a paragraph's text and boxes
 *   glued.ts         items that hold several cells ("行政运行1,797.02", "1.00 2.00 3.00") cut into pieces
 *   rules.ts         ruling lines merged, connected into ruled regions (table candidates)
 *   cells.ts         a cell's text, bold/shaded header flag and box
 *   ruled.ts         a ruled region → grid of cells with spans (rows stacked without rules cut by text lines)
 *   rows.ts          lines grouped into rows (wrapped labels join their row)
 *   columns.ts       column boundaries of tables without rules, and which column a piece belongs to
 *   shaded.ts        tables without rules whose header cells are shaded
 *   unruled.ts       tables without rules: header lines, body lines, rows and columns
 *   page.ts          one page: ruled tables, then tables without rules, then paragraphs, in reading order
 *   paragraphs.ts    running headers and page numbers dropped; lines joined into paragraphs
 *   continuation.ts  page breaks: cut rows stitched, repeated headers, continued tables, indentation over a chain
 */

export interface BuildPdfOptions {
  /** The document's address (file path or URL): PageSource.url. */
  readonly url: string;
  /** The document's title (PDF metadata), if any: PageSource.title. */
  readonly title?: string;
}

/** Builds the PdfSource of a read PDF: text blocks and raw tables in reading order, with where each came from. */
export function buildPdfSource(pages: readonly PdfPageContent[], options: BuildPdfOptions): PdfSource {
  const steps = buildPdfSourceSteps(pages, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The same, yielding after each page's rules and after each page's layout (a page's main thread reads in slices). */
export function* buildPdfSourceSteps(
  pages: readonly PdfPageContent[],
  options: BuildPdfOptions,
): Generator<void, PdfSource> {
  const phases = [];
  for (const page of pages) {
    phases.push({ page, ...ruledPhase(page, piecesOf(page)) });
    yield;
  }
  const running = runningLines(phases.map((p) => ({ page: p.page, lines: p.free })));
  const kept = phases.map((p) => ({ ...p, free: p.free.filter((l) => !running.has(l)) }));
  stitchCutRows(kept);
  const layouts = [];
  for (const { page, elements, free } of kept) {
    layouts.push({ page, layout: layoutPage(page, elements, free) });
    yield;
  }
  // Shaded cells are header cells (a <th>'s background), like bold ones.
  const shades = new Map(pages.map((p) => [p.page, p.shades ?? []]));
  for (const { layout } of layouts)
    for (const el of layout.elements) if (el.kind === 'table') markShaded(el.table, shades);

  // Pass 1: text blocks, and tables with their continuations (a headerless continuation joins its table; a
  // continuation with a repeated header is a table of its own, linked to the one it continues for indentation).
  interface Group {
    index: number;
    rows: OutCell[][];
    last: OutTable;
    page: number;
    /** Tables continued with a repeated header share one chain: indentation is measured over all of them. */
    chain: number;
  }
  type Slot = { kind: 'text'; lines: Line[]; textRight: number; lineGap: number } | { kind: 'table'; group: Group };
  const slots: Slot[] = [];
  const groups: Group[] = [];
  let tableIndex = 0;
  let last: Group | undefined;
  let lastWasTable = false;
  for (const { page, layout } of layouts) {
    for (const [k, el] of layout.elements.entries()) {
      if (el.kind === 'text') {
        const prevSlot = slots[slots.length - 1];
        // A paragraph going on over the page break.
        if (
          k === 0 &&
          prevSlot?.kind === 'text' &&
          continuesParagraph(prevSlot.lines, el.lines[0]!, prevSlot.textRight)
        ) {
          prevSlot.lines.push(...el.lines);
          prevSlot.textRight = el.textRight;
          continue;
        }
        slots.push({ kind: 'text', lines: [...el.lines], textRight: el.textRight, lineGap: el.lineGap });
        lastWasTable = false;
        continue;
      }
      const t = el.table;
      const prev =
        k === 0 && lastWasTable && last !== undefined && last.page === page.page - 1 && sameColumns(last.last, t)
          ? last
          : undefined;
      const endPage = t.endPage ?? page.page;
      let rows = t.rows;
      if (prev) {
        const h = repeatedHeaderRows(prev.rows, rows);
        const prevLast = prev.rows[prev.rows.length - 1];
        // After a repeated header, the rest of a row the break cut (rows cut without a repeated header were rebuilt
        // whole above, from both pages' rules).
        if (prevLast && h > 0 && isCutRowRest(prevLast, rows[h], prev.last.openBottom === true || !prev.last.src)) {
          // Join the rest of the cut row to the row it began in.
          for (const c of rows[h]!) {
            if (!c.text) continue;
            const i = prevLast.findIndex((q) => Math.abs(q.box.x - c.box.x) <= 3);
            const cell = prevLast[i]!;
            prevLast[i] = { ...cell, text: cell.text + joinSep(cell.text, c.text) + c.text };
          }
          rows = [...rows.slice(0, h), ...rows.slice(h + 1)];
        }
        if (h === 0 && !looksLikeHeader(rows[0])) {
          // Continued without its header: the same table.
          prev.rows.push(...rows);
          prev.last = t;
          prev.page = endPage;
          continue;
        }
        if (rows.length <= h) {
          // Only the header and the rest of a cut row: nothing left to be a table.
          prev.page = endPage;
          continue;
        }
      }
      if (prev) {
        // The rows a continuation repeats are the table's header, on both sides of the break.
        const h = repeatedHeaderRows(prev.rows, rows);
        const asHeader = (row: OutCell[]): OutCell[] =>
          row.map((c) => (c.text !== '' && !c.header ? { ...c, header: true } : c));
        rows = rows.map((row, r) => (r < h ? asHeader(row) : row));
        const first = groups.find((g) => g.index === prev.chain);
        if (first) {
          const texts = new Set(rows.slice(0, h).map(rowTexts));
          first.rows = first.rows.map((row, r) => (r < 8 && texts.has(rowTexts(row)) ? asHeader(row) : row));
        }
      }
      const index = tableIndex++;
      const group: Group = { index, rows, last: t, page: endPage, chain: prev ? prev.chain : index };
      slots.push({ kind: 'table', group });
      groups.push(group);
      last = group;
      lastWasTable = true;
    }
  }

  // Pass 2: indentation per chain and column, then the blocks.
  const chains = new Map<number, Group[]>();
  for (const g of groups) chains.set(g.chain, [...(chains.get(g.chain) ?? []), g]);
  for (const chain of chains.values()) settleIndents(chain.flatMap((g) => g.rows));
  for (const g of groups) if (g.chain === g.index) settleHeaderRows(g.rows);

  const blocks: RawBlock[] = [];
  const cellBoxes = new Map<string, PdfBox>();
  const textRuns: (TextRun[] | undefined)[] = [];
  for (const s of slots) {
    if (s.kind === 'text') {
      const b = linesTextParagraph(s.lines);
      if (!b.text) continue;
      textRuns[blocks.length] = b.runs;
      blocks.push({ kind: 'text', text: b.text });
      continue;
    }
    const g = s.group;
    g.rows.forEach((row, r) => row.forEach((c, ci) => cellBoxes.set(`${g.index}:${r}:${ci}`, c.box)));
    const table: RawTable = {
      index: g.index,
      rows: g.rows.map((row) => ({ cells: row.map(toRaw) })),
      hasNestedTable: false,
      caption: '',
    };
    blocks.push({ kind: 'table', table });
  }
  const firstText = blocks.find((b) => b.kind === 'text');
  const source: PageSource = {
    url: options.url,
    title: options.title ?? (firstText && firstText.kind === 'text' ? firstText.text : ''),
    blocks,
    tableCount: tableIndex,
  };
  const pagesWithoutText = pages.filter((p) => !p.items.some((it) => it.str.trim() !== '')).map((p) => p.page);
  return {
    source,
    cellBox: (addr: CellAddress) => cellBoxes.get(`${addr.table}:${addr.row}:${addr.cell}`),
    textBoxes: (block: number, start: number, end: number) => boxesOf(textRuns[block], start, end),
    pagesWithoutText,
    pageCount: pages.length,
  };
}

const toRaw = (c: OutCell): RawCell => ({
  text: c.text,
  rowSpan: c.rowSpan,
  colSpan: c.colSpan,
  header: c.header,
  indent: c.indent,
});
export { isNumberText } from './text';
