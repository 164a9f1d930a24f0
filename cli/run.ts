import type { AuditReport } from '../lib/audit';
import type { BudgetDocument } from '../lib/model';
import { toJson } from '../lib/report/json';
import { validReport } from '../lib/report/schema';
import type { LoadedPage } from './load';
import { pdfJson } from './pdf';

/** The audit of a loaded page or PDF (cli/load.ts audits through lib/open.ts); a PDF without text has none. */
export function auditLoaded(page: LoadedPage): { doc: BudgetDocument; report: AuditReport } {
  if (!page.doc) throw new Error(`${page.source} has no text to audit`);
  return { doc: page.doc, report: page.report };
}

/**
 * The --json report of a page (a PDF's with positions), its document with `identity` added: where department,
 * year and stage were read, the scope (部门 / 单位), a template's placeholder, why no department was found.
 */
export function reportJson(page: LoadedPage, doc: BudgetDocument, report: AuditReport): unknown {
  // The contract (lib/report/schema.ts) is checked where the report leaves the program: a field that drifted fails
  // here.
  const json = validReport(page.pdf ? pdfJson(toJson(report), page.pdf) : toJson(report)) as Record<string, unknown>;
  if (!doc.identity) return json;
  const { title: _title, ...identity } = doc.identity;
  return { ...json, document: { ...(json.document as object), identity } };
}
