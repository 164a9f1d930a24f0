import type { AuditReport } from '../audit';
import type { BudgetDocument } from '../model';
import { toJson } from '../report/json';
import { headlines } from '../summary';
import type { NoteOnPage, PageReport } from './messages';

/** The page a report is about: its address, its <link rel=canonical> if any, its title. */
export interface ReportedPage {
  readonly url: string;
  readonly canonicalUrl?: string | null;
  readonly title: string;
}

/**
 * What the engine in a web page and the PDF viewer send the background (bl:report): the report contract's JSON
 * (lib/report/json.ts, the one writer) less what only the command line prints, plus the page, the time, the headline
 * figures and where the page's notes landed.
 */
export function pageReport(
  report: AuditReport,
  doc: BudgetDocument,
  page: ReportedPage,
  notes: readonly NoteOnPage[],
): PageReport {
  const { source: _source, checks: _checks, notChecked: _notChecked, impliedPrior: _implied, ...json } = toJson(report);
  return {
    ...json,
    url: page.url,
    canonicalUrl: page.canonicalUrl ?? null,
    title: page.title,
    auditedAt: new Date().toISOString(),
    headlines: headlines(doc),
    notes: [...notes],
  };
}
