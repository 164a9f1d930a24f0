import Decimal from 'decimal.js';
import { memoized } from '../memo';

/**
 * A printed number from a budget table or sentence. The value is exact (decimal.js);
 * `scale` is the number of decimals as printed ("8,149.47" → 2, "0" → 0), which is what
 * rounding tolerances are derived from.
 */
export interface Amount {
  readonly value: Decimal;
  readonly scale: number;
  /** The text as printed, trimmed. */
  readonly raw: string;
  /** A percentage ("33.6%"): value is 33.6, not 0.336. */
  readonly percent: boolean;
}

export type ParsedCell =
  | { readonly kind: 'empty'; readonly raw: string }
  | { readonly kind: 'number'; readonly amount: Amount }
  | { readonly kind: 'text'; readonly raw: string };

export const ZERO = new Decimal(0);

/** Full-width digits, signs and separators, and the odd Unicode minus, folded to ASCII. */
export function foldWidth(text: string): string {
  if (ASCII.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (
      ch === '\u3000' ||
      ch === '\u00a0' ||
      ch === '\u2002' ||
      ch === '\u2003' ||
      ch === '\u2009' ||
      ch === '\u200b'
    )
      out += ' ';
    else if (
      ch === '\u2212' ||
      ch === '\u2013' ||
      ch === '\u2014' ||
      ch === '\u2015' ||
      ch === '\u2500' ||
      ch === '\u2010' ||
      ch === '\u2011' ||
      ch === '\ufe63'
    )
      out += ch === '\u2212' ? '-' : ch;
    else if (ch === '\u3001') out += ch;
    else if (ch === '\uff0e') out += '.';
    else out += ch;
  }
  return out;
}

/** Nothing to fold: every character is ASCII. */
const ASCII = /^[\x00-\x7f]*$/u;

/** Dashes that mean "nothing here" when they are the whole cell. */
const EMPTY_MARKS = /^(?:[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u2501\u30fc\ufe58\ufe63]+|\/|无|—　*—)$/u;

const NUMBER = /^(?<neg>[-△▲])?\s*(?<int>\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.(?<frac>\d+))?\s*(?<pct>%)?$/u;
const PAREN_NEG = /^[(（]\s*(?<inner>[^()（）]+?)\s*[)）]$/u;

/**
 * Reads one table cell or number token. Blanks, "&nbsp;", full-width spaces, "—", "-" are empty;
 * "8,149.47", "８，１４９．４７", "-12.50", "（12.50）", "△12.50", "33.6%" are numbers; anything else is text.
 * Printed figures repeat across a page's tables (a 类 and its only 款, the same subject in four tables); parsed
 * cells are immutable, so repeats share one.
 */
export function parseCell(rawText: string): ParsedCell {
  // Plain figures, most of a page's cells, are read directly: looking each up would cost more than reading it.
  return parsePlain(rawText) ?? parseOther(rawText);
}

const parseOther = memoized((rawText) => parseCellOnce(rawText), 200_000);

/** The common case, "8149.47" or "8,149.47": what parseNumber reads, without folding or spaces to remove. */
const PLAIN_NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/u;

/**
 * A plain figure read from a cell ("8,149.47"): exact as a whole number of its last printed digit (`units` 814947 at
 * scale 2), which is what sums of figures are compared with (`unitsOf`); its Decimal is only made when asked for.
 * Most of a page's figures are only ever added up and compared, and a Decimal per figure was a fifth of the objects
 * the model of a large page kept.
 */
class PlainAmount implements Amount {
  readonly percent = false;
  private decimal: Decimal | undefined = undefined;
  constructor(
    readonly raw: string,
    readonly scale: number,
    readonly units: bigint,
    /** The figure without its commas: what the Decimal is made from. */
    private readonly digits: string,
  ) {}
  get value(): Decimal {
    return (this.decimal ??= new Decimal(this.digits));
  }
}

const POW10: bigint[] = [1n];
/** 10^n as a BigInt. */
export function pow10(n: number): bigint {
  for (let i = POW10.length; i <= n; i++) POW10.push(POW10[i - 1]! * 10n);
  return POW10[n]!;
}

/** A plain figure's whole number of units of its last printed digit; undefined for another figure. */
export const unitsOf = (a: Amount): bigint | undefined => (a instanceof PlainAmount ? a.units : undefined);

/** stated − Σ terms, exact: a whole number of units of the finest printed digit among the figures, and that scale. */
export interface PlainDifference {
  readonly units: bigint;
  readonly scale: number;
}

/**
 * stated − Σ terms when every figure given is plain (a missing one is 0), in whole units of the finest printed digit
 * among them: no Decimal made. Undefined when one is not (a percentage, a negative, a figure read from prose), for
 * decimal.js to compare. A plain figure is never negative: the difference is 0 with the stated figure 0 only when
 * every term is 0 too.
 */
export function plainDifference(
  stated: Amount | undefined,
  terms: readonly (Amount | undefined)[],
): PlainDifference | undefined {
  let units = 0n;
  let scale = 0;
  for (let i = -1; i < terms.length; i++) {
    const a = i < 0 ? stated : terms[i];
    if (!a) continue;
    if (!(a instanceof PlainAmount)) return undefined;
    if (a.scale > scale) {
      units *= pow10(a.scale - scale);
      scale = a.scale;
    }
    const u = a.scale === scale ? a.units : a.units * pow10(scale - a.scale);
    units = i < 0 ? units + u : units - u;
  }
  return { units, scale };
}

function parsePlain(rawText: string): ParsedCell | undefined {
  const plain = PLAIN_NUMBER.exec(rawText);
  if (!plain) return undefined;
  const int = plain[1]!.includes(',') ? plain[1]!.replace(/,/gu, '') : plain[1]!;
  const frac = plain[2] ?? '';
  const digits = frac ? `${int}.${frac}` : int;
  return { kind: 'number', amount: new PlainAmount(rawText, frac.length, BigInt(int + frac), digits) };
}

function parseCellOnce(rawText: string): ParsedCell {
  const raw = rawText.trim();
  const folded = foldWidth(rawText).replace(/\s+/gu, ' ').trim();
  if (folded === '') return { kind: 'empty', raw };
  if (EMPTY_MARKS.test(folded)) return { kind: 'empty', raw };
  const amount = parseNumber(folded, raw);
  return amount ? { kind: 'number', amount } : { kind: 'text', raw };
}

function parseNumber(folded: string, raw: string): Amount | undefined {
  let text = folded.replace(/\s+/gu, '');
  let negative = false;
  const paren = PAREN_NEG.exec(text);
  if (paren?.groups) {
    negative = true;
    text = paren.groups.inner!;
  }
  const m = NUMBER.exec(text);
  if (!m?.groups) return undefined;
  if (m.groups.neg) negative = true;
  const int = m.groups.int!.replace(/[,，]/gu, '');
  const frac = m.groups.frac ?? '';
  let value = new Decimal(frac ? `${int}.${frac}` : int);
  if (negative) value = value.negated();
  return { value, scale: frac.length, raw, percent: Boolean(m.groups.pct) };
}

/** Parses a stand-alone number token from prose ("8,149.47", "4.3", "１００"). */
export function parseNumberToken(token: string): Amount | undefined {
  const parsed = parseCell(token);
  return parsed.kind === 'number' ? parsed.amount : undefined;
}

/** Half a unit of the last printed digit: 0.005 for "8,149.47", 0.5 for "0". */
const HALF_ULP: Decimal[] = [];
/**
 * The precision a printed figure vouches for, in a table whose figures show up to tableScale decimals. A figure
 * printed with fewer decimals usually dropped trailing zeros ("5.5" for 5.50), so it is exact to the table's
 * precision; but a long one ("480544221.6": eleven characters, Excel's General format in a narrow column) was
 * rounded to fit, so it vouches only for the decimals it shows.
 */
export function printedScale(amount: Amount, tableScale: number): number {
  if (amount.scale >= tableScale) return amount.scale;
  const digits = amount.raw.replace(/[^\d]/gu, '').length;
  return digits >= 10 ? amount.scale : tableScale;
}

export function halfUlp(scale: number): Decimal {
  let h = HALF_ULP[scale];
  if (!h) HALF_ULP[scale] = h = new Decimal(5).times(new Decimal(10).pow(-(scale + 1)));
  return h;
}

/** "1,788.08" style, keeping the given number of decimals. */
export function formatDecimal(value: Decimal, scale: number): string {
  const rounded = value.toDecimalPlaces(Math.max(0, scale), Decimal.ROUND_HALF_UP);
  // decimal.js keeps the sign of a negative that rounds to zero; a printed figure never shows "-0.00".
  const fixed = (rounded.isZero() ? rounded.abs() : rounded).toFixed(Math.max(0, scale));
  const negative = fixed.startsWith('-');
  const body = negative ? fixed.slice(1) : fixed;
  const [int, frac] = body.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/gu, ',');
  return `${negative ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

export function formatAmount(a: Amount): string {
  return formatDecimal(a.value, a.scale) + (a.percent ? '%' : '');
}

export function sumDecimals(values: readonly Decimal[]): Decimal {
  return values.reduce((acc, v) => acc.plus(v), ZERO);
}

export { Decimal };
