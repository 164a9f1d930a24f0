import { auditDom, auditSource, type AuditReport } from '../lib/audit';
import type { BudgetDocument } from '../lib/model';
import { toJson } from '../lib/report/json';
import type { LoadedPage } from './load';
import { pdfJson } from './pdf';

/** Audits a loaded page or PDF. */
export function auditLoaded(page: LoadedPage): { doc: BudgetDocument; report: AuditReport } {
  return page.pdf ? auditSource(page.pdf.source) : auditDom(page.root, page.source);
}

/**
 * The --json report of a page (a PDF's with positions), its document with `identity` added: where department,
 * year and stage were read, the scope (部门 / 单位), a template's placeholder, why no department was found.
 */
export function reportJson(page: LoadedPage, doc: BudgetDocument, report: AuditReport): unknown {
  const json = (page.pdf ? pdfJson(toJson(report), page.pdf) : toJson(report)) as Record<string, unknown>;
  if (!doc.identity) return json;
  const { title: _title, ...identity } = doc.identity;
  return { ...json, document: { ...(json.document as object), identity } };
}
