import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditSource, type AuditReport } from '../../lib/audit';
import type { BudgetDocument } from '../../lib/model';
import { loadPdf } from '../../lib/pdf/node';
import { buildPdfSource } from '../../lib/pdf/tables';
import type { PdfSource } from '../../lib/pdf/types';
import { FIXTURES } from '../helpers';

/** What must agree between a page and a PDF made from it: per budget table its kind, unit, row labels and amounts. */
export interface TableShape {
  readonly kind: string;
  readonly unit: string;
  readonly rows: readonly string[];
}

const squash = (s: string): string => s.replace(/[\s\u00a0\u3000]+/gu, '');

/** Budget tables (after the engine's continuation merge) as kind, unit and one line per row: code, label, amounts. */
export function tableShapes(doc: BudgetDocument): TableShape[] {
  return doc.tables
    .filter((t) => t.kind !== 'layout' && t.kind !== 'unknown')
    .map((t) => ({
      kind: t.kind,
      unit: t.unit.name,
      rows: t.rows.map((r) => {
        const values = [...r.values.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([, v]) => (v.amount ? v.amount.value.toFixed(v.amount.scale) : squash(v.raw)));
        return `${r.code ?? ''} ${squash(r.label)} = ${values.join(' ')}`;
      }),
    }));
}

/** Findings without their cell addresses (those differ: DOM tables against rebuilt PDF tables). */
export function findingShapes(report: AuditReport): string[] {
  return report.findings.map((f) => `${f.check} ${f.severity} ${f.stated ?? '∅'} → ${f.expected ?? '∅'}`).sort();
}

/** The text's claims: kind, outcome, stated value and text (spacing aside). */
export function claimShapes(report: AuditReport): string[] {
  return report.claims.map((c) => `${c.kind} ${c.status} ${c.stated} | ${squash(c.text)}`).sort();
}

export interface AuditedPdf {
  readonly pdf: PdfSource;
  readonly doc: BudgetDocument;
  readonly report: AuditReport;
}

/** Reads a PDF fixture (tests/fixtures/pdf/NAME) and audits it. */
export async function auditPdfFixture(name: string): Promise<AuditedPdf> {
  const loaded = await loadPdf(new Uint8Array(readFileSync(join(FIXTURES, 'pdf', name))));
  const pdf = buildPdfSource(loaded.pages, { url: name, ...(loaded.title ? { title: loaded.title } : {}) });
  return { pdf, ...auditSource(pdf.source) };
}
