import { describe, expect, it } from 'vitest';
import { isAutoSite, sitePattern, userSites } from '../../lib/extension/sites';

describe('sites the extension runs on', () => {
  it('asks for one site at a time, by host, for web pages only', () => {
    expect(sitePattern('https://czj.hangzhou.example.com/art/2024/1/1/art_1.html?x=1#t')).toBe(
      'https://czj.hangzhou.example.com/*',
    );
    expect(sitePattern('http://127.0.0.1:8080/a.html')).toBe('http://127.0.0.1/*');
    expect(sitePattern('chrome://extensions/')).toBeUndefined();
    expect(sitePattern('file:///home/me/page.html')).toBeUndefined();
    expect(sitePattern('not a url')).toBeUndefined();
  });
  it('*.gov.cn needs no switch, look-alikes do', () => {
    expect(isAutoSite('https://www.hangzhou.gov.cn/x')).toBe(true);
    expect(isAutoSite('https://gov.cn/')).toBe(true);
    expect(isAutoSite('https://hangzhou.gov.cn.example.com/')).toBe(false);
    expect(isAutoSite('https://notgov.cn/')).toBe(false);
  });
  it('the switched-on sites are the granted origins beyond the manifest, never a catch-all', () => {
    expect(userSites(['*://*.gov.cn/*', 'https://a.example.com/*', '*://*/*'], ['*://*.gov.cn/*'])).toEqual([
      'https://a.example.com/*',
    ]);
    expect(userSites(['*://*.gov.cn/*'], ['*://*.gov.cn/*'])).toEqual([]);
  });
});
