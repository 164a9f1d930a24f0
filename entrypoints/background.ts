import { MessageSchema, reportKey, type PageReport } from '../lib/extension/messages';

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

  // A tab that navigates or closes drops its report.
  browser.tabs.onUpdated.addListener((tabId, info) => {
    if (info.status === 'loading' && info.url === undefined) return;
    if (info.status === 'loading') void store.remove(reportKey(tabId));
  });
  browser.tabs.onRemoved.addListener((tabId) => void store.remove(reportKey(tabId)));
});
