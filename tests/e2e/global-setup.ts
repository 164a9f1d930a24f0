import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  buildTestExtension,
  chromiumMissingMessage,
  EXT_DIR,
  findChromium,
  manifestProblems,
} from '../../scripts/lib/browser';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The unpacked test extension the e2e files load (a private copy of .output-test/chrome-mv3). */
    extDir: string;
  }
}

/**
 * Runs once before the end-to-end files: checks that Debian's Chromium is there, builds the test extension
 * (BUDGET_LENS_TEST_HOSTS=1 wxt build → .output-test/chrome-mv3) and hands the files a private copy of it, so a
 * build started elsewhere during the run (another `npm run build:test`, `npm start`) cannot swap files under the
 * browser. BUDGET_LENS_E2E_EXT=<dir> tests that unpacked extension instead, without building.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  if (!findChromium()) throw new Error(`budget-lens end-to-end tests: ${chromiumMissingMessage()}`);
  const given = process.env.BUDGET_LENS_E2E_EXT;
  if (given) {
    project.provide('extDir', given);
    return () => undefined;
  }
  const started = Date.now();
  await buildTestExtension();
  const problems = manifestProblems(EXT_DIR);
  if (problems.length > 0)
    throw new Error(`budget-lens end-to-end tests: the built extension cannot load:\n  - ${problems.join('\n  - ')}`);
  const copy = join(mkdtempSync(join(tmpdir(), 'budget-lens-e2e-')), 'chrome-mv3');
  cpSync(EXT_DIR, copy, { recursive: true });
  project.provide('extDir', copy);
  console.log(
    `e2e: built the test extension (${((Date.now() - started) / 1000).toFixed(1)} s); the tests load ${copy}`,
  );
  return () => rmSync(join(copy, '..'), { recursive: true, force: true });
}
