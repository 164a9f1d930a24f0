/** Small helpers for the Preact UI tests on linkedom. */

/** Waits (up to 2 s) for a condition the UI reaches asynchronously. */
export async function until(cond: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Types a value into a field as a user would: sets it and fires input. */
export function type(el: HTMLElement, value: string): void {
  (el as HTMLInputElement).value = value;
  const win = (globalThis as unknown as { window: { Event: typeof Event } }).window;
  el.dispatchEvent(new win.Event('input', { bubbles: true }));
}
