import type { AuditReport } from '../audit';
import type { BudgetDocument } from '../model';
import { impliedFromPrinted } from './build';
import type { ImpliedPrior } from './schema';

/**
 * THE ONE PLACE where the narrative's implied prior-year figures (lib/claims, `report.impliedPrior`) enter the
 * snapshots, used by the extension's engine, the history page's import and the command line alike. Figures the text
 * states exactly, of last year's 执行数 / 决算数 / 预算数 as published; "同口径" (same-scope, restated) figures are
 * left out, since they are not last year's published figure. The sentence is the text block the claim is in (else
 * the claim's own text). A report from before claims were read (no `impliedPrior`) gives none. Pure.
 */
export function impliedFor(report: AuditReport, doc?: BudgetDocument): ImpliedPrior[] {
  const printed = (report as Partial<Pick<AuditReport, 'impliedPrior'>>).impliedPrior ?? [];
  const out: ImpliedPrior[] = [];
  const seen = new Set<string>();
  for (const p of printed) {
    if (p.sameScope) continue;
    const block = doc?.text.find((b) => b.order === p.block)?.text;
    const claim = (report as Partial<Pick<AuditReport, 'claims'>>).claims?.find(
      (c) => c.block === p.block && c.start === p.start,
    )?.text;
    const r = impliedFromPrinted(
      {
        subject: p.subject,
        basis: p.basis,
        value: p.value,
        unit: p.unit,
        approximate: p.approximate,
        derivation: p.derivation,
      },
      block ?? claim,
    );
    if (!r) continue;
    const key = `${r.subject}|${r.basis}|${r.amount}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}
