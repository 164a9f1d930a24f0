import { parseHTML } from 'linkedom';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { readPage, readPageSteps, ROWS_PER_STEP, type DomNode, type RawBlock } from '../../lib/dom/adapter';
import { pageReport } from '../../lib/extension/page-report';
import { workerEngine, PREVIEW_CHECKS } from '../../lib/extension/worker-engine';
import {
  endOf,
  FromWorkerSchema,
  RawBlockSchema,
  ToWorkerSchema,
  type FromWorker,
  type ToWorker,
} from '../../lib/extension/worker-protocol';
import { openDocument } from '../../lib/open';
import { fixture } from '../helpers';

const URL_ = 'https://czj.example.gov.cn/2024/budget.html';
const NOW = new Date('2026-12-07T12:00:00Z');
const REPORTED = { url: URL_, canonicalUrl: null, title: '页面' };

/**
 * Runs the worker's handler on a page's blocks, `chunk` blocks a message, through structured clone; asks for a
 * preview once `previewAfter` tables were sent.
 */
function runWorker(html: string, chunk: number, previewAfter = 0): FromWorker[] {
  const out: FromWorker[] = [];
  const handle = workerEngine((m) => out.push(FromWorkerSchema.parse(structuredClone(m))), {
    progressMs: 0,
    date: () => NOW,
  });
  const page = readPage(parseHTML(html).document as unknown as DomNode, URL_);
  const send = (m: ToWorker): void => handle(structuredClone(m));
  let tables = 0;
  for (let i = 0; i < page.blocks.length; i += chunk) {
    const blocks = page.blocks.slice(i, i + chunk);
    send({ type: 'blocks', blocks });
    const before = tables;
    tables += blocks.filter((b) => b.kind === 'table').length;
    if (previewAfter > 0 && before < previewAfter && tables >= previewAfter) send({ type: 'preview' });
  }
  send(endOf(page, REPORTED));
  return out;
}

describe('the engine worker', () => {
  const html = fixture('pages/huzhou-2024.cms.html');

  it('gives the report and the snapshot the page would give on its main thread', async () => {
    const out = runWorker(html, 7);
    const done = out.find((m) => m.type === 'done');
    expect(done).toBeDefined();
    const opened = await openDocument(
      { dom: parseHTML(html).document as unknown as DomNode },
      { url: URL_, snapshot: { canonical: true, now: NOW } },
    );
    if (opened.kind !== 'audited' || done?.type !== 'done') throw new Error('not audited');
    const expected = pageReport(opened.report, opened.document, REPORTED, []);
    const { auditedAt: _a, ...got } = done.report;
    const { auditedAt: _b, ...want } = expected;
    expect(got).toEqual(want);
    expect(got.summary.budgetTables).toBeGreaterThan(5);
    expect(done.snapshot).toEqual(opened.snapshot);
    // Progress came before the end, rising.
    const progress = out.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(out.at(-1)?.type).toBe('done');
  });

  it('previews the first tables with their within-table findings only', () => {
    // A typo in the first table's figures: the preview has its row or column finding.
    const { document } = parseHTML(html);
    const cell = [...document.querySelectorAll('td')].find((td) => /^\d[\d,]*\.\d\d$/u.test(td.textContent.trim()));
    if (!cell) throw new Error('no figure');
    cell.textContent = `${cell.textContent.trim().slice(0, -1)}${(Number(cell.textContent.trim().slice(-1)) + 3) % 10}`;
    const typo = document.toString();
    const out = runWorker(typo, 1, 3);
    const preview = out.find((m) => m.type === 'preview');
    if (preview?.type !== 'preview') throw new Error('no preview');
    expect(preview.report.tables.length).toBeGreaterThan(0);
    expect(preview.report.tables.length).toBeLessThan(out.find((m) => m.type === 'done')!.report.tables.length);
    expect(preview.report.findings.length).toBeGreaterThan(0);
    expect(preview.report.findings.every((f) => PREVIEW_CHECKS.has(f.check))).toBe(true);
    expect(preview.report.claims).toEqual([]);
    expect(out.findIndex((m) => m.type === 'preview')).toBeLessThan(out.findIndex((m) => m.type === 'done'));
  });

  it('answers a message outside the protocol with failed, and keeps going', () => {
    const out: FromWorker[] = [];
    const handle = workerEngine((m) => out.push(m));
    handle({ type: 'blocks', blocks: [{ kind: 'table', table: { index: -1 } }] });
    handle({ type: 'eval', code: '1' });
    expect(out.map((m) => m.type)).toEqual(['failed', 'failed']);
    handle({ type: 'blocks', blocks: [{ kind: 'text', text: '2024年部门预算' }] });
    expect(out).toHaveLength(2);
  });
});

describe('the worker protocol', () => {
  it('takes every block the DOM reader gives, and nothing else', () => {
    // The schema and lib/dom/adapter.ts's types say the same (checked by npm run typecheck).
    expectTypeOf<z.infer<typeof RawBlockSchema>>().toMatchTypeOf<RawBlock>();
    expectTypeOf<RawBlock>().toMatchTypeOf<z.infer<typeof RawBlockSchema>>();
    const page = readPage(parseHTML(fixture('pages/hangzhou-2024.word.html')).document as unknown as DomNode, URL_);
    for (const b of page.blocks) expect(RawBlockSchema.parse(structuredClone(b))).toEqual(b);
    expect(RawBlockSchema.safeParse({ kind: 'table', table: { index: 0, rows: [], caption: '' } }).success).toBe(false);
    expect(ToWorkerSchema.safeParse({ type: 'end', url: URL_ }).success).toBe(false);
    expect(FromWorkerSchema.safeParse({ type: 'done', report: {}, snapshot: null }).success).toBe(false);
  });
});

describe('the DOM read in slices', () => {
  it('yields within a long table and hands each block over as it is read', () => {
    const rows = Array.from({ length: 100 }, (_, i) => `<tr><td>项目${i}</td><td>${i}.00</td></tr>`).join('');
    const { document } = parseHTML(`<html><body><p>说明</p><table>${rows}</table><p>完</p></body></html>`);
    const seen: RawBlock[] = [];
    const steps = readPageSteps(document as unknown as DomNode, URL_, { onBlock: (b) => seen.push(b) });
    let yields = 0;
    let r = steps.next();
    while (!r.done) {
      yields++;
      r = steps.next();
    }
    expect(yields).toBeGreaterThanOrEqual(Math.floor(100 / ROWS_PER_STEP));
    expect(seen).toEqual(r.value.blocks);
    expect(r.value).toEqual(readPage(document as unknown as DomNode, URL_));
  });
});
