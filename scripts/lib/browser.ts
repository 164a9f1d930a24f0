import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

/**
 * What the end-to-end tests and `npm start` share: the repository's paths, building the test extension, finding
 * Debian's Chromium, and launching it with the extension loaded. Never downloads a browser.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The extension built with BUDGET_LENS_TEST_HOSTS=1: it also runs by itself on http://127.0.0.1/*. */
export const EXT_DIR = join(ROOT, '.output-test', 'chrome-mv3');
export const ARTIFACTS = join(ROOT, 'artifacts');

/** The command that installs the browser on Debian / Ubuntu (what .ci/run does). */
const INSTALL_CHROMIUM = 'sudo apt-get update && sudo apt-get install -y chromium';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Chromium's path: $BUDGET_LENS_CHROMIUM, else /usr/bin/chromium, else `chromium` / `chromium-browser` on PATH. */
export function findChromium(): string | undefined {
  const explicit = process.env.BUDGET_LENS_CHROMIUM;
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  if (isExecutable('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      if (dir && isExecutable(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

export function chromiumMissingMessage(): string {
  const explicit = process.env.BUDGET_LENS_CHROMIUM;
  return [
    explicit
      ? `Chromium not found: BUDGET_LENS_CHROMIUM=${explicit} is not an executable file.`
      : 'Chromium not found (looked for /usr/bin/chromium, chromium and chromium-browser on PATH).',
    `The end-to-end tests and npm start load the extension into Debian's Chromium. Install it with:`,
    `  ${INSTALL_CHROMIUM}`,
    `(.ci/run does this), or set BUDGET_LENS_CHROMIUM to a Chromium binary. Playwright's downloaded ` +
      `browsers are not used.`,
  ].join('\n');
}

/** Runs a command; resolves with its exit code and combined output (also streamed when `echo` is set). */
function run(
  cmd: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; echo?: boolean } = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (chunk: Buffer, to: NodeJS.WriteStream): void => {
      output += chunk.toString();
      if (opts.echo) to.write(chunk);
    };
    child.stdout.on('data', (c: Buffer) => take(c, process.stdout));
    child.stderr.on('data', (c: Buffer) => take(c, process.stderr));
    child.on('error', (e) => resolve({ code: 127, output: output + String(e) }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** `BUDGET_LENS_TEST_HOSTS=1 wxt build` into .output-test/chrome-mv3. Throws with the build's output on failure. */
export async function buildTestExtension(opts: { echo?: boolean } = {}): Promise<void> {
  const wxt = join(ROOT, 'node_modules', '.bin', 'wxt');
  const [cmd, args] = existsSync(wxt) ? [wxt, ['build']] : ['npx', ['wxt', 'build']];
  // The same build as `npm run build:test`, also from inside Vitest (which sets NODE_ENV=test, VITEST, TEST).
  const env: NodeJS.ProcessEnv = { ...process.env, BUDGET_LENS_TEST_HOSTS: '1' };
  for (const k of Object.keys(env))
    if (k.startsWith('VITEST') || k === 'TEST' || (k === 'NODE_ENV' && env[k] === 'test')) delete env[k];
  const { code, output } = await run(cmd, args, { env, echo: opts.echo ?? false });
  if (code !== 0)
    throw new Error(`BUDGET_LENS_TEST_HOSTS=1 wxt build failed (exit ${code}):\n${buildErrorExcerpt(output)}`);
  if (!existsSync(join(EXT_DIR, 'manifest.json')))
    throw new Error(`wxt build succeeded but wrote no ${join(EXT_DIR, 'manifest.json')}`);
}

/** The lines of a failed build that say why (WXT's ERROR blocks), without the bundler's warnings; else its tail. */
function buildErrorExcerpt(output: string): string {
  const lines = output.replace(/\x1b\[[0-9;]*[A-Za-z]/gu, '').split('\n');
  const picked: string[] = [];
  lines.forEach((line, i) => {
    if (/\bERROR\b|^\[error\]|error TS\d+|^\s*file:/u.test(line))
      picked.push(...lines.slice(i, i + 4).filter((l) => !/^\s+at /u.test(l)));
  });
  const excerpt = picked.length > 0 ? [...new Set(picked)] : lines.slice(-30);
  return excerpt
    .map((l) => `  | ${l.trim()}`)
    .filter((l) => l !== '  | ')
    .join('\n');
}

interface Manifest {
  default_locale?: string;
  background?: { service_worker?: string };
  content_scripts?: { matches?: string[]; js?: string[] }[];
  host_permissions?: string[];
  side_panel?: { default_path?: string };
}

export function readManifest(extDir = EXT_DIR): Manifest {
  return JSON.parse(readFileSync(join(extDir, 'manifest.json'), 'utf8')) as Manifest;
}

/** Reasons Chromium would refuse to load the built extension (it does so silently when launched headless). */
export function manifestProblems(extDir = EXT_DIR): string[] {
  const problems: string[] = [];
  if (!existsSync(join(extDir, 'manifest.json')))
    return [`${extDir}/manifest.json does not exist (was the test extension built?)`];
  let m: Manifest;
  try {
    m = readManifest(extDir);
  } catch (e) {
    return [`manifest.json is not valid JSON: ${(e as Error).message}`];
  }
  if (m.default_locale && !existsSync(join(extDir, '_locales', m.default_locale, 'messages.json'))) {
    problems.push(
      `manifest.json declares default_locale "${m.default_locale}" but _locales/${m.default_locale}/` +
        `messages.json is missing from the build (put it under public/_locales/)`,
    );
  }
  const sw = m.background?.service_worker;
  if (!sw) problems.push('manifest.json has no background.service_worker');
  else if (!existsSync(join(extDir, sw))) problems.push(`background.service_worker ${sw} is missing from the build`);
  for (const cs of m.content_scripts ?? [])
    for (const js of cs.js ?? [])
      if (!existsSync(join(extDir, js))) problems.push(`content script ${js} is missing from the build`);
  return problems;
}

/**
 * Launch arguments for Chromium with the unpacked extension (headless: the new headless mode, which runs extensions).
 */
function chromiumArgs(extDir: string, headless: boolean): string[] {
  return [
    ...(headless ? ['--headless=new'] : []),
    `--disable-extensions-except=${extDir}`,
    `--load-extension=${extDir}`,
    // Chromium's sandbox cannot run as root (containers, CI); a person's headed window keeps it.
    ...(headless || process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--lang=zh-CN',
  ];
}

export interface ExtensionBrowser {
  readonly context: BrowserContext;
  /** The extension's service worker (the background). */
  readonly worker: Worker;
  readonly extensionId: string;
  /** Uncaught errors and unhandled rejections in the service worker since launch, and its console.error lines. */
  workerErrors(): Promise<string[]>;
  /** The id of the tab showing `url` (chrome.tabs.query in the service worker); waits up to `timeoutMs`. */
  tabIdOf(url: string, timeoutMs?: number): Promise<number>;
  /** chrome.storage.session[key], undefined when absent. */
  sessionValue(key: string): Promise<unknown>;
  /** The toolbar badge's text for a tab. */
  badgeText(tabId: number): Promise<string>;
  close(): Promise<void>;
}

/** Minimal typing of the extension APIs called inside the service worker. */
interface ChromeGlobal {
  chrome: {
    tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
    storage: { session: { get(k: string): Promise<Record<string, unknown>> } };
    action: { getBadgeText(d: { tabId: number }): Promise<string> };
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Launches Chromium with the built extension in a fresh profile and waits for the extension's service worker.
 * Fails with the reasons it can see when the worker does not start (Chromium gives none when headless).
 */
export async function launchWithExtension(
  opts: { extDir?: string; headless?: boolean; viewport?: { width: number; height: number } | null } = {},
): Promise<ExtensionBrowser> {
  const extDir = opts.extDir ?? EXT_DIR;
  const headless = opts.headless ?? true;
  const executablePath = findChromium();
  if (!executablePath) throw new Error(chromiumMissingMessage());
  const problems = manifestProblems(extDir);
  if (problems.length > 0)
    throw new Error(`the built extension in ${extDir} cannot load:\n  - ${problems.join('\n  - ')}`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'budget-lens-profile-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless,
      args: chromiumArgs(extDir, headless),
      viewport: opts.viewport === undefined ? { width: 1280, height: 800 } : opts.viewport,
      locale: 'zh-CN',
      timeout: 30_000,
    });
  } catch (e) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(`Chromium (${executablePath}) failed to start: ${(e as Error).message}`);
  }
  // tsx (npm start) compiles with esbuild's keepNames, which wraps functions in __name(…): functions handed to
  // page.evaluate would throw in the page without it.
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  const consoleErrors: string[] = [];
  context.on('console', (m) => {
    if (m.type() === 'error' && m.worker()?.url().startsWith('chrome-extension://'))
      consoleErrors.push(`console.error: ${m.text()}`);
  });
  const close = async (): Promise<void> => {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
  };
  let worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (!worker) {
    worker = await context
      .waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://'), timeout: 15_000 })
      .catch(() => undefined);
  }
  if (!worker) {
    await close();
    throw new Error(
      `the extension's service worker did not start within 15 s (Chromium ${executablePath}, extension ${extDir}). ` +
        'Chromium refuses an unpacked extension without saying why when headless: check manifest.json and ' +
        'that the background script runs (load the folder in chrome://extensions to see the error).',
    );
  }
  const extensionId = new URL(worker.url()).host;
  await worker.evaluate('globalThis.__name ??= (f) => f;');
  // Uncaught errors in a service worker reach no Playwright event: record them inside the worker.
  await worker.evaluate(() => {
    const g = globalThis as unknown as { __blErrors?: string[] };
    if (g.__blErrors) return;
    const errors: string[] = (g.__blErrors = []);
    self.addEventListener('error', (e) => errors.push(`uncaught: ${e.message}`));
    self.addEventListener('unhandledrejection', (e) =>
      errors.push(`unhandled rejection: ${String((e.reason as Error | undefined)?.stack ?? e.reason)}`),
    );
  });
  const w = worker;
  return {
    context,
    worker: w,
    extensionId,
    async workerErrors() {
      const inside = await w
        .evaluate(() => (globalThis as unknown as { __blErrors?: string[] }).__blErrors ?? [])
        .catch(() => ['(the service worker is gone)']);
      return [...consoleErrors, ...inside];
    },
    async tabIdOf(url, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const tabs = await w.evaluate(() => (globalThis as unknown as ChromeGlobal).chrome.tabs.query({}));
        // The newest tab at that address: a tab of the same page closed a moment ago may still be listed.
        const ids = tabs.filter((t) => t.url === url && t.id !== undefined).map((t) => t.id!);
        if (ids.length > 0) return Math.max(...ids);
        if (Date.now() > deadline)
          throw new Error(`no tab shows ${url} (chrome.tabs.query gives: ${tabs.map((t) => t.url).join(', ')})`);
        await sleep(100);
      }
    },
    sessionValue(key) {
      return w.evaluate(
        (k) => (globalThis as unknown as ChromeGlobal).chrome.storage.session.get(k).then((r) => r[k]),
        key,
      );
    },
    badgeText(tabId) {
      return w.evaluate(
        (id) => (globalThis as unknown as ChromeGlobal).chrome.action.getBadgeText({ tabId: id }),
        tabId,
      );
    },
    close,
  };
}
