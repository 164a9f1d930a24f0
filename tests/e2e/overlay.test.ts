import { describe, expect, it } from 'vitest';
import { derivationIn } from '../../lib/report/derivation';
import { auditHtml, derivations, fixture, key, relationChecks } from '../helpers';
import {
  activateMarker,
  cellRects,
  CHANGED,
  expectedMarkers,
  findingsByCell,
  hangzhouChanged,
  htmlWithCellChanged,
  integersIn,
  intersects,
  overlayState,
  pageContentDiff,
  useE2E,
  marksLang,
} from './harness';

/**
 * What a reader sees on a budget page: a marker on every cell the command line reports, over that very cell, with
 * the worst severity found there; a bar over each checked table; a tooltip with the recomputation; highlights over
 * the cells of the finding. The browser's parse of the page must give the same addresses as linkedom's in Node.
 */

const PAGES: { name: string; path: string; html: () => string }[] = [
  {
    name: 'huzhou-2024.clean (0.01 rounding slips → info markers)',
    path: 'pages/huzhou-2024.clean.html',
    html: () => fixture('pages/huzhou-2024.clean.html'),
  },
  {
    name: 'huzhou-2024.word (Word markup, a table cut by a page break)',
    path: 'pages/huzhou-2024.word.html',
    html: () => fixture('pages/huzhou-2024.word.html'),
  },
  { name: 'hangzhou-2024.clean with one amount changed (errors)', path: CHANGED, html: hangzhouChanged },
  {
    name: 'synthetic/number-formats (every printed number form)',
    path: 'synthetic/number-formats.html',
    html: () => fixture('synthetic/number-formats.html'),
  },
];

// One browser for the file.
const session = useE2E();

describe('markers sit on exactly the cells the command line reports', () => {
  it.each(PAGES)('$name', async ({ path, html }) => {
    const { report } = auditHtml(html(), path);
    const expected = expectedMarkers(report.findings);
    const { page, url, errors } = await session().open(path);
    try {
      const state = await overlayState(page);
      expect(state.host, 'a <budget-lens-overlay> host with an open shadow root').toMatchObject({ shadow: true });

      // One marker per distinct stated cell, at the addresses the CLI reports, with the worst severity there.
      const markers = state.markers.map((m) => m.cell);
      expect(new Set(markers).size, `duplicate markers: ${markers.join(' ')}`).toBe(markers.length);
      expect(new Set(markers)).toEqual(new Set(expected.keys()));
      for (const m of state.markers)
        expect(m.severity, `severity of the marker on ${m.cell}`).toBe(expected.get(m.cell));

      // Each marker is drawn over its cell, and can be seen.
      const cells = await cellRects(page, markers);
      for (const m of state.markers) {
        const cell = cells[m.cell];
        expect(cell, `table.rows/cells has no cell ${m.cell}`).toBeTruthy();
        expect(
          intersects(m.rect, cell!),
          `marker ${m.cell} at ${JSON.stringify(m.rect)} is not over its cell ${JSON.stringify(cell)}`,
        ).toBe(true);
        expect(m.visible, `marker ${m.cell} is not visible`).toBe(true);
      }

      // The host tells the totals.
      expect(state.host).toMatchObject({
        errors: String(report.summary.errors),
        warnings: String(report.summary.warnings),
        rounding: String(report.summary.rounding),
      });

      // A bar over every checked table, with its show/hide button and its count of passed relations; no bar on a layout
      // table.
      const bars = new Map(state.bars.map((b) => [b.table, b]));
      for (const t of report.tables.filter((x) => x.checked)) {
        const bar = bars.get(String(t.index));
        expect(bar, `no .bl-bar[data-table="${t.index}"] for the checked table ${t.index} ${t.title}`).toBeDefined();
        expect(bar!.toggle, `bar ${t.index} has no .bl-toggle`).toBe(true);
        expect(bar!.visible, `bar ${t.index} is not visible`).toBe(true);
        expect(integersIn(bar!.text), `bar ${t.index} "${bar!.text}" does not show ${t.passed} passed`).toContain(
          t.passed,
        );
        if (t.failed > 0)
          expect(integersIn(bar!.text), `bar ${t.index} "${bar!.text}" does not show ${t.failed} failed`).toContain(
            t.failed,
          );
      }
      const notBudget = new Set(report.tables.filter((x) => x.status === 'not-budget').map((x) => String(x.index)));
      for (const b of state.bars)
        expect(notBudget.has(b.table), `a bar on the layout/metadata table ${b.table}`).toBe(false);

      // The page's own tables are left as they were.
      expect(await pageContentDiff(page)).toEqual([]);

      // The background keeps the same report for the side panel and shows the error count on the badge.
      const tabId = await session().tabId(url);
      const stored = await session().storedReport(tabId);
      expect(stored.summary).toEqual(report.summary);
      expect(stored.document).toMatchObject({
        department: report.document.department,
        year: report.document.year,
        unit: report.document.unit,
      });
      const brief = (f: {
        check: string;
        severity: string;
        cells: readonly { table: number; row: number; cell: number }[];
        stated?: string | null;
        expected?: string | null;
        derivation: string;
      }) =>
        `${f.check} ${f.severity} ${f.cells.map(key).join(' ')} ` +
        `${f.stated ?? null} ${f.expected ?? null} ${f.derivation}`;
      expect(stored.findings.map(brief).sort()).toEqual(report.findings.map(brief).sort());
      expect(await session().badgeText(tabId)).toBe(report.summary.errors > 0 ? String(report.summary.errors) : '');

      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('activating a marker explains the finding', () => {
  const norm = (s: string) => s.replace(/\s+/gu, ' ').trim();

  it('a click shows stated, expected, derivation and unit, and highlights every cell of the finding', async () => {
    const { report } = auditHtml(hangzhouChanged(), CHANGED);
    // The parent row 一般公共服务支出 states 2,746.60 while its children now give 2,746.78: one finding on that cell.
    const byCell = findingsByCell(report.findings);
    const [cell, [finding]] = [...byCell].find(([, fs]) => fs.length === 1 && fs[0]!.severity === 'error')!;
    expect(relationChecks(finding!)).toContain('hierarchy');
    const { page, errors } = await session().open(CHANGED);
    try {
      expect((await overlayState(page)).tooltip, 'a tooltip before any marker was activated').toBeNull();
      await activateMarker(page, cell, 'click');
      const state = await overlayState(page);
      expect(state.tooltip, 'no .bl-tooltip after clicking the marker').not.toBeNull();
      expect(state.tooltip!.visible, 'the tooltip is not visible').toBe(true);
      const text = norm(state.tooltip!.text);
      const lang = await marksLang(page);
      for (const part of [
        finding!.stated!,
        finding!.expected!,
        ...derivations(finding!).map((d) => derivationIn(d, lang)),
      ])
        expect(text).toContain(norm(part));
      expect(new Set(state.highlights.map((h) => h.cell))).toEqual(new Set(finding!.cells.map(key)));
      const rects = await cellRects(
        page,
        state.highlights.map((h) => h.cell),
      );
      for (const h of state.highlights)
        expect(intersects(h.rect, rects[h.cell]!), `highlight ${h.cell} is not over its cell`).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it(
    'focus and Enter open a marker that states several findings: every derivation, every cell ' + 'highlighted',
    async () => {
      const { report } = auditHtml(hangzhouChanged(), CHANGED);
      // 行政运行 1,797.20 itself: its row (合计 = 基本 + 项目) and 表3's same figure disagree with it.
      const byCell = findingsByCell(report.findings);
      // One root-cause finding whose relations all point at that figure.
      const [cell, findings] = [...byCell].find(([, fs]) => (fs[0]!.relations?.length ?? 0) > 1)!;
      const { page, errors } = await session().open(CHANGED);
      try {
        await activateMarker(page, cell, 'keyboard');
        const state = await overlayState(page);
        expect(state.tooltip, 'no .bl-tooltip after focus + Enter on the marker').not.toBeNull();
        expect(state.tooltip!.visible).toBe(true);
        const text = norm(state.tooltip!.text);
        for (const f of findings) {
          for (const d of derivations(f)) expect(text).toContain(norm(derivationIn(d, await marksLang(page))));
          expect(text).toContain(norm(f.expected!));
        }
        expect(text).toContain('1,797.20');
        expect(new Set(state.highlights.map((h) => h.cell))).toEqual(
          new Set(findings.flatMap((f) => f.cells.map(key))),
        );
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );

  it('a rounding slip reads as rounding: info marker, the 0.01 derivation with its tolerance', async () => {
    const html = fixture('pages/huzhou-2024.clean.html');
    const { report } = auditHtml(html, 'pages/huzhou-2024.clean.html');
    const f = report.findings.find((x) => x.stated === '2.13' && x.derivation.startsWith('2.03 + 0.11'))!;
    const { page } = await session().open('pages/huzhou-2024.clean.html');
    try {
      const state0 = await overlayState(page);
      expect(state0.markers.find((m) => m.cell === key(f.cells[0]!))?.severity).toBe('info');
      await activateMarker(page, key(f.cells[0]!));
      const state = await overlayState(page);
      expect(norm(state.tooltip?.text ?? '')).toContain(norm(derivationIn(f.derivation, await marksLang(page))));
      expect(norm(state.tooltip?.text ?? '')).toContain('2.14');
    } finally {
      await page.close();
    }
  });

  it("a bar's show/hide button hides that table's markers and shows them again", async () => {
    const { report } = auditHtml(hangzhouChanged(), CHANGED);
    const table = report.findings.find((f) => f.cells.length > 0)!.cells[0]!.table;
    const { page } = await session().open(CHANGED);
    try {
      const ofTable = async () => (await overlayState(page)).markers.filter((m) => m.cell.startsWith(`${table}:`));
      expect((await ofTable()).length).toBeGreaterThan(0);
      expect((await ofTable()).every((m) => m.visible)).toBe(true);
      const toggle = page.locator(`budget-lens-overlay .bl-bar[data-table="${table}"] .bl-toggle`);
      await toggle.click();
      await expect.poll(async () => (await ofTable()).some((m) => m.visible), { timeout: 3_000 }).toBe(false);
      await toggle.click();
      await expect.poll(async () => (await ofTable()).every((m) => m.visible), { timeout: 3_000 }).toBe(true);
    } finally {
      await page.close();
    }
  });

  it(
    "a table continued after a page break hides as one: the bar's button hides the markers of both " + 'parts',
    async () => {
      // huzhou-2024.word cuts 表5 into two <table>s; a typo in the second part gives markers there.
      const html = fixture('pages/huzhou-2024.word.html');
      const { doc } = auditHtml(html);
      const cut = doc.tables.find((t) => t.domTables.length > 1)!;
      const second = cut.domTables[1]!;
      const cell = cut.rows
        .flatMap((r) => [...r.values.values()])
        .find((v) => v.addr.table === second && v.amount && !v.amount.value.isZero())!;
      const changed = htmlWithCellChanged(html, cell.addr, '9,999.99');
      const path = 'e2e/huzhou-2024-word-changed.html';
      session().server.put(path, changed);
      const { report } = auditHtml(changed, path);
      expect(
        report.findings.some((f) => f.cells[0]?.table === second),
        'a finding stated in the continuation',
      ).toBe(true);
      const { page } = await session().open(path);
      try {
        const inSecond = async () => (await overlayState(page)).markers.filter((m) => m.cell.startsWith(`${second}:`));
        expect((await inSecond()).length).toBeGreaterThan(0);
        const toggle = page.locator(`budget-lens-overlay .bl-bar[data-table="${cut.index}"] .bl-toggle`);
        await toggle.click();
        await expect.poll(async () => (await inSecond()).some((m) => m.visible), { timeout: 3_000 }).toBe(false);
        await toggle.click();
        await expect.poll(async () => (await inSecond()).every((m) => m.visible), { timeout: 3_000 }).toBe(true);
      } finally {
        await page.close();
      }
    },
  );
});
