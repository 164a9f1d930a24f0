import { useEffect, useState } from 'preact/hooks';
import type { Note } from '../../lib/notes/schema';
import type { NotesStore, Unreadable } from '../../lib/notes/store';
import { errorText } from './labels';

export type NotesState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly notes: readonly Note[]; readonly unreadable: readonly Unreadable[] }
  | { readonly phase: 'error'; readonly message: string };

/**
 * Every stored note, read again whenever any note changes (in this page, the side panel, the overlay or another
 * window). Reads never overlap: a change during a read starts one more read after it.
 */
export function useNotes(store: NotesStore): NotesState {
  const [state, setState] = useState<NotesState>({ phase: 'loading' });
  useEffect(() => {
    let stopped = false;
    let running = false;
    let again = false;
    const load = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      do {
        again = false;
        try {
          const { notes, unreadable } = await store.list();
          if (!stopped) setState({ phase: 'ready', notes, unreadable });
        } catch (e) {
          if (!stopped) setState({ phase: 'error', message: errorText(e) });
        }
      } while (again && !stopped);
      running = false;
    };
    let unsubscribe = (): void => {};
    try {
      unsubscribe = store.subscribe(() => void load());
    } catch (e) {
      setState({ phase: 'error', message: errorText(e) });
      return undefined;
    }
    void load();
    return () => {
      stopped = true;
      unsubscribe();
    };
  }, [store]);
  return state;
}
