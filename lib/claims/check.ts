import Decimal from 'decimal.js';
import { checkSum, type Operand } from '../checks/compare';
import type { CheckSink, Finding, Severity } from '../checks/types';
import { formatDecimal, halfUlp, ZERO, type Amount } from '../money/amount';
import { makeUnit, unitFactor, type UnitName } from '../money/units';
import type { BudgetDocument, BudgetTable, CellAddress, ValueCell } from '../model';
import { figuresFor, tableTotalOf, type TableFigure } from './figures';
import type {
  AmountClaim,
  ChangeClaim,
  Claim,
  ClaimResult,
  CompositionClaim,
  Direction,
  FlatClaim,
  ImpliedPrior,
  ShareClaim,
  StatedChange,
  StatedMoney,
  StatedPercent,
  SubjectRef,
} from './types';

/**
 * Checks a claim against its own arithmetic and the tables. Rules:
 * - amount: equal to a table figure the subject names, across units (万元 text, 元 table: the finer figure rounded
 *   to the coarser one's printed precision is exact; otherwise lib/checks/compare.ts's checkSum decides: within
 *   n × half a unit of the last printed digit is rounding (info), beyond is an error, a factor of 10,000 a unit slip);
 * - share: part ÷ whole at the share's printed precision, the whole being the sentence's own total, the table's total
 *   for the part's figure, or the sum of the list's parts when the list's shares add up to 100%; exact = passed,
 *   explained by the printed precision of the inputs = rounding (info), otherwise an error;
 * - change: implied prior = current − delta (increase) or current + delta (decrease); percent = delta ÷ prior at
 *   the printed precision; 增加/增长/上升 against 减少/下降/降低 in the same sentence must agree; a rate stated where
 *   the prior is zero is a warning (growth from zero has no rate); a negative prior is an error;
 * - flat: 持平 with a non-zero stated change is an error; 基本持平 tolerates a change of at most
 *   FLAT_TOLERANCE_PERCENT (1%) of the prior, beyond it is a warning;
 * - composition: total = Σ parts as stated (checkSum), and total = Σ the parts' table figures when the tables have
 * them. A claim with nothing to compare against is 'not-checked' with the reason, never passed.
 */

/** 基本持平: a change of at most this share of the prior (in %, inclusive) counts as "basically flat". */
export const FLAT_TOLERANCE_PERCENT = new Decimal(1);

const HUNDRED = new Decimal(100);

const yuan = (m: { amount: Amount; unit: UnitName }): Decimal => m.amount.value.times(unitFactor(m.unit));
/** Half a unit of the last printed digit, in 元; an exact zero carries none. */
const halfYuan = (m: { amount: Amount; unit: UnitName }): Decimal =>
  m.amount.value.isZero() ? ZERO : halfUlp(m.amount.scale).times(unitFactor(m.unit));
const inUnit = (v: Decimal, unit: UnitName, scale: number): string =>
  formatDecimal(v.dividedBy(unitFactor(unit)), scale);
/**
 * A printed number in one form, as compare.ts states table figures: its value at its printed precision
 * ("８，１４９．４７" and "8149.47" both as "8,149.47"); the claim's `text` keeps it as printed.
 */
const num = (a: Amount): string => formatDecimal(a.value, a.scale);
const moneyNum = (m: StatedMoney): string => `${num(m.amount)} ${m.unit}`;
const moneyText = moneyNum;
const pctText = (p: StatedPercent): string => `${formatDecimal(p.amount.value, p.amount.scale)}%`;
const short = (s: string, n = 36): string => (s.length > n ? `${s.slice(0, n)}…` : s);

// ------------------------------------------------------------------------------------------------------------------
// Comparing a stated amount with printed figures, through compare.ts

const sentenceTables = new Map<UnitName, BudgetTable>();
/** The sentence as a one-figure "table" in its own unit, so compare.ts can take it as an operand. */
function sentenceTable(unit: UnitName): BudgetTable {
  let t = sentenceTables.get(unit);
  if (!t) {
    t = {
      index: -1,
      domTables: [],
      title: '正文',
      kind: 'unknown',
      kindEvidence: 'narrative',
      unit: makeUnit(unit, 'document', '正文'),
      columns: [],
      columnTree: [],
      headerRows: 0,
      grid: [],
      rows: [],
      sides: 1,
      classification: 'none',
      empty: false,
      notes: [],
    };
    sentenceTables.set(unit, t);
  }
  return t;
}
const NO_CELL: CellAddress = { table: -1, row: -1, cell: -1 };
const textOperand = (m: { amount: Amount; unit: UnitName }): Operand => ({
  cell: { addr: NO_CELL, amount: m.amount, raw: m.amount.raw } as ValueCell,
  table: sentenceTable(m.unit),
});
const tableOperand = (f: TableFigure): Operand => ({ cell: f.cell, table: f.table });

interface Verdict {
  readonly severity?: Severity;
  readonly tags?: readonly string[];
}

/**
 * stated = Σ terms through checkSum; undefined severity when exact. First, the case checkSum only knows for one term:
 * a stated figure coarser than every term (万元 text, 元 table) is exact when it is their sum rounded to its precision.
 */
function sumVerdict(stated: Operand, terms: readonly Operand[]): Verdict {
  const sAmount = stated.cell.amount;
  // A printed 0 is nothing, not something below half a unit: it never stands for a rounded sum.
  if (sAmount && !sAmount.value.isZero() && terms.length > 0) {
    const sHalf = halfUlp(sAmount.scale).times(stated.table.unit.factor);
    const finer = terms.every((t) =>
      halfUlp(t.cell.amount?.scale ?? 0)
        .times(t.table.unit.factor)
        .lte(sHalf),
    );
    const sum = terms.reduce((a, t) => a.plus((t.cell.amount?.value ?? ZERO).times(t.table.unit.factor)), ZERO);
    if (
      finer &&
      sum
        .dividedBy(stated.table.unit.factor)
        .toDecimalPlaces(sAmount.scale, Decimal.ROUND_HALF_UP)
        .equals(sAmount.value)
    )
      return {};
  }
  let found = undefined as Finding | undefined;
  const sink: CheckSink = { pass: () => undefined, finding: (f) => void (found = f), notChecked: () => undefined };
  checkSum(sink, { check: 'narrative', stated, terms, what: { zh: '正文', en: 'text' } });
  return found ? { severity: found.severity, ...(found.tags ? { tags: found.tags } : {}) } : {};
}

/** A table figure's value in 元 (an empty cell is 0). */
function figureValue(f: TableFigure): Decimal {
  return (f.cell.amount?.value ?? ZERO).times(f.table.unit.factor);
}
function figureText(f: TableFigure): string {
  return `${f.cell.amount ? num(f.cell.amount) : '空（视为 0）'} ${f.table.unit.name}`;
}
function figureScale(f: TableFigure): number {
  return f.cell.amount?.scale ?? 0;
}

function compareToFigure(m: StatedMoney, f: TableFigure): Verdict & { exact: boolean } {
  const statedYuan = yuan(m);
  const figYuan = figureValue(f);
  if (statedYuan.equals(figYuan)) return { exact: true };
  // The coarser of the two is the finer one rounded: 16,397,060.00 元 prints as 1,639.71 万元; 279.14 万元 as 279.1 万元.
  // A printed 0 (or an empty cell) is nothing, not a rounded small amount.
  if (statedYuan.isZero() || figYuan.isZero())
    return { exact: false, ...sumVerdict(textOperand(m), [tableOperand(f)]) };
  const statedUlp = halfYuan(m);
  const figUlp = halfUlp(figureScale(f)).times(f.table.unit.factor);
  if (statedUlp.gte(figUlp)) {
    if (
      figYuan
        .dividedBy(unitFactor(m.unit))
        .toDecimalPlaces(m.amount.scale, Decimal.ROUND_HALF_UP)
        .equals(m.amount.value)
    )
      return { exact: true };
  } else if (
    statedYuan
      .dividedBy(f.table.unit.factor)
      .toDecimalPlaces(figureScale(f), Decimal.ROUND_HALF_UP)
      .equals(f.cell.amount?.value ?? ZERO)
  )
    return { exact: true };
  const v = sumVerdict(textOperand(m), [tableOperand(f)]);
  return { exact: !v.severity, ...v };
}

/** A difference in the finer of the two units at its printed precision: "差 56.00 元", not "差 0.01 万元". */
function diffText(diff: Decimal, m: StatedMoney, f: TableFigure): string {
  const finer = f.table.unit.factor.lt(unitFactor(m.unit));
  return finer
    ? `${inUnit(diff, f.table.unit.name, figureScale(f))} ${f.table.unit.name}`
    : `${inUnit(diff, m.unit, m.amount.scale)} ${m.unit}`;
}

// ------------------------------------------------------------------------------------------------------------------

export function checkClaim(claim: Claim, doc: BudgetDocument): ClaimResult {
  switch (claim.kind) {
    case 'amount':
      return checkAmount(claim, doc);
    case 'share':
      return checkShare(claim, doc);
    case 'change':
      return checkChange(claim);
    case 'flat':
      return checkFlat(claim);
    case 'composition':
      return checkComposition(claim, doc);
  }
}

export function checkClaims(claims: readonly Claim[], doc: BudgetDocument): ClaimResult[] {
  return confirmBySentence(claims.map((c) => checkClaim(c, doc)));
}

const spanKey = (m: StatedMoney): string => `${m.block}:${m.start}:${m.endBlock}:${m.end}`;

/**
 * Amounts no table has that the sentence's own arithmetic confirms: the 年初预算 of a 决算 whose 完成年初预算的 r% holds
 * (r = 决算 ÷ 预算), the year before's figure a change states ("上年预算执行数为 A 万元，本年…增加 r%") when the change
 * adds up. They pass, with the claim that confirms them as their derivation.
 */
function confirmBySentence(results: ClaimResult[]): ClaimResult[] {
  const confirmed = new Map<string, ClaimResult>();
  for (const r of results) {
    if (r.status !== 'passed') continue;
    const c = r.claim;
    if (c.kind === 'share' && c.completion && c.ownTotal) confirmed.set(spanKey(c.ownTotal.value), r);
    if (c.kind === 'change' && c.prior) confirmed.set(spanKey(c.prior), r);
  }
  if (confirmed.size === 0) return results;
  return results.map((r) => {
    if (r.status !== 'not-checked' || r.claim.kind !== 'amount') return r;
    const by = confirmed.get(spanKey(r.claim.value));
    if (!by) return r;
    const what = by.claim.kind === 'share' ? '完成率' : '增减';
    return {
      ...r,
      status: 'passed',
      expected: r.stated,
      unit: r.claim.value.unit,
      derivation: `${by.claim.text}：${by.derivation}`,
      message: {
        zh:
          `「${short(r.claim.subject)}」${r.stated} 与同句的${what}相符` +
          `（表中没有这一数字：${r.message.zh.replace(/^未核对：/u, '')}）`,
        en:
          `"${short(r.claim.subject)}" ${r.stated} agrees with the sentence's ` +
          `${by.claim.kind === 'share' ? 'completion rate' : 'change'} ` +
          `(no table states it: ${r.message.en.replace(/^not checked: /u, '')})`,
      },
    };
  });
}

const hasTables = (doc: BudgetDocument): boolean =>
  doc.tables.some((t) => t.kind !== 'layout' && t.kind !== 'unknown' && !t.empty);

function notChecked(
  claim: Claim,
  stated: string,
  zh: string,
  en: string,
  extra: Partial<ClaimResult> = {},
): ClaimResult {
  return {
    claim,
    status: 'not-checked',
    stated,
    expected: null,
    derivation: '',
    cells: [],
    message: { zh: `未核对：${zh}`, en: `not checked: ${en}` },
    ...extra,
  };
}

const NO_TABLES = ['页面没有预算表，没有可比较的数字', 'the page has no budget table to compare with'] as const;

function checkAmount(claim: AmountClaim, doc: BudgetDocument): ClaimResult {
  const m = claim.value;
  const stated = moneyText(m);
  if (!hasTables(doc)) return notChecked(claim, stated, ...NO_TABLES);
  if (claim.ref.kind === 'none') return notChecked(claim, stated, claim.ref.reason.zh, claim.ref.reason.en);
  const all = figuresFor(doc, claim.ref);
  // A printed line with an empty cell beside a stated amount: more likely a cell read in the wrong column than a 0.
  const figs = m.amount.value.isZero() ? all : all.filter((f) => f.cell.amount);
  if (figs.length === 0 && all.length > 0 && !m.amount.value.isZero())
    return notChecked(
      claim,
      stated,
      `表中「${claim.subject}」这一格为空（${all.map((f) => f.label).join('、')}），未能确认是否读对了列`,
      `the table's cell for "${claim.subject}" is empty; whether the right column was read is unsure`,
    );
  if (figs.length === 0 && m.amount.value.isZero()) {
    const nothing = zeroByAbsence(doc, claim);
    if (nothing) return nothing;
  }
  if (figs.length === 0 && claim.ref.kind === 'figure' && claim.ref.keys.includes('running-cost'))
    return notChecked(claim, stated, '预算表中没有机关运行经费', 'no table of the page states 机关运行经费');
  if (figs.length === 0 && claim.ref.kind === 'figure' && claim.ref.keys.some((k) => k.startsWith('procurement')))
    return procurementTotal(doc, claim.ref).length > 0
      ? notChecked(claim, stated, '政府采购表中没有这一类', 'the procurement table has no line of this class')
      : notChecked(claim, stated, '预算表中没有政府采购预算', 'no table of the page states the procurement budget');
  if (figs.length === 0)
    return notChecked(
      claim,
      stated,
      `表中没有「${claim.subject}」对应的数字`,
      `no table figure for "${claim.subject}"`,
    );
  const verdicts = figs.map((f) => ({ f, v: compareToFigure(m, f) }));
  const exact = verdicts.filter((x) => x.v.exact);
  const scale = m.amount.scale;
  const expectedOf = (f: TableFigure): string => `${inUnit(figureValue(f), m.unit, scale)} ${m.unit}`;
  const conv = (f: TableFigure): string =>
    f.table.unit.name === m.unit
      ? figureText(f)
      : `${figureText(f)} = ` +
        `${inUnit(figureValue(f), m.unit, Math.max(scale, 2) + (f.table.unit.factor.lt(unitFactor(m.unit)) ? 2 : 0))}` +
        ` ${m.unit}`;
  if (exact.length > 0) {
    const f = exact[0]!.f;
    // Figures printed alike are listed once: "#0「收入总计」、#1「收入合计」 8,149.47 万元 = 正文 8,149.47 万元".
    const byText = new Map<string, TableFigure[]>();
    for (const x of exact) byText.set(conv(x.f), [...(byText.get(conv(x.f)) ?? []), x.f]);
    const shown = [...byText.entries()].map(([t, fs]) => `${fs.map((x) => x.label).join('、')} ${t}`).join('；');
    const same = byText.size === 1 && f.table.unit.name === m.unit && figureText(f) === moneyNum(m);
    return {
      claim,
      status: 'passed',
      stated,
      expected: expectedOf(f),
      unit: m.unit,
      derivation: `${shown}${same ? '' : ` → ${expectedOf(f)}`} = 正文 ${moneyNum(m)}`,
      cells: exact.map((x) => x.f.cell.addr),
      message: {
        zh: `「${short(claim.subject)}」${stated} 与表中数字一致`,
        en: `"${short(claim.subject)}" ${stated} agrees with the table`,
      },
    };
  }
  if (claim.ref.kind !== 'economic' && claim.ref.part)
    return notChecked(claim, stated, claim.ref.part.zh, claim.ref.part.en);
  // The figure the text most likely means: one within rounding, else a unit slip, else the nearest (the same subject
  // in tables of other scopes — all funds, 财政拨款 — differs more).
  const distance = (f: TableFigure): Decimal => yuan(m).minus(figureValue(f)).abs();
  const nearest = verdicts.reduce((a, x) => (distance(x.f).lt(distance(a.f)) ? x : a));
  const best =
    verdicts.find((x) => x.v.severity === 'info') ??
    (distance(nearest.f).lte(halfYuan(m).times(2)) ? nearest : undefined) ??
    verdicts.find((x) => x.v.tags?.includes('unit-slip')) ??
    nearest;
  const f = best.f;
  const diff = yuan(m).minus(figureValue(f)).abs();
  const rounding = best.v.severity === 'info';
  // A factor of 10,000 read from a figure of one or two digits ("0.3 万元") is no evidence of a unit slip.
  const slip = best.v.tags?.includes('unit-slip') && m.amount.value.precision(true) >= 3;
  // Off by one unit of the last printed digit, no more: the text's figure was most likely nudged so that a list of
  // rounded parts adds up to its rounded total (尾差调整). Worth a look, not an arithmetic error.
  const tail = !rounding && !slip && diff.lte(halfYuan(m).times(2));
  if (tail) {
    return {
      claim,
      status: 'warning',
      severity: 'warning',
      stated,
      expected: expectedOf(f),
      unit: m.unit,
      derivation: `${f.label} ${conv(f)} → ${expectedOf(f)} ≠ 正文 ${moneyNum(m)}（差 ${diffText(diff, m, f)}，末位差 1）`,
      cells: [f.cell.addr],
      tags: ['tail-adjustment'],
      message: {
        zh:
          `「${short(claim.subject)}」正文 ${stated}，表中 ${figureText(f)}（四舍五入应为 ${expectedOf(f)}）：` +
          '末位相差 1，可能是为使各项之和等于合计而做的尾差调整',
        en:
          `"${short(claim.subject)}": text ${stated}, table ${figureText(f)} (rounds to ${expectedOf(f)}): ` +
          'off by one in the last digit, probably adjusted so the listed parts add up to the total',
      },
    };
  }
  return {
    claim,
    status: rounding ? 'passed' : 'failed',
    severity: rounding ? 'info' : 'error',
    stated,
    expected: expectedOf(f),
    unit: m.unit,
    derivation:
      `${f.label} ${conv(f)} → ${expectedOf(f)} ${rounding ? '≈' : '≠'} 正文 ${moneyNum(m)}` +
      `（差 ${diffText(diff, m, f)}）`,
    cells: [f.cell.addr],
    ...(slip ? { tags: ['unit-slip'] } : {}),
    message: rounding
      ? {
          zh: `「${short(claim.subject)}」正文 ${stated}，表中 ${figureText(f)}，差异在四舍五入误差之内`,
          en: `"${short(claim.subject)}": text ${stated}, table ${figureText(f)}, within rounding`,
        }
      : slip
        ? {
            zh: `「${short(claim.subject)}」正文 ${stated} 与表中 ${figureText(f)} 相差一万倍，疑似单位错误`,
            en: `"${short(claim.subject)}": text ${stated} is 10,000 times the table's ${figureText(f)}, a unit slip`,
          }
        : {
            zh: `「${short(claim.subject)}」正文写 ${stated}，表中为 ${figureText(f)}（应为 ${expectedOf(f)}）`,
            en:
              `"${short(claim.subject)}": the text says ${stated}, ` +
              `the table ${figureText(f)} (expected ${expectedOf(f)})`,
          },
  };
}

/** The 政府采购 table's total in the scope of a reference to one of its classes. */
const procurementTotal = (doc: BudgetDocument, ref: Extract<SubjectRef, { kind: 'figure' }>): TableFigure[] =>
  figuresFor(doc, { kind: 'figure', keys: ['procurement'], ...(ref.scope ? { scope: ref.scope } : {}) });

/**
 * A stated 0 for what the tables leave out: a function subject no expenditure table lists (tables print only the
 * subjects with money), or the 政府性基金 / 国有资本经营 spending whose table is published empty ("本表无数据").
 */
function zeroByAbsence(doc: BudgetDocument, claim: AmountClaim): ClaimResult | undefined {
  const stated = moneyText(claim.value);
  const ref = claim.ref;
  const pass = (table: BudgetTable, zh: string, en: string): ClaimResult => ({
    claim,
    status: 'passed',
    stated,
    expected: stated,
    unit: claim.value.unit,
    cells: [],
    derivation: `#${table.index}《${table.title || table.kind}》${zh} = 正文 ${moneyNum(claim.value)}`,
    message: { zh: `「${short(claim.subject)}」${stated}：${zh}`, en: `"${short(claim.subject)}" ${stated}: ${en}` },
  });
  if (ref.kind === 'function') {
    const t = doc.tables.find(
      (x) =>
        (x.kind === 'gpb-expenditure' || x.kind === 'expenditure') &&
        !x.empty &&
        x.classification === 'function' &&
        x.rows.length > 0,
    );
    return t
      ? pass(
          t,
          '未列这一科目（表中只列有金额的科目，即为 0）',
          'the table does not list this subject (it lists only subjects with money: zero)',
        )
      : undefined;
  }
  // A 政府采购 table that lists its classes (货物 …) lists those it buys: a class it leaves out is 0.
  if (ref.kind === 'figure' && ref.keys.some((k) => k.startsWith('procurement:'))) {
    const classes = figuresFor(doc, {
      kind: 'figure',
      keys: ['procurement:goods', 'procurement:works', 'procurement:services'],
      ...(ref.scope ? { scope: ref.scope } : {}),
    });
    const total = procurementTotal(doc, ref).find((t) => classes.some((c) => c.table === t.table));
    return total
      ? pass(
          total.table,
          '未列这一类（表中只列有金额的类别，即为 0）',
          'does not list this class (it lists only the classes with money: zero)',
        )
      : undefined;
  }
  if (ref.kind === 'figure') {
    const kind = ref.keys.includes('gov-fund-expenditure')
      ? 'gov-fund'
      : ref.keys.includes('soe-expenditure')
        ? 'soe-capital'
        : undefined;
    const t = kind ? doc.tables.find((x) => x.kind === kind && x.empty) : undefined;
    return t ? pass(t, '为空表（本表无数据），即为 0', 'is published empty (no data): zero') : undefined;
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------------------------------
// Percentages

interface Ratio {
  /** Exact ratio × 100 of the printed figures. */
  readonly value: Decimal;
  readonly min: Decimal;
  readonly max: Decimal;
}

/** num ÷ den × 100, with the interval the printed precision of both allows. */
function ratio(num: Decimal, numHalf: Decimal, den: Decimal, denHalf: Decimal): Ratio | undefined {
  if (den.lte(0)) return undefined;
  const value = num.dividedBy(den).times(HUNDRED);
  const dMin = den.minus(denHalf);
  const min = Decimal.max(num.minus(numHalf), ZERO).dividedBy(den.plus(denHalf)).times(HUNDRED);
  const max = dMin.lte(0) ? new Decimal(Infinity) : num.plus(numHalf).dividedBy(dMin).times(HUNDRED);
  return { value, min, max };
}

type PctVerdict = 'exact' | 'rounding' | 'padded' | 'wrong';
function pctVerdict(r: Ratio, p: Amount): PctVerdict {
  const stated = p.value.abs();
  if (r.value.toDecimalPlaces(p.scale, Decimal.ROUND_HALF_UP).equals(stated)) return 'exact';
  // Printed truncated rather than rounded (9.558% as 9.55%): within rounding.
  if (r.value.toDecimalPlaces(p.scale, Decimal.ROUND_DOWN).equals(stated)) return 'rounding';
  const h = halfUlp(p.scale);
  return stated.plus(h).gte(r.min) && stated.minus(h).lte(r.max) ? 'rounding' : 'wrong';
}
/**
 * A rate printed with zeros after a whole percent ("5.0%", "4.00%") that is the true rate cut or rounded to a whole
 * percent (5.11% → 5 → "5.0%"): a precision the figure does not have, worth a warning, not an arithmetic error.
 */
function paddedVerdict(r: Ratio, p: Amount): string | undefined {
  if (p.scale === 0 || !p.value.isInteger()) return undefined;
  const whole = p.value.abs();
  const cut = r.value.toDecimalPlaces(0, Decimal.ROUND_DOWN);
  const rounded = r.value.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  if (!cut.equals(whole) && !rounded.equals(whole)) return undefined;
  return `似是取整到 ${whole.toString()}% 后补零印成 ${formatDecimal(p.value.abs(), p.scale)}%，小数位并非实际精度`;
}

/** A rate printed as a whole percent with zeros added: a warning, with what the figures give. */
function paddedWarning<B extends Omit<ClaimResult, 'status' | 'message'>>(
  base: B,
  what: string,
  padded: string,
): ClaimResult {
  return {
    ...base,
    status: 'warning',
    severity: 'warning',
    message: {
      zh: `${what}：${padded}`,
      en:
        `${base.stated}, the printed figures give ${base.expected ?? '—'}: ` +
        'printed as a whole percent with zeros added',
    },
  };
}

/** Words that name a scope of money (a whole named without them may be any scope's total). */
const SCOPE_WORDS = /财政拨款|一般公共预算|政府性基金|国有资本|财政专户|单位资金/u;

const pctShown = (r: Ratio, p: Amount): string =>
  `${formatDecimal(r.value, p.scale + 1)}% → ${formatDecimal(r.value, p.scale)}%`;

function checkShare(claim: ShareClaim, doc: BudgetDocument): ClaimResult {
  const stated = pctText(claim.share);
  const part = claim.part;
  if (!part)
    return notChecked(claim, stated, '句中没有这一占比对应的金额', 'the sentence states no amount for this share');
  const candidates: {
    label: string;
    en: string;
    value: Decimal;
    half: Decimal;
    text: string;
    cells: CellAddress[];
    /** A reading that may pass the share, never fail it (a whole of another scope than the one named). */
    wide?: boolean;
  }[] = [];
  if (claim.ownTotal) {
    const t = claim.ownTotal.value;
    candidates.push({
      label: `本句总额「${short(claim.ownTotal.subject, 16)}」`,
      en: "the sentence's own total",
      value: yuan(t),
      half: halfYuan(t),
      text: t.unit === part.unit ? num(t.amount) : moneyNum(t),
      cells: [],
    });
  }
  const tableCandidate = (total: TableFigure, cells: CellAddress[], label: string): void => {
    if (candidates.some((c) => c.value.equals(figureValue(total)) && c.cells.length > 0)) return;
    candidates.push({
      label,
      en: "the table's total",
      value: figureValue(total),
      half: halfUlp(figureScale(total)).times(total.table.unit.factor),
      text: total.table.unit.name === part.unit && total.cell.amount ? num(total.cell.amount) : figureText(total),
      cells,
    });
  };
  if (claim.completion) {
    // 完成年初预算的 r%: the budget of the sentence, else the table's 预算数 of the same subject, and nothing else.
    const ref = claim.completion.budgetRef;
    if (!claim.ownTotal && ref && ref.kind !== 'none' && hasTables(doc))
      for (const w of figuresFor(doc, ref)) tableCandidate(w, [w.cell.addr], `表中预算数 ${w.label}`);
    if (candidates.length === 0)
      return notChecked(
        claim,
        stated,
        '句中没有年初预算数，表中也没有',
        'the sentence states no budget and no table prints it',
      );
  }
  const named =
    !claim.completion && claim.whole && claim.whole.ref.kind !== 'none' && hasTables(doc)
      ? figuresFor(doc, claim.whole.ref)
      : [];
  // A whole named without its scope ("占部门支出总额的 22%") may be the total of another scope (财政拨款,
  // 一般公共预算): those may pass the share, never fail it.
  const wide =
    !claim.completion &&
    claim.whole?.ref.kind === 'figure' &&
    claim.whole.ref.scope &&
    !SCOPE_WORDS.test(claim.whole.subject) &&
    hasTables(doc)
      ? figuresFor(doc, { kind: 'figure', keys: claim.whole.ref.keys }).filter((f) => !named.includes(f))
      : [];
  if (claim.completion) {
    // candidates are set
  } else if (named.length > 0) {
    // "占基本支出的 13.7%": the whole the sentence names, and nothing else.
    candidates.length = 0;
    for (const w of named) tableCandidate(w, [w.cell.addr], `句中所指总额 ${w.label}`);
  } else if (claim.ref && hasTables(doc)) {
    // The part's figure in each table, and that table's total (支出合计 in the 支出总表, 基本支出 in the 基本支出表 …);
    // only the tables where the part is the stated amount, when some are (the same scope as the sentence's).
    const figs = figuresFor(doc, claim.ref);
    const same = figs.filter((f) => compareToFigure(part, f).exact);
    for (const fig of same.length > 0 ? same : figs) {
      const total = tableTotalOf(fig);
      if (total) tableCandidate(total, [total.cell.addr, fig.cell.addr], `表中总额 ${total.label}`);
    }
  }
  for (const w of wide)
    if (!candidates.some((c) => c.value.equals(figureValue(w))))
      candidates.push({
        label: `句中所指总额（另一口径）${w.label}`,
        en: "the named whole's total of another scope",
        value: figureValue(w),
        half: halfUlp(figureScale(w)).times(w.table.unit.factor),
        text: w.table.unit.name === part.unit && w.cell.amount ? num(w.cell.amount) : figureText(w),
        cells: [w.cell.addr],
        wide: true,
      });
  const parts = claim.list.map((e) => e.part);
  if (!claim.completion && named.length === 0 && claim.list.length >= 2 && parts.every(Boolean)) {
    const sumShares = claim.list.reduce((a, e) => a.plus(e.share.amount.value), ZERO);
    if (sumShares.minus(HUNDRED).abs().lte(1)) {
      const ps = parts as StatedMoney[];
      const u = part.unit;
      candidates.push({
        label: '各项之和',
        en: 'the sum of the listed parts',
        value: ps.reduce((a, p) => a.plus(yuan(p)), ZERO),
        half: ps.reduce((a, p) => a.plus(halfYuan(p)), ZERO),
        text: `${ps.map((p) => (p.unit === u ? num(p.amount) : moneyNum(p))).join(' + ')} = ${inUnit(
          ps.reduce((a, p) => a.plus(yuan(p)), ZERO),
          u,
          Math.max(...ps.map((p) => p.amount.scale)),
        )}`,
        cells: [],
      });
    }
  }
  if (candidates.length === 0)
    return notChecked(
      claim,
      stated,
      '找不到这一占比的分母（句中没有总额，表中没有对应数字）',
      'no whole to take the share of (no total in the sentence, no table figure)',
    );
  const results = candidates
    .map((c) => {
      const r = ratio(yuan(part), halfYuan(part), c.value, c.half);
      return { c, r, v: r ? pctVerdict(r, claim.share.amount) : undefined };
    })
    .filter((x): x is { c: (typeof candidates)[number]; r: Ratio; v: PctVerdict } => x.r !== undefined)
    // A sentence's total printed in another unit than its part ("预算支出 1682.76 元" beside 万元 parts) that makes a
    // part thousands of times its whole is no whole of it: that total's own claim reports the unit.
    .filter(
      (x) =>
        claim.completion ||
        x.c.cells.length > 0 ||
        x.r.value.lte(HUNDRED.times(10)) ||
        claim.ownTotal?.value.unit === part.unit,
    );
  if (results.length === 0) return notChecked(claim, stated, '总额为 0，占比无从计算', 'the whole is zero');
  const best =
    results.find((x) => x.v === 'exact') ?? results.find((x) => x.v === 'rounding') ?? results.find((x) => !x.c.wide);
  if (!best)
    return notChecked(
      claim,
      stated,
      `「${claim.whole?.subject ?? ''}」未说明口径，表中各口径的合计均不相符`,
      "the named whole names no scope, and no scope's total in the tables fits",
    );
  const numerator = best.c.text.endsWith(part.unit) ? moneyNum(part) : num(part.amount);
  const denominator = best.c.text.includes('=') ? `(${best.c.text})` : best.c.text;
  const derivation = `${numerator} ÷ ${denominator} = ${pctShown(best.r, claim.share.amount)}（分母：${best.c.label}）`;
  const expected = `${formatDecimal(best.r.value, claim.share.amount.scale)}%`;
  const base = { claim, stated, expected, derivation, cells: best.c.cells };
  if (best.v === 'exact')
    return { ...base, status: 'passed', message: { zh: `占比 ${stated} 正确`, en: `share ${stated} is right` } };
  if (best.v === 'rounding')
    return {
      ...base,
      status: 'passed',
      severity: 'info',
      message: {
        zh: `占比 ${stated}（按印刷数字算得 ${expected}）在四舍五入误差之内`,
        en: `share ${stated} (the printed figures give ${expected}) is within rounding`,
      },
    };
  // Off by one in the last digit, in a list whose printed shares add up to exactly 100%: nudged so they do.
  const ulp = new Decimal(1).dividedBy(new Decimal(10).pow(claim.share.amount.scale));
  const listSum = claim.list.reduce((a, e) => a.plus(e.share.amount.value), ZERO);
  const gap = best.r.value
    .toDecimalPlaces(claim.share.amount.scale, Decimal.ROUND_HALF_UP)
    .minus(claim.share.amount.value);
  if (claim.list.length >= 2 && listSum.equals(HUNDRED) && gap.abs().equals(ulp))
    return {
      ...base,
      status: 'warning',
      severity: 'warning',
      tags: ['tail-adjustment'],
      message: {
        zh: `占比 ${stated}，按印刷数字算得 ${expected}：末位相差 1，可能是为使各项占比之和为 100% 而做的尾差调整`,
        en:
          `share ${stated}, the printed figures give ${expected}: ` +
          'off by one in the last digit, probably adjusted so the shares add up to 100%',
      },
    };
  const padded = paddedVerdict(best.r, claim.share.amount);
  if (padded) return paddedWarning(base, `占比 ${stated}，按印刷数字算得 ${expected}`, padded);
  // The part may be a part of what the tables say (a 绩效 sentence, a project under 项目支出): the table's whole may
  // be another scope's.
  const partOf = claim.ref && claim.ref.kind !== 'none' && claim.ref.kind !== 'economic' ? claim.ref.part : undefined;
  if (partOf && best.c.cells.length > 0)
    return notChecked(claim, stated, partOf.zh, partOf.en, { derivation, expected });
  return {
    ...base,
    status: 'failed',
    severity: 'error',
    message: {
      zh: `「${short(claim.subject)}」占比写 ${stated}，按${best.c.label}应为 ${expected}`,
      en: `"${short(claim.subject)}": the share is stated as ${stated}, ${best.c.en} gives ${expected}`,
    },
  };
}

// ------------------------------------------------------------------------------------------------------------------
// Changes

interface Prior {
  /** In 元. */
  readonly value: Decimal;
  readonly half: Decimal;
  readonly text: string;
  readonly unit: UnitName;
  readonly scale: number;
}

function priorOf(current: StatedMoney, delta: StatedMoney & { direction: Direction }): Prior {
  const d = yuan(delta).abs();
  const value = delta.direction === 'up' ? yuan(current).minus(d) : yuan(current).plus(d);
  const unit = current.unit;
  const scale = Math.max(current.amount.scale, delta.unit === unit ? delta.amount.scale : 0);
  const dText =
    delta.unit === unit
      ? formatDecimal(delta.amount.value.abs(), delta.amount.scale)
      : `${formatDecimal(delta.amount.value.abs(), delta.amount.scale)} ${delta.unit}`;
  return {
    value,
    half: halfYuan(current).plus(halfYuan(delta)),
    unit,
    scale,
    text: `${num(current.amount)} ${delta.direction === 'up' ? '−' : '+'} ${dText} = ${inUnit(value, unit, scale)}`,
  };
}

function implied(
  claim: Claim,
  basis: ChangeClaim['basis'],
  sameScope: boolean,
  value: Decimal,
  unit: UnitName,
  scale: number,
  approximate: boolean,
  derivation: string,
): ImpliedPrior {
  return {
    subject: claim.subject,
    basis,
    sameScope,
    value: inUnit(value, unit, scale),
    unit,
    approximate,
    derivation,
    block: claim.block,
    start: claim.start,
    endBlock: claim.endBlock,
    end: claim.end,
  };
}

function directionMismatch(c: StatedChange): boolean {
  return Boolean(c.delta && c.percent && c.delta.direction !== c.percent.direction);
}

/**
 * A change read one way, then (when it fails) the other ways the sentence allows: the first reading that adds up is
 * the result; when none does and the reading is unsure, the claim is not checked, with the reason.
 */
function checkChange(claim: ChangeClaim): ClaimResult {
  const first = checkChangeReading(claim);
  if (first.status !== 'failed' && first.status !== 'warning') return first;
  for (const alt of claim.alternatives ?? []) {
    const r = checkChangeReading({ ...claim, subject: alt.subject, current: alt.value });
    if (r.status === 'passed') return { ...r, claim };
  }
  if (claim.priorMayBeChange && claim.prior && claim.percent) {
    const { prior, ...rest } = claim;
    const r = checkChangeReading({
      ...rest,
      delta: { ...prior, direction: claim.percent.direction, word: claim.percent.word },
    });
    if (r.status === 'passed') return { ...r, claim };
  }
  if (claim.doubt)
    return notChecked(claim, first.stated, claim.doubt.zh, claim.doubt.en, {
      derivation: first.derivation,
      ...(first.impliedPrior ? { impliedPrior: first.impliedPrior } : {}),
    });
  return first;
}

function checkChangeReading(claim: ChangeClaim): ClaimResult {
  const { current, delta, percent } = claim;
  const stated = percent ? `${percent.word} ${pctText(percent)}` : delta ? `${delta.word} ${moneyText(delta)}` : '';
  if (directionMismatch(claim)) {
    return {
      claim,
      status: 'failed',
      severity: 'error',
      stated,
      expected: null,
      cells: [],
      derivation: `${delta!.word} ${moneyText(delta!)} 与 ${percent!.word} ${pctText(percent!)} 方向相反`,
      message: {
        zh: `增减方向自相矛盾：「${delta!.word}」与「${percent!.word}」`,
        en: `the direction words contradict each other: ${delta!.word} vs ${percent!.word}`,
      },
    };
  }
  if (claim.prior && (delta || percent) && (current || delta)) return checkChangeWithPrior(claim, claim.prior, stated);
  if (!current)
    return notChecked(
      claim,
      stated,
      '句中没有本年数，无从推算上年数',
      'no current figure in the paragraph to derive the prior from',
    );
  if (delta) {
    const prior = priorOf(current, delta);
    const ip = implied(claim, claim.basis, claim.sameScope, prior.value, prior.unit, prior.scale, false, prior.text);
    if (prior.value.lt(prior.half.negated())) {
      return {
        claim,
        status: 'failed',
        severity: 'error',
        stated,
        expected: null,
        cells: [],
        derivation: prior.text,
        impliedPrior: ip,
        message: {
          zh: `${delta.word}额 ${moneyText(delta)} 大于本年数 ${moneyText(current)}，推算的上年数为负`,
          en:
            `the ${delta.direction === 'up' ? 'increase' : 'decrease'} ${moneyText(delta)} exceeds ` +
            `the current ${moneyText(current)}: the implied prior is negative`,
        },
      };
    }
    if (!percent)
      return notChecked(
        claim,
        stated,
        `只写了增减额，没有增幅可核对（推算上年数 ${inUnit(prior.value, prior.unit, prior.scale)} ${prior.unit}）`,
        'only the amount of change is stated, no rate to recompute ' +
          `(implied prior ${inUnit(prior.value, prior.unit, prior.scale)} ${prior.unit})`,
        { derivation: prior.text, impliedPrior: ip },
      );
    if (prior.value.abs().lte(prior.half) && delta.amount.value.isZero() && percent.amount.value.isZero()) {
      return {
        claim,
        status: 'passed',
        stated,
        expected: '0%',
        cells: [],
        impliedPrior: ip,
        derivation: `${prior.text}；增减为 0，增幅 0%`,
        message: { zh: '增减为 0，增幅 0%：没有变化', en: 'no change: zero amount and zero rate' },
      };
    }
    if (prior.value.abs().lte(prior.half)) {
      return {
        claim,
        status: 'warning',
        severity: 'warning',
        stated,
        expected: null,
        cells: [],
        impliedPrior: ip,
        derivation: `${prior.text}；上年为 0，增长率无从计算（正文写 ${pctText(percent)}）`,
        message: {
          zh: `上年数为 0（${prior.text}），${percent.word} ${pctText(percent)} 无意义：从零增长没有增长率`,
          en: `the prior is zero (${prior.text}); a rate of ${pctText(percent)} from zero is meaningless`,
        },
      };
    }
    const r = ratio(yuan(delta).abs(), halfYuan(delta), prior.value, prior.half)!;
    const v = pctVerdict(r, percent.amount);
    const dText =
      delta.unit === prior.unit ? formatDecimal(delta.amount.value.abs(), delta.amount.scale) : moneyNum(delta);
    const derivation =
      `${prior.text}；${dText} ÷ ${inUnit(prior.value, prior.unit, prior.scale)} = ` + pctShown(r, percent.amount);
    const expected = `${formatDecimal(r.value, percent.amount.scale)}%`;
    const base = { claim, stated, expected, derivation, cells: [], impliedPrior: ip, unit: prior.unit };
    if (v === 'exact')
      return {
        ...base,
        status: 'passed',
        message: {
          zh: `${percent.word} ${pctText(percent)} 与增减额一致`,
          en: `the rate ${pctText(percent)} agrees with the amount of change`,
        },
      };
    if (v === 'rounding')
      return {
        ...base,
        status: 'passed',
        severity: 'info',
        message: {
          zh: `${percent.word} ${pctText(percent)}（按印刷数字算得 ${expected}）在四舍五入误差之内`,
          en: `the rate ${pctText(percent)} (the printed figures give ${expected}) is within rounding`,
        },
      };
    const padded = paddedVerdict(r, percent.amount);
    if (padded) return paddedWarning(base, `${percent.word} ${pctText(percent)}，按增减额算得 ${expected}`, padded);
    if (claim.sameScope) {
      return {
        ...base,
        status: 'warning',
        severity: 'warning',
        message: {
          zh: `同口径${percent.word} ${pctText(percent)} 与按本年数推算的 ${expected} 不符（同口径的本年数可能不同）`,
          en:
            `the like-for-like rate ${pctText(percent)} differs from ${expected} computed on the current figure ` +
            '(the like-for-like current figure may differ)',
        },
      };
    }
    return {
      ...base,
      status: 'failed',
      severity: 'error',
      message: {
        zh: `「${short(claim.subject)}」${percent.word} ${pctText(percent)}，按增减额应为 ${expected}`,
        en:
          `"${short(claim.subject)}": the rate is stated as ${pctText(percent)}, ` +
          `the amount of change gives ${expected}`,
      },
    };
  }
  // A rate only: the prior is implied, approximately.
  if (percent) {
    const p = percent.amount.value.abs().dividedBy(HUNDRED);
    const k = percent.direction === 'up' ? new Decimal(1).plus(p) : new Decimal(1).minus(p);
    const ip = k.gt(0)
      ? implied(
          claim,
          claim.basis,
          claim.sameScope,
          yuan(current).dividedBy(k),
          current.unit,
          current.amount.scale,
          true,
          `${num(current.amount)} ÷ (1 ${percent.direction === 'up' ? '+' : '−'} ${pctText(percent)}) ≈ ` +
            inUnit(yuan(current).dividedBy(k), current.unit, current.amount.scale),
        )
      : undefined;
    return notChecked(
      claim,
      stated,
      '只写了增幅，没有增减额可核对',
      'only a rate is stated, no amount of change to check it with',
      { ...(ip ? { impliedPrior: ip, derivation: ip.derivation } : {}) },
    );
  }
  return notChecked(claim, stated, '没有增减数字', 'no figure of change');
}

/**
 * A change whose base the sentence states ("比 2025 年年初预算数 28,479.84 万元增加 1,476.43 万元，增长 5.18%";
 * "上年预算执行数为 A 万元，本年预算安排 B 万元，比上年预算执行数增加 r%"): the amount of change against current − prior,
 * the rate against the change ÷ prior.
 */
function checkChangeWithPrior(claim: ChangeClaim, prior: StatedMoney, stated: string): ClaimResult {
  const { current, delta, percent } = claim;
  const unit = prior.unit;
  const scale = Math.max(prior.amount.scale, current?.amount.scale ?? 0, delta?.amount.scale ?? 0);
  const steps: string[] = [];
  const verdicts: PctVerdict[] = [];
  let expected: string | null = null;
  let d = delta ? yuan(delta).abs() : undefined;
  let dHalf = delta ? halfYuan(delta) : ZERO;
  if (current) {
    const diff = yuan(current).minus(yuan(prior));
    const half = halfYuan(current).plus(halfYuan(prior));
    const dir: Direction = diff.isNegative() ? 'down' : 'up';
    const shown = `${num(current.amount)} − ${num(prior.amount)} = ${inUnit(diff, unit, scale)}`;
    if (delta) {
      const gap = diff.abs().minus(yuan(delta).abs()).abs();
      const v: PctVerdict = gap.isZero() ? 'exact' : gap.lte(half.plus(halfYuan(delta))) ? 'rounding' : 'wrong';
      verdicts.push(diff.abs().gt(half) && dir !== delta.direction ? 'wrong' : v);
      steps.push(`${shown}（正文${delta.word} ${moneyText(delta)}）`);
      expected = `${inUnit(diff.abs(), delta.unit, delta.amount.scale)} ${delta.unit}`;
    } else {
      d = diff.abs();
      dHalf = half;
      steps.push(shown);
      if (percent && diff.abs().gt(half) && dir !== percent.direction) verdicts.push('wrong');
    }
  }
  if (percent && d !== undefined) {
    const r = ratio(d, dHalf, yuan(prior), halfYuan(prior));
    if (r) {
      const v = pctVerdict(r, percent.amount);
      verdicts.push(v === 'wrong' && paddedVerdict(r, percent.amount) ? 'padded' : v);
      steps.push(`${inUnit(d, unit, scale)} ÷ ${num(prior.amount)} = ${pctShown(r, percent.amount)}`);
      expected = `${formatDecimal(r.value, percent.amount.scale)}%`;
    }
  }
  const ip = implied(
    claim,
    claim.basis,
    claim.sameScope,
    yuan(prior),
    unit,
    prior.amount.scale,
    false,
    `正文所列上年数 ${moneyText(prior)}`,
  );
  if (verdicts.length === 0)
    return notChecked(
      claim,
      stated,
      '句中写了上年数，但没有可核对的增减',
      'the sentence states the prior but nothing to check it with',
      { impliedPrior: ip },
    );
  const derivation = `上年数 ${moneyText(prior)}（正文）；${steps.join('；')}`;
  const base = { claim, stated, expected, derivation, cells: [], impliedPrior: ip, unit };
  if (verdicts[0] === 'wrong' && delta && current) {
    const diff = `${inUnit(yuan(current).minus(yuan(prior)).abs(), delta.unit, delta.amount.scale)} ${delta.unit}`;
    return {
      ...base,
      status: 'failed',
      severity: 'error',
      expected: diff,
      message: {
        zh:
          `「${short(claim.subject)}」${delta.word} ${moneyText(delta)}，` +
          `按本年数 ${moneyText(current)} 与正文所列上年数 ${moneyText(prior)} 应为 ${diff}`,
        en:
          `"${short(claim.subject)}": the change is stated as ${moneyText(delta)}, ` +
          `the current ${moneyText(current)} and the stated prior ${moneyText(prior)} give ${diff}`,
      },
    };
  }
  if (verdicts.includes('wrong')) {
    return {
      ...base,
      status: 'failed',
      severity: 'error',
      message: {
        zh: `「${short(claim.subject)}」${stated}，按正文所列上年数 ${moneyText(prior)} 应为 ${expected ?? '—'}`,
        en: `"${short(claim.subject)}": ${stated}, the stated prior ${moneyText(prior)} gives ${expected ?? '—'}`,
      },
    };
  }
  if (verdicts.includes('padded'))
    return paddedWarning(
      base,
      `${stated}，按正文所列上年数算得 ${expected ?? '—'}`,
      '似是取整后补零，小数位并非实际精度',
    );
  if (verdicts.includes('rounding'))
    return {
      ...base,
      status: 'passed',
      severity: 'info',
      message: {
        zh: `${stated} 与正文所列上年数相符（四舍五入误差之内）`,
        en: `${stated} agrees with the stated prior (within rounding)`,
      },
    };
  return {
    ...base,
    status: 'passed',
    message: {
      zh: `${stated} 与正文所列上年数 ${moneyText(prior)} 相符`,
      en: `${stated} agrees with the stated prior ${moneyText(prior)}`,
    },
  };
}

// ------------------------------------------------------------------------------------------------------------------
// 持平

function checkFlat(claim: FlatClaim): ClaimResult {
  const word = claim.basic ? '基本持平' : '持平';
  const current = claim.current;
  if (claim.againstBudget) return checkFlatAgainstBudget(claim, word);
  const ch = claim.change;
  if (ch && claim.afterReason)
    return notChecked(
      claim,
      word,
      '「持平」写在增减原因的说明之后，说的是说明中另一口径的比较，不是同句所写的增减',
      'the "flat" follows the reason for the change: it concludes that explanation, not the stated change',
    );
  if (ch && directionMismatch(ch))
    return notChecked(claim, word, '同句的增减方向自相矛盾', 'the change in the sentence contradicts itself');
  if (ch && (ch.delta || ch.percent)) {
    const deltaZero = ch.delta ? ch.delta.amount.value.isZero() : true;
    const pctZero = ch.percent ? ch.percent.amount.value.isZero() : true;
    let pct: Decimal | undefined = ch.percent?.amount.value.abs();
    let derivation = ch.percent ? `${ch.percent.word} ${pctText(ch.percent)}` : '';
    if (!pct && ch.delta && current) {
      const prior = priorOf(current, ch.delta);
      const r = prior.value.gt(0) ? ratio(yuan(ch.delta).abs(), ZERO, prior.value, ZERO) : undefined;
      if (r) {
        pct = r.value;
        derivation =
          `${prior.text}；${formatDecimal(ch.delta.amount.value.abs(), ch.delta.amount.scale)} ÷ ` +
          `${inUnit(prior.value, prior.unit, prior.scale)} = ${formatDecimal(r.value, 2)}%`;
      }
    }
    const changeText = [
      ch.delta ? `${ch.delta.word} ${moneyText(ch.delta)}` : '',
      ch.percent ? `${ch.percent.word} ${pctText(ch.percent)}` : '',
    ]
      .filter(Boolean)
      .join('，');
    if (!claim.basic) {
      if (deltaZero && pctZero)
        return {
          claim,
          status: 'passed',
          stated: word,
          expected: word,
          derivation: changeText,
          cells: [],
          message: { zh: '持平：同句的增减为 0', en: 'flat: the stated change is zero' },
        };
      return {
        claim,
        status: 'failed',
        severity: 'error',
        stated: word,
        expected: changeText,
        derivation: `${changeText} ≠ 0`,
        cells: [],
        message: {
          zh: `说「${word}」，同句却写${changeText}`,
          en: `says flat, but the same sentence states a change (${changeText})`,
        },
      };
    }
    if (!pct) return notChecked(claim, word, '无法算出变动幅度', 'the size of the change cannot be computed');
    const within = pct.lte(FLAT_TOLERANCE_PERCENT);
    return {
      claim,
      status: within ? 'passed' : 'warning',
      ...(within ? {} : { severity: 'warning' as const }),
      stated: word,
      expected: `${formatDecimal(pct, 2)}%`,
      derivation: `${derivation}；${within ? '≤' : '>'} ${FLAT_TOLERANCE_PERCENT.toFixed(0)}%`,
      cells: [],
      message: within
        ? {
            zh: `基本持平：变动 ${formatDecimal(pct, 2)}%，不超过 ${FLAT_TOLERANCE_PERCENT.toFixed(0)}%`,
            en: `basically flat: a change of ${formatDecimal(pct, 2)}%, at most ${FLAT_TOLERANCE_PERCENT.toFixed(0)}%`,
          }
        : {
            zh: `说「基本持平」，但变动 ${formatDecimal(pct, 2)}%，超过 ${FLAT_TOLERANCE_PERCENT.toFixed(0)}%`,
            en:
              `says basically flat, but the change is ${formatDecimal(pct, 2)}%, ` +
              `over ${FLAT_TOLERANCE_PERCENT.toFixed(0)}%`,
          },
    };
  }
  if (!current)
    return notChecked(claim, word, '没有本年数，也没有上年数', 'no current figure and no prior-year figure');
  const ip = implied(
    claim,
    claim.basis,
    false,
    yuan(current),
    current.unit,
    current.amount.scale,
    claim.basic,
    `${word}：上年 ≈ 本年 ${moneyText(current)}`,
  );
  return notChecked(
    claim,
    word,
    `页面没有上年数可比较（推算上年数 ${claim.basic ? '约 ' : ''}${moneyText(current)}）`,
    'the page has no prior-year figure to compare with ' +
      `(implied prior ${claim.basic ? 'about ' : ''}${moneyText(current)})`,
    { impliedPrior: ip, derivation: ip.derivation },
  );
}

/** "决算数与预算数（基本）持平": the outturn against the budget stated before it; 持平 within rounding, 基本持平 within 1%. */
function checkFlatAgainstBudget(claim: FlatClaim, word: string): ClaimResult {
  const current = claim.current;
  const budget = claim.againstBudget?.budget;
  if (!current || !budget)
    return notChecked(claim, word, '句中没有决算数与预算数', 'the sentence states no outturn and budget to compare');
  const diff = yuan(current).minus(yuan(budget)).abs();
  const half = halfYuan(current).plus(halfYuan(budget));
  const r = yuan(budget).gt(0) ? diff.dividedBy(yuan(budget)).times(HUNDRED) : undefined;
  const limit = claim.basic ? FLAT_TOLERANCE_PERCENT : ZERO;
  const within = diff.lte(half) || (r !== undefined && r.lte(limit));
  const pctShownText = r !== undefined ? `（${formatDecimal(r, 2)}%）` : '';
  const diffShown = inUnit(diff, current.unit, Math.max(current.amount.scale, budget.amount.scale));
  const derivation = `决算 ${moneyText(current)} − 预算 ${moneyText(budget)} = ${diffShown} ${current.unit}${pctShownText}`;
  const base = {
    claim,
    stated: word,
    expected: r !== undefined ? `${formatDecimal(r, 2)}%` : null,
    derivation,
    cells: [],
    unit: current.unit,
  };
  if (within)
    return {
      ...base,
      status: 'passed',
      message: {
        zh: `${word}：决算数与预算数相差${pctShownText || ' 0'}`,
        en: `${word}: the outturn and the budget differ by ${r !== undefined ? `${formatDecimal(r, 2)}%` : '0'}`,
      },
    };
  return {
    ...base,
    status: 'warning',
    severity: 'warning',
    message: {
      zh: `说「${word}」，但决算 ${moneyText(current)} 与预算 ${moneyText(budget)} 相差${pctShownText}`,
      en:
        `says ${word}, but the outturn ${moneyText(current)} and the budget ${moneyText(budget)} ` +
        `differ${pctShownText}`,
    },
  };
}

// ------------------------------------------------------------------------------------------------------------------
// Compositions

const TEMPLATE_ZH: Record<CompositionClaim['template'], [string, string]> = {
  'three-public': [
    '“三公”经费 = 因公出国（境）费用 + 公务接待费 + 公务用车购置及运行维护费',
    '"three public" = abroad + reception + cars',
  ],
  car: ['公务用车购置及运行维护费 = 购置费 + 运行维护费', 'cars = purchase + running'],
  procurement: ['政府采购 = 货物 + 工程 + 服务', 'procurement = goods + works + services'],
  basic: ['基本支出 = 人员经费 + 公用经费', 'basic = personnel + public'],
};

function checkComposition(claim: CompositionClaim, doc: BudgetDocument): ClaimResult {
  const total = claim.total.value;
  const stated = moneyText(total);
  const [whatZh, whatEn] = TEMPLATE_ZH[claim.template];
  const scale = total.amount.scale;
  const sum = claim.parts.reduce((a, p) => a.plus(yuan(p.value)), ZERO);
  const expected = `${inUnit(sum, total.unit, scale)} ${total.unit}`;
  const own = sumVerdict(
    textOperand(total),
    claim.parts.map((p) => textOperand(p.value)),
  );
  const ownParts = claim.parts.map((p) => (p.value.unit === total.unit ? num(p.value.amount) : moneyNum(p.value)));
  const ownText = `${ownParts.join(' + ')} = ${inUnit(sum, total.unit, scale)}`;
  // The tables' parts, from one table when one has them all.
  let tableText = '';
  let tableVerdict: Verdict | undefined;
  const cells: CellAddress[] = [];
  if (hasTables(doc)) {
    const figs = claim.parts.map((p) => figuresFor(doc, p.ref));
    // Only a table that states the total as the text does: the parts of a table of another scope (all funds beside a
    // sentence about 一般公共预算) are another whole's parts. The total's own claim reports a total that differs.
    const totals = figuresFor(doc, claim.total.ref);
    const ofTotal = totals.filter((f) => compareToFigure(total, f).exact).map((f) => f.table);
    const scoped = claim.total.ref.kind === 'figure' && claim.total.ref.scope !== undefined;
    const allowed = (t: BudgetTable): boolean => (totals.length === 0 ? !scoped : ofTotal.includes(t));
    if (figs.every((f) => f.some((x) => allowed(x.table)))) {
      const sameTable = figs[0]!
        .map((f) => f.table)
        .find((t) => allowed(t) && figs.every((fs) => fs.some((f) => f.table === t)));
      const chosen = figs.map((fs) =>
        sameTable ? fs.find((f) => f.table === sameTable)! : fs.find((f) => allowed(f.table))!,
      );
      tableVerdict = sumVerdict(textOperand(total), chosen.map(tableOperand));
      const tSum = chosen.reduce((a, f) => a.plus(figureValue(f)), ZERO);
      const unitName = chosen[0]!.table.unit.name;
      const terms = chosen.map((f) => (f.cell.amount ? num(f.cell.amount) : '0')).join(' + ');
      tableText =
        `${sameTable ? `#${sameTable.index} ` : '表中 '}${terms} = ` +
        `${inUnit(tSum, unitName, Math.max(...chosen.map(figureScale)))} ${unitName}`;
      cells.push(...chosen.map((f) => f.cell.addr));
      const totalFig = totals.find((f) => allowed(f.table));
      if (totalFig) cells.unshift(totalFig.cell.addr);
    }
  }
  const ownSign = own.severity === undefined ? ' = ' : own.severity === 'info' ? ' ≈ ' : ' ≠ ';
  const derivation = `${whatZh}：${ownText}${ownSign}${num(total.amount)}${tableText ? `；${tableText}` : ''}`;
  const worst = [own.severity, tableVerdict?.severity].includes('error')
    ? 'error'
    : [own.severity, tableVerdict?.severity].includes('info')
      ? 'info'
      : undefined;
  const base = { claim, stated, expected, derivation, cells, unit: total.unit };
  if (worst === undefined)
    return {
      ...base,
      status: 'passed',
      message: {
        zh: `${whatZh}：${tableText ? '正文与表格均' : '正文各项'}相符`,
        en: `${whatEn}: ${tableText ? 'the text and the table agree' : 'the stated parts add up'}`,
      },
    };
  if (worst === 'info')
    return {
      ...base,
      status: 'passed',
      severity: 'info',
      message: { zh: `${whatZh}：差异在四舍五入误差之内`, en: `${whatEn}: within rounding` },
    };
  const byText = own.severity === 'error';
  return {
    ...base,
    status: 'failed',
    severity: 'error',
    message: byText
      ? {
          zh: `${whatZh}：各项之和 ${expected}，正文总额写 ${stated}`,
          en: `${whatEn}: the parts add up to ${expected}, the text states ${stated}`,
        }
      : {
          zh: `${whatZh}：表中各项之和与正文总额 ${stated} 不符（${tableText}）`,
          en: `${whatEn}: the table's parts do not add up to the stated ${stated} (${tableText})`,
        },
  };
}

export type { ClaimResult };
