import { workerEngine } from './worker-engine';
import { CHANNEL } from './worker-protocol';

/** What the engine's worker needs of its global scope. */
export interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
}

/**
 * The engine's worker on a Worker's global scope (lib/extension/worker-engine.ts): the model, the checks, the claims
 * and the snapshot of a page run there, off the page's main thread. Its script is built into the engine in the page
 * (scripts/worker-source.ts), which starts it from a blob: URL, since a content script cannot start a Worker from a
 * chrome-extension:// URL; where the page's CSP forbids that, the page audits in slices itself. The page's messages
 * come on the channel it hands over in its first message.
 */
export function serveWorkerScope(scope: WorkerScope): void {
  const handle = workerEngine((m) => scope.postMessage(m));
  // The page speaks on the channel it hands over first (lib/extension/worker-protocol.ts CHANNEL).
  scope.onmessage = (event) => {
    const port = event.data === CHANNEL ? event.ports[0] : undefined;
    if (port) port.onmessage = (e: MessageEvent<unknown>) => handle(e.data);
    else handle(event.data);
  };
  scope.postMessage({ type: 'ready' });
}
