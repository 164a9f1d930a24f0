import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin, type Rollup } from 'vite';

/**
 * The engine worker's script, built into the engine in the page as a string. The page starts its worker from it at
 * once (a blob: URL; a content script cannot start a Worker from a chrome-extension:// URL). Before, the page asked
 * the background for the script: on a large page still loading, that answer waited 0.2–0.25 s behind the page's
 * own frames, and the first table's preview came too late to be drawn before the page's long parsing task.
 */
const ENTRY = join(dirname(fileURLToPath(import.meta.url)), 'engine-worker-entry.ts');

/** The worker's script (one IIFE, minified, as Vite builds the extension's own scripts) and the files it came from. */
export async function buildWorkerSource(): Promise<{ code: string; inputs: string[] }> {
  const out = (await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      lib: { entry: ENTRY, formats: ['iife'], name: 'engineWorker', fileName: () => 'engine-worker.js' },
      write: false,
      minify: 'esbuild',
      emptyOutDir: false,
    },
  })) as Rollup.RollupOutput[] | Rollup.RollupOutput;
  const chunk = (Array.isArray(out) ? out[0]! : out).output[0];
  return { code: chunk.code, inputs: Object.keys(chunk.modules).filter((f) => !f.startsWith('\0')) };
}

const ID = 'virtual:engine-worker-source';
/** Stands for the script until the bundle is written (then it is put in, after the bundle's minifying). */
const PLACEHOLDER = '__budget_lens_engine_worker_source__';

/**
 * `import source from 'virtual:engine-worker-source'`: the worker's script as a string (entrypoints/engine.ts). It
 * is put into the written bundle as it is, after the bundle's minifying, which writes a string's non-ASCII
 * characters as \uXXXX escapes (most of the script is the budget subjects' names in Chinese).
 */
export function workerSourcePlugin(): Plugin {
  let built: Promise<{ code: string; inputs: string[] }> | undefined;
  return {
    name: 'budget-lens:engine-worker-source',
    resolveId: (id) => (id === ID ? `\0${ID}` : undefined),
    async load(id) {
      if (id !== `\0${ID}`) return undefined;
      built = buildWorkerSource();
      for (const f of (await built).inputs) this.addWatchFile(f);
      return `export default ${JSON.stringify(PLACEHOLDER)};`;
    },
    async generateBundle(_options, bundle) {
      if (!built) return;
      const { code } = await built;
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.code.includes(PLACEHOLDER)) continue;
        const quoted = new RegExp(`(["'\`])${PLACEHOLDER}\\1`, 'gu');
        if (!quoted.test(chunk.code)) this.error(`the worker's placeholder is not a plain string in ${chunk.fileName}`);
        chunk.code = chunk.code.replace(quoted, () => JSON.stringify(code));
      }
    },
  };
}
