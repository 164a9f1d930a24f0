import type { AuditReport } from '../audit';

/** The report as the command line's --json prints it; the field set is documented in the README. */
export function toJson(report: AuditReport): unknown {
  return {
    source: report.source,
    document: report.document,
    summary: report.summary,
    checks: report.checks,
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
    })),
    findings: report.findings.map((f) => ({
      check: f.check,
      severity: f.severity,
      table: f.table,
      cells: f.cells.map((c) => ({ table: c.table, row: c.row, cell: c.cell })),
      stated: f.stated ?? null,
      expected: f.expected ?? null,
      derivation: f.derivation,
      unit: f.unit ?? null,
      message: f.message,
      ...(f.tags ? { tags: f.tags } : {}),
    })),
    notChecked: report.notChecked.map((n) => ({ table: n.table, cells: n.cells.map((c) => ({ table: c.table, row: c.row, cell: c.cell })), reason: n.reason })),
  };
}
