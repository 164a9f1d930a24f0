import { describe, expect, it } from 'vitest';
import { auditHtml, fixture, key } from '../helpers';
import { CHANGED, cellRects, hangzhouChanged, integersIn, useE2E } from './harness';

/**
 * The side panel, opened for a tab as the toolbar button would (sidepanel.html?tab=<tabId>): the page's
 * department, year and unit, its counts, one entry per finding; clicking an entry brings its cell into view.
 */

const PAGES = [
  { name: 'hangzhou-2024.clean with one amount changed (errors)', path: CHANGED, html: hangzhouChanged },
  {
    name: 'huzhou-2024.clean (rounding only)',
    path: 'pages/huzhou-2024.clean.html',
    html: () => fixture('pages/huzhou-2024.clean.html'),
  },
];

const session = useE2E();

const testId = (id: string) => `[data-testid="${id}"]`;
const cellsOf = (attr: string | null): string[] => [...(attr ?? '').matchAll(/\d+:\d+:\d+/gu)].map((m) => m[0]);

describe('the side panel shows the page the command line reports', () => {
  it.each(PAGES)('$name', async ({ path, html }) => {
    const { report } = auditHtml(html(), path);
    const { page, url } = await session().open(path);
    const tabId = await session().tabId(url);
    await session().storedReport(tabId);
    const panel = await session().browser.context.newPage();
    const panelErrors: string[] = [];
    panel.on('console', (m) => {
      if (m.type() === 'error') panelErrors.push(m.text());
    });
    panel.on('pageerror', (e) => panelErrors.push(e.message));
    try {
      await panel.goto(`chrome-extension://${session().browser.extensionId}/sidepanel.html?tab=${tabId}`);
      await panel.locator(testId('department')).waitFor({ timeout: 10_000 });
      expect(await panel.locator(testId('department')).innerText()).toContain(report.document.department!);
      expect(await panel.locator(testId('year')).innerText()).toContain(String(report.document.year));
      // The unit in the panel's language (the tables print it in Chinese).
      const english = (await panel.evaluate(() => document.documentElement.lang)) === 'en';
      expect(await panel.locator(testId('unit')).innerText()).toContain(
        english ? { 元: 'yuan', 万元: '×10,000 yuan' }[report.document.unit as string]! : report.document.unit!,
      );
      const counts = integersIn(await panel.locator(testId('counts')).innerText());
      expect(counts, 'the error count').toContain(report.summary.errors);
      expect(counts, 'the rounding count').toContain(report.summary.rounding);

      // One entry per finding, with its severity and its cells.
      const entries = panel.locator(testId('finding'));
      await expect.poll(() => entries.count()).toBe(report.findings.length);
      const shown = await entries.evaluateAll((els) =>
        els.map((e) => ({ severity: e.getAttribute('data-severity'), cells: e.getAttribute('data-cells') })),
      );
      const brief = (severity: string | null, cells: string[]) => `${severity} ${cells.join(' ')}`;
      expect(shown.map((s) => brief(s.severity, cellsOf(s.cells))).sort()).toEqual(
        report.findings.map((f) => brief(f.severity, f.cells.map(key))).sort(),
      );

      // Clicking an entry whose cell is out of view scrolls the page to it.
      await page.evaluate(() => window.scrollTo(0, 0));
      const inView = async (cell: string) => {
        const r = (await cellRects(page, [cell]))[cell]!;
        const h = await page.evaluate(() => window.innerHeight);
        return r.top >= 0 && r.bottom <= h;
      };
      let target: number | undefined;
      for (let i = shown.length - 1; i >= 0; i--) {
        // A finding about the text alone (a claim's own arithmetic) has no cell to scroll to.
        const first = cellsOf(shown[i]!.cells)[0];
        if (first !== undefined && !(await inView(first))) {
          target = i;
          break;
        }
      }
      expect(target, 'every finding is already in view at the top of the page: nothing to scroll to').toBeDefined();
      const cell = cellsOf(shown[target!]!.cells)[0]!;
      await entries.nth(target!).click();
      await expect
        .poll(() => inView(cell), { timeout: 5_000, message: `cell ${cell} was not scrolled into view` })
        .toBe(true);
      expect(panelErrors).toEqual([]);
    } finally {
      await panel.close();
      await page.close();
    }
  });
});
