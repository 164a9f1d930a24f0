import type { ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePage } from '../../bench/large-page';
import { PREVIEW_TABLES } from '../../lib/extension/worker-protocol';
import { toJson } from '../../lib/report/json';
import { auditHtml, fixture, serveLocal, type LocalServer } from '../helpers';
import { reportGist, sleep, useE2E } from './harness';

/**
 * Issue 13: a page still arriving. Government servers send a disclosure page of megabytes over seconds, and the
 * browser shows its first tables long before the rest is there. The engine comes as soon as the parser has finished
 * a budget table and marks the first tables then (a preview), while the page is still loading; the whole page is
 * audited once it is loaded, as the command line audits it. A page script that appends to the document while the
 * parser is inside a table makes that table look finished: it is never previewed half read.
 */

const session = useE2E();

/** A page sent in parts: each part a string, or a pause (ms) before the next. */
type Part = string | number;
const pages = new Map<string, readonly Part[]>();
let server: LocalServer;

beforeAll(async () => {
  server = await serveLocal((req, res) => {
    const parts = pages.get((req.url ?? '').split('?')[0]!);
    if (!parts) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    void send(res, parts);
  });
});
afterAll(() => server?.close());

async function send(res: ServerResponse, parts: readonly Part[]): Promise<void> {
  for (const p of parts) {
    if (typeof p === 'number') await sleep(p);
    else if (!res.write(p)) await new Promise((r) => res.once('drain', r));
  }
  res.end();
}

/** `text` in `n` pieces, 100 ms apart: a slow server's trickle. */
const trickle = (text: string, n: number): Part[] =>
  Array.from({ length: n }, (_, i) => [100, text.slice((text.length * i) / n, (text.length * (i + 1)) / n)]).flat();

interface Seen {
  /** When the overlay first held a bar or a marker, and the document's readyState then. */
  first: { at: number; state: string; bars: number; markers: number; preview: boolean } | null;
  /** Error markers drawn while the document was loading. */
  markersWhileLoading: number;
  barsWhileLoading: number;
  /** What a preview drawn while the document was loading showed: markers "T:R:C severity", bars "T status". */
  previewMarkers: string[];
  previewBars: string[];
}

/** Runs in the page before its own scripts: what the overlay shows, every 20 ms, until the audit is done. */
function watchOverlay(): void {
  const seen: Seen = { first: null, markersWhileLoading: 0, barsWhileLoading: 0, previewMarkers: [], previewBars: [] };
  (window as unknown as { __blSeen: Seen }).__blSeen = seen;
  const id = setInterval(() => {
    const host = document.querySelector<HTMLElement>('budget-lens-overlay');
    const bars = host?.shadowRoot?.querySelectorAll('.bl-bar').length ?? 0;
    const markers = host?.shadowRoot?.querySelectorAll('.bl-marker').length ?? 0;
    if (bars + markers > 0 && !seen.first)
      seen.first = {
        at: performance.now(),
        state: document.readyState,
        bars,
        markers,
        preview: !!host?.dataset.preview,
      };
    if (document.readyState === 'loading') {
      seen.markersWhileLoading = Math.max(seen.markersWhileLoading, markers);
      seen.barsWhileLoading = Math.max(seen.barsWhileLoading, bars);
      if (host?.dataset.preview) {
        const add = (list: string[], item: string): void => void (list.includes(item) || list.push(item));
        for (const m of host.shadowRoot?.querySelectorAll<HTMLElement>('.bl-marker') ?? [])
          add(seen.previewMarkers, `${m.dataset.cell} ${m.dataset.severity}`);
        for (const b of host.shadowRoot?.querySelectorAll<HTMLElement>('.bl-bar') ?? [])
          add(seen.previewBars, `${b.dataset.table} ${b.dataset.status}`);
      }
    }
    if (document.documentElement.getAttribute('data-budget-lens') === 'done') clearInterval(id);
  }, 20);
}

/**
 * Opens a page served in parts, waits for its audit; what the overlay showed, the report the background kept, and
 * the phases the side panel's progress went through (a panel following the tab, opened before the page).
 */
async function load(path: string, parts: readonly Part[]) {
  pages.set(path, parts);
  pages.set('/blank.html', ['<!doctype html><html><head><title>blank</title></head><body></body></html>']);
  const e2e = session();
  const { context, extensionId } = e2e.browser;
  const page: Page = await context.newPage();
  const panel: Page = await context.newPage();
  try {
    await page.addInitScript(watchOverlay);
    await page.goto(`${server.base}/blank.html`);
    const tabId = await e2e.tabId(`${server.base}/blank.html`);
    await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tab=${tabId}`);
    await page.bringToFront();
    const url = `${server.base}${path}`;
    await page.goto(url, { waitUntil: 'commit' });
    const phases: string[] = [];
    const progress = panel.locator('[data-testid="progress"]');
    const done = (): Promise<boolean> =>
      page.evaluate(() => document.documentElement.getAttribute('data-budget-lens') === 'done').catch(() => false);
    for (const stop = Date.now() + 60_000; !(await done()); await sleep(100)) {
      if (Date.now() > stop) throw new Error(`${path} was not audited within 60 s`);
      const phase = await progress.getAttribute('data-phase', { timeout: 100 }).catch(() => null);
      if (phase && phases[phases.length - 1] !== phase) phases.push(phase);
    }
    const seen = await page.evaluate(() => (window as unknown as { __blSeen: Seen }).__blSeen);
    const drawn = await page.evaluate(() => {
      const root = document.querySelector('budget-lens-overlay')?.shadowRoot;
      return {
        markers: [...(root?.querySelectorAll<HTMLElement>('.bl-marker') ?? [])].map(
          (m) => `${m.dataset.cell} ${m.dataset.severity}`,
        ),
        bars: [...(root?.querySelectorAll<HTMLElement>('.bl-bar') ?? [])].map(
          (b) => `${b.dataset.table} ${b.dataset.status}`,
        ),
      };
    });
    const stored = await e2e.storedReport(await e2e.tabId(url));
    return { seen, bars: drawn.bars.length, drawn, stored, url, phases };
  } finally {
    await panel.close();
    await page.close();
  }
}

/** Where the `n`-th `</table>` of `html` ends (1-based). */
function afterTable(html: string, n: number): number {
  let at = 0;
  for (let i = 0; i < n; i++) at = html.indexOf('</table>', at) + '</table>'.length;
  return at;
}

describe('a large page still arriving', () => {
  it('gets its first tables marked while it loads, the panel says so; loaded, it is the command line’s', async () => {
    const { html } = generatePage({ tables: 12, dataRows: 120 }, 20240101);
    // The head and the first four tables at once, the rest over about four seconds.
    const cut = afterTable(html, 4);
    const { seen, bars, stored, url, phases } = await load('/arriving.html', [
      html.slice(0, cut),
      ...trickle(html.slice(cut), 40),
    ]);

    expect(seen.first, 'no mark was ever drawn').not.toBeNull();
    expect(seen.first!.state).toBe('loading');
    expect(seen.first!.preview).toBe(true);
    expect(seen.first!.bars).toBeGreaterThan(0);
    expect(seen.first!.bars).toBeLessThanOrEqual(PREVIEW_TABLES);
    expect(bars).toBe(12);
    expect(reportGist(stored)).toEqual(reportGist(toJson(auditHtml(html, url).report)));
    // The side panel said the page was still arriving, then how far the audit was.
    expect(phases[0], `phases seen: ${phases.join(', ')}`).toBe('loading');
    expect(phases.slice(1).some((p) => p === 'reading' || p === 'auditing')).toBe(true);
  });
});

describe('real disclosure pages arriving in pieces over seconds', () => {
  it.each(['pages/huzhou-2024.word.html', 'pages/huzhou-2024.cms.html', 'pages/shaoxing-2021.cms.html'])(
    '%s: the first tables marked while it loads, with no mark the whole page’s report does not have',
    async (name) => {
      const html = fixture(name);
      const path = `/${name.replace(/\W/gu, '-')}`;
      const { seen, drawn, stored, url } = await load(path, trickle(html, 40));
      expect(seen.barsWhileLoading).toBeGreaterThan(0);
      expect(seen.previewMarkers.filter((m) => !drawn.markers.includes(m))).toEqual([]);
      expect(seen.previewBars.filter((b) => !drawn.bars.includes(b))).toEqual([]);
      expect(reportGist(stored)).toEqual(reportGist(toJson(auditHtml(html, url).report)));
    },
  );
});

describe('a page whose script appends to the document while the parser is inside a table', () => {
  // One consistent table; a script in its middle appends an element to the body, after the table, so that the table
  // looks finished while the server pauses with half its rows sent.
  const { html } = generatePage({ tables: 1, dataRows: 40 }, 7);
  const tail = '<p>说明：以上为部门预算支出情况。</p>'.repeat(20);
  const end = html.lastIndexOf('</div></body>');
  const table = html.indexOf('<table');
  const half = html.indexOf('</tr>', table + Math.floor((afterTable(html, 1) - table) / 2)) + '</tr>'.length;
  const script = '<script>document.body.appendChild(document.createElement("div"))</script>';
  /** The page sent up to `at` with the script there, a pause of 2.5 s, the rest of the table, then a trickle. */
  const pausedAt = (at: number): Part[] => [
    html.slice(0, at) + script,
    2500,
    html.slice(at, end),
    ...trickle(tail, 25),
    html.slice(end),
  ];

  it('the half-read table is not the table: a preview of it would say something false', () => {
    const halfPage = `${html.slice(0, half)}</tbody></table></div></body></html>`;
    expect(auditHtml(halfPage).report.tables[0]!.status).toBe('not-understood');
    expect(auditHtml(html).report.tables[0]!.status).toBe('checked');
  });

  it('never previews the table half read while loading; the whole page is the command line’s', async () => {
    const { seen, stored, url } = await load('/script-in-table.html', pausedAt(half));
    expect(seen.barsWhileLoading).toBe(0);
    expect(seen.markersWhileLoading).toBe(0);
    expect(stored.summary.errors).toBe(0);
    const whole = `${html.slice(0, half)}${script}${html.slice(half, end)}${tail}${html.slice(end)}`;
    expect(reportGist(stored)).toEqual(reportGist(toJson(auditHtml(whole, url).report)));
  });

  it('control: the same page paused after the table is marked while it loads', async () => {
    const { seen } = await load('/script-after-table.html', pausedAt(afterTable(html, 1)));
    expect(seen.barsWhileLoading).toBeGreaterThan(0);
    expect(seen.markersWhileLoading).toBe(0);
  });
});
