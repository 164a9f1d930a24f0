import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { looksLikeBudgetPage, type DetectableDocument } from '../../lib/page/detect';
import { FIXTURES, fixture } from '../helpers';

const doc = (html: string) => parseHTML(html).document as unknown as DetectableDocument;

describe('the detector', () => {
  const pages = [
    ...readdirSync(join(FIXTURES, 'pages')).map((f) => `pages/${f}`),
    ...readdirSync(join(FIXTURES, 'synthetic')).map((f) => `synthetic/${f}`),
  ].filter((f) => f.endsWith('.html') && !f.includes('hangzhou-2022') && !f.includes('empty-and-layout'));
  it.each(pages)('finds budget tables in %s', (page) => {
    expect(looksLikeBudgetPage(doc(fixture(page)))).toBe(true);
  });

  it('stays quiet on pages without budget tables: prose only, layout and metadata tables, other number tables', () => {
    expect(looksLikeBudgetPage(doc(fixture('pages/hangzhou-2022.clean.html')))).toBe(false);
    expect(
      looksLikeBudgetPage(
        doc(
          '<title>政务公开</title><table><tr><td>索引号：</td><td>11330100/2024-00123</td></tr><tr><td>发布机构：</' +
            'td><td>市信访局</td></tr></table><p>通知正文</p>',
        ),
      ),
    ).toBe(false);
    expect(
      looksLikeBudgetPage(
        doc(
          '<title>天气</title><table><tr><th>城市</th><th>气温</th></tr><tr><td>杭州</td><td>21.50</td></tr></table>',
        ),
      ),
    ).toBe(false);
    expect(looksLikeBudgetPage(doc('<title>新闻</title><p>无表格</p>'))).toBe(false);
  });

  it('an empty budget table with only a note is not worth loading the engine for', () => {
    expect(looksLikeBudgetPage(doc(fixture('synthetic/empty-and-layout.html')))).toBe(false);
  });
});
