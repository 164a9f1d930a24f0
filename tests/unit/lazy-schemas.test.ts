import { describe, expect, it, vi } from 'vitest';

/**
 * The page's script (engine.js) is evaluated on the page's main thread, in one task: the Zod schemas its modules
 * declare are built on first use (lib/lazy.ts), never at import, where building them was most of that task
 * (bench/README.md, issue 13). Every schema is built from a call of one of `z`'s functions, so counting those calls
 * counts the schemas built.
 */
const calls = vi.hoisted(() => ({ count: 0, names: new Set<string>() }));

vi.mock('zod', async (importOriginal) => {
  const zod = await importOriginal<typeof import('zod')>();
  const counted = Object.fromEntries(
    Object.entries(zod.z).map(([name, f]) =>
      // Factories (z.object, z.string, …) are counted; classes (z.ZodError, …) and values are left as they are.
      typeof f === 'function' && /^[a-z]/u.test(name)
        ? [
            name,
            (...args: unknown[]) => {
              calls.count++;
              calls.names.add(name);
              return (f as (...a: unknown[]) => unknown)(...args);
            },
          ]
        : [name, f],
    ),
  );
  return { ...zod, z: counted };
});
vi.mock('wxt/browser', () => ({ browser: {} }));

describe('the page script modules build their schemas on first use', () => {
  it('builds no Zod schema when the page script modules are imported', async () => {
    // The page's script's modules that declare or compose schemas (entrypoints/engine.ts reaches them all), and
    // those of the background, the side panel and the notes page.
    await import('../../lib/report/schema');
    await import('../../lib/extension/messages');
    await import('../../lib/extension/worker-protocol');
    await import('../../lib/notes/schema');
    await import('../../lib/notes/migrations');
    await import('../../lib/notes/store');
    await import('../../lib/snapshots/schema');
    await import('../../lib/snapshots/keep');
    await import('../../lib/snapshots/store');
    await import('../../utils/messages');
    expect([...calls.names]).toEqual([]);
    expect(calls.count).toBe(0);
  });

  it('still refuses a malformed message and accepts a good one once used', async () => {
    const { MessageSchema, AnswerSchemas } = await import('../../lib/extension/messages');
    const { NoteSchema } = await import('../../lib/notes/schema');
    expect(MessageSchema.safeParse({ type: 'bl:reveal-claim', index: 2 }).success).toBe(true);
    expect(MessageSchema.safeParse({ type: 'bl:reveal-claim', index: -1 }).success).toBe(false);
    expect(MessageSchema.safeParse({ type: 'bl:reveal', cells: [{ table: 0, row: 1 }] }).success).toBe(false);
    expect(AnswerSchemas['bl:ping'].safeParse({ running: true }).success).toBe(true);
    expect(AnswerSchemas['bl:ping'].safeParse({ running: false }).success).toBe(false);
    expect(NoteSchema.safeParse({ v: 2, id: 'x' }).success).toBe(false);
    const { FromWorkerSchema, ToWorkerSchema } = await import('../../lib/extension/worker-protocol');
    expect(FromWorkerSchema.safeParse({ type: 'progress', done: 3, total: 9 }).success).toBe(true);
    expect(FromWorkerSchema.safeParse({ type: 'progress', done: -1, total: 9 }).success).toBe(false);
    expect(FromWorkerSchema.safeParse({ type: 'anchored', id: 1, anchor: { scope: 'cell' } }).success).toBe(false);
    const page = { page: 1, width: 595, height: 842, items: [{ str: '合计', x: 1, y: 2, width: 3, height: 4 }] };
    const printed = (p: object) => ({ type: 'blocks', blocks: [{ kind: 'printed', pages: [p] }] });
    expect(ToWorkerSchema.safeParse(printed({ ...page, rules: [] })).success).toBe(true);
    expect(ToWorkerSchema.safeParse(printed({ ...page, rules: [], shades: [{ x: 1, y: 2 }] })).success).toBe(false);
    expect(calls.count).toBeGreaterThan(0);
  });
});
