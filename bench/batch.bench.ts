/**
 * Batch benchmark: `budget-lens audit DIR` on one worker and on every core.
 *
 *   npm run bench            (after the other benchmarks)
 *   npm run bench:batch      (this one alone) [-- --dir FOLDER] [--runs N]
 *
 * The documents: every PDF of tests/fixtures/pdf but the 60-page benchmark document, and of ../shared/corpus when
 * it is beside the repository (or the PDFs of --dir). `audit DIR --summary jsonl --jobs 1` and `--jobs <cores>` run
 * side by side, alternating (bench/process.ts), `--runs` times each (default 2). Reported: documents per second, per
 * core, the CPU time per document, peak RSS, the speed-up of every core over one, and what that makes of issue 13's
 * target (100 real PDFs in under a minute on 4 cores): 100 / (4 × documents per second per core), which assumes the
 * cores scale as well as they do here. Every document must get its summary line (exit 1 otherwise).
 *
 * Prints a Markdown table (for bench/README.md) and writes bench/results/batch.json.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sideBySide, type Measured, writeResults } from './process';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number.parseInt(arg('--runs') ?? '', 10) || 2;
const TARGET = { documents: 100, cores: 4, seconds: 60 } as const;

function documents(): string[] {
  const given = arg('--dir');
  const dirs = given
    ? [resolve(given)]
    : [join(here, '..', 'tests', 'fixtures', 'pdf'), join(here, '..', '..', 'shared', 'corpus')];
  return dirs
    .filter((d) => existsSync(d))
    .flatMap((d) =>
      readdirSync(d)
        .filter((f) => /\.pdf$/iu.test(f) && f !== 'bench-60.pdf')
        .sort()
        .map((f) => join(d, f)),
    );
}

function main(): void {
  const log = (s: string): void => console.error(s);
  const files = documents();
  if (files.length === 0) {
    console.error('no PDF to read');
    process.exitCode = 2;
    return;
  }
  const cores = availableParallelism();
  // One folder of links, so that the command line is given a folder as a user would.
  const dir = mkdtempSync(join(tmpdir(), 'bl-batch-'));
  let one: Measured;
  let all: Measured;
  const problems: string[] = [];
  try {
    files.forEach((f, i) => symlinkSync(f, join(dir, `${String(i).padStart(3, '0')}-${basename(f)}`)));
    sideBySide([{ label: 'bundle', args: ['bin/budget-lens.mjs', '--version'] }], 1); // builds dist/ when stale
    log(`${files.length} PDFs, ${RUNS} runs of each batch, alternating:`);
    // Exit 0; 3 when a scan is among them; 2 when a document failed (counted below).
    const batch = (jobs: number) => ({
      label: `--jobs ${jobs}`,
      args: ['bin/budget-lens.mjs', 'audit', dir, '--summary', 'jsonl', '--jobs', String(jobs)],
      expectStatus: [0, 2, 3],
      stdout: true,
    });
    const measured = sideBySide([batch(1), batch(cores)], RUNS, log);
    one = measured[0]!;
    all = measured[1]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const lines = (one.runs[0]!.stdout ?? '').trim().split('\n').filter(Boolean);
  const summaries = lines.map((l) => JSON.parse(l) as { status: string; reason?: string });
  if (summaries.length !== files.length) problems.push(`${summaries.length} summary lines for ${files.length} PDFs`);
  const failed = summaries.filter((s) => s.status === 'failed');
  const perSecond = (m: Measured): number => files.length / (m.wallMs / 1000);
  const perCore = perSecond(one);
  const projected = TARGET.documents / (TARGET.cores * perCore);
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores,
    loadAverage1m: loadavg()[0],
    documents: files.length,
    failed: failed.length,
    runs: RUNS,
    oneWorker: one,
    everyCore: all,
    documentsPerSecond: { oneWorker: perCore, everyCore: perSecond(all) },
    speedup: one.wallMs / all.wallMs,
    cpuPerDocumentMs: one.cpuMs / files.length,
    projection: { ...TARGET, secondsAtThisRate: projected },
    problems,
  };
  const f1 = (v: number): string => v.toFixed(1);
  const f2 = (v: number): string => v.toFixed(2);
  const row = (m: Measured): string =>
    `${f1(m.wallMs / 1000)} s wall, ${f1(m.cpuMs / 1000)} s CPU, ${m.maxRssMb.toFixed(0)} MB peak RSS → ` +
    `**${f2(perSecond(m))} PDFs/s**`;
  console.log(
    `\nbudget-lens batch benchmark — Node ${process.version}, ${results.cpu} (${cores} cores, load ` +
      `${loadavg()[0]!.toFixed(1)} after the runs); median of ${RUNS} alternating runs\n`,
  );
  console.log('| Measure | Value |');
  console.log('| --- | --- |');
  console.log(
    `| Documents | ${files.length} PDFs ` +
      `(${arg('--dir') ? arg('--dir') : 'tests/fixtures/pdf, ../shared/corpus'}); ${failed.length} failed |`,
  );
  console.log(`| \`audit DIR --jobs 1\` | ${row(one)} |`);
  console.log(`| \`audit DIR --jobs ${cores}\` (every core) | ${row(all)}; ${f2(results.speedup)}× one worker |`);
  console.log(`| CPU per document | ${results.cpuPerDocumentMs.toFixed(0)} ms |`);
  console.log(
    `| ${TARGET.documents} PDFs on ${TARGET.cores} cores at ${f2(perCore)} PDFs/s per core | ` +
      `${f1(projected)} s (target < ${TARGET.seconds} s: ` +
      `**${projected < TARGET.seconds ? 'PASS' : 'MISS'}**, if ${TARGET.cores} cores scale linearly) |`,
  );
  writeResults('batch', results);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
}

main();
