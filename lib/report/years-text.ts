import type { Bilingual } from '../checks/types';
import { Decimal, formatDecimal } from '../money/amount';
import { unitFactor, type UnitName } from '../money/units';
import type { ImpliedFigure, LineFlag, LineIdentity, Move } from '../snapshots/compare';
import type { Threshold } from '../snapshots/schema';
import type { Lang } from './text';
import { displayWidth } from './width';

/**
 * The year-over-year section of the command line (`budget-lens audit` with several pages of one department): the
 * data the CLI builds (cli/years.ts, from lib/snapshots) and prints as `years` in --json, and its text rendering.
 * Amounts are decimal strings in 元; `display` strings are the same figures in the compared table's printed unit.
 */

export type Stage = '预算' | '决算';

/** One page of the department, and what became of it. */
export interface YearsPage {
  readonly source: string;
  readonly year: number | null;
  readonly stage: Stage | null;
  /** Budget tables of the page (0: text only). */
  readonly tables: number;
  /** Prior-year figures its text implies exactly (lib/claims, through the snapshot builder). */
  readonly implied: number;
  /**
   * compared: a column of the line table; no-table: used for the implied figures only (no expenditure table);
   * same-year: another page of that year was used (`sameYearAs`); no-year: the year is unknown.
   */
  readonly status: 'compared' | 'no-table' | 'same-year' | 'no-year';
  readonly sameYearAs?: string;
}

/**
 * A line of the compared table (identified as lib/snapshots/compare identifies it; `status` against the year before the
 * latest).
 */
export interface YearsLine extends LineIdentity {
  /** 元 per year of `comparison.years` (oldest first); null: no figure that year. */
  readonly values: readonly (string | null)[];
  /** Latest − the year before, 元; "+3.8%" (null when either is missing or the year before is 0). */
  readonly change: string | null;
  readonly percent: string | null;
  readonly display: { readonly values: readonly (string | null)[]; readonly change: string | null };
  readonly flags: readonly LineFlag[];
  /** |change| and |% change| reach the threshold (leaf lines only). */
  readonly swing: boolean;
}

export interface YearsSwing {
  /** Index in `lines`. */
  readonly line: number;
  readonly key: string;
  readonly names: readonly string[];
  readonly change: string;
  readonly percent: string | null;
}

export interface YearsComparison {
  /** The years in the line table, oldest first (`YearsLine.values` follow this order). */
  readonly years: readonly { readonly year: number; readonly stage: Stage | null; readonly source: string }[];
  readonly current: number;
  readonly against: number;
  /** The latest year's main table and the column compared (as lib/snapshots/compare chooses them). */
  readonly table: {
    readonly kind: string;
    readonly title: string;
    readonly column: readonly string[];
    readonly unit: UnitName;
    readonly scale: number;
    readonly label: Bilingual;
  };
  readonly earlierTable: { readonly kind: string; readonly title: string; readonly column: readonly string[] } | null;
  readonly threshold: Threshold;
  readonly lines: readonly YearsLine[];
  /** Swings above the threshold, largest |change| first. */
  readonly swings: readonly YearsSwing[];
  /** Lines that moved to another code or parent between the year before and the latest. */
  readonly moves: readonly Move[];
}

export interface YearsImpliedEntry extends ImpliedFigure {
  readonly storedFrom: {
    readonly source: string;
    readonly year: number;
    readonly stage: Stage | null;
    readonly table: string;
    readonly names: readonly string[];
    readonly column: readonly string[];
  } | null;
  readonly display: { readonly implied: string; readonly stored: string | null; readonly difference: string | null };
}

/** The implied prior-year figures of one year's page beside the page of the year before. */
export interface YearsImplied {
  readonly year: number;
  readonly source: string;
  readonly prior: {
    readonly year: number;
    readonly source: string;
    readonly stage: Stage | null;
    readonly tables: number;
  };
  /** The unit `display` uses. */
  readonly unit: UnitName;
  readonly entries: readonly YearsImpliedEntry[];
}

/** What the command line prints for one department given in two or more pages (--json: the `years` field). */
export interface DepartmentYears {
  readonly department: string | null;
  readonly region: string | null;
  readonly pages: readonly YearsPage[];
  /** Null when fewer than two years have an expenditure table to compare (notes say why). */
  readonly comparison: YearsComparison | null;
  readonly implied: readonly YearsImplied[];
  readonly notes: readonly Bilingual[];
}

export interface YearsOverview {
  readonly departments: readonly DepartmentYears[];
  /** Notes about pages in no comparison (other departments, unknown department or year). */
  readonly notes: readonly Bilingual[];
}

// ---------------------------------------------------------------------------------------------------------
// Text

const padEnd = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - displayWidth(s)));
const padStart = (s: string, n: number): string => ' '.repeat(Math.max(0, n - displayWidth(s))) + s;

/** Rows as aligned columns ('r': right-aligned); trailing spaces trimmed. */
function columns(rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(c))));
  return rows.map((r) =>
    (
      indent + r.map((c, i) => (align[i] === 'r' ? padStart(c, widths[i]!) : padEnd(c, widths[i]!))).join('  ')
    ).trimEnd(),
  );
}

const FLAG_SHORT: Readonly<Record<LineFlag, [string, string]>> = {
  'prior-zero': ['上年为零', 'zero before'],
  appeared: ['新列示', 'new'],
  vanished: ['不再列示', 'no longer listed'],
  moved: ['科目调整', 'moved'],
  'code-changed': ['编码变化', 'code changed'],
};

const BASIS: Readonly<Record<'执行数' | '预算数', [string, string]>> = {
  执行数: ['上年执行数', "last year's outturn"],
  预算数: ['上年预算数', "last year's budget"],
};

const NONE = '-';
const MAX_SWINGS = 10;

const stageText = (s: Stage | null, zh: boolean): string =>
  s === null ? '' : zh ? s : s === '预算' ? ' budget' : ' final accounts';
const say = (b: Bilingual, zh: boolean): string => (zh ? b.zh : b.en);

/** The year-over-year sections, after the per-page reports. Empty when there is nothing to say. */
export function yearsText(overview: YearsOverview, lang: Lang = 'zh'): string {
  const zh = lang === 'zh';
  const out: string[] = [];
  for (const d of overview.departments) {
    if (out.length > 0) out.push('');
    out.push(...departmentText(d, zh));
  }
  if (overview.notes.length > 0) {
    if (out.length > 0) out.push('');
    out.push(zh ? '== 逐年比较' : '== Year over year');
    for (const n of overview.notes) out.push(`${zh ? '注：' : 'Note: '}${say(n, zh)}`);
  }
  return out.join('\n');
}

function departmentText(d: DepartmentYears, zh: boolean): string[] {
  const out: string[] = [];
  const who = d.department ?? (zh ? '未知部门' : 'unknown department');
  out.push(
    zh
      ? `== 逐年比较：${who}${d.region ? `（${d.region}）` : ''}`
      : `== Year over year: ${who}${d.region ? ` (${d.region})` : ''}`,
  );
  const status = (p: YearsPage): string =>
    p.status === 'compared'
      ? ''
      : p.status === 'no-table'
        ? zh
          ? p.tables === 0
            ? '（只有文字说明，没有预算表）'
            : '（没有可比较的支出表）'
          : p.tables === 0
            ? ' (text only, no budget tables)'
            : ' (no expenditure table to compare)'
        : p.status === 'same-year'
          ? zh
            ? `（与 ${p.sameYearAs} 同一年度，未用）`
            : ` (same year as ${p.sameYearAs}, not used)`
          : zh
            ? '（年度未知，未用）'
            : ' (year unknown, not used)';
  out.push(zh ? '页面：' : 'Pages:');
  out.push(
    ...columns(
      d.pages.map((p) => [`${p.year ?? '?'}${stageText(p.stage, zh)}`, `${p.source}${status(p)}`]),
      ['l', 'l'],
    ),
  );

  const c = d.comparison;
  if (c) out.push(...comparisonText(c, zh));
  for (const block of d.implied) out.push(...impliedText(block, zh));
  for (const n of d.notes) out.push(`${zh ? '注：' : 'Note: '}${say(n, zh)}`);
  return out;
}

function comparisonText(c: YearsComparison, zh: boolean): string[] {
  const out: string[] = [];
  const unit = c.table.unit;
  const column = c.table.column.join(' / ');
  const mixedStages = new Set(c.years.map((y) => y.stage)).size > 1;
  const yearLabel = (y: YearsComparison['years'][number]): string =>
    `${y.year}${mixedStages ? stageText(y.stage, zh) : ''}`;
  const thresholdAmount = shownAmount(c.threshold.amount, unit);
  out.push(
    zh
      ? `比较：${c.table.label.zh}「${c.table.title}」${column} 栏 · 单位：${unit} · ${c.current} 年对 ${c.against} 年`
      : `Compared: ${c.table.label.en} "${c.table.title}", column ${column} · unit: ${unit} · ${c.current} ` +
          `against ${c.against}`,
  );
  const hasCode = c.lines.some((l) => l.code !== null);
  const head = [
    zh ? '科目' : 'Line',
    ...(hasCode ? [zh ? '编码' : 'Code'] : []),
    ...c.years.map(yearLabel),
    zh ? '增减' : 'Change',
    zh ? '增减%' : '%',
    zh ? '说明' : 'Notes',
  ];
  const rows: string[][] = [head];
  for (const l of c.lines) {
    const name = `${'  '.repeat(Math.max(0, l.level - 1))}${l.names[l.names.length - 1] ?? ''}`;
    const flags = l.flags.map((f) => FLAG_SHORT[f][zh ? 0 : 1]);
    if (l.swing) flags.unshift(zh ? '较大增减' : 'swing');
    if (l.earlierCode) flags.push(zh ? `原编码 ${l.earlierCode}` : `was ${l.earlierCode}`);
    rows.push([
      name,
      ...(hasCode ? [l.code ?? ''] : []),
      ...l.display.values.map((v) => v ?? NONE),
      l.display.change ?? NONE,
      l.percent ?? NONE,
      flags.join(zh ? '、' : ', '),
    ]);
  }
  out.push(
    ...columns(rows, ['l', ...(hasCode ? ['l' as const] : []), ...c.years.map(() => 'r' as const), 'r', 'r', 'l']),
  );

  const appeared = c.lines.filter((l) => l.flags.includes('appeared'));
  const vanished = c.lines.filter((l) => l.flags.includes('vanished'));
  const lineName = (l: YearsLine): string =>
    `${l.names.join(' › ')}${l.code ? (zh ? `（${l.code}）` : ` (${l.code})`) : ''}`;
  const latest = (l: YearsLine): string => l.display.values[l.display.values.length - 1] ?? NONE;
  const before = (l: YearsLine): string =>
    l.display.values[l.display.values.length - 2] ?? [...l.display.values].reverse().find((v) => v !== null) ?? NONE;
  if (appeared.length > 0) {
    out.push(zh ? `${c.current} 年新列示（${appeared.length}）：` : `New in ${c.current} (${appeared.length}):`);
    out.push(
      ...columns(
        appeared.map((l) => [`+ ${lineName(l)}`, latest(l)]),
        ['l', 'r'],
      ),
    );
  }
  if (vanished.length > 0) {
    out.push(
      zh ? `${c.current} 年不再列示（${vanished.length}）：` : `No longer listed in ${c.current} (${vanished.length}):`,
    );
    out.push(
      ...columns(
        vanished.map((l) => [`- ${lineName(l)}`, before(l)]),
        ['l', 'r'],
      ),
    );
  }
  if (c.moves.length > 0) {
    out.push(zh ? `科目调整（${c.moves.length}）：` : `Moved to another code (${c.moves.length}):`);
    for (const m of c.moves) out.push(`  ${say(m.label, zh)}`);
  }
  const rule = zh
    ? `|增减| ≥ ${c.threshold.percent}% 且 ≥ ${thresholdAmount} ${unit}`
    : `|change| ≥ ${c.threshold.percent}% and ≥ ${thresholdAmount} ${unit}`;
  if (c.swings.length === 0) out.push(zh ? `较大增减（${rule}）：无` : `Largest swings (${rule}): none`);
  else {
    out.push(
      zh
        ? `较大增减（${rule}，${c.swings.length} 项，按金额）：`
        : `Largest swings (${rule}, ${c.swings.length}, by amount):`,
    );
    const shown = c.swings.slice(0, MAX_SWINGS).map((s) => {
      const l = c.lines[s.line]!;
      return [lineName(l), before(l), '→', latest(l), l.display.change ?? NONE, s.percent ?? NONE];
    });
    out.push(...columns(shown, ['l', 'r', 'l', 'r', 'r', 'r']));
    if (c.swings.length > MAX_SWINGS)
      out.push(
        zh
          ? `  …另有 ${c.swings.length - MAX_SWINGS} 项（--json 全部列出）`
          : `  … ${c.swings.length - MAX_SWINGS} more (--json lists them all)`,
      );
  }
  return out;
}

function impliedText(b: YearsImplied, zh: boolean): string[] {
  const out: string[] = [];
  const found = b.entries.filter((e) => e.stored !== null);
  out.push(
    zh
      ? `${b.year} 年页面说明所称上年数字（${b.entries.length} 处），对照 ${b.prior.year} 年${b.prior.stage ?? ''}页面 · 单位：${b.unit}：`
      : `Figures for last year the ${b.year} page's text implies (${b.entries.length}), beside the ` +
          `${b.prior.year}${stageText(b.prior.stage, false)} page · unit: ${b.unit}:`,
  );
  if (found.length === 0) {
    out.push(
      zh
        ? `  ${b.prior.tables === 0 ? `${b.prior.year} 年的页面没有预算表` : `${b.prior.year} 年的页面中没有这些科目`}，无从对照`
        : `  ${
            b.prior.tables === 0
              ? `the ${b.prior.year} page has no budget tables`
              : `none of these subjects is in the ${b.prior.year} page`
          }: nothing to set them beside`,
    );
    return out;
  }
  const head = [
    zh ? '说明所称' : 'Text implies',
    zh ? `${b.prior.year} 年表列` : `${b.prior.year} table`,
    zh ? '差额' : 'Difference',
    zh ? '口径' : 'Basis',
    zh ? '科目' : 'Subject',
  ];
  const rows = b.entries.map((e) => [
    e.display.implied,
    e.display.stored ?? NONE,
    e.display.difference ?? NONE,
    BASIS[e.basis][zh ? 0 : 1],
    e.subject,
  ]);
  out.push(...columns([head, ...rows], ['r', 'r', 'r', 'l', 'l']));
  if (found.length < b.entries.length)
    out.push(
      zh
        ? `  ${b.entries.length - found.length} 处在 ${b.prior.year} 年的页面中找不到对应科目（-）`
        : `  ${b.entries.length - found.length} not found in the ${b.prior.year} page (-)`,
    );
  if (b.prior.stage === '预算' && b.entries.some((e) => e.basis === '执行数' && e.stored !== null))
    out.push(
      zh
        ? `  注：上年执行数与上年预算数本就可以不同；差额只是提示，不是错误`
        : `  Note: last year's outturn may differ from last year's budget; a difference is a pointer, not an error`,
    );
  return out;
}

/** An amount in 元 shown in `unit`, every significant decimal kept ("100000" 元 → "10" 万元). */
function shownAmount(yuan: string, unit: UnitName): string {
  return shownExact(yuan, unit, 0);
}

/** 元 → `unit`, at least `scale` decimals and as many more as the figure needs to stay exact. */
export function shownExact(yuan: string, unit: UnitName, scale: number): string {
  const v = new Decimal(yuan).dividedBy(unitFactor(unit));
  return formatDecimal(v, Math.max(scale, v.decimalPlaces()));
}
