import type { BudgetRow, BudgetTable, ColumnNode } from '../model';
import { isOfWhich, isTotalColumnLabel, squash } from '../parse/labels';
import { checkSum, rowHasAmount, type Operand } from './compare';
import type { Check } from './types';

const THREE_PUBLIC_PART = /出国|公务用车|接待/u;

/** "其中" columns and "扣除基建项目后预算数" (the same figure less a part): never a term of a sum. */
const notATerm = (label: string): boolean => isOfWhich(label) || /^扣除/u.test(squash(label));

/** A column that is its header's own total: 小计 / 合计 under it, or "项目支出总数" under 项目支出. */
const ownTotal = (parent: string, label: string): boolean =>
  isTotalColumnLabel(label) ||
  (squash(label).startsWith(squash(parent)) && /(?:总数|总额|总计|合计|小计)$/u.test(squash(label)));

/** The amount columns a header node stands for in a sum: its total column if it has one, else its parts. */
function termColumns(node: ColumnNode, table: BudgetTable): number[] {
  const amount = (c: number): boolean => table.columns[c]?.role === 'amount';
  if (node.children.length === 0) return node.columns.filter(amount).slice(0, 1);
  const total = node.children.find(
    (c) => c.children.length === 0 && ownTotal(node.label, c.label) && c.columns.some(amount),
  );
  if (total) return total.columns.filter(amount).slice(0, 1);
  return node.children.filter((c) => !notATerm(c.label)).flatMap((c) => termColumns(c, table));
}

interface ColumnRelation {
  total: number;
  terms: number[];
  what: string;
  /** 'ge' for parts listed after "其中：" (小计 | 其中：基本支出 | 项目支出): the total is at least their sum. */
  relation: 'eq' | 'ge';
}

/** Total columns and their terms, found level by level in the header tree. */
export function columnRelations(table: BudgetTable): ColumnRelation[] {
  const out: ColumnRelation[] = [];
  const visit = (siblings: readonly ColumnNode[], parentLabel: string): void => {
    const amountNodes = siblings.filter((n) => n.columns.some((c) => table.columns[c]?.role === 'amount'));
    // Siblings on different sides of a two-sided table never sum together.
    const bySide = new Map<number, ColumnNode[]>();
    for (const n of amountNodes) {
      const side = table.columns[n.columns[0]!]!.side;
      bySide.set(side, [...(bySide.get(side) ?? []), n]);
    }
    for (const group of bySide.values()) {
      const total = group.find((n) => n.children.length === 0 && isTotalColumnLabel(n.label));
      if (total && group.length > 1) {
        // "小计 | 其中：基本支出 | 项目支出": the 其中 right after the total opens the list of its parts.
        const after = group[group.indexOf(total) + 1];
        const listed = after !== undefined && isOfWhich(after.label);
        let parts = listed
          ? group.slice(group.indexOf(after)).filter((n, k) => k === 0 || !notATerm(n.label))
          : group.filter((n) => n !== total && !notATerm(n.label));
        // "三公"经费合计 beside 会议费 and 培训费 adds only the three: 因公出国（境）, 公务用车, 公务接待.
        if (/三公/u.test(total.label)) parts = parts.filter((n) => THREE_PUBLIC_PART.test(squash(n.label)));
        const terms = parts.flatMap((n) => termColumns(n, table));
        if (terms.length > 0) {
          const names = parts.map((n) => squash(n.label));
          const sign = listed ? '≥' : '=';
          const prefix = parentLabel ? `${squash(parentLabel)}·` : '';
          const what = `${prefix}${squash(total.label)} ${sign} ${names.join(' + ')}`;
          out.push({ total: total.columns[0]!, terms, what, relation: listed ? 'ge' : 'eq' });
        }
      }
    }
    for (const n of siblings) if (n.children.length > 0) visit(n.children, n.label);
  };
  visit(table.columnTree, '');
  return out;
}

export const rowTotals: Check = {
  id: 'row-totals',
  title: { zh: '行内合计', en: 'Row totals' },
  description: {
    zh: '每一行的合计列等于其组成列之和（合计 = 基本支出 + 项目支出；小计 = 人员经费 + 公用经费；“三公”= 出国 + 接待 + 用车）',
    en: 'In every row, a total column equals the sum of its component columns, through the header tree',
  },
  *run({ doc, sink }) {
    for (const table of doc.tables) {
      yield;
      if (table.empty || table.notSummed || table.rows.length === 0) continue;
      const relations = columnRelations(table);
      for (const row of table.rows) {
        if (!rowHasAmount(row)) continue;
        for (const rel of relations) {
          const stated = row.values.get(rel.total);
          if (!stated) continue;
          const terms = rel.terms
            .map((c) => row.values.get(c))
            .filter((v): v is NonNullable<typeof v> => v !== undefined);
          if (terms.length !== rel.terms.length) continue;
          const op = (cell: typeof stated): Operand => ({ cell, table });
          checkSum(sink, {
            check: 'row-totals',
            stated: op(stated),
            terms: terms.map(op),
            relation: rel.relation,
            what: () => ({ zh: `「${rowName(row)}」行：${rel.what}`, en: `row "${rowName(row)}": ${rel.what}` }),
          });
        }
      }
    }
  },
};

export const rowName = (row: BudgetRow): string => (row.code ? `${row.code} ` : '') + (row.label || '(无名称)');
