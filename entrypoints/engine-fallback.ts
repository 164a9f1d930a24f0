import { FALLBACK_GLOBAL, fallbackEngine } from '../components/overlay/fallback';

/**
 * The engine's fallback: the parser, the checks, the claims and the snapshot for a page whose engine worker cannot
 * run (its CSP forbids blob: workers). Not in the page's script (entrypoints/engine.ts), which asks the background for
 * this one (bl:fallback) only then; the background injects it into the same tab and frame, where it leaves its engine
 * on the extension's isolated world for the page's script to drive (components/overlay/audit-page.ts).
 */
export default defineUnlistedScript(() => {
  (globalThis as unknown as Record<string, unknown>)[FALLBACK_GLOBAL] = fallbackEngine;
});
