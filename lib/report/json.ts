import type { AuditReport } from '../audit';
import type { Cell, Report } from './schema';

const cell = (c: Cell): Cell => ({ table: c.table, row: c.row, cell: c.cell });

/**
 * THE JSON WRITER: an audit's report in the shape of the report contract (lib/report/schema.ts `Report`), as the
 * command line's --json prints it, a batch writes it and the extension sends it (lib/extension/page-report.ts).
 * The field set is documented in the README.
 */
export function toJson(report: AuditReport): Report {
  return {
    source: report.source,
    document: { ...report.document },
    summary: { ...report.summary },
    checks: { ...report.checks },
    tables: report.tables.map((t) => ({
      index: t.index,
      ...(t.domTables.length > 1 ? { continuedIn: t.domTables.slice(1) } : {}),
      title: t.title,
      kind: t.kind,
      unit: t.unit,
      unitSource: t.unitSource,
      rows: t.rows,
      columns: t.columns,
      checked: t.checked,
      status: t.status,
      passed: t.passed,
      failed: t.failed,
      rounding: t.rounding,
      notCheckedCells: t.notCheckedCells,
      ...(t.note ? { note: t.note } : {}),
      ...(t.noteEn ? { noteEn: t.noteEn } : {}),
    })),
    findings: report.findings.map((f) => ({
      check: f.check,
      severity: f.severity,
      table: f.table,
      cells: f.cells.map(cell),
      stated: f.stated ?? null,
      expected: f.expected ?? null,
      derivation: f.derivation,
      unit: f.unit ?? null,
      message: f.message,
      ...(f.tags ? { tags: [...f.tags] } : {}),
      ...(f.relations ? { relations: f.relations.map((r) => ({ ...r })) } : {}),
    })),
    notChecked: report.notChecked.map((n) => ({ table: n.table, cells: n.cells.map(cell), reason: n.reason })),
    claims: report.claims.map((c) => ({
      text: c.text,
      kind: c.kind,
      cells: c.cells.map(cell),
      stated: c.stated,
      expected: c.expected,
      derivation: c.derivation,
      status: c.status,
      severity: c.severity,
      subject: c.subject,
      block: c.block,
      start: c.start,
      endBlock: c.endBlock,
      end: c.end,
      unit: c.unit,
      message: c.message,
      ...(c.tags ? { tags: [...c.tags] } : {}),
    })),
    impliedPrior: report.impliedPrior.map((p) => ({ ...p })),
  };
}
