import { workerEngine } from '../lib/extension/worker-engine';
import { CHANNEL } from '../lib/extension/worker-protocol';

/**
 * The engine's worker (lib/extension/worker-engine.ts on a Worker's global scope): the model, the checks, the claims
 * and the snapshot of a page run here, off the page's main thread. Not loaded by itself: the engine in a page asks
 * the background for this file's text (bl:worker-code) and starts it from a blob: URL, since a content script cannot
 * start a Worker from a chrome-extension:// URL; where the page's CSP forbids that, the page audits in slices itself.
 * The page's messages come on the channel it hands over in its first message.
 */
export default defineUnlistedScript(() => {
  const scope = globalThis as unknown as {
    postMessage(message: unknown): void;
    onmessage: ((event: MessageEvent<unknown>) => void) | null;
  };
  const handle = workerEngine((m) => scope.postMessage(m));
  // The page speaks on the channel it hands over first (lib/extension/worker-protocol.ts CHANNEL).
  scope.onmessage = (event) => {
    const port = event.data === CHANNEL ? event.ports[0] : undefined;
    if (port) port.onmessage = (e: MessageEvent<unknown>) => handle(e.data);
    else handle(event.data);
  };
  scope.postMessage({ type: 'ready' });
});
