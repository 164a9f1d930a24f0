import type { Note } from '../../lib/notes/schema';
import type { NotesStore, Unreadable } from '../../lib/notes/store';
import { useFollowedStore, type FollowedState } from '../shared/useFollowedStore';

export type NotesState = FollowedState<{ readonly notes: readonly Note[]; readonly unreadable: readonly Unreadable[] }>;

const readNotes = async (store: NotesStore): Promise<{ notes: Note[]; unreadable: Unreadable[] }> => {
  const { notes, unreadable } = await store.list();
  return { notes, unreadable };
};
const followNotes = (store: NotesStore, onChange: () => void): (() => void) => store.subscribe(onChange);

/**
 * Every stored note, read again whenever any note changes (in this page, the side panel, the overlay or another
 * window). Reads never overlap: a change during a read starts one more read after it.
 */
export function useNotes(store: NotesStore): NotesState {
  return useFollowedStore(store, readNotes, followNotes);
}
