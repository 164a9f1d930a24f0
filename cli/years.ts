import type { AuditReport } from '../lib/audit';
import type { Bilingual } from '../lib/checks/types';
import type { BudgetDocument } from '../lib/model';
import { Decimal } from '../lib/money/amount';
import type { UnitName } from '../lib/money/units';
import {
  shownExact,
  type DepartmentYears,
  type YearsComparison,
  type YearsImplied,
  type YearsLine,
  type YearsOverview,
  type YearsPage,
} from '../lib/report/years-text';
import { snapshotOf } from '../lib/snapshots/build';
import { impliedFor } from '../lib/snapshots/implied';
import { compareYears, sameDepartmentAs, type LineChange, type YearComparison } from '../lib/snapshots/compare';
import type { Snapshot, Threshold } from '../lib/snapshots/schema';

/**
 * Year over year on the command line: `budget-lens audit` given several pages builds each page's snapshot
 * (lib/snapshots/build, with the prior-year figures its text implies), groups the pages by department
 * (sameDepartmentAs: pages of different departments are never compared) and, for a department given in two or more
 * years, compares the line items of the main table (lib/snapshots/compare) across every year given, and each year's
 * implied prior-year figures with the page of the year before. Nothing is stored.
 */

/** An audited input. `index` is its place among the pages audited (in --json, the index of its report in the array). */
export interface AuditedPage {
  readonly index: number;
  readonly source: string;
  readonly doc: BudgetDocument;
  readonly report: AuditReport;
}

// ---------------------------------------------------------------------------------------------------------
// Options

/** `--threshold`: a percentage, 0 or more ("10", "12.5", "10%"); the decimal string, or null when it is not one. */
export function parsePercent(text: string | undefined): string | null {
  const m = /^\s*(\d{1,6}(?:\.\d{1,6})?)\s*%?\s*$/u.exec(text ?? '');
  return m ? plain(new Decimal(m[1]!)) : null;
}

/** `--threshold-amount`: an amount in 元, 0 or more ("100000", "100,000", "250000.50"); null when it is not one. */
export function parseYuan(text: string | undefined): string | null {
  const m = /^\s*(\d{1,15}|\d{1,3}(?:,\d{3}){1,4})(\.\d{1,2})?\s*(?:元)?\s*$/u.exec(text ?? '');
  return m ? plain(new Decimal(`${m[1]!.replace(/,/gu, '')}${m[2] ?? ''}`)) : null;
}

const plain = (d: Decimal): string => (d.isZero() ? '0' : d.toFixed());

// ---------------------------------------------------------------------------------------------------------
// Building the sections

export interface YearsResult {
  readonly overview: YearsOverview;
  /** The section of each department, by the input index of the report it is attached to in --json. */
  readonly attach: ReadonlyMap<number, DepartmentYears>;
}

interface Entry {
  readonly page: AuditedPage;
  readonly snapshot: Snapshot;
}

const name = (e: Entry): string => e.page.source;

/** Every department given in two or more pages gets a section; the other pages are named in the overview's notes. */
export function buildYears(pages: readonly AuditedPage[], threshold: Threshold, now = new Date()): YearsResult {
  const notes: Bilingual[] = [];
  const entries: Entry[] = [];
  for (const page of pages) {
    const snapshot = snapshotOf(
      page.doc,
      { url: page.source, title: page.doc.title },
      impliedFor(page.report, page.doc),
      { now },
    );
    if (!snapshot)
      notes.push({
        zh: `${page.source}：没有预算表，说明中也没有上年数字，不参与逐年比较`,
        en: `${page.source}: no budget tables and no prior-year figures in its text; not compared`,
      });
    else if (!snapshot.department)
      notes.push({
        zh: `${page.source}：部门未知，不参与逐年比较`,
        en: `${page.source}: department unknown; not compared`,
      });
    else entries.push({ page, snapshot });
  }
  const groups: Entry[][] = [];
  for (const e of entries) {
    const g = groups.find((x) => sameDepartmentAs(x[0]!.snapshot, e.snapshot));
    if (g) g.push(e);
    else groups.push([e]);
  }
  const attach = new Map<number, DepartmentYears>();
  const departments: DepartmentYears[] = [];
  for (const g of groups.filter((x) => x.length >= 2)) {
    const { years, attachTo } = department(g, threshold);
    departments.push(years);
    attach.set(attachTo, years);
  }
  const alone = groups.filter((x) => x.length === 1).map((x) => x[0]!);
  if (alone.length > 0) {
    const list = alone.map((e) => `${e.snapshot.department}（${name(e)}）`).join('；');
    const listEn = alone.map((e) => `${e.snapshot.department} (${name(e)})`).join('; ');
    notes.push(
      departments.length === 0 && groups.length > 1
        ? {
            zh: `这些页面分属 ${groups.length} 个部门，不同部门的页面不作比较：${list}`,
            en:
              `These pages are of ${groups.length} departments; pages of different departments are never ` +
              `compared: ${listEn}`,
          }
        : {
            zh: `只给了一个页面的部门，没有逐年比较：${list}`,
            en: `Departments given in one page only, not compared: ${listEn}`,
          },
    );
  }
  return { overview: { departments, notes }, attach };
}

function department(group: readonly Entry[], threshold: Threshold): { years: DepartmentYears; attachTo: number } {
  const notes: Bilingual[] = [];
  const status = new Map<Entry, { status: YearsPage['status']; sameYearAs?: string }>();
  // One page per year: the first given. Pages of a year already given are not another year.
  const byYear = new Map<number, Entry>();
  const sameYear = new Map<number, Entry[]>();
  for (const e of group) {
    const y = e.snapshot.year;
    if (y === null) {
      status.set(e, { status: 'no-year' });
      continue;
    }
    const first = byYear.get(y);
    if (!first) byYear.set(y, e);
    else {
      status.set(e, { status: 'same-year', sameYearAs: name(first) });
      sameYear.set(y, [...(sameYear.get(y) ?? [first]), e]);
    }
  }
  if (sameYear.size > 0) {
    const zh = [...sameYear]
      .map(([y, list]) => `${list.map(name).join('、')} 同为 ${y} 年的页面，只用 ${name(list[0]!)}`)
      .join('；');
    const en = [...sameYear]
      .map(([y, list]) => `${list.map(name).join(', ')} are all ${y} pages; only ${name(list[0]!)} is used`)
      .join('; ');
    notes.push({
      zh: `同一年度的页面（如同一页面的不同版式）不是逐年比较：${zh}`,
      en: `Pages of the same year (such as two markups of one page) are not a year-over-year comparison: ${en}`,
    });
  }
  const noYear = group.filter((e) => e.snapshot.year === null);
  if (noYear.length > 0)
    notes.push({
      zh: `${noYear.map(name).join('、')}：年度未知，不参与逐年比较`,
      en: `${noYear.map(name).join(', ')}: year unknown; not compared`,
    });

  const used = [...byYear.values()].sort((a, b) => a.snapshot.year! - b.snapshot.year!);
  const opts = { threshold };
  const withTable = used.filter((e) => compareYears(e.snapshot, [], opts).table !== null);
  for (const e of used) status.set(e, { status: withTable.includes(e) ? 'compared' : 'no-table' });

  let comparison: YearsComparison | null = null;
  if (withTable.length >= 2) comparison = compareAll(withTable, threshold, notes);
  else if (used.length >= 2) {
    notes.push(
      withTable.length === 1
        ? {
            zh: `只有 ${withTable[0]!.snapshot.year} 年的页面有可比较的支出表，没有可逐行比较的年度`,
            en:
              `Only the ${withTable[0]!.snapshot.year} page has an expenditure table to compare; no line ` +
              `items to compare across years`,
          }
        : {
            zh: '没有一个页面有可比较的支出表，没有可逐行比较的年度',
            en: 'No page has an expenditure table to compare; no line items to compare across years',
          },
    );
  }
  for (const e of used.filter((x) => !withTable.includes(x))) {
    const s = e.snapshot;
    const what =
      s.tables.length === 0
        ? { zh: '只有文字说明，没有预算表', en: 'has text only, no budget tables' }
        : { zh: '没有可比较的支出表', en: 'has no expenditure table to compare' };
    const said =
      s.implied.length > 0
        ? {
            zh:
              `；可比较的只有其说明所称 ${s.year! - 1} 年数字（${s.implied.length} 处）` +
              `${byYear.has(s.year! - 1) ? '，见下' : `，但没有 ${s.year! - 1} 年的页面可对照`}`,
            en:
              `; what can be compared is the figures for ${s.year! - 1} its text implies ` +
              `(${s.implied.length})${byYear.has(s.year! - 1) ? ', below' : `, and no ${s.year! - 1} page was given`}`,
          }
        : { zh: '', en: '' };
    notes.push({
      zh: `${s.year} 年的页面（${name(e)}）${what.zh}，不在逐行比较中${said.zh}`,
      en: `The ${s.year} page (${name(e)}) ${what.en}: not in the line comparison${said.en}`,
    });
  }

  // The implied prior-year figures of each year's page beside the page of the year before, latest year first.
  const implied: YearsImplied[] = [];
  for (const e of [...used].reverse()) {
    const s = e.snapshot;
    if (s.implied.length === 0) continue;
    const prior = byYear.get(s.year! - 1);
    if (!prior) {
      if (withTable.includes(e))
        notes.push({
          zh: `${s.year} 年页面说明所称上年数字 ${s.implied.length} 处：没有 ${s.year! - 1} 年的页面可对照`,
          en:
            `The ${s.year} page's text implies ${s.implied.length} figures of ${s.year! - 1}: no ` +
            `${s.year! - 1} page to set them beside`,
        });
      continue;
    }
    implied.push(impliedBlock(e, prior, threshold, unitOf(e, prior, opts)));
  }

  const latest = used[used.length - 1] ?? group[0]!;
  const pages: YearsPage[] = [...group]
    .sort((a, b) => (a.snapshot.year ?? 99999) - (b.snapshot.year ?? 99999) || a.page.index - b.page.index)
    .map((e) => {
      const st = status.get(e)!;
      return {
        source: name(e),
        year: e.snapshot.year,
        stage: e.snapshot.stage,
        tables: e.snapshot.tables.length,
        implied: e.snapshot.implied.length,
        status: st.status,
        ...(st.sameYearAs ? { sameYearAs: st.sameYearAs } : {}),
      };
    });
  return {
    attachTo: latest.page.index,
    years: {
      department: latest.snapshot.department,
      region: latest.snapshot.region,
      pages,
      comparison,
      implied,
      notes,
    },
  };
}

/** The unit to show a year's implied figures in: its own main table's, else the prior year's, else 万元. */
function unitOf(e: Entry, prior: Entry, opts: { threshold: Threshold }): UnitName {
  return compareYears(e.snapshot, [], opts).table?.unit ?? compareYears(prior.snapshot, [], opts).table?.unit ?? '万元';
}

const notesOnce = (into: Bilingual[], more: readonly Bilingual[]): void => {
  for (const n of more) if (!into.some((x) => x.zh === n.zh)) into.push(n);
};

/**
 * The line table: the latest year against the year before (change, %, moves, swings), and every other year's figure for
 * the same lines.
 */
function compareAll(withTable: readonly Entry[], threshold: Threshold, notes: Bilingual[]): YearsComparison | null {
  const latest = withTable[withTable.length - 1]!;
  const before = withTable[withTable.length - 2]!;
  const opts = { threshold };
  const main = compareYears(latest.snapshot, [before.snapshot], opts);
  if (!main.table || !main.against) {
    notesOnce(notes, main.notes);
    return null;
  }
  notesOnce(notes, main.notes);
  const others = withTable.slice(0, -2).map((e) => ({ e, cmp: compareYears(latest.snapshot, [e.snapshot], opts) }));
  for (const o of others) notesOnce(notes, o.cmp.notes);
  const n = withTable.length;
  const col = (e: Entry): number => withTable.indexOf(e);

  interface Row {
    key: string;
    base: LineChange;
    values: (string | null)[];
    shown: (string | null)[];
  }
  const rows: Row[] = main.lines.map((l) => {
    const values: (string | null)[] = Array(n).fill(null);
    const shown: (string | null)[] = Array(n).fill(null);
    values[n - 1] = l.current;
    shown[n - 1] = l.display.current;
    values[n - 2] = l.earlier;
    shown[n - 2] = l.display.earlier;
    return { key: l.key, base: l, values, shown };
  });
  // The current table's lines are the same in every comparison (same snapshot): match them by line index.
  const currentRow = new Map<number, Row>();
  rows.forEach((r) => {
    if (r.base.status !== 'vanished') currentRow.set(r.base.line, r);
  });
  for (const { e, cmp } of others) {
    const k = col(e);
    for (const l of cmp.lines) {
      let row =
        l.status === 'vanished'
          ? rows.find((r) => r.base.status === 'vanished' && r.key === l.key && r.values[k] === null)
          : currentRow.get(l.line);
      if (!row && l.status === 'vanished') {
        row = { key: l.key, base: l, values: Array(n).fill(null), shown: Array(n).fill(null) };
        rows.push(row);
      }
      if (!row) continue;
      row.values[k] = l.earlier;
      row.shown[k] = l.display.earlier;
    }
  }
  const fromMain = new Set(main.lines);
  const swingSet = new Set(main.swings);
  const ordered = asTree(rows);
  const lines: YearsLine[] = ordered.map((r) => {
    const l = r.base;
    const mine = fromMain.has(l);
    return {
      key: l.key,
      code: l.code,
      codeSource: l.codeSource,
      earlierCode: mine ? l.earlierCode : null,
      names: l.names,
      earlierNames: mine ? l.earlierNames : null,
      level: l.level,
      total: l.total,
      leaf: l.leaf,
      status: l.status,
      values: r.values,
      change: mine ? l.change : null,
      percent: mine ? l.percent : null,
      display: { values: r.shown, change: mine ? l.display.change : null },
      // A line listed only in a year before the one compared with: "vanished" (or moved) all the same.
      flags: mine ? l.flags : l.flags.filter((f) => f === 'vanished' || f === 'moved'),
      swing: mine && swingSet.has(l),
    };
  });
  const swings = main.swings.map((s) => {
    const line = ordered.findIndex((r) => r.base === s);
    return { line, key: s.key, names: s.names, change: s.change!, percent: s.percent };
  });
  const table = main.table;
  return {
    years: withTable.map((e) => ({ year: e.snapshot.year!, stage: e.snapshot.stage, source: name(e) })),
    current: latest.snapshot.year!,
    against: before.snapshot.year!,
    table: {
      kind: table.kind,
      title: table.title,
      column: table.column,
      unit: table.unit,
      scale: table.scale,
      label: table.label,
    },
    earlierTable: main.earlierTable,
    threshold,
    lines,
    swings,
    moves: main.moves,
  };
}

/**
 * The rows in one tree: a line listed only in an earlier year goes after the subtree of its nearest ancestor that is
 * still listed (in preorder, a subtree's lines are contiguous), else at the end; totals stay where they are.
 */
function asTree<T extends { base: Pick<LineChange, 'names' | 'status' | 'total'> }>(rows: readonly T[]): T[] {
  const out = rows.filter((r) => r.base.status !== 'vanished');
  const path = (r: T): string[] => [...r.base.names];
  const startsWith = (names: readonly string[], prefix: readonly string[]): boolean =>
    prefix.length <= names.length && prefix.every((x, i) => names[i] === x);
  for (const v of rows.filter((r) => r.base.status === 'vanished')) {
    const names = path(v);
    let at = out.length;
    for (let k = names.length - 1; k >= 1; k--) {
      const prefix = names.slice(0, k);
      let last = -1;
      out.forEach((r, i) => {
        if (!r.base.total && startsWith(path(r), prefix)) last = i;
      });
      if (last >= 0) {
        at = last + 1;
        break;
      }
    }
    out.splice(at, 0, v);
  }
  return out;
}

function impliedBlock(e: Entry, prior: Entry, threshold: Threshold, unit: UnitName): YearsImplied {
  const cmp: YearComparison = compareYears(e.snapshot, [prior.snapshot], { threshold });
  const scale = unit === '元' ? 0 : 2;
  const show = (yuan: string | null, sign = false): string | null => {
    if (yuan === null) return null;
    const text = shownExact(yuan, unit, scale);
    return sign && new Decimal(yuan).isPositive() && !new Decimal(yuan).isZero() ? `+${text}` : text;
  };
  return {
    year: e.snapshot.year!,
    source: name(e),
    prior: {
      year: prior.snapshot.year!,
      source: name(prior),
      stage: prior.snapshot.stage,
      tables: prior.snapshot.tables.length,
    },
    unit,
    entries: cmp.implied.map((i) => ({
      subject: i.subject,
      code: i.code,
      basis: i.basis,
      text: i.text,
      implied: i.implied,
      stored: i.stored,
      difference: i.difference,
      storedFrom: i.storedFrom
        ? {
            source: name(prior),
            year: i.storedFrom.year,
            stage: i.storedFrom.stage,
            table: i.storedFrom.table,
            names: i.storedFrom.names,
            column: i.storedFrom.column,
          }
        : null,
      display: { implied: show(i.implied)!, stored: show(i.stored), difference: show(i.difference, true) },
      label: i.label,
    })),
  };
}
