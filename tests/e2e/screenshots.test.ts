import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditFixture, FIXTURES } from '../helpers';
import { CHANGED, screenshotDir, sleep, useE2E } from './harness';

/**
 * A screenshot of every fixture page after the audit, to artifacts/screenshots/<name>.png (from just above the
 * first marker or bar, at most MAX_HEIGHT pixels), for a person to look at what the overlay draws.
 */

const MAX_HEIGHT = 4_000;
const PAGES = readdirSync(join(FIXTURES, 'pages'))
  .filter((f) => f.endsWith('.html'))
  .sort();

const session = useE2E();

describe('screenshots of the fixture pages after the audit', () => {
  const dir = screenshotDir('screenshots');

  it.each([...PAGES.map((f) => `pages/${f}`), CHANGED])('%s', async (path) => {
    const budget = path === CHANGED || auditFixture(path).report.summary.budgetTables > 0;
    const { page, errors } = await session().open(path, { audit: budget });
    try {
      if (!budget) {
        await sleep(1_500);
        expect(await page.locator('budget-lens-overlay').count()).toBe(0);
      }
      // From a little above the first marker (else the first bar, else the top): the tables, not the preamble.
      const { top, height } = await page.evaluate(() => {
        const root = document.querySelector('budget-lens-overlay')?.shadowRoot;
        const first = root?.querySelector('.bl-marker') ?? root?.querySelector('.bl-bar');
        const y = first ? Math.max(0, first.getBoundingClientRect().top + window.scrollY - 300) : 0;
        return { top: y, height: document.documentElement.scrollHeight };
      });
      const file = join(
        dir,
        `${path
          .split('/')
          .pop()!
          .replace(/\.html$/u, '')}.png`,
      );
      await page.screenshot({
        path: file,
        fullPage: true,
        clip: { x: 0, y: top, width: 1280, height: Math.max(1, Math.min(height - top, MAX_HEIGHT)) },
      });
      expect(statSync(file).size).toBeGreaterThan(1_000);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
