/**
 * THE ONE DRIVER of stepwise work. The engine's long jobs are generators that yield between small steps (the DOM
 * read per table, the model per table, each check; the marks layer per batch of marks). The command line runs them
 * to the end at once; a page or the viewer runs them in slices of a few milliseconds and gives the page its turn in
 * between, so no task of ours holds the main thread for long.
 */

export interface DriveOptions {
  /** How long one slice may run before the page gets its turn (ms); 0: to the end in one go. */
  readonly sliceMs?: number;
  /** How the page gets its turn (default: a macrotask, so input and rendering can run). */
  readonly yieldTo?: () => Promise<void>;
  /** Stops between slices (the AbortSignal's reason is thrown). */
  readonly signal?: AbortSignal;
  /** The clock (tests). */
  readonly now?: () => number;
}

/** A timer of `ms`: the page's other tasks run meanwhile. */
export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A macrotask: the page's input, timers and rendering run before the next slice. */
export const nextTask = (): Promise<void> => pause(0);

/**
 * The page's turn between two slices: a task of its own, through a MessageChannel, not setTimeout(0), which the
 * browser delays by 4 ms once timers nest (hundreds of slices on a long page).
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/**
 * The next moment to look at a page that is still arriving: its next frame, before that frame's layout (what the
 * parser has added is about to be drawn), or after `ms`, whichever comes first. A timer alone waits behind the loading
 * page's parsing and rendering tasks (100–200 ms each on a page of megabytes, seconds in all); a frame comes between
 * them. A hidden tab, or Node, has no frames: the timer then.
 */
export function nextLook(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const frames = typeof requestAnimationFrame === 'function';
    let frame = 0;
    const timer = setTimeout(() => {
      if (frames) cancelAnimationFrame(frame);
      resolve();
    }, ms);
    if (frames)
      frame = requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve();
      });
  });
}

/** Runs steps in slices of about `sliceMs` (default 30 ms), giving the page its turn in between; returns the result. */
export async function drive<T>(steps: Generator<unknown, T>, options: DriveOptions = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? 30;
  const yieldTo = options.yieldTo ?? nextTask;
  const now = options.now ?? (() => performance.now());
  let start = now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (sliceMs > 0 && now() - start > sliceMs) {
      await yieldTo();
      options.signal?.throwIfAborted();
      start = now();
    }
  }
}

/** Runs steps to the end at once (the command line, tests). */
export function runToEnd<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
