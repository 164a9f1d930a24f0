import { describe, expect, it } from 'vitest';
import {
  aliases,
  allSubjects,
  childrenOf,
  isClassName,
  levelsForName,
  lookupSubject,
  normalizeSubjectName,
  parentCode,
  splitLevelPath,
  subjectByCode,
  type ClassificationKind,
  type SubjectEntry,
} from '../../lib/classification';

const KINDS: readonly ClassificationKind[] = ['function', 'economic-dept', 'economic-gov'];
const codes = (list: readonly SubjectEntry[]): string[] => list.map((e) => e.code);

describe('classification tables: structure', () => {
  it('has no duplicate codes across all kinds', () => {
    const all = codes(allSubjects());
    const dups = all.filter((c, i) => all.indexOf(c) !== i);
    expect(dups).toEqual([]);
  });

  it('code length matches level, and the first digit matches the kind', () => {
    const bad = allSubjects().filter((e) => {
      const len = e.level === 1 ? 3 : e.level === 2 ? 5 : 7;
      const first = e.kind === 'function' ? '2' : e.kind === 'economic-dept' ? '3' : '5';
      return !/^\d+$/.test(e.code) || e.code.length !== len || e.code[0] !== first;
    });
    expect(bad).toEqual([]);
    expect(allSubjects('economic-dept').some((e) => e.level === 3)).toBe(false);
    expect(allSubjects('economic-gov').some((e) => e.level === 3)).toBe(false);
  });

  it('every 款 and 项 has its 类/款 in the table, of the same kind', () => {
    const orphans = allSubjects()
      .filter((e) => e.level > 1)
      .filter((e) => {
        const p = subjectByCode(parentCode(e.code)!);
        return !p || p.kind !== e.kind || p.level !== e.level - 1;
      });
    expect(orphans.map((e) => `${e.code} ${e.name}`)).toEqual([]);
  });

  it('table order puts every child after its parent and childrenOf agrees', () => {
    const order = new Map(allSubjects().map((e, i) => [e.code, i]));
    for (const e of allSubjects()) {
      const p = parentCode(e.code);
      if (p !== undefined) expect(order.get(p)!).toBeLessThan(order.get(e.code)!);
    }
    expect(codes(childrenOf('22102'))).toEqual(['2210201', '2210202', '2210203']);
    expect(codes(childrenOf('21011'))).toEqual(['2101101', '2101102', '2101103', '2101199']);
  });

  it('names are stored normalized and siblings never share a name', () => {
    expect(allSubjects().filter((e) => normalizeSubjectName(e.name) !== e.name)).toEqual([]);
    const seen = new Set<string>();
    const clashes: string[] = [];
    for (const e of allSubjects()) {
      const key = `${e.kind}|${parentCode(e.code) ?? ''}|${e.name}`;
      if (seen.has(key)) clashes.push(`${e.code} ${e.name}`);
      seen.add(key);
    }
    expect(clashes).toEqual([]);
  });

  it('validity ranges are ordered and lie inside the parent range', () => {
    for (const e of allSubjects()) {
      if (e.validFrom !== undefined && e.validTo !== undefined) expect(e.validFrom).toBeLessThanOrEqual(e.validTo);
      const p = parentCode(e.code);
      const parent = p === undefined ? undefined : subjectByCode(p);
      if (!parent) continue;
      if (parent.validFrom !== undefined)
        expect(e.validFrom ?? -Infinity, e.code).toBeGreaterThanOrEqual(parent.validFrom);
      if (parent.validTo !== undefined) expect(e.validTo ?? Infinity, e.code).toBeLessThanOrEqual(parent.validTo);
    }
  });

  it('generic 项 names sit on their conventional code suffixes', () => {
    // 行政运行 is always xxxxx01; 事业运行 xxxxx50 except 农业农村 2130104.
    expect(lookupSubject('行政运行').filter((e) => !e.code.endsWith('01'))).toEqual([]);
    expect(lookupSubject('事业运行').filter((e) => !e.code.endsWith('50') && e.code !== '2130104')).toEqual([]);
    expect(lookupSubject('一般行政管理事务').filter((e) => !e.code.endsWith('02'))).toEqual([]);
    expect(lookupSubject('机关服务').filter((e) => !e.code.endsWith('03'))).toEqual([]);
    // "其他…支出" 项 close their 款 with 99.
    const other = allSubjects('function').filter((e) => e.level === 3 && /^其他.*支出$/u.test(e.name));
    expect(other.filter((e) => !e.code.endsWith('99')).map((e) => `${e.code} ${e.name}`)).toEqual([]);
    // The 99 项 of a 款 named "其他X支出" under 款 "X": name check where the 款 name is a prefix-able noun.
    expect(subjectByCode('2010399')!.name).toBe(`其他${subjectByCode('20103')!.name}支出`);
    expect(subjectByCode('2014099')!.name).toBe(`其他${subjectByCode('20140')!.name}支出`);
  });

  it('has every 功能分类 类 from 201 to 234', () => {
    expect(codes(allSubjects('function').filter((e) => e.level === 1))).toEqual([
      '201',
      '202',
      '203',
      '204',
      '205',
      '206',
      '207',
      '208',
      '209',
      '210',
      '211',
      '212',
      '213',
      '214',
      '215',
      '216',
      '217',
      '219',
      '220',
      '221',
      '222',
      '223',
      '224',
      '227',
      '229',
      '230',
      '231',
      '232',
      '233',
      '234',
    ]);
    expect(subjectByCode('227')?.name).toBe('预备费');
    expect(subjectByCode('229')?.name).toBe('其他支出');
    expect(subjectByCode('230')?.name).toBe('转移性支出');
    expect(subjectByCode('231')?.name).toBe('债务还本支出');
    expect(subjectByCode('232')?.name).toBe('债务付息支出');
    expect(subjectByCode('233')?.name).toBe('债务发行费用支出');
  });

  it('has the 经济分类 类 of both sets', () => {
    expect(codes(allSubjects('economic-dept').filter((e) => e.level === 1))).toEqual([
      '301',
      '302',
      '303',
      '307',
      '309',
      '310',
      '311',
      '312',
      '313',
      '399',
    ]);
    expect(codes(allSubjects('economic-gov').filter((e) => e.level === 1))).toEqual([
      '501',
      '502',
      '503',
      '504',
      '505',
      '506',
      '507',
      '508',
      '509',
      '510',
      '511',
      '512',
      '513',
      '514',
      '599',
    ]);
  });

  it('aliases point at existing subjects and never shadow an official name', () => {
    const official = new Set(allSubjects().map((e) => e.name));
    for (const [name, code] of aliases) {
      expect(subjectByCode(code), `${name} → ${code}`).toBeDefined();
      expect(official.has(normalizeSubjectName(name)), name).toBe(false);
      expect(lookupSubject(name).map((e) => e.code)).toEqual([code]);
    }
  });
});

describe('normalizeSubjectName', () => {
  it.each([
    ['一般公共服务支出（类）', '一般公共服务支出'],
    ['一般公共服务支出(类)', '一般公共服务支出'],
    ['信访事务（款）', '信访事务'],
    ['行政运行（项）', '行政运行'],
    ['　　行政运行', '行政运行'],
    ['\u00a0行 政 运 行\u00a0', '行政运行'],
    ['政府办公厅(室)及相关机构事务', '政府办公厅（室）及相关机构事务'],
    ['政府办公厅（室）及相关机构事务', '政府办公厅（室）及相关机构事务'],
    ['维修(护)费', '维修（护）费'],
    ['维修（护）费', '维修（护）费'],
    ['一、一般公共服务支出', '一般公共服务支出'],
    ['（一）工资福利支出', '工资福利支出'],
    ['(一) 工资福利支出', '工资福利支出'],
    ['1.基本工资', '基本工资'],
    ['1、基本工资', '基本工资'],
    ['（1）基本工资', '基本工资'],
    ['其中：住房公积金', '住房公积金'],
    ['其中:住房公积金', '住房公积金'],
    ['其它商品和服务支出', '其他商品和服务支出'],
    // Kangxi radical ⼀ (U+2F00) as PDF text extraction gives it.
    ['\u2f00般公共服务支出', '一般公共服务支出'],
  ])('%j → %j', (input, want) => {
    expect(normalizeSubjectName(input)).toBe(want);
  });

  it('does not eat names that begin with 一 or with digits that are not numbering', () => {
    expect(normalizeSubjectName('一般行政管理事务')).toBe('一般行政管理事务');
    expect(normalizeSubjectName('12345平台服务')).toBe('12345平台服务');
    // （室） is part of the name, not a level marker.
    expect(normalizeSubjectName('党委办公厅(室)及相关机构事务')).toBe('党委办公厅（室）及相关机构事务');
  });

  it('is idempotent', () => {
    for (const s of ['（一）一般公共服务支出（类）', '其中：维修(护)费', ' 1. 行政运行(项)']) {
      expect(normalizeSubjectName(normalizeSubjectName(s))).toBe(normalizeSubjectName(s));
    }
  });
});

describe('lookups', () => {
  it('resolves 类 names', () => {
    expect(codes(lookupSubject('一般公共服务支出'))).toEqual(['201']);
    expect(levelsForName('一般公共服务支出')).toEqual(new Set([1]));
    expect(levelsForName('一般公共服务支出（类）')).toEqual(new Set([1]));
    expect(isClassName('一般公共服务支出')).toBe(true);
    expect(isClassName('社会保障和就业支出')).toBe(true);
    expect(isClassName('工资福利支出')).toBe(true);
    expect(isClassName('机关工资福利支出')).toBe(true);
    expect(isClassName('行政运行')).toBe(false);
    expect(isClassName('政府办公厅（室）及相关机构事务')).toBe(false);
    expect(isClassName('不是科目')).toBe(false);
  });

  it('generic 项 names resolve to many entries, all 项', () => {
    expect(lookupSubject('行政运行').length).toBeGreaterThan(30);
    expect(levelsForName('行政运行')).toEqual(new Set([3]));
    expect(levelsForName('事业运行')).toEqual(new Set([3]));
    expect(codes(lookupSubject('行政运行'))).toContain('2010301');
    expect(codes(lookupSubject('行政运行'))).toContain('2014001');
  });

  it('信访事务 is a 款 (2024~) and a 项 (~2023)', () => {
    expect(levelsForName('信访事务')).toEqual(new Set([2, 3]));
    expect(codes(lookupSubject('信访事务')).sort()).toEqual(['2010308', '20140']);
    expect(codes(lookupSubject('信访事务', 'function', { year: 2021 }))).toEqual(['2010308']);
    expect(codes(lookupSubject('信访事务', 'function', { year: 2024 }))).toEqual(['20140']);
    expect(levelsForName('信访事务', undefined, { year: 2024 })).toEqual(new Set([2]));
    expect(subjectByCode('2010308')).toMatchObject({ name: '信访事务', level: 3, validTo: 2023 });
    expect(subjectByCode('20140')).toMatchObject({ name: '信访事务', level: 2, validFrom: 2024 });
  });

  it('names shared between the kinds are separated by kind', () => {
    expect(codes(lookupSubject('住房公积金')).sort()).toEqual(['2210201', '30113', '50103']);
    expect(codes(lookupSubject('住房公积金', 'function'))).toEqual(['2210201']);
    expect(codes(lookupSubject('住房公积金', 'economic-dept'))).toEqual(['30113']);
    expect(codes(lookupSubject('住房公积金', 'economic-gov'))).toEqual(['50103']);
    expect(codes(lookupSubject('工资福利支出', 'economic-dept'))).toEqual(['301']);
    expect(codes(lookupSubject('工资福利支出', 'economic-gov'))).toEqual(['50501']);
    expect(levelsForName('工资福利支出')).toEqual(new Set([1, 2]));
  });

  it('economic subjects the seeds print', () => {
    expect(codes(lookupSubject('维修(护)费', 'economic-dept'))).toEqual(['30213']);
    expect(codes(lookupSubject('维修（护）费', 'economic-dept'))).toEqual(['30213']);
    expect(codes(lookupSubject('公务接待费', 'economic-dept'))).toEqual(['30217']);
    expect(codes(lookupSubject('医疗费', 'economic-dept'))).toEqual(['30114']);
    expect(codes(lookupSubject('医疗费补助', 'economic-dept'))).toEqual(['30307']);
    expect(codes(lookupSubject('办公设备购置', 'economic-dept'))).toContain('31002');
    expect(codes(lookupSubject('办公设备购置', 'economic-dept'))).toEqual(['30902', '31002']);
    expect(subjectByCode('30213')!.name).toBe('维修（护）费');
  });

  it('functional subjects named in the brief', () => {
    expect(subjectByCode('20103')!.name).toBe('政府办公厅（室）及相关机构事务');
    expect(codes(lookupSubject('政府办公厅(室)及相关机构事务'))).toEqual(['20103']);
    expect(codes(lookupSubject('机关事业单位职业年金缴费支出'))).toEqual(['2080506']);
    expect(codes(lookupSubject('公务员医疗补助'))).toEqual(['2101103']);
    expect(codes(lookupSubject('培训支出'))).toEqual(['2050803']);
    expect(codes(lookupSubject('科技成果转化与扩散'))).toEqual(['2060404']);
    expect(parentCode('2060404')).toBe('20604');
    expect(codes(lookupSubject('技术研究与开发'))).toEqual(['20604']);
    // 杭州 prints the 款 as 技术与开发: an alias of 20604, not a subject of its own.
    expect(lookupSubject('技术与开发')).toEqual([subjectByCode('20604')]);
    expect(allSubjects().some((e) => e.name === '技术与开发')).toBe(false);
  });

  it('unknown names give nothing', () => {
    expect(lookupSubject('中共杭州市委杭州市人民政府信访局')).toEqual([]);
    expect(levelsForName('收入总计').size).toBe(0);
    expect(subjectByCode('2019998')).toBeUndefined();
  });
});

describe('splitLevelPath', () => {
  it('splits narrative 类/款/项 paths', () => {
    expect(
      splitLevelPath('一般公共服务支出（类）政府办公厅(室)及相关机构事务（款）行政运行（项）预算为 1,797.02 万元'),
    ).toEqual([
      { name: '一般公共服务支出', level: 1 },
      { name: '政府办公厅（室）及相关机构事务', level: 2 },
      { name: '行政运行', level: 3 },
    ]);
    expect(splitLevelPath('(3) 一般公共服务支出(类)信访事务(款)其他信访事务支出(项)预算为4,890.85万元')).toEqual([
      { name: '一般公共服务支出', level: 1 },
      { name: '信访事务', level: 2 },
      { name: '其他信访事务支出', level: 3 },
    ]);
    expect(splitLevelPath('没有科目')).toEqual([]);
  });
});

/**
 * Rows of the seed documents' function and economic tables (/work/shared/seeds), as printed.
 * Where the table prints codes, [code, name]; the name must resolve to that code.
 */
describe('seed documents', () => {
  const expectResolves = (rows: readonly (readonly [string, string])[], kind: ClassificationKind): void => {
    const misses = rows.filter(([code, name]) => !codes(lookupSubject(name, kind)).includes(code));
    expect(misses).toEqual([]);
    // And the code itself is known under the printed or an aliased name.
    expect(rows.filter(([code]) => subjectByCode(code) === undefined)).toEqual([]);
  };

  // 湖州市信访局 2024 部门预算 (seeds/002): 一般公共预算支出表, with codes.
  const huzhou2024Function = [
    ['201', '一般公共服务支出'],
    ['20103', '政府办公厅（室）及相关机构事务'],
    ['2010305', '专项业务及机关事务管理'],
    ['2010350', '事业运行'],
    ['20140', '信访事务'],
    ['2014001', '行政运行'],
    ['2014004', '信访业务'],
    ['208', '社会保障和就业支出'],
    ['20805', '行政事业单位养老支出'],
    ['2080501', '行政单位离退休'],
    ['2080502', '事业单位离退休'],
    ['2080505', '机关事业单位基本养老保险缴费支出'],
    ['2080506', '机关事业单位职业年金缴费支出'],
    ['210', '卫生健康支出'],
    ['21011', '行政事业单位医疗'],
    ['2101101', '行政单位医疗'],
    ['2101102', '事业单位医疗'],
    ['2101103', '公务员医疗补助'],
    ['221', '住房保障支出'],
    ['22102', '住房改革支出'],
    ['2210201', '住房公积金'],
  ] as const;

  // 湖州市信访局 2024 一般公共预算基本支出表 (seeds/002), with codes.
  const huzhou2024Economic = [
    ['301', '工资福利支出'],
    ['30101', '基本工资'],
    ['30102', '津贴补贴'],
    ['30103', '奖金'],
    ['30107', '绩效工资'],
    ['30108', '机关事业单位基本养老保险缴费'],
    ['30109', '职业年金缴费'],
    ['30110', '职工基本医疗保险缴费'],
    ['30111', '公务员医疗补助缴费'],
    ['30112', '其他社会保障缴费'],
    ['30113', '住房公积金'],
    ['30114', '医疗费'],
    ['30199', '其他工资福利支出'],
    ['302', '商品和服务支出'],
    ['30201', '办公费'],
    ['30204', '手续费'],
    ['30205', '水费'],
    ['30206', '电费'],
    ['30207', '邮电费'],
    ['30209', '物业管理费'],
    ['30211', '差旅费'],
    ['30213', '维修(护)费'],
    ['30215', '会议费'],
    ['30216', '培训费'],
    ['30217', '公务接待费'],
    ['30228', '工会经费'],
    ['30229', '福利费'],
    ['30231', '公务用车运行维护费'],
    ['30239', '其他交通费用'],
    ['30299', '其他商品和服务支出'],
    ['303', '对个人和家庭的补助'],
    ['30302', '退休费'],
    ['30307', '医疗费补助'],
    ['30309', '奖励金'],
  ] as const;

  // 绍兴市信访局 2021 部门预算 (seeds/003): 一般公共预算支出表, with codes; half-width parentheses as printed.
  const shaoxing2021Function = [
    ['201', '一般公共服务支出'],
    ['20103', '政府办公厅(室)及相关机构事务'],
    ['2010301', '行政运行'],
    ['2010308', '信访事务'],
    ['2010350', '事业运行'],
    ['205', '教育支出'],
    ['20508', '进修及培训'],
    ['2050803', '培训支出'],
    ['208', '社会保障和就业支出'],
    ['20805', '行政事业单位养老支出'],
    ['2080506', '机关事业单位职业年金缴费支出'],
    ['2080505', '机关事业单位基本养老保险缴费支出'],
    ['210', '卫生健康支出'],
    ['21011', '行政事业单位医疗'],
    ['2101102', '事业单位医疗'],
    ['2101103', '公务员医疗补助'],
    ['2101101', '行政单位医疗'],
    ['221', '住房保障支出'],
    ['22102', '住房改革支出'],
    ['2210202', '提租补贴'],
    ['2210203', '购房补贴'],
    ['2210201', '住房公积金'],
  ] as const;

  // 绍兴市信访局 2021 一般公共预算基本支出表 (seeds/003), with codes.
  const shaoxing2021Economic = [
    ['301', '工资福利支出'],
    ['30103', '奖金'],
    ['30107', '绩效工资'],
    ['30108', '机关事业单位基本养老保险缴费'],
    ['30109', '职业年金缴费'],
    ['30110', '职工基本医疗保险缴费'],
    ['30111', '公务员医疗补助缴费'],
    ['30112', '其他社会保障缴费'],
    ['30113', '住房公积金'],
    ['30199', '其他工资福利支出'],
    ['30101', '基本工资'],
    ['30102', '津贴补贴'],
    ['302', '商品和服务支出'],
    ['30207', '邮电费'],
    ['30211', '差旅费'],
    ['30213', '维修(护)费'],
    ['30215', '会议费'],
    ['30216', '培训费'],
    ['30217', '公务接待费'],
    ['30226', '劳务费'],
    ['30227', '委托业务费'],
    ['30228', '工会经费'],
    ['30229', '福利费'],
    ['30239', '其他交通费用'],
    ['30299', '其他商品和服务支出'],
    ['30201', '办公费'],
    ['30202', '印刷费'],
    ['303', '对个人和家庭的补助'],
    ['30309', '奖励金'],
    ['30302', '退休费'],
  ] as const;

  // 杭州市信访局 2024 部门预算 (seeds/000): 表5 prints names only; the codes are what the tree must recover.
  const hangzhou2024Function = [
    ['201', '一般公共服务支出'],
    ['20103', '政府办公厅（室）及相关机构事务'],
    ['2010301', '行政运行'],
    ['2010350', '事业运行'],
    ['20140', '信访事务'],
    ['2014099', '其他信访事务支出'],
    ['206', '科学技术支出'],
    ['20604', '技术与开发'],
    ['2060404', '科技成果转化与扩散'],
    ['208', '社会保障和就业支出'],
    ['20805', '行政事业单位养老支出'],
    ['2080501', '行政单位离退休'],
    ['2080505', '机关事业单位基本养老保险缴费支出'],
    ['2080506', '机关事业单位职业年金缴费支出'],
    ['210', '卫生健康支出'],
    ['21011', '行政事业单位医疗'],
    ['2101101', '行政单位医疗'],
    ['2101102', '事业单位医疗'],
  ] as const;

  // 杭州市信访局 2024 表6 一般公共预算基本支出预算表 (seeds/000): names only.
  const hangzhou2024Economic = [
    ['301', '工资福利支出'],
    ['30101', '基本工资'],
    ['30102', '津贴补贴'],
    ['30103', '奖金'],
    ['30107', '绩效工资'],
    ['30108', '机关事业单位基本养老保险缴费'],
    ['30109', '职业年金缴费'],
    ['30110', '职工基本医疗保险缴费'],
    ['30112', '其他社会保障缴费'],
    ['30113', '住房公积金'],
    ['30114', '医疗费'],
    ['30199', '其他工资福利支出'],
    ['302', '商品和服务支出'],
    ['30201', '办公费'],
    ['30202', '印刷费'],
    ['30205', '水费'],
    ['30206', '电费'],
    ['30207', '邮电费'],
    ['30211', '差旅费'],
    ['30213', '维修(护)费'],
    ['30214', '租赁费'],
    ['30215', '会议费'],
    ['30216', '培训费'],
    ['30217', '公务接待费'],
    ['30226', '劳务费'],
    ['30227', '委托业务费'],
    ['30228', '工会经费'],
    ['30229', '福利费'],
    ['30239', '其他交通费用'],
    ['30299', '其他商品和服务支出'],
    ['303', '对个人和家庭的补助'],
    ['30302', '退休费'],
    ['30309', '奖励金'],
    ['30399', '其他对个人和家庭的补助'],
    ['310', '资本性支出'],
    ['31002', '办公设备购置'],
  ] as const;

  it('湖州 2024 (codes printed)', () => {
    expectResolves(huzhou2024Function, 'function');
    expectResolves(huzhou2024Economic, 'economic-dept');
  });

  it('绍兴 2021 (codes printed)', () => {
    expectResolves(shaoxing2021Function, 'function');
    expectResolves(shaoxing2021Economic, 'economic-dept');
  });

  it('杭州 2024 (names only)', () => {
    expectResolves(hangzhou2024Function, 'function');
    expectResolves(hangzhou2024Economic, 'economic-dept');
  });

  it('the printed code of every row is valid in the year of its document', () => {
    const validIn = (code: string, year: number): boolean => {
      const e = subjectByCode(code)!;
      return (e.validFrom ?? -Infinity) <= year && year <= (e.validTo ?? Infinity);
    };
    expect(huzhou2024Function.filter(([c]) => !validIn(c, 2024))).toEqual([]);
    expect(hangzhou2024Function.filter(([c]) => !validIn(c, 2024))).toEqual([]);
    expect(shaoxing2021Function.filter(([c]) => !validIn(c, 2021))).toEqual([]);
  });

  it('narrative names of the seeds', () => {
    // 杭州 2022 (seeds/001) narrative: 一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）信访事务（项）.
    const path = splitLevelPath('一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）信访事务（项）');
    expect(
      path.map((p) => codes(lookupSubject(p.name, 'function', { year: 2022 }).filter((e) => e.level === p.level))),
    ).toEqual([['201'], ['20103'], ['2010308']]);
    // 绍兴 2021 narrative: 教育支出（类）进修及培训（款）培训支出（项）; old economic name 城镇职工基本医疗保险缴费.
    expect(codes(lookupSubject('城镇职工基本医疗保险缴费'))).toEqual(['30110']);
    // 湖州 2024 narrative misprint.
    expect(codes(lookupSubject('一般公共预算服务支出'))).toEqual(['201']);
  });

  it('every 项 the seeds print sits under the 款 the seeds print above it', () => {
    for (const rows of [huzhou2024Function, shaoxing2021Function, hangzhou2024Function]) {
      let kuan = '';
      let lei = '';
      for (const [code] of rows) {
        if (code.length === 3) lei = code;
        else if (code.length === 5) {
          expect(parentCode(code)).toBe(lei);
          kuan = code;
        } else expect(parentCode(code)).toBe(kuan);
      }
    }
  });
});

describe('coverage sanity', () => {
  it('has a sizeable table of each kind', () => {
    for (const k of KINDS) expect(allSubjects(k).length).toBeGreaterThan(50);
    expect(allSubjects('function').filter((e) => e.level === 3).length).toBeGreaterThan(500);
  });

  it('every 款 of the departments’ most used 类 is listed with its 项 where it has any', () => {
    for (const kuan of ['20103', '20140', '20508', '20805', '21011', '22102', '20604']) {
      expect(childrenOf(kuan).length, kuan).toBeGreaterThan(0);
    }
  });
});
