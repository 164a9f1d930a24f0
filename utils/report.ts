import { browser } from 'wxt/browser';
import type { PageReport } from '../lib/extension/messages';

/** Sends a page's report to the background (badge, side panel); a missing background is not an error. */
export function sendReport(report: PageReport): Promise<unknown> {
  return browser.runtime.sendMessage({ type: 'bl:report' as const, report }).catch(() => undefined);
}
