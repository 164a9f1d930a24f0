import { isTotalRow, type BudgetRow } from '../model';
import { checkSum, rowHasAmount } from './compare';
import { columnLabel } from './column-totals';
import { rowName } from './row-totals';
import type { Check } from './types';

const LEVEL_ZH: Record<string, string> = { function: '类/款/项', economic: '经济分类', unit: '单位', none: '层级' };

export const hierarchy: Check = {
  id: 'hierarchy',
  title: { zh: '科目层级', en: 'Subject hierarchy' },
  description: {
    zh: '类 = Σ款，款 = Σ项；单位行 = Σ其科目；“其中”项不超过上级',
    en:
      'Each 类 equals the sum of its 款, each 款 of its 项, each unit row of its subjects; "of which" lines ' +
      'never exceed their parent',
  },
  *run({ doc, sink }) {
    for (const table of doc.tables) {
      yield;
      if (table.empty || table.notSummed || table.structureDoubt) continue; // column-totals says why
      const childrenOf = new Map<number, BudgetRow[]>();
      for (const r of table.rows) {
        if (r.parent < 0) continue;
        const list = childrenOf.get(r.parent);
        if (list) list.push(r);
        else childrenOf.set(r.parent, [r]);
      }
      table.rows.forEach((parent, i) => {
        if (isTotalRow(parent) || !rowHasAmount(parent)) return;
        const children = childrenOf.get(i) ?? [];
        if (children.length === 0) return;
        const full = children.filter((c) => !c.partOf);
        const partial = children.filter((c) => c.partOf);
        for (const [group, relation] of [
          [full, 'eq'],
          [partial, 'ge'],
        ] as [BudgetRow[], 'eq' | 'ge'][]) {
          if (group.length === 0) continue;
          // Fund sources under 财政拨款 listed with 其中 are complete when all three are there.
          for (const [col, stated] of parent.values) {
            if (table.columns[col]?.role !== 'amount') continue; // shares are not summed as money
            const cells = group.map((c) => c.values.get(col));
            if (cells.some((c) => c === undefined)) continue;
            if (!stated.amount && cells.every((c) => !c!.amount)) continue;
            checkSum(sink, {
              check: 'hierarchy',
              stated: { cell: stated, table },
              terms: cells.map((c) => ({ cell: c!, table })),
              relation,
              what: () => ({
                zh:
                  `${LEVEL_ZH[table.classification]}：「${rowName(parent)}」${relation === 'eq' ? '=' : '≥'} ` +
                  `${group.map(rowName).slice(0, 3).join(' + ')}${group.length > 3 ? ' + …' : ''}（` +
                  `${columnLabel(table, col)}）`,
                en:
                  `hierarchy: "${rowName(parent)}" ${relation === 'eq' ? '=' : '≥'} sum of its ` +
                  `${group.length} ${relation === 'eq' ? 'children' : '"of which" lines'} (${columnLabel(table, col)})`,
              }),
            });
          }
        }
      });
    }
  },
};
