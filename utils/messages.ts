import { browser } from 'wxt/browser';
import {
  AnswerSchemas,
  MessageSchema,
  type Answer,
  type Cell,
  type Message,
  type PageReport,
  type Progress,
} from '../lib/extension/messages';
import { relayedChanges } from '../lib/extension/storage-relay';
import type { StorageChangedLike } from '../lib/notes/store';
import type { SnapshotKeeper } from '../lib/snapshots/keep';

/**
 * The extension side of the message protocol (lib/extension/messages.ts): sending a document's report to the
 * background, and answering the side panel's "show me" messages. The engine in a page and the PDF viewer use both,
 * so the side panel treats a PDF like any page.
 */

/** Sends a document's report to the background (badge, side panel); a missing background is not an error. */
export function sendReport(report: PageReport): Promise<unknown> {
  return browser.runtime.sendMessage({ type: 'bl:report', report } satisfies Message).catch(() => undefined);
}

/** Tells the background how far this page's audit is (the side panel shows it); a missing background is no error. */
export function sendProgress(progress: Progress): Promise<unknown> {
  return browser.runtime.sendMessage({ type: 'bl:progress', progress } satisfies Message).catch(() => undefined);
}

/**
 * Loads the engine's fallback into this frame (the background injects /engine-fallback.js) and returns the engine it
 * leaves on the isolated world's global (components/overlay/audit-page.ts FALLBACK_GLOBAL).
 */
export async function loadFallback<T>(global: string): Promise<T> {
  const have = (): T | undefined => (globalThis as unknown as Record<string, T | undefined>)[global];
  if (!have()) {
    const answer: unknown = await browser.runtime.sendMessage({ type: 'bl:fallback' } satisfies Message);
    if (!AnswerSchemas['bl:fallback'].parse(answer).loaded) throw new Error('the fallback script was not loaded');
  }
  const engine = have();
  if (!engine) throw new Error('the fallback script left no engine');
  return engine;
}

/** The page's snapshots kept by the background (lib/snapshots/keep.ts SnapshotKeeper, over bl:keep-snapshot). */
export const backgroundKeeper: SnapshotKeeper = {
  async keep(snapshot, kept, settingsChanged) {
    const answer: unknown = await browser.runtime.sendMessage({
      type: 'bl:keep-snapshot',
      snapshot,
      kept,
      settingsChanged,
    } satisfies Message);
    return AnswerSchemas['bl:keep-snapshot'].parse(answer);
  },
};

type ChangeListener = Parameters<StorageChangedLike['addListener']>[0];
const relayed = new Map<ChangeListener, (raw: unknown) => undefined>();

/**
 * storage.local's changes as the background relays them to a page (bl:storage-changed, lib/extension/storage-relay.ts):
 * the changed keys of notes, snapshots and settings, without the values a page never reads.
 */
export const relayedStorageChanges: StorageChangedLike = {
  addListener(cb) {
    const listener = (raw: unknown): undefined => {
      const parsed = MessageSchema.safeParse(raw);
      if (parsed.success && parsed.data.type === 'bl:storage-changed') cb(parsed.data.changes, 'local');
      return undefined;
    };
    relayed.set(cb, listener);
    browser.runtime.onMessage.addListener(listener);
  },
  removeListener(cb) {
    const listener = relayed.get(cb);
    if (listener) browser.runtime.onMessage.removeListener(listener);
    relayed.delete(cb);
  },
};

/** What a document does with the side panel's reveals: true when it could show it. */
export interface RevealTarget {
  cells(cells: readonly Cell[]): boolean;
  claim(index: number): boolean;
  note(id: string): boolean;
}

/**
 * Answers the side panel's reveal messages (and, for the engine, bl:ping) for this tab; `target` is asked at the
 * time (undefined: nothing drawn yet, so nothing is revealed). Returns the unsubscribe function.
 */
export function answerReveals(target: () => RevealTarget | undefined, opts: { ping?: boolean } = {}): () => void {
  const listener = (raw: unknown): Promise<Answer<'bl:reveal' | 'bl:ping'>> | undefined => {
    const parsed = MessageSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    const m = parsed.data;
    if (m.type === 'bl:ping') return opts.ping ? Promise.resolve({ running: true }) : undefined;
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

// ---------------------------------------------------------------------------------------------------------------
// The background's side

/** Injects the engine's fallback (entrypoints/engine-fallback.ts) into the frame whose engine asked for it. */
export async function injectFallback(tabId: number, frameId?: number): Promise<boolean> {
  try {
    await browser.scripting.executeScript({
      target: frameId !== undefined ? { tabId, frameIds: [frameId] } : { tabId },
      files: ['/engine-fallback.js'],
    });
    return true;
  } catch (e) {
    console.warn('budget-lens: cannot load the fallback:', (e as Error).message);
    return false;
  }
}

/**
 * Relays storage.local's changes of notes, snapshots and their settings to every tab (bl:storage-changed), reduced to
 * what the engines in the pages follow (lib/extension/storage-relay.ts); a tab without an engine does not answer.
 */
export function relayStorageChanges(): void {
  browser.storage.onChanged.addListener((changes, area) => {
    const relayed = area === 'local' ? relayedChanges(changes) : null;
    if (!relayed) return;
    const message: Message = { type: 'bl:storage-changed', changes: relayed };
    void browser.tabs.query({}).then((tabs) => {
      for (const tab of tabs)
        if (tab.id !== undefined) void browser.tabs.sendMessage(tab.id, message).catch(() => undefined);
    });
  });
}
