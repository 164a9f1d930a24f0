import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../lib/report/json';
import { CORPUS } from '../corpus/load';
import { auditHtml } from '../helpers';
import { FIRST_PAGE, positionedPage } from '../positioned-page';
import { intersects, overlayState, pageContentDiff, reportGist, useE2E } from './harness';

/**
 * A PDF published as a web page of positioned text (no budget <table>: 烟台's site publishes its disclosures so): the
 * detector loads the engine by itself, the tables are rebuilt and audited, and the side panel's report says what
 * held and what did not. The page is left as it was and nothing fails in it.
 */

const e2e = useE2E();
const CLEAN = 'e2e/positioned-clean.html';
const CHANGED = 'e2e/positioned-changed.html';
const YANTAI = 'yantai-tuiyijunren-2026-yusuan.html';

const gist = reportGist;

describe('a PDF published as positioned text, in the browser', () => {
  it('is audited without a click: its rebuilt table checked, the report stored for the side panel', async () => {
    e2e().server.put(CLEAN, positionedPage());
    const { page, url, errors } = await e2e().open(CLEAN);
    try {
      const report = await e2e().storedReport(await e2e().tabId(url));
      // The breadcrumb and footer <table> elements, then the table rebuilt from the two printed pages.
      expect(report.summary.tables).toBe(3);
      const rebuilt = report.tables.find((t) => t.index === 2)!;
      expect(rebuilt.title).toBe('一般公共预算支出情况表');
      expect(rebuilt.status).toBe('checked');
      expect(rebuilt.passed).toBeGreaterThanOrEqual(8);
      expect(report.summary.errors).toBe(0);
      expect(await pageContentDiff(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it.each([
    ['worker', null],
    ['page', "worker-src 'none'"],
  ] as const)('reports a figure that does not add up, marked at its cell (audited in the %s)', async (engine, csp) => {
    const first = FIRST_PAGE.map((r) => [...r]);
    first[4]![3] = '910.00';
    const path = `${CHANGED.replace('.html', '')}-${engine}.html`;
    e2e().server.put(path, positionedPage({ first }), csp ? { 'Content-Security-Policy': csp } : undefined);
    const { page, url, errors } = await e2e().open(path);
    try {
      const report = await e2e().storedReport(await e2e().tabId(url));
      const errs = report.findings.filter((f) => f.severity === 'error');
      expect(errs.length).toBeGreaterThanOrEqual(1);
      expect(errs.every((f) => f.table === 2)).toBe(true);
      expect(errs.some((f) => f.cells.some((c) => c.table === 2 && c.row === 4 && c.cell === 3))).toBe(true);
      // Marked on the page where it is printed: the marker sits on the figure's own text box, the table's bar above
      // the table.
      expect(await page.locator('budget-lens-overlay').getAttribute('data-engine')).toBe(engine);
      const state = await overlayState(page);
      const marker = state.markers.find((m) => m.cell === '2:4:3');
      expect(marker?.visible).toBe(true);
      const figure = await page.evaluate(() => {
        const box = [...document.querySelectorAll('div.p')].find((d) => d.textContent === '910.00')!;
        const r = box.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
      });
      expect(intersects(marker!.rect, figure)).toBe(true);
      // Not on the row above or below: the marker's middle is within the figure's row (20 pt = 26.7 px apart).
      expect(Math.abs((marker!.rect.top + marker!.rect.bottom) / 2 - (figure.top + figure.bottom) / 2)).toBeLessThan(
        14,
      );
      const bar = state.bars.find((b) => b.table === '2');
      expect(bar?.visible).toBe(true);
      // The browser itself reports the worker the page's CSP blocked; nothing else.
      expect(errors.filter((e) => !/violates the following Content Security Policy/u.test(e))).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('烟台 of the corpus as published (3.5 MB, 47 printed pages): the report of the command line', async () => {
    const html = readFileSync(join(CORPUS, YANTAI), 'utf8');
    e2e().server.put(`e2e/${YANTAI}`, html);
    const { page, url, errors } = await e2e().open(`e2e/${YANTAI}`);
    try {
      const stored = await e2e().storedReport(await e2e().tabId(url));
      expect(stored.summary.budgetTables).toBeGreaterThanOrEqual(12);
      expect(stored.summary.errors).toBe(0);
      expect(gist(stored)).toEqual(gist(toJson(auditHtml(html, url).report)));
      // The saved page's own scripts fail here (their site's resources are not served); none of ours does.
      expect(errors.filter((e) => /budget-lens|chrome-extension:/u.test(e))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
