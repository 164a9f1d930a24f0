import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { auditHtml, fixture, FIXTURES } from '../helpers';
import { screenshotDir, useE2E } from './harness';

/**
 * The PDF viewer in the real browser: a budget PDF printed from a fixture page opens from its address, is read,
 * rebuilt into tables and checked; the counts are the HTML page's, and the markers sit on the rendered pages. A
 * scanned PDF says it has no text layer; a local file opens from the file picker.
 */

const session = useE2E();
const testId = (id: string) => `[data-testid="${id}"]`;

async function openViewer(query: string): Promise<Page> {
  const e2e = session();
  const page = await e2e.browser.context.newPage();
  await page.goto(`chrome-extension://${e2e.browser.extensionId}/viewer.html${query}`);
  return page;
}

async function summary(page: Page): Promise<{ errors: number; warnings: number; rounding: number }> {
  // The report beside the pages is the side panel's: its counts carry the figures.
  const s = page.locator(testId('counts'));
  await s.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.documentElement.getAttribute('data-budget-lens') === 'done', null, {
    timeout: 30_000,
  });
  const n = async (a: string) => Number(await s.getAttribute(a));
  return { errors: await n('data-errors'), warnings: await n('data-warnings'), rounding: await n('data-rounding') };
}

describe('the PDF viewer', () => {
  it(
    'Huzhou 2024 printed to PDF by Chromium: the same counts as its HTML page, a marker per stated cell over ' +
      'the pages',
    async () => {
      const { report } = auditHtml(fixture('pages/huzhou-2024.clean.html'));
      const page = await openViewer(`?src=${encodeURIComponent(session().server.url('pdf/huzhou-2024.clean.pdf'))}`);
      try {
        expect(await summary(page)).toEqual({
          errors: report.summary.errors,
          warnings: report.summary.warnings,
          rounding: report.summary.rounding,
        });
        expect(
          report.findings.filter((f) => f.cells.length > 0).length,
          'Huzhou has cell findings (0.01 rounding)',
        ).toBeGreaterThan(0);
        // Markers are drawn on the rendered pages as they come into view; the findings list has one entry per finding.
        await expect
          .poll(() => page.locator(testId('finding')).count(), { timeout: 10_000 })
          .toBe(report.findings.length);
        // The first finding with a cell (the page's missing 收入总表 is a finding about the document, with none).
        const first = page.locator(`${testId('finding')}[data-cells*=":"]`).first();
        const cell = /\d+:\d+:\d+/u.exec((await first.getAttribute('data-cells')) ?? '')![0];
        await first.click();
        const marker = page.locator(`.bl-marker[data-cell="${cell}"]`);
        await marker.waitFor({ timeout: 10_000 });
        expect(await marker.isVisible()).toBe(true);
        const box = await marker.boundingBox();
        const pageBox = await marker.locator('xpath=ancestor::section[contains(@class,"pv-page")]').boundingBox();
        expect(
          box && pageBox && box.y >= pageBox.y - 10 && box.y <= pageBox.y + pageBox.height,
          'the marker lies on its rendered page',
        ).toBe(true);
        // The text layer makes the page's words selectable.
        expect(await page.locator('.pv-page .textLayer span, .pv-page [class*="text"] span').count()).toBeGreaterThan(
          0,
        );
        await page.screenshot({ path: join(screenshotDir('viewer'), 'huzhou.png') });
      } finally {
        await page.close();
      }
    },
  );

  it('a scanned PDF (images only) says it has no text layer, not a pass', async () => {
    const page = await openViewer(`?src=${encodeURIComponent(session().server.url('pdf/scanned.pdf'))}`);
    try {
      await page.locator(testId('viewer-no-text')).waitFor({ timeout: 30_000 });
      expect(await page.locator(testId('viewer-no-text')).innerText()).toMatch(/文本层|text layer/u);
      expect(await page.locator(`${testId('counts')}[data-passed]:not([data-passed="0"])`).count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('a local PDF opens from the file picker and is checked', async () => {
    const { report } = auditHtml(fixture('pages/hangzhou-2024.clean.html'));
    const page = await openViewer('');
    try {
      await page.locator(testId('viewer-file')).setInputFiles(join(FIXTURES, 'pdf/hangzhou-2024.clean.pdf'));
      const s = await summary(page);
      expect(s).toEqual({
        errors: report.summary.errors,
        warnings: report.summary.warnings,
        rounding: report.summary.rounding,
      });
    } finally {
      await page.close();
    }
  });

  it('a local PDF dropped on the page opens and is checked', async () => {
    const { report } = auditHtml(fixture('pages/huzhou-2024.clean.html'));
    const page = await openViewer('');
    try {
      const bytes = [...readFileSync(join(FIXTURES, 'pdf/huzhou-2024.clean.pdf'))];
      // A drag carrying a file over the page, then the drop (what a reader's drag from the file manager fires).
      await page.evaluate((data) => {
        const file = new File([new Uint8Array(data)], 'huzhou.pdf', { type: 'application/pdf' });
        const dt = new DataTransfer();
        dt.items.add(file);
        const app = document.querySelector('.pv-app')!;
        app.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        app.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, bytes);
      expect(await summary(page)).toEqual({
        errors: report.summary.errors,
        warnings: report.summary.warnings,
        rounding: report.summary.rounding,
      });
      expect(await page.locator('h1.pv-name').innerText()).toBe('huzhou.pdf');
    } finally {
      await page.close();
    }
  });

  it('a disclosure page with a PDF link: the button beside the link opens the PDF in the viewer', async () => {
    const e2e = session();
    const { page } = await e2e.open('e2e/pdf-link.html', { audit: false });
    try {
      const button = page.locator('budget-lens-pdf button').first();
      await button.waitFor({ timeout: 10_000 });
      // The page's own words are untouched: the link text is as written.
      expect(await page.locator('a[href="/pdf/hangzhou-2024.clean.pdf"]').innerText()).toBe('2024年部门预算.pdf');
      const [viewer] = await Promise.all([
        e2e.browser.context.waitForEvent('page', { timeout: 10_000 }),
        button.click(),
      ]);
      await viewer.waitForURL(/viewer\.html\?/u, { timeout: 10_000 });
      expect(decodeURIComponent(viewer.url())).toContain('/pdf/hangzhou-2024.clean.pdf');
      const { report } = auditHtml(fixture('pages/hangzhou-2024.clean.html'));
      expect(await summary(viewer)).toEqual({
        errors: report.summary.errors,
        warnings: report.summary.warnings,
        rounding: report.summary.rounding,
      });
      await viewer.close();
    } finally {
      await page.close();
    }
  });

  it(
    'a note written on a PDF cell from its finding is kept and drawn on the same cell when the PDF is opened ' +
      'again',
    async () => {
      const src = `?src=${encodeURIComponent(session().server.url('pdf/huzhou-2024.clean.pdf'))}`;
      const page = await openViewer(src);
      try {
        await summary(page);
        const first = page.locator(`${testId('finding')}[data-cells*=":"]`).first();
        const cell = /\d+:\d+:\d+/u.exec((await first.getAttribute('data-cells')) ?? '')![0];
        await first.click();
        const marker = page.locator(`.bl-marker[data-cell="${cell}"]`);
        await marker.waitFor({ timeout: 10_000 });
        if ((await page.locator('.bl-add-note').count()) === 0) await marker.click();
        await page.locator('.bl-add-note').first().click();
        const editor = page.locator('form.bl-note-editor');
        await editor.waitFor({ timeout: 5_000 });
        await editor.locator('textarea[name="text"]').fill('PDF 上的舍入差异，待核实');
        await editor.locator('input[name="tag"][value="待核实"]').check();
        await editor.locator('button.bl-note-save').click();
        await page.locator(`.bl-note[data-cell="${cell}"]`).waitFor({ timeout: 10_000 });

        // Opened again: the note is back on that cell.
        await page.reload();
        await summary(page);
        await page.locator(`.bl-note[data-cell="${cell}"]`).waitFor({ state: 'attached', timeout: 15_000 });
        const stored = await page.evaluate(async () => {
          const c = (
            globalThis as unknown as {
              chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } };
            }
          ).chrome;
          return Object.entries(await c.storage.local.get(null))
            .filter(([k]) => k.startsWith('note:'))
            .map(([, v]) => v as { text: string; tags: string[]; anchor: { page: { url: string } } });
        });
        expect(stored.map((n) => [n.text, n.tags])).toEqual([['PDF 上的舍入差异，待核实', ['待核实']]]);
        expect(stored[0]!.anchor.page.url).toContain('/pdf/huzhou-2024.clean.pdf');
      } finally {
        await page.close();
      }
    },
  );

  it(
    'the side panel shows the PDF like any page: its counts on the badge and in the panel, "show me" scrolls ' +
      'the viewer',
    async () => {
      const e2e = session();
      const { report } = auditHtml(fixture('pages/huzhou-2024.clean.html'));
      const page = await openViewer(`?src=${encodeURIComponent(e2e.server.url('pdf/huzhou-2024.clean.pdf'))}`);
      const panel = await e2e.browser.context.newPage();
      try {
        await summary(page);
        // The viewer's own tab (chrome.tabs.query shows no extension page's address without the tabs permission).
        const tabId = await page.evaluate(async () => {
          const c = (
            globalThis as unknown as { chrome: { tabs: { getCurrent(): Promise<{ id?: number } | undefined> } } }
          ).chrome;
          return (await c.tabs.getCurrent())?.id ?? -1;
        });
        const stored = await e2e.storedReport(tabId);
        expect({
          errors: stored.summary.errors,
          warnings: stored.summary.warnings,
          rounding: stored.summary.rounding,
        }).toEqual({
          errors: report.summary.errors,
          warnings: report.summary.warnings,
          rounding: report.summary.rounding,
        });
        await panel.goto(`chrome-extension://${e2e.browser.extensionId}/sidepanel.html?tab=${tabId}`);
        const entries = panel.locator(testId('finding'));
        await expect.poll(() => entries.count(), { timeout: 10_000 }).toBe(report.findings.length);
        // The last finding's cell is far down the PDF: the panel's entry brings it into view in the viewer.
        const withCells = panel.locator(`${testId('finding')}[data-cells*=":"]`);
        const last = withCells.last();
        const cell = /\d+:\d+:\d+/u.exec((await last.getAttribute('data-cells')) ?? '')![0];
        await page.evaluate(() => window.scrollTo(0, 0));
        await last.click();
        const marker = page.locator(`.bl-marker[data-cell="${cell}"]`);
        await marker.waitFor({ timeout: 10_000 });
        await expect
          .poll(
            async () => {
              const b = await marker.boundingBox();
              const h = await page.evaluate(() => window.innerHeight);
              return b !== null && b.y >= 0 && b.y <= h;
            },
            { timeout: 10_000, message: `the viewer did not scroll to ${cell}` },
          )
          .toBe(true);
        expect(await panel.locator('[role="alert"]').count(), 'the panel says it could not show it').toBe(0);
      } finally {
        await panel.close();
        await page.close();
      }
    },
  );
});
