import { readFile } from 'node:fs/promises';
import { parseHTML } from 'linkedom';
import type { DomNode } from '../lib/dom/adapter';

export class InputError extends Error {}

/** The charset a page declares in its first bytes (<meta charset=gb2312>), if any. */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/iu.exec(head);
  return m?.[1]?.toLowerCase();
}

/** Decodes page bytes: BOM, then the declared charset, then UTF-8, then GB18030 (old government sites). */
export function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  const declared = declaredCharset(bytes);
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    const label = /^(?:gb2312|gbk|x-gbk|gb_2312-80)$/u.test(declared) ? 'gb18030' : declared;
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // Unknown label: fall through to detection.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

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
  if (bytes.subarray(0, 5).every((b, i) => b === [0x25, 0x50, 0x44, 0x46, 0x2d][i])) {
    throw new InputError(`${input} is a PDF; PDF disclosures are not supported yet (only saved HTML pages)`);
  }
  const html = decodeHtml(bytes);
  if (!/<(?:html|body|table|p|div)\b/iu.test(html)) throw new InputError(`${input} does not look like an HTML page`);
  const { document } = parseHTML(html);
  return { source: input, root: document as unknown as DomNode };
}
