import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { auditDom, type AuditReport } from '../lib/audit';
import { rowCells, tableRows, type DomNode } from '../lib/dom/adapter';
import type { BudgetDocument } from '../lib/model';

export const FIXTURES = join(__dirname, 'fixtures');

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

/** Parses HTML with linkedom (as the CLI does) and audits it with the engine. */
export function auditHtml(html: string, source = 'test://page'): { doc: BudgetDocument; report: AuditReport } {
  const { document } = parseHTML(html);
  return auditDom(document as unknown as DomNode, source);
}

export function auditFixture(path: string): { doc: BudgetDocument; report: AuditReport } {
  return auditHtml(fixture(path), path);
}

export const errors = (r: AuditReport) => r.findings.filter((f) => f.severity === 'error');
export const rounding = (r: AuditReport) => r.findings.filter((f) => f.severity === 'info');
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
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
