import Decimal from 'decimal.js';
import { formatDecimal, halfUlp, plainDifference, printedScale, ZERO } from '../money/amount';
import type { Unit } from '../money/units';
import type { BudgetTable, CellAddress, ValueCell } from '../model';
import type { Bilingual, CheckSink, Operands, Severity } from './types';

/** One printed figure taking part in a relation. */
export interface Operand {
  readonly cell: ValueCell;
  readonly table: BudgetTable;
  /** Printed scale of the column, used when the cell itself is "0" or empty. */
  readonly label?: string;
}

export type Relation = 'eq' | 'ge';

const TEN_THOUSAND = new Decimal(10000);

/** The table's printed precision: the most decimals any amount of it shows. */
export function tableScale(table: BudgetTable): number {
  let scale = 0;
  for (const row of table.rows)
    for (const v of row.values.values()) if (v.amount && !v.amount.percent) scale = Math.max(scale, v.amount.scale);
  return scale;
}

const scaleCache = new WeakMap<BudgetTable, number>();
function scaleOf(t: BudgetTable): number {
  let s = scaleCache.get(t);
  if (s === undefined) {
    s = tableScale(t);
    scaleCache.set(t, s);
  }
  return s;
}

const valueOf = (o: Operand): Decimal => o.cell.amount?.value ?? ZERO;
const yuan = (o: Operand): Decimal => valueOf(o).times(o.table.unit.factor);

/** Half a unit of the last printed digit of this figure, in 元; an exact zero carries no rounding. */
function roundingInYuan(o: Operand): Decimal {
  if (!o.cell.amount || o.cell.amount.value.isZero()) return ZERO;
  const scale = printedScale(o.cell.amount, scaleOf(o.table));
  return halfUlp(scale).times(o.table.unit.factor);
}

function fmt(o: Operand): string {
  if (!o.cell.amount) return '0';
  return formatDecimal(o.cell.amount.value, Math.max(o.cell.amount.scale, 0));
}

function fmtIn(value: Decimal, unit: Unit, scale: number): string {
  return formatDecimal(value.dividedBy(unit.factor), scale);
}

export interface SumSpec {
  readonly check: string;
  readonly stated: Operand;
  readonly terms: readonly Operand[];
  readonly relation?: Relation;
  /**
   * What the relation is, e.g. {zh: '合计 = 基本支出 + 项目支出', en: 'total = basic + project'}; a function is only called for a
   * finding.
   */
  readonly what: Bilingual | (() => Bilingual);
  /** Extra cells to cite (labels). */
  readonly context?: readonly CellAddress[];
}

export interface SumResult {
  readonly ok: boolean;
  readonly severity?: Severity;
}

const HOLDS: SumResult = Object.freeze({ ok: true });

/**
 * Proves or disproves stated = Σ terms (or stated ≥ Σ terms) in exact decimals. The tolerance is n × half a
 * unit of the last printed digit, n the number of non-zero printed figures (the stated one included), converted
 * through each table's unit; a
 * difference inside it is `info`, beyond it `error`; a difference that is a factor of 10,000 is a unit slip.
 */
export function checkSum(sink: CheckSink, spec: SumSpec): SumResult {
  const { stated, terms } = spec;
  const relation = spec.relation ?? 'eq';
  const termCells = terms.map((t) => t.cell.addr);
  const cells = [stated.cell.addr];
  for (const c of termCells) cells.push(c);
  if (spec.context) for (const c of spec.context) cells.push(c);
  const operands: Operands = { stated: stated.cell.addr, terms: termCells, relation };
  // A figure cell holding words ("障中心1839311.66": a label that ran over its rule) is not a zero: we could not read
  // it, so the relation is not checked, and never blames it.
  const unreadable = [stated, ...terms].find((o) => !o.cell.amount && /\p{L}/u.test(o.cell.raw));
  if (unreadable) {
    sink.notChecked({
      table: stated.table.index,
      cells: [unreadable.cell.addr],
      reason: {
        zh: `数字单元格含文字「${unreadable.cell.raw}」，未能读出金额`,
        en: `figure cell holds words ("${unreadable.cell.raw}"): no amount read`,
      },
    });
    return { ok: true };
  }
  // Fast path, the common case: one unit and an exact sum. Nothing to format.
  const statedUnit = stated.table.unit;
  let oneUnit = true;
  for (const t of terms) if (t.table.unit.name !== statedUnit.name) oneUnit = false;
  if (oneUnit) {
    // stated − Σ is zero, or positive for "at least": in whole units of the last printed digit when every figure is
    // plain, else in decimal.js.
    const exact = plainDifference(
      stated.cell.amount,
      terms.map((t) => t.cell.amount),
    );
    let d: number;
    if (exact) d = exact.units === 0n ? 0 : exact.units > 0n ? 1 : -1;
    else {
      let sum = ZERO;
      for (const t of terms) if (t.cell.amount) sum = sum.plus(t.cell.amount.value);
      d = valueOf(stated).cmp(sum);
    }
    if (d === 0 || (relation === 'ge' && d > 0)) {
      sink.pass(spec.check, cells, operands);
      return HOLDS;
    }
  }
  const scale = Math.max(stated.cell.amount?.scale ?? 0, scaleOf(stated.table));
  const sumYuan = terms.reduce((acc, t) => acc.plus(yuan(t)), ZERO);
  const statedYuan = yuan(stated);
  const sameUnit = terms.every((t) => t.table.unit.name === statedUnit.name);
  const nonZero = terms.filter((t) => t.cell.amount && !t.cell.amount.value.isZero());
  // Half a unit of the last printed digit for every printed figure, each in its own unit and precision: the
  // stated figure is rounded too (326.72 in one table and 326.71 in another can both be 326.715 rounded).
  const tolerance = nonZero.reduce((acc, t) => acc.plus(roundingInYuan(t)), roundingInYuan(stated));
  const diff = statedYuan.minus(sumYuan);
  const what = typeof spec.what === 'function' ? spec.what() : spec.what;
  const expectedText = fmtIn(sumYuan, statedUnit, scale);
  const termText =
    terms.length === 1 && !sameUnit
      ? `${fmt(terms[0]!)} ${terms[0]!.table.unit.name} = ${expectedText} ${statedUnit.name}`
      : `${terms.map(fmt).join(' + ') || '0'} = ${expectedText}`;
  let exact = diff.isZero();
  if (!exact && !sameUnit && terms.length === 1) {
    // Across units the coarser figure is the finer one rounded: 25,258,772.17 元 prints as 2,525.88 万元.
    const term = terms[0]!;
    const [coarse, fine] = roundingInYuan(stated).gte(roundingInYuan(term)) ? [stated, term] : [term, stated];
    const coarseScale = Math.max(coarse.cell.amount?.scale ?? 0, scaleOf(coarse.table));
    const rounded = yuan(fine).dividedBy(coarse.table.unit.factor).toDecimalPlaces(coarseScale, Decimal.ROUND_HALF_UP);
    exact = rounded.equals(valueOf(coarse));
  }
  if (exact || (relation === 'ge' && diff.gte(0))) {
    sink.pass(spec.check, cells, operands);
    return { ok: true };
  }
  const withinRounding = diff.abs().lte(tolerance);
  if (withinRounding && relation === 'eq') {
    sink.finding({
      check: spec.check,
      severity: 'info',
      table: stated.table.index,
      cells,
      operands,
      stated: fmt(stated),
      expected: expectedText,
      derivation:
        `${termText} ≈ ${fmt(stated)} (差 ${fmtIn(diff.abs(), statedUnit, scale)} ≤ 容差 ` +
        `${fmtIn(tolerance, statedUnit, scale + 1)})`,
      unit: statedUnit.name,
      message: {
        zh: `${what.zh}：相差 ${fmtIn(diff.abs(), statedUnit, scale)}${statedUnit.name}，在四舍五入误差之内`,
        en: `${what.en}: off by ${fmtIn(diff.abs(), statedUnit, scale)} ${statedUnit.name}, within rounding`,
      },
    });
    return { ok: true, severity: 'info' };
  }
  if (withinRounding && relation === 'ge') {
    sink.pass(spec.check, cells, operands);
    return { ok: true };
  }
  // A factor of 10,000 either way: 元 figures read as 万元, or the reverse.
  const slip = [TEN_THOUSAND, new Decimal(1).dividedBy(TEN_THOUSAND)].find((k) => {
    if (sumYuan.isZero() || statedYuan.isZero()) return false;
    const slack = tolerance
      .times(Decimal.max(k, 1))
      .plus(roundingInYuan(stated))
      .plus(halfUlp(scale).times(statedUnit.factor));
    return statedYuan.minus(sumYuan.times(k)).abs().lte(slack);
  });
  if (slip && relation === 'eq') {
    const bigger = slip.gt(1) ? '元当作万元' : '万元当作元';
    sink.finding({
      check: spec.check,
      severity: 'error',
      table: stated.table.index,
      cells,
      operands,
      stated: fmt(stated),
      expected: expectedText,
      derivation: `${termText}; ${fmt(stated)} ÷ ${expectedText} ≈ ${slip.gt(1) ? '10,000' : '1/10,000'}`,
      unit: statedUnit.name,
      tags: ['unit-slip'],
      message: {
        zh: `${what.zh}：相差一万倍，疑似单位错误（${bigger}）`,
        en: `${what.en}: off by a factor of 10,000, a unit slip (${slip.gt(1) ? '元 read as 万元' : '万元 read as 元'})`,
      },
    });
    return { ok: false, severity: 'error' };
  }
  sink.finding({
    check: spec.check,
    severity: 'error',
    table: stated.table.index,
    cells,
    operands,
    stated: fmt(stated),
    expected: expectedText,
    derivation: `${termText}; ${fmt(stated)} ${relation === 'eq' ? '≠' : '<'} ${expectedText}`,
    unit: statedUnit.name,
    message: {
      zh:
        `${what.zh}：表列 ${fmt(stated)}，${relation === 'eq' ? '应为' : '应不少于'} ${expectedText}（差 ` +
        `${fmtIn(diff.abs(), statedUnit, scale)}${statedUnit.name}）`,
      en:
        `${what.en}: printed ${fmt(stated)}, ${relation === 'eq' ? 'expected' : 'expected at least'} ` +
        `${expectedText} (off by ${fmtIn(diff.abs(), statedUnit, scale)} ${statedUnit.name})`,
    },
  });
  return { ok: false, severity: 'error' };
}

/** Does the row print any amount at all? A row with none is a heading, not a claim of zero. */
export function rowHasAmount(row: { values: ReadonlyMap<number, ValueCell> }): boolean {
  for (const v of row.values.values()) if (v.amount) return true;
  return false;
}
