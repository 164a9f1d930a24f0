import { describe, expect, it } from 'vitest';
import type { TableSummary } from '../../lib/audit';
import { csvLine, screen, summarise } from '../../cli/summary';
import { auditFixture } from '../helpers';

describe('summary line of a document', () => {
  it('counts the tables whose structure was not understood, with their reasons, and shows them on the screen', () => {
    const { doc, report } = auditFixture('pages/huzhou-2024.clean.html');
    const plain = summarise('huzhou.html', doc, report, 1234);
    expect(plain).toMatchObject({
      department: '中共湖州市委湖州市人民政府信访局',
      year: 2024,
      notUnderstood: 0,
      seconds: 1.23,
    });
    // lib/audit.ts marks such tables 'not-understood' with the reason in `note`.
    const why = '结构未能可靠识别：列与表头对不上';
    const tables = report.tables.map((t, i): TableSummary =>
      i >= 1 && i <= 2 ? ({ ...t, status: 'not-understood', checked: false, note: why } as unknown as TableSummary) : t,
    );
    const s = summarise('huzhou.html', doc, { ...report, tables }, 1000);
    expect(s.notUnderstood).toBe(2);
    expect(s.notUnderstoodReasons).toEqual([`${why} (×2)`]);
    expect(s.checked).toBe(plain.checked - 2);
    expect(csvLine(s)).toContain(`,2,${why} (×2),`);
    expect(screen([s], 1000, 1)).toContain(`    not understood: ${why} (×2)`);
  });
});
