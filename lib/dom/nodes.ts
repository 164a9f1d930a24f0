import type { DomNode } from './adapter';

/**
 * Walking a DomNode's children the way both of its readers need (lib/dom/adapter.ts, lib/page/positioned.ts): by the
 * sibling links where the tree has them, else by `childNodes`. Apart from the adapter so that the positioned pages'
 * reader, which the adapter imports, can use it too.
 */

export const ELEMENT = 1;
export const TEXT = 3;

/** A node's children, in order. */
export function kids(n: DomNode): DomNode[] {
  // Documents keep childNodes (linkedom's doctype node has no sibling link); elements use sibling links.
  if (n.firstChild === undefined || n.nodeType !== ELEMENT) return Array.from(n.childNodes);
  const out: DomNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling ?? null) out.push(c);
  return out;
}

/** A node's first element child. */
export function firstElement(n: DomNode): DomNode | undefined {
  if (n.firstChild === undefined) return kids(n).find((c) => c.nodeType === ELEMENT);
  for (let c = n.firstChild; c; c = c.nextSibling ?? null) if (c.nodeType === ELEMENT) return c;
  return undefined;
}
