/**
 * npx tsx scripts/make-pdf-fixtures.ts [--bench] [--skip-libreoffice]
 *
 * Makes the PDF test fixtures in tests/fixtures/pdf/ from the HTML fixtures (tests/fixtures/pdf/README.md says
 * what each file is and exercises):
 *   - Debian's Chromium (playwright-core page.pdf; never a downloaded browser) prints pages at A4 with Chromium's
 *     default 0.4in margins, so the long tables break across pages: *.pdf;
 *   - LibreOffice (`soffice --headless --convert-to pdf:writer_web_pdf_Export`) converts two pages: *.lo.pdf;
 *   - scanned.pdf: a screenshot of hangzhou-2024.clean's first page, as the only content of a one-page PDF;
 *   - bench-60.pdf: a 60-page budget document for the benchmark (the three seed pages one after the other, each
 *     copy's department renamed), about 0.3 MB, so it is committed; `--bench` remakes only this file.
 * Every PDF's creation/modification dates are set to FIXED_DATE and its /ID to a hash of its content, so a rerun
 * on the same machine (same Chromium, LibreOffice and fonts) gives the same bytes. It prints what it made (pages,
 * size, text found) and exits 1 when a check fails, 2 when Chromium or soffice is missing (the LibreOffice files
 * are committed: tests never need soffice; --skip-libreoffice regenerates the rest without it).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseHTML } from 'linkedom';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumMissingMessage, findChromium, ROOT } from './lib/browser';

const PAGES = join(ROOT, 'tests', 'fixtures', 'pages');
const SYNTHETIC = join(ROOT, 'tests', 'fixtures', 'synthetic');
const OUT = join(ROOT, 'tests', 'fixtures', 'pdf');
const BENCH_OUT = join(OUT, 'bench-60.pdf');
const BENCH_PAGES = 60;

/** Chromium's own default print margins (CDP Page.printToPDF: 0.4 inch on every side); Playwright's default is 0. */
const MARGIN = { top: '0.4in', right: '0.4in', bottom: '0.4in', left: '0.4in' } as const;
/** Written over every PDF's CreationDate/ModDate (same length as the tools' own values). */
const FIXED_DATE = '20240101000000';

/**
 * The only CJK font here (WenQuanYi Micro Hei) has no bold face: for bold text (<th>, <b>, headings) Chromium
 * emboldens its outlines and Skia then writes those glyphs as Type 3 fonts (paths, no font program), which makes a
 * page of tables about four times larger. Every file but one (codes-split.pdf) turns that synthesis off, so bold
 * CJK text is printed in the regular face and embedded as a CID TrueType subset like the rest.
 */
const NO_FAKE_BOLD_CSS = '* { font-synthesis: none !important; }';
/** Turns off Chromium's repetition of <thead> on every page the table continues on. */
const NO_REPEAT_CSS = 'thead { display: table-row-group !important; }';
/** Takes the Word page's content off its named page (Word's own page size and margins). */
const WORD_PAGE_CSS = 'div.WordSection1 { page: auto !important; }';
/** Page-number footer ("- 3 -"), as printed budget documents have: a number line between the parts of a table. */
const PAGE_NUMBER_FOOTER =
  '<div style="width:100%;font-size:9px;text-align:center;font-family:sans-serif">- <span ' +
  'class="pageNumber"></span> -</div>';

const say = (s: string): void => console.log(s);

interface ChromiumJob {
  /** Output file name in tests/fixtures/pdf/. */
  readonly out: string;
  /** Source HTML, absolute. */
  readonly src: string;
  /** Extra CSS added to the page before printing. */
  readonly css?: string;
  readonly pageNumbers?: boolean;
  /** Let Chromium embolden the regular CJK font for bold text (drawn as Type 3 fonts, ~4× the file size). */
  readonly fakeBold?: boolean;
  /** A4 landscape (the Word page's fixed-width tables are up to 1287px wide). */
  readonly landscape?: boolean;
}

const CHROMIUM_JOBS: readonly ChromiumJob[] = [
  { out: 'hangzhou-2024.clean.pdf', src: join(PAGES, 'hangzhou-2024.clean.html') },
  { out: 'hangzhou-2024.clean.no-repeat.pdf', src: join(PAGES, 'hangzhou-2024.clean.html'), css: NO_REPEAT_CSS },
  { out: 'huzhou-2024.clean.pdf', src: join(PAGES, 'huzhou-2024.clean.html'), pageNumbers: true },
  { out: 'shaoxing-2021.clean.pdf', src: join(PAGES, 'shaoxing-2021.clean.html') },
  // Word's `@page WordSection1 { size: 595.3pt 841.9pt; margin: 72pt 90pt }` (a named page Chromium honours over
  // page.pdf's format and margins) is switched off, so this file too is A4 with 0.4in margins.
  { out: 'hangzhou-2024.word.pdf', src: join(PAGES, 'hangzhou-2024.word.html'), landscape: true, css: WORD_PAGE_CSS },
  { out: 'codes-split.pdf', src: join(SYNTHETIC, 'codes-split.html'), fakeBold: true },
  { out: 'continued-mixed-units.pdf', src: join(SYNTHETIC, 'continued-mixed-units.html') },
];

/**
 * LibreOffice's HTML import ignores the clean page's CSS cell borders (its tables come out without ruling lines,
 * only the <th> shading) but keeps Word's; it clips a table wider than the text area, so the Word page (tables up
 * to 22 cm wide) is converted on A4 landscape: `css` is added to a temporary copy of the page (LibreOffice reads
 * @page size from it).
 */
const LIBREOFFICE_JOBS: readonly { out: string; src: string; css?: string }[] = [
  { out: 'hangzhou-2024.clean.lo.pdf', src: join(PAGES, 'hangzhou-2024.clean.html') },
  { out: 'huzhou-2024.word.lo.pdf', src: join(PAGES, 'huzhou-2024.word.html'), css: '@page { size: 29.7cm 21cm; }' },
];

// ---------------------------------------------------------------------------------------------------------------
// Making the PDFs byte-stable: fixed dates, /ID from the content.

/**
 * Overwrites the dates in the Info dictionary (and XMP, if any) with FIXED_DATE and the trailer's /ID (and
 * LibreOffice's /DocChecksum) with a hash of the file, keeping every byte count (so the xref offsets stay right).
 * Returns how many dates and /IDs it rewrote.
 */
function normalizePdf(buf: Buffer): { buf: Buffer; dates: number; ids: number } {
  let s = buf.toString('latin1');
  let dates = 0;
  // Info dictionary: /CreationDate (D:YYYYMMDDHHmmSS…) — keep the timezone suffix's length, zero it.
  s = s.replace(
    /\/(CreationDate|ModDate)(\s*)\(D:(\d{14})([^)]*)\)/gu,
    (_m, key: string, ws: string, _d: string, tz: string) => {
      dates++;
      return `/${key}${ws}(D:${FIXED_DATE}${tz.replace(/\d/gu, '0').replace(/[+-]/gu, '+')})`;
    },
  );
  // XMP packets (uncompressed in the files these tools write): xmp:CreateDate etc.
  s = s.replace(
    /(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)([^<]*)(<\/xmp:)/gu,
    (_m, a: string, _d: string, tz: string, b: string) => {
      dates++;
      return `${a}2024-01-01T00:00:00${tz.replace(/\d/gu, '0').replace(/[+-]/gu, '+')}${b}`;
    },
  );
  s = s.replace(
    /(<xmpMM:(?:DocumentID|InstanceID)>)(uuid:)?([0-9a-fA-F-]+)(<\/xmpMM:)/gu,
    (_m, a: string, u: string | undefined, id: string, b: string) => {
      dates++;
      return `${a}${u ?? ''}${id.replace(/[0-9a-fA-F]/gu, '0')}${b}`;
    },
  );
  // /ID [<hex> <hex>]: first zero them, then fill them with a hash of the whole file.
  const idRe = /\/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]/gu;
  let ids = 0;
  s = s.replace(idRe, (m, a: string, b: string) => {
    ids++;
    return m.replace(a, '0'.repeat(a.length)).replace(b, '0'.repeat(b.length));
  });
  // LibreOffice's /DocChecksum (an MD5 over the content, creation date included): the same treatment.
  const sumRe = /\/DocChecksum\s*\/([0-9A-Fa-f]+)/gu;
  s = s.replace(sumRe, (m, a: string) => m.replace(a, '0'.repeat(a.length)));
  const digest = createHash('sha256').update(s, 'latin1').digest('hex').toUpperCase().repeat(4);
  s = s.replace(idRe, (m, a: string, b: string) =>
    m.replace(a, digest.slice(0, a.length)).replace(b, digest.slice(0, b.length)),
  );
  s = s.replace(sumRe, (m, a: string) => m.replace(a, digest.slice(-a.length)));
  const out = Buffer.from(s, 'latin1');
  if (out.length !== buf.length) throw new Error('normalizePdf changed the file length');
  return { buf: out, dates, ids };
}

// ---------------------------------------------------------------------------------------------------------------
// Checking what was made: pages and text, with pdf.js (the library lib/pdf reads PDFs with).

interface PdfFacts {
  pages: number;
  /** Characters of text per page (pdf.js getTextContent). */
  textChars: number[];
  /** CJK ideographs in all the text: 0 means the Chinese is not text (glyph soup or image). */
  cjk: number;
  /** The first few lines of page 1's text. */
  head: string;
  /** Image XObjects painted (paintImageXObject) over all pages. */
  images: number;
  /** Path-painting operators (rules, cell borders) over all pages. */
  paths: number;
  /** Each page's text, pdf.js items in content-stream order ('\n' where an item ends a line). */
  textByPage: string[];
}

async function pdfFacts(buf: Buffer): Promise<PdfFacts> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(buf),
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  const facts: PdfFacts = { pages: doc.numPages, textChars: [], cjk: 0, head: '', images: 0, paths: 0, textByPage: [] };
  const OPS = pdfjs.OPS;
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const tc = await page.getTextContent();
    let text = '';
    for (const item of tc.items) {
      if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
    }
    facts.textChars.push(text.replace(/\s/gu, '').length);
    facts.cjk += (text.match(/\p{Script=Han}/gu) ?? []).length;
    facts.textByPage.push(text);
    if (i === 1)
      facts.head = text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .slice(0, 3)
        .join(' | ');
    const ops = await page.getOperatorList();
    for (const fn of ops.fnArray) {
      if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject)
        facts.images++;
      if (fn === OPS.constructPath || fn === OPS.fill || fn === OPS.stroke || fn === OPS.eoFill) facts.paths++;
    }
    page.cleanup();
  }
  await doc.destroy();
  return facts;
}

const kb = (n: number): string => `${(n / 1024).toFixed(0)} kB`;

function report(file: string, facts: PdfFacts, note = ''): void {
  const size = statSync(file).size;
  say(
    `  ${relative(ROOT, file)}: ${facts.pages} page${facts.pages === 1 ? '' : 's'}, ${kb(size)}, ` +
      `${facts.textChars.reduce((a, b) => a + b, 0)} text chars ` +
      `(${facts.cjk} CJK), ${facts.images} image${facts.images === 1 ? '' : 's'}${note ? `; ${note}` : ''}`,
  );
  if (facts.head) say(`      page 1: ${facts.head.slice(0, 110)}`);
}

const failures: string[] = [];
function expect(ok: boolean, what: string): void {
  if (!ok) {
    failures.push(what);
    console.error(`  CHECK FAILED: ${what}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Where each table of the source page landed: its pages, and whether its header is printed again on each page it
// continues on. Found by looking each row's text (whitespace removed) up in the PDF's text in reading order.

const squash = (t: string): string => t.replace(/[\s\u00a0\u3000]/gu, '');
const AMOUNT = /^-?[\d,]+\.\d+$/u;

interface SourceTable {
  /** 1-based position among the page's <table>s. */
  readonly index: number;
  readonly header: readonly string[];
  /** Body rows, each its non-empty cells' texts (whitespace removed). */
  readonly body: readonly (readonly string[])[];
}

/** Header rows: the leading rows without an amount cell (the header, the column-number row); the rest is body. */
function sourceTables(file: string): SourceTable[] {
  const { document } = parseHTML(readFileSync(file, 'utf8'));
  return [...document.querySelectorAll('table')].map((table, i) => {
    const rows = [...table.querySelectorAll('tr')].map((tr) =>
      [...tr.querySelectorAll('td, th')].map((c) => squash(c.textContent ?? '')),
    );
    const firstBody = rows.findIndex((cells) => cells.some((c) => AMOUNT.test(c)));
    const cut = firstBody < 0 ? rows.length : firstBody;
    return {
      index: i + 1,
      header: rows.slice(0, cut).map((r) => r.join('')),
      body: rows.slice(cut).map((r) => r.filter((c) => c !== '')),
    };
  });
}

interface TablePlacement {
  readonly index: number;
  /** Pages the body rows are on (first to last), or the header's page for a table without body rows. */
  readonly pages: readonly number[];
  /** For each page after the first: is the first header row printed again above the continuing rows? */
  readonly repeated: readonly boolean[];
  /** Body rows whose text starts on one page and ends on the next (a row cut by the page break). */
  readonly splitRows: number;
  /** Rows not found in the text (should be 0). */
  readonly missing: number;
}

function placeTables(tables: readonly SourceTable[], facts: PdfFacts): TablePlacement[] {
  const pageTexts = facts.textByPage.map(squash);
  const starts: number[] = [];
  let all = '';
  for (const t of pageTexts) {
    starts.push(all.length);
    all += t;
  }
  const pageAt = (offset: number): number => {
    let p = 0;
    while (p + 1 < starts.length && (starts[p + 1] ?? Infinity) <= offset) p++;
    return p + 1;
  };
  /**
   * A cell's text from `from` on (its first piece within `near` characters): whole, or cut by page breaks — a first
   * piece that closes page p (the row's other cells' first pieces follow it there) and the rest near the top of
   * page p + 1 (below a repeated header, if any), itself whole or cut again. The cut reading is tried only when
   * the whole text is not on the page where the first piece is.
   */
  const placeCell = (
    cell: string,
    from: number,
    near: number,
    depth: number,
  ): { start: number; firstEnd: number; end: number } | undefined => {
    let c = all.indexOf(cell, from);
    if (c - from > near) c = -1;
    if (depth < 4) {
      for (let k = cell.length - 1; k >= Math.min(2, cell.length - 1) && k >= 1; k--) {
        const a = all.indexOf(cell.slice(0, k), from);
        if (a < 0 || a - from > near || (c >= 0 && pageAt(c) <= pageAt(a))) continue;
        const next = starts[pageAt(a)];
        if (next === undefined) continue;
        const rest = placeCell(cell.slice(k), next, 1500, depth + 1);
        if (rest) return { start: a, firstEnd: a + k, end: rest.end };
      }
    }
    return c >= 0 ? { start: c, firstEnd: c + cell.length, end: c + cell.length - 1 } : undefined;
  };
  let cursor = 0;
  return tables.map((t) => {
    const rowPages: number[] = [];
    const rowStarts: number[] = [];
    let missing = 0;
    let splitRows = 0;
    /** The row's text in one piece; else its cells one after the other (a cell's lines may sit on two pages). */
    const find = (cells: readonly string[], near = 2000): { start: number; end: number } | undefined => {
      const key = cells.join('');
      if (!key) return undefined;
      const at = all.indexOf(key, cursor);
      if (at >= 0 && at - cursor <= near) return { start: at, end: at + key.length - 1 };
      // Cell by cell. A cell cut by a page break: its first part closes page p (after the row's other cells'
      // first parts), the rest opens page p + 1 (below a repeated header, if any).
      let from = cursor;
      let start = -1;
      let end = -1;
      for (const cell of cells) {
        const hit = placeCell(cell, from, 400, 0);
        if (!hit) return undefined;
        if (start < 0) start = hit.start;
        from = hit.firstEnd;
        end = Math.max(end, hit.end);
      }
      return { start, end };
    };
    const head = find([t.header[0] ?? ''], Infinity);
    if (head) cursor = head.end + 1;
    for (const row of t.body) {
      const hit = find(row);
      if (!hit) {
        missing++;
        if (process.env.DEBUG_PDF_FIXTURES) console.error(`      not found: ${row}`);
        continue;
      }
      rowStarts.push(hit.start);
      cursor = hit.end + 1;
      if (pageAt(hit.start) !== pageAt(hit.end)) splitRows++;
      rowPages.push(pageAt(hit.start), pageAt(hit.end));
    }
    const first = rowPages[0] ?? (head ? pageAt(head.start) : 0);
    const last = rowPages[rowPages.length - 1] ?? first;
    const pages: number[] = [];
    for (let p = first; p <= last; p++) pages.push(p);
    // Repeated: the first header row's text lies on page p before the first of this table's rows that starts there.
    const repeated = pages.slice(1).map((p) => {
      const h = t.header[0] ?? '';
      const pageStart = starts[p - 1] ?? 0;
      const firstRowHere = rowStarts.find((o) => pageAt(o) === p) ?? pageStart + (pageTexts[p - 1] ?? '').length;
      const at = h === '' ? -1 : all.indexOf(h, pageStart);
      return at >= 0 && at < firstRowHere;
    });
    return { index: t.index, pages, repeated, splitRows, missing };
  });
}

function describePlacement(list: readonly TablePlacement[]): string[] {
  return list.map((t) => {
    const span =
      t.pages.length > 1 ? `pages ${t.pages[0]}–${t.pages[t.pages.length - 1]}` : `page ${t.pages[0] ?? '?'}`;
    const on = (want: boolean): string =>
      t.pages
        .slice(1)
        .filter((_p, i) => t.repeated[i] === want)
        .map((p) => `p${p}`)
        .join(' ');
    const rep =
      t.pages.length < 2
        ? ''
        : t.repeated.every(Boolean)
          ? ', header repeated on every later page'
          : !t.repeated.some(Boolean)
            ? ', header not repeated'
            : `, header repeated on ${on(true)}, not on ${on(false)}`;
    const extra =
      `${t.splitRows ? `, ${t.splitRows} row(s) cut by the page break` : ''}` +
      `${t.missing ? `, ${t.missing} row(s) not found in the text` : ''}`;
    return `table ${t.index}: ${span}${rep}${extra}`;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Chromium.

interface PrintJob {
  readonly src?: string;
  readonly html?: string;
  readonly css?: string;
  readonly pageNumbers?: boolean;
  readonly fakeBold?: boolean;
  readonly landscape?: boolean;
  readonly pageRanges?: string;
}

/** A4 minus the margins, in CSS px (96/in): the width Chromium lays a page out at when it prints at scale 1. */
const printableWidth = (landscape: boolean): number => Math.floor(((landscape ? 11.69 : 8.27) - 0.8) * 96);

/**
 * Prints at A4. A page wider than the printable width (fixed-width Word tables) would be cut off at the right edge
 * (Chromium's own shrink-to-fit does not always reach far enough): it is printed at the scale that makes it fit.
 */
async function printPage(page: Page, job: PrintJob): Promise<{ pdf: Buffer; scale: number }> {
  const width = printableWidth(job.landscape ?? false);
  await page.setViewportSize({ width, height: 1000 });
  if (job.src) await page.goto(pathToFileURL(job.src).href, { waitUntil: 'load' });
  else await page.setContent(job.html ?? '', { waitUntil: 'load' });
  if (!job.fakeBold) await page.addStyleTag({ content: NO_FAKE_BOLD_CSS });
  if (job.css) await page.addStyleTag({ content: job.css });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.emulateMedia({ media: 'print' });
  const contentWidth = await page.evaluate(() =>
    Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
  );
  const scale = contentWidth <= width ? 1 : Math.floor((width / contentWidth) * 100) / 100;
  const pdf = await page.pdf({
    format: 'A4',
    landscape: job.landscape ?? false,
    margin: MARGIN,
    scale,
    printBackground: true,
    displayHeaderFooter: job.pageNumbers ?? false,
    headerTemplate: '<span></span>',
    footerTemplate: job.pageNumbers ? PAGE_NUMBER_FOOTER : '<span></span>',
    ...(job.pageRanges ? { pageRanges: job.pageRanges } : {}),
    tagged: false,
    outline: false,
  });
  return { pdf, scale };
}

function write(file: string, buf: Buffer): Buffer {
  // Chromium (Skia) writes no /ID; LibreOffice does.
  const { buf: out, dates } = normalizePdf(buf);
  expect(dates > 0, `${basename(file)}: no creation date found to fix: the file may differ on every run`);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, out);
  return out;
}

async function makeChromiumFixtures(browser: Browser): Promise<void> {
  say('Chromium (page.pdf, A4, 0.4in margins):');
  const page = await browser.newPage({ locale: 'zh-CN' });
  for (const job of CHROMIUM_JOBS) {
    const file = join(OUT, job.out);
    const { pdf, scale } = await printPage(page, job);
    const buf = write(file, pdf);
    const facts = await pdfFacts(buf);
    const notes = [
      job.landscape ? 'landscape' : '',
      scale !== 1 ? `scale ${scale}` : '',
      job.css ? `extra CSS \`${job.css}\`` : '',
      job.pageNumbers ? 'page-number footer' : '',
      job.fakeBold ? 'synthetic bold (Type 3 fonts)' : '',
    ];
    report(file, facts, notes.filter(Boolean).join(', '));
    const placed = placeTables(sourceTables(job.src), facts);
    for (const line of describePlacement(placed)) say(`      ${line}`);
    expect(
      placed.every((t) => t.missing === 0),
      `${job.out}: some table rows are not in the PDF's text`,
    );
    expect(facts.cjk > 0, `${job.out}: pdf.js finds no Chinese text`);
  }
  await page.close();
}

/** scanned.pdf: hangzhou-2024.clean's first A4 page as a JPEG screenshot, the PDF's only content. */
async function makeScanned(browser: Browser): Promise<void> {
  say('Scanned (image-only):');
  // The printable area of A4 minus 0.4in margins at 96 CSS px/in: 7.47in × 10.89in; rendered at 2× (192 dpi).
  const width = Math.floor((8.27 - 0.8) * 96);
  const height = Math.floor((11.69 - 0.8) * 96);
  const shotPage = await browser.newPage({ locale: 'zh-CN', viewport: { width, height }, deviceScaleFactor: 2 });
  await shotPage.goto(pathToFileURL(join(PAGES, 'hangzhou-2024.clean.html')).href, { waitUntil: 'load' });
  await shotPage.emulateMedia({ media: 'print' });
  await shotPage.evaluate(() => document.fonts.ready.then(() => undefined));
  const jpeg = await shotPage.screenshot({ type: 'jpeg', quality: 70, clip: { x: 0, y: 0, width, height } });
  await shotPage.close();
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><style>@page { size: A4; margin: 0 } html, body { ' +
    'margin: 0; padding: 0 }' +
    ' img { display: block; width: 210mm; height: 297mm; object-fit: contain; }</style></head>' +
    `<body><img alt="" src="data:image/jpeg;base64,${jpeg.toString('base64')}"></body></html>`;
  const page = await browser.newPage();
  await page.setContent(html, { waitUntil: 'load' });
  const pdf = await page.pdf({
    format: 'A4',
    margin: { top: '0', right: '0', bottom: '0', left: '0' },
    printBackground: true,
    tagged: false,
    outline: false,
    pageRanges: '1',
  });
  await page.close();
  const file = join(OUT, 'scanned.pdf');
  const buf = write(file, pdf);
  const facts = await pdfFacts(buf);
  report(file, facts, `JPEG ${width * 2}×${height * 2} px`);
  expect(
    facts.pages === 1 && facts.textChars[0] === 0 && facts.images === 1,
    'scanned.pdf: expected one page, no text, one image',
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The 60-page benchmark document.

const BUREAUS = [
  '财政局',
  '民政局',
  '司法局',
  '审计局',
  '统计局',
  '商务局',
  '体育局',
  '应急管理局',
  '市场监督管理局',
  '人力资源和社会保障局',
  '自然资源和规划局',
  '生态环境局',
  '住房和城乡建设局',
  '交通运输局',
  '农业农村局',
  '文化广电旅游局',
  '卫生健康委员会',
  '退役军人事务局',
];
const SEEDS = ['hangzhou-2024.clean.html', 'huzhou-2024.clean.html', 'shaoxing-2021.clean.html'];

/** The seed pages' <body> contents, copy after copy, each copy's 信访局 renamed to another department. */
function benchHtml(copies: number): string {
  const parts = SEEDS.map((f) => {
    const html = readFileSync(join(PAGES, f), 'utf8');
    const body = /<body[^>]*>([\s\S]*)<\/body>/u.exec(html)?.[1];
    if (!body) throw new Error(`${f}: no <body>`);
    return body;
  });
  const style = /<style>[\s\S]*?<\/style>/u.exec(readFileSync(join(PAGES, SEEDS[0] ?? ''), 'utf8'))?.[0] ?? '';
  const out: string[] = [];
  for (let i = 0; i < copies; i++) {
    const bureau = BUREAUS[i % BUREAUS.length] ?? '财政局';
    const body = (parts[i % parts.length] ?? '').replace(/信访局/gu, bureau);
    out.push(`<section style="break-before:${i === 0 ? 'auto' : 'page'}">${body}</section>`);
  }
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>部门预算汇编（基准测试）</` +
    `title>${style}</head><body>${out.join('\n')}</body></html>`
  );
}

async function makeBench(browser: Browser): Promise<void> {
  say(`Benchmark (${BENCH_PAGES} pages):`);
  const page = await browser.newPage({ locale: 'zh-CN' });
  // Add seed copies until the document reaches BENCH_PAGES pages, then print exactly the first BENCH_PAGES.
  let copies = 3;
  let pages = (await pdfFacts((await printPage(page, { html: benchHtml(copies), pageNumbers: true })).pdf)).pages;
  while (pages < BENCH_PAGES) {
    copies = Math.ceil((copies * BENCH_PAGES) / pages) + 1;
    pages = (await pdfFacts((await printPage(page, { html: benchHtml(copies), pageNumbers: true })).pdf)).pages;
  }
  const { pdf, scale } = await printPage(page, {
    html: benchHtml(copies),
    pageNumbers: true,
    pageRanges: `1-${BENCH_PAGES}`,
  });
  await page.close();
  const buf = write(BENCH_OUT, pdf);
  const facts = await pdfFacts(buf);
  report(
    BENCH_OUT,
    facts,
    `${copies} seed copies, cut to the first ${BENCH_PAGES} pages, scale ${scale}, page-number footer`,
  );
  expect(facts.pages === BENCH_PAGES && facts.cjk > 0, `bench-60.pdf: expected ${BENCH_PAGES} pages with Chinese text`);
}

// ---------------------------------------------------------------------------------------------------------------
// LibreOffice.

function findSoffice(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['soffice', 'libreoffice']) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        /* next */
      }
    }
  }
  return undefined;
}

async function makeLibreOfficeFixtures(soffice: string): Promise<void> {
  say('LibreOffice (soffice --headless --convert-to pdf:writer_web_pdf_Export):');
  // A throw-away profile: no interference with a running LibreOffice, no state carried between runs.
  const work = mkdtempSync(join(tmpdir(), 'budget-lens-lo-'));
  try {
    for (const job of LIBREOFFICE_JOBS) {
      const outDir = join(work, 'out');
      mkdirSync(outDir, { recursive: true });
      let src = job.src;
      if (job.css) {
        src = join(work, basename(job.src));
        const html = readFileSync(job.src, 'utf8');
        if (!/<\/head>/iu.test(html)) throw new Error(`${job.src}: no </head> to put the extra CSS before`);
        writeFileSync(src, html.replace(/<\/head>/iu, `<style>${job.css}</style></head>`));
      }
      execFileSync(
        soffice,
        [
          `-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'pdf:writer_web_pdf_Export',
          '--outdir',
          outDir,
          src,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000, env: { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8' } },
      );
      const made = join(outDir, basename(job.src).replace(/\.html$/u, '.pdf'));
      if (!existsSync(made)) throw new Error(`soffice wrote no ${made}`);
      const file = join(OUT, job.out);
      const buf = write(file, readFileSync(made));
      rmSync(made);
      const facts = await pdfFacts(buf);
      report(file, facts, `${facts.paths} path operators${job.css ? `; extra CSS \`${job.css}\`` : ''}`);
      for (const line of describePlacement(placeTables(sourceTables(job.src), facts))) say(`      ${line}`);
      expect(facts.cjk > 0, `${job.out}: pdf.js finds no Chinese text`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  for (const a of args) {
    if (!['--bench', '--skip-libreoffice'].includes(a)) {
      console.error(
        `unknown argument ${a}\nusage: npx tsx scripts/make-pdf-fixtures.ts [--bench] [--skip-libreoffice]`,
      );
      process.exit(2);
    }
  }
  const executablePath = findChromium();
  if (!executablePath) {
    console.error(chromiumMissingMessage());
    process.exit(2);
  }
  const bench = args.has('--bench');
  const soffice = bench || args.has('--skip-libreoffice') ? undefined : findSoffice();
  if (!bench && !args.has('--skip-libreoffice') && !soffice) {
    console.error(
      'soffice (LibreOffice) not found on PATH: it makes tests/fixtures/pdf/*.lo.pdf.\n' +
        'Install it with: sudo apt-get install -y libreoffice-writer, or rerun with --skip-libreoffice to ' +
        'keep the committed *.lo.pdf.',
    );
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--font-render-hinting=none',
      '--lang=zh-CN',
      '--disable-background-networking',
      '--disable-component-update',
    ],
    timeout: 30_000,
  });
  try {
    say(`Chromium ${browser.version()} (${executablePath})`);
    if (!bench) {
      await makeChromiumFixtures(browser);
      await makeScanned(browser);
    }
    await makeBench(browser);
  } finally {
    await browser.close();
  }
  if (soffice) {
    const version = execFileSync(soffice, ['--version'], { encoding: 'utf8' }).trim();
    say(`${version} (${soffice})`);
    await makeLibreOfficeFixtures(soffice);
  }
  if (failures.length > 0) {
    console.error(`${failures.length} check(s) failed:\n  - ${failures.join('\n  - ')}`);
    process.exit(1);
  }
  say('done.');
}

await main();
