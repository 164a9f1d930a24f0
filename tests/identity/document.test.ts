import { describe, expect, it } from 'vitest';
import type { PageSource } from '../../lib/dom/adapter';
import { identityLine, readDocumentIdentity, readIdentityLine } from '../../lib/identity/document';
import { auditHtml } from '../helpers';

/** A page of text lines (and label tables), as the adapter or the PDF reader gives it. */
const row = (r: readonly string[]) => ({
  cells: r.map((text) => ({ text, rowSpan: 1, colSpan: 1, header: false, indent: 0 })),
});

function page(lines: readonly (string | string[][])[], title = '', url = 'test://page'): PageSource {
  let index = 0;
  return {
    url,
    title,
    tableCount: lines.filter((l) => typeof l !== 'string').length,
    blocks: lines.map((l) =>
      typeof l === 'string'
        ? { kind: 'text' as const, text: l }
        : { kind: 'table' as const, table: { index: index++, caption: '', hasNestedTable: false, rows: l.map(row) } },
    ),
  };
}

const TOC = ['目 录', '第一部分 部门概况', '一、主要职能', '第二部分 2026年度部门预算表', '一、收支总表'];

describe('covers', () => {
  it('"2026年X局部门预算" and "X局 2026 年度部门决算": department, year, stage, scope', () => {
    const a = readDocumentIdentity(page(['2026年杭州市城市管理局部门预算', ...TOC]));
    expect([a.department, a.year, a.stage, a.scope]).toEqual(['杭州市城市管理局', 2026, '预算', '部门']);
    expect(a.evidence.department?.source).toBe('cover');
    const b = readDocumentIdentity(page(['宁波市水利局 2026 年度部门决算', ...TOC]));
    expect([b.department, b.year, b.stage, b.scope]).toEqual(['宁波市水利局', 2026, '决算', '部门']);
  });

  it('a cover over two or three lines is read as one', () => {
    const two = readDocumentIdentity(page(['2026年', '珠海市商务局部门预算', ...TOC]));
    expect([two.department, two.year, two.stage, two.title]).toEqual([
      '珠海市商务局',
      2026,
      '预算',
      '2026年珠海市商务局部门预算',
    ]);
    const three = readDocumentIdentity(page(['2026 年度', '无锡市教育局（本级）', '单位预算公开', ...TOC]));
    expect([three.department, three.year, three.stage, three.scope]).toEqual(['无锡市教育局', 2026, '预算', '单位']);
    const split = readDocumentIdentity(page(['江苏省人民检察院', '2017年部门预算', ...TOC]));
    expect([split.department, split.year]).toEqual(['江苏省人民检察院', 2017]);
  });

  it('"上海市普陀区2025年区级部门预算" names the district; the department is on its own line', () => {
    const withLine = readDocumentIdentity(
      page(['上海市普陀区2025年区级部门预算', '预算主管部门：上海市普陀区教育局', '目 录']),
    );
    expect([withLine.department, withLine.year, withLine.stage]).toEqual(['上海市普陀区教育局', 2025, '预算']);
    expect(withLine.evidence.department).toEqual({ source: 'label', text: '预算主管部门：上海市普陀区教育局' });
    const without = readDocumentIdentity(page(['上海市普陀区2025年区级部门预算', '目 录', '一、部门主要职能']));
    expect(without.department).toBeNull();
    expect(without.departmentNote?.zh).toContain('上海市普陀区');
    expect(without.year).toBe(2025);
  });

  it('部门综合预算 is a 预算', () => {
    const id = readDocumentIdentity(page(['西安市医疗保障局 2022 年部门综合预算', '目录', '第一部分部门概况']));
    expect([id.department, id.year, id.stage, id.scope]).toEqual(['西安市医疗保障局', 2022, '预算', '部门']);
  });

  it('Word exports: full-width digits and a space between every character', () => {
    const id = readDocumentIdentity(page(['２０２６　年　度', '南 京 市 财 政 局', '部　门　预　算', '目　录']));
    expect([id.department, id.year, id.stage]).toEqual(['南京市财政局', 2026, '预算']);
  });
});

describe('prefixes, placeholders and names that are not names', () => {
  it('section and list prefixes are never the department', () => {
    expect(identityLine('第二部分 江苏省人民检察院 2017 年度部门预算表')).toBe('江苏省人民检察院2017年度部门预算表');
    expect(identityLine('五、2022 年部门预算收支说明')).toBe('2022年部门预算收支说明');
    expect(identityLine('附件2：预算主管部门公开样张')).toBe('预算主管部门公开样张');
    expect(identityLine('（三）支出预算情况说明 ............................3')).toBe('支出预算情况说明');
    expect(readIdentityLine('第二部分 2026年度部门预算表')).toEqual({ year: 2026, stage: '预算', scope: '部门' });
    const id = readDocumentIdentity(
      page(['第一部分 2026 年度部门预算情况说明', '五、2026 年部门预算收支说明', '第二部分 福州市民政局概况']),
    );
    expect([id.department, id.year, id.stage]).toEqual(['福州市民政局', 2026, '预算']);
    expect(id.evidence.department?.source).toBe('heading');
  });

  it("a template's placeholder is reported as such, not as a department", () => {
    const id = readDocumentIdentity(page(['上海市 XX 局2024 年度部门决算', '目 录'], '附件2：预算主管部门公开样张'));
    expect(id.department).toBeNull();
    expect(id.placeholder).toBe('上海市XX局');
    expect(id.departmentNote?.zh).toContain('模板');
    expect([id.year, id.stage, id.title]).toEqual([2024, '决算', '上海市XX局2024年度部门决算']);
    expect(readDocumentIdentity(page(['2026年XX局部门预算'])).placeholder).toBe('XX局');
    expect(readDocumentIdentity(page(['某市某局2024年部门预算'])).department).toBeNull();
  });

  it('a cut-off or generic name is never accepted; a document without a name says so', () => {
    const cut = readDocumentIdentity(page(['预算12表 项目支出绩效目标表', '67866-北京市公共', '金额单位：万元']));
    expect(cut.department).toBeNull();
    expect(cut.departmentNote?.zh).toContain('北京市公共');
    const none = readDocumentIdentity(page(['2026年部门预算', '目 录', '一、部门概况'], '.'));
    expect(none.department).toBeNull();
    expect(none.departmentNote).toEqual({
      zh: '封面、标题和各级标题中均未写明部门名称',
      en: 'the cover, title and headings name no department',
    });
    expect([none.year, none.stage]).toEqual([2026, '预算']);
  });
});

describe('other sources', () => {
  it("a label in a table's first rows, year and stage from the table titles", () => {
    const lines = [
      '预算01表 收支总表',
      '金额单位：万元',
      [
        ['部门名称', '北京市司法局'],
        ['合计', '1.00'],
      ],
      '2026年政府采购预算表',
    ];
    const id = readDocumentIdentity(page(lines, '预算01表 收支总表'));
    expect([id.department, id.year, id.stage]).toEqual(['北京市司法局', 2026, '预算']);
    const final = readDocumentIdentity(
      page(['收入支出决算总表', '部门：江苏省政协办公厅', '单位：万元', '一般公共预算财政拨款支出决算表']),
    );
    expect([final.department, final.stage]).toEqual(['江苏省政协办公厅', '决算']);
  });

  it("the page title with a site name after it; a PDF's junk metadata title gives way to the cover", () => {
    const html = readDocumentIdentity(
      page(
        ['首页 > 政务公开'],
        '中共杭州市委杭州市人民政府信访局(部门)2024 年度部门预算_部门预算_杭州市人民政府门户网站',
      ),
    );
    expect([html.department, html.year, html.stage]).toEqual(['中共杭州市委杭州市人民政府信访局', 2024, '预算']);
    expect(html.title).toBe('中共杭州市委杭州市人民政府信访局(部门)2024 年度部门预算_部门预算_杭州市人民政府门户网站');
    const pdf = readDocumentIdentity(page(['.', '长春市信访局（本级）2026年度部门预算公开', '初审：徐 宁'], '.'));
    expect([pdf.title, pdf.department]).toEqual(['长春市信访局（本级）2026年度部门预算公开', '长春市信访局']);
  });

  it('the file name only as the last resort', () => {
    const url = `https://x.gov.cn/files/${encodeURIComponent('2024年宁波市水利局部门决算')}.pdf`;
    const named = readDocumentIdentity(page(['收入支出决算总表'], '', url));
    expect([named.department, named.year, named.stage]).toEqual(['宁波市水利局', 2024, '决算']);
    expect(named.evidence.department?.source).toBe('file-name');
    const pinyin = readDocumentIdentity(page(['表一'], '', '/docs/ningbo-shuiliju-2025-juesuan.pdf'));
    expect([pinyin.department, pinyin.year, pinyin.stage]).toEqual([null, 2025, '决算']);
    const cover = readDocumentIdentity(page(['宁波市水利局2026年度部门预算'], '', '/docs/other-2019-juesuan.pdf'));
    expect([cover.year, cover.stage]).toEqual([2026, '预算']);
  });

  it("a saved file's name with a collection's prefix before the document's own name", () => {
    const url = `/saved/${encodeURIComponent('下载_017_2026年嘉兴市水利局部门预算')}.pdf`;
    const named = readDocumentIdentity(page(['收支总表'], '', url));
    expect([named.department, named.year, named.stage]).toEqual(['嘉兴市水利局', 2026, '预算']);
  });
});

describe('covers as departments print them', () => {
  it('"X部门 / 2026 年度部门预算信息公开": 部门 after the name is not part of it', () => {
    const id = readDocumentIdentity(page(['嘉兴市教育委员会部门', '2026 年度部门预算信息公开', ...TOC]));
    expect([id.department, id.year, id.stage, id.scope]).toEqual(['嘉兴市教育委员会', 2026, '预算', '部门']);
  });

  it('"2026 部门预算情况的说明": a year printed without 年', () => {
    const id = readDocumentIdentity(
      page(['嘉兴市人民政府国有资产监督管理委员会', '2026 部门预算情况的说明', '一、部门情况说明']),
    );
    expect([id.department, id.year, id.stage]).toEqual(['嘉兴市人民政府国有资产监督管理委员会', 2026, '预算']);
  });

  it('"附件2" above the title is no part of the year; a label run on into the next one ends with the name', () => {
    const id = readDocumentIdentity(
      page(['附件2', '2019年部门综合预算公开报表', '部门名称：嘉兴市水利局保密审查情况：不设密 张三', '目录']),
    );
    expect([id.department, id.year, id.stage]).toEqual(['嘉兴市水利局', 2019, '预算']);
    expect(id.departmentNote).toBeUndefined();
  });

  it('a report on a project names its department as 项目主管部门', () => {
    const id = readDocumentIdentity(
      page(['嘉兴市财政项目支出绩效评价报告', '评价项目类型：项目实施过程评价', '项目主管部门： 嘉兴市水利局']),
    );
    expect(id.department).toBe('嘉兴市水利局');
  });
});

describe('in the engine', () => {
  it('the document carries its identity; the table department still comes from its own lines', () => {
    const { doc, report } =
      auditHtml(`<html><head><title>附件2：样张</title></head><body><p>上海市普陀区2025年区级部门预算</p>
      <p>预算主管部门：上海市普陀区商务委员会</p><p>部门财务收支预算总表</p><p>单位：万元</p>
      <table><tr><th>项目</th><th>预算数</th></tr><tr><td>合计</td><td>1.00</td></tr></table></body></html>`);
    expect([doc.department, doc.year, doc.stage, doc.title]).toEqual([
      '上海市普陀区商务委员会',
      2025,
      '预算',
      '上海市普陀区2025年区级部门预算',
    ]);
    expect(report.document).toMatchObject({ department: '上海市普陀区商务委员会', year: 2025, stage: '预算' });
    expect(doc.identity?.scope).toBe('部门');
  });
});
