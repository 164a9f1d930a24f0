import type { SnapshotStatus } from '../extension/messages';
import { pickEarlier } from './compare';
import {
  DEFAULT_SNAPSHOT_SETTINGS,
  SnapshotSchema,
  type Snapshot,
  type SnapshotSettings,
  type Threshold,
} from './schema';
import type { SnapshotStore } from './store';

/**
 * Keeping a page's snapshot and finding the earlier years to compare it with, where the snapshots are stored: the
 * background for a page (its snapshot comes as one JSON string, cheap to pass from the engine's worker through the
 * page; the background validates, stores and lists, off the page's thread), the store itself in the PDF viewer and
 * in tests. The comparison is made where the model is (lib/extension/page-years.ts).
 */

/** A snapshot as it travels: its JSON, with what a page needs to follow storage changes without parsing it. */
export interface SnapshotText {
  readonly id: string;
  readonly department: string | null;
  readonly region: string | null;
  /** JSON.stringify of the Snapshot. */
  readonly json: string;
}

export const snapshotText = (s: Snapshot): SnapshotText => ({
  id: s.id,
  department: s.department,
  region: s.region,
  json: JSON.stringify(s),
});

/** What keeping gives back: what became of the snapshot, the comparison's threshold, the earlier years (JSON). */
export interface Kept {
  readonly status: SnapshotStatus;
  readonly threshold: Threshold;
  /** JSON of the earlier years' snapshots to compare with (pickEarlier), latest first; '[]' when none. */
  readonly earlier: string;
}

export interface SnapshotKeeper {
  /**
   * Keeps `json` unless the settings turned snapshots off, and picks the earlier years stored. `kept`: what became of
   * it the last time (null: first time, keep it now); it is kept again only when the settings changed since
   * (`settingsChanged`) and now say otherwise, or switched on while it is not saved.
   */
  keep(json: string, kept: SnapshotStatus | null, settingsChanged: boolean): Promise<Kept>;
}

/**
 * Keeps a snapshot in the store unless the settings turned snapshots off; what became of it (a full storage area is
 * said as such; nothing stored is deleted). Never throws.
 */
async function keepSnapshot(
  store: Pick<SnapshotStore, 'put'>,
  snapshot: unknown,
  id: string | null,
  settings: Pick<SnapshotSettings, 'enabled'>,
): Promise<SnapshotStatus> {
  if (!settings.enabled) return { enabled: false, saved: false, id, error: null };
  try {
    const r = await store.put(snapshot as Snapshot);
    return r.ok
      ? { enabled: true, saved: true, id, error: null }
      : { enabled: true, saved: false, id, error: r.message };
  } catch (e) {
    const detail = (e as Error).message;
    return { enabled: true, saved: false, id, error: { zh: `保存失败：${detail}`, en: `Could not save: ${detail}` } };
  }
}

/** The keeper over a snapshot store (SnapshotStore: validated writes, versioned reads and their migrations). */
export function storeKeeper(store: SnapshotStore): SnapshotKeeper {
  return {
    async keep(json, kept, settingsChanged) {
      let settings: SnapshotSettings;
      try {
        settings = (await store.settings()).settings;
      } catch {
        settings = DEFAULT_SNAPSHOT_SETTINGS;
      }
      const raw: unknown = JSON.parse(json);
      const id = typeof (raw as { id?: unknown } | null)?.id === 'string' ? (raw as { id: string }).id : null;
      const again =
        kept === null || (settingsChanged && (settings.enabled !== kept.enabled || (settings.enabled && !kept.saved)));
      const status = again ? await keepSnapshot(store, raw, id, settings) : kept;
      // The store validated what it saved; anything else is validated here before it is compared.
      const snapshot = status.saved && again ? (raw as Snapshot) : SnapshotSchema.safeParse(raw).data;
      let earlier: Snapshot[] = [];
      if (snapshot) {
        try {
          earlier = pickEarlier(snapshot, (await store.list()).snapshots);
        } catch (e) {
          console.warn('budget-lens: the stored snapshots cannot be read:', (e as Error).message);
        }
      }
      return { status, threshold: settings.threshold, earlier: JSON.stringify(earlier) };
    },
  };
}
