import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';

const zh = (await import('../../public/_locales/zh_CN/messages.json')).default as Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const store: Record<string, unknown> = {};
const listeners: Array<(c: Record<string, { newValue?: unknown }>, a: string) => void> = [];
const activated: Array<(i: { tabId: number; windowId: number }) => void> = [];
const sent: unknown[] = [];
const fake = {
  i18n: {
    getUILanguage: () => 'zh-CN',
    getMessage: (key: string, subs?: string | string[]) => {
      const e = zh[key];
      if (!e) return '';
      const s = typeof subs === 'string' ? [subs] : subs ?? [];
      return e.message.replace(/\$([A-Za-z0-9_]+)\$/gu, (_, n: string) => {
        const c = e.placeholders?.[n]?.content ?? '';
        return s[Number.parseInt(c.slice(1), 10) - 1] ?? '';
      });
    },
  },
  storage: {
    session: { get: async (k: string) => ({ [k]: store[k] }) },
    local: { get: async () => ({}) },
    onChanged: { addListener: (f: (typeof listeners)[number]) => listeners.push(f), removeListener: () => {} },
  },
  tabs: {
    query: async () => [{ id: 7 }],
    onActivated: { addListener: (f: (typeof activated)[number]) => activated.push(f), removeListener: () => {} },
    sendMessage: async (tabId: number, msg: unknown) => { sent.push([tabId, msg]); },
  },
  windows: { getCurrent: async () => ({ id: 1 }) },
};
vi.mock('wxt/browser', () => ({ browser: fake }));

const { document, window } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
Object.assign(globalThis, { document, window, navigator: { clipboard: { writeText: async (s: string) => { (globalThis as any).copied = s; } } } });

const { h, render } = await import('preact');
const { SidePanelApp } = await import('../../components/sidepanel/SidePanelApp');
const { auditFixture } = await import('../helpers');
const { toJson } = await import('../../lib/report/json');
const { headlines } = await import('../../lib/summary');

const tick = () => new Promise((r) => setTimeout(r, 250));
const q = (sel: string) => [...document.querySelectorAll(sel)] as any[];

describe('side panel smoke', () => {
  afterAll(() => render(null, document.getElementById('app')!));
  it('renders', async () => {
    const { doc, report } = auditFixture('pages/huzhou-2024.clean.html');
    const pr = { ...(toJson(report) as object), url: 'https://x.gov.cn/a', title: doc.title, auditedAt: '2024-05-01T02:00:00Z', headlines: headlines(doc) };
    const app = document.getElementById('app')!;
    render(h(SidePanelApp, { search: '?tab=5' }), app);
    await tick();
    console.log('before:', app.textContent);
    expect(q('[data-testid="empty"]')).toHaveLength(1);
    store['report:5'] = pr;
    for (const l of listeners) l({ 'report:5': { newValue: pr } }, 'session');
    await tick();
    console.log(q('[data-testid="department"]')[0].textContent, '|', q('[data-testid="year"]')[0].textContent, '|', q('[data-testid="unit"]')[0].textContent);
    console.log(q('[data-testid="counts"]')[0].textContent);
    console.log(q('[data-testid="headline"]').map((e) => e.getAttribute('data-key') + '=' + e.textContent).join('\n'));
    const f = q('[data-testid="finding"]');
    console.log(f.length, f[0].getAttribute('data-severity'), f[0].getAttribute('data-cells'), f[0].textContent);
    f[0].click();
    await tick();
    console.log('sent', JSON.stringify(sent));
    q('[data-testid="copy-markdown"]')[0].click();
    await tick();
    console.log('copied', String((globalThis as any).copied).slice(0, 80), '| status', q('.copy-status')[0].textContent);
    const fs = await import('node:fs');
    const body = document.body.innerHTML.replace(/<script[^>]*>.*?<\/script>/gsu, '');
    fs.writeFileSync('/tmp/bl/panel.html', `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="stylesheet" href="/work/main/entrypoints/sidepanel/style.css"></head><body>${body}</body></html>`);
    for (const l of listeners) l({ 'report:5': { newValue: { bogus: 1 } } }, 'session');
    await tick();
    console.log('invalid:', q('[data-testid="invalid"]')[0]?.textContent);
    console.log(q('[data-testid="table"]').slice(0, 2).map((e) => e.textContent));
  });
});
describe('follow', () => {
  it('follows the active tab of its window', async () => {
    const { followTab } = await import('../../components/sidepanel/source');
    const seen: Array<number | undefined> = [];
    const stop = followTab('', (id) => seen.push(id));
    await tick();
    for (const a of activated) a({ tabId: 9, windowId: 1 });
    for (const a of activated) a({ tabId: 11, windowId: 2 });
    stop();
    console.log('seen', seen);
    expect(seen).toEqual([7, 9]);
  });
});
