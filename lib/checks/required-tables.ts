import type { BudgetDocument, BudgetTable, TableKind } from '../model';
import { squash } from '../parse/labels';
import type { Check } from './types';

/**
 * Is every table a 部门预算 / 部门决算 must publish there? The sets are the Ministry of Finance's uniform formats:
 * nine tables for a 部门预算 (收支总表 … 国有资本经营预算支出表), the nine tables of the 部门决算 template. Tables are
 * matched by what they are (their kind, read from title or header: 收支总体情况表, 公开01表 and 表一 all read as the
 * 收支总表), never by their printed name. A table published empty ("本表无数据") is published; so is one the text
 * says is empty or not applicable ("本部门无政府性基金预算…本表为空表"). A file with tables and no explanation, or the
 * explanation without its tables (Beijing publishes the two apart), is said to be so, not reported as a missing set.
 */

interface Required {
  readonly name: string;
  readonly en: string;
  readonly is: (t: BudgetTable) => boolean;
  /** Words by which the text may say the table is empty or not applicable. */
  readonly words: RegExp;
  /** A table's name that says it is this table, whatever kind its header was read as. */
  readonly named?: RegExp;
}

/**
 * What a table is called: its title, or — when the title is only a number ("公开07表", "表 4") — the line printed
 * above that number (the template prints "政府性基金预算财政拨款收入支出决算表" | "公开07表").
 */
function nameOf(t: BudgetTable, doc: BudgetDocument): string {
  const title = once(squash(t.title));
  if (!/^(?:公开)?\d{1,2}表$|^表[一二三四五六七八九十\d]{1,3}$/u.test(title)) return title;
  const at = doc.text.findIndex((b) => once(squash(b.text)) === title);
  // The name is printed above the number (公开07表) or below it (表 1 | 2022年部门综合预算收支总表).
  for (const k of [at - 1, at + 1]) {
    const line = at >= 0 && k >= 0 && k < doc.text.length ? once(squash(doc.text[k]!.text)) : '';
    if (line.length <= 40 && /表/u.test(line)) return line;
  }
  return title;
}

/** A line a PDF printed several times over itself ("表1表1表1", bold by overprinting): once. */
function once(s: string): string {
  if (s.length > 240) return s;
  for (let p = 1; p <= s.length / 2; p++) {
    let repeats = true;
    for (let i = p; i < s.length && repeats; i++) repeats = s[i] === s[i % p];
    if (repeats) return s.slice(0, p);
  }
  return s;
}

/** A 三公 table whose title was cut over two lines still says "三公" in its column headers. */
const threeHeader = (t: BudgetTable): boolean => t.columns.some((c) => c.path.some((p) => /三公/u.test(p)));

const fiscalTitle = (t: BudgetTable): boolean => /财政拨款/u.test(squash(t.title));
const kindIs =
  (...kinds: TableKind[]) =>
  (t: BudgetTable): boolean =>
    kinds.includes(t.kind);
/** Tables of one part of the spending (机关运行经费, 政府采购) are no 支出表 of the whole. */
const aside = (t: BudgetTable): boolean => /机关运行经费|政府采购|政府购买服务|项目支出|专项/u.test(squash(t.title));

const BUDGET_SET: readonly Required[] = [
  {
    name: '收支总表',
    en: 'income and expenditure summary',
    is: (t) => t.kind === 'income-expenditure' && !fiscalTitle(t),
    words: /收支总/u,
    named: /^(?!.*财政拨款).*收支总(?:体情况)?表/u,
  },
  {
    name: '收入总表',
    en: 'income table',
    is: kindIs('income'),
    words: /收入总表/u,
    named: /^(?!.*财政拨款).*收入总(?:体情况)?表/u,
  },
  {
    name: '支出总表',
    en: 'expenditure table',
    is: (t) => t.kind === 'expenditure' && !aside(t) && !fiscalTitle(t),
    words: /支出总表/u,
    named: /^(?!.*(?:财政拨款|基本|项目|一般公共预算)).*支出总(?:体情况)?表/u,
  },
  {
    name: '财政拨款收支总表',
    en: 'fiscal appropriations summary',
    is: (t) => t.kind === 'fiscal-income-expenditure' || (t.kind === 'income-expenditure' && fiscalTitle(t)),
    words: /财政拨款收支/u,
    named: /财政拨款收支总(?:体情况)?表/u,
  },
  {
    name: '一般公共预算支出表',
    en: 'general public budget expenditure',
    is: kindIs('gpb-expenditure'),
    words: /一般公共预算支出/u,
    named: /一般公共预算支出(?:明细|情况)?表/u,
  },
  {
    name: '一般公共预算基本支出表',
    en: 'general public budget basic expenditure',
    is: kindIs('gpb-basic'),
    words: /基本支出/u,
    // Some regions publish the 基本支出 of all funds, beside the 一般公共预算 spending by economic class, instead.
    named: /基本支出(?:预算)?(?:总|情况|明细)?表/u,
  },
  {
    name: '“三公”经费支出表',
    en: '"three public" expenditure',
    is: (t) => t.kind === 'three-public' || threeHeader(t),
    words: /三公/u,
    named: /三公/u,
  },
  {
    name: '政府性基金预算支出表',
    en: 'government fund budget expenditure',
    is: kindIs('gov-fund'),
    words: /政府性基金/u,
    named: /政府性基金(?:预算)?(?:财政拨款)?(?:收入)?(?:收支|支出)/u,
  },
  {
    name: '国有资本经营预算支出表',
    en: 'state capital budget expenditure',
    is: kindIs('soe-capital'),
    words: /国有资本经营/u,
    named: /国有资本经营预算(?:财政拨款)?(?:收入)?(?:收支|支出)/u,
  },
];

const OUTTURN_SET: readonly Required[] = [
  {
    name: '收入支出决算总表',
    en: 'income and expenditure summary',
    is: (t) => t.kind === 'income-expenditure' && !fiscalTitle(t),
    words: /收入支出决算总表/u,
  },
  { name: '收入决算表', en: 'income table', is: kindIs('income'), words: /收入决算表/u },
  {
    name: '支出决算表',
    en: 'expenditure table',
    is: (t) => t.kind === 'expenditure' && !aside(t),
    words: /支出决算表/u,
  },
  {
    name: '财政拨款收入支出决算总表',
    en: 'fiscal appropriations summary',
    is: (t) => t.kind === 'fiscal-income-expenditure' || (t.kind === 'income-expenditure' && fiscalTitle(t)),
    words: /财政拨款收入支出/u,
    named: /^财政拨款收入支出决算总?表/u,
  },
  {
    name: '一般公共预算财政拨款支出决算表',
    en: 'general public budget expenditure',
    is: kindIs('gpb-expenditure'),
    words: /一般公共预算财政拨款支出/u,
    named: /^一般公共预算财政拨款支出决算/u,
  },
  {
    name: '一般公共预算财政拨款基本支出决算表',
    en: 'general public budget basic expenditure',
    is: kindIs('gpb-basic'),
    words: /基本支出/u,
    named: /基本支出决算/u,
  },
  {
    name: '财政拨款“三公”经费支出决算表',
    en: '"three public" expenditure',
    is: (t) => t.kind === 'three-public' || threeHeader(t),
    words: /三公/u,
    named: /三公/u,
  },
  {
    name: '政府性基金预算财政拨款收入支出决算表',
    en: 'government fund expenditure',
    is: kindIs('gov-fund'),
    words: /政府性基金/u,
    named: /政府性基金预算(?:财政拨款)?(?:收入)?(?:收支|支出)/u,
  },
  {
    name: '国有资本经营预算财政拨款支出决算表',
    en: 'state capital expenditure',
    is: kindIs('soe-capital'),
    words: /国有资本经营/u,
    named: /国有资本经营预算(?:财政拨款)?(?:收入)?(?:收支|支出)/u,
  },
];

const RULE = {
  预算: {
    zh: '财政部部门预算公开统一格式（9 张报表）',
    en: "the Ministry of Finance's uniform format for 部门预算 (9 tables)",
  },
  决算: {
    zh: '财政部部门决算公开格式（部门决算模板的 9 张报表）',
    en: "the Ministry of Finance's format for 部门决算 (the 9 tables of the template)",
  },
} as const;

const isBudgetTable = (t: BudgetTable): boolean => t.kind !== 'layout' && t.kind !== 'unknown';

/** 预算 or 决算: the document's, else what its table titles and text say. */
export function stageOf(doc: BudgetDocument): '预算' | '决算' | undefined {
  if (doc.stage) return doc.stage;
  const titles = doc.tables.map((t) => t.title).join(' ');
  if (/决算/u.test(titles)) return '决算';
  if (/预算/u.test(titles)) return '预算';
  const head = doc.text
    .slice(0, 10)
    .map((b) => b.text)
    .join(' ');
  return /决算/u.test(head) ? '决算' : /预算/u.test(head) ? '预算' : undefined;
}

/** The text says the table is empty or does not apply ("本部门无政府性基金预算收支，故本表为空表"). */
function saidEmpty(doc: BudgetDocument, r: Required): string | undefined {
  for (const b of doc.text) {
    const t = squash(b.text);
    if (t.length > 400 || !r.words.test(t)) continue;
    if (
      /空表|无数据|没有(?:使用)?[^。；]{0,20}(?:收入|支出|安排)|无[^。；]{0,12}(?:收入|支出|预算|决算)|不涉及/u.test(t)
    )
      return b.text;
  }
  return undefined;
}

const tableName = (t: BudgetTable): string => `#${t.index}${t.title ? `《${t.title}》` : `（${t.kind}）`}`;

export const requiredTables: Check = {
  id: 'required-tables',
  title: { zh: '报表是否齐全', en: 'Required tables' },
  description: {
    zh: '部门预算 / 部门决算应公开的 9 张报表是否都在（按表的内容识别，不看表名写法；空表与正文说明为空的表视为已公开）；只有报表或只有说明的文件如实说明',
    en:
      'every one of the 9 tables a 部门预算 / 部门决算 must publish is there (recognised by content, whatever its ' +
      'printed name; an empty table, or one the text says is empty, counts as published); a file of tables only or ' +
      'text only is said to be so',
  },
  run({ doc, sink }) {
    const stage = stageOf(doc);
    if (!stage) return;
    const tables = doc.tables.filter(isBudgetTable);
    const prose = doc.text.filter((b) => /万元|元/u.test(b.text) && b.text.length > 30).length;
    const rule = RULE[stage];
    if (tables.length === 0) {
      if (prose < 5) return;
      sink.finding({
        check: 'required-tables',
        severity: 'info',
        table: -1,
        cells: [],
        derivation: `报表 0 张；正文段落 ${prose} 段`,
        message: {
          zh:
            `本文件只有情况说明，没有可识别的${stage === '预算' ? '部门预算' : '部门决算'}报表` +
            `（报表可能另行发布，或排成了文字）：报表齐全与否无法在本文件核对（${rule.zh}）`,
          en:
            'this file is the explanation only, without tables that read as such (they may be published apart, ' +
            `or set as text): whether the tables are complete cannot be checked here (${rule.en})`,
        },
      });
      return;
    }
    const set = stage === '预算' ? BUDGET_SET : OUTTURN_SET;
    // A page of one or a few tables (a table shown alone, an extract) is no disclosure to hold to the full set.
    if (set.filter((r) => tables.some(r.is)).length < 4) return;
    if (prose === 0) {
      sink.finding({
        check: 'required-tables',
        severity: 'info',
        table: -1,
        cells: [],
        derivation: `报表 ${tables.length} 张；正文说明 0 段`,
        message: {
          zh: '本文件只有报表，没有情况说明（说明可能另行发布）',
          en: 'this file holds the tables only, without the explanation (it may be published apart)',
        },
      });
    }
    const names = new Map(tables.map((t) => [t, nameOf(t, doc)]));
    for (const r of set) {
      const found = tables.find((t) => r.is(t) || (r.named !== undefined && r.named.test(names.get(t)!)));
      if (found) {
        sink.pass('required-tables', []);
        continue;
      }
      const note = saidEmpty(doc, r);
      if (note) {
        sink.pass('required-tables', []);
        continue;
      }
      sink.finding({
        check: 'required-tables',
        severity: 'warning',
        table: -1,
        cells: [],
        derivation: `已识别的报表：${tables.map(tableName).join('、')}`,
        message: {
          zh: `缺少「${r.name}」：按${rule.zh}应公开，文件中没有这张表，正文也未说明为空表`,
          en:
            `the ${r.en} table (${r.name}) is missing: ${rule.en} requires it, ` +
            'the file has no such table and the text does not say it is empty',
        },
      });
    }
  },
};
