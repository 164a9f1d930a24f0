import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generatePage } from '../../bench/large-page';
import type { PageReport } from '../../lib/extension/messages';
import { toJson } from '../../lib/report/json';
import { auditHtml, fixture } from '../helpers';
import { sleep, useE2E } from './harness';

/**
 * Issue 13, the page half: the page is read in slices and audited in the engine's worker. On a page with many
 * tables the first tables' marks are drawn (a preview) before the whole page is audited, and the side panel shows
 * the progress meanwhile; the final marks and report are the command line's. A page whose CSP forbids workers is
 * audited in the page itself, with the same result.
 */

const session = useE2E();

/** Many tables, long ones: reading and auditing take seconds here, so a preview has time to show. */
const MANY = { tables: 30, dataRows: 300 } as const;
const DONE_TIMEOUT_MS = 120_000;

interface Timeline {
  firstMark: number | null;
  firstWasPreview: boolean | null;
  done: number | null;
  engine: string | null;
  bars: number;
  preview: string | null;
}

/**
 * Runs in the page before its own scripts: every 20 ms, notes when the overlay first holds a mark (a table's bar
 * or a finding's marker), whether that drawing was a preview, and when <html data-budget-lens="done"> is set.
 */
function recordTimeline(): void {
  const t: Timeline = { firstMark: null, firstWasPreview: null, done: null, engine: null, bars: 0, preview: null };
  (window as unknown as { __blTimeline: Timeline }).__blTimeline = t;
  const id = setInterval(() => {
    const host = document.querySelector<HTMLElement>('budget-lens-overlay');
    const marks = host?.shadowRoot?.querySelectorAll('.bl-bar, .bl-marker').length ?? 0;
    if (marks > 0 && t.firstMark === null) {
      t.firstMark = performance.now();
      t.firstWasPreview = host?.dataset.preview === 'true';
    }
    if (document.documentElement.getAttribute('data-budget-lens') === 'done' && t.done === null) {
      t.done = performance.now();
      t.engine = host?.dataset.engine ?? null;
      t.preview = host?.dataset.preview ?? null;
      t.bars = host?.shadowRoot?.querySelectorAll('.bl-bar').length ?? 0;
      clearInterval(id);
    }
  }, 20);
}

async function timeline(page: Page): Promise<Timeline> {
  await page.waitForFunction(() => document.documentElement.getAttribute('data-budget-lens') === 'done', null, {
    timeout: DONE_TIMEOUT_MS,
    polling: 200,
  });
  await sleep(100);
  return page.evaluate(() => (window as unknown as { __blTimeline: Timeline }).__blTimeline);
}

/** What a reader can compare between two reports: counts, tables' statuses, findings' cells. */
const gist = (r: Pick<PageReport, 'summary' | 'tables' | 'findings'>) => ({
  summary: r.summary,
  tables: r.tables.map((t) => `${t.index} ${t.status} ${t.passed}/${t.failed}/${t.rounding}`),
  findings: r.findings.map((f) => `${f.check} ${f.severity} ${f.cells.map((c) => `${c.table}:${c.row}:${c.cell}`)}`),
});

describe('a page with many tables', () => {
  it('gets its first tables marked while the rest is audited, shows progress, ends as the command line', async () => {
    const generated = generatePage(MANY, 20240101);
    const e2e = session();
    e2e.server.put('e2e/many-tables.html', generated.html);
    e2e.server.put('e2e/blank.html', '<!doctype html><html><head><title>blank</title></head><body></body></html>');
    const page = await e2e.browser.context.newPage();
    const panel = await e2e.browser.context.newPage();
    try {
      await page.addInitScript(recordTimeline);
      const blank = e2e.server.url('e2e/blank.html');
      await page.goto(blank);
      const tabId = await e2e.tabId(blank);
      // The panel follows that tab, opened before the page with the tables is.
      await panel.goto(`chrome-extension://${e2e.browser.extensionId}/sidepanel.html?tab=${tabId}`);
      await page.bringToFront();
      const url = e2e.server.url('e2e/many-tables.html');
      await page.goto(url, { waitUntil: 'commit' });

      const bar = panel.locator('[role="progressbar"]');
      await bar.waitFor({ timeout: 60_000 });
      const seen = new Set<number>();
      const t0 = Date.now();
      while (Date.now() - t0 < DONE_TIMEOUT_MS) {
        const now = await bar.getAttribute('aria-valuenow', { timeout: 1000 }).catch(() => null);
        if (now === null) break;
        seen.add(Number(now));
        await sleep(100);
      }
      const times = await timeline(page);

      // The progress bar rose while the page was read and audited, then gave way to the report.
      expect(seen.size, `progress values seen: ${[...seen].join(', ')}`).toBeGreaterThan(1);
      expect([...seen].every((v) => v >= 0 && v <= 100)).toBe(true);
      await panel.locator('[data-testid="counts"]').waitFor({ timeout: 20_000 });
      expect(await bar.count()).toBe(0);

      // The first marks were a preview, drawn well before the audit was done; the final marks replaced it.
      expect(times.firstMark).not.toBeNull();
      expect(times.firstWasPreview).toBe(true);
      expect(times.done! - times.firstMark!).toBeGreaterThan(200);
      expect(times.engine).toBe('worker');
      expect(times.preview).toBeNull();
      expect(times.bars).toBe(MANY.tables);

      // The report is the command line's.
      const stored = await e2e.storedReport(tabId);
      const report = toJson(auditHtml(generated.html, url).report);
      expect(gist(stored)).toEqual(gist(report));
      expect(stored.summary.passed).toBe(generated.expectedPassed);
    } finally {
      await panel.close();
      await page.close();
    }
  });
});

describe('a page whose CSP forbids workers', () => {
  it('is audited in the page itself, with the same marks and report', async () => {
    const path = 'pages/huzhou-2024.clean.html';
    const html = fixture(path);
    const e2e = session();
    e2e.server.put('e2e/no-workers.html', html, { 'Content-Security-Policy': "worker-src 'none'" });
    const { page, url } = await e2e.open('e2e/no-workers.html');
    try {
      const host = page.locator('budget-lens-overlay');
      expect(await host.getAttribute('data-engine')).toBe('page');
      const report = toJson(auditHtml(html, url).report);
      const stored = await e2e.storedReport(await e2e.tabId(url));
      expect(gist(stored)).toEqual(gist(report));
      const markers = await page.evaluate(
        () => document.querySelector('budget-lens-overlay')?.shadowRoot?.querySelectorAll('.bl-marker').length ?? 0,
      );
      expect(markers).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });

  it('control: the same page without that CSP is audited in the worker', async () => {
    const { page } = await session().open('pages/huzhou-2024.clean.html');
    try {
      expect(await page.locator('budget-lens-overlay').getAttribute('data-engine')).toBe('worker');
    } finally {
      await page.close();
    }
  });
});
