import type { PageSource, RawTable } from '../dom/adapter';
import { cleanDepartment, readDocumentIdentity } from '../identity/document';
import { findUnitLine, makeUnit, type Unit, type UnitName } from '../money/units';
import type { BudgetDocument, BudgetRow, BudgetTable, GridCell, TableKind, TextBlock } from '../model';
import { buildGrid } from './grid';
import { analyseHeader, isMetadataGrid, type HeaderAnalysis } from './header';
import { emptyTableNote, isContinuationTitle, kindFromTitle, looksLikeTableTitle, squash } from './labels';
import { buildRows, detectClassification } from './rows';

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
  return header.headerRows.map((r) => grid[r]!.map((c) => squash(c.text)).join('|')).join('\n') + `#${grid[0]?.length ?? 0}`;
}

function kindFromHeader(h: HeaderAnalysis): { kind: TableKind; evidence: string } | undefined {
  const all = h.columns.map((c) => c.path.join('/')).join('|');
  const s = squash(all);
  if (h.sides >= 2 && /收入/u.test(s) && /支出/u.test(s)) return { kind: 'income-expenditure', evidence: 'header: 收入 | 支出' };
  if (/三公/u.test(s)) return { kind: 'three-public', evidence: 'header: "三公"' };
  if (/绩效目标|绩效指标/u.test(s)) return { kind: 'performance', evidence: 'header: 绩效目标' };
  if (/经济分类/u.test(s) && /人员经费|公用经费/u.test(s)) return { kind: 'gpb-basic', evidence: 'header: 经济分类 + 人员经费/公用经费' };
  if (/项目名称/u.test(s)) return { kind: 'project', evidence: 'header: 项目名称' };
  if (/基本支出/u.test(s) && /项目支出/u.test(s)) return { kind: 'expenditure', evidence: 'header: 基本支出 + 项目支出' };
  if (/本年收入|上年结转/u.test(s)) return { kind: 'income', evidence: 'header: 本年收入' };
  return undefined;
}

function tableUnit(p: Pending, titleIdx: number, docUnit: Unit | undefined): Unit {
  const inTable = lastMatch(p.header.captionLines, findUnitLine);
  if (inTable) return makeUnit(inTable, 'table-cell', p.header.captionLines.find((l) => findUnitLine(l))!);
  const near = p.before.slice(Math.max(0, titleIdx));
  const line = lastMatch(near, (l) => (findUnitLine(l) ? l : undefined));
  if (line) return makeUnit(findUnitLine(line)!, 'table-caption', line);
  const headerUnit = p.header.columns.find((c) => c.unit)?.unit;
  if (headerUnit) return headerUnit;
  // A unit line in the first rows of the table itself ("单位：元" in a header cell).
  for (const row of p.grid.slice(0, p.header.dataStart)) for (const c of row) {
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

/** Drives a step generator to its end, synchronously. */
export function runToEnd<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
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
  for (const p of pending) for (const l of [...p.before, ...p.header.captionLines]) {
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
      for (let i = p.before.length - 1; i >= 0; i--) if (looksLikeTableTitle(p.before[i]!) || kindFromTitle(p.before[i]!) && p.before[i]!.length < 50) return i;
      return -1;
    })();
    const inTableTitle = p.header.captionLines.find((l) => looksLikeTableTitle(l) || (kindFromTitle(l) && l.length < 50));
    const title = inTableTitle ?? (titleIdx >= 0 ? p.before[titleIdx]! : '');
    const layout = p.raw.hasNestedTable || isMetadataGrid(p.grid) || p.grid.length === 0;
    const signature = headerSignature(p.grid, p.header);
    const deptLine = lastMatch(lines, (l) => DEPT_LINE.exec(squash(l))?.groups?.dept ?? CODED_DEPT_LINE.exec(l.trim())?.groups?.dept);
    const department = deptLine ? cleanDepartment(deptLine) : undefined;
    // A page break in the original: the same title (or 续表) and the same header again.
    if (
      prev &&
      !layout &&
      p.header.headerRows.length > 0 &&
      signature === prev.signature &&
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
    const kind: TableKind = layout ? 'layout' : byTitle?.kind ?? byHeader?.kind ?? (hasAmountColumns && p.header.headerRows.length > 0 ? 'budget-other' : 'unknown');
    const kindEvidence = layout ? (p.raw.hasNestedTable ? 'holds other tables' : 'metadata (索引号 …)') : byTitle ? `title: ${byTitle.evidence}` : byHeader ? byHeader.evidence : 'no title or header match';
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
    const rows = !layout && kind !== 'unknown' ? allRows(p.grid, p.header.columns, p.header.sides, p.header.dataStart, classification) : [];
    const anyNumber = rows.some((r) => [...r.values.values()].some((v) => v.amount));
    // The note of an empty table: after it, in its caption lines, or (only when it prints no amount) inside it.
    const noteLine = [...p.after.slice(0, 3), ...p.header.captionLines].find(emptyTableNote)
      ?? (anyNumber ? undefined : p.grid.flat().map((c) => c.text).find(emptyTableNote));
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
      empty: !layout && kind !== 'unknown' && !anyNumber,
      ...(noteLine ? { emptyNote: noteLine } : {}),
      notes: p.after,
    };
    tables.push(table);
    prev = layout || kind === 'unknown' ? undefined : { table, signature, title };
    yield;
  }
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

/** Appends the data rows of a continuation table to the table it continues. */
function mergeInto(table: BudgetTable, p: Pending): BudgetTable {
  const grid = [...table.grid, ...p.grid.slice(p.header.dataStart)];
  const rows = allRows(grid, table.columns, table.sides, table.headerRows, table.classification);
  return { ...table, grid, rows, domTables: [...table.domTables, p.raw.index], notes: p.after, empty: table.empty && !rows.some((r) => [...r.values.values()].some((v) => v.amount)) };
}

/** The rows of every side, one list; parents re-indexed into it. */
function allRows(grid: readonly (readonly GridCell[])[], columns: BudgetTable['columns'], sides: number, dataStart: number, classification: BudgetTable['classification']): BudgetRow[] {
  const rows: BudgetRow[] = [];
  for (let side = 0; side < sides; side++) {
    const offset = rows.length;
    for (const r of buildRows(grid, columns, side, dataStart, classification)) rows.push({ ...r, parent: r.parent >= 0 ? r.parent + offset : -1 });
  }
  return rows;
}
