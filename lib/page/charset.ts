/**
 * Decoding a saved page's bytes to text, the same way everywhere: the command line (cli/load.ts) and the history
 * page's import of saved HTML files (components/history/). Web-standard TextDecoder only (browsers and Node).
 */

/**
 * The charset a page declares in its first bytes (<meta charset=gb2312>, or http-equiv content="…; charset=gbk"), if
 * any.
 */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/iu.exec(head);
  return m?.[1]?.toLowerCase();
}

/** Decodes page bytes: BOM, then the declared charset, then UTF-8, then GB18030 (old government sites). */
export function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
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

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d];

/** The bytes are a PDF's: "%PDF-" within the first kilobyte (the format allows a little junk before it). */
export function isPdf(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + PDF_MAGIC.length <= head.length; i++)
    if (PDF_MAGIC.every((b, j) => head[i + j] === b)) return true;
  return false;
}

/** The text reads as an HTML page (some element a page is made of). */
export const looksLikeHtml = (text: string): boolean => /<(?:html|body|table|p|div)\b/iu.test(text);
