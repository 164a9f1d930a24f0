// pdf.js as the command line runs it (bin/load-cli.mjs bundles it): small changes to the source of its worker and of
// its display layer (the API the reader calls) that give the same result for less work. Each is an exact text of one
// file of pdfjs-dist's legacy build and its replacement. One whose text is not found (another pdf.js version) is left
// out: the bundle is then slower, never different; tests/cli/pdfjs-patches.test.ts fails so that someone looks at it.
export const PDFJS_WORKER = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
export const PDFJS_DISPLAY = 'pdfjs-dist/legacy/build/pdf.mjs';

/** pdf.js's display layer requiring @napi-rs/canvas in Node (the patch below moves it into a function). */
const REQUIRE_CANVAS = `  try {
    const require = process.getBuiltinModule("module").createRequire(import.meta.url);
    try {
      canvas = require("@napi-rs/canvas");
    } catch (ex) {
      warn(\`Cannot load "@napi-rs/canvas" package: "\${ex}".\`);
    }
  } catch (ex) {
    warn(\`Cannot access the \\\`require\\\` function: "\${ex}".\`);
  }
`;

export const PDFJS_PATCHES = [
  {
    // The text state is copied at every q and at every font change while the text content is read. pdf.js makes the
    // copy inherit from the state it copies, so every copy gets a prototype of its own, and V8 builds new hidden
    // classes for each (a twentieth of a 25-page PDF's CPU time). All its fields are own properties (class fields,
    // copied by Object.assign), so inheriting from the state's class instead gives the same object.
    why: 'text state copies without a prototype chain',
    file: PDFJS_WORKER,
    find: 'const clone = Object.assign(Object.create(this), this);',
    replace: 'const clone = Object.assign(Object.create(Object.getPrototypeOf(this)), this);',
  },
  {
    // Flate streams (content streams, fonts) are inflated through a DecompressionStream: Node's web streams over an
    // asynchronous zlib, several promises and a thread pool hop per stream. zlib.inflateSync gives the same bytes
    // (the same zlib, the same format) at once, in a buffer of their own (pdf.js may transfer it). When it fails, so
    // would the stream (a damaged or cut stream): pdf.js's own decoder then reads it, as before.
    why: 'flate streams inflated at once',
    file: PDFJS_WORKER,
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
  ...[PDFJS_DISPLAY, PDFJS_WORKER].map((file) => ({
    // Both files, at their top level, polyfill Response.prototype.bytes when it is missing. Looking at Response makes
    // Node load its fetch (undici): 35-40 ms of CPU, a thirtieth of a fresh audit of a PDF, for a class the command
    // line never uses (it gives pdf.js the bytes; Response serves URLs and saving). While Response is still Node's
    // lazy getter, it is Node's own, which has bytes (Node 20.16 and later; the engines ask for 20.19), so the check
    // is skipped; once loaded it is a plain value and checked as before.
    why: `Response left unloaded (${file.replace(/.*\//u, '')})`,
    file,
    find: 'if (typeof Response.prototype.bytes !== "function") {',
    replace:
      'if (!Object.getOwnPropertyDescriptor(globalThis, "Response")?.get && ' +
      'typeof Response.prototype.bytes !== "function") {',
  })),
  {
    // The worker sends each font to the display layer with its converted font file, which the display layer turns
    // into a base64 data URL for an @font-face rule (core-js's base64 in JavaScript on Node 20, then a string the
    // size of the font): lib/pdf/node.ts gives pdf.js a stand-in document that keeps no rule, and the reader reads
    // only the fonts' names and weights. Sent without the file, a font installs nothing (pdf.js's own path for a font
    // without one); the worker converts it as before, so the text it reads is the same.
    why: 'fonts sent without their file',
    file: PDFJS_WORKER,
    find: 'buffer: compileFontInfo(this.#getExportData(EXPORT_DATA_PROPERTIES)),',
    replace: 'buffer: compileFontInfo({ ...this.#getExportData(EXPORT_DATA_PROPERTIES), data: undefined }),',
  },
  {
    // The operator list gives each run of text (Tj, TJ, ', ") its glyphs: an object per character (its code, unicode,
    // width, font character…), which the fake worker structured-clones to the display layer with the list: two
    // thirds of the time spent copying messages. The reader takes from a run only where it starts and its
    // rendering mode (lib/pdf/read.ts, rulesOf); the text comes from the text content, which finds its glyphs
    // itself. The glyphs are still looked up (fonts' caches and glyph paths as before); the list carries none.
    why: 'text runs in the operator list without their glyphs',
    file: PDFJS_WORKER,
    find: `        PartialEvaluator.buildFontPaths(font, glyphs, this.handler, this.options);
      }
    }
    return glyphs;
  }`,
    replace: `        PartialEvaluator.buildFontPaths(font, glyphs, this.handler, this.options);
      }
    }
    return [];
  }`,
  },
  {
    // In Node the display layer loads @napi-rs/canvas (a native addon: 35-55 ms of CPU) at its top level for three
    // classes a browser has, DOMMatrix, ImageData and Path2D, of which reading text needs none: only drawing, and a
    // Type3 font's image glyphs (pdf.js's compileType3Glyph), use them. Each is now a getter on globalThis that
    // loads the addon when first looked at and then becomes the same value pdf.js set before.
    why: 'canvas loaded when first needed',
    file: PDFJS_DISPLAY,
    find: `  let canvas;
${REQUIRE_CANVAS}  if (!globalThis.DOMMatrix) {
    if (canvas?.DOMMatrix) {
      globalThis.DOMMatrix = canvas.DOMMatrix;
    } else {
      warn("Cannot polyfill \`DOMMatrix\`, rendering may be broken.");
    }
  }
  if (!globalThis.ImageData) {
    if (canvas?.ImageData) {
      globalThis.ImageData = canvas.ImageData;
    } else {
      warn("Cannot polyfill \`ImageData\`, rendering may be broken.");
    }
  }
  if (!globalThis.Path2D) {
    if (canvas?.Path2D) {
      globalThis.Path2D = canvas.Path2D;
    } else {
      warn("Cannot polyfill \`Path2D\`, rendering may be broken.");
    }
  }
`,
    replace: `  let canvas;
  const loadCanvas = () => {
    if (canvas !== undefined) return canvas;
    canvas = null;
${REQUIRE_CANVAS.replace(/^(?=.)/gmu, '  ')}    return canvas;
  };
  for (const name of ["DOMMatrix", "ImageData", "Path2D"]) {
    if (!(name in globalThis)) {
      const set = (value) =>
        Object.defineProperty(globalThis, name, { value, writable: true, enumerable: true, configurable: true });
      Object.defineProperty(globalThis, name, {
        get() {
          const value = loadCanvas()?.[name];
          if (!value) warn(\`Cannot polyfill \\\`\${name}\\\`, rendering may be broken.\`);
          set(value);
          return value;
        },
        set,
        enumerable: true,
        configurable: true,
      });
    }
  }
`,
  },
  {
    // The one DOMMatrix the display layer made at its top level (for drawing a scaled stroke) is made when first used.
    why: 'canvas loaded when first needed: no matrix made at load',
    file: PDFJS_DISPLAY,
    find: 'const SCALE_MATRIX = new DOMMatrix();',
    replace: 'let SCALE_MATRIX = null;',
  },
  {
    why: 'canvas loaded when first needed: the matrix made where it is used',
    file: PDFJS_DISPLAY,
    find: '    SCALE_MATRIX.a = 1 / scaleX;',
    replace: '    SCALE_MATRIX ??= new DOMMatrix();\n    SCALE_MATRIX.a = 1 / scaleX;',
  },
];

/** A file's source (PDFJS_WORKER or PDFJS_DISPLAY) with every patch of it whose text it holds once applied. */
export function patchPdfjs(file, source) {
  let out = source;
  for (const p of PDFJS_PATCHES)
    if (p.file === file && out.split(p.find).length === 2) out = out.replace(p.find, () => p.replace);
  return out;
}
