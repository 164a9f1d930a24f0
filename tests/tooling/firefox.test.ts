/**
 * The extension as users install it: built and zipped for Chrome (MV3) and Firefox (MV2), the Firefox build passing
 * Mozilla's linter (web-ext lint, as addons.mozilla.org runs it) without errors, and the Chrome manifest asking at
 * install only for what the README says it asks for.
 *
 * `npx wxt zip` and `npx wxt zip -b firefox` build into .output/chrome-mv3 and .output/firefox-mv2 and zip them.
 * BUDGET_LENS_TEST_HOSTS is removed from their environment: this is the build for users, not the test build.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, '.output');
const CHROME = join(OUT, 'chrome-mv3');
const FIREFOX = join(OUT, 'firefox-mv2');
const BIN = join(ROOT, 'node_modules', '.bin');

/** Host patterns that stand for *.gov.cn, the only sites the extension may run on by itself. */
const GOV_CN = /^(?:\*|https?):\/\/\*\.gov\.cn\/\*$/u;
const BROAD = ['<all_urls>', '*://*/*', 'http://*/*', 'https://*/*'];

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
}

interface LintMessage {
  code: string;
  message: string;
  description?: string | string[];
  file?: string;
  line?: number;
}

interface LintReport {
  count: number;
  summary: { errors: number; warnings: number; notices: number };
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

/**
 * Runs a command of node_modules/.bin without blocking: a synchronous minute-long build would keep the test worker
 * from answering vitest ("Timeout calling onTaskUpdate").
 */
function run(cmd: string, args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.BUDGET_LENS_TEST_HOSTS;
  return new Promise((resolve, reject) => {
    execFile(
      join(BIN, cmd),
      args,
      { cwd: ROOT, env, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // A non-zero exit is a status to report; not starting, a timeout or too much output is an error.
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ status: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

async function mustRun(cmd: string, args: readonly string[]): Promise<string> {
  const r = await run(cmd, args);
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  return r.stdout;
}

const readManifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
const zips = (): string[] => (existsSync(OUT) ? readdirSync(OUT).filter((f) => f.endsWith('.zip')) : []);
const describeMessage = (m: LintMessage): string =>
  `${m.code} ${m.file ?? ''}${m.line ? `:${m.line}` : ''}: ${m.message}`;

let lint: LintReport;

beforeAll(async () => {
  // Old zips would prove nothing.
  for (const zip of zips()) rmSync(join(OUT, zip));
  await mustRun('wxt', ['zip']);
  await mustRun('wxt', ['zip', '-b', 'firefox']);
  // web-ext exits 1 when the linter finds errors; the JSON report is on standard output either way.
  const r = await run('web-ext', ['lint', '--source-dir', FIREFOX, '--output=json', '--no-config-discovery']);
  const json = r.stdout.slice(r.stdout.indexOf('{'));
  try {
    lint = JSON.parse(json) as LintReport;
  } catch {
    throw new Error(
      `web-ext lint printed no JSON report (exit ${r.status}):\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`,
    );
  }
}, 400_000);

describe('Firefox build', () => {
  it('web-ext lint finds no errors', () => {
    expect(lint.summary, 'web-ext lint summary').toBeDefined();
    expect(lint.errors.map(describeMessage)).toEqual([]);
    expect(lint.summary.errors).toBe(0);
    // Warnings are allowed; show them in the test output so they are seen.
    for (const w of lint.warnings) console.warn(`web-ext lint warning: ${describeMessage(w)}`);
  });

  it('is MV2 and asks at install for nothing beyond *.gov.cn', () => {
    const m = readManifest(FIREFOX);
    expect(m.manifest_version).toBe(2);
    for (const p of m.permissions ?? []) {
      if (p.includes(':') || p.startsWith('<')) expect(p, `host permission ${p}`).toMatch(GOV_CN);
    }
    for (const cs of m.content_scripts ?? [])
      for (const p of cs.matches ?? []) expect(p, 'content script match').toMatch(GOV_CN);
  });
});

describe('Chrome build', () => {
  it('is MV3 and asks at install only for activeTab, contextMenus, scripting, storage, sidePanel and *.gov.cn', () => {
    const m = readManifest(CHROME);
    expect(m.manifest_version).toBe(3);
    expect([...(m.permissions ?? [])].sort()).toEqual([
      'activeTab',
      'contextMenus',
      'scripting',
      'sidePanel',
      'storage',
    ]);
    const hosts = m.host_permissions ?? [];
    expect(hosts.length).toBeGreaterThan(0);
    for (const h of hosts) expect(h, `host_permissions entry ${h}`).toMatch(GOV_CN);
    for (const broad of BROAD) {
      expect(hosts).not.toContain(broad);
      expect(m.permissions ?? []).not.toContain(broad);
    }
    // Content scripts' matches are granted at install too.
    for (const cs of m.content_scripts ?? [])
      for (const p of cs.matches ?? []) expect(p, 'content script match').toMatch(GOV_CN);
  });

  it("replaces none of the browser's own pages (an entrypoint named history, newtab or bookmarks would)", () => {
    const m = readManifest(CHROME) as { chrome_url_overrides?: unknown };
    expect(m.chrome_url_overrides).toBeUndefined();
  });

  it('asks for other sites only as optional host permissions', () => {
    const m = readManifest(CHROME);
    expect(m.optional_host_permissions ?? []).toContain('*://*/*');
  });

  it('Firefox (MV2) can still ask for other sites at run time: optional_permissions', () => {
    const m = readManifest(FIREFOX);
    expect(m.optional_permissions ?? []).toContain('*://*/*');
  });
});

describe('wxt zip', () => {
  it('produces a zip for Chrome and one for Firefox', () => {
    const found = zips();
    expect(
      found.some((z) => z.endsWith('-chrome.zip')),
      `zips in .output: ${found.join(', ')}`,
    ).toBe(true);
    expect(
      found.some((z) => z.endsWith('-firefox.zip')),
      `zips in .output: ${found.join(', ')}`,
    ).toBe(true);
  });
});
