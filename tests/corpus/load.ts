import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditReport } from '../../lib/audit';
import type { BudgetDocument } from '../../lib/model';
import type { PageSource } from '../../lib/dom/adapter';
import { loadPage } from '../../cli/load';

/**
 * ../shared/corpus beside the project: real disclosures as published (its README says what is known of each);
 * BUDGET_LENS_CORPUS names another folder (a worktree elsewhere). Its absence fails tests/corpus/present.test.ts.
 */
export const CORPUS = process.env.BUDGET_LENS_CORPUS ?? join(__dirname, '..', '..', '..', 'shared', 'corpus');

export const corpusFiles = (): string[] =>
  existsSync(CORPUS)
    ? readdirSync(CORPUS)
        .filter((f) => /\.(?:pdf|html?)$/iu.test(f))
        .sort()
    : [];

export interface Audited {
  readonly file: string;
  readonly source: PageSource;
  readonly doc: BudgetDocument;
  readonly report: AuditReport;
}

const cache = new Map<string, Promise<Audited>>();

/** Reads and audits one corpus file as the command line does (once per test process). */
export function auditCorpusFile(file: string): Promise<Audited> {
  let p = cache.get(file);
  if (!p) {
    p = (async () => {
      const page = await loadPage(join(CORPUS, file));
      if (!page.doc) throw new Error(`${file} has no text`);
      return { file, source: page.page, doc: page.doc, report: page.report };
    })();
    cache.set(file, p);
  }
  return p;
}

/** The same source with one table cell's text replaced, as a printing slip would. */
export function withCellText(source: PageSource, table: number, row: number, cell: number, text: string): PageSource {
  return {
    ...source,
    blocks: source.blocks.map((b) => {
      if (b.kind !== 'table' || b.table.index !== table) return b;
      const rows = b.table.rows.map((r, ri) =>
        ri !== row ? r : { cells: r.cells.map((c, ci) => (ci === cell ? { ...c, text } : c)) },
      );
      return { kind: 'table', table: { ...b.table, rows } };
    }),
  };
}
