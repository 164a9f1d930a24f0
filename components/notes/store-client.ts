import { browser } from 'wxt/browser';
import { NotesStore, type StorageAreaLike, type StorageChangedLike } from '../../lib/notes/store';

let store: NotesStore | undefined;

/** The extension's one notes store: browser.storage.local, one key per note. */
export function notesStore(): NotesStore {
  store ??= new NotesStore(
    browser.storage.local as unknown as StorageAreaLike,
    browser.storage.onChanged as unknown as StorageChangedLike,
  );
  return store;
}
