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

/** `import source from 'virtual:engine-worker-source'`: the worker's script as a string (entrypoints/engine.ts). */
export function workerSourcePlugin(): Plugin {
  return {
    name: 'budget-lens:engine-worker-source',
    resolveId: (id) => (id === ID ? `\0${ID}` : undefined),
    async load(id) {
      if (id !== `\0${ID}`) return undefined;
      const { code, inputs } = await buildWorkerSource();
      for (const f of inputs) this.addWatchFile(f);
      return `export default ${JSON.stringify(code)};`;
    },
  };
}
