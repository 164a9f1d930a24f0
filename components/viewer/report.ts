import { browser } from 'wxt/browser';
import type { AuditReport } from '../../lib/audit';
import { MessageSchema, type PageReport } from '../../lib/extension/messages';
import type { BudgetDocument } from '../../lib/model';
import { toJson } from '../../lib/report/json';
import { headlines } from '../../lib/summary';
import { noteOnPage, type ResolvedNote } from '../overlay/notes';

/**
 * The viewer as a page like any other for the side panel and the toolbar badge: it sends its PDF's report to the
 * background (bl:report, as the engine does in a web page) and answers the side panel's reveal messages
 * (bl:reveal, bl:reveal-claim, bl:reveal-note) like the engine.
 */

export function viewerReport(report: AuditReport, doc: BudgetDocument, page: { url: string; title: string }, notes: readonly ResolvedNote[]): PageReport {
  const json = toJson(report) as Omit<PageReport, 'url' | 'canonicalUrl' | 'title' | 'auditedAt' | 'headlines' | 'notes'>;
  return { ...json, url: page.url, canonicalUrl: null, title: page.title, auditedAt: new Date().toISOString(), headlines: headlines(doc), notes: notes.map(noteOnPage) };
}

export function sendReport(report: PageReport): Promise<unknown> {
  return browser.runtime.sendMessage({ type: 'bl:report' as const, report }).catch(() => undefined);
}

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
    const revealed = !t ? false : m.type === 'bl:reveal' ? t.cells(m.cells) : m.type === 'bl:reveal-claim' ? t.claim(m.index) : t.note(m.id);
    return Promise.resolve({ revealed });
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
