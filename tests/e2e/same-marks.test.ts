import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useE2E } from './harness';

/**
 * One HTML page and the same page printed to PDF (tests/fixtures/pdf), in the real browser: the page overlay and the
 * PDF viewer draw the same marks because they are the same code (components/marks/ on two surfaces). The same
 * findings give the same markers with the same labels, the same tables the same bars, the same claims of the text
 * the same claim marks (a failed one is labelled the same on both), and a marker opens the same explanation, in one
 * language: the UI's.
 */

const session = useE2E();

interface Marks {
  /** "severity | aria-label" of every finding marker, sorted. */
  readonly markers: string[];
  /** "kind | counts" of every bar, sorted. */
  readonly bars: string[];
  /** The buttons every bar offers, by class. */
  readonly barButtons: string[];
  /** "status | aria-label" of every claim marker drawn, sorted. */
  readonly claims: string[];
}

/** Reads the marks inside `root` (the overlay's shadow root, or the viewer's pages). */
function readMarks(scope: Locator): Promise<Marks> {
  return scope.evaluate((root) => {
    const all = (sel: string) => [...root.querySelectorAll<HTMLElement>(sel)];
    // A PDF's text comes with its own spacing ("预算2636.92 万元" for "预算 2636.92 万元"): spaces are not compared.
    const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/gu, '');
    const text = (e: Element | null) => (e?.textContent ?? '').trim();
    return {
      markers: all('button.bl-marker')
        .map((m) => `${m.dataset.severity} | ${squash(m.getAttribute('aria-label'))}`)
        .sort(),
      bars: all('.bl-bar')
        .map((b) => `${text(b.querySelector('.bl-kind'))} | ${text(b.querySelector('.bl-counts'))}`)
        .sort(),
      barButtons: [...new Set(all('.bl-bar button').map((b) => b.className))].sort(),
      claims: all('button.bl-claim')
        .filter((c) => !c.hidden)
        .map((c) => `${c.dataset.status} | ${squash(c.getAttribute('aria-label'))}`)
        .sort(),
    };
  });
}

async function pageMarks(path: string): Promise<{ page: Page; marks: Marks; root: Locator }> {
  const { page } = await session().open(path);
  const root = page.locator('budget-lens-overlay .bl-layer');
  await root.locator('.bl-bar').first().waitFor({ state: 'attached', timeout: 10_000 });
  return { page, root, marks: await readMarks(root) };
}

async function viewerMarks(pdf: string): Promise<{ page: Page; marks: Marks; root: Locator }> {
  const e2e = session();
  const page = await e2e.browser.context.newPage();
  await page.goto(
    `chrome-extension://${e2e.browser.extensionId}/viewer.html?src=${encodeURIComponent(e2e.server.url(pdf))}`,
  );
  await page.waitForFunction(() => document.documentElement.getAttribute('data-budget-lens') === 'done', null, {
    timeout: 30_000,
  });
  const root = page.locator('.pv-pages');
  return { page, root, marks: await readMarks(root) };
}

describe('a page and its PDF get the same marks', () => {
  it.each([
    ['huzhou-2024', 'rounding differences at cells'],
    ['hangzhou-2024', "the text's own slips"],
  ])('%s (%s): markers, labels, bars and claims are the same; a marker explains the same', async (seed) => {
    const html = await pageMarks(`pages/${seed}.clean.html`);
    const pdf = await viewerMarks(`pdf/${seed}.clean.pdf`);
    try {
      if (seed === 'huzhou-2024') expect(pdf.marks.markers.length).toBeGreaterThan(0);
      expect(pdf.marks.markers).toEqual(html.marks.markers);
      expect(pdf.marks.bars).toEqual(html.marks.bars);
      expect(pdf.marks.barButtons).toEqual(['bl-note-mode', 'bl-table-note', 'bl-toggle']);
      expect(html.marks.barButtons).toEqual(pdf.marks.barButtons);
      expect(pdf.marks.claims).toEqual(html.marks.claims);
      if (seed === 'hangzhou-2024') expect(pdf.marks.claims.filter((c) => c.startsWith('failed |'))).toHaveLength(1);

      // A marker opens the same explanation on both: a finding's marker, else the failed claim's.
      const [what, label] =
        html.marks.markers.length > 0
          ? ['bl-marker', html.marks.markers[0]!.split(' | ')[1]!]
          : ['bl-claim[data-status="failed"]', html.marks.claims.find((c) => c.startsWith('failed'))!.split(' | ')[1]!];
      const explain = async (root: Locator): Promise<string> => {
        const all = await root
          .locator(`button.${what}`)
          .evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? '').replace(/\s+/gu, '')));
        const marker = root.locator(`button.${what}`).nth(all.indexOf(label));
        await marker.scrollIntoViewIfNeeded();
        await marker.click();
        const tip = root.locator('.bl-tooltip[role="dialog"]');
        await tip.waitFor({ timeout: 5_000 });
        const text = (await tip.innerText()).replace(/\s+/gu, '');
        await marker.click();
        return text;
      };
      const said = await explain(pdf.root);
      expect(said).toBe(await explain(html.root));

      // One language per screen: in an English UI the explanation is English but for what the document prints
      // (row labels, the sentence's words, units) and the names of the figures used (「…」).
      if ((await pdf.page.evaluate(() => document.documentElement.lang)) === 'en') {
        const printed = (await html.page.evaluate(() => document.body.innerText)).replace(/\s+/gu, '');
        const words = said
          .replace(/「[^」]*」|《[^》]*》/gu, '')
          .replace(/(?:百万元|千元|万元|亿元|元)/gu, '')
          .match(/[\u4e00-\u9fff]+/gu);
        expect((words ?? []).filter((w) => !printed.includes(w))).toEqual([]);
        expect(said).toMatch(/Derivation/u);
      }
    } finally {
      await html.page.close();
      await pdf.page.close();
    }
  });
});
