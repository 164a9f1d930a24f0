import { describe, expect, it } from 'vitest';
import {
  normalizeDepartment,
  parseDepartment,
  regionKey,
  regionOf,
  sameDepartment,
} from '../../lib/identity/department';
import { auditFixture } from '../helpers';

describe('sameDepartment', () => {
  const huzhou = [
    '中共湖州市委湖州市人民政府信访局',
    '湖州市委市政府信访局',
    '湖州市信访局',
    '中国共产党湖州市委员会湖州市人民政府信访局',
    '中共湖州市委湖州市人民政府信访局（部门汇总）',
    '部门名称：中共湖州市委 湖州市人民政府信访局',
    '湖州市信访局本级',
  ];

  it('the names 湖州 uses for its 信访局 are one department', () => {
    for (const a of huzhou) for (const b of huzhou) expect(sameDepartment(a, b), `${a} = ${b}`).toBe(true);
  });

  it('a name without its region is that department on a page of that region', () => {
    expect(sameDepartment('市委市政府信访局', '湖州市信访局', '湖州')).toBe(true);
    expect(sameDepartment('市委市政府信访局', '中共湖州市委湖州市人民政府信访局', '湖州市')).toBe(true);
    expect(sameDepartment('346-市委市政府信访局', '湖州市信访局', '湖州')).toBe(true);
    expect(sameDepartment('市信访局', '湖州市信访局', '湖州')).toBe(true);
    // Without the region it is not known.
    expect(sameDepartment('市委市政府信访局', '湖州市信访局')).toBe(false);
    // Both without a region: the names decide.
    expect(sameDepartment('市委市政府信访局', '信访局')).toBe(true);
    // The region given is another city's.
    expect(sameDepartment('市委市政府信访局', '湖州市信访局', '杭州')).toBe(false);
    // A district's committee is not a city's department.
    expect(sameDepartment('区委区政府信访局', '湖州市信访局', '湖州市')).toBe(false);
  });

  it('another city, another level, another body: not the same', () => {
    expect(sameDepartment('杭州市信访局', '湖州市信访局')).toBe(false);
    expect(sameDepartment('中共杭州市委杭州市人民政府信访局', '中共湖州市委湖州市人民政府信访局')).toBe(false);
    expect(sameDepartment('浙江省信访局', '湖州市信访局')).toBe(false);
    expect(sameDepartment('湖州市吴兴区信访局', '湖州市信访局')).toBe(false);
    expect(sameDepartment('湖州市财政局', '湖州市信访局')).toBe(false);
    // The committee's general office and the government's are two offices.
    expect(sameDepartment('中共湖州市委办公室', '湖州市人民政府办公室')).toBe(false);
    expect(sameDepartment('中共湖州市委办公室', '湖州市委办公室')).toBe(true);
    expect(sameDepartment('湖州市人民政府办公室', '湖州市政府办公室')).toBe(true);
  });

  it('brackets, codes, labels, full-width forms, spaces and suffixes do not matter', () => {
    expect(sameDepartment('绍兴市信访局（市统一政务咨询投诉举报平台管理办公室）', '绍兴市信访局')).toBe(true);
    expect(sameDepartment('【205001】绍兴市信访局本级', '绍兴市信访局')).toBe(true);
    expect(sameDepartment('绍兴市 信访局(部门)', '绍兴市信访局单位')).toBe(true);
    expect(sameDepartment('湖州市人民政府国有资产监督管理委员会', '湖州市国有资产监督管理委员会')).toBe(true);
    expect(sameDepartment('浙江省湖州市信访局', '湖州市信访局')).toBe(true);
  });

  it('empty names are nobody', () => {
    expect(sameDepartment(null, '湖州市信访局')).toBe(false);
    expect(sameDepartment('', '')).toBe(false);
    expect(sameDepartment(undefined, undefined, '湖州')).toBe(false);
  });
});

describe('normalizeDepartment', () => {
  it.each([
    ['中共湖州市委湖州市人民政府信访局', undefined, '湖州市信访局'],
    ['湖州市委市政府信访局', undefined, '湖州市信访局'],
    ['市委市政府信访局', undefined, '信访局'],
    ['中共湖州市委湖州市人民政府信访局', '湖州', '信访局'],
    ['中共湖州市委湖州市人民政府信访局', '杭州市', '湖州市信访局'],
    ['中共杭州市委杭州市人民政府信访局(部门汇总)', undefined, '杭州市信访局'],
    ['绍兴市信访局（市统一政务咨询投诉举报平台管理办公室）', undefined, '绍兴市信访局'],
    ['湖州市人民政府办公室', undefined, '湖州市政府办公室'],
    ['中国共产党湖州市委员会', undefined, '湖州市委'],
    ['湖州市市场监督管理局', undefined, '湖州市市场监督管理局'],
    ['湖州市卫生健康委员会', '湖州', '卫生健康委'],
  ])('%s (region %s) → %s', (name, region, want) => {
    expect(normalizeDepartment(name, region)).toBe(want);
  });

  it('parses the parts', () => {
    expect(parseDepartment('中共湖州市委湖州市人民政府信访局')).toEqual({
      regions: ['湖州市'],
      level: null,
      organ: null,
      core: '信访局',
    });
    expect(parseDepartment('市委市政府信访局')).toEqual({ regions: [], level: '市', organ: null, core: '信访局' });
    expect(parseDepartment('浙江省湖州市吴兴区信访局')).toEqual({
      regions: ['浙江省', '湖州市', '吴兴区'],
      level: null,
      organ: null,
      core: '信访局',
    });
    expect(parseDepartment('中共湖州市委办公室')).toEqual({
      regions: ['湖州市'],
      level: null,
      organ: '委',
      core: '办公室',
    });
  });
});

describe('regionOf', () => {
  it.each([
    ['中共湖州市委湖州市人民政府信访局', '湖州市'],
    ['中共杭州市委杭州市人民政府信访局(部门)2024 年度部门预算', '杭州市'],
    ['绍兴市信访局（市统一政务咨询投诉举报平台管理办公室）2021年部门预算', '绍兴市'],
    ['2024年湖州市信访局部门预算', '湖州市'],
    ['关于绍兴市信访局2021年部门预算的说明', '绍兴市'],
    ['浙江省湖州市吴兴区信访局', '吴兴区'],
    ['浙江省信访局', '浙江省'],
    ['内蒙古自治区信访局', '内蒙古自治区'],
    ['荆门市信访局', '荆门市'],
    ['市委市政府信访局', null],
    ['表 1： 2024 年市级部门收支预算总表', null],
    ['', null],
  ])('%s → %s', (text, want) => {
    expect(regionOf(text)).toBe(want);
  });

  it('regionKey drops the level suffix', () => {
    expect(regionKey('湖州市')).toBe('湖州');
    expect(regionKey('湖州')).toBe('湖州');
    expect(regionKey('内蒙古自治区')).toBe('内蒙古');
  });

  it('on the fixture pages: the department the engine reads, and its region', () => {
    for (const [path, region] of [
      ['pages/hangzhou-2024.clean.html', '杭州市'],
      ['pages/huzhou-2024.cms.html', '湖州市'],
      ['pages/shaoxing-2021.word.html', '绍兴市'],
    ] as const) {
      const { doc } = auditFixture(path);
      expect(regionOf(doc.department), path).toBe(region);
      expect(regionOf(doc.title), path).toBe(region);
    }
    // The huzhou tables print the department as "346-市委市政府信访局": the page's region makes it the same.
    const { doc } = auditFixture('pages/huzhou-2024.clean.html');
    const lines = doc.tables.map((t) => t.department).filter((d): d is string => !!d);
    expect(lines.length).toBeGreaterThan(0);
    for (const d of lines) expect(sameDepartment(d, doc.department, regionOf(doc.title)), d).toBe(true);
  });
});
