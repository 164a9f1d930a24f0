import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers';

/**
 * The command line's V8 code caches (bin/load-cli.mjs: dist/cli.pdf.code-cache after a run that read a PDF,
 * dist/cli.code-cache after one that audited none): whatever state they are in, a run gives the same report, and a
 * cache that cannot be used is replaced. Then the bundle's patched pdf.js (bin/pdfjs-patches.mjs) against pdf.js as
 * installed, run from the sources. The runs use a checkout of their own (bin/ copied, the sources and packages
 * linked) so that no other test's process writes its dist/ meanwhile.
 */
const repo = join(__dirname, '..', '..');
const pdf = join(FIXTURES, 'pdf', 'continued-mixed-units.pdf');
const html = join(FIXTURES, 'synthetic', 'continued-mixed-units.html');
let root: string;
let cache: string;

async function run(...args: string[]): Promise<string> {
  return (await runWith({}, ...args)).stdout;
}
async function runWith(env: Record<string, string>, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [...args], {
    cwd: root,
    env: { ...process.env, ...env },
    maxBuffer: 32 << 20,
  });
}
const audit = (...nodeFlags: string[]) =>
  run(...nodeFlags, join(root, 'bin', 'budget-lens.mjs'), 'audit', '--json', pdf);

/** A cache file's header when it is whole (the loader's own test of it), else undefined. */
function header(path = cache): { build: string; pdf: boolean } | undefined {
  if (!existsSync(path)) return undefined;
  const file = readFileSync(path);
  const eol = file.indexOf(10);
  const [magic, build, covers, crc, length] = file.subarray(0, eol).toString('latin1').split(' ');
  const data = file.subarray(eol + 1);
  if (magic !== 'budget-lens-code-cache-1' || Number(length) !== data.length || Number(crc) !== crc32(data))
    return undefined;
  return { build: build!, pdf: covers === 'pdf' };
}
/** The build id on the bundle's first line. */
const bundleBuild = (): string =>
  /^\/\/ budget-lens (\S+)/u.exec(readFileSync(join(root, 'dist', 'cli.cjs'), 'utf8'))![1]!;

let expected: string;
const FROM_SOURCE = { BUDGET_LENS_FROM_SOURCE: '1' };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bl-code-cache-'));
  mkdirSync(join(root, 'bin'));
  for (const f of readdirSync(join(repo, 'bin'))) copyFileSync(join(repo, 'bin', f), join(root, 'bin', f));
  for (const d of ['cli', 'lib', 'node_modules', 'package.json', 'tsconfig.json'])
    symlinkSync(join(repo, d), join(root, d));
  cache = join(root, 'dist', 'cli.pdf.code-cache');
  // From the sources, through tsx: the report the bundle must give in every case below.
  expected = (await runWith(FROM_SOURCE, join(root, 'bin', 'budget-lens.mjs'), 'audit', '--json', pdf)).stdout;
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the code cache', () => {
  it('is written after the first run, then used as it is', async () => {
    expect(await audit()).toBe(expected);
    expect(header()).toEqual({ build: bundleBuild(), pdf: true });
    const written = readFileSync(cache);
    expect(await audit()).toBe(expected);
    expect(readFileSync(cache).equals(written)).toBe(true);
  }, 60_000);

  it("of a page's run is its own, without pdf.js's code; --version writes none", async () => {
    const pageCache = join(root, 'dist', 'cli.code-cache');
    rmSync(pageCache, { force: true });
    expect((await run(join(root, 'bin', 'budget-lens.mjs'), '--version')).trim()).toBe('0.1.0');
    expect(existsSync(pageCache)).toBe(false);
    const report = await run(join(root, 'bin', 'budget-lens.mjs'), 'audit', '--json', html);
    expect(header(pageCache)).toEqual({ build: bundleBuild(), pdf: false });
    const written = readFileSync(pageCache);
    expect(readFileSync(pageCache).length).toBeLessThan(readFileSync(cache).length);
    expect(await run(join(root, 'bin', 'budget-lens.mjs'), 'audit', '--json', html)).toBe(report);
    expect(readFileSync(pageCache).equals(written)).toBe(true);
    expect(await audit()).toBe(expected);
    expect(header()).toEqual({ build: bundleBuild(), pdf: true });
  }, 60_000);

  it.each([
    ['damaged', (b: Buffer) => b.fill(0x5a, b.length >> 1, (b.length >> 1) + 4096)],
    ['cut short', (b: Buffer) => b.subarray(0, b.length >> 1)],
    ['of another build', (b: Buffer) => Buffer.from(b.toString('latin1').replace(/^(\S+ )\S+/u, '$1other'), 'latin1')],
    ['not a cache', () => Buffer.from('hello')],
    ['empty', () => Buffer.alloc(0)],
  ])(
    '%s, still gives the same report and is replaced',
    async (_, spoil) => {
      if (!header()) await audit();
      writeFileSync(cache, spoil(Buffer.from(readFileSync(cache))));
      expect(header()?.build).not.toBe(bundleBuild());
      expect(await audit()).toBe(expected);
      expect(header()).toEqual({ build: bundleBuild(), pdf: true });
    },
    60_000,
  );

  it('rejected by V8 (made under other flags) still gives the same report and is replaced', async () => {
    if (!header()) await audit();
    const before = readFileSync(cache);
    expect(await audit('--max-lazy')).toBe(expected);
    const other = readFileSync(cache);
    expect(other.equals(before)).toBe(false);
    expect(header()).toEqual({ build: bundleBuild(), pdf: true });
    expect(await audit()).toBe(expected);
    expect(readFileSync(cache).equals(other)).toBe(false);
  }, 60_000);

  it('written by two processes at once is whole, and both give the same report', async () => {
    rmSync(cache, { force: true });
    expect(await Promise.all([audit(), audit()])).toEqual([expected, expected]);
    expect(header()).toEqual({ build: bundleBuild(), pdf: true });
  }, 60_000);

  it('of an older bundle is not used after a rebuild', async () => {
    if (!header()) await audit();
    const old = bundleBuild();
    // A changed manifest makes the loader rebuild the bundle: a new build id, whatever the bundle's length.
    writeFileSync(join(root, 'dist', 'cli-build.json'), '{}\n');
    expect(await audit()).toBe(expected);
    expect(bundleBuild()).not.toBe(old);
    expect(header()).toEqual({ build: bundleBuild(), pdf: true });
  }, 60_000);
});

describe("the bundle's patched pdf.js", () => {
  it('reads a Word PDF with bold text as pdf.js as installed does', async () => {
    const word = join(FIXTURES, 'pdf', 'hangzhou-2024.word.pdf');
    const args = [join(root, 'bin', 'budget-lens.mjs'), 'audit', '--json', word];
    const [bundled, fromSource] = await Promise.all([runWith({}, ...args), runWith(FROM_SOURCE, ...args)]);
    expect(bundled.stdout).toBe(fromSource.stdout);
    expect(bundled.stdout).toContain('"pages"');
  }, 120_000);

  it('loads neither the fetch of Node (undici) nor the canvas addon to read a PDF', async () => {
    // At exit: whether globalThis.Response is still Node's lazy getter (never looked at), and whether
    // @napi-rs/canvas was required.
    const hook = join(root, 'exit-hook.mjs');
    writeFileSync(
      hook,
      [
        "import { createRequire } from 'node:module';",
        'const { cache } = createRequire(import.meta.url);',
        "const lazy = () => typeof Object.getOwnPropertyDescriptor(globalThis, 'Response').get;",
        "const canvas = () => Object.keys(cache).some((k) => k.includes('@napi-rs'));",
        "process.on('exit', () => process.stderr.write(`Response ${lazy()}, canvas ${canvas()}`));",
      ].join('\n'),
    );
    const { stdout, stderr } = await runWith(
      {},
      '--import',
      pathToFileURL(hook).href,
      join(root, 'bin', 'budget-lens.mjs'),
      'audit',
      '--json',
      pdf,
    );
    expect(stdout).toBe(expected);
    expect(stderr).toContain('Response function, canvas false');
  }, 60_000);
});
