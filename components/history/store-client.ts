import { browser } from 'wxt/browser';
import { SnapshotStore, type StorageAreaLike } from '../../lib/snapshots/store';

let store: SnapshotStore | undefined;

/**
 * The extension's snapshot store (browser.storage.local, one key per snapshot), for the side panel and the history
 * page.
 */
export function snapshotStore(): SnapshotStore {
  store ??= new SnapshotStore(browser.storage.local as unknown as StorageAreaLike);
  return store;
}

/** Opens the history page (every stored snapshot, import of saved pages) in a new tab. */
export async function openHistoryPage(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL('/years.html') });
}

/**
 * Calls `onChange` whenever a snapshot or the snapshot settings change in browser.storage.local; returns the
 * unsubscribe function.
 */
export function watchSnapshots(onChange: () => void, keys: (key: string) => boolean): () => void {
  const listener = (changes: Record<string, unknown>, area: string): void => {
    if (area === 'local' && Object.keys(changes).some(keys)) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
