import { parseNumberToken, type Amount } from '../money/amount';
import type { UnitName } from '../money/units';
import type { TextBlock } from '../model';
import { segmentsOf, spanOf, type Segment } from './segments';
import {
  cleanSubject,
  isFillerSubject,
  isPriorSubject,
  LEADING_WORDS,
  resolveSubject,
  scopeOfWords,
  type ContextScope,
  type SubjectContext,
} from './subjects';
import type { Bilingual } from '../checks/types';
import type {
  AmountClaim,
  Basis,
  ChangeClaim,
  Claim,
  CompositionClaim,
  CompositionPart,
  CompositionTemplate,
  Direction,
  FlatClaim,
  ShareClaim,
  StatedMoney,
  StatedPercent,
  SubjectRef,
} from './types';

/**
 * Text → claims. Every regular expression here is applied to a bounded piece of text (a clause before a number,
 * a sentence) or is a single left-to-right scan without nested quantifiers, so extraction is linear in the text size.
 *
 * Recognised (on text with full-width digits and punctuation folded):
 * - amounts: a number followed by 元/万元/亿元/千元 (not "50 万元以上"), with the subject of its clause;
 * - shares: "占 33.6%", "占比 95.95%", "占…的 3.9%" after an amount;
 * - changes: "比上年执行数/预算数…增加|减少|增长|下降|上升|降低 X 万元，增长|下降 Y%", "同口径减少 …", "比上年下降 10%";
 * - flat: "与上年(执行数|预算数)(基本)持平";
 * - compositions: "三公" = 出国 + 接待 + 用车, 用车 = 购置 + 运行维护, 政府采购 = 货物 + 工程 + 服务,
 *   基本支出 = 人员经费 + 公用经费, with the parts in the same sentence or in the list the total introduces.
 */

export interface ExtractOptions {
  /** Budget year, to resolve function subjects valid in it (信访事务 is a 款 from 2024). */
  readonly year?: number;
  /** 预算 or 决算: in a 决算, the 年初预算 a sentence states beside the outturn is the budget. */
  readonly stage?: '预算' | '决算';
  /** The document's department, stripped from the front of subjects. */
  readonly department?: string;
}

/** The context every subject of a document is resolved in. */
function baseContext(opts: ExtractOptions): Omit<SubjectContext, 'projectContext' | 'basicContext'> {
  return {
    ...(opts.year !== undefined ? { year: opts.year } : {}),
    ...(opts.stage ? { stage: opts.stage } : {}),
    ...(opts.department ? { department: opts.department } : {}),
  };
}

interface Token {
  readonly kind: 'money' | 'percent';
  readonly start: number;
  readonly end: number;
  readonly amount: Amount;
  readonly unit?: UnitName;
}

interface ValueAt {
  readonly token: Token;
  readonly money: StatedMoney;
  readonly claim: AmountClaim;
  /** Where the claim's text starts in the segment. */
  readonly startPos: number;
  readonly sentenceStart: number;
  /** Start of the sentence up to 。!? (a list of shares runs over "；"). */
  readonly periodStart: number;
  /** The year before ("比 2025 年年初预算数 28,479.84 万元增加…", "上年预算执行数为 A 万元"): a change's base. */
  readonly prior: boolean;
  /** The year before only because its clause names an earlier year ("2025 年下达的资金 510 万元"): a guess. */
  readonly priorByYear: boolean;
  /** In a 决算, the 年初预算 beside the outturn. */
  readonly budget: boolean;
  /** How many parentheses were open at the amount. */
  readonly depth: number;
  /** Inside a parenthesis that has closed since ("567.72 万元（购置费 230.55 万元…）比上年增加…"): an aside. */
  hidden: boolean;
}

interface Group {
  readonly sentenceStart: number;
  /** Other figures the change may be of, and why the reading is unsure (a failure is then "not checked"). */
  readonly alternatives: readonly ValueAt[];
  readonly doubt?: Bilingual;
  readonly basis: Basis;
  readonly basisText: string;
  readonly sameScope: boolean;
  readonly start: number;
  end: number;
  delta?: StatedMoney & { direction: Direction; word: string };
  percent?: StatedPercent & { direction: Direction; word: string };
  current?: ValueAt;
  prior?: ValueAt;
}

const NUMBER = /(?<![\d.,])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?/gu;
const UNIT = /^(万元|亿元|千元|元)/u;
/** A threshold ("单位价值 50 万元以上"), a rate ("元/人") or a count ("万元户") is no stated amount. */
const NOT_AMOUNT_AFTER = /^(?:以上|以下|以内|及以上|\/|每)/u;
const SENTENCE_END = new Set(['。', '!', '?', ';']);
const PERIOD = new Set(['。', '!', '?']);
const CLAUSE_END = new Set([',', ':', '、', '\n']);
const DIRECTION = /(增加|增长|减少|下降|上升|降低|增幅|降幅|减幅)了?约?(?:为|达)?\s*$/u;
const SHARE =
  /占(?:比|比重)?为?\s*$|占([^,;。:!?]{1,15})的(?:比重|比例)?为?\s*$|(完成(?:年初|全年|调整)?预算(?:数)?的?)\s*$/u;
const BASIS =
  /(?:比|较|同比|与)\s*(?:上年|上一年度?|去年|(?:19|20)\d{2}\s*年)度?\s*(执行数|预算数|预算|决算数|决算|同期)?|同口径|同比/gu;
/** "决算数与预算数基本持平", "决算数同预算数持平": the outturn against the budget of the same sentence or paragraph. */
const FLAT_BUDGET = /决算数?\s*(?:与|同|和|较)\s*(?:年初)?预算数?\s*(?:相比)?\s*(基本)?\s*持平/gu;
/** The sentence counts projects: "编报绩效目标的项目 11 个", "项目共 25 个". */
const PROJECT_COUNT = /项目\s*(?:共|总数)?\s*\d+\s*个|\d+\s*个(?:一级|二级)?项目/u;
const FLAT =
  /(?:(基本)\s*)?(?:与|同|和|较)\s*(?:上年|上一年度?|去年|(?:19|20)\d{2}\s*年)度?\s*(执行数|预算数|预算|决算数|决算|同期)?\s*(?:相比)?\s*(基本)?\s*持平/gu;
/** How far before a number the words that qualify it (增加, 占, 比上年…) are looked for. */
/** Words that explain a change, then a clause of their own: what follows speaks of the explanation. */
const REASON = /(?:原因|由于|因为|比对|剔除|扣除)[^,;，；]*[,;，；]/u;
const WINDOW = 60;
/** How far back a subject is read (a 类/款/项 path with its verb is about 60 characters). */
const SUBJECT_WINDOW = 120;
const LIST_INTRO = /(?:其中|具体如下|如下|具体为|具体是|包括)\s*[:：]?\s*$/u;

const UP: Record<string, Direction> = {
  增加: 'up',
  增长: 'up',
  上升: 'up',
  增幅: 'up',
  减少: 'down',
  下降: 'down',
  降低: 'down',
  降幅: 'down',
  减幅: 'down',
};

function basisOf(kind: string | undefined): Basis {
  if (kind === '执行数') return '上年执行数';
  if (kind === '预算数' || kind === '预算') return '上年预算数';
  if (kind === '决算数' || kind === '决算') return '上年决算数';
  return '上年';
}

function tokensOf(folded: string): Token[] {
  const out: Token[] = [];
  for (const m of folded.matchAll(NUMBER)) {
    const start = m.index;
    let j = start + m[0].length;
    let k = j;
    while (k < folded.length && k - j < 2 && folded[k] === ' ') k++;
    if (folded[k] === '%') {
      const amount = parseNumberToken(`${m[0]}%`);
      if (amount) out.push({ kind: 'percent', start, end: k + 1, amount });
      continue;
    }
    const u = UNIT.exec(folded.slice(k, k + 2));
    if (!u) continue;
    j = k + u[1]!.length;
    if (NOT_AMOUNT_AFTER.test(folded.slice(j, j + 3))) continue;
    const amount = parseNumberToken(m[0]);
    if (amount) out.push({ kind: 'money', start, end: j, amount, unit: u[1] as UnitName });
  }
  return out;
}

/** A paragraph that is a subject path and nothing else: "2.一般公共服务（类）信访事务（款）一般行政管理事务（项）。". */
const PATH_HEADING =
  /^\s*(?:\d+[.、]|\(\d+\)|[一二三四五六七八九十]+、)?\s*(?:[^,;。:()]{2,30}?\((?:类|款|项)\)){2,3}\s*[。.]?\s*$/u;

/** "1. 因公出国（境）费用：…" → 因公出国（境）费用: what a paragraph of a numbered list is about. */
function labelOf(seg: Segment): string | undefined {
  const m = /^\s*(?:\d+[.、]|\(\d+\)|[一二三四五六七八九十]+、)?\s*([^:,;。]{2,24}?)\s*:/u.exec(
    seg.folded.slice(0, 40),
  );
  const label = m
    ? cleanSubject(seg.text.slice(m.index + m[0].indexOf(m[1]!), m.index + m[0].indexOf(m[1]!) + m[1]!.length))
    : undefined;
  if (label && !/^(?:其中|包括|具体如下|收入包括|支出包括)$/u.test(label)) return label;
  // "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于…": a subject path heading the paragraph.
  const path =
    /^\s*(?:\d+[.、]|\(\d+\)|[一二三四五六七八九十]+、)?\s*((?:[^,;。:()]{2,30}?\((?:类|款|项)\)){1,3}(?:支出)?)\s*[。:,;]/u.exec(
      seg.folded.slice(0, 120),
    );
  return path
    ? cleanSubject(
        seg.text.slice(
          path.index + path[0].indexOf(path[1]!),
          path.index + path[0].indexOf(path[1]!) + path[1]!.length,
        ),
      )
    : undefined;
}

interface SegmentClaims {
  readonly seg: Segment;
  readonly amounts: AmountClaim[];
  readonly endsWithList: boolean;
}

/** Finds every claim in the text blocks of a document, in text order. */
export function extractClaims(blocks: readonly TextBlock[], opts: ExtractOptions = {}): Claim[] {
  const segments = segmentsOf(blocks);
  const claims: Claim[] = [];
  const perSegment: SegmentClaims[] = [];
  let prevFirstValue: { money: StatedMoney; subject: string; lastOrder: number } | undefined;
  // The section a heading opened ("（七）政府性基金预算支出情况说明"), and the line a list introduced
  // ("（五）项目支出 1,313.80 万元，具体包括：" | "1.统计管理 352.27 万元…"), for the paragraphs under them.
  let section: ContextScope | undefined;
  let list: { readonly subject: string; readonly ref: SubjectRef } | undefined;
  for (const [si, seg] of segments.entries()) {
    if (isHeading(seg.folded)) {
      section = scopeOfWords(seg.folded);
      list = undefined;
    } else if (list && !NUMBERED.test(seg.folded) && !/[;,、:]\s*$/u.test(segments[si - 1]?.folded ?? ''))
      list = undefined;
    const found = extractSegment(seg, opts, segments, si, prevFirstValue, { section, list });
    for (const c of found.claims) claims.push(c);
    const amounts = found.claims.filter((c): c is AmountClaim => c.kind === 'amount');
    const endsWithList = LIST_INTRO.test(seg.folded.trimEnd());
    perSegment.push({ seg, amounts, endsWithList });
    const intro = amounts[amounts.length - 1];
    if (endsWithList && intro) list = { subject: intro.subject, ref: intro.ref };
    const first = found.claims.find((c): c is AmountClaim => c.kind === 'amount');
    prevFirstValue = first
      ? { money: first.value, subject: first.subject, lastOrder: seg.pieces[seg.pieces.length - 1]!.order }
      : undefined;
  }
  for (const c of compositions(perSegment)) claims.push(c);
  return claims.sort((a, b) => a.block - b.block || a.start - b.start || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

const KIND_ORDER: Record<Claim['kind'], number> = { amount: 0, share: 1, change: 2, flat: 3, composition: 4 };

/** A heading: a short paragraph without amounts ("（七）关于…政府性基金预算支出情况说明", "2.…结构情况。"). */
function isHeading(folded: string): boolean {
  const t = folded.trim();
  return t.length > 0 && t.length <= 48 && !/\d\s*(?:[万亿千]?元|%)/u.test(t);
}

/** A paragraph that starts with a list number: "1.", "（2）", "三、". */
const NUMBERED = /^\s*(?:\d+[.、．]|\(\d+\)|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))/u;

/** What a list's line or a section restricts the amounts under it to. */
function scopeOfRef(ref: SubjectRef): ContextScope | undefined {
  if (ref.kind !== 'figure') return undefined;
  if (ref.keys.includes('gov-fund-expenditure')) return 'gov-fund';
  if (ref.keys.includes('soe-expenditure')) return 'soe';
  if (ref.keys.includes('project')) return 'project';
  if (ref.keys.includes('basic')) return 'basic';
  return undefined;
}

/** The last of 政府性基金 / 国有资本经营 / 一般公共预算 / 财政拨款 a stretch of text names, if a fund. */
function fundOfSentence(text: string): ContextScope | undefined {
  // "政府性基金预算财政拨款": the fund's appropriations, not 财政拨款 as a whole.
  const s = text.replace(/(政府性基金|国有资本经营)(?:预算)?(?:财政)?拨款/gu, '$1');
  const at = (w: string): number => s.lastIndexOf(w);
  const gov = at('政府性基金');
  const soe = at('国有资本经营');
  const other = Math.max(at('一般公共预算'), at('财政拨款'), at('单位资金'));
  if (gov > soe && gov > other) return 'gov-fund';
  if (soe > gov && soe > other) return 'soe';
  return undefined;
}

function extractSegment(
  seg: Segment,
  opts: ExtractOptions,
  segments: readonly Segment[],
  index: number,
  prevFirstValue: { money: StatedMoney; subject: string; lastOrder: number } | undefined,
  outer: { readonly section?: ContextScope; readonly list?: { readonly subject: string; readonly ref: SubjectRef } },
): { claims: Claim[] } {
  const { folded, text } = seg;
  const claims: Claim[] = [];
  const tokens = tokensOf(folded);
  if (tokens.length === 0 && !folded.includes('持平')) return { claims };
  // A paragraph cut after its heading ("1.一般公共服务（类）…（项）。年" | "初预算为…") keeps the heading's subject.
  const prev = index > 0 ? segments[index - 1] : undefined;
  // So does a paragraph under a heading that is a subject path alone ("2.一般公共服务（类）…（项）。" | "年初预算为…").
  const label =
    labelOf(seg) ??
    (prev &&
    (!/[。!?;:]\s*$/u.test(prev.folded) || (PATH_HEADING.test(prev.folded) && tokensOf(prev.folded).length === 0))
      ? labelOf(prev)
      : undefined);
  // The last 绩效 / 项目 seen, tracked while scanning (a per-token search of the sentence would be quadratic).
  let jixiaoAt = -1;
  let basicAt = -1;
  let xiangmuAt = -1;
  const values: ValueAt[] = [];
  const groups: Group[] = [];
  const shares: ShareAt[] = [];
  let open: Group | undefined;
  let sentenceStart = 0;
  let periodStart = 0;
  let clauseStart = 0;
  let scanned = 0;
  let prevEnd = 0;
  let lastShareEnd = -1;
  let periodBudget: ValueAt | undefined;
  // The paragraph has named the document's year: a later amount of an earlier year is the year before.
  let docYearSeen = false;
  // Open parentheses, each with the sentence state before it: an aside ends where it began.
  const parens: { at: number; sentenceStart: number; periodStart: number; clauseStart: number }[] = [];
  const visible: ValueAt[] = [];
  // The amount the current sentence lists parts of ("X 万元，其中：…", "…。具体为：…").
  let introParent: ValueAt | undefined;
  let introPeriod = -1;
  // A sentence that opens with a fund ("政府性基金预算财政拨款年初结转和结余 A 万元，收入决算 B 万元…"): its amounts.
  let periodFund: ContextScope | undefined;
  let periodHasValue = false;
  const labelScope = label ? scopeOfWords(label) : undefined;
  const priors: ValueAt[] = [];
  const intros: number[] = [];
  const money = (t: Token): StatedMoney => ({
    ...spanOf(seg, t.start, t.end),
    amount: t.amount,
    unit: t.unit!,
    text: text.slice(t.start, t.end),
  });
  const percent = (t: Token): StatedPercent => ({
    ...spanOf(seg, t.start, t.end),
    amount: t.amount,
    text: text.slice(t.start, t.end),
  });
  for (const t of tokens) {
    for (let i = scanned; i < t.start; i++) {
      const c = folded[i]!;
      if (c === '绩' && folded[i + 1] === '效') jixiaoAt = i;
      else if (c === '基' && folded.startsWith('本支出', i + 1)) basicAt = i;
      else if (c === '项' && folded[i + 1] === '目') xiangmuAt = i;
      if (c === '(') parens.push({ at: i, sentenceStart, periodStart, clauseStart });
      else if (c === ')' && parens.length > 0) {
        const before = parens.pop()!;
        ({ sentenceStart, periodStart } = before);
        clauseStart = before.clauseStart;
        while (visible.length > 0 && visible[visible.length - 1]!.depth > parens.length) visible.pop()!.hidden = true;
      } else if ((c === '其' && folded[i + 1] === '中') || (c === '包' && folded[i + 1] === '括')) {
        intros.push(i);
        introParent = visible[visible.length - 1];
        introPeriod = periodStart;
      } else if (c === '具' && folded[i + 1] === '体' && folded[i + 2] === '为') {
        introParent = visible[visible.length - 1];
        introPeriod = periodStart;
      } else if (c === ':' && visible.length > 0 && i - visible[visible.length - 1]!.token.end <= 2) {
        // "…拨款政府采购 16,325.37 万元：政府采购货物预算…": the amount right before a colon introduces a list.
        introParent = visible[visible.length - 1];
        introPeriod = periodStart;
      }
      if (PERIOD.has(c) && parens.length === 0) {
        introParent = undefined;
        periodFund = undefined;
        periodHasValue = false;
      }
      if (PERIOD.has(c)) periodStart = i + 1;
      if (PERIOD.has(c)) periodBudget = undefined;
      if (SENTENCE_END.has(c)) sentenceStart = clauseStart = i + 1;
      // "收、支总预算": one word, not two clauses.
      else if (CLAUSE_END.has(c) && !(c === '、' && folded[i - 1] === '收' && folded[i + 1] === '支'))
        clauseStart = i + 1;
    }
    scanned = t.end;
    const pStart = Math.max(clauseStart, prevEnd);
    prevEnd = t.end;
    // Only the end of a clause can hold the words that qualify its number: bounded windows keep every regex linear.
    const pClause = Math.max(pStart, t.start - WINDOW);
    const P = folded.slice(pClause, t.start);
    const dir = DIRECTION.exec(P);
    if (dir) {
      let direction = UP[dir[1]!]!;
      if (t.amount.value.isNegative()) direction = direction === 'up' ? 'down' : 'up';
      let basisMatches = [...P.matchAll(BASIS)];
      let pBase = pClause;
      const fits =
        open &&
        open.sentenceStart === sentenceStart &&
        (t.kind === 'percent' ? !open.percent : !open.delta && !open.percent);
      if (basisMatches.length === 0 && fits && open) {
        add(open, t, direction, dir[1]!);
        continue;
      }
      if (basisMatches.length === 0) {
        // "与上年相比，增加 5 万元": the basis opens the sentence, in a clause of its own (not one a change already used).
        const lastGroup = groups[groups.length - 1];
        pBase = Math.max(
          sentenceStart,
          t.start - WINDOW,
          lastGroup && lastGroup.sentenceStart === sentenceStart ? lastGroup.end : 0,
        );
        basisMatches = [...folded.slice(pBase, t.start).matchAll(BASIS)];
      }
      const basisMatch = basisMatches[basisMatches.length - 1];
      if (basisMatch) {
        const sameScope = basisMatches.some((m) => m[0] === '同口径');
        const explicit = basisMatches.find((m) => m[0] !== '同口径');
        const inherited = groups[groups.length - 1];
        const basis = explicit ? basisOf(explicit[1]) : sameScope && inherited ? inherited.basis : '上年';
        const first = basisMatches[0]!;
        // The base stated inside the comparison ("比 2025 年预算数 28,479.84 万元增加…") or before it ("上年执行数为 A").
        // Amounts in an aside that has closed ("（购置费 230.55 万元…）比上年增加…") are not what the change is of:
        // `visible` holds the amounts of this year outside closed asides, `priors` those of the year before.
        const lastPrior = priors[priors.length - 1];
        const priorValue = lastPrior && lastPrior.periodStart === periodStart ? lastPrior : undefined;
        const currentValue = visible[visible.length - 1];
        // The current figure: the last amount before, unless the change names a subject of its own ("收入比 2025 年
        // 增加…" after a list of income lines); after a list ("其中：…") the total the list began with may be meant.
        const basisAt = pBase + first.index;
        const ownWords = subjectWords(folded.slice(Math.max(pStart, sentenceStart), basisAt));
        const introAt = currentValue ? lastBefore(intros, (x) => x + 2, currentValue.token.start) : undefined;
        const totalAt = introAt === undefined ? -1 : lastIndexBefore(visible, (v) => v.token.end, introAt);
        const listTotal = totalAt >= 0 && introAt! - visible[totalAt]!.token.end < 40 ? visible[totalAt] : undefined;
        const listCount = listTotal ? visible.length - totalAt - 1 : 0;
        // A list of two or more items: closed by "；" before the change, or its items joined by "、" (no item has a
        // clause of its own) — the change is of the list's total; otherwise most likely of the last item.
        const closedList = listCount >= 3 && currentValue !== undefined && currentValue.sentenceStart !== sentenceStart;
        const items = visible.slice(Math.max(totalAt + 1, visible.length - 20));
        const joined =
          listCount >= 2 &&
          items.slice(1).every((v, k) => {
            const gap = folded.slice(items[k]!.token.end, v.token.start);
            return gap.length < 60 && /^[^,;。]*、[^,;。]*$/u.test(gap);
          });
        const onList = listTotal !== undefined && listCount >= 2;
        const cur = onList && (closedList || joined) ? listTotal : currentValue && !ownWords ? currentValue : undefined;
        const alternatives: ValueAt[] = [];
        let doubt: Bilingual | undefined;
        const head = visible[0];
        if (onList && cur) {
          const other = cur === listTotal ? currentValue : listTotal;
          if (other && other !== cur) alternatives.push(other);
          doubt = {
            zh: '增减跟在一组分项之后，是合计的增减还是最后一项的增减，句中没有说清',
            en: 'the change follows a list: whether it is of the total or of the last item is unclear',
          };
        } else if (cur && cur.periodStart !== periodStart && !ownWords && head && head !== cur) {
          // The change's sentence states no amount of its own ("…上年结转 564.09 万元。较 2025 年增加 3,567.18 万元"):
          // of the last amount, or of what the paragraph is about.
          alternatives.push(head);
          doubt = {
            zh: '增减所在的句子没有说明是哪一项的增减',
            en: "the change's sentence does not say what it is the change of",
          };
        }
        const prior =
          (priorValue && priorValue.sentenceStart === sentenceStart) ||
          (priorValue && cur && priorValue.token.start < cur.token.start)
            ? priorValue
            : undefined;
        if (prior?.priorByYear && !doubt)
          doubt = {
            zh: '上年数只是按句中年份推断的，不能确定',
            en: 'the prior is only inferred from a year named in the sentence',
          };
        const g: Group = {
          sentenceStart,
          basis,
          basisText: explicit
            ? text.slice(pBase + explicit.index, pBase + explicit.index + explicit[0].length).trim()
            : text.slice(pBase + first.index, pBase + first.index + first[0].length),
          sameScope,
          start: pBase + first.index,
          end: t.end,
          alternatives,
          ...(doubt ? { doubt } : {}),
          ...(cur ? { current: cur } : {}),
          ...(prior ? { prior } : {}),
        };
        groups.push(g);
        open = g;
        add(g, t, direction, dir[1]!);
      }
      continue;
    }
    if (t.kind === 'percent') {
      const sm = SHARE.exec(P);
      if (sm) {
        const lastAny = values[values.length - 1];
        const last = lastAny && !lastAny.hidden ? lastAny : visible[visible.length - 1];
        const part = last && last.periodStart === periodStart && last.token.start > lastShareEnd ? last : undefined;
        const wholeName = sm[1] ? cleanSubject(sm[1]).replace(/(?:的|总额|总数)$/u, '') : '';
        const whole = wholeName
          ? {
              subject: wholeName,
              ref: resolveSubject(wholeName, { ...baseContext(opts), projectContext: false, basicContext: true }),
            }
          : undefined;
        if (sm[2] && part) {
          // "年初预算为 A 万元，支出决算为 B 万元，完成年初预算的 r%": B ÷ A, else the table's 预算数 of the same subject.
          const budgetValue = periodBudget && periodBudget.token.start < part.token.start ? periodBudget : undefined;
          const budgetRef = resolveSubject(`${part.claim.subject.replace(/(?:支出)?决算(?:数)?$/u, '')}年初预算`, {
            ...baseContext(opts),
            stage: '决算',
            projectContext: false,
            basicContext: false,
          });
          shares.push({
            token: t,
            part,
            periodStart,
            pctSpan: percent(t),
            completion: budgetValue ? { budget: budgetValue } : { ref: budgetRef },
          });
        } else if (!sm[2])
          shares.push({
            token: t,
            ...(part ? { part } : {}),
            ...(whole ? { whole } : {}),
            periodStart,
            pctSpan: percent(t),
          });
        lastShareEnd = t.end;
      }
      continue;
    }
    // A stated amount.
    open = undefined;
    let subjectStart = Math.max(pStart, t.start - SUBJECT_WINDOW);
    // Inside a parenthesis ("（上年 290 万元）", "（公务用车购置费 230.55 万元"): the subject is what the aside names.
    const openParen = parens[parens.length - 1]?.at ?? -1;
    if (openParen >= subjectStart) subjectStart = openParen + 1;
    const rawClause = text.slice(subjectStart, t.start);
    let subject = cleanSubject(rawClause);
    // A paragraph that begins with the number: its words were left in the block before ("…事业收入" | "1,009.94 万元").
    const cutBefore = t.start < 12 && !/\S/u.test(folded.slice(0, t.start).replace(/[,;:、。]/gu, ''));
    const inComparison = BASIS_BEFORE.test(folded.slice(Math.max(pStart, t.start - 40), t.start));
    // "2025 年预算数为 9.23 万元" in a 2026 budget: the year before.
    // Years are compared as 4-digit strings (the same length, so their order is the numbers').
    const years = [...rawClause.normalize('NFKC').matchAll(/((?:19|20)\d{2})\s*年/gu)].map((y) => y[1]!);
    const docYear = opts.year !== undefined ? String(opts.year) : undefined;
    const earlierYear = docYearSeen && docYear !== undefined && years.length > 0 && years[years.length - 1]! < docYear;
    if (docYear !== undefined && years.includes(docYear)) docYearSeen = true;
    const prior = inComparison || isPriorSubject(subject) || earlierYear;
    const priorByYear = earlierYear && !inComparison && !isPriorSubject(subject);
    if (isFillerSubject(subject)) {
      // "年初预算为 A 万元，支出决算为 B 万元": the subject named before in the sentence, else the paragraph's.
      const before = [...values]
        .reverse()
        .find((v) => v.periodStart === periodStart && !isFillerSubject(v.claim.subject) && !v.prior);
      let base = before
        ? before.claim.subject.replace(/(?:年初|全年|调整)?预算(?:数)?$|(?:支出)?决算(?:数)?$/u, '')
        : cutBefore
          ? undefined
          : label;
      // "收入决算 A 万元，支出决算 B 万元": the same line's other side.
      if (base && /^支出/u.test(subject) && /收入$/u.test(base)) base = base.replace(/收入$/u, '支出');
      if (base)
        subject = `${base}${/预算/u.test(subject) ? '年初预算' : /决算|执行|实际/u.test(subject) ? '决算' : ''}`;
    }
    // What the words around restrict the amount to: a 绩效 sentence, a sentence about a fund, the line it is listed
    // under (in this paragraph, else the paragraph that introduced the list), the paragraph's label, the section.
    if (!periodHasValue) {
      periodHasValue = true;
      periodFund = fundOfSentence(folded.slice(Math.max(periodStart, t.start - 120), t.start));
    }
    // In a sentence about a fund, its bare 收入 / 支出 are the fund's.
    const unnamed = isFillerSubject(subject) && !(periodFund && /^(?:收入|支出)/u.test(subject));
    const parentValue = introParent && introPeriod === periodStart ? introParent : undefined;
    const parentLine = parentValue ? { subject: parentValue.claim.subject, ref: parentValue.claim.ref } : outer.list;
    const scope =
      jixiaoAt >= periodStart
        ? 'performance'
        : (periodFund ?? (parentLine ? scopeOfRef(parentLine.ref) : undefined) ?? labelScope ?? outer.section);
    const ctx: SubjectContext = {
      ...baseContext(opts),
      projectContext: jixiaoAt >= sentenceStart && xiangmuAt >= sentenceStart,
      // Economic lines are the 基本支出 table's only in a 基本支出 sentence or list (a sentence about all of the
      // 一般公共预算 spending lists its economic classes, project spending included).
      basicContext: scope === 'basic' || basicAt >= periodStart,
      ...(PROJECT_COUNT.test(folded.slice(sentenceStart, t.start)) ? { projectCount: true } : {}),
      ...(scope ? { scope } : {}),
      ...(parentLine ? { parent: parentLine } : {}),
    };
    let ref: SubjectRef = prior
      ? {
          kind: 'none',
          reason: {
            zh: '上年数（增减的比较基数），表中没有上年数',
            en: 'the year before (the base of a change); the tables have no prior-year figure',
          },
        }
      : unnamed
        ? { kind: 'none', reason: { zh: '句中没有说明是什么金额', en: 'the sentence does not say what the amount is' } }
        : ctx.projectCount && /^\s*涉及/u.test(rawClause) && !ctx.projectContext
          ? {
              kind: 'none',
              reason: {
                zh: '所列项目涉及的资金，是相应支出的一部分，表中没有这一部分的合计',
                en: 'the funds of the listed projects: a part of the spending that no table totals',
              },
            }
          : resolveSubject(subject, ctx);
    // "…，其中 X" of an amount the tables cannot have: X is a part of something unknown.
    const parent = values[values.length - 1];
    if (
      /^\s*其中/u.test(rawClause) &&
      parent &&
      parent.sentenceStart === sentenceStart &&
      parent.claim.ref.kind === 'none' &&
      ref.kind !== 'none'
    ) {
      ref = {
        kind: 'none',
        reason: {
          zh: `是「${parent.claim.subject}」的一部分，所属总额无法与表格核对`,
          en: `a part of "${parent.claim.subject}", which no table states`,
        },
      };
    }
    const m = money(t);
    const start = rawClause.trim() ? subjectStart + subjectOffset(rawClause) : t.start;
    const claim: AmountClaim = {
      kind: 'amount',
      ...spanOf(seg, start, t.end),
      text: text.slice(start, t.end),
      subject,
      value: m,
      ref,
    };
    claims.push(claim);
    const budget =
      opts.stage === '决算' && /预算/u.test(subject + rawClause) && !/决算|执行/u.test(subject + rawClause) && !prior;
    const at: ValueAt = {
      token: t,
      money: m,
      claim,
      startPos: start,
      sentenceStart,
      periodStart,
      prior,
      priorByYear,
      budget,
      depth: parens.length,
      hidden: false,
    };
    values.push(at);
    (prior ? priors : visible).push(at);
    if (budget) periodBudget = at;
  }

  function add(g: Group, t: Token, direction: Direction, word: string): void {
    if (t.kind === 'percent') g.percent = { ...percent(t), direction, word };
    else g.delta = { ...money(t), direction, word };
    g.end = t.end;
  }

  for (const g of groups) {
    if (!g.delta && !g.percent) continue;
    const subject = g.current?.claim.subject ?? label ?? '';
    // "比上年 1.43 万元，增加 0.68%": the bare amount after 比上年 may be the base or the change.
    const bareBase =
      g.prior && !g.delta && g.percent
        ? /(?:比|较)\s*(?:上年|上一年度?|去年|(?:19|20)\d{2}\s*年)度?\s*$/u.test(
            folded.slice(Math.max(0, g.prior.token.start - 12), g.prior.token.start),
          )
        : false;
    const claim: ChangeClaim = {
      kind: 'change',
      ...spanOf(seg, g.start, g.end),
      text: text.slice(g.start, g.end),
      subject,
      basis: g.basis,
      basisText: g.basisText,
      sameScope: g.sameScope,
      ...(g.current ? { current: g.current.money } : {}),
      ...(g.prior ? { prior: g.prior.money } : {}),
      ...(g.delta ? { delta: g.delta } : {}),
      ...(g.percent ? { percent: g.percent } : {}),
      ...(g.alternatives.length > 0
        ? { alternatives: g.alternatives.map((v) => ({ subject: v.claim.subject, value: v.money })) }
        : {}),
      ...(g.doubt
        ? { doubt: g.doubt }
        : bareBase
          ? {
              doubt: {
                zh: '「比上年」后的金额既可读作上年数，也可读作增减额',
                en: 'the amount after 比上年 may be the prior or the change',
              },
            }
          : {}),
      ...(bareBase ? { priorMayBeChange: true } : {}),
    };
    claims.push(claim);
  }

  for (const c of shareClaims(seg, shares, values, prevFirstValue, label)) claims.push(c);

  for (const m of folded.matchAll(FLAT)) {
    const at = m.index;
    const end = at + m[0].length;
    const sentStart = lastSentenceStart(folded, at);
    const last = lastBefore(values, (v) => v.token.end, at);
    // "因公出国（境）费支出与上一年度持平；公务接待费…减少 0.15 万元": each clause its own subject and figure.
    const own = cleanSubject(text.slice(sentStart, at));
    const current = last && !last.prior && (last.sentenceStart >= sentStart || !subjectWords(own)) ? last : undefined;
    const lastGroup = lastBefore(groups, (g) => g.end, at);
    const change = lastGroup && lastGroup.sentenceStart >= sentStart ? lastGroup : undefined;
    // "较上年增加 75 万元，主要原因是…，经比对，与上年基本持平": the 持平 concludes the reason, not the change.
    const afterReason = change !== undefined && REASON.test(folded.slice(change.end, at));
    const basic = Boolean(m[1] ?? m[3]);
    const claim: FlatClaim = {
      kind: 'flat',
      ...spanOf(seg, at, end),
      text: text.slice(at, end),
      subject: current?.claim.subject ?? (subjectWords(own) ? own : (label ?? '')),
      basis: basisOf(m[2]),
      basic,
      ...(current ? { current: current.money } : {}),
      ...(afterReason ? { afterReason: true } : {}),
      ...(change
        ? {
            change: {
              ...(change.delta ? { delta: change.delta } : {}),
              ...(change.percent ? { percent: change.percent } : {}),
            },
          }
        : {}),
    };
    claims.push(claim);
  }

  for (const m of folded.matchAll(FLAT_BUDGET)) {
    const at = m.index;
    const end = at + m[0].length;
    const outturn = lastBefore(values, (v) => v.token.end, at);
    const current = outturn && !outturn.budget && !outturn.prior && at - outturn.token.end < 200 ? outturn : undefined;
    const budgetAt = current
      ? [...values]
          .reverse()
          .find((v) => v.budget && v.token.end <= current.token.start && current.token.start - v.token.end < 120)
      : undefined;
    claims.push({
      kind: 'flat',
      ...spanOf(seg, at, end),
      text: text.slice(at, end),
      subject: current?.claim.subject ?? label ?? '',
      basis: '上年',
      basic: Boolean(m[1]),
      ...(current ? { current: current.money } : {}),
      againstBudget: budgetAt ? { budget: budgetAt.money } : {},
    });
  }
  return { claims };
}

/** Whether a stretch of text names something (more than a connective like "，与上年相比"). */
function subjectWords(s: string): boolean {
  return (
    cleanSubject(s)
      .replace(/[^\p{L}\p{N}]/gu, '')
      .replace(/^(?:与|和|同|较|比)?(?:上年|上一年度?|去年|(?:19|20)\d{2}年度?)?(?:相比)?/u, '').length >= 2
  );
}

/** "比 2025 年年初预算数 " just before a number: the number is the base of the comparison. */
const BASIS_BEFORE = new RegExp(
  String.raw`(?:比|较|与)\s*(?:上年|上一年度?|去年|(?:19|20)\d{2}\s*年)度?\s*(?:年初|全年)?\s*` +
    String.raw`(?:(?:预算|决算)?(?:收入|支出)?(?:执行数|预算数|预算|决算数|决算|同期|数)?)?\s*(?:为|的)?\s*$`,
  'u',
);

/** Where the subject starts in a clause: after leading spaces, numbering and list words ("其中：", "包括", "安排"). */
function subjectOffset(clause: string): number {
  let i = 0;
  for (let prev = -1; prev !== i;) {
    prev = i;
    const rest = clause.slice(i);
    const m =
      /^\s+/u.exec(rest) ??
      /^(?:\(\d{1,2}\)|（\d{1,2}）|\d+[.、．](?!\d)|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])/u.exec(
        rest,
      ) ??
      LEADING_WORDS.exec(rest);
    if (m && m[0].length > 0 && m[0].length < rest.length) i += m[0].length;
  }
  return i;
}

/** The index of the last item (in position order) whose end is at most `at`, or -1: a binary search. */
function lastIndexBefore<T>(items: readonly T[], end: (x: T) => number, at: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (end(items[mid]!) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The last item (in position order) whose end is at most `at`: a binary search. */
function lastBefore<T>(items: readonly T[], end: (x: T) => number, at: number): T | undefined {
  const i = lastIndexBefore(items, end, at);
  return i >= 0 ? items[i] : undefined;
}

function lastSentenceStart(folded: string, at: number): number {
  for (let i = at - 1; i >= 0 && at - i < 400; i--) if (SENTENCE_END.has(folded[i]!)) return i + 1;
  return Math.max(0, at - 400);
}

interface ShareAt {
  readonly completion?: { readonly budget?: ValueAt; readonly ref?: SubjectRef };
  readonly token: Token;
  readonly part?: ValueAt;
  readonly whole?: ShareClaim['whole'];
  readonly periodStart: number;
  readonly pctSpan: StatedPercent;
}

function shareClaims(
  seg: Segment,
  shares: readonly ShareAt[],
  values: readonly ValueAt[],
  prevFirstValue: { money: StatedMoney; subject: string; lastOrder: number } | undefined,
  label: string | undefined,
): ShareClaim[] {
  const out: ShareClaim[] = [];
  const bySentence = new Map<number, ShareAt[]>();
  for (const s of shares) {
    const list = bySentence.get(s.periodStart);
    if (list) list.push(s);
    else bySentence.set(s.periodStart, [s]);
  }
  for (const [sentenceStart, list] of bySentence) {
    const first = list[0]!;
    const firstAt = first.part?.token.start ?? first.token.start;
    // The sentence's own total: the amount before "其中" in the sentence, or before a paragraph that starts with 其中.
    let ownTotal: ShareClaim['ownTotal'];
    const k = seg.folded.slice(sentenceStart, firstAt).lastIndexOf('其中');
    if (k >= 0) {
      const last = lastBefore(values, (v) => v.token.end, sentenceStart + k);
      const before = last && last.token.start >= sentenceStart ? last : undefined;
      if (before) ownTotal = { subject: before.claim.subject, value: before.money };
    }
    if (
      !ownTotal &&
      /^\s*其中/u.test(seg.folded) &&
      prevFirstValue &&
      prevFirstValue.lastOrder === seg.pieces[0]!.order - 1
    ) {
      ownTotal = { subject: prevFirstValue.subject, value: prevFirstValue.money };
    }
    const entries = list
      .filter((s) => !s.completion)
      .map((s) => ({ ...(s.part ? { part: s.part.money } : {}), share: s.pctSpan }));
    for (const s of list) {
      const start = s.part ? s.part.claim.start : s.pctSpan.start;
      const block = s.part ? s.part.claim.block : s.pctSpan.block;
      const startPos = s.part ? segPos(seg, s.part.claim.block, s.part.claim.start) : s.token.start;
      out.push({
        kind: 'share',
        block,
        start,
        endBlock: s.pctSpan.endBlock,
        end: s.pctSpan.end,
        text: seg.text.slice(startPos, s.token.end),
        subject: s.part?.claim.subject ?? label ?? '',
        share: s.pctSpan,
        ...(s.part ? { part: s.part.money, ref: s.part.claim.ref } : {}),
        ...(s.completion?.budget
          ? { ownTotal: { subject: s.completion.budget.claim.subject, value: s.completion.budget.money } }
          : !s.completion && ownTotal
            ? { ownTotal }
            : {}),
        ...(s.whole ? { whole: s.whole } : {}),
        ...(s.completion
          ? { completion: s.completion.budget ? {} : { ...(s.completion.ref ? { budgetRef: s.completion.ref } : {}) } }
          : {}),
        list: s.completion ? [{ part: s.part!.money, share: s.pctSpan }] : entries,
      });
    }
  }
  return out;
}

function segPos(seg: Segment, block: number, offset: number): number {
  const piece = seg.pieces.find((p) => p.order === block) ?? seg.pieces[0]!;
  return piece.at + offset;
}

// ------------------------------------------------------------------------------------------------------------------
// Compositions

interface Template {
  readonly template: CompositionTemplate;
  readonly isTotal: (c: AmountClaim) => boolean;
  readonly parts: readonly { readonly name: string; readonly is: (c: AmountClaim) => boolean }[];
}

const hasKey = (c: AmountClaim, key: string): boolean => c.ref.kind === 'figure' && c.ref.keys.includes(key);

const TEMPLATES: readonly Template[] = [
  {
    template: 'three-public',
    isTotal: (c) => hasKey(c, 'three-public'),
    parts: [
      { name: '因公出国（境）费用', is: (c) => hasKey(c, 'three:abroad') },
      { name: '公务接待费', is: (c) => hasKey(c, 'three:reception') },
      { name: '公务用车购置及运行维护费', is: (c) => hasKey(c, 'three:car') },
    ],
  },
  {
    template: 'car',
    isTotal: (c) => hasKey(c, 'three:car'),
    parts: [
      { name: '公务用车购置费', is: (c) => hasKey(c, 'three:car-purchase') },
      { name: '公务用车运行维护费', is: (c) => hasKey(c, 'three:car-running') },
    ],
  },
  {
    template: 'basic',
    isTotal: (c) => hasKey(c, 'basic'),
    parts: [
      { name: '人员经费', is: (c) => hasKey(c, 'personnel') },
      { name: '公用经费', is: (c) => hasKey(c, 'public') },
    ],
  },
  {
    template: 'procurement',
    isTotal: (c) => /政府采购/u.test(c.subject) && /总额|合计|总计/u.test(c.subject),
    parts: [
      { name: '政府采购货物', is: (c) => /政府采购/u.test(c.subject) && /货物/u.test(c.subject) },
      { name: '政府采购工程', is: (c) => /政府采购/u.test(c.subject) && /工程/u.test(c.subject) },
      { name: '政府采购服务', is: (c) => /政府采购/u.test(c.subject) && /服务/u.test(c.subject) },
    ],
  },
];

/** How many paragraphs after one that ends with "其中：" / "具体如下：" its list may run. */
const LIST_REACH = 6;
/** How many amounts after a total its parts are looked for in (a bound that keeps long paragraphs linear). */
const PART_REACH = 40;

function compositions(perSegment: readonly SegmentClaims[]): CompositionClaim[] {
  const out: CompositionClaim[] = [];
  for (const [si, sc] of perSegment.entries()) {
    for (const [ci, total] of sc.amounts.entries()) {
      for (const tpl of TEMPLATES) {
        if (!tpl.isTotal(total)) continue;
        // Candidates: the rest of this paragraph, then (when it introduces a list) the next few paragraphs.
        const candidates: AmountClaim[] = sc.amounts.slice(ci + 1, ci + 1 + PART_REACH);
        if (sc.endsWithList)
          for (const next of perSegment.slice(si + 1, si + 1 + LIST_REACH))
            candidates.push(...next.amounts.slice(0, PART_REACH));
        const parts: CompositionPart[] = [];
        for (const p of tpl.parts) {
          const stop = candidates.findIndex((c) => tpl.isTotal(c));
          const within = stop >= 0 ? candidates.slice(0, stop) : candidates;
          const c = within.find(p.is);
          if (!c) break;
          parts.push({ subject: c.subject, ref: c.ref, value: c.value });
        }
        if (parts.length !== tpl.parts.length) continue;
        const last = parts.reduce(
          (a, p) =>
            p.value.endBlock > a.endBlock || (p.value.endBlock === a.endBlock && p.value.end > a.end) ? p.value : a,
          total.value as StatedMoney,
        );
        out.push({
          kind: 'composition',
          block: total.block,
          start: total.start,
          endBlock: last.endBlock,
          end: last.end,
          text: [total.text, ...parts.map((p) => `${p.subject} ${p.value.text}`)].join(' … '),
          subject: total.subject,
          template: tpl.template,
          total: { subject: total.subject, ref: total.ref, value: total.value },
          parts,
        });
      }
    }
  }
  return out;
}
