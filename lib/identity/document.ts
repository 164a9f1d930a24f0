/**
 * Document identity: which department's disclosure this is, of which year, and whether it is a budget (预算) or a
 * final account (决算) of a department (部门) or of a single unit (单位).
 *
 * Real covers print it in many ways: "杭州市气象局2026年度部门预算", "2026年 / 珠海市商务局部门预算" (over two lines),
 * "2026 年度 / 无锡市教育局（本级） / 单位预算公开" (three), "上海市普陀区2025年区级部门预算" with the department on a
 * line of its own ("预算主管部门：上海市普陀区商务委员会"), "西安市医疗保障局 2022 年部门综合预算" (综合预算 is a
 * 预算), Word exports with full-width digits and spaces between every character. A PDF's metadata title is often
 * another document's ("附件2：预算主管部门公开样张") or nothing at all ("."); headings carry section prefixes
 * ("第二部分 江苏省人民检察院 2017 年度部门预算表", "五、2022 年部门预算收支说明").
 *
 * The reading, in order of trust (the first that gives a valid name wins, each field on its own):
 * 1. the cover: the first lines before the table of contents, one to three lines read together;
 * 2. the page's title (HTML <title>, PDF metadata);
 * 3. labels: "预算主管部门：…", "部门名称：…", "部门：…", "单位名称：…" in the text or in a table's label cell;
 * 4. headings: a heading with a year and a stage, then "X概况" / "X主要职能" / "X机构设置";
 * 5. a coded line under a table title ("346-市委市政府信访局");
 * 6. the file name (last resort: "2024年XX局部门决算.pdf", "xx-2026-yusuan.pdf").
 * Section and list prefixes (第一部分, 五、, （三）, 附件2：, 目录, 关于) are dropped first. A name is accepted only when
 * it is a body's name: not empty, not only a region ("上海市普陀区"), not generic ("部门", "本单位"), not cut off
 * ("北京市公共": a body's name ends in 局, 委, 办, 院, 中心, …). A template's placeholder ("上海市XX局", "某市某局")
 * is reported as such and is not a department; when no name is found the identity says why.
 *
 * Pure string work (no DOM, no Node API), run once per document by lib/parse/document.ts.
 */
import type { PageSource } from '../dom/adapter';
import { isRegionOnly } from './department';

export type IdentitySource = 'cover' | 'title' | 'label' | 'heading' | 'table-title' | 'file-name';

/** Where a field was read: the source and the line as printed (spaces removed). */
export interface IdentityEvidence {
  readonly source: IdentitySource;
  readonly text: string;
}

export interface DocumentIdentity {
  /** The document's title: the page's title when it names the document, else the cover's. */
  readonly title: string;
  readonly department: string | null;
  /** A template's placeholder name ("上海市XX局") found instead of a department. */
  readonly placeholder?: string;
  /** Why the department is null (placeholder, region only, nothing found). */
  readonly departmentNote?: { readonly zh: string; readonly en: string };
  readonly year: number | null;
  readonly stage: '预算' | '决算' | null;
  /** 部门 (a department with its units) or 单位 (one unit), when printed. */
  readonly scope: '部门' | '单位' | null;
  readonly evidence: {
    readonly department?: IdentityEvidence;
    readonly year?: IdentityEvidence;
    readonly stage?: IdentityEvidence;
    readonly scope?: IdentityEvidence;
  };
}

/** Removes "(部门汇总)", "（本级）" and the like, and all spaces, from a department name. */
export function cleanDepartment(raw: string): string {
  return raw
    .replace(/[(（](?:部门汇总|部门|汇总|本级|单位汇总)[)）]/gu, '')
    .replace(/\s+/gu, '')
    .trim();
}

type Problem = 'empty' | 'placeholder' | 'region-only' | 'generic' | 'truncated';

const SPACES = /[\s\u00a0\u3000\u200b\ufeff]+/gu;
/** Full-width digits and Latin letters (Word exports) as ASCII; brackets and colons stay as printed. */
const asciiDigits = (s: string): string =>
  s.replace(/[０-９Ａ-Ｚａ-ｚ]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

const NUM = '[一二三四五六七八九十百零〇0-9]+';
const PREFIXES: readonly RegExp[] = [
  /^(?:附件|附表)\s*[0-9一二三四五六七八九十]*\s*[:：、.．]?/u,
  new RegExp(`^第\\s*${NUM}\\s*(?:部分|章|篇|节)\\s*[:：、.．]?`, 'u'),
  /^[一二三四五六七八九十]+\s*[、.．]/u,
  new RegExp(`^[（(]\\s*${NUM}\\s*[)）]\\s*[、.．]?`, 'u'),
  /^\d{1,2}\s*(?:[、．]|\.(?=\s|\D))/u,
  /^目\s*录/u,
  /^关于/u,
];
/** A line of a table of contents ends with leaders and a page number. */
const LEADERS = /\s*(?:[.…·．。\-—]{3,}|…+)\s*\d*\s*$/u;

/** A line as read for identity: prefixes, leaders and spaces gone, full-width digits as ASCII. */
export function identityLine(raw: string): string {
  let s = asciiDigits(raw).trim().replace(LEADERS, '');
  for (let guard = 0; guard < 4; guard++) {
    const before = s;
    for (const p of PREFIXES) s = s.replace(p, '').trim();
    if (s === before) break;
  }
  return s.replace(SPACES, '').replace(/^[-—–·.。:：、]+|[-—–·]+\d*[-—–·]*$/gu, '');
}

const YEAR = '[（(]?(?<year>(?:19|20)\\d{2})(?:年度?|(?=(?:部门|单位)?(?:综合)?(?:预算|决算)))[)）]?';
const STAGE =
  '(?<level>市本级|市级|省级|区级|县级|本级)?(?<scope>部门|单位)?(?<comp>综合|汇总|整体)?(?<stage>预算|决算)';
/** What may follow the stage on a cover or heading: 公开, 情况说明, 表, a bracket, a file extension, a site name. */
const TAIL =
  '(?:信息)?(?:公开)?(?:的)?(?:情况)?(?:的)?(?:和重要事项)?(?:编制)?(?:说明)?(?:信息)?(?:公开)?(?:表|报表|总表|公开表|文本|草案|报告|样张)?' +
  '(?:[（(][^（()）]*[)）])?(?:\\.(?:pdf|docx?|html?|xlsx?))?(?:[_|｜\\-—–].*)?$';
const DEPT_YEAR_STAGE = new RegExp(`^(?<dept>.+?)${YEAR}${STAGE}${TAIL}`, 'iu');
const YEAR_DEPT_STAGE = new RegExp(`^${YEAR}(?<dept>.+?)${STAGE}${TAIL}`, 'iu');
const YEAR_STAGE = new RegExp(`^${YEAR}${STAGE}${TAIL}`, 'iu');
const DEPT_STAGE = new RegExp(`^(?<dept>.+?)${STAGE}${TAIL}`, 'iu');
/** "X概况", "X主要职能", "X机构设置" headings. */
const DEPT_HEADING = /^(?<dept>.+?)(?:基本)?(?:概况|基本情况|主要职能|主要职责|职能职责|职责|机构设置(?:情况)?)$/u;
/** "346-市委市政府信访局" under a table title. */
const CODED = /^\d{3,8}[-－](?<dept>\S{2,40})$/u;
const LABEL =
  /^(?<label>预算主管部门|项目主管部门|主管部门|部门名称|部门|填报部门|编制部门|单位名称|编制单位|填报单位|预算单位)[:：](?<value>.+)$/u;
const LABEL_RANK: Readonly<Record<string, number>> = {
  预算主管部门: 0,
  项目主管部门: 0,
  主管部门: 0,
  部门名称: 1,
  部门: 1,
  填报部门: 1,
  编制部门: 1,
};

/** What a body's name ends with. A name that ends otherwise was cut off ("北京市公共") or is not a name. */
const BODY_END = new RegExp(
  '(?:局|厅|委|会|办|室|部|院|署|处|所|站|队|中心|馆|校|园|社|联|团|宫|台|场|库|组|科|股|狱|政府|街道|镇|乡|公司|集团|机关|协会|' +
    '本部|总队|支队|大队|军区|监区|报社|研究院|医院|学校|大学|学院)$',
  'u',
);
const GENERIC =
  /^(?:本?部门|本?单位|预算单位|主管部门|预算主管部门|部门预算|单位预算|市级|区级|省级|县级|本级|我局|我委|我办|本局|本委|本办|我单位)$/u;
const PLACEHOLDER = /[XxＸｘ×*＊○□]{2,}|某{1,2}(?=[省市区县州局厅委办部院中心])|^[XxＸ×]+(?=[局厅委办部院])/u;

function problemOf(name: string): Problem | null {
  if (name.length < 2) return 'empty';
  if (PLACEHOLDER.test(name)) return 'placeholder';
  if (GENERIC.test(name)) return 'generic';
  if (isRegionOnly(name)) return 'region-only';
  const bare = name.replace(/[（(][^）)]*[)）]/gu, '');
  const end = name.replace(/[（(][^）)]*[)）]$/u, '');
  if (name.length > 40 || /[，。；;,！？\d]/u.test(bare) || !BODY_END.test(end)) return 'truncated';
  return null;
}

/** A department name as read from a line's capture: codes, quotes, a second listed unit and "本级" gone. */
function nameOf(raw: string): string {
  let s = raw.replace(/["'“”‘’「」《》]/gu, '');
  s = s.replace(/^\d{2,12}[-－—_.、]?(?=\p{Script=Han})/u, '').replace(/^【[^】]*】/u, '');
  s = s.split(/[,，、;；]/u)[0]!;
  // "部门名称：X保密审查情况：…": another label run on after the name; the name ends where a body's name can end.
  if (/[:：]/u.test(s)) {
    const before = s.split(/[:：]/u)[0]!;
    let end = 0;
    for (let i = 2; i <= before.length; i++) if (BODY_END.test(before.slice(0, i))) end = i;
    s = end > 0 ? before.slice(0, end) : before;
  }
  // "部门名称：X 单位：万元" on one line.
  s = s.replace(/(?:金额)?单位[:：].*$/u, '');
  s = cleanDepartment(s).replace(/本级$/u, '');
  // "北京市教育委员会部门 / 2026年度部门预算": 部门 after the name says what it is, it is not part of it.
  if (/.{2,}(?:部门|单位)$/u.test(s) && BODY_END.test(s.slice(0, -2))) s = s.slice(0, -2);
  return s;
}

interface Match {
  readonly dept?: string;
  readonly year?: number;
  readonly stage?: '预算' | '决算';
  readonly scope?: '部门' | '单位';
}

/** A cover or heading line read into department, year, stage and scope (any of them may be missing). */
export function readIdentityLine(line: string): Match | undefined {
  const s = identityLine(line);
  if (s === '' || s.length > 80) return undefined;
  const m = YEAR_STAGE.exec(s) ?? DEPT_YEAR_STAGE.exec(s) ?? YEAR_DEPT_STAGE.exec(s) ?? DEPT_STAGE.exec(s);
  if (!m?.groups) return undefined;
  const g = m.groups;
  // Without a year, a stage word needs 部门 / 单位 or 综合 beside it ("收入预算" is a line item, not a document).
  if (!g.year && !g.scope && !g.comp && !g.level) return undefined;
  if (!g.dept && !g.scope && !g.comp) return undefined;
  return {
    ...(g.dept ? { dept: nameOf(g.dept) } : {}),
    ...(g.year ? { year: Number.parseInt(g.year, 10) } : {}),
    stage: g.stage as '预算' | '决算',
    ...(g.scope ? { scope: g.scope as '部门' | '单位' } : {}),
  };
}

interface Candidate {
  readonly name: string;
  readonly problem: Problem | null;
  readonly evidence: IdentityEvidence;
}

interface Field<T> {
  value: T;
  evidence: IdentityEvidence;
}

/** The most frequent value (the first seen among equals). */
function vote<T>(items: readonly Field<T>[]): Field<T> | undefined {
  const counts = new Map<T, { n: number; first: Field<T> }>();
  for (const f of items) {
    const c = counts.get(f.value);
    if (c) c.n++;
    else counts.set(f.value, { n: 1, first: f });
  }
  let best: { n: number; first: Field<T> } | undefined;
  for (const c of counts.values()) if (!best || c.n > best.n) best = c;
  return best?.first;
}

const COVER_LINES = 30;
const HEADING_LINES = 3000;
const SHORT = 40;

/** The file name of a URL or path, decoded, without its extension. */
function fileName(url: string): string {
  const base = url.split(/[?#]/u)[0]!.split(/[/\\]/u).pop() ?? '';
  let s = base;
  try {
    s = decodeURIComponent(base);
  } catch {
    // A malformed escape: the name as it is.
  }
  return s.replace(/\.(?:pdf|html?|docx?|xlsx?)$/iu, '');
}

/** Reads a page's identity (see the module comment). */
export function readDocumentIdentity(page: PageSource): DocumentIdentity {
  const texts: string[] = [];
  const tableLabels: string[] = [];
  for (const b of page.blocks) {
    if (b.kind === 'text') {
      if (texts.length < HEADING_LINES) texts.push(b.text);
      continue;
    }
    if (b.kind !== 'table') continue; // printed pages are rebuilt before (lib/page/printed.ts)
    if (b.table.caption) texts.push(b.table.caption);
    // Label cells: "部门名称 | 北京市司法局" in the first rows of a table.
    for (const row of b.table.rows.slice(0, 4)) {
      const cells = row.cells.slice(0, 8).map((c) => c.text.replace(SPACES, ''));
      for (let i = 0; i + 1 < cells.length; i++) {
        if (/^(?:预算主管部门|主管部门|部门名称|单位名称|编制单位|填报单位)[:：]?$/u.test(cells[i]!) && cells[i + 1]) {
          tableLabels.push(`${cells[i]!.replace(/[:：]$/u, '')}：${cells[i + 1]!}`);
        }
      }
      if (cells.length === 1 && LABEL.test(cells[0]!)) tableLabels.push(cells[0]!);
    }
  }

  const candidates: Candidate[][] = [[], [], [], [], [], [], []];
  const years: Field<number>[][] = [[], [], [], [], []];
  const stages: Field<'预算' | '决算'>[][] = [[], [], [], [], []];
  const scopes: Field<'部门' | '单位'>[][] = [[], [], [], [], []];
  let coverTitle: string | undefined;
  const note = (m: Match, rank: number, source: IdentitySource, text: string, deptRank = rank): void => {
    const evidence = { source, text };
    if (m.dept !== undefined) candidates[deptRank]!.push({ name: m.dept, problem: problemOf(m.dept), evidence });
    if (m.year !== undefined) years[rank]!.push({ value: m.year, evidence });
    if (m.stage) stages[rank]!.push({ value: m.stage, evidence });
    if (m.scope) scopes[rank]!.push({ value: m.scope, evidence });
  };

  // 1. The cover: one to three consecutive short lines read together, up to the table of contents.
  const cover: string[] = [];
  for (const t of texts.slice(0, COVER_LINES)) {
    const s = asciiDigits(t).replace(SPACES, '');
    if (/^目录/u.test(s) || (s === '录' && cover[cover.length - 1] === '目')) break;
    // "附件2" on a line of its own above the cover's title: not part of it (its digit would join the year's).
    if (/^(?:附件|附表)[0-9一二三四五六七八九十]*[:：]?$/u.test(s)) continue;
    cover.push(s);
  }
  let coverDone = false;
  for (let i = 0; i < cover.length && !coverDone; i++) {
    for (let size = 1; size <= 3 && i + size <= cover.length; size++) {
      const window = cover.slice(i, i + size);
      if (window.some((l) => l.length > SHORT || LABEL.test(identityLine(l)))) break;
      const text = window.join('');
      const m = readIdentityLine(text);
      if (!m) continue;
      note(m, 0, 'cover', text);
      if (m.dept !== undefined && problemOf(m.dept) === null) coverDone = true;
      coverTitle ??= identityLine(text);
      break;
    }
  }

  // 2. The page's title.
  const title = page.title.trim();
  const titleMatch = title ? readIdentityLine(title) : undefined;
  if (titleMatch) note(titleMatch, 1, 'title', title.replace(SPACES, ''));

  // 3. Labels; 4. headings; 5. coded lines; table titles for year and stage.
  const labels: { rank: number; name: string; text: string }[] = [];
  for (const t of [...texts, ...tableLabels]) {
    if (t.length > 120) continue;
    const s = identityLine(t);
    const label = LABEL.exec(s);
    if (label?.groups) {
      const value = label.groups.value!;
      if (label.groups.label === '部门' && /^(?:预算|决算|万元|元)/u.test(value)) continue;
      labels.push({ rank: LABEL_RANK[label.groups.label!] ?? 2, name: nameOf(value), text: s });
      continue;
    }
    if (s.length > SHORT || /[，。；]/u.test(s)) continue;
    const m = readIdentityLine(s);
    if (m) {
      note(m, 2, 'heading', s, 3);
      continue;
    }
    const h = DEPT_HEADING.exec(s);
    if (h?.groups) {
      const name = nameOf(h.groups.dept!);
      candidates[4]!.push({ name, problem: problemOf(name), evidence: { source: 'heading', text: s } });
      continue;
    }
    const coded = CODED.exec(s);
    if (coded?.groups) {
      const name = nameOf(coded.groups.dept!);
      candidates[5]!.push({ name, problem: problemOf(name), evidence: { source: 'heading', text: s } });
      continue;
    }
    // A table's title or a year line: "2019年政府采购预算表", "收入支出决算总表", "（2026年度）".
    if (s.length <= 30) {
      const evidence = { source: 'table-title' as const, text: s };
      const y = /^[（(]?((?:19|20)\d{2})年度?[)）]?(?:$|.*表$)/u.exec(s);
      if (y) years[3]!.push({ value: Number.parseInt(y[1]!, 10), evidence });
      if (/表$/u.test(s) && /决算/u.test(s)) stages[3]!.push({ value: '决算', evidence });
      else if (/表$/u.test(s) && /预算/u.test(s)) stages[3]!.push({ value: '预算', evidence });
    }
  }
  labels.sort((a, b) => a.rank - b.rank);
  for (const l of labels) {
    candidates[2]!.push({ name: l.name, problem: problemOf(l.name), evidence: { source: 'label', text: l.text } });
    if (l.rank <= 1) scopes[3]!.push({ value: '部门', evidence: { source: 'label', text: l.text } });
  }

  // 6. The file name.
  const file = fileName(page.url);
  if (file) {
    // A saved file's name may carry prefixes before the document's own name ("03_下载_2026年X局部门预算"): the
    // longest tail after a separator that reads with a valid department, else the whole name as it reads.
    const tails = [file, ...[...file.matchAll(/[_\s\-—]+/gu)].map((t) => file.slice(t.index + t[0].length))];
    const reads = tails.map(readIdentityLine);
    const m =
      reads.find((r) => r?.dept !== undefined && problemOf(r.dept) === null && r.year !== undefined) ??
      reads.find((r) => r?.dept !== undefined && problemOf(r.dept) === null) ??
      reads.find((r) => r?.year !== undefined) ??
      reads[0];
    const evidence = { source: 'file-name' as const, text: file };
    if (m) note(m, 4, 'file-name', file, 6);
    else {
      const y = /(?:^|\D)((?:19|20)\d{2})(?!\d)/u.exec(file);
      if (y) years[4]!.push({ value: Number.parseInt(y[1]!, 10), evidence });
      const st = /决算|juesuan/iu.test(file) ? '决算' : /预算|yusuan/iu.test(file) ? '预算' : undefined;
      if (st) stages[4]!.push({ value: st, evidence });
    }
  }

  // The department: the first valid candidate in order of trust; a placeholder before it makes the document a template.
  let department: Candidate | undefined;
  let placeholder: Candidate | undefined;
  const rejected: Candidate[] = [];
  for (const rank of candidates) {
    for (const c of rank) {
      if (c.problem === null) {
        department = c;
        break;
      }
      if (c.problem === 'placeholder') placeholder ??= c;
      else if (c.problem !== 'generic') rejected.push(c);
    }
    if (department || placeholder) break;
  }
  if (placeholder) department = undefined;
  const pick = <T>(fields: Field<T>[][]): Field<T> | undefined => {
    for (const [rank, f] of fields.entries()) {
      if (f.length === 0) continue;
      // The cover and the title say it once; headings and table titles vote.
      return rank <= 1 ? f[0] : vote(f);
    }
    return undefined;
  };
  const year = pick(years);
  const stage = pick(stages);
  const scope = pick(scopes);

  const regionOnly = rejected.find((c) => c.problem === 'region-only');
  const departmentNote = department
    ? undefined
    : placeholder
      ? {
          zh: `模板占位名称“${placeholder.name}”，不是部门名称`,
          en: `the placeholder "${placeholder.name}" of a template, not a department's name`,
        }
      : regionOnly
        ? {
            zh: `只找到地区名“${regionOnly.name}”，未找到部门名称`,
            en: `only the region "${regionOnly.name}" is named, no department`,
          }
        : rejected[0]
          ? {
              zh: `“${rejected[0].name}”不是完整的部门名称，未找到部门名称`,
              en: `"${rejected[0].name}" is not a department's full name; no department found`,
            }
          : { zh: '封面、标题和各级标题中均未写明部门名称', en: 'the cover, title and headings name no department' };

  const titleNamesDocument =
    titleMatch !== undefined && (titleMatch.dept === undefined || problemOf(titleMatch.dept) !== 'truncated');
  const firstLine = identityLine(texts.find((t) => identityLine(t) !== '') ?? '');
  const docTitle = (titleNamesDocument ? title.replace(/\.(?:pdf|docx?)$/iu, '') : coverTitle) || title || firstLine;

  return {
    title: docTitle,
    department: department?.name ?? null,
    ...(placeholder ? { placeholder: placeholder.name } : {}),
    ...(departmentNote ? { departmentNote } : {}),
    year: year?.value ?? null,
    stage: stage?.value ?? null,
    scope: scope?.value ?? null,
    evidence: {
      ...(department ? { department: department.evidence } : placeholder ? { department: placeholder.evidence } : {}),
      ...(year ? { year: year.evidence } : {}),
      ...(stage ? { stage: stage.evidence } : {}),
      ...(scope ? { scope: scope.evidence } : {}),
    },
  };
}
