import { regionKey } from '../../lib/identity/department';
import type { Snapshot } from '../../lib/snapshots/schema';

/** The history page's listing: stored snapshots grouped by department (pure). */

export interface DepartmentGroup {
  /** "region|departmentKey", or "url:<url>" for a snapshot whose department is unknown. */
  readonly key: string;
  /** As the latest snapshot prints it; null when unknown. */
  readonly department: string | null;
  readonly region: string | null;
  /** Newest year first; 决算 before 预算 of the same year; the latest saved first among equals. */
  readonly snapshots: readonly Snapshot[];
}

function departmentGroupKey(s: Pick<Snapshot, 'departmentKey' | 'region' | 'url'>): string {
  return s.departmentKey ? `${s.region ? regionKey(s.region) : ''}|${s.departmentKey}` : `url:${s.url}`;
}

const STAGE_ORDER: Readonly<Record<string, number>> = { 决算: 0, 预算: 1 };

function bySnapshotOrder(a: Snapshot, b: Snapshot): number {
  return (
    (b.year ?? -1) - (a.year ?? -1) ||
    (STAGE_ORDER[a.stage ?? ''] ?? 2) - (STAGE_ORDER[b.stage ?? ''] ?? 2) ||
    b.savedAt.localeCompare(a.savedAt) ||
    a.id.localeCompare(b.id)
  );
}

/** Groups by department (same normalized name and region), departments in name order, unknown departments last. */
export function groupByDepartment(snapshots: readonly Snapshot[]): DepartmentGroup[] {
  const groups = new Map<string, Snapshot[]>();
  for (const s of snapshots) {
    const key = departmentGroupKey(s);
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  const out: DepartmentGroup[] = [...groups].map(([key, list]) => {
    const sorted = [...list].sort(bySnapshotOrder);
    const latest = [...list].sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0]!;
    const named = latest.department ? latest : (sorted.find((s) => s.department) ?? latest);
    return {
      key,
      department: named.department,
      region: sorted.find((s) => s.region)?.region ?? null,
      snapshots: sorted,
    };
  });
  return out.sort((a, b) => {
    if ((a.department === null) !== (b.department === null)) return a.department === null ? 1 : -1;
    return (
      (a.region ?? '').localeCompare(b.region ?? '', 'zh-CN') ||
      (a.department ?? a.key).localeCompare(b.department ?? b.key, 'zh-CN') ||
      a.key.localeCompare(b.key)
    );
  });
}

/** A snapshot's address as a link target: http(s) only (file:// names of imported files are shown as text). */
export const linkable = (url: string): boolean => /^https?:\/\//iu.test(url);
