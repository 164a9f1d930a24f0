import { MessageSchema, reportKey, type PageReport } from '../lib/extension/messages';
import { userSites } from '../lib/extension/sites';

/**
 * Loads the engine into frames where the detector saw budget tables, keeps each tab's report for the side panel,
 * shows the error count on the toolbar badge, and audits any page on demand from the toolbar button (activeTab).
 * It makes no network request.
 */
export default defineBackground(() => {
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  const store = browser.storage.session ?? browser.storage.local;

  async function inject(tabId: number, frameId?: number): Promise<void> {
    try {
      await browser.scripting.executeScript({ target: frameId !== undefined ? { tabId, frameIds: [frameId] } : { tabId }, files: ['/engine.js'] });
    } catch (e) {
      // Pages the browser does not let extensions touch (chrome://, the web store): nothing to audit there.
      console.warn('budget-lens: cannot audit this page:', (e as Error).message);
    }
  }

  async function saveReport(tabId: number, report: PageReport): Promise<void> {
    await store.set({ [reportKey(tabId)]: report });
    const errors = report.summary.errors;
    await action.setBadgeText({ tabId, text: errors > 0 ? String(errors) : '' });
    await action.setBadgeBackgroundColor({ tabId, color: '#d9534f' });
    await action.setTitle({ tabId, title: `${browser.i18n.getMessage('actionTitle')} · ${errors}` });
  }

  browser.runtime.onMessage.addListener((raw: unknown, sender) => {
    const parsed = MessageSchema.safeParse(raw);
    const tabId = sender.tab?.id;
    if (!parsed.success || tabId === undefined) return undefined;
    if (parsed.data.type === 'bl:load') void inject(tabId, sender.frameId);
    if (parsed.data.type === 'bl:report') void saveReport(tabId, parsed.data.report);
    return undefined;
  });

  // The toolbar button: open the side panel (Chrome) or sidebar (Firefox) and audit this page, whatever its site.
  const sidePanel = (browser as unknown as { sidePanel?: { open(o: { tabId: number }): Promise<void>; setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void> } }).sidePanel;
  void sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);
  action.onClicked.addListener((tab) => {
    if (tab.id === undefined) return;
    // Opening a panel must happen in the click's own turn, before anything is awaited.
    if (sidePanel) void sidePanel.open({ tabId: tab.id }).catch(() => undefined);
    else void (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction?.open().catch(() => undefined);
    void inject(tab.id);
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
    await browser.scripting.registerContentScripts([{ id: USER_SITES, matches: sites, js: ['/content-scripts/detector.js'], runAt: 'document_idle' }]);
  }
  browser.permissions.onAdded.addListener(() => void syncUserSites());
  browser.permissions.onRemoved.addListener(() => void syncUserSites());
  void syncUserSites().catch((e: unknown) => console.warn('budget-lens: cannot register switched-on sites:', (e as Error).message));

  // A tab that navigates or closes drops its report.
  browser.tabs.onUpdated.addListener((tabId, info) => {
    if (info.status === 'loading' && info.url === undefined) return;
    if (info.status === 'loading') void store.remove(reportKey(tabId));
  });
  browser.tabs.onRemoved.addListener((tabId) => void store.remove(reportKey(tabId)));
});
