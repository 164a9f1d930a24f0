/**
 * Where snapshots are kept in extension storage, without their schemas (lib/snapshots/schema.ts): what a page
 * needs to follow storage changes without loading the snapshot format.
 */

export const SNAPSHOT_KEY_PREFIX = 'snapshot:';
export const snapshotKey = (id: string): string => `${SNAPSHOT_KEY_PREFIX}${id}`;
export const SNAPSHOT_SETTINGS_KEY = 'settings:snapshots';
