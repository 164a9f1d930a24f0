/**
 * WHAT THE PARSER HAS FINISHED, while a page is still loading. A large disclosure page (megabytes of tables) is
 * shown as it arrives: the browser paints its first tables long before it has parsed the last one. The detector
 * (entrypoints/detector.content.ts) and the engine's first look (components/overlay/early-preview.ts) work on those
 * first tables then, and must never take a table the parser is still filling for a whole one.
 *
 * The HTML parser adds nodes in document order: once anything follows a node (a later sibling of the node or of one
 * of its ancestors), the parser has left it. Our own elements (`budget-lens-*`, which the detector appends to the
 * document) do not count, being no part of the page. A page script that appends to the document while the parser is
 * inside a table would fool this; the engine's first look guards against it (it draws only once something has been
 * added after the tables it read, within their ancestors, while they stayed as read: `markAfter`, `addedAfter`), and
 * everything read early is read again once the page is loaded.
 * Plain structural typing: lib/ stays free of the browser's DOM.
 */

export interface ParsedNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly parentNode: ParsedNode | null;
  readonly nextSibling: ParsedNode | null;
  readonly lastChild: ParsedNode | null;
  readonly previousSibling: ParsedNode | null;
}

/** Elements of ours that the detector puts on a page: `budget-lens-overlay`, `budget-lens-pdf`. */
const isOurs = (n: ParsedNode): boolean => n.nodeType === 1 && n.nodeName.toLowerCase().startsWith('budget-lens-');

/**
 * Has the parser left this node (nothing more will be added inside it)? Always true once the page is loaded
 * (`loading` false).
 */
export function parsedPast(node: ParsedNode, loading: boolean): boolean {
  if (!loading) return true;
  for (let n: ParsedNode | null = node; n && n.nodeType !== 9; n = n.parentNode)
    for (let s = n.nextSibling; s; s = s.nextSibling) if (!isOurs(s)) return true;
  return false;
}

/** Where the parser could add next to a node: each of its ancestors' last child, and that child's text length. */
export interface AfterMark {
  readonly tails: readonly { readonly parent: ParsedNode; readonly last: ParsedNode | null; readonly length: number }[];
}

const textLength = (n: ParsedNode | null): number =>
  n && n.nodeType === 3 ? ((n as unknown as { nodeValue: string | null }).nodeValue ?? '').length : 0;

/** An element's last child, ours aside. */
function lastOf(p: ParsedNode): ParsedNode | null {
  let last = p.lastChild;
  while (last && isOurs(last)) last = last.previousSibling;
  return last;
}

/** Marks what follows a node now, in its parent and in each ancestor's (ours aside): see `addedAfter`. */
export function markAfter(node: ParsedNode): AfterMark {
  const tails: AfterMark['tails'][number][] = [];
  for (let p = node.parentNode; p && p.nodeType !== 9; p = p.parentNode) {
    const last = lastOf(p);
    tails.push({ parent: p, last, length: textLength(last) });
  }
  return { tails };
}

/**
 * Has anything been added after the node since the mark, in its parent or an ancestor: the parser has moved on past
 * it (what a script appends at the end of the document, beyond the node's ancestors, does not count).
 */
export function addedAfter(mark: AfterMark): boolean {
  return mark.tails.some((t) => {
    const last = lastOf(t.parent);
    return last !== t.last || textLength(last) !== t.length;
  });
}
