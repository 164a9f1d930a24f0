import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generatePage } from '../../bench/large-page';
import { markerGroups } from '../../components/marks/place';
import { toJson } from '../../lib/report/json';
import { auditHtml } from '../helpers';
import { activateMarker, cellRects, overlayState, sleep, useE2E } from './harness';

/**
 * Issue 13, the drawing: the marks are drawn in slices, one right after each frame (components/marks/frames.ts), on
 * the host the detector put on the page when it was parsed. A page with many tables and a wrong figure in each gets
 * every bar and every marker the command line's report has, each on its cell's corner, after scrolling and after
 * the page's own layout moves the tables; the markers stay reachable from the keyboard.
 */

const session = useE2E();

const MANY = { tables: 24, dataRows: 60 } as const;

/** The page with one figure of each table raised by 1.00: a finding in every table. */
function wrongInEveryTable(html: string): string {
  let seen = 0;
  return html.replace(/<table\b|>(\d{1,3}(?:,\d{3})*)\.(\d{2})</gu, (m, int?: string, dec?: string) => {
    if (int === undefined) {
      seen = 0;
      return m;
    }
    // The 12th figure of the table: a leaf's figure, well inside its body.
    if (++seen !== 12) return m;
    const raised = String(Number.parseInt(int.replace(/,/gu, ''), 10) + 1).replace(/\B(?=(\d{3})+$)/gu, ',');
    return `>${raised}.${dec}<`;
  });
}

/** Every marker's offset from its cell's top-right corner (viewport px), with the cells that have no marker. */
async function offsets(page: Page): Promise<{ offsets: [number, number][]; missing: string[] }> {
  const state = await overlayState(page);
  const cells = await cellRects(
    page,
    state.markers.map((m) => m.cell),
  );
  const missing: string[] = [];
  const out: [number, number][] = [];
  for (const m of state.markers) {
    const c = cells[m.cell];
    if (!c) missing.push(m.cell);
    else out.push([Math.round(m.rect.left - c.right), Math.round(m.rect.top - c.top)]);
  }
  return { offsets: out, missing };
}

/** All offsets the same as the first, within a pixel, and near the corner. */
function sameCorner(list: readonly [number, number][]): boolean {
  const [dx, dy] = list[0]!;
  return (
    Math.abs(dx) < 20 && Math.abs(dy) < 20 && list.every(([x, y]) => Math.abs(x - dx) <= 1 && Math.abs(y - dy) <= 1)
  );
}

describe('a page with many tables, drawn in slices', () => {
  it('gets every bar and marker, on their cells after scrolling and layout changes, by keyboard too', async () => {
    const html = wrongInEveryTable(generatePage(MANY, 20240102).html);
    const e2e = session();
    e2e.server.put('e2e/many-wrong.html', html);
    // Where the host was at the page's load event: the detector puts it there when the page is parsed.
    await e2e.browser.context.addInitScript(() =>
      addEventListener('load', () => {
        const w = window as unknown as { __blHostAtLoad?: boolean };
        w.__blHostAtLoad = document.documentElement.lastElementChild?.localName === 'budget-lens-overlay';
      }),
    );
    const { page, url, errors } = await e2e.open('e2e/many-wrong.html');
    try {
      expect(await page.evaluate(() => (window as unknown as { __blHostAtLoad?: boolean }).__blHostAtLoad)).toBe(true);
      const report = toJson(auditHtml(html, url).report);
      const groups = markerGroups(report.findings);
      const tablesWithFindings = new Set(groups.map((g) => g.cell.table));
      expect(tablesWithFindings.size, 'the command line finds the wrong figure of most tables').toBeGreaterThan(
        MANY.tables / 2,
      );

      // Every bar and every marker of the command line's report.
      const state = await overlayState(page);
      expect(state.bars).toHaveLength(report.tables.filter((t) => t.status !== 'not-budget').length);
      expect(state.markers.map((m) => m.cell).sort()).toEqual(
        groups.map((g) => `${g.cell.table}:${g.cell.row}:${g.cell.cell}`).sort(),
      );
      // One host: the detector's, taken by the overlay.
      expect(await page.locator('budget-lens-overlay').count()).toBe(1);

      // Each marker on its cell's top-right corner, wherever the page is scrolled.
      const at = await offsets(page);
      expect(at.missing).toEqual([]);
      expect(sameCorner(at.offsets), JSON.stringify(at.offsets.slice(0, 5))).toBe(true);
      for (const y of [0.5, 1]) {
        await page.evaluate((f) => scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * f), y);
        await sleep(200);
        const now = await offsets(page);
        expect(now.offsets).toHaveLength(at.offsets.length);
        expect(sameCorner([at.offsets[0]!, ...now.offsets])).toBe(true);
      }

      // The page's own layout moves every table down: the marks follow.
      await page.evaluate(() => {
        const p = document.createElement('p');
        p.style.height = '333px';
        p.textContent = '插入的段落';
        document.body.prepend(p);
      });
      const follows = async (): Promise<boolean> => sameCorner([at.offsets[0]!, ...(await offsets(page)).offsets]);
      await expect.poll(follows, { timeout: 5_000 }).toBe(true);
      // A narrower window: the same.
      await page.setViewportSize({ width: 700, height: 800 });
      await expect.poll(follows, { timeout: 5_000 }).toBe(true);

      // The last table's marker, from the keyboard: focus and Enter open its recomputation.
      const last = [...groups].sort((a, b) => b.cell.table - a.cell.table)[0]!;
      const cell = `${last.cell.table}:${last.cell.row}:${last.cell.cell}`;
      await activateMarker(page, cell, 'keyboard');
      const tip = (await overlayState(page)).tooltip;
      expect(tip?.visible).toBe(true);
      expect(
        await page.evaluate(
          () =>
            document
              .querySelector('budget-lens-overlay')
              ?.shadowRoot?.querySelector('.bl-tooltip')
              ?.getAttribute('data-cell') ?? null,
        ),
      ).toBe(cell);
      // Tab moves from a marker to the next focusable mark, still inside the overlay.
      await page.keyboard.press('Escape');
      await page.locator(`budget-lens-overlay .bl-marker[data-cell="${cell}"]`).focus();
      await page.keyboard.press('Shift+Tab');
      expect(
        await page.evaluate(() => {
          const a = document.querySelector('budget-lens-overlay')?.shadowRoot?.activeElement;
          return a ? a.tagName : null;
        }),
      ).toBe('BUTTON');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
