// Loads the command line (cli/main.ts, or the batch's worker cli/batch-worker.ts) for bin/budget-lens.mjs and
// bin/batch-worker.mjs. A fresh process should not spend its first second compiling TypeScript: the entry points are
// bundled by esbuild into dist/ (cli/, lib/ and the packages they use, in one file each; pdf.js stays in node_modules
// and is loaded when a PDF is read), and the bundle is used while it matches the sources. dist/cli-build.json records
// the bundle's input files and a digest of them; when one differs (an edit, a checkout, an install, a fresh clone
// without dist/), the bundle is rebuilt first, which takes a few tenths of a second. Without esbuild, or with
// BUDGET_LENS_FROM_SOURCE=1, the sources run through tsx.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// One level below the repository, as cli/ is: the bundle's relative URLs (cli/batch.ts's '../bin/batch-worker.mjs')
// and package resolution work from both.
const dist = join(root, 'dist');
const manifestPath = join(dist, 'cli-build.json');
const ENTRIES = { 'budget-lens': 'cli/main.ts', 'batch-worker': 'cli/batch-worker.ts' };
/** Bumped when the build's options change, so that an older bundle is rebuilt. */
const FORMAT = 2;

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

/** Bundles the entry points into dist/ (written beside, then renamed into place: concurrent builds are harmless). */
export async function buildCli() {
  const { build } = await import('esbuild');
  mkdirSync(dist, { recursive: true });
  const tmp = mkdtempSync(join(dist, '.build-'));
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ENTRIES,
      outdir: tmp,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['pdfjs-dist', 'pdfjs-dist/*', 'esbuild', 'tsx'],
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs).sort();
    for (const name of Object.keys(ENTRIES)) renameSync(join(tmp, `${name}.mjs`), join(dist, `${name}.mjs`));
    writeFileSync(
      join(tmp, 'cli-build.json'),
      `${JSON.stringify({ format: FORMAT, digest: digest(inputs), inputs })}\n`,
    );
    renameSync(join(tmp, 'cli-build.json'), manifestPath);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The module of an entry point ('budget-lens' or 'batch-worker'): the bundle when it can be had, else the source. */
export async function loadCli(entry) {
  if (process.env.BUDGET_LENS_FROM_SOURCE !== '1') {
    try {
      if (!isFresh()) await buildCli();
      return await import(pathToFileURL(join(dist, `${entry}.mjs`)).href);
    } catch {
      // No esbuild, a read-only checkout, or a source esbuild cannot bundle: tsx below says what is wrong, if anything.
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(root, ENTRIES[entry])).href);
}
