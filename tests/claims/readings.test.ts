import { describe, expect, it } from 'vitest';
import { auditHtml } from '../helpers';
import { claim, outcome, page } from './helpers';

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
      '公务用车购置及运行维护费120.00万元（公务用车购置费50.00万元，比上年增加10.00万元；公务用车运行维护费70.00万元，比上年减少2.00万元。）比上年增加8.00万元，增长7.1%；公务接待费10.00万元，比上年减少1.00万元，下降9.1%。',
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
      '3.专项转移支付项目 2,000.00 万元，主要包括：场地运行服务 1,500.00 万元，上年结转100.00 万元，用于日常运行。设备维护服务 500.00 万元，上年结转 40.00万元，用于维护。较2025 年年初预算增加 400.00 万元，增幅 25.0%。',
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
