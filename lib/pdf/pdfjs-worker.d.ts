// pdfjs-dist ships no types for its worker module; lib/pdf/node.ts imports it only for its side effect (it sets
// globalThis.pdfjsWorker, which pdf.js's in-thread "fake worker" then uses).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
