import { describe, expect, it } from 'vitest';
import { impliedFromPrinted, snapshotId, snapshotOf } from '../../lib/snapshots/build';
import { linePath, SnapshotSchema, type Snapshot, type SnapshotTable } from '../../lib/snapshots/schema';
import { auditFixture } from '../helpers';
import { HANGZHOU_2024_IMPLIED } from './seed-implied';

const NOW = new Date('2024-03-01T08:00:00.000Z');

function snap(page: string, implied = HANGZHOU_2024_IMPLIED.slice(0, 0)): Snapshot | null {
  const { doc } = auditFixture(`pages/${page}`);
  return snapshotOf(doc, { url: `http://127.0.0.1/${page}`, title: doc.title }, implied, { now: NOW });
}

const table = (s: Snapshot, kind: string, nth = 0): SnapshotTable => s.tables.filter((t) => t.kind === kind)[nth]!;

/** The values (元) of the line whose names path is `path`. */
function line(t: SnapshotTable, ...path: string[]): (string | null)[] {
  const i = t.lines.findIndex((_, k) => linePath(t, k).join('/') === path.join('/'));
  if (i < 0) throw new Error(`no line ${path.join('/')} in ${t.title}`);
  return t.lines[i]!.v;
}

describe('snapshotOf: hangzhou-2024 (万元, no codes)', () => {
  const s = snap('hangzhou-2024.clean.html')!;

  it('identifies the department, region, year, stage and unit', () => {
    expect(s.v).toBe(1);
    expect(s.department).toBe('中共杭州市委杭州市人民政府信访局');
    expect(s.departmentKey).toBe('信访局');
    expect(s.region).toBe('杭州市');
    expect(s.year).toBe(2024);
    expect(s.stage).toBe('预算');
    expect(s.unit).toBe('元');
    expect(s.savedAt).toBe('2024-03-01T08:00:00.000Z');
    expect(s.id).toMatch(/^s-[0-9a-z]{14}$/u);
    expect(SnapshotSchema.safeParse(s).success).toBe(true);
  });

  it('keeps every budget table with its kind, title and printed unit', () => {
    expect(s.tables.map((t) => t.kind)).toEqual([
      'income-expenditure',
      'income',
      'expenditure',
      'fiscal-income-expenditure',
      'gpb-expenditure',
      'gpb-basic',
      'three-public',
      'gov-fund',
      'soe-capital',
      'project',
      'performance',
    ]);
    expect(s.tables.every((t) => t.unit === '万元')).toBe(true);
    expect(table(s, 'gov-fund').empty).toBe(true);
    expect(table(s, 'gov-fund').lines).toEqual([]);
  });

  it('stores amounts in 元 as decimal strings (1,797.02 万元 → "17970200")', () => {
    const t = table(s, 'gpb-expenditure');
    expect(t.title).toBe('表 5： 2024 年市级部门一般公共预算支出预算表');
    expect(t.scale).toBe(2);
    expect(t.columns.map((c) => c.path.join('/'))).toEqual([
      '合 计',
      '基本支出/小 计',
      '基本支出/人员经费',
      '基本支出/公用经费',
      '项目支出',
    ]);
    expect(line(t, '一般公共服务支出', '政府办公厅（室）及相关机构事务', '行政运行')).toEqual([
      '17970200',
      '17970200',
      '14842400',
      '3127800',
    ]);
    // Blank cells are null; trailing blanks dropped.
    expect(line(t, '一般公共服务支出', '信访事务', '其他信访事务支出')).toEqual([
      '48908500',
      null,
      null,
      null,
      '48908500',
    ]);
    expect(line(t, '合计')).toEqual(['81494700', '31691800', '27351600', '4340200', '49802900']);
    const total = t.lines.find((l) => l.n === '合计')!;
    expect(total.k).toBe('total');
    for (const l of s.tables.flatMap((x) => x.lines))
      for (const v of l.v) if (v !== null) expect(typeof v).toBe('string');
  });

  it('keeps the sides of two-sided tables and zeros as "0"', () => {
    const t = table(s, 'income-expenditure');
    expect(t.columns.map((c) => c.side ?? 0)).toEqual([0, 1]);
    const spending = t.lines.filter((l) => l.s === 1 && l.v.some((v) => v !== null));
    expect(spending.map((l) => [l.n, l.v[1]])).toContainEqual(['一般公共服务支出', '76374500']);
    const three = table(s, 'three-public');
    expect(line(three, '杭州市信访事务保障中心')).toEqual(['5000', '0', '5000', '0', '0', '0']);
  });

  it('the three markup styles give the same id and the same amounts', () => {
    const word = snap('hangzhou-2024.word.html')!;
    const cms = snap('hangzhou-2024.cms.html')!;
    expect(word.id).toBe(s.id);
    expect(cms.id).toBe(s.id);
    const amounts = (x: Snapshot): string[] =>
      x.tables
        .filter((t) => t.kind === 'gpb-expenditure')
        .flatMap((t) => t.lines.map((l) => `${l.n}=${l.v.join(',')}`));
    expect(amounts(word)).toEqual(amounts(s));
    expect(amounts(cms)).toEqual(amounts(s));
  });

  it('carries the implied prior-year figures it is given, and drops malformed ones', () => {
    const { doc } = auditFixture('pages/hangzhou-2024.clean.html');
    const bad = { ...HANGZHOU_2024_IMPLIED[0]!, amount: '1,731.17' };
    const withImplied = snapshotOf(doc, { url: 'x', title: 't' }, [...HANGZHOU_2024_IMPLIED, bad], { now: NOW })!;
    expect(withImplied.implied.map((p) => [p.subject, p.amount, p.basis])).toEqual([
      ['一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）', '17311700', '执行数'],
      ['一般公共服务支出(类)信访事务(款)其他信访事务支出(项)', '0', '执行数'],
      ['支出预算', '78122000', '执行数'],
      ['“三公”经费', '295500', '预算数'],
    ]);
  });
});

describe('snapshotOf: the other seed pages', () => {
  it('huzhou-2024 (万元, printed codes)', () => {
    const s = snap('huzhou-2024.clean.html')!;
    expect([s.department, s.region, s.year, s.stage]).toEqual([
      '中共湖州市委湖州市人民政府信访局',
      '湖州市',
      2024,
      '预算',
    ]);
    const t = table(s, 'gpb-expenditure');
    const row = t.lines.find((l) => l.c === '2014004')!;
    expect(row.n).toBe('信访业务');
    expect(row.v).toEqual(['15855000', null, null, null, '15855000']);
    expect(linePath(t, t.lines.indexOf(row))).toEqual(['一般公共服务支出', '信访事务', '信访业务']);
    // A seed slip kept as printed: 2080502 事业单位离退休 2.13 vs 2.03 + 0.11.
    expect(t.lines.find((l) => l.c === '2080502')!.v).toEqual(['21300', '21300', '20300', '1100']);
    // Two 项目支出 tables, both kept.
    expect(s.tables.filter((x) => x.kind === 'project')).toHaveLength(2);
  });

  it('shaoxing-2021 (元 with two decimals)', () => {
    const s = snap('shaoxing-2021.clean.html')!;
    expect([s.region, s.year, s.stage]).toEqual(['绍兴市', 2021, '预算']);
    expect(s.departmentKey).toBe('信访局');
    const t = table(s, 'gpb-expenditure');
    expect(t.unit).toBe('元');
    expect(t.lines.find((l) => l.c === '2010308')!.v[0]).toBe('16397060');
    expect(t.lines.find((l) => l.c === '2210202')!.v[0]).toBe('298.8');
    expect(t.lines.find((l) => l.k === 'total')!.v[0]).toBe('25258772.17');
  });

  it('hangzhou-2022 (prose only): null, unless the narrative implies prior-year figures', () => {
    expect(snap('hangzhou-2022.clean.html')).toBeNull();
    const implied = [{ subject: '支出预算', code: null, amount: '77000000', basis: '执行数' as const, text: '…' }];
    const s = snap('hangzhou-2022.clean.html', implied)!;
    expect(s.tables).toEqual([]);
    expect(s.year).toBe(2022);
    expect(s.implied).toHaveLength(1);
  });
});

describe('impliedFromPrinted (the claims part reports figures as printed, in their unit)', () => {
  it('converts to 元 and keeps only exact figures with a known basis', () => {
    const base = {
      subject: '支出预算',
      basis: '上年执行数',
      value: '7,812.20',
      unit: '万元' as const,
      derivation: '8,149.47 − 337.27 = 7,812.20',
    };
    expect(impliedFromPrinted(base)).toEqual({
      subject: '支出预算',
      code: null,
      amount: '78122000',
      basis: '执行数',
      text: '8,149.47 − 337.27 = 7,812.20',
    });
    expect(impliedFromPrinted({ ...base, basis: '上年预算数', value: '29.55' }, '“三公”经费…')).toMatchObject({
      amount: '295500',
      basis: '预算数',
      text: '“三公”经费…',
    });
    expect(impliedFromPrinted({ ...base, basis: '上年决算数' })?.basis).toBe('执行数');
    expect(impliedFromPrinted({ ...base, approximate: true })).toBeNull();
    expect(impliedFromPrinted({ ...base, basis: '上年' })).toBeNull();
    expect(impliedFromPrinted({ ...base, value: '4.3%' })).toBeNull();
  });
});

describe('snapshot ids', () => {
  it('same department, region, year and stage → same id, whatever the spelling of the department', () => {
    const a = snapshotId({ departmentKey: '信访局', region: '湖州市', year: 2024, stage: '预算', url: 'a' });
    const b = snapshotId({ departmentKey: '信访局', region: '湖州', year: 2024, stage: '预算', url: 'b' });
    expect(a).toBe(b);
    expect(snapshotId({ departmentKey: '信访局', region: '杭州市', year: 2024, stage: '预算', url: 'a' })).not.toBe(a);
    expect(snapshotId({ departmentKey: '信访局', region: '湖州市', year: 2023, stage: '预算', url: 'a' })).not.toBe(a);
    expect(snapshotId({ departmentKey: '信访局', region: '湖州市', year: 2024, stage: '决算', url: 'a' })).not.toBe(a);
  });
});

describe('size', () => {
  it('a 40-table page stays well under 100 kB of JSON', () => {
    const pages = ['hangzhou-2024.clean.html', 'huzhou-2024.clean.html', 'shaoxing-2021.clean.html'].map((p) =>
      snap(p)!,
    );
    const tables = [...pages[0]!.tables, ...pages[1]!.tables, ...pages[2]!.tables];
    const forty: Snapshot = { ...pages[0]!, tables: [...tables, ...tables].slice(0, 40) };
    expect(forty.tables).toHaveLength(40);
    expect(SnapshotSchema.safeParse(forty).success).toBe(true);
    const bytes = new TextEncoder().encode(JSON.stringify(forty)).length;
    console.info(
      `snapshot sizes (UTF-8 JSON): 40 tables ${bytes} B; ` +
        `${pages
          .map((p) => `${p.tables.length} tables ${new TextEncoder().encode(JSON.stringify(p)).length} B`)
          .join('; ')}`,
    );
    expect(bytes).toBeLessThan(70_000);
  });
});
