/** Types of bin/pdfjs-patches.mjs (plain JavaScript: bin/load-cli.mjs runs before any TypeScript is compiled). */
export const PDFJS_WORKER: string;
export const PDFJS_DISPLAY: string;
export const PDFJS_PATCHES: readonly {
  readonly why: string;
  readonly file: string;
  readonly find: string;
  readonly replace: string;
}[];
export function patchPdfjs(file: string, source: string): string;
