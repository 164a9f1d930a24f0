import {
  lookupSubject,
  normalizeSubjectName,
  splitLevelPath,
  subjectByCode,
  type SubjectLevel,
} from '../classification';
import { sameDepartment } from '../identity/department';
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
export const LEADING_WORDS =
  /^(?:其中|包括|具体为|按(?:支出)?(?:功能|用途|经济)分类(?:支出)?(?:划分为|划分|分为)?|本部门|各单位|本级|另|均|安排|涉及|共|并)[:：]?/u;

/** Clause text before a number, without the department/year preamble and the list words. */
export function cleanSubject(raw: string): string {
  let s = raw
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/收、支/gu, '收支');
  // Everything up to the last "2024 年" / "2024年度" is the preamble (department, year).
  const years = [...s.matchAll(/(?:19|20)\d{2}年度?/gu)];
  const lastYear = years[years.length - 1];
  if (lastYear && lastYear.index !== undefined) s = s.slice(lastYear.index + lastYear[0].length);
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s
      .replace(
        /^(?:\(\d{1,2}\)|（\d{1,2}）|\d+[.、．](?!\d)|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])/u,
        '',
      )
      .replace(LEADING_WORDS, '');
  }
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s.replace(/(?:为|是|达|共计|合计为|总额为|安排|预算数|预算安排)$/u, '');
  }
  return s;
}

/** Just a word like 预算 / 安排 / 支出: no subject of its own (the paragraph's label stands for it). */
export const isFillerSubject = (s: string): boolean =>
  /^(?:预算|预算数|安排|支出|资金|金额|经费|年初|全年|年?初预算数?|全年预算数?|调整预算数?|支出决算数?|决算数?|执行数|实际支出|)$/u.test(
    s,
  );

/**
 * A subject that names the year before (上年预算执行数, 上年数, 去年同期): the base of a change, no table figure.
 * Not a line of this year's budget that names the year before (上年结转, 上年实户资金余额, 上年结余收入).
 */
export const isPriorSubject = (s: string): boolean =>
  /^(?:上年|上一年度?|去年|同期)度?(?:同期|年初|全年|调整)?(?:预算|决算|执行|实际|完成|数|为|的|支出(?!结)|收入|$)/u.test(
    s,
  );

const figure = (
  keys: string[],
  scope?: 'all' | 'fiscal' | 'gpb' | readonly ('all' | 'fiscal' | 'gpb')[],
): SubjectRef => (scope ? { kind: 'figure', keys, scope } : { kind: 'figure', keys });
const none = (zh: string, en: string): SubjectRef => ({ kind: 'none', reason: { zh, en } });

export interface SubjectContext {
  readonly year?: number;
  /** The sentence speaks of projects under performance management (涉及当年财政拨款 …). */
  readonly projectContext: boolean;
  /** The paragraph (or the two before it) speaks of 基本支出. */
  readonly basicContext: boolean;
  /** The document's stage: in a 决算, a subject that names the 预算 (年初预算, 预算数) is the budget, not the outturn. */
  readonly stage?: '预算' | '决算';
  /** The department as the document names it, to strip from the front of a subject. */
  readonly department?: string;
  /** The sentence counts projects (编报绩效目标的项目 11 个): its 项目资金 is a part of 项目支出. */
  readonly projectCount?: boolean;
  /** What the sentence, the list or the section the amount is in speaks of (see ContextScope). */
  readonly scope?: ContextScope;
  /** The line the amount is listed under ("对个人和家庭的补助 X 万元，其中：人员经费 Y 万元"). */
  readonly parent?: { readonly subject: string; readonly ref: SubjectRef };
}

/**
 * What the words around an amount restrict it to: the 政府性基金 / 国有资本经营 spending (a section or a sentence
 * about it), the 项目支出 / 基本支出 part of each subject (a list under 项目支出), or projects under performance
 * management (绩效: the funds of some projects, a part of what the tables total).
 */
export type ContextScope = 'gov-fund' | 'soe' | 'project' | 'basic' | 'performance';

/** The scope words of a heading, a label or a sentence's opening, if any. */
export function scopeOfWords(s: string): ContextScope | undefined {
  if (/绩效/u.test(s)) return 'performance';
  if (/政府性基金/u.test(s)) return 'gov-fund';
  if (/国有资本经营/u.test(s)) return 'soe';
  const project = /项目支出/u.test(s);
  const basic = /基本支出/u.test(s);
  if (project !== basic) return project ? 'project' : 'basic';
  return undefined;
}

/** A line of one subject (function or economic, by its code or its name), not one of the department's totals. */
function namesSubject(line: { readonly subject: string; readonly ref: SubjectRef }): boolean {
  if (line.ref.kind === 'function' || line.ref.kind === 'economic') return true;
  if (line.ref.kind === 'figure') return false;
  if (/[(（][235]\d{2}(?:\d{2}){0,2}[)）]|^[235]\d{2}(?:\d{2}){0,2}\D/u.test(line.subject)) return true;
  const name = normalizeSubjectName(line.subject.replace(/[(（]\d+[)）]/gu, ''));
  return lookupSubject(name).length > 0;
}

const ECONOMIC_PART = {
  zh: '基本支出表只列基本支出部分，与正文（含项目支出）口径不同',
  en: 'the basic-expenditure table shows only the basic part of it',
};

const PERFORMANCE_PART = {
  zh: '绩效管理所涉的资金，可能只是相应支出的一部分，表中没有这一部分的合计',
  en: 'the funds under performance management may be a part of the spending, which no table totals',
};

/** The summary tables' fixed lines: sources of income, carry-overs, kinds of spending beside the subjects. */
const SUMMARY_LINE = new RegExp(
  '^(?:本年|当年)?(?:' +
    [
      '上年结转(?:结余)?',
      '结转下年',
      '年[初末终]结转(?:和|及)?结余',
      '(?:使用)?非财政拨款结余',
      '事业收入',
      '事业单位经营收入',
      '经营收入',
      '其他收入',
      '上级补助收入',
      '附属单位上缴收入',
      '财政专户管理资金(?:收入)?',
      '单位资金',
      '上缴上级支出',
      '事业单位经营支出',
      '经营支出',
      '对附属单位补助支出',
      '用事业基金弥补收支差额',
      '提取(?:职工福利)?基金',
    ].join('|') +
    ')$',
  'u',
);

/** Keys of the department's own totals (all funds, 财政拨款, 一般公共预算) and their parts. */
const DEPARTMENT_KEYS = new Set([
  'income-grand-total',
  'income-this-year',
  'expenditure-this-year',
  'expenditure-grand-total',
  'fiscal-income',
  'gpb-income',
  'basic',
  'personnel',
  'public',
  'project',
]);
/** Keys of one fund's figures: no scope of the list they are in narrows them. */
const FUND_KEYS = new Set(['gpb-income', 'gov-fund-expenditure', 'soe-expenditure']);
/** A subject that names its own scope is read by its own words, whatever the section. */
const OWN_SCOPE = /政府性基金|国有资本|一般公共预算|财政拨款|财政专户|项目|基本支出|绩效|三公|机关运行|部门/u;

/**
 * A line of one project or expense (污水处理费预算总额, 某某专项资金), none of the department's totals: what is listed
 * under it is its part. Not a summary line ("…上年结转结余 8000 万元。其中：一般公共预算拨款收入…": the 其中 after a
 * period lists the sentence's total, not that line).
 */
const projectLine = (line: { readonly subject: string; readonly ref: SubjectRef }): boolean =>
  (line.ref.kind === 'label' || line.ref.kind === 'none') &&
  /费|项目|资金|专项/u.test(line.subject) &&
  !/(?:收入|支出)(?:预算|决算)?(?:数|总计|合计|总额)?$/u.test(line.subject) &&
  !SUMMARY_LINE.test(line.subject);

/** A subject's reference restricted by the words around it (ctx.scope, ctx.parent). */
function inContext(ref: SubjectRef, subject: string, ctx: SubjectContext): SubjectRef {
  const parent = ctx.parent;
  // Listed under one subject ("对个人和家庭的补助（303）X 万元，其中：人员经费 Y 万元"): that subject's part; under
  // 机关运行经费 ("其中：公务接待费 2 万元"), its part, not the "三公" figure of the same name.
  // Under a line that is none of the department's totals (a project's "污水处理费预算总额 X 万元，分别从一般公共预算与
  // 政府性基金列支，其中：一般公共预算 Y 万元", "上年结转 X 万元，其中：…"): that line's part too.
  if (
    parent &&
    ref.kind === 'figure' &&
    ((ref.keys.some((k) => DEPARTMENT_KEYS.has(k)) && (namesSubject(parent) || projectLine(parent))) ||
      (parent.ref.kind === 'figure' && parent.ref.keys.includes('running-cost') && !ref.keys.includes('running-cost')))
  )
    return none(
      `是「${parent.subject}」中的${subject}，不是部门的${subject}，表中没有这一部分`,
      `the ${subject} of "${parent.subject}", not the department's; no table states this part`,
    );
  // A part of a total of one scope ("一般公共预算基本支出 X 万元，其中：人员经费 Y 万元"): of the same scope.
  // (A figure of one fund — 政府性基金预算拨款, 一般公共预算收入 — is that fund's whatever the list's scope; a fund's
  // spending total stands for its income only when the two agree.)
  if (
    parent?.ref.kind === 'figure' &&
    parent.ref.keys.some((k) => /income/u.test(k)) &&
    ref.kind === 'figure' &&
    !ref.part &&
    ref.keys.some((k) => k === 'gov-fund-expenditure' || k === 'soe-expenditure')
  )
    return {
      ...ref,
      part: {
        zh: `收入中的「${subject}」：表中只有这类资金的支出合计，收入与支出可能因结转而不同`,
        en:
          `"${subject}" among the income: ` +
          "the tables total this fund's spending only, which carry-overs may make differ",
      },
    };
  if (
    parent?.ref.kind === 'figure' &&
    parent.ref.scope &&
    ref.kind === 'figure' &&
    !ref.scope &&
    !ref.part &&
    !ref.keys.some((k) => FUND_KEYS.has(k))
  )
    return { ...ref, scope: parent.ref.scope };
  // A line named like a summary table's row, listed under another line ("一般公共预算支出 X 万元，其中：机关商品和服务
  // 支出（502）Y 万元"): the summary table's row is all funds, the list may be one fund's.
  if (parent && ref.kind === 'label' && !ref.part)
    return {
      ...ref,
      part: {
        zh: `「${parent.subject}」下所列的「${subject}」：表中同名行的口径可能不同`,
        en: `"${subject}" listed under "${parent.subject}": the table's line of that name may be of another scope`,
      },
    };
  const scope = ctx.scope;
  // Funds under performance management, whatever their words (涉及一般公共预算支出 X 万元): maybe a part only.
  if (scope === 'performance')
    return (ref.kind === 'figure' || ref.kind === 'function' || ref.kind === 'label') && !ref.part
      ? { ...ref, part: PERFORMANCE_PART }
      : ref;
  if (!scope || OWN_SCOPE.test(subject)) return ref;
  switch (scope) {
    case 'gov-fund':
    case 'soe': {
      const name = scope === 'gov-fund' ? '政府性基金' : '国有资本经营';
      if (ref.kind === 'function') return { ...ref, fund: scope };
      if (ref.kind === 'figure' && ref.keys.some((k) => DEPARTMENT_KEYS.has(k)))
        return /支出|拨款/u.test(subject) && !/收入|结转|结余/u.test(subject)
          ? figure([scope === 'gov-fund' ? 'gov-fund-expenditure' : 'soe-expenditure'])
          : none(`${name}预算的${subject}：表中没有单列`, `the ${name} ${subject}: no table states it apart`);
      if (ref.kind === 'label' || ref.kind === 'economic')
        return none(`${name}预算的${subject}：表中没有单列`, `the ${name} ${subject}: no table states it apart`);
      return ref;
    }
    case 'project':
    case 'basic': {
      if (ref.kind !== 'function' && ref.kind !== 'label') return ref;
      const name = scope === 'project' ? '项目支出' : '基本支出';
      return ref.kind === 'function'
        ? {
            ...ref,
            column: scope,
            part: {
              zh: `${name}中的这一科目（或项目）：与表中该科目的${name}不同，可能只是其中一部分`,
              en: `this subject's (or project's) ${name}: it differs from the table's, it may be a part of it`,
            },
          }
        : {
            ...ref,
            part: {
              zh: `${name}下所列的「${subject}」可能是项目，不一定是表中同名的那一行`,
              en: `"${subject}" listed under ${name} may be a project, not the table's line of that name`,
            },
          };
    }
  }
}

/** Resolves a function path (一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）) to a code. */
export function resolveFunctionPath(
  parts: readonly { name: string; level: SubjectLevel }[],
  year?: number,
): string | undefined {
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
      const codes = [
        ...new Set(
          lookupSubject(n, 'function', y === undefined ? undefined : { year: y })
            .filter((e) => e.level === level && e.code.startsWith(prefix))
            .map((e) => e.code),
        ),
      ];
      if (codes.length > 0) return codes;
    }
  }
  return [];
}

/** An organisation's name at the front of a subject ("上海市普陀区商务委员会收入预算", "省检察院本年收入预算合计"). */
const ORG = new RegExp(
  '^(?:本部门|我部门|本单位|本级|我局|本局|部门|单位|' +
    String.raw`([\u4e00-\u9fa5]{1,24}?(?:人民政府办公室|委员会|办公室|办公厅|检察院|法院|政协|宣传部|局))(?:[(（]本级[)）])?)(?=.)`,
  'u',
);

/** Whether an organisation a subject names is the document's own (its full name, a short form, or one inside it). */
function sameOrganisation(org: string, dept: string): boolean {
  const a = org.replace(/[(（]本级[)）]/gu, '');
  const b = dept.replace(/[(（]本级[)）]/gu, '');
  return a === b || b.includes(a) || a.includes(b) || sameDepartment(a, b) || abbreviates(a, b);
}

/** "省检察院" of "江苏省人民检察院": the short form's characters in order, the same kind of body, a name of its own. */
function abbreviates(short: string, full: string): boolean {
  if (short.length < 3 || short.length >= full.length || short.at(-1) !== full.at(-1)) return false;
  if (short.replace(/[省市区县]/gu, '').length < 3) return false;
  let at = 0;
  for (const ch of short) {
    at = full.indexOf(ch, at);
    if (at < 0) return false;
    at += 1;
  }
  return true;
}
/** Words of time or stage around a subject's name that do not change which figure it is. */
const AROUND = /^(?:本年度?|当年|全年|年度)|(?:预算数|预算|决算数|决算|安排|总额)$/u;

/** Ways a printed subject may be read, from the most literal. */
function variants(s: string, ctx: SubjectContext): string[] {
  const out: string[] = [];
  let v = s;
  const dept = ctx.department?.replace(/\s+/gu, '');
  if (dept && dept.length >= 2 && v.startsWith(dept) && v.length > dept.length) v = v.slice(dept.length);
  for (let prev = ''; prev !== v;) {
    prev = v;
    const m = ORG.exec(v);
    if (m && m[0].length < v.length) {
      // Another organisation's figure ("…龙华分局部门预算收入" in the department's document): not the tables' total.
      if (dept && m[1] && !sameOrganisation(m[1], dept)) return [];
      v = v.slice(m[0].length);
    }
    if (v !== prev) out.push(v);
  }
  for (let prev = ''; prev !== v;) {
    prev = v;
    const w = v.replace(AROUND, '');
    if (w.length >= 2) v = w;
    if (v !== prev) out.push(v);
  }
  // "财政拨款预算支出" / "一般公共预算拨款安排的…支出预算": 预算 inside the name.
  const inner = v.replace(/(?<=拨款|财政)预算(?=支出|收入)/u, '').replace(/(?<=支出)预算(?=合计|总计)/u, '');
  if (inner !== v) out.push(inner);
  return out;
}

/** In a 决算, a subject naming the 预算 beside the outturn ("年初预算为 0.95 万元", "全年预算数"). */
const BUDGET_IN_OUTTURN = /年初预算|全年预算|调整预算|预算数|预算为|预算$/u;

export function resolveSubject(subject: string, ctx: SubjectContext): SubjectRef {
  return inContext(resolveBare(subject, ctx), subject, ctx);
}

function resolveBare(subject: string, ctx: SubjectContext): SubjectRef {
  const s = subject.replace(/[“”"‘’'「」]/gu, '');
  if (ctx.stage === '决算' && BUDGET_IN_OUTTURN.test(s) && !/决算/u.test(s)) {
    const ref = resolveBare(
      s.replace(/(?:年初|全年|调整)?预算(?:数)?(?:为)?$/u, '').replace(/(?:年初|全年|调整)预算(?:数)?/u, ''),
      { ...ctx, stage: '预算' },
    );
    if (ref.kind === 'figure' && ref.keys.every((k) => k.startsWith('three')))
      return { ...ref, keys: ref.keys.map((k) => `budget:${k}`) };
    return none(
      '年初预算数：表中只有决算数（与决算数的关系见同句的完成率或“持平”）',
      'the budget figure: the tables print the outturn only (the completion rate or 持平 of the sentence relate the two)',
    );
  }
  const first = resolveOnce(s, ctx);
  if (first.kind !== 'label' && first.kind !== 'none') return first;
  for (const v of variants(s, ctx)) {
    const r = resolveOnce(v, ctx);
    if (r.kind !== 'label' && r.kind !== 'none') return r;
  }
  return first;
}

/**
 * A function subject printed with its code: "住房公积金(2210201)", "2080501-行政单位离退休", "2014099 其他信访事务支出",
 * "（2210203）". The code decides when the name agrees with it (or is absent); a code that does not fit its name (a
 * digit dropped: "行政单位医疗(210101)") is read through the name among the codes of the same 类.
 */
function codedSubject(s: string, year?: number): SubjectRef | undefined {
  const after = /^(.*?)[(（](\d{3,7})[)）]$/u.exec(s);
  const before = after ? undefined : /^[(（]?(\d{3,7})[)）]?[\s\-－—–、.．]*(\D.*)?$/u.exec(s);
  const code = after?.[2] ?? before?.[1];
  // Codes have 3, 5 or 7 digits, a digit more or less when misprinted; never 4 (2026 in "2026信访专项经费" is a year).
  if (!code || !/^[235]/u.test(code) || code.length === 4) return undefined;
  const name = normalizeSubjectName(after?.[1] ?? before?.[2] ?? '');
  const entry = subjectByCode(code);
  if (entry && (name === '' || entry.name === name || lookupSubject(name).some((e) => e.code === code)))
    return entry.kind === 'function' ? { kind: 'function', code } : undefined;
  if (!code.startsWith('2') || name === '') return undefined;
  const found = lookupSubject(name, 'function', year === undefined ? undefined : { year }).filter((e) =>
    e.code.startsWith(code.slice(0, 3)),
  );
  const codes = [...new Set(found.map((e) => e.code))];
  return codes.length === 1
    ? { kind: 'function', code: codes[0]! }
    : none(`科目编码 ${code} 与名称「${name}」对不上`, `the subject code ${code} does not fit its name "${name}"`);
}

/**
 * 政府采购: its total ("政府采购预算总额", "政府采购支出预算", "政府采购金额") and its 货物 / 工程 / 服务 parts ("政府采购货物
 * 预算", "货物类采购预算", "拟采购货物支出"), of all funds or of the fund the words name; a reservation for small firms or
 * a contract sum is no table's figure.
 */
function procurementRef(s: string): SubjectRef | undefined {
  // "政府采购预算总金额为 X 万元。其中拟购买货物 A 万元；拟购买工程 B 万元…" (not 政府购买服务, another list).
  if (!/采购|^拟购买(?:货物|工程|服务)/u.test(s)) return undefined;
  if (!/政府采购|^(?:拟)?(?:采购|购买)?(?:货物|工程|服务)类?(?:采购|项目)?/u.test(s)) return undefined;
  if (/中小企业|小微|小型|预留|合同|单价|授予|平均|面向/u.test(s))
    return none(
      '面向中小企业的预留或合同金额，表中没有',
      'a reservation for small firms or a contract sum: no table states it',
    );
  const part = /货物/u.test(s) ? 'goods' : /工程/u.test(s) ? 'works' : /服务/u.test(s) ? 'services' : undefined;
  const scope = /一般公共预算/u.test(s) ? 'gpb' : /财政拨款/u.test(s) ? 'fiscal' : undefined;
  return figure([part ? `procurement:${part}` : 'procurement'], scope);
}

/** “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目: a path printed with dashes. */
function dashPath(s: string): { name: string; level: SubjectLevel }[] {
  const parts = s
    .replace(/科目$/u, '')
    .split(/[-－—–]+/u)
    .map((p) => normalizeSubjectName(p))
    .filter(Boolean);
  if (parts.length < 2 || parts.length > 3) return [];
  return parts.map((name, i) => ({ name, level: (i + 1) as SubjectLevel }));
}

function resolveOnce(printed: string, ctx: SubjectContext): SubjectRef {
  // "“住房保障支出”科目": the word 科目 is no part of the name.
  const s = printed.length > 3 ? printed.replace(/科目$/u, '') : printed;
  if (s === '') return none('句中没有说明是什么金额', 'the sentence does not say what the amount is');
  // An economic subject with its code ("工资福利支出（301）", "（30201）办公费"): read by its name.
  const uncoded = s
    .replace(/[(（][35]\d{2}(?:\d{2})?[)）]$/u, '')
    .replace(/^[(（]?[35]\d{2}(?:\d{2})?[)）]?[\s\-－—–、.．]*(?=\D)/u, '');
  if (uncoded !== s && uncoded !== '') return resolveOnce(uncoded, ctx);
  if (isPriorSubject(s))
    return none(
      '上年数（增减的比较基数），表中没有上年数',
      'the year before (the base of the change); the tables have no prior-year figure',
    );
  if (/机关运行经费/u.test(s)) return figure(['running-cost']);
  const procurement = procurementRef(s);
  if (procurement) return procurement;
  // 会议费 / 培训费 of the 一般公共预算 (or 财政拨款): the "三公" table's column of that name, where it prints one; in a
  // list of economic lines, maybe only their 基本支出 part.
  const meeting = /会议费/u.test(s) !== /培训费/u.test(s) ? (/会议费/u.test(s) ? 'meeting' : 'training') : undefined;
  if (meeting && /^(?:当年)?(?:一般公共预算|财政拨款)/u.test(s) && !/差旅费/u.test(s))
    return figure([`three:${meeting}`]);
  if (/会议费|培训费|差旅费/u.test(s))
    return meeting && !/差旅费/u.test(s)
      ? { kind: 'figure', keys: [`three:${meeting}`], part: ECONOMIC_PART }
      : none(ECONOMIC_PART.zh, ECONOMIC_PART.en);
  // What a subject is, is its last noun: "用于支付因公出国（境）工作的国内服务费" is a 服务费, not the 出国 figure.
  const after = s.slice(s.lastIndexOf('的') + 1);
  const head = after.replace(/(?:年初|全年|调整)?(?:预算|决算|执行)?(?:数|金额|安排|支出)?(?:为)?/gu, '') ? after : s;
  if (/三公/u.test(head)) return figure(['three-public']);
  if (/因公出国/u.test(head)) return figure(['three:abroad']);
  if (/公务接待/u.test(head)) return figure(['three:reception']);
  if (/公务用车购置(?:及|和|与)运行/u.test(head)) return figure(['three:car']);
  if (/公务用车购置/u.test(head)) return figure(['three:car-purchase']);
  if (/公务用车运行/u.test(head)) return figure(['three:car-running']);
  if (ctx.projectContext && /拨款|资金/u.test(s)) {
    // "编报绩效目标的项目 11 个，涉及项目预算资金 6626 万元": all of 项目支出 when it equals it, else a part of it.
    return {
      kind: 'figure',
      keys: ['project'],
      part: {
        zh: '编报绩效目标的项目所涉资金，是项目支出的一部分（与项目支出合计不同），表中没有这一部分的合计',
        en: 'the funds of the projects with performance targets: a part of 项目支出 (not its total), which no table totals',
      },
    };
  }
  // A total may be the year's own (本年收入合计 / 本年支出合计) or the grand total with carry-overs (收入总计 / 支出总计).
  if (
    /^(?:部门)?财政拨款收支总(?:预算|决算)$|^财政拨款收入(?:预算)?(?:总计|合计)$|^财政拨款收入支出总计$|^财政拨款收支(?:总计|合计)$/u.test(
      s,
    )
  )
    return figure(['income-grand-total', 'income-this-year'], 'fiscal');
  if (/^财政拨款(?:预算)?支出(?:预算)?(?:总计|合计)?$/u.test(s))
    return figure(['expenditure-this-year', 'expenditure-grand-total'], 'fiscal');
  // 财政拨款收入 may be this year's or, with 上年结转, the grand total (the sentence then lists the 结转 as a part).
  if (/^(?:财政拨款|财政补助)收入(?:预算)?$/u.test(s))
    return figure(['fiscal-income', 'income-this-year', 'income-grand-total'], 'fiscal');
  if (
    /^(?:部门)?收支(?:总)?(?:预算|决算)?(?:总计|合计)?$|^收入(?:预算)?(?:总计|合计|总额)?$|^收入支出总计$|^收支总计$/u.test(
      s,
    )
  )
    return figure(['income-grand-total', 'income-this-year'], 'all');
  if (/^支出(?:预算)?(?:总计|合计|总额)?$|^预算支出(?:总计|合计|总额)?$/u.test(s))
    return figure(['expenditure-this-year', 'expenditure-grand-total'], 'all');
  if (/^预算收入(?:总计|合计|总额)?$/u.test(s)) return figure(['income-grand-total', 'income-this-year'], 'all');
  if (/^一般公共预算(?:财政)?(?:拨款)?(?:收入)?(?:预算)?$/u.test(s)) return figure(['gpb-income']);
  if (/^一般公共预算(?:当年拨款|(?:财政)?拨款支出(?:预算)?|财政拨款支出|支出(?:预算)?(?:合计|总计)?)$/u.test(s))
    return figure(['expenditure-this-year'], 'gpb');
  if (/^政府性基金(?:预算)?(?:财政)?拨款(?:支出)?(?:预算)?$|^政府性基金(?:预算)?支出(?:预算)?$/u.test(s))
    return figure(['gov-fund-expenditure']);
  if (/^国有资本经营预算(?:财政)?拨款(?:支出)?(?:预算)?$|^国有资本经营预算支出(?:预算)?$/u.test(s))
    return figure(['soe-expenditure']);
  if (/^(?:一般公共预算)?(?:财政拨款)?基本支出(?:预算)?(?:合计|总计|小计)?$/u.test(s))
    return figure(['basic'], /财政拨款|一般公共预算/u.test(s) ? ['fiscal', 'gpb'] : undefined);
  if (/^人员(?:支出|经费)$/u.test(s)) return figure(['personnel']);
  if (/^(?:日常)?公用(?:支出|经费)$/u.test(s)) return figure(['public']);
  if (/^项目支出(?:预算)?(?:合计)?$/u.test(s)) return figure(['project']);
  const coded = codedSubject(s, ctx.year);
  if (coded) return coded;
  const path = splitLevelPath(s);
  const dashed = path.length > 0 ? [] : dashPath(s);
  if (path.length > 0 || dashed.length > 0) {
    const p = path.length > 0 ? path : dashed;
    const code = resolveFunctionPath(p, ctx.year);
    if (code) return { kind: 'function', code };
    // A 项 the classification does not list (a newer code, a regional one): its 款, and its name among the 款's rows.
    const parent = p.length >= 2 ? resolveFunctionPath(p.slice(0, -1), ctx.year) : undefined;
    return parent
      ? { kind: 'function', code: parent, leaf: p[p.length - 1]!.name }
      : none(
          `功能分类科目「${p.map((x) => x.name).join('/')}」无法对应到科目编码`,
          `the function subject path "${p.map((x) => x.name).join('/')}" does not resolve to a code`,
        );
  }
  const name = normalizeSubjectName(s);
  const fn = resolveFunctionPath([{ name, level: 1 }], ctx.year);
  if (fn) return { kind: 'function', code: fn };
  const econ = lookupSubject(name, 'economic-dept').filter((e) => e.level === 1);
  if (econ.length === 1) {
    return ctx.basicContext
      ? { kind: 'economic', code: econ[0]!.code, name: subjectByCode(econ[0]!.code)?.name ?? name }
      : none(
          '经济分类金额只在基本支出段落中与基本支出表核对',
          'economic amounts are compared with the basic-expenditure table only in a 基本支出 paragraph',
        );
  }
  if (lookupSubject(name, 'economic-dept').length > 0)
    return none(
      '经济分类款级科目：基本支出表只列基本支出部分',
      'an economic item: the basic-expenditure table shows only its basic part',
    );
  if (name.length >= 2 && name.length <= 20)
    // The summary tables' own lines (上年结转, 事业收入 …) are theirs; another name that happens to match a line (a
    // 经费 kind, an economic line of some other scope) may be of another scope: passed when equal, else not checked.
    return SUMMARY_LINE.test(name)
      ? { kind: 'label', name }
      : {
          kind: 'label',
          name,
          part: {
            zh: `「${name}」不是汇总表的固定行，表中同名行的口径可能不同`,
            en: `"${name}" is no fixed line of the summary tables; a line of that name may be of another scope`,
          },
        };
  return none('句中没有可识别的科目或项目', 'no recognisable subject in the sentence');
}
