import { findUnitLine } from '../../money/units';
import { looksLikeTableTitle } from '../../parse/labels';
import type { PdfShade } from '../types';
import { cellContent } from './cells';
import { columnAt, columnOf, figureColumns, projectedColumns } from './columns';
import { splitGlued, splitInColumns } from './glued';
import { chunksOf, makeLine } from './lines';
import { type Line, type OutCell, type OutTable, type Piece, r2 } from './model';
import { groupRows } from './rows';
import { shadeBlocks, shadeColumns, shadeHeader } from './shaded';
import { isAmountText, isNumberText } from './text';

export const NOT_TABLE_LINE = (text: string): boolean =>
  !!findUnitLine(text) ||
  looksLikeTableTitle(text) ||
  /^(?:部门名称|单位名称|编制单位|填报单位|预算单位)[:：]/u.test(text.replace(/\s+/gu, ''));

export const lineText = (l: Line): string => l.pieces.map((p) => p.str).join('');

/** Body rows of a table without rules: lines grouped into rows, pieces into columns; indentation of label columns. */
export function unruledBody(lines: readonly Line[], xs: readonly number[], page: number): OutCell[][] {
  const C = xs.length - 1;
  const split = lines.map((l) => makeLine(l.pieces.flatMap((p) => splitInColumns(p, xs))));
  const rows = groupRows(split, figureColumns(xs));
  const out: OutCell[][] = [];
  const firstX: (number | undefined)[][] = [];
  for (const rowLines of rows) {
    const slots: Piece[][] = Array.from({ length: C }, () => []);
    for (const l of rowLines) for (const p of l.pieces) slots[columnOf(xs, p)]!.push(p);
    const top = Math.min(...rowLines.map((l) => l.y));
    const bottom = Math.max(...rowLines.map((l) => l.bottom));
    const contents = slots.map((ps) => cellContent(ps));
    out.push(
      contents.map((content, c) => ({
        text: content.text,
        rowSpan: 1,
        colSpan: 1,
        header: content.header,
        indent: 0,
        box: { page, x: r2(xs[c]!), y: r2(top), width: r2(xs[c + 1]! - xs[c]!), height: r2(bottom - top) },
      })),
    );
    firstX.push(
      contents.map((content) => (content.first && !isNumberText(content.text) ? content.first.x : undefined)),
    );
  }
  // Indentation: a label's left edge beyond the column's leftmost label.
  for (let c = 0; c < C; c++) {
    const lefts = firstX.map((r) => r[c]).filter((v): v is number => v !== undefined);
    if (lefts.length < 2) continue;
    const base = Math.min(...lefts);
    out.forEach((row, r) => {
      const x = firstX[r]![c];
      if (x === undefined) return;
      const size = rows[r]![0]!.size || 10;
      const em = Math.floor(((x - base) / size) * 4 + 0.5) / 4;
      if (em >= 0.5) row[c] = { ...row[c]!, indent: em };
    });
  }
  return out;
}

/**
 * Header lines of a table without rules or shading: one header row per line; a label spans the columns it reaches over.
 */
export function projectedHeader(header: readonly Line[], xs: readonly number[], page: number): OutCell[][] {
  const C = xs.length - 1;
  return header.map((h) => {
    const cells: OutCell[] = [];
    const empty = (c: number): OutCell => ({
      text: '',
      rowSpan: 1,
      colSpan: 1,
      header: false,
      indent: 0,
      box: { page, x: r2(xs[c]!), y: r2(h.y), width: r2(xs[c + 1]! - xs[c]!), height: r2(h.bottom - h.y) },
    });
    let c = 0;
    for (const ch of chunksOf(h, 0.9)) {
      const c0 = columnAt(xs, ch.x + 0.5);
      let c1 = c0;
      while (c1 + 1 < C && ch.right > xs[c1 + 1]! + (xs[c1 + 2]! - xs[c1 + 1]!) * 0.3) c1++;
      if (c0 < c) continue;
      while (c < c0) cells.push(empty(c++));
      const content = cellContent(ch.pieces);
      cells.push({
        text: content.text,
        rowSpan: 1,
        colSpan: c1 - c0 + 1,
        header: content.header,
        indent: 0,
        box: { page, x: r2(xs[c0]!), y: r2(h.y), width: r2(xs[c1 + 1]! - xs[c0]!), height: r2(h.bottom - h.y) },
      });
      c = c1 + 1;
    }
    while (c < C) cells.push(empty(c++));
    return cells;
  });
}

export const amountsIn = (l: Line): number => l.pieces.flatMap(splitGlued).filter((p) => isAmountText(p.str)).length;

/**
 * Lines below a table's header that belong to it: within its width, no title or unit line, no wide gap, no text across
 * columns.
 */
export function bodyLines(
  lines: readonly Line[],
  from: number,
  x1: number,
  x2: number,
  xs: readonly number[],
  stopAt: number,
): number {
  let j = from;
  let lastBottom = lines[from - 1]?.bottom ?? 0;
  let pitch = 0;
  const size = lines[from]?.size ?? 10;
  while (j < lines.length) {
    const l = lines[j]!;
    if (l.y >= stopAt) break;
    if (l.x < x1 - size || l.right > x2 + size) break;
    if (NOT_TABLE_LINE(lineText(l))) break;
    const gap = l.y - lastBottom;
    if (gap > Math.max(size * 6, pitch * 2.5)) break;
    // Text reaching over two whole columns is text below the table (figures a producer ran together are split first).
    if (l.pieces.flatMap(splitGlued).some((p) => columnAt(xs, p.x + 0.5) + 1 < columnAt(xs, p.x + p.w - 0.5))) break;
    if (gap > 0) pitch = Math.max(pitch, gap);
    lastBottom = Math.max(lastBottom, l.bottom);
    j++;
  }
  return j;
}

/**
 * Tables without rules on a page. With a shaded header (LibreOffice, Word and WPS shade <th> cells and print no
 * borders): the shaded cells give the header's cells and the columns, the lines below are the body. Else: runs of
 * lines with two or more figures, the header lines just above them, columns from the x ranges the lines leave free.
 */
export function unruledTables(
  lines: readonly Line[],
  shades: readonly PdfShade[],
  page: number,
): { tables: OutTable[]; rest: Line[] } {
  const sorted = [...lines].sort((a, b) => a.y - b.y || a.x - b.x);
  const used = new Set<Line>();
  const tables: OutTable[] = [];
  const blocks = shadeBlocks(shades, sorted);
  blocks.forEach((block, bi) => {
    const xs = shadeColumns(block);
    if (xs.length < 3) return;
    const inHeader = sorted.filter(
      (l) =>
        !used.has(l) &&
        (l.y + l.bottom) / 2 >= block.y1 - 1 &&
        (l.y + l.bottom) / 2 <= block.y2 + 1 &&
        l.right > block.x1 &&
        l.x < block.x2,
    );
    if (inHeader.length === 0) return;
    const start = sorted.findIndex((l) => l.y > block.y2 - 1 && !used.has(l));
    const stopAt = blocks.slice(bi + 1).find((b) => b.y1 > block.y2)?.y1 ?? Number.POSITIVE_INFINITY;
    const end = start < 0 ? -1 : bodyLines(sorted, start, block.x1, block.x2, xs, stopAt);
    const body = start < 0 ? [] : sorted.slice(start, end);
    const header = shadeHeader(
      block,
      xs,
      inHeader.flatMap((l) => l.pieces),
      page,
    );
    const rows = [...header, ...unruledBody(body, xs, page)];
    for (const l of [...inHeader, ...body]) used.add(l);
    const bottom = Math.max(block.y2, ...body.map((l) => l.bottom));
    tables.push({ page, top: block.y1, bottom, xs, rows });
  });

  const free = sorted.filter((l) => !used.has(l));
  let i = 0;
  while (i < free.length) {
    if (amountsIn(free[i]!) < 2 && !(amountsIn(free[i]!) >= 1 && chunksOf(free[i]!, 0.9).length >= 2)) {
      i++;
      continue;
    }
    // Figure lines and the label lines between them.
    let j = i + 1;
    let last = i;
    const size = free[i]!.size;
    while (j < free.length) {
      const l = free[j]!;
      if (l.y - free[j - 1]!.bottom > size * 2.5 || NOT_TABLE_LINE(lineText(l))) break;
      if (amountsIn(l) >= 1 && chunksOf(l, 0.9).length >= 2) last = j;
      else if (chunksOf(l, 0.9).length === 1 && l.right - l.x > (free[i]!.right - free[i]!.x) * 0.8) break;
      j++;
    }
    const data = free.slice(i, last + 1);
    if (data.filter((l) => amountsIn(l) >= 1).length < 2) {
      i++;
      continue;
    }
    const xs = projectedColumns(data.filter((l) => amountsIn(l) >= 1));
    if (xs.length < 3) {
      i = last + 1;
      continue;
    }
    // Header lines just above: close, within the table's width, several labels, no title or unit line.
    let top = i;
    while (top - 1 >= 0 && !used.has(free[top - 1]!)) {
      const p = free[top - 1]!;
      if (
        free[top]!.y - p.bottom > size * 1.6 ||
        NOT_TABLE_LINE(lineText(p)) ||
        p.x < xs[0]! - size * 2 ||
        p.right > xs[xs.length - 1]! + size * 2
      )
        break;
      if (amountsIn(p) >= 1) break;
      if (chunksOf(p, 0.9).length < 2 && p.right - p.x > (xs[xs.length - 1]! - xs[0]!) * 0.6) break;
      top--;
    }
    const header = free.slice(top, i);
    const rows = [...projectedHeader(header, xs, page), ...unruledBody(data, xs, page)];
    for (const l of [...header, ...data]) used.add(l);
    tables.push({
      page,
      top: Math.min(...[...header, ...data].map((l) => l.y)),
      bottom: Math.max(...data.map((l) => l.bottom)),
      xs,
      rows,
    });
    i = last + 1;
  }
  return { tables, rest: lines.filter((l) => !used.has(l)) };
}
