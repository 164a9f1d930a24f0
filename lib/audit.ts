import { checks } from './checks';
import { documentClaims, type ImpliedPrior } from './claims';
import type { CheckSink, Finding, NotChecked, Operands } from './checks/types';
import { readPage, type DomNode, type PageSource } from './dom/adapter';
import { addrKey, type BudgetDocument, type BudgetTable, type CellAddress, type ValueCell } from './model';
import { expandPrinted, type PrintedLayout } from './page/printed';
import { buildDocumentSteps } from './parse/document';
import type { ClaimData, DocumentData, SummaryData, TableData, TableStatus } from './report/schema';
import { settle, type RawPass } from './selfcheck';
import { runToEnd } from './steps';

const TITLES = Object.fromEntries(checks.map((c) => [c.id, c.title]));

/**
 * The report's shape is the contract of lib/report/schema.ts (one Zod schema, types by z.infer); in memory a table
 * keeps every DOM table it was read from (`domTables`, the JSON's index + continuedIn) and a finding its operands.
 */
export type { TableStatus };

export type TableSummary = Omit<TableData, 'continuedIn'> & {
  /** Every table it was read from, the first being `index` (a table continued after a page break has several). */
  readonly domTables: readonly number[];
  readonly department?: string;
};

/** A claim of the text and what checking it gave (lib/claims/): the report's and the --json's `claims` entries. */
export type ClaimEntry = ClaimData;

export interface AuditReport {
  readonly source: string;
  readonly document: DocumentData;
  readonly tables: readonly TableSummary[];
  readonly findings: readonly Finding[];
  readonly notChecked: readonly NotChecked[];
  /** Every claim found in the page's text (amounts, shares, changes, 持平, compositions), checked or not. */
  readonly claims: readonly ClaimEntry[];
  /** Prior-year figures the text implies (current − delta; 持平: the current figure), for prior-year snapshots. */
  readonly impliedPrior: readonly ImpliedPrior[];
  /** Per registered check: relations proved, failed (error or warning) and within rounding. */
  readonly checks: Readonly<Record<string, { passed: number; failed: number; rounding: number }>>;
  readonly summary: SummaryData;
}

/** Collects what the checks report; lib/selfcheck settles it into the findings a reader sees. */
class Collector implements CheckSink {
  readonly passes: RawPass[] = [];
  readonly findings: Finding[] = [];
  readonly notCheckedList: NotChecked[] = [];
  pass(check: string, cells: readonly CellAddress[], operands?: Operands): void {
    this.passes.push(operands ? { check, cells, operands } : { check, cells });
  }
  finding(f: Finding): void {
    this.findings.push(f);
  }
  notChecked(n: NotChecked): void {
    this.notCheckedList.push(n);
  }
}

/** Tallies of the settled result: passes per table and per check, covered cells. */
class Tally {
  /** Covered cells, per table: row * 65536 + cell. */
  readonly coveredBy = new Map<number, Set<number>>();
  readonly passedBy = new Map<number, number>();
  readonly byCheck = new Map<string, { passed: number; failed: number; rounding: number }>();
  constructor(private readonly tableOf: (a: CellAddress) => number) {}
  cover(c: CellAddress): void {
    let set = this.coveredBy.get(c.table);
    if (!set) this.coveredBy.set(c.table, (set = new Set()));
    set.add(c.row * 65536 + c.cell);
  }
  isCovered(c: CellAddress): boolean {
    return this.coveredBy.get(c.table)?.has(c.row * 65536 + c.cell) ?? false;
  }
  private tallyOf(check: string): { passed: number; failed: number; rounding: number } {
    let t = this.byCheck.get(check);
    if (!t) this.byCheck.set(check, (t = { passed: 0, failed: 0, rounding: 0 }));
    return t;
  }
  pass(check: string, cells: readonly CellAddress[]): void {
    this.tallyOf(check).passed++;
    for (const c of cells) this.cover(c);
    const t = cells[0] ? this.tableOf(cells[0]) : -1;
    this.passedBy.set(t, (this.passedBy.get(t) ?? 0) + 1);
  }
  finding(f: Finding): void {
    if (f.severity === 'info') this.tallyOf(f.check).rounding++;
    else if (f.relations) for (const r of f.relations) this.tallyOf(r.check).failed++;
    else this.tallyOf(f.check).failed++;
    for (const c of f.cells) this.cover(c);
  }
}

/** Tables the engine sums; a table of scores and indicators (notSummed) is reported as not a budget table. */
const BUDGET = (t: BudgetTable): boolean => t.kind !== 'layout' && t.kind !== 'unknown' && !t.notSummed;

/** Runs every registered check over a document and reports what passed, failed and was not checked. */
export function auditDocument(doc: BudgetDocument): AuditReport {
  return runToEnd(auditDocumentSteps(doc));
}

/** The same, yielding after each check. */
export function* auditDocumentSteps(doc: BudgetDocument): Generator<void, AuditReport> {
  const owner = new Map<number, number>();
  for (const t of doc.tables) for (const d of t.domTables) owner.set(d, t.index);
  const collector = new Collector();
  for (const check of checks) {
    const steps = check.run({ doc, sink: collector });
    if (steps) yield* steps;
    yield;
  }
  const settled = settle(doc, collector.passes, collector.findings, TITLES);
  const doubtOf = new Map(settled.doubts.map((d) => [d.table.index, d]));
  const tally = new Tally((a) => owner.get(a.table) ?? a.table);
  for (const p of settled.passes) tally.pass(p.check, p.cells);
  for (const f of settled.findings) tally.finding(f);
  const notCheckedList = [...collector.notCheckedList, ...settled.notChecked];

  const tables: TableSummary[] = [];
  for (const t of doc.tables) {
    yield;
    tables.push(summarise(t));
  }
  function summarise(t: BudgetTable): TableSummary {
    const findings = settled.findings.filter((f) => f.table === t.index);
    const doubt = doubtOf.get(t.index);
    const amountCells: ValueCell[] = [];
    const shareCells: ValueCell[] = [];
    for (const r of t.rows)
      for (const [col, v] of r.values) {
        const role = t.columns[col]?.role;
        if (role === 'amount' && v.amount && !v.amount.percent) amountCells.push(v);
        else if (role === 'share' && v.amount) shareCells.push(v);
      }
    if (BUDGET(t) && !t.empty && shareCells.length > 0) {
      notCheckedList.push({
        table: t.index,
        cells: shareCells.map((v) => v.addr),
        reason: {
          zh: `${shareCells.length} 个占比/百分比单元格未核对（本版本只核对金额）`,
          en: `${shareCells.length} share/percentage cells not checked (this version checks amounts only)`,
        },
      });
    }
    const uncovered = BUDGET(t) && !t.empty && !doubt ? amountCells.filter((v) => !tally.isCovered(v.addr)) : [];
    if (uncovered.length > 0) {
      notCheckedList.push({
        table: t.index,
        cells: uncovered.map((v) => v.addr),
        reason: {
          zh: `${uncovered.length} 个金额单元格没有可核对的关系（无合计、无上级科目、无他表对应）`,
          en: `${uncovered.length} amount cells take part in no relation the engine could check`,
        },
      });
    }
    const passed = tally.passedBy.get(t.index) ?? 0;
    const failed = findings.filter((f) => f.severity !== 'info').length;
    const rounding = findings.filter((f) => f.severity === 'info').length;
    const checked = passed + findings.length > 0;
    const status: TableStatus = !BUDGET(t)
      ? 'not-budget'
      : t.empty
        ? 'empty'
        : doubt
          ? 'not-understood'
          : !checked
            ? 'not-checked'
            : uncovered.length + shareCells.length > 0
              ? 'partly-checked'
              : 'checked';
    return {
      index: t.index,
      domTables: t.domTables,
      title: t.title,
      kind: t.kind,
      unit: t.unit.name,
      unitSource: t.unit.source,
      ...(t.department ? { department: t.department } : {}),
      rows: t.rows.length,
      columns: t.columns.length,
      checked,
      status,
      passed,
      failed,
      rounding,
      notCheckedCells: doubt ? amountCells.length : uncovered.length + (BUDGET(t) && !t.empty ? shareCells.length : 0),
      ...(t.empty && t.emptyNote
        ? { note: t.emptyNote }
        : t.notSummed
          ? { note: t.notSummed.zh, noteEn: t.notSummed.en }
          : t.kind === 'layout'
            ? { note: t.kindEvidence }
            : doubt
              ? { note: doubt.reason.zh, noteEn: doubt.reason.en }
              : {}),
    };
  }
  const f = settled.findings;
  const textClaims = documentClaims(doc);
  return {
    source: doc.source,
    document: {
      title: doc.title,
      department: doc.department ?? null,
      year: doc.year ?? null,
      unit: doc.unit?.name ?? null,
      stage: doc.stage ?? null,
    },
    tables,
    findings: f,
    notChecked: notCheckedList,
    claims: textClaims.results
      .map((r) => restOnDoubt(r, settled.doubtedCells, settled.disputedCells))
      .map((r): ClaimEntry => ({
        text: r.claim.text,
        kind: r.claim.kind,
        block: r.claim.block,
        start: r.claim.start,
        endBlock: r.claim.endBlock,
        end: r.claim.end,
        subject: r.claim.subject,
        cells: [...r.cells],
        stated: r.stated,
        expected: r.expected,
        derivation: r.derivation,
        status: r.status,
        severity: r.severity ?? null,
        unit: r.unit ?? null,
        message: r.message,
        ...(r.tags ? { tags: [...r.tags] } : {}),
      })),
    impliedPrior: textClaims.impliedPrior,
    checks: Object.fromEntries(
      checks.map((c) => [c.id, tally.byCheck.get(c.id) ?? { passed: 0, failed: 0, rounding: 0 }]),
    ),
    summary: {
      tables: doc.domTableCount,
      budgetTables: doc.tables.filter(BUDGET).length,
      passed: [...tally.passedBy.values()].reduce((a, b) => a + b, 0),
      errors: f.filter((x) => x.severity === 'error').length,
      warnings: f.filter((x) => x.severity === 'warning').length,
      rounding: f.filter((x) => x.severity === 'info').length,
      notCheckedCells: notCheckedList.reduce((a, n) => a + n.cells.length, 0),
      notUnderstood: settled.doubts.length,
    },
  };
}

type ClaimResult = ReturnType<typeof documentClaims>['results'][number];

/** A claim failed against a table the engine did not understand is not checked: the table's figure is unsure. */
function restOnDoubt(r: ClaimResult, doubted: ReadonlySet<string>, disputed: ReadonlySet<string>): ClaimResult {
  if (r.status !== 'failed' && r.status !== 'warning') return r;
  const inDoubt = r.cells.some((c) => doubted.has(addrKey(c)));
  if (!inDoubt && !r.cells.some((c) => disputed.has(addrKey(c)))) return r;
  const { severity: _severity, ...rest } = r;
  return {
    ...rest,
    status: 'not-checked',
    message: inDoubt
      ? {
          zh: `未核对：所对应的表结构未能可靠识别（${r.message.zh}）`,
          en: `not checked: the table it refers to was not reliably understood (${r.message.en})`,
        }
      : {
          zh: `未核对：表中这一数字所在的加总关系本身不成立，不能据以判断正文（${r.message.zh}）`,
          en:
            "not checked: the table's own sums around this figure fail, so it cannot judge the text " +
            `(${r.message.en})`,
        },
  };
}

export function auditSource(page: PageSource): { doc: BudgetDocument; report: AuditReport } {
  const { doc, report } = runToEnd(auditSteps(page));
  return { doc, report };
}

/** What auditSteps gives: the model, the report, and the page as the model read it. */
export interface AuditedSource {
  readonly doc: BudgetDocument;
  readonly report: AuditReport;
  /** The page with its printed blocks rebuilt into text and tables (lib/page/printed.ts); else the page given. */
  readonly page: PageSource;
  /** Where the rebuilt tables are, when the page had printed blocks. */
  readonly printed?: PrintedLayout;
}

/**
 * Model and checks as steps (printed pages rebuilt a page at a time, then one per table, one per check), for callers
 * that slice the work.
 */
export function* auditSteps(source: PageSource): Generator<void, AuditedSource> {
  const { page, layout } = yield* expandPrinted(source);
  const doc = yield* buildDocumentSteps(page);
  const report = yield* auditDocumentSteps(doc);
  return { doc, report, page, ...(layout ? { printed: layout } : {}) };
}

/** Reads and audits a DOM document (the browser's, or linkedom's in Node). */
export function auditDom(root: DomNode, url: string): { doc: BudgetDocument; report: AuditReport } {
  return auditSource(readPage(root, url));
}
