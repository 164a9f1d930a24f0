// pdf.js as the command line runs it (bin/load-cli.mjs bundles it): small changes to its worker's source that give
// the same result for less work. Each is an exact text of pdfjs-dist's legacy build and its replacement. One whose
// text is not found (another pdf.js version) is left out: the bundle is then slower, never different;
// tests/cli/pdfjs-patches.test.ts fails so that someone looks at it.
export const PDFJS_WORKER = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

export const PDFJS_PATCHES = [
  {
    // The text state is copied at every q and at every font change while the text content is read. pdf.js makes the
    // copy inherit from the state it copies, so every copy gets a prototype of its own, and V8 builds new hidden
    // classes for each (a twentieth of a 25-page PDF's CPU time). All its fields are own properties (class fields,
    // copied by Object.assign), so inheriting from the state's class instead gives the same object.
    why: 'text state copies without a prototype chain',
    find: 'const clone = Object.assign(Object.create(this), this);',
    replace: 'const clone = Object.assign(Object.create(Object.getPrototypeOf(this)), this);',
  },
  {
    // Flate streams (content streams, fonts) are inflated through a DecompressionStream: Node's web streams over an
    // asynchronous zlib, several promises and a thread pool hop per stream. zlib.inflateSync gives the same bytes
    // (the same zlib, the same format) at once, in a buffer of their own (pdf.js may transfer it). When it fails, so
    // would the stream (a damaged or cut stream): pdf.js's own decoder then reads it, as before.
    why: 'flate streams inflated at once',
    find: `  async asyncGetBytesFromDecompressionStream(name) {
    this.stream.reset();
    const bytes = this.stream.isAsync ? await this.stream.asyncGetBytes() : this.stream.getBytes();
`,
    replace: `  async asyncGetBytesFromDecompressionStream(name) {
    this.stream.reset();
    const bytes = this.stream.isAsync ? await this.stream.asyncGetBytes() : this.stream.getBytes();
    if (name === "deflate") {
      try {
        const decompressed = new Uint8Array(process.getBuiltinModule("zlib").inflateSync(bytes));
        return { decompressed, compressed: bytes };
      } catch {
        return { decompressed: null, compressed: bytes };
      }
    }
`,
  },
];

/** The worker's source with every patch whose text it holds exactly once applied. */
export function patchPdfjsWorker(source) {
  let out = source;
  for (const p of PDFJS_PATCHES) if (out.split(p.find).length === 2) out = out.replace(p.find, () => p.replace);
  return out;
}
