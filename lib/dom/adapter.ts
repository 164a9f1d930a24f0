import type { PdfPageContent } from '../pdf/types';
import { positionedPage } from '../page/positioned';
import { ELEMENT, firstElement, kids, TEXT } from './nodes';

/**
 * The one place the engine touches a DOM. It reads a Document (the browser's, or linkedom's in Node)
 * into plain data: text blocks and raw tables in document order. Nothing else in lib/ sees a DOM node.
 */

export interface RawCell {
  readonly text: string;
  readonly rowSpan: number;
  readonly colSpan: number;
  readonly header: boolean;
  readonly indent: number;
}

export interface RawRow {
  readonly cells: readonly RawCell[];
}

export interface RawTable {
  /** Index among all <table> elements of the document in document order. */
  readonly index: number;
  readonly rows: readonly RawRow[];
  /** A table that holds other tables is page layout. */
  readonly hasNestedTable: boolean;
  readonly caption: string;
}

/**
 * A run of printed pages written as positioned text (lib/page/positioned.ts): read as the PDF reader reads a PDF's
 * pages, rebuilt into text and tables by the engine (lib/page/printed.ts expandPrinted, before the model) so that the
 * page's own thread never rebuilds them.
 */
export interface PrintedBlock {
  readonly kind: 'printed';
  readonly pages: readonly PdfPageContent[];
}

export type RawBlock =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'table'; readonly table: RawTable }
  | PrintedBlock;

export interface PageSource {
  readonly url: string;
  readonly title: string;
  readonly canonicalUrl?: string;
  readonly blocks: readonly RawBlock[];
  /**
   * The document's <table> elements; once its printed blocks are rebuilt (lib/page/printed.ts), also the tables
   * rebuilt from them, numbered after those.
   */
  readonly tableCount: number;
  /**
   * Only when asked (`ReadOptions.positions`): where each text block's characters are in the DOM, by block index
   * (undefined for table blocks). The engine in the page uses it to draw over a claim's text; nothing in lib/ reads it.
   */
  readonly positions?: readonly (BlockPositions | undefined)[];
  /**
   * Only when asked (`ReadOptions.positions`): the page containers of each printed block (PrintedBlock), by block
   * index, for the marks over the tables rebuilt from them.
   */
  readonly printed?: ReadonlyMap<number, readonly DomNode[]>;
  /**
   * Where the tables rebuilt from printed blocks are drawn, by `table:row:cell` for a cell and by `table` for the table
   * on its first page: set by the page once the engine has rebuilt them (lib/page/printed.ts placedBoxes).
   */
  readonly placed?: ReadonlyMap<string, PlacedBox>;
}

/** A box on a printed page of positioned text (lib/page/positioned.ts), in the points of that page. */
export interface PlacedBox {
  /** The page's container element. */
  readonly page: DomNode;
  /** The container's own width in points, as its style gives it (undefined: none given). */
  readonly pageWidth: number | undefined;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** A cell's text as read. */
  readonly text: string;
}

export interface ReadOptions {
  /**
   * Keep each text block's text nodes (PageSource.positions). Off by default: the command line and benchmarks pay
   * nothing.
   */
  readonly positions?: boolean;
  /** Called with each block as it is read, in document order (the engine in a page sends them to its worker). */
  readonly onBlock?: (block: RawBlock) => void;
  /**
   * Only while the page is still loading (lib/page/parsing.ts parsedPast): false for a node the parser may still add
   * to. The read ends before the first table, text or printed page so marked, without the paragraph it cuts: what
   * the page holds whole so far, in blocks as the whole page's read gives them.
   */
  readonly parsed?: (n: DomNode) => boolean;
  /**
   * The blocks go to `onBlock` only and PageSource.blocks is empty: the engine in a page, which sends them to its
   * worker as it reads them. A large page's blocks kept until its audit ends would be copied by every collection of
   * young objects while the page is read (20–35 ms of a reading slice on the 5 MB bench page).
   */
  readonly emitOnly?: boolean;
}

/** readPageSteps yields after this many rows of a table, so a long table is read in several slices. */
export const ROWS_PER_STEP = 32;

/** A text node of a block and where its text starts in the block's raw (not yet whitespace-normalized) text. */
export interface TextRun {
  readonly node: DomNode;
  readonly start: number;
}

/** A text block's raw text (its text nodes' values joined, before normalizeText) and the text nodes it came from. */
export interface BlockPositions {
  readonly raw: string;
  readonly runs: readonly TextRun[];
}

/** A piece of one text node: [start, end) in its nodeValue. */
export interface TextSegment {
  readonly node: DomNode;
  readonly start: number;
  readonly end: number;
}

/** A span of the text blocks: TextBlock order and UTF-16 offsets in the normalized block text (end exclusive). */
export interface BlockSpan {
  readonly block: number;
  readonly start: number;
  readonly endBlock: number;
  readonly end: number;
}

/** The subset of the DOM the adapter uses; both browsers and linkedom provide it. */
export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly nodeValue: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  /** Sibling links, when the DOM has them (browsers and linkedom do): walking them is far cheaper than childNodes. */
  readonly firstChild?: DomNode | null;
  readonly nextSibling?: DomNode | null;
  getAttribute?(name: string): string | null;
  /** False for an element without any attribute: lets the reader skip attribute look-ups. */
  hasAttributes?(): boolean;
}

const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'HEAD',
  'svg',
  'SVG',
  'IFRAME',
  'OBJECT',
  'SELECT',
  'TEXTAREA',
]);
const BLOCK = new Set([
  'P',
  'DIV',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'UL',
  'OL',
  'DL',
  'DT',
  'DD',
  'SECTION',
  'ARTICLE',
  'HEADER',
  'FOOTER',
  'NAV',
  'ASIDE',
  'MAIN',
  'BLOCKQUOTE',
  'PRE',
  'CENTER',
  'CAPTION',
  'FIGURE',
  'FIGCAPTION',
  'HR',
  'TR',
  'TD',
  'TH',
  'FORM',
  'ADDRESS',
  'BODY',
]);

const upper = new Map<string, string>();
const name = (n: DomNode): string => {
  const raw = n.nodeName;
  let u = upper.get(raw);
  if (u === undefined) {
    u = raw.toUpperCase();
    upper.set(raw, u);
  }
  return u;
};
const attr = (n: DomNode, a: string): string => (n.hasAttributes?.() === false ? '' : (n.getAttribute?.(a) ?? ''));

function isHidden(n: DomNode): boolean {
  const hidden = n.getAttribute?.('hidden');
  if (hidden !== null && hidden !== undefined) return true;
  return /display\s*:\s*none/iu.test(attr(n, 'style'));
}

/** The <tr> of a table in the order of table.rows: thead rows, then body rows, then tfoot rows. */
export function tableRows(table: DomNode): DomNode[] {
  const head: DomNode[] = [];
  const body: DomNode[] = [];
  const foot: DomNode[] = [];
  for (const child of kids(table)) {
    if (child.nodeType !== ELEMENT) continue;
    const tag = name(child);
    if (tag === 'TR') body.push(child);
    else if (tag === 'THEAD' || tag === 'TBODY' || tag === 'TFOOT') {
      const target = tag === 'THEAD' ? head : tag === 'TFOOT' ? foot : body;
      for (const tr of kids(child)) if (tr.nodeType === ELEMENT && name(tr) === 'TR') target.push(tr);
    }
  }
  return [...head, ...body, ...foot];
}

/** The cells of a <tr> in the order of row.cells. */
export function rowCells(tr: DomNode): DomNode[] {
  return kids(tr).filter((c) => {
    if (c.nodeType !== ELEMENT) return false;
    const tag = name(c);
    return tag === 'TD' || tag === 'TH';
  });
}

function spanOf(cell: DomNode, a: 'rowspan' | 'colspan'): number {
  const value = attr(cell, a);
  if (value === '') return 1;
  const n = Number.parseInt(value, 10);
  if (!Number.isFinite(n) || n < 1) return a === 'rowspan' && value.trim() === '0' ? 0 : 1;
  return Math.min(n, a === 'colspan' ? 1000 : 65534);
}

function isBoldStyle(n: DomNode, tag = name(n), style = attr(n, 'style')): boolean {
  if (tag === 'B' || tag === 'STRONG' || tag === 'TH') return true;
  return style !== '' && /font-weight\s*:\s*(?:bold|bolder|[6-9]00)/iu.test(style);
}

/** Text of a subtree, with <br> and block children as spaces; script and style skipped. */
function textOf(n: DomNode): string {
  if (n.nodeType === TEXT) return n.nodeValue ?? '';
  if (n.nodeType !== ELEMENT) return '';
  const tag = name(n);
  if (SKIP.has(tag)) return '';
  if (tag === 'BR') return '\n';
  let out = '';
  for (const c of kids(n)) out += textOf(c);
  return BLOCK.has(tag) || tag === 'P' ? `${out}\n` : out;
}

const LENGTH =
  /(?:padding-left|text-indent|margin-left|mso-char-indent-count)\s*:\s*(-?[\d.]+)\s*(em|pt|px|rem|字符)?/giu;

function styleIndent(n: DomNode, style = attr(n, 'style')): number {
  if (!style || !/indent|left/u.test(style)) return 0;
  let em = 0;
  for (const m of style.matchAll(LENGTH)) {
    const v = Number.parseFloat(m[1]!);
    if (!Number.isFinite(v) || v <= 0) continue;
    const u = (m[2] ?? 'px').toLowerCase();
    // Indentation is layout, not money: a rough em count is all the tree needs.
    em += u === 'em' || u === 'rem' || u === '字符' || m[0].startsWith('mso-char') ? v : u === 'pt' ? v / 10.5 : v / 14;
  }
  return em;
}

/**
 * Leading indentation: full-width spaces count one em, two ordinary spaces or NBSPs one em; plus styles on the cell and
 * its first block.
 */
const LEAD_SPACE = /[\s\u00a0\u3000]/u;

function indentOf(cell: DomNode, raw: string, style: string): number {
  let em = styleIndent(cell, style);
  let first = firstElement(cell);
  let depth = 0;
  while (first && depth < 3) {
    em += styleIndent(first);
    first = firstElement(first);
    depth++;
  }
  // Source-formatting whitespace is not rendered; NBSP and full-width spaces are.
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\u3000') em += 1;
    else if (ch === '\u00a0') em += 0.5;
    else if (!LEAD_SPACE.test(ch)) break;
  }
  return Math.round(em * 4) / 4;
}

export function normalizeText(s: string): string {
  return s.replace(/[\s\u00a0\u3000\u200b\ufeff]+/gu, ' ').trim();
}

const SPACE = /[\s\u00a0\u3000\u200b\ufeff]/u;

/** For each UTF-16 unit of normalizeText(raw), its index in raw (a collapsed run of spaces: the run's first). */
function normalizedToRaw(raw: string): number[] {
  const map: number[] = [];
  let i = 0;
  let end = raw.length;
  while (i < end && SPACE.test(raw[i]!)) i++;
  while (end > i && SPACE.test(raw[end - 1]!)) end--;
  while (i < end) {
    map.push(i);
    if (SPACE.test(raw[i]!)) while (i < end && SPACE.test(raw[i]!)) i++;
    else i++;
  }
  return map;
}

/**
 * The text-node pieces that hold a span of the text blocks (a claim's text), in document order: offsets in the
 * normalized block text mapped back through the collapsed whitespace to each text node. Blocks without positions
 * (tables) are skipped, so a span cut over two paragraphs gives pieces in both and nothing in between. Pure: it
 * reads only the nodes' values as they were when the page was read (`BlockPositions.raw`).
 */
export function textSegments(positions: readonly (BlockPositions | undefined)[], span: BlockSpan): TextSegment[] {
  const out: TextSegment[] = [];
  for (let b = span.block; b <= span.endBlock; b++) {
    const p = positions[b];
    if (!p) continue;
    const map = normalizedToRaw(p.raw);
    if (map.length === 0) continue;
    const from = b === span.block ? Math.max(0, span.start) : 0;
    const to = b === span.endBlock ? Math.min(map.length, span.end) : map.length;
    if (to <= from || from >= map.length) continue;
    const rawStart = map[from]!;
    const rawEnd = map[to - 1]! + 1;
    for (const [i, run] of p.runs.entries()) {
      const runEnd = i + 1 < p.runs.length ? p.runs[i + 1]!.start : p.raw.length;
      const s = Math.max(rawStart, run.start);
      const e = Math.min(rawEnd, runEnd);
      if (e > s) out.push({ node: run.node, start: s - run.start, end: e - run.start });
    }
  }
  return out;
}

interface CellScan {
  text: string;
  /** A <table> inside the cell: the outer table is layout. */
  nestedTable: boolean;
  anyText: boolean;
  allBold: boolean;
}

/** One walk over a cell: its text (block children and <br> as line breaks) and whether all of it is bold. */
function scanCell(n: DomNode, bold: boolean, out: CellScan): void {
  const linked = n.firstChild !== undefined && n.nodeType === ELEMENT;
  const list = linked ? undefined : kids(n);
  let i = 0;
  for (
    let c: DomNode | null | undefined = linked ? n.firstChild : list![0];
    c;
    c = linked ? c.nextSibling : list![++i]
  ) {
    if (c.nodeType === TEXT) {
      const v = c.nodeValue ?? '';
      out.text += v;
      if (((!bold && out.allBold) || !out.anyText) && /[^\s\u00a0\u3000]/u.test(v)) {
        if (!bold) out.allBold = false;
        out.anyText = true;
      }
      continue;
    }
    if (c.nodeType !== ELEMENT) continue;
    const tag = name(c);
    if (SKIP.has(tag)) continue;
    if (tag === 'BR') {
      out.text += '\n';
      continue;
    }
    if (tag === 'TABLE') {
      out.nestedTable = true;
      continue;
    }
    scanCell(c, bold || isBoldStyle(c), out);
    if (BLOCK.has(tag)) out.text += '\n';
  }
}

function readCell(cell: DomNode, nested: { found: boolean }): RawCell {
  const tag = name(cell);
  const style = attr(cell, 'style');
  const scan: CellScan = { text: '', nestedTable: false, anyText: false, allBold: true };
  scanCell(cell, isBoldStyle(cell, tag, style), scan);
  const raw = scan.text.endsWith('\n') ? scan.text.replace(/\n+$/u, '') : scan.text;
  if (scan.nestedTable) nested.found = true;
  return {
    text: normalizeText(raw),
    rowSpan: spanOf(cell, 'rowspan'),
    colSpan: spanOf(cell, 'colspan'),
    header: tag === 'TH' || (scan.anyText && scan.allBold),
    indent: indentOf(cell, raw, style),
  };
}

function countTables(n: DomNode): number {
  let count = n.nodeType === ELEMENT && name(n) === 'TABLE' ? 1 : 0;
  for (const c of kids(n)) if (c.nodeType === ELEMENT) count += countTables(c);
  return count;
}

/** Reads a whole document. `root` is the document (or any element: only its subtree is read). */
export function readPage(root: DomNode, url: string, options?: ReadOptions): PageSource {
  const steps = readPageSteps(root, url, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same, yielding after each table and every ROWS_PER_STEP rows, so a page can stay responsive while a long
 * document is read.
 */
export function* readPageSteps(root: DomNode, url: string, options?: ReadOptions): Generator<void, PageSource> {
  const blocks: RawBlock[] = [];
  /** Blocks read so far (kept or not), and the first text block's text (the title when the page has none). */
  let count = 0;
  let firstText: string | undefined;
  let tableIndex = 0;
  let line = '';
  let title = '';
  let canonicalUrl: string | undefined;
  const positions: (BlockPositions | undefined)[] | undefined = options?.positions ? [] : undefined;
  const emit = (b: RawBlock): void => {
    if (!options?.emitOnly) blocks.push(b);
    count++;
    if (firstText === undefined && b.kind === 'text') firstText = b.text;
    options?.onBlock?.(b);
  };
  // Printed pages written as positioned boxes (lib/page/positioned.ts), kept until the run of them ends: one block.
  let region: PdfPageContent[] = [];
  let containers: DomNode[] = [];
  const printed = positions ? new Map<number, readonly DomNode[]>() : undefined;
  const endRegion = (): void => {
    if (region.length === 0) return;
    printed?.set(count, containers);
    emit({ kind: 'printed', pages: region });
    region = [];
    containers = [];
  };

  let runs: TextRun[] | undefined = positions ? [] : undefined;
  const flush = (): void => {
    const t = normalizeText(line);
    if (t) {
      if (positions) positions[count] = { raw: line, runs: runs! };
      emit({ kind: 'text', text: t });
    }
    if (runs) runs = [];
    line = '';
  };
  const headInfo = (n: DomNode): void => {
    for (const c of kids(n)) {
      if (c.nodeType !== ELEMENT) continue;
      const tag = name(c);
      if (tag === 'TITLE' && !title) title = normalizeText(textOf(c));
      else if (tag === 'LINK' && /\bcanonical\b/iu.test(attr(c, 'rel')) && attr(c, 'href'))
        canonicalUrl = attr(c, 'href');
      else headInfo(c);
    }
  };
  /** A block boundary: the pending text becomes a block; what is read next (`force`: a table, the end) or that text
   * ends a run of printed pages first. */
  const settle = (force: boolean): void => {
    if (region.length > 0 && (force || normalizeText(line) !== '')) endRegion();
    flush();
  };
  const parsed = options?.parsed;
  /** The read reached what the parser has not finished (`parsed`): nothing more is read. */
  let cut = false;
  const unfinished = (n: DomNode): boolean => {
    if (parsed && !parsed(n)) cut = true;
    return cut;
  };
  const walk = function* (n: DomNode): Generator<void, void> {
    if (n.nodeType === TEXT) {
      if (unfinished(n)) return;
      if (runs) runs.push({ node: n, start: line.length });
      line += n.nodeValue ?? '';
      return;
    }
    if (n.nodeType !== ELEMENT && n.nodeType !== 9 && n.nodeType !== 11) return;
    const tag = name(n);
    if (tag === 'HEAD') {
      headInfo(n);
      return;
    }
    if (SKIP.has(tag) || (n.nodeType === ELEMENT && isHidden(n))) {
      if (unfinished(n)) return;
      // Not read, but counted: addresses are indexes among all <table> elements of the document.
      tableIndex += countTables(n);
      return;
    }
    if (tag === 'TABLE') {
      if (unfinished(n)) return;
      settle(true);
      const index = tableIndex++;
      const found = { found: false };
      const rows: RawRow[] = [];
      for (const tr of tableRows(n)) {
        if (rows.length > 0 && rows.length % ROWS_PER_STEP === 0) yield;
        rows.push({ cells: rowCells(tr).map((td) => readCell(td, found)) });
      }
      const nested = found.found;
      const captionNode = kids(n).find((c) => c.nodeType === ELEMENT && name(c) === 'CAPTION');
      const caption = captionNode ? normalizeText(textOf(captionNode)) : '';
      emit({ kind: 'table', table: { index, rows, hasNestedTable: nested, caption } });
      yield;
      if (nested) {
        // Layout table: read what it holds (text and the tables inside) in document order.
        for (const tr of tableRows(n))
          for (const td of rowCells(tr)) {
            yield* walk(td);
            if (cut) return;
            settle(false);
          }
      }
      return;
    }
    if (tag === 'BR') {
      settle(false);
      return;
    }
    const printed = n.nodeType === ELEMENT ? positionedPage(n) : undefined;
    if (printed) {
      if (unfinished(n)) return;
      settle(false); // text before it ends the run of pages it would join
      region.push({ ...printed, page: region.length + 1 });
      containers.push(n);
      yield;
      return;
    }
    const block = BLOCK.has(tag);
    if (block) settle(false);
    for (const c of kids(n)) {
      yield* walk(c);
      if (cut) return;
    }
    if (block) settle(false);
  };
  yield* walk(root);
  // Cut: the paragraph the parser is in is not whole; the printed pages before it are.
  if (cut) line = '';
  settle(true);
  if (!title) title = firstText ?? '';
  if (positions) positions.length = count;
  return {
    url,
    title,
    ...(canonicalUrl ? { canonicalUrl } : {}),
    blocks,
    tableCount: tableIndex,
    ...(positions ? { positions } : {}),
    ...(printed && printed.size > 0 ? { printed } : {}),
  };
}
