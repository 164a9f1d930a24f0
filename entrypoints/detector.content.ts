import type { Message } from '../lib/extension/messages';
import { isDisclosurePdfLink, looksLikeBudgetPage } from '../lib/page/detect';
import { HOST_STYLE, OVERLAY_TAG } from '../lib/page/host';

/**
 * Runs by itself on *.gov.cn pages (and on the sites the user switched on) as soon as the page is parsed: loaded at
 * document_start, it looks at DOMContentLoaded, before the page's first layout and its load event. It only looks;
 * when the page holds a budget table it puts the overlay's empty host on the page (0 × 0, no content: the page lays
 * it out in its own first layout, where a host added later would cost a large page a second full rendering) and asks
 * the background to load the engine into this frame. Tables that arrive later (tabs, pagination, AJAX, 展开全文) are
 * caught by a debounced MutationObserver. Beside each link to a disclosure's PDF it puts a small "预算透镜" button
 * (its own element with a shadow root, after the link; the page's text is untouched) that asks the background to
 * open the PDF in the viewer.
 */
export default defineContentScript({
  matches: ['*://*.gov.cn/*'],
  runAt: 'document_start',
  main() {
    // DOMContentLoaded, on the window before the page's own listeners: the page's first layout (seconds on a large
    // page; a document_end or document_idle script runs only after it) comes after this.
    if (document.readyState === 'loading')
      window.addEventListener('DOMContentLoaded', () => look(), { once: true, capture: true });
    else look();
  },
});

function look(): void {
  const seen = new WeakSet<Element>();
  const decorate = (): void => {
    for (const a of document.querySelectorAll<HTMLAnchorElement>('a[href*=".pdf" i]')) {
      if (seen.has(a) || !isDisclosurePdfLink(a.href, `${a.textContent ?? ''} ${a.title}`, document.title)) continue;
      seen.add(a);
      const host = document.createElement('budget-lens-pdf');
      host.setAttribute('style', 'all:initial!important');
      const b = document.createElement('button');
      b.textContent = browser.i18n.getMessage('pv_linkButton');
      b.title = browser.i18n.getMessage('pv_menuOpen');
      b.setAttribute(
        'style',
        'font:12px system-ui;margin-left:4px;padding:0 5px;border:1px solid;border-radius:3px;color:#0b57d0;' +
          'background:#fff;cursor:pointer',
      );
      b.onclick = (e) => {
        e.stopPropagation();
        void browser.runtime.sendMessage({ type: 'bl:open-pdf', url: a.href } satisfies Message).catch(() => undefined);
      };
      host.attachShadow({ mode: 'open' }).append(b);
      a.after(host);
    }
  };
  decorate();
  let asked = false;
  const ask = (): boolean => {
    if (asked || !looksLikeBudgetPage(document)) return false;
    asked = true;
    if (!document.querySelector(OVERLAY_TAG)) {
      const host = document.createElement(OVERLAY_TAG);
      host.setAttribute('style', HOST_STYLE);
      document.documentElement.append(host);
    }
    void browser.runtime.sendMessage({ type: 'bl:load' } satisfies Message).catch(() => undefined);
    return true;
  };
  if (ask()) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const observer = new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      decorate();
      if (ask()) observer.disconnect();
    }, 400);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
}
