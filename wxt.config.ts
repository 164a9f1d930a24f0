import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { workerSourcePlugin } from './scripts/worker-source';

/**
 * BUDGET_LENS_TEST_HOSTS=1 (npm run build:test) builds into .output-test/ an extension that also runs by itself on
 * pages served from 127.0.0.1 and localhost: the end-to-end tests, `npm start` and the page benchmark use it.
 * The build users install (npm run build) runs by itself on *.gov.cn only.
 */
const testHosts = process.env.BUDGET_LENS_TEST_HOSTS === '1';
export const AUTO_HOSTS = ['*://*.gov.cn/*', ...(testHosts ? ['http://127.0.0.1/*', 'http://localhost/*'] : [])];

// See https://wxt.dev/api/config.html
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  outDir: testHosts ? '.output-test' : '.output',
  vite: () => ({
    // The engine worker's script, built into the engine in the page (scripts/worker-source.ts).
    plugins: [preact(), workerSourcePlugin()],
  }),
  hooks: {
    // The detector declares *.gov.cn; the test build also runs it on 127.0.0.1 and localhost.
    'build:manifestGenerated': (_wxt, manifest) => {
      for (const cs of manifest.content_scripts ?? [])
        if (cs.matches?.includes('*://*.gov.cn/*')) cs.matches = [...AUTO_HOSTS];
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    action: { default_title: '__MSG_actionTitle__' },
    // activeTab: audit any page on demand from the toolbar button; scripting: load the engine only into pages
    // the detector found budget tables on; storage: per-tab reports for the side panel; contextMenus: the
    // "用预算透镜打开此 PDF" item on links to PDFs (it shows no install warning and reads nothing by itself).
    permissions: ['activeTab', 'contextMenus', 'scripting', 'storage', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    host_permissions: AUTO_HOSTS,
    // Other sites the user switches on, asked for at that moment, never at install.
    optional_host_permissions: ['*://*/*'],
    // Firefox builds MV2, where WXT drops optional_host_permissions: the same hosts go in optional_permissions.
    ...(browser === 'firefox' ? { optional_permissions: ['*://*/*'] } : {}),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'budget-lens@budget-lens.example',
              strict_min_version: '115.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
