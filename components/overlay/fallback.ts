import { pageAuditSteps } from '../../lib/extension/worker-engine';
import { snapshotText } from '../../lib/snapshots/keep';
import { localModel } from '../marks/local-model';
import type { FallbackEngine } from './audit-page';

export { FALLBACK_GLOBAL } from './audit-page';

/**
 * The engine's heavy half on the page's own thread, for a page whose worker cannot run (its CSP forbids blob:
 * workers, or the worker failed): the worker's own audit steps (lib/extension/worker-engine.ts, the same report and
 * snapshot), driven in slices by components/overlay/audit-page.ts, and the model they leave, kept here for the notes
 * and the prior years. Only entrypoints/engine-fallback.ts loads it, on request.
 */
export const fallbackEngine: FallbackEngine = {
  *audit(page, reported) {
    const { doc, report, snapshot } = yield* pageAuditSteps(page, reported);
    return { report, snapshot: snapshot && snapshotText(snapshot), model: localModel(doc, snapshot) };
  },
};
