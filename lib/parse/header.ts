import { findUnitInHeader, findUnitLine, makeUnit } from '../money/units';
import type { Column, ColumnNode, ColumnRole, CodePart, GridCell } from '../model';
import { lookupSubject } from '../classification';
import { HEADER_WORDS, isMetadataText, looksLikeTableTitle, looksLikeUnitName, squash, totalKind } from './labels';

export interface HeaderAnalysis {
  /** Title, department and unit lines inside the table, above its header. */
  readonly captionRows: readonly number[];
  readonly captionLines: readonly string[];
  readonly headerRows: readonly number[];
  readonly columnNumberRow?: number;
  /** First data row of the grid. */
  readonly dataStart: number;
  readonly columns: readonly Column[];
  readonly tree: readonly ColumnNode[];
  readonly sides: number;
}

const sameOrigin = (a: GridCell, b: GridCell): boolean =>
  a.addr !== null && b.addr !== null && a.addr.row === b.addr.row && a.addr.cell === b.addr.cell;

/** The distinct cells of a grid row (spanned copies dropped), with the first column each covers. */
export function originCells(row: readonly GridCell[]): { cell: GridCell; col: number }[] {
  const out: { cell: GridCell; col: number }[] = [];
  row.forEach((cell, col) => {
    const prev = out[out.length - 1];
    if (prev && sameOrigin(prev.cell, cell)) return;
    out.push({ cell, col });
  });
  return out;
}

const CODE_LIKE = /^(?:【\d{2,12}】|\d{2,12})$/u;
export const isCodeLike = (text: string): boolean =>
  text.length <= 40 && CODE_LIKE.test(text.replace(/[\s\u00a0\u3000]+/gu, ''));

function isCaptionRow(row: readonly GridCell[]): boolean {
  const cells = originCells(row).filter((o) => o.cell.text !== '');
  if (cells.length === 0) return false;
  if (cells.length > 3) return false;
  const width = row.length;
  return cells.every(({ cell }) => {
    const t = cell.text;
    if (findUnitLine(t)) return true;
    if (/^(?:部门名称|单位名称|编制单位|填报单位|预算单位|部门|单位)[:：]/u.test(squash(t))) return true;
    if (looksLikeTableTitle(t)) return true;
    return cells.length === 1 && cell.colSpan >= Math.max(2, Math.ceil(width * 0.6));
  });
}

function isColumnNumberRow(row: readonly GridCell[]): boolean {
  const texts = originCells(row)
    .map((o) => squash(o.cell.text))
    .filter((t) => t !== '');
  if (texts.length < 2) return false;
  let expected = 0;
  let numbers = 0;
  for (const t of texts) {
    if (/^(?:\*+|栏次|行次|甲|乙|丙|丁|—|-)$/u.test(t)) continue;
    if (!/^\d{1,2}$/u.test(t)) return false;
    // Strictly increasing; some tables skip numbers (Shaoxing 2021 prints 1 2 3 4 7 8 9).
    const n = Number.parseInt(t, 10);
    if (n <= expected) return false;
    expected = n;
    numbers++;
  }
  return numbers >= 1;
}

function hasNumber(row: readonly GridCell[]): boolean {
  return originCells(row).some(({ cell }) => cell.parsed.kind === 'number' && !isCodeLike(cell.text));
}

function looksLikeDataLabel(text: string): boolean {
  if (!text) return false;
  if (totalKind(text)) return true;
  if (isCodeLike(text)) return true;
  const s = squash(text);
  if (s.length > 30) return true;
  return lookupSubject(s).length > 0 || (looksLikeUnitName(s) && !/^单位$/u.test(s));
}

/** Finds caption, header and column-number rows and where the data begins. */
function splitRows(
  grid: readonly (readonly GridCell[])[],
): Pick<HeaderAnalysis, 'captionRows' | 'captionLines' | 'headerRows' | 'columnNumberRow' | 'dataStart'> {
  const captionRows: number[] = [];
  const captionLines: string[] = [];
  let r = 0;
  while (r < grid.length && r < 4 && isCaptionRow(grid[r]!)) {
    captionRows.push(r);
    for (const o of originCells(grid[r]!)) if (o.cell.text) captionLines.push(o.cell.text);
    r++;
  }
  const headerRows: number[] = [];
  let columnNumberRow: number | undefined;
  // Header cells styled as such (<th>, bold); a bold 合计 row of figures right under the header does not count.
  const styled = grid.slice(r, r + 2).some((row) => !hasNumber(row) && row.some((c) => c.header && c.text !== ''));
  for (; r < grid.length; r++) {
    const row = grid[r]!;
    if (isColumnNumberRow(row)) {
      columnNumberRow = r;
      r++;
      break;
    }
    if (headerRows.length >= 5) break;
    const nonEmpty = originCells(row).filter((o) => o.cell.text !== '');
    if (nonEmpty.length === 0) {
      if (headerRows.length === 0) continue;
      break;
    }
    if (hasNumber(row)) break;
    // A data row's labels sit in its first columns and the rest is blank or numbers; a header row
    // has labels across. So a row of one or two labels, one a total, code, subject or unit, is data.
    const own = nonEmpty.filter((o) => !o.cell.spanned);
    // The label must be the row's first, with no header cell spanning down beside it: "项目 | 本年支出" and
    // "(单位名称) | (合计) | 小计 | 其中：…" are header rows (本年支出 and 小计 head amounts).
    // A total label with no figure beside it ("本年收入 | 本年支出" over 项目 | 预算数) heads columns too.
    const first = own[0]?.cell.text ?? '';
    const dataLike =
      own.length > 0 && own.length <= 2 && nonEmpty[0] === own[0] && looksLikeDataLabel(first) && !totalKind(first);
    if (dataLike && headerRows.length > 0) break;
    // Under a header row that already names every column (项 目 | 预算数 | 项 目 | 预算数), a row with one label in
    // the first column and nothing else is the first data line ("上年结转结余"), however it is styled: a header row
    // there would name the columns' parts.
    const above = headerRows.length > 0 ? grid[headerRows[headerRows.length - 1]!]! : undefined;
    if (above?.every((c) => c.text !== '') && own.length === 1 && nonEmpty.length === 1 && row[0] === own[0]!.cell)
      break;
    if (styled) {
      // Rows whose only content is a rowspan copy from above belong to the header too.
      if (!nonEmpty.every((o) => o.cell.header || o.cell.spanned)) break;
    } else if (dataLike) {
      break;
    }
    headerRows.push(r);
  }
  // A column-number row right after the header is skipped even when the loop ended on it.
  if (columnNumberRow === undefined && r < grid.length && isColumnNumberRow(grid[r]!)) {
    columnNumberRow = r;
    r++;
  }
  return {
    captionRows,
    captionLines,
    headerRows,
    ...(columnNumberRow !== undefined ? { columnNumberRow } : {}),
    dataStart: r,
  };
}

interface MutableNode {
  label: string;
  key: string;
  columns: number[];
  children: MutableNode[];
  addr: GridCell['addr'];
}

function buildTree(
  grid: readonly (readonly GridCell[])[],
  headerRows: readonly number[],
  width: number,
): { paths: string[][]; tree: ColumnNode[] } {
  const root: MutableNode = { label: '', key: 'root', columns: [], children: [], addr: null };
  const paths: string[][] = [];
  // Flat headers (PDF conversions drop colspans): an empty header cell right of a label, with labels
  // under it, is part of that label: "基本支出 | (empty)" over "人员支出 | 公用经费".
  const effective = (i: number, c: number): GridCell => {
    const r = headerRows[i]!;
    const cell = grid[r]![c]!;
    if (cell.text || i === headerRows.length - 1) return cell;
    const below = grid[headerRows[i + 1]!]![c]!;
    if (!below.text) return cell;
    for (let left = c - 1; left >= 0; left--) {
      const l = grid[r]![left]!;
      if (l.text) return grid[headerRows[i + 1]!]![left]!.text ? l : cell;
    }
    return cell;
  };
  for (let c = 0; c < width; c++) {
    let node = root;
    const path: string[] = [];
    let lastKey = '';
    for (let i = 0; i < headerRows.length; i++) {
      const cell = effective(i, c);
      if (!cell.text || !cell.addr) continue;
      const key = `${cell.addr.row}:${cell.addr.cell}`;
      if (key === lastKey) continue;
      lastKey = key;
      path.push(cell.text);
      let child = node.children.find((n) => n.key === key);
      if (!child) {
        child = { label: cell.text, key, columns: [], children: [], addr: cell.addr };
        node.children.push(child);
      }
      child.columns.push(c);
      node = child;
    }
    if (node === root) {
      // A column without any header text is a leaf of its own.
      const leaf: MutableNode = { label: '', key: `col:${c}`, columns: [c], children: [], addr: null };
      root.children.push(leaf);
    }
    paths.push(path);
  }
  const freeze = (n: MutableNode): ColumnNode => ({
    label: n.label,
    columns: n.columns,
    children: n.children.map(freeze),
    addr: n.addr,
  });
  return { paths, tree: root.children.map(freeze) };
}

interface ColumnStats {
  numbers: number;
  codes: number;
  texts: number;
  percents: number;
  longTexts: number;
  nonEmpty: number;
}

function columnStats(grid: readonly (readonly GridCell[])[], dataStart: number, c: number): ColumnStats {
  const s: ColumnStats = { numbers: 0, codes: 0, texts: 0, percents: 0, longTexts: 0, nonEmpty: 0 };
  for (let r = dataStart; r < grid.length; r++) {
    const cell = grid[r]![c]!;
    if (cell.spanned && cell.colSpan > 1) continue;
    const parsed = cell.parsed;
    if (parsed.kind === 'empty') continue;
    s.nonEmpty++;
    if (parsed.kind === 'number') {
      if (!/[.,，]/u.test(cell.text) && isCodeLike(cell.text)) s.codes++;
      else s.numbers++;
      if (parsed.amount.percent) s.percents++;
    } else {
      if (isCodeLike(cell.text)) s.codes++;
      else s.texts++;
      if (cell.text.length > 30) s.longTexts++;
    }
  }
  return s;
}

const QUANTITY_HEADER = /(?:数量|规格|型号|时间|日期|期限|年限|人数|编制数|台数|面积)/u;
const AMOUNT_WORDS =
  /(?:合计|总计|小计|金额|资金|预算|决算|数$|支出|收入|经费|费用?$|拨款|结转|结余|补助|上缴|基金|资本|专户|公积金|工资|补贴|奖金|其他)/u;

function decideRole(
  path: readonly string[],
  stats: ColumnStats,
  firstTextColumnSeen: boolean,
): { role: ColumnRole; codePart?: CodePart } {
  const labels = path.map(squash);
  const last = labels[labels.length - 1] ?? '';
  const all = labels.join('/');
  if (HEADER_WORDS.seq.test(last)) return { role: 'seq' };
  if (HEADER_WORDS.splitCode.test(last) && stats.texts <= stats.codes) {
    return { role: 'code', codePart: last === '类' ? 'lei' : last === '款' ? 'kuan' : 'xiang' };
  }
  if (HEADER_WORDS.code.test(last) || (HEADER_WORDS.code.test(all) && stats.codes >= stats.numbers && stats.codes > 0))
    return { role: 'code' };
  if (HEADER_WORDS.share.test(all) && stats.texts === 0) return { role: 'share' };
  if (stats.percents > 0 && stats.percents >= stats.numbers / 2) return { role: 'share' };
  if (HEADER_WORDS.text.test(last) && !AMOUNT_WORDS.test(last.replace(/绩效/u, ''))) return { role: 'text' };
  // Quantities, models and dates are figures but no money: never summed as amounts.
  if (QUANTITY_HEADER.test(last) && !AMOUNT_WORDS.test(last)) return { role: 'text' };
  // Whole numbers under a money header ("预算金额": 50000) are amounts, not codes.
  if (
    AMOUNT_WORDS.test(last) &&
    !HEADER_WORDS.code.test(all) &&
    stats.codes + stats.numbers > 0 &&
    stats.codes + stats.numbers >= stats.texts
  )
    return { role: 'amount' };
  if (stats.numbers > 0 && stats.numbers >= stats.texts) return { role: 'amount' };
  if (stats.codes > 0 && stats.codes >= stats.texts && stats.numbers === 0) return { role: 'code' };
  if (stats.texts > 0) {
    if (stats.longTexts > stats.texts / 2) return { role: 'text' };
    if (HEADER_WORDS.name.test(last) || !firstTextColumnSeen) return { role: 'name' };
    return { role: 'name' };
  }
  // No data in the column: decide by the header alone.
  if (HEADER_WORDS.name.test(last) && !AMOUNT_WORDS.test(last)) return { role: 'name' };
  if (HEADER_WORDS.text.test(all)) return { role: 'text' };
  return path.length > 0 ? { role: 'amount' } : { role: 'other' };
}

/** Splits columns into sides: a name column that follows an amount column starts a new side. */
function assignSides(roles: readonly ColumnRole[]): number[] {
  const sides: number[] = [];
  let side = 0;
  let seenAmount = false;
  roles.forEach((role, c) => {
    if ((role === 'name' || role === 'code') && seenAmount) {
      side++;
      seenAmount = false;
    }
    if (role === 'amount' || role === 'share') seenAmount = true;
    sides[c] = side;
  });
  return sides;
}

const PARTS: readonly CodePart[] = ['lei', 'kuan', 'xiang'];

/**
 * Adjacent code columns under one header (科目编码 over three columns) whose 类|款|项 labels are not a header row of
 * their own: printed in the first data row beside 合计, or not at all. They are the code split over 类|款|项 when the
 * first holds 3-digit codes and the others 2-digit ones.
 */
function splitCodeColumns(
  grid: readonly (readonly GridCell[])[],
  dataStart: number,
  roles: { role: ColumnRole; codePart?: CodePart }[],
): void {
  for (let c = 0; c < roles.length; c++) {
    if (roles[c]!.role !== 'code' || roles[c]!.codePart) continue;
    let end = c;
    while (end + 1 < roles.length && end - c < 2 && roles[end + 1]!.role === 'code' && !roles[end + 1]!.codePart) end++;
    if (end === c) continue;
    const run = Array.from({ length: end - c + 1 }, (_, i) => c + i);
    const texts = (col: number): string[] =>
      grid
        .slice(dataStart)
        .map((row) => squash(row[col]?.text ?? ''))
        .filter((t) => t !== '');
    const labelled = run.every((col, i) => texts(col)[0] === ['类', '款', '项'][i]);
    const shaped = run.every((col, i) => {
      const t = texts(col).filter((x) => !HEADER_WORDS.splitCode.test(x));
      return t.length > 0 && t.every((x) => (i === 0 ? /^\d{3}$/u : /^\d{2}$/u).test(x));
    });
    if (labelled || shaped) run.forEach((col, i) => (roles[col] = { role: 'code', codePart: PARTS[i]! }));
    c = end;
  }
}

export function analyseHeader(grid: readonly (readonly GridCell[])[]): HeaderAnalysis {
  const width = grid[0]?.length ?? 0;
  const split = splitRows(grid);
  const { paths, tree } = buildTree(grid, split.headerRows, width);
  const roles: { role: ColumnRole; codePart?: CodePart }[] = [];
  let firstText = false;
  for (let c = 0; c < width; c++) {
    const r = decideRole(paths[c]!, columnStats(grid, split.dataStart, c), firstText);
    if (r.role === 'name') firstText = true;
    roles.push(r);
  }
  splitCodeColumns(grid, split.dataStart, roles);
  const sides = assignSides(roles.map((r) => r.role));
  const columns: Column[] = roles.map((r, c) => {
    const headerUnit = paths[c]!.map(findUnitInHeader).find(Boolean);
    return {
      index: c,
      path: paths[c]!,
      role: r.role,
      ...(r.codePart ? { codePart: r.codePart } : {}),
      side: sides[c]!,
      ...(headerUnit ? { unit: makeUnit(headerUnit, 'column-header', paths[c]!.join(' / ')) } : {}),
    };
  });
  const sideCount = Math.max(0, ...sides) + 1;
  return { ...split, columns, tree, sides: sideCount };
}

/** True when a table is page furniture (索引号 metadata, a 目录) rather than a budget table. */
export function isMetadataGrid(grid: readonly (readonly GridCell[])[]): boolean {
  let metadata = false;
  for (const row of grid)
    for (const c of row) {
      if (c.spanned || !c.text) continue;
      if (/单位\s*[:：]\s*(?:万元|元)/u.test(c.text)) return false;
      if (!metadata && isMetadataText(c.text)) metadata = true;
    }
  return metadata;
}
