import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPage } from '../../cli/load';
import type { PageSource } from '../../lib/dom/adapter';
import { derivationIn } from '../../lib/report/derivation';
import type { AuditReport } from '../../lib/audit';
import { FIXTURES } from '../helpers';
import { auditCorpusFile, corpusFiles } from '../corpus/load';

/**
 * One language per screen: with an English UI a finding's derivation is English too. The checks write their
 * derivations in Chinese; lib/report/derivation.ts puts their own words in English and leaves what the document
 * printed (row labels, titles, the sentence's words, its units) as printed, and the names of the figures used
 * (「…」, 《…》). On real reports every other Chinese word left in an English derivation is one the document prints.
 */

const UNITS = /(?:百万元|千元|万元|亿元|元)/gu;

/** Every string of Chinese characters in an English derivation that the document does not print. */
function foreignWords(report: AuditReport, page: PageSource): string[] {
  const printed = [
    page.title,
    ...page.blocks.flatMap((b) =>
      b.kind === 'text' ? [b.text] : b.kind === 'table' ? b.table.rows.flatMap((r) => r.cells.map((c) => c.text)) : [],
    ),
  ]
    .join('\n')
    .replace(/\s+/gu, '');
  const derivations = [
    ...report.findings.flatMap((f) => [f.derivation, ...(f.relations ?? []).map((r) => r.derivation)]),
    ...report.claims.map((c) => c.derivation),
  ];
  const out = new Set<string>();
  for (const d of derivations) {
    const en = derivationIn(d, 'en')
      .replace(UNITS, ' ')
      .replace(/「[^」]*」|《[^》]*》/gu, ' ');
    for (const m of en.matchAll(/[\u4e00-\u9fff]+/gu)) if (!printed.includes(m[0])) out.add(`${m[0]} ← ${en}`);
  }
  return [...out];
}

describe('derivations in English', () => {
  it('the checks’ own words: difference and tolerance, the text, empty figures, the compositions', () => {
    expect(derivationIn('1 + 2 = 3 ≈ 3.01 (差 0.01 ≤ 容差 0.015)', 'en')).toBe(
      '1 + 2 = 3 ≈ 3.01 (diff 0.01 ≤ tolerance 0.015)',
    );
    expect(derivationIn('1 + 2 = 3 ≈ 3.01 (差 0.01 ≤ 容差 0.015)', 'zh')).toBe(
      '1 + 2 = 3 ≈ 3.01 (差 0.01 ≤ 容差 0.015)',
    );
    expect(derivationIn('#4「行政运行」 521.36 万元 ≠ 正文 521.63 万元（差 0.27 万元）', 'en')).toBe(
      '#4「行政运行」 521.36 万元 ≠ text 521.63 万元 (diff 0.27 万元)',
    );
    expect(derivationIn('#0「三、事业单位经营收入」 空（视为 0） 元', 'en')).toBe(
      '#0「三、事业单位经营收入」 empty (taken as 0) 元',
    );
    expect(derivationIn('基本支出 = 人员经费 + 公用经费：1 + 2 = 3 = 3', 'en')).toBe(
      'basic = personnel + public: 1 + 2 = 3 = 3',
    );
    expect(derivationIn('文件：2026年、某某局、预算；正文标题「2025年部门预算」：2025年', 'en')).toBe(
      'document: 2026, 某某局, budget; heading in the text 「2025年部门预算」: 2025年',
    );
  });

  const fixtures = [
    ...readdirSync(join(FIXTURES, 'pages'))
      .filter((f) => f.endsWith('.html'))
      .map((f) => `pages/${f}`),
    ...readdirSync(join(FIXTURES, 'synthetic')).map((f) => `synthetic/${f}`),
    'pdf/hangzhou-2024.clean.pdf',
    'pdf/huzhou-2024.clean.pdf',
    'pdf/shaoxing-2021.clean.pdf',
  ];
  it.each(fixtures)('%s: every Chinese word left in English is printed by the document', async (file) => {
    const page = await loadPage(join(FIXTURES, file));
    expect(foreignWords(page.report!, page.page!)).toEqual([]);
  });

  it.skipIf(corpusFiles().length === 0)(
    'the real disclosures of ../shared/corpus: the same',
    async () => {
      const left: string[] = [];
      for (const file of corpusFiles()) {
        const a = await auditCorpusFile(file);
        left.push(...foreignWords(a.report, a.source).map((w) => `${file}: ${w}`));
      }
      expect(left).toEqual([]);
    },
    600_000,
  );
});
