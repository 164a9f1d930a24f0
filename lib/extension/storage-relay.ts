import { NOTE_KEY_PREFIX } from '../notes/keys';
import { SNAPSHOT_KEY_PREFIX, SNAPSHOT_SETTINGS_KEY } from '../snapshots/keys';
import type { RelayedChanges } from './messages';

/**
 * What a page hears of storage changes (bl:storage-changed): the keys of notes, snapshots and the snapshot settings
 * that changed, each value reduced to the department and region it names (components/overlay/years.ts asks whether
 * a snapshot concerns its page; the notes follow any note key). The background relays these instead of the page
 * listening to storage.onChanged itself, which hands every listener the whole changed values: a large page's
 * snapshot is megabytes of JSON, read on the page's main thread. Null when nothing a page follows changed.
 */
export function relayedChanges(
  changes: Readonly<Record<string, { oldValue?: unknown; newValue?: unknown }>>,
): RelayedChanges | null {
  const out: RelayedChanges = {};
  for (const [key, change] of Object.entries(changes)) {
    const followed =
      key.startsWith(NOTE_KEY_PREFIX) || key.startsWith(SNAPSHOT_KEY_PREFIX) || key === SNAPSHOT_SETTINGS_KEY;
    if (!followed) continue;
    out[key] = {
      ...(change.oldValue !== undefined ? { oldValue: head(change.oldValue) } : {}),
      ...(change.newValue !== undefined ? { newValue: head(change.newValue) } : {}),
    };
  }
  return Object.keys(out).length > 0 ? out : null;
}

function head(value: unknown): { department: string | null; region: string | null } {
  const v = typeof value === 'object' && value !== null ? (value as { department?: unknown; region?: unknown }) : {};
  return {
    department: typeof v.department === 'string' ? v.department : null,
    region: typeof v.region === 'string' ? v.region : null,
  };
}
