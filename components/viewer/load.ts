import { browser } from 'wxt/browser';
import { isPdf } from '../../lib/page/charset';

/**
 * Getting a PDF's bytes: from a site (after its host permission, asked for on the reader's click, never at
 * install) or from a local file. The one network request is for the reader's own file, made because they asked.
 */

/**
 * The largest PDF the viewer reads (bytes): beyond it the browser tab would struggle, and no disclosure is that big.
 */
export const MAX_PDF_BYTES = 200 * 1024 * 1024;

export class LoadError extends Error {
  constructor(
    message: string,
    readonly reason: 'http' | 'network' | 'too-big' | 'not-pdf',
  ) {
    super(message);
  }
}

/** Does the extension hold the host permission for this origin pattern (granted at install, or earlier)? */
export async function hasHost(pattern: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [pattern] });
  } catch {
    return false;
  }
}

/** Asks for a host permission. Must run inside the click's own turn (a user gesture), before anything is awaited. */
export function requestHost(pattern: string): Promise<boolean> {
  try {
    return browser.permissions.request({ origins: [pattern] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

/** Fetches a PDF's bytes (cookies included, as the browser itself would send them for the link). */
export async function fetchPdf(url: string, signal?: AbortSignal): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'include', redirect: 'follow', ...(signal ? { signal } : {}) });
  } catch (e) {
    throw new LoadError((e as Error).message || 'network error', 'network');
  }
  if (!response.ok)
    throw new LoadError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, 'http');
  const length = Number.parseInt(response.headers.get('content-length') ?? '', 10);
  if (Number.isFinite(length) && length > MAX_PDF_BYTES)
    throw new LoadError(`${Math.round(length / 1048576)} MB`, 'too-big');
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_PDF_BYTES) throw new LoadError(`${Math.round(bytes.length / 1048576)} MB`, 'too-big');
  if (!isPdf(bytes)) throw new LoadError(response.headers.get('content-type') ?? '', 'not-pdf');
  return bytes;
}

/** Reads a local file's bytes. */
export async function readFile(file: File): Promise<Uint8Array> {
  if (file.size > MAX_PDF_BYTES) throw new LoadError(`${Math.round(file.size / 1048576)} MB`, 'too-big');
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!isPdf(bytes)) throw new LoadError(file.type, 'not-pdf');
  return bytes;
}
