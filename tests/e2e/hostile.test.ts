import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFixture, derivations, key } from '../helpers';
import {
  activateMarker,
  cellRects,
  expectedMarkers,
  integersIn,
  intersects,
  overlayState,
  pageContentDiff,
  startE2E,
  type E2E,
} from './harness';

/**
 * tests/fixtures/e2e/hostile.html hides every element that is not one of its own tags (so <budget-lens-overlay>
 * too), sets font-size: 40px and line-height: 3 on everything, and opacity: 0 on the overlay host, all !important.
 * The overlay must still be usable: markers visible, over their cells, clickable; bars readable.
 */

const PATH = 'e2e/hostile.html';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('a page whose CSS fights the overlay', () => {
  it('markers stay visible over their cells, bars readable, the tooltip opens', async () => {
    const { report } = auditFixture(PATH);
    const expected = expectedMarkers(report.findings);
    expect(report.summary.errors, 'the fixture has errors to mark').toBeGreaterThan(0);
    const { page, errors } = await e2e.open(PATH);
    try {
      const host = await page.evaluate(() => {
        const h = document.querySelector('budget-lens-overlay')!;
        const s = getComputedStyle(h);
        return { display: s.display, opacity: s.opacity, visibility: s.visibility };
      });
      expect(host.display, 'the page hid the overlay host').not.toBe('none');
      expect(host.opacity, 'the page made the overlay host transparent').toBe('1');
      expect(host.visibility).toBe('visible');

      const state = await overlayState(page);
      expect(new Set(state.markers.map((m) => m.cell))).toEqual(new Set(expected.keys()));
      const cells = await cellRects(
        page,
        state.markers.map((m) => m.cell),
      );
      for (const m of state.markers) {
        expect(m.visible, `marker ${m.cell} is not visible (size, display, visibility or opacity)`).toBe(true);
        expect(m.rect.width, `marker ${m.cell} is too small to click`).toBeGreaterThanOrEqual(8);
        expect(m.rect.width, `marker ${m.cell} took the page's 40px font`).toBeLessThan(40);
        expect(intersects(m.rect, cells[m.cell]!), `marker ${m.cell} is not over its cell`).toBe(true);
      }
      // The marker is what a click at its centre hits.
      const hits = await page.evaluate(
        (list) => {
          const root = document.querySelector('budget-lens-overlay')!.shadowRoot!;
          return list.map((c) => {
            const m = root.querySelector(`.bl-marker[data-cell="${c}"]`)!;
            m.scrollIntoView({ block: 'center' });
            const r = m.getBoundingClientRect();
            return root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === m;
          });
        },
        [...expected.keys()],
      );
      expect(hits.every(Boolean), 'a marker is covered by something else').toBe(true);

      for (const t of report.tables.filter((x) => x.checked)) {
        const bar = state.bars.find((b) => b.table === String(t.index));
        expect(bar, `no bar for table ${t.index}`).toBeDefined();
        expect(bar!.visible, `bar ${t.index} is not visible`).toBe(true);
        expect(bar!.fontSize, `bar ${t.index} took the page's font size`).toBeGreaterThanOrEqual(10);
        expect(bar!.fontSize).toBeLessThanOrEqual(16);
        expect(bar!.rect.height, `bar ${t.index} took the page's line-height`).toBeLessThan(40);
        expect(integersIn(bar!.text)).toContain(t.passed);
      }

      expect(await pageContentDiff(page), 'the page itself was changed').toEqual([]);

      const error = report.findings.find((f) => f.severity === 'error')!;
      await activateMarker(page, key(error.cells[0]!));
      const after = await overlayState(page);
      expect(after.tooltip?.visible, 'the tooltip is not visible').toBe(true);
      for (const d of derivations(error)) expect(after.tooltip!.text.replace(/\s+/gu, ' ')).toContain(d);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
