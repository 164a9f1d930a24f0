import { eastAsianWidth } from 'get-east-asian-width';
import type { DomNode as BoxNode } from '../dom/adapter';
import { ELEMENT, firstElement, kids, TEXT } from '../dom/nodes';
import type { PdfPageContent, PdfRule, PdfShade, PdfTextItem } from '../pdf/types';

/**
 * Pages of a PDF turned into HTML as positioned boxes: converters (and sites that publish a PDF "as a web page")
 * write each printed page as a container holding one absolutely placed box per run of text and one per ruling line,
 * all with inline `top`/`left` in points or pixels. There is no <table> to read: such a page is read like the PDF it
 * came from. This module turns one such container into the PDF reader's page content (lib/pdf/types.ts), which
 * lib/pdf/tables rebuilds into tables and paragraphs as it does for a PDF; lib/dom/adapter.ts finds the containers.
 *
 * Only what the markup says is used (no layout is measured), so the command line and the browser read the same page
 * the same way. A text box's width is its inline width when it has one, else estimated from its characters (a wide
 * character one em, others half an em): right-aligned figures keep their right edges.
 */

/** A container is a page when at least this many of its children are placed boxes … */
export const MIN_BOXES = 8;
/** … and they are at least this share of its element children. */
const MIN_SHARE = 0.8;

const children = (n: BoxNode): BoxNode[] => kids(n).filter((c) => c.nodeType === ELEMENT);

const styleOf = (n: BoxNode): string => n.getAttribute?.('style') ?? '';

/** Inline style declarations by property (lower case; the last one wins, as in CSS). */
export function declarations(style: string): Map<string, string> {
  const out = new Map<string, string>();
  let from = 0;
  while (from < style.length) {
    let end = style.indexOf(';', from);
    if (end < 0) end = style.length;
    const colon = style.indexOf(':', from);
    if (colon > from && colon < end) {
      let value = style.slice(colon + 1, end).trim();
      if (value.endsWith('important')) value = value.replace(/\s*!\s*important$/iu, '');
      out.set(style.slice(from, colon).trim().toLowerCase(), value);
    }
    from = end + 1;
  }
  return out;
}

const PT_PER: Record<string, number> = { pt: 1, px: 0.75, '': 0.75, mm: 72 / 25.4, cm: 72 / 2.54, in: 72, pc: 12 };

/** A CSS length in points (px and unitless as CSS pixels), or undefined for what is not a plain length. */
export function points(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(-?\d+(?:\.\d+)?|-?\.\d+)\s*(pt|px|mm|cm|in|pc)?$/iu.exec(value.trim());
  if (!m) return undefined;
  return Number.parseFloat(m[1]!) * PT_PER[(m[2] ?? '').toLowerCase()]!;
}

/** Is this box placed by its inline style alone (absolute, with a top and a left)? */
function isPlaced(d: Map<string, string>): boolean {
  return (
    /^absolute$/iu.test(d.get('position') ?? '') &&
    points(d.get('top')) !== undefined &&
    points(d.get('left')) !== undefined
  );
}

/** Cheap first look: does the element's first element child say it is absolutely placed? */
function firstPlaced(n: BoxNode): boolean {
  const first = firstElement(n);
  return first !== undefined && /absolute/iu.test(styleOf(first));
}

const BOLD_TAGS = new Set(['B', 'STRONG']);

/** A box's text (its text nodes in order; <br> as a space) and whether all of it is bold. */
function textAndBold(n: BoxNode, bold: boolean, out: { text: string; bold: boolean; any: boolean }): void {
  const linked = n.firstChild !== undefined;
  let i = 0;
  for (let c = linked ? n.firstChild : n.childNodes[0]; c; c = linked ? c.nextSibling : n.childNodes[++i]) {
    if (c.nodeType === TEXT) {
      const v = c.nodeValue ?? '';
      out.text += v;
      if (/\S/u.test(v)) {
        out.any = true;
        if (!bold) out.bold = false;
      }
    } else if (c.nodeType === ELEMENT) {
      const tag = c.nodeName.toUpperCase();
      if (tag === 'BR') out.text += ' ';
      else if (tag !== 'SCRIPT' && tag !== 'STYLE')
        textAndBold(c, bold || BOLD_TAGS.has(tag) || isBold(declarations(styleOf(c))), out);
    }
  }
}

const isBold = (d: Map<string, string>): boolean => /^(?:bold|bolder|[6-9]00)$/iu.test(d.get('font-weight') ?? '');

/** The width of a run of text in ems: wide (CJK, full-width) characters one em, others half. */
export function emWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += eastAsianWidth(ch.codePointAt(0)!) / 2;
  return w;
}

/** Visible border sides of a box: their widths in points (none, hidden, 0 and transparent do not count). */
function borders(d: Map<string, string>): { top: number; right: number; bottom: number; left: number } {
  const sides = { top: 0, right: 0, bottom: 0, left: 0 };
  const visible = (v: string | undefined): number => {
    if (!v || /\b(?:none|hidden|transparent)\b/iu.test(v)) return 0;
    const w = /(-?\d+(?:\.\d+)?\s*(?:pt|px|mm|cm|in)?)\b/iu.exec(v);
    const width = w ? points(w[1]) : 1;
    return width !== undefined && width > 0 ? width : /\b(?:thin|medium|thick)\b/iu.test(v) ? 0.75 : 0;
  };
  const all = visible(d.get('border'));
  for (const side of ['top', 'right', 'bottom', 'left'] as const) {
    const own = d.get(`border-${side}`);
    sides[side] = own !== undefined ? visible(own) : all;
  }
  return sides;
}

const WHITE = /^(?:#fff(?:fff)?|white|transparent|none|rgba?\(\s*255\s*,\s*255\s*,\s*255\b.*|rgba\(.*,\s*0\s*\))$/iu;
/** A rule drawn as a filled box is at most this thick (points). */
const RULE_THICKNESS = 2;

/** A page container's own width in points, as its inline style gives it. */
export const declaredWidth = (n: BoxNode): number | undefined => points(declarations(styleOf(n)).get('width'));

/**
 * When `n` is a printed page written as placed boxes (at least MIN_BOXES of its element children are placed by their
 * inline style, and MIN_SHARE of them), its page content: its text boxes as text items and its drawn lines (borders
 * of empty boxes, thin filled boxes) as rules; wider filled boxes as shades. Else undefined. Its page number is the
 * reader's to give (its place in the run of pages read together).
 */
export function positionedPage(n: BoxNode): Omit<PdfPageContent, 'page'> | undefined {
  if (n.nodeType !== ELEMENT || !firstPlaced(n)) return undefined;
  const boxes = children(n);
  if (boxes.length < MIN_BOXES) return undefined;
  const placed: [BoxNode, Map<string, string>][] = [];
  for (const k of boxes) {
    const s = declarations(styleOf(k));
    if (isPlaced(s)) placed.push([k, s]);
  }
  if (placed.length < MIN_BOXES || placed.length < boxes.length * MIN_SHARE) return undefined;
  const d = declarations(styleOf(n));
  const items: PdfTextItem[] = [];
  const rules: PdfRule[] = [];
  const shades: PdfShade[] = [];
  let right = 0;
  let bottom = 0;
  for (const [k, s] of placed) {
    if (/^none$/iu.test(s.get('display') ?? '')) continue;
    const x = points(s.get('left'))!;
    const y = points(s.get('top'))!;
    const w = points(s.get('width'));
    const h = points(s.get('height'));
    const scan = { text: '', bold: true, any: false };
    textAndBold(k, isBold(s), scan);
    const text = scan.text.replace(/\s+/gu, ' ').trim();
    if (text !== '') {
      const size = points(s.get('font-size')) ?? 12;
      const width = w !== undefined && w > 0 ? w : emWidth(text) * size;
      const height = size;
      items.push({ str: text, x, y, width, height, ...(scan.any && scan.bold ? { bold: true } : {}) });
      right = Math.max(right, x + width);
      bottom = Math.max(bottom, y + height);
      continue;
    }
    const bw = w ?? 0;
    const bh = h ?? 0;
    const b = borders(s);
    if (b.top > 0) rules.push({ x1: x, y1: y, x2: x + bw, y2: y });
    if (b.bottom > 0) rules.push({ x1: x, y1: y + bh, x2: x + bw, y2: y + bh });
    if (b.left > 0) rules.push({ x1: x, y1: y, x2: x, y2: y + bh });
    if (b.right > 0) rules.push({ x1: x + bw, y1: y, x2: x + bw, y2: y + bh });
    const fill = s.get('background-color') ?? s.get('background');
    if (fill && !WHITE.test(fill) && bw > 0 && bh > 0) {
      if (bh <= RULE_THICKNESS) rules.push({ x1: x, y1: y + bh / 2, x2: x + bw, y2: y + bh / 2 });
      else if (bw <= RULE_THICKNESS) rules.push({ x1: x + bw / 2, y1: y, x2: x + bw / 2, y2: y + bh });
      else shades.push({ x, y, width: bw, height: bh });
    }
    right = Math.max(right, x + bw);
    bottom = Math.max(bottom, y + bh);
  }
  // The container's own size when it gives one; the boxes' extent where they overflow it.
  const width = Math.max(points(d.get('width')) ?? 0, right);
  const height = Math.max(points(d.get('height')) ?? 0, bottom);
  return { width, height, items, rules, ...(shades.length > 0 ? { shades } : {}) };
}
