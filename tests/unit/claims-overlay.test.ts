import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The claims of the text in the page (components/overlay/claims.ts) without a browser: the seed pages read with
 * text positions, each claim's words found again in the page's own text nodes (also when a sentence is cut over two
 * <p>), one marker per claim with its status, the tooltip a reader opens, the "hide passed" control, and the page's
 * words left as they were. Layout is faked (linkedom has none): every range gets one 100×20 box.
 */

vi.mock('wxt/browser', async () => ({ browser: { i18n: (await import('./fake-browser')).zhI18n } }));

const { readPage, textSegments } = await import('../../lib/dom/adapter');
const { auditSource } = await import('../../lib/audit');
const { toJson } = await import('../../lib/report/json');
const { fixture } = await import('../helpers');
const { claimMark, countMarks, MARKER_SIZE } = await import('../../components/marks/claims');
const { claimMarkerAt } = await import('../../components/marks/place');
const { Overlay } = await import('../../components/overlay/overlay');
const { installPage } = await import('./surfaces');
type DomNode = import('../../lib/dom/adapter').DomNode;

const saved = { document: (globalThis as { document?: unknown }).document };
afterAll(() => Object.assign(globalThis, saved));

function load(path: string, laidOut = true) {
  const { document, window, scrolled } = installPage(fixture(path), { text: laidOut });
  const page = readPage(document as unknown as DomNode, path, { positions: true });
  const { report } = auditSource(page);
  const overlay = new Overlay();
  overlay.surface.setPositions(page.positions);
  const layer = overlay.marks.claims;
  for (const _ of layer.drawSteps(toJson(report).claims));
  const root = overlay.surface.root;
  const q = (sel: string) => [...root.querySelectorAll(sel)] as unknown as HTMLElement[];
  const highlighted = () => q('.bl-highlight').map((h) => h.dataset.cell);
  return { document, window, page, report, layer, overlay, q, highlighted, scrolled };
}

describe('claims in the page: Hangzhou 2024 (the seed with its own slips)', () => {
  let ctx: ReturnType<typeof load>;
  beforeEach(() => {
    ctx = load('pages/hangzhou-2024.clean.html');
  });

  it(
    'draws one marker per claim, with its index in ' + 'report.claims and its status; counts as the report has them',
    () => {
      const { q, report } = ctx;
      const markers = q('button.bl-claim');
      expect(markers).toHaveLength(report.claims.length);
      expect(markers.map((m) => Number(m.dataset.claim))).toEqual(report.claims.map((_, i) => i));
      const by = (s: string) => q(`button.bl-claim[data-status="${s}"]`).length;
      expect({
        failed: by('failed'),
        warning: by('warning'),
        rounding: by('rounding'),
        notChecked: by('not-checked'),
        passed: by('passed'),
      }).toEqual({
        failed: 1,
        warning: 1,
        rounding: 0,
        notChecked: 10,
        passed: 70,
      });
      expect(countMarks(report.claims)).toEqual({ failed: 1, warning: 1, rounding: 0, 'not-checked': 10, passed: 70 });
      expect(q('.bl-claims-counts')[0]!.textContent).toBe('正文数字 82 处：错误 1 · 警告 1 · 未核对 10 · 通过 70');
    },
  );

  it(
    'the failed marker sits on "增长9.1%" (3.61 ÷ 39.96 = 9.0%), the warning one on "增长100%": found in the ' +
      "page's own text",
    () => {
      const { q, report, page } = ctx;
      const failed = q('button.bl-claim[data-status="failed"]')[0]!;
      const claim = report.claims[Number(failed.dataset.claim)]!;
      expect(claim.text).toBe('比上年执行数增加3.61万元,增长9.1%');
      const segs = textSegments(page.positions!, claim);
      expect(segs.map((s) => (s.node.nodeValue ?? '').slice(s.start, s.end)).join('')).toBe(
        '比上年执行数增加3.61万元,增长9.1%',
      );
      expect((segs[0]!.node as unknown as Text).parentElement!.textContent).toContain(
        '行政单位离退休(项)预算为43.57万元',
      );
      expect(failed.textContent).toBe('!');
      expect(failed.getAttribute('aria-label')).toBe('正文数字，错误：比上年执行数增加3.61万元,增长9.1%');
      const warning = q('button.bl-claim[data-status="warning"]')[0]!;
      expect(report.claims[Number(warning.dataset.claim)]!.text).toBe('比上年执行数增加4,890.85万元,增长100%');
      // Its underline boxes carry the same index and status.
      expect(
        q(`.bl-claim-range[data-claim="${failed.dataset.claim}"]`).every((b) => b.dataset.status === 'failed'),
      ).toBe(true);
      expect(q(`.bl-claim-range[data-claim="${failed.dataset.claim}"]`).length).toBeGreaterThan(0);
    },
  );

  it("every claim of the page is located, its words exactly the claim's text", () => {
    const { report, page } = ctx;
    for (const c of report.claims) {
      const words = textSegments(page.positions!, c)
        .map((s) => (s.node.nodeValue ?? '').slice(s.start, s.end))
        .join('');
      const squash = (x: string) => x.replace(/[\s\u00a0\u3000…]+/gu, '');
      if (c.kind === 'composition') expect(squash(words).startsWith(squash(c.text.split('…')[0]!))).toBe(true);
      else expect(squash(words), c.text).toBe(squash(c.text));
    }
  });

  it('a marker opens its recomputation (click or Enter: a <button>), highlights the cells used, closes again', () => {
    const { q, report, highlighted, layer } = ctx;
    const failed = q('button.bl-claim[data-status="failed"]')[0]!;
    failed.click();
    const tip = q('.bl-claim-tip')[0]!;
    expect(tip.getAttribute('role')).toBe('dialog');
    expect(tip.dataset.claim).toBe(failed.dataset.claim);
    expect(failed.getAttribute('aria-expanded')).toBe('true');
    expect(failed.nextElementSibling).toBe(tip);
    const text = tip.textContent!;
    expect(text).toContain('错误 · 增减');
    expect(text).toContain('比上年执行数增加3.61万元,增长9.1%');
    expect(text).toContain('正文增长 9.1%');
    expect(text).toContain('应为9.0%');
    expect(text).toContain('43.57 − 3.61 = 39.96；3.61 ÷ 39.96 = 9.03% → 9.0%');
    expect(text).toContain('按增减额应为 9.0%');
    expect(highlighted()).toEqual([]);

    // An amount claim compared with table figures: its cells are highlighted.
    const withCells = report.claims.findIndex((c) => c.kind === 'amount' && c.cells.length > 0);
    q(`button.bl-claim[data-claim="${withCells}"]`)[0]!.click();
    expect(q('.bl-claim-tip')).toHaveLength(1);
    expect(highlighted()).toEqual(report.claims[withCells]!.cells.map((c) => `${c.table}:${c.row}:${c.cell}`));
    expect(q('.bl-claim-tip')[0]!.textContent).toContain(
      `所用表格数字${report.claims[withCells]!.cells.length} 个（已在表格中标出）`,
    );

    (q('.bl-claim-tip .bl-close')[0] as HTMLButtonElement).click();
    expect(q('.bl-claim-tip')).toHaveLength(0);
    expect(failed.getAttribute('aria-expanded')).toBe('false');
    expect(layer.markerFor(withCells)?.getAttribute('aria-expanded')).toBe('false');
  });

  it('隐藏已通过的: off by default; on, passed marks go and problems stay; reveal shows a passed claim again', () => {
    const { q, layer, report } = ctx;
    const toggle = q('button.bl-claims-toggle')[0]!;
    expect(toggle.textContent).toBe('隐藏已通过的');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(q('button.bl-claim[data-status="passed"]').every((m) => !m.hidden)).toBe(true);
    toggle.click();
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(q('button.bl-claim[data-status="passed"]').every((m) => m.hidden)).toBe(true);
    expect(q('.bl-claim-range[data-status="passed"]')).toHaveLength(0);
    expect(q('button.bl-claim[data-status="failed"]').every((m) => !m.hidden)).toBe(true);
    expect(q('button.bl-claim[data-status="not-checked"]').every((m) => !m.hidden)).toBe(true);

    const passed = report.claims.findIndex((c) => c.status === 'passed');
    expect(layer.reveal(passed)).toBe(true);
    expect((ctx.scrolled[0] as HTMLElement).textContent).toContain(report.claims[passed]!.text);
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(q('.bl-claim-tip')[0]!.dataset.claim).toBe(String(passed));
    expect(layer.reveal(9999)).toBe(false);
  });

  it("never changes the page: same text, same elements; the marks live in the overlay's shadow root", () => {
    const { document, layer, q, overlay } = ctx;
    const page = () => [...document.body.querySelectorAll('*')].filter((e) => e !== overlay.host).length;
    const before = document.body.textContent;
    const count = page();
    q('button.bl-claim[data-status="failed"]')[0]!.click();
    layer.position();
    expect(document.body.textContent).toBe(before);
    expect(page()).toBe(count);
  });
});

describe('claims in the page: a sentence cut over two <p> (Hangzhou 2022, "增加 587.74</p><p>万元，增长 8.04%")', () => {
  it('underlines the words in both paragraphs and puts the marker after the second piece', () => {
    const { q, report, page } = load('pages/hangzhou-2022.clean.html');
    const index = report.claims.findIndex((c) => c.block !== c.endBlock && c.kind === 'change');
    const claim = report.claims[index]!;
    expect(claim.text).toBe('比上年执行数增加 587.74万元，增长 8.04%');
    const segs = textSegments(page.positions!, claim);
    const paragraphs = segs.map((s) => (s.node as unknown as Text).parentElement!);
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[0]).not.toBe(paragraphs[1]);
    expect(paragraphs[0]!.textContent).toBe('收入预算总计 7,896.16万元，比上年执行数增加 587.74');
    expect(paragraphs[1]!.textContent).toMatch(/^万元，增长 8\.04%/u);
    expect(q(`.bl-claim-range[data-claim="${index}"]`)).toHaveLength(2);
    const marker = q(`button.bl-claim[data-claim="${index}"]`)[0]!;
    expect(marker.dataset.status).toBe('passed');
    // The fake layout puts each piece's box by its own offsets: the marker follows the second piece's box.
    const last = segs[1]!;
    expect(marker.style.left).toBe(`${10 + last.end * 12 - 1}px`);
  });
});

describe('pure parts', () => {
  it('claimMark: passed within rounding is "rounding"; the rest keep their status', () => {
    expect(claimMark({ status: 'passed', severity: 'info' })).toBe('rounding');
    expect(claimMark({ status: 'passed', severity: null })).toBe('passed');

    expect(claimMark({ status: 'failed', severity: 'error' })).toBe('failed');
    expect(claimMark({ status: 'warning', severity: 'warning' })).toBe('warning');
    expect(claimMark({ status: 'not-checked', severity: null })).toBe('not-checked');
  });

  it('claimMarkerAt: at the end of the last line box, half above it', () => {
    expect(claimMarkerAt({ left: 10, top: 122, width: 80, height: 20 }, MARKER_SIZE.failed)).toEqual({
      left: 89,
      top: 116,
    });
  });

  it('words that are not laid out (a collapsed 展开全文 box): no mark, and reveal says it could not', () => {
    const { q, layer } = load('pages/hangzhou-2024.clean.html', false);
    expect(q('button.bl-claim').filter((m) => !m.hidden)).toHaveLength(0);
    expect(q('.bl-claim-range')).toHaveLength(0);
    expect(layer.reveal(43)).toBe(false);
    expect(q('.bl-claim-tip')).toHaveLength(0);
  });

  it(
    'draws nothing for claims without text positions (a ' + 'report read elsewhere): the side panel still lists them',
    () => {
      const { layer, overlay, q, report } = load('pages/hangzhou-2024.clean.html');
      overlay.surface.setPositions(undefined);
      for (const _ of layer.drawSteps(toJson(report).claims));
      expect(q('button.bl-claim').filter((m) => !m.hidden)).toHaveLength(0);
      expect(layer.reveal(0)).toBe(false);
    },
  );
});
