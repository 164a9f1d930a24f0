import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSource } from '../../lib/audit';
import type { FindingData } from '../../lib/report/schema';
import type { PageSource } from '../../lib/dom/adapter';
import { loadPdf } from '../../lib/pdf/node';
import { buildPdfSource } from '../../lib/pdf/tables';
import type { PdfBox, PdfSource } from '../../lib/pdf/types';
import { claimMark, MARKER_SIZE } from '../../components/marks/claims';
import {
  barAt,
  belowAt,
  claimMarkerAt,
  claimOfFinding,
  findingMarkerAt,
  markerGroups,
  noteMarkerAt,
} from '../../components/marks/place';
import { cssScale } from '../../components/viewer/params';
import { claimBoxes, tableCells, tableExtents, toCss, unionByPage } from '../../components/viewer/pdf-surface';
import { withoutText } from '../../lib/open';
import { FIXTURES } from '../helpers';

/**
 * Where the marks go (components/marks/place.ts: the same spots on a page and a PDF) and where a PDF's things are
 * (components/viewer/pdf-surface.ts): boxes in PDF points (top-left origin) to CSS px at a scale, the markers' spots
 * on a cell, tables' extents per page, claims' boxes over two text blocks, which findings share a marker, and
 * "no text layer". Then the contract with lib/pdf on real fixtures: every finding's cell and most claims have a box
 * inside their page, so every finding gets a marker.
 */

const box = (page: number, x: number, y: number, width: number, height: number): PdfBox => ({
  page,
  x,
  y,
  width,
  height,
});

describe('placement at a scale', () => {
  const b = box(2, 100, 200, 50, 20);

  it('a box is its points times the scale, in its page', () => {
    expect(toCss(b, 2)).toEqual({ left: 200, top: 400, width: 100, height: 40 });
    const at100 = toCss(b, cssScale(1));
    expect(at100.left).toBeCloseTo(400 / 3, 9);
    expect(at100.top).toBeCloseTo(800 / 3, 9);
    expect(at100.width).toBeCloseTo(200 / 3, 9);
    expect(at100.height).toBeCloseTo(80 / 3, 9);
  });

  it("a finding's marker sits on the cell's top-right corner, a note's on its top-left, both half outside", () => {
    expect(findingMarkerAt(toCss(b, 2))).toEqual({ left: 300 - 9, top: 400 - 8 });
    expect(noteMarkerAt(toCss(b, 2))).toEqual({ left: 200 - 8, top: 400 - 8 });
    // Zooming moves them with the cell: the offsets stay in CSS px.
    expect(findingMarkerAt(toCss(b, 3))).toEqual({ left: 450 - 9, top: 600 - 8 });
  });

  it("a claim's marker follows its last line box, like a superscript", () => {
    expect(claimMarkerAt(toCss(box(2, 0, 50, 40, 12), 1), MARKER_SIZE.failed)).toEqual({ left: 39, top: 50 - 8 + 2 });
  });

  it("a table's bar sits above the table, never above the layer's top, at least 240 px wide", () => {
    expect(barAt(toCss(box(1, 50, 100, 400, 300), 1))).toEqual({ left: 50, top: 74, maxWidth: 400 });
    expect(barAt(toCss(box(1, 50, 10, 100, 300), 1))).toEqual({ left: 50, top: 0, maxWidth: 240 });
  });

  it('tooltips go under the box, never off the left edge', () => {
    expect(belowAt(toCss(b, 1))).toEqual({ left: 100, top: 224 });
    expect(belowAt(toCss(box(1, 0, 0, 10, 10), 1))).toEqual({ left: 4, top: 14 });
  });

  it('unionByPage gives one box per page, pages in order', () => {
    expect(unionByPage([box(2, 10, 10, 10, 10), box(1, 5, 5, 5, 5), box(2, 30, 0, 5, 40)])).toEqual([
      box(1, 5, 5, 5, 5),
      box(2, 10, 0, 25, 40),
    ]);
    expect(unionByPage([])).toEqual([]);
  });
});

/** A PdfSource over a hand-made PageSource: cells and characters are boxes on a grid. */
function fakeSource(): PdfSource {
  const source: PageSource = {
    url: 'file:///x.pdf',
    title: 'x',
    tableCount: 1,
    blocks: [
      { kind: 'text', text: '比上年增加 10.00' },
      { kind: 'text', text: '万元，增长 5%。' },
      {
        kind: 'table',
        table: {
          index: 0,
          hasNestedTable: false,
          caption: '',
          rows: [
            {
              cells: [
                { text: '项目', rowSpan: 1, colSpan: 1, header: true, indent: 0 },
                { text: '金额', rowSpan: 1, colSpan: 1, header: true, indent: 0 },
              ],
            },
            {
              cells: [
                { text: '合计', rowSpan: 1, colSpan: 1, header: false, indent: 0 },
                { text: '1.00', rowSpan: 1, colSpan: 1, header: false, indent: 0 },
              ],
            },
            {
              cells: [
                { text: '续', rowSpan: 1, colSpan: 1, header: false, indent: 0 },
                { text: '2.00', rowSpan: 1, colSpan: 1, header: false, indent: 0 },
              ],
            },
          ],
        },
      },
    ],
  };
  return {
    source,
    // Rows 0–1 on page 1, row 2 on page 2 (a table continued over a page break).
    cellBox: (a) =>
      a.table === 0 && a.row <= 2 && a.cell <= 1
        ? box(a.row === 2 ? 2 : 1, 50 + a.cell * 100, a.row === 2 ? 40 : 300 + a.row * 20, 100, 20)
        : undefined,
    textBoxes: (block, start, end) =>
      end > start ? [box(1, 50 + start * 10, 100 + block * 20, (end - start) * 10, 12)] : [],
    pagesWithoutText: [],
    pageCount: 2,
  };
}

describe('boxes from a PdfSource', () => {
  const pdf = fakeSource();

  it("a table's extent per page, and every cell of it", () => {
    expect(tableExtents(pdf, 0)).toEqual([box(1, 50, 300, 200, 40), box(2, 50, 40, 200, 20)]);
    expect(tableExtents(pdf, 7)).toEqual([]);
    expect(tableCells(pdf, 0)).toHaveLength(6);
  });

  it("a claim's boxes, through its last block when it was cut over two", () => {
    expect(claimBoxes(pdf, { block: 0, start: 2, endBlock: 0, end: 5 })).toEqual([box(1, 70, 100, 30, 12)]);
    // Block 0 from 6 to its end (11 characters), then block 1 from 0 to 2.
    expect(claimBoxes(pdf, { block: 0, start: 6, endBlock: 1, end: 2 })).toEqual([
      box(1, 110, 100, 50, 12),
      box(1, 50, 120, 20, 12),
    ]);
  });

  it('withoutText: every page without text (or no page at all)', () => {
    expect(withoutText({ pagesWithoutText: [], pageCount: 3 })).toBe(false);
    expect(withoutText({ pagesWithoutText: [2], pageCount: 3 })).toBe(false);
    expect(withoutText({ pagesWithoutText: [1, 2, 3], pageCount: 3 })).toBe(true);
    expect(withoutText({ pagesWithoutText: [], pageCount: 0 })).toBe(true);
  });
});

describe('markers', () => {
  const f = (
    severity: FindingData['severity'],
    cells: { table: number; row: number; cell: number }[],
    check = 'row-totals',
  ): FindingData => ({
    check,
    severity,
    table: cells[0]?.table ?? 0,
    cells,
    stated: null,
    expected: null,
    derivation: '',
    unit: null,
    message: { zh: '', en: '' },
  });

  it('findings share the marker of their first cell, the worst first', () => {
    const groups = markerGroups([
      f('info', [{ table: 0, row: 1, cell: 1 }]),
      f('error', [
        { table: 0, row: 1, cell: 1 },
        { table: 0, row: 2, cell: 1 },
      ]),
      f('warning', [{ table: 1, row: 0, cell: 0 }]),
      f('error', []),
    ]);
    expect(groups.map((g) => [g.cell, g.findings.map((x) => x.severity)])).toEqual([
      [{ table: 0, row: 1, cell: 1 }, ['error', 'info']],
      [{ table: 1, row: 0, cell: 0 }, ['warning']],
    ]);
  });

  it("a narrative finding without cells leads to its sentence's claim", () => {
    const claims = [
      { stated: '增长 5%', derivation: 'a', status: 'passed' as const },
      { stated: '增长 100%', derivation: '4,890.85 − 4,890.85 = 0.00', status: 'not-checked' as const },
      { stated: '增长 100%', derivation: '4,890.85 − 4,890.85 = 0.00', status: 'warning' as const },
    ];
    expect(
      claimOfFinding(claims, { check: 'narrative', stated: '增长 100%', derivation: '4,890.85 − 4,890.85 = 0.00' }),
    ).toBe(2);
    expect(
      claimOfFinding(claims, { check: 'row-totals', stated: '增长 100%', derivation: '4,890.85 − 4,890.85 = 0.00' }),
    ).toBe(-1);
    expect(claimOfFinding(claims, { check: 'narrative', stated: 'x', derivation: 'y' })).toBe(-1);
  });

  it('claims are drawn by status, passed within rounding apart', () => {
    expect(claimMark({ status: 'passed', severity: 'info' })).toBe('rounding');
    expect(claimMark({ status: 'passed', severity: null })).toBe('passed');
    expect(claimMark({ status: 'failed', severity: 'error' })).toBe('failed');
    expect(claimMark({ status: 'not-checked', severity: null })).toBe('not-checked');
  });
});

describe('the contract with lib/pdf on the PDF fixtures', () => {
  const read = async (name: string): Promise<{ pdf: PdfSource; report: ReturnType<typeof auditSource>['report'] }> => {
    const loaded = await loadPdf(new Uint8Array(readFileSync(join(FIXTURES, 'pdf', name))));
    const pdf = buildPdfSource(loaded.pages, {
      url: `file:///${name}`,
      ...(loaded.title ? { title: loaded.title } : {}),
    });
    return { pdf, report: auditSource(pdf.source).report };
  };

  it.each(['hangzhou-2024.clean.pdf', 'huzhou-2024.clean.pdf'])(
    '%s: every finding has a marker inside its page, every checked table a bar',
    async (name) => {
      const { pdf, report } = await read(name);
      expect(withoutText(pdf)).toBe(false);
      expect(report.findings.length).toBeGreaterThan(0);
      const sizes = await loadPdf(new Uint8Array(readFileSync(join(FIXTURES, 'pdf', name)))).then((l) =>
        l.pages.map((p) => ({ width: p.width, height: p.height })),
      );
      for (const g of markerGroups(report.findings)) {
        const b = pdf.cellBox(g.cell);
        expect(b, `box of ${JSON.stringify(g.cell)}`).toBeDefined();
        const page = sizes[b!.page - 1]!;
        expect(b!.x).toBeGreaterThanOrEqual(0);
        expect(b!.y).toBeGreaterThanOrEqual(0);
        expect(b!.x + b!.width).toBeLessThanOrEqual(page.width + 0.01);
        expect(b!.y + b!.height).toBeLessThanOrEqual(page.height + 0.01);
      }
      for (const t of report.tables.filter((x) => x.status !== 'not-budget'))
        expect(tableExtents(pdf, t.index).length, `table ${t.index}`).toBeGreaterThan(0);
      // The claims' words are found on the page (a claim without boxes gets no marker, only a line in the side panel).
      const placed = report.claims.filter((c) => claimBoxes(pdf, c).length > 0).length;
      expect(placed / Math.max(1, report.claims.length)).toBeGreaterThan(0.9);
    },
  );

  it('scanned.pdf has no text layer at all: the viewer says so instead of passing it', async () => {
    const { pdf, report } = await read('scanned.pdf');
    expect(withoutText(pdf)).toBe(true);
    expect(report.summary.budgetTables).toBe(0);
  });
});
