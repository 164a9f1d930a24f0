import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * The one marks layer (components/marks/) on both surfaces: an HTML page (the page overlay's DomSurface, on linkedom
 * with a fake layout) and the same disclosure printed to PDF (the viewer's PdfSurface over fake pages, with the real
 * boxes lib/pdf rebuilt). The same behaviour is asserted on each, by the same code: markers, tooltips, highlights,
 * hiding a table, "show me", the text's claims and their labels, note mode. tests/e2e/same-marks.test.ts proves it
 * again in the browser.
 */

vi.mock('wxt/browser', async () => ({ browser: { i18n: (await import('./fake-browser')).zhI18n } }));

const { parseHTML } = await import('linkedom');
const { openDocument } = await import('../../lib/open');
const { toJson } = await import('../../lib/report/json');
const { loadPdf } = await import('../../lib/pdf/node');
const { Overlay } = await import('../../components/overlay/overlay');
const { MarksLayer } = await import('../../components/marks/layer');
const { PdfSurface } = await import('../../components/viewer/pdf-surface');
const { markerGroups } = await import('../../components/marks/place');
const { FIXTURES, fixture } = await import('../helpers');
const { fakePages, installPage } = await import('./surfaces');
type DomNode = import('../../lib/dom/adapter').DomNode;
type Report = import('../../lib/report/schema').Report;
type MarksLayerT = InstanceType<typeof MarksLayer>;
type Cell = import('../../lib/report/schema').Cell;

const saved = { document: (globalThis as { document?: unknown }).document };
afterAll(() => Object.assign(globalThis, saved));

interface Drawn {
  readonly marks: MarksLayerT;
  readonly report: Report;
  /** Everything the layer drew, wherever it put it. */
  q(sel: string): HTMLElement[];
  /** What "show me" scrolled to. */
  scrolled(): number;
  /** A cell the document does not have. */
  readonly nowhere: Cell;
  /** A reader's click on a cell of the document (the page's cell; in the viewer, the note mode's target). */
  clickCell(cell: Cell): void;
}

/** Huzhou 2024 has rounding differences at cells; Hangzhou 2024 its own slips in the text's claims. */
type Seed = 'huzhou-2024' | 'hangzhou-2024';

async function onPage(seed: Seed): Promise<Drawn> {
  const page = `pages/${seed}.clean.html`;
  const { document, scrolled } = installPage(fixture(page));
  const opened = await openDocument({ dom: document as unknown as DomNode, positions: true }, { url: page });
  if (opened.kind !== 'audited') throw new Error('not audited');
  const overlay = new Overlay();
  const report = toJson(opened.report);
  await overlay.render(report, opened.page);
  const root = overlay.surface.root;
  return {
    marks: overlay.marks,
    report,
    q: (sel) => [...root.querySelectorAll(sel)] as HTMLElement[],
    scrolled: () => scrolled.length,
    nowhere: { table: 99, row: 0, cell: 0 },
    clickCell: (c) => {
      const td = (document.getElementsByTagName('table')[c.table] as HTMLTableElement).rows[c.row]!.cells[c.cell]!;
      td.dispatchEvent(new (document.defaultView as unknown as typeof globalThis).Event('click', { bubbles: true }));
    },
  };
}

async function onPdf(seed: Seed): Promise<Drawn> {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { document, window: document.defaultView, innerWidth: 1280, innerHeight: 800 });
  const pdf = `pdf/${seed}.clean.pdf`;
  const loaded = await loadPdf(new Uint8Array(readFileSync(join(FIXTURES, pdf))));
  const opened = await openDocument({ pages: loaded.pages }, { url: pdf });
  if (opened.kind !== 'audited') throw new Error('not audited');
  const pages = fakePages(loaded.pageCount);
  const surface = new PdfSurface(pages as never);
  surface.setSource(opened.pdf!);
  const marks = new MarksLayer(surface);
  const report = toJson(opened.report);
  await marks.render(report);
  return {
    marks,
    report,
    q: (sel) => [...pages.element.querySelectorAll(sel)] as HTMLElement[],
    scrolled: () => pages.scrolled.length,
    nowhere: { table: 99, row: 0, cell: 0 },
    clickCell: (c) => click(pages.element.querySelector(`.pv-note-target[data-cell="${c.table}:${c.row}:${c.cell}"]`)!),
  };
}

const click = (e: HTMLElement): void =>
  void e.dispatchEvent(new (globalThis as never as { window: { Event: typeof Event } }).window.Event('click'));

describe.each([
  ['an HTML page', onPage],
  ['its PDF in the viewer', onPdf],
])('the marks layer on %s', (_, draw) => {
  it(
    'a bar per budget table; a marker per stated cell with the worst severity, its outline, labelled as ' +
      'the finding says',
    async () => {
      const d = await draw('huzhou-2024');
      const budget = d.report.tables.filter((t) => t.status !== 'not-budget');
      expect(d.q('.bl-bar')).toHaveLength(budget.length);
      const groups = markerGroups(d.report.findings);
      expect(groups.length).toBeGreaterThan(0);
      const markers = d.q('button.bl-marker');
      expect(markers).toHaveLength(groups.length);
      expect(d.q('.bl-outline')).toHaveLength(groups.length);
      for (const g of groups) {
        const m = d.marks.markerFor(g.cell)!;
        expect(m.dataset.severity).toBe(g.findings[0]!.severity);
        expect(m.getAttribute('aria-label')).toMatch(/^(错误|警告|舍入)：|^(错误|警告|舍入): /u);
        expect(m.hidden).toBe(false);
      }
    },
  );

  it(
    'a marker opens its recomputation after itself, ' + 'highlights every cell of its findings; again closes it',
    async () => {
      const d = await draw('huzhou-2024');
      const g = markerGroups(d.report.findings)[0]!;
      const m = d.marks.markerFor(g.cell)!;
      click(m);
      const tip = d.q('.bl-tooltip[role="dialog"]');
      expect(tip).toHaveLength(1);
      expect(m.nextElementSibling).toBe(tip[0]);
      expect(tip[0]!.querySelectorAll('.bl-finding')).toHaveLength(g.findings.length);
      expect(tip[0]!.textContent).toContain(g.findings[0]!.derivation.slice(0, 20));
      const cells = new Set(g.findings.flatMap((f) => f.cells.map((c) => `${c.table}:${c.row}:${c.cell}`)));
      expect(d.q('.bl-highlight')).toHaveLength(cells.size);
      expect(m.getAttribute('aria-expanded')).toBe('true');
      click(m);
      expect(d.q('.bl-tooltip')).toHaveLength(0);
      expect(d.q('.bl-highlight')).toHaveLength(0);
    },
  );

  it(
    '"show me" scrolls and opens the marker; a cell the document lacks is not shown; hiding a table hides ' +
      'its marks',
    async () => {
      const d = await draw('huzhou-2024');
      const g = markerGroups(d.report.findings)[0]!;
      expect(d.marks.reveal([g.cell])).toBe(true);
      expect(d.scrolled()).toBeGreaterThan(0);
      expect(d.q('.bl-tooltip')[0]!.dataset.cell).toBe(`${g.cell.table}:${g.cell.row}:${g.cell.cell}`);
      expect(d.marks.reveal([d.nowhere])).toBe(false);
      const owner = d.report.tables.find((t) => [t.index, ...(t.continuedIn ?? [])].includes(g.cell.table))!;
      const toggle = d.q(`.bl-bar[data-table="${owner.index}"] .bl-toggle`)[0]!;
      click(toggle);
      expect(toggle.getAttribute('aria-pressed')).toBe('true');
      expect(d.marks.markerFor(g.cell)!.hidden).toBe(true);
      expect(d.q('.bl-tooltip')).toHaveLength(0);
    },
  );

  it(
    'the text’s claims: a marker per claim shown, the failed one labelled 错误 as everywhere, its tooltip, ' +
      'hide passed',
    async () => {
      const d = await draw('hangzhou-2024');
      const failed = d.q('button.bl-claim[data-status="failed"]');
      expect(failed.length).toBeGreaterThan(0);
      expect(failed[0]!.textContent).toBe('!');
      expect(failed[0]!.getAttribute('aria-label')).toMatch(/^正文数字，错误：/u);
      click(failed[0]!);
      const tip = d.q('.bl-claim-tip')[0]!;
      expect(tip.querySelector('.bl-message')!.textContent).toMatch(/^错误 · /u);
      expect(failed[0]!.nextElementSibling).toBe(tip);
      const toggle = d.q('button.bl-claims-toggle')[0]!;
      click(toggle);
      expect(d.q('button.bl-claim[data-status="passed"]').every((b) => b.hidden)).toBe(true);
      expect(d.q('button.bl-claim[data-status="failed"]').every((b) => !b.hidden)).toBe(true);
    },
  );

  it(
    'note mode: the bar’s toggle frames the table and a ' + 'picked cell opens the editor with the cell’s text',
    async () => {
      const d = await draw('hangzhou-2024');
      // A table with an amount a claim of the text used: that cell holds a figure on the page and in the PDF.
      const cell = d.report.claims.flatMap((c) => c.cells)[0]!;
      const table = d.report.tables.find((t) => [t.index, ...(t.continuedIn ?? [])].includes(cell.table))!;
      const mode = d.q(`.bl-bar[data-table="${table.index}"] .bl-note-mode`)[0]!;
      click(mode);
      expect(mode.getAttribute('aria-pressed')).toBe('true');
      expect(d.q('.bl-note-frame').length).toBeGreaterThan(0);
      d.clickCell(cell);
      const picked = d.q('form.bl-note-editor')[0]!;
      expect(picked.dataset.cell).toBe(`${cell.table}:${cell.row}:${cell.cell}`);
      expect(picked.querySelector('.bl-note-target')?.textContent ?? '').toMatch(/\d/u);
      (picked.querySelector('.bl-note-cancel') as HTMLElement).dispatchEvent(
        new (document.defaultView as unknown as typeof globalThis).Event('click'),
      );
      expect(d.q(`.bl-bar[data-table="${table.index}"] .bl-table-note`)).toHaveLength(1);
      click(d.q(`.bl-bar[data-table="${table.index}"] .bl-table-note`)[0]!);
      const editor = d.q('form.bl-note-editor')[0]!;
      expect(editor.dataset.table).toBe(String(table.index));
      expect((editor.querySelector('select[name="scope"]') as HTMLSelectElement).value).toBe('table');
    },
  );
});

describe('a long page', () => {
  it('draws the markers the reader sees first, the rest after', async () => {
    const { document } = installPage(fixture('pages/huzhou-2024.clean.html'));
    const opened = await openDocument({ dom: document as unknown as DomNode }, { url: 'huzhou' });
    if (opened.kind !== 'audited') throw new Error('not audited');
    const report = toJson(opened.report);
    const groups = markerGroups(report.findings);
    const overlay = new Overlay();
    const top = (c: Cell): number => overlay.surface.locate({ cell: c })[0]!.rect.top;
    // Scrolled to the last marker's cell: it is in view, the first marker's is not.
    const scrolled = top(groups[groups.length - 1]!.cell) - 100;
    Object.assign(globalThis, { scrollY: scrolled });
    const inView = (c: Cell): boolean => top(c) >= scrolled && top(c) < scrolled + 800;
    expect(inView(groups[0]!.cell)).toBe(false);
    await overlay.render(report, undefined);
    const drawn = [...overlay.surface.root.querySelectorAll<HTMLElement>('button.bl-marker')].map(
      (b) => b.dataset.cell,
    );
    const seen = groups.filter((g) => inView(g.cell)).map((g) => `${g.cell.table}:${g.cell.row}:${g.cell.cell}`);
    expect(seen.length).toBeGreaterThan(0);
    expect(drawn.slice(0, seen.length).sort()).toEqual([...seen].sort());
    Object.assign(globalThis, { scrollY: 0 });
  });
});
