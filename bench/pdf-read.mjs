// The reference of bench/pdf.bench.ts: pdf.js's legacy build as its documentation shows it, with its defaults, reading
// every page's operator list and text content, each page cleaned up, the document destroyed. No tables rebuilt,
// nothing audited. `node bench/pdf-read.mjs FILE` prints the page count.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const dir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const doc = await pdfjs.getDocument({
  data: new Uint8Array(readFileSync(process.argv[2])),
  cMapUrl: `${join(dir, 'cmaps')}/`,
  standardFontDataUrl: `${join(dir, 'standard_fonts')}/`,
  verbosity: 0,
}).promise;
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  await page.getOperatorList();
  await page.getTextContent();
  page.cleanup();
}
console.log(doc.numPages);
await doc.destroy();
