import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../lib/audit';
import type { BudgetDocument } from '../../lib/model';
import { PageReportSchema, type PageReport } from '../../lib/extension/messages';
import { escapeMarkdown, reportMarkdown, ROUNDING_LISTED } from '../../lib/report/markdown';
import { pageReport as buildPageReport } from '../../lib/extension/page-report';
import { auditFixture, auditWithCellChanged, fixture } from '../helpers';

/** The PageReport the engine in the page sends (as entrypoints/engine.ts builds it). */
function pageReport(
  { doc, report }: { doc: BudgetDocument; report: AuditReport },
  url = 'https://czj.hangzhou.gov.cn/art/2024/1/1/art_1.html',
): PageReport {
  return PageReportSchema.parse({
    ...buildPageReport(report, doc, { url, title: doc.title }, []),
    auditedAt: '2024-05-01T02:00:00.000Z',
  });
}

/** Characters with a Markdown meaning that are not preceded by a backslash (an escaped backslash counts as escaped). */
function unescaped(text: string, chars: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (chars.includes(text[i]!)) out.push(text[i]!);
  }
  return out;
}

describe('reportMarkdown(): Hangzhou 2024', () => {
  const audited = auditFixture('pages/hangzhou-2024.clean.html');
  const report = pageReport(audited);
  const zh = reportMarkdown(report, 'zh');
  const en = reportMarkdown(report, 'en');

  it('has the title, department, year, unit and page URL', () => {
    expect(zh).toMatch(/^# 预算透镜核对摘要：中共杭州市委杭州市人民政府信访局\(部门\)2024 年度部门预算\n/u);
    expect(zh).toContain('- 部门：中共杭州市委杭州市人民政府信访局\n');
    expect(zh).toContain('- 年度：2024 预算\n');
    expect(zh).toContain('- 单位：万元\n');
    expect(zh).toContain('- 网页：<https://czj.hangzhou.gov.cn/art/2024/1/1/art_1.html>\n');
    expect(en).toContain('- Department: 中共杭州市委杭州市人民政府信访局\n');
    expect(en).toContain('- Page: <https://czj.hangzhou.gov.cn/art/2024/1/1/art_1.html>\n');
  });

  it('has the headline figures as a table, with shares and cells', () => {
    expect(zh).toContain('## 主要数字');
    expect(zh).toContain('| 收入总计 | 8,149.47 | 万元 |  | `0:14:1` |');
    expect(zh).toContain('| 基本支出 | 3,169.18 | 万元 | 38.9% | `4:2:2` |');
    expect(zh).toContain('| 人员经费 | 2,735.16 | 万元 | 86.3% | `4:2:3` |');
    expect(zh).toContain('| 公务接待费 | 11.50 | 万元 | 100.0% | `6:2:3` |');
    expect(en).toContain('| Basic expenditure | 3,169.18 | 万元 | 38.9% | `4:2:2` |');
  });

  it('counts the checks: passed, failed, rounding, not checked; lists the tables', () => {
    const s = report.summary;
    expect(zh).toContain(`- 通过：${s.passed}\n`);
    expect(zh).toContain('- 未通过：2（错误 1，警告 1）\n');
    expect(zh).toContain('- 舍入差异：0\n');
    expect(zh).toContain('- 未核对的单元格：0\n');
    expect(en).toContain(`- Passed: ${s.passed}\n`);
    expect(en).toContain('- Cells not checked: 0\n');
    expect(zh).toContain(
      '| 6 | 表 7： 2024 年市级部门一般公共预算“三公”经费预算表 | “三公”经费表 | 万元 | 已全部核对 | 21 | 0 | 0 | 0 |',
    ); // 13 relations of the table, 8 claims of the text about its figures
    // The text's two slips (增长9.1% for 9.0%, 增长 100% from zero) are listed; the tables have none.
    expect(zh).toContain('## 错误与警告');
    expect(zh).toContain('增长 9.1%');
    expect(zh).not.toContain('未发现错误、警告或舍入差异。');
  });
});

describe('reportMarkdown(): findings', () => {
  const html = fixture('pages/hangzhou-2024.clean.html');
  // A typo in 基本支出 of the 一般公共预算支出表: 3,169.18 printed as 3,196.18.
  const audited = auditWithCellChanged(html, { table: 4, row: 2, cell: 2 }, '3,196.18');
  const report = pageReport(audited);
  const errors = report.findings.filter((f) => f.severity === 'error');

  it('the changed page has errors (the test is not vacuous)', () => {
    expect(errors.length).toBeGreaterThan(0);
  });

  it('lists each error with its message, printed and expected values, derivation and cells', () => {
    const md = reportMarkdown(report, 'zh');
    expect(md).toContain(`## 错误与警告（${report.summary.errors + report.summary.warnings}）`);
    const f = errors.find((x) => x.stated === '3,196.18')!;
    expect(f).toBeDefined();
    expect(md).toContain(`**错误**：${escapeMarkdown(f.message.zh)}`);
    expect(md).toContain(`   - 表列：3,196.18 万元\n`);
    expect(md).toContain(`   - 应为：${f.expected} 万元\n`);
    expect(md).toContain(`   - 推算：${escapeMarkdown(f.derivation)}\n`);
    expect(md).toContain(`   - 单元格：${f.cells.map((c) => `\`${c.table}:${c.row}:${c.cell}\``).join(' ')}\n`);
    expect(md).toContain('`4:2:2`');
    const en = reportMarkdown(report, 'en');
    expect(en).toContain(`**Error**: ${escapeMarkdown(f.message.en)}`);
    expect(en).toContain('   - Printed: 3,196.18 万元\n');
    expect(en).toContain(
      `- Failed: ${report.summary.errors + report.summary.warnings} (errors ${report.summary.errors}, ` +
        `warnings ${report.summary.warnings})`,
    );
  });

  it('errors come before warnings', () => {
    const mixed: PageReport = {
      ...report,
      findings: [{ ...errors[0]!, severity: 'warning', message: { zh: '可疑', en: 'suspicious' } }, ...report.findings],
    };
    const md = reportMarkdown(mixed, 'zh');
    expect(md.indexOf('**错误**')).toBeGreaterThan(0);
    expect(md.indexOf('**错误**')).toBeLessThan(md.indexOf('**警告**'));
  });

  it('counts rounding-level findings and lists them briefly (Huzhou 2024)', () => {
    const huzhou = pageReport(auditFixture('pages/huzhou-2024.clean.html'));
    const n = huzhou.summary.rounding;
    expect(n).toBeGreaterThan(ROUNDING_LISTED);
    const md = reportMarkdown(huzhou, 'zh');
    expect(md).toContain(`## 舍入差异（${n}）`);
    expect(md).toContain(`${n} 处差异在舍入容差之内`);
    expect(md).toContain(`另有 ${n - ROUNDING_LISTED} 处未列出`);
    const section = md.slice(md.indexOf('## 舍入差异'));
    expect(section.split('\n').filter((l) => l.startsWith('- ') && l.includes('—'))).toHaveLength(ROUNDING_LISTED);
    const first = huzhou.findings.find((f) => f.severity === 'info')!;
    expect(section).toContain(
      `- ${escapeMarkdown(first.message.zh)} — \`${first.cells[0]!.table}:${first.cells[0]!.row}:` +
        `${first.cells[0]!.cell}\``,
    );
    expect(reportMarkdown(huzhou, 'en')).toContain(`## Rounding differences (${n})`);
  });
});

describe('reportMarkdown(): page text cannot inject Markdown or HTML', () => {
  const evil =
    '[点我](javascript:alert(1)) <img src=x onerror=alert(1)> | *粗* _斜_ `代码` ![图](http://x/y.png) a\\b <script>';
  const base = pageReport(auditFixture('pages/hangzhou-2024.clean.html'));
  const report: PageReport = {
    ...base,
    title: evil,
    document: { ...base.document, title: evil, department: evil, stage: null },
    tables: base.tables.map((t, i) => (i === 0 ? { ...t, title: evil } : t)),
    findings: [
      {
        check: 'row-totals',
        severity: 'error',
        table: 0,
        cells: [{ table: 0, row: 1, cell: 1 }],
        stated: '1|2',
        expected: '<b>3</b>',
        derivation: `${evil} = 3`,
        unit: '万元',
        message: { zh: evil, en: evil },
      },
    ],
    headlines: [{ key: 'basic', label: { zh: evil, en: evil }, value: '1', unit: '万元', share: null, cell: null }],
  };

  it('escapes |, *, _, `, [, ], <, > (and backslashes) in every piece of page text', () => {
    for (const lang of ['zh', 'en'] as const) {
      const md = reportMarkdown(report, lang);
      for (const line of md.split('\n')) {
        if (!line.includes('点我')) continue;
        // Table rows keep their own pipes; the page's pipe and every other special character are escaped.
        const body = line.startsWith('| ')
          ? line
              .slice(2, -2)
              .split(' | ')
              .filter((c) => c.includes('点我'))
              .join(' ')
          : line;
        expect(unescaped(body.replace(/^(?:#+ |\d+\. \*\*[^*]+\*\*|- |\s+- )/u, ''), '[]<>|*_`'), line).toEqual([]);
      }
      expect(md).not.toMatch(/(?<!\\)<img/u);
      expect(md).not.toMatch(/(?<!\\)\]\(/u);
      expect(md).toContain(
        '\\[点我\\](javascript:alert(1)) \\<img src=x onerror=alert(1)\\> \\| \\*粗\\* \\_斜\\_ \\`代码\\` ' +
          '!\\[图\\](http://x/y.png) a\\\\b \\<script\\>',
      );
      expect(md).toContain('1\\|2');
      expect(md).toContain('\\<b\\>3\\</b\\>');
    }
  });

  it('keeps newlines in page text from starting new Markdown blocks', () => {
    const md = reportMarkdown(
      { ...report, document: { ...report.document, department: '某部门\n# 标题\n- 列表' } },
      'zh',
    );
    expect(md).toContain('- 部门：某部门 # 标题 - 列表\n');
  });

  it('shows a URL that is not http(s) as text, and percent-encodes an http one', () => {
    const scheme = 'javascript';
    expect(reportMarkdown({ ...report, url: `${scheme}:alert(1)//<x>` }, 'zh')).toContain(
      '- 网页：javascript:alert(1)//\\<x\\>\n',
    );
    expect(reportMarkdown({ ...report, url: 'https://a.gov.cn/p?q=<x> y' }, 'zh')).toContain(
      '- 网页：<https://a.gov.cn/p?q=%3Cx%3E%20y>\n',
    );
  });
});
