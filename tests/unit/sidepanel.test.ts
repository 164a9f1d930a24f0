import { afterAll, describe, expect, it, vi } from 'vitest';
import { zhI18n } from './fake-browser';
import { parseHTML } from 'linkedom';

const store: Record<string, unknown> = {};
const listeners: Array<(c: Record<string, { newValue?: unknown }>, a: string) => void> = [];
const activated: Array<(i: { tabId: number; windowId: number }) => void> = [];
const sent: [number, unknown][] = [];
const fake = {
  i18n: zhI18n,
  storage: {
    session: { get: async (k: string) => ({ [k]: store[k] }) },
    local: { get: async () => ({}) },
    onChanged: { addListener: (f: (typeof listeners)[number]) => listeners.push(f), removeListener: () => {} },
  },
  tabs: {
    query: async () => [{ id: 7 }],
    onActivated: { addListener: (f: (typeof activated)[number]) => activated.push(f), removeListener: () => {} },
    sendMessage: async (tabId: number, msg: unknown) => {
      sent.push([tabId, msg]);
    },
  },
  windows: { getCurrent: async () => ({ id: 1 }) },
};
vi.mock('wxt/browser', () => ({ browser: fake }));

const { document, window } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
let copied = '';
Object.assign(globalThis, {
  document,
  window,
  navigator: {
    clipboard: {
      writeText: async (s: string) => {
        copied = s;
      },
    },
  },
});

const { h, render } = await import('preact');
const { SidePanelApp } = await import('../../components/sidepanel/SidePanelApp');
const { auditFixture } = await import('../helpers');
const { pageReport } = await import('../../lib/extension/page-report');

const tick = () => new Promise((r) => setTimeout(r, 250));
const q = (sel: string) => [...document.querySelectorAll(sel)] as unknown as HTMLElement[];

describe('the side panel', () => {
  afterAll(() => render(null, document.getElementById('app')!));
  it(
    'shows the empty state, then the report as it arrives, reveals findings, copies Markdown, survives a ' +
      'bad report',
    async () => {
      const { doc, report } = auditFixture('pages/huzhou-2024.clean.html');
      const pr = pageReport(report, doc, { url: 'https://x.gov.cn/a', title: doc.title }, []);
      const app = document.getElementById('app')!;
      render(h(SidePanelApp, { search: '?tab=5' }), app);
      await tick();
      expect(q('[data-testid="empty"]')).toHaveLength(1);

      store['report:5'] = pr;
      for (const l of listeners) l({ 'report:5': { newValue: pr } }, 'session');
      await tick();
      expect(q('[data-testid="empty"]')).toHaveLength(0);
      expect(q('[data-testid="department"]')[0]!.textContent).toContain('中共湖州市委湖州市人民政府信访局');
      expect(q('[data-testid="year"]')[0]!.textContent).toContain('2024');
      expect(q('[data-testid="unit"]')[0]!.textContent).toContain('万元');
      // 24 in the tables, 1 in the text (增长 85.3% for 85.4%)
      expect(q('[data-testid="counts"]')[0]!.textContent).toMatch(/舍入 25/u);
      expect(q('[data-testid="headline"]').map((e) => e.getAttribute('data-key'))).toContain('expenditure-total');
      const findings = q('[data-testid="finding"]');
      expect(findings).toHaveLength(report.findings.length);
      // Warnings first: the page publishes no 收入总表 (required tables), a finding about the document with no cell.
      expect(findings[0]!.getAttribute('data-severity')).toBe('warning');
      const first = findings.find((e) => e.getAttribute('data-severity') === 'info')!;

      first.click();
      await tick();
      expect(sent).toHaveLength(1);
      expect(sent[0]![0]).toBe(5);
      expect(sent[0]![1]).toMatchObject({
        type: 'bl:reveal',
        cells: report.findings.find((f) =>
          first.getAttribute('data-cells')!.startsWith(`${f.cells[0]!.table}:${f.cells[0]!.row}:${f.cells[0]!.cell}`),
        )!.cells,
      });

      q('[data-testid="copy-markdown"]')[0]!.click();
      await tick();
      expect(copied).toContain('https://x.gov.cn/a');
      expect(copied).toContain('中共湖州市委湖州市人民政府信访局');

      for (const l of listeners) l({ 'report:5': { newValue: { bogus: 1 } } }, 'session');
      await tick();
      expect(q('[data-testid="invalid"]')).toHaveLength(1);
    },
  );

  it('shows how far the audit is, as a progress bar (from while the page arrives), until it is done', async () => {
    const app = document.getElementById('app')!;
    render(null, app);
    // The page still arriving: how many tables so far, no value (its length is not known yet).
    store['progress:6'] = { phase: 'loading', tablesRead: 3, tablesTotal: 3, percent: 0 };
    render(h(SidePanelApp, { search: '?tab=6' }), app);
    await tick();
    const bar = () => q('[role="progressbar"]')[0];
    expect(bar()?.getAttribute('aria-valuenow')).toBeNull();
    expect(bar()?.getAttribute('aria-valuetext')).toBe('页面仍在加载，已到 3 张表格…');
    const reading = { phase: 'reading', tablesRead: 4, tablesTotal: 23, percent: 9 };
    for (const l of listeners) l({ 'progress:6': { newValue: reading } }, 'session');
    await tick();
    expect(bar()?.getAttribute('aria-valuenow')).toBe('9');
    expect(bar()?.getAttribute('aria-valuetext')).toBe('正在读取表格：4 / 23');
    expect(q('[data-testid="empty"]')).toHaveLength(1);
    const next = { phase: 'auditing', tablesRead: 23, tablesTotal: 23, percent: 61 };
    for (const l of listeners) l({ 'progress:6': { newValue: next } }, 'session');
    await tick();
    expect(bar()?.getAttribute('aria-valuenow')).toBe('61');
    expect(bar()?.getAttribute('aria-valuetext')).toBe('正在核对 23 张表格…');
    // Another tab's progress is not this one's.
    for (const l of listeners) l({ 'progress:5': { newValue: { ...next, percent: 99 } } }, 'session');
    await tick();
    expect(bar()?.getAttribute('aria-valuenow')).toBe('61');
    for (const l of listeners) l({ 'progress:6': { newValue: { ...next, phase: 'done', percent: 100 } } }, 'session');
    await tick();
    expect(bar()).toBeUndefined();
  });
});
