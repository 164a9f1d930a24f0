/**
 * Evaluating the extension's scripts (issue 13: the page's script is evaluated on the page's main thread, in one
 * task): the CPU time V8 takes to compile and to run the module-level code of /engine.js (the page's script, which
 * carries the worker's script as a string since scripts/worker-source.ts), /engine-fallback.js, and /engine-worker.js
 * where a build has it (before that), each in a fresh Node process (bench/evaluate-script.mjs), this build
 * alternating with another one.
 *
 *   node bin/run-ts.mjs bench/scripts.bench.ts [--skip-build] [--ext DIR] [--runs N]
 *
 * --ext DIR: the other unpacked test build to compare with (main's: see bench/README.md); without it only this
 * build is measured. Node's V8 is not Chromium's, and a page's task also waits for its turn: bench/page.bench.ts's
 * traces give the figures in the browser (EvaluateScript of /engine.js); this one isolates the script from the page.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { load, median, repo, sideBySide, writeResults } from './process';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const RUNS = Math.max(1, Number.parseInt(option('--runs') ?? '15', 10) || 15);
const OTHER = option('--ext');
const THIS = join(repo, '.output-test', 'chrome-mv3');
const SCRIPTS = ['engine.js', 'engine-fallback.js'];
/** A build's own file for the worker's script (builds before scripts/worker-source.ts): measured where all have it. */
const WORKER = 'engine-worker.js';

if (!argv.includes('--skip-build'))
  execFileSync('npx', ['wxt', 'build'], { cwd: repo, env: { ...process.env, BUDGET_LENS_TEST_HOSTS: '1' } });

const builds = [{ label: 'this build', dir: THIS }, ...(OTHER ? [{ label: `--ext ${OTHER}`, dir: OTHER }] : [])];
for (const b of builds)
  for (const s of SCRIPTS) if (!existsSync(join(b.dir, s))) throw new Error(`no ${s} in ${b.dir}: build it first`);
if (builds.every((b) => existsSync(join(b.dir, WORKER)))) SCRIPTS.push(WORKER);

const f1 = (x: number): string => x.toFixed(1);
const loadBefore = load();
const rows: string[] = [];
const results: Record<string, unknown> = {};
for (const script of SCRIPTS) {
  const measured = sideBySide(
    builds.map((b) => ({ label: b.label, args: ['bench/evaluate-script.mjs', join(b.dir, script)], stdout: true })),
    RUNS,
  );
  for (const m of measured) {
    const times = m.runs.map((r) => JSON.parse(r.stdout ?? '{}') as { compileMs: number; runMs: number });
    const compile = times.map((t) => t.compileMs);
    const run = times.map((t) => t.runMs);
    const total = times.map((t) => t.compileMs + t.runMs);
    const range = (xs: number[]): string => `${f1(median(xs))} (${f1(Math.min(...xs))}–${f1(Math.max(...xs))})`;
    rows.push(`| ${script} | ${m.label} | ${range(total)} | ${range(compile)} | ${range(run)} |`);
    results[`${script} ${m.label}`] = { compileMs: median(compile), runMs: median(run), totalMs: median(total) };
  }
}
const caption = `${RUNS} fresh processes each, alternating; load ${loadBefore} → ${load()}`;
console.log(`\n## Evaluating the extension's scripts (${caption})\n`);
console.log('| Script | Build | compile + run, CPU ms | compile | run (module-level code) |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
writeResults('scripts', results);
