import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { compareYears, pickEarlier } from '../../lib/snapshots/compare';
import { readSnapshot, SNAPSHOT_SETTINGS_KEY, type Snapshot } from '../../lib/snapshots/schema';
import { SnapshotStore, snapshotBackupKey, snapshotKey, type StorageAreaLike } from '../../lib/snapshots/store';
import { readV1Fixture, TEST_FORMAT_WITH_V2 } from './formats';

const area = (): StorageAreaLike => fakeBrowser.storage.local as unknown as StorageAreaLike;
const stored = async (): Promise<Record<string, unknown>> => area().get(null);

function fixtureSnapshot(): Snapshot {
  const r = readSnapshot(readV1Fixture());
  if (!r.ok) throw new Error(r.error);
  return r.snapshot;
}

describe('SnapshotStore', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('round trip: one key per snapshot, validated on read', async () => {
    const store = new SnapshotStore(area());
    const s = fixtureSnapshot();
    expect(await store.put(s)).toEqual({ ok: true });
    expect(Object.keys(await stored())).toEqual([snapshotKey('s-0n9rbz91ab6k3u')]);
    const got = await store.get(s.id);
    expect(got).toEqual({ status: 'ok', snapshot: s });
    expect(await store.get('s-nothing000')).toEqual({ status: 'missing' });
    const { snapshots, unreadable } = await store.list();
    expect(snapshots).toEqual([s]);
    expect(unreadable).toEqual([]);
  });

  it('a revisit (same id) replaces; another year is another key; the earlier one is found for comparison', async () => {
    const store = new SnapshotStore(area());
    const s = fixtureSnapshot();
    await store.put(s);
    await store.put({ ...s, savedAt: '2024-04-01T00:00:00.000Z' });
    const earlier: Snapshot = { ...s, id: 's-earlier2023', year: 2023, implied: [] };
    await store.put(earlier);
    const keys = Object.keys(await stored()).sort();
    expect(keys).toEqual([snapshotKey('s-0n9rbz91ab6k3u'), snapshotKey('s-earlier2023')]);
    const { snapshots } = await store.list();
    const current = snapshots.find((x) => x.year === 2024)!;
    expect(current.savedAt).toBe('2024-04-01T00:00:00.000Z');
    expect(pickEarlier(current, snapshots).map((x) => x.id)).toEqual(['s-earlier2023']);
    const r = compareYears(current, snapshots, { threshold: { percent: '10', amount: '100000' } });
    expect(r.against?.id).toBe('s-earlier2023');
    expect(r.swings).toEqual([]);
    await store.remove('s-earlier2023');
    expect(Object.keys(await stored())).toEqual([snapshotKey('s-0n9rbz91ab6k3u')]);
  });

  it('refuses an invalid snapshot without writing', async () => {
    const store = new SnapshotStore(area());
    const bad = { ...fixtureSnapshot(), year: 'last' } as unknown as Snapshot;
    const r = await store.put(bad);
    expect(r).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await stored()).toEqual({});
  });

  it('unreadable values are kept and reported, never deleted', async () => {
    const junk = { v: 1, id: 's-broken00', tables: 'no' };
    const newer = { ...(readV1Fixture() as object), v: 7 };
    await area().set({
      [snapshotKey('s-broken00')]: junk,
      [snapshotKey('s-newer0000')]: newer,
      'note:abc': { other: true },
    });
    const store = new SnapshotStore(area());
    await store.put(fixtureSnapshot());
    const { snapshots, unreadable } = await store.list();
    expect(snapshots.map((s) => s.id)).toEqual(['s-0n9rbz91ab6k3u']);
    expect(unreadable.map((u) => [u.key, u.error.slice(0, 30)])).toEqual([
      ['snapshot:s-broken00', 'invalid v1: department: Invali'],
      ['snapshot:s-newer0000', 'version 7 is newer than this e'],
    ]);
    expect(await store.get('s-broken00')).toMatchObject({ status: 'unreadable', unreadable: { raw: junk } });
    const all = await stored();
    expect(all[snapshotKey('s-broken00')]).toEqual(junk);
    expect(all[snapshotKey('s-newer0000')]).toEqual(newer);
    expect(all['note:abc']).toEqual({ other: true });
  });

  it(
    'migrates on read (test-only v2 format): the original is kept under snapshot-backup:v1:<id>, the ' +
      'migrated value written back',
    async () => {
      const original = readV1Fixture();
      await area().set({ [snapshotKey('s-0n9rbz91ab6k3u')]: original });
      const store = new SnapshotStore(area(), { format: TEST_FORMAT_WITH_V2 });
      const first = await store.list();
      expect(first.migrated).toBe(1);
      expect(first.snapshots[0]).toMatchObject({ v: 2, migratedNote: 'from v1' });
      const all = await stored();
      expect(all[snapshotBackupKey(1, 's-0n9rbz91ab6k3u')]).toEqual(original);
      expect(all[snapshotKey('s-0n9rbz91ab6k3u')]).toMatchObject({ v: 2, migratedNote: 'from v1' });
      // Read again: already current, nothing migrated, the backup still the original.
      const second = await store.list();
      expect(second.migrated).toBe(0);
      expect((await stored())[snapshotBackupKey(1, 's-0n9rbz91ab6k3u')]).toEqual(original);
    },
  );

  it('a quota failure is reported ({reason: "quota"}) and nothing is deleted', async () => {
    const s = fixtureSnapshot();
    await area().set({ [snapshotKey('s-old0000000')]: { ...s, id: 's-old0000000', year: 2022 } });
    const full: StorageAreaLike = {
      get: (k) => area().get(k),
      set: () => Promise.reject(new Error('QUOTA_BYTES quota exceeded')),
      remove: (k) => area().remove(k),
    };
    const store = new SnapshotStore(full);
    const r = await store.put(s);
    expect(r).toMatchObject({ ok: false, reason: 'quota' });
    if (r.ok) return;
    expect(r.message.zh).toContain('存储空间已满');
    expect(r.message.en).toContain('storage is full');
    expect(Object.keys(await stored())).toEqual([snapshotKey('s-old0000000')]);
    const other = await new SnapshotStore({ ...full, set: () => Promise.reject(new Error('disk on fire')) }).put(s);
    expect(other).toMatchObject({ ok: false, reason: 'error', message: { en: 'Could not save: disk on fire' } });
  });

  it('a migration that cannot be written back (quota) still reads, and leaves the original in place', async () => {
    const original = readV1Fixture();
    await area().set({ [snapshotKey('s-0n9rbz91ab6k3u')]: original });
    const full: StorageAreaLike = {
      get: (k) => area().get(k),
      set: () => Promise.reject(new Error('QuotaExceededError')),
      remove: (k) => area().remove(k),
    };
    const got = await new SnapshotStore(full, { format: TEST_FORMAT_WITH_V2 }).get('s-0n9rbz91ab6k3u');
    expect(got).toMatchObject({ status: 'ok', migratedFrom: 1, snapshot: { v: 2 } });
    expect(await stored()).toEqual({ [snapshotKey('s-0n9rbz91ab6k3u')]: original });
  });

  it('settings:snapshots: defaults, saved values, invalid stored values reported', async () => {
    const store = new SnapshotStore(area());
    expect(await store.settings()).toEqual({
      settings: { v: 1, enabled: true, threshold: { percent: '10', amount: '100000' } },
    });
    expect(await store.saveSettings({ v: 1, enabled: false, threshold: { percent: '25', amount: '500000' } })).toEqual({
      ok: true,
    });
    expect((await stored())[SNAPSHOT_SETTINGS_KEY]).toEqual({
      v: 1,
      enabled: false,
      threshold: { percent: '25', amount: '500000' },
    });
    expect((await store.settings()).settings.threshold).toEqual({ percent: '25', amount: '500000' });
    const refused = await store.saveSettings({ v: 1, enabled: true, threshold: { percent: 'lots', amount: '1' } });
    expect(refused).toMatchObject({ ok: false, reason: 'invalid' });
    await area().set({ [SNAPSHOT_SETTINGS_KEY]: { v: 1, enabled: 'yes' } });
    const back = await store.settings();
    expect(back.settings.enabled).toBe(true);
    expect(back.error).toContain('enabled');
  });
});
