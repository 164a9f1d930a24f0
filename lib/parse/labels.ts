import type { TableKind } from '../model';

/** Label text with all spacing removed ("收 入 总 计" → "收入总计") and parentheses unified. */
const NEEDS_SQUASH = /[\s\u00a0\u3000():“”"＂]/u;

export function squash(s: string): string {
  if (!NEEDS_SQUASH.test(s)) return s;
  return s
    .replace(/[\s\u00a0\u3000]+/gu, '')
    .replace(/\(/gu, '（')
    .replace(/\)/gu, '）')
    .replace(/:/gu, '：')
    .replace(/[“”"＂]/gu, '"');
}

export type TotalKind = 'grand-total' | 'total' | 'subtotal-income' | 'subtotal-expenditure' | 'subtotal';

/** Total rows by label. Order matters: the most specific first. */
const TOTALS: readonly [RegExp, TotalKind][] = [
  [/^(?:收入|支出|收支)(?:预算|决算)?总计$/u, 'grand-total'],
  [/^(?:一、)?(?:本|当)年(?:财政拨款)?收入(?:合计|小计)?$/u, 'subtotal-income'],
  [/^(?:一、)?(?:本|当)年(?:财政拨款)?支出(?:合计|小计)?$/u, 'subtotal-expenditure'],
  [/^(?:支出|收入)合计$/u, 'total'],
  [/^(?:合计|总计|全部合计|部门合计|总合计|汇总|共计)$/u, 'total'],
  // The panels of a 基本支出 table by economic classification close with their own totals.
  [/^(?:人员经费|公用经费|人员支出|公用支出|基本支出|项目支出)(?:合计|总计)$/u, 'total'],
  [/^(?:小计)$/u, 'subtotal'],
];

export function totalKind(label: string): TotalKind | undefined {
  const s = squash(label).replace(/[：:]$/u, '');
  for (const [re, kind] of TOTALS) if (re.test(s)) return kind;
  return undefined;
}

/** Column labels that name a total of the sibling columns. */
export function isTotalColumnLabel(label: string): boolean {
  const s = squash(label).replace(/^"三公"经费/u, '');
  return (
    /^(?:合计|总计|小计|金额合计|预算数合计|资金合计|总额|本年(?:收入|支出)合计)$/u.test(s) ||
    /^"?三公"?经费合计$/u.test(squash(label))
  );
}

/** "其中：" columns or rows: a part of the previous figure, not a term of a sum. */
export const isOfWhich = (label: string): boolean => /^其中[：:]?/u.test(squash(label));

export type Numbering = { depth: number; marker: string } | undefined;

/** 一、 / （一） / 1. / (1) numbering and its depth. */
export function numbering(label: string): Numbering {
  const s = squash(label);
  let m = /^([一二三四五六七八九十]+)[、.．]/u.exec(s);
  if (m) return { depth: 1, marker: m[1]! };
  m = /^（([一二三四五六七八九十]+)）/u.exec(s);
  if (m) return { depth: 2, marker: m[1]! };
  m = /^(\d+)[、.．](?!\d)/u.exec(s);
  if (m) return { depth: 3, marker: m[1]! };
  m = /^（(\d+)）/u.exec(s);
  if (m) return { depth: 4, marker: m[1]! };
  return undefined;
}

/** Header words that mark each column role. */
export const HEADER_WORDS = {
  code: /(?:编码|代码|编号|科目号)/u,
  name: /(?:名称|项目$|^项目|科目$|^科目|^单位$|内容|^收入$|^支出$|^类型$)/u,
  share: /(?:比重|占比|百分比|比例|%|％|增长率|增幅|增减率|完成率)/u,
  text: /(?:绩效|指标|目标|计量|符号|权重|说明|备注|依据|用途|标准|内容|简介)/u,
  seq: /^(?:序号|栏次|行次)$/u,
  splitCode: /^(?:类|款|项)$/u,
};

/** Recognises a table's kind from its title; returns the matched phrase as evidence. */
const KIND_BY_TITLE: readonly [RegExp, TableKind][] = [
  [/绩效|(?:综合)?评价(?:得分|结果|情况)|评分表|得分(?:情况)?表/u, 'performance'],
  [/机构(?:设置|情况|名单|名录|一览)|人员(?:构成|编制|情况)表|项目(?:概况|说明|简介|基本情况)/u, 'layout'],
  [/"?三公"?经费/u, 'three-public'],
  [/财政拨款收支/u, 'fiscal-income-expenditure'],
  [/收支(?:预算|决算)?总表|收支总体情况表|收入支出(?:预算|决算)?总表/u, 'income-expenditure'],
  [/收入(?:预算|决算)?(?:总)?表|收入总体情况表/u, 'income'],
  [/一般公共预算(?:财政拨款)?基本支出|基本支出(?:预算|决算)?(?:情况|明细)?表|人员经费|公用经费/u, 'gpb-basic'],
  [/一般公共预算(?:财政拨款)?(?:支出|当年拨款)|一般公共预算拨款支出/u, 'gpb-expenditure'],
  [/政府性基金/u, 'gov-fund'],
  [/国有资本经营/u, 'soe-capital'],
  [/财政专户/u, 'special-account'],
  [/项目支出/u, 'project'],
  [/支出(?:预算|决算)?(?:总)?表|支出总体情况表/u, 'expenditure'],
];

export function kindFromTitle(title: string): { kind: TableKind; evidence: string } | undefined {
  const s = squash(title);
  for (const [re, kind] of KIND_BY_TITLE) {
    const m = re.exec(s);
    if (m) return { kind, evidence: m[0] };
  }
  return undefined;
}

/** A line that looks like a budget table title: "表 1： 2024 年市级部门收支预算总表", "2021年市级部门项目支出表". */
export function looksLikeTableTitle(text: string): boolean {
  const s = squash(text);
  if (s.length > 60 || s.length < 3) return false;
  if (/[。；]$/u.test(s)) return false;
  return /表(?:[（(]续[)）]|（?续表?）?)?$/u.test(s) || /^(?:附)?表\d/u.test(s) || /续表$/u.test(s);
}

export const isContinuationTitle = (text: string): boolean => /续表|[（(]续[)）]|（续表）/u.test(squash(text));

/** Layout and metadata tables: 索引号, 发布机构, 目录 … */
export function isMetadataText(text: string): boolean {
  if (text.length > 40 || !/[索发主文信浏目]/u.test(text)) return false;
  return /索引号|发布机构|发文日期|发布日期|主题分类|文号|信息来源|浏览次数|^目录$/u.test(squash(text));
}

/** 本表无数据 / 故为空表 / 此表为空 … */
export function emptyTableNote(text: string): boolean {
  return /本表无数据|故为空表|此表为空|本表为空|无数据|空表|没有.{0,30}(?:安排的)?支出，?故/u.test(squash(text));
}

/** Unit (organisation) names: 本级, 中心, 局 … */
export function looksLikeUnitName(label: string): boolean {
  const s = squash(label).replace(/[（(][^）)]*[)）]$/u, '');
  if (/^【\d+】/u.test(s)) return true;
  // A project named after whom it pays ("辅助人员补助经费-珠海边检总站", "春节慰问金-拱北海关") is no unit, nor one
  // that says whose it is ("交运医院改革费用（委本级）", "…资本金，用于市本级公共租赁住房…"), nor a sentence; a body
  // whose name holds such a word is ("广州市中心区交通项目管理中心").
  const project = /经费|资金|资本金|慰问金|补贴|补助费|费用|项目|专项|工程/u;
  if (/[，,；;]/u.test(s)) return false;
  if (/[-－—–]/u.test(s) && project.test(s.split(/[-－—–]/u)[0]!)) return false;
  if (project.test(s) && !/(?:中心|局|处|站|所|院|办公室|委员会)$/u.test(s)) return false;
  if (/本级/u.test(label)) return true;
  return (
    /(?:局|中心|办公室|委员会|委|院|所|站|队|馆|校|学校|研究会|协会|厅|部|办|处|室|社|总队|支队|大队|团|会)$/u.test(
      s,
    ) && !/支出$|费$|经费$/u.test(s)
  );
}
