import { normalizeSubjectName, subjectByCode, type SubjectLevel } from '../classification';
import { resolveFunctionPath } from './subjects';
import { figuresOf, mainColumn, scopeOf } from '../checks/figures';
import { isTotalRow, type BudgetDocument, type BudgetRow, type BudgetTable, type ValueCell } from '../model';
import { squash } from '../parse/labels';
import type { SubjectRef } from './types';

/** A printed table figure a claim is compared with. */
export interface TableFigure {
  readonly table: BudgetTable;
  readonly cell: ValueCell;
  /** What it is, for derivations: "表 4「行政运行」". */
  readonly label: string;
}

interface Located {
  readonly row: BudgetRow;
  readonly col: number;
}

const budget = (t: BudgetTable): boolean => t.kind !== 'layout' && t.kind !== 'unknown' && !t.empty;

/** "#4「行政运行」": the table by its DOM index, as the command line shows tables. */
function describe(table: BudgetTable, what: string): string {
  return `#${table.index}${what}`;
}

/** What a "三公" table's column or row is about, from its header words (stage words and years removed). */
type ThreeItem =
  | 'three-public'
  | 'three:abroad'
  | 'three:reception'
  | 'three:car'
  | 'three:car-purchase'
  | 'three:car-running'
  | 'running-cost'
  | 'three:meeting'
  | 'three:training'
  | 'other';

const STAGE_WORD = /(?:年初预算数|全年预算数|预算数|决算数|预算|决算)$/u;
const SUM_WORD = /^(?:小计|合计|总计)$/u;

function threeItemOf(name: string): ThreeItem | undefined {
  const n = squash(name).replace(/^(?:其中[:：])?(?:[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])?/u, '');
  if (/科研/u.test(n)) return 'other';
  if (/机关运行经费/u.test(n)) return 'running-cost';
  if (/三公/u.test(n)) return 'three-public';
  if (/出国/u.test(n)) return 'three:abroad';
  if (/接待/u.test(n)) return 'three:reception';
  if (/公务用车购置(?:及|和|与)运行/u.test(n)) return 'three:car';
  if (/购置/u.test(n)) return 'three:car-purchase';
  if (/运行(?:维护)?(?:费|支出)/u.test(n)) return 'three:car-running';
  if (/会议费/u.test(n) && !/培训费/u.test(n)) return 'three:meeting';
  if (/培训费/u.test(n) && !/会议费/u.test(n)) return 'three:training';
  if (/会议费|培训费|行政经费/u.test(n)) return 'other';
  return undefined;
}

/**
 * A "三公" table's figures (and 机关运行经费, which Shanghai prints in the same table; 会议费 and 培训费 where the
 * table prints them beside), each part apart: from the total row, else the table's only row (most print one line);
 * columns by their header words. Columns of another year than the document's, of the year before (上年, 上年结转) or
 * of 增减 are left out; where the table prints 预算数 beside 决算数 (a 决算), the 预算数 columns are named
 * `budget:<key>` so a sentence's 年初预算 is compared with them and its 决算 with the rest.
 * A table that lists the items as rows (行政经费 / “三公”经费 / 其中：因公出国 …) is read down its main column.
 */
export function threePublicFigures(
  table: BudgetTable,
  year?: number,
): { key: string; label: string; cell: ValueCell }[] {
  const out: { key: string; label: string; cell: ValueCell }[] = [];
  const push = (key: string, label: string, cell: ValueCell | undefined): void => {
    if (cell && !out.some((o) => o.key === key)) out.push({ key, label, cell });
  };
  const dataRows = table.rows.filter((r) => r.values.size > 0 && [...r.values.values()].some((v) => v.amount));
  const row =
    table.rows.find((r) => r.kind === 'total' || r.kind === 'grand-total') ??
    (dataRows.length === 1 ? dataRows[0] : undefined);
  const amountCols = table.columns.filter((c) => c.role === 'amount');
  const split =
    amountCols.some((c) => c.path.some((p) => /决算/u.test(p))) &&
    amountCols.some((c) => c.path.some((p) => /预算/u.test(p) && !/决算/u.test(p)));
  const byColumn: { key: ThreeItem | 'total'; budget: boolean; col: number; label: string }[] = [];
  for (const c of amountCols) {
    const parts = c.path.map((p) => squash(p));
    // The year before (上年 / 上年结转 / 上一年度 columns beside this year's), changes.
    if (parts.some((p) => /上年|上一年|增减|变化/u.test(p))) continue;
    const years = parts.flatMap((p) => [...(/((?:19|20)\d{2})年/gu.exec(p) ?? [])].slice(1));
    if (year !== undefined && years.some((y) => y !== String(year))) continue;
    const budget = split && parts.some((p) => /预算/u.test(p) && !/决算/u.test(p));
    const words = parts
      .map((p) => p.replace(/^(?:19|20)\d{2}年度?/u, '').replace(STAGE_WORD, ''))
      .filter((p) => p !== '' && !/^(?:当年|本年)$/u.test(p));
    let key: ThreeItem | 'total' | undefined;
    for (let i = words.length - 1; i >= 0 && key === undefined; i--)
      key = SUM_WORD.test(words[i]!)
        ? ((i === 0 ? 'total' : threeItemOf(words[i - 1]!)) ?? 'total')
        : threeItemOf(words[i]!);
    if (key === undefined && words.length === 0) key = 'total';
    if (key) byColumn.push({ key, budget, col: c.index, label: parts.join('/') });
  }
  const others = byColumn.some((b) => ['other', 'running-cost', 'three:meeting', 'three:training'].includes(b.key));
  if (row && byColumn.some((b) => b.key !== 'total' && b.key !== 'other')) {
    for (const b of byColumn) {
      const key = b.key === 'total' ? (others ? undefined : 'three-public') : b.key === 'other' ? undefined : b.key;
      if (key) push(b.budget ? `budget:${key}` : key, b.label, row.values.get(b.col));
    }
    return out;
  }
  // Items as rows.
  const col = mainColumn(table);
  if (col === undefined) return out;
  for (const r of table.rows) {
    const key = threeItemOf(r.label);
    if (key && key !== 'other') push(key, r.label, r.values.get(col));
  }
  return out;
}

/** The 收入总表's 财政拨款 column on its total row (收入决算表: 财政拨款收入). */
function incomeExtras(table: BudgetTable): { key: string; label: string; cell: ValueCell }[] {
  const total = totalRowOf(table);
  const col = table.columns.find(
    (c) => c.role === 'amount' && /财政拨款/u.test(squash(c.path.join('/'))) && !/上年/u.test(c.path.join('/')),
  );
  const cell = total && col ? total.values.get(col.index) : undefined;
  return cell ? [{ key: 'fiscal-income', label: `${total!.label}·${col!.path.join('/')}`, cell }] : [];
}

/** The 政府性基金 / 国有资本经营 spending table's total. */
function fundFigures(table: BudgetTable): { key: string; label: string; cell: ValueCell }[] {
  const total = totalRowOf(table);
  const outSide = table.sides > 1 ? 1 : 0;
  const col = mainColumn(table, table.rows.some((r) => r.side === outSide && isTotalRow(r)) ? outSide : 0);
  const row = table.rows.find((r) => r.side === outSide && isTotalRow(r)) ?? total;
  const cell = row && col !== undefined ? row.values.get(col) : undefined;
  return cell
    ? [{ key: table.kind === 'gov-fund' ? 'gov-fund-expenditure' : 'soe-expenditure', label: row!.label, cell }]
    : [];
}

/** 机关运行经费 in a table of its own (一般公共预算机关运行经费支出预算表): its total. */
function runningCostFigures(table: BudgetTable): { key: string; label: string; cell: ValueCell }[] {
  if (!/机关运行经费/u.test(table.title)) return [];
  const total = totalRowOf(table);
  const col = mainColumn(table);
  const cell = total && col !== undefined ? total.values.get(col) : undefined;
  return cell ? [{ key: 'running-cost', label: total!.label, cell }] : [];
}

/**
 * The summary tables' 本年收入合计 and 支出总计 (figures.ts names 收入总计 and 本年支出合计): a text's 收入预算 may be
 * either income line, its 支出预算总计 either expenditure line (they differ by 上年结转 / 年终结转结余).
 */
function summaryExtras(table: BudgetTable): { key: string; label: string; cell: ValueCell }[] {
  const out: { key: string; label: string; cell: ValueCell }[] = [];
  const inCol = mainColumn(table, 0);
  const outSide = table.sides > 1 ? 1 : 0;
  const outCol = mainColumn(table, outSide);
  const income = table.rows.find((r) => r.side === 0 && r.kind === 'total');
  const spent = table.rows.find((r) => r.side === outSide && r.kind === 'grand-total');
  const a = income && inCol !== undefined ? income.values.get(inCol) : undefined;
  const b = spent && outCol !== undefined ? spent.values.get(outCol) : undefined;
  if (a && income) out.push({ key: 'income-this-year', label: income.label, cell: a });
  if (a && income && claimScopeOf(table) === 'fiscal') out.push({ key: 'fiscal-income', label: income.label, cell: a });
  // A 总计 the parser read as a plain total (决算 总表: 本年收入合计 … 年初结转和结余 … 总计).
  const grand = table.rows
    .filter((r) => r.side === 0 && (r.kind === 'total' || r.kind === 'grand-total') && /总计/u.test(squash(r.label)))
    .pop();
  const g =
    grand && inCol !== undefined && !figuresOf(table).some((f) => f.key === 'income-grand-total')
      ? grand.values.get(inCol)
      : undefined;
  if (g && grand) out.push({ key: 'income-grand-total', label: grand.label, cell: g });
  if (b && spent) out.push({ key: 'expenditure-grand-total', label: spent.label, cell: b });
  // The 决算 总表s' "一、一般公共预算财政拨款（收入）" line: this year's 一般公共预算 income.
  const gpb = figuresOf(table).some((f) => f.key === 'gpb-income')
    ? undefined
    : table.rows.find(
        (r) =>
          r.side === 0 &&
          !isTotalRow(r) &&
          /^(?:[一二三1-9][、.．]|[（(][一二三1-9][)）])?一般公共预算财政拨款(?:收入)?$/u.test(squash(r.label)),
      );
  const gc = gpb && inCol !== undefined ? gpb.values.get(inCol) : undefined;
  if (gc && gpb) out.push({ key: 'gpb-income', label: gpb.label, cell: gc });
  return out;
}

/** An expenditure table's 基本支出 column when figures.ts finds none (the header is 基本支出 alone, no 小计). */
function expenditureExtras(table: BudgetTable): { key: string; label: string; cell: ValueCell }[] {
  const offered = new Set(figuresOf(table).map((f) => f.key));
  const total = totalRowOf(table);
  if (!total) return [];
  const out: { key: string; label: string; cell: ValueCell }[] = [];
  // A table of one unit prints that unit's line instead of a 合计: it stands for the table's total.
  const main = mainColumn(table);
  const all = main === undefined ? undefined : total.values.get(main);
  if (all && !offered.has('expenditure-this-year'))
    out.push({ key: 'expenditure-this-year', label: total.label, cell: all });
  for (const [key, part] of [
    ['basic', 'basic'],
    ['project', 'project'],
  ] as const) {
    if (offered.has(key)) continue;
    const col = partColumn(table, part);
    const cell = col === undefined ? undefined : total.values.get(col);
    if (cell) out.push({ key, label: part === 'basic' ? '基本支出' : '项目支出', cell });
  }
  return out;
}

/**
 * A 基本支出 table by economic class that closes each panel with its own total (人员经费合计 | 公用经费合计, the 部门决算
 * template): those lines are its 人员经费 and 公用经费.
 */
function basicExtras(table: BudgetTable): { key: string; label: string; cell: ValueCell }[] {
  const out: { key: string; label: string; cell: ValueCell }[] = [];
  for (const row of table.rows) {
    if (!isTotalRow(row)) continue;
    const label = squash(row.label);
    const key = /^人员(?:经费|支出)(?:合计|小计)$/u.test(label)
      ? 'personnel'
      : /^(?:日常)?公用(?:经费|支出)(?:合计|小计)$/u.test(label)
        ? 'public'
        : undefined;
    const cell = [...row.values.values()].find((v) => v.amount);
    if (key && cell) out.push({ key, label: row.label, cell });
  }
  return out;
}

/** A table's total row, else its only row with figures (many tables of one line print no 合计). */
function totalRowOf(table: BudgetTable): BudgetRow | undefined {
  const total = table.rows.find((r) => r.kind === 'total' || r.kind === 'grand-total') ?? table.rows.find(isTotalRow);
  if (total) return total;
  const data = table.rows.filter((r) => [...r.values.values()].some((v) => v.amount));
  if (data.length === 1) return data[0];
  // A table of one unit, headed by its line (深圳市统计局（本级）) above the subjects.
  const units = table.rows.filter((r) => r.kind === 'unit');
  return units.length === 1 && table.rows.indexOf(units[0]!) === 0 ? units[0] : undefined;
}

/** Tables of one part of the spending (机关运行经费, 政府采购): their totals are not the department's. */
const ASIDE = /机关运行经费|政府采购|政府购买服务/u;

/**
 * A table's scope for the claims: its kind's (lib/checks/figures.ts), narrowed by its title where the kind is the
 * all-funds one (财政拨款收入支出决算总表 is read as a 收入支出 table but holds only 财政拨款).
 */
export function claimScopeOf(table: BudgetTable): ReturnType<typeof scopeOf> {
  const scope = scopeOf(table);
  if (scope !== 'all') return scope;
  if (/一般公共预算/u.test(table.title)) return 'gpb';
  return /财政拨款/u.test(table.title) ? 'fiscal' : scope;
}

/** Every table figure a subject can stand for, in table order. */
export function figuresFor(doc: BudgetDocument, ref: SubjectRef): TableFigure[] {
  const tables = doc.tables.filter(budget);
  switch (ref.kind) {
    case 'none':
      return [];
    case 'figure': {
      const out: TableFigure[] = [];
      if (ref.keys.some((k) => k.startsWith('procurement'))) {
        // The 政府采购 table: its total and its 货物 / 工程 / 服务 lines, all funds or one fund's column.
        const scope = typeof ref.scope === 'string' ? ref.scope : undefined;
        for (const t of tables)
          for (const f of procurementFigures(t, scope))
            if (ref.keys.includes(f.key)) out.push({ table: t, cell: f.cell, label: describe(t, `「${f.label}」`) });
        return out;
      }
      for (const t of tables) {
        const scope = claimScopeOf(t);
        if (ref.scope && (typeof ref.scope === 'string' ? scope !== ref.scope : !scope || !ref.scope.includes(scope)))
          continue;
        const named =
          t.kind === 'three-public'
            ? threePublicFigures(t, doc.year)
            : ASIDE.test(t.title)
              ? runningCostFigures(t)
              : t.kind === 'gov-fund' || t.kind === 'soe-capital'
                ? fundFigures(t)
                : [
                    ...figuresOf(t),
                    ...(t.kind === 'income-expenditure' || t.kind === 'fiscal-income-expenditure'
                      ? summaryExtras(t)
                      : t.kind === 'income'
                        ? incomeExtras(t)
                        : t.kind === 'expenditure' || t.kind === 'gpb-expenditure'
                          ? expenditureExtras(t)
                          : t.kind === 'gpb-basic'
                            ? basicExtras(t)
                            : []),
                  ];
        // In the order the subject names its keys (收入支出总计: the 总计 before the 本年收入合计).
        for (const key of ref.keys)
          for (const f of named)
            if (f.key === key) out.push({ table: t, cell: f.cell, label: describe(t, `「${f.label}」`) });
      }
      return out;
    }
    case 'function': {
      const key = `fn:${ref.code}`;
      const out: TableFigure[] = [];
      // A 项 the classification lacks: a row coded under the 款 with its name, or (uncoded) its names' path.
      const namePath =
        ref.leaf === undefined
          ? undefined
          : `fn-name:${[...new Set([ref.code.slice(0, 3), ref.code])]
              .map((c) => subjectByCode(c)?.name ?? '')
              .concat(ref.leaf)
              .join('/')}`;
      const matches = (f: { key: string; label: string }): boolean =>
        ref.leaf === undefined
          ? f.key === key
          : f.key === namePath ||
            (f.key.startsWith(key) && f.key.length === key.length + 2 && normalizeSubjectName(f.label) === ref.leaf);
      if (ref.fund) {
        // The 政府性基金 / 国有资本经营 spending tables' own line of the subject.
        const kind = ref.fund === 'gov-fund' ? 'gov-fund' : 'soe-capital';
        for (const t of tables)
          if (t.kind === kind)
            for (const f of fundSubjects(t, doc.year))
              if (matches({ key: `fn:${f.code}`, label: f.row.label }))
                out.push({ table: t, cell: f.cell, label: describe(t, `「${f.row.label}」`) });
        return out;
      }
      for (const t of tables)
        for (const f of figuresOf(t)) {
          if (!matches(f)) continue;
          if (!ref.column) {
            out.push({ table: t, cell: f.cell, label: describe(t, `「${f.label}」`) });
            continue;
          }
          // The subject's 基本支出 / 项目支出 column, in an expenditure table that prints it.
          const at = locate(t, f.cell);
          const col = at ? partColumn(t, ref.column) : undefined;
          const cell = at && col !== undefined ? at.row.values.get(col) : undefined;
          if (at && cell) {
            const name = ref.column === 'project' ? '项目支出' : '基本支出';
            out.push({ table: t, cell, label: describe(t, `「${f.label}」${name}`) });
          }
        }
      return out;
    }
    case 'economic': {
      const out: TableFigure[] = [];
      for (const t of tables) {
        if (t.kind !== 'gpb-basic') continue;
        const col = mainColumn(t);
        if (col === undefined) continue;
        for (const r of t.rows) {
          if (r.code === ref.code || normalizeSubjectName(r.label) === ref.name) {
            const cell = r.values.get(col);
            if (cell) out.push({ table: t, cell, label: describe(t, `「${r.label}」`) });
          }
        }
      }
      return out;
    }
    case 'label': {
      // Only the summary tables, whose rows (上年结转, 年终结转结余, 事业收入 …) are the page's own totals.
      const out: TableFigure[] = [];
      const names = new Set([ref.name, ...(LABEL_ALIASES.find((g) => g.includes(ref.name)) ?? [])]);
      for (const t of tables) {
        if (t.kind !== 'income-expenditure' && t.kind !== 'fiscal-income-expenditure' && t.kind !== 'income') continue;
        for (const r of t.rows) {
          if (!names.has(normalizeSubjectName(r.label))) continue;
          const col = mainColumn(t, r.side);
          const cell = col === undefined ? undefined : r.values.get(col);
          if (cell) out.push({ table: t, cell, label: describe(t, `「${r.label}」`) });
        }
      }
      // The 收入总表's and 支出总表's columns on their total row ("本年其他收入" = 本年收入/其他收入, "上年结转结余的单位
      // 资金" = 上年结转结余/单位资金, "上缴上级支出").
      if (out.length === 0)
        for (const t of tables) {
          if (t.kind !== 'income' && t.kind !== 'expenditure') continue;
          const total = totalRowOf(t);
          const col = total ? columnNamed(t, ref.name) : undefined;
          const cell = total && col ? total.values.get(col.index) : undefined;
          if (cell) out.push({ table: t, cell, label: describe(t, `「${total!.label}·${col!.path.join('/')}」`) });
        }
      return out;
    }
  }
}

/** The bare name of a source of income or a kind of spending: no 本年, 收入, 预算, 拨款 around it. */
const sourceName = (s: string): string =>
  squash(s)
    .replace(/^(?:其中[:：])?(?:本年|当年)?/u, '')
    .replace(/(?:预算)?(?:拨款)?(?:收入)?$/u, '')
    .replace(/预算$/u, '');

/** The amount column a label names: its group (本年收入 / 上年结转结余 / none) and its own name. */
function columnNamed(table: BudgetTable, label: string): BudgetTable['columns'][number] | undefined {
  const name = squash(label);
  const carried = /^上年结转(?:结余)?的?/u.exec(name);
  const own = sourceName(carried ? name.slice(carried[0].length) : name);
  if (own.length < 2) return undefined;
  const found = table.columns.filter((c) => {
    if (c.role !== 'amount' || c.path.length === 0) return false;
    const group = c.path.length > 1 ? squash(c.path[0]!) : '';
    if (carried ? !/上年结转/u.test(group) : /上年结转/u.test(group)) return false;
    return sourceName(c.path[c.path.length - 1]!) === own;
  });
  return found.length === 1 ? found[0] : undefined;
}

/** A 政府采购 table (政府采购预算表, 政府采购支出表, 政府采购预算明细表): not a table of the department's totals. */
const PROCUREMENT_TABLE = /政府采购(?:支出)?(?:预算)?(?:明细|情况|安排)?表/u;
const PROCUREMENT_ITEM: Record<string, string> = { 货物: 'goods', 工程: 'works', 服务: 'services' };

/**
 * A 政府采购 table's total ('procurement') and its 货物 / 工程 / 服务 lines ('procurement:goods' …), in its total column,
 * or (scope 'gpb' / 'fiscal') in its 一般公共预算 / 财政拨款 column.
 */
function procurementFigures(table: BudgetTable, scope?: string): { key: string; label: string; cell: ValueCell }[] {
  if (!PROCUREMENT_TABLE.test(squash(table.title)) || /绩效/u.test(table.title)) return [];
  const amounts = table.columns.filter((c) => c.role === 'amount');
  const path = (c: (typeof amounts)[number]): string => squash(c.path.join('/'));
  const col =
    scope === 'gpb'
      ? amounts.find((c) => /一般公共预算/u.test(path(c)))
      : scope === 'fiscal'
        ? amounts.find((c) => /^财政拨款(?:\/(?:小计|合计))?$/u.test(path(c)))
        : amounts.find((c) => c.index === mainColumn(table));
  if (!col) return [];
  const out: { key: string; label: string; cell: ValueCell }[] = [];
  const total = totalRowOf(table);
  const cell = total?.values.get(col.index);
  if (total && cell) out.push({ key: 'procurement', label: `${total.label}·${col.path.join('/')}`, cell });
  for (const row of table.rows) {
    const item =
      PROCUREMENT_ITEM[
        squash(row.label)
          .replace(/^[一二三四五六七八九十\d]+[、.．]/u, '')
          // "一、货物 A": the catalogue's letter for the class.
          .replace(/[A-C]$/u, '')
          .replace(/类$/u, '')
      ];
    const v = row.values.get(col.index);
    if (item && v && !out.some((o) => o.key === `procurement:${item}`))
      out.push({ key: `procurement:${item}`, label: `${row.label}·${col.path.join('/')}`, cell: v });
  }
  return out;
}

/** An expenditure table's top-level 基本支出 or 项目支出 column (its 小计 where it has parts). */
function partColumn(table: BudgetTable, part: 'basic' | 'project'): number | undefined {
  const word = part === 'project' ? '项目支出' : '基本支出';
  // Under this year's heading at most (当年预算 / 基本支出 beside 上年结转结余 / 基本支出).
  return table.columns.find((c) => {
    const parts = c.path.map((p) => squash(p));
    const at = parts.indexOf(word);
    return (
      c.role === 'amount' &&
      at >= 0 &&
      parts.slice(0, at).every((p) => /^(?:当年|本年)(?:预算|支出)?(?:数)?$/u.test(p)) &&
      (at === parts.length - 1 || (at === parts.length - 2 && /^(?:小计|合计)$/u.test(parts[at + 1]!)))
    );
  })?.index;
}

/** The function subjects of a 政府性基金 / 国有资本经营 spending table, by code or by their names' path. */
function fundSubjects(table: BudgetTable, year?: number): { code: string; row: BudgetRow; cell: ValueCell }[] {
  const outSide = table.sides > 1 ? 1 : 0;
  const col = mainColumn(table, outSide);
  if (col === undefined) return [];
  const out: { code: string; row: BudgetRow; cell: ValueCell }[] = [];
  for (const row of table.rows) {
    if (row.side !== outSide || isTotalRow(row)) continue;
    const cell = row.values.get(col);
    if (!cell?.amount) continue;
    let code = row.code && /^2\d{2}(?:\d{2}){0,2}$/u.test(row.code) ? row.code : undefined;
    if (!code) {
      const chain: BudgetRow[] = [];
      for (
        let r: BudgetRow | undefined = row;
        r && chain.length < 4;
        r = r.parent >= 0 ? table.rows[r.parent] : undefined
      )
        if (!isTotalRow(r)) chain.unshift(r);
      code = resolveFunctionPath(
        chain.map((r, i) => ({ name: normalizeSubjectName(r.label), level: (i + 1) as SubjectLevel })),
        year,
      );
    }
    if (code) out.push({ code, row, cell });
  }
  return out;
}

/** Names of the same summary row. */
const LABEL_ALIASES: readonly (readonly string[])[] = [
  ['结转下年', '年终结转结余', '年末结转下年', '年末结转和结余', '年终结转'],
  ['上年结转', '上年结转结余'],
];

const locations = new WeakMap<BudgetTable, Map<ValueCell, Located>>();
function locate(table: BudgetTable, cell: ValueCell): Located | undefined {
  let map = locations.get(table);
  if (!map) {
    map = new Map();
    for (const row of table.rows) for (const [col, v] of row.values) map.set(v, { row, col });
    locations.set(table, map);
  }
  return map.get(cell);
}

/**
 * The total a table figure is a share of: for a figure in a total row (基本支出 in 支出合计), that row's main
 * column (合计); for any other row, the first total row of its side in the same column.
 */
export function tableTotalOf(fig: TableFigure): TableFigure | undefined {
  const at = locate(fig.table, fig.cell);
  if (!at) return undefined;
  if (isTotalRow(at.row)) {
    const col = mainColumn(fig.table, at.row.side);
    const cell = col === undefined || col === at.col ? undefined : at.row.values.get(col);
    return cell ? { table: fig.table, cell, label: describe(fig.table, `「${at.row.label}」`) } : undefined;
  }
  const side = fig.table.rows.filter((r) => r.side === at.row.side);
  const total = side.find((r) => r.kind === 'total') ?? side.find(isTotalRow);
  const cell = total?.values.get(at.col);
  return total && cell && cell !== fig.cell
    ? { table: fig.table, cell, label: describe(fig.table, `「${total.label}」`) }
    : undefined;
}
