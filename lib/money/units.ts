import Decimal from 'decimal.js';
import { foldWidth } from './amount';

export type UnitName = '元' | '千元' | '万元' | '百万元' | '亿元';

/** Where a table's unit was read from, so a reader can see why 元 or 万元 was assumed. */
export type UnitSource = 'table-caption' | 'table-header' | 'table-cell' | 'column-header' | 'document' | 'default';

export interface Unit {
  readonly name: UnitName;
  /** How many 元 one printed unit stands for. */
  readonly factor: Decimal;
  readonly source: UnitSource;
  /** The text the unit was read from. */
  readonly evidence: string;
}

const FACTORS: Record<UnitName, Decimal> = {
  元: new Decimal(1),
  千元: new Decimal(1000),
  万元: new Decimal(10000),
  百万元: new Decimal(1000000),
  亿元: new Decimal(100000000),
};

export function unitFactor(name: UnitName): Decimal {
  return FACTORS[name];
}

/** "单位：万元", "金额单位:元", "单位 : 万元", "（单位：亿元）". */
const UNIT_LINE = /(?:金额)?单\s*位\s*[:：]?\s*(?<unit>百万元|千元|万元|亿元|元)/u;
/** A column header such as "预算数（万元）" or "金额(元)". */
const UNIT_IN_HEADER = /[(（]\s*(?<unit>百万元|千元|万元|亿元|元)\s*[)）]/u;

export function findUnitLine(text: string): UnitName | undefined {
  const m = UNIT_LINE.exec(foldWidth(text).replace(/\s+/gu, ''));
  return m?.groups?.unit as UnitName | undefined;
}

export function findUnitInHeader(text: string): UnitName | undefined {
  const m = UNIT_IN_HEADER.exec(foldWidth(text).replace(/\s+/gu, ''));
  return m?.groups?.unit as UnitName | undefined;
}

export function makeUnit(name: UnitName, source: UnitSource, evidence: string): Unit {
  return { name, factor: FACTORS[name], source, evidence };
}

/** Converts a printed value to 元. */
export function toYuan(value: Decimal, unit: Unit | UnitName): Decimal {
  const factor = typeof unit === 'string' ? FACTORS[unit] : unit.factor;
  return value.times(factor);
}
