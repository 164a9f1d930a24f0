import { describe, expect, it } from 'vitest';
import { HeadlineSchema, type Headline } from '../../lib/extension/messages';
import type { BudgetDocument, TableKind } from '../../lib/model';
import { HEADLINE_KEYS, headlines } from '../../lib/summary';
import { auditFixture, auditHtml } from '../helpers';

const byKey = (hs: readonly Headline[]): Map<string, Headline> => new Map(hs.map((h) => [h.key, h]));

/** The kind of the (possibly merged) budget table a DOM table index belongs to. */
function kindAt(doc: BudgetDocument, domTable: number): TableKind | undefined {
  return doc.tables.find((t) => t.domTables.includes(domTable))?.kind;
}

/** The text of the cell a headline points at, read back from the parsed grid. */
function cellText(doc: BudgetDocument, h: Headline): string | undefined {
  const c = h.cell!;
  for (const t of doc.tables)
    for (const row of t.grid)
      for (const g of row)
        if (g.addr && !g.spanned && g.addr.table === c.table && g.addr.row === c.row && g.addr.cell === c.cell)
          return g.text;
  return undefined;
}

describe('headlines(): Hangzhou 2024 (万元)', () => {
  const { doc } = auditFixture('pages/hangzhou-2024.clean.html');
  const hs = headlines(doc);
  const h = byKey(hs);

  it('validates against the message contract and keeps the display order', () => {
    expect(() => HeadlineSchema.array().parse(hs)).not.toThrow();
    const order = hs.map((x) => HEADLINE_KEYS.indexOf(x.key as (typeof HEADLINE_KEYS)[number]));
    expect(order.every((o) => o >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('has the figures a reporter wants, printed as the page prints them', () => {
    expect(h.get('income-total')).toMatchObject({
      value: '8,149.47',
      unit: '万元',
      share: null,
      label: { zh: '收入总计' },
    });
    expect(h.get('expenditure-total')).toMatchObject({ value: '8,149.47', unit: '万元', share: null });
    expect(h.get('basic')).toMatchObject({ value: '3,169.18', share: '38.9%', label: { zh: '基本支出' } });
    expect(h.get('project')).toMatchObject({ value: '4,980.29', share: '61.1%' });
    expect(h.get('personnel')).toMatchObject({ value: '2,735.16', share: '86.3%' });
    expect(h.get('public')).toMatchObject({ value: '434.02', share: '13.7%' });
    expect(h.get('three-public')).toMatchObject({ value: '11.50', unit: '万元', share: null });
    expect(h.get('three:reception')).toMatchObject({ value: '11.50', share: '100.0%', label: { zh: '公务接待费' } });
    // Printed as 0: shown as 0 with a 0.0% share.
    expect(h.get('three:abroad')).toMatchObject({ value: '0', share: '0.0%' });
    expect(h.get('three:car')).toMatchObject({ value: '0', share: '0.0%' });
  });

  it('every label is bilingual', () => {
    for (const x of hs) {
      expect(x.label.zh).toMatch(/\p{Script=Han}/u);
      expect(x.label.en).toMatch(/^[\x20-\x7e]+$/u);
    }
  });

  it('points each figure at its cell in the table that prints it', () => {
    const where = (key: string): [TableKind | undefined, string | undefined] => {
      const x = h.get(key)!;
      return [kindAt(doc, x.cell!.table), cellText(doc, x)];
    };
    expect(where('income-total')).toEqual(['income-expenditure', '8,149.47']);
    expect(where('expenditure-total')).toEqual(['income-expenditure', '8,149.47']);
    expect(where('basic')).toEqual(['gpb-expenditure', '3,169.18']);
    expect(where('project')).toEqual(['expenditure', '4,980.29']);
    expect(where('personnel')).toEqual(['gpb-expenditure', '2,735.16']);
    expect(where('public')).toEqual(['gpb-expenditure', '434.02']);
    expect(where('three-public')).toEqual(['three-public', '11.50']);
    expect(where('three:reception')).toEqual(['three-public', '11.50']);
    expect(h.get('income-total')!.cell).toEqual({ table: 0, row: 14, cell: 1 });
    expect(h.get('three:reception')!.cell).toEqual({ table: 6, row: 2, cell: 3 });
    // 公务用车购置及运行维护费 is the 小计 column, not 购置费 or 运行维护费.
    expect(h.get('three:car')!.cell).toEqual({ table: 6, row: 2, cell: 4 });
  });

  it('gives the same figures from the Word and CMS markup, at their own addresses', () => {
    for (const page of ['pages/hangzhou-2024.word.html', 'pages/hangzhou-2024.cms.html']) {
      const other = auditFixture(page);
      const o = byKey(headlines(other.doc));
      for (const x of hs) {
        expect(o.get(x.key), `${page} ${x.key}`).toMatchObject({ value: x.value, share: x.share, unit: x.unit });
        expect(kindAt(other.doc, o.get(x.key)!.cell!.table)).toBe(kindAt(doc, x.cell!.table));
      }
    }
  });
});

describe('headlines(): Shaoxing 2021 (元)', () => {
  const { doc } = auditFixture('pages/shaoxing-2021.clean.html');
  const h = byKey(headlines(doc));

  it('keeps the page unit and its printed precision', () => {
    expect(h.get('income-total')).toMatchObject({ value: '25,258,772.17', unit: '元' });
    expect(h.get('basic')).toMatchObject({ value: '8,661,712.17', unit: '元', share: '34.3%' });
    expect(h.get('project')).toMatchObject({ value: '16,597,060.00', unit: '元', share: '65.7%' });
    expect(h.get('personnel')).toMatchObject({ value: '7,193,148.60', share: '83.0%' });
    expect(h.get('three-public')).toMatchObject({ value: '164,110.00', unit: '元' });
    expect(h.get('three:reception')).toMatchObject({ value: '164,110.00', unit: '元', share: '100.0%' });
    expect(kindAt(doc, h.get('three-public')!.cell!.table)).toBe('three-public');
    expect(cellText(doc, h.get('three:reception')!)).toBe('164,110.00');
  });

  it('leaves out figures the page leaves blank instead of showing them as zero', () => {
    expect(h.has('three:abroad')).toBe(false);
    expect(h.has('three:car')).toBe(false);
  });
});

describe('headlines(): other pages', () => {
  it('Huzhou 2024: unformatted figures are printed with separators; the 三公 parts are shares of the total', () => {
    const h = byKey(headlines(auditFixture('pages/huzhou-2024.clean.html').doc));
    expect(h.get('income-total')).toMatchObject({ value: '2,636.92', unit: '万元' });
    expect(h.get('three:reception')).toMatchObject({ value: '4.61', share: '56.8%' });
    expect(h.get('three:car')).toMatchObject({ value: '3.50', share: '43.2%' });
    expect(h.has('three:abroad')).toBe(false);
  });

  it('a page without budget tables has no headlines', () => {
    expect(headlines(auditFixture('pages/hangzhou-2022.clean.html').doc)).toEqual([]);
  });

  it('a share across units (元 over 万元) is computed in 元', () => {
    const html = `<html><body><h1>某市某办2022年部门预算</h1>
<p>表1 2022年部门收支预算总表</p><p>单位：万元</p>
<table border="1">
  <tr><th colspan="2">收 入</th><th colspan="2">支 出</th></tr>
  <tr><th>项 目</th><th>预算数</th><th>项 目</th><th>预算数</th></tr>
  <tr><td>一、财政拨款收入</td><td>1,234.57</td><td>一般公共服务支出</td><td>1,234.57</td></tr>
  <tr><td>收入总计</td><td>1,234.57</td><td>支出总计</td><td>1,234.57</td></tr>
</table>
<p>表2 2022年部门项目支出预算表</p><p>金额单位：元</p>
<table border="1">
  <tr><th>项目名称</th><th>合计</th></tr>
  <tr><td>合计</td><td>3,000,000.00</td></tr>
  <tr><td>信访业务经费</td><td>3,000,000.00</td></tr>
</table></body></html>`;
    const { doc } = auditHtml(html);
    const h = byKey(headlines(doc));
    expect(h.get('expenditure-total')).toMatchObject({ value: '1,234.57', unit: '万元' });
    // 300 万元 of 1,234.57 万元 = 24.30…%
    expect(h.get('project')).toMatchObject({
      value: '3,000,000.00',
      unit: '元',
      share: '24.3%',
      cell: { table: 1, row: 1, cell: 1 },
    });
    expect(h.has('basic')).toBe(false);
  });
});
