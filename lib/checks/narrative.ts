import { documentClaims } from '../claims';
import type { BudgetDocument, CellAddress } from '../model';
import type { Check } from './types';

/** The table (its first DOM table) a cell belongs to; -1 for a finding about the text alone. */
function tableOf(doc: BudgetDocument, cells: readonly CellAddress[]): number {
  const first = cells[0];
  if (!first) return -1;
  return doc.tables.find((t) => t.domTables.includes(first.table))?.index ?? first.table;
}

export const narrative: Check = {
  id: 'narrative',
  title: { zh: '正文数字', en: 'Claims in the text' },
  description: {
    zh: '正文中的金额与表中数字一致（元与万元换算）；占比、增减额与增幅、“持平”、“三公”/政府采购/基本支出的构成与其各项相符；从零增长的增幅为警告',
    en:
      'Amounts stated in the text agree with the tables (across 元 and 万元); shares, changes (amount and rate), ' +
      '"flat" and the stated compositions ("three public", procurement, basic expenditure) add up; ' +
      'a growth rate from zero is a warning',
  },
  run({ doc, sink }) {
    for (const r of documentClaims(doc).results) {
      if (r.status === 'not-checked') continue;
      if (r.status === 'passed' && !r.severity) {
        sink.pass('narrative', r.cells);
        continue;
      }
      const quote = r.claim.text.length > 60 ? `${r.claim.text.slice(0, 60)}…` : r.claim.text;
      sink.finding({
        check: 'narrative',
        severity: r.severity ?? (r.status === 'warning' ? 'warning' : 'error'),
        table: tableOf(doc, r.cells),
        cells: r.cells,
        stated: r.stated,
        ...(r.expected !== null ? { expected: r.expected } : {}),
        derivation: r.derivation,
        ...(r.unit ? { unit: r.unit } : {}),
        message: { zh: `正文「${quote}」：${r.message.zh}`, en: `text "${quote}": ${r.message.en}` },
        ...(r.tags ? { tags: r.tags } : {}),
      });
    }
  },
};
