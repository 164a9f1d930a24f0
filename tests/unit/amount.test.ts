import { describe, expect, it } from 'vitest';
import {
  Decimal,
  foldWidth,
  formatAmount,
  formatDecimal,
  halfUlp,
  parseCell,
  parseNumberToken,
  plainDifference,
  sumDecimals,
  type Amount,
} from '../../lib/money/amount';

/** Parses a cell and insists it is a number; returns the amount. */
function num(text: string): Amount {
  const cell = parseCell(text);
  if (cell.kind !== 'number') throw new Error(`expected a number for ${JSON.stringify(text)}, got ${cell.kind}`);
  return cell.amount;
}

describe('parseCell: positive amounts', () => {
  it.each([
    ['8,149.47', '8149.47', 2],
    ['8149.47', '8149.47', 2],
    ['８，１４９．４７', '8149.47', 2],
    ['1,234,567.8', '1234567.8', 1],
    ['12345', '12345', 0],
    ['１００', '100', 0],
    ['  8,149.47\n', '8149.47', 2],
    ['\u00a08,149.47\u3000', '8149.47', 2],
  ])('%j → %s with scale %d', (text, value, scale) => {
    const a = num(text);
    expect(a.value).toBeInstanceOf(Decimal);
    expect(a.value.toFixed()).toBe(value);
    expect(a.scale).toBe(scale);
    expect(a.percent).toBe(false);
  });

  it('keeps the printed text (trimmed) as raw, not the folded form', () => {
    expect(num('  ８，１４９．４７ ').raw).toBe('８，１４９．４７');
    expect(num(' 8,149.47 ').raw).toBe('8,149.47');
  });

  it('scale is the printed decimals, even when they are trailing zeros', () => {
    expect(num('12.50').scale).toBe(2);
    expect(num('12.5').scale).toBe(1);
    expect(num('12.500').scale).toBe(3);
    expect(num('12').scale).toBe(0);
  });
});

describe('parseCell: negative amounts', () => {
  it.each([
    ['-12.50'],
    ['（12.50）'],
    ['(12.50)'],
    ['( 12.50 )'],
    ['△12.50'],
    ['▲12.50'],
    ['\u221212.50'], // U+2212 MINUS SIGN
    ['－12.50'], // U+FF0D FULLWIDTH HYPHEN-MINUS
  ])('%j is -12.50 (scale 2)', (text) => {
    const a = num(text);
    expect(a.value.toFixed(2)).toBe('-12.50');
    expect(a.value.isNegative()).toBe(true);
    expect(a.scale).toBe(2);
  });

  it('negative with thousands separators: "(1,788.08)" and "-1,788.08"', () => {
    expect(num('(1,788.08)').value.toFixed()).toBe('-1788.08');
    expect(num('-1,788.08').value.toFixed()).toBe('-1788.08');
  });
});

describe('parseCell: empties', () => {
  it.each([
    ['', 'empty string'],
    ['   ', 'spaces'],
    ['\u00a0', '&nbsp; after HTML parsing (U+00A0)'],
    ['\u00a0\u00a0', 'two NBSPs'],
    ['\u3000', 'ideographic space U+3000'],
    ['\n\t ', 'source-formatting whitespace'],
    ['—', 'em dash'],
    ['——', 'double em dash'],
    ['-', 'hyphen-minus'],
    ['－', 'full-width hyphen-minus U+FF0D'],
    ['\u2212', 'minus sign alone'],
    ['\u00a0-\u00a0', 'hyphen padded with NBSP'],
  ])('%j (%s) is empty, not zero and not text', (text) => {
    const cell = parseCell(text);
    expect(cell.kind).toBe('empty');
  });

  it('an empty cell is not a number token', () => {
    expect(parseNumberToken('—')).toBeUndefined();
    expect(parseNumberToken('\u00a0')).toBeUndefined();
  });
});

describe('parseCell: zero is a number, not empty', () => {
  it('"0" is value 0 scale 0', () => {
    const a = num('0');
    expect(a.value.isZero()).toBe(true);
    expect(a.value.toFixed()).toBe('0');
    expect(a.scale).toBe(0);
  });

  it('"0.00" is value 0 scale 2', () => {
    const a = num('0.00');
    expect(a.value.isZero()).toBe(true);
    expect(a.scale).toBe(2);
  });
});

describe('parseCell: percentages', () => {
  it('"33.6%" is 33.6 (not 0.336), scale 1, percent', () => {
    const a = num('33.6%');
    expect(a.value.toFixed()).toBe('33.6');
    expect(a.scale).toBe(1);
    expect(a.percent).toBe(true);
  });

  it('"100%" is 100, scale 0, percent', () => {
    const a = num('100%');
    expect(a.value.toFixed()).toBe('100');
    expect(a.scale).toBe(0);
    expect(a.percent).toBe(true);
  });

  it('full-width "３３．６％" is the same percentage', () => {
    const a = num('３３．６％');
    expect(a.value.toFixed()).toBe('33.6');
    expect(a.percent).toBe(true);
  });

  it('"-5.2%" is a negative percentage', () => {
    const a = num('-5.2%');
    expect(a.value.toFixed()).toBe('-5.2');
    expect(a.percent).toBe(true);
  });
});

describe('parseCell: text that must not be read as a number', () => {
  it.each([
    ['行政运行'],
    ['12345 平台服务'], // project name starting with digits
    ['12345平台服务'],
    ['2024年'],
    ['2024年部门预算'],
    ['一般公共预算拨款收入'],
    ['12,34'], // malformed grouping: not silently 1234
    ['1.2.3'],
    ['8,149.47万元'],
    ['合计 8,149.47'],
  ])('%j is text', (text) => {
    const cell = parseCell(text);
    expect(cell.kind).toBe('text');
    if (cell.kind === 'text') expect(cell.raw).toBe(text.trim());
  });

  it('parseNumberToken returns undefined for text', () => {
    expect(parseNumberToken('12345 平台服务')).toBeUndefined();
    expect(parseNumberToken('2024年')).toBeUndefined();
  });

  it('parseNumberToken reads prose tokens', () => {
    expect(parseNumberToken('8,149.47')?.value.toFixed()).toBe('8149.47');
    expect(parseNumberToken('4.3')?.scale).toBe(1);
    expect(parseNumberToken('１００')?.value.toFixed()).toBe('100');
  });
});

describe('Decimal arithmetic is exact', () => {
  it('0.1 + 0.2 summed through parsed amounts is exactly 0.3', () => {
    const total = sumDecimals([num('0.1').value, num('0.2').value]);
    expect(total.toFixed()).toBe('0.3');
    expect(total.equals(num('0.3').value)).toBe(true);
  });

  it('a column of two-decimal amounts sums exactly to the printed total', () => {
    const parts = ['1,788.08', '2,361.39', '4,000.00', '0.01', '0.02', '0.07'].map((t) => num(t).value);
    const total = sumDecimals(parts);
    expect(total.toFixed(2)).toBe('8149.57');
    expect(total.minus(num('8,149.57').value).isZero()).toBe(true);
  });

  it('sum of nothing is exactly zero', () => {
    expect(sumDecimals([]).toFixed()).toBe('0');
  });
});

describe('halfUlp', () => {
  it('is half a unit of the last printed digit', () => {
    expect(halfUlp(2).toFixed()).toBe('0.005');
    expect(halfUlp(1).toFixed()).toBe('0.05');
    expect(halfUlp(0).toFixed()).toBe('0.5');
    expect(halfUlp(4).toFixed()).toBe('0.00005');
  });

  it("derived from a parsed amount's scale", () => {
    expect(halfUlp(num('8,149.47').scale).toFixed()).toBe('0.005');
    expect(halfUlp(num('0').scale).toFixed()).toBe('0.5');
  });
});

describe('formatDecimal / formatAmount', () => {
  it.each([
    ['1788.08', 2, '1,788.08'],
    ['1234567.8', 2, '1,234,567.80'],
    ['8149.47', 2, '8,149.47'],
    ['999', 0, '999'],
    ['1000', 0, '1,000'],
    ['-1788.08', 2, '-1,788.08'],
    ['-1000000', 0, '-1,000,000'],
    ['0', 2, '0.00'],
    ['1234.56789', 5, '1,234.56789'],
    ['2.345', 2, '2.35'],
    ['0.5', 0, '1'],
  ])('%s with %d decimals → %s', (value, scale, expected) => {
    expect(formatDecimal(new Decimal(value), scale)).toBe(expected);
  });

  it('does not group the decimals', () => {
    expect(formatDecimal(new Decimal('1.23456'), 5)).toBe('1.23456');
  });

  it('round-trips a parsed amount as printed', () => {
    expect(formatAmount(num('８，１４９．４７'))).toBe('8,149.47');
    expect(formatAmount(num('12.50'))).toBe('12.50');
    expect(formatAmount(num('（12.50）'))).toBe('-12.50');
    expect(formatAmount(num('33.6%'))).toBe('33.6%');
  });
});

describe('foldWidth', () => {
  it('folds full-width digits, comma, point and percent to ASCII', () => {
    expect(foldWidth('８，１４９．４７％')).toBe('8,149.47%');
  });

  it('folds U+2212 minus to "-" and ideographic/no-break spaces to " "', () => {
    expect(foldWidth('\u221212')).toBe('-12');
    expect(foldWidth('\u3000a\u00a0b')).toBe(' a b');
  });

  it('leaves CJK text alone', () => {
    expect(foldWidth('行政运行')).toBe('行政运行');
  });
});

describe('plainDifference: stated − Σ terms of plain figures, without Decimals', () => {
  it('is exact at the finest printed scale, a missing term 0', () => {
    expect(plainDifference(num('1,000.5'), [num('999.75'), undefined, num('0.75')])).toEqual({ units: 0n, scale: 2 });
    expect(plainDifference(num('10'), [num('3.333'), num('6.66')])).toEqual({ units: 7n, scale: 3 });
    expect(plainDifference(undefined, [num('0.01')])).toEqual({ units: -1n, scale: 2 });
  });

  it('leaves other figures to decimal.js: negatives, percentages, full-width', () => {
    for (const other of ['-12.50', '（12.50）', '33.6%', '８，１４９．４７'])
      expect(plainDifference(num('1'), [num(other)])).toBeUndefined();
  });

  it('a plain figure still gives its Decimal, made when asked for', () => {
    const a = num('8,149.47');
    expect(a.value.equals(new Decimal('8149.47'))).toBe(true);
    expect(a.value).toBe(a.value);
    expect([a.scale, a.raw, a.percent]).toEqual([2, '8,149.47', false]);
  });
});
