/** Types of bin/pdfjs-patches.mjs (plain JavaScript: bin/load-cli.mjs runs before any TypeScript is compiled). */
export const PDFJS_WORKER: string;
export const PDFJS_PATCHES: readonly { readonly why: string; readonly find: string; readonly replace: string }[];
export function patchPdfjsWorker(source: string): string;
