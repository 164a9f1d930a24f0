/**
 * Engine benchmark: how long does the command line take to audit a large disclosure page, compared with the cheapest
 * possible reader of the same page (the "floor": parse it with linkedom and read every cell's text, nothing else)?
 *
 *   npm run bench            (node --expose-gc bin/run-ts.mjs bench/engine.bench.ts)
 *   npm run bench:engine     (this benchmark alone; --cli-runs N for more process runs, default 5)
 *
 * First as whole processes, side by side (bench/process.ts): `budget-lens audit large.html` against
 * `node bench/floor.mjs large.html`, alternating, the target being 1.5× the floor (issue 13). Then inside one process,
 * to see where the time goes: `auditDom` on an already parsed DOM against floorRead on the same DOM.
 *
 * The page is generated deterministically (seeded PRNG): 50 部门预算 expenditure tables, each with a
 * two-row <th> header, a 合计 row and a 类/款/项 tree of whole codes, amounts in 万元 with two decimals
 * that add up exactly down the tree, across each row (合计 = 小计 + 项目支出 + …, 小计 = 人员 + 公用) and
 * across tables (every table closes on the same 合计, so the cross-table check agrees too). The engine
 * must find zero errors and exactly the number of passed relations the generator predicts; anything
 * else is a parser regression and the script exits 1. Timings are a benchmark: PASS or MISS against
 * the target is printed, the exit code stays 0.
 *
 * Prints a Markdown table (for the README) and writes the same figures to bench/results/engine.json.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { parseHTML } from 'linkedom';
import { auditDocument, auditDom, type AuditReport } from '../lib/audit';
import { readPage, type DomNode } from '../lib/dom/adapter';
import { buildDocument } from '../lib/parse/document';
import { floorRead } from './floor.mjs';
import { ratio as ratioOf, sideBySide, type Measured, writeResults } from './process';
import { COLS, generatePage, LARGE, SEED, SMALL, type GeneratedPage } from './large-page';

// ---------------------------------------------------------------------------------------------------------
// Configuration

const RUNS = 5;
/** Runs of the phase breakdown (read DOM / build model / checks), after the timed runs. */
const PHASE_RUNS = 3;
const SMALL_RUNS = 21;
/** The whole command line's audit of the large page, as a process, against the floor process (issue 13). */
const TARGET_CLI_RATIO = 1.5;
const argRuns = process.argv.indexOf('--cli-runs');
const CLI_RUNS = argRuns > 0 ? Number.parseInt(process.argv[argRuns + 1] ?? '', 10) || 5 : 5;

// ---------------------------------------------------------------------------------------------------------
// Measurement

const gc = (): void => {
  if (!globalThis.gc) throw new Error('run with node --expose-gc (npm run bench does)');
  globalThis.gc();
};

const ms = (ns: bigint): number => Number(ns) / 1e6;

function time<T>(f: () => T): { ms: number; value: T } {
  const t0 = process.hrtime.bigint();
  const value = f();
  return { ms: ms(process.hrtime.bigint() - t0), value };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One warm-up run, then `runs` timed runs with a full GC before each; results are dropped between runs. */
function measure(f: () => unknown, runs: number): { median: number; min: number; max: number; samples: number[] } {
  f();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    samples.push(time(f).ms);
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples };
}

/**
 * Peak JS heap during one call, exactly: V8's used heap only falls at a GC, so its high-water mark is
 * the largest "used before GC" of the GCs during the call, or the used size at the end. v8.GCProfiler
 * records the heap statistics before and after every GC. Measured on a separate, untimed run.
 */
function heapPeak<T>(f: () => T): { baseline: number; peak: number; retained: number; gcs: number; value: T } {
  gc();
  const baseline = process.memoryUsage().heapUsed;
  const profiler = new v8.GCProfiler();
  profiler.start();
  const value = f();
  const end = process.memoryUsage().heapUsed;
  const result = profiler.stop();
  const beforeGcs = result?.statistics.map((s) => s.beforeGC.heapStatistics.usedHeapSize) ?? [];
  const peak = Math.max(end, ...beforeGcs);
  gc();
  const retained = process.memoryUsage().heapUsed - baseline;
  return { baseline, peak: peak - baseline, retained, gcs: beforeGcs.length, value };
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const maxRssBytes = (): number => process.resourceUsage().maxRSS * 1024;

// ---------------------------------------------------------------------------------------------------------
// Run

function summaryLine(r: AuditReport): string {
  const s = r.summary;
  return (
    `tables ${s.tables} (budget ${s.budgetTables}), relations passed ${s.passed}, errors ${s.errors}, ` +
    `warnings ${s.warnings}, rounding ${s.rounding}, not-checked cells ${s.notCheckedCells}, findings ` +
    `${r.findings.length}`
  );
}

/** The engine must read the generated page exactly: no finding at all, every relation passed. */
function verify(label: string, r: AuditReport, page: GeneratedPage, tables: number): string[] {
  const problems: string[] = [];
  const s = r.summary;
  if (s.errors !== 0) problems.push(`${label}: ${s.errors} errors (expected 0)`);
  if (r.findings.length !== 0) problems.push(`${label}: ${r.findings.length} findings (expected 0)`);
  if (s.passed !== page.expectedPassed)
    problems.push(`${label}: ${s.passed} relations passed (expected ${page.expectedPassed})`);
  if (s.notCheckedCells !== 0) problems.push(`${label}: ${s.notCheckedCells} amount cells not checked (expected 0)`);
  if (s.budgetTables !== tables) problems.push(`${label}: ${s.budgetTables} budget tables (expected ${tables})`);
  const rows = r.tables.reduce((a, t) => a + t.rows, 0);
  if (rows !== page.dataRows) problems.push(`${label}: ${rows} data rows read (expected ${page.dataRows})`);
  for (const f of r.findings.slice(0, 5)) problems.push(`  finding [${f.check}/${f.severity}] ${f.message.en}`);
  return problems;
}

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const problems: string[] = [];
  const log = (s: string): void => console.error(s);

  // Small page first, so its first run is a true cold start of the engine code.
  const small = generatePage(SMALL, SEED + 1);
  const smallParse = measure(() => parseHTML(small.html), SMALL_RUNS);
  const smallDoc = parseHTML(small.html).document;
  const smallCold = time(() => auditDom(smallDoc as unknown as DomNode, 'bench://small'));
  problems.push(...verify('small page', smallCold.value.report, small, SMALL.tables));
  const smallFloor = measure(() => floorRead(smallDoc), SMALL_RUNS);
  const smallEngine = measure(() => auditDom(smallDoc as unknown as DomNode, 'bench://small'), SMALL_RUNS);
  log(`small page: ${summaryLine(smallCold.value.report)}`);

  // The large page.
  const gen = time(() => generatePage(LARGE, SEED));
  const page = gen.value;
  const htmlBytes = Buffer.byteLength(page.html, 'utf8');
  log(
    `generated ${mb(htmlBytes)} MB of HTML in ${gen.ms.toFixed(0)} ms; expecting ${page.expectedPassed} ` +
      `passed relations`,
  );

  // The whole command line, as processes, side by side with the floor process (bench/floor.mjs).
  const dir = mkdtempSync(join(tmpdir(), 'bl-engine-'));
  let floorProcess: Measured;
  let cliProcess: Measured;
  try {
    const file = join(dir, 'large.html');
    writeFileSync(file, page.html);
    sideBySide([{ label: 'bundle', args: ['bin/budget-lens.mjs', '--version'] }], 1); // builds dist/ when stale
    log(`command line and floor as processes, ${CLI_RUNS} runs each, alternating:`);
    const measured = sideBySide(
      [
        { label: 'floor (parse + read every cell)', args: ['bench/floor.mjs', file] },
        { label: 'budget-lens audit', args: ['bin/budget-lens.mjs', 'audit', file] },
      ],
      CLI_RUNS,
      log,
    );
    floorProcess = measured[0]!;
    cliProcess = measured[1]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const cliRatio = ratioOf(cliProcess, floorProcess);
  const cliVerdict = cliRatio.wallPerRound <= TARGET_CLI_RATIO ? 'PASS' : 'MISS';
  const loadAfterProcesses = loadavg()[0]!;

  gc();
  const parse = time(() => parseHTML(page.html));
  const document = parse.value.document;
  gc();
  const heapWithDom = process.memoryUsage().heapUsed;
  log(`linkedom parse: ${parse.ms.toFixed(0)} ms`);

  const floorCheck = floorRead(document);
  if (floorCheck.cells !== page.cells) problems.push(`floor read ${floorCheck.cells} cells (expected ${page.cells})`);
  const rssBeforeEngine = maxRssBytes();

  const floor = measure(() => floorRead(document), RUNS);
  log(`floor: median ${floor.median.toFixed(1)} ms [${floor.samples.map((x) => x.toFixed(1)).join(', ')}]`);
  const engine = measure(() => auditDom(document as unknown as DomNode, 'bench://generated'), RUNS);
  log(`engine: median ${engine.median.toFixed(1)} ms [${engine.samples.map((x) => x.toFixed(1)).join(', ')}]`);

  // Where the engine's time goes: auditDom is readPage → buildDocument → auditDocument.
  const phaseSamples = { read: [] as number[], build: [] as number[], checks: [] as number[] };
  for (let i = 0; i < PHASE_RUNS; i++) {
    gc();
    const read = time(() => readPage(document as unknown as DomNode, 'bench://generated'));
    const build = time(() => buildDocument(read.value));
    const checks = time(() => auditDocument(build.value));
    phaseSamples.read.push(read.ms);
    phaseSamples.build.push(build.ms);
    phaseSamples.checks.push(checks.ms);
  }
  const phases = {
    readPageMs: median(phaseSamples.read),
    buildDocumentMs: median(phaseSamples.build),
    auditDocumentMs: median(phaseSamples.checks),
    runs: PHASE_RUNS,
  };
  log(
    `phases: read ${phases.readPageMs.toFixed(0)} ms, build ${phases.buildDocumentMs.toFixed(0)} ms, checks ` +
      `${phases.auditDocumentMs.toFixed(0)} ms`,
  );

  const mem = heapPeak(() => auditDom(document as unknown as DomNode, 'bench://generated'));
  const report = mem.value.report;
  problems.push(...verify('large page', report, page, LARGE.tables));
  const rssAfterEngine = maxRssBytes();
  log(`large page: ${summaryLine(report)}`);

  const ratio = engine.median / floor.median;
  const amountCells = page.dataRows * COLS.length;

  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout.
  }
  const results = {
    date: new Date().toISOString(),
    commit,
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    loadAverage1m: loadavg()[0],
    seed: SEED,
    runs: RUNS,
    large: {
      tables: LARGE.tables,
      dataRowsPerTable: LARGE.dataRows,
      amountColumns: COLS.length,
      cells: page.cells,
      amountCells,
      htmlBytes,
      /** Same seed, same page: compare across machines and commits. */
      htmlSha256: createHash('sha256').update(page.html).digest('hex'),
      linkedomParseMs: parse.ms,
      floorMs: floor,
      engineMs: engine,
      phases,
      ratio,
      commandLine: {
        runs: CLI_RUNS,
        loadAverage1m: loadAfterProcesses,
        floor: floorProcess,
        audit: cliProcess,
        ratio: cliRatio,
        target: TARGET_CLI_RATIO,
        verdict: cliVerdict,
      },
      engineAmountCellsPerSecond: amountCells / (engine.median / 1000),
      memory: {
        heapWithDomBytes: heapWithDom,
        enginePeakHeapAboveBaselineBytes: mem.peak,
        engineRetainedHeapBytes: mem.retained,
        gcsDuringRun: mem.gcs,
        processPeakRssBeforeEngineBytes: rssBeforeEngine,
        processPeakRssAfterEngineBytes: rssAfterEngine,
        method:
          'heap: v8.GCProfiler over one untimed engine run; peak = max(used heap before each GC, used heap ' +
          'at end) minus used heap after a full GC just before the run (the DOM and the page string are in ' +
          'the baseline); retained = used heap after a full GC with the result held, minus the same ' +
          'baseline. RSS: process.resourceUsage().maxRSS, the process high-water mark, read before the ' +
          'first large engine run and after the last.',
      },
      summary: report.summary,
      expectedPassed: page.expectedPassed,
    },
    small: {
      tables: SMALL.tables,
      dataRows: SMALL.dataRows,
      linkedomParseMs: smallParse,
      floorMs: smallFloor,
      engineColdMs: smallCold.ms,
      engineMs: smallEngine,
      summary: smallCold.value.report.summary,
      expectedPassed: small.expectedPassed,
    },
    problems,
  };

  const f1 = (x: number): string => x.toFixed(1);
  const f2 = (x: number): string => x.toFixed(2);
  const proc = (m: Measured): string =>
    `${(m.wallMs / 1000).toFixed(2)} s wall, ${(m.cpuMs / 1000).toFixed(2)} s CPU, ${m.maxRssMb.toFixed(0)} ` +
    `MB peak RSS`;
  const range = (m: { median: number; min: number; max: number }, f = f1): string =>
    `${f(m.median)} ms (${f(m.min)}–${f(m.max)})`;
  const s = report.summary;
  const md = [
    `| Measure | Value |`,
    `| --- | --- |`,
    `| Large page | ${LARGE.tables} tables × ${LARGE.dataRows} rows × ${COLS.length} amount columns = ` +
      `${amountCells.toLocaleString('en')} amounts, ${page.cells.toLocaleString('en')} cells, ` +
      `${mb(htmlBytes)} MB HTML |`,
    `| Floor process: parse + read every cell (median of ${CLI_RUNS}) | ${proc(floorProcess)} |`,
    `| \`budget-lens audit\` process, alternating with it | ${proc(cliProcess)} |`,
    `| Command line / floor | **${f2(cliRatio.wallPerRound)}×** wall (median of the rounds' ratios; ` +
      `${f2(cliRatio.cpu)}× CPU) (target ≤ ${TARGET_CLI_RATIO}×: **${cliVerdict}**) |`,
    `| In one process: linkedom parse (not engine) | ${f1(parse.ms)} ms |`,
    `| Floor: read every cell's text | ${range(floor)} |`,
    `| Engine: \`auditDom\` end to end | ${range(engine)} |`,
    `| Engine phases (median of ${PHASE_RUNS}) | read DOM ${f1(phases.readPageMs)} ms · build model ` +
      `${f1(phases.buildDocumentMs)} ms · checks ${f1(phases.auditDocumentMs)} ms |`,
    `| Engine / floor, in one process (DOM already parsed) | ${f2(ratio)}× |`,
    `| Engine throughput | ${Math.round(results.large.engineAmountCellsPerSecond).toLocaleString('en')} ` +
      `amount cells/s |`,
    `| Engine peak JS heap (above DOM) | ${mb(mem.peak)} MB (${mem.gcs} GCs during the run) |`,
    `| Engine retained heap (model + report) | ${mb(mem.retained)} MB |`,
    `| Process peak RSS before / after engine | ${mb(rssBeforeEngine)} MB / ${mb(rssAfterEngine)} MB |`,
    `| Relations passed / errors / findings | ${s.passed.toLocaleString('en')} (expected ` +
      `${page.expectedPassed.toLocaleString('en')}) / ${s.errors} / ${report.findings.length} |`,
    `| Small page (${SMALL.tables} table × ${SMALL.dataRows} rows): linkedom parse | ${range(smallParse, f2)} |`,
    `| Small page: floor | ${range(smallFloor, f2)} |`,
    `| Small page: engine, first (cold) run | ${f2(smallCold.ms)} ms |`,
    `| Small page: engine, warm | ${range(smallEngine, f2)} |`,
  ].join('\n');

  console.log(
    `\nbudget-lens engine benchmark (${commit}) — Node ${process.version}, ${results.cpu} (${results.cores} ` +
      `cores, load ${loadavg()[0]!.toFixed(2)}); processes: median of ${CLI_RUNS} alternating runs (load ` +
      `${loadAfterProcesses.toFixed(1)} after them); in one process: median of ${RUNS} runs after one ` +
      `warm-up, full GC before each (small page: ${SMALL_RUNS} runs)\n`,
  );
  console.log(md);
  console.log(`\nMemory: ${results.large.memory.method}`);

  writeResults('engine', results);

  if (problems.length > 0) {
    console.error(`\nENGINE DID NOT READ THE GENERATED PAGE CORRECTLY:\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
}

main();
