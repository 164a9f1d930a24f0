import type { AuditReport, ClaimEntry } from '../../lib/audit';
import { auditHtml, fixture } from '../helpers';

export const STYLES = ['clean', 'word', 'cms'] as const;

/** The claims of a report whose text contains every given piece, of one kind. */
export function claimsWith(report: AuditReport, kind: ClaimEntry['kind'], ...pieces: string[]): ClaimEntry[] {
  return report.claims.filter((c) => c.kind === kind && pieces.every((p) => c.text.includes(p)));
}

/** The one claim of that kind whose text contains every piece (fails when there is none or several). */
export function claim(report: AuditReport, kind: ClaimEntry['kind'], ...pieces: string[]): ClaimEntry {
  const found = claimsWith(report, kind, ...pieces);
  if (found.length !== 1)
    throw new Error(
      `expected one ${kind} claim with ${pieces.join(' + ')}, found ${found.length}: ` +
        found.map((c) => c.text).join(' | '),
    );
  return found[0]!;
}

/** Claims by outcome: "passed", "rounding" (passed within rounding), "failed", "warning", "not-checked". */
export function outcome(c: Pick<ClaimEntry, 'status' | 'severity'>): string {
  return c.status === 'passed' && c.severity === 'info' ? 'rounding' : c.status;
}

export function countsByOutcome(report: AuditReport): Record<string, number> {
  const n: Record<string, number> = {};
  for (const c of report.claims) n[outcome(c)] = (n[outcome(c)] ?? 0) + 1;
  return n;
}

/** Audits a fixture page after replacing text in its HTML (a typo in the narrative); the text must occur once. */
export function auditEdited(path: string, from: string, to: string): ReturnType<typeof auditHtml> {
  const html = fixture(path);
  const at = html.indexOf(from);
  if (at < 0 || html.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" must occur exactly once in ${path}`);
  return auditHtml(html.slice(0, at) + to + html.slice(at + from.length), `test://${path}`);
}

/** A small page: paragraphs, then optional table HTML. */
export function page(paragraphs: readonly string[], tables = ''): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8"><title>某局2024年部门预算</title></head>' +
    `<body><h1>某局2024年部门预算</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}${tables}</body></html>`
  );
}
