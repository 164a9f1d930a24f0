import { describe, expect, it } from 'vitest';
import { toJson } from '../../lib/report/json';
import { reportMarkdown } from '../../lib/report/markdown';
import { toText } from '../../lib/report/text';
import { pageReport } from '../../lib/extension/page-report';
import { auditFixture } from '../helpers';

const { doc, report } = auditFixture('pages/hangzhou-2024.clean.html');

describe('claims in the reports', () => {
  it('JSON: claims [{text, kind, cells, stated, expected, derivation, status, …}] and impliedPrior', () => {
    const json = toJson(report) as { claims: Record<string, unknown>[]; impliedPrior: Record<string, unknown>[] };
    expect(json.claims).toHaveLength(82);
    for (const c of json.claims) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining([
          'text',
          'kind',
          'cells',
          'stated',
          'expected',
          'derivation',
          'status',
          'severity',
          'subject',
          'block',
          'start',
          'endBlock',
          'end',
          'message',
        ]),
      );
    }
    const wrong = json.claims.find((c) => c.status === 'failed')!;
    expect(wrong).toMatchObject({
      kind: 'change',
      stated: '增长 9.1%',
      expected: '9.0%',
      severity: 'error',
      cells: [],
    });
    const amount = json.claims.find((c) => c.kind === 'amount' && c.status === 'passed')!;
    expect(amount.cells).toEqual(
      expect.arrayContaining([{ table: expect.any(Number), row: expect.any(Number), cell: expect.any(Number) }]),
    );
    expect(json.impliedPrior[0]).toMatchObject({
      subject: '收入预算',
      basis: '上年执行数',
      value: '7,812.20',
      unit: '万元',
      sameScope: false,
      approximate: false,
    });
    // Money stays text: no number anywhere in a claim but the addresses and offsets.
    expect(JSON.stringify(json.claims)).not.toMatch(/"(?:stated|expected)":\d/u);
  });

  it('text: a claims section with the counts and one line per claim', () => {
    const zh = toText(report, 'zh');
    expect(zh).toContain('正文数字 82 处：通过 70，错误 1，警告 1，舍入 0，未核对 10');
    expect(zh).toContain(
      '  ✓ 通过 [增减] 「比上年执行数增加 337.27 万元，增长 4.3%」 8,149.47 − 337.27 = 7,812.20；337.27 ÷ 7,812.20 = 4.32% → 4.3%',
    );
    expect(zh).toContain('  ! 警告 [增减] 「比上年执行数增加4,890.85万元,增长100%」');
    expect(zh).toMatch(/ {2}– 未核对 \[金额\] 「中共杭州市委.*」 未核对：预算表中没有机关运行经费/u);
    const en = toText(report, 'en');
    expect(en).toContain('Claims in the text: 82: passed 70, errors 1, warnings 1, rounding 0, not checked 10');
  });

  it('Markdown: a claims section when the report carries claims (escaped like the rest)', () => {
    const page = pageReport(report, doc, { url: 'https://example.gov.cn/a.html', title: 't' }, []);
    const md = reportMarkdown(page, 'zh');
    expect(md).toContain('## 正文数字（82）');
    expect(md).toContain('- 错误：1\n- 警告：1\n- 舍入差异：0\n- 未核对：10');
    expect(md).toContain('1. **错误**（增减）「比上年执行数增加3.61万元,增长9.1%」');
    expect(md).toContain('   - 推算：43.57 − 3.61 = 39.96；3.61 ÷ 39.96 = 9.03% → 9.0%');
    expect(md).toContain('未核对的正文数字（10）：');
    const without = reportMarkdown({ ...page, claims: [] }, 'en');
    expect(without).not.toContain('Claims in the text');
    expect(reportMarkdown(page, 'en')).toContain('## Claims in the text (82)');
  });
});
