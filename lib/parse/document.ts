import type { PageSource, RawTable } from '../dom/adapter';
import { cleanDepartment, readDocumentIdentity } from '../identity/document';
import { parseCell } from '../money/amount';
import { findUnitLine, makeUnit, type Unit, type UnitName } from '../money/units';
import type { Bilingual } from '../checks/types';
import {
  isTotalRow,
  type BudgetDocument,
  type BudgetRow,
  type BudgetTable,
  type ColumnNode,
  type GridCell,
  type TableKind,
  type TextBlock,
} from '../model';
import { buildGrid } from './grid';
import { analyseHeader, isMetadataGrid, type HeaderAnalysis } from './header';
import { emptyTableNote, isContinuationTitle, kindFromTitle, looksLikeTableTitle, squash, totalKind } from './labels';
import { detectClassification, readRows, structureDoubt, sumsAllHold } from './rows';
import { runToEnd } from '../steps';

const YEAR = /(20\d{2}|19\d{2})\s*年/u;
const DEPT_LINE = /^(?:部门名称|单位名称|填报部门|编制单位|填报单位|预算单位)\s*[:：]\s*(?<dept>.*)$/u;
/** "346-市委市政府信访局" under a table title. */
const CODED_DEPT_LINE = /^\d{3,6}\s*[-－]\s*(?<dept>\S.{1,40})$/u;

interface Pending {
  raw: RawTable;
  grid: GridCell[][];
  header: HeaderAnalysis;
  before: string[];
  after: string[];
  order: number;
}

function lastMatch<T>(lines: readonly string[], f: (l: string) => T | undefined): T | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const v = f(lines[i]!);
    if (v !== undefined) return v;
  }
  return undefined;
}

function headerSignature(grid: readonly (readonly GridCell[])[], header: HeaderAnalysis): string {
  return (
    header.headerRows.map((r) => grid[r]!.map((c) => squash(c.text)).join('|')).join('\n') + `#${grid[0]?.length ?? 0}`
  );
}

function kindFromHeader(h: HeaderAnalysis): { kind: TableKind; evidence: string } | undefined {
  const all = h.columns.map((c) => c.path.join('/')).join('|');
  const s = squash(all);
  if (h.sides >= 2 && /收入/u.test(s) && /支出/u.test(s))
    return { kind: 'income-expenditure', evidence: 'header: 收入 | 支出' };
  if (/三公/u.test(s)) return { kind: 'three-public', evidence: 'header: "三公"' };
  if (/绩效目标|绩效指标|分值|得分|评分|指标值/u.test(s))
    return { kind: 'performance', evidence: 'header: 绩效目标 / 分值' };
  if (/经济分类/u.test(s) && /人员经费|公用经费/u.test(s))
    return { kind: 'gpb-basic', evidence: 'header: 经济分类 + 人员经费/公用经费' };
  if (/项目名称/u.test(s)) return { kind: 'project', evidence: 'header: 项目名称' };
  if (/基本支出/u.test(s) && /项目支出/u.test(s))
    return { kind: 'expenditure', evidence: 'header: 基本支出 + 项目支出' };
  if (/本年收入|上年结转/u.test(s)) return { kind: 'income', evidence: 'header: 本年收入' };
  return undefined;
}

function tableUnit(p: Pending, titleIdx: number, docUnit: Unit | undefined): Unit {
  const inTable = lastMatch(p.header.captionLines, findUnitLine);
  if (inTable)
    return makeUnit(
      inTable,
      'table-cell',
      p.header.captionLines.find((l) => findUnitLine(l))!,
    );
  const near = p.before.slice(Math.max(0, titleIdx));
  const line = lastMatch(near, (l) => (findUnitLine(l) ? l : undefined));
  if (line) return makeUnit(findUnitLine(line)!, 'table-caption', line);
  const headerUnit = p.header.columns.find((c) => c.unit)?.unit;
  if (headerUnit) return headerUnit;
  // A unit line in the first rows of the table itself ("单位：元" in a header cell).
  for (const row of p.grid.slice(0, p.header.dataStart))
    for (const c of row) {
      const u = findUnitLine(c.text);
      if (u) return makeUnit(u, 'table-header', c.text);
    }
  if (docUnit) return { ...docUnit, source: 'document' };
  return makeUnit('万元', 'default', '');
}

/** Reads a page into the budget model: every table with its kind, unit, columns, rows and tree. */
export function buildDocument(page: PageSource): BudgetDocument {
  return runToEnd(buildDocumentSteps(page));
}

/** The same, as steps: it yields after each table so a page can stay responsive while a long page is read. */
export function* buildDocumentSteps(page: PageSource): Generator<void, BudgetDocument> {
  const text: TextBlock[] = [];
  const pending: Pending[] = [];
  let since: string[] = [];
  for (const [order, b] of page.blocks.entries()) {
    if (b.kind === 'text') {
      text.push({ text: b.text, order });
      since.push(b.text);
      const last = pending[pending.length - 1];
      if (last && last.after.length < 6) last.after.push(b.text);
      continue;
    }
    if (b.kind !== 'table') continue; // printed pages are rebuilt before (lib/page/printed.ts expandPrinted)
    const grid = buildGrid(b.table);
    const header = analyseHeader(grid);
    const before = since.slice(-8);
    since = [];
    if (b.table.caption) before.push(b.table.caption);
    pending.push({ raw: b.table, grid, header, before, after: [], order });
    yield;
  }

  // The document: title, department, year, stage (lib/identity/document.ts).
  const identity = readDocumentIdentity(page);
  const year = identity.year ?? undefined;
  const unitVotes = new Map<UnitName, number>();
  for (const p of pending)
    for (const l of [...p.before, ...p.header.captionLines]) {
      const u = findUnitLine(l);
      if (u) unitVotes.set(u, (unitVotes.get(u) ?? 0) + 1);
    }
  const topUnit = [...unitVotes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const docUnit = topUnit ? makeUnit(topUnit, 'document', `most tables: 单位：${topUnit}`) : undefined;

  const tables: BudgetTable[] = [];
  let prev: { table: BudgetTable; signature: string; title: string } | undefined;
  for (const p of pending) {
    const lines = [...p.before, ...p.header.captionLines];
    const titleIdx = (() => {
      for (let i = p.before.length - 1; i >= 0; i--)
        if (looksLikeTableTitle(p.before[i]!) || (kindFromTitle(p.before[i]!) && p.before[i]!.length < 50)) return i;
      return -1;
    })();
    const inTableTitle = p.header.captionLines.find(
      (l) => looksLikeTableTitle(l) || (kindFromTitle(l) && l.length < 50),
    );
    const title = inTableTitle ?? (titleIdx >= 0 ? p.before[titleIdx]! : '');
    const layout = p.raw.hasNestedTable || isMetadataGrid(p.grid) || p.grid.length === 0;
    const signature = headerSignature(p.grid, p.header);
    const deptLine = lastMatch(
      lines,
      (l) => DEPT_LINE.exec(squash(l))?.groups?.dept ?? CODED_DEPT_LINE.exec(l.trim())?.groups?.dept,
    );
    const department = deptLine ? cleanDepartment(deptLine) : undefined;
    // A page break in the original: the same title (or 续表) and the same header again; or no title and no header
    // at all, only rows of figures as wide as the table before.
    const sameHeader = p.header.headerRows.length > 0 && signature === prev?.signature;
    const bareRows =
      p.header.headerRows.length === 0 &&
      title === '' &&
      p.header.captionLines.length === 0 &&
      p.grid[0]?.length === prev?.table.grid[0]?.length;
    if (
      prev &&
      !layout &&
      (sameHeader || bareRows) &&
      // Another unit's table with the same title is a new table, not a continuation.
      (department === undefined || department === prev.table.department) &&
      (isContinuationTitle(title) || title === '' || squash(title) === squash(prev.title))
    ) {
      const merged = mergeInto(prev.table, p);
      tables[tables.length - 1] = merged;
      prev = { ...prev, table: merged };
      continue;
    }
    const tableYear = YEAR.exec(title)?.[1];
    const byTitle = title ? kindFromTitle(title) : undefined;
    const byHeader = kindFromHeader(p.header);
    const hasAmountColumns = p.header.columns.some((c) => c.role === 'amount');
    // Without a title or a header that names its kind, a table is a budget table only by its figures: one without any
    // (a breadcrumb, a menu, a table of links on a page whose title says 预算) is not.
    const kind: TableKind = layout
      ? 'layout'
      : (byTitle?.kind ??
        byHeader?.kind ??
        (hasAmountColumns && p.header.headerRows.length > 0 && anyFigure(p.grid, p.header.dataStart)
          ? 'budget-other'
          : 'unknown'));
    const kindEvidence = layout
      ? p.raw.hasNestedTable
        ? 'holds other tables'
        : 'metadata (索引号 …)'
      : byTitle
        ? `title: ${byTitle.evidence}`
        : byHeader
          ? byHeader.evidence
          : 'no title or header match';
    const unit = tableUnit(p, titleIdx, docUnit);
    const labels: string[] = [];
    const codes: string[] = [];
    for (let r = p.header.dataStart; r < p.grid.length; r++) {
      for (const c of p.header.columns) {
        const t = p.grid[r]![c.index]!.text;
        if (!t) continue;
        if (c.role === 'name') labels.push(t);
        if (c.role === 'code') codes.push(squash(t).replace(/[【】]/gu, ''));
      }
    }
    const classification = layout ? 'none' : detectClassification(p.header.columns, labels, codes);
    const notSummed =
      layout || kind === 'unknown' ? undefined : scoreTable(kind, p.header.columns, p.grid, p.header.dataStart);
    const summed = !layout && kind !== 'unknown' && !notSummed;
    const read = summed
      ? allRows(p.grid, p.header.columns, p.header.sides, p.header.dataStart, classification, p.header.tree)
      : { rows: [] };
    const rows = read.rows;
    const anyNumber = rows.some((r) => [...r.values.values()].some((v) => v.amount));
    // The note of an empty table: after it, in its caption lines, or (only when it prints no amount) inside it.
    const noteLine =
      [...p.after.slice(0, 3), ...p.header.captionLines].find(emptyTableNote) ??
      (anyNumber
        ? undefined
        : p.grid
            .flat()
            .map((c) => c.text)
            .find(emptyTableNote));
    const table: BudgetTable = {
      index: p.raw.index,
      domTables: [p.raw.index],
      title,
      kind,
      kindEvidence,
      unit,
      ...(department ? { department } : {}),
      ...(tableYear ? { year: Number.parseInt(tableYear, 10) } : year ? { year } : {}),
      columns: p.header.columns,
      columnTree: p.header.tree,
      headerRows: p.header.dataStart,
      grid: p.grid,
      rows,
      sides: p.header.sides,
      classification,
      empty: summed && !anyNumber,
      ...(noteLine ? { emptyNote: noteLine } : {}),
      ...(notSummed ? { notSummed } : {}),
      ...(read.doubt ? { structureDoubt: read.doubt } : {}),
      notes: p.after,
    };
    tables.push(table);
    prev = layout || kind === 'unknown' ? undefined : { table, signature, title };
    yield;
  }
  // Once whole (continued pages merged): a performance-target table whose sums do not hold lists a selection. Its
  // rows stay (the text may quote its figures); no sum is checked in it.
  tables.forEach((t, i) => {
    if (t.kind !== 'performance' || t.notSummed || sumsAllHold(t.rows, t.columns)) return;
    const { structureDoubt: _, ...rest } = t;
    tables[i] = { ...rest, notSummed: SELECTION };
  });
  return {
    source: page.url,
    title: identity.title,
    ...(identity.department ? { department: identity.department } : {}),
    ...(year ? { year } : tables.find((t) => t.year)?.year ? { year: tables.find((t) => t.year)!.year! } : {}),
    ...(identity.stage ? { stage: identity.stage } : {}),
    identity,
    ...(docUnit ? { unit: docUnit } : {}),
    tables,
    text,
    domTableCount: page.tableCount,
  };
}

const SCORE_HEADER = /分值|得分|评分|权重|指标值|完成值|执行率|偏差|实际完成|绩效指标/u;

/** A table of scores and indicators (绩效自评表, 评价得分表): its figures are no budget sums. */
/**
 * A performance-target table's amounts are the projects that have targets (重点项目: a selection under each unit) and
 * indicator values: summed only when every sum they imply holds (a complete list under its 合计), else not at all.
 */
const SELECTION: Bilingual = {
  zh: '绩效目标表：所列为设定绩效目标的项目（可能只是部分项目）及其指标，其数字不能逐项加总，本表不作加总核对',
  en:
    'performance-target table: it lists the projects that have targets (possibly a selection) and their ' +
    'indicators; its figures do not add up, so it is not summed',
};

/** Does any cell below the header hold a figure? */
const anyFigure = (grid: readonly (readonly GridCell[])[], dataStart: number): boolean =>
  grid.slice(dataStart).some((row) => row.some((c) => !c.spanned && parseCell(c.text).kind === 'number'));

/** A cell that heads indicator columns: the indicator block of a performance table starts at its row. */
const INDICATOR_HEADING = /^(?:绩效指标|指标值|指标性质|[一二三]级指标|年度指标值|指标名称|评分标准)$/u;

/**
 * A performance table whose figures are no budget sums: scores or indicators in a header column, no amount column,
 * or (部门整体支出绩效目标表) a block of indicators under its own heading row below a block of funds: one table holding
 * two, whose columns cannot be read as one header's.
 */
function scoreTable(
  kind: TableKind,
  columns: BudgetTable['columns'],
  grid: readonly (readonly GridCell[])[],
  dataStart: number,
): Bilingual | undefined {
  if (kind !== 'performance') return undefined;
  const score = columns.map((c) => squash(c.path.join('/'))).find((h) => SCORE_HEADER.test(h));
  const heading =
    score === undefined
      ? grid
          .slice(dataStart)
          .flatMap((row) => row.filter((c) => !c.spanned).map((c) => squash(c.text)))
          .find((t) => INDICATOR_HEADING.test(t))
      : undefined;
  if (score === undefined && heading === undefined && columns.some((c) => c.role === 'amount')) return undefined;
  return {
    zh:
      `绩效表${score ? `（含「${score}」列）` : heading ? `（含「${heading}」指标栏）` : ''}：` +
      `分值、指标值不是预算金额，本表不作加总核对`,
    en:
      `performance table${score ? ` (column "${score}")` : heading ? ` (indicators under "${heading}")` : ''}: ` +
      `scores and indicator values are not budget sums; not summed`,
  };
}

/** Appends the data rows of a continuation table to the table it continues. */
function mergeInto(table: BudgetTable, p: Pending): BudgetTable {
  const grid = [...table.grid, ...p.grid.slice(p.header.dataStart)];
  const read =
    !table.notSummed && table.kind !== 'layout'
      ? allRows(grid, table.columns, table.sides, table.headerRows, table.classification, table.columnTree)
      : { rows: [] };
  const { structureDoubt: _, ...rest } = table;
  const rows = read.rows;
  return {
    ...rest,
    ...(read.doubt ? { structureDoubt: read.doubt } : {}),
    grid,
    rows,
    domTables: [...table.domTables, p.raw.index],
    notes: p.after,
    empty: table.empty && !table.notSummed && !rows.some((r) => [...r.values.values()].some((v) => v.amount)),
  };
}

/**
 * Sides that continue the side before them: one list wrapped into two panels under one header ("公用经费" over
 * "科目代码 科目名称 决算数 | 科目代码 科目名称 决算数"), or, with no header over them, a panel with no closing total
 * of its own followed by one that closes with one (302 商品和服务支出 | 310 资本性支出 … 公用经费合计). Maps each such
 * side to the side it continues.
 */
function continuedSides(
  grid: readonly (readonly GridCell[])[],
  dataStart: number,
  columns: BudgetTable['columns'],
  tree: readonly ColumnNode[],
  sides: number,
): Map<number, number> {
  const out = new Map<number, number>();
  const rootOf = (side: number): ColumnNode | undefined => {
    const first = columns.find((c) => c.side === side);
    return first ? tree.find((n) => n.columns.includes(first.index)) : undefined;
  };
  // The same columns again, label for label (not 功能分类 | 支出用途 under one 支出: two readings of one sum).
  const shape = (side: number): string =>
    columns
      .filter((c) => c.side === side)
      .map((c) => `${c.role}:${c.path.join('/')}`)
      .join(',');
  const closes = (side: number): boolean =>
    columns.some(
      (c) =>
        c.side === side &&
        (c.role === 'name' || c.role === 'code') &&
        grid.slice(dataStart).some((row) => totalKind(row[c.index]?.text ?? '') !== undefined),
    );
  for (let side = 1; side < sides; side++) {
    if (shape(side) !== shape(side - 1)) continue;
    const root = rootOf(side);
    const prev = rootOf(side - 1);
    const underOne = root !== undefined && root === prev && root.label !== '';
    const bare = root !== prev && !closes(side - 1) && closes(side) && (out.has(side - 1) || side - 1 > 0);
    if (!underOne && !bare) continue;
    out.set(side, out.get(side - 1) ?? side - 1);
  }
  return out;
}

/** The rows of every side, one list; parents re-indexed into it. */
function allRows(
  grid: readonly (readonly GridCell[])[],
  columns: BudgetTable['columns'],
  sides: number,
  dataStart: number,
  classification: BudgetTable['classification'],
  tree: readonly ColumnNode[] = [],
): { rows: BudgetRow[]; doubt?: Bilingual } {
  const continued = continuedSides(grid, dataStart, columns, tree, sides);
  const perSide: BudgetRow[][] = [];
  const doubts: (Bilingual | undefined)[] = [];
  for (let side = 0; side < sides; side++) {
    const into = continued.get(side);
    // A panel that continues another is read the usual way and judged with the panel it continues.
    const read = readRows(grid, columns, side, dataStart, classification, into !== undefined);
    const built = read.rows;
    if (into === undefined) {
      perSide[side] = built;
      doubts[side] = read.doubt;
      continue;
    }
    // A continued panel: its figures stand in the first panel's columns, its closing total closes both panels, so
    // the first panel's own copy of that total (the label spanning both, its figure on the right) is dropped.
    const target = columns.filter((c) => c.side === into);
    const mine = columns.filter((c) => c.side === side);
    const rekey = new Map(mine.map((c, i) => [c.index, target[i]!.index]));
    const head = perSide[into]!.filter(
      (r) => !(isTotalRow(r) && built.some((b) => isTotalRow(b) && b.gridRow === r.gridRow)),
    );
    const offset = head.length;
    const moved = built.map((r) => ({
      ...r,
      side: into,
      parent: r.parent >= 0 ? r.parent + offset : -1,
      values: new Map([...r.values].map(([c, v]) => [rekey.get(c) ?? c, v])),
    }));
    // Parents in the first panel index the filtered list.
    const kept = new Map(perSide[into]!.map((r, i) => [i, head.indexOf(r)]));
    perSide[into] = [...head.map((r) => ({ ...r, parent: r.parent >= 0 ? (kept.get(r.parent) ?? -1) : -1 })), ...moved];
    perSide[side] = [];
    // The joined panels are judged together.
    doubts[into] = structureDoubt(
      perSide[into],
      columns.filter((c) => c.side === into),
    );
  }
  const doubt = doubts.find(Boolean);
  const rows: BudgetRow[] = [];
  for (const list of perSide) {
    const offset = rows.length;
    for (const r of list) rows.push({ ...r, parent: r.parent >= 0 ? r.parent + offset : -1 });
  }
  return { rows, ...(doubt ? { doubt } : {}) };
}
