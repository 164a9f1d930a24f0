import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../lib/audit';
import { auditHtml } from '../helpers';

/**
 * The document-level checks (lib/checks/required-tables.ts, consistency.ts) on small synthetic pages: tables matched by
 * what they are whatever their printed names, and disagreements of year, department and stage only where the page says
 * whose budget it is.
 */

const doc = (title: string, body: string): AuditReport =>
  auditHtml(
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
      `<body><h1>${title}</h1>${body}</body></html>`,
  ).report;

const of = (r: AuditReport, check: string) => r.findings.filter((f) => f.check === check);
const missing = (r: AuditReport) =>
  of(r, 'required-tables')
    .filter((f) => f.message.zh.startsWith('缺少'))
    .map((f) => /「(.+?)」/u.exec(f.message.zh)![1]);

const table = (title: string, header: string, rows: string, before = '') =>
  `${before}<h3>${title}</h3><p>单位：万元</p><table>${header}${rows}</table>`;
const two = '<tr><th>项目</th><th>决算数</th><th>项目</th><th>决算数</th></tr>';
const twoRows = (income: string) =>
  `<tr><td>${income}</td><td>10.00</td><td>一、一般公共服务支出</td><td>10.00</td></tr><tr><td>本年收入合计</td><td>10.00</td>
<td>本年支出合计</td><td>10.00</td></tr>`;
const byUse = '<tr><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>';
const byUseRows =
  '<tr><td>合计</td><td>10.00</td><td>10.00</td><td>0.00</td></tr><tr><td>一般公共服务支出</td><td>10.00</td><td>10.00</td>' +
  '<td>0.00</td></tr>';
const one = '<tr><th>科目名称</th><th>本年支出</th></tr>';

/** The nine tables of a 部门决算, the 7th and 8th titled by their template numbers only, the 三公 one by its header. */
const OUTTURN = [
  table('收入支出决算总表', two, twoRows('一、一般公共预算财政拨款收入')),
  table(
    '收入决算表',
    '<tr><th>科目名称</th><th>本年收入合计</th><th>财政拨款收入</th><th>事业收入</th></tr>',
    '<tr><td>合计</td><td>10.00</td><td>10.00</td><td>0.00</td></tr>',
  ),
  table('支出决算表', byUse, byUseRows),
  table('财政拨款收入支出决算总表', two, twoRows('一、一般公共预算财政拨款')),
  table('一般公共预算财政拨款支出决算表', byUse, byUseRows),
  table(
    '一般公共预算财政拨款基本支出决算表',
    '<tr><th>科目名称</th><th>决算数</th></tr>',
    '<tr><td>合计</td><td>10.00</td></tr><tr><td>工资福利支出</td><td>10.00</td></tr>',
  ),
  table('公开07表', one, '<tr><td>合计</td><td>0.00</td></tr>', '<p>政府性基金预算财政拨款收入支出决算表</p>'),
  // The number printed twice over itself (bold by overprinting in the PDF).
  table('公开08表公开08表', one, '<tr><td>合计</td><td>0.00</td></tr>', '<p>国有资本经营预算财政拨款支出决算表</p>'),
  table(
    '会议费、培训费支出决算表',
    '<tr><th rowspan="2">合计</th><th colspan="2">“三公”经费</th><th rowspan="2">会议费</th></tr>' +
      '<tr><th>公务接待费</th><th>因公出国（境）费</th></tr>',
    '<tr><td>1.00</td><td>0.50</td><td>0.50</td><td>0.00</td></tr>',
  ),
];

describe('required tables, matched by what they are', () => {
  it(
    'a table titled only by its number (公开07表) is the one the line printed with it names; ' +
      'a 三公 table cut in its title, by its header',
    () => {
      expect(missing(doc('某市某局2024年部门决算', OUTTURN.join('')))).toEqual([]);
    },
  );

  it('a table that is not there is still missing', () => {
    const r = doc('某市某局2024年部门决算', OUTTURN.filter((t) => !t.includes('公开08表')).join(''));
    expect(missing(r)).toEqual(['国有资本经营预算财政拨款支出决算表']);
  });
});

describe('year, department and stage', () => {
  const body = (heading: string) =>
    `<h2>${heading}</h2><p>2024年某局收入预算10.00万元，支出预算10.00万元。</p>` +
    table('收支总表', two.replace(/决算数/gu, '预算数'), twoRows('一、一般公共预算拨款收入'));
  const warnings = (heading: string) => of(doc('杭州市信访局2024年部门预算', body(heading)), 'consistency');

  it('a heading that names another year is a warning, with where it is', () => {
    const [w] = warnings('杭州市信访局2023年部门预算');
    expect(w?.message.zh).toContain('「2023年」');
  });

  it.each([
    ['a comparison of two years', '2024 年与 2023 年部门预算对比'],
    ["a site's breadcrumb", '当前位置：首页 > 预决算公开 > 2019年部门预算公开目录'],
    ['a dated link', '某市某局2023年度部门决算公开 09-30'],
    ["a unit's budget inside the department's", '（二）某市某中心2024年单位预算情况说明'],
    ["a project's table", '某市执法办案中心改造项目绩效目标表'],
    ["another department's name that says nothing about whose budget this is", '市财政局'],
  ])('no warning for %s', (_what, heading) => {
    expect(warnings(heading)).toEqual([]);
  });

  it("a table whose title names another department's budget is a warning", () => {
    const r = doc(
      '杭州市信访局2024年部门预算',
      body('一、部门概况') +
        table('杭州市统计局2024年部门收支总表', two.replace(/决算数/gu, '预算数'), twoRows('一、一般公共预算拨款收入')),
    );
    expect(of(r, 'consistency').map((f) => f.stated)).toContain('杭州市统计局');
  });

  it("a table's title, printed above it as a line of text too, is one warning, not two", () => {
    const r = doc(
      '杭州市信访局2024年部门预算',
      body('一、部门概况') +
        table('2023年部门收支预算总表', two.replace(/决算数/gu, '预算数'), twoRows('一、一般公共预算拨款收入')),
    );
    expect(of(r, 'consistency').map((f) => f.stated)).toEqual(['2023年']);
  });

  it('a page that is no disclosure (a list of links) is not checked', () => {
    const links = ['某市某局2023年度部门决算公开', '某市某局2022年度部门预算公开', '市财政局'];
    const r = doc('杭州市信访局2024年部门预算', links.map((l) => `<h2>${l}</h2>`).join(''));
    expect(of(r, 'consistency')).toEqual([]);
  });
});
