import { halfUlp, plainDifference, pow10, unitsOf, ZERO } from '../money/amount';
import type { Bilingual } from '../checks/types';
import { totalTerms } from '../checks/column-totals';
import {
  isTotalRow,
  type BudgetRow,
  type CellAddress,
  type Classification,
  type Column,
  type GridCell,
  type RowKind,
  type TreeSource,
  type ValueCell,
} from '../model';
import {
  levelsForName,
  lookupSubject,
  normalizeSubjectName,
  subjectByCode,
  type ClassificationKind,
} from '../classification';
import { originCells } from './header';
import { isOfWhich, looksLikeUnitName, numbering, squash, totalKind } from './labels';

/** A row as read, before its place in the tree is decided. */
interface Draft {
  gridRow: number;
  side: number;
  label: string;
  names: string[];
  code?: string;
  codeKind?: 'subject' | 'unit';
  codeSource?: TreeSource;
  kind: RowKind;
  values: Map<number, ValueCell>;
  labelCells: CellAddress[];
  indent: number;
  allEmpty: boolean;
  /** Which of the name columns the label starts and ends in (0 = the first): a depth when labels step right. */
  nameStart: number;
  nameEnd: number;
  /** "其他资金 / 小计": the head of a group whose label spans its rows; its members follow as "其他资金 / 事业收入". */
  groupHead?: string;
}

const EMBEDDED_CODE = /^(?<code>【\d{2,12}】|\[\d{2,12}\]|\d{3,12})\s*[-－]?\s*(?<name>\D.*)$/u;

function cleanCode(text: string): string {
  return squash(text).replace(/[【】[\]]/gu, '');
}

/** Is a code of this length and prefix a budget subject (function 2xx, economic 3xx/5xx, income 1xx)? */
function subjectCodeShape(code: string, kind: Classification): boolean {
  if (!/^\d+$/u.test(code)) return false;
  // Some regions break an economic 款 down once more: 3010201 规范性津补贴 under 30102 津贴补贴.
  if (kind === 'economic') return (code.length === 3 || code.length === 5 || code.length === 7) && /^[35]/u.test(code);
  return (code.length === 3 || code.length === 5 || code.length === 7) && /^[1-3]/u.test(code);
}

function codeLevel(code: string): number {
  return code.length <= 3 ? 1 : code.length <= 5 ? 2 : 3;
}

/** Reads the data rows of one side into drafts: labels, codes (whole, split, abbreviated), values. */
function draftRows(
  grid: readonly (readonly GridCell[])[],
  columns: readonly Column[],
  side: number,
  dataStart: number,
  classification: Classification,
): Draft[] {
  const cols = columns.filter((c) => c.side === side);
  const codeCols = cols.filter((c) => c.role === 'code');
  const nameCols = cols.filter((c) => c.role === 'name');
  const valueCols = cols.filter((c) => c.role === 'amount' || c.role === 'share');
  const split = codeCols.filter((c) => c.codePart);
  const drafts: Draft[] = [];
  let lastLei = '';
  let lastKuan = '';
  let lastCode = '';
  for (let r = dataStart; r < grid.length; r++) {
    const row = grid[r]!;
    const labelCells: CellAddress[] = [];
    // Codes: whole in one column, or split over 类|款|项 columns, or abbreviated ("03" under "201").
    let code: string | undefined;
    let codeSource: TreeSource | undefined;
    if (split.length > 0) {
      const part = (p: string): string => {
        const c = split.find((s) => s.codePart === p);
        const cell = c ? row[c.index]! : undefined;
        if (cell?.addr && cell.text && !cell.spanned) labelCells.push(cell.addr);
        // Only digits are a code: not the 类|款|项 labels printed in the first data row (beside 合计), nor a label
        // spanning the code and name columns ("人员经费合计").
        const text = cell ? cleanCode(cell.text) : '';
        return /^\d+$/u.test(text) ? text : '';
      };
      const lei = part('lei');
      const kuan = part('kuan');
      const xiang = part('xiang');
      if (lei || kuan || xiang) {
        const l = lei || lastLei;
        const k = kuan ? (kuan.length >= 5 ? kuan.slice(-2) : kuan) : '';
        const x = xiang ? xiang.slice(-2) : '';
        code = l + (k ? k.padStart(2, '0') : '') + (x ? (k ? '' : lastKuan.slice(3)) + x.padStart(2, '0') : '');
        codeSource = 'split-code';
      }
    } else {
      for (const c of codeCols) {
        const cell = row[c.index]!;
        // A label spanning the code and name columns ("人员经费合计") is read as the name.
        if (!cell.text || !/^\d+$/u.test(cleanCode(cell.text))) continue;
        if (cell.addr) labelCells.push(cell.addr);
        code = cleanCode(cell.text);
        codeSource = 'code';
        break;
      }
    }
    // Names; a code printed inside the name cell ("2010301 行政运行", "【205001】绍兴市信访局本级").
    const names: string[] = [];
    let indent = 0;
    let nameStart = -1;
    let nameEnd = 0;
    for (const [ci, c] of nameCols.entries()) {
      const cell = row[c.index]!;
      if (!cell.text) continue;
      if (nameStart < 0) nameStart = ci;
      nameEnd = ci;
      if (cell.spanned && cell.addr && cell.colSpan > 1 && names.length > 0) continue;
      if (cell.addr) labelCells.push(cell.addr);
      let text = cell.text;
      // "2026 年春节慰问金", "2026 高质量发展行动" start with a year, not a code.
      const m = /^(?:19|20)\d{2}(?!\d)/u.test(text) ? null : EMBEDDED_CODE.exec(text);
      if (m?.groups && !code) {
        code = cleanCode(m.groups.code!);
        codeSource = 'code';
        text = m.groups.name!.trim();
      }
      if (names.length === 0) indent = cell.indent;
      if (!names.includes(text)) names.push(text);
    }
    if (code && /^\d{2}$/u.test(code) && codeSource === 'code') {
      // Abbreviated: a two-digit code stands under the last longer code.
      const underKuan = lastKuan ? lastKuan + code : '';
      const underLei = lastLei ? lastLei + code : '';
      const name = names[0] ? normalizeSubjectName(names[0]) : '';
      const fits = (c: string): boolean =>
        !!name && subjectByCode(c)?.name !== undefined && normalizeSubjectName(subjectByCode(c)!.name) === name;
      if (underKuan && (fits(underKuan) || (!fits(underLei) && lastCode.length >= 5))) code = underKuan;
      else if (underLei) code = underLei;
      codeSource = 'abbreviated-code';
    }
    const values = new Map<number, ValueCell>();
    let allEmpty = true;
    for (const c of valueCols) {
      const cell = row[c.index]!;
      if (!cell.addr || (cell.spanned && cell.addr.row !== r && cell.rowSpan > 1)) continue;
      if (cell.spanned && cell.colSpan > 1 && cell.addr.row === r) continue;
      const parsed = cell.parsed;
      if (parsed.kind === 'number') allEmpty = false;
      values.set(
        c.index,
        parsed.kind === 'number'
          ? { addr: cell.addr, raw: cell.text, amount: parsed.amount }
          : { addr: cell.addr, raw: cell.text },
      );
    }
    const label = names.join(' / ');
    if (!label && !code && allEmpty) continue;
    // A group label spanning its rows, then 小计 and the members: the 小计 line is the group's own figure.
    const groupHead =
      names.length >= 2 && !totalKind(names[0]!) && totalKind(names[names.length - 1]!) === 'subtotal'
        ? names[0]!
        : undefined;
    const total = groupHead ? undefined : names.map(totalKind).find(Boolean);
    let kind: RowKind = 'item';
    let codeKind: Draft['codeKind'];
    if (total) kind = total === 'grand-total' ? 'grand-total' : 'total';
    else if (code) {
      const entry = subjectByCode(code);
      const namedAsSubject =
        entry && names[0] !== undefined && normalizeSubjectName(entry.name) === normalizeSubjectName(names[0]);
      const unitShaped =
        /^\d{6}$|^\d{9}$/u.test(code) ||
        /【/u.test(label) ||
        (names[0] !== undefined &&
          looksLikeUnitName(names[0]) &&
          !namedAsSubject &&
          lookupSubject(names[0]).length === 0);
      if (unitShaped || (!subjectCodeShape(code, classification) && !entry)) {
        kind = 'unit';
        codeKind = 'unit';
        codeSource = codeSource === 'code' ? 'unit-code' : codeSource;
      } else {
        kind = 'subject';
        codeKind = 'subject';
        if (code.length === 3) {
          lastLei = code;
          lastKuan = '';
        } else if (code.length === 5) {
          lastLei = code.slice(0, 3);
          lastKuan = code;
        }
      }
      lastCode = code;
    } else if (names[0] && looksLikeUnitName(names[0]) && lookupSubject(names[0]).length === 0) kind = 'unit';
    else if (allEmpty && names.length > 0 && values.size > 0 && classification === 'none') kind = 'item';
    drafts.push({
      gridRow: r,
      side,
      label,
      names,
      ...(code ? { code } : {}),
      ...(codeKind ? { codeKind } : {}),
      ...(codeSource ? { codeSource } : {}),
      kind,
      values,
      labelCells,
      indent,
      nameStart: Math.max(0, nameStart),
      nameEnd,
      allEmpty,
      ...(groupHead ? { groupHead } : {}),
    });
  }
  return drafts;
}

/** Which classification a table's rows follow, from its header and codes. */
export function detectClassification(
  columns: readonly Column[],
  labels: readonly string[],
  codes: readonly string[],
): Classification {
  const header = columns.map((c) => c.path.join('/')).join('|');
  if (/经济分类/u.test(header)) return 'economic';
  if (/功能分类|支出功能/u.test(header)) return 'function';
  const fn = codes.filter((c) => /^2\d{2}(?:\d{2}){0,2}$/u.test(c)).length;
  const ec = codes.filter((c) => /^[35]\d{2}(?:\d{2})?$/u.test(c)).length;
  if (fn + ec > 0) return ec > fn ? 'economic' : 'function';
  let f = 0;
  let e = 0;
  for (const l of labels) {
    for (const s of lookupSubject(l)) {
      if (s.kind === 'function') f++;
      else e++;
    }
  }
  if (f + e === 0) return codes.length > 0 ? 'unit' : 'none';
  return e > f ? 'economic' : 'function';
}

const kindFor = (c: Classification): ClassificationKind | undefined =>
  c === 'function' ? 'function' : c === 'economic' ? 'economic-dept' : undefined;

/** Candidate levels for a row without a code. */
function nameLevels(d: Draft, classification: Classification): number[] {
  const name = d.names[0] ?? '';
  const levels = [...levelsForName(name, kindFor(classification))].sort();
  if (classification === 'economic') {
    if (levels.length === 0) return [lookupSubject(name).some((s) => s.level === 1) ? 1 : 2];
    return levels.includes(1) ? [1] : [2];
  }
  if (levels.length === 0) {
    // An unknown name in a function table: 项 names are the long tail.
    return [3];
  }
  return levels;
}

interface Placed {
  draft: Draft;
  level: number;
  source: TreeSource;
  partOf: boolean;
}

/**
 * The readings of a table's rows that are tried: the usual one (codes, units, numbering, indentation, names), the
 * depth of the name column each label starts in (大类 | 专项 | 物品 over three columns), and flat.
 */
type Reading = 'usual' | 'numbered-names' | 'name-start' | 'name-end' | 'flat';

/**
 * Item lists whose items carry sub-lines with nothing to mark them (no numbering, no indentation), on one level or
 * several (通用项目 > 大型活动 > 法治建设会议 …): read from the bottom up, an item followed by a run of two or more lines
 * at its level (each with the lines already put under it) that add up to it, in every amount column, is their head.
 * One line equal to the one above is as much two equal siblings (two grants of 2,000.00) as a head and its only part.
 * Three readings of those are tried, and the one under which most of the table's sums hold is kept: none nested, each
 * under the line above, or paired down a chain of equal lines (A > B, C > D).
 */
function withSubItems(
  placed: readonly Placed[],
  amountCols: ReadonlySet<number>,
  memo?: SumMemo,
): Placed[] | undefined {
  const plain = (p: Placed): boolean => p.draft.kind === 'item' && !p.draft.code && !p.partOf;
  const equal = (head: Placed, run: readonly Placed[]): boolean => {
    let compared = 0;
    for (const col of amountCols) {
      const v = head.draft.values.get(col)?.amount;
      if (!v) continue;
      const amounts = run.map((r) => r.draft.values.get(col)?.amount);
      const exact = plainDifference(v, amounts);
      if (exact) {
        if (exact.units !== 0n) return false;
        if (unitsOf(v) !== 0n) compared++;
        continue;
      }
      let sum = v.value.minus(v.value);
      for (const r of run) {
        const a = r.draft.values.get(col)?.amount;
        if (a) sum = sum.plus(a.value);
      }
      if (!sum.eq(v.value)) return false;
      if (!v.value.isZero()) compared++;
    }
    return compared > 0;
  };
  /**
   * The head at i and the lines after it at its level: the index of the last line (with its own parts) of the
   * shortest run of two or more that adds up to it, or of the one line after it when it is equal (single); else i.
   */
  const runEnd = (out: readonly Placed[], i: number, single: boolean): number => {
    const head = out[i]!;
    const run: Placed[] = [];
    for (let k = i + 1; k < out.length; k++) {
      const line = out[k]!;
      if (line.level > head.level) continue;
      if (line.level < head.level || !plain(line)) break;
      run.push(line);
      if (single ? run.length > 1 : run.length < 2 || !equal(head, run)) continue;
      if (single && !equal(head, run)) return i;
      let end = k;
      while (end + 1 < out.length && out[end + 1]!.level > head.level) end++;
      return end;
    }
    return i;
  };
  const nest = (out: Placed[], i: number, end: number): void => {
    for (let k = i + 1; k <= end; k++) out[k]!.level++;
  };
  const runs = (out: Placed[]): boolean => {
    let changed = false;
    for (let i = out.length - 1; i >= 0; i--) {
      if (!plain(out[i]!)) continue;
      const end = runEnd(out, i, false);
      if (end === i) continue;
      nest(out, i, end);
      changed = true;
    }
    return changed;
  };
  const variant = (singles: 'none' | 'all' | 'paired'): { out: Placed[]; changed: boolean } => {
    const out = placed.map((p) => ({ ...p }));
    let changed = runs(out);
    if (singles !== 'none') {
      const taken = new Set<number>();
      for (let i = 0; i < out.length; i++) {
        if (!plain(out[i]!) || (singles === 'paired' && taken.has(i))) continue;
        const end = runEnd(out, i, true);
        if (end === i) continue;
        nest(out, i, end);
        taken.add(i + 1);
        changed = true;
      }
      if (runs(out)) changed = true;
    }
    return { out, changed };
  };
  // Judged without the holds a single part gives its line (two equal siblings would prove themselves).
  let best: { out: Placed[]; score: number; changed: boolean } | undefined;
  for (const singles of ['none', 'paired', 'all'] as const) {
    const v = variant(singles);
    const score = net(treeScore(toRows(v.out), amountCols, false, memo));
    if (!best || score > best.score) best = { ...v, score };
  }
  return best?.changed ? best.out : undefined;
}

/** Decides each draft's level and source. Totals get level 0. */
function placeRows(
  drafts: readonly Draft[],
  classification: Classification,
  ambiguityChoice: ReadonlyMap<number, number>,
  reading: Reading = 'usual',
): Placed[] {
  const items = drafts.filter((d) => !isTotalRow(d));
  if (reading !== 'usual' && reading !== 'numbered-names') {
    const at = (d: Draft): number => (reading === 'name-start' ? d.nameStart : d.nameEnd);
    const depths = [...new Set(items.map(at))].sort((a, b) => a - b);
    return drafts.map((d) =>
      isTotalRow(d)
        ? { draft: d, level: 0, source: 'position', partOf: false }
        : reading === 'flat'
          ? { draft: d, level: 1, source: 'position', partOf: false }
          : { draft: d, level: depths.indexOf(at(d)) + 1, source: 'indent', partOf: false },
    );
  }
  const indents = [...new Set(items.map((d) => d.indent))].sort((a, b) => a - b);
  const useIndent =
    indents.length >= 2 &&
    items.filter((d) => d.indent > 0).length >= 1 &&
    items.every((d) => !d.code || d.kind === 'unit');
  const numbered = items.some((d) => numbering(d.label) !== undefined);
  const hasUnits = items.some((d) => d.kind === 'unit');
  const subjectTable = classification === 'function' || classification === 'economic';
  const placed: Placed[] = [];
  let lastNumberedLevel = 0;
  // Whether the last numbered line names a budget subject itself (一、教育支出), or a group of them
  // (一、人员经费和公用经费支出, 二、专项业务经费支出).
  let numberedGroup = false;
  let inOfWhich = false;
  let inDepartment = false;
  let department: { level: number; label: string } | undefined;
  let restartBase: number | undefined;
  const seenCodes = new Map<string, number>();
  let group: { name: string; level: number } | undefined;
  // "其中：（一）因公出国 … （二）公务用车 … （三）公务接待": numbered parts of the row above, all of them.
  let ofWhichList: { depth: number; level: number } | undefined;
  drafts.forEach((d, i) => {
    const listed = isOfWhich(d.label) ? numbering(d.label.replace(/^\s*其中\s*[：:]?/u, '')) : undefined;
    if (listed && placed.length > 0 && !isTotalRow(d)) {
      ofWhichList = { depth: listed.depth, level: placed[placed.length - 1]!.level + 1 };
    }
    const n = numbering(d.label);
    if (ofWhichList && !isTotalRow(d) && (listed || (n && n.depth >= ofWhichList.depth))) {
      const depth = listed?.depth ?? n!.depth;
      placed.push({
        draft: d,
        level: ofWhichList.level + depth - ofWhichList.depth,
        source: 'numbering',
        partOf: depth === ofWhichList.depth,
      });
      return;
    }
    ofWhichList = undefined;
    if (d.groupHead !== undefined) {
      group = { name: d.groupHead, level: (hasUnits ? 1 : 0) + 1 };
      placed.push({ draft: d, level: group.level, source: 'position', partOf: false });
      return;
    }
    if (group && d.names.length >= 2 && d.names[0] === group.name) {
      placed.push({
        draft: d,
        level: group.level + 1,
        source: 'position',
        partOf: isOfWhich(d.names[d.names.length - 1]!),
      });
      return;
    }
    group = undefined;
    if (isTotalRow(d)) {
      placed.push({ draft: d, level: 0, source: 'position', partOf: false });
      lastNumberedLevel = 0;
      inOfWhich = false;
      inDepartment = false;
      department = undefined;
      restartBase = undefined;
      return;
    }
    const unitBase = hasUnits ? 1 : 0;
    const prevDraft = placed[placed.length - 1]?.draft;
    if (d.kind === 'unit' && prevDraft?.kind === 'unit' && squash(prevDraft.label) === squash(d.label)) {
      // A department, then its own office under the same name and code: the units that follow are the
      // department's too (西安市医疗保障局 2101505 twice, then 2101506 经办服务中心, 2101599 …).
      department = { level: placed[placed.length - 1]!.level, label: squash(d.label) };
    } else if (d.kind === 'unit' && department && squash(d.label) === department.label) {
      // The department's name again, further down (the same units listed once more under another subject code):
      // a new block beside the first, not one of its units.
      placed.push({ draft: d, level: department.level, source: d.codeSource ?? 'position', partOf: false });
      department = undefined;
      return;
    }
    if (d.kind === 'unit' && department) {
      placed.push({
        draft: d,
        level: department.level + 1,
        source: d.code && seenCodes.has(d.code) ? 'repeated-code' : (d.codeSource ?? 'position'),
        partOf: false,
      });
      if (d.code) seenCodes.set(d.code, placed.length - 1);
      return;
    }
    if (d.code && d.kind === 'unit' && seenCodes.has(d.code)) {
      // Repeated code: a unit's subtotal line followed by its projects.
      const first = placed[seenCodes.get(d.code)!]!;
      placed.push({ draft: d, level: first.level + 1, source: 'repeated-code', partOf: false });
      return;
    }
    if (d.code && d.kind === 'unit') seenCodes.set(d.code, placed.length);
    if (d.kind === 'unit') {
      // "市信访局" then "绍兴市信访局本级", "绍兴市政务热线服务中心": the 本级 line opens the department's units.
      // The same for a department followed by its own office under the same name ("杭州市气象局" twice).
      const prev = placed[placed.length - 1]?.draft;
      if (
        !d.code &&
        prev?.kind === 'unit' &&
        !prev.code &&
        ((/本级/u.test(d.label) && !/本级/u.test(prev.label)) || squash(prev.label) === squash(d.label))
      ) {
        inDepartment = true;
      }
      const level = d.code ? (d.code.length >= 9 ? 3 : d.code.length >= 6 ? 2 : 1) : inDepartment ? 2 : 1;
      placed.push({ draft: d, level, source: d.codeSource ?? 'position', partOf: false });
      return;
    }
    if (d.code && d.codeKind === 'subject') {
      const unitsAbove = hasUnits
        ? Math.max(0, ...placed.filter((p) => p.draft.kind === 'unit').map((p) => p.level))
        : 0;
      placed.push({ draft: d, level: unitsAbove + codeLevel(d.code), source: d.codeSource ?? 'code', partOf: false });
      return;
    }
    if (numbered) {
      const n = numbering(d.label);
      if (n) {
        // Numbering that starts again at 一、 under an unnumbered line ("年初财政拨款结转和结余" then 一、二、三、)
        // lists that line's parts.
        const above = placed[placed.length - 1];
        if (
          /^[一1]$/u.test(n.marker) &&
          above &&
          !isTotalRow(above.draft) &&
          above.draft.kind === 'item' &&
          !numbering(above.draft.label) &&
          !isOfWhich(above.draft.label)
        ) {
          restartBase = above.level - n.depth + 1;
        }
        lastNumberedLevel = n.depth;
        numberedGroup = lookupSubject(d.names[0] ?? '').length === 0;
        inOfWhich = false;
        placed.push({ draft: d, level: (restartBase ?? unitBase) + n.depth, source: 'numbering', partOf: false });
        return;
      }
      if (isOfWhich(d.label) || inOfWhich) {
        inOfWhich = true;
        placed.push({ draft: d, level: unitBase + lastNumberedLevel + 1, source: 'numbering', partOf: true });
        return;
      }
      if (reading === 'numbered-names' && subjectTable && lastNumberedLevel === 1) {
        // Under a numbered 类 (一、教育支出), the 款 and 项 lines by their names (进修及培训, then 培训支出 under it).
        const levels = nameLevels(d, classification);
        const chosen = ambiguityChoice.get(i) ?? levels[0]!;
        if (chosen >= 2) {
          placed.push({
            draft: d,
            level: (restartBase ?? unitBase) + chosen,
            source: 'classification-name',
            partOf: false,
          });
          return;
        }
      }
      // A 类 name after a numbered 类 is its sibling; after a numbered group of subjects, one of the group's parts.
      const className = subjectTable && lookupSubject(d.names[0] ?? '').some((s) => s.level === 1);
      if (lastNumberedLevel > 0 && (!className || numberedGroup)) {
        placed.push({ draft: d, level: unitBase + lastNumberedLevel + 1, source: 'numbering', partOf: false });
        return;
      }
    }
    if (isOfWhich(d.label)) {
      const prev = placed[placed.length - 1];
      placed.push({ draft: d, level: (prev?.level ?? unitBase) + 1, source: 'numbering', partOf: true });
      return;
    }
    if (useIndent) {
      placed.push({ draft: d, level: unitBase + indents.indexOf(d.indent) + 1, source: 'indent', partOf: false });
      return;
    }
    if (subjectTable) {
      const levels = nameLevels(d, classification);
      const chosen = ambiguityChoice.get(i) ?? levels[0]!;
      const unitsAbove = hasUnits
        ? Math.max(0, ...placed.filter((p) => p.draft.kind === 'unit').map((p) => p.level))
        : 0;
      placed.push({
        draft: d,
        level: unitsAbove + chosen,
        source: levels.length > 1 ? 'amounts' : 'classification-name',
        partOf: false,
      });
      return;
    }
    // Under the unit line above it, however deep its code put it (154 > 154001 > its projects).
    let unitLevel = unitBase;
    for (let k = placed.length - 1; k >= 0; k--) {
      const p = placed[k]!;
      if (isTotalRow(p.draft)) break;
      if (p.draft.kind === 'unit') {
        unitLevel = Math.max(unitBase, p.level);
        break;
      }
    }
    placed.push({ draft: d, level: unitLevel + 1, source: 'position', partOf: false });
  });
  return underCategories(placed);
}

/** The kinds of goods a 政府采购 table groups by: 货物, 工程, 服务. */
const PROCUREMENT_CATEGORY = /^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．])?(?:货物|工程|服务)(?:类|采购)?$/u;

/**
 * A 政府采购 table grouped by 货物 | 工程 | 服务 first, then by unit and item: the groups are the top level and
 * whatever was placed under them goes one level down (the units would otherwise stand beside their own group).
 */
function underCategories(placed: Placed[]): Placed[] {
  const isCategory = (p: Placed): boolean => !isTotalRow(p.draft) && PROCUREMENT_CATEGORY.test(squash(p.draft.label));
  const first = placed.findIndex(isCategory);
  if (first < 0) return placed;
  return placed.map((p, i) => {
    if (i < first || isTotalRow(p.draft)) return p;
    if (isCategory(p)) return { ...p, level: 1, source: 'position' };
    return { ...p, level: p.level + 1 };
  });
}

function toRows(placed: readonly Placed[]): BudgetRow[] {
  const rows: BudgetRow[] = [];
  const stack: number[] = [];
  placed.forEach((p, i) => {
    let parent = -1;
    if (p.level > 0) {
      while (stack.length > 0 && placed[stack[stack.length - 1]!]!.level >= p.level) stack.pop();
      parent = stack.length > 0 ? stack[stack.length - 1]! : -1;
      stack.push(i);
    } else {
      stack.length = 0;
    }
    const d = p.draft;
    const kind = d.kind === 'item' && d.allEmpty && (placed[i + 1]?.level ?? 0) > p.level ? 'heading' : d.kind;
    rows.push(budgetRow(d, kind, p.level, parent, p.source, p.partOf));
  });
  return rows;
}

/**
 * A row of the model, its optional keys present only when set (object literals rather than spreads: every reading
 * tried builds a table's rows afresh, and the keys keep their order in the report).
 */
function budgetRow(
  d: Draft,
  kind: RowKind,
  level: number,
  parent: number,
  treeSource: TreeSource,
  partOf: boolean,
): BudgetRow {
  const { gridRow, side, label, code, values, labelCells } = d;
  if (code) {
    return partOf
      ? { gridRow, side, label, code, kind, level, parent, treeSource, partOf, values, labelCells }
      : { gridRow, side, label, code, kind, level, parent, treeSource, values, labelCells };
  }
  return partOf
    ? { gridRow, side, label, kind, level, parent, treeSource, partOf, values, labelCells }
    : { gridRow, side, label, kind, level, parent, treeSource, values, labelCells };
}

interface Score {
  holds: number;
  fails: number;
}

/**
 * The sums already tested while reading one table's rows, by the lines' figures (a line's `values`, shared by every
 * reading of it): the readings tried differ in a few places, so most of their sums are the same sums.
 */
interface SumMemo {
  readonly ids: Map<object, number>;
  readonly tested: Map<string, Score>;
}

const sumMemo = (): SumMemo => ({ ids: new Map(), tested: new Map() });

function memoKey(memo: SumMemo, stated: BudgetRow, terms: readonly BudgetRow[]): string {
  const id = (values: object): number => {
    let n = memo.ids.get(values);
    if (n === undefined) memo.ids.set(values, (n = memo.ids.size));
    return n;
  };
  let key = `${id(stated.values)}:`;
  for (const t of terms) key += `${id(t.values)},`;
  return key;
}

/** The sums a reading of the rows implies (parent = Σ children, total = Σ top-level rows), and how many hold. */
function treeScore(
  rows: readonly BudgetRow[],
  amountCols: ReadonlySet<number>,
  singlesProve = true,
  memo?: SumMemo,
): Score {
  const score: Score = { holds: 0, fails: 0 };
  const test = (stated: BudgetRow, terms: readonly BudgetRow[]): void => {
    const key = memo && memoKey(memo, stated, terms);
    let one = key === undefined ? undefined : memo!.tested.get(key);
    if (!one) {
      one = testSum(stated, terms, amountCols);
      if (key !== undefined) memo!.tested.set(key, one);
    }
    if (singlesProve || terms.length > 1) score.holds += one.holds;
    score.fails += one.fails;
  };
  const childrenOf = new Map<number, BudgetRow[]>();
  for (const r of rows) {
    if (r.partOf) continue;
    const list = childrenOf.get(r.parent);
    if (list) list.push(r);
    else childrenOf.set(r.parent, [r]);
  }
  rows.forEach((row, i) => {
    if (isTotalRow(row) || row.kind === 'heading') return;
    const children = childrenOf.get(i);
    if (children) test(row, children);
  });
  for (const { total, terms } of totalTerms({ sides: 1, rows: rows.map((r) => ({ ...r, side: 0 })) }))
    test(total, terms);
  return score;
}

/** In how many of the line's amount columns it equals the sum of its terms, and in how many it does not. */
function testSum(stated: BudgetRow, terms: readonly BudgetRow[], amountCols: ReadonlySet<number>): Score {
  const score: Score = { holds: 0, fails: 0 };
  for (const [col, cell] of stated.values) {
    if (!cell.amount || !amountCols.has(col)) continue;
    const amounts = terms.map((t) => t.values.get(col)?.amount);
    const exact = plainDifference(cell.amount, amounts);
    if (exact) {
      // 0 = 0 + 0 (a plain figure is never negative) proves nothing; within one unit of the last printed digit per
      // term, as below.
      if (exact.units === 0n && unitsOf(cell.amount) === 0n) continue;
      const off = exact.units < 0n ? -exact.units : exact.units;
      if (off <= BigInt(terms.length) * pow10(exact.scale - cell.amount.scale)) score.holds++;
      else score.fails++;
      continue;
    }
    let sum = ZERO;
    for (const v of amounts) if (v) sum = sum.plus(v.value);
    // 0 = 0 + 0 proves nothing about the structure.
    if (
      cell.amount.value.isZero() &&
      terms.every((t) => !t.values.get(col)?.amount || t.values.get(col)!.amount!.value.isZero())
    )
      continue;
    const diff = sum.minus(cell.amount.value).abs();
    // A line equal to its only part proves nothing about where it stands (unless told it does). One unit of the
    // last printed digit per term: 10^-scale = 2 × halfUlp.
    if (diff.lte(halfUlp(cell.amount.scale).times(2 * terms.length))) score.holds++;
    else score.fails++;
  }
  return score;
}

const net = (s: Score): number => s.holds - s.fails;

export interface RowsRead {
  readonly rows: BudgetRow[];
  /** Set when no reading of the rows explains the table's sums. */
  readonly doubt?: Bilingual;
}

/** Builds the rows of one side of a table, with the tree decided by codes, numbering, indentation or names. */
export function buildRows(
  grid: readonly (readonly GridCell[])[],
  columns: readonly Column[],
  side: number,
  dataStart: number,
  classification: Classification,
): BudgetRow[] {
  return readRows(grid, columns, side, dataStart, classification).rows;
}

/**
 * The same, with the reading chosen among the candidates by the amounts: the one under which the most sums hold (the
 * usual reading wins ties). When none holds more sums than it breaks, the structure is in doubt.
 */
export function readRows(
  grid: readonly (readonly GridCell[])[],
  columns: readonly Column[],
  side: number,
  dataStart: number,
  classification: Classification,
  usualOnly = false,
): RowsRead {
  const drafts = draftRows(grid, columns, side, dataStart, classification);
  const amountCols = new Set(columns.filter((c) => c.side === side && c.role === 'amount').map((c) => c.index));
  if (comparesYears(drafts)) {
    // Lines of years and their change (2025年 | 2026年 | 增减变化金额), for each unit: nothing adds up down the
    // columns. Read flat, totals as plain lines: only each line's own relations are checked.
    return {
      rows: drafts.map((d) => ({
        gridRow: d.gridRow,
        side: d.side,
        label: d.label,
        ...(d.code ? { code: d.code } : {}),
        kind: d.kind === 'unit' ? 'unit' : 'item',
        level: 1,
        parent: -1,
        treeSource: 'position',
        values: d.values,
        labelCells: d.labelCells,
      })),
    };
  }
  const subjectTable = classification === 'function' || classification === 'economic';
  const memo = sumMemo();
  // Names that can be at two levels (信访事务: 款 since 2023, 项 before) are placed where the amounts agree.
  const chooseLevels = (reading: Reading): Map<number, number> => {
    const choice = new Map<number, number>();
    if (!subjectTable) return choice;
    drafts.forEach((d, i) => {
      if (d.code || d.kind !== 'item') return;
      const levels = nameLevels(d, classification);
      if (levels.length < 2) return;
      let best = levels[0]!;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (const level of levels) {
        choice.set(i, level);
        const score = net(
          treeScore(toRows(placeRows(drafts, classification, choice, reading)), amountCols, true, memo),
        );
        if (score > bestScore) {
          bestScore = score;
          best = level;
        }
      }
      choice.set(i, best);
    });
    return choice;
  };
  const choice = chooseLevels('usual');
  const readings: Reading[] = ['usual'];
  const items = drafts.filter((d) => !isTotalRow(d));
  if (!usualOnly) {
    if (new Set(items.map((d) => d.nameStart)).size > 1) readings.push('name-start');
    if (new Set(items.map((d) => d.nameEnd)).size > 1) readings.push('name-end');
    readings.push('flat');
  }
  let best: { rows: BudgetRow[]; score: Score; reading: Reading } | undefined;
  let usual: Score | undefined;
  const consider = (reading: Reading, placed: readonly Placed[]): void => {
    const rows = toRows(placed);
    const score = treeScore(rows, amountCols, true, memo);
    usual ??= score;
    if (!best || net(score) > net(best.score)) best = { rows, score, reading };
  };
  // The flat reading proves at most the total rows' sums, one per amount column: a reading that already nets more
  // cannot lose to it.
  const flatBound = drafts.filter(isTotalRow).length * amountCols.size;
  for (const reading of readings) {
    if (reading === 'flat' && best && net(best.score) >= flatBound) continue;
    const placed = placeRows(drafts, classification, choice, reading);
    consider(reading, placed);
    if (reading === 'usual' && !usualOnly && classification === 'function' && items.some((d) => numbering(d.label))) {
      const named = chooseLevels('numbered-names');
      consider('numbered-names', placeRows(drafts, classification, named, 'numbered-names'));
    }
    if (reading === 'usual' && !usualOnly) {
      const sub = withSubItems(placed, amountCols, memo);
      if (sub) consider('usual', sub);
    }
  }
  const { rows, score, reading } = best!;
  // Flat only because every tree broke more sums than it explained: the structure is not understood either.
  const doubt = doubtOf(reading === 'flat' && usual!.fails > 0 ? usual! : score);
  return { rows, ...(doubt ? { doubt } : {}) };
}

const YEAR_LINE =
  /^(?:(?:19|20)\d{2}年(?:度)?(?:预算|决算|预算数|决算数|执行数)?(?:数)?|上年(?:预算)?数?|本年(?:预算)?数?)$/u;
const CHANGE_LINE =
  /^(?:增减|增减变化|增减变化金额|增减额|变化|变化情况|变动|增长|比上年增减|同比增减)(?:金额|数|额|情况)?(?:[(（][^)）]*[)）])?$/u;

/**
 * A table whose lines are years and their change, not parts of a whole: every line names a year (2025年, 上年, 本年)
 * or a change (增减变化金额) in one of its label cells, two years at least.
 */
function comparesYears(drafts: readonly Draft[]): boolean {
  if (drafts.length < 2) return false;
  const years = new Set<string>();
  for (const d of drafts) {
    const names = d.names.map(squash);
    const year = names.find((n) => YEAR_LINE.test(n));
    if (year) years.add(year);
    else if (!names.some((n) => CHANGE_LINE.test(n))) return false;
  }
  return years.size >= 2;
}

/** Rows read (one side, or panels joined into one list) whose sums do not hold more often than they fail. */
export function structureDoubt(rows: readonly BudgetRow[], columns: readonly Column[]): Bilingual | undefined {
  return doubtOf(treeScore(rows, new Set(columns.filter((c) => c.role === 'amount').map((c) => c.index))));
}

/** No sum the rows imply fails (a performance table's list is complete under its 合计, or implies no sum). */
export function sumsAllHold(rows: readonly BudgetRow[], columns: readonly Column[]): boolean {
  return treeScore(rows, new Set(columns.filter((c) => c.role === 'amount').map((c) => c.index))).fails === 0;
}

/**
 * No reading explains the table when its sums fail more often than they hold, twice at least: one failing sum is
 * what one wrong figure makes, and the self-check (lib/selfcheck) judges it with the other relations.
 */
function doubtOf(score: Score): Bilingual | undefined {
  if (score.fails < 2 || score.fails <= score.holds) return undefined;
  return {
    zh: `行的层级未能可靠识别：按编码、编号、缩进、名称或平列读取，均有 ${score.fails} 处加总不成立（成立 ${score.holds} 处）`,
    en:
      `row structure not understood: under every reading (codes, numbering, indentation, names, flat) ` +
      `${score.fails} sums fail and ${score.holds} hold`,
  };
}

export { originCells };
