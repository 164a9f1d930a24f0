import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PDFJS_DISPLAY, PDFJS_PATCHES, PDFJS_WORKER, patchPdfjs } from '../../bin/pdfjs-patches.mjs';

/**
 * bin/pdfjs-patches.mjs: the changes bin/load-cli.mjs makes to pdf.js's worker and display layer as it bundles them.
 * A patch whose text the installed pdf.js no longer holds is skipped by the build (slower, not wrong); this test says
 * so. That the patched pdf.js reads every PDF as the original does is what the PDF tests of the command line show
 * (the same reports), and the corpus comparison in bench/README.md.
 */
const read = (file: string): string => readFileSync(createRequire(import.meta.url).resolve(file), 'utf8');
const sources = new Map([PDFJS_WORKER, PDFJS_DISPLAY].map((f) => [f, read(f)]));
const source = sources.get(PDFJS_WORKER)!;

describe('pdf.js patches', () => {
  it.each(PDFJS_PATCHES.map((p) => [p.why, p] as const))('%s: its text is in the installed pdf.js once', (_, p) => {
    const text = sources.get(p.file)!;
    expect(text.split(p.find).length).toBe(2);
    expect(patchPdfjs(p.file, text)).toContain(p.replace);
  });

  it('a text that is not there leaves the source as it is', () => {
    expect(patchPdfjs(PDFJS_WORKER, 'const x = 1;\n')).toBe('const x = 1;\n');
  });

  it('a patch changes only the file it is for', () => {
    const ofOneFile = PDFJS_PATCHES.filter((p) => !PDFJS_PATCHES.some((q) => q.file !== p.file && q.find === p.find));
    expect(ofOneFile.length).toBeGreaterThan(0);
    for (const p of ofOneFile) {
      const other = p.file === PDFJS_WORKER ? PDFJS_DISPLAY : PDFJS_WORKER;
      expect(patchPdfjs(other, p.find)).toBe(p.find);
    }
  });

  it('inflating at once gives the bytes the stream gives, and null where the stream fails', async () => {
    const patch = PDFJS_PATCHES.find((p) => p.find.includes('asyncGetBytesFromDecompressionStream'))!;
    // The method alone, on a stand-in stream: the patched one and the original one must agree.
    const at = source.indexOf(patch.find) + patch.find.length;
    const rest = source.slice(at, source.indexOf('  reset() {', at));
    type Reader = { asyncGetBytesFromDecompressionStream(n: string): Promise<{ decompressed: Uint8Array | null }> };
    const method = (head: string): new (bytes: Uint8Array) => Reader => {
      const body = `return class {
        constructor(bytes) { this.stream = { reset() {}, isAsync: false, getBytes: () => bytes }; }
        ${head}${rest}
      }`;
      // eslint-disable-next-line no-new-func
      return new Function(body)() as new (bytes: Uint8Array) => Reader;
    };
    const Patched = method(patch.replace);
    const Original = method(patch.find);
    const data = new TextEncoder().encode('BT /F1 12 Tf (预算) Tj ET\n'.repeat(200));
    const whole = new Uint8Array(deflateSync(data));
    for (const bytes of [whole, whole.subarray(0, whole.length >> 1), new Uint8Array([1, 2, 3])]) {
      const a = await new Patched(bytes).asyncGetBytesFromDecompressionStream('deflate');
      const b = await new Original(bytes).asyncGetBytesFromDecompressionStream('deflate');
      expect(a.decompressed).toEqual(b.decompressed);
    }
    expect((await new Patched(whole).asyncGetBytesFromDecompressionStream('deflate')).decompressed).toEqual(data);
  });
});
