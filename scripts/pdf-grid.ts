/**
 * Debug aid: prints the tables lib/pdf/tables rebuilds from a PDF, one line per row, cells separated by " | "
 * (colSpan > 1 shown as "<text>×N", header cells in [brackets]).
 * Usage: npx tsx scripts/pdf-grid.ts FILE.pdf [table index …] [--raw] (--raw: the page's text items of the table's
 * pages with their x, width and y).
 */
import { readFileSync } from 'node:fs';
import { loadPdf } from '../lib/pdf/node';
import { buildPdfSource } from '../lib/pdf/tables';

const args = process.argv.slice(2);
const file = args[0];
if (!file) throw new Error('usage: npx tsx scripts/pdf-grid.ts FILE.pdf [table …]');
const wanted = new Set(
  args
    .slice(1)
    .filter((a) => /^\d+$/u.test(a))
    .map((a) => Number.parseInt(a, 10)),
);
const loaded = await loadPdf(new Uint8Array(readFileSync(file)));
const pdf = buildPdfSource(loaded.pages, { url: file });
for (const b of pdf.source.blocks) {
  if (b.kind !== 'table') continue;
  const t = b.table;
  if (wanted.size > 0 && !wanted.has(t.index)) continue;
  const box = pdf.cellBox({ table: t.index, row: 0, cell: 0 });
  console.log(`=== t${t.index} p.${box?.page ?? '?'} (${t.rows.length} rows)`);
  t.rows.forEach((r, i) => {
    const cells = r.cells.map((c) => {
      const text = c.text.replace(/\s+/gu, ' ');
      const span = c.colSpan > 1 ? `×${c.colSpan}` : '';
      const rs = c.rowSpan > 1 ? `↓${c.rowSpan}` : '';
      const ind = c.indent > 0 ? `»${c.indent}` : '';
      return c.header ? `[${ind}${text}${span}${rs}]` : `${ind}${text}${span}${rs}`;
    });
    console.log(`${String(i).padStart(3)}: ${cells.join(' | ')}`);
  });
}
