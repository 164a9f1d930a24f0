import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers';
import { useE2E } from './harness';

/**
 * An earlier year brought in from a PDF on the history page (/years.html), in the real browser: the file goes through
 * the viewer's pdf.js loader (bundled library, worker and CMaps under the extension pages' CSP), is read page by page
 * with progress, rebuilt into tables, audited and stored as a snapshot. A scan without a text layer is refused with
 * that reason and nothing is stored.
 */

const session = useE2E();
const testId = (id: string) => `[data-testid="${id}"]`;

interface StoredSnapshot {
  readonly key: string;
  readonly department: unknown;
  readonly year: unknown;
  readonly stage: unknown;
  readonly url: unknown;
}

/** The snapshot: keys of chrome.storage.local, read in the page. */
function storedSnapshots(page: Page): Promise<StoredSnapshot[]> {
  return page.evaluate(async () => {
    const c = (
      globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } }
    ).chrome;
    const all = await c.storage.local.get(null);
    return Object.entries(all)
      .filter(([k]) => k.startsWith('snapshot:'))
      .map(([key, v]) => {
        const s = v as Record<string, unknown>;
        return { key, department: s.department, year: s.year, stage: s.stage, url: s.url };
      });
  });
}

describe('the history page imports PDFs', () => {
  it(
    'Hangzhou 2024 as a PDF: read page by page, stored as its snapshot; a scanned PDF is refused, nothing ' + 'stored',
    async () => {
      const e2e = session();
      const page = await e2e.browser.context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      try {
        await page.goto(`chrome-extension://${e2e.browser.extensionId}/years.html`);
        await page.locator(testId('history-page')).waitFor({ timeout: 10_000 });
        expect(await page.locator(testId('history-import')).getAttribute('accept')).toContain('.pdf');
        // Every text the progress line shows, as it changes.
        await page.evaluate(() => {
          const seen: string[] = [];
          (globalThis as unknown as { progressSeen: string[] }).progressSeen = seen;
          const el = document.querySelector('[data-testid="history-progress"]')!;
          new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, {
            childList: true,
            subtree: true,
            characterData: true,
          });
        });

        await page.locator(testId('history-import')).setInputFiles(join(FIXTURES, 'pdf/hangzhou-2024.clean.pdf'));
        const imported = page.locator(testId('history-imported'));
        await imported.waitFor({ timeout: 30_000 });
        expect(await imported.getAttribute('data-name')).toBe('hangzhou-2024.clean.pdf');
        const stored = await storedSnapshots(page);
        expect(stored).toHaveLength(1);
        expect(stored[0]).toMatchObject({
          department: '中共杭州市委杭州市人民政府信访局',
          year: 2024,
          stage: '预算',
          url: 'file:///hangzhou-2024.clean.pdf',
        });
        expect(await imported.getAttribute('data-id')).toBe(stored[0]!.key.slice('snapshot:'.length));
        // The progress counted the pages.
        const seen = await page.evaluate(() => (globalThis as unknown as { progressSeen: string[] }).progressSeen);
        expect(
          seen.some((s) => /hangzhou-2024\.clean\.pdf.*\d+\/16/u.test(s)),
          seen.join(' | '),
        ).toBe(true);
        // The list shows it under its department.
        await page.locator(`${testId('history-snapshot')}[data-year="2024"]`).waitFor({ timeout: 10_000 });

        // A scan: a clear reason, and nothing more is stored.
        await page.locator(testId('history-import')).setInputFiles(join(FIXTURES, 'pdf/scanned.pdf'));
        const error = page.locator(testId('history-error'));
        await error.waitFor({ timeout: 30_000 });
        expect(await error.getAttribute('data-name')).toBe('scanned.pdf');
        expect(await error.innerText()).toMatch(/文本层|text layer/u);
        expect(await page.locator(testId('history-imported')).count()).toBe(0);
        expect(await storedSnapshots(page)).toHaveLength(1);

        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );
});
