import { isPdfUrl, PDF_LINK_PATTERNS, viewerPath } from '../components/viewer/params';
import { MessageSchema, progressKey, reportKey, type PageReport } from '../lib/extension/messages';
import { userSites } from '../lib/extension/sites';
import { storeKeeper } from '../lib/snapshots/keep';
import { SnapshotStore } from '../lib/snapshots/store';
import { injectFallback, relayStorageChanges } from '../utils/messages';

/**
 * Loads the engine into frames where the detector saw budget tables, keeps each tab's report for the side panel,
 * shows the error count on the toolbar badge, and audits any page on demand from the toolbar button (activeTab).
 * PDFs go to the viewer page (viewer.html): from a link's context menu, from the detector's button beside PDF links,
 * and from the toolbar button on a tab showing a PDF. It makes no network request (the viewer fetches the PDF the
 * reader asked for; the engine worker's script it reads for a page is the extension's own file).
 */
export default defineBackground(() => {
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  const store = browser.storage.session ?? browser.storage.local;

  async function inject(tabId: number, frameId?: number): Promise<void> {
    try {
      await browser.scripting.executeScript({
        target: frameId !== undefined ? { tabId, frameIds: [frameId] } : { tabId },
        files: ['/engine.js'],
        // At once, not at the page's document_idle: on a large page that comes seconds after the detector asked (the
        // page's first layout and load event come first). The engine reads only the DOM (no layout) and audits again
        // when tables arrive later; its marks wait for a frame.
        injectImmediately: true,
      });
    } catch (e) {
      // Pages the browser does not let extensions touch (chrome://, the web store): nothing to audit there.
      console.warn('budget-lens: cannot audit this page:', (e as Error).message);
    }
  }

  /** Forgets a tab's report and progress (it navigated or closed). */
  const drop = (tabId: number): Promise<void> => store.remove([reportKey(tabId), progressKey(tabId)]);

  async function saveReport(tabId: number, report: PageReport): Promise<void> {
    await store.set({ [reportKey(tabId)]: report });
    const errors = report.summary.errors;
    try {
      await action.setBadgeText({ tabId, text: errors > 0 ? String(errors) : '' });
      await action.setBadgeBackgroundColor({ tabId, color: '#d9534f' });
      await action.setTitle({ tabId, title: `${browser.i18n.getMessage('actionTitle')} · ${errors}` });
    } catch {
      // The tab closed while its report was on the way ("No tab with id"): the report goes with it.
      await drop(tabId);
    }
  }

  /** Opens a PDF in the viewer, in a new tab beside the one it came from. */
  function openViewer(url: string, from?: { id?: number; index?: number }): void {
    void browser.tabs
      .create({
        url: browser.runtime.getURL(viewerPath(url) as '/viewer.html'),
        ...(from?.index !== undefined ? { index: from.index + 1 } : {}),
        ...(from?.id !== undefined ? { openerTabId: from.id } : {}),
      })
      .catch((e: unknown) => console.warn('budget-lens: cannot open the viewer:', (e as Error).message));
  }

  browser.runtime.onMessage.addListener((raw: unknown, sender) => {
    const parsed = MessageSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    // The detector's button beside a PDF link.
    if (parsed.data.type === 'bl:open-pdf') {
      if (isPdfUrl(parsed.data.url)) openViewer(parsed.data.url, sender.tab);
      return undefined;
    }
    // A page's snapshot, kept and validated here, off the page's thread; the earlier years go back for its model.
    if (parsed.data.type === 'bl:keep-snapshot') {
      const { snapshot, kept, settingsChanged } = parsed.data;
      return storeKeeper(new SnapshotStore(browser.storage.local)).keep(snapshot, kept, settingsChanged);
    }
    const tabId = sender.tab?.id;
    if (tabId === undefined) return undefined;
    // The engine's worker cannot run in this page: its fallback, into the same frame.
    if (parsed.data.type === 'bl:fallback') return injectFallback(tabId, sender.frameId).then((loaded) => ({ loaded }));
    if (parsed.data.type === 'bl:load') void inject(tabId, sender.frameId);
    if (parsed.data.type === 'bl:report') void saveReport(tabId, parsed.data.report);
    if (parsed.data.type === 'bl:progress' && sender.frameId === 0)
      void store.set({ [progressKey(tabId)]: parsed.data.progress });
    return undefined;
  });

  // The toolbar button: open the side panel (Chrome) or sidebar (Firefox) and audit this page, whatever its site.
  const sidePanel = (
    browser as unknown as {
      sidePanel?: {
        open(o: { tabId: number }): Promise<void>;
        setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void>;
      };
    }
  ).sidePanel;
  void sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);
  action.onClicked.addListener((tab) => {
    if (tab.id === undefined) return;
    // A tab showing a PDF (its address ends in .pdf; activeTab lets us read it now): the viewer audits it instead.
    if (tab.url && isPdfUrl(tab.url)) {
      openViewer(tab.url, tab);
      return;
    }
    // Opening a panel must happen in the click's own turn, before anything is awaited.
    if (sidePanel) void sidePanel.open({ tabId: tab.id }).catch(() => undefined);
    else
      void (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction
        ?.open()
        .catch(() => undefined);
    void inject(tab.id);
  });

  // The links' context menu: 用预算透镜打开此 PDF on links whose path ends in .pdf (contextMenus). Created at every start:
  // Firefox forgets menus when it restarts; Chrome keeps them, and its "duplicate id" is read and dropped here.
  const menus = (browser as unknown as { contextMenus?: typeof browser.contextMenus }).contextMenus;
  const MENU_ID = 'bl-open-pdf';
  try {
    menus?.create(
      {
        id: MENU_ID,
        title: browser.i18n.getMessage('pv_menuOpen'),
        contexts: ['link'],
        targetUrlPatterns: [...PDF_LINK_PATTERNS],
      },
      () => void browser.runtime.lastError,
    );
  } catch (e) {
    console.warn('budget-lens: no PDF link menu:', (e as Error).message);
  }
  menus?.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ID && info.linkUrl && /^https?:/iu.test(info.linkUrl)) openViewer(info.linkUrl, tab);
  });

  // Sites the user switched on (optional host permissions granted from the side panel): the detector runs there
  // by itself too, registered here because the manifest's content script covers *.gov.cn only.
  const USER_SITES = 'bl-user-sites';
  async function syncUserSites(): Promise<void> {
    const manifest = browser.runtime.getManifest() as { host_permissions?: string[]; permissions?: string[] };
    const declared = [...(manifest.host_permissions ?? []), ...(manifest.permissions ?? [])];
    const granted = (await browser.permissions.getAll()).origins ?? [];
    const sites = userSites(granted, declared);
    await browser.scripting.unregisterContentScripts({ ids: [USER_SITES] }).catch(() => undefined);
    if (sites.length === 0) return;
    await browser.scripting.registerContentScripts([
      { id: USER_SITES, matches: sites, js: ['/content-scripts/detector.js'], runAt: 'document_start' },
    ]);
  }
  browser.permissions.onAdded.addListener(() => void syncUserSites());
  browser.permissions.onRemoved.addListener(() => void syncUserSites());
  void syncUserSites().catch((e: unknown) =>
    console.warn('budget-lens: cannot register switched-on sites:', (e as Error).message),
  );

  // Notes, snapshots and settings changed: every tab's engine hears which (not the values: a snapshot is megabytes).
  relayStorageChanges();

  // A tab that navigates or closes drops its report and its progress.
  browser.tabs.onUpdated.addListener((tabId, info) => {
    if (info.status === 'loading' && info.url === undefined) return;
    if (info.status === 'loading') void drop(tabId);
  });
  browser.tabs.onRemoved.addListener((tabId) => void drop(tabId));
});
