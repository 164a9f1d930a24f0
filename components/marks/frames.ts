import { nextTurn } from '../../lib/steps';

/**
 * WHEN THE MARKS ARE DRAWN: right after the browser has drawn a frame. A slice of drawing reads where its cells are,
 * then writes its marks; run just after a frame, its reads find the layout the browser has just made (no layout of
 * their own: on a 5 MB page a forced layout costs tens of milliseconds), and the browser lays out what it wrote in
 * the next frame, once. Where no frame comes (a tab in the background, a test's DOM without rendering), the slice
 * runs after a short wait anyway, so the drawing always ends.
 */

/** How long a slice waits for a frame before it runs anyway (ms); while the page loads (frames come slower). */
const NO_FRAME_MS = 100;
const NO_FRAME_LOADING_MS = 1000;

/**
 * Resolves in a task right after the next frame is drawn (or after NO_FRAME_MS when no frame comes). While the page
 * is still loading, in the next frame itself instead, once the browser has laid it out (a new ResizeObserver's first
 * report comes then): between a frame and the task after it the parser adds to the page, and reading where cells
 * are then would lay out what it added there and then, a long task on a page of megabytes.
 */
export function afterFrame(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function' || typeof MessageChannel !== 'function')
    return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    let done = false;
    const go = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve();
    };
    const loading = document.readyState === 'loading' && typeof ResizeObserver === 'function';
    const timer = setTimeout(go, loading ? NO_FRAME_LOADING_MS : NO_FRAME_MS);
    if (loading) {
      const laidOut = new ResizeObserver(() => {
        laidOut.disconnect();
        go();
      });
      laidOut.observe(document.documentElement);
    } else requestAnimationFrame(() => void nextTurn().then(go));
  });
}

/**
 * Runs drawing steps one a frame: each step (a batch that reads, then writes) right after a frame; the first one at
 * once when `now` (a reader's action, or a frame's own callback, whose layout the browser makes anyway). Stops early
 * when `current` says a newer drawing or placing has begun.
 */
export async function inFrames(
  steps: Generator<void, void>,
  options: { readonly current?: () => boolean; readonly now?: boolean } = {},
): Promise<void> {
  const current = options.current ?? (() => true);
  if (options.now && steps.next().done) return;
  for (;;) {
    await afterFrame();
    if (!current()) return;
    if (steps.next().done) return;
  }
}
