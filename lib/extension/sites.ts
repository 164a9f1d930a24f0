/** Which sites budget-lens runs on by itself: *.gov.cn always, and the sites the user switched on. */

/** The host-permission pattern for a page's site, e.g. "https://czj.example.com/*"; undefined for non-web pages. */
export function sitePattern(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  return `${u.protocol}//${u.hostname}/*`;
}

/** Government sites need no switch: the detector runs there from install. */
export function isAutoSite(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'gov.cn' || host.endsWith('.gov.cn');
  } catch {
    return false;
  }
}

/** The origins the user granted beyond the ones the manifest asks for at install. */
export function userSites(granted: readonly string[], manifestHosts: readonly string[]): string[] {
  return granted.filter((o) => !manifestHosts.includes(o) && o !== '*://*/*' && o !== '<all_urls>');
}
