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

export type RawBlock = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'table'; readonly table: RawTable };

export interface PageSource {
  readonly url: string;
  readonly title: string;
  readonly canonicalUrl?: string;
  readonly blocks: readonly RawBlock[];
  readonly tableCount: number;
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

const ELEMENT = 1;
const TEXT = 3;

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'svg', 'SVG', 'IFRAME', 'OBJECT', 'SELECT', 'TEXTAREA']);
const BLOCK = new Set([
  'P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'DL', 'DT', 'DD', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER',
  'NAV', 'ASIDE', 'MAIN', 'BLOCKQUOTE', 'PRE', 'CENTER', 'CAPTION', 'FIGURE', 'FIGCAPTION', 'HR', 'TR', 'TD', 'TH', 'FORM', 'ADDRESS', 'BODY',
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
function kids(n: DomNode): DomNode[] {
  // Documents keep childNodes (linkedom's doctype node has no sibling link); elements use sibling links.
  if (n.firstChild === undefined || n.nodeType !== ELEMENT) return Array.from(n.childNodes);
  const out: DomNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling ?? null) out.push(c);
  return out;
}

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
  return kids(tr).filter((c) => c.nodeType === ELEMENT && (name(c) === 'TD' || name(c) === 'TH'));
}

function spanOf(cell: DomNode, a: 'rowspan' | 'colspan'): number {
  const value = attr(cell, a);
  if (value === '') return 1;
  const n = Number.parseInt(value, 10);
  if (!Number.isFinite(n) || n < 1) return a === 'rowspan' && value.trim() === '0' ? 0 : 1;
  return Math.min(n, a === 'colspan' ? 1000 : 65534);
}

function isBoldStyle(n: DomNode): boolean {
  const tag = name(n);
  if (tag === 'B' || tag === 'STRONG' || tag === 'TH') return true;
  return /font-weight\s*:\s*(?:bold|bolder|[6-9]00)/iu.test(attr(n, 'style'));
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

const LENGTH = /(?:padding-left|text-indent|margin-left|mso-char-indent-count)\s*:\s*(-?[\d.]+)\s*(em|pt|px|rem|字符)?/giu;

function styleIndent(n: DomNode): number {
  const style = attr(n, 'style');
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

/** Leading indentation: full-width spaces count one em, two ordinary spaces or NBSPs one em; plus styles on the cell and its first block. */
function firstElement(n: DomNode): DomNode | undefined {
  if (n.firstChild === undefined) return kids(n).find((c) => c.nodeType === ELEMENT);
  for (let c = n.firstChild; c; c = c.nextSibling ?? null) if (c.nodeType === ELEMENT) return c;
  return undefined;
}

function indentOf(cell: DomNode, raw: string): number {
  let em = styleIndent(cell);
  let first = firstElement(cell);
  let depth = 0;
  while (first && depth < 3) {
    em += styleIndent(first);
    first = firstElement(first);
    depth++;
  }
  // Source-formatting whitespace is not rendered; NBSP and full-width spaces are.
  const lead = /^[\s\u00a0\u3000]*/u.exec(raw)?.[0] ?? '';
  for (const ch of lead) {
    if (ch === '\u3000') em += 1;
    else if (ch === '\u00a0') em += 0.5;
  }
  return Math.round(em * 4) / 4;
}

export function normalizeText(s: string): string {
  return s.replace(/[\s\u00a0\u3000\u200b\ufeff]+/gu, ' ').trim();
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
  for (let c: DomNode | null | undefined = linked ? n.firstChild : list![0]; c; c = linked ? c.nextSibling : list![++i]) {
    if (c.nodeType === TEXT) {
      const v = c.nodeValue ?? '';
      out.text += v;
      if (!bold && /[^\s\u00a0\u3000]/u.test(v)) out.allBold = false;
      if (!out.anyText && /[^\s\u00a0\u3000]/u.test(v)) out.anyText = true;
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
  const scan: CellScan = { text: '', nestedTable: false, anyText: false, allBold: true };
  scanCell(cell, isBoldStyle(cell), scan);
  const raw = scan.text.replace(/\n+$/u, '');
  if (scan.nestedTable) nested.found = true;
  return {
    text: normalizeText(raw),
    rowSpan: spanOf(cell, 'rowspan'),
    colSpan: spanOf(cell, 'colspan'),
    header: name(cell) === 'TH' || (scan.anyText && scan.allBold),
    indent: indentOf(cell, raw),
  };
}

function countTables(n: DomNode): number {
  let count = n.nodeType === ELEMENT && name(n) === 'TABLE' ? 1 : 0;
  for (const c of kids(n)) if (c.nodeType === ELEMENT) count += countTables(c);
  return count;
}

/** Reads a whole document. `root` is the document (or any element: only its subtree is read). */
export function readPage(root: DomNode, url: string): PageSource {
  const steps = readPageSteps(root, url);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The same, yielding after each table, so a page can stay responsive while a long document is read. */
export function* readPageSteps(root: DomNode, url: string): Generator<void, PageSource> {
  const blocks: RawBlock[] = [];
  let tableIndex = 0;
  let line = '';
  let title = '';
  let canonicalUrl: string | undefined;
  const flush = (): void => {
    const t = normalizeText(line);
    if (t) blocks.push({ kind: 'text', text: t });
    line = '';
  };
  const headInfo = (n: DomNode): void => {
    for (const c of kids(n)) {
      if (c.nodeType !== ELEMENT) continue;
      const tag = name(c);
      if (tag === 'TITLE' && !title) title = normalizeText(textOf(c));
      else if (tag === 'LINK' && /\bcanonical\b/iu.test(attr(c, 'rel')) && attr(c, 'href')) canonicalUrl = attr(c, 'href');
      else headInfo(c);
    }
  };
  const walk = function* (n: DomNode): Generator<void, void> {
    if (n.nodeType === TEXT) {
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
      // Not read, but counted: addresses are indexes among all <table> elements of the document.
      tableIndex += countTables(n);
      return;
    }
    if (tag === 'TABLE') {
      flush();
      const index = tableIndex++;
      const found = { found: false };
      const rows = tableRows(n).map((tr) => ({ cells: rowCells(tr).map((td) => readCell(td, found)) }));
      const nested = found.found;
      const captionNode = kids(n).find((c) => c.nodeType === ELEMENT && name(c) === 'CAPTION');
      const caption = captionNode ? normalizeText(textOf(captionNode)) : '';
      blocks.push({ kind: 'table', table: { index, rows, hasNestedTable: nested, caption } });
      yield;
      if (nested) {
        // Layout table: read what it holds (text and the tables inside) in document order.
        for (const tr of tableRows(n)) for (const td of rowCells(tr)) {
          yield* walk(td);
          flush();
        }
      }
      return;
    }
    if (tag === 'BR') {
      flush();
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    for (const c of kids(n)) yield* walk(c);
    if (block) flush();
  };
  yield* walk(root);
  flush();
  if (!title) {
    const h1 = blocks.find((b) => b.kind === 'text');
    title = h1 && h1.kind === 'text' ? h1.text : '';
  }
  return { url, title, ...(canonicalUrl ? { canonicalUrl } : {}), blocks, tableCount: tableIndex };
}
