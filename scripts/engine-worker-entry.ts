import { serveWorkerScope, type WorkerScope } from '../lib/extension/worker-scope';

// The engine worker's script: built by scripts/worker-source.ts into the engine in the page, run on a Worker's scope.
serveWorkerScope(self as unknown as WorkerScope);
