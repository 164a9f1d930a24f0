import type { Bilingual } from '../report/schema';
import { SNAPSHOT_KEY_PREFIX, snapshotKey } from './keys';
import {
  DEFAULT_SNAPSHOT_SETTINGS,
  readSnapshot,
  readVersioned,
  SNAPSHOT_FORMAT,
  SNAPSHOT_SETTINGS_FORMAT,
  SNAPSHOT_SETTINGS_KEY,
  SnapshotSchema,
  SnapshotSettingsV1Schema,
  type Snapshot,
  type SnapshotSettings,
  type VersionedFormat,
} from './schema';

/**
 * Snapshots in extension storage (browser.storage.local, or WXT's fake browser in tests): one key per snapshot,
 * `snapshot:<id>`. Every read is validated; a value of an older version is migrated and written back, after its
 * original was kept under `snapshot-backup:v<N>:<id>`; a value that reads as no known version is kept as it is
 * and reported, never deleted. A write that hits the storage quota is reported ({reason: 'quota'}) and nothing is
 * deleted to make room. The setting item `settings:snapshots` holds whether snapshots are kept and the threshold
 * of the year-on-year comparison.
 */

/** The part of browser.storage.local the store uses. */
export interface StorageAreaLike {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

const SNAPSHOT_BACKUP_PREFIX = 'snapshot-backup:';
export { SNAPSHOT_KEY_PREFIX, snapshotKey };
export const snapshotBackupKey = (version: number, id: string): string => `${SNAPSHOT_BACKUP_PREFIX}v${version}:${id}`;

export type WriteResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'quota' | 'invalid' | 'error'; readonly message: Bilingual };

/** A stored value that does not read as any known snapshot version: kept as it is and shown, never deleted. */
export interface Unreadable {
  readonly key: string;
  readonly raw: unknown;
  readonly error: string;
}

export type GetResult =
  | { readonly status: 'ok'; readonly snapshot: Snapshot; readonly migratedFrom?: number }
  | { readonly status: 'missing' }
  | { readonly status: 'unreadable'; readonly unreadable: Unreadable };

/** Chrome: "QUOTA_BYTES quota exceeded" (or QUOTA_BYTES_PER_ITEM); Firefox: a QuotaExceededError DOMException. */
function isQuotaError(e: unknown): boolean {
  const name = typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  return /quota/iu.test(name) || /quota/iu.test(message);
}

const QUOTA: Bilingual = {
  zh: '浏览器存储空间已满，快照未保存。可删除旧的快照后重试；已有数据均未删除。',
  en: 'Browser storage is full; the snapshot was not saved. Remove old snapshots and try again; nothing was deleted.',
};

function failure(e: unknown): Extract<WriteResult, { ok: false }> {
  if (isQuotaError(e)) return { ok: false, reason: 'quota', message: QUOTA };
  const detail = e instanceof Error ? e.message : String(e);
  return { ok: false, reason: 'error', message: { zh: `保存失败：${detail}`, en: `Could not save: ${detail}` } };
}

export interface SnapshotStoreOptions {
  /** The snapshot format (schemas and migrations); tests give one with an extra version to exercise migration. */
  readonly format?: VersionedFormat<Snapshot>;
}

export class SnapshotStore {
  private readonly format: VersionedFormat<Snapshot>;

  constructor(
    readonly area: StorageAreaLike,
    opts: SnapshotStoreOptions = {},
  ) {
    this.format = opts.format ?? SNAPSHOT_FORMAT;
  }

  /** Reads one stored value; migrates and writes back (after a backup) when it is of an older version. */
  private async readKey(key: string, raw: unknown): Promise<GetResult> {
    const r = readSnapshot(raw, this.format);
    if (!r.ok) return { status: 'unreadable', unreadable: { key, raw, error: r.error } };
    if (r.migratedFrom !== undefined) {
      const backup = snapshotBackupKey(r.migratedFrom, r.snapshot.id);
      try {
        const have = await this.area.get(backup);
        // Keep the first original: a second migration of the same snapshot does not overwrite it.
        if (have[backup] === undefined) await this.area.set({ [backup]: raw });
        await this.area.set({ [key]: r.snapshot });
      } catch {
        // No room for the backup or the migrated copy: the original stays as stored, the migrated value is still read.
      }
      return { status: 'ok', snapshot: r.snapshot, migratedFrom: r.migratedFrom };
    }
    return { status: 'ok', snapshot: r.snapshot };
  }

  async get(id: string): Promise<GetResult> {
    const key = snapshotKey(id);
    const got = await this.area.get(key);
    if (got[key] === undefined) return { status: 'missing' };
    return this.readKey(key, got[key]);
  }

  /** Every stored snapshot (current version), and the stored values that do not read as one. */
  async list(): Promise<{ snapshots: Snapshot[]; unreadable: Unreadable[]; migrated: number }> {
    const all = await this.area.get(null);
    const snapshots: Snapshot[] = [];
    const unreadable: Unreadable[] = [];
    let migrated = 0;
    for (const key of Object.keys(all).sort()) {
      if (!key.startsWith(SNAPSHOT_KEY_PREFIX)) continue;
      const r = await this.readKey(key, all[key]);
      if (r.status === 'ok') {
        snapshots.push(r.snapshot);
        if (r.migratedFrom !== undefined) migrated++;
      } else if (r.status === 'unreadable') unreadable.push(r.unreadable);
    }
    return { snapshots, unreadable, migrated };
  }

  /** Saves a snapshot under its id (a revisit of the same department, year and stage replaces the earlier one). */
  async put(snapshot: Snapshot): Promise<WriteResult> {
    const checked = SnapshotSchema.safeParse(snapshot);
    if (!checked.success) {
      const detail = checked.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ');
      return {
        ok: false,
        reason: 'invalid',
        message: { zh: `快照格式无效：${detail}`, en: `Invalid snapshot: ${detail}` },
      };
    }
    try {
      await this.area.set({ [snapshotKey(checked.data.id)]: checked.data });
      return { ok: true };
    } catch (e) {
      return failure(e);
    }
  }

  async remove(id: string): Promise<void> {
    await this.area.remove(snapshotKey(id));
  }

  /** The snapshot settings; defaults when none are stored; defaults and the error when the stored value is invalid. */
  async settings(): Promise<{ settings: SnapshotSettings; error?: string }> {
    const got = await this.area.get(SNAPSHOT_SETTINGS_KEY);
    if (got[SNAPSHOT_SETTINGS_KEY] === undefined) return { settings: DEFAULT_SNAPSHOT_SETTINGS };
    const r = readVersioned(got[SNAPSHOT_SETTINGS_KEY], SNAPSHOT_SETTINGS_FORMAT);
    return r.ok ? { settings: r.value } : { settings: DEFAULT_SNAPSHOT_SETTINGS, error: r.error };
  }

  async saveSettings(settings: SnapshotSettings): Promise<WriteResult> {
    const checked = SnapshotSettingsV1Schema.safeParse(settings);
    if (!checked.success) {
      const detail = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return {
        ok: false,
        reason: 'invalid',
        message: { zh: `设置无效：${detail}`, en: `Invalid settings: ${detail}` },
      };
    }
    try {
      await this.area.set({ [SNAPSHOT_SETTINGS_KEY]: checked.data });
      return { ok: true };
    } catch (e) {
      return failure(e);
    }
  }
}
