import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPS as PDFJS_OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { loadPdf } from '../../lib/pdf/node';
import { OPS, readPdfPage, type PdfjsPageLike } from '../../lib/pdf/read';
import { FIXTURES } from '../helpers';

/** A stand-in for pdf.js's page: an A4 page (viewport flips y), the given text items, operator list and fonts. */
function fakePage(
  items: unknown[],
  fnArray: number[],
  argsArray: unknown[],
  fonts: Record<string, unknown> = {},
): PdfjsPageLike {
  return {
    pageNumber: 1,
    getViewport: () => ({ width: 595, height: 842, transform: [1, 0, 0, -1, 0, 842] }),
    getTextContent: async () => ({ items, styles: {} }),
    getOperatorList: async () => ({ fnArray, argsArray }),
    commonObjs: { has: (id: string) => id in fonts, get: (id: string) => fonts[id] },
    cleanup: () => true,
  };
}

const path = (...points: number[][]): Float32Array => new Float32Array(points.flat());
const M = 0;
const L = 1;
const Z = 4;

describe('reading a page with pdf.js', () => {
  it('uses pdf.js 5 operator codes', () => {
    for (const [name, code] of Object.entries(OPS)) expect(PDFJS_OPS[name as keyof typeof PDFJS_OPS], name).toBe(code);
  });

  it('text items: top-left origin, y down, an em box around the baseline; bold from the font', async () => {
    const items = [
      { str: '合计', transform: [10, 0, 0, 10, 100, 742], width: 20, height: 10, fontName: 'f1', hasEOL: false },
      { str: '8,149.47', transform: [10, 0, 0, 10, 200, 742], width: 40, height: 10, fontName: 'f2', hasEOL: false },
      { str: ' ', transform: [10, 0, 0, 10, 240, 742], width: 3, height: 0, fontName: 'f2', hasEOL: true },
    ];
    const fonts = { f1: { name: 'ABCDEF+SimHei,Bold' }, f2: { name: 'BCDEFG+SimSun' } };
    const page = await readPdfPage(fakePage(items, [], [], fonts));
    expect(page.items).toEqual([
      { str: '合计', x: 100, y: 91.5, width: 20, height: 10, fontName: 'f1', bold: true },
      { str: '8,149.47', x: 200, y: 91.5, width: 40, height: 10, fontName: 'f2' },
    ]);
  });

  it("Chromium's synthesized bold (a Type 3 copy of a font used on the page) is bold", async () => {
    const items = [
      { str: '科目', transform: [10, 0, 0, 10, 100, 742], width: 20, height: 10, fontName: 'g1' },
      { str: '行政运行', transform: [10, 0, 0, 10, 100, 722], width: 40, height: 10, fontName: 'g2' },
    ];
    const fonts = {
      g1: { name: 'AAAAAA+WenQuanYiMicroHei', isType3Font: true },
      g2: { name: 'AAAAAA+WenQuanYiMicroHei', isType3Font: false },
    };
    const page = await readPdfPage(fakePage(items, [], [], fonts));
    expect(page.items.map((i) => i.bold === true)).toEqual([true, false]);
  });

  it(
    'rules from constructPath: stroked lines, thin filled rectangles and trapezoids, stroked rectangles, ' +
      'with the transform',
    async () => {
      const fn = [
        OPS.save,
        OPS.transform,
        OPS.constructPath,
        OPS.constructPath,
        OPS.constructPath,
        OPS.restore,
        OPS.setFillRGBColor,
        OPS.constructPath,
        OPS.constructPath,
        OPS.constructPath,
      ];
      const args = [
        null,
        [2, 0, 0, 2, 0, 0],
        // Stroked horizontal line from (10, 400) to (100, 400) in user space, doubled by the transform.
        [OPS.stroke, [path([M, 10, 400], [L, 100, 400])], [10, 400, 100, 400]],
        // A thin filled rectangle (a border drawn as a fill): 0.5 high.
        [OPS.fill, [path([M, 10, 300], [L, 100, 300], [L, 100, 300.5], [L, 10, 300.5], [Z])], null],
        // A bevelled border corner: a thin trapezoid, vertical.
        [OPS.fill, [path([M, 50, 100], [L, 50, 200], [L, 50.5, 199.5], [L, 50.5, 100.5])], null],
        null,
        ['#f2f2f2'],
        // Shading: a wide filled rectangle is not a rule, it is a shade.
        [OPS.fill, [path([M, 0, 0], [L, 50, 0], [L, 50, 20], [L, 0, 20], [Z])], null],
        // A stroked rectangle: its four edges.
        [OPS.stroke, [path([M, 300, 300], [L, 400, 300], [L, 400, 350], [L, 300, 350], [Z])], null],
        // A curve is no rule.
        [OPS.stroke, [new Float32Array([M, 0, 0, 2, 10, 10, 20, 20, 30, 30])], null],
      ];
      const page = await readPdfPage(fakePage([], fn, args));
      expect(page.rules).toEqual(
        expect.arrayContaining([
          { x1: 20, y1: 42, x2: 200, y2: 42 },
          { x1: 20, y1: 241.5, x2: 200, y2: 241.5 },
          { x1: 100.5, y1: 442, x2: 100.5, y2: 642 },
          { x1: 300, y1: 492, x2: 400, y2: 492 },
          { x1: 300, y1: 542, x2: 400, y2: 542 },
          { x1: 300, y1: 492, x2: 300, y2: 542 },
          { x1: 400, y1: 492, x2: 400, y2: 542 },
        ]),
      );
      expect(page.rules).toHaveLength(7);
      expect(page.shades).toEqual([{ x: 0, y: 822, width: 50, height: 20 }]);
    },
  );

  it('pdf.js 4 path operators (constructPath with operator and coordinate lists) too', async () => {
    const page = await readPdfPage(
      fakePage(
        [],
        [OPS.constructPath, OPS.stroke],
        [
          [
            [OPS.moveTo, OPS.lineTo, OPS.rectangle],
            [10, 10, 10, 100, 200, 200, 50, 0.4],
          ],
          null,
        ],
      ),
    );
    expect(page.rules).toEqual(expect.arrayContaining([{ x1: 10, y1: 742, x2: 10, y2: 832 }]));
  });

  it('a real file: ruling lines, text, bold Type 3 header text (codes-split.pdf), no canvas needed', async () => {
    const { pages, pageCount } = await loadPdf(new Uint8Array(readFileSync(join(FIXTURES, 'pdf', 'codes-split.pdf'))));
    expect(pageCount).toBe(1);
    const [p] = pages;
    expect(p!.rules.length).toBeGreaterThan(20);
    const header = p!.items.find((i) => i.str.includes('科目'));
    expect(header?.bold).toBe(true);
    const figure = p!.items.find((i) => /^\d[\d,]*\.\d\d$/u.test(i.str));
    expect(figure?.bold).toBeUndefined();
  });

  it('progress per page', async () => {
    const seen: string[] = [];
    await loadPdf(new Uint8Array(readFileSync(join(FIXTURES, 'pdf', 'continued-mixed-units.pdf'))), {
      onProgress: (d, t) => seen.push(`${d}/${t}`),
    });
    expect(seen).toEqual(['1/2', '2/2']);
  });

  it('a file that is not a PDF is refused with a reason', async () => {
    await expect(loadPdf(new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3\n'))).rejects.toMatchObject({
      reason: 'invalid',
    });
  });
});
