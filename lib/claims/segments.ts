import type { TextBlock } from '../model';

/**
 * A paragraph as the author wrote it: one text block, or consecutive blocks a PDF-to-HTML conversion cut inside a
 * sentence ("…比上年执行数增加 587.74" | "万元，增长 8.04%…", "…预算为 130.65万" | "元，…"), joined back, without the
 * spaces a PDF puts between Chinese characters of one line ("比 2025 年 年 初 预 算 数" → "比 2025 年年初预算数",
 * "3.00 万 元 ， 占" → "3.00 万元，占"): words and units are read whole.
 * `folded` is `text` with full-width digits, signs and punctuation folded to ASCII (same length, offsets agree).
 */
export interface Segment {
  readonly text: string;
  readonly folded: string;
  /** The blocks it is made of: block order and where its text starts in the joined blocks (before spaces go). */
  readonly pieces: readonly { readonly order: number; readonly at: number; readonly length: number }[];
  /** For each position of `text` (and one past its end), the position in the joined blocks it comes from. */
  readonly origin: Int32Array;
}

/**
 * lib/money/amount.ts foldWidth's folding (full-width ASCII → ASCII, odd spaces → ' ', U+2212 → '-'), as one regex
 * replace: the same characters, the same length, without building the string one character at a time.
 */
const FOLD = /[\uff01-\uff5e\u3000\u00a0\u2002\u2003\u2009\u200b\u2212]/gu;
export function fold(text: string): string {
  return text.replace(FOLD, (ch) => {
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
    return ch === '\u2212' ? '-' : ' ';
  });
}

/** A sentence ends here; a block ending so is never joined to the next. */
const TERMINAL = /[。！？；;：:!?]$/u;

/**
 * Whether block b continues the sentence block a was cut in. Only cuts that leave a claim broken are joined: a number
 * and its unit, 万 and 元, a change or share word and its number, or a comma on either side. A heading ("1.收入预算
 * 总体情况") and the paragraph after it are never joined.
 */
export function continues(a: string, b: string): boolean {
  const A = fold(a.trimEnd().slice(-6)).trimEnd();
  const B = fold(b.trimStart().slice(0, 6)).trimStart();
  if (A === '' || B === '' || TERMINAL.test(A)) return false;
  if (/\d$/u.test(A) && /^(?:[万亿千]?元|%)/u.test(B)) return true;
  if (/[万亿千]$/u.test(A) && /^元/u.test(B)) return true;
  if (/(?:占|增加|减少|增长|下降|上升|降低|为|比|较)$/u.test(A) && /^-?\d/u.test(B)) return true;
  // "…年初预算" | "为 180.61 万元": the verb and its number carried to the next block.
  if (/[\u4e00-\u9fa5]$/u.test(A) && /^为\s*-?\d/u.test(B)) return true;
  if (/[,、]$/u.test(A)) return true;
  // A subject path cut inside a name ("…（类）行政事业单位离退休（款）离退休" | "人员管理机构（项）。年初预算…").
  if (/\((?:类|款)\)[^()]*$/u.test(fold(a)) && /^[^()。,]{1,30}\(项\)/u.test(fold(b.trimStart()))) return true;
  if (/^[,、]/u.test(B) && /元$/u.test(A)) return true;
  // A line of prose cut inside a word ("…占 71.7%；教" | "育（类）支出 180.03 万元…"): a sentence that has not ended,
  // followed by no numbered heading.
  if (/[\u4e00-\u9fa5]$/u.test(A) && /^[\u4e00-\u9fa5\d]/u.test(B) && PROSE.test(a) && !NUMBERING.test(b.trimStart()))
    return true;
  return false;
}

/** A line of prose: long, with a sentence's punctuation or an amount. */
const PROSE = /^(?=[^]{20})[^]*(?:[，,；;。]|\d\s*(?:万元|元|%))/u;
/** A line that starts with list or section numbering: "1.", "（二）", "三、", "第一部分". */
const NUMBERING =
  /^(?:\d+[.、．]|[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)/u;

/** Joins the text blocks into segments; blocks separated by a table are never joined. Linear in the text size. */
export function segmentsOf(blocks: readonly TextBlock[]): Segment[] {
  const out: Segment[] = [];
  let cur:
    | { parts: string[]; pieces: { order: number; at: number; length: number }[]; at: number; last: TextBlock }
    | undefined;
  const flush = (): void => {
    if (!cur) return;
    const { text, origin } = squashSpaces(cur.parts.join(''));
    out.push({ text, folded: fold(text), pieces: cur.pieces, origin });
    cur = undefined;
  };
  for (const b of blocks) {
    if (cur && b.order === cur.last.order + 1 && continues(cur.last.text, b.text)) {
      cur.pieces.push({ order: b.order, at: cur.at, length: b.text.length });
      cur.parts.push(b.text);
      cur.at += b.text.length;
      cur.last = b;
      continue;
    }
    flush();
    cur = { parts: [b.text], pieces: [{ order: b.order, at: 0, length: b.text.length }], at: b.text.length, last: b };
  }
  flush();
  return out;
}

/** A Chinese character or Chinese punctuation: spaces between two of them are layout, not text. */
const CJK =
  /[\u3000-\u303f\u3400-\u9fff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2014]/u;
const SPACE = /[ \t\u00a0\u2002\u2003\u2009\u200b\u3000]/u;

/** A number printed one character at a time ("6 6 , 3 0 7 . 9 8", "2 0 2 6 年"): four or more, single spaces. */
const SPACED_NUMBER = /[0-9０-９,，.．](?: [0-9０-９,，.．]){3,}/gu;

/**
 * Removes runs of spaces between two Chinese characters, and the single spaces of a number printed one character
 * at a time; `origin` maps the result back. Linear.
 */
export function squashSpaces(raw: string): { text: string; origin: Int32Array } {
  const origin = new Int32Array(raw.length + 1);
  const out: string[] = [];
  let drop: Uint8Array | undefined;
  for (const m of raw.matchAll(SPACED_NUMBER)) {
    drop ??= new Uint8Array(raw.length);
    for (let k = m.index + 1; k < m.index + m[0].length; k += 2) drop[k] = 1;
  }
  let n = 0;
  for (let i = 0; i < raw.length;) {
    const ch = raw[i]!;
    if (drop?.[i]) {
      i++;
      continue;
    }
    if (SPACE.test(ch) && n > 0 && CJK.test(out[n - 1]!)) {
      let j = i;
      while (j < raw.length && SPACE.test(raw[j]!)) j++;
      if (j < raw.length && CJK.test(raw[j]!)) {
        i = j;
        continue;
      }
      for (; i < j; i++) {
        origin[n++] = i;
        out.push(raw[i]!);
      }
      continue;
    }
    origin[n++] = i;
    out.push(ch);
    i++;
  }
  origin[n] = raw.length;
  return { text: out.join(''), origin: origin.slice(0, n + 1) };
}

/** The block and offset of a position in a segment (an end position maps into the block its last character is in). */
export function locate(seg: Segment, at: number, isEnd = false): { block: number; offset: number } {
  // Back to the joined blocks: an end position is one past the raw position of its last character.
  const pos = isEnd && at > 0 ? seg.origin[at - 1]! + 1 : seg.origin[Math.min(at, seg.origin.length - 1)]!;
  const p = isEnd ? Math.max(0, pos - 1) : pos;
  let lo = 0;
  let hi = seg.pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (seg.pieces[mid]!.at <= p) lo = mid;
    else hi = mid - 1;
  }
  const piece = seg.pieces[lo]!;
  return { block: piece.order, offset: pos - piece.at };
}

/** A span of a segment as block + offsets. */
export function spanOf(
  seg: Segment,
  start: number,
  end: number,
): { block: number; start: number; endBlock: number; end: number } {
  const s = locate(seg, start);
  const e = locate(seg, end, true);
  return { block: s.block, start: s.offset, endBlock: e.block, end: e.offset };
}
