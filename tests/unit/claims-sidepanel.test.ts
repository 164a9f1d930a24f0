import { afterAll, describe, expect, it, vi } from 'vitest';
import { installDom, zhI18n } from './fake-browser';

/**
 * The claims of the text in the side panel (components/sidepanel/ClaimsView.tsx): the report as the engine sends
 * it (toJson's claims through PageReportSchema), the counts, the groups a reader sees (problems first, passed folded
 * away), and "在页面中显示" asking the engine for bl:reveal-claim (falling back to the cells when it cannot).
 */

const store: Record<string, unknown> = {};
const listeners: Array<(c: Record<string, { newValue?: unknown }>, a: string) => void> = [];
const sent: [number, unknown][] = [];
let answer: unknown = { revealed: true };
const fake = {
  i18n: zhI18n,
  storage: {
    session: { get: async (k: string) => ({ [k]: store[k] }) },
    local: { get: async () => ({}) },
    onChanged: { addListener: (f: (typeof listeners)[number]) => listeners.push(f), removeListener: () => {} },
  },
  tabs: {
    query: async () => [{ id: 7 }],
    onActivated: { addListener: () => {}, removeListener: () => {} },
    sendMessage: async (tabId: number, msg: unknown) => {
      sent.push([tabId, msg]);
      return (msg as { type: string }).type === 'bl:reveal-claim' ? answer : undefined;
    },
  },
  windows: { getCurrent: async () => ({ id: 1 }) },
  runtime: { getURL: (p: string) => p },
};
vi.mock('wxt/browser', () => ({ browser: fake }));

const { document } = installDom();

const { h, render } = await import('preact');
const { SidePanelApp } = await import('../../components/sidepanel/SidePanelApp');
const { groupClaims } = await import('../../components/sidepanel/ClaimsView');
const { PageReportSchema } = await import('../../lib/extension/messages');
const { auditFixture } = await import('../helpers');
const { pageReport: buildPageReport } = await import('../../lib/extension/page-report');
const { until } = await import('./dom-helpers');

const q = (sel: string, root: ParentNode = document) => [...root.querySelectorAll(sel)] as unknown as HTMLElement[];

function pageReport(path: string) {
  const { doc, report } = auditFixture(path);
  const pr = buildPageReport(report, doc, { url: 'https://x.gov.cn/a', title: doc.title }, []);
  return { report, pr };
}

describe('PageReportSchema and the claims', () => {
  it('accepts the claims as the JSON writer gives them; a report without them does not fit the contract', () => {
    const { pr, report } = pageReport('pages/hangzhou-2024.clean.html');
    const parsed = PageReportSchema.parse(pr);
    expect(parsed.claims).toHaveLength(report.claims.length);
    expect(parsed.claims[43]).toMatchObject({
      text: '比上年执行数增加3.61万元,增长9.1%',
      status: 'failed',
      severity: 'error',
      stated: '增长 9.1%',
      expected: '9.0%',
    });
    const { claims: _, ...old } = pr;
    expect(PageReportSchema.safeParse(old).success).toBe(false);
    const bad = { ...pr, claims: [{ ...pr.claims[0], status: 'maybe' }] };
    expect(PageReportSchema.safeParse(bad).success).toBe(false);
  });
});

describe('groupClaims', () => {
  it(
    'problems first (failed, warning, rounding, not checked), passed last; empty groups left out; text ' +
      'order inside',
    () => {
      const hz = PageReportSchema.parse(pageReport('pages/hangzhou-2024.clean.html').pr);
      const groups = groupClaims(hz.claims);
      expect(groups.map((g) => [g.mark, g.items.length])).toEqual([
        ['failed', 1],
        ['warning', 1],
        ['not-checked', 10],
        ['passed', 70],
      ]);
      expect(groups[0]!.items[0]).toMatchObject({ index: 43 });
      const notChecked = groups[2]!.items.map((i) => i.index);
      expect(notChecked).toEqual([...notChecked].sort((a, b) => a - b));
      const hu = PageReportSchema.parse(pageReport('pages/huzhou-2024.clean.html').pr);
      const rounding = groupClaims(hu.claims).find((g) => g.mark === 'rounding')!;
      expect(rounding.items.map((i) => i.claim.stated)).toContain('增长 85.3%');
    },
  );
});

describe('the side panel lists the claims of the text', () => {
  afterAll(() => render(null, document.getElementById('app')!));

  it('shows counts and groups, folds the passed ones, and reveals a claim in the page', async () => {
    const { pr, report } = pageReport('pages/hangzhou-2024.clean.html');
    store['report:5'] = pr;
    render(h(SidePanelApp, { search: '?tab=5' }), document.getElementById('app')!);
    await until(() => q('[data-testid="claims"]').length === 1, 'the claims section');
    const section = q('[data-testid="claims"]')[0]!;
    expect(q('h2', section)[0]!.textContent).toBe('正文数字（82）');
    expect(q('[data-testid="claims-counts"]')[0]!.textContent).toBe('错误 1 · 警告 1 · 舍入 0 · 未核对 10 · 通过 70');
    expect(q('.claim-group', section).map((g) => g.dataset.group)).toEqual([
      'failed',
      'warning',
      'not-checked',
      'passed',
    ]);
    expect(q('.claim-group h3, .claim-group summary', section).map((e) => e.textContent)).toEqual([
      '错误（1）',
      '警告（1）',
      '未核对（10）',
      '通过（70）',
    ]);

    const items = q('[data-testid="claim"]');
    expect(items).toHaveLength(82);
    const failed = items[0]!;
    expect(failed.dataset.status).toBe('failed');
    expect(failed.dataset.kind).toBe('change');
    const text = failed.textContent!;
    expect(text).toContain('错误 · 增减');
    expect(text).toContain('比上年执行数增加3.61万元,增长9.1%');
    expect(text).toContain('按增减额应为 9.0%');
    expect(text).toContain('正文 增长 9.1%');
    expect(text).toContain('应为 9.0%');
    expect(text).toContain('推算：43.57 − 3.61 = 39.96；3.61 ÷ 39.96 = 9.03% → 9.0%');
    expect(items[1]!.dataset.status).toBe('warning');
    expect(items[1]!.textContent).toContain('增长100%');
    // Passed: inside a <details> that is closed until the reader opens it.
    const details = q('details.claim-group')[0] as HTMLDetailsElement;
    expect(details.dataset.group).toBe('passed');
    expect(details.hasAttribute('open')).toBe(false);
    expect(q('[data-testid="claim"][data-status="passed"]', details)).toHaveLength(70);

    // 在页面中显示: the engine answers it revealed the claim.
    sent.length = 0;
    const reveal = q('[data-testid="claim-reveal"]', failed)[0]!;
    expect(reveal.textContent).toBe('在页面中显示');
    reveal.click();
    await until(() => sent.length === 1, 'bl:reveal-claim');
    expect(sent[0]).toEqual([5, { type: 'bl:reveal-claim', index: 43 }]);

    // The engine could not (no mark on the page): a claim with table cells falls back to them …
    answer = { revealed: false };
    sent.length = 0;
    const withCells = report.claims.findIndex((c) => c.cells.length > 0);
    q(`[data-testid="claim"][data-index="${withCells}"] [data-testid="claim-reveal"]`)[0]!.click();
    await until(() => sent.length === 2, 'the fallback to bl:reveal');
    expect(sent[1]).toEqual([5, { type: 'bl:reveal', cells: report.claims[withCells]!.cells.map((c) => ({ ...c })) }]);
    // … one without says so.
    reveal.click();
    await until(() => q('.notice').length === 1, 'the notice');
    expect(q('.notice')[0]!.textContent).toBe('无法在页面上找到这句话（网页可能已刷新或关闭）。');
    answer = { revealed: true };
  });

  it('says so when the text has no claim', async () => {
    const { pr } = pageReport('pages/hangzhou-2024.clean.html');
    const none = { ...pr, claims: [] };
    for (const l of listeners) l({ 'report:5': { newValue: none } }, 'session');
    await until(() => q('[data-testid="claim"]').length === 0, 'no claims');
    expect(q('[data-testid="claims"]')[0]!.textContent).toContain('正文中没有找到可核对的数字。');
    expect(q('[data-testid="claims-counts"]')).toHaveLength(0);
  });
});
