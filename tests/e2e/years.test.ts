import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers';
import { useE2E } from './harness';

/**
 * This year against last, in the real browser: a saved page of an earlier year is brought in on the history page
 * without visiting it; the current year's page then shows each line's earlier value, change and %, and the side
 * panel lists the swings, the lines that appeared, vanished or moved, and the chart. Values: the synthetic 2023
 * of tests/fixtures/years/README.md against hangzhou-2024.clean.
 */

const session = useE2E();
const testId = (id: string) => `[data-testid="${id}"]`;

function priorLabels(page: Page): Promise<Record<string, { text: string; kind: string; swing: boolean }>> {
  return page.evaluate(() => {
    const root = document.querySelector('budget-lens-overlay')?.shadowRoot;
    const out: Record<string, { text: string; kind: string; swing: boolean }> = {};
    for (const e of root?.querySelectorAll('.bl-prior[data-cell]') ?? []) {
      out[e.getAttribute('data-cell')!] = {
        text: (e.textContent ?? '').replace(/\s+/gu, ' ').trim(),
        kind: e.getAttribute('data-kind') ?? '',
        swing: e.getAttribute('data-swing') === 'true',
      };
    }
    return out;
  });
}

function snapshotKeys(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const c = (
      globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } }
    ).chrome;
    return Object.keys(await c.storage.local.get(null)).filter((k) => k.startsWith('snapshot:'));
  });
}

describe('prior years', () => {
  it(
    'a saved 2023 page brought in on the history page; the 2024 page shows earlier values, swings, moves and ' +
      'the chart',
    async () => {
      const e2e = session();
      const ext = `chrome-extension://${e2e.browser.extensionId}`;

      // 1. Bring in the earlier year from a saved file, without visiting it.
      const history = await e2e.browser.context.newPage();
      await history.goto(`${ext}/years.html`);
      await history.locator(testId('history-page')).waitFor({ timeout: 10_000 });
      await history
        .locator(testId('history-import'))
        .setInputFiles(join(FIXTURES, 'years/hangzhou-2023.synthetic.html'));
      await history.locator(testId('history-imported')).waitFor({ timeout: 15_000 });
      expect(await snapshotKeys(history)).toHaveLength(1);
      // A file without budget tables is refused with a reason, and nothing is stored.
      await history.locator(testId('history-import')).setInputFiles({
        name: 'notice.html',
        mimeType: 'text/html',
        buffer: Buffer.from('<html><body><p>通知</p></body></html>'),
      });
      await history.locator(testId('history-error')).waitFor({ timeout: 10_000 });
      expect(await snapshotKeys(history)).toHaveLength(1);

      // 2. The current year: a label by each line's amount with the earlier value, the change and the %.
      const { page, url, errors } = await e2e.open('pages/hangzhou-2024.clean.html');
      await expect
        .poll(async () => Object.keys(await priorLabels(page)).length, { timeout: 10_000 })
        .toBeGreaterThan(10);
      const labels = await priorLabels(page);
      expect(labels['4:2:1']?.text).toContain('7,731.68');
      expect(labels['4:2:1']?.text).toContain('+417.79');
      expect(labels['4:2:1']?.text).toContain('+5.4%');
      expect(labels['4:5:1']?.text).toContain('1,731.17'); // 行政运行
      expect(labels['4:5:1']?.text).toContain('+3.8%');
      expect(labels['4:8:1']?.kind).toBe('new'); // 其他信访事务支出 appeared
      expect(labels['4:7:1']).toMatchObject({ kind: 'moved' }); // 信访事务 moved from 2010308
      expect(labels['4:7:1']!.text).toContain('2010308');
      expect(labels['4:11:1']).toMatchObject({ swing: true }); // 科技成果转化与扩散 −71.8%
      expect(labels['4:11:1']!.text).toContain('-71.8%');
      expect(labels['4:5:1']!.swing).toBe(false);
      // Visiting kept this year's snapshot too.
      expect(await snapshotKeys(history)).toHaveLength(2);

      // 3. The side panel: the years compared, the swings largest first, what appeared, vanished and moved, a chart.
      const tabId = await e2e.tabId(url);
      const panel = await e2e.browser.context.newPage();
      await panel.goto(`${ext}/sidepanel.html?tab=${tabId}`);
      await panel.locator(testId('years')).waitFor({ timeout: 10_000 });
      expect(await panel.locator(testId('years-compared')).getAttribute('data-years')).toBe('2023,2024');
      const codes = (id: string, attr = 'data-code') =>
        panel.locator(testId(id)).evaluateAll((els, a) => els.map((e) => e.getAttribute(a)), attr);
      expect(await codes('swing')).toEqual(['2060404', '2010350', '2101101']);
      expect((await codes('appeared')).sort()).toEqual(['2014099', '2080506']);
      expect(await codes('vanished')).toEqual(['2101103']);
      expect(await codes('moved', 'data-from')).toEqual(['2010308']);
      expect(await codes('moved', 'data-to')).toEqual(['20140']);
      expect(await panel.locator(`${testId('years-chart')} svg, svg${testId('years-chart')}`).count()).toBeGreaterThan(
        0,
      );
      // The text's implied 上年执行数 beside the stored 2023 figure: 行政运行 agrees, 事业运行 is 115.04 above.
      const implied = (await panel.locator(testId('implied-prior')).allInnerTexts()).join('\n');
      expect(implied).toContain('1,731.17');
      expect(implied).toContain('115.04');

      // 4. A stricter threshold (30% and 20 万元): only 科技成果转化与扩散 is left, in the panel and on the page.
      await panel.locator(testId('threshold-percent')).fill('30');
      await panel.locator(testId('threshold-amount')).fill('20');
      await panel.locator(testId('threshold-save')).click();
      await expect.poll(() => codes('swing'), { timeout: 10_000 }).toEqual(['2060404']);
      await expect
        .poll(
          async () =>
            Object.entries(await priorLabels(page))
              .filter(([, l]) => l.swing)
              .map(([c]) => c),
          { timeout: 10_000 },
        )
        .toEqual(['4:11:1']);

      // 5. Keeping snapshots switched off: another department's page is audited but not kept.
      await panel.locator(testId('snapshots-enabled')).uncheck();
      await panel
        .locator(testId('threshold-save'))
        .click()
        .catch(() => undefined);
      await expect
        .poll(async () => await panel.locator(testId('snapshots-enabled')).isChecked(), { timeout: 5_000 })
        .toBe(false);
      const other = await e2e.open('pages/huzhou-2024.clean.html');
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await snapshotKeys(history)).toHaveLength(2);

      expect(errors).toEqual([]);
      for (const p of [page, panel, history, other.page]) await p.close();
    },
  );
});
