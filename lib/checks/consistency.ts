import { regionOf, sameDepartment } from '../identity/department';
import type { BudgetDocument } from '../model';
import { squash } from '../parse/labels';
import { stageOf } from './required-tables';
import type { Check } from './types';

/**
 * Do the year, the department and the stage agree throughout? The document's own (from its cover, title and
 * headings) against every table title and every heading of the text that names a year, a department or a stage:
 * "2025年部门收入预算总表" in a 2026 budget, "2023年度部门决算" in a 2024 one, another department's budget named in a
 * table's caption, a 决算 heading in a 预算. Each disagreement is a warning with where it is. No disagreement: the year
 * before named inside a sentence (比 2025 年增加…), a column (2021年 / 2022年) or a comparison of two years; a unit's
 * budget naming its department's, a department's naming its units' (单位预算), a project's table (项目绩效目标表), a
 * site's menus, breadcrumbs and link lists (a page that is no disclosure is not checked at all).
 */

/** A heading: a short block, not a sentence with figures, nor a site's menu, breadcrumb, link or footer. */
const isHeading = (text: string): boolean =>
  text.length <= 60 &&
  !/\d{4}-\d{1,2}-\d{1,2}/u.test(text) &&
  !/[，,。；]/u.test(text) &&
  !/\d+(?:\.\d+)?\s*(?:万元|元|%)/u.test(text) &&
  // "当前位置：首页 > …", "… 09-30" (a dated link), "…" (a cut link), "主办 | 联系我们".
  !/>|›|当前位置|首页|\.\.\.|…|[|｜]|主办|承办|版权|ICP|网站|联系我们/u.test(text) &&
  !/\d{1,2}-\d{1,2}\s*$/u.test(text);

/** A page that discloses a budget: tables of one, or a text with figures. */
function isDisclosure(doc: BudgetDocument): boolean {
  if (doc.tables.some((t) => t.kind !== 'layout' && t.kind !== 'unknown' && t.kind !== 'performance')) return true;
  return doc.text.filter((b) => /万元|元/u.test(b.text) && b.text.length > 30).length >= 5;
}

/** A place that says whose budget it is: "XX 局 2026 年部门预算", "XX 中心单位决算", a budget table's title. */
const OWNER_WORDS = /(?:部门|单位)(?:综合)?(?:预算|决算)|(?:收支|收入|支出|拨款|经费)[^，。]{0,12}表$/u;
/** A project's or a programme's table or heading: it names the project, not the department. */
const PROJECT_WORDS = /项目|绩效|自评|目标|专项|资金/u;
/** The year a title names for itself: "2026年部门收入预算总表", "2024 年度部门决算". */
const TITLE_YEAR =
  /((?:19|20)\d{2})\s*年度?\s*(?:[\u4e00-\u9fa5（）()“”"]{0,30}?)(?:部门|单位)?(?:综合)?(预算|决算)(?!执行|数|安排|拨款|调整|绩效)/u;
/** An organisation's name as a heading prints it. */
const ORG_NAME =
  /^([\u4e00-\u9fa5（）()]{3,30}?(?:局|委员会|办公室|办公厅|检察院|法院|政协|宣传部|中心))(?:[（(]本级[)）])?(?:\d{4}\s*年度?)?/u;

/** "第二部分 江苏省人民检察院" → 江苏省人民检察院: section numbers are no part of a name. */
const bare = (s: string): string => squash(s).replace(/^第[一二三四五六七八九十]+部分/u, '');

/**
 * Names that share a word once their regions and generic parts are put aside ("省检察院" and "江苏省人民检察院" share
 * 检察): an abbreviation, not another department.
 */
function overlaps(a: string, b: string): boolean {
  const core = (s: string): string => {
    let t = bare(s);
    const region = regionOf(t);
    if (region && t.startsWith(region)) t = t.slice(region.length);
    return t.replace(/[省市区县]|人民|中共|委员会|办公室|办公厅|局$/gu, '');
  };
  const x = core(a);
  const y = core(b);
  if (x.length < 2 || y.length < 2) return true;
  for (let i = 0; i + 2 <= x.length; i++) if (y.includes(x.slice(i, i + 2))) return true;
  return false;
}

interface Disagreement {
  readonly what: 'year' | 'department' | 'stage';
  readonly where: string;
  readonly printed: string;
  readonly table: number;
}

function disagreements(doc: BudgetDocument): Disagreement[] {
  const out: Disagreement[] = [];
  if (!isDisclosure(doc)) return out;
  const stage = stageOf(doc);
  const scope = doc.identity?.scope ?? null;
  // A heading that is a table's title (a PDF prints the title as a line above the table) is that table's place.
  const titles = new Set(doc.tables.filter((t) => t.title).map((t) => squash(t.title)));
  const places: { where: string; text: string; table: number }[] = [
    ...doc.tables
      .filter((t) => t.title)
      .map((t) => ({ where: `#${t.index}《${t.title}》`, text: t.title, table: t.index })),
    ...doc.text
      .filter((b) => isHeading(b.text.trim()) && !titles.has(squash(b.text)))
      .map((b) => ({ where: `正文标题「${b.text.trim()}」`, text: b.text.trim(), table: -1 })),
  ];
  for (const p of places) {
    const t = squash(p.text).normalize('NFKC');
    const y = TITLE_YEAR.exec(t);
    // "2022 年与 2021 年…对比": two years compared, the document's among them.
    const years = new Set([...t.matchAll(/((?:19|20)\d{2})年/gu)].map((m) => m[1]));
    const compared = years.size > 1 && doc.year !== undefined && years.has(String(doc.year));
    if (
      y &&
      doc.year !== undefined &&
      y[1] !== String(doc.year) &&
      !compared &&
      !/上年|上一年|以前年度|结转|对比|比较/u.test(t)
    )
      out.push({ what: 'year', where: p.where, printed: `${y[1]}年`, table: p.table });
    if (y && stage && y[2] !== stage && !/预算.*决算|决算.*预算/u.test(t))
      out.push({ what: 'stage', where: p.where, printed: y[2]!, table: p.table });
    // Another department only where the place says whose budget it is, at the document's own level: a unit's
    // budget naming its department's (部门预算), or a department's naming a unit's (单位预算), is the same budget.
    const owner = OWNER_WORDS.test(t) && !PROJECT_WORDS.test(t);
    const level = /单位(?:综合)?(?:预算|决算)/u.test(t)
      ? '单位'
      : /部门(?:综合)?(?:预算|决算)/u.test(t)
        ? '部门'
        : null;
    const sameLevel = level === null || scope === null || level === scope;
    const org = owner && sameLevel ? ORG_NAME.exec(bare(t)) : null;
    if (
      org &&
      doc.department &&
      /(?:局|委员会|办公室|办公厅|检察院|法院|政协|宣传部|中心)$/u.test(doc.department) &&
      !/XX/u.test(doc.department)
    ) {
      const name = org[1]!;
      if (!sameDepartment(name, doc.department) && !overlaps(name, doc.department)) {
        out.push({ what: 'department', where: p.where, printed: name, table: p.table });
      }
    }
  }
  return out;
}

const WHAT = {
  year: ['年度', 'year'],
  department: ['部门', 'department'],
  stage: ['预算/决算', 'stage'],
} as const;

export const consistency: Check = {
  id: 'consistency',
  title: { zh: '年度、部门与预决算一致', en: 'Year, department and stage agree' },
  description: {
    zh: '封面、标题、各表表名与正文标题所写的年度、部门和预算/决算与文件本身一致；不一致处逐一警告',
    en:
      'the year, department and stage printed on the cover, in headings and in table titles agree with the ' +
      "document's own; each disagreement is a warning",
  },
  run({ doc, sink }) {
    const found = disagreements(doc);
    const own = {
      year: doc.year !== undefined ? `${doc.year}年` : '—',
      department: doc.department ?? '—',
      stage: stageOf(doc) ?? '—',
    };
    for (const d of found) {
      const [zh, en] = WHAT[d.what];
      sink.finding({
        check: 'consistency',
        severity: 'warning',
        table: d.table,
        cells: [],
        stated: d.printed,
        expected: own[d.what],
        derivation: `文件：${own.year}、${own.department}、${own.stage}；${d.where}：${d.printed}`,
        message: {
          zh: `${d.where} 写的${zh}是「${d.printed}」，与文件的「${own[d.what]}」不一致`,
          en: `${d.where} names the ${en} "${d.printed}", the document's is "${own[d.what]}"`,
        },
      });
    }
    if (found.length === 0 && (doc.year !== undefined || doc.department)) sink.pass('consistency', []);
  },
};
