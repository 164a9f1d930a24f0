/**
 * The browser the UI tests run on: the extension's zh_CN messages behind `browser.i18n` (placeholders filled as
 * the browser fills them), WXT's fake browser, and a linkedom document with an #app to render into.
 *
 * vi.mock calls are hoisted per test file, so each file keeps its own `vi.mock('wxt/browser', …)`; its factory
 * takes what it needs from here (`(await import('./fake-browser')).zhI18n`).
 */
import { parseHTML } from 'linkedom';
import { fakeBrowser } from 'wxt/testing/fake-browser';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

const zh = (await import('../../public/_locales/zh_CN/messages.json')).default as Messages;

/** browser.i18n.getMessage over the zh_CN messages: "$NAME$" placeholders filled from `subs` ("$1" → subs[0]). */
function getMessage(key: string, subs?: string | string[]): string {
  const e = zh[key];
  if (!e) return '';
  const s = typeof subs === 'string' ? [subs] : (subs ?? []);
  return e.message.replace(
    /\$([A-Za-z0-9_]+)\$/gu,
    (_, n: string) => s[Number.parseInt((e.placeholders?.[n]?.content ?? '').slice(1), 10) - 1] ?? '',
  );
}

/** A browser.i18n speaking Chinese. */
export const zhI18n = { getMessage, getUILanguage: (): string => 'zh-CN' };

/** Makes WXT's fake browser speak Chinese (again after fakeBrowser.reset()). */
export const setZhLocale = (): void => void Object.assign(fakeBrowser.i18n, zhI18n);

/** A linkedom page with an empty <div id="app">, installed as the global document and window. */
export function installDom() {
  const dom = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
  Object.assign(globalThis, { document: dom.document, window: dom.window });
  return dom;
}
