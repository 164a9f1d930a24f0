// Loads the command line (cli/main.ts, or the batch's worker cli/batch-worker.ts) for bin/budget-lens.mjs and
// bin/batch-worker.mjs. A fresh process should not spend its first second compiling TypeScript: both are bundled by
// esbuild into one file, dist/cli.cjs (cli/bundle.ts: cli/, lib/, pdf.js and the other packages they use), and the
// bundle is used while it matches the sources. dist/cli-build.json records the bundle's input files and a digest of
// them; when one differs (an edit, a checkout, an install, a fresh clone without dist/), the bundle is rebuilt first,
// which takes a few tenths of a second. Without esbuild, or with BUDGET_LENS_FROM_SOURCE=1, the sources run through
// tsx.
//
// The bundle is compiled through vm.Script with V8's code cache: the bytecode of the functions a run compiled, written
// after a run that had none to use (keepCodeCache), so the next process does not compile them again (a fifth of a
// fresh audit of a PDF). There are two, by what the run read: dist/cli.pdf.code-cache after a run that read a PDF
// (pdf.js is most of what it compiles), dist/cli.code-cache after one that did not (whose process would otherwise
// hold pdf.js's code for nothing: 30 MB). A run takes the one its arguments promise (a .pdf file; a batch's worker);
// guessing wrong costs time, never a different result. V8 checks the cache against its own version and flags only and
// trusts the rest: a cache of another bundle of the same length, or a damaged one, would run the wrong code or crash
// the process. So the cache carries the build's id (the bundle's first line), its length and a CRC-32 of its bytes,
// and is used only when all three match; otherwise, or when V8 rejects it, the run compiles as without one and
// replaces it. It is written beside and renamed into place, so processes writing it at once are harmless.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';
import { PDFJS_DISPLAY, PDFJS_WORKER, patchPdfjs } from './pdfjs-patches.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// One level below the repository, as cli/ is: the bundle's relative URLs (cli/batch.ts's '../bin/batch-worker.mjs')
// and package resolution work from both.
const dist = join(root, 'dist');
const manifestPath = join(dist, 'cli-build.json');
const bundlePath = join(dist, 'cli.cjs');
const cachePath = (pdf) => join(dist, pdf ? 'cli.pdf.code-cache' : 'cli.code-cache');
/** What runs from source (tsx); the bundle holds both (cli/bundle.ts). */
const ENTRIES = { 'budget-lens': 'cli/main.ts', 'batch-worker': 'cli/batch-worker.ts' };
/** Bumped when the build's options change, so that an older bundle is rebuilt. */
const FORMAT = 5;
const CACHE_MAGIC = 'budget-lens-code-cache-1';

/** The sources by content; the packages bundled from node_modules by size and time (an install rewrites them). */
function digest(files) {
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(f).update('\0');
    if (f.startsWith('node_modules/')) {
      const s = statSync(join(root, f));
      hash.update(`${s.size}:${s.mtimeMs}`);
    } else hash.update(readFileSync(join(root, f)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function isFresh() {
  try {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
    return m.format === FORMAT && m.digest === digest(m.inputs);
  } catch {
    return false;
  }
}

/** Writes a file beside its place, then renames it there: a reader sees the old file or the new one, never a part. */
function replaceFile(path, data) {
  const tmp = join(dirname(path), `.${process.pid}-${randomUUID()}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** bin/pdfjs-patches.mjs applied to pdf.js's worker and display layer as they are bundled. */
const pdfjsPatches = {
  name: 'pdfjs-patches',
  setup(build) {
    const require = createRequire(import.meta.url);
    const files = new Map([PDFJS_WORKER, PDFJS_DISPLAY].map((f) => [require.resolve(f), f]));
    // esbuild's filters are Go regular expressions, which take no flags.
    build.onLoad({ filter: /pdf(\.worker)?\.mjs$/ }, (args) => {
      const file = files.get(args.path);
      return file ? { contents: patchPdfjs(file, readFileSync(args.path, 'utf8')), loader: 'js' } : undefined;
    });
  },
};

/** Bundles the command line into dist/ (written beside, then renamed into place: concurrent builds are harmless). */
export async function buildCli() {
  const { build } = await import('esbuild');
  mkdirSync(dist, { recursive: true });
  const tmp = mkdtempSync(join(dist, '.build-'));
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: { cli: 'cli/bundle.ts' },
      outdir: tmp,
      outExtension: { '.js': '.cjs' },
      bundle: true,
      platform: 'node',
      // A script, not a module: only a script can be compiled with a code cache in Node 20 (vm.Script).
      format: 'cjs',
      target: 'node20',
      // The bundle runs inside runBundle's function, which gives it the bundle's own URL.
      define: { 'import.meta.url': '__bundleUrl' },
      banner: { js: `// budget-lens ${randomUUID()}` },
      external: ['esbuild', 'tsx'],
      plugins: [pdfjsPatches],
      metafile: true,
      logLevel: 'silent',
    });
    // The patches change the bundle too.
    const inputs = [...Object.keys(result.metafile.inputs), 'bin/pdfjs-patches.mjs'].sort();
    renameSync(join(tmp, 'cli.cjs'), bundlePath);
    writeFileSync(
      join(tmp, 'cli-build.json'),
      `${JSON.stringify({ format: FORMAT, digest: digest(inputs), inputs })}\n`,
    );
    renameSync(join(tmp, 'cli-build.json'), manifestPath);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The code cache of a kind of run for this build when it is whole: its bytes. */
function readCodeCache(build, pdf) {
  try {
    const file = readFileSync(cachePath(pdf));
    const eol = file.indexOf(10);
    const [magic, id, kind, crc, length] = file.subarray(0, eol).toString('latin1').split(' ');
    const data = file.subarray(eol + 1);
    const whole = Number(length) === data.length && Number(crc) === crc32(data);
    if (magic !== CACHE_MAGIC || id !== build || kind !== (pdf ? 'pdf' : '-') || !whole) return undefined;
    return { data, pdf };
  } catch {
    return undefined;
  }
}

/** The script compiled from the bundle in this process, to write its cache after the run (keepCodeCache). */
let compiled;

/**
 * Runs dist/cli.cjs as Node runs a CommonJS module, compiled with the code cache of the kind of run expected when
 * there is a valid one.
 */
function runBundle(pdf) {
  const source = readFileSync(bundlePath, 'utf8');
  const build = /^\/\/ budget-lens (\S+)/u.exec(source)?.[1];
  const cache = build ? readCodeCache(build, pdf) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __bundleUrl) {${source}\n})`, {
    filename: bundlePath,
    ...(cache ? { cachedData: cache.data } : {}),
  });
  const module = { exports: {} };
  script.runInThisContext()(
    module.exports,
    createRequire(bundlePath),
    module,
    bundlePath,
    dist,
    pathToFileURL(bundlePath).href,
  );
  compiled = { script, build, cache: cache && !script.cachedDataRejected ? cache : undefined };
  return module.exports;
}

/**
 * After a run that audited: writes the code cache of its kind (it read a PDF or not) unless it used a valid one (a run
 * of --version or --help compiles too little to be worth keeping). Never fails.
 */
export function keepCodeCache() {
  if (!compiled?.build) return;
  const pdf = globalThis.pdfjsWorker !== undefined;
  if (compiled.cache?.pdf === pdf) return;
  if (!pdf && !process.argv.slice(2).some((a) => a === 'audit' || a === 'corpus')) return;
  try {
    const data = compiled.script.createCachedData();
    const header = `${CACHE_MAGIC} ${compiled.build} ${pdf ? 'pdf' : '-'} ${crc32(data)} ${data.length}\n`;
    replaceFile(cachePath(pdf), Buffer.concat([Buffer.from(header, 'latin1'), data]));
    compiled.cache = { pdf };
  } catch {
    // A read-only checkout: the next run compiles again.
  }
}

/**
 * The command line's module: the bundle when it can be had (its exports: main, serveJobs), else the entry point's
 * source ('budget-lens' or 'batch-worker').
 */
export async function loadCli(entry) {
  if (process.env.BUDGET_LENS_FROM_SOURCE !== '1') {
    try {
      if (!isFresh()) await buildCli();
      // A batch's workers read mostly PDFs; the command itself when a file given is one.
      return runBundle(entry === 'batch-worker' || process.argv.slice(2).some((a) => /\.pdf$/iu.test(a)));
    } catch {
      // No esbuild, a read-only checkout, or a source esbuild cannot bundle: tsx below says what is wrong, if anything.
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(root, ENTRIES[entry])).href);
}
