import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextLook } from '../../lib/steps';

// A loading page's frames come between its parsing and rendering tasks, when a timer may wait for seconds: the
// detector and the early preview look at the page at its next frame, or after a timer where no frame comes.
describe('nextLook', () => {
  const g = globalThis as unknown as Record<string, unknown>;
  let frames: Map<number, () => void>;
  let next = 0;

  beforeEach(() => {
    vi.useFakeTimers();
    frames = new Map();
  });
  afterEach(() => {
    vi.useRealTimers();
    delete g.requestAnimationFrame;
    delete g.cancelAnimationFrame;
  });

  const withFrames = (): void => {
    g.requestAnimationFrame = (f: () => void): number => {
      frames.set(++next, f);
      return next;
    };
    g.cancelAnimationFrame = (id: number): void => void frames.delete(id);
  };
  const drawFrame = (): void => {
    const due = [...frames.values()];
    frames.clear();
    for (const f of due) f();
  };
  const settled = async (p: Promise<void>): Promise<boolean> => {
    let done = false;
    void p.then(() => (done = true));
    await Promise.resolve();
    await Promise.resolve();
    return done;
  };

  it('looks at the next frame, long before the timer, and drops the timer', async () => {
    withFrames();
    const look = nextLook(100);
    await vi.advanceTimersByTimeAsync(10);
    expect(await settled(look)).toBe(false);
    drawFrame();
    expect(await settled(look)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('looks after the timer when no frame comes (a hidden tab), and drops the frame asked for', async () => {
    withFrames();
    const look = nextLook(100);
    await vi.advanceTimersByTimeAsync(99);
    expect(await settled(look)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(look)).toBe(true);
    expect(frames.size).toBe(0);
  });

  it('waits for the timer where there are no frames at all (Node)', async () => {
    const look = nextLook(50);
    await vi.advanceTimersByTimeAsync(49);
    expect(await settled(look)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(look)).toBe(true);
  });
});
