import { describe, expect, it } from 'vitest';
import { auditFixture, auditHtml, auditWithCellChanged, fixture, key } from '../helpers';
import { auditEdited, claim, claimsWith, outcome, page } from './helpers';

/**
 * Every kind of claim, passing and failing: failures made by editing one number of a seed's text, or in a small page.
 */

const HZ24 = 'pages/hangzhou-2024.clean.html';
const HZ22 = 'pages/hangzhou-2022.clean.html';
const SX21 = 'pages/shaoxing-2021.clean.html';

/** A one-table page: 支出总表 in 万元 with 合计 100.00 = 一般公共服务支出 80.00 + 卫生健康支出 20.00. */
const TABLE = `<h3>表 3： 2024 年市级部门支出预算总表</h3><p>单位：万元</p>
<table><thead><tr><th>科目</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr></thead>
<tbody><tr><td>支出合计</td><td>100.00</td><td>60.00</td><td>40.00</td></tr>
<tr><td>一般公共服务支出</td><td>80.00</td><td>40.00</td><td>40.00</td></tr>
<tr><td>卫生健康支出</td><td>20.00</td><td>20.00</td><td></td></tr></tbody></table>`;

describe('amount', () => {
  it('passes when the table has the figure (seed), fails when one digit of the text is changed', () => {
    expect(
      claimsWith(auditFixture(HZ24).report, 'amount', '一般公共服务支出 7,637.45 万元').every(
        (c) => c.status === 'passed',
      ),
    ).toBe(true);
    const { report } = auditEdited(
      HZ24,
      '包括一般公共服务支出 7,637.45 万元，科学',
      '包括一般公共服务支出 7,637.54 万元，科学',
    );
    const c = claim(report, 'amount', '一般公共服务支出 7,637.54 万元');
    expect(c.status).toBe('failed');
    expect(c.severity).toBe('error');
    expect(c.stated).toBe('7,637.54 万元');
    expect(c.expected).toBe('7,637.45 万元');
    expect(c.cells).toHaveLength(1);
    const f = report.findings.find((x) => x.check === 'narrative' && x.stated === '7,637.54 万元')!;
    expect(f.severity).toBe('error');
    expect(key(f.cells[0]!)).toBe(key(c.cells[0]!));
    expect(f.table).toBe(c.cells[0]!.table);
    expect(f.message.zh).toContain('正文「');
  });

  it("万元 text against a 元 table: exact at the text's precision; a 元 written for 万元 is a unit slip", () => {
    const ok = claim(auditFixture(SX21).report, 'amount', '一般公共服务支出2280.44万元');
    expect(ok.status).toBe('passed');
    expect(ok.derivation).toContain('22,804,378.01 元 = 2,280.4378 万元 → 2,280.44 万元');
    const { report } = auditEdited(SX21, '包括一般公共服务支出2280.44万元', '包括一般公共服务支出2280.44元');
    const c = claim(report, 'amount', '一般公共服务支出2280.44元');
    expect(c.status).toBe('failed');
    expect(c.tags).toEqual(['unit-slip']);
    expect(c.message.zh).toContain('一万倍');
  });

  it('exact when one printed figure is the other rounded; half a unit off is rounding (info), more is an error', () => {
    const yuan = TABLE.replace('单位：万元', '单位：元')
      .replace('>100.00<', '>1,000,050.00<')
      .replace('>80.00<', '>800,050.00<')
      .replace('>20.00<', '>200,000.00<')
      .replace('>60.00<', '>600,050.00<')
      .replace('>40.00<', '>400,000.00<')
      .replace('>40.00<', '>400,050.00<')
      .replace('>40.00<', '>400,000.00<')
      .replace('>20.00<', '>200,000.00<');
    const { report } = auditHtml(
      page(['一般公共服务支出 80.00 万元。', '卫生健康支出 20.0 万元。', '支出合计 100.02 万元。'], yuan),
    );
    const half = claim(report, 'amount', '一般公共服务支出 80.00 万元');
    expect(outcome(half)).toBe('rounding');
    expect(half.derivation).toBe(
      '#0「一般公共服务支出」 800,050.00 元 = 80.0050 万元 → 80.01 万元 ≈ 正文 80.00 万元（差 50.00 元）',
    );
    expect(outcome(claim(report, 'amount', '卫生健康支出 20.0 万元'))).toBe('passed');
    expect(outcome(claim(report, 'amount', '支出合计 100.02 万元'))).toBe('failed');
    expect(
      report.findings
        .filter((f) => f.check === 'narrative')
        .map((f) => f.severity)
        .sort(),
    ).toEqual(['error', 'info']);
  });

  it('a printed 0 is nothing: "0 万元" against 0.30 万元 in the table is an error, not a rounding of 0.30', () => {
    const { report } = auditHtml(
      page(['卫生健康支出 0 万元。', '一般公共服务支出 80 万元。'], TABLE.replace('>20.00<', '>0.30<')),
    );
    expect(outcome(claim(report, 'amount', '卫生健康支出 0 万元'))).toBe('failed');
    expect(outcome(claim(report, 'amount', '一般公共服务支出 80 万元'))).toBe('passed');
  });

  it('a sentence whose subject no table has is not checked, with the reason, never passed', () => {
    const { report } = auditHtml(page(['专项宣传经费 12.00 万元。', '机关运行经费 5.00 万元。'], TABLE));
    const c = claim(report, 'amount', '专项宣传经费 12.00 万元');
    expect(c.status).toBe('not-checked');
    expect(c.expected).toBeNull();
    expect(c.cells).toEqual([]);
    expect(c.message.zh).toContain('表中没有「专项宣传经费」');
    expect(claim(report, 'amount', '机关运行经费 5.00 万元').status).toBe('not-checked');
    expect(report.findings.filter((f) => f.check === 'narrative')).toEqual([]);
    expect(report.checks['narrative']!.passed).toBe(0);
  });

  it('"单位价值 50 万元以上" is a threshold, not a stated amount', () => {
    const { report } = auditFixture(HZ24);
    expect(report.claims.some((c) => c.text.includes('50万元以上') || c.text.includes('50 万元以上'))).toBe(false);
  });
});

describe('share', () => {
  it('占 33.6% passes (seed); 占 36.3% fails against the table total', () => {
    const { report } = auditEdited(HZ24, '占 33.6%', '占 36.3%');
    const c = claim(report, 'share', '占 36.3%');
    expect(c.status).toBe('failed');
    expect(c.expected).toBe('33.6%');
    expect(c.derivation).toBe('2,735.16 ÷ 8,149.47 = 33.56% → 33.6%（分母：表中总额 #2「支出合计」）');
  });

  it("against the sentence's own total on a page without tables: 占 95.95% passes, 占 96.95% fails", () => {
    expect(claim(auditFixture(HZ22).report, 'share', '占 95.95%').status).toBe('passed');
    const c = claim(auditEdited(HZ22, '占 95.95%', '占 96.95%').report, 'share', '占 96.95%');
    expect(c.status).toBe('failed');
    expect(c.expected).toBe('95.95%');
    expect(c.derivation).toContain('（分母：本句总额「一般公共预算支出」）');
  });

  it('a whole the sentence names is the only whole: 占基本支出的 13.7% passes, 占基本支出的 5.3% fails', () => {
    const ok = auditEdited(
      HZ24,
      '公用经费 434.02 万元，主要包括',
      '公用经费 434.02 万元，占基本支出的 13.7%，主要包括',
    ).report;
    const c = claim(ok, 'share', '占基本支出的 13.7%');
    expect(c.status).toBe('passed');
    expect(c.derivation).toMatch(/^434\.02 ÷ 3,169\.18 = 13\.70% → 13\.7%（分母：句中所指总额 #\d+「基本支出」）$/u);
    // 434.02 ÷ 8,149.47 (支出合计) would be 5.3%, but the sentence says 基本支出.
    const bad = auditEdited(
      HZ24,
      '公用经费 434.02 万元，主要包括',
      '公用经费 434.02 万元，占基本支出的 5.3%，主要包括',
    ).report;
    expect(claim(bad, 'share', '占基本支出的 5.3%').status).toBe('failed');
  });

  it('a list of shares that add up to 100% is its own whole', () => {
    const ok = auditHtml(
      page(['按用途分类，包括人员支出 30.00 万元，占 30.0%；项目支出 70.00 万元，占 70.0%。']),
    ).report;
    for (const c of ok.claims.filter((x) => x.kind === 'share')) {
      expect(c.status).toBe('passed');
      expect(c.derivation).toContain('各项之和');
    }
    const bad = auditHtml(
      page(['按用途分类，包括人员支出 30.00 万元，占 40.0%；项目支出 70.00 万元，占 60.0%。']),
    ).report;
    expect(claim(bad, 'share', '占 40.0%').status).toBe('failed');
  });

  it('a share with no amount, or no whole, is not checked', () => {
    const { report } = auditHtml(page(['人员支出占比 20%。', '差旅费 3.00 万元，占 5%。']));
    const shares = report.claims.filter((c) => c.kind === 'share');
    expect(shares).toHaveLength(2);
    for (const c of shares) expect(c.status).toBe('not-checked');
  });
});

describe('change', () => {
  it('增长 14.15% passes (seed); 增长 15.14% fails', () => {
    expect(claim(auditFixture(HZ22).report, 'change', '增长 14.15%').status).toBe('passed');
    const c = claim(auditEdited(HZ22, '增长 14.15%', '增长 15.14%').report, 'change', '增长 15.14%');
    expect(c.status).toBe('failed');
    expect(c.severity).toBe('error');
    expect(c.expected).toBe('14.15%');
    expect(c.derivation).toBe('4,808.31 − 596.11 = 4,212.20；596.11 ÷ 4,212.20 = 14.152% → 14.15%');
  });

  it('direction words must agree: 增加 … 下降 is an error', () => {
    const { report } = auditHtml(page(['收入预算 110.00 万元，比上年执行数增加 10.00 万元，下降 10.0%。']));
    const c = claim(report, 'change', '下降 10.0%');
    expect(c.status).toBe('failed');
    expect(c.message.zh).toContain('方向');
  });

  it('减少 with 下降 and the prior = current + delta; an increase larger than the current is an error', () => {
    const ok = auditHtml(page(['支出预算 90.00 万元，比上年预算数减少 10.00 万元，下降 10.0%。'])).report;
    const c = claim(ok, 'change', '减少 10.00 万元');
    expect(c.status).toBe('passed');
    expect(c.derivation).toBe('90.00 + 10.00 = 100.00；10.00 ÷ 100.00 = 10.00% → 10.0%');
    expect(ok.impliedPrior).toEqual([
      expect.objectContaining({
        subject: '支出预算',
        basis: '上年预算数',
        value: '100.00',
        unit: '万元',
        approximate: false,
      }),
    ]);
    const bad = auditHtml(page(['支出预算 5.00 万元，比上年执行数增加 10.00 万元，增长 20%。'])).report;
    expect(claim(bad, 'change', '增加 10.00 万元').status).toBe('failed');
  });

  it('growth from zero is a warning (seed: 增加 4,890.85 万元，增长 100%)', () => {
    const { report } = auditHtml(page(['信访业务预算 50.00 万元，比上年执行数增加 50.00 万元，增长 100%。']));
    const c = claim(report, 'change', '增长 100%');
    expect(c.status).toBe('warning');
    expect(report.findings.filter((f) => f.check === 'narrative').map((f) => f.severity)).toEqual(['warning']);
  });

  it('"与上年相比，…增加 …，增长 …" takes its basis from the start of the sentence', () => {
    const { report } = auditHtml(page(['与上年相比，收入预算 110.00 万元，增加 10.00 万元，增长 10.0%。']));
    const c = claim(report, 'change', '增加 10.00 万元，增长 10.0%');
    expect(c.status).toBe('passed');
  });

  it('a rate alone, or an amount of change alone, is not checked (the prior is still implied)', () => {
    const { report } = auditHtml(
      page([
        '公务接待费预算 16.41 万元，比上年预算数减少 8.8%。',
        '当年拨款 2525.88 万元，比 2020 年执行数增加 185.9 万元。',
      ]),
    );
    for (const c of report.claims.filter((x) => x.kind === 'change')) expect(c.status).toBe('not-checked');
    expect(report.impliedPrior.map((p) => [p.value, p.approximate])).toEqual([
      ['17.99', true],
      ['2,339.98', false],
    ]);
  });
});

describe('flat', () => {
  it('基本持平 with 下降 0.8% passes (seed); 持平 with a stated change is an error; 基本持平 with 9.2% is a warning', () => {
    expect(claim(auditFixture(HZ24).report, 'flat', '基本持平').status).toBe('passed');
    const { report } = auditHtml(
      page([
        '事业单位医疗预算为 29.70 万元。比上年执行数减少 0.23 万元，下降 0.8%，与上年执行数持平。',
        '行政单位医疗预算为 29.70 万元，比上年执行数减少 3.00 万元，下降 9.2%，与上年基本持平。',
      ]),
    );
    const exact = claim(report, 'flat', '与上年执行数持平');
    expect(exact.status).toBe('failed');
    expect(exact.severity).toBe('error');
    const basic = claim(report, 'flat', '与上年基本持平');
    expect(basic.status).toBe('warning');
    expect(basic.expected).toBe('9.20%');
  });

  it('持平 without a stated change is not checked; the prior it implies is the current figure', () => {
    const { report } = auditHtml(page(['会议费预算 6.11 万元，与上年预算数持平。']));
    const c = claim(report, 'flat', '与上年预算数持平');
    expect(c.status).toBe('not-checked');
    expect(report.impliedPrior).toEqual([
      expect.objectContaining({ basis: '上年预算数', value: '6.11', approximate: false }),
    ]);
  });
});

describe('composition', () => {
  it('政府采购 = 货物 + 工程 + 服务: passes (seed); fails when a part is changed', () => {
    const { report } = auditEdited(HZ24, '政府采购服务预算4042.2万元', '政府采购服务预算4042.8万元');
    const c = report.claims.find((x) => x.kind === 'composition' && x.derivation.startsWith('政府采购'))!;
    expect(c.status).toBe('failed');
    expect(c.expected).toBe('4,177.98 万元');
    expect(c.derivation).toBe('政府采购 = 货物 + 工程 + 服务：135.18 + 0 + 4,042.8 = 4,177.98 ≠ 4,177.38');
  });

  it('基本支出 = 人员经费 + 公用经费 across paragraphs: fails when 人员经费 is changed', () => {
    const { report } = auditEdited(SX21, '人员经费 719.31 万元', '人员经费 719.13 万元');
    const c = report.claims.find((x) => x.kind === 'composition' && x.derivation.startsWith('基本支出'))!;
    expect(c.status).toBe('failed');
    expect(c.message.zh).toContain('各项之和 865.99 万元');
    expect(claim(report, 'amount', '人员经费 719.13 万元').status).toBe('failed');
  });

  it("“三公” against the table: the text adds up, the table's parts do not once a table cell is changed", () => {
    const html = fixture(HZ24);
    const { doc } = auditHtml(html);
    const three = doc.tables.find((t) => t.kind === 'three-public')!;
    const total = three.rows.find((r) => r.kind === 'total')!;
    const reception = total.values.get(three.columns.find((col) => col.path.join('').includes('公务接待'))!.index)!;
    const { report } = auditWithCellChanged(html, reception.addr, '11.40');
    const c = report.claims.find((x) => x.kind === 'composition' && x.derivation.startsWith('“三公”经费'))!;
    expect(c.status).toBe('failed');
    expect(c.message.zh).toContain('表中各项之和');
    expect(c.cells.map(key)).toContain(key(reception.addr));
  });

  it('parts stated in the same sentence on a page without tables', () => {
    const near = auditHtml(
      page(['一般公共预算基本支出合计 100.00 万元，其中人员经费 80.00 万元，公用经费 20.01 万元。']),
    ).report;
    // Two parts, each printed to half a unit of 0.01: 0.01 is within rounding.
    expect(outcome(near.claims.find((x) => x.kind === 'composition')!)).toBe('rounding');
    const { report } = auditHtml(
      page(['一般公共预算基本支出合计 100.00 万元，其中人员经费 80.00 万元，公用经费 20.05 万元。']),
    );
    const c = report.claims.find((x) => x.kind === 'composition')!;
    expect(c.status).toBe('failed');
    expect(c.derivation).toBe('基本支出 = 人员经费 + 公用经费：80.00 + 20.05 = 100.05 ≠ 100.00');
  });
});

describe('sentences cut over two blocks by the PDF conversion', () => {
  it('"…增加 10.00" | "万元，增长 11.1%", "…增加" | "10.00万元", "占" | "36.8%" and "130.65万" | "元" are found whole', () => {
    const { doc, report } = auditHtml(
      page([
        '收入预算总计 100.00万元，比上年执行数增加 10.00',
        '万元，增长 11.1%，主要原因是业务增加。',
        '支出预算总计 100.00万元，比上年执行数增加',
        '10.00万元，增长 11.1%。',
        '按支出用途分类，包括人员支出 36.80 万元，占',
        '36.8%；项目支出 63.20 万元，占 63.2%。',
        '行政运行（项）预算为 130.65万',
        '元，主要用于保障单位运转。',
      ]),
    );
    const changes = report.claims.filter((c) => c.kind === 'change');
    expect(changes).toHaveLength(2);
    for (const c of changes) {
      expect(c.status).toBe('passed');
      expect(c.endBlock).toBe(c.block + 1);
      const first = doc.text.find((b) => b.order === c.block)!.text;
      const last = doc.text.find((b) => b.order === c.endBlock)!.text;
      expect(first.slice(c.start) + last.slice(0, c.end)).toBe(c.text);
    }
    const share = claim(report, 'share', '占36.8%');
    expect(share.status).toBe('passed');
    expect(share.endBlock).toBe(share.block + 1);
    expect(claim(report, 'amount', '130.65万元').stated).toBe('130.65 万元');
  });

  it('a heading and the paragraph after it are not joined; neither are blocks on both sides of a table', () => {
    const { report } = auditHtml(
      page([
        '1.收入预算总体情况',
        '收入预算 100.00 万元，比上年执行数增加',
        `10.00 万元，增长 11.1%。`.replace('10.00', '<b>10.00</b>'),
      ]),
    );
    expect(claim(report, 'amount', '收入预算 100.00 万元').subject).toBe('收入预算');
    const split = auditHtml(
      `<html><body><p>收入预算 100.00 万元，比上年执行数增加 10.00</p><table><tr><td>x</td></tr></table><p>万元，增长 11.1%。</p>
</body></html>`,
    ).report;
    expect(split.claims.filter((c) => c.kind === 'change' && c.status === 'passed')).toEqual([]);
  });
});

describe('every claim points at its text', () => {
  it.each(['hangzhou-2024.cms', 'hangzhou-2022.clean', 'huzhou-2024.word', 'shaoxing-2021.clean'])(
    "%s: block/start/end give the claim's text",
    (name) => {
      const { doc, report } = auditFixture(`pages/${name}.html`);
      const text = (order: number) => doc.text.find((b) => b.order === order)!.text;
      for (const c of report.claims) {
        if (c.kind === 'composition') {
          expect(c.text.startsWith(text(c.block).slice(c.start, c.start + 4))).toBe(true);
          continue;
        }
        const orders = doc.text.map((b) => b.order).filter((o) => o >= c.block && o <= c.endBlock);
        const joined =
          orders.length === 1
            ? text(c.block).slice(c.start, c.end)
            : [text(c.block).slice(c.start), ...orders.slice(1, -1).map(text), text(c.endBlock).slice(0, c.end)].join(
                '',
              );
        expect(joined, c.text).toBe(c.text);
      }
    },
  );
});
