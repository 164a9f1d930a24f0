import type { Message } from '../lib/extension/messages';
import { isDisclosurePdfLink, looksLikeBudgetPage, looksLikeBudgetTable } from '../lib/page/detect';
import { HOST_STYLE, OVERLAY_TAG } from '../lib/page/host';
import { parsedPast } from '../lib/page/parsing';
import { nextLook, pause } from '../lib/steps';

/**
 * Runs by itself on *.gov.cn pages (and on the sites the user switched on) from document_start. It only looks: while
 * the page loads, before each frame the browser draws of it (or every POLL_MS), at the tables the parser has finished
 * (lib/page/parsing.ts), so that on a page of megabytes the engine comes while the rest is still arriving and marks
 * its first tables then; and at DOMContentLoaded, before the page's first full layout and its load event. When it
 * sees a budget table it puts the overlay's empty host on the page (0 × 0, no content: the page lays it out in its own
 * layout, where a host added later would cost a large page a second full rendering) and asks the background to load
 * the engine into this frame (which carries its worker's script and starts it at once). Tables that arrive later
 * (tabs, pagination, AJAX, 展开全文) are caught by a debounced MutationObserver. Beside each link to a disclosure's
 * PDF it puts a small "预算透镜" button (its own element with a shadow root, after the link; the page's text is
 * untouched) that asks the background to open the PDF in the viewer.
 */
export default defineContentScript({
  matches: ['*://*.gov.cn/*'],
  runAt: 'document_start',
  main() {
    // DOMContentLoaded, on the window before the page's own listeners: the page's first layout (seconds on a large
    // page; a document_end or document_idle script runs only after it) comes after this.
    if (document.readyState === 'loading') {
      window.addEventListener('DOMContentLoaded', () => look(), { once: true, capture: true });
      watchParsing();
    } else look();
  },
});

/**
 * While the page loads, the tables finished so far are looked at before each frame the browser draws of it, or after
 * POLL_MS when it draws none (ms); on a page with no table yet, after POLL_MS only.
 */
const POLL_MS = 100;

let asked = false;
/** Puts the overlay's empty host on the page and asks for the engine, once. */
function askForEngine(): void {
  if (asked) return;
  asked = true;
  if (!document.querySelector(OVERLAY_TAG)) {
    const host = document.createElement(OVERLAY_TAG);
    host.setAttribute('style', HOST_STYLE);
    document.documentElement.append(host);
  }
  void browser.runtime.sendMessage({ type: 'bl:load' } satisfies Message).catch(() => undefined);
}

/** While the page loads: each table the parser has finished, looked at once. */
function watchParsing(): void {
  const tables = document.getElementsByTagName('table');
  const seen = new WeakSet<Element>();
  const poll = (): void => {
    if (asked || document.readyState !== 'loading') return;
    for (let i = 0; i < tables.length; i++) {
      const t = tables[i]!;
      if (seen.has(t) || !parsedPast(t, true)) continue;
      seen.add(t);
      if (looksLikeBudgetTable(t, document.title)) return askForEngine();
    }
    // Frames are asked for only on a page with tables: a page without any that waits for its server would otherwise
    // be drawn 60 times a second for nothing (about 26 ms of its main thread a second).
    void (tables.length > 0 ? nextLook(POLL_MS) : pause(POLL_MS)).then(poll);
  };
  // The first look at the first frame: a large page's first chunk is parsed and drawn before a timer's turn comes.
  void nextLook(POLL_MS).then(poll);
}

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
  const ask = (): boolean => {
    if (asked) return true;
    if (!looksLikeBudgetPage(document)) return false;
    askForEngine();
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
