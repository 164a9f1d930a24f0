import { describe, expect, it } from 'vitest';
import { extractClaims, type ChangeClaim, type Claim, type CompositionClaim, type ShareClaim } from '../../lib/claims';
import type { TextBlock } from '../../lib/model';

const blocks = (...texts: string[]): TextBlock[] => texts.map((text, order) => ({ text, order }));
const of = <K extends Claim['kind']>(claims: Claim[], kind: K) =>
  claims.filter((c): c is Extract<Claim, { kind: K }> => c.kind === kind);

describe('extractClaims', () => {
  it('reads amounts with their unit, subject and span; numbers stay decimals as printed', () => {
    const text = '中共杭州市委杭州市人民政府信访局 2024 年收支总预算 8,149.47 万元。';
    const [c] = extractClaims(blocks(text));
    expect(c).toMatchObject({ kind: 'amount', subject: '收支总预算', block: 0, endBlock: 0 });
    if (c?.kind !== 'amount') throw new Error('amount expected');
    expect(text.slice(c.start, c.end)).toBe(c.text);
    expect(c.value.unit).toBe('万元');
    expect(c.value.amount.value.toFixed(2)).toBe('8149.47');
    expect(c.value.amount.scale).toBe(2);
    expect(c.ref).toEqual({ kind: 'figure', keys: ['income-grand-total', 'income-this-year'], scope: 'all' });
  });

  it('full-width digits and punctuation in the text', () => {
    const [c] = extractClaims(blocks('一般公共服务支出　７，６３７．４５万元。'));
    expect(c?.kind === 'amount' && c.value.amount.value.toFixed(2)).toBe('7637.45');
  });

  it('resolves 类/款/项 paths to codes for the budget year (信访事务 is a 款 from 2024)', () => {
    const claims = extractClaims(
      blocks('(3) 一般公共服务支出(类)信访事务(款)其他信访事务支出(项)预算为4,890.85万元。'),
      { year: 2024 },
    );
    expect(claims[0]).toMatchObject({ kind: 'amount', ref: { kind: 'function', code: '2014099' } });
    const old = extractClaims(
      blocks('一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）信访事务（项）安排 1639.71 万元。'),
      { year: 2021 },
    );
    expect(old[0]).toMatchObject({ ref: { kind: 'function', code: '2010308' } });
  });

  it('change: basis, direction words, delta, percent, 同口径, current', () => {
    const claims = extractClaims(
      blocks(
        '2024 年“三公”经费预算数为 11.50 万元，比上年预算数减少 18.05 万元，下降 61.1%；剔除不可比因素后，同口径减少 0.05 万元，下降 0.4%。',
      ),
    );
    const [a, b] = of(claims, 'change') as ChangeClaim[];
    expect(a).toMatchObject({
      basis: '上年预算数',
      basisText: '比上年预算数',
      sameScope: false,
      text: '比上年预算数减少 18.05 万元，下降 61.1%',
    });
    expect(a!.delta).toMatchObject({ direction: 'down', word: '减少', unit: '万元' });
    expect(a!.percent).toMatchObject({ direction: 'down', word: '下降' });
    expect(a!.current?.amount.raw).toBe('11.50');
    expect(b).toMatchObject({ basis: '上年预算数', sameScope: true, text: '同口径减少 0.05 万元，下降 0.4%' });
    expect(b!.current?.amount.raw).toBe('11.50');
  });

  it('words that are not a change: 比上年有所增加, 新增, 增长到, 个百分点, 与年初预算相比', () => {
    const claims = extractClaims(
      blocks(
        '2024年一般公共预算金额比上年有所增加；新增项目 50.00 万元；收入增长到 60.00 万元；增长 2 个百分点。与年初预算相比，增加 5.00 万元。',
      ),
    );
    expect(of(claims, 'change')).toEqual([]);
  });

  it("share lists: each share keeps its part, the sentence's own total and the whole list", () => {
    const claims = extractClaims(
      blocks(
        '一般公共预算支出合计为 7,896.16万元，其中：一般公共服务支出（类）支出 7,576.28万元，占 95.95%；社会保障和就业支出（类）支出 239.04万元，占 3.03%；' +
          '卫生健康支出（类）支出 80.84万元，占 1.02%。',
      ),
    );
    const shares = of(claims, 'share') as ShareClaim[];
    expect(shares).toHaveLength(3);
    for (const s of shares) {
      expect(s.ownTotal?.value.amount.raw).toBe('7,896.16');
      expect(s.list).toHaveLength(3);
    }
    expect(shares[1]!.part?.amount.raw).toBe('239.04');
    expect(shares[1]!.share.amount.value.toFixed(2)).toBe('3.03');
  });

  it('flat: 持平 / 基本持平 with its basis, the current figure and a change in the same sentence', () => {
    const claims = extractClaims(
      blocks(
        '事业单位医疗预算为 29.70 万元。比上年执行数减少 0.23 万元，下降 0.8%，与上年执行数基本持平。',
        '会议费预算 6.11 万元，与上年预算数持平。持平主要原因是已进行公务用车改革。',
      ),
    );
    const flats = of(claims, 'flat');
    expect(flats).toHaveLength(2);
    expect(flats[0]).toMatchObject({ basis: '上年执行数', basic: true, text: '与上年执行数基本持平' });
    expect(flats[0]!.change?.percent?.text).toBe('0.8%');
    expect(flats[1]).toMatchObject({ basis: '上年预算数', basic: false });
    expect(flats[1]!.change).toBeUndefined();
  });

  it('compositions: parts in the sentence, or in the list a paragraph ending with 具体如下： introduces', () => {
    const claims = extractClaims(
      blocks(
        '2024 年“三公”经费预算数为 8.11 万元，与上年预算数持平，具体如下：',
        '1. 因公出国（境）费用：2024 年安排因公出国（境）费用预算 0.00 万元。',
        '2. 公务接待费：2024 年安排公务接待费预算 4.61 万元。',
        '3. 公务用车购置及运行维护费：2024 年安排公务用车购置及运行维护费预算 3.50 万元。其中，公务用车购置支出 0.00 万元；公务用车运行维护费支出 3.50 万元。',
        '2024 年政府采购预算总额 1461.97 万元，其中：政府采购货物预算 3.85 万元、政府采购工程预算 0.00 万元、政府采购服务预算 1458.12 万元。',
      ),
    );
    const comps = of(claims, 'composition') as CompositionClaim[];
    expect(comps.map((c) => c.template)).toEqual(['three-public', 'car', 'procurement']);
    expect(comps[0]!.parts.map((p) => p.value.amount.raw)).toEqual(['0.00', '4.61', '3.50']);
    expect(comps[0]).toMatchObject({ block: 0, endBlock: 3 });
    expect(comps[2]!.parts.map((p) => p.subject)).toEqual(['政府采购货物预算', '政府采购工程预算', '政府采购服务预算']);
  });

  it('is linear in the text size, also on text made to make a regular expression backtrack', () => {
    const dense = (n: number) =>
      blocks(Array.from({ length: n }, () => '比上年增加1万元，增长2%，占3%，与上年基本持平，').join(''));
    const odd = (n: number) =>
      blocks(`增加${' '.repeat(n)}1万元`, '1,'.repeat(n), '占'.repeat(n), '一般公共服务支出'.repeat(n / 4) + '1万元');
    const time = (f: () => unknown): number => {
      const t0 = performance.now();
      f();
      return performance.now() - t0;
    };
    time(() => extractClaims(dense(2000)));
    const small = time(() => extractClaims(dense(5000))) + time(() => extractClaims(odd(20000)));
    const big = time(() => extractClaims(dense(20000))) + time(() => extractClaims(odd(80000)));
    // Four times the text: far less than the sixteen times a quadratic scan would take.
    expect(big).toBeLessThan(Math.max(small, 20) * 9);
  });
});
