import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../scripts/lib/browser';
import { extDir, startE2E, type E2E } from './harness';

// The harness itself: the test build loads into Chromium, its background runs, the fixture server serves.
describe('the end-to-end harness', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('loads the test build: its service worker runs and gives the extension id', () => {
    expect(e2e.browser.extensionId).toMatch(/^[a-p]{32}$/u);
    expect(e2e.browser.worker.url()).toBe(`chrome-extension://${e2e.browser.extensionId}/background.js`);
  });

  it('the test build may run on 127.0.0.1 by itself', () => {
    expect(readManifest(extDir()).host_permissions).toContain('http://127.0.0.1/*');
  });

  it('serves the fixture pages and a favicon from 127.0.0.1, and finds their tab', async () => {
    const { page, url, errors } = await e2e.open('pages/huzhou-2024.clean.html', { audit: false });
    expect(await page.title()).toContain('湖州');
    expect((await page.request.get(e2e.server.url('favicon.ico'))).status()).toBe(200);
    expect(await e2e.tabId(url)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
