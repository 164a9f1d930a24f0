import { balance } from './balance';
import { columnTotals } from './column-totals';
import { consistency } from './consistency';
import { crossTable } from './cross-table';
import { hierarchy } from './hierarchy';
import { narrative } from './narrative';
import { requiredTables } from './required-tables';
import { rowTotals } from './row-totals';
import { threePublic } from './three-public';
import type { Check } from './types';

/** Every check, in the order they run. A new check is one file plus one line here. */
export const checks: readonly Check[] = [
  rowTotals,
  columnTotals,
  hierarchy,
  balance,
  crossTable,
  threePublic,
  narrative,
  requiredTables,
  consistency,
];

export type { Check, CheckContext, CheckSink, Finding, NotChecked, Severity, Bilingual } from './types';
