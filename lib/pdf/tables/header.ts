import type { OutCell } from './model';
import { NOT_TABLE_LINE } from './unruled';
import { isAmountText } from './text';

/**
 * Header rows that the font does not mark: many producers print a table's header in the body font and only its
 * total row in bold. The rows above the first row with an amount, holding labels only, are the header; a caption
 * (one cell over most of the width, a title, a unit or 单位名称 line) stays as it is. Done only where no cell above
 * the figures is marked yet (where the font marks some, it is trusted), and only on the first part of a table
 * continued over pages (a continuation's repeated header is marked where it is found).
 */
export function settleHeaderRows(rows: OutCell[][]): void {
  const width = Math.max(1, ...rows.map((row) => row.reduce((n, c) => n + c.colSpan, 0)));
  const first = rows.findIndex((row) => row.some((c) => isAmountText(c.text)));
  if (first <= 0 || rows.slice(0, first).some((row) => row.some((c) => c.header))) return;
  const asHeader = (row: OutCell[]): OutCell[] =>
    row.map((c) => (c.text !== '' && !c.header ? { ...c, header: true } : c));
  for (let r = 0; r < first; r++) {
    const row = rows[r]!;
    const filled = row.filter((c) => c.text !== '');
    if (filled.length === 0) continue;
    // A caption: one cell over most of the width, or a name and its value ("部门名称 | 北京市司法局").
    const nameOf = /^(?:部门|单位|预算单位|编制单位|填报单位)(?:名称)?[:：]?$/u;
    const caption =
      (filled.length === 1 && filled[0]!.colSpan >= width * 0.5) ||
      (filled.length === 2 && nameOf.test(filled[0]!.text.replace(/\s+/gu, '')));
    if (caption || NOT_TABLE_LINE(filled.map((c) => c.text).join(''))) continue;
    rows[r] = asHeader(row);
  }
}
