import { describe, expect, it } from 'vitest';
import { RelayedChangesSchema } from '../../lib/extension/messages';
import { relayedChanges } from '../../lib/extension/storage-relay';

/**
 * What the background relays to the pages of storage.local's changes (bl:storage-changed): the keys a page follows,
 * each snapshot reduced to its department and region, never the megabytes of a snapshot's lines.
 */
describe('relayedChanges', () => {
  const big = { v: 1, id: 's-abc123', department: '杭州市财政局', region: '杭州市', tables: [{ lines: ['…'] }] };

  it('keeps note, snapshot and settings keys; a snapshot by its department and region only', () => {
    const r = relayedChanges({
      'note:n-1': { newValue: { text: '问问' } },
      'snapshot:s-abc123': { oldValue: big, newValue: { ...big, region: null } },
      'snapshot:s-gone': { oldValue: { department: 3 } },
      'settings:snapshots': { newValue: { v: 1, enabled: false } },
      'report:12': { newValue: { summary: {} } },
    });
    expect(r).toEqual({
      'note:n-1': { newValue: { department: null, region: null } },
      'snapshot:s-abc123': {
        oldValue: { department: '杭州市财政局', region: '杭州市' },
        newValue: { department: '杭州市财政局', region: null },
      },
      'snapshot:s-gone': { oldValue: { department: null, region: null } },
      'settings:snapshots': { newValue: { department: null, region: null } },
    });
    expect(RelayedChangesSchema.parse(r)).toEqual(r);
    expect(JSON.stringify(r)).not.toContain('lines');
  });

  it('is null when nothing a page follows changed', () => {
    expect(relayedChanges({ 'report:3': { newValue: 1 }, 'note-backup:v1:n-1': { newValue: {} } })).toBeNull();
  });
});
