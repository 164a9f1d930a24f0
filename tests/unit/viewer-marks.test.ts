import { parseHTML } from 'linkedom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditReport } from '../../lib/audit';
import type { Finding } from '../../lib/checks/types';
import type { PageSource } from '../../lib/dom/adapter';
import type { PdfBox, PdfSource } from '../../lib/pdf/types';

/**
 * The viewer's marks on linkedom: the page overlay's classes and data attributes (.bl-marker[data-severity]
 * [data-cell], .bl-outline, .bl-bar[data-table], .bl-claim[data-claim][data-status], .bl-tooltip), placed in their
 * page's layer from the PDF's boxes at the zoom, and placed again when the zoom changes.
 */

const zh = (await import('../../public/_locales/zh_CN/messages.json')).default as Record<string, { message: string }>;
vi.mock('wxt/browser', () => ({
  browser: {
    i18n: {
      getUILanguage: () => 'zh-CN',
      getMessage: (key: string, subs?: string[]) =>
        (zh[key]?.message ?? '').replace(
          /\$(\w+)\$/gu,
          (_, n: string) =>
            subs?.[Object.keys((zh[key] as { placeholders?: object }).placeholders ?? {}).indexOf(n)] ?? '',
        ),
    },
  },
}));

const { window } = parseHTML('<!doctype html><html><body></body></html>');
Object.assign(globalThis, { document: window.document, window });
const { PdfMarks } = await import('../../components/viewer/marks');

const box = (page: number, x: number, y: number, width: number, height: number): PdfBox => ({
  page,
  x,
  y,
  width,
  height,
});

function fixture(): {
  pdf: PdfSource;
  report: AuditReport;
  layers: HTMLElement[];
  surface: {
    scale: number;
    layer(p: number): HTMLElement | undefined;
    scrollToBox: (b: PdfBox) => void;
    scrolled: PdfBox[];
  };
} {
  const cell = (text: string) => ({ text, rowSpan: 1, colSpan: 1, header: false, indent: 0 });
  const source: PageSource = {
    url: 'file:///x.pdf',
    title: 'x',
    tableCount: 1,
    blocks: [
      { kind: 'text', text: '支出合计 3.00 万元' },
      {
        kind: 'table',
        table: {
          index: 0,
          hasNestedTable: false,
          caption: '',
          rows: [
            { cells: [cell('合计'), cell('3.00')] },
            { cells: [cell('一'), cell('1.00')] },
            { cells: [cell('二'), cell('1.00')] },
          ],
        },
      },
    ],
  };
  const pdf: PdfSource = {
    source,
    cellBox: (a) =>
      a.table === 0 && a.row < 3 && a.cell < 2 ? box(2, 100 + a.cell * 100, 200 + a.row * 20, 100, 20) : undefined,
    textBoxes: (_b, start, end) => [box(1, 72 + start * 12, 90, (end - start) * 12, 12)],
    pagesWithoutText: [],
    pageCount: 2,
  };
  const finding = (severity: Finding['severity'], row: number): Finding => ({
    check: 'column-totals',
    severity,
    table: 0,
    cells: [
      { table: 0, row, cell: 1 },
      { table: 0, row: 1, cell: 1 },
      { table: 0, row: 2, cell: 1 },
    ],
    stated: '3.00',
    expected: '2.00',
    derivation: '1.00 + 1.00 = 2.00; 3.00 ≠ 2.00',
    unit: '万元',
    message: { zh: '合计不等于各项之和', en: 'total is not the sum' },
  });
  const report = {
    source: 'file:///x.pdf',
    document: { title: 'x', department: null, year: null, unit: '万元', stage: null },
    tables: [
      {
        index: 0,
        domTables: [0],
        title: '表',
        kind: 'expenditure',
        unit: '万元',
        unitSource: 'table-caption',
        rows: 3,
        columns: 2,
        checked: true,
        status: 'checked',
        passed: 0,
        failed: 1,
        rounding: 0,
        notCheckedCells: 0,
      },
    ],
    findings: [finding('info', 0), finding('error', 0)],
    notChecked: [],
    claims: [
      {
        text: '支出合计 3.00 万元',
        kind: 'amount',
        block: 0,
        start: 0,
        endBlock: 0,
        end: 11,
        subject: '支出',
        cells: [{ table: 0, row: 0, cell: 1 }],
        stated: '3.00',
        expected: '3.00',
        derivation: '3.00 = 3.00',
        status: 'passed',
        message: { zh: '相符', en: 'right' },
      },
    ],
    impliedPrior: [],
    checks: {},
    summary: { tables: 1, budgetTables: 1, passed: 0, errors: 1, warnings: 0, rounding: 1, notCheckedCells: 0 },
  } as unknown as AuditReport;
  const layers = [1, 2].map(() => window.document.createElement('div'));
  for (const l of layers) window.document.body.append(l);
  const scrolled: PdfBox[] = [];
  const surface = {
    scale: 2,
    layer: (p: number) => layers[p - 1],
    scrollToBox: (b: PdfBox) => void scrolled.push(b),
    scrolled,
  };
  return { pdf, report, layers, surface };
}

describe('PdfMarks', () => {
  beforeEach(() => window.document.body.replaceChildren());

  it('one marker per stated cell (the worst severity), with its outline, in the page of the cell, at the scale', () => {
    const { pdf, report, layers, surface } = fixture();
    const marks = new PdfMarks(surface);
    marks.render(report, pdf);
    const markers = layers[1]!.querySelectorAll('button.bl-marker');
    expect(markers).toHaveLength(1);
    const m = markers[0] as HTMLElement;
    expect(m.dataset.severity).toBe('error');
    expect(m.dataset.cell).toBe('0:0:1');
    // Cell (0,0,1): x 200, y 200, 100 × 20 points; at scale 2 its top-right corner is (600, 400).
    expect([m.style.left, m.style.top]).toEqual(['591px', '392px']);
    const outline = layers[1]!.querySelector('.bl-outline') as HTMLElement;
    expect([outline.style.left, outline.style.top, outline.style.width, outline.style.height]).toEqual([
      '400px',
      '400px',
      '200px',
      '40px',
    ]);
    expect(layers[0]!.querySelector('.bl-marker')).toBeNull();
  });

  it('a bar above the table, and the claims on their own page', () => {
    const { pdf, report, layers, surface } = fixture();
    new PdfMarks(surface).render(report, pdf);
    const bar = layers[1]!.querySelector('.bl-bar') as HTMLElement;
    expect(bar.dataset.table).toBe('0');
    expect(bar.dataset.status).toBe('checked');
    expect(bar.classList.contains('bl-bar-failed')).toBe(true);
    expect(bar.style.top).toBe(`${200 * 2 - 26}px`);
    const claim = layers[0]!.querySelector('button.bl-claim') as HTMLElement;
    expect(claim.dataset.claim).toBe('0');
    expect(claim.dataset.status).toBe('passed');
    expect(layers[0]!.querySelectorAll('.bl-claim-range[data-claim="0"]')).toHaveLength(1);
  });

  it('a zoom places everything again', () => {
    const { pdf, report, layers, surface } = fixture();
    const marks = new PdfMarks(surface);
    marks.render(report, pdf);
    surface.scale = 1;
    marks.position();
    const m = layers[1]!.querySelector('button.bl-marker') as HTMLElement;
    expect([m.style.left, m.style.top]).toEqual([`${300 - 9}px`, `${200 - 8}px`]);
  });

  it('a click opens the recomputation, highlights every cell of its findings; reveal scrolls and opens; hide hides', () => {
    const { pdf, report, layers, surface } = fixture();
    const marks = new PdfMarks(surface);
    marks.render(report, pdf);
    const m = layers[1]!.querySelector('button.bl-marker') as HTMLElement;
    m.dispatchEvent(new window.Event('click'));
    const tip = layers[1]!.querySelector('.bl-tooltip[role="dialog"]') as HTMLElement;
    expect(tip.dataset.cell).toBe('0:0:1');
    expect(tip.querySelectorAll('.bl-finding')).toHaveLength(2);
    expect(tip.textContent).toContain('1.00 + 1.00 = 2.00; 3.00 ≠ 2.00');
    expect(layers[1]!.querySelectorAll('.bl-highlight')).toHaveLength(3);
    expect(m.getAttribute('aria-expanded')).toBe('true');
    marks.closeTooltip(false);
    expect(layers[1]!.querySelector('.bl-tooltip')).toBeNull();
    expect(layers[1]!.querySelectorAll('.bl-highlight')).toHaveLength(0);

    expect(marks.reveal([{ table: 0, row: 0, cell: 1 }])).toBe(true);
    expect(surface.scrolled[0]).toEqual(box(2, 200, 200, 100, 20));
    expect(layers[1]!.querySelector('.bl-tooltip')).not.toBeNull();
    expect(marks.reveal([{ table: 5, row: 0, cell: 0 }])).toBe(false);

    (layers[1]!.querySelector('.bl-toggle') as HTMLElement).dispatchEvent(new window.Event('click'));
    expect(m.hidden).toBe(true);
    expect(layers[1]!.querySelector('.bl-toggle')!.getAttribute('aria-pressed')).toBe('true');
  });
});
