import { defineConfig } from 'vitest/config';

/**
 * Two projects, both run by `vitest run` (and so by `npm test`):
 * - unit: everything under tests/ but tests/e2e/ (engine, command line, tooling), files in parallel;
 * - e2e: tests/e2e/*.test.ts, Debian's Chromium with the test build of the extension. Its globalSetup fails at once
 *   when Chromium is missing, builds the extension once (BUDGET_LENS_TEST_HOSTS=1 wxt build) and gives the files a
 *   private copy of it (BUDGET_LENS_E2E_EXT=<dir> tests that unpacked extension instead, without building). Files
 *   run one at a time in one fork, after the unit project (groupOrder), so the browser has the cores to itself.
 * `vitest run --project unit` skips the browser (and the build).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', '**/node_modules/**'],
          environment: 'node',
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 60_000,
          hookTimeout: 90_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
