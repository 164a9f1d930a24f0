import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { rowCells, tableRows, type DomNode } from '../../lib/dom/adapter';
import { PageReportSchema, reportKey, type PageReport } from '../../lib/extension/messages';
import { ARTIFACTS, EXT_DIR, launchWithExtension, type ExtensionBrowser } from '../../scripts/lib/browser';
import { serveFixtures, type FixtureServer } from '../../scripts/lib/server';
import { auditHtml, fixture, FIXTURES, key } from '../helpers';

/**
 * The end-to-end harness: one Chromium with the test build of the extension and one fixture server per test
 * file (tests/fixtures/ is served as is: 'pages/huzhou-2024.clean.html', 'synthetic/…', 'e2e/…'), and what the
 * tests read back from a page: the overlay (through its open shadow root), the cells, the stored report.
 */

/** How long a page may take to be audited before a test says the overlay never came. */
const AUDIT_TIMEOUT_MS = 20_000;

export type Severity = 'error' | 'warning' | 'info';
const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly width: number;
  readonly height: number;
}

export const intersects = (a: Rect, b: Rect): boolean =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

export interface E2E {
  readonly browser: ExtensionBrowser;
  readonly server: FixtureServer;
  /** Opens a page in a new tab, recording its console errors and uncaught errors. */
  open(path: string, opts?: { audit?: boolean }): Promise<OpenedPage>;
  /** The tab id Chromium gave the page at this URL (read with chrome.tabs.query in the service worker). */
  tabId(url: string): Promise<number>;
  /** The report the background stored for a tab (waits for it). */
  storedReport(tabId: number): Promise<PageReport>;
  badgeText(tabId: number): Promise<string>;
  close(): Promise<void>;
}

export interface OpenedPage {
  readonly page: Page;
  readonly url: string;
  /** console.error lines and uncaught errors of the page (content scripts included), its own 404s aside. */
  readonly errors: string[];
}

/** Within one test file: has any page been audited yet, has any wait for an audit timed out. */
let auditSeen = false;
let auditMissed = false;

/** The unpacked extension under test: the global setup's private copy of the build (else .output-test/chrome-mv3). */
export function extDir(): string {
  return inject('extDir') ?? EXT_DIR;
}

export async function startE2E(): Promise<E2E> {
  const server = await serveFixtures({ root: FIXTURES });
  let browser: ExtensionBrowser;
  try {
    browser = await launchWithExtension({ headless: true, extDir: extDir() });
  } catch (e) {
    await server.close();
    throw e;
  }
  const { context } = browser;

  const e2e: E2E = {
    browser,
    server,
    async open(path, opts = {}) {
      const url = /^https?:/u.test(path) ? path : server.url(path);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        // The page's own missing resources (the CMS pages link /module/css/common.css …) are not the extension's doing.
        if (m.text().startsWith('Failed to load resource') && (m.location().url ?? '').startsWith(`${server.base}/`))
          return;
        errors.push(`console.error: ${m.text()}`);
      });
      page.on('pageerror', (err) => errors.push(`uncaught: ${err.stack ?? err.message}`));
      await page.goto(url, { waitUntil: 'load' });
      if (opts.audit ?? true) {
        try {
          await waitForAudit(page);
        } catch (e) {
          const more = [...errors, ...(await browser.workerErrors()).map((x) => `service worker: ${x}`)];
          await page.close();
          throw new Error(`${(e as Error).message}${more.length > 0 ? `\nErrors seen:\n  ${more.join('\n  ')}` : ''}`);
        }
      }
      return { page, url, errors };
    },
    tabId: (url) => browser.tabIdOf(url),
    async storedReport(tabId) {
      const storageKey = reportKey(tabId);
      const deadline = Date.now() + 10_000;
      for (;;) {
        const raw = await browser.sessionValue(storageKey);
        if (raw !== undefined) {
          const parsed = PageReportSchema.safeParse(raw);
          if (!parsed.success)
            throw new Error(
              `chrome.storage.session ${storageKey} does not match PageReportSchema: ${parsed.error.message}`,
            );
          return parsed.data;
        }
        if (Date.now() > deadline)
          throw new Error(`the background stored no report under chrome.storage.session "${storageKey}" within 10 s`);
        await sleep(100);
      }
    },
    badgeText: (tabId) => browser.badgeText(tabId),
    async close() {
      await browser.close();
      await server.close();
    },
  };
  return e2e;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What a reader can compare between two reports: counts, tables' statuses, findings' cells, claims' verdicts. */
export const reportGist = (r: Pick<PageReport, 'summary' | 'tables' | 'findings' | 'claims'>) => ({
  summary: r.summary,
  tables: r.tables.map((t) => `${t.index} ${t.status} ${t.passed}/${t.failed}/${t.rounding}`),
  findings: r.findings.map((f) => `${f.check} ${f.severity} ${f.cells.map((c) => `${c.table}:${c.row}:${c.cell}`)}`),
  claims: r.claims.map((c) => `${c.status} ${c.text}`),
});

/**
 * The language the marks speak in a page ('zh' or 'en', from the overlay's lang): what the checks wrote in Chinese
 * (a derivation's 差, 容差 …) is shown in it (lib/report/derivation.ts).
 */
export async function marksLang(page: Page): Promise<'zh' | 'en'> {
  const lang = await page.evaluate(
    () =>
      document.querySelector('budget-lens-overlay')?.shadowRoot?.querySelector('.bl-layer')?.getAttribute('lang') ?? '',
  );
  return lang === 'en' ? 'en' : 'zh';
}

/**
 * Waits for `<html data-budget-lens="done">`. Once a wait has timed out and no page of the file was audited, later
 * pages wait only a few seconds, so a missing content script fails every test quickly and with the same message.
 */
async function waitForAudit(page: Page): Promise<void> {
  const wait = auditMissed && !auditSeen ? 4_000 : AUDIT_TIMEOUT_MS;
  try {
    await page.waitForFunction(() => document.documentElement.getAttribute('data-budget-lens') === 'done', null, {
      timeout: wait,
      polling: 100,
    });
    auditSeen = true;
  } catch {
    auditMissed = true;
    const state = await page.evaluate(() => ({
      host: document.querySelector('budget-lens-overlay') !== null,
      attr: document.documentElement.getAttribute('data-budget-lens'),
      tables: document.getElementsByTagName('table').length,
    }));
    throw new Error(
      `budget-lens did not audit ${page.url()} within ${wait / 1000} s: ` +
        `<html> has data-budget-lens=${JSON.stringify(state.attr)} (expected "done"), ` +
        `<budget-lens-overlay> ${state.host ? 'present' : 'absent'}, ${state.tables} <table> elements. ` +
        `Does the test build in ${extDir()} run its detector on http://127.0.0.1/* and the engine set the attribute?`,
    );
  }
}

export interface MarkerInfo {
  readonly cell: string;
  readonly severity: string;
  readonly rect: Rect;
  readonly visible: boolean;
}

export interface OverlayState {
  /** null when the page has no <budget-lens-overlay>. */
  readonly host: { errors: string | null; warnings: string | null; rounding: string | null; shadow: boolean } | null;
  readonly markers: MarkerInfo[];
  readonly bars: { table: string; text: string; toggle: boolean; rect: Rect; visible: boolean; fontSize: number }[];
  readonly tooltip: { text: string; rect: Rect; visible: boolean } | null;
  readonly highlights: { cell: string; rect: Rect }[];
}

/** Everything the overlay shows, read through its open shadow root, with viewport rectangles. */
export function overlayState(page: Page): Promise<OverlayState> {
  return page.evaluate(() => {
    const rect = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
    };
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      return (
        r.width > 0 &&
        r.height > 0 &&
        e.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })
      );
    };
    const host = document.querySelector('budget-lens-overlay');
    const root = host?.shadowRoot;
    if (!host) return { host: null, markers: [], bars: [], tooltip: null, highlights: [] };
    const all = (sel: string) => (root ? [...root.querySelectorAll(sel)] : []);
    const tip = root?.querySelector('.bl-tooltip');
    return {
      host: {
        errors: host.getAttribute('data-errors'),
        warnings: host.getAttribute('data-warnings'),
        rounding: host.getAttribute('data-rounding'),
        shadow: !!root,
      },
      markers: all('.bl-marker').map((m) => ({
        cell: m.getAttribute('data-cell') ?? '',
        severity: m.getAttribute('data-severity') ?? '',
        rect: rect(m),
        visible: visible(m),
      })),
      bars: all('.bl-bar').map((b) => ({
        table: b.getAttribute('data-table') ?? '',
        text: (b.textContent ?? '').replace(/\s+/gu, ' ').trim(),
        toggle: b.querySelector('.bl-toggle') !== null,
        rect: rect(b),
        visible: visible(b),
        fontSize: Number.parseFloat(getComputedStyle(b).fontSize),
      })),
      tooltip: tip
        ? { text: (tip.textContent ?? '').replace(/\s+/gu, ' ').trim(), rect: rect(tip), visible: visible(tip) }
        : null,
      highlights: all('.bl-highlight').map((h) => ({ cell: h.getAttribute('data-cell') ?? '', rect: rect(h) })),
    };
  });
}

/** Viewport rectangles of cells by address ('T:R:C'), as the engine addresses them (table.rows[R].cells[C]). */
export function cellRects(page: Page, cells: readonly string[]): Promise<Record<string, Rect | null>> {
  return page.evaluate(
    (list) => {
      const out: Record<
        string,
        { left: number; top: number; right: number; bottom: number; width: number; height: number } | null
      > = {};
      const tables = document.querySelectorAll('table');
      for (const c of list) {
        const [t, r, k] = c.split(':').map((x) => Number.parseInt(x, 10));
        const td = tables[t!]?.rows[r!]?.cells[k!];
        if (!td) {
          out[c] = null;
          continue;
        }
        const b = td.getBoundingClientRect();
        out[c] = { left: b.left, top: b.top, right: b.right, bottom: b.bottom, width: b.width, height: b.height };
      }
      return out;
    },
    [...cells],
  );
}

/** Clicks (or focuses and presses Enter on) the marker of a cell, inside the overlay's shadow root. */
export async function activateMarker(page: Page, cell: string, how: 'click' | 'keyboard' = 'click'): Promise<void> {
  const marker = page.locator(`budget-lens-overlay .bl-marker[data-cell="${cell}"]`);
  if (how === 'click') await marker.click();
  else {
    await marker.focus();
    await page.keyboard.press('Enter');
  }
}

/**
 * The text of every cell of every table, and the number of elements inside tables and body, from the live page
 * and from the same HTML parsed afresh: what the overlay must leave alone.
 */
export function pageContentDiff(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const html = await (await fetch(location.href)).text();
    const fresh = new DOMParser().parseFromString(html, 'text/html');
    const diffs: string[] = [];
    const live = document.querySelectorAll('table');
    const orig = fresh.querySelectorAll('table');
    if (live.length !== orig.length) diffs.push(`tables: ${orig.length} → ${live.length}`);
    orig.forEach((t, i) => {
      const l = live[i];
      if (!l) return;
      const n0 = t.getElementsByTagName('*').length;
      const n1 = l.getElementsByTagName('*').length;
      if (n0 !== n1) diffs.push(`table ${i}: ${n0} → ${n1} elements`);
      for (let r = 0; r < t.rows.length; r++) {
        for (let c = 0; c < t.rows[r]!.cells.length; c++) {
          const a = t.rows[r]!.cells[c]!.textContent;
          const b = l.rows[r]?.cells[c]?.textContent;
          if (a !== b) diffs.push(`${i}:${r}:${c}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
        }
      }
    });
    const b0 = fresh.body.getElementsByTagName('*').length;
    const b1 = document.body.getElementsByTagName('*').length;
    if (b0 !== b1) diffs.push(`<body>: ${b0} → ${b1} elements`);
    return diffs;
  });
}

/** The worst severity among findings. */
function worst(severities: readonly string[]): string {
  return [...severities].sort((a, b) => (RANK[b as Severity] ?? 0) - (RANK[a as Severity] ?? 0))[0] ?? '';
}

/** Findings grouped by their stated cell ('T:R:C' of cells[0]), in report order. */
export function findingsByCell<F extends { cells: readonly { table: number; row: number; cell: number }[] }>(
  findings: readonly F[],
): Map<string, F[]> {
  const out = new Map<string, F[]>();
  for (const f of findings) {
    // A finding about the text alone (a claim's own arithmetic) has no cell: it is marked in the text instead.
    if (f.cells.length === 0) continue;
    const k = key(f.cells[0]!);
    out.set(k, [...(out.get(k) ?? []), f]);
  }
  return out;
}

/** Per stated cell ('T:R:C' of cells[0]): the worst severity of the findings stated there. */
export function expectedMarkers(
  findings: readonly { severity: string; cells: readonly { table: number; row: number; cell: number }[] }[],
): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const f of findings) {
    if (f.cells.length === 0) continue;
    const k = key(f.cells[0]!);
    out.set(k, [...(out.get(k) ?? []), f.severity]);
  }
  return new Map([...out].map(([k, s]) => [k, worst(s)]));
}

/**
 * The page's HTML with one cell's text replaced, the cell found by its engine address (a site's typo), serialized
 * from linkedom. The tests audit this very HTML in Node to know what the browser must show.
 */
export function htmlWithCellChanged(
  html: string,
  addr: { table: number; row: number; cell: number },
  text: string,
): string {
  const { document } = parseHTML(html);
  const table = document.querySelectorAll('table')[addr.table] as unknown as DomNode;
  const td = rowCells(tableRows(table)[addr.row]!)[addr.cell] as unknown as { textContent: string };
  td.textContent = text;
  return document.toString();
}

/** Where the tests serve hangzhouChanged(). */
export const CHANGED = 'e2e/hangzhou-2024-changed.html';

/** hangzhou-2024 (clean) with 表5 一般公共预算支出表 行政运行 合计 1,797.02 printed as 1,797.20, as a site's typo would. */
export function hangzhouChanged(): string {
  const html = fixture('pages/hangzhou-2024.clean.html');
  const { doc } = auditHtml(html);
  const gpb = doc.tables.find((t) => t.kind === 'gpb-expenditure')!;
  const row = gpb.rows.find((r) => r.label.includes('行政运行'))!;
  const cell = row.values.get(gpb.columns.find((c) => c.role === 'amount')!.index)!;
  if (cell.raw !== '1,797.02') throw new Error(`fixture changed: 表5 行政运行 合计 is ${cell.raw}`);
  return htmlWithCellChanged(html, cell.addr, '1,797.20');
}

/** Integers printed in a text ("通过 66 · 错误 0" → [66, 0]); thousands separators joined. */
export const integersIn = (text: string): number[] =>
  [...text.replace(/(\d),(\d{3})/gu, '$1$2').matchAll(/\d+/gu)].map((m) => Number.parseInt(m[0], 10));

export function screenshotDir(sub: string): string {
  const dir = join(ARTIFACTS, sub);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** One browser and one server for a test file (with the changed Hangzhou page served); the getter gives them. */
export function useE2E(): () => E2E {
  let e2e: E2E | undefined;
  beforeAll(async () => {
    e2e = await startE2E();
    e2e.server.put(CHANGED, hangzhouChanged());
  });
  afterAll(async () => {
    await e2e?.close();
  });
  return () => {
    if (!e2e) throw new Error('the end-to-end browser did not start');
    return e2e;
  };
}
