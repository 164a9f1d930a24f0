import { lookupSubject, normalizeSubjectName, splitLevelPath, subjectByCode, type SubjectLevel } from '../classification';
import type { SubjectRef } from './types';

/**
 * What an amount in a sentence is about. The words before the number, within its clause, are cleaned of the
 * department and year ("中共杭州市委…信访局 2024 年"), numbering ("（1）", "2."), list words ("其中", "包括") and
 * verbs ("预算为", "安排"), then matched, in order, against: things no table has (机关运行经费, 政府采购), the
 * "三公" figures, the project total in a 绩效 paragraph, the named totals (收支总预算, 收入预算, 一般公共预算当年拨款,
 * 基本支出, 人员经费, 公用经费, 项目支出 …), function subjects by their 类/款/项 path or 类 name, economic 类 names
 * (only in a 基本支出 paragraph) and finally a row label of the summary tables.
 */

/** Words that open a clause without being its subject. */
export const LEADING_WORDS = /^(?:其中|包括|具体为|按支出功能分类|按支出用途分类|按支出经济分类|本部门|各单位|本级|另|均|安排|涉及|共|并)[:：]?/u;

/** Clause text before a number, without the department/year preamble and the list words. */
export function cleanSubject(raw: string): string {
  let s = raw.normalize('NFKC').replace(/\s+/gu, '');
  // Everything up to the last "2024 年" / "2024年度" is the preamble (department, year).
  const years = [...s.matchAll(/(?:19|20)\d{2}年度?/gu)];
  const lastYear = years[years.length - 1];
  if (lastYear && lastYear.index !== undefined) s = s.slice(lastYear.index + lastYear[0].length);
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s
      .replace(/^(?:\(\d+\)|（\d+）|\d+[.、．](?!\d)|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])/u, '')
      .replace(LEADING_WORDS, '');
  }
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(/(?:为|是|达|共计|合计为|总额为|安排|预算数|预算安排)$/u, '');
  }
  return s;
}

/** Just a word like 预算 / 安排 / 支出: no subject of its own (the paragraph's label stands for it). */
export const isFillerSubject = (s: string): boolean => /^(?:预算|预算数|安排|支出|资金|金额|经费|)$/u.test(s);

const figure = (keys: string[], scope?: 'all' | 'fiscal' | 'gpb'): SubjectRef => (scope ? { kind: 'figure', keys, scope } : { kind: 'figure', keys });
const none = (zh: string, en: string): SubjectRef => ({ kind: 'none', reason: { zh, en } });

export interface SubjectContext {
  readonly year?: number;
  /** The sentence speaks of projects under performance management (涉及当年财政拨款 …). */
  readonly projectContext: boolean;
  /** The paragraph (or the two before it) speaks of 基本支出. */
  readonly basicContext: boolean;
}

/** Resolves a function path (一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）) to a code. */
export function resolveFunctionPath(parts: readonly { name: string; level: SubjectLevel }[], year?: number): string | undefined {
  let prefix = '';
  for (const part of parts) {
    const found = candidatesFor(part.name, part.level, prefix, year);
    if (found.length !== 1) return undefined;
    prefix = found[0]!;
  }
  return prefix || undefined;
}

function candidatesFor(name: string, level: SubjectLevel, prefix: string, year?: number): string[] {
  // "社会保障和就业（类）支出" prints the 类 without its 支出.
  for (const n of [name, `${name}支出`]) {
    for (const y of year === undefined ? [undefined] : [year, undefined]) {
      const codes = [...new Set(lookupSubject(n, 'function', y === undefined ? undefined : { year: y }).filter((e) => e.level === level && e.code.startsWith(prefix)).map((e) => e.code))];
      if (codes.length > 0) return codes;
    }
  }
  return [];
}

export function resolveSubject(subject: string, ctx: SubjectContext): SubjectRef {
  const s = subject.replace(/[“”"‘’'「」]/gu, '');
  if (s === '') return none('句中没有说明是什么金额', 'the sentence does not say what the amount is');
  if (/机关运行经费/u.test(s)) return none('预算表中没有机关运行经费', 'no table of the page states 机关运行经费');
  if (/政府采购/u.test(s)) return none('预算表中没有政府采购预算', 'no table of the page states the procurement budget');
  if (/会议费|培训费|差旅费/u.test(s)) return none('基本支出表只列基本支出部分，与正文（含项目支出）口径不同', 'the basic-expenditure table shows only the basic part of it');
  if (/三公/u.test(s)) return figure(['three-public']);
  if (/因公出国/u.test(s)) return figure(['three:abroad']);
  if (/公务接待/u.test(s)) return figure(['three:reception']);
  if (/公务用车购置及运行/u.test(s)) return figure(['three:car']);
  if (/公务用车购置/u.test(s)) return figure(['three:car-purchase']);
  if (/公务用车运行/u.test(s)) return figure(['three:car-running']);
  if (ctx.projectContext && /拨款|资金/u.test(s)) return figure(['project']);
  // A total may be the year's own (本年收入合计 / 本年支出合计) or the grand total with carry-overs (收入总计 / 支出总计).
  if (/^(?:部门)?财政拨款收支总预算$|^财政拨款收入(?:预算)?(?:总计|合计)$/u.test(s)) return figure(['income-grand-total', 'income-this-year'], 'fiscal');
  if (/^财政拨款支出(?:预算)?(?:总计|合计)$/u.test(s)) return figure(['expenditure-this-year', 'expenditure-grand-total'], 'fiscal');
  if (/^(?:部门)?收支(?:总)?预算(?:总计|合计)?$|^收入(?:预算)?(?:总计|合计|总额)?$/u.test(s)) return figure(['income-grand-total', 'income-this-year'], 'all');
  if (/^支出(?:预算)?(?:总计|合计|总额)?$/u.test(s)) return figure(['expenditure-this-year', 'expenditure-grand-total'], 'all');
  if (/^一般公共预算(?:拨款)?(?:收入)?$/u.test(s)) return figure(['gpb-income']);
  if (/^一般公共预算(?:当年拨款|财政拨款支出|支出(?:预算)?(?:合计|总计)?)$/u.test(s)) return figure(['expenditure-this-year'], 'gpb');
  if (/^(?:一般公共预算)?(?:财政拨款)?基本支出(?:预算)?(?:合计|总计|小计)?$/u.test(s)) return figure(['basic']);
  if (/^人员(?:支出|经费)$/u.test(s)) return figure(['personnel']);
  if (/^(?:日常)?公用(?:支出|经费)$/u.test(s)) return figure(['public']);
  if (/^项目支出(?:预算)?(?:合计)?$/u.test(s)) return figure(['project']);
  const path = splitLevelPath(s);
  if (path.length > 0) {
    const code = resolveFunctionPath(path, ctx.year);
    return code ? { kind: 'function', code } : none(`功能分类科目「${path.map((p) => p.name).join('/')}」无法对应到科目编码`, `the function subject path "${path.map((p) => p.name).join('/')}" does not resolve to a code`);
  }
  const name = normalizeSubjectName(s);
  const fn = resolveFunctionPath([{ name, level: 1 }], ctx.year);
  if (fn) return { kind: 'function', code: fn };
  const econ = lookupSubject(name, 'economic-dept').filter((e) => e.level === 1);
  if (econ.length === 1) {
    return ctx.basicContext
      ? { kind: 'economic', code: econ[0]!.code, name: subjectByCode(econ[0]!.code)?.name ?? name }
      : none('经济分类金额只在基本支出段落中与基本支出表核对', 'economic amounts are compared with the basic-expenditure table only in a 基本支出 paragraph');
  }
  if (lookupSubject(name, 'economic-dept').length > 0) return none('经济分类款级科目：基本支出表只列基本支出部分', 'an economic item: the basic-expenditure table shows only its basic part');
  if (name.length >= 2 && name.length <= 20) return { kind: 'label', name };
  return none('句中没有可识别的科目或项目', 'no recognisable subject in the sentence');
}
