import { workerEngine } from '../lib/extension/worker-engine';

/**
 * The engine's worker (lib/extension/worker-engine.ts on a Worker's global scope): the model, the checks, the claims
 * and the snapshot of a page run here, off the page's main thread. Not loaded by itself: the engine in a page asks
 * the background for this file's text (bl:worker-code) and starts it from a blob: URL, since a content script cannot
 * start a Worker from a chrome-extension:// URL; where the page's CSP forbids that, the page audits in slices itself.
 */
export default defineUnlistedScript(() => {
  const scope = globalThis as unknown as {
    postMessage(message: unknown): void;
    onmessage: ((event: { data: unknown }) => void) | null;
  };
  const handle = workerEngine((m) => scope.postMessage(m));
  scope.onmessage = (event) => handle(event.data);
  scope.postMessage({ type: 'ready' });
});
