/**
 * The synthetic earlier year (tests/fixtures/years/): the committed page is what build.ts makes, it says it is
 * synthetic, it audits with no error and no warning, and its snapshot is the 2024 page's earlier year.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snapshotOf } from '../../lib/snapshots/build';
import { compareYears, pickEarlier } from '../../lib/snapshots/compare';
import { auditFixture, fixture } from '../helpers';
import { buildHangzhou2023, grandTotal, OUTPUT, SOURCE } from '../fixtures/years/build';

describe('tests/fixtures/years/hangzhou-2023.synthetic.html', () => {
  it('is exactly what build.ts makes from the 2024 page, and says it is synthetic', () => {
    const built = buildHangzhou2023(readFileSync(SOURCE, 'utf8'));
    expect(readFileSync(OUTPUT, 'utf8')).toBe(built);
    expect(built.slice(0, 400)).toMatch(/<!--\s*SYNTHETIC TEST PAGE — NOT A REAL DISCLOSURE/u);
    expect(fixture('years/README.md')).toMatch(/SYNTHETIC, not a real disclosure/u);
    expect(built.replace(/<!--[\s\S]*?-->/gu, '')).not.toContain('2024');
  });

  it('audits with no error and no warning: totals add up, tables agree, the text agrees with them', () => {
    const { report, doc } = auditFixture('years/hangzhou-2023.synthetic.html');
    expect(report.document).toMatchObject({
      department: '中共杭州市委杭州市人民政府信访局',
      year: 2023,
      unit: '万元',
      stage: '预算',
    });
    expect(report.summary).toMatchObject({ budgetTables: 11, errors: 0, warnings: 0, rounding: 0, notCheckedCells: 0 });
    expect(report.findings).toEqual([]);
    expect(doc.tables.map((t) => t.kind)).toEqual(
      auditFixture('pages/hangzhou-2024.clean.html').doc.tables.map((t) => t.kind),
    );
    const all = grandTotal();
    expect([all.personnel.toFixed(2), all.public.toFixed(2), all.project.toFixed(2)]).toEqual([
      '2448.45',
      '405.67',
      '4877.56',
    ]);
  });

  it('is the 2024 page’s earlier year: same department, region and stage', () => {
    const a = auditFixture('years/hangzhou-2023.synthetic.html');
    const b = auditFixture('pages/hangzhou-2024.clean.html');
    const s23 = snapshotOf(a.doc, { url: 'file:///hangzhou-2023.synthetic.html', title: a.doc.title }, [])!;
    const s24 = snapshotOf(b.doc, { url: 'http://127.0.0.1/hangzhou-2024.clean.html', title: b.doc.title }, [])!;
    expect([s23.departmentKey, s23.region, s23.year, s23.stage]).toEqual(['信访局', '杭州市', 2023, '预算']);
    expect(s23.id).not.toBe(s24.id);
    expect(pickEarlier(s24, [s23]).map((s) => s.id)).toEqual([s23.id]);
    const r = compareYears(s24, [s23], { threshold: { percent: '10', amount: '100000' } });
    expect(r.notes).toEqual([]);
    expect(
      r.swings.map(
        (l) => `${l.names.at(-1)} ${l.display.earlier} → ${l.display.current} ${l.display.change} ${l.percent}`,
      ),
    ).toEqual([
      '科技成果转化与扩散 317.56 → 89.44 -228.12 -71.8%',
      '事业运行 800.00 → 949.58 +149.58 +18.7%',
      '行政单位医疗 59.89 → 77.78 +17.89 +29.9%',
    ]);
    expect(r.appeared.map((l) => l.names.at(-1))).toEqual(['其他信访事务支出', '机关事业单位职业年金缴费支出']);
    expect(r.vanished.map((l) => l.names.at(-1))).toEqual(['公务员医疗补助']);
    expect(r.moves.map((m) => [m.basis, m.from.code, m.to.code])).toEqual([['name', '2010308', '20140']]);
    const matched = r.lines.filter((l) => l.status === 'matched');
    expect(matched).toHaveLength(16);
    expect(matched.every((l) => l.matchedBy === 'code' || l.matchedBy === 'total')).toBe(true);
  });
});
