import { describe, expect, it } from 'vitest';
import { auditHtml } from '../helpers';
import { claim, claimsWith, outcome, page } from './helpers';

/**
 * Ways real disclosures word their figures that were once misread, each class in a synthetic sentence (numbers made up,
 * the wording of the class): what the text says is checked against what it refers to, or left "not checked" with
 * the reason, and never failed against a figure of another scope.
 */

const text = (...paragraphs: string[]) => auditHtml(page(paragraphs)).report;

describe('spacing inside words', () => {
  it('reads words and units a PDF spread out character by character', () => {
    const r = text(
      '2026 年 支 出 预 算 5200.00 万 元 ， 比 2025 年 年 初 预 算 数5000.00 万元增加 200.00 万元，增长 4.00%。',
    );
    const c = claim(r, 'change', '增长 4.00%');
    expect(outcome(c)).toBe('passed');
    expect(c.derivation).toContain('上年数 5,000.00 万元（正文）');
    // "万 元" is one unit: the amount is read, and the share after it is its own, not the total's.
    const s = text(
      '一般公共预算支出800.00万元，其中：一 般 公 共 服 务 支 出 2.00 万 元 ， 占 0.25%；教育支出798.00万元，占99.75%。',
    );
    expect(outcome(claim(s, 'share', '占 0.25%'))).toBe('passed');
  });

  it('reads a number printed one character at a time', () => {
    const r = text('2 0 2 6 年本部门收入预算 1 , 2 0 0 . 0 0 万元，比上年增加200.00万元，增长20.0%。');
    const c = claim(r, 'change', '增长20.0%');
    expect(outcome(c)).toBe('passed');
    expect(c.derivation).toContain('1,200.00 − 200.00 = 1,000.00');
  });
});

describe('the figure a change is of', () => {
  it('after an aside in parentheses, the change is of the amount before the parenthesis', () => {
    const r = text(
      '公务用车购置及运行维护费120.00万元（公务用车购置费50.00万元，比上年增加10.00万元；公务用车运行维护费70.00万元，比上年减少2.00万元。）比上年增加8.00万元，增长7.1%；' +
        '公务接待费10.00万元，比上年减少1.00万元，下降9.1%。',
    );
    const c = claim(r, 'change', '增加8.00万元');
    expect(outcome(c)).toBe('passed');
    expect(c.derivation).toContain('120.00 − 8.00 = 112.00');
  });

  it('after items joined by 、, the change is of their total', () => {
    const r = text(
      '本部门当年预算收入1,000.00万元，其中：一般公共预算拨款900.00万元、上年实户资金余额40.00万元、其他收入60.00万元，较上年增加100.00万元，增长11.11%。',
    );
    const c = claim(r, 'change', '增长11.11%');
    expect(outcome(c)).toBe('passed');
    expect(c.derivation).toContain('1,000.00 − 100.00 = 900.00');
    // 上年实户资金余额 is a line of this year's income, not the year before.
    expect(claim(r, 'amount', '上年实户资金余额40.00万元').message.zh).not.toContain('上年数');
  });

  it('a change that adds up under no reading of an unclear sentence is not checked, with the reason', () => {
    const r = text(
      '收入预算500.00万元，其中：财政拨款300.00万元，其他收入200.00万元，比上年增加50.00万元，增长30.0%。',
    );
    const c = claim(r, 'change', '增长30.0%');
    expect(c.status).toBe('not-checked');
    expect(c.message.zh).toContain('合计的增减还是最后一项的增减');
  });

  it('a change in a sentence of its own may be of what the paragraph is about', () => {
    const r = text(
      '3.专项转移支付项目 2,000.00 万元，主要包括：场地运行服务 1,500.00 万元，上年结转100.00 万元，用于日常运行。设备维护服务 500.00 万元，上年结转 40.00万元，用于维护。' +
        '较2025 年年初预算增加 400.00 万元，增幅 25.0%。',
    );
    const c = claim(r, 'change', '增幅 25.0%');
    expect(outcome(c)).toBe('passed');
    expect(c.derivation).toContain('2,000.00 − 400.00 = 1,600.00');
  });
});

describe('the year before, as the sentence states it', () => {
  it.each([
    [
      '较上年的 20.00 万元增加 5.00万元，增幅 25.00%',
      '会议费预算支出 25.00 万元，较上年的 20.00 万元增加 5.00万元，增幅 25.00%。',
    ],
    [
      '比 2025 年预算收入执行数 800.00 万元增加 40.00 万元，增长 5.00%',
      '国有资本经营预算收入840.00 万元，比 2025 年预算收入执行数 800.00 万元增加 40.00 万元，增长 5.00%。',
    ],
    [
      '比上年预算（上年300万元）增加30.00万元，增长10.00%',
      '委托业务费财政拨款预算为330.00万元，比上年预算（上年300万元）增加30.00万元，增长10.00%。',
    ],
  ])('%s: the base stated in the comparison', (piece, sentence) => {
    const c = claim(text(sentence), 'change', piece);
    expect(outcome(c)).toBe('passed');
    expect(c.derivation).toMatch(/^上年数 /u);
  });

  it('a year named in passing does not make an amount the year before for sure', () => {
    const r = text(
      '2024年下达转移支付资金 600.00 万元，另有结转 2023 年下达的资金200.00 万元，合计转移支付资金 800.00 万元，较 2023年年初预算增加 300.00 万元。',
    );
    const c = claim(r, 'change', '增加 300.00 万元');
    expect(c.status).not.toBe('failed');
  });
});

describe('持平', () => {
  it('"基本与上年持平" is 基本持平: a small change is within it, a larger one a warning, never an error', () => {
    const r = text(
      '公务接待费20.00万元，比上年减少0.10万元，下降0.5%，主要原因是基本与上年持平。',
      '公务用车运行维护费30.00万元，比上年减少0.60万元，下降2.0%，主要原因是基本与上年持平。',
    );
    const [small, large] = r.claims.filter((c) => c.kind === 'flat');
    expect(small!.text).toBe('基本与上年持平');
    expect(outcome(small!)).toBe('passed');
    expect(outcome(large!)).toBe('warning');
  });
});

/** 部门支出总表 (万元): 合计 1,000.00 = 基本 900.00 + 项目 100.00, by function subject, with codes. */
const SPENDING = `<h3>部门支出总表</h3><p>单位：万元</p>
<table><thead><tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr></thead>
<tbody><tr><td></td><td>合计</td><td>1,000.00</td><td>900.00</td><td>100.00</td></tr>
<tr><td>201</td><td>一般公共服务支出</td><td>500.00</td><td>460.00</td><td>40.00</td></tr>
<tr><td>20101</td><td>人大事务</td><td>500.00</td><td>460.00</td><td>40.00</td></tr>
<tr><td>2010101</td><td>行政运行</td><td>460.00</td><td>460.00</td><td></td></tr>
<tr><td>2010102</td><td>一般行政管理事务</td><td>40.00</td><td></td><td>40.00</td></tr>
<tr><td>210</td><td>卫生健康支出</td><td>100.00</td><td>40.00</td><td>60.00</td></tr>
<tr><td>21011</td><td>行政事业单位医疗</td><td>100.00</td><td>40.00</td><td>60.00</td></tr>
<tr><td>2101101</td><td>行政单位医疗</td><td>100.00</td><td>40.00</td><td>60.00</td></tr>
<tr><td>212</td><td>城乡社区支出</td><td>400.00</td><td>400.00</td><td></td></tr>
<tr><td>21208</td><td>国有土地使用权出让收入安排的支出</td><td>400.00</td><td>400.00</td><td></td></tr>
<tr><td>2120899</td><td>其他国有土地使用权出让收入安排的支出</td><td>400.00</td><td>400.00</td><td></td></tr></tbody></table>
<h3>政府性基金预算支出表</h3><p>单位：万元</p>
<table><thead><tr><th>科目编码</th><th>科目名称</th><th>合计</th></tr></thead>
<tbody><tr><td></td><td>合计</td><td>300.00</td></tr>
<tr><td>212</td><td>城乡社区支出</td><td>300.00</td></tr>
<tr><td>21208</td><td>国有土地使用权出让收入安排的支出</td><td>300.00</td></tr>
<tr><td>2120899</td><td>其他国有土地使用权出让收入安排的支出</td><td>300.00</td></tr></tbody></table>`;

const withTables = (tables: string, ...paragraphs: string[]) => auditHtml(page(paragraphs, tables)).report;

describe('what the section, the list or the sentence restricts an amount to', () => {
  it("in a 政府性基金 section, a subject and its share are the fund's, not the whole department's", () => {
    const r = withTables(
      SPENDING,
      '（七）政府性基金预算支出情况说明',
      '2.政府性基金预算当年拨款结构情况。',
      '城乡社区（类）支出300.00万元，占100.0%。',
    );
    const a = claim(r, 'amount', '城乡社区（类）支出300.00万元');
    expect(outcome(a)).toBe('passed');
    expect(a.derivation).toContain('#1「城乡社区支出」');
    expect(outcome(claim(r, 'share', '占100.0%'))).toBe('passed');
  });

  it("a sentence that opens with a fund: its bare totals are the fund's", () => {
    const r = withTables(
      SPENDING,
      '2024年度政府性基金预算财政拨款年初结转和结余0万元，收入决算310.00万元，支出决算300.00万元。',
    );
    expect(claim(r, 'amount', '收入决算310.00万元').status).toBe('not-checked');
    expect(outcome(claim(r, 'amount', '支出决算300.00万元'))).toBe('passed');
  });

  it('a subject listed under 项目支出 is its 项目支出 column, or not checked — never failed against the whole row', () => {
    const r = withTables(
      SPENDING,
      '（二）项目支出：2024年本单位项目支出预算100.00万元，主要是专项业务费，其中：一般公共服务支出40.00万元，主要用于人大业务。',
      '（五）项目支出 100.00 万元，具体包括：',
      '1.卫生健康支出 45.00 万元，主要用于体检。',
    );
    const a = claim(r, 'amount', '一般公共服务支出40.00万元');
    expect(outcome(a)).toBe('passed');
    expect(a.derivation).toContain('项目支出');
    const b = claim(r, 'amount', '卫生健康支出 45.00 万元');
    expect(b.status).toBe('not-checked');
    expect(b.message.zh).toContain('项目支出中的这一科目');
  });

  it('the funds of a 绩效 sentence are a part: passed when equal, else not checked', () => {
    const r = withTables(
      SPENDING,
      '本单位实现了绩效目标的全覆盖。其中，项目绩效目标共2个，涉及项目预算资金38.00万元。',
      '共组织对 0个项目开展了重点绩效评价，涉及一般公共预算支出 0万元。',
    );
    for (const piece of ['项目预算资金38.00万元', '一般公共预算支出 0万元'])
      expect(claim(r, 'amount', piece).status).toBe('not-checked');
  });

  it("an item listed under one subject is that subject's, not the department's", () => {
    const r = withTables(
      SPENDING,
      '1.行政单位医疗（2101101）100.00 万元，较上年增加 10.00 万元。具体为：基本支出 40.00 万元，较上年无变化；项目支出 60.00 万元。',
    );
    expect(outcome(claim(r, 'amount', '（2101101）100.00 万元'))).toBe('passed');
    const part = claim(r, 'amount', '基本支出 40.00 万元');
    expect(part.status).toBe('not-checked');
    expect(part.message.zh).toContain('中的基本支出');
  });
});

describe('subjects printed with their codes', () => {
  it.each([
    ['行政单位医疗(2101101)100.00 万元'],
    ['2010101-行政运行 460.00 万元'],
    ['（2010102）40.00 万元'],
    ['2010101 行政运行 460.00 万元'],
    ['“卫生健康支出”科目100万元'],
    // A digit dropped from the code: read through the name among the codes of the same 类.
    ['行政单位医疗(210101)100.00 万元'],
  ])('%s', (sentence) => {
    const r = withTables(SPENDING, `${sentence}。`);
    expect(outcome(claim(r, 'amount', sentence))).toBe('passed');
  });
});

/** A 三公 table of this year beside the year before, in 万元. */
const THREE = `<h3>一般公共预算“三公”经费支出表</h3><p>单位：万元</p>
<table><thead><tr><th rowspan="3">单位</th><th colspan="5">上年</th><th colspan="5">本年</th></tr>
<tr><th rowspan="2">小计</th><th rowspan="2">因公出国（境）费</th><th colspan="2">公务用车购置及运行维护费</th><th rowspan="2">公务接待费</th>
<th rowspan="2">小计</th><th rowspan="2">因公出国（境）费</th><th colspan="2">公务用车购置及运行维护费</th><th rowspan="2">公务接待费</th></tr>
<tr><th>公务用车购置费</th><th>公务用车运行维护费</th><th>公务用车购置费</th><th>公务用车运行维护费</th></tr></thead>
<tbody><tr><td>合计</td><td>12.00</td><td>0.00</td><td>0.00</td><td>10.00</td><td>2.00</td><td>10.10</td><td>0.00</td>
<td>0.00</td><td>9.10</td><td>1.00</td></tr></tbody></table>`;

describe('the "三公" figures', () => {
  it("are this year's columns, not the year before's printed beside them", () => {
    const r = withTables(
      THREE,
      '本部门当年一般公共预算“三公”经费预算支出10.10万元，较上年减少1.90万元，下降15.83%。',
      '公务接待费1.00万元，较上年减少1.00万元，下降50.00%；公务用车运行维护费9.10万元，较上年减少0.90万元，下降9.00%。',
    );
    for (const piece of ['经费预算支出10.10万元', '公务接待费1.00万元', '公务用车运行维护费9.10万元'])
      expect(outcome(claim(r, 'amount', piece))).toBe('passed');
  });

  it('a sentence about something else that names a 三公 item is not that item', () => {
    const r = withTables(
      THREE,
      '“三公”经费10.10万元，主要原因是将用于支付因公出国（境）工作的国内服务费3.20万元调整为因公出国（境）经费。',
      '公务用车购置和运行维护费预算 9.1 万元。',
    );
    expect(claim(r, 'amount', '国内服务费3.20万元').status).toBe('not-checked');
    // 购置和运行维护费 is the car total, not its 购置费 (0.00 in the table).
    expect(claim(r, 'amount', '公务用车购置和运行维护费预算 9.1 万元').status).not.toBe('failed');
  });

  it("机关运行经费's 公务接待费 is its part, not the 三公 figure", () => {
    const r = withTables(THREE, '机关运行经费预算总计82万元，其中：办公经费41.47万元，公务接待费2万元。');
    expect(claim(r, 'amount', '公务接待费2万元').status).toBe('not-checked');
  });
});

describe('shares', () => {
  const BY_USE = `<h3>部门支出总表</h3><p>单位：万元</p>
<table><thead><tr><th>科目</th><th>合计</th><th>人员支出</th><th>日常公用支出</th><th>项目支出</th></tr></thead>
<tbody><tr><td>合计</td><td>404.42</td><td>250.11</td><td>47.79</td><td>106.52</td></tr>
<tr><td>公共安全支出</td><td>404.42</td><td>250.11</td><td>47.79</td><td>106.52</td></tr></tbody></table>`;

  it('one share nudged by one in its last digit so that a list adds up to 100% is a warning, not an error', () => {
    // 250.11 ÷ 404.42 = 61.84% → 61.8%, printed 61.9% so that 61.9 + 11.8 + 26.3 = 100.0.
    const r = withTables(
      BY_USE,
      '按支出用途分类，包括人员支出 250.11 万元，占 61.9%；日常公用支出 47.79 万元，占 11.8%；项目支出106.52万元，占26.3%。',
    );
    const c = claim(r, 'share', '占 61.9%');
    expect(c.status).toBe('warning');
    expect(c.tags).toContain('tail-adjustment');
  });

  it("a whole named without its scope may be any scope's total", () => {
    // 部门支出总额: all funds 1,000.00 (the 部门支出总表), 一般公共预算 300.00 — the sentence's 30% is of the latter.
    const gpb = `<h3>一般公共预算支出表</h3><p>单位：万元</p>
<table><thead><tr><th>科目编码</th><th>科目名称</th><th>合计</th></tr></thead>
<tbody><tr><td></td><td>合计</td><td>500.00</td></tr><tr><td>201</td><td>一般公共服务支出</td><td>500.00</td></tr></tbody>
</table>`;
    const r = withTables(
      SPENDING + gpb,
      '主要是一般行政管理事务，2024 年预算数为 150.00 万元，占部门支出总额的30.00%。',
    );
    expect(outcome(claim(r, 'share', '占部门支出总额的30.00%'))).toBe('passed');
  });
});

describe('rates printed as whole percents with zeros added', () => {
  it('"下降 5.0%" for 5.11% is a warning about the printed precision', () => {
    const r = text('2026 年收入预算 6000.00 万元，比上年执行数减少 323.00 万元，下降 5.0%。');
    const c = claim(r, 'change', '下降 5.0%');
    expect(c.status).toBe('warning');
    expect(c.message.zh).toContain('补零');
  });
});

describe('compositions', () => {
  it("are compared with a table only when it states the same total (another scope's parts are another whole's)", () => {
    const r = withTables(
      `<h3>部门支出总表</h3><p>单位：万元</p>
<table><thead><tr><th>科目</th><th>合计</th><th colspan="3">基本支出</th><th>项目支出</th></tr>
<tr><th></th><th></th><th>小计</th><th>人员经费</th><th>公用经费</th><th></th></tr></thead>
<tbody><tr><td>合计</td><td>420.00</td><td>320.00</td><td>280.00</td><td>40.00</td><td>100.00</td></tr>
<tr><td>公共安全支出</td><td>420.00</td><td>320.00</td><td>280.00</td><td>40.00</td><td>100.00</td></tr></tbody></table>`,
      '2026 年一般公共预算基本支出 300.00 万元，其中：人员经费 265.00 万元，公用经费 35.00 万元。',
    );
    const c = r.claims.find((x) => x.kind === 'composition')!;
    expect(c.status).toBe('passed');
    expect(c.derivation).not.toContain('280.00');
  });
});

describe('the base or the change', () => {
  it('"比上年 A 万元，增加 r%" reads A as the change when that adds up', () => {
    const r = text('2026年本单位机关运行经费安排200.00万元，比上年4.00万元，增加2.04%。');
    expect(outcome(claim(r, 'change', '增加2.04%'))).toBe('passed');
  });
});

describe('an empty table cell beside a stated amount', () => {
  it('is not taken for a 0', () => {
    const r = withTables(
      SPENDING.replace(
        '<td>2101101</td><td>行政单位医疗</td><td>100.00</td>',
        '<td>2101101</td><td>行政单位医疗</td><td></td>',
      ),
      '行政单位医疗（2101101）100.00 万元。',
    );
    const c = claim(r, 'amount', '（2101101）100.00 万元');
    expect(c.status).toBe('not-checked');
    expect(c.message.zh).toContain('这一格为空');
  });
});

describe('the same subject in tables of several scopes', () => {
  it('is compared with the nearest figure: one off by one in the last digit is a warning, not an error', () => {
    const gpb = `<h3>一般公共预算支出表</h3><p>单位：万元</p>
<table><thead><tr><th>科目编码</th><th>科目名称</th><th>合计</th></tr></thead>
<tbody><tr><td></td><td>合计</td><td>460.61</td></tr><tr><td>201</td><td>一般公共服务支出</td><td>460.61</td></tr></tbody>
</table>`;
    // All funds 500.00, 一般公共预算 460.61 → 461: the text's 460 is the latter, nudged (尾差调整).
    const r = withTables(
      SPENDING + gpb,
      '财政拨款支出主要内容如下：',
      '1. “一般公共服务支出”科目460万元，主要用于办公运行。',
    );
    const c = claim(r, 'amount', '科目460万元');
    expect(c.status).toBe('warning');
    expect(c.derivation).toContain('460.61');
  });
});

describe('more of what the text states, checked', () => {
  it('a 项 the classification does not list is found by its name under its 款', () => {
    const r = withTables(
      SPENDING.replace(
        '<tr><td>2101101</td><td>行政单位医疗</td>',
        '<tr><td>2101199</td><td>其他新设的医疗保障项目</td>',
      ),
      '卫生健康支出（类）行政事业单位医疗（款）其他新设的医疗保障项目（项）100.00 万元。',
    );
    expect(outcome(claim(r, 'amount', '其他新设的医疗保障项目（项）100.00 万元'))).toBe('passed');
  });

  it("a source of income or a kind of spending is the 收入总表's or 支出总表's column", () => {
    const income = `<h3>收入总表</h3><p>单位：万元</p>
<table><thead><tr><th rowspan="2">单位名称</th><th rowspan="2">合计</th><th colspan="3">本年收入</th><th colspan="2">上年结转结余</th>
</tr>
<tr><th>一般公共预算</th><th>财政专户管理资金</th><th>其他收入</th><th>一般公共预算</th><th>单位资金</th></tr></thead>
<tbody><tr><td>合计</td><td>1,000.00</td><td>800.00</td><td>50.00</td><td>100.00</td><td>50.00</td><td>0.00</td></tr>
</tbody></table>`;
    const r = withTables(
      income,
      '本年财政专户管理资金50万元，占5.00%；本年其他收入100万元，占10.00%；上年结转结余的单位资金0万元，占0%。',
    );
    for (const piece of ['本年财政专户管理资金50万元', '本年其他收入100万元', '上年结转结余的单位资金0万元'])
      expect(outcome(claim(r, 'amount', piece))).toBe('passed');
    expect(outcome(claim(r, 'share', '占10.00%'))).toBe('passed');
  });

  it('"收、支总预算" is one word', () => {
    const r = withTables(SPENDING, '某局2024年度收、支总预算1,000.00万元。');
    expect(claim(r, 'amount', '1,000.00万元').subject).toBe('收支总预算');
  });

  it("a 决算's 年初预算 and a change's stated base pass when the sentence's own rate confirms them", () => {
    const r = auditHtml(
      `<!doctype html><html><head><meta charset="utf-8"><title>某局2024年部门决算</title></head><body><h1>某局2024年部门决算</h1>
<p>1.一般公共服务（类）人大事务（款）行政运行（项）。年初预算为 400.00 万元，支出决算为 460.00 万元，完成年初预算的 115.00%。</p>
<p>上年预算执行数为 440.00 万元，本年决算 460.00 万元，比上年预算执行数增加 4.55%。</p>${SPENDING.replace(/部门支出总表/u, '支出决算表')}</body></html>`,
    ).report;
    const budget = claim(r, 'amount', '年初预算为 400.00 万元');
    expect(outcome(budget)).toBe('passed');
    expect(budget.message.zh).toContain('完成率');
    expect(outcome(claim(r, 'amount', '上年预算执行数为 440.00 万元'))).toBe('passed');
  });

  it('a line cut inside a word is joined to the next', () => {
    const r = auditHtml(
      page([], SPENDING).replace(
        '<h1>',
        '<p>2024 年度财政拨款支出 1,000.00 万元，主要用于以下方面：一般公共服务（类）支出 500.00 万元，占 50.00%；卫</p><p>生健康（类）支出 100.00 万元，' +
          '占 10.00%。</p><h1>',
      ),
    ).report;
    expect(outcome(claim(r, 'amount', '卫生健康（类）支出 100.00 万元'))).toBe('passed');
  });
});

describe('lines read by their names', () => {
  it('a name that is no fixed line of the summary tables is not failed against a line of that name', () => {
    const summary = `<h3>收支总表</h3><p>单位：万元</p>
<table><thead><tr><th>项目</th><th>预算数</th><th>项目</th><th>预算数</th></tr></thead>
<tbody><tr><td>一、一般公共预算拨款收入</td><td>100.00</td><td>一、基本支出</td><td>60.00</td></tr>
<tr><td></td><td></td><td>二、专项业务经费支出</td><td>40.00</td></tr>
<tr><td>本年收入合计</td><td>100.00</td><td>本年支出合计</td><td>100.00</td></tr>
<tr><td>上年结转</td><td>5.00</td><td></td><td></td></tr></tbody></table>`;
    const r = withTables(summary, '专项业务经费支出 38.00万元，上年结转 6.00 万元。');
    expect(claim(r, 'amount', '专项业务经费支出 38.00万元').status).toBe('not-checked');
    // 上年结转 is the summary table's own line: a difference is an error.
    expect(claim(r, 'amount', '上年结转 6.00 万元').status).toBe('failed');
  });

  it('a list whose items end with "；" runs over the paragraphs that hold them', () => {
    const r = withTables(
      SPENDING,
      '（二）项目支出 100.00 万元，其中：',
      '一般公共服务支出 41.00 万元，主要用于人大业务；',
      '卫生健康支出 59.00 万元，主要用于体检。',
    );
    for (const piece of ['一般公共服务支出 41.00 万元', '卫生健康支出 59.00 万元'])
      expect(claim(r, 'amount', piece).status).toBe('not-checked');
  });

  it('"年初预算数" with no words of its own is the paragraph\'s', () => {
    const r = withTables(
      SPENDING,
      '（二）支出预算：2024 年年初预算数1,000.00 万元，其中：一般公共服务支出500.00万元。',
    );
    expect(outcome(claim(r, 'amount', '年初预算数1,000.00 万元'))).toBe('passed');
  });
});

describe('政府采购', () => {
  const PROCUREMENT = `<h3>2024年政府采购预算明细表</h3><p>单位：万元</p>
<table><thead><tr><th>项目</th><th>总计</th><th>一般公共预算拨款收入</th><th>事业收入</th></tr></thead>
<tbody><tr><td>合计</td><td>200.00</td><td>150.00</td><td>50.00</td></tr>
<tr><td>货物</td><td>80.00</td><td>30.00</td><td>50.00</td></tr>
<tr><td>工程</td><td>20.00</td><td>20.00</td><td></td></tr>
<tr><td>服务</td><td>100.00</td><td>100.00</td><td></td></tr></tbody></table>`;

  it('its total and its 货物 / 工程 / 服务 against the 政府采购 table, each fund in its column', () => {
    const r = withTables(
      PROCUREMENT,
      '政府采购预算总额200.00万元：政府采购货物预算80.00万元、政府采购工程预算20.00万元、政府采购服务预算100.00万元；其中一般公共预算拨款政府采购150.00万元：政府采购货物预算30.00万元、' +
        '政府采购工程预算20.00万元、政府采购服务预算100.00万元。',
    );
    for (const piece of [
      '政府采购预算总额200.00万元',
      '政府采购货物预算80.00万元',
      '拨款政府采购150.00万元',
      '政府采购货物预算30.00万元',
    ])
      expect(outcome(claim(r, 'amount', piece))).toBe('passed');
  });

  it('without a 政府采购 table, not checked with the reason', () => {
    const c = claim(text('2024年本部门政府采购预算34万元。'), 'amount', '政府采购预算34万元');
    expect(c.status).toBe('not-checked');
  });
});

describe('a table of one unit', () => {
  it("stands for the total with that unit's line when it prints no 合计", () => {
    const unit = `<h3>支出总表</h3><p>单位：万元</p>
<table><thead><tr><th>预算单位</th><th>科目名称</th><th>支出总计</th><th>基本支出</th><th>项目支出</th></tr></thead>
<tbody><tr><td>某局（本级）</td><td></td><td>500.00</td><td>380.00</td><td>120.00</td></tr>
<tr><td></td><td>一般公共服务支出</td><td>500.00</td><td>380.00</td><td>120.00</td></tr></tbody></table>`;
    const r = withTables(unit, '某局（本级）预算 500.00 万元，包括基本支出380.00万元、项目支出120.00万元。');
    expect(outcome(claim(r, 'amount', '项目支出120.00万元'))).toBe('passed');
  });
});

describe("another organisation's figure", () => {
  it("a unit's 部门预算收入 in its department's document is not the tables' total", () => {
    const r = auditHtml(
      `<!doctype html><html><head><meta charset="utf-8"><title>杭州市信访局2024年部门预算</title></head>
<body><h1>杭州市信访局2024年部门预算</h1>
<p>杭州市信访局2024年部门预算收入1,000.00万元。</p><p>杭州市信访局西湖分局部门预算收入120.00 万元。</p>
<h3>收支总表</h3><p>单位：万元</p><table><tr><th>项目</th><th>预算数</th><th>项目</th><th>预算数</th></tr>
<tr><td>一般公共预算拨款收入</td><td>1000.00</td><td>一般公共服务支出</td><td>1000.00</td></tr>
<tr><td>本年收入合计</td><td>1000.00</td><td>本年支出合计</td><td>1000.00</td></tr></table></body></html>`,
    ).report;
    expect(claim(r, 'amount', '西湖分局部门预算收入120.00 万元').status).toBe('not-checked');
  });
});

describe('a fund named as the part of one project', () => {
  it("a project's 一般公共预算 share is not failed against the department's 一般公共预算收入", () => {
    const r = withTables(
      `<h3>收支总表</h3><p>单位：万元</p><table><tr><th>项目</th><th>预算数</th><th>项目</th><th>预算数</th></tr>
<tr><td>一般公共预算收入</td><td>900.00</td><td>一般公共服务支出</td><td>1000.00</td></tr>
<tr><td>政府性基金预算收入</td><td>100.00</td><td></td><td></td></tr>
<tr><td>本年收入合计</td><td>1000.00</td><td>本年支出合计</td><td>1000.00</td></tr></table>`,
      '（五）项目支出 170.00 万元，具体包括：',
      '1.污水处理服务费 110.00 万元，主要用于运营费用。2026 年污水处理费预算总额 150.00 万元，分别从一般公共预算（财政补贴）与政府性基金中列支，其中：一般公共预算 110.00 万元。',
      '本年收入合计 1000.00 万元，其中：一般公共预算收入 900.00 万元。',
    );
    const part = claim(r, 'amount', '一般公共预算 110.00 万元');
    expect(part.status).toBe('not-checked');
    expect(part.message.zh).toContain('是「污水处理费预算总额」中的一般公共预算');
    // Under the department's own total, the same words are the department's line.
    expect(outcome(claim(r, 'amount', '一般公共预算收入 900.00 万元'))).toBe('passed');
  });
});

describe('持平 after the reason for a change', () => {
  it('concludes the explanation, not the stated change: not checked, never failed', () => {
    const r = text(
      '2026年“三公”经费预算支出80.00万元，较上年增加70.00万元，主要原因是上年公车运行维护费另行下达，经比对，与上年持平。',
      '本部门机关运行经费预算安排900.00万元，较上年增加150.00万元，主要原因是上年预算下达时有压减，与上年基本持平。',
      '培训费预算支出190.00万元，较上年增加0.10万元，与上年基本持平。',
    );
    for (const c of claimsWith(r, 'flat').slice(0, 2)) {
      expect(c.status).toBe('not-checked');
      expect(c.message.zh).toContain('原因');
    }
    // Right after the change, it is the change's.
    expect(outcome(claimsWith(r, 'flat')[2]!)).toBe('passed');
  });
});

describe("a figure the table's own sums dispute", () => {
  it('does not fail the text: the table, not the text, may be the one in error', () => {
    const r = withTables(
      `<h3>财政拨款收支总表</h3><p>单位：万元</p><table><tr><th>收入项目</th><th>预算数</th><th>支出项目</th><th>预算数</th></tr>
<tr><td>一、财政拨款</td><td>38.00</td><td>一般公共服务支出</td><td>40.00</td></tr>
<tr><td>一般公共预算</td><td>38.00</td><td>城乡社区支出</td><td>24.00</td></tr>
<tr><td>收入总计</td><td>38.00</td><td>支出总计</td><td>38.00</td></tr></table>`,
      '某局2024年财政拨款收支总预算64.00万元。',
    );
    const c = claim(r, 'amount', '财政拨款收支总预算64.00万元');
    expect(c.status).toBe('not-checked');
    expect(c.message.zh).toContain('加总关系本身不成立');
    expect(r.findings.filter((f) => f.check === 'narrative')).toEqual([]);
  });
});

describe('会议费 and 培训费 beside the “三公” figures', () => {
  const THREE = `<h3>一般公共预算“三公”经费、会议费、培训费支出预算表</h3><p>单位：万元</p>
<table><tr><th rowspan="2">合计</th><th rowspan="2">因公出国（境）费</th><th rowspan="2">公务接待费</th>
<th colspan="3">公务用车购置及运行维护费</th><th rowspan="2">会议费</th><th rowspan="2">培训费</th></tr>
<tr><th>小计</th><th>公务用车购置费</th><th>公务用车运行维护费</th></tr>
<tr><td>30.00</td><td>0.00</td><td>5.00</td><td>10.00</td><td>0.00</td><td>10.00</td><td>3.00</td><td>12.00</td></tr>
</table>`;
  it("the 一般公共预算's are the table's columns; an economic list's may be the 基本支出 part only", () => {
    const r = withTables(
      THREE,
      '某局2024年度一般公共预算拨款安排的会议费预算支出 3.00 万元，一般公共预算拨款安排的培训费预算支出 13.00 万元。',
      '（三）基本支出：商品和服务支出中，办公费 2.00 万元，培训费 4.00 万元。',
    );
    expect(outcome(claim(r, 'amount', '会议费预算支出 3.00 万元'))).toBe('passed');
    expect(outcome(claim(r, 'amount', '培训费预算支出 13.00 万元'))).toBe('failed');
    const part = claim(r, 'amount', '培训费 4.00 万元');
    expect(part.status).toBe('not-checked');
    expect(part.message.zh).toContain('基本支出');
  });
});

describe('人员经费 and 公用经费 of a 基本支出 table in two panels', () => {
  it("are the panels' own totals (人员经费合计 | 公用经费合计)", () => {
    const r = withTables(
      `<h3>一般公共预算财政拨款基本支出决算表</h3><p>单位：万元</p>
<table><tr><th colspan="3">人员经费</th><th colspan="3">公用经费</th></tr>
<tr><th>科目代码</th><th>科目名称</th><th>决算数</th><th>科目代码</th><th>科目名称</th><th>决算数</th></tr>
<tr><td>301</td><td>工资福利支出</td><td>70.00</td><td>302</td><td>商品和服务支出</td><td>25.00</td></tr>
<tr><td>303</td><td>对个人和家庭的补助</td><td>5.00</td><td>310</td><td>资本性支出</td><td>0.00</td></tr>
<tr><td></td><td>人员经费合计</td><td>75.00</td><td></td><td>公用经费合计</td><td>25.00</td></tr></table>`,
      '某局2024年度一般公共预算财政拨款基本支出100.00万元，其中：人员经费75.00万元，公用经费24.00万元。',
    );
    expect(outcome(claim(r, 'amount', '人员经费75.00万元'))).toBe('passed');
    expect(outcome(claim(r, 'amount', '公用经费24.00万元'))).toBe('failed');
  });
});

describe("基本支出 and 项目支出 under this year's heading", () => {
  it('are read beside the carry-over columns (当年预算 / 基本支出 | 上年结转结余 / 基本支出)', () => {
    const r = withTables(
      `<h3>支出总表</h3><p>单位：万元</p><table>
<tr><th rowspan="2">科目编码</th><th rowspan="2">科目名称</th><th rowspan="2">合计</th><th colspan="3">当年预算</th>
<th colspan="3">上年结转结余</th></tr>
<tr><th>小计</th><th>基本支出</th><th>项目支出</th><th>小计</th><th>基本支出</th><th>项目支出</th></tr>
<tr><td></td><td>总计</td><td>120.00</td><td>100.00</td><td>70.00</td><td>30.00</td><td>20.00</td><td>0.00</td>
<td>20.00</td></tr>
<tr><td>201</td><td>一般公共服务支出</td><td>120.00</td><td>100.00</td><td>70.00</td><td>30.00</td><td>20.00</td><td>0.00</td>
<td>20.00</td></tr></table>`,
      '2024年预算支出120.00万元，其中基本支出合计为70.00万元，项目支出预算30.00万元。',
    );
    expect(outcome(claim(r, 'amount', '基本支出合计为70.00万元'))).toBe('passed');
    expect(outcome(claim(r, 'amount', '项目支出预算30.00万元'))).toBe('passed');
    const outturn = withTables(
      `<h3>一般公共预算财政拨款支出决算表</h3><p>单位：万元</p><table>
<tr><th rowspan="2">科目编码</th><th rowspan="2">科目名称</th><th colspan="3">本年支出</th></tr>
<tr><th>小计</th><th>基本支出</th><th>项目支出</th></tr>
<tr><td></td><td>合计</td><td>100.00</td><td>70.00</td><td>30.00</td></tr>
<tr><td>201</td><td>一般公共服务支出</td><td>100.00</td><td>70.00</td><td>30.00</td></tr></table>`,
      '某局2024年度财政拨款基本支出70.00万元。',
    );
    expect(outcome(claim(outturn, 'amount', '财政拨款基本支出70.00万元'))).toBe('passed');
  });
});

describe('the 决算 总表s’ 一般公共预算财政拨款 line', () => {
  it("is this year's 一般公共预算 income, not the carry-over's line of the same name", () => {
    const r = withTables(
      `<h3>财政拨款收入支出决算总表</h3><p>单位：万元</p><table>
<tr><th colspan="2">收入</th><th colspan="2">支出</th></tr><tr><th>项目</th><th>金额</th><th>项目</th><th>合计</th></tr>
<tr><td>一、一般公共预算财政拨款</td><td>90.00</td><td>一、一般公共服务支出</td><td>95.00</td></tr>
<tr><td>二、政府性基金预算财政拨款</td><td></td><td></td><td></td></tr>
<tr><td>本年收入合计</td><td>90.00</td><td>本年支出合计</td><td>95.00</td></tr>
<tr><td>年初财政拨款结转和结余</td><td>10.00</td><td>年末财政拨款结转和结余</td><td>5.00</td></tr>
<tr><td>一般公共预算财政拨款</td><td>10.00</td><td></td><td></td></tr>
<tr><td>总计</td><td>100.00</td><td>总计</td><td>100.00</td></tr></table>`,
      '1.一般公共预算财政拨款收入 90.00 万元，为当年从本级财政取得的资金。',
      '一般公共预算财政拨款收入 10.00 万元，比上年增加1.00万元。',
    );
    expect(outcome(claim(r, 'amount', '一般公共预算财政拨款收入 90.00 万元'))).toBe('passed');
    expect(outcome(claim(r, 'amount', '一般公共预算财政拨款收入 10.00 万元'))).toBe('failed');
  });
});

describe('words that open a list, and a fund in a list of income', () => {
  it('"按功能分类支出划分为" is no part of the subject', () => {
    const r = withTables(
      SPENDING,
      '某局2024年度支出合计1,000.00万元，按功能分类支出划分为一般公共服务支出 500.00 万元。',
    );
    expect(outcome(claim(r, 'amount', '一般公共服务支出 500.00 万元'))).toBe('passed');
  });

  it("a fund's income is its spending total only when the two agree", () => {
    const r = withTables(
      SPENDING,
      '2024 年收入预算 1,000.00 万元，其中：一般公共预算拨款 700.00 万元，政府性基金预算拨款 300.00 万元。',
      '2024 年收入预算 1,000.00 万元，其中：一般公共预算拨款 690.00 万元，政府性基金预算拨款 310.00 万元。',
    );
    expect(outcome(claim(r, 'amount', '政府性基金预算拨款 300.00 万元'))).toBe('passed');
    const other = claim(r, 'amount', '政府性基金预算拨款 310.00 万元');
    expect(other.status).toBe('not-checked');
    expect(other.message.zh).toContain('结转');
  });
});

describe("the department's short name", () => {
  it('"省检察院" in 江苏省人民检察院\'s document is the department; "市公安局龙华分局" in another is not', () => {
    const html = (title: string, sentence: string) =>
      auditHtml(
        `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>
<p>${sentence}</p>
<h3>收支总表</h3><p>单位：万元</p><table><tr><th>项目</th><th>预算数</th><th>项目</th><th>预算数</th></tr>
<tr><td>一般公共预算拨款收入</td><td>1000.00</td><td>一般公共服务支出</td><td>1000.00</td></tr>
<tr><td>本年收入合计</td><td>1000.00</td><td>本年支出合计</td><td>1000.00</td></tr></table></body></html>`,
      ).report;
    const own = html('江苏省人民检察院2017年部门预算', '省检察院本年收入预算合计 1000.00 万元。');
    expect(outcome(claim(own, 'amount', '本年收入预算合计 1000.00 万元'))).toBe('passed');
    const other = html('深圳市公安局2017年部门预算', '深圳市公安局龙华分局本年收入预算合计 120.00 万元。');
    expect(claim(other, 'amount', '本年收入预算合计 120.00 万元').status).toBe('not-checked');
  });
});

describe('a subject path heading its paragraph (决算 说明 by 项)', () => {
  it('alone on its line, cut inside a name, or in its older name, it is the subject of the 决算 after it', () => {
    const SOCIAL = `<h3>一般公共预算财政拨款支出决算表</h3><p>单位：万元</p>
<table><thead><tr><th>科目编码</th><th>科目名称</th><th>合计</th></tr></thead>
<tbody><tr><td></td><td>合计</td><td>300.00</td></tr>
<tr><td>208</td><td>社会保障和就业支出</td><td>300.00</td></tr>
<tr><td>20805</td><td>行政事业单位养老支出</td><td>300.00</td></tr>
<tr><td>2080501</td><td>行政单位离退休</td><td>100.00</td></tr>
<tr><td>2080503</td><td>离退休人员管理机构</td><td>200.00</td></tr></tbody></table>`;
    const r = auditHtml(
      `<!doctype html><html><head><meta charset="utf-8"><title>某局2024年度部门决算</title></head><body>
<h1>某局2024年度部门决算</h1>
<p>1.社会保障和就业（类）行政事业单位离退休（款）归口管理的行政单位离退休（项）。</p>
<p>年初预算为 100.00 万元，支出决算为 100.00 万元，完成年初预算的 100.00%。</p>
<p>2.社会保障和就业（类）行政事业单位离退休（款）离退休</p>
<p>人员管理机构（项）。年初预算为 200.00 万元，支出决算为 200.00 万元，完成年初预算的 100.00%。</p>
${SOCIAL}</body></html>`,
    ).report;
    const [a, b] = claimsWith(r, 'amount', '支出决算为');
    expect(outcome(a!)).toBe('passed');
    expect(a!.derivation).toContain('行政单位离退休');
    expect(outcome(b!)).toBe('passed');
    expect(b!.derivation).toContain('离退休人员管理机构');
  });
});

describe('a 政府采购支出预算表 by class', () => {
  it('"拟购买货物 / 工程 / 服务" are its class lines; a class it does not list is 0', () => {
    const r = withTables(
      `<h3>十二、政府采购支出预算表</h3><p>单位：万元</p><table>
<tr><th>采购品目大类</th><th>采购物品名称</th><th>采购组织形式</th><th>总计</th></tr>
<tr><td>合计</td><td></td><td></td><td>300.00</td></tr>
<tr><td>一、货物 A</td><td></td><td></td><td>100.00</td></tr>
<tr><td></td><td>台式计算机</td><td>政府集中采购</td><td>100.00</td></tr>
<tr><td>三、服务 C</td><td></td><td></td><td>200.00</td></tr>
<tr><td></td><td>物业管理</td><td>分散采购</td><td>200.00</td></tr></table>`,
      '2024 年我部门政府采购预算总金额为 300.00 万元。其中拟购买货物 100.00 万元；拟购买工程 0 万元；拟购买服务 210.00 万元。',
    );
    expect(outcome(claim(r, 'amount', '拟购买货物 100.00 万元'))).toBe('passed');
    expect(outcome(claim(r, 'amount', '拟购买工程 0 万元'))).toBe('passed');
    expect(outcome(claim(r, 'amount', '拟购买服务 210.00 万元'))).toBe('failed');
  });
});

describe('其中 after a period', () => {
  it('lists the total the sentence before named, not the summary line it ended with', () => {
    const r = withTables(
      `<h3>收支总表</h3><p>单位：万元</p><table><tr><th>项目</th><th>预算数</th><th>项目</th><th>预算数</th></tr>
<tr><td>一、一般公共预算拨款收入</td><td>900.00</td><td>一般公共服务支出</td><td>1000.00</td></tr>
<tr><td>本年收入合计</td><td>900.00</td><td>本年支出合计</td><td>1000.00</td></tr>
<tr><td>上年结转结余</td><td>100.00</td><td></td><td></td></tr>
<tr><td>收入总计</td><td>1000.00</td><td>支出总计</td><td>1000.00</td></tr></table>`,
      '2026 年收入预算为 1000.00 万元，比上年增加 150.00 万元，增长 17.65%，主要原因是一般公共预算拨款收入增加 50.00 万元，上年结转结余 100.00 万元。其中：' +
        '一般公共预算拨款收入 900.00 万元、上年结转结余 100.00 万元。',
    );
    expect(outcome(claim(r, 'amount', '一般公共预算拨款收入 900.00 万元'))).toBe('passed');
  });
});
