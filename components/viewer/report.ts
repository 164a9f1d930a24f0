import { browser } from 'wxt/browser';
import { MessageSchema } from '../../lib/extension/messages';

/**
 * The viewer as a page like any other for the side panel: it answers the side panel's reveal messages (bl:reveal,
 * bl:reveal-claim, bl:reveal-note) like the engine. (Its report goes to the background through utils/report.ts.)
 */

/** What the viewer does with a reveal: true when it could show it. */
export interface RevealTarget {
  cells(cells: readonly { table: number; row: number; cell: number }[]): boolean;
  claim(index: number): boolean;
  note(id: string): boolean;
}

/** Answers the side panel's reveal messages for this tab. Returns the unsubscribe function. */
export function answerReveals(target: () => RevealTarget | undefined): () => void {
  const listener = (raw: unknown): Promise<{ revealed: boolean }> | undefined => {
    // The side panel's tabs.sendMessage reaches the extension page its tab shows, as it reaches a page's engine.
    const parsed = MessageSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    const m = parsed.data;
    if (m.type !== 'bl:reveal' && m.type !== 'bl:reveal-claim' && m.type !== 'bl:reveal-note') return undefined;
    const t = target();
    const revealed = !t
      ? false
      : m.type === 'bl:reveal'
        ? t.cells(m.cells)
        : m.type === 'bl:reveal-claim'
          ? t.claim(m.index)
          : t.note(m.id);
    return Promise.resolve({ revealed });
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
