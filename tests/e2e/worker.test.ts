import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generatePage } from '../../bench/large-page';
import { anchorFor } from '../../lib/notes/anchor';
import type { Note } from '../../lib/notes/schema';
import { noteKey } from '../../lib/notes/store';
import { toJson } from '../../lib/report/json';
import { PREVIEW_TABLES } from '../../lib/extension/worker-protocol';
import { snapshotKey } from '../../lib/snapshots/store';
import { auditFixture, auditHtml, fixture, snapshot2023 } from '../helpers';
import { extDir, reportGist, sleep, useE2E } from './harness';

/**
 * Issue 13, the page half: the page is read in slices and audited in the engine's worker. On a page with many
 * tables the first tables' marks are drawn (a preview) before the whole page is audited, and the side panel shows
 * the progress meanwhile; the final marks and report are the command line's. A page whose CSP forbids workers is
 * audited in the page itself, with the same result. The page's script carries no parser: the worker keeps the model
 * and answers the notes and the prior years; where it cannot run, the fallback script is loaded and does.
 */

const session = useE2E();

/** Many tables, long ones: reading and auditing take seconds here, so a preview has time to show. */
const MANY = { tables: 30, dataRows: 300 } as const;
const DONE_TIMEOUT_MS = 120_000;

interface Timeline {
  firstMark: number | null;
  firstWasPreview: boolean | null;
  /** Tables' bars in that first drawing. */
  firstBars: number;
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
  const t: Timeline = {
    firstMark: null,
    firstWasPreview: null,
    firstBars: 0,
    done: null,
    engine: null,
    bars: 0,
    preview: null,
  };
  (window as unknown as { __blTimeline: Timeline }).__blTimeline = t;
  const id = setInterval(() => {
    const host = document.querySelector<HTMLElement>('budget-lens-overlay');
    const marks = host?.shadowRoot?.querySelectorAll('.bl-bar, .bl-marker').length ?? 0;
    if (marks > 0 && t.firstMark === null) {
      t.firstMark = performance.now();
      t.firstWasPreview = host?.dataset.preview === 'true';
      t.firstBars = host?.shadowRoot?.querySelectorAll('.bl-bar').length ?? 0;
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

const gist = reportGist;

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
        if ((await bar.count()) === 0) break;
        // No value while the page is still arriving (its length is not known yet).
        const now = await bar.getAttribute('aria-valuenow', { timeout: 1000 }).catch(() => null);
        if (now !== null) seen.add(Number(now));
        await sleep(100);
      }
      const times = await timeline(page);

      // The progress bar rose while the page was read and audited, then gave way to the report.
      expect(seen.size, `progress values seen: ${[...seen].join(', ')}`).toBeGreaterThan(1);
      expect([...seen].every((v) => v >= 0 && v <= 100)).toBe(true);
      await panel.locator('[data-testid="counts"]').waitFor({ timeout: 20_000 });
      expect(await bar.count()).toBe(0);

      // The first marks were a preview of the first tables alone, drawn well before the audit was done; the final
      // marks replaced it.
      expect(times.firstMark).not.toBeNull();
      expect(times.firstWasPreview).toBe(true);
      expect(times.firstBars).toBeGreaterThan(0);
      expect(times.firstBars).toBeLessThanOrEqual(PREVIEW_TABLES);
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

describe('a page whose tables arrive after the engine came', () => {
  it('is audited again: the late tables get their bars, as the command line reads the whole page', async () => {
    // Hangzhou 2024 with 表4 onward added once the first tables were audited (a tab, 展开全文, AJAX).
    const html = fixture('pages/hangzhou-2024.clean.html');
    const cut = html.indexOf('<section class="budget-table" id="t4">');
    const end = html.indexOf('</main>');
    expect(cut).toBeGreaterThan(0);
    const late = `${html.slice(0, cut)}<template id="late">${html.slice(cut, end)}</template>${html.slice(end)}`;
    const e2e = session();
    e2e.server.put('e2e/late-tables.html', late);
    const { page, url } = await e2e.open('e2e/late-tables.html');
    try {
      const bars = (): Promise<number> =>
        page.evaluate(
          () => document.querySelector('budget-lens-overlay')?.shadowRoot?.querySelectorAll('.bl-bar').length ?? 0,
        );
      const before = await bars();
      const whole = auditHtml(html, url).report.tables.filter((t) => t.status !== 'not-budget').length;
      expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThan(whole);
      await page.evaluate(() => {
        const t = document.getElementById('late') as HTMLTemplateElement;
        document.querySelector('main')!.append(t.content);
        t.remove();
      });
      await expect.poll(bars, { timeout: 30_000 }).toBe(whole);
      // The report sent last is the whole page's, as the command line reads the page as it now is.
      const now = gist(toJson(auditHtml(await page.content(), url).report));
      const tabId = await e2e.tabId(url);
      await expect.poll(async () => gist(await e2e.storedReport(tabId)), { timeout: 10_000 }).toEqual(now);
      expect(now.tables).toHaveLength(auditHtml(html, url).report.tables.length);
    } finally {
      await page.close();
    }
  });
});

describe('the page script without the model', () => {
  it('carries no parser, checks or claims: those are in the worker’s script and the fallback loaded on request', () => {
    const read = (name: string): string => readFileSync(join(extDir(), name), 'utf8');
    const engine = read('engine.js');
    // The worker's script is in engine.js as one string (scripts/worker-source.ts): its longest string literal.
    const literals = [...engine.matchAll(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/gu)].map((m) => m[0]);
    const worker = literals.reduce((a, b) => (b.length > a.length ? b : a), '');
    expect(worker.length).toBeGreaterThan(100 * 1024);
    const code = engine.replace(worker, '""');
    // The parser's and the checks' own words (the row reader's doubt, a reading's name, a check's id).
    const parser = ['structureDoubt', 'numbered-names', 'required-tables'];
    for (const script of [worker, read('engine-fallback.js')])
      for (const word of parser) expect(script).toContain(word);
    for (const word of parser) expect(code).not.toContain(word);
    expect(Buffer.byteLength(code)).toBeLessThan(250 * 1024);
    expect(existsSync(join(extDir(), 'engine-worker.js'))).toBe(false);
  });
});

describe('notes and prior years, answered where the model is', () => {
  const PATH = 'pages/hangzhou-2024.clean.html';
  const html = fixture(PATH);
  const year2024 = auditFixture(PATH);
  const earlier = snapshot2023();
  // A note on 行政运行's 合计 (table 4, row 5, cell 1), written on another address of the same document.
  const cell = { table: 4, row: 5, cell: 1 };
  const note: Note = {
    v: 2,
    id: 'note-model-1',
    createdAt: '2024-03-01T08:00:00.000Z',
    updatedAt: '2024-03-01T08:00:00.000Z',
    text: '行政运行比上年增加',
    tags: ['疑点'],
    status: 'open',
    anchor: anchorFor(
      year2024.doc,
      { url: 'https://www.example.gov.cn/2024.html', title: 't' },
      { scope: 'cell', cell },
    ),
    finding: null,
    hint: cell,
  };

  type Local = {
    set(items: Record<string, unknown>): Promise<void>;
    get(key: string): Promise<Record<string, unknown>>;
    remove(keys: string[]): Promise<void>;
  };
  /** storage.local as an extension page sees it: set items, read a key, remove keys. */
  async function storage(
    e2e: ReturnType<typeof session>,
    op: { set: Record<string, unknown> } | { get: string } | { remove: string[] },
  ): Promise<Record<string, unknown> | undefined> {
    const ext = await e2e.browser.context.newPage();
    try {
      await ext.goto(`chrome-extension://${e2e.browser.extensionId}/years.html`);
      return await ext.evaluate(async (o) => {
        const local = (globalThis as unknown as { chrome: { storage: { local: Local } } }).chrome.storage.local;
        if ('set' in o) await local.set(o.set);
        else if ('remove' in o) await local.remove(o.remove);
        else return local.get(o.get);
        return undefined;
      }, op);
    } finally {
      await ext.close();
    }
  }

  for (const [engine, csp] of [
    ['worker', null],
    ['page', "worker-src 'none'"],
  ] as const) {
    const where = engine === 'worker' ? 'worker' : 'page itself (the fallback)';
    it(`are drawn on a page audited in the ${where}`, async () => {
      const e2e = session();
      await storage(e2e, { set: { [snapshotKey(earlier.id)]: earlier, [noteKey(note.id)]: note } });
      const path = `e2e/model-${engine}.html`;
      e2e.server.put(path, html, csp ? { 'Content-Security-Policy': csp } : undefined);
      const { page, url } = await e2e.open(path);
      try {
        expect(await page.locator('budget-lens-overlay').getAttribute('data-engine')).toBe(engine);
        await page.locator(`budget-lens-overlay .bl-note[data-cell="4:5:1"]`).waitFor({ timeout: 10_000 });
        const labels = await page.evaluate(() => {
          const root = document.querySelector('budget-lens-overlay')?.shadowRoot;
          return [...(root?.querySelectorAll('.bl-prior[data-cell]') ?? [])].map((e) => [
            e.getAttribute('data-cell'),
            (e.textContent ?? '').replace(/\s+/gu, ' ').trim(),
          ]);
        });
        expect(labels).toHaveLength(19);
        expect(Object.fromEntries(labels)['4:5:1']).toBe('2023: 1,731.17 · +65.85 · +3.8%');
        const report = await e2e.storedReport(await e2e.tabId(url));
        expect(report.years?.years).toEqual([2023, 2024]);
        expect(report.snapshot).toMatchObject({ enabled: true, saved: true, error: null });
        expect(report.notes.map((n) => [n.id, n.status, n.primary])).toEqual([[note.id, 'attached', cell]]);
        // The page's own snapshot was kept (by the background), validated as the store reads it back.
        const own = snapshotKey(report.snapshot!.id!);
        expect((await storage(e2e, { get: own }))?.[own]).toMatchObject({ year: 2024 });
        // Removed elsewhere (the history page, the notes page): the page hears it through the background's relay
        // (bl:storage-changed) and draws neither the labels nor the note any more.
        await storage(e2e, { remove: [snapshotKey(earlier.id), noteKey(note.id)] });
        await page.waitForFunction(
          () =>
            !document
              .querySelector('budget-lens-overlay')
              ?.shadowRoot?.querySelector('.bl-prior[data-cell], .bl-note[data-cell]'),
          null,
          { timeout: 10_000 },
        );
        await storage(e2e, { remove: [own] });
      } finally {
        await page.close();
      }
    });
  }
});
