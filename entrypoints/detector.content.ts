import { looksLikeBudgetPage } from '../lib/page/detect';

/**
 * Runs by itself on *.gov.cn pages (and on the sites the user switched on). It only looks; when the page holds a
 * budget table it asks the background to load the engine into this frame. Tables that arrive later (tabs,
 * pagination, AJAX, 展开全文) are caught by a debounced MutationObserver.
 */
export default defineContentScript({
  matches: ['*://*.gov.cn/*'],
  runAt: 'document_idle',
  main() {
    let asked = false;
    const ask = (): boolean => {
      if (asked || !looksLikeBudgetPage(document)) return false;
      asked = true;
      void browser.runtime.sendMessage({ type: 'bl:load' }).catch(() => undefined);
      return true;
    };
    if (ask()) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new MutationObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (ask()) observer.disconnect();
      }, 400);
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
  },
});
