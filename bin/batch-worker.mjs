// A worker thread of `budget-lens audit DIR`: the TypeScript sources run through tsx, as in bin/budget-lens.mjs.
import { register } from 'tsx/esm/api';

register();
await import('../cli/batch-worker.ts');
