import type { ComponentChildren } from 'preact';
import type { FollowedState } from './useFollowedStore';

/**
 * What a page listing a followed store (useFollowedStore) shows in its list: a status line while it reads, the
 * error (with `errorTestId`) when the store could not be read, else what `ready` draws for the contents.
 */
export function storeList<T extends object>(
  state: FollowedState<T>,
  text: { readonly loading: string; readonly failed: (message: string) => string; readonly errorTestId: string },
  ready: (state: Extract<FollowedState<T>, { readonly phase: 'ready' }>) => ComponentChildren,
): ComponentChildren {
  switch (state.phase) {
    case 'loading':
      return (
        <p class="muted" role="status">
          {text.loading}
        </p>
      );
    case 'error':
      return (
        <p class="form-error" role="alert" data-testid={text.errorTestId}>
          {text.failed(state.message)}
        </p>
      );
    case 'ready':
      return ready(state as Extract<FollowedState<T>, { readonly phase: 'ready' }>);
  }
}
