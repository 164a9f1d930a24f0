import { compareForPage, shownIn } from '../../lib/extension/page-years';
import type { BudgetDocument } from '../../lib/model';
import { impliedFor } from '../../lib/snapshots/implied';
import type { Snapshot, SnapshotSettings } from '../../lib/snapshots/schema';
import { priorLabel } from './years';

/**
 * Prior years with the model in hand, in one call (tests, scripts): what the page draws and reports for `snapshot`
 * against the stored ones. The page itself gets the same from where its model is (components/marks/model.ts).
 */
export function compareSnapshot(
  snapshot: Snapshot,
  stored: readonly Snapshot[],
  settings: Pick<SnapshotSettings, 'threshold'>,
  doc: BudgetDocument | null,
) {
  const r = compareForPage(snapshot, stored, settings.threshold, doc);
  return { years: r.years, labels: r.labels.map(priorLabel), table: r.table, comparison: r.comparison };
}

export { impliedFor, shownIn };
