import { z } from 'zod';
import { SnapshotV1Schema, type Snapshot, type VersionedFormat } from '../../lib/snapshots/schema';
import { fixture } from '../helpers';

/**
 * The v1 fixture: hangzhou-2024.clean.html with its implied figures, as snapshotOf wrote it (compact JSON, as stored).
 */
const V1_FIXTURE = 'snapshots/hangzhou-2024.v1.json';
export const readV1Fixture = (): unknown => JSON.parse(fixture(V1_FIXTURE)) as unknown;

/**
 * TEST-ONLY format, not a snapshot version of the product: version 1 is the only real one, so to exercise the
 * migration machinery (readVersioned, the store's backup-then-write-back) the tests use a made-up "version 2" that
 * adds one field. Nothing in lib/ knows it.
 */
const TestV2Schema = SnapshotV1Schema.extend({ v: z.literal(2), migratedNote: z.string() });
export const TEST_FORMAT_WITH_V2 = {
  current: 2,
  schemas: { 1: SnapshotV1Schema, 2: TestV2Schema },
  migrations: { 1: (s: unknown) => ({ ...(s as object), v: 2, migratedNote: 'from v1' }) },
  schema: TestV2Schema,
} as unknown as VersionedFormat<Snapshot>;
