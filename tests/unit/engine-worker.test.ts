import { parseHTML } from 'linkedom';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { readPage, readPageSteps, ROWS_PER_STEP, type DomNode, type RawBlock } from '../../lib/dom/adapter';
import { pageReport } from '../../lib/extension/page-report';
import { workerEngine, PREVIEW_CHECKS } from '../../lib/extension/worker-engine';
import {
  endOf,
  FromWorkerSchema,
  PREVIEW_ROWS,
  PREVIEW_TABLES,
  previewFiller,
  RawBlockSchema,
  ToWorkerSchema,
  type FromWorker,
  type ToWorker,
} from '../../lib/extension/worker-protocol';
import { openDocument } from '../../lib/open';
import { fixture, snapshot2023 } from '../helpers';
import { compareForPage } from '../../lib/extension/page-years';
import { anchorFor, resolveNotes } from '../../lib/notes/anchor';

const URL_ = 'https://czj.example.gov.cn/2024/budget.html';
const NOW = new Date('2026-12-07T12:00:00Z');
const REPORTED = { url: URL_, canonicalUrl: null, title: '页面' };

/**
 * Runs the worker's handler on a page's blocks, `chunk` blocks a message, through structured clone; asks for a
 * preview once `previewAfter` tables were sent.
 */
function runWorker(html: string, chunk: number, previewAfter = 0): FromWorker[] {
  return startWorker(html, chunk, previewAfter).out;
}

/** runWorker, and the page's side to ask the worker more afterwards. */
function startWorker(html: string, chunk: number, previewAfter = 0) {
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
  return { out, send };
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
    // The snapshot comes as one JSON string (cheap to clone; the background validates it where it is kept).
    expect(done.snapshot && JSON.parse(done.snapshot.json)).toEqual(opened.snapshot);
    expect(done.snapshot).toMatchObject({ id: opened.snapshot!.id, department: opened.snapshot!.department });
    // Progress came before the end, rising.
    const progress = out.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(out.at(-1)?.type).toBe('done');
  });

  it('previews the first tables alone, with their within-table findings only', () => {
    // A typo in the first table's figures: the preview has its row or column finding.
    const { document } = parseHTML(html);
    const cell = [...document.querySelectorAll('td')].find((td) => /^\d[\d,]*\.\d\d$/u.test(td.textContent.trim()));
    if (!cell) throw new Error('no figure');
    cell.textContent = `${cell.textContent.trim().slice(0, -1)}${(Number(cell.textContent.trim().slice(-1)) + 3) % 10}`;
    const typo = document.toString();
    // Asked once more tables than a preview's were sent: it still covers the first ones only.
    const out = runWorker(typo, 1, PREVIEW_TABLES + 2);
    const preview = out.find((m) => m.type === 'preview');
    const done = out.find((m) => m.type === 'done');
    if (preview?.type !== 'preview' || done?.type !== 'done') throw new Error('no preview');
    const blocks = readPage(parseHTML(typo).document as unknown as DomNode, URL_).blocks;
    const covered = blocks.slice(0, blocks.findIndex(previewFiller()) + 1);
    const indexes = new Set(covered.flatMap((b) => (b.kind === 'table' ? [b.table.index] : [])));
    const first = done.report.tables.filter((t) => indexes.has(t.index));
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThanOrEqual(PREVIEW_TABLES);
    expect(preview.marks.tables.map((t) => t.index)).toEqual(first.map((t) => t.index));
    expect(preview.marks.findings.length).toBeGreaterThan(0);
    expect(preview.marks.findings.every((f) => PREVIEW_CHECKS.has(f.check))).toBe(true);
    expect(preview.marks.findings.every((f) => first.some((t) => t.index === f.table))).toBe(true);
    // Only what the marks draw: no claims, headlines or page.
    expect(Object.keys(preview.marks).sort()).toEqual(['findings', 'summary', 'tables']);
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

describe('the model kept in the worker', () => {
  it('answers the notes’ and the years’ questions as the model in hand does, and only after the audit', async () => {
    const html = fixture('pages/hangzhou-2024.clean.html');
    const early: FromWorker[] = [];
    workerEngine((m) => early.push(m))({
      type: 'anchor',
      id: 1,
      page: { url: URL_, title: '' },
      target: { scope: 'page' },
    });
    expect(early).toEqual([{ type: 'unanswered', id: 1, message: 'no page audited yet' }]);

    const { out, send } = startWorker(html, 5);
    const opened = await openDocument(
      { dom: parseHTML(html).document as unknown as DomNode },
      { url: URL_, snapshot: { canonical: true, now: NOW } },
    );
    if (opened.kind !== 'audited' || !opened.snapshot) throw new Error('not audited');
    const here = { url: URL_, title: '页面' };
    const reply = <T extends FromWorker['type']>(type: T, id: number) =>
      out.find((m) => m.type === type && (m as { id?: number }).id === id) as Extract<FromWorker, { type: T }>;

    const target = { scope: 'cell' as const, cell: { table: 4, row: 5, cell: 1 } };
    send({ type: 'anchor', id: 2, page: here, target });
    const anchor = reply('anchored', 2).anchor;
    expect(anchor).toEqual(anchorFor(opened.document, here, target));
    const note = {
      v: 2 as const,
      id: 'note-worker-1',
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      text: '问问',
      tags: ['疑点'],
      status: 'open' as const,
      anchor,
      finding: null,
      hint: target.cell,
    };
    send({ type: 'resolve-notes', id: 3, page: here, notes: [note] });
    const resolved = reply('resolved', 3).notes;
    expect(resolved).toEqual(
      resolveNotes(opened.document, here, [note]).map((r) => ({ note: r.note.id, resolution: r.resolution })),
    );
    expect(resolved[0]?.resolution).toMatchObject({ status: 'attached', confidence: 'exact' });

    const earlier = snapshot2023();
    const threshold = { percent: '10', amount: '100000' };
    send({ type: 'years', id: 4, earlier: JSON.stringify([earlier]), threshold });
    const compared = reply('compared', 4);
    const { comparison: _c, ...want } = compareForPage(opened.snapshot, [earlier], threshold, opened.document);
    expect({ years: compared.years, labels: compared.labels, table: compared.table }).toEqual(want);
    expect(compared.labels).toHaveLength(19);
    expect(compared.table).toBe(4);
    expect(out.filter((m) => m.type === 'unanswered' || m.type === 'failed')).toEqual([]);
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

describe('a preview', () => {
  const table = (index: number, rows: number): RawBlock => ({
    kind: 'table',
    table: {
      index,
      caption: '',
      hasNestedTable: false,
      rows: Array.from({ length: rows }, () => ({
        cells: [{ text: '1.00', rowSpan: 1, colSpan: 1, header: false, indent: 0 }],
      })),
    },
  });
  const filledBy = (blocks: RawBlock[]): number => blocks.findIndex(previewFiller());

  it('covers the first three short tables, but a long first table alone', () => {
    const text: RawBlock = { kind: 'text', text: '表1' };
    expect(filledBy([text, table(0, 20), text, table(1, 20), text, table(2, 20), table(3, 20)])).toBe(5);
    expect(filledBy([text, table(0, PREVIEW_ROWS), table(1, 20)])).toBe(1);
    expect(filledBy([table(0, PREVIEW_ROWS - 30), table(1, 40), table(2, 5)])).toBe(1);
    expect(filledBy([text, table(0, 5)])).toBe(-1);
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

  it('emitOnly: the page in a tab keeps no block (they went to its worker); the rest of the read is the same', () => {
    // A real page with text, tables and a title taken from its first text: what a page sends and draws with.
    const { document } = parseHTML(fixture('pages/huzhou-2024.cms.html').replace(/<title>[^<]*<\/title>/iu, ''));
    const root = document as unknown as DomNode;
    const drain = <T>(g: Generator<void, T>): T => {
      for (;;) {
        const r = g.next();
        if (r.done) return r.value;
      }
    };
    const whole = drain(readPageSteps(root, URL_, { positions: true }));
    const sent: RawBlock[] = [];
    const kept = drain(readPageSteps(root, URL_, { positions: true, emitOnly: true, onBlock: (b) => sent.push(b) }));
    expect(kept.blocks).toEqual([]);
    expect(sent).toEqual(whole.blocks);
    expect(whole.title).not.toBe('');
    expect({ ...kept, blocks: whole.blocks }).toEqual(whole);
  });
});
