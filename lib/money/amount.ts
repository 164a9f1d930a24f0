import Decimal from 'decimal.js';

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

/** Dashes that mean "nothing here" when they are the whole cell. */
const EMPTY_MARKS = /^(?:[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u2501\u30fc\ufe58\ufe63]+|\/|无|—　*—)$/u;

const NUMBER = /^(?<neg>[-△▲])?\s*(?<int>\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.(?<frac>\d+))?\s*(?<pct>%)?$/u;
const PAREN_NEG = /^[(（]\s*(?<inner>[^()（）]+?)\s*[)）]$/u;

/**
 * Reads one table cell or number token. Blanks, "&nbsp;", full-width spaces, "—", "-" are empty;
 * "8,149.47", "８，１４９．４７", "-12.50", "（12.50）", "△12.50", "33.6%" are numbers; anything else is text.
 */
const memo = new Map<string, ParsedCell>();

/**
 * Reads one table cell or number token. Printed figures repeat across a page's tables (a 类 and its only 款,
 * the same subject in four tables); parsed cells are immutable, so repeats share one.
 */
export function parseCell(rawText: string): ParsedCell {
  let p = memo.get(rawText);
  if (p === undefined) {
    if (memo.size >= 200_000) memo.clear();
    p = parseCellOnce(rawText);
    memo.set(rawText, p);
  }
  return p;
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
