/**
 * Department identity: is "中共湖州市委湖州市人民政府信访局" the same body as "湖州市委市政府信访局", "市委市政府信访局"
 * (on a 湖州 page) and "湖州市信访局"? (Yes; "杭州市信访局" is not.)
 *
 * Disclosure pages name the same department in many ways: with or without 中共 / 中国共产党, 委员会 or 委, 人民政府 or
 * 政府, the region once, twice or not at all, "(部门汇总)" / "本级" / "部门" after it, a code before it ("346-…"), a
 * second name in brackets ("绍兴市信访局（市统一政务咨询投诉举报平台管理办公室）"), full-width brackets and spaces. This
 * module reads a name into its parts (regions, the party / government organ it sits under, the core name) and
 * compares those. It is pure string work (no DOM, no Node API): the notes (lib/notes/anchor.ts) use it to recognise
 * the same document at another address, and prior-year snapshots can use it to find last year's disclosure.
 *
 * Rules, in order:
 * 1. NFKC (full-width letters, digits and brackets become ASCII), whitespace and quotes removed; a label
 *    ("部门名称：") and a leading code ("346-", "【205001】") dropped; every bracketed part dropped.
 * 2. 中国共产党 / 中共 removed; 委员会 → 委; 人民政府 → 政府.
 * 3. Leading region names ("浙江省", "湖州市", "吴兴区", "…自治州") are taken off and kept as the name's regions;
 *    "市委" / "市政府" without a region name count as a level (市) and an organ; "委" and "政府" right after a region
 *    are organs.
 * 4. The organs: 委 and 政府 together ("市委市政府信访局", a body under both) say nothing about which body it is and
 *    are dropped; one alone is dropped too ("湖州市人民政府国有资产监督管理委员会" is the 国资委), except before a
 *    generic name that needs it ("市委办公室" and "市政府办公室" are two offices).
 * 5. Suffixes 部门 / 本级 / 汇总 / 单位 removed from the core.
 *
 * Two names are the same department when their cores agree (a leading level character aside: "市信访局" =
 * "信访局") and their lowest regions agree. A name without a region takes the `region` argument when one is given
 * (the page's region, e.g. from regionOf(document title)); when one name has a region and the other none and no
 * region is given, they are not known to be the same and sameDepartment says false.
 */

export interface DepartmentName {
  /** Region names from the highest level down, as printed with their suffix: ['浙江省', '湖州市']. */
  readonly regions: readonly string[];
  /** A level named without a region ("市委市政府…" → '市'), or null. */
  readonly level: string | null;
  /** The organ kept in the identity ('委' or '政府' before a generic name such as 办公室), or null. */
  readonly organ: '委' | '政府' | null;
  /** The name of the body itself: '信访局', '办公室', '国有资产监督管理委'. */
  readonly core: string;
}

const HAN = '\\p{Script=Han}';
/** Ordinary region names: two to four characters (none of them a level, organ or office word) and a level suffix. */
const ORDINARY_REGION = new RegExp(
  `^((?:(?![省市区县盟旗委政府年度级局厅处室办])${HAN}){2,4}?)(省|市|区|县|盟|旗)`,
  'u',
);
/** Autonomous regions and prefectures have longer names: 内蒙古自治区, 黔东南苗族侗族自治州. */
const AUTONOMOUS_REGION = new RegExp(`^((?:(?!自治)${HAN}){2,10}?)(自治区|自治州|自治县|自治旗|特别行政区)`, 'u');
/** A level without a region name, before an organ: 市委, 省政府, 县委. */
const BARE_LEVEL = /^(省|市|区|县|州)(?=委|政府)/u;
const ORGAN = /^(委|政府)/u;
/** Names that mean different bodies under the party committee and under the government. */
const GENERIC_CORE = /^(?:办公室|办公厅|办|研究室|政策研究室|督查室|督查办|值班室)$/u;
const LABEL = /^(?:部门名称|单位名称|填报部门|填报单位|编制单位|预算单位|部门|单位)[:：]/u;
const LEADING_CODE = /^(?:\d{2,12}\s*[-－—_.、]?\s*)(?=\p{Script=Han})/u;
const SUFFIX = /(?:部门|本级|汇总|单位)$/u;

/** Step 1 and 2: NFKC, no spaces, quotes, labels, codes or bracketed parts; 中共 gone, 委员会 → 委, 人民政府 → 政府. */
function clean(raw: string): string {
  let s = raw.normalize('NFKC').replace(/[\s\u00a0\u3000\u200b\ufeff]+/gu, '');
  s = s.replace(/["'“”‘’「」『』《》]/gu, '');
  s = s.replace(/^关于/u, '').replace(LABEL, '');
  // Bracketed parts: "(部门汇总)", "(本级)", a second name, a code "【205001】" (repeated for nesting).
  for (let i = 0; i < 3; i++) {
    const before = s;
    s = s.replace(/\([^()]*\)|【[^【】]*】|\[[^[\]]*\]|〔[^〔〕]*〕|〈[^〈〉]*〉/gu, '');
    if (s === before) break;
  }
  s = s.replace(/[()[\]【】〔〕〈〉]/gu, '');
  s = s.replace(LEADING_CODE, '');
  s = s.replace(/中国共产党/gu, '').replace(/中共/gu, '');
  s = s.replace(/委员会/gu, '委').replace(/人民政府/gu, '政府');
  return s;
}

function matchRegion(s: string): { region: string; rest: string } | null {
  const m = AUTONOMOUS_REGION.exec(s) ?? ORDINARY_REGION.exec(s);
  if (!m) return null;
  const rest = s.slice(m[0].length);
  // A region must be followed by something: "湖州市" alone is not a region in front of a body.
  if (rest === '') return null;
  return { region: m[0], rest };
}

/** Reads a department name into its parts (see the module comment for the rules). */
export function parseDepartment(name: string): DepartmentName {
  let s = clean(name);
  const regions: string[] = [];
  let level: string | null = null;
  const organs = new Set<'委' | '政府'>();
  for (let guard = 0; guard < 12; guard++) {
    const r = matchRegion(s);
    if (r) {
      if (regions[regions.length - 1] !== r.region) regions.push(r.region);
      s = r.rest;
      continue;
    }
    const bare = BARE_LEVEL.exec(s);
    if (bare) {
      level ??= bare[1]!;
      s = s.slice(bare[0].length);
      continue;
    }
    const organ = ORGAN.exec(s);
    // An organ only right after a region or level (else 委 / 政府 start the body's own name).
    if (organ && (regions.length > 0 || level !== null) && s.length > organ[0].length) {
      organs.add(organ[1] as '委' | '政府');
      s = s.slice(organ[0].length);
      continue;
    }
    break;
  }
  let core = s;
  for (let guard = 0; guard < 4 && SUFFIX.test(core) && core.replace(SUFFIX, '').length >= 2; guard++)
    core = core.replace(SUFFIX, '');
  const organ = organs.size === 1 && GENERIC_CORE.test(core) ? [...organs][0]! : null;
  return { regions, level, organ, core };
}

/**
 * A comparable form of a department name: its regions (those equal to `region` left out), the organ where it
 * matters, and the core. "中共湖州市委湖州市人民政府信访局" → "湖州市信访局"; with region 湖州 → "信访局".
 */
export function normalizeDepartment(name: string, region?: string | null): string {
  const d = parseDepartment(name);
  const skip = region ? regionKey(region) : null;
  const regions = d.regions.filter((r) => regionKey(r) !== skip);
  return `${regions.join('')}${d.organ ?? ''}${d.core}`;
}

/** A region's name without its level suffix: 湖州市 → 湖州, 湖州 → 湖州, 内蒙古自治区 → 内蒙古. */
export function regionKey(region: string): string {
  const s = clean(region);
  const m = AUTONOMOUS_REGION.exec(s) ?? ORDINARY_REGION.exec(s);
  return m && m[0] === s ? m[1]! : s;
}

function levelOf(region: string): string | null {
  const s = clean(region);
  const m = AUTONOMOUS_REGION.exec(s) ?? ORDINARY_REGION.exec(s);
  return m && m[0] === s ? m[2]! : null;
}

function coreKey(d: DepartmentName): string {
  return `${d.organ ?? ''}${d.core}`;
}

function coresMatch(a: string, b: string): boolean {
  if (a === b) return a !== '';
  // "市信访局" (a level in front of the core) is "信访局".
  const bare = (x: string, y: string): boolean => x.length > 3 && /^[省市区县]/u.test(x) && x.slice(1) === y;
  return bare(a, b) || bare(b, a);
}

/**
 * Are a and b the same department? `region` (e.g. '湖州' or '湖州市') stands for the region of a name that prints
 * none, such as "市委市政府信访局" on a 湖州 page. Null or empty names are never the same as anything.
 */
export function sameDepartment(
  a: string | null | undefined,
  b: string | null | undefined,
  region?: string | null,
): boolean {
  if (!a || !b) return false;
  const pa = parseDepartment(a);
  const pb = parseDepartment(b);
  if (!coresMatch(coreKey(pa), coreKey(pb))) return false;
  const lowest = (d: DepartmentName): string | null => {
    const named = d.regions[d.regions.length - 1];
    if (named) return named;
    if (!region) return null;
    // "区委区政府…" is not the department of a city given as the region.
    const given = levelOf(region);
    if (d.level && given && given !== d.level) return null;
    return region;
  };
  const ra = lowest(pa);
  const rb = lowest(pb);
  if (ra === null && rb === null) return pa.regions.length === 0 && pb.regions.length === 0;
  if (ra === null || rb === null) return false;
  return regionKey(ra) === regionKey(rb);
}

/**
 * The region a department name or a document title names, lowest level first found: "中共湖州市委湖州市人民政府信访局"
 * → 湖州市; "浙江省湖州市吴兴区信访局" → 吴兴区; "2024年绍兴市信访局部门预算" → 绍兴市; null when none.
 */
export function regionOf(text: string | null | undefined): string | null {
  if (!text) return null;
  const s = clean(text);
  const chainAt = (from: string): string | null => {
    let rest = from;
    let last: string | null = null;
    for (let guard = 0; guard < 6; guard++) {
      const r = matchRegion(rest);
      if (!r) break;
      last = r.region;
      rest = r.rest.replace(/^(?:委|政府)/u, '');
    }
    return last;
  };
  const atStart = chainAt(s);
  if (atStart) return atStart;
  // After a year ("2024年湖州市…"), "关于", or any character that is not Han (digits, punctuation).
  const boundary = new RegExp(`(?:年|关于|[^${HAN}])(?=${HAN})`, 'gu');
  for (const m of s.matchAll(boundary)) {
    const found = chainAt(s.slice(m.index + m[0].length));
    if (found) return found;
  }
  return null;
}

/**
 * Is the name nothing but region names ("上海市普陀区", "北京市", "黔东南苗族侗族自治州")? Such a name is the place of
 * a disclosure, never the department that made it.
 */
export function isRegionOnly(name: string): boolean {
  let s = clean(name).replace(/(?:市级|省级|区级|县级|本级)$/u, '');
  if (s === '') return false;
  for (let guard = 0; guard < 6 && s !== ''; guard++) {
    const m = AUTONOMOUS_REGION.exec(s) ?? ORDINARY_REGION.exec(s);
    if (!m) return false;
    s = s.slice(m[0].length);
  }
  return s === '';
}
