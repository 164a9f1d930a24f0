import { FIELD_LABEL, NOTE_FIELDS, noteFields, type ExportLang } from './markdown';
import type { Note } from './schema';

/**
 * Notes as CSV for a spreadsheet: RFC 4180 (fields with a comma, a double quote, CR or LF are quoted, quotes doubled;
 * records end with CRLF), a UTF-8 byte order mark so Excel reads the Chinese as UTF-8, a header row in the chosen
 * language, one row per note sorted by creation time.
 *
 * Spreadsheet formulas are neutralised (CSV injection): a field starting with = + - @, a tab, CR or LF, or their
 * full-width forms ＝ ＋ － ＠, gets an apostrophe in front, so the spreadsheet shows it as text and never runs it.
 * Decision: a field that is a plain number (optional sign, digits with optional thousands commas, optional decimals,
 * optional %: "-12.5", "+3", "-1,234.50", "-5%") and a lone "-" (how budget tables print an empty amount) are left
 * as they are: a spreadsheet reads them as the number (or dash) they are, they cannot hold a formula, and a reporter
 * needs "-12.5" to stay a number.
 */

const CSV_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠]/u;
const PLAIN_NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$/u;

/** The field with an apostrophe in front when a spreadsheet would read it as a formula. */
function neutraliseFormula(field: string): string {
  if (!FORMULA_START.test(field) || field === '-' || PLAIN_NUMBER.test(field)) return field;
  return `'${field}`;
}

/** RFC 4180 quoting. */
function csvField(field: string): string {
  return /[",\r\n]/u.test(field) ? `"${field.replace(/"/gu, '""')}"` : field;
}

function csvRecord(fields: readonly string[]): string {
  return fields.map((f) => csvField(neutraliseFormula(f))).join(',');
}

export function notesCsv(notes: readonly Note[], lang: ExportLang): string {
  const sorted = [...notes].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const lines = [csvRecord(NOTE_FIELDS.map((f) => FIELD_LABEL[f][lang]))];
  for (const n of sorted) {
    const f = noteFields(n, lang);
    lines.push(csvRecord(NOTE_FIELDS.map((k) => f[k])));
  }
  return `${CSV_BOM}${lines.map((l) => `${l}\r\n`).join('')}`;
}
