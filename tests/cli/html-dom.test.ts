import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { parseHtmlLean } from '../../cli/html-dom';
import { readPage, type DomNode } from '../../lib/dom/adapter';
import { decodeHtml } from '../../lib/page/charset';
import { FIXTURES } from '../helpers';

/** What the adapter reads from linkedom's tree and from the command line's own (cli/html-dom.ts). */
const both = (html: string) => ({
  linkedom: readPage(parseHTML(html).document as unknown as DomNode, 'test://page'),
  lean: readPage(parseHtmlLean(html), 'test://page'),
});

const pages = (dir: string): string[] =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => /\.html?$/u.test(f))
    .map((f) => join(dir, f));

describe("the command line's HTML tree reads as linkedom's", () => {
  it.each([...pages('pages'), ...pages('synthetic'), ...pages('e2e'), ...pages('years')])('%s', (path) => {
    const { linkedom, lean } = both(decodeHtml(readFileSync(join(FIXTURES, path))));
    expect(lean).toEqual(linkedom);
  });

  it('keeps linkedom’s quirks: implied closes, attribute case, entities, hidden, skipped and nested tables', () => {
    const html = [
      '<!DOCTYPE html><html><head><title>T &amp; t</title><link rel="canonical" href="/c"></head><body>',
      '<p>一、收入 &nbsp; 100<br>二<!-- 注 -->、支出</p>',
      '<table><tr><td COLSPAN=2 style="padding-left:2em">合计<td colspan="3" colspan="1">1,000',
      '<tr><th>项目<td><b>粗</b> <strong>体</strong><td>&#x4e00;&lt;2&gt;<td rowspan=0>x</table>',
      '<div hidden><table><tr><td>藏</td></tr></table></div>',
      '<div style="display: none"><table><tr><td>藏</td></tr></table></div>',
      '<svg><table><tr><td>s</td></tr></table></svg><template><table><tr><td>t</td></tr></table></template>',
      '<script>var t = "<table>";</script><style>td { }</style>',
      '<table><tbody><tr><td><table><tr><td>内</td></tr></table></td><td>旁</td></tr></tbody>',
      '<thead><tr><th>头</th></tr></thead><tfoot><tr><td>脚</td></tr></tfoot></table>',
      '<table><caption>说明</caption><tr><td>　　缩进<p>段</p></td></tr></table>',
      '<![CDATA[ x ]]><?php echo 1 ?></body></html>',
    ].join('\n');
    const { linkedom, lean } = both(html);
    expect(lean).toEqual(linkedom);
    expect(lean.tableCount).toBe(8);
  });
});
