export const isCjk = (ch: string): boolean => {
  const c = ch.codePointAt(0)!;
  return (
    (c >= 0x2e80 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xff00 && c <= 0xffef) ||
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0x20000 && c <= 0x2fa1f)
  );
};

const NARROW = new Set(['.', ',', ':', ';', "'", '!', '|', 'i', 'l']);

/** Rough advance of a character in em: enough to find where in an item a column boundary falls. */
export function charWeight(ch: string): number {
  if (isCjk(ch) || ch === '“' || ch === '”' || ch === '‘' || ch === '’' || ch === '—' || ch === '…') return 1;
  if (ch >= '0' && ch <= '9' && ch.length === 1) return 0.55;
  if (NARROW.has(ch)) return 0.28;
  if (ch === ' ') return 0.3;
  if ((ch >= 'A' && ch <= 'Z' && ch.length === 1) || ch === '%') return 0.68;
  return 0.55;
}

/** The x of each character edge of a piece (length + 1 values), spreading its width by the characters' weights. */
export function charEdges(str: string, x: number, w: number): number[] {
  const chars = [...str];
  const weights = chars.map(charWeight);
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const edges: number[] = [x];
  let acc = 0;
  // Edges per UTF-16 unit, so offsets into the string map directly.
  for (const [i, ch] of chars.entries()) {
    acc += weights[i]!;
    const e = x + (w * acc) / total;
    if (ch.length === 2) edges.push(e);
    edges.push(e);
  }
  return edges;
}

export const FOLD_DIGITS = (s: string): string =>
  !/[\uff01-\uff5e\s\u3000\u00a0]/u.test(s)
    ? s
    : s
        .replace(/[\uff01-\uff5e]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
        .replace(/[\s\u3000\u00a0]+/gu, '');

export const NUMBER_TEXT =
  /^(?:[-△▲]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|[-△▲]?\d+(?:\.\d+)?|[(（][-]?[\d,，]+(?:\.\d+)?[)）])%?$/u;
/** A printed figure (not a code: codes have no separator or decimal point and are handled as text here too). */
export const isNumberText = (s: string): boolean => NUMBER_TEXT.test(FOLD_DIGITS(s));
/** An amount as tables print them: with a decimal point or thousands separators, or a dash for nothing. */
export const isAmountText = (s: string): boolean => {
  const f = FOLD_DIGITS(s);
  return (NUMBER_TEXT.test(f) && /[.,，%]/u.test(f)) || /^[-—–]+$/u.test(f) || /^0$/u.test(f);
};

/** Joins two pieces of text: nothing between two Chinese characters (or CJK punctuation), one space otherwise. */
export function joinSep(left: string, right: string): string {
  const a = left[left.length - 1];
  const b = right[0];
  if (a === undefined || b === undefined) return '';
  if (a === ' ' || b === ' ') return '';
  return isCjk(a) || isCjk(b) ? '' : ' ';
}

export const collapse = (s: string): string => s.replace(/[\s\u00a0\u3000\u200b\ufeff]+/gu, ' ');
