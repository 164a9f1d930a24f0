import type { BudgetDocument } from '../model';
import { ZERO } from '../money/amount';
import { squash } from '../parse/labels';
import { checkSum } from './compare';
import { figuresOf, type Figure, type Scope } from './figures';
import type { Check, CheckSink, Finding } from './types';

const silent = (): CheckSink & { failed: boolean } => {
  const s = {
    failed: false,
    pass: () => undefined,
    finding: (f: Finding) => {
      if (f.severity === 'error') s.failed = true;
    },
    notChecked: () => undefined,
  };
  return s;
};

/** Do two printed figures agree (exactly, or within rounding across units)? */
function agrees(a: Figure, b: Figure): boolean {
  const sink = silent();
  checkSum(sink, {
    check: 'probe',
    stated: { cell: a.cell, table: a.table },
    terms: [{ cell: b.cell, table: b.table }],
    what: { zh: '', en: '' },
  });
  return !sink.failed;
}

/**
 * The all-funds, 财政拨款 and 一般公共预算 tables show the same figures when every 元 is 一般公共预算 and nothing is
 * carried over. That is taken as shown only when the page proves it: every scope's income or expenditure total
 * that the tables print agrees with the all-funds one. Otherwise figures are compared within their scope, and
 * across scopes the wider is at least the narrower.
 */
export function scopesCoincide(doc: BudgetDocument): boolean {
  const totals = new Map<Scope, Figure[]>();
  const present = new Set<Scope>();
  for (const t of doc.tables) {
    for (const f of figuresOf(t)) {
      present.add(f.scope);
      if (f.key !== 'income-grand-total' && f.key !== 'expenditure-this-year') continue;
      totals.set(f.scope, [...(totals.get(f.scope) ?? []), f]);
    }
  }
  const all = totals.get('all');
  const narrower = [...(totals.get('fiscal') ?? []), ...(totals.get('gpb') ?? [])];
  if (!all || narrower.length === 0) return false;
  // A scope whose tables print no total proves nothing: 一般公共预算 tables beside a 财政拨款 total that agrees with
  // the all-funds one may still leave out 政府性基金.
  if ((['fiscal', 'gpb'] as const).some((s) => present.has(s) && !totals.has(s))) return false;
  return narrower.every((n) => all.some((a) => a.key === n.key && agrees(a, n)));
}

const ORDER: Scope[] = ['all', 'fiscal', 'gpb'];
const SCOPE_ZH: Record<Scope, string> = { all: '全部资金', fiscal: '财政拨款', gpb: '一般公共预算' };

/** The figure most others agree with; ties go to the earliest table. */
function reference(group: readonly Figure[]): Figure {
  // Identical values in 元 first: cheap, and decisive when most tables agree.
  const buckets = new Map<string, Figure[]>();
  for (const f of group) {
    const k = (f.cell.amount?.value ?? ZERO).times(f.table.unit.factor).toString();
    buckets.set(k, [...(buckets.get(k) ?? []), f]);
  }
  const largest = [...buckets.values()].sort((a, b) => b.length - a.length)[0]!;
  if (largest.length * 2 > group.length) return largest[0]!;
  let best = group[0]!;
  let bestVotes = -1;
  for (const f of group) {
    const votes = group.filter((g) => g !== f && agrees(f, g)).length;
    if (votes > bestVotes) {
      best = f;
      bestVotes = votes;
    }
  }
  return best;
}

function tableName(f: Figure): string {
  return squash(f.table.title.replace(/^\s*(?:附)?表\s*\d+\s*[：:.．、]?\s*/u, '')) || `表格 ${f.table.index + 1}`;
}

export const crossTable: Check = {
  id: 'cross-table',
  title: { zh: '表间一致', en: 'Across tables' },
  description: {
    zh: '同一数字在各表中一致：功能科目支出（收支总表、支出总表、财政拨款收支总表、一般公共预算支出表），基本支出、人员经费、公用经费、项目支出，收入合计；跨表单位（元/万元）换算后比较，相差一万倍报为单位错误',
    en:
      'The same figure agrees across the tables of a page (function subjects, basic/personnel/public/' +
      'project totals, income), converted between 元 and 万元; a 10,000x difference is reported as a unit slip',
  },
  *run({ doc, sink }) {
    const coincide = scopesCoincide(doc);
    const byKey = new Map<string, Figure[]>();
    // Tables of different departments or units (one table per unit on some pages) never share figures;
    // when the page names only one, every table belongs to it.
    const departments = new Set(doc.tables.map((t) => t.department).filter(Boolean));
    for (const table of doc.tables) {
      yield;
      for (const f of figuresOf(table)) {
        const key = `${departments.size > 1 ? (table.department ?? '') : ''}|${f.key}`;
        // One figure per key and table: the first (a subject printed twice in one table is the hierarchy's business).
        const list = byKey.get(key) ?? [];
        if (!list.some((g) => g.table === f.table)) list.push(f);
        byKey.set(key, list);
      }
    }
    let n = 0;
    for (const [, figures] of byKey) {
      if (++n % 200 === 0) yield;
      if (figures.length < 2) continue;
      const groups: Figure[][] = coincide
        ? [figures]
        : ORDER.map((s) => figures.filter((f) => f.scope === s)).filter((g) => g.length > 0);
      const refs: Figure[] = [];
      for (const group of groups) {
        const ref = reference(group);
        refs.push(ref);
        for (const f of group) {
          if (f === ref) continue;
          checkSum(sink, {
            check: 'cross-table',
            stated: { cell: f.cell, table: f.table },
            terms: [{ cell: ref.cell, table: ref.table }],
            what: {
              zh: `「${f.label}」在《${tableName(f)}》与《${tableName(ref)}》中应一致`,
              en: `"${f.label}" must agree between table ${f.table.index + 1} and table ${ref.table.index + 1}`,
            },
          });
        }
      }
      // Different scopes: the wider money is at least the narrower.
      for (let i = 0; i + 1 < refs.length; i++) {
        const wide = refs[i]!;
        const narrow = refs[i + 1]!;
        checkSum(sink, {
          check: 'cross-table',
          stated: { cell: wide.cell, table: wide.table },
          terms: [{ cell: narrow.cell, table: narrow.table }],
          relation: 'ge',
          what: {
            zh:
              `「${wide.label}」${SCOPE_ZH[wide.scope]}口径（《${tableName(wide)}》）` +
              `不少于${SCOPE_ZH[narrow.scope]}口径（《${tableName(narrow)}》）`,
            en: `"${wide.label}" over ${wide.scope} funds is at least over ${narrow.scope} funds`,
          },
        });
      }
    }
  },
};
