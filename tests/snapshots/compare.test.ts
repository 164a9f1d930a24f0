import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sameDepartment } from '../../lib/identity/department';
import { snapshotId, snapshotOf } from '../../lib/snapshots/build';
import {
  compareYears,
  percentChange,
  pickEarlier,
  sameDepartmentAs,
  type LineChange,
} from '../../lib/snapshots/compare';
import type { Snapshot, SnapshotLine } from '../../lib/snapshots/schema';
import { Decimal } from '../../lib/money/amount';
import { auditFixture, FIXTURES } from '../helpers';
import { HANGZHOU_2024_IMPLIED } from './seed-implied';

const THRESHOLD = { threshold: { percent: '10', amount: '100000' } };

function snap(page: string, implied = HANGZHOU_2024_IMPLIED.slice(0, 0)): Snapshot {
  const { doc } = auditFixture(`pages/${page}`);
  return snapshotOf(doc, { url: `http://127.0.0.1/${page}`, title: doc.title }, implied, {
    now: new Date('2024-03-01T08:00:00.000Z'),
  })!;
}

/** A copy of a snapshot as another year of the same department (a new id, as snapshotOf would give it). */
function asYear(
  s: Snapshot,
  year: number,
  stage: '预算' | '决算' = '预算',
  savedAt = '2023-03-01T08:00:00.000Z',
): Snapshot {
  const copy: Snapshot = structuredClone({ ...s, year, stage, savedAt, implied: [] });
  return { ...copy, id: snapshotId({ ...copy }) };
}

const L = (n: string, v: string, p?: number, k?: SnapshotLine['k']): SnapshotLine => ({
  n,
  ...(p !== undefined ? { p } : {}),
  ...(k ? { k } : {}),
  v: [v],
});

/**
 * "2023" of the hangzhou-2024 page, made by editing the 一般公共预算支出表 (only its 合计 column, in 元):
 * - amounts edited: 行政运行 1,750.00 (+47.02, 2.7%: under the threshold), 事业运行 700.00, 行政单位离退休 0,
 *   行政单位医疗 59.89, 事业单位医疗 29.93 (−0.23, −0.8%);
 * - 机关事业单位基本养老保险缴费支出 removed (so it appears in 2024);
 * - 一般行政管理事务 12.00 added (so it vanishes in 2024);
 * - 信访事务 (4,808.31) still a 项 under 政府办公厅（室）及相关机构事务, as the seed says it was before 2024 (moved by name);
 * - the 89.44 of 科学技术支出 under 科学技术普及 › 科普活动 instead of 技术与开发 › 科技成果转化与扩散 (moved by amount);
 * - the “三公” total 29.55 (what the 2024 text says last year's budget was); the other function tables dropped.
 */
function hangzhou2023(current: Snapshot): Snapshot {
  const s = asYear(current, 2023);
  const gpb = s.tables.find((t) => t.kind === 'gpb-expenditure')!;
  gpb.columns = [gpb.columns[0]!];
  gpb.lines = [
    L('合计', '75400800', undefined, 'total'), // 0
    L('一般公共服务支出', '72703100'), // 1
    L('政府办公厅（室）及相关机构事务', '72703100', 1), // 2
    L('行政运行', '17500000', 2), // 3
    L('事业运行', '7000000', 2), // 4
    L('一般行政管理事务', '120000', 2), // 5
    L('信访事务', '48083100', 2), // 6
    L('科学技术支出', '894400'), // 7
    L('科学技术普及', '894400', 7), // 8
    L('科普活动', '894400', 8), // 9
    L('社会保障和就业支出', '905100'), // 10
    L('行政事业单位养老支出', '905100', 10), // 11
    L('行政单位离退休', '0', 11), // 12
    L('机关事业单位职业年金缴费支出', '905100', 11), // 13
    L('卫生健康支出', '898200'), // 14
    L('行政事业单位医疗', '898200', 14), // 15
    L('行政单位医疗', '598900', 15), // 16
    L('事业单位医疗', '299300', 15), // 17
  ];
  const three = s.tables.find((t) => t.kind === 'three-public')!;
  three.lines = [{ n: '合计', k: 'total', v: ['295500'] }];
  s.tables = s.tables.filter(
    (t) => t.kind === 'gpb-expenditure' || t.kind === 'three-public' || t.classification !== 'function',
  );
  return s;
}

const byName = (lines: readonly LineChange[], name: string): LineChange => {
  const l = lines.find((x) => x.names[x.names.length - 1] === name);
  if (!l) throw new Error(`no line ${name}`);
  return l;
};

describe('department matching across years', () => {
  it('湖州: the full name and "市委市政府信访局" with region 湖州 are one department; 杭州 is another', () => {
    expect(sameDepartment('中共湖州市委湖州市人民政府信访局', '市委市政府信访局', '湖州')).toBe(true);
    const huzhou = snap('huzhou-2024.clean.html');
    const short: Snapshot = { ...asYear(huzhou, 2023), department: '市委市政府信访局', region: null };
    expect(sameDepartmentAs(huzhou, short)).toBe(true);
    expect(pickEarlier(huzhou, [short]).map((s) => s.year)).toEqual([2023]);
    // The same department key and region give the same id as the full name (a revisit replaces the snapshot).
    expect(snapshotId({ departmentKey: '信访局', region: '湖州', year: 2024, stage: '预算', url: 'x' })).toBe(
      huzhou.id,
    );
    const hangzhou = snap('hangzhou-2024.clean.html');
    expect(sameDepartmentAs(huzhou, hangzhou)).toBe(false);
    expect(
      sameDepartmentAs(huzhou, {
        ...asYear(hangzhou, 2023),
        region: null,
        department: '中共杭州市委杭州市人民政府信访局',
      }),
    ).toBe(false);
  });

  it('pickEarlier: same department, earlier years only, newest first, one per year, same stage preferred', () => {
    const now = snap('hangzhou-2024.clean.html');
    const final2023 = asYear(now, 2023, '决算', '2024-06-01T00:00:00.000Z');
    const budget2023 = asYear(now, 2023, '预算', '2023-02-01T00:00:00.000Z');
    const budget2022 = asYear(now, 2022);
    const final2021 = asYear(now, 2021, '决算');
    const later = asYear(now, 2025);
    const other = asYear(snap('huzhou-2024.clean.html'), 2023);
    const noDept = { ...asYear(now, 2020), department: null };
    const picked = pickEarlier(now, [final2023, later, other, budget2022, budget2023, now, final2021, noDept]);
    expect(picked.map((s) => `${s.year}${s.stage}`)).toEqual(['2023预算', '2022预算', '2021决算']);
    expect(pickEarlier(now, [final2023]).map((s) => `${s.year}${s.stage}`)).toEqual(['2023决算']);
  });
});

describe('compareYears: hangzhou-2024 against an edited "2023"', () => {
  const current = snap('hangzhou-2024.clean.html', HANGZHOU_2024_IMPLIED);
  const earlier = hangzhou2023(current);
  const r = compareYears(current, [earlier], THRESHOLD);

  it('compares the 一般公共预算支出表, 合计 column, with the 2023 snapshot', () => {
    expect(r.against?.year).toBe(2023);
    expect(r.table).toMatchObject({
      kind: 'gpb-expenditure',
      column: ['合 计'],
      unit: '万元',
      label: { zh: '一般公共预算支出表' },
    });
    expect(r.notes).toEqual([]);
  });

  it('line items: earlier value, change (元) and % change', () => {
    const run = byName(r.lines, '行政运行');
    expect(run).toMatchObject({ status: 'matched', matchedBy: 'code', code: '2010301', codeSource: 'classification' });
    expect([run.current, run.earlier, run.change, run.percent]).toEqual(['17970200', '17500000', '470200', '+2.7%']);
    expect(run.display).toEqual({ current: '1,797.02', earlier: '1,750.00', change: '+47.02', unit: '万元' });
    const medical = byName(r.lines, '事业单位医疗');
    expect([medical.change, medical.percent, medical.display.change]).toEqual(['-2300', '-0.8%', '-0.23']);
    const total = r.lines.find((l) => l.total)!;
    expect([total.matchedBy, total.current, total.earlier, total.change, total.percent]).toEqual([
      'total',
      '81494700',
      '75400800',
      '6093900',
      '+8.1%',
    ]);
  });

  it('a zero prior figure: change but no %, flagged', () => {
    const retired = byName(r.lines, '行政单位离退休');
    expect([retired.earlier, retired.change, retired.percent]).toEqual(['0', '435700', null]);
    expect(retired.flags).toEqual(['prior-zero']);
  });

  it('swings above the threshold (|change| ≥ 10 万元 and |%| ≥ 10, or a zero prior), by |change|', () => {
    expect(r.swings.map((l) => [l.names[l.names.length - 1], l.change, l.percent])).toEqual([
      ['事业运行', '2495800', '+35.7%'],
      ['行政单位离退休', '435700', null],
      ['行政单位医疗', '178900', '+29.9%'],
    ]);
    const strict = compareYears(current, [earlier], { threshold: { percent: '30', amount: '200000' } });
    expect(strict.swings.map((l) => l.names[l.names.length - 1])).toEqual(['事业运行', '行政单位离退休']);
  });

  it('lines that appeared and vanished', () => {
    expect(r.appeared.map((l) => [l.code, l.names.join('/'), l.current])).toEqual([
      ['2014099', '一般公共服务支出/信访事务/其他信访事务支出', '48908500'],
      ['2080505', '社会保障和就业支出/行政事业单位养老支出/机关事业单位基本养老保险缴费支出', '1810200'],
    ]);
    expect(r.vanished.map((l) => [l.code, l.names.join('/'), l.earlier])).toEqual([
      ['2010302', '一般公共服务支出/政府办公厅（室）及相关机构事务/一般行政管理事务', '120000'],
    ]);
    expect(r.appeared.every((l) => l.flags.includes('appeared'))).toBe(true);
  });

  it(
    'lines that moved to another code: 信访事务 by name (2010308 → 20140), the 89.44 by amount (技术与开发 is an ' +
      'alias of 20604)',
    () => {
      expect(
        r.moves.map((m) => [m.basis, m.from.code, m.from.names.join('/'), m.to.code, m.to.names.join('/'), m.change]),
      ).toEqual([
        [
          'name',
          '2010308',
          '一般公共服务支出/政府办公厅（室）及相关机构事务/信访事务',
          '20140',
          '一般公共服务支出/信访事务',
          '825400',
        ],
        ['amount', '20607', '科学技术支出/科学技术普及', '20604', '科学技术支出/技术与开发', '0'],
        [
          'amount',
          '2060702',
          '科学技术支出/科学技术普及/科普活动',
          '2060404',
          '科学技术支出/技术与开发/科技成果转化与扩散',
          '0',
        ],
      ]);
      expect(r.moves[0]!.label.zh).toBe(
        '“信访事务”由 一般公共服务支出 › 政府办公厅（室）及相关机构事务 › 信访事务（2010308） 调整至 一般公共服务支出 › 信访事务（20140）',
      );
      expect(r.moves[0]!.label.en).toMatch(/^"信访事务" moved from .*\(2010308\) to .*\(20140\)$/u);
      expect(byName(r.lines, '其他信访事务支出').flags).toEqual(['appeared']);
      expect(r.lines.filter((l) => l.flags.includes('moved'))).toHaveLength(6);
    },
  );

  it('series of the grand total and the 类 over the years', () => {
    expect(r.series?.years.map((y) => y.year)).toEqual([2023, 2024]);
    expect(r.series?.rows.map((row) => [row.key, row.label.zh, ...row.values])).toEqual([
      ['t:0', '合计', '75400800', '81494700'],
      ['c:201', '一般公共服务支出', '72703100', '76374500'],
      ['c:206', '科学技术支出', '894400', '894400'],
      ['c:208', '社会保障和就业支出', '905100', '3151000'],
      ['c:210', '卫生健康支出', '898200', '1074800'],
    ]);
  });

  it("the narrative's implied prior-year figures beside the stored 2023 figures", () => {
    expect(
      r.implied.map((i) => [
        i.subject,
        i.basis,
        i.implied,
        i.stored,
        i.difference,
        i.storedFrom?.names.join('/') ?? null,
      ]),
    ).toEqual([
      [
        '一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）',
        '执行数',
        '17311700',
        '17500000',
        '-188300',
        '一般公共服务支出/政府办公厅（室）及相关机构事务/行政运行',
      ],
      ['一般公共服务支出(类)信访事务(款)其他信访事务支出(项)', '执行数', '0', null, null, null],
      ['支出预算', '执行数', '78122000', '75400800', '2721200', '合计'],
      ['“三公”经费', '预算数', '295500', '295500', '0', '合计'],
    ]);
    expect(r.implied[0]!.label).toEqual({
      zh: '说明所称上年执行数，对照上年预算数',
      en: "Last year's outturn, as the text implies, beside last year's budget",
    });
    expect(r.implied[1]!.label.zh).toContain('上年快照中没有该科目');
  });

  it('results are plain serializable data', () => {
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('no false moves when only amounts changed', () => {
    const plain = asYear(current, 2023);
    const gpb = plain.tables.find((t) => t.kind === 'gpb-expenditure')!;
    for (const l of gpb.lines) l.v = l.v.map((v) => (v === null ? null : new Decimal(v).times('0.9').toFixed()));
    const q = compareYears(current, [plain], THRESHOLD);
    expect(q.moves).toEqual([]);
    expect(q.appeared).toEqual([]);
    expect(q.vanished).toEqual([]);
    expect(byName(q.lines, '行政运行').percent).toBe('+11.1%');
  });

  it('a common name (行政运行) under another parent with another amount is not a move', () => {
    // "2023" lists 行政运行 under 技术与开发 instead of 政府办公厅（室）及相关机构事务: one 行政运行 vanishes, one
    // appears, both once; the name is one the classification uses under dozens of 款, so it says nothing.
    const s = asYear(current, 2023);
    const gpb = s.tables.find((t) => t.kind === 'gpb-expenditure')!;
    const run = gpb.lines.findIndex((l) => l.n === '行政运行');
    const science = gpb.lines.findIndex((l) => l.n === '技术与开发');
    gpb.lines[run] = { n: '行政运行', p: science, v: ['5000'] };
    const q = compareYears(current, [s], THRESHOLD);
    expect(q.appeared.map((l) => l.names.join('/'))).toEqual([
      '一般公共服务支出/政府办公厅（室）及相关机构事务/行政运行',
    ]);
    expect(q.vanished.map((l) => l.names.join('/'))).toEqual(['科学技术支出/技术与开发/行政运行']);
    expect(q.moves).toEqual([]);
  });
});

describe('compareYears: what is never compared', () => {
  it('a different department is never compared, even of an earlier year', () => {
    const hangzhou = snap('hangzhou-2024.clean.html');
    const huzhou2023 = asYear(snap('huzhou-2024.clean.html'), 2023);
    const r = compareYears(hangzhou, [huzhou2023], THRESHOLD);
    expect(r.against).toBeNull();
    expect(r.lines).toEqual([]);
    expect(r.moves).toEqual([]);
    expect(r.series?.years.map((y) => y.year)).toEqual([2024]);
    expect(r.notes.map((n) => n.zh)).toEqual(['1 份其他部门的快照未参与比较', '没有同一部门往年的快照']);
  });

  it('huzhou with printed codes: same-code lines match by code', () => {
    const now = snap('huzhou-2024.clean.html');
    const before = asYear(now, 2023);
    const gpb = before.tables.find((t) => t.kind === 'gpb-expenditure')!;
    const line = gpb.lines.find((l) => l.c === '2014004')!;
    line.v = ['10000000'];
    const r = compareYears(now, [before], THRESHOLD);
    const changed = r.lines.find((l) => l.code === '2014004')!;
    expect([changed.matchedBy, changed.codeSource, changed.earlier, changed.change, changed.percent]).toEqual([
      'code',
      'printed',
      '10000000',
      '5855000',
      '+58.6%',
    ]);
    expect(r.swings.map((l) => l.code)).toEqual(['2014004']);
  });
});

describe('compareYears: the same figures in another markup and row order', () => {
  // hangzhou-2024.reordered.html (another part's fixture): every table's sibling subtrees in reverse order.
  it.skipIf(!existsSync(join(FIXTURES, 'pages/hangzhou-2024.reordered.html')))(
    'matches every line, moves nothing',
    () => {
      const current = snap('hangzhou-2024.clean.html');
      const reordered = asYear(snap('hangzhou-2024.reordered.html'), 2023);
      const r = compareYears(current, [reordered], THRESHOLD);
      expect(r.lines).toHaveLength(19);
      expect(r.lines.every((l) => l.status === 'matched' && l.change === '0')).toBe(true);
      expect([r.appeared, r.vanished, r.moves, r.swings]).toEqual([[], [], [], []]);
    },
  );
});

describe('percentChange', () => {
  it('prints one decimal, two when one would hide a change, none for a zero base', () => {
    expect(percentChange(new Decimal('33727'), new Decimal('781220'))).toBe('+4.3%');
    expect(percentChange(new Decimal('-1'), new Decimal('2500'))).toBe('-0.04%');
    expect(percentChange(new Decimal('0'), new Decimal('5'))).toBe('0.0%');
    expect(percentChange(new Decimal('5'), new Decimal('0'))).toBeNull();
    expect(percentChange(new Decimal('-228.12'), new Decimal('317.56'))).toBe('-71.8%');
  });
});
