/**
 * PDF benchmark: how fast does the command line read a budget PDF, and how much memory does it take? pdf.js (text
 * content and operator list of every page, lib/pdf/read.ts through lib/pdf/node.ts), the rebuild of tables and text
 * (lib/pdf/tables.ts), and the audit of the result (lib/audit.ts auditSource).
 *
 *   npm run bench            (node --expose-gc bin/run-ts.mjs bench/pdf.bench.ts, after the engine and page benchmarks)
 *   npm run bench:pdf        (this benchmark alone; --runs N for more process runs, default 5; --ref DIR to run
 *                            another checkout's command line too, e.g. main's, in the same alternation)
 *
 * 1. A fresh process per document (issue 13: a 25-page disclosure within 1 s and 250 MB): `budget-lens audit FILE`
 *    side by side with `node -e 0` (Node's own start) and bench/pdf-read.mjs (pdf.js with its defaults reading every
 *    page, nothing rebuilt or audited), alternating (bench/process.ts). The documents: tests/fixtures/pdf/
 *    huzhou-2024.word.lo.pdf (24 pages, LibreOffice's print of a seed page) and, when the corpus is beside the
 *    repository, ../shared/corpus/hangzhou-qixiangju-2026-yusuan.pdf (25 pages, a real disclosure).
 * 2. A batch stays flat in memory: every fixture PDF (and the corpus PDFs when present) read, rebuilt and audited in
 *    one process, round after round; the heap after a full GC and the RSS at the end of each round.
 * 3. Warm, in one process, on the 60-page document below:
 * The document is tests/fixtures/pdf/bench-60.pdf (the three clean seed pages printed one after the other by
 * Chromium, 60 pages; `npx tsx scripts/make-pdf-fixtures.ts --bench` remakes it), else bench/.cache/bench-60.pdf.
 * One cold run (the first in the process: pdf.js's worker code and fonts are loaded then), then RUNS warm runs with a
 * full GC before each; the median warm run is reported. Memory: process peak RSS (process.resourceUsage().maxRSS)
 * over the whole benchmark, against the RSS before the first run, and the JS heap: the largest heapUsed seen (sampled
 * every 5 ms while pdf.js reads, and before every GC through v8.GCProfiler) above the heap before the run.
 *
 * Prints a Markdown table (for bench/README.md) and writes bench/results/pdf.json. The figures are a benchmark:
 * PASS or MISS against the targets is printed and the exit code stays 0, unless the PDF is missing (exit 2) or the
 * rebuild finds no budget table in it (exit 1: a reader regression).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { auditSource } from '../lib/audit';
import { loadPdf } from '../lib/pdf/node';
import { buildPdfSource } from '../lib/pdf/tables';
import { ratio, sideBySide, type Measured, writeResults } from './process';

const RUNS = 5;
/** Targets: the whole path at 30 pages a second or more warm (2 s for 60 pages), the process under 600 MB RSS. */
const TARGET_PAGES_PER_SECOND = 30;
const TARGET_PEAK_RSS_MB = 600;
/** A fresh `budget-lens audit` of a 25-page disclosure (issue 13). */
const TARGET_FRESH_MS = 1000;
const TARGET_FRESH_RSS_MB = 250;
const argRuns = process.argv.indexOf('--runs');
const PROCESS_RUNS = argRuns > 0 ? Number.parseInt(process.argv[argRuns + 1] ?? '', 10) || 5 : 5;
const FLAT_ROUNDS = 3;
/** Another checkout (--ref DIR) whose `bin/budget-lens.mjs` is measured beside this one's, for ratios to it. */
const argRef = process.argv.indexOf('--ref');
const REF = argRef > 0 ? process.argv[argRef + 1] : undefined;

const here = dirname(fileURLToPath(import.meta.url));
const candidates = [join(here, '..', 'tests', 'fixtures', 'pdf', 'bench-60.pdf'), join(here, '.cache', 'bench-60.pdf')];

const corpus = join(here, '..', '..', 'shared', 'corpus');
const FRESH_DOCUMENTS = [
  join(here, '..', 'tests', 'fixtures', 'pdf', 'huzhou-2024.word.lo.pdf'),
  join(corpus, 'hangzhou-qixiangju-2026-yusuan.pdf'),
].filter((f) => existsSync(f));

const mb = (bytes: number): number => bytes / 1024 / 1024;
/** The CPU ratios of two commands' runs, round by round, least to greatest. */
const perRound = (a: Measured, b: Measured): string =>
  a.runs
    .map((r, i) => r.cpuMs / b.runs[i]!.cpuMs)
    .sort((x, y) => x - y)
    .map((x) => x.toFixed(2))
    .join(' ');
const rel = (f: string): string => f.replace(`${join(here, '..')}/`, '').replace(`${join(here, '..', '..')}/`, '../');

interface Fresh {
  file: string;
  pages: number;
  node: Measured;
  pdfjs: Measured;
  audit: Measured;
  /** The --ref checkout's command line on the same document. */
  ref?: Measured;
}

/** Part 1: each document audited by a fresh command line, beside Node's start and pdf.js alone. */
function freshProcesses(log: (s: string) => void): Fresh[] {
  // Builds dist/ when stale and writes the code cache a PDF's run uses (bin/load-cli.mjs), as a user's first run does.
  const bins = ['bin/budget-lens.mjs', ...(REF ? [join(REF, 'bin', 'budget-lens.mjs')] : [])];
  if (FRESH_DOCUMENTS[0])
    sideBySide(
      bins.map((b) => ({ label: 'bundle', args: [b, 'audit', FRESH_DOCUMENTS[0]!] })),
      1,
    );
  return FRESH_DOCUMENTS.map((file) => {
    log(`fresh processes on ${rel(file)}, ${PROCESS_RUNS} runs each, alternating:`);
    const [node, pdfjs, audit, ref] = sideBySide(
      [
        { label: 'node -e 0', args: ['-e', '0'] },
        { label: 'pdf.js alone', args: ['bench/pdf-read.mjs', file] },
        // Exit 0, or 3 for a scan (never one here).
        ...bins.map((b) => ({ label: `budget-lens audit (${b})`, args: [b, 'audit', file] })),
      ],
      PROCESS_RUNS,
      log,
    );
    return { file: rel(file), pages: 0, node: node!, pdfjs: pdfjs!, audit: audit!, ...(ref ? { ref } : {}) };
  });
}

/** Part 2: rounds of every fixture (and corpus) PDF in one process; heap after a full GC and RSS after each round. */
async function flatness(): Promise<{ documents: number; rounds: { heapMb: number; rssMb: number }[] }> {
  const dirs = [join(here, '..', 'tests', 'fixtures', 'pdf'), corpus].filter((d) => existsSync(d));
  const files = dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.pdf') && f !== 'bench-60.pdf')
      .map((f) => join(d, f)),
  );
  const rounds: { heapMb: number; rssMb: number }[] = [];
  for (let r = 0; r < FLAT_ROUNDS; r++) {
    for (const f of files) {
      const loaded = await loadPdf(new Uint8Array(readFileSync(f)));
      auditSource(buildPdfSource(loaded.pages, { url: f }).source);
    }
    globalThis.gc?.();
    const m = process.memoryUsage();
    rounds.push({ heapMb: mb(m.heapUsed), rssMb: mb(m.rss) });
  }
  return { documents: files.length, rounds };
}
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

interface Run {
  readMs: number;
  rebuildMs: number;
  auditMs: number;
  totalMs: number;
  heapPeakMb: number;
  pages: number;
  tables: number;
  budgetTables: number;
  findings: number;
}

async function once(bytes: Uint8Array): Promise<Run> {
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const profiler = new v8.GCProfiler();
  profiler.start();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const t0 = performance.now();
  const loaded = await loadPdf(bytes);
  const t1 = performance.now();
  const pdf = buildPdfSource(loaded.pages, { url: 'bench-60.pdf' });
  const t2 = performance.now();
  const { report } = auditSource(pdf.source);
  const t3 = performance.now();
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  clearInterval(sampler);
  const gcs = profiler.stop();
  for (const s of gcs.statistics) peak = Math.max(peak, s.beforeGC.heapStatistics.usedHeapSize);
  return {
    readMs: t1 - t0,
    rebuildMs: t2 - t1,
    auditMs: t3 - t2,
    totalMs: t3 - t0,
    heapPeakMb: mb(peak - base),
    pages: loaded.pageCount,
    tables: pdf.source.tableCount,
    budgetTables: report.summary.budgetTables,
    findings: report.findings.length,
  };
}

async function main(): Promise<void> {
  const file = candidates.find((f) => existsSync(f));
  if (!file) {
    console.error(
      `bench-60.pdf not found (looked in ${candidates.join(', ')}). Make it with: npx tsx scripts/` +
        `make-pdf-fixtures.ts --bench`,
    );
    process.exitCode = 2;
    return;
  }
  if (!globalThis.gc) console.error('(run with node --expose-gc for a full GC before each run; npm run bench does)');
  const log = (s: string): void => console.error(s);
  const fresh = freshProcesses(log);
  for (const f of fresh) f.pages = (await loadPdf(new Uint8Array(readFileSync(join(here, '..', f.file))))).pageCount;
  const loadAfterProcesses = loadavg()[0]!;
  const bytes = new Uint8Array(readFileSync(file));
  const rssBefore = mb(process.memoryUsage().rss);
  const cold = await once(bytes);
  const warm: Run[] = [];
  for (let i = 0; i < RUNS; i++) warm.push(await once(bytes));
  const peakRss = mb(process.resourceUsage().maxRSS * 1024);
  log('batch memory: rounds of every fixture and corpus PDF in one process');
  const flat = await flatness();
  const pick = (k: keyof Run): number => median(warm.map((r) => r[k]));
  const pagesPerSecond = (cold.pages / pick('totalMs')) * 1000;
  const results = {
    file: file.replace(`${join(here, '..')}/`, ''),
    bytes: bytes.length,
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    pages: cold.pages,
    tables: cold.tables,
    budgetTables: cold.budgetTables,
    findings: cold.findings,
    cold: { totalMs: cold.totalMs, readMs: cold.readMs, rebuildMs: cold.rebuildMs, auditMs: cold.auditMs },
    warm: {
      runs: RUNS,
      totalMs: pick('totalMs'),
      readMs: pick('readMs'),
      rebuildMs: pick('rebuildMs'),
      auditMs: pick('auditMs'),
      all: warm.map((r) => r.totalMs),
    },
    pagesPerSecond,
    coldPagesPerSecond: (cold.pages / cold.totalMs) * 1000,
    memory: {
      rssBeforeMb: rssBefore,
      peakRssMb: peakRss,
      heapPeakAboveBaseMb: Math.max(cold.heapPeakMb, ...warm.map((r) => r.heapPeakMb)),
      method:
        'RSS: process.resourceUsage().maxRSS after all runs (process high-water mark, node + tsx + pdf.js ' +
        'included) and process.memoryUsage().rss before the first; heap: max heapUsed (sampled every 5 ms, ' +
        'and before each GC via v8.GCProfiler) minus heapUsed after a full GC before the run.',
    },
    targets: {
      pagesPerSecond: TARGET_PAGES_PER_SECOND,
      peakRssMb: TARGET_PEAK_RSS_MB,
      freshMs: TARGET_FRESH_MS,
      freshRssMb: TARGET_FRESH_RSS_MB,
    },
    fresh: { runs: PROCESS_RUNS, loadAverage1m: loadAfterProcesses, documents: fresh },
    batchMemory: flat,
  };
  const pass = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
  const f0 = (v: number): string => v.toFixed(0);
  console.log(
    `\nbudget-lens PDF benchmark — Node ${process.version}, ${results.cpu} (${results.cores} cores, load ` +
      `${loadAfterProcesses.toFixed(1)} after the processes); fresh processes: median of ${PROCESS_RUNS} ` +
      `alternating runs; warm: median of ${RUNS} runs after one cold run\n`,
  );
  console.log('| Measure | Value |');
  console.log('| --- | --- |');
  const proc = (m: Measured): string => `${f0(m.wallMs)} ms wall, ${f0(m.cpuMs)} ms CPU, ${f0(m.maxRssMb)} MB peak RSS`;
  for (const f of fresh) {
    console.log(`| Fresh process: \`budget-lens audit\` ${f.file} (${f.pages} pages) | ${proc(f.audit)} |`);
    console.log(`| … beside pdf.js alone (its defaults) / \`node -e 0\` | ${proc(f.pdfjs)} / ${proc(f.node)} |`);
    if (f.ref) {
      const r = ratio(f.audit, f.ref);
      console.log(
        `| … \`budget-lens audit\` of ${REF} | ${proc(f.ref)}; this one / it: ${r.cpu.toFixed(2)}× CPU ` +
          `(per round ${perRound(f.audit, f.ref)}), ${r.wall.toFixed(2)}× wall |`,
      );
    }
    console.log(
      `| … ratios: audit / pdf.js alone; audit − node start | ` +
        `${(f.audit.wallMs / f.pdfjs.wallMs).toFixed(2)}× wall ` +
        `(${(f.audit.cpuMs / f.pdfjs.cpuMs).toFixed(2)}× CPU); ${f0(f.audit.wallMs - f.node.wallMs)} ms ` +
        `wall, ${f0(f.audit.cpuMs - f.node.cpuMs)} ms CPU |`,
    );
    console.log(
      `| … targets (${TARGET_FRESH_MS} ms, ${TARGET_FRESH_RSS_MB} MB) | wall: ` +
        `**${pass(f.audit.wallMs <= TARGET_FRESH_MS)}** at load ${loadAfterProcesses.toFixed(1)} (CPU ` +
        `${f0(f.audit.cpuMs)} ms: **${pass(f.audit.cpuMs <= TARGET_FRESH_MS)}**); RSS: ` +
        `**${pass(f.audit.maxRssMb <= TARGET_FRESH_RSS_MB)}** |`,
    );
  }
  console.log(
    `| Batch memory: ${flat.documents} PDFs per round, ${flat.rounds.length} rounds in one process | heap ` +
      `after GC ${flat.rounds.map((r) => f0(r.heapMb)).join(' → ')} MB; RSS ` +
      `${flat.rounds.map((r) => f0(r.rssMb)).join(' → ')} MB |`,
  );
  console.log(
    `| Document | ${results.file}: ${results.pages} pages, ${(bytes.length / 1024).toFixed(0)} kB; ` +
      `${results.tables} tables rebuilt, ${results.budgetTables} budget tables after merging, ` +
      `${results.findings} findings |`,
  );
  console.log(
    `| Warm: read (pdf.js) · rebuild · audit | ${f0(results.warm.readMs)} ms · ` +
      `${f0(results.warm.rebuildMs)} ms · ${f0(results.warm.auditMs)} ms |`,
  );
  console.log(`| Warm: whole path | ${f0(results.warm.totalMs)} ms (${results.warm.all.map(f0).join(', ')}) |`);
  console.log(
    `| Pages per second (warm) | **${pagesPerSecond.toFixed(1)}** (target ≥ ${TARGET_PAGES_PER_SECOND}: ` +
      `**${pass(pagesPerSecond >= TARGET_PAGES_PER_SECOND)}**) |`,
  );
  console.log(
    `| Cold first run (pdf.js loaded, fonts parsed) | ${f0(results.cold.totalMs)} ms ` +
      `(${results.coldPagesPerSecond.toFixed(1)} pages/s) |`,
  );
  console.log(
    `| Peak RSS / before the first run | **${f0(peakRss)} MB** / ${f0(rssBefore)} MB (target ≤ ` +
      `${TARGET_PEAK_RSS_MB} MB: **${pass(peakRss <= TARGET_PEAK_RSS_MB)}**) |`,
  );
  console.log(`| Peak JS heap above baseline | ${f0(results.memory.heapPeakAboveBaseMb)} MB |`);
  console.log(`\nMemory: ${results.memory.method}`);
  writeResults('pdf', results);
  if (cold.budgetTables === 0) {
    console.error('no budget table found in the benchmark PDF: the reader regressed');
    process.exitCode = 1;
  }
}

await main();
