import type { PageReport } from '../extension/messages';
import type { Cell, ClaimData, FindingData, TableStatus } from './schema';
import { derivationIn } from './derivation';
import { CLAIM_KIND, claimCounts, claimStatus, KIND, STATUS } from './text';

/**
 * "Copy summary as Markdown": a page's report as a reporter pastes it into notes or a story draft.
 * Every piece of text that came from the page (titles, names, labels inside messages and derivations) is escaped,
 * so the page cannot inject links, images, emphasis or HTML into the reporter's document.
 */

export type MarkdownLang = 'zh' | 'en';

/** How many rounding-level findings are listed one by one; the rest are counted. */
export const ROUNDING_LISTED = 20;

/** Escapes the characters Markdown (CommonMark + GFM tables) gives a meaning to inline; newlines become spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n\t]+/gu, ' ').replace(/[\\`*_[\]<>|~&]/gu, (ch) => `\\${ch}`);
}

/** The page URL as an autolink when it is http(s) (the URL parser percent-encodes <, >, spaces), else as text. */
function link(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return `<${u.href.replace(/[<>\s]/gu, encodeURIComponent)}>`;
  } catch {
    // not a URL: shown as text
  }
  return escapeMarkdown(url);
}

const SEVERITY: Record<FindingData['severity'], [string, string]> = {
  error: ['错误', 'Error'],
  warning: ['警告', 'Warning'],
  info: ['舍入', 'Rounding'],
};

const cellText = (c: Cell): string => `\`${c.table}:${c.row}:${c.cell}\``;
const cellsText = (cells: readonly Cell[]): string => cells.map(cellText).join(' ');

/** How many not-checked claims are listed one by one; the rest are counted. */
const NOT_CHECKED_CLAIMS_LISTED = 20;

export function reportMarkdown(report: PageReport, lang: MarkdownLang): string {
  const zh = lang === 'zh';
  const i = zh ? 0 : 1;
  const L = (z: string, e: string): string => (zh ? z : e);
  const none = L('未注明', 'not stated');
  const d = report.document;
  const s = report.summary;
  const out: string[] = [];

  const title = d.title || report.title;
  out.push(
    `# ${L('预算透镜核对摘要', 'budget-lens check summary')}${title ? `${L('：', ': ')}${escapeMarkdown(title)}` : ''}`,
  );
  out.push('');
  out.push(`- ${L('部门', 'Department')}${L('：', ': ')}${d.department ? escapeMarkdown(d.department) : none}`);
  out.push(`- ${L('年度', 'Year')}${L('：', ': ')}${d.year ?? none}${d.stage ? ` ${escapeMarkdown(d.stage)}` : ''}`);
  out.push(`- ${L('单位', 'Unit')}${L('：', ': ')}${d.unit ? escapeMarkdown(d.unit) : none}`);
  out.push(`- ${L('网页', 'Page')}${L('：', ': ')}${link(report.url)}`);
  out.push(`- ${L('核对时间', 'Checked at')}${L('：', ': ')}${escapeMarkdown(report.auditedAt)}`);

  if (report.headlines.length > 0) {
    out.push('', `## ${L('主要数字', 'Headline figures')}`, '');
    out.push(
      `| ${L('项目', 'Item')} | ${L('金额', 'Amount')} | ${L('单位', 'Unit')} | ${L('占比', 'Share')} | ${L('单元格', 'Cell')} |`,
    );
    out.push('| --- | ---: | --- | ---: | --- |');
    for (const h of report.headlines) {
      out.push(
        `| ${escapeMarkdown(zh ? h.label.zh : h.label.en)} | ${escapeMarkdown(h.value)} | ` +
          `${escapeMarkdown(h.unit)} | ${h.share ? escapeMarkdown(h.share) : ''} | ${h.cell ? cellText(h.cell) : ''} |`,
      );
    }
  }

  out.push('', `## ${L('核对结果', 'Checks')}`, '');
  out.push(
    zh
      ? `- 通过：${s.passed}\n- 未通过：${s.errors + s.warnings}（错误 ${s.errors}，警告 ${s.warnings}）\n- 舍入差异：` +
          `${s.rounding}\n- 未核对的单元格：${s.notCheckedCells}\n- 表格：${s.tables} 个，其中预算表 ${s.budgetTables} 个`
      : `- Passed: ${s.passed}\n- Failed: ${s.errors + s.warnings} (errors ${s.errors}, warnings ` +
          `${s.warnings})\n- Within rounding: ${s.rounding}\n- Cells not checked: ${s.notCheckedCells}\n- ` +
          `Tables: ${s.tables}, of which budget tables: ${s.budgetTables}`,
  );

  if (report.tables.length > 0) {
    out.push('');
    out.push(
      `| # | ${L('表格', 'Table')} | ${L('类型', 'Kind')} | ${L('单位', 'Unit')} | ${L('状态', 'Status')} | ` +
        `${L('通过', 'Passed')} | ${L('未通过', 'Failed')} | ${L('舍入', 'Rounding')} | ${L('未核对', 'Not checked')} |`,
    );
    out.push('| ---: | --- | --- | --- | --- | ---: | ---: | ---: | ---: |');
    for (const t of report.tables) {
      const kind = KIND[t.kind]?.[i] ?? t.kind;
      const status = STATUS[t.status as TableStatus]?.[i] ?? t.status;
      out.push(
        `| ${t.index} | ${t.title ? escapeMarkdown(t.title) : L('（无标题）', '(untitled)')} | ` +
          `${escapeMarkdown(kind)} | ${escapeMarkdown(t.unit)} | ${escapeMarkdown(status)} | ${t.passed} | ` +
          `${t.failed} | ${t.rounding} | ${t.notCheckedCells} |`,
      );
    }
  }

  const failed = report.findings
    .filter((f) => f.severity !== 'info')
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const rounding = report.findings.filter((f) => f.severity === 'info');
  const sep = L('：', ': ');

  if (failed.length > 0) {
    out.push('', zh ? `## 错误与警告（${failed.length}）` : `## Errors and warnings (${failed.length})`, '');
    failed.forEach((f, n) => {
      out.push(`${n + 1}. **${SEVERITY[f.severity][i]}**${sep}${escapeMarkdown(zh ? f.message.zh : f.message.en)}`);
      const unit = f.unit ? ` ${escapeMarkdown(f.unit)}` : '';
      if (f.stated !== null) out.push(`   - ${L('表列', 'Printed')}${sep}${escapeMarkdown(f.stated)}${unit}`);
      if (f.expected !== null) out.push(`   - ${L('应为', 'Expected')}${sep}${escapeMarkdown(f.expected)}${unit}`);
      out.push(`   - ${L('推算', 'Derivation')}${sep}${escapeMarkdown(derivationIn(f.derivation, lang))}`);
      if (f.cells.length > 0) out.push(`   - ${L('单元格', 'Cells')}${sep}${cellsText(f.cells)}`);
    });
  }

  // The claims of the text (the side panel's report carries them since issue 5) before the rounding differences:
  // a failed claim of the text matters more than a rounding difference, and the rounding list stays last.
  if (report.claims.length > 0) out.push('', ...claimsMarkdown(report.claims, zh));

  if (rounding.length > 0) {
    out.push('', zh ? `## 舍入差异（${rounding.length}）` : `## Rounding differences (${rounding.length})`, '');
    out.push(
      zh
        ? `${rounding.length} 处差异在舍入容差之内（印刷精度可以解释），不算错误。`
        : `${rounding.length} differences are within rounding tolerance (explained by the printed precision)` +
            ` and are not errors.`,
    );
    out.push('');
    for (const f of rounding.slice(0, ROUNDING_LISTED)) {
      out.push(
        `- ${escapeMarkdown(zh ? f.message.zh : f.message.en)}${f.cells[0] ? ` — ${cellText(f.cells[0])}` : ''}`,
      );
    }
    if (rounding.length > ROUNDING_LISTED)
      out.push(
        `- ${
          zh
            ? `另有 ${rounding.length - ROUNDING_LISTED} 处未列出`
            : `${rounding.length - ROUNDING_LISTED} more not listed`
        }`,
      );
  }

  if (failed.length === 0 && rounding.length === 0) {
    out.push('', L('未发现错误、警告或舍入差异。', 'No errors, warnings or rounding differences were found.'));
  }

  out.push(
    '',
    L(
      '单元格地址为「表:行:列」（从 0 起：表为网页中 <table> 的序号，行为 table.rows 中的序号，列为 row.cells 中的序号）。由预算透镜 budget-lens 生成。',
      "Cells are TABLE:ROW:CELL (0-based: the <table> among the page's tables, the row in table.rows, the " +
        'cell in row.cells). Made by budget-lens.',
    )
      .replace(/</gu, '\\<')
      .replace(/>/gu, '\\>'),
  );
  return `${out.join('\n')}\n`;
}

/**
 * The claims in the text: counts; the failed and warned claims with their derivation; what could not be checked and
 * why.
 */
function claimsMarkdown(claims: readonly ClaimData[], zh: boolean): string[] {
  const out: string[] = [];
  const n = claimCounts(claims);
  const sep = zh ? '：' : ': ';
  out.push(zh ? `## 正文数字（${claims.length}）` : `## Claims in the text (${claims.length})`, '');
  out.push(
    zh
      ? `- 通过：${n.passed}\n- 错误：${n.failed}\n- 警告：${n.warnings}\n- 舍入差异：${n.rounding}\n- 未核对：${n.notChecked}`
      : `- Passed: ${n.passed}\n- Errors: ${n.failed}\n- Warnings: ${n.warnings}\n- Within rounding: ` +
          `${n.rounding}\n- Not checked: ${n.notChecked}`,
  );
  const bad = [...claims.filter((c) => c.status === 'failed'), ...claims.filter((c) => c.status === 'warning')];
  if (bad.length > 0) {
    out.push('');
    bad.forEach((c, i) => {
      const [, sz, se] = claimStatus(c);
      out.push(
        `${i + 1}. **${zh ? sz : se}**（${CLAIM_KIND[c.kind][zh ? 0 : 1]}）「${escapeMarkdown(c.text)}」` +
          `${sep}${escapeMarkdown(zh ? c.message.zh : c.message.en)}`,
      );
      if (c.expected !== null)
        out.push(
          `   - ${zh ? '正文' : 'Stated'}${sep}${escapeMarkdown(c.stated)}；` +
            `${zh ? '应为' : 'expected'}${sep}${escapeMarkdown(c.expected)}`,
        );
      if (c.derivation)
        out.push(
          `   - ${zh ? '推算' : 'Derivation'}${sep}${escapeMarkdown(derivationIn(c.derivation, zh ? 'zh' : 'en'))}`,
        );
      if (c.cells.length > 0) out.push(`   - ${zh ? '单元格' : 'Cells'}${sep}${cellsText(c.cells)}`);
    });
  }
  const unchecked = claims.filter((c) => c.status === 'not-checked');
  if (unchecked.length > 0) {
    out.push('', zh ? `未核对的正文数字（${unchecked.length}）：` : `Claims not checked (${unchecked.length}):`, '');
    for (const c of unchecked.slice(0, NOT_CHECKED_CLAIMS_LISTED))
      out.push(`- 「${escapeMarkdown(c.text)}」 — ${escapeMarkdown(zh ? c.message.zh : c.message.en)}`);
    if (unchecked.length > NOT_CHECKED_CLAIMS_LISTED)
      out.push(
        `- ${
          zh
            ? `另有 ${unchecked.length - NOT_CHECKED_CLAIMS_LISTED} 处未列出`
            : `${unchecked.length - NOT_CHECKED_CLAIMS_LISTED} more not listed`
        }`,
      );
  }
  return out;
}
