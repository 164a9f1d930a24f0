import { describe, expect, it } from 'vitest';
import { auditFixture, key } from '../helpers';
import { claim, claimsWith, countsByOutcome, outcome, STYLES } from './helpers';

/**
 * The claims of the four seed documents' own prose, as printed (tests/fixtures/pages, made from ../shared/seeds).
 * All three markup styles of a seed give the same claims with the same outcomes.
 */

/** A claim as the reader sees it; table numbers (#2) left out, since the CMS page has a layout table first. */
const signature = (r: ReturnType<typeof auditFixture>['report']) =>
  r.claims.map(
    (c) =>
      `${c.kind}|${c.text}|${outcome(c)}|${c.stated}|${c.expected}|` +
      `${c.derivation.replace(/#\d+/gu, '#')}|${c.cells.length}`,
  );

describe.each(STYLES)('seed 000 杭州市信访局 2024 (%s markup)', (style) => {
  const { report } = auditFixture(`pages/hangzhou-2024.${style}.html`);

  it('finds 82 claims: 70 pass, the 9.1% is wrong, the 100% from zero is a warning, 10 cannot be checked', () => {
    expect(countsByOutcome(report)).toEqual({ passed: 70, failed: 1, warning: 1, 'not-checked': 10 });
    const kinds = new Set(report.claims.map((c) => c.kind));
    expect(kinds).toEqual(new Set(['amount', 'share', 'change', 'flat', 'composition']));
  });

  it('比上年执行数增加 337.27 万元，增长 4.3%: passes, three times, with the derivation', () => {
    const changes = claimsWith(report, 'change', '增加 337.27 万元，增长 4.3%');
    expect(changes).toHaveLength(3);
    for (const c of changes) {
      expect(c.status).toBe('passed');
      expect(c.severity).toBeNull();
      expect(c.derivation).toBe('8,149.47 − 337.27 = 7,812.20；337.27 ÷ 7,812.20 = 4.32% → 4.3%');
    }
    expect(report.impliedPrior.filter((p) => p.value === '7,812.20' && p.basis === '上年执行数')).toHaveLength(3);
  });

  it('增加 4,890.85 万元，增长 100%: the prior is zero, a rate from zero is a warning', () => {
    const c = claim(report, 'change', '4,890.85万元,增长100%');
    expect(c.status).toBe('warning');
    expect(c.severity).toBe('warning');
    expect(c.derivation).toContain('4,890.85 − 4,890.85 = 0.00');
    expect(c.message.zh).toContain('从零增长');
  });

  it("增加 3.61 万元，增长 9.1% is the seed's own slip: 3.61 ÷ 39.96 = 9.03%, not 9.1% (an error)", () => {
    const c = claim(report, 'change', '3.61万元,增长9.1%');
    expect(c.status).toBe('failed');
    expect(c.severity).toBe('error');
    expect(c.stated).toBe('增长 9.1%');
    expect(c.expected).toBe('9.0%');
    expect(c.derivation).toBe('43.57 − 3.61 = 39.96；3.61 ÷ 39.96 = 9.03% → 9.0%');
  });

  it('the narrative check reports exactly those two as findings', () => {
    const narrative = report.findings.filter((f) => f.check === 'narrative');
    expect(narrative.map((f) => f.severity).sort()).toEqual(['error', 'warning']);
    expect(report.findings.filter((f) => f.check !== 'narrative')).toEqual([]);
    expect(report.checks['narrative']!.passed).toBe(70);
  });

  it('amounts agree with their table figures, named by subject and by 类/款/项 path', () => {
    const gps = claimsWith(report, 'amount', '一般公共服务支出 7,637.45 万元');
    expect(gps.length).toBe(2);
    for (const c of gps) {
      expect(c.status).toBe('passed');
      expect(c.cells.length).toBeGreaterThan(0);
    }
    const item = claim(report, 'amount', '行政运行（项）预算为 1,797.02 万元');
    expect(item.status).toBe('passed');
    expect(item.subject).toContain('行政运行');
    // 支出总表 and 一般公共预算支出表, row 行政运行, column 合计.
    if (style === 'clean') expect(item.cells.map(key)).toEqual(['2:5:1', '4:5:1']);
    expect(item.cells).toHaveLength(2);
    expect(claim(report, 'amount', '其他信访事务支出(项)预算为4,890.85万元').status).toBe('passed');
    expect(claim(report, 'amount', '“三公”经费预算数为 11.50 万元').status).toBe('passed');
    expect(claim(report, 'amount', '年终结转结余 0 万元').status).toBe('passed');
  });

  it('shares are recomputed against the table total: 占 33.6%, 占 93.7%, 占 100%', () => {
    const s = claim(report, 'share', '人员支出 2,735.16 万元，占 33.6%');
    expect(s.status).toBe('passed');
    expect(s.derivation).toBe(
      `2,735.16 ÷ 8,149.47 = 33.56% → 33.6%（分母：表中总额 #${style === 'cms' ? 3 : 2}「支出合计」）`,
    );
    expect(claim(report, 'share', '占 93.7%').status).toBe('passed');
    const all = claim(report, 'share', '占 100%');
    expect(all.derivation).toContain('本句总额「收入预算」');
  });

  it('与上年执行数基本持平 after 下降 0.8% passes (≤ 1%); 持平 without figures is not checked', () => {
    const flat = claim(report, 'flat', '与上年执行数基本持平');
    expect(flat.status).toBe('passed');
    expect(flat.derivation).toBe('下降 0.8%；≤ 1%');
    const plain = report.claims.filter((c) => c.kind === 'flat' && c.status === 'not-checked');
    expect(plain).toHaveLength(5);
    for (const c of plain) expect(c.message.zh).toMatch(/^未核对：/u);
  });

  it('compositions: 三公 = 出国 + 接待 + 用车, 用车 = 购置 + 运行, 基本支出 = 人员 + 公用, 政府采购 = 货物 + 工程 + 服务', () => {
    const comps = report.claims.filter((c) => c.kind === 'composition');
    expect(comps).toHaveLength(4);
    for (const c of comps) expect(c.status).toBe('passed');
    const three = comps.find((c) => c.derivation.startsWith('“三公”经费'))!;
    expect(three.derivation).toContain('0 + 11.50 + 0 = 11.50');
    expect(three.cells.length).toBe(4);
    const procurement = comps.find((c) => c.derivation.startsWith('政府采购'))!;
    expect(procurement.derivation).toBe('政府采购 = 货物 + 工程 + 服务：135.18 + 0 + 4,042.2 = 4,177.38 = 4,177.38');
    expect(procurement.cells).toEqual([]);
  });

  it('机关运行经费 and 政府采购 amounts are not checked, with the reason, never passed', () => {
    const c = claim(report, 'amount', '机关运行经费财政拨款预算279.1万元');
    expect(c.status).toBe('not-checked');
    expect(c.expected).toBeNull();
    expect(c.message.zh).toContain('机关运行经费');
    // Its change is still checked on its own arithmetic: 14.76 ÷ 264.34 = 5.58% → 5.6%.
    expect(claim(report, 'change', '增加14.76万元，增长5.6%').status).toBe('passed');
  });
});

describe('seed 000: the three markup styles give the same claims', () => {
  it('clean, word and cms', () => {
    const [clean, word, cms] = STYLES.map((s) => signature(auditFixture(`pages/hangzhou-2024.${s}.html`).report));
    expect(word).toEqual(clean);
    expect(cms).toEqual(clean);
  });
});

describe('seed 001 杭州市信访局 2022: prose only, sentences cut by the PDF conversion', () => {
  const { doc, report } = auditFixture('pages/hangzhou-2022.clean.html');

  it("finds 93 claims; with no table every amount is not checked, the text's own arithmetic is", () => {
    expect(countsByOutcome(report)).toEqual({ passed: 16, rounding: 2, 'not-checked': 75 });
    for (const c of report.claims.filter((x) => x.kind === 'amount')) {
      expect(c.status).toBe('not-checked');
      expect(c.message.zh).toContain('页面没有预算表');
    }
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('"增加 587.74" | "万元，增长 8.04%" across two blocks is one change claim, with its span in both blocks', () => {
    const cut = claimsWith(report, 'change', '587.74万元，增长 8.04%').filter((c) => c.block !== c.endBlock);
    expect(cut).toHaveLength(3);
    for (const c of cut) {
      expect(c.status).toBe('passed');
      expect(c.derivation).toBe('7,896.16 − 587.74 = 7,308.42；587.74 ÷ 7,308.42 = 8.042% → 8.04%');
      const first = doc.text.find((b) => b.order === c.block)!.text;
      const last = doc.text.find((b) => b.order === c.endBlock)!.text;
      expect(first.slice(c.start) + last.slice(0, c.end)).toBe(c.text);
    }
  });

  it('"预算为 130.65万" | "元" is one amount', () => {
    const c = claim(report, 'amount', '130.65万元');
    expect(c.endBlock).toBe(c.block + 1);
    expect(c.stated).toBe('130.65 万元');
  });

  it('增长 24.94% and 下降 3.22% are within the rounding of the printed figures (info)', () => {
    const a = claim(report, 'change', '增长 24.94%');
    expect(outcome(a)).toBe('rounding');
    expect(a.expected).toBe('24.95%');
    expect(outcome(claim(report, 'change', '下降 3.22%'))).toBe('rounding');
  });

  it("占 95.95% / 3.03% / 1.02% of the sentence's own total 7,896.16", () => {
    for (const p of ['占 95.95%', '占 3.03%', '占 1.02%']) {
      const c = claim(report, 'share', p);
      expect(c.status).toBe('passed');
      expect(c.derivation).toContain('本句总额');
    }
  });

  it('三公 35.45 = 23.77 + 11.68 + 0 over four paragraphs; 比上年下降 10% implies a prior, approximately', () => {
    const c = report.claims.find((x) => x.kind === 'composition' && x.derivation.startsWith('“三公”经费'))!;
    expect(c.status).toBe('passed');
    expect(c.derivation).toContain('23.77 + 11.68 + 0 = 35.45');
    expect(c.endBlock).toBeGreaterThan(c.block);
    const rate = claim(report, 'change', '比上年下降 10%');
    expect(rate.status).toBe('not-checked');
    expect(report.impliedPrior.find((p) => p.approximate && p.value === '39.39')).toBeDefined();
  });
});

describe.each(STYLES)('seed 002 湖州市信访局 2024 (%s markup)', (style) => {
  const { report } = auditFixture(`pages/huzhou-2024.${style}.html`);

  it('finds 80 claims: no error, no warning; 差旅费 增长 85.3% is within rounding', () => {
    expect(countsByOutcome(report)).toEqual({ passed: 61, rounding: 1, 'not-checked': 18 });
    const c = claim(report, 'change', '增长85.3%');
    expect(c.expected).toBe('85.4%');
    expect(c.derivation).toBe('27.60 − 12.71 = 14.89；12.71 ÷ 14.89 = 85.36% → 85.4%');
  });

  it('占 36.8% / 2.8% / 60.3% / 100.0% and the 类 shares pass', () => {
    for (const p of ['占 36.8%', '占 2.8%', '占 60.3%', '占100.0%', '占 90.8%', '占 4.1%', '占 1.5%', '占 3.6%'])
      expect(claim(report, 'share', p).status, p).toBe('passed');
  });

  it('同口径比上年预算增加 19.21 万元，增长 54.2% passes (54.65 − 19.21 = 35.44)', () => {
    const c = claim(report, 'change', '同口径比上年预算增加 19.21 万元');
    expect(c.status).toBe('passed');
    expect(c.derivation).toContain('54.65 − 19.21 = 35.44');
    expect(report.impliedPrior.find((p) => p.sameScope && p.value === '35.44')).toBeDefined();
  });

  it('the misprinted 一般公共预算服务(类) and 信访业务(项) still find their table figures', () => {
    expect(claim(report, 'amount', '一般公共预算服务(类)支出 2393.42').status).toBe('passed');
    expect(claim(report, 'amount', '信访业务(项) 1585.50').status).toBe('passed');
  });

  it('“三公” 8.11 = 0.00 + 4.61 + 3.50 against the table; 会议费 (all funds) is not compared with the basic table', () => {
    const three = report.claims.find((c) => c.kind === 'composition' && c.derivation.startsWith('“三公”经费'))!;
    expect(three.status).toBe('passed');
    expect(three.derivation).toContain('0.00 + 4.61 + 3.50 = 8.11');
    expect(claim(report, 'amount', '会议费预算6.11万元').status).toBe('not-checked');
  });
});

describe.each(STYLES)('seed 003 绍兴市信访局 2021: 万元 prose against 元 tables (%s markup)', (style) => {
  const { report } = auditFixture(`pages/shaoxing-2021.${style}.html`);

  it("finds 76 claims; the 万元 amounts match the 元 tables at the text's precision", () => {
    expect(countsByOutcome(report)).toEqual({ passed: 63, warning: 3, 'not-checked': 10 });
    const c = claim(report, 'amount', '信访事务（项）安排 1639.71 万元');
    expect(c.status).toBe('passed');
    expect(c.derivation).toMatch(
      /^#\d+「信访事务」、#\d+「信访事务」、#\d+「信访事务」、#\d+「信访事务」 16,397,060.00 元 = 1,639.7060 万元 → 1,639.71 万元 = 正文 1,639.71 万元$/u,
    );
    expect(claim(report, 'amount', '人员支出719.31万元').status).toBe('passed');
    expect(claim(report, 'share', '人员支出719.31万元，占28.5%').status).toBe('passed');
  });

  it('卫生健康支出 47.38 万元 is off by one in its last digit (473,856.00 元 = 47.39 万元): a tail adjustment, a warning', () => {
    // 2280.44 + 20.00 + 78.67 + 47.38 + 99.39 = 2525.88, the total: the text nudged one part so the list adds up.
    const wrong = claimsWith(report, 'amount', '卫生健康支出', '47.38');
    expect(wrong).toHaveLength(3);
    for (const c of wrong) {
      expect(c.status).toBe('warning');
      expect(c.tags).toEqual(['tail-adjustment']);
      expect(c.expected).toBe('47.39 万元');
      expect(c.derivation).toContain('473,856.00 元');
    }
  });

  it('比 2020 年执行数增加 185.9 万元 gives no rate to check; the implied prior is kept', () => {
    const c = claim(report, 'change', '185.9 万元');
    expect(c.status).toBe('not-checked');
    expect(report.impliedPrior).toContainEqual(
      expect.objectContaining({ basis: '上年执行数', value: '2,339.98', unit: '万元', approximate: false }),
    );
  });

  it('基本支出 866.17 = 719.31 + 146.86, and = 7,193,148.60 + 1,468,563.57 元 rounded: exact, not rounding', () => {
    const c = report.claims.find((x) => x.kind === 'composition' && x.derivation.startsWith('基本支出'))!;
    expect(outcome(c)).toBe('passed');
    expect(c.derivation).toContain('7,193,148.60 + 1,468,563.57 = 8,661,712.17 元');
  });
});

describe('seeds 002 and 003: the three markup styles give the same claims', () => {
  it.each(['huzhou-2024', 'shaoxing-2021'])('%s', (name) => {
    const [clean, word, cms] = STYLES.map((s) => signature(auditFixture(`pages/${name}.${s}.html`).report));
    expect(word).toEqual(clean);
    expect(cms).toEqual(clean);
  });
});
