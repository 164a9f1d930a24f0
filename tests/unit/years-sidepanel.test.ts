/**
 * The side panel's 往年对比 (components/sidepanel/YearsView.tsx) for hangzhou-2024 compared with the synthetic 2023:
 * the years, the swings, lines that appeared, vanished or moved, the chart and its table, the implied prior-year
 * figures beside the stored ones, the snapshot status and the settings (saved to the settings item and read back).
 * linkedom over WXT's fake browser, the real SnapshotStore, the report as the engine makes it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDom, setZhLocale } from './fake-browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type, until } from './dom-helpers';

vi.mock('wxt/browser', async () => ({ browser: (await import('wxt/testing/fake-browser')).fakeBrowser }));

setZhLocale();
const { document, window } = installDom();

const { auditFixture } = await import('../helpers');
const { snapshotOf } = await import('../../lib/snapshots/build');
const { SnapshotStore } = await import('../../lib/snapshots/store');
const { SNAPSHOT_SETTINGS_KEY } = await import('../../lib/snapshots/schema');
const { reportKey, PageReportSchema } = await import('../../lib/extension/messages');
const { compareSnapshot, impliedFor } = await import('../../components/overlay/years-local');
const V = await import('../../components/sidepanel/YearsView');
const { h, render } = await import('preact');
const { SidePanelApp } = await import('../../components/sidepanel/SidePanelApp');

const page2024 = auditFixture('pages/hangzhou-2024.clean.html');
const page2023 = auditFixture('years/hangzhou-2023.synthetic.html');
const s2023 = snapshotOf(page2023.doc, { url: 'file:///hangzhou-2023.synthetic.html', title: 't' }, [])!;
const s2024 = snapshotOf(
  page2024.doc,
  { url: 'http://127.0.0.1/hangzhou-2024.clean.html', title: 't' },
  impliedFor(page2024.report, page2024.doc),
)!;
const SETTINGS = { v: 1 as const, enabled: true, threshold: { percent: '10', amount: '100000' } };
const { years } = compareSnapshot(s2024, [s2023], SETTINGS, page2024.doc);

const report = PageReportSchema.parse({
  url: 'https://www.hangzhou.gov.cn/art/2024/xfj.html',
  canonicalUrl: null,
  title: '2024 年度部门预算',
  auditedAt: '2024-03-01T08:00:00Z',
  document: {
    title: '2024 年度部门预算',
    department: '中共杭州市委杭州市人民政府信访局',
    year: 2024,
    unit: '万元',
    stage: '预算',
  },
  summary: page2024.report.summary,
  tables: [],
  findings: [],
  claims: [],
  headlines: [],
  notes: [],
  years,
  snapshot: { enabled: true, saved: true, id: s2024.id, error: null },
});

const q = (sel: string) => [...document.querySelectorAll(sel)] as unknown as HTMLElement[];
const one = (sel: string): HTMLElement => {
  const found = q(sel);
  if (found.length !== 1) throw new Error(`${sel}: ${found.length} elements`);
  return found[0]!;
};
/** A checkbox's state: linkedom has no `checked` property, so Preact sets the attribute there. */
const isChecked = (e: HTMLElement): boolean => (e as HTMLInputElement).checked ?? e.hasAttribute('checked');
const submit = (form: HTMLElement) =>
  form.dispatchEvent(new window.Event('submit', { bubbles: true, cancelable: true }) as unknown as Event);

describe('what the panel lists (pure)', () => {
  it('the years compared, a line’s figures, its name with code, the threshold in 万元', () => {
    expect(V.comparedText(years!)).toBe('2023 预算 → 2024 预算');
    expect(V.changeText(years!.swings[0]!)).toBe('317.56 → 89.44 · -228.12 · -71.8%');
    expect(V.lineName(years!.swings[0]!)).toBe('科技成果转化与扩散（2060404）');
    expect(V.thresholdText({ percent: '10', amount: '100000' })).toBe(
      '阈值：增减率 ≥ 10% 且增减额 ≥ 10 万元（上年为零的也列出）',
    );
    expect(V.thresholdText({ percent: '12.5', amount: '15000' })).toContain('≥ 1.5 万元');
  });

  it('chart rows: the total and each 类, one bar per year, scaled with decimals (no JS number from money)', () => {
    const rows = V.chartRows(years!);
    expect(rows.map((r) => [r.label, ...r.bars.map((b) => `${b.year}:${b.text}:${b.length}`)])).toEqual([
      ['合计', '2023:7,731.68:189.7', '2024:8,149.47:200'],
      ['一般公共服务支出', '2023:7,091.17:185.7', '2024:7,637.45:200'],
      ['科学技术支出', '2023:317.56:200', '2024:89.44:56.3'],
      ['社会保障和就业支出', '2023:225.13:142.9', '2024:315.10:200'],
      ['卫生健康支出', '2023:97.82:182', '2024:107.48:200'],
    ]);
  });

  it('settings: the form shows the amount in 万元 and saves it in 元; wrong input is refused with a message', () => {
    expect(V.settingsForm(SETTINGS)).toEqual({ enabled: true, percent: '10', amount: '10' });
    expect(V.settingsFromForm({ enabled: false, percent: ' 25 ', amount: '0.5' })).toEqual({
      ok: true,
      settings: { v: 1, enabled: false, threshold: { percent: '25', amount: '5000' } },
    });
    expect(V.settingsFromForm({ enabled: true, percent: '-1', amount: '10' })).toEqual({
      ok: false,
      message: '增减率阈值应为不小于 0 的数字，如 10 或 12.5。',
    });
    expect(V.settingsFromForm({ enabled: true, percent: '10', amount: '十万' })).toMatchObject({ ok: false });
  });
});

describe('the side panel’s 往年对比', () => {
  const sent: Array<[number, unknown]> = [];
  const created: unknown[] = [];
  beforeAll(async () => {
    await fakeBrowser.storage.session.set({ [reportKey(5)]: report });
    Object.assign(fakeBrowser.tabs, {
      sendMessage: async (tabId: number, msg: unknown) => void sent.push([tabId, msg]),
      create: async (props: unknown) => void created.push(props),
    });
    render(h(SidePanelApp, { search: '?tab=5' }), document.getElementById('app')!);
    await until(() => q('[data-testid="years"]').length === 1, 'the years section');
    await until(() => !(one('[data-testid="snapshots-enabled"]') as HTMLInputElement).disabled, 'the settings');
  });
  afterAll(() => render(null, document.getElementById('app')!));

  it('says which years were compared and on which table', () => {
    expect(one('[data-testid="years"] h2').textContent).toBe('往年对比');
    expect(one('[data-testid="years-compared"]').textContent).toBe('2023 预算 → 2024 预算');
    expect(one('[data-testid="years-compared"]').getAttribute('data-years')).toBe('2023,2024');
    expect(one('[data-testid="years-table"]').textContent).toBe(
      '比较：一般公共预算支出表 · 合 计 列 · 万元 · 共 16 行两年都有',
    );
    expect(one('[data-testid="snapshot-status"]').textContent).toBe('本页快照已保存在浏览器中。');
  });

  it('lists the largest swings with code and name, and reveals each on the page', async () => {
    const swings = q('[data-testid="swing"]');
    expect(swings.map((s) => [s.getAttribute('data-code'), s.getAttribute('data-name')])).toEqual([
      ['2060404', '科技成果转化与扩散'],
      ['2010350', '事业运行'],
      ['2101101', '行政单位医疗'],
    ]);
    expect(swings[1]!.textContent).toBe(
      '事业运行（2010350）一般公共服务支出 › 政府办公厅（室）及相关机构事务 › 事业运行800.00 → 949.58 · +149.58 · +18.7%',
    );
    (swings[0]!.querySelector('button') as HTMLElement).click();
    await until(() => sent.length === 1, 'the reveal');
    expect(sent[0]).toEqual([5, { type: 'bl:reveal', cells: [{ table: 4, row: 11, cell: 1 }] }]);
  });

  it('lists lines that appeared, vanished, and moved to another code', () => {
    expect(
      q('[data-testid="appeared"]').map((e) => [e.getAttribute('data-code'), e.getAttribute('data-name')]),
    ).toEqual([
      ['2014099', '其他信访事务支出'],
      ['2080506', '机关事业单位职业年金缴费支出'],
    ]);
    expect(one('[data-testid="vanished"]').textContent).toContain('公务员医疗补助（2101103）');
    expect(one('[data-testid="vanished"]').textContent).toContain('2023 年 8.00 万元');
    const moved = one('[data-testid="moved"]');
    expect([moved.getAttribute('data-from'), moved.getAttribute('data-to'), moved.getAttribute('data-name')]).toEqual([
      '2010308',
      '20140',
      '信访事务',
    ]);
    expect(moved.textContent).toContain(
      '“信访事务”由 一般公共服务支出 › 政府办公厅（室）及相关机构事务 › 信访事务（2010308） 调整至 一般公共服务支出 › 信访事务（20140）',
    );
    expect(moved.textContent).toContain('4,560.00 → 4,890.85 · +330.85');
  });

  it('draws the chart as an <svg> with a table for screen readers', () => {
    const chart = one('[data-testid="years-chart"]');
    const svg = chart.querySelector('svg')!;
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(svg.querySelectorAll('rect').length).toBe(2 + 5 * 2); // legend + 5 rows × 2 years
    const rows = [...chart.querySelectorAll('[data-testid="years-chart-table"] tbody tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent),
    );
    expect(rows[0]).toEqual(['合计', '7,731.68', '8,149.47']);
    expect(rows[2]).toEqual(['科学技术支出', '317.56', '89.44']);
    expect(chart.querySelector('caption')!.textContent).toBe('合计及各类支出历年数（万元）');
  });

  it('sets the text’s implied 上年执行数 beside the stored prior-year budget figure, with the difference', () => {
    const rows = q('[data-testid="implied-prior"]');
    const row = (s: string) => rows.find((r) => r.getAttribute('data-subject')!.includes(s))!;
    const figures = (r: HTMLElement) =>
      ['implied-value', 'stored-value', 'implied-difference'].map(
        (id) => r.querySelector(`[data-testid="${id}"]`)!.textContent,
      );
    expect(figures(row('行政运行'))).toEqual(['1,731.17 万元', '1,731.17 万元', '0.00 万元']);
    expect(figures(row('事业运行'))).toEqual(['915.04 万元', '800.00 万元', '+115.04 万元']);
    expect(figures(row('支出预算'))).toEqual(['7,812.20 万元', '7,731.68 万元', '+80.52 万元']);
    expect(row('事业运行').textContent).toContain('说明所称上年执行数');
    expect(row('事业运行').textContent).toContain('2023 年快照（预算）');
    expect(one('[data-testid="implied-prior-unmatched"] summary').textContent).toMatch(
      /^另有 \d+ 项在上年快照中找不到对应科目$/u,
    );
  });

  it('settings: switch snapshots off and set the threshold; saved to the settings item and shown again', async () => {
    const store = new SnapshotStore(fakeBrowser.storage.local);
    const box = one('[data-testid="snapshots-enabled"]') as HTMLInputElement;
    expect(isChecked(box)).toBe(true);
    box.checked = false;
    box.dispatchEvent(new window.Event('change', { bubbles: true }) as unknown as Event);
    for (let i = 0; i < 100 && (await store.settings()).settings.enabled; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect((await store.settings()).settings.enabled).toBe(false);
    type(one('[data-testid="threshold-percent"]'), '30');
    type(one('[data-testid="threshold-amount"]'), '20');
    submit(one('[data-testid="snapshot-settings"]'));
    for (let i = 0; i < 100 && (await store.settings()).settings.threshold.percent !== '30'; i++)
      await new Promise((r) => setTimeout(r, 10));
    await until(() => one('[data-testid="settings-status"]').textContent === '设置已保存。', 'saved');
    expect((await fakeBrowser.storage.local.get(SNAPSHOT_SETTINGS_KEY))[SNAPSHOT_SETTINGS_KEY]).toEqual({
      v: 1,
      enabled: false,
      threshold: { percent: '30', amount: '200000' },
    });

    // Shown again in a new panel.
    render(null, document.getElementById('app')!);
    render(h(SidePanelApp, { search: '?tab=5' }), document.getElementById('app')!);
    await until(
      () =>
        q('[data-testid="threshold-percent"]').length === 1 &&
        (one('[data-testid="threshold-percent"]') as HTMLInputElement).value === '30',
      'the stored settings',
    );
    expect((one('[data-testid="threshold-amount"]') as HTMLInputElement).value).toBe('20');
    expect(isChecked(one('[data-testid="snapshots-enabled"]'))).toBe(false);

    type(one('[data-testid="threshold-amount"]'), 'abc');
    submit(one('[data-testid="snapshot-settings"]'));
    await until(() => q('[data-testid="settings-error"]').length === 1, 'the error');
    expect(one('[data-testid="settings-error"]').getAttribute('role')).toBe('alert');
    expect((await store.settings()).settings.threshold.amount).toBe('200000');
  });

  it('opens the snapshots page (years.html)', async () => {
    one('[data-testid="open-history"]').click();
    await until(() => created.length === 1, 'the tab');
    expect(String((created[0] as { url: string }).url)).toMatch(/\/years\.html$/u);
  });

  it('no earlier year: says how to get one; a quota failure is shown as an alert', async () => {
    render(null, document.getElementById('app')!);
    await fakeBrowser.storage.session.set({
      [reportKey(5)]: {
        ...report,
        years: null,
        snapshot: {
          enabled: true,
          saved: false,
          id: 's-abcdef',
          error: { zh: '浏览器存储空间已满，快照未保存。', en: 'full' },
        },
      },
    });
    render(h(SidePanelApp, { search: '?tab=5' }), document.getElementById('app')!);
    await until(() => q('[data-testid="years-none"]').length === 1, 'the empty state');
    expect(one('[data-testid="years-none"]').textContent).toContain('在“往年快照”页面导入已保存的网页');
    expect(one('[data-testid="snapshot-error"]').getAttribute('role')).toBe('alert');
    expect(one('[data-testid="snapshot-error"]').textContent).toBe('浏览器存储空间已满，快照未保存。');
    expect(q('[data-testid="swing"]')).toHaveLength(0);
  });
});
