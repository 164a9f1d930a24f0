import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { auditDom, type AuditReport } from '../lib/audit';
import { rowCells, tableRows, type DomNode } from '../lib/dom/adapter';
import type { BudgetDocument } from '../lib/model';
import { snapshotOf } from '../lib/snapshots/build';
import { impliedFor } from '../lib/snapshots/implied';
import type { Snapshot } from '../lib/snapshots/schema';

export const FIXTURES = join(__dirname, 'fixtures');

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

/** Parses HTML with linkedom (the tree the command line's own reader, cli/html-dom.ts, builds too) and audits it. */
export function auditHtml(html: string, source = 'test://page'): { doc: BudgetDocument; report: AuditReport } {
  const { document } = parseHTML(html);
  return auditDom(document as unknown as DomNode, source);
}

export function auditFixture(path: string): { doc: BudgetDocument; report: AuditReport } {
  return auditHtml(fixture(path), path);
}

/**
 * The synthetic 2023 of tests/fixtures/years/ (hangzhou-2023.synthetic.html) as its snapshot, saved on 1 March 2023:
 * the earlier year the Hangzhou 2024 pages are compared with.
 */
export function snapshot2023(): Snapshot {
  const y = auditFixture('years/hangzhou-2023.synthetic.html');
  return snapshotOf(
    y.doc,
    { url: 'file:///hangzhou-2023.synthetic.html', title: y.doc.title },
    impliedFor(y.report, y.doc),
    { now: new Date('2023-03-01T08:00:00.000Z') },
  )!;
}

export const errors = (r: AuditReport) => r.findings.filter((f) => f.severity === 'error');
export const rounding = (r: AuditReport) => r.findings.filter((f) => f.severity === 'info');
/** The checks whose relations a finding stands for: a root-cause finding lists several. */
export const relationChecks = (f: AuditReport['findings'][number]): string[] =>
  (f.relations ? f.relations.map((r) => r.check) : [f.check]).sort();
/** A finding's relation of one check (the finding itself when it stands for one relation). */
export const relationOf = (f: AuditReport['findings'][number], check: string) =>
  f.relations ? f.relations.find((r) => r.check === check) : f.check === check ? f : undefined;
/** What a finding's tooltip recomputes: each relation of a root cause, else the finding's own derivation. */
export const derivations = (f: { derivation: string; relations?: readonly { derivation: string }[] }): string[] =>
  f.relations ? f.relations.map((r) => r.derivation) : [f.derivation];
export const key = (c: { table: number; row: number; cell: number }) => `${c.table}:${c.row}:${c.cell}`;

/** Audits a page after replacing the text of one cell, found by its DOM address, as a site's typo would. */
export function auditWithCellChanged(html: string, addr: { table: number; row: number; cell: number }, text: string) {
  const { document } = parseHTML(html);
  const table = document.querySelectorAll('table')[addr.table] as unknown as DomNode;
  const td = rowCells(tableRows(table)[addr.row]!)[addr.cell] as unknown as { textContent: string };
  td.textContent = text;
  return auditDom(document as unknown as DomNode, 'test://changed');
}

/** Runs the command line as a user would (node bin/budget-lens.mjs …): exit code, standard output and error. */
export async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const bin = join(__dirname, '..', 'bin', 'budget-lens.mjs');
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A local HTTP server on a free port of 127.0.0.1: its address ("http://127.0.0.1:PORT") and how to stop it. */
export interface LocalServer {
  readonly base: string;
  close(): Promise<void>;
}

/** Starts a local HTTP server answering with `handle` (for tests of the command line's URL inputs). */
export async function serveLocal(handle: import('node:http').RequestListener): Promise<LocalServer> {
  const { createServer } = await import('node:http');
  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return {
    base: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`,
    // A browser keeps its connections open: they are closed too, or the server would wait for them.
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/**
 * GB18030 bytes for a string, via TextDecoder round trips over the two-byte GBK range (test-only; Node has no GBK
 * encoder).
 */
export function encodeGb18030(s: string): Uint8Array {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gb18030');
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
