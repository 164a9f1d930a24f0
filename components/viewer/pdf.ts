import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/**
 * pdf.js in the viewer page, bundled: the library is part of viewer.html's script, its worker an asset of the
 * extension (no CDN, no remote code: the extension pages' CSP allows 'self' only). The simplified-Chinese CMaps
 * (Adobe-GB1, ~290 kB) are bundled too: PDFs whose fonts are not embedded (宋体 by name, GBK or UniGB encodings) need
 * them for their text to read as Chinese. Other CMaps are not shipped; a font that needs one renders without text.
 */

GlobalWorkerOptions.workerSrc = workerUrl;

const GB_CMAPS = import.meta.glob('/node_modules/pdfjs-dist/cmaps/*GB*.bcmap', {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const CMAP_URLS = new Map(Object.entries(GB_CMAPS).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1), url]));

/** pdf.js asks its BinaryDataFactory for CMaps (and fonts, wasm) by file name: answered from the bundled files only. */
class BundledData {
  // pdf.js constructs it with { cMapUrl, standardFontDataUrl, wasmUrl }; none is used.
  constructor(_options?: unknown) {}

  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const url = kind === 'cMapUrl' ? CMAP_URLS.get(filename) : undefined;
    // Standard fonts come from the system (useSystemFonts) and image codecs fall back to JavaScript without wasm.
    if (!url) throw new Error(`budget-lens: ${kind} ${filename} is not bundled`);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`budget-lens: ${filename}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
}

/** Opens a PDF from its bytes (pdf.js takes ownership of the buffer). */
export function openPdf(data: Uint8Array): { promise: Promise<PDFDocumentProxy>; destroy(): Promise<void> } {
  const task = getDocument({
    data,
    BinaryDataFactory: BundledData,
    useWorkerFetch: false,
    cMapPacked: true,
    // The extension pages' CSP forbids eval: do not even try (a refused eval is a console error).
    isEvalSupported: false,
    enableXfa: false,
    verbosity: 0,
  });
  return { promise: task.promise, destroy: () => task.destroy() };
}

export type { PDFDocumentProxy };
