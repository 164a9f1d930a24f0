import { readFile } from 'node:fs/promises';
import { parseHTML } from 'linkedom';
import type { DomNode } from '../lib/dom/adapter';
import { decodeHtml, isPdf, looksLikeHtml } from '../lib/page/charset';

export { decodeHtml };

export class InputError extends Error {}

export interface LoadedPage {
  readonly source: string;
  readonly root: DomNode;
}

/** Reads a saved page (or fetches a URL) into a DOM the engine's adapter can read. */
export async function loadPage(input: string): Promise<LoadedPage> {
  let bytes: Uint8Array;
  if (/^https?:\/\//iu.test(input)) {
    let res: Response;
    try {
      res = await fetch(input);
    } catch (e) {
      throw new InputError(`cannot fetch ${input}: ${(e as Error).message}`);
    }
    if (!res.ok) throw new InputError(`cannot fetch ${input}: HTTP ${res.status}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  } else {
    try {
      bytes = await readFile(input);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
      throw new InputError(`cannot read ${input}: ${why}`);
    }
  }
  if (bytes.length === 0) throw new InputError(`cannot read ${input}: the file is empty`);
  if (isPdf(bytes)) {
    throw new InputError(`${input} is a PDF; PDF disclosures are not supported yet (only saved HTML pages)`);
  }
  const html = decodeHtml(bytes);
  if (!looksLikeHtml(html)) throw new InputError(`${input} does not look like an HTML page`);
  const { document } = parseHTML(html);
  return { source: input, root: document as unknown as DomNode };
}
