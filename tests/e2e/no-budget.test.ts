import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportKey } from '../../lib/extension/messages';
import { auditFixture } from '../helpers';
import { pageContentDiff, sleep, startE2E, type E2E } from './harness';

/**
 * A page without budget tables (an article with a layout table and an 索引号 metadata table, or a budget text
 * whose tables are elsewhere) gets nothing from the extension: no overlay, no attribute, no report, no badge,
 * and no error in the page's console or in the service worker.
 */

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

/** How long the detector gets to (wrongly) act after load: document_idle plus its debounce, with margin. */
const QUIET_MS = 2_500;

describe('pages without budget tables', () => {
  it('control: the extension does audit a budget page in this browser', async () => {
    const { page, errors } = await e2e.open('pages/shaoxing-2021.clean.html');
    expect(await page.locator('budget-lens-overlay').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([
    ['e2e/no-budget.html', 'an article with a layout table and an 索引号 table'],
    ['pages/hangzhou-2022.clean.html', 'a budget text whose tables were a separate attachment'],
  ])('%s (%s): nothing injected, nothing stored, no error', async (path) => {
    // The engine agrees there is nothing to audit.
    expect(auditFixture(path).report.summary.budgetTables).toBe(0);
    const { page, url, errors } = await e2e.open(path, { audit: false });
    try {
      await sleep(QUIET_MS);
      const state = await page.evaluate(() => ({
        overlay: document.getElementsByTagName('budget-lens-overlay').length,
        attr: document.documentElement.getAttribute('data-budget-lens'),
        htmlAttrs: [...document.documentElement.attributes].map((a) => a.name),
      }));
      expect(state.overlay, 'a <budget-lens-overlay> was injected').toBe(0);
      expect(state.attr, '<html data-budget-lens> was set').toBeNull();
      expect(await pageContentDiff(page)).toEqual([]);
      const tabId = await e2e.tabId(url);
      expect(await e2e.browser.sessionValue(reportKey(tabId)), 'a report was stored for this tab').toBeUndefined();
      expect(await e2e.badgeText(tabId)).toBe('');
      expect(errors, 'errors in the page console').toEqual([]);
      expect(await e2e.browser.workerErrors(), 'errors in the service worker').toEqual([]);
    } finally {
      await page.close();
    }
  });
});
