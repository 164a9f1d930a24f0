/**
 * The PDF viewer's addresses, without the DOM: what /viewer.html's query asks for, the host permission a PDF's
 * address needs, the viewer's own address for a PDF, and the page address notes are filed under. Shared by the
 * viewer page, the background (context menu, toolbar button, the detector's button) and the unit tests.
 */

/** The extension page (entrypoints/viewer/). */
const VIEWER_PATH = '/viewer.html';

export type ViewerSource =
  /** ?src=<http(s) URL>: fetch it (after asking for its host when the extension does not have it yet). */
  | { readonly kind: 'url'; readonly url: string; readonly host: string; readonly pattern: string }
  /** ?file, or nothing at all: wait for a local file (picker or drag and drop). */
  | { readonly kind: 'file' }
  /** ?src= with something the viewer cannot fetch (not http(s), not a URL): say so, offer the file picker. */
  | { readonly kind: 'invalid'; readonly raw: string };

/** What the viewer's query string (`location.search`) asks for. */
export function viewerSource(search: string): ViewerSource {
  const params = new URLSearchParams(search);
  const raw = params.get('src');
  if (raw === null || raw.trim() === '') return { kind: 'file' };
  const url = httpUrl(raw.trim());
  if (!url) return { kind: 'invalid', raw };
  return { kind: 'url', url: url.href, host: url.host, pattern: originPattern(url.href)! };
}

function httpUrl(raw: string): URL | undefined {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The host permission a PDF's address needs, as a match pattern: `https://czj.example.gov.cn/*`. Match patterns
 * carry no port (one pattern covers every port of the host); undefined for anything but http(s).
 */
export function originPattern(url: string): string | undefined {
  const u = httpUrl(url);
  return u ? `${u.protocol}//${u.hostname}/*` : undefined;
}

/** The viewer's address (relative to the extension's root) for a PDF at `src`, or for a local file without one. */
export function viewerPath(src?: string): string {
  return src === undefined ? `${VIEWER_PATH}?file` : `${VIEWER_PATH}?src=${encodeURIComponent(src)}`;
}

/** Does this address name a PDF by its path (…/a.pdf, …/a.PDF?x=1#p=2)? Query and hash are not looked at. */
export function isPdfUrl(url: string): boolean {
  const u = httpUrl(url);
  return u !== undefined && /\.pdf$/iu.test(u.pathname);
}

/**
 * Link patterns for the context menu's targetUrlPatterns: links whose path ends in .pdf (either case), with or
 * without a query. (Chrome matches the pattern's path against path and query together.)
 */
export const PDF_LINK_PATTERNS: readonly string[] = ['*://*/*.pdf', '*://*/*.PDF', '*://*/*.pdf?*', '*://*/*.PDF?*'];

/** The address a local file's notes and snapshot are filed under: file:///<name>. */
export function localFileUrl(name: string): string {
  const clean = name.replace(/[\\/]+/gu, '_').trim() || 'document.pdf';
  try {
    return new URL(`file:///${clean}`).href;
  } catch {
    return `file:///${encodeURIComponent(clean)}`;
  }
}

/** The file name a PDF's address ends in, decoded (for the tab title): "2024年部门预算.pdf". */
export function fileNameOf(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
    return decodeURIComponent(last) || url;
  } catch {
    return url;
  }
}

/** Is this file (from the picker or a drop) a PDF, by type or, when the type is missing, by name? */
export function isPdfFile(file: { readonly name: string; readonly type: string }): boolean {
  return (
    file.type === 'application/pdf' ||
    ((file.type === '' || file.type === 'application/octet-stream') && /\.pdf$/iu.test(file.name))
  );
}

/** The zoom steps the toolbar offers, as fractions of 100 % (100 % = 96 CSS px per 72 PDF points). */
export const ZOOM_STEPS: readonly number[] = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3];

/** The next zoom step up (+1) or down (−1) from `zoom`, staying within the steps. */
export function stepZoom(zoom: number, direction: 1 | -1): number {
  if (direction > 0) return ZOOM_STEPS.find((z) => z > zoom + 1e-6) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1]!;
  return [...ZOOM_STEPS].reverse().find((z) => z < zoom - 1e-6) ?? ZOOM_STEPS[0]!;
}

/** CSS px per PDF point at a zoom (PDF points are 1/72 in, CSS px 1/96 in). */
export const cssScale = (zoom: number): number => (zoom * 96) / 72;

/** The zoom at which a page `pageWidth` points wide fills `available` CSS px, within the steps' range. */
export function fitWidthZoom(pageWidth: number, available: number): number {
  if (!(pageWidth > 0) || !(available > 0)) return 1;
  const z = available / cssScale(1) / pageWidth;
  return Math.min(ZOOM_STEPS[ZOOM_STEPS.length - 1]!, Math.max(ZOOM_STEPS[0]!, Math.floor(z * 100) / 100));
}
