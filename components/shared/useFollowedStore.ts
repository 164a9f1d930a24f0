import { useEffect, useState } from 'preact/hooks';

/** What a page that lists a store shows: still reading, the store's contents, or why they could not be read. */
export type FollowedState<T extends object> =
  | { readonly phase: 'loading' }
  | ({ readonly phase: 'ready' } & { readonly [K in keyof T]: T[K] })
  | { readonly phase: 'error'; readonly message: string };

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * A store's contents, read again whenever the store changes (in this page, a tab's engine, the side panel, another
 * window). Reads never overlap: a change during a read starts one more read after it. Shared by the notes page and
 * the history page. `read` and `subscribe` should be stable (module-level) functions: the store is followed again
 * whenever one of them or the store changes. A `subscribe` that throws leaves the page in the error state.
 */
export function useFollowedStore<S, T extends object>(
  store: S,
  read: (store: S) => Promise<T>,
  subscribe: (store: S, onChange: () => void) => () => void,
): FollowedState<T> {
  const [state, setState] = useState<FollowedState<T>>({ phase: 'loading' });
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
          const value = await read(store);
          if (!stopped) setState({ phase: 'ready', ...value });
        } catch (e) {
          if (!stopped) setState({ phase: 'error', message: errorText(e) });
        }
      } while (again && !stopped);
      running = false;
    };
    let unsubscribe = (): void => {};
    try {
      unsubscribe = subscribe(store, () => void load());
    } catch (e) {
      setState({ phase: 'error', message: errorText(e) });
      return undefined;
    }
    void load();
    return () => {
      stopped = true;
      unsubscribe();
    };
  }, [store, read, subscribe]);
  return state;
}
