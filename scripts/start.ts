/**
 * npm start [-- --headless]
 *
 * Builds the test extension (BUDGET_LENS_TEST_HOSTS=1 wxt build, which also runs by itself on 127.0.0.1), serves
 * the sample pages (tests/fixtures/pages/*.html, tests/fixtures/synthetic/*.html) on 127.0.0.1 with an index, and
 * - with a display (DISPLAY or WAYLAND_DISPLAY) and without --headless: opens Chromium with the extension on the
 *   index page and keeps serving until Ctrl-C;
 * - otherwise: visits every page headless, prints one line per page from what the extension shows (the overlay's
 *   totals and the report the background stored), opens the sample PDFs (tests/fixtures/pdf) in the extension's PDF
 *   viewer and prints the same line for each, writes screenshots to artifacts/start/, and exits.
 * Exit status: 0 when every page was handled; 1 when the build failed, the browser failed to start or the
 * extension did not audit a page the engine finds budget tables on; 2 when Chromium is missing (npm start runs
 * scripts/ensure-system.sh first, which installs it and a CJK font from Debian's packages when it can).
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { loadPage } from '../cli/load';
import { PageReportSchema, reportKey, type PageReport } from '../lib/extension/messages';
import {
  ARTIFACTS,
  buildTestExtension,
  chromiumMissingMessage,
  EXT_DIR,
  findChromium,
  launchWithExtension,
  ROOT,
  type ExtensionBrowser,
} from './lib/browser';
import { serveFixtures, type FixtureServer } from './lib/server';

// Generous: on a loaded 2-core machine a sample page once took more than 15 s to be audited.
const WAIT_MS = 30_000;
const PARALLEL = 3;
const SHOT_MAX_HEIGHT = 3_000;

const say = (s: string): void => console.log(s);
const warn = (s: string): void => console.error(s);

interface Sample {
  /** Path under tests/fixtures/, e.g. 'pages/huzhou-2024.clean.html'. */
  readonly path: string;
  /** What the engine finds in Node (the command line's view). */
  readonly expected: { budgetTables: number; withAmounts: number; errors: number; warnings: number; rounding: number };
}

async function samples(): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const dir of ['pages', 'synthetic']) {
    const abs = join(ROOT, 'tests', 'fixtures', dir);
    for (const f of readdirSync(abs)
      .filter((x) => x.endsWith('.html'))
      .sort()) {
      const { report } = await loadPage(join(abs, f));
      const { summary, tables } = report!;
      const withAmounts = tables.filter((t) => t.status !== 'not-budget' && t.status !== 'empty').length;
      out.push({
        path: `${dir}/${f}`,
        expected: {
          budgetTables: summary.budgetTables,
          withAmounts,
          errors: summary.errors,
          warnings: summary.warnings,
          rounding: summary.rounding,
        },
      });
    }
  }
  return out;
}

/** The PDFs npm start opens in the viewer: printed from the seed pages, one Word export, one scan. */
const PDF_SAMPLES = [
  'hangzhou-2024.clean.pdf',
  'huzhou-2024.clean.pdf',
  'shaoxing-2021.clean.pdf',
  'hangzhou-2024.word.pdf',
  'scanned.pdf',
];

interface PdfSample {
  readonly path: string;
  /** What the command line finds in the PDF; null for a PDF without a text layer. */
  readonly expected: { errors: number; warnings: number; rounding: number } | null;
}

async function pdfSamples(): Promise<PdfSample[]> {
  const out: PdfSample[] = [];
  for (const f of PDF_SAMPLES) {
    const path = `pdf/${f}`;
    const file = join(ROOT, 'tests', 'fixtures', path);
    if (!existsSync(file)) continue;
    const { report } = await loadPage(file);
    if (!report) {
      out.push({ path, expected: null });
      continue;
    }
    const { summary } = report;
    out.push({ path, expected: { errors: summary.errors, warnings: summary.warnings, rounding: summary.rounding } });
  }
  return out;
}

/** Opens a PDF in the extension's viewer (viewer.html?src=…) and reads its summary, as a reader would see it. */
async function visitPdf(
  browser: ExtensionBrowser,
  server: FixtureServer,
  sample: PdfSample,
  shots: string,
): Promise<Visit> {
  const page: Page = await browser.context.newPage();
  const as: Sample = {
    path: sample.path,
    expected: { budgetTables: 0, withAmounts: 0, errors: 0, warnings: 0, rounding: 0 },
  };
  try {
    await page.goto(
      `chrome-extension://${browser.extensionId}/viewer.html?src=${encodeURIComponent(server.url(sample.path))}`,
    );
    const outcome = await page
      .waitForFunction(
        () =>
          document.documentElement.getAttribute('data-budget-lens') === 'done' ||
          document.querySelector('[data-testid="viewer-no-text"]') !== null,
        null,
        { timeout: 60_000, polling: 200 },
      )
      .then(
        () =>
          page.evaluate(() => {
            const s = document.querySelector('[data-testid="counts"]');
            return {
              noText: document.querySelector('[data-testid="viewer-no-text"]') !== null,
              errors: s?.getAttribute('data-errors') ?? null,
              warnings: s?.getAttribute('data-warnings') ?? null,
              rounding: s?.getAttribute('data-rounding') ?? null,
              tables: s?.getAttribute('data-tables') ?? null,
              pages: document.querySelectorAll('section.pv-page').length,
            };
          }),
        () => null,
      );
    const shot = join(shots, `${sample.path.replace(/\//gu, '-').replace(/\.pdf$/u, '')}.pdf.png`);
    await page.screenshot({ path: shot });
    if (!outcome)
      return { sample: as, line: 'NOT AUDITED: the viewer did not finish within 60 s', failed: true, screenshot: shot };
    if (outcome.noText) {
      const failed = sample.expected !== null;
      return {
        sample: as,
        line: `viewer: no text layer (a scan), not checked${failed ? '  [the command line reads text here]' : ''}`,
        failed,
        screenshot: shot,
      };
    }
    const e = sample.expected;
    const same =
      e !== null &&
      Number(outcome.errors) === e.errors &&
      Number(outcome.warnings) === e.warnings &&
      Number(outcome.rounding) === e.rounding;
    const line =
      `viewer: ${outcome.pages} pages · ${outcome.tables ?? '?'} tables · errors ${outcome.errors} · ` +
      `warnings ${outcome.warnings} · rounding ${outcome.rounding}` +
      (same
        ? ''
        : `  [the command line finds ` +
          `${e ? `errors ${e.errors}, warnings ${e.warnings}, rounding ${e.rounding}` : 'no text layer'}]`);
    return { sample: as, line, failed: !same, screenshot: shot };
  } finally {
    await page.close();
  }
}

/**
 * Chromium (npm start runs scripts/ensure-system.sh first, which installs it and a CJK font when it can), or says how
 * to get it and exits 2.
 */
function ensureChromium(): void {
  if (findChromium()) return;
  warn(`budget-lens: ${chromiumMissingMessage()}`);
  process.exit(2);
}

function hasDisplay(): boolean {
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

async function headed(server: FixtureServer): Promise<boolean> {
  let browser: ExtensionBrowser;
  try {
    browser = await launchWithExtension({ headless: false, viewport: null });
  } catch (e) {
    warn(
      `budget-lens: could not open a Chromium window on ` +
        `${
          process.env.DISPLAY ? `DISPLAY=${process.env.DISPLAY}` : `WAYLAND_DISPLAY=${process.env.WAYLAND_DISPLAY}`
        }: ${(e as Error).message.split('\n')[0]}`,
    );
    return false;
  }
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(server.url('/'));
  say(`budget-lens: Chromium is open with the extension (id ${browser.extensionId}) on ${server.url('/')}`);
  say('Open a sample page: budget-lens audits it by itself. Press Ctrl-C here (or close the window) to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    browser.context.once('close', () => resolve());
  });
  say('\nbudget-lens: stopping.');
  await browser.close();
  return true;
}

interface Visit {
  readonly sample: Sample;
  readonly line: string;
  readonly failed: boolean;
  readonly screenshot?: string;
}

async function visit(browser: ExtensionBrowser, server: FixtureServer, sample: Sample, shots: string): Promise<Visit> {
  const url = server.url(sample.path);
  const page: Page = await browser.context.newPage();
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    const done = await page
      .waitForFunction(() => document.documentElement.getAttribute('data-budget-lens') === 'done', null, {
        timeout: WAIT_MS,
        polling: 200,
      })
      .then(
        () => true,
        () => false,
      );
    const host = await page.evaluate(() => {
      const h = document.querySelector('budget-lens-overlay');
      if (!h) return null;
      const root = h.shadowRoot;
      return {
        errors: h.getAttribute('data-errors'),
        warnings: h.getAttribute('data-warnings'),
        rounding: h.getAttribute('data-rounding'),
        markers: root ? root.querySelectorAll('.bl-marker').length : 0,
        bars: root ? root.querySelectorAll('.bl-bar').length : 0,
      };
    });
    let report: PageReport | undefined;
    if (done) {
      const tabId = await browser.tabIdOf(url, 5_000);
      const deadline = Date.now() + 5_000;
      while (!report && Date.now() < deadline) {
        const raw = await browser.sessionValue(reportKey(tabId));
        const parsed = raw === undefined ? undefined : PageReportSchema.safeParse(raw);
        if (parsed?.success) report = parsed.data;
        else await new Promise((r) => setTimeout(r, 100));
      }
    }
    const shot = join(shots, `${sample.path.replace(/\//gu, '-').replace(/\.html$/u, '')}.png`);
    const { top, height } = await page.evaluate(() => {
      const root = document.querySelector('budget-lens-overlay')?.shadowRoot;
      const first = root?.querySelector('.bl-marker') ?? root?.querySelector('.bl-bar');
      const y = first ? Math.max(0, first.getBoundingClientRect().top + window.scrollY - 300) : 0;
      return { top: y, height: document.documentElement.scrollHeight };
    });
    await page.screenshot({
      path: shot,
      fullPage: true,
      clip: { x: 0, y: top, width: 1280, height: Math.max(1, Math.min(height - top, SHOT_MAX_HEIGHT)) },
    });

    if (!done) {
      const { budgetTables, withAmounts } = sample.expected;
      if (withAmounts === 0) {
        const why =
          budgetTables > 0
            ? ` (the command line sees ${budgetTables} budget table(s), all empty: nothing to check)`
            : '';
        return { sample, line: `no budget tables found${why}`, failed: false, screenshot: shot };
      }
      return {
        sample,
        line:
          `NOT AUDITED: no overlay after ${WAIT_MS / 1000} s, yet the command line finds ${withAmounts} ` +
          `budget table(s) with amounts here`,
        failed: true,
        screenshot: shot,
      };
    }
    const s = report?.summary;
    const parts = [
      report?.document.department ?? '(department unknown)',
      report?.document.year != null ? String(report.document.year) : '(year unknown)',
      s ? `${s.budgetTables} tables` : `${host?.bars ?? 0} tables`,
      `errors ${host?.errors ?? s?.errors ?? '?'}`,
      ...(Number(host?.warnings ?? s?.warnings ?? 0) > 0 ? [`warnings ${host?.warnings ?? s?.warnings}`] : []),
      `rounding ${host?.rounding ?? s?.rounding ?? '?'}`,
      `${host?.markers ?? 0} markers`,
    ];
    const notes: string[] = [];
    if (!report) notes.push('the background stored no report');
    const shown = { errors: Number(host?.errors ?? -1), rounding: Number(host?.rounding ?? -1) };
    if (shown.errors !== sample.expected.errors || shown.rounding !== sample.expected.rounding) {
      notes.push(`the command line finds errors ${sample.expected.errors}, rounding ${sample.expected.rounding}`);
    }
    return {
      sample,
      line: parts.join(' · ') + (notes.length > 0 ? `  [${notes.join('; ')}]` : ''),
      failed: false,
      screenshot: shot,
    };
  } finally {
    await page.close();
  }
}

async function headless(
  server: FixtureServer,
  list: readonly Sample[],
  pdfs: readonly PdfSample[],
  why: string,
): Promise<number> {
  say(`budget-lens: ${why}`);
  let browser: ExtensionBrowser;
  try {
    browser = await launchWithExtension({ headless: true });
  } catch (e) {
    warn(`budget-lens: the browser failed to start: ${(e as Error).message}`);
    return 1;
  }
  const shots = join(ARTIFACTS, 'start');
  mkdirSync(shots, { recursive: true });
  const width = Math.max(...list.map((s) => s.path.length), ...pdfs.map((s) => s.path.length));
  const results: (Visit | undefined)[] = new Array(list.length);
  let next = 0;
  let printed = 0;
  const flush = (): void => {
    while (printed < list.length && results[printed]) {
      const r = results[printed]!;
      say(`  ${r.sample.path.padEnd(width)}  ${r.line}`);
      printed++;
    }
  };
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const i = next++;
      const sample = list[i]!;
      try {
        results[i] = await visit(browser, server, sample, shots);
      } catch (e) {
        results[i] = { sample, line: `FAILED: ${(e as Error).message.split('\n')[0]}`, failed: true };
      }
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, list.length) }, worker));
  // The PDFs, one at a time, in the extension's viewer.
  for (const pdf of pdfs) {
    let r: Visit;
    try {
      r = await visitPdf(browser, server, pdf, shots);
    } catch (e) {
      r = {
        sample: { path: pdf.path, expected: { budgetTables: 0, withAmounts: 0, errors: 0, warnings: 0, rounding: 0 } },
        line: `FAILED: ${(e as Error).message.split('\n')[0]}`,
        failed: true,
      };
    }
    results.push(r);
    say(`  ${r.sample.path.padEnd(width)}  ${r.line}`);
  }
  const errors = await browser.workerErrors();
  await browser.close();

  const done = results.filter((r): r is Visit => r !== undefined);
  const failed = done.filter((r) => r.failed);
  const none = done.filter((r) => r.line.startsWith('no budget tables found'));
  say('');
  const pdfCount = done.filter((r) => r.sample.path.endsWith('.pdf')).length;
  say(
    `${done.length - pdfCount} pages and ${pdfCount} PDFs: ${done.length - failed.length - none.length} ` +
      `audited, ${none.length} without budget tables${failed.length > 0 ? `, ${failed.length} FAILED` : ''}.`,
  );
  say(`Screenshots: ${relative(process.cwd(), shots) || shots}/ (${done.filter((r) => r.screenshot).length} files)`);
  if (errors.length > 0) warn(`The extension's service worker logged errors:\n  ${errors.join('\n  ')}`);
  return failed.length > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    say('usage: npm start [-- --headless]');
    say('Builds the test extension, serves the sample pages on 127.0.0.1 and opens Chromium with budget-lens on them;');
    say(
      'without a display, or with --headless, audits every sample page and PDF headless, prints a line for ' +
        'each and writes',
    );
    say('screenshots to artifacts/start/.');
    return 0;
  }
  const unknown = args.filter((a) => a !== '--headless');
  if (unknown.length > 0) {
    warn(`budget-lens start: unknown option ${unknown.join(' ')} (usage: npm start [-- --headless])`);
    return 2;
  }
  const wantHeadless = args.includes('--headless');

  say('budget-lens: building the test extension (BUDGET_LENS_TEST_HOSTS=1 wxt build) …');
  const t0 = Date.now();
  try {
    await buildTestExtension();
  } catch (e) {
    warn(`budget-lens: ${(e as Error).message}`);
    return 1;
  }
  say(
    `budget-lens: built ${relative(process.cwd(), EXT_DIR) || EXT_DIR} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  ensureChromium();

  const list = await samples();
  const pdfs = await pdfSamples();
  const server = await serveFixtures({
    root: join(ROOT, 'tests', 'fixtures'),
    index: {
      title: '预算透镜 budget-lens — sample pages',
      groups: [
        {
          heading: 'Seed pages (tests/fixtures/pages)',
          entries: list
            .filter((s) => s.path.startsWith('pages/'))
            .map((s) => ({ path: s.path, label: s.path.slice('pages/'.length) })),
        },
        {
          heading: 'Table structures (tests/fixtures/synthetic)',
          entries: list
            .filter((s) => s.path.startsWith('synthetic/'))
            .map((s) => ({ path: s.path, label: s.path.slice('synthetic/'.length) })),
        },
        // The "预算透镜" button beside each link opens the PDF in the extension's viewer.
        {
          heading: 'PDF disclosures (tests/fixtures/pdf): use the 预算透镜 button beside a link',
          entries: pdfs.map((s) => ({ path: s.path, label: `${s.path.slice('pdf/'.length)} (预算)` })),
        },
      ],
    },
  });
  say(`budget-lens: serving ${list.length} sample pages and ${pdfs.length} PDFs on ${server.base}/`);
  try {
    if (!wantHeadless && hasDisplay()) {
      if (await headed(server)) return 0;
      return await headless(server, list, pdfs, 'falling back to headless Chromium: visiting every sample page …');
    }
    const why = wantHeadless
      ? 'headless Chromium (--headless): visiting every sample page …'
      : 'no display (DISPLAY and WAYLAND_DISPLAY are unset), so running headless: visiting every sample page …';
    return await headless(server, list, pdfs, why);
  } finally {
    await server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    warn(`budget-lens start: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  },
);
