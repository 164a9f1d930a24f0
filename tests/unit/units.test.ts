import { describe, expect, it } from 'vitest';
import { Decimal } from '../../lib/money/amount';
import { findUnitInHeader, findUnitLine, makeUnit, toYuan, unitFactor } from '../../lib/money/units';

describe('findUnitLine', () => {
  it.each([
    ['单位：万元', '万元'],
    ['单位:元', '元'],
    ['金额单位：万元', '万元'],
    ['单位 : 亿元', '亿元'],
    ['（单位：万元）', '万元'],
    ['(单位:万元)', '万元'],
    ['单位：千元', '千元'],
    ['单位：百万元', '百万元'],
    ['单　位：万元', '万元'],
    ['单位：\u3000万元', '万元'],
    ['单位万元', '万元'],
    ['编制单位：某某局　　　　单位：万元', '万元'],
  ])('%j → %s', (text, unit) => {
    expect(findUnitLine(text)).toBe(unit);
  });

  it('does not confuse 万元 with 元 or 百万元 with 万元', () => {
    expect(findUnitLine('单位：万元')).not.toBe('元');
    expect(findUnitLine('单位：百万元')).not.toBe('万元');
  });

  it.each([
    ['本部门2024年收入预算合计8,149.47万元，比上年增加120.00万元。'],
    ['本单位2024年一般公共预算财政拨款支出预算2,525.88万元'],
    ['本部门2024年没有政府性基金预算，本表为空表。'],
    ['预算数'],
    [''],
  ])('a sentence without a unit line: %j → undefined', (text) => {
    expect(findUnitLine(text)).toBeUndefined();
  });
});

describe('findUnitInHeader', () => {
  it.each([
    ['预算数（万元）', '万元'],
    ['预算数(万元)', '万元'],
    ['金额(元)', '元'],
    ['决算数（ 千元 ）', '千元'],
    ['2024年预算数（亿元）', '亿元'],
  ])('%j → %s', (text, unit) => {
    expect(findUnitInHeader(text)).toBe(unit);
  });

  it.each([['预算数'], ['科目名称'], ['合计'], ['比上年增减（%）']])('%j has no unit', (text) => {
    expect(findUnitInHeader(text)).toBeUndefined();
  });
});

describe('makeUnit / unitFactor', () => {
  it('carries name, factor, source and evidence', () => {
    const u = makeUnit('万元', 'document', '单位：万元');
    expect(u.name).toBe('万元');
    expect(u.factor.toFixed()).toBe('10000');
    expect(u.source).toBe('document');
    expect(u.evidence).toBe('单位：万元');
  });

  it.each([
    ['元', '1'],
    ['千元', '1000'],
    ['万元', '10000'],
    ['百万元', '1000000'],
    ['亿元', '100000000'],
  ] as const)('%s = %s 元', (name, factor) => {
    expect(unitFactor(name).toFixed()).toBe(factor);
  });
});

describe('toYuan', () => {
  it('2525.88 万元 = 25258800 元 exactly', () => {
    expect(toYuan(new Decimal('2525.88'), '万元').toFixed()).toBe('25258800');
  });

  it('accepts a Unit object too', () => {
    expect(toYuan(new Decimal('2525.88'), makeUnit('万元', 'table-caption', '单位：万元')).toFixed()).toBe('25258800');
  });

  it('is exact for fractions of a unit', () => {
    expect(toYuan(new Decimal('0.01'), '万元').toFixed()).toBe('100');
    expect(toYuan(new Decimal('1.23'), '亿元').toFixed()).toBe('123000000');
    expect(toYuan(new Decimal('8149.47'), '千元').toFixed()).toBe('8149470');
    expect(toYuan(new Decimal('0.07'), '元').toFixed()).toBe('0.07');
  });

  it('keeps the sign', () => {
    expect(toYuan(new Decimal('-12.5'), '万元').toFixed()).toBe('-125000');
  });

  it('units compare exactly: 2525.88 万元 equals 25,258,800 元', () => {
    expect(toYuan(new Decimal('2525.88'), '万元').equals(toYuan(new Decimal('25258800'), '元'))).toBe(true);
  });
});
