/**
 * Prior years in the page (components/overlay/years.ts): what the label by each amount cell says, the compact
 * comparison the report carries, the narrative's implied prior-year figures, the controller between the snapshot
 * store and the page (keep, compare, follow the store, never break), and the labels and toggle drawn in linkedom.
 * The pages: hangzhou-2024.clean.html against the synthetic 2023 (tests/fixtures/years/).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setZhLocale } from './fake-browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';

vi.mock('wxt/browser', async () => ({ browser: (await import('wxt/testing/fake-browser')).fakeBrowser }));

const { auditFixture, fixture } = await import('../helpers');
const { snapshotOf } = await import('../../lib/snapshots/build');
const { SnapshotStore, snapshotKey } = await import('../../lib/snapshots/store');
const { SNAPSHOT_SETTINGS_KEY } = await import('../../lib/snapshots/schema');
const { PageReportSchema, YearsSchema } = await import('../../lib/extension/messages');
const Y = {
  ...(await import('../../components/overlay/years')),
  ...(await import('../../components/overlay/years-local')),
};
const { storeKeeper, snapshotText } = await import('../../lib/snapshots/keep');
const { localModel } = await import('../../components/marks/local-model');
/** The page's model and its snapshot, in hand, as the controller asks them. */
const attachTo = (doc: typeof page2024.doc, s: ReturnType<typeof snap2024>) =>
  [localModel(doc, s), snapshotText(s)] as const;
const { YearsLayer } = await import('../../components/marks/years-layer');
const { DomSurface } = await import('../../components/overlay/dom-surface');
const { installPage } = await import('./surfaces');
type MarksHost = import('../../components/marks/placed').MarksHost;

const NOW = new Date('2024-03-01T08:00:00.000Z');
const page2024 = auditFixture('pages/hangzhou-2024.clean.html');
const page2023 = auditFixture('years/hangzhou-2023.synthetic.html');
const URL_2024 = 'http://127.0.0.1:8080/hangzhou-2024.clean.html';

const setLocale = setZhLocale;

setLocale();
beforeEach(() => {
  fakeBrowser.reset();
  setLocale();
});

function snap2023() {
  return snapshotOf(
    page2023.doc,
    { url: 'file:///hangzhou-2023.synthetic.html', title: page2023.doc.title },
    Y.impliedFor(page2023.report, page2023.doc),
    { now: new Date('2023-03-01T08:00:00.000Z') },
  )!;
}
function snap2024() {
  return snapshotOf(
    page2024.doc,
    { url: URL_2024, title: page2024.doc.title },
    Y.impliedFor(page2024.report, page2024.doc),
    { now: NOW },
  )!;
}
const SETTINGS = { v: 1 as const, enabled: true, threshold: { percent: '10', amount: '100000' } };

describe('priorText: the label by an amount cell', () => {
  it('gives the earlier year, its figure, the change and the % change as the table prints them', () => {
    expect(Y.priorText(2023, '1,731.17', '+65.85', '+3.8%')).toBe('2023: 1,731.17 · +65.85 · +3.8%');
    expect(Y.priorText(2023, '0.00', '+43.57', null)).toBe('2023: 0.00 · +43.57');
  });
  it('shows figures in 元 in the table unit and precision', () => {
    expect(Y.shownIn('17311700', '万元', 2)).toBe('1,731.17');
    expect(Y.shownIn('-2281200', '万元', 2, true)).toBe('-228.12');
    expect(Y.shownIn('1495800', '万元', 2, true)).toBe('+149.58');
  });
});

describe('impliedFor: the one place the narrative’s implied prior-year figures plug in', () => {
  it('bridges report.impliedPrior: exact figures, in 元, with the paragraph; same-scope restatements left out', () => {
    const implied = Y.impliedFor(page2024.report, page2024.doc);
    const run = implied.find((i) => i.subject.includes('行政运行'))!;
    expect(run).toMatchObject({ amount: '17311700', basis: '执行数' });
    expect(run.text).toContain('预算为 1,797.02 万元');
    expect(run.text).toContain('比上年执行数增加 65.85 万元');
    const three = implied.filter((i) => i.subject === '“三公”经费');
    expect(three.map((i) => [i.amount, i.basis])).toEqual([['295500', '预算数']]);
    expect(implied.every((i) => /^-?\d+$/u.test(i.amount))).toBe(true);
  });
  it('gives none for a report without them (an older engine)', () => {
    const { impliedPrior: _i, claims: _c, ...older } = page2024.report;
    expect(Y.impliedFor(older as never)).toEqual([]);
  });
});

describe('compareSnapshot: what the engine draws and reports for 2024 against the stored 2023', () => {
  const r = Y.compareSnapshot(snap2024(), [snap2023()], SETTINGS, page2024.doc);
  const label = (cell: string) => r.labels.find((l) => `${l.cell.table}:${l.cell.row}:${l.cell.cell}` === cell);

  it('labels the compared table’s 合 计 cells (表 5, DOM table 4) with the earlier value, change and %', () => {
    expect(r.table).toBe(4);
    expect(label('4:5:1')).toMatchObject({
      kind: 'prior',
      text: '2023: 1,731.17 · +65.85 · +3.8%',
      sign: '+',
      swing: false,
    });
    expect(label('4:2:1')).toMatchObject({ kind: 'prior', text: '2023: 7,731.68 · +417.79 · +5.4%', sign: '+' });
    expect(label('4:6:1')).toMatchObject({ text: '2023: 800.00 · +149.58 · +18.7%', swing: true });
    expect(label('4:11:1')).toMatchObject({ text: '2023: 317.56 · -228.12 · -71.8%', sign: '-', swing: true });
    expect(label('4:19:1')).toMatchObject({ text: '2023: 59.89 · +17.89 · +29.9%', swing: true });
    expect(label('4:20:1')).toMatchObject({ text: '2023: 29.93 · -0.23 · -0.8%', sign: '-', swing: false });
    expect(label('4:5:1')!.description).toBe(
      '行政运行：2023 年预算 1,731.17 万元；本年 1,797.02 万元；增减 +65.85 万元（+3.8%）',
    );
  });

  it('says 新增 by lines that appeared and 科目调整 by the line that moved', () => {
    expect(label('4:8:1')).toMatchObject({ kind: 'new', text: '新增', sign: '' });
    expect(label('4:16:1')).toMatchObject({ kind: 'new', text: '新增' });
    expect(label('4:7:1')).toMatchObject({
      kind: 'moved',
      text: '2023: 4,560.00 · +330.85 · +7.3% · 科目调整（原 2010308）',
    });
    expect(r.labels).toHaveLength(19);
  });

  it('reports the comparison compactly: years, swings, appeared, vanished, moves, series, implied', () => {
    const y = r.years!;
    expect(YearsSchema.parse(JSON.parse(JSON.stringify(y)))).toEqual(y);
    expect(y.years).toEqual([2023, 2024]);
    expect(y.table).toMatchObject({ kind: 'gpb-expenditure', column: ['合 计'], unit: '万元', domTable: 4 });
    expect(y.swings.map((l) => [l.code, l.names.at(-1), l.display.change, l.percent, l.cell])).toEqual([
      ['2060404', '科技成果转化与扩散', '-228.12', '-71.8%', { table: 4, row: 11, cell: 1 }],
      ['2010350', '事业运行', '+149.58', '+18.7%', { table: 4, row: 6, cell: 1 }],
      ['2101101', '行政单位医疗', '+17.89', '+29.9%', { table: 4, row: 19, cell: 1 }],
    ]);
    expect(y.appeared.map((l) => [l.code, l.display.current])).toEqual([
      ['2014099', '4,890.85'],
      ['2080506', '90.51'],
    ]);
    expect(y.vanished.map((l) => [l.code, l.display.earlier, l.cell])).toEqual([['2101103', '8.00', null]]);
    expect(y.moves.map((m) => [m.from.code, m.to.code, m.change, m.cell])).toEqual([
      ['2010308', '20140', '3308500', { table: 4, row: 7, cell: 1 }],
    ]);
    expect(y.series?.rows.map((row) => [row.label.zh, ...row.values])).toEqual([
      ['合计', '77316800', '81494700'],
      ['一般公共服务支出', '70911700', '76374500'],
      ['科学技术支出', '3175600', '894400'],
      ['社会保障和就业支出', '2251300', '3151000'],
      ['卫生健康支出', '978200', '1074800'],
    ]);
    const implied = (s: string) => y.implied.find((i) => i.subject.includes(s))!;
    expect(implied('行政运行').display).toEqual({
      implied: '1,731.17',
      stored: '1,731.17',
      difference: '0.00',
      unit: '万元',
    });
    expect(implied('事业运行').display).toEqual({
      implied: '915.04',
      stored: '800.00',
      difference: '+115.04',
      unit: '万元',
    });
    expect(implied('支出预算').display).toEqual({
      implied: '7,812.20',
      stored: '7,731.68',
      difference: '+80.52',
      unit: '万元',
    });
    expect(implied('支出预算').storedFrom).toMatchObject({ year: 2023, stage: '预算' });
    // The “三公” parts beside their own columns of the 2023 “三公” table, not the expenditure total.
    expect(implied('因公出国').display).toMatchObject({ implied: '18.00', stored: '18.00', difference: '0.00' });
    expect(implied('公务接待费').display).toMatchObject({ implied: '11.55', stored: '11.55', difference: '0.00' });
    expect(implied('公务用车购置支出').display).toMatchObject({ implied: '0.00', stored: '0.00', difference: '0.00' });
    expect(implied('公务用车运行维护费支出').storedFrom?.table).toBe(
      '表 7： 2023 年市级部门一般公共预算“三公”经费预算表',
    );
    expect(y.implied.filter((i) => i.stored === '77316800').map((i) => i.subject)).toEqual([
      '收入预算',
      '支出预算',
      '一般公共预算当年拨款',
    ]);
  });

  it('the report with it passes the schema the background and the side panel validate with', () => {
    const report = {
      url: URL_2024,
      canonicalUrl: null,
      title: 't',
      auditedAt: NOW.toISOString(),
      document: { title: 't', department: null, year: 2024, unit: '万元', stage: '预算' },
      summary: page2024.report.summary,
      tables: [],
      findings: [],
      claims: [],
      headlines: [],
      notes: [],
      years: r.years,
      snapshot: { enabled: true, saved: true, id: 's-abcdef', error: null },
    };
    expect(PageReportSchema.parse(JSON.parse(JSON.stringify(report))).years).toEqual(r.years);
    // Older reports (no years, no snapshot) still read.
    const { years: _y, snapshot: _s, ...older } = report;
    expect(PageReportSchema.safeParse(older).success).toBe(true);
  });

  it('no earlier year of the same department: no labels, no years', () => {
    const huzhou = auditFixture('pages/huzhou-2024.clean.html');
    const other = snapshotOf(huzhou.doc, { url: 'x', title: 'x' }, [], { now: NOW })!;
    expect(Y.compareSnapshot(snap2024(), [other, snap2024()], SETTINGS, page2024.doc)).toMatchObject({
      years: null,
      labels: [],
      table: null,
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------

class StubView {
  draws: { labels: readonly { text: string }[]; table: number | null }[] = [];
  draw(labels: readonly { text: string }[], table: number | null): void {
    this.draws.push({ labels, table });
  }
  clear(): void {
    this.draws.push({ labels: [], table: null });
  }
}

const until = async (cond: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** A controller over `store` whose view and report go nowhere. */
const quiet = (store: InstanceType<typeof SnapshotStore>) =>
  new Y.YearsController(storeKeeper(store), fakeBrowser.storage.onChanged, new StubView(), () => undefined, 5);

describe('YearsController: keep, compare, follow the store', () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it(
    'keeps the page’s snapshot; no earlier year yet: years ' + 'null. An import of 2023 elsewhere updates the page',
    async () => {
      const store = new SnapshotStore(fakeBrowser.storage.local);
      const view = new StubView();
      const parts: unknown[] = [];
      const c = new Y.YearsController(storeKeeper(store), fakeBrowser.storage.onChanged, view, (p) => parts.push(p), 5);
      const part = await c.attach(...attachTo(page2024.doc, snap2024()));
      expect(part.years).toBeNull();
      expect(part.snapshot).toMatchObject({ enabled: true, saved: true, error: null });
      const stored = await store.get(part.snapshot!.id!);
      expect(stored.status).toBe('ok');
      expect(stored.status === 'ok' && stored.snapshot.url).toBe(URL_2024);
      expect(parts).toEqual([]); // its own write is not news

      await store.put(snap2023());
      await until(() => parts.length === 1, 'the refresh');
      const next = parts[0] as { years: { years: number[] } };
      expect(next.years.years).toEqual([2023, 2024]);
      expect(view.draws.at(-1)!.table).toBe(4);
      expect(view.draws.at(-1)!.labels.map((l) => l.text)).toContain('2023: 1,731.17 · +65.85 · +3.8%');
    },
  );

  it('a new threshold in the settings compares again', async () => {
    const store = new SnapshotStore(fakeBrowser.storage.local);
    await store.put(snap2023());
    const parts: { years: { swings: { code: string | null }[] } | null }[] = [];
    const c = new Y.YearsController(
      storeKeeper(store),
      fakeBrowser.storage.onChanged,
      new StubView(),
      (p) => parts.push(p as never),
      5,
    );
    const first = await c.attach(...attachTo(page2024.doc, snap2024()));
    expect(first.years!.swings.map((l) => l.code)).toEqual(['2060404', '2010350', '2101101']);
    await store.saveSettings({ v: 1, enabled: true, threshold: { percent: '30', amount: '200000' } });
    await until(() => parts.length === 1, 'the refresh');
    expect(parts[0]!.years!.swings.map((l) => l.code)).toEqual(['2060404']);
  });

  it('turned off: the snapshot is not kept, the comparison with stored years still shows', async () => {
    const store = new SnapshotStore(fakeBrowser.storage.local);
    await store.put(snap2023());
    await store.saveSettings({ ...SETTINGS, enabled: false });
    const c = quiet(store);
    const part = await c.attach(...attachTo(page2024.doc, snap2024()));
    expect(part.snapshot).toMatchObject({ enabled: false, saved: false, error: null });
    expect((await store.list()).snapshots.map((s) => s.year)).toEqual([2023]);
    expect(part.years?.years).toEqual([2023, 2024]);
  });

  it('a full storage area: reported, nothing deleted, the comparison still shows', async () => {
    const store = new SnapshotStore(fakeBrowser.storage.local);
    await store.put(snap2023());
    await fakeBrowser.storage.local.set({ 'note:n-1': { keep: true } });
    const area = fakeBrowser.storage.local;
    const set = area.set;
    area.set = async () => {
      throw new Error('QUOTA_BYTES quota exceeded');
    };
    try {
      const c = quiet(store);
      const part = await c.attach(...attachTo(page2024.doc, snap2024()));
      expect(part.snapshot).toMatchObject({ enabled: true, saved: false });
      expect(part.snapshot!.error!.zh).toMatch(/存储空间已满.*均未删除/u);
      expect(part.years?.years).toEqual([2023, 2024]);
    } finally {
      area.set = set;
    }
    const all = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(all).sort()).toEqual(['note:n-1', snapshotKey(snap2023().id)]);
  });

  it('a failing store never throws: no years, a warning', async () => {
    const broken = {
      get: async () => {
        throw new Error('boom');
      },
      set: async () => {
        throw new Error('boom');
      },
      remove: async () => undefined,
    };
    const view = new StubView();
    const c = new Y.YearsController(storeKeeper(new SnapshotStore(broken)), undefined, view, () => undefined, 5);
    const part = await c.attach(...attachTo(page2024.doc, snap2024()));
    expect(part.years).toBeNull();
    expect(part.snapshot?.saved).toBe(false);
    expect(warn).toHaveBeenCalled();
    expect(view.draws.at(-1)).toEqual({ labels: [], table: null });
  });

  it('follows settings and snapshot keys only', async () => {
    const store = new SnapshotStore(fakeBrowser.storage.local);
    const parts: unknown[] = [];
    const c = new Y.YearsController(
      storeKeeper(store),
      fakeBrowser.storage.onChanged,
      new StubView(),
      (p) => parts.push(p),
      5,
    );
    await c.attach(...attachTo(page2024.doc, snap2024()));
    await fakeBrowser.storage.local.set({ 'note:x': { a: 1 } });
    const huzhou = auditFixture('pages/huzhou-2024.clean.html');
    await store.put(snapshotOf(huzhou.doc, { url: 'h', title: 'h' }, [], { now: NOW })!);
    await new Promise((r) => setTimeout(r, 30));
    expect(parts).toEqual([]);
    await fakeBrowser.storage.local.set({ [SNAPSHOT_SETTINGS_KEY]: SETTINGS });
    await until(() => parts.length === 1, 'the refresh');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('YearsLayer: the labels and the toggle in the overlay (linkedom)', () => {
  it('draws .bl-prior[data-cell] labels with data-change and data-swing, and the bar’s toggle hides them', () => {
    installPage(fixture('pages/hangzhou-2024.clean.html'));
    try {
      const bar = document.createElement('div');
      const hidden = new Set<number>();
      const surface = new DomSurface();
      const layer = new YearsLayer({
        surface,
        bar: (t: number) => (t === 4 ? (bar as unknown as HTMLElement) : undefined),
        isHidden: (t: number) => hidden.has(t),
      } as unknown as MarksHost);
      const container = surface.root;
      const r = Y.compareSnapshot(snap2024(), [snap2023()], SETTINGS, page2024.doc);
      layer.draw(r.labels, r.table);
      const labels = [...container.querySelectorAll('.bl-prior')] as HTMLElement[];
      expect(labels).toHaveLength(19);
      const run = container.querySelector('.bl-prior[data-cell="4:5:1"]') as HTMLElement;
      expect(run.textContent).toBe('2023: 1,731.17 · +65.85 · +3.8%');
      // Beside the table (right edge 580 px), on the cell's row (row 5 of table 4: top 4100 px).
      expect([run.hidden, run.style.left, run.style.top]).toEqual([false, '586px', '4102px']);
      expect([run.dataset.change, run.dataset.kind, run.dataset.swing]).toEqual(['+', 'prior', undefined]);
      expect(run.getAttribute('aria-label')).toContain('行政运行');
      const swing = container.querySelector('.bl-prior[data-cell="4:11:1"]') as HTMLElement;
      expect([swing.dataset.change, swing.dataset.swing, swing.classList.contains('bl-prior-swing')]).toEqual([
        '-',
        'true',
        true,
      ]);
      expect((container.querySelector('.bl-prior[data-cell="4:8:1"]') as HTMLElement).textContent).toBe('新增');

      const toggle = bar.querySelector('button.bl-prior-toggle') as unknown as HTMLButtonElement;
      expect(toggle.textContent).toBe('隐藏上年对比');
      expect(toggle.getAttribute('aria-pressed')).toBe('false');
      toggle.click();
      expect(toggle.getAttribute('aria-pressed')).toBe('true');
      expect(toggle.textContent).toBe('显示上年对比');
      expect(labels.every((l) => l.hidden)).toBe(true);
      toggle.click();
      expect(labels.some((l) => l.hidden)).toBe(false);
      // The table's findings hidden with its bar's 隐藏 button hide the labels too.
      hidden.add(4);
      layer.position();
      expect(labels.every((l) => l.hidden)).toBe(true);

      // Nothing to compare any more: labels and the toggle go.
      layer.clear();
      expect(container.querySelectorAll('.bl-prior')).toHaveLength(0);
      expect(bar.querySelector('.bl-prior-toggle')).toBeNull();
    } finally {
      Object.assign(globalThis, { document: undefined, window: undefined });
    }
  });
});
