import type { Bilingual, Finding, NotChecked, Operands } from '../checks/types';
import { formatDecimal } from '../money/amount';
import { addrKey, type BudgetDocument, type BudgetTable, type CellAddress } from '../model';
import { figureAt, printedFigures, type PrintedFigure } from './figures';
import { operandCells, type RelationRecord } from './relations';
import { findRootCauses, type Verdict } from './root-cause';
import { pairDoubts, pairKey, tableDoubts, type TableDoubt } from './systematic';

/** A relation as a check reported it: a pass (with its figures, when a sum) or a finding. */
export interface RawPass {
  readonly check: string;
  readonly cells: readonly CellAddress[];
  readonly operands?: Operands;
}

export interface Settled {
  /** The findings to report: one per root cause, rounding as it was, the text's findings as they were. */
  readonly findings: Finding[];
  /** The relations that hold, outside the tables whose reading is in doubt. */
  readonly passes: RawPass[];
  readonly notChecked: NotChecked[];
  /** Tables whose structure the engine did not understand: their relations are neither passed nor failed. */
  readonly doubts: readonly TableDoubt[];
  /** Cells of those tables: a text claim that rests on one of them is not checked either. */
  readonly doubtedCells: ReadonlySet<string>;
  /**
   * Cells of the tables' own failures that no one figure explains (which of them is wrong cannot be told), and the
   * figures found equal to them: a text claim that disagrees with one of them is not failed, as the table's figure is
   * itself in question.
   */
  readonly disputedCells: ReadonlySet<string>;
}

/** Relations that are sums or equalities of table figures take part; the text's claims do not (lib/claims). */
const takesPart = (check: string): boolean => check !== 'narrative';

/**
 * The self-check (docs/ARCHITECTURE.md): tell "the document is wrong" from "we read it wrong". Tables whose
 * failures are systematic are not understood and not checked; the failures left are grouped by the one figure that
 * explains them; a failure nothing corroborates is a warning.
 */
export function settle(
  doc: BudgetDocument,
  rawPasses: readonly RawPass[],
  rawFindings: readonly Finding[],
  titles: Readonly<Record<string, Bilingual>>,
): Settled {
  const figures = printedFigures(doc);
  const records: RelationRecord[] = [];
  const passes: RawPass[] = [];
  const others: Finding[] = [];
  for (const p of rawPasses) {
    if (p.operands && takesPart(p.check))
      records.push({ check: p.check, outcome: 'pass', cells: p.cells, operands: p.operands });
    else passes.push(p);
  }
  for (const f of rawFindings) {
    if (f.operands && takesPart(f.check)) {
      records.push({
        check: f.check,
        outcome: f.severity === 'info' ? 'rounding' : 'fail',
        cells: f.cells,
        operands: f.operands,
        finding: f,
      });
    } else others.push(f);
  }

  // A factor of 10,000 is one cause, a unit label: reported where the units are printed, not checked where one
  // side's unit is the engine's assumption.
  const slips: RelationRecord[] = [];
  const assumed: RelationRecord[] = [];
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    if (r.outcome !== 'fail' || !r.finding?.tags?.includes('unit-slip')) continue;
    records.splice(i, 1);
    const unsure = operandCells(r).some((c) => {
      const source = figureAt(figures, c)?.table.unit.source;
      return source === 'default' || source === 'document';
    });
    (unsure ? assumed : slips).unshift(r);
  }

  // Round one: which tables and which pairs of tables were misread?
  const first = findRootCauses(failingOf(records), confirmedBy(records, failingOf(records)), figures);
  // The parser's own doubt (no reading of the rows explains the table) and the self-check's (its failures).
  const doubts: TableDoubt[] = tableDoubts(failingOf(records), first, figures);
  for (const t of doc.tables) {
    if (!t.structureDoubt || doubts.some((d) => d.table === t)) continue;
    const reason = {
      zh: `结构未能可靠识别：${t.structureDoubt.zh}`,
      en: `structure not reliably understood: ${t.structureDoubt.en}`,
    };
    doubts.push({ table: t, failures: 0, reason });
  }
  const doubted = new Set<BudgetTable>(doubts.map((d) => d.table));
  const pairs = pairDoubts(
    failingOf(records).filter((r) => !touches(r, doubted, figures)),
    figures,
  );

  const notChecked: NotChecked[] = [];
  for (const d of doubts) notChecked.push({ table: d.table.index, cells: amountCells(d.table), reason: d.reason });
  const kept: RelationRecord[] = [];
  const pairCells = new Map<string, CellAddress[]>();
  for (const r of records) {
    if (touches(r, doubted, figures)) continue;
    const pair = r.outcome === 'fail' ? pairKey(r, figures) : undefined;
    if (pair && pairs.has(pair)) {
      pairCells.set(pair, [...(pairCells.get(pair) ?? []), ...operandCells(r)]);
      continue;
    }
    kept.push(r);
  }
  for (const [pair, cells] of pairCells) {
    const [a, b] = pair.split('|').map((i) => doc.tables.find((t) => t.index === Number.parseInt(i, 10)));
    notChecked.push({
      table: a!.index,
      cells,
      reason: {
        zh:
          `《${a!.title || a!.index + 1}》与《${b!.title || b!.index + 1}》有 ${pairs.get(pair)} 个同名数字不一致：` +
          `两表口径可能不同（资金范围、预算或决算、本级或汇总），未作比较`,
        en:
          `tables ${a!.index + 1} and ${b!.index + 1} disagree on ${pairs.get(pair)} figures of the same ` +
          `name: they likely ` +
          'cover different money (scope, budget or outturn, unit or consolidated), so they were not compared',
      },
    });
  }

  // Round two: the failures of the tables that were understood, by root cause.
  const verdicts = findRootCauses(failingOf(kept), confirmedBy(kept, failingOf(kept)), figures);
  const findings: Finding[] = [];
  for (const r of kept) {
    if (r.outcome === 'pass') passes.push({ check: r.check, cells: r.cells, operands: r.operands });
    if (r.outcome === 'rounding') findings.push(strip(r.finding!));
  }
  const disputedCells = new Set<string>();
  for (const v of verdicts) {
    findings.push(findingOf(v, titles));
    if (v.kind !== 'cause') for (const c of operandCells(v.relation)) disputedCells.add(addrKey(c));
  }
  // The same figure printed again and found equal (收入总计 = 支出总计) is in question as much.
  for (const r of kept) {
    if (r.outcome !== 'pass' || r.operands.relation !== 'eq' || r.operands.terms.length !== 1) continue;
    const [a, b] = [addrKey(r.operands.stated), addrKey(r.operands.terms[0]!)];
    if (disputedCells.has(a)) disputedCells.add(b);
    else if (disputedCells.has(b)) disputedCells.add(a);
  }
  for (const r of slips) if (!touches(r, doubted, figures)) findings.push(strip(r.finding!));
  for (const r of assumed) {
    notChecked.push({
      table: r.finding!.table,
      cells: operandCells(r),
      reason: {
        zh: `${r.finding!.message.zh}；但其中一表未印单位，单位是推定的，故不作判断`,
        en: `${r.finding!.message.en}; one table prints no unit and its unit was assumed, so this is not judged`,
      },
    });
  }
  const doubtedCells = new Set<string>();
  for (const t of doubted) for (const c of amountCells(t)) doubtedCells.add(addrKey(c));
  for (const f of others) {
    if (f.severity !== 'info' && f.cells.some((c) => doubtedCells.has(addrKey(c)))) continue;
    if (f.check === 'narrative' && f.severity !== 'info' && f.cells.some((c) => disputedCells.has(addrKey(c))))
      continue;
    findings.push(f);
  }
  return { findings, passes, notChecked, doubts, doubtedCells, disputedCells };
}

function failingOf(records: readonly RelationRecord[]): RelationRecord[] {
  return records.filter((r) => r.outcome === 'fail');
}

/**
 * The cells of the failing relations that an equality that holds confirms ("at least" relations that hold prove too
 * little to clear a figure). Only those cells are ever asked about.
 */
function confirmedBy(records: readonly RelationRecord[], failing: readonly RelationRecord[]): Set<string> {
  const out = new Set<string>();
  if (failing.length === 0) return out;
  const asked = new Set<string>();
  for (const r of failing) for (const c of operandCells(r)) asked.add(addrKey(c));
  for (const r of records) {
    if (r.outcome === 'fail' || r.operands.relation !== 'eq') continue;
    const k = addrKey(r.operands.stated);
    if (asked.has(k)) out.add(k);
    for (const c of r.operands.terms) {
      const t = addrKey(c);
      if (asked.has(t)) out.add(t);
    }
  }
  return out;
}

function touches(
  r: RelationRecord,
  tables: ReadonlySet<BudgetTable>,
  figures: ReadonlyMap<string, PrintedFigure>,
): boolean {
  if (tables.size === 0) return false;
  return operandCells(r).some((c) => {
    const t = figureAt(figures, c)?.table;
    return t !== undefined && tables.has(t);
  });
}

function amountCells(t: BudgetTable): CellAddress[] {
  const out: CellAddress[] = [];
  for (const row of t.rows)
    for (const [col, v] of row.values) if (t.columns[col]?.role === 'amount' && v.amount) out.push(v.addr);
  return out;
}

function strip(f: Finding): Finding {
  const { operands: _operands, ...rest } = f;
  return rest;
}

function findingOf(v: Verdict, titles: Readonly<Record<string, Bilingual>>): Finding {
  if (v.kind !== 'cause') {
    const f = strip(v.relation.finding!);
    const why: Bilingual =
      v.kind === 'ambiguous'
        ? {
            zh: '仅此一项关系不符，无法确定哪个数字有误',
            en: 'only this relation fails; which figure is wrong cannot be told',
          }
        : v.kind === 'level'
          ? {
              zh: `不计${v.figure.label}则关系成立：可能是层级读错，不作为错误`,
              en: `it holds without ${v.figure.label}: the levels may be misread, so this is not reported as an error`,
            }
          : {
              zh: '此关系不符，但其中每个数字在别的关系中都成立：可能是表的结构读错了',
              en: 'each of its figures holds in another relation: the structure may be misread',
            };
    return {
      ...f,
      severity: 'warning',
      message: { zh: `${f.message.zh}（${why.zh}）`, en: `${f.message.en} (${why.en})` },
    };
  }
  const rels = v.relations;
  const firstFinding = rels[0]!.finding!;
  const f = v.figure;
  const expected = formatDecimal(v.corrected, f.scale);
  const stated = f.raw || formatDecimal(f.yuan.dividedBy(f.table.unit.factor), f.scale);
  const unit = f.table.unit.name;
  const checks = [...new Set(rels.map((r) => r.check))];
  const tags = [...new Set(rels.flatMap((r) => r.finding?.tags ?? []))];
  const cells = [v.cell, ...new Map(rels.flatMap((r) => r.cells).map((c) => [addrKey(c), c])).values()].filter(
    (c, i) => i === 0 || addrKey(c) !== addrKey(v.cell),
  );
  const rest =
    rels.length === 1
      ? {
          zh: '该关系中其余数字均经其他关系核实',
          en: 'every other figure of the relation is confirmed by relations that hold',
        }
      : {
          zh: `${rels.length} 项关系一致指向此数（${checks.map((c) => titles[c]?.zh ?? c).join('、')}）`,
          en: `${rels.length} relations agree on this figure (${checks.map((c) => titles[c]?.en ?? c).join(', ')})`,
        };
  // A blank cell is no printed figure: the document leaves it out (or the reader lost it), it does not print a wrong
  // one. Said as a warning with what the relations expect there.
  const blank = f.raw.trim() === '';
  return {
    check: firstFinding.check,
    severity: blank ? 'warning' : 'error',
    table: f.table.index,
    cells,
    stated,
    expected,
    derivation: rels.map((r) => r.finding!.derivation).join(' ｜ '),
    unit,
    message: blank
      ? {
          zh: `${f.label}：此格空白，未印数字；按关系应为 ${expected}${unit}——${rest.zh}`,
          en: `${f.label}: the cell is blank, no figure printed; the relations expect ${expected} ${unit}: ${rest.en}`,
        }
      : rels.length === 1 && addrKey(rels[0]!.operands.stated) === addrKey(v.cell)
        ? { zh: `${firstFinding.message.zh}（${rest.zh}）`, en: `${firstFinding.message.en} (${rest.en})` }
        : {
            zh: `${f.label}：表列 ${stated}，应为 ${expected}${unit}——${rest.zh}`,
            en: `${f.label}: printed ${stated}, should be ${expected} ${unit}: ${rest.en}`,
          },
    ...(tags.length > 0 ? { tags } : {}),
    relations: rels.map((r) => ({
      check: r.check,
      table: r.finding!.table,
      ...(r.finding!.stated !== undefined ? { stated: r.finding!.stated } : {}),
      ...(r.finding!.expected !== undefined ? { expected: r.finding!.expected } : {}),
      derivation: r.finding!.derivation,
      message: r.finding!.message,
    })),
  };
}
