/**
 * Timing whole processes side by side (bench/engine.bench.ts, bench/pdf.bench.ts, bench/batch.bench.ts): the machine
 * the benchmarks run on is shared, so a figure is only worth its ratio to a reference measured in the same run, in
 * alternation with it. Each process is a fresh `node` with bench/usage-hook.mjs, which reports its CPU time (all
 * threads) and peak RSS at exit; the wall time is measured around it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = join(here, '..');

export interface ProcessRun {
  readonly wallMs: number;
  /** User + system time of every thread of the process. */
  readonly cpuMs: number;
  readonly maxRssMb: number;
  /** Standard output, when asked for. */
  readonly stdout?: string;
}

export interface Measured {
  readonly label: string;
  readonly runs: readonly ProcessRun[];
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

/** Runs `node <args>` once in the repository (output discarded); throws when it exits with another status. */
export function runNode(
  args: readonly string[],
  expectStatus: readonly number[] = [0],
  keepStdout = false,
): ProcessRun {
  const dir = mkdtempSync(join(tmpdir(), 'bl-bench-'));
  const usageFile = join(dir, 'usage.json');
  try {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', join(here, 'usage-hook.mjs'), ...args], {
      cwd: repo,
      env: { ...process.env, BENCH_USAGE_FILE: usageFile },
      stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status === null || !expectStatus.includes(r.status))
      throw new Error(
        `node ${args.join(' ')} exited with ${r.status ?? r.signal}: ${r.stderr.toString().slice(-2000)}`,
      );
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuMs: number; maxRssMb: number };
    return { wallMs, ...usage, ...(keepStdout ? { stdout: r.stdout.toString() } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Runs each command `runs` times, alternating (the order rotates each round so that no command always follows the
 * same one); medians per command.
 */
export function sideBySide(
  commands: readonly { label: string; args: readonly string[]; expectStatus?: readonly number[]; stdout?: boolean }[],
  runs: number,
  log: (s: string) => void = () => undefined,
): Measured[] {
  const all = commands.map(() => [] as ProcessRun[]);
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < commands.length; k++) {
      const i = (k + round) % commands.length;
      const c = commands[i]!;
      const r = runNode(c.args, c.expectStatus, c.stdout);
      all[i]!.push(r);
      log(`  ${c.label}: ${r.wallMs.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms CPU, ${r.maxRssMb.toFixed(0)} MB`);
    }
  }
  return commands.map((c, i) => ({
    label: c.label,
    runs: all[i]!,
    wallMs: median(all[i]!.map((r) => r.wallMs)),
    cpuMs: median(all[i]!.map((r) => r.cpuMs)),
    maxRssMb: median(all[i]!.map((r) => r.maxRssMb)),
  }));
}

/** The ratio of two measured commands: of the medians, and the median of the per-round ratios. */
export function ratio(a: Measured, b: Measured): { wall: number; cpu: number; wallPerRound: number } {
  return {
    wall: a.wallMs / b.wallMs,
    cpu: a.cpuMs / b.cpuMs,
    wallPerRound: median(a.runs.map((r, i) => r.wallMs / b.runs[i]!.wallMs)),
  };
}

/** The 1-minute load average and the number of cores, for the figures' caption. */
export function load(): string {
  return loadavg()[0]!.toFixed(1);
}

/** Writes a benchmark's figures to bench/results/<name>.json (the folder is not committed) and says so. */
export function writeResults(name: string, results: unknown): void {
  const out = join(here, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, '.gitignore'), '*\n!.gitignore\n');
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${join('bench', 'results', `${name}.json`)}`);
}
