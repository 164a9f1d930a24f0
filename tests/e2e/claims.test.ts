import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { auditHtml, fixture } from '../helpers';
import { derivationIn } from '../../lib/report/derivation';
import { intersects, marksLang, useE2E, type Rect } from './harness';

/**
 * Claims in the text, in the real browser: every sentence the command line checks gets a marker in the page's text
 * with the command line's status, placed at its words (the page's words untouched); the seed's own slips are marked
 * as such, and the side panel lists them.
 */

const session = useE2E();

interface ClaimMark {
  readonly index: number;
  readonly status: string;
  readonly rect: Rect;
}

function claimMarks(page: Page): Promise<ClaimMark[]> {
  return page.evaluate(() => {
    const root = document.querySelector('budget-lens-overlay')?.shadowRoot;
    return [...(root?.querySelectorAll('.bl-claim[data-claim]') ?? [])].map((m) => {
      const r = m.getBoundingClientRect();
      return {
        index: Number(m.getAttribute('data-claim')),
        status: m.getAttribute('data-status') ?? '',
        rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height },
      };
    });
  });
}

/** Viewport rectangle of the first occurrence of `text` in the page's own text (whitespace-insensitive). */
function textRect(page: Page, text: string): Promise<Rect | null> {
  return page.evaluate((wanted) => {
    const target = wanted.replace(/\s+/gu, '');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    let all = '';
    const map: { node: Text; offset: number }[] = [];
    for (const node of nodes) {
      const s = node.data;
      for (let i = 0; i < s.length; i++) {
        if (/\s/u.test(s[i]!)) continue;
        all += s[i];
        map.push({ node, offset: i });
      }
    }
    const at = all.indexOf(target);
    if (at < 0) return null;
    const range = document.createRange();
    const a = map[at]!;
    const b = map[at + target.length - 1]!;
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset + 1);
    const r = range.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
  }, text);
}

const near = (a: Rect, b: Rect, slack = 24): boolean =>
  intersects({ ...a, left: a.left - slack, right: a.right + slack, top: a.top - slack, bottom: a.bottom + slack }, b);

const statusOf = (c: { status: string; severity?: string | null }): string =>
  c.status === 'passed' && c.severity === 'info' ? 'rounding' : c.status;

describe('claims in the text are marked where they are written', () => {
  it(
    'Hangzhou 2024: a marker per claim with the command line status; 增长9.1% failed, 增长 100% a warning, at their ' +
      'words',
    async () => {
      const path = 'pages/hangzhou-2024.clean.html';
      const { report } = auditHtml(fixture(path), path);
      const { page, errors } = await session().open(path);
      try {
        await expect.poll(async () => (await claimMarks(page)).length, { timeout: 10_000 }).toBe(report.claims.length);
        const marks = await claimMarks(page);
        const byIndex = new Map(marks.map((m) => [m.index, m]));
        report.claims.forEach((c, i) => expect(byIndex.get(i)?.status, `claim ${i} 「${c.text}」`).toBe(statusOf(c)));

        const failed = report.claims.findIndex((c) => c.status === 'failed' && c.text.includes('9.1%'));
        const warning = report.claims.findIndex((c) => c.status === 'warning' && c.text.includes('100%'));
        expect(failed).toBeGreaterThanOrEqual(0);
        expect(warning).toBeGreaterThanOrEqual(0);
        for (const [i, words] of [
          [failed, '增长9.1%'],
          [warning, '增长 100%'],
        ] as const) {
          const mark = byIndex.get(i)!;
          await page.locator(`budget-lens-overlay .bl-claim[data-claim="${i}"]`).scrollIntoViewIfNeeded();
          const at = await textRect(page, words);
          const now = (await claimMarks(page)).find((m) => m.index === i)!;
          expect(at, `the page has no text ${words}`).not.toBeNull();
          expect(
            near(now.rect, at!),
            `marker of 「${words}」 at ${JSON.stringify(now.rect)} is not by its words ${JSON.stringify(at)}`,
          ).toBe(true);
          expect(mark.rect.width).toBeGreaterThan(0);
        }

        // The failed claim's marker explains itself.
        await page.locator(`budget-lens-overlay .bl-claim[data-claim="${failed}"]`).click();
        const tip = await page
          .locator('budget-lens-overlay')
          .evaluate((h) => h.shadowRoot?.querySelector('[role="dialog"]')?.textContent ?? '');
        const said = derivationIn(report.claims[failed]!.derivation, await marksLang(page));
        expect(tip.replace(/\s+/gu, '')).toContain(said.replace(/\s+/gu, ''));
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );

  it(
    'Hangzhou 2022 (prose only, sentences cut by line breaks), audited from the toolbar: its claims are ' + 'marked',
    async () => {
      const path = 'pages/hangzhou-2022.clean.html';
      const { report } = auditHtml(fixture(path), path);
      expect(report.summary.budgetTables, 'the 2022 page is prose only').toBe(0);
      const split = report.claims.findIndex((c) => c.text.includes('587.74') && c.endBlock !== c.block);
      expect(split, 'a claim cut by a line break: 增加 587.74 / 万元').toBeGreaterThanOrEqual(0);
      const { page, url } = await session().open(path, { audit: false });
      try {
        // What the toolbar button does (activeTab): load the engine into the tab.
        const tabId = await session().tabId(url);
        await session().browser.worker.evaluate(async (id) => {
          const c = (globalThis as unknown as { chrome: { scripting: { executeScript(o: object): Promise<unknown> } } })
            .chrome;
          await c.scripting.executeScript({ target: { tabId: id }, files: ['/engine.js'] });
        }, tabId);
        await expect.poll(async () => (await claimMarks(page)).length, { timeout: 10_000 }).toBe(report.claims.length);
        const mark = (await claimMarks(page)).find((m) => m.index === split)!;
        expect(mark.status).toBe(statusOf(report.claims[split]!));
      } finally {
        await page.close();
      }
    },
  );

  it('the side panel lists the claims with the same statuses, the problems first', async () => {
    const path = 'pages/hangzhou-2024.clean.html';
    const { report } = auditHtml(fixture(path), path);
    const { page, url } = await session().open(path);
    const tabId = await session().tabId(url);
    const stored = await session().storedReport(tabId);
    expect(stored.claims.length).toBe(report.claims.length);
    const panel = await session().browser.context.newPage();
    try {
      await panel.goto(`chrome-extension://${session().browser.extensionId}/sidepanel.html?tab=${tabId}`);
      await panel.locator('[data-testid="claims"]').waitFor({ timeout: 10_000 });
      const shown = await panel
        .locator('[data-testid="claim"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
      const problems = report.claims.filter((c) => c.status === 'failed' || c.status === 'warning').length;
      expect(shown.filter((s) => s === 'failed' || s === 'warning')).toHaveLength(problems);
      expect(shown[0]).toBe('failed');
    } finally {
      await panel.close();
      await page.close();
    }
  });
});
