import { formatDecimal } from '../money/amount';
import { squash } from '../parse/labels';
import { checkSum } from './compare';
import { figuresOf, type Figure } from './figures';
import type { Check } from './types';

const PAIRS: readonly [string, string, string][] = [
  ['three:reception', 'econ:30217', '公务接待费'],
  ['three:car-running', 'econ:30231', '公务用车运行维护费'],
  ['three:abroad', 'econ:30212', '因公出国（境）费用'],
];

export const threePublic: Check = {
  id: 'three-public',
  title: { zh: '“三公”经费', en: '"Three public" costs' },
  description: {
    zh: '“三公”经费表中的公务接待费、公务用车运行维护费、因公出国（境）费用不少于基本支出表中的同名科目（其余由项目支出安排）',
    en:
      'Each "three public" cost in its table is at least the same economic subject in the ' +
      'basic-expenditure table (the rest is project-funded)',
  },
  run({ doc, sink }) {
    const figures = doc.tables.flatMap(figuresOf);
    const first = (key: string): Figure | undefined => figures.find((f) => f.key === key);
    for (const [threeKey, basicKey, label] of PAIRS) {
      const three = first(threeKey);
      const basic = first(basicKey);
      if (!three || !basic || !basic.cell.amount) continue;
      // Name the project that funds the rest, when a project line of that name makes up the difference.
      const diff =
        three.cell.amount && basic.cell.amount
          ? three.cell.amount.value
              .times(three.table.unit.factor)
              .minus(basic.cell.amount.value.times(basic.table.unit.factor))
          : undefined;
      const project =
        diff && !diff.isZero()
          ? doc.tables
              .filter((t) => t.kind === 'project')
              .flatMap((t) => t.rows.map((r) => ({ r, t })))
              .find(
                ({ r, t }) =>
                  squash(r.label).includes(label.slice(0, 4)) &&
                  [...r.values.values()].some((v) => v.amount?.value.times(t.unit.factor).equals(diff)),
              )
          : undefined;
      checkSum(sink, {
        check: 'three-public',
        stated: { cell: three.cell, table: three.table },
        terms: [{ cell: basic.cell, table: basic.table }],
        relation: 'ge',
        context: project ? [...project.r.labelCells] : [],
        what: {
          zh:
            `“三公”经费表的${label}不少于基本支出表的${label}` +
            `${
              project && diff
                ? `（差额 ${formatDecimal(diff.dividedBy(three.table.unit.factor), 2)} ` +
                  `由项目「${project.r.label}」安排）`
                : ''
            }`,
          en: `${label} in the "three public" table is at least the basic-expenditure figure`,
        },
      });
    }
  },
};
