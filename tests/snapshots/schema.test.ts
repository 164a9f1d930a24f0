import { describe, expect, it } from 'vitest';
import { snapshotOf } from '../../lib/snapshots/build';
import {
  DEFAULT_SNAPSHOT_SETTINGS,
  readSnapshot,
  readVersioned,
  SNAPSHOT_MIGRATIONS,
  SNAPSHOT_SCHEMA_VERSION,
  SNAPSHOT_SCHEMAS,
  SNAPSHOT_SETTINGS_FORMAT,
} from '../../lib/snapshots/schema';
import { auditFixture } from '../helpers';
import { readV1Fixture, TEST_FORMAT_WITH_V2 } from './formats';
import { HANGZHOU_2024_IMPLIED } from './seed-implied';

describe('snapshot schema versions', () => {
  it('version 1 is the current and only version; there are no migrations yet', () => {
    expect(SNAPSHOT_SCHEMA_VERSION).toBe(1);
    expect(Object.keys(SNAPSHOT_SCHEMAS)).toEqual(['1']);
    expect(Object.keys(SNAPSHOT_MIGRATIONS)).toEqual([]);
  });

  it('the v1 fixture reads as the current version, unchanged, and is what snapshotOf still writes', () => {
    const raw = readV1Fixture();
    const r = readSnapshot(raw);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migratedFrom).toBeUndefined();
    expect(r.snapshot).toEqual(raw);
    expect(
      r.snapshot.tables.find((t) => t.kind === 'gpb-expenditure')!.lines.find((l) => l.n === '行政运行')!.v[0],
    ).toBe('17970200');
    // A change to what the builder writes must come with a new version and a migration: this catches it.
    const { doc } = auditFixture('pages/hangzhou-2024.clean.html');
    const now = snapshotOf(
      doc,
      { url: 'http://127.0.0.1/hangzhou-2024.clean.html', title: doc.title },
      HANGZHOU_2024_IMPLIED,
      { now: new Date('2024-03-01T08:00:00.000Z') },
    );
    expect(now).toEqual(raw);
  });

  it('refuses what is not a snapshot, an unknown or newer version, and money as a JS number', () => {
    const raw = readV1Fixture() as { tables: { lines: { v: unknown[] }[] }[] };
    expect(readSnapshot(null)).toEqual({ ok: false, error: 'not an object' });
    expect(readSnapshot({ id: 'x' })).toEqual({ ok: false, error: 'no version field v' });
    expect(readSnapshot({ ...raw, v: 0 })).toMatchObject({ ok: false, error: 'unknown version 0' });
    expect(readSnapshot({ ...raw, v: 3 })).toMatchObject({
      ok: false,
      version: 3,
      error: expect.stringContaining('newer'),
    });
    const numeric = structuredClone(raw);
    numeric.tables[4]!.lines[3]!.v[0] = 17970200;
    expect(readSnapshot(numeric)).toMatchObject({ ok: false, error: expect.stringContaining('tables.4.lines.3.v.0') });
    const exponent = structuredClone(raw);
    exponent.tables[4]!.lines[3]!.v[0] = '1.79702e7';
    expect(readSnapshot(exponent).ok).toBe(false);
    expect(readSnapshot({ ...raw, unit: '万元' }).ok).toBe(false);
  });

  it(
    'the migration machinery (with a test-only v2, see ' + 'formats.ts): v1 is validated, migrated and validated again',
    () => {
      const r = readSnapshot(readV1Fixture(), TEST_FORMAT_WITH_V2);
      expect(r).toMatchObject({
        ok: true,
        migratedFrom: 1,
        snapshot: { v: 2, migratedNote: 'from v1', id: 's-0n9rbz91ab6k3u' },
      });
      // An invalid v1 is not migrated.
      expect(readSnapshot({ ...(readV1Fixture() as object), year: 'next' }, TEST_FORMAT_WITH_V2)).toMatchObject({
        ok: false,
        version: 1,
      });
      // A migration that produces an invalid value is an error, not a half-read snapshot.
      const broken = { ...TEST_FORMAT_WITH_V2, migrations: { 1: (s: unknown) => ({ ...(s as object), v: 2 }) } };
      expect(readSnapshot(readV1Fixture(), broken)).toMatchObject({
        ok: false,
        error: expect.stringContaining('migration 1→2'),
      });
    },
  );

  it('settings: defaults filled in, invalid values refused', () => {
    expect(readVersioned({ v: 1 }, SNAPSHOT_SETTINGS_FORMAT)).toEqual({ ok: true, value: DEFAULT_SNAPSHOT_SETTINGS });
    expect(DEFAULT_SNAPSHOT_SETTINGS).toEqual({ v: 1, enabled: true, threshold: { percent: '10', amount: '100000' } });
    expect(
      readVersioned({ v: 1, enabled: false, threshold: { percent: '5', amount: '50000' } }, SNAPSHOT_SETTINGS_FORMAT),
    ).toMatchObject({ ok: true, value: { enabled: false } });
    expect(readVersioned({ v: 1, threshold: { percent: 5, amount: '1' } }, SNAPSHOT_SETTINGS_FORMAT).ok).toBe(false);
  });
});
