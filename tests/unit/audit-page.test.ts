import { parseHTML } from 'linkedom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditPage, type AuditHooks } from '../../components/overlay/audit-page';
import { fallbackEngine } from '../../components/overlay/fallback';
import type { MarksReport } from '../../components/marks/layer';
import { workerEngine } from '../../lib/extension/worker-engine';
import { CHANNEL, PREVIEW_TABLES } from '../../lib/extension/worker-protocol';
import { fixture } from '../helpers';

/**
 * The page's side of the engine's worker (components/overlay/audit-page.ts) without a browser: a stand-in Worker runs
 * the real worker's handler (lib/extension/worker-engine.ts) on the channel the page hands it, or answers with a
 * message that does not fit the protocol. The page draws a preview of its first tables while the rest is audited,
 * and never trusts a malformed message: it audits the page itself instead.
 */

const URL_ = 'https://czj.example.gov.cn/2024/budget.html';

/** What the stand-in worker answers: the real handler's messages, each passed through `tamper` first. */
let tamper: (m: { type: string }) => unknown = (m) => m;

class StandInWorker {
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  private readonly handle = workerEngine((m) => this.post(tamper(m)));
  private port: MessagePort | undefined;

  constructor() {
    this.post({ type: 'ready' });
  }

  private post(m: unknown): void {
    const data = structuredClone(m);
    setTimeout(() => this.onmessage?.({ data }), 0);
  }

  /** The page's first message hands over the channel it speaks on (lib/extension/worker-scope.ts). */
  postMessage(m: unknown, transfer?: Transferable[]): void {
    const port = transfer?.[0];
    if (m !== CHANNEL || !(port instanceof MessagePort)) throw new Error('the page spoke outside its channel');
    this.port = port;
    port.onmessage = (e: MessageEvent<unknown>) => this.handle(e.data);
  }

  terminate(): void {
    this.port?.close();
  }
}

function hooks(previews: MarksReport[]): AuditHooks & { fallback: ReturnType<typeof vi.fn> } {
  return {
    workerCode: () => Promise.resolve('/* the worker */'),
    fallback: vi.fn(() => Promise.resolve(fallbackEngine)),
    onPreview: (m) => previews.push(m),
  };
}

describe('the page and its worker', () => {
  const html = fixture('pages/huzhou-2024.cms.html');
  beforeEach(() => {
    vi.stubGlobal('Worker', StandInWorker);
    vi.stubGlobal('location', { href: URL_ });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    tamper = (m) => m;
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('draws a preview of the first tables alone, then gets the whole report from the worker', async () => {
    const { document } = parseHTML(html);
    expect(document.getElementsByTagName('table').length).toBeGreaterThan(PREVIEW_TABLES);
    const previews: MarksReport[] = [];
    const h = hooks(previews);
    const audited = await auditPage(document as unknown as Document, h);
    expect(audited.inWorker).toBe(true);
    expect(h.fallback).not.toHaveBeenCalled();
    expect(previews).toHaveLength(1);
    const shown = previews[0]!.tables.map((t) => t.index);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(audited.report.tables.slice(0, shown.length).map((t) => t.index));
    expect(previews[0]!.claims).toEqual([]);
  });

  it('refuses a malformed preview: draws nothing from it and audits the page itself, the same report', async () => {
    const { document } = parseHTML(html);
    const good = await auditPage(document as unknown as Document, hooks([]));
    // The preview's tables are not a list: a message outside the protocol.
    tamper = (m) => (m.type === 'preview' ? { ...m, marks: { summary: {}, tables: 'all', findings: [] } } : m);
    const previews: MarksReport[] = [];
    const h = hooks(previews);
    const audited = await auditPage(document as unknown as Document, h);
    expect(previews).toEqual([]);
    expect(h.fallback).toHaveBeenCalledTimes(1);
    expect(audited.inWorker).toBe(false);
    const { auditedAt: _a, ...got } = audited.report;
    const { auditedAt: _b, ...want } = good.report;
    expect(got).toEqual(want);
  });

  it('refuses a preview of more tables than a preview has', async () => {
    const { document } = parseHTML(html);
    tamper = (m) => {
      if (m.type !== 'preview') return m;
      const p = m as unknown as { marks: MarksReport };
      const t = p.marks.tables[0]!;
      const tables = Array.from({ length: PREVIEW_TABLES + 1 }, (_, i) => ({ ...t, index: t.index + i }));
      return { ...m, marks: { ...p.marks, tables } };
    };
    const previews: MarksReport[] = [];
    const h = hooks(previews);
    const audited = await auditPage(document as unknown as Document, h);
    expect(previews).toEqual([]);
    expect(audited.inWorker).toBe(false);
  });
});
