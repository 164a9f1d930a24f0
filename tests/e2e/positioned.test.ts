import { describe, expect, it } from 'vitest';
import { FIRST_PAGE, positionedPage } from '../positioned-page';
import { pageContentDiff, useE2E } from './harness';

/**
 * A PDF published as a web page of positioned text (no budget <table>: 烟台's site publishes its disclosures so): the
 * detector loads the engine by itself, the tables are rebuilt and audited, and the side panel's report says what
 * held and what did not. The page is left as it was and nothing fails in it.
 */

const e2e = useE2E();
const CLEAN = 'e2e/positioned-clean.html';
const CHANGED = 'e2e/positioned-changed.html';

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

  it('reports a figure that does not add up, at its cell of the rebuilt table', async () => {
    const first = FIRST_PAGE.map((r) => [...r]);
    first[4]![3] = '910.00';
    e2e().server.put(CHANGED, positionedPage({ first }));
    const { page, url, errors } = await e2e().open(CHANGED);
    try {
      const report = await e2e().storedReport(await e2e().tabId(url));
      const errs = report.findings.filter((f) => f.severity === 'error');
      expect(errs.length).toBeGreaterThanOrEqual(1);
      expect(errs.every((f) => f.table === 2)).toBe(true);
      expect(errs.some((f) => f.cells.some((c) => c.table === 2 && c.row === 4 && c.cell === 3))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
