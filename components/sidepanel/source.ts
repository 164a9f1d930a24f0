import { browser } from 'wxt/browser';
import {
  PageReportSchema,
  progressKey,
  ProgressSchema,
  reportKey,
  type Cell,
  type Message,
  type NoteOnPage,
  type PageReport,
  type Progress,
} from '../../lib/extension/messages';

/** What the side panel knows about its tab's report. */
export type ReportState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'no-tab' }
  | { readonly phase: 'none'; readonly tabId: number }
  | { readonly phase: 'invalid'; readonly tabId: number; readonly reason: string }
  | { readonly phase: 'report'; readonly tabId: number; readonly report: PageReport };

/** `?tab=<id>` of the panel's own URL (the end-to-end tests open sidepanel.html?tab=N in a normal tab). */
function tabFromQuery(search: string): number | undefined {
  const v = new URLSearchParams(search).get('tab');
  if (v === null || !/^\d{1,15}$/u.test(v)) return undefined;
  return Number.parseInt(v, 10);
}

/**
 * Where the background keeps per-tab reports: storage.session, or storage.local where session is missing (older
 * Firefox).
 */
function reportArea(): { readonly name: 'session' | 'local'; readonly area: typeof browser.storage.local } {
  const session = (browser.storage as { session?: typeof browser.storage.local }).session;
  return session ? { name: 'session', area: session } : { name: 'local', area: browser.storage.local };
}

/** A stored value as a state: nothing stored, a valid report, or an invalid one (never throws). */
function stateOf(tabId: number, stored: unknown): ReportState {
  if (stored === undefined || stored === null) return { phase: 'none', tabId };
  const parsed = PageReportSchema.safeParse(stored);
  if (parsed.success) return { phase: 'report', tabId, report: parsed.data };
  const first = parsed.error.issues[0];
  return {
    phase: 'invalid',
    tabId,
    reason: first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid',
  };
}

/**
 * Follows the tab the panel shows: the `?tab=` one when given (fixed), else the active tab of the panel's window,
 * following tab switches in that window. Returns the unsubscribe function.
 */
export function followTab(search: string, onTab: (tabId: number | undefined) => void): () => void {
  const fixed = tabFromQuery(search);
  if (fixed !== undefined) {
    onTab(fixed);
    return () => {};
  }
  let stopped = false;
  let windowId: number | undefined;
  let switched = false;
  const onActivated = (info: { tabId: number; windowId: number }): void => {
    if (windowId !== undefined && info.windowId !== windowId) return;
    switched = true;
    onTab(info.tabId);
  };
  browser.tabs.onActivated.addListener(onActivated);
  void (async () => {
    try {
      const win = await browser.windows?.getCurrent();
      windowId = win?.id;
      const [tab] = await browser.tabs.query(
        windowId !== undefined ? { active: true, windowId } : { active: true, currentWindow: true },
      );
      if (!stopped && !switched) onTab(tab?.id);
    } catch {
      if (!stopped && !switched) onTab(undefined);
    }
  })();
  return () => {
    stopped = true;
    browser.tabs.onActivated.removeListener(onActivated);
  };
}

/** Reads the tab's report and follows its changes (the engine sends it again when tables arrive later). */
export function watchReport(tabId: number, onState: (s: ReportState) => void): () => void {
  return watchKey(reportKey(tabId), (stored) => onState(stateOf(tabId, stored)));
}

/** Reads how far the audit of the tab's page is and follows it (undefined: nothing stored, or not valid). */
export function watchProgress(tabId: number, onProgress: (p: Progress | undefined) => void): () => void {
  return watchKey(progressKey(tabId), (stored) => {
    const parsed = ProgressSchema.safeParse(stored);
    onProgress(parsed.success ? parsed.data : undefined);
  });
}

/** Reads a key of the per-tab area and follows its changes; a failed read is nothing stored. */
function watchKey(key: string, onValue: (stored: unknown) => void): () => void {
  const { name, area } = reportArea();
  let stopped = false;
  let changed = false;
  const onChanged = (changes: Record<string, { newValue?: unknown }>, areaName: string): void => {
    if (stopped || areaName !== name || !(key in changes)) return;
    changed = true;
    onValue(changes[key]?.newValue);
  };
  browser.storage.onChanged.addListener(onChanged);
  void area.get(key).then(
    (items: Record<string, unknown>) => {
      if (!stopped && !changed) onValue(items[key]);
    },
    () => {
      if (!stopped && !changed) onValue(undefined);
    },
  );
  return () => {
    stopped = true;
    browser.storage.onChanged.removeListener(onChanged);
  };
}

/** Asks the engine in the tab to scroll to and highlight these cells. */
export async function revealCells(tabId: number, cells: readonly Cell[]): Promise<void> {
  const msg: Message = { type: 'bl:reveal', cells: cells.map((c) => ({ table: c.table, row: c.row, cell: c.cell })) };
  await browser.tabs.sendMessage(tabId, msg);
}

/**
 * Asks the engine in the tab to scroll to a note's marker and open it (bl:reveal-note); where it answers that it
 * did not (or an older engine does not answer), highlights the note's cells instead. Throws when neither can be done.
 */
export function revealNote(tabId: number, where: NoteOnPage): Promise<void> {
  return revealOrHighlight(tabId, { type: 'bl:reveal-note', id: where.id }, where.cells);
}

/**
 * Sends a reveal message that answers { revealed: boolean } (a note, a claim); where the tab answers that it did not
 * (or an older engine does not answer), highlights `cells` instead. Throws when neither can be done.
 */
export async function revealOrHighlight(
  tabId: number,
  msg: Extract<Message, { type: 'bl:reveal-note' | 'bl:reveal-claim' }>,
  cells: readonly Cell[],
): Promise<void> {
  let revealed = false;
  try {
    const answer = (await browser.tabs.sendMessage(tabId, msg)) as { revealed?: unknown } | undefined;
    revealed = answer?.revealed === true;
  } catch {
    revealed = false;
  }
  if (revealed) return;
  if (cells.length === 0) throw new Error(`${msg.type}: not revealed`);
  await revealCells(tabId, cells);
}

/** Opens the notes page (every note across pages) in a new tab. */
export async function openNotesPage(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL('/notes.html') });
}

/** Writes text to the clipboard; falls back to a hidden textarea and execCommand where the Clipboard API is refused. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // fall through to the textarea
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}
