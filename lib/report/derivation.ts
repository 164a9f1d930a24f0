/**
 * A derivation ("1,788.08 + 1,697.67 = 3,485.75 ≈ 3,485.74 (差 0.01 ≤ 容差 0.015)") in the reader's language. The
 * checks write derivations once, in Chinese: figures, the document's own words (row labels, table titles, the
 * sentence's 增加 / 下降) and a few words of their own (差, 容差, 正文, 报表 …). In English those few words are
 * put in English here, and nothing else: what is left in Chinese was printed by the document itself, which a
 * reader of either language needs to see as printed. tests/unit/derivation.test.ts checks that on real reports.
 */

type Rule = readonly [RegExp, string];

const STAGE: Readonly<Record<string, string>> = { 预算: 'budget', 决算: 'final accounts', '—': '—' };

/** The checks' own words, in the templates they write them in (lib/checks/, lib/claims/check.ts). */
const RULES: readonly Rule[] = [
  // checks/compare.ts: "(差 0.01 ≤ 容差 0.015)"
  [/\(差 ([^ )]+) ≤ 容差 ([^ )]+)\)/gu, '(diff $1 ≤ tolerance $2)'],
  // claims/check.ts: "（差 0.01 万元，末位差 1）", "（差 0.01 万元）"
  [/（差 ([^，）]+)，末位差 1）/gu, ' (diff $1, last digit off by 1)'],
  [/（差 ([^）]+)）/gu, ' (diff $1)'],
  [/([=≠≈]) 正文 /gu, '$1 text '],
  [/（正文写 ([^）]+)）/gu, ' (the text says $1)'],
  [/（正文）/gu, ' (text)'],
  [/（正文([^）]+)）/gu, ' (text: $1)'],
  [/(^|：)上年数 /u, '$1last year '],
  [/；上年为 0，增长率无从计算/u, '; last year was 0: no growth rate'],
  [/；增减为 0，增幅 0%/u, '; change 0, rate 0%'],
  [/ 与 (.+) 方向相反$/u, ' and $1 point opposite ways'],
  [/（分母：(.+)）$/u, ' (denominator: $1)'],
  [/^决算 (.+) − 预算 /u, 'final accounts $1 − budget '],
  [/^表中 /u, 'tables: '],
  [/表中总额 /gu, 'the table total '],
  [/表中预算数 /gu, 'the table budget figure '],
  [/句中所指总额 /gu, 'the total the sentence names '],
  [/本句总额「/gu, 'the sentence’s total 「'],
  [/各项之和/gu, 'the sum of the items'],
  [/空（视为 0）/gu, 'empty (taken as 0)'],
  [/为空表（本表无数据），即为 0/gu, ' is published empty (no data): 0'],
  [
    /未列这一科目（表中只列有金额的科目，即为 0）/gu,
    ' does not list this subject (it lists only subjects with money): 0',
  ],
  [
    /未列这一类（表中只列有金额的类别，即为 0）/gu,
    ' does not list this class (it lists only the classes with money): 0',
  ],
  [/^(持平|基本持平)：上年 ≈ 本年 /u, '$1: last year ≈ this year '],
  // claims/check.ts: the compositions the text's lists are checked against.
  [
    /“三公”经费 = 因公出国（境）费用 \+ 公务接待费 \+ 公务用车购置及运行维护费/gu,
    '"three public" = abroad + reception + cars',
  ],
  [/公务用车购置及运行维护费 = 购置费 \+ 运行维护费/gu, 'cars = purchase + running'],
  [/政府采购 = 货物 \+ 工程 \+ 服务/gu, 'procurement = goods + works + services'],
  [/基本支出 = 人员经费 \+ 公用经费/gu, 'basic = personnel + public'],
  // checks/required-tables.ts
  [/^报表 (\d+) 张；正文段落 (\d+) 段$/u, '$1 tables; $2 paragraphs of text'],
  [/^报表 (\d+) 张；正文说明 0 段$/u, '$1 tables; no paragraph of explanation'],
  [/^已识别的报表：/u, 'tables recognised: '],
  // checks/consistency.ts: "文件：2026年、某某局、预算；正文标题「…」：…"
  [/正文标题「/gu, 'heading in the text 「'],
  // Punctuation between the pieces.
  [/；/gu, '; '],
  [/：/gu, ': '],
  [/(?<=[\d%）)」》])，/gu, ', '],
  [/(?<=[」》）])、/gu, ', '],
];

/** "文件：2026年、某某局、预算；": the document's own year, department and stage. */
const DOCUMENT = /^文件：(?:(\d{4})年|—)、(.*?)、(预算|决算|—)；/u;

/** A derivation as the report has it (Chinese) or with the checks' own words in English. */
export function derivationIn(derivation: string, lang: 'zh' | 'en'): string {
  if (lang === 'zh') return derivation;
  let out = derivation.replace(
    DOCUMENT,
    (_, year: string | undefined, department: string, stage: string) =>
      `document: ${year ?? '—'}, ${department}, ${STAGE[stage] ?? stage}；`,
  );
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
