import { Parser } from 'htmlparser2';
import type { DomNode } from '../lib/dom/adapter';

/**
 * The command line's reading of a saved page: the tree linkedom's `parseHTML` builds (the same htmlparser2 parser,
 * options and events, one node per open tag and per piece of text, in the same places), holding only what
 * lib/dom/adapter.ts reads (`DomNode`): names, text, attributes and the links between nodes. linkedom made a full DOM
 * of every cell (attribute nodes, class lists, event targets) that nothing reads; on a page of 200,000 cells that was
 * half the command line's time and most of its memory.
 *
 * As in linkedom: no element is implied (htmlparser2 closes what its rules close and nothing more), attribute names
 * keep their case and are looked up as written (`<TD COLSPAN=2>` has no `colspan`), the first of two equal attribute
 * names wins, entities are decoded, comments, processing instructions and CDATA are not text. Comments and the
 * doctype are left out: the adapter skips them.
 */

const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_NODES: readonly DomNode[] = Object.freeze([]);

class LeanText implements DomNode {
  readonly nodeType = 3;
  readonly nodeName = '#text';
  nextSibling: LeanNode | null = null;
  readonly firstChild = null;
  constructor(readonly nodeValue: string) {}
  get childNodes(): ArrayLike<DomNode> {
    return NO_NODES;
  }
}

class LeanParent {
  firstChild: LeanNode | null = null;
  /** The last child, where the next one is linked. */
  last: LeanNode | null = null;
  nextSibling: LeanNode | null = null;
  readonly nodeValue = null;
  constructor(readonly parent: LeanParent | null) {}
  get childNodes(): ArrayLike<DomNode> {
    const out: DomNode[] = [];
    for (let c = this.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  }
  append(node: LeanNode): void {
    if (this.last) this.last.nextSibling = node;
    else this.firstChild = node;
    this.last = node;
  }
}

class LeanElement extends LeanParent implements DomNode {
  readonly nodeType = 1;
  constructor(
    parent: LeanParent,
    readonly nodeName: string,
    private readonly attributes: Record<string, string>,
  ) {
    super(parent);
  }
  getAttribute(name: string): string | null {
    return Object.hasOwn(this.attributes, name) ? this.attributes[name]! : null;
  }
  hasAttributes(): boolean {
    for (const _ in this.attributes) return true;
    return false;
  }
}

class LeanDocument extends LeanParent implements DomNode {
  readonly nodeType = 9;
  readonly nodeName = '#document';
  constructor() {
    super(null);
  }
}

type LeanNode = LeanElement | LeanText;

/** Parses an HTML page into the nodes the adapter reads (see the module comment). */
export function parseHtmlLean(html: string): DomNode {
  const document = new LeanDocument();
  let node: LeanParent = document;
  const names = new Map<string, string>();
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        let upper = names.get(name);
        if (upper === undefined) names.set(name, (upper = name.toUpperCase()));
        let any = false;
        for (const _ in attributes) {
          any = true;
          break;
        }
        const element = new LeanElement(node, upper, any ? attributes : NO_ATTRIBUTES);
        node.append(element);
        node = element;
      },
      ontext(text) {
        node.append(new LeanText(text));
      },
      onclosetag() {
        node = node.parent ?? document;
      },
    },
    { lowerCaseAttributeNames: false, decodeEntities: true, xmlMode: false },
  );
  parser.write(html);
  parser.end();
  return document;
}
