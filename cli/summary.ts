import type { AuditReport } from '../lib/audit';
import type { BudgetDocument } from '../lib/model';
import { displayWidth } from '../lib/report/width';

/**
 * One line per document of a batch (budget-lens audit DIR): what the engine made of it, as JSON lines, CSV or an
 * aligned screen (npm run corpus). A document that could not be read is a line too, with its reason.
 */
export interface DocumentSummary {
  readonly file: string;
  /** audited; failed (could not be read, or the engine stopped); no-text (a PDF without a text layer). */
  readonly status: 'audited' | 'failed' | 'no-text';
  /** Why the document failed or could not be checked. */
  readonly reason?: string;
  readonly department: string | null;
  /** Why the department is null: a template's placeholder, a region only, no name. */
  readonly departmentNote?: string;
  /** A template's placeholder name ("上海市XX局") printed where the department's name would be. */
  readonly placeholder?: string;
  readonly year: number | null;
  readonly stage: string | null;
  readonly scope: string | null;
  /** Budget tables read. */
  readonly tables: number;
  /** Tables at least one relation of which was proved or disproved. */
  readonly checked: number;
  /** Tables whose structure was not understood (status 'not-understood'), and why. */
  readonly notUnderstood: number;
  readonly notUnderstoodReasons: readonly string[];
  readonly errors: number;
  readonly warnings: number;
  /** Claims of the text checked (passed, failed or warned) and found. */
  readonly claimsChecked: number;
  readonly claimsTotal: number;
  readonly seconds: number;
}

const seconds = (ms: number): number => Math.round(ms / 10) / 100;

/** The summary of an audited document. */
export function summarise(file: string, doc: BudgetDocument, report: AuditReport, ms: number): DocumentSummary {
  const budget = report.tables.filter((t) => t.status !== 'not-budget');
  // 'not-understood' (a table whose structure no interpretation explains) is lib/audit.ts's newest status.
  const notUnderstood = budget.filter((t) => (t.status as string) === 'not-understood');
  const reasons = new Map<string, number>();
  for (const t of notUnderstood) {
    const why = t.note ?? 'no reason given';
    reasons.set(why, (reasons.get(why) ?? 0) + 1);
  }
  const id = doc.identity;
  return {
    file,
    status: 'audited',
    department: report.document.department,
    ...(report.document.department === null && id?.departmentNote ? { departmentNote: id.departmentNote.zh } : {}),
    ...(id?.placeholder ? { placeholder: id.placeholder } : {}),
    year: report.document.year,
    stage: report.document.stage,
    scope: id?.scope ?? null,
    tables: budget.length,
    checked: budget.filter((t) => t.checked).length,
    notUnderstood: notUnderstood.length,
    notUnderstoodReasons: [...reasons].map(([why, n]) => (n > 1 ? `${why} (×${n})` : why)),
    errors: report.summary.errors,
    warnings: report.summary.warnings,
    claimsChecked: report.claims.filter((c) => c.status !== 'not-checked').length,
    claimsTotal: report.claims.length,
    seconds: seconds(ms),
  };
}

/** The line of a document that was not audited. */
export function failedSummary(file: string, status: 'failed' | 'no-text', reason: string, ms: number): DocumentSummary {
  return {
    file,
    status,
    reason,
    department: null,
    year: null,
    stage: null,
    scope: null,
    tables: 0,
    checked: 0,
    notUnderstood: 0,
    notUnderstoodReasons: [],
    errors: 0,
    warnings: 0,
    claimsChecked: 0,
    claimsTotal: 0,
    seconds: seconds(ms),
  };
}

export const jsonLine = (s: DocumentSummary): string => JSON.stringify(s);

const CSV_COLUMNS = [
  'file',
  'status',
  'department',
  'year',
  'stage',
  'scope',
  'tables',
  'checked',
  'not_understood',
  'not_understood_reasons',
  'errors',
  'warnings',
  'claims_checked',
  'claims_total',
  'seconds',
  'reason',
] as const;

const csvField = (v: string | number | null | undefined): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/u.test(s) ? `"${s.replace(/"/gu, '""')}"` : s;
};

export const csvHeader = (): string => CSV_COLUMNS.join(',');

export function csvLine(s: DocumentSummary): string {
  return [
    s.file,
    s.status,
    s.department ?? (s.departmentNote ? `(${s.departmentNote})` : ''),
    s.year,
    s.stage,
    s.scope,
    s.tables,
    s.checked,
    s.notUnderstood,
    s.notUnderstoodReasons.join('; '),
    s.errors,
    s.warnings,
    s.claimsChecked,
    s.claimsTotal,
    s.seconds,
    s.reason,
  ]
    .map(csvField)
    .join(',');
}

const pad = (s: string, w: number, right = false): string => {
  const fill = ' '.repeat(Math.max(0, w - displayWidth(s)));
  return right ? fill + s : s + fill;
};

const baseName = (file: string): string => file.split(/[/\\]/u).pop() ?? file;

/**
 * The screen: one aligned line per document (file, department, year, stage, tables, checked, not understood,
 * errors, warnings, claims checked/total, seconds), the reasons after it, and a total line.
 */
export function screen(rows: readonly DocumentSummary[], wallMs: number, workers: number): string {
  const head = [
    'file',
    'department',
    'year',
    'stage',
    'tables',
    'checked',
    'not-und.',
    'errors',
    'warn.',
    'claims',
    's',
  ];
  const right = [false, false, false, false, true, true, true, true, true, true, true];
  const cells = rows.map((s) => [
    baseName(s.file),
    s.status !== 'audited'
      ? `(${s.status})`
      : (s.department ?? (s.placeholder ? `(placeholder ${s.placeholder})` : '—')),
    s.year === null ? '—' : String(s.year),
    s.stage === null ? '—' : `${s.scope ?? ''}${s.stage}`,
    String(s.tables),
    String(s.checked),
    String(s.notUnderstood),
    String(s.errors),
    String(s.warnings),
    `${s.claimsChecked}/${s.claimsTotal}`,
    s.seconds.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...cells.map((c) => displayWidth(c[i]!))));
  const line = (c: readonly string[]): string =>
    c
      .map((x, i) => pad(x, widths[i]!, right[i]))
      .join('  ')
      .trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w)))];
  for (const [i, s] of rows.entries()) {
    out.push(line(cells[i]!));
    if (s.reason) out.push(`    ${s.status === 'no-text' ? 'not checked' : 'failed'}: ${s.reason}`);
    const nameless = s.status === 'audited' && s.department === null && !s.placeholder;
    if (nameless) out.push(`    no department: ${s.departmentNote ?? ''}`);
    for (const why of s.notUnderstoodReasons) out.push(`    not understood: ${why}`);
  }
  const sum = (f: (s: DocumentSummary) => number): number => rows.reduce((a, s) => a + f(s), 0);
  const failed = rows.filter((s) => s.status !== 'audited').length;
  out.push(
    `${rows.length} documents${failed ? ` (${failed} not audited)` : ''} · ${sum((s) => s.tables)} tables, ` +
      `${sum((s) => s.checked)} checked, ${sum((s) => s.notUnderstood)} not understood · ` +
      `${sum((s) => s.errors)} errors, ${sum((s) => s.warnings)} warnings · ` +
      `claims ${sum((s) => s.claimsChecked)}/${sum((s) => s.claimsTotal)} checked · ` +
      `${(wallMs / 1000).toFixed(1)} s on ${workers} worker${workers === 1 ? '' : 's'}`,
  );
  return out.join('\n');
}
