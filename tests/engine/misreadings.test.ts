import { describe, expect, it } from 'vitest';
import { auditHtml, errors, key } from '../helpers';

/**
 * Classes of misreading seen on real disclosures, each on a small page made for it: the reading must come out right
 * or say it is unsure, and never report an error the document does not contain.
 */

const doc = (title: string, body: string): string =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head><body>` +
  `<h1>${title}</h1>${body}</body></html>`;

const tr = (cells: readonly string[], tag = 'td'): string =>
  `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;

describe('a figure cell that holds words', () => {
  // A unit's name printed past its cell's rule: the rest of the name lands before the figure in the next cell.
  const page = doc(
    '某市某局2026年部门预算',
    '<p>表3 部门收入总表</p><p>单位：元</p><table border="1">' +
      tr(['单位编码', '单位名称', '合计', '一般公共预算拨款', '其他收入'], 'th') +
      tr(['', '合计', '3000.00', '2500.00', '500.00']) +
      tr(['101001', '某市某局', '1000.00', '1000.00', '0']) +
      tr(['101002', '某市某局服务保', '障中心2000.00', '1500.00', '500.00']) +
      '</table>',
  );

  it('is no zero: the relations through it are not checked, with the reason, and nothing is an error', () => {
    const { report } = auditHtml(page);
    expect(errors(report)).toEqual([]);
    expect(report.findings.filter((f) => f.severity === 'warning')).toEqual([]);
    const reasons = report.notChecked.map((n) => n.reason.zh).join('\n');
    expect(reasons).toContain('数字单元格含文字「障中心2000.00」');
    // The rows that are read hold: 1000.00 = 1000.00 + 0.
    expect(report.checks['row-totals']!.passed).toBeGreaterThan(0);
  });
});

describe('performance-target tables', () => {
  // 重点项目绩效目标: under each unit only its projects with targets are listed, so they do not add up to it.
  const page = doc(
    '某市某局2026年部门预算',
    '<p>七、重点项目预算绩效目标情况</p><p>2026年，本部门重点项目绩效目标情况如下：</p><table border="1">' +
      tr(['项目', '预算数（单位：万元）', '绩效目标'], 'th') +
      tr(['合计', '1,500.00', '']) +
      tr(['某市某局', '1,200.00', '']) +
      tr(['信息化运维经费', '300.00', '保障系统全年稳定运行，故障响应时间不超过2小时']) +
      tr(['专项业务经费', '200.00', '完成年度专项工作任务20项']) +
      tr(['某市某局服务中心', '300.00', '']) +
      tr(['设备购置经费', '100.00', '按期完成设备采购，验收合格率100%']) +
      '</table>',
  );

  it('are not summed: no finding, the reason given; their figures stay readable for the text', () => {
    const { doc: d, report } = auditHtml(page);
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const t = d.tables.find((x) => x.kind === 'performance')!;
    expect(t.notSummed?.zh).toContain('绩效目标表');
    expect(report.tables.find((x) => x.index === t.index)).toMatchObject({ status: 'not-budget', passed: 0 });
    expect(t.rows.map((r) => r.label)).toContain('信息化运维经费');
  });
});

describe('panels side by side under a bare title', () => {
  // "公开06表": 人员经费 | 公用经费 | 资本性 as three column groups without a header over them; each closes with its
  // own 合计 — parts of one list, never a balance.
  const page = doc(
    '某市某局2024年部门决算',
    '<p>公开06表</p><p>单位：万元</p><table border="1">' +
      tr(['科目代码', '科目名称', '决算数', '科目代码', '科目名称', '决算数', '科目代码', '科目名称', '决算数'], 'th') +
      tr(['301', '工资福利支出', '300.00', '302', '商品和服务支出', '80.00', '310', '资本性支出', '20.00']) +
      tr(['30101', '基本工资', '200.00', '30201', '办公费', '50.00', '31002', '办公设备购置', '20.00']) +
      tr(['30102', '津贴补贴', '100.00', '30211', '差旅费', '30.00', '', '', '']) +
      tr(['', '人员经费合计', '300.00', '', '', '', '', '公用经费合计', '100.00']) +
      '</table>',
  );

  it('are never compared as income and expenditure', () => {
    const { report } = auditHtml(page);
    expect(report.findings.filter((f) => f.check === 'balance')).toEqual([]);
    expect(report.checks.balance?.passed ?? 0).toBe(0);
    expect(report.notChecked.map((n) => n.reason.zh).join('\n')).not.toContain('收支表缺少收入或支出总计行');
    expect(errors(report)).toEqual([]);
  });
});

describe('the same unit listed again under another subject', () => {
  // A procurement table by subject: the department and its own office under 2013302, then both again under 2070607.
  const page = doc(
    '某市某部2026年部门预算',
    '<p>表12 政府采购预算表</p><p>单位：元</p><table border="1">' +
      tr(['科目编码', '单位编码', '采购项目', '预算金额'], 'th') +
      tr(['', '', '合计', '2,400.00']) +
      tr(['2013302', '201', '中共某市委宣传部', '2,000.00']) +
      tr(['2013302', '201001', '中共某市委宣传部', '2,000.00']) +
      tr(['2013302', '', '城市宣传经费', '1,500.00']) +
      tr(['2013302', '', '专项活动经费', '500.00']) +
      tr(['2070607', '201', '中共某市委宣传部', '400.00']) +
      tr(['2070607', '201001', '中共某市委宣传部', '400.00']) +
      tr(['2070607', '', '农村电影放映工程', '400.00']) +
      '</table>',
  );

  it('opens a block of its own beside the first, and every relation holds', () => {
    const { doc: d, report } = auditHtml(page);
    const rows = d.tables[0]!.rows;
    const heads = rows.filter((r) => r.label === '中共某市委宣传部' && r.values.get(3)?.raw === '400.00');
    expect(heads).toHaveLength(2);
    const [block, office] = heads;
    expect(rows[office!.parent]).toBe(block);
    expect(block!.level).toBe(rows.find((r) => r.values.get(3)?.raw === '2,000.00')!.level);
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(report.checks.hierarchy!.passed).toBeGreaterThan(0);
  });
});

describe('a table continued on the next page', () => {
  // The repeated header, then the first lines of the page printed bold with no figure (上年结转结余 and its parts),
  // then the closing total: the bold lines are data, the page is the same table, its total closes the rows before.
  const head = tr(['收入', '', '支出', ''], 'th') + tr(['项目', '预算数', '项目', '预算数'], 'th');
  const page = doc(
    '某市某局2026年部门预算',
    '<p>表04 财政拨款收支预算总表</p><p>单位：万元</p><table border="1">' +
      head +
      tr(['一、财政拨款', '500.00', '社会保障和就业支出', '400.00']) +
      tr(['一般公共预算', '500.00', '住房保障支出', '100.00']) +
      tr(['本年收入合计', '500.00', '本年支出合计', '500.00']) +
      '</table><p>表04 财政拨款收支预算总表</p><p>单位：万元</p><table border="1">' +
      head +
      tr(['<b>上年结转结余</b>', '', '', '']) +
      tr(['<b>一般公共预算</b>', '', '', '']) +
      tr(['收入总计', '500.00', '支出总计', '500.00']) +
      '</table>',
  );

  it('is one table, and its closing total is checked against all its rows', () => {
    const { doc: d, report } = auditHtml(page);
    expect(d.tables).toHaveLength(1);
    expect(d.tables[0]!.domTables).toEqual([0, 1]);
    expect(d.tables[0]!.rows.map((r) => r.label)).toContain('上年结转结余');
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('a blank where a figure belongs', () => {
  // 收入总计 printed without its figure, 支出总计 and the lines above printed: an omission, not a wrong figure.
  const page = doc(
    '某市某局2026年部门预算',
    '<p>表1 财务收支预算总表</p><p>单位：元</p><table border="1">' +
      tr(['项目', '预算数', '项目', '预算数'], 'th') +
      tr(['一、财政拨款收入', '1,000', '一、一般公共服务支出', '800']) +
      tr(['二、事业收入', '', '二、住房保障支出', '200']) +
      tr(['收入总计', '', '支出总计', '1,000']) +
      '</table><p>表2 收入预算总表</p><p>单位：元</p><table border="1">' +
      tr(['项目', '合计', '财政拨款收入', '事业收入'], 'th') +
      tr(['收入总计', '1,000', '1,000', '']) +
      '</table>',
  );

  it('is a warning that says the cell is blank and what the relations expect there, never an error', () => {
    const { report } = auditHtml(page);
    expect(errors(report)).toEqual([]);
    const blank = report.findings.find((f) => f.severity === 'warning' && f.message.zh.includes('此格空白'));
    expect(blank).toBeDefined();
    expect(key(blank!.cells[0]!)).toBe('0:3:1');
    expect(blank!.expected).toBe('1,000');
  });
});

describe('lines of years and their change', () => {
  // A "三公" table by unit: 2025年 | 2026年 | 增减变化金额 under each unit, nothing adding up down the columns.
  const page = doc(
    '某市某局2026年部门预算',
    '<p>表9 财政拨款“三公”经费支出表</p><p>单位：万元</p><table border="1">' +
      tr(['预算单位', '年度', '总计', '因公出国(境)费', '公务接待费', '公务用车购置及运行维护费'], 'th') +
      tr(['某市某局（本级）', '2025年', '60.00', '20.00', '10.00', '30.00']) +
      tr(['', '2026年', '50.00', '25.00', '10.00', '15.00']) +
      tr(['', '增减变化金额', '-10.00', '5.00', '0.00', '-15.00']) +
      '</table>',
  );

  it('are read flat: each line adds up across, nothing is summed down, the table is understood', () => {
    const { doc: d, report } = auditHtml(page);
    const t = d.tables[0]!;
    expect(t.structureDoubt).toBeUndefined();
    expect(t.rows.map((r) => r.level)).toEqual([1, 1, 1]);
    expect(report.tables[0]!.status).toBe('checked');
    expect(report.checks['row-totals']!.passed).toBe(3);
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('numbered 类 with the 款 and 项 under them by name only', () => {
  // 一、教育支出, then 进修及培训 (款) with 培训支出 (项), and 其他教育支出 as both 款 and 项; the 项 of 住房改革支出
  // add up to it within rounding only (215.06 + 100.03 = 315.09 against 315.10).
  const page = doc(
    '某市某局2026年部门预算',
    '<p>表1 收支总表</p><p>单位：万元</p><table border="1">' +
      tr(['项目', '2026年预算数', '项目', '2026年预算数'], 'th') +
      tr(['一、财政拨款', '3,500.00', '一、教育支出', '3,184.90']) +
      tr(['', '', '进修及培训', '4.90']) +
      tr(['', '', '培训支出', '4.90']) +
      tr(['', '', '其他教育支出', '3,180.00']) +
      tr(['', '', '其他教育支出', '3,180.00']) +
      tr(['', '', '二、住房保障支出', '315.10']) +
      tr(['', '', '住房改革支出', '315.10']) +
      tr(['', '', '住房公积金', '215.06']) +
      tr(['', '', '购房补贴', '100.03']) +
      tr(['收入总计', '3,500.00', '支出总计', '3,500.00']) +
      '</table>',
  );

  it('places them by their names under the numbered line, and every sum holds', () => {
    const { doc: d, report } = auditHtml(page);
    const rows = d.tables[0]!.rows.filter((r) => r.side === 1);
    const level = (label: string, nth = 0) => rows.filter((r) => r.label === label)[nth]!.level;
    expect([level('一、教育支出'), level('进修及培训'), level('培训支出')]).toEqual([1, 2, 3]);
    expect([level('其他教育支出'), level('其他教育支出', 1)]).toEqual([2, 3]);
    expect([level('住房改革支出'), level('住房公积金'), level('购房补贴')]).toEqual([2, 3, 3]);
    expect(d.tables[0]!.structureDoubt).toBeUndefined();
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('figures of different scope under one name', () => {
  // The 财政拨款 total equals the all-funds one, but the 一般公共预算 table leaves out 政府性基金 (50.00).
  const page = doc(
    '某市某局2026年部门预算',
    '<p>表1 收支总表</p><p>单位：万元</p><table border="1">' +
      tr(['项目', '预算数', '项目', '预算数'], 'th') +
      tr(['一、财政拨款', '200.00', '文化旅游体育与传媒支出', '200.00']) +
      tr(['1.一般公共预算拨款', '150.00', '', '']) +
      tr(['2.政府性基金预算拨款', '50.00', '', '']) +
      tr(['收入总计', '200.00', '支出总计', '200.00']) +
      '</table><p>表4 财政拨款收支总表</p><p>单位：万元</p><table border="1">' +
      tr(['项目', '预算数', '项目', '预算数'], 'th') +
      tr(['一、一般公共预算', '150.00', '文化旅游体育与传媒支出', '200.00']) +
      tr(['二、政府性基金预算', '50.00', '', '']) +
      tr(['收入总计', '200.00', '支出总计', '200.00']) +
      '</table><p>表5 一般公共预算支出表（按功能分类）</p><p>单位：万元</p><table border="1">' +
      tr(['功能分类科目', '合计', '基本支出', '项目支出'], 'th') +
      tr(['文化旅游体育与传媒支出', '150.00', '100.00', '50.00']) +
      '</table>',
  );

  it('are compared as at least, never as equal', () => {
    const { report } = auditHtml(page);
    const cross = report.findings.filter((f) => f.check === 'cross-table' && f.severity !== 'info');
    expect(cross).toEqual([]);
    expect(report.checks['cross-table']!.passed).toBeGreaterThan(0);
  });
});

describe('a procurement table grouped by 货物 | 服务 first', () => {
  // 合计, then 货物 with the unit and its items under it, then 服务 with the same unit again.
  const page = doc(
    '某市某局2026年部门预算',
    '<p>表12 政府采购支出表</p><p>单位：万元</p><table border="1">' +
      tr(['采购品目大类', '专项名称', '采购品目名称', '一般公共预算资金', '总计'], 'th') +
      tr(['合计', '', '', '25.30', '25.30']) +
      tr(['货物', '', '', '2.00', '2.00']) +
      tr(['某市某局（本级）', '', '', '2.00', '2.00']) +
      tr(['', '办公费', '复印纸', '2.00', '2.00']) +
      tr(['服务', '', '', '23.30', '23.30']) +
      tr(['某市某局（本级）', '', '', '23.30', '23.30']) +
      tr(['', '会议费', '一般会议服务', '1.40', '1.40']) +
      tr(['', '信息化测评', '测试评估认证服务', '21.90', '21.90']) +
      '</table>',
  );

  it('puts the units under their group, so the total is the sum of the groups, not twice it', () => {
    const { doc: d, report } = auditHtml(page);
    const rows = d.tables[0]!.rows;
    const unit = rows.find((r) => r.kind === 'unit')!;
    expect(rows[unit.parent]?.label).toBe('货物');
    expect(report.tables[0]!.status).toBe('checked');
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(report.checks['column-totals']!.passed).toBeGreaterThan(0);
  });
});

describe('a project table by unit', () => {
  // Projects that name whose they are (委本级, 用于市本级…, 城维计划-市本级…专项) are projects; a body whose name holds
  // 项目 (交通项目管理中心) is a unit.
  const page = doc(
    '某市交通运输局2026年部门预算',
    '<p>表10 部门预算项目支出及其他支出预算表</p><p>单位：万元</p><table border="1">' +
      tr(['支出项目类别（资金使用单位）', '总计', '一般公共预算', '政府性基金预算'], 'th') +
      tr(['合计', '1,000.00', '600.00', '400.00']) +
      tr(['某市交通运输局', '700.00', '400.00', '300.00']) +
      tr(['信息化运维经费', '300.00', '300.00', '0.00']) +
      tr(['交运医院改革费用（委本级）', '100.00', '100.00', '0.00']) +
      tr(['增加安居集团资本金，用于市本级公共租赁住房运营', '300.00', '0.00', '300.00']) +
      tr(['某市中心区交通项目管理中心', '300.00', '200.00', '100.00']) +
      tr(['城维计划-市本级桥梁助航标志更新专项', '300.00', '200.00', '100.00']) +
      '</table>',
  );

  it('reads the units as units and the projects under them: every sum holds', () => {
    const { doc: d, report } = auditHtml(page);
    const rows = d.tables[0]!.rows;
    expect(rows.filter((r) => r.kind === 'unit').map((r) => r.label)).toEqual([
      '某市交通运输局',
      '某市中心区交通项目管理中心',
    ]);
    expect(report.tables[0]!.status).toBe('checked');
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('long figures rounded to fit their cell', () => {
  // Excel's General format in a narrow column prints eleven characters: 480544221.62 as "480544221.6", while the
  // shorter figures beside it keep two decimals. The sum holds within what each figure vouches for.
  const page = doc(
    '某市某局2022年部门综合预算',
    '<p>表2 2022年部门综合预算收入总表</p><p>单位：元</p><table border="1">' +
      tr(['单位编码', '单位名称', '合计', '一般公共预算拨款', '其他收入'], 'th') +
      tr(['', '合计', '480544221.6', '480544221.6', '0']) +
      tr(['245001', '某市某局', '18941962.57', '18941962.57', '0']) +
      tr(['245002', '某市某服务中心', '454472259.1', '454472259.1', '0']) +
      tr(['245003', '某市某管理中心', '7130000', '7130000', '0']) +
      '</table>',
  );

  it('are rounding, not an error, and the table is understood', () => {
    const { report } = auditHtml(page);
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(report.findings.filter((f) => f.severity === 'info').length).toBeGreaterThan(0);
    expect(report.tables[0]!.status).toBe('checked');
  });
});

describe('a 基本支出 table that names no fund', () => {
  // "基本支出预算情况表" beside the 收支总表: the department's 基本支出, never its 收入合计.
  const page = doc(
    '某市某局2026年部门预算',
    '<p>公开表1 收支总体情况表</p><p>单位：万元</p><table border="1">' +
      tr(['项目', '预算数', '项目', '预算数'], 'th') +
      tr(['一、一般公共预算拨款收入', '1,717.85', '一、一般公共服务支出', '1,717.85']) +
      tr(['收入合计', '1,717.85', '支出合计', '1,717.85']) +
      '</table><p>公开表10 基本支出预算情况表</p><p>单位：万元</p><table border="1">' +
      tr(['科目编码', '部门预算支出经济分类科目', '合计', '财政拨款', '上年结转'], 'th') +
      tr(['', '合计', '1,192.85', '1,192.85', '']) +
      tr(['301', '工资福利支出', '1,000.00', '1,000.00', '']) +
      tr(['302', '商品和服务支出', '192.85', '192.85', '']) +
      '</table>',
  );

  it('is a 基本支出 table, and nothing in it is compared with the income total', () => {
    const { doc: d, report } = auditHtml(page);
    expect(d.tables[1]!.kind).toBe('gpb-basic');
    expect(report.findings.filter((f) => f.check === 'cross-table' && f.severity !== 'info')).toEqual([]);
  });
});

describe('a 支出总表 with a 政府采购 column group beside its figures', () => {
  // 支出总计 | 基本支出 | 项目支出 | 政府采购项目 (小计 | 其中…): the table's figure is 支出总计, not the 小计 under 政府采购.
  const page = doc(
    '某市某局2026年部门预算',
    '<p>支出总表</p><p>单位：万元</p><table border="1">' +
      '<tr><th rowspan="2">科目编码</th><th rowspan="2">科目名称</th><th rowspan="2">支出总计</th>' +
      '<th rowspan="2">基本支出</th><th rowspan="2">项目支出</th><th colspan="2">2026年政府采购项目</th></tr>' +
      '<tr><th>小计</th><th>其中：预留给中小企业</th></tr>' +
      tr(['203', '国防支出', '124.14', '0.00', '124.14', '0.00', '0.00']) +
      tr(['20306', '国防动员', '124.14', '0.00', '124.14', '0.00', '0.00']) +
      tr(['2030608', '边海防', '124.14', '0.00', '124.14', '0.00', '0.00']) +
      tr(['', '合计', '124.14', '0.00', '124.14', '0.00', '0.00']) +
      '</table><p>一般公共预算支出表（按功能分类）</p><p>单位：万元</p><table border="1">' +
      tr(['科目编码', '科目名称', '合计', '基本支出', '项目支出'], 'th') +
      tr(['203', '国防支出', '124.14', '0.00', '124.14']) +
      tr(['20306', '国防动员', '124.14', '0.00', '124.14']) +
      tr(['2030608', '边海防', '124.14', '0.00', '124.14']) +
      tr(['', '合计', '124.14', '0.00', '124.14']) +
      '</table>',
  );

  it('compares its 支出总计 with the other tables, and they agree', () => {
    const { report } = auditHtml(page);
    expect(report.findings.filter((f) => f.check === 'cross-table' && f.severity !== 'info')).toEqual([]);
    expect(report.notChecked.map((n) => n.reason.zh).join('\n')).not.toContain('口径可能不同');
    expect(report.checks['cross-table']!.passed).toBeGreaterThanOrEqual(4);
  });
});

describe('two projects of the same amount one after the other', () => {
  // 增加地铁集团资本金 2,000.00 then 增加公交集团资本金 2,000.00 under their unit: siblings, not a head and its part.
  const page = doc(
    '某市国资委2026年部门预算',
    '<p>部门预算项目支出及其他支出预算表</p><p>单位：万元</p><table border="1">' +
      tr(['支出项目类别（资金使用单位）', '总计', '一般公共预算', '国有资本经营预算'], 'th') +
      tr(['合计', '12,500.00', '500.00', '12,000.00']) +
      tr(['某市人民政府国有资产监督管理委员会', '12,500.00', '500.00', '12,000.00']) +
      tr(['巡察业务工作经费', '500.00', '500.00', '0.00']) +
      tr(['增加地铁集团资本金', '2,000.00', '0.00', '2,000.00']) +
      tr(['增加公交集团资本金', '2,000.00', '0.00', '2,000.00']) +
      tr(['增加珠实集团资本金，用于康养平台', '1,000.00', '0.00', '1,000.00']) +
      tr(['增加珠实集团资本金，用于演艺平台', '1,000.00', '0.00', '1,000.00']) +
      tr(['增加轻工集团资本金', '3,000.00', '0.00', '3,000.00']) +
      tr(['增加岭南集团资本金', '3,000.00', '0.00', '3,000.00']) +
      '</table>',
  );

  it('are siblings: the unit is the sum of all its projects', () => {
    const { doc: d, report } = auditHtml(page);
    const rows = d.tables[0]!.rows;
    expect(new Set(rows.filter((r) => /资本金|经费/u.test(r.label)).map((r) => r.level)).size).toBe(1);
    expect(report.tables[0]!.status).toBe('checked');
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('project lines on several levels with nothing to mark them', () => {
  // 专项业务经费支出表: the unit, then 通用项目 > 大型活动 > 法治建设会议 …, 大宗印刷项目 > 司法业务印刷 (its only part, the
  // same figure), all in one column without numbering or indentation.
  const page = doc(
    '某市司法局2022年部门综合预算',
    '<p>表11 部门综合预算专项业务经费支出表</p><p>单位：元</p><table border="1">' +
      tr(['单位编码', '单位（项目）名称', '项目金额', '项目简介'], 'th') +
      tr(['', '合计', '1,552,300.00', '']) +
      tr(['154', '某市司法局', '1,552,300.00', '']) +
      tr(['154001', '某市司法局', '1,552,300.00', '']) +
      tr(['', '通用项目', '1,341,300.00', '']) +
      tr(['', '大型活动', '402,300.00', '']) +
      tr(['', '法治建设会议', '200,900.00', '会议']) +
      tr(['', '司法行政业务培训', '201,400.00', '培训']) +
      tr(['', '大宗印刷项目', '150,000.00', '']) +
      tr(['', '司法业务印刷', '150,000.00', '印刷']) +
      tr(['', '委托咨询业务', '789,000.00', '']) +
      tr(['', '档案整理和电子化扫描', '100,000.00', '档案']) +
      tr(['', '法律顾问', '308,000.00', '顾问']) +
      tr(['', '法治调研', '100,000.00', '调研']) +
      tr(['', '行政决策专家论证', '281,000.00', '论证']) +
      tr(['', '专用项目', '211,000.00', '']) +
      tr(['', '办案差旅', '56,000.00', '差旅']) +
      tr(['', '办案邮寄', '155,000.00', '邮寄']) +
      '</table>',
  );

  it('are read as the tree their figures make, and every sum holds', () => {
    const { doc: d, report } = auditHtml(page);
    const rows = d.tables[0]!.rows;
    const level = (label: string) => rows.find((r) => r.label === label)!.level;
    expect(level('大型活动')).toBe(level('通用项目') + 1);
    expect(level('法治建设会议')).toBe(level('大型活动') + 1);
    expect(level('司法业务印刷')).toBe(level('大宗印刷项目') + 1);
    expect(report.tables[0]!.status).toBe('checked');
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('a chain of equal lines among unmarked project lines', () => {
  // 购买服务 200,000 > 会计服务 200,000, then 维修改造 200,000 > 集中办公用房维修改造 200,000: two heads with their only
  // part each, siblings under 通用项目 — not one chain four deep.
  const page = doc(
    '某市某局2022年部门综合预算',
    '<p>表11 部门综合预算专项业务经费支出表</p><p>单位：元</p><table border="1">' +
      tr(['单位编码', '单位（项目）名称', '项目金额', '项目简介'], 'th') +
      tr(['', '合计', '1,450,000.00', '']) +
      tr(['153', '某市某局', '1,450,000.00', '']) +
      tr(['153012', '某市某局某分局', '1,450,000.00', '']) +
      tr(['', '通用项目', '1,450,000.00', '']) +
      tr(['', '办公场所租赁', '550,000.00', '']) +
      tr(['', '办公技术用房场地租赁', '550,000.00', '租赁']) +
      tr(['', '购买服务', '200,000.00', '']) +
      tr(['', '会计、审计、财务及资产管理服务', '200,000.00', '服务']) +
      tr(['', '维修改造', '200,000.00', '']) +
      tr(['', '集中办公用房维修改造', '200,000.00', '维修']) +
      tr(['', '专项购置', '500,000.00', '']) +
      tr(['', '办公设备购置', '300,000.00', '设备']) +
      tr(['', '家具购置', '200,000.00', '家具']) +
      '</table>',
  );

  it('pairs them so that 通用项目 adds up, and reports nothing', () => {
    const { doc: d, report } = auditHtml(page);
    const rows = d.tables[0]!.rows;
    const level = (label: string) => rows.find((r) => r.label === label)!.level;
    expect(level('维修改造')).toBe(level('购买服务'));
    expect(level('集中办公用房维修改造')).toBe(level('维修改造') + 1);
    expect(report.tables[0]!.status).toBe('checked');
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
