/**
 * Engine benchmark: how long does `auditDom` take on a large disclosure page, compared with the cheapest
 * possible reader of the same DOM (the "floor": read every cell's text and nothing else)?
 *
 *   npm run bench            (node --expose-gc bin/run-ts.mjs bench/engine.bench.ts)
 *
 * The page is generated deterministically (seeded PRNG): 50 部门预算 expenditure tables, each with a
 * two-row <th> header, a 合计 row and a 类/款/项 tree of whole codes, amounts in 万元 with two decimals
 * that add up exactly down the tree, across each row (合计 = 小计 + 项目支出 + …, 小计 = 人员 + 公用) and
 * across tables (every table closes on the same 合计, so the cross-table check agrees too). The engine
 * must find zero errors and exactly the number of passed relations the generator predicts; anything
 * else is a parser regression and the script exits 1. Timings are a benchmark: PASS or MISS against
 * the 3x-floor target is printed, the exit code stays 0.
 *
 * Prints a Markdown table (for the README) and writes the same figures to bench/results/engine.json.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { parseHTML } from 'linkedom';
import { auditDocument, auditDom, type AuditReport } from '../lib/audit';
import { subjectByCode } from '../lib/classification';
import { readPage, type DomNode } from '../lib/dom/adapter';
import { buildDocument } from '../lib/parse/document';

// ---------------------------------------------------------------------------------------------------------
// Configuration

const SEED = 20240101;
const LARGE = { tables: 50, dataRows: 400 } as const;
const SMALL = { tables: 1, dataRows: 20 } as const;
const RUNS = 5;
/** Runs of the phase breakdown (read DOM / build model / checks), after the timed runs. */
const PHASE_RUNS = 3;
const SMALL_RUNS = 21;
const TARGET_RATIO = 3;

// ---------------------------------------------------------------------------------------------------------
// Deterministic generator

/** mulberry32: a small, fast, well-distributed 32-bit PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The 8 amount columns, in table order. */
const COLS = [
  '合计',
  '小计',
  '人员经费',
  '公用经费',
  '项目支出',
  '事业单位经营支出',
  '上缴上级支出',
  '对附属单位补助支出',
] as const;
const C = { total: 0, basic: 1, personnel: 2, public: 3, project: 4, business: 5, remit: 6, subsidy: 7 } as const;
/** The columns a leaf draws freely; 小计 and 合计 are derived. */
const FREE = [C.personnel, C.public, C.project, C.business, C.remit, C.subsidy] as const;

interface Node {
  code: string;
  name: string;
  level: 1 | 2 | 3;
  children: Node[];
  /** Amounts in cents (万元 × 100), one per column of COLS. */
  cents: number[];
}

interface GeneratedPage {
  html: string;
  /** Relations the engine must report as passed, counted from the generated figures. */
  expectedPassed: number;
  dataRows: number;
  cells: number;
}

const XIANG_NAMES = [
  '行政运行',
  '一般行政管理事务',
  '机关服务',
  '专项业务',
  '信息化建设',
  '业务管理',
  '专项服务',
  '事业运行',
];

function subjectName(code: string, fallback: string): string {
  return subjectByCode(code)?.name ?? fallback;
}

/** Draws one leaf's free columns: most rows have 人员/公用/项目, few have the rarer columns. */
function leafCents(rnd: () => number): number[] {
  const draw = (p: number, max: number): number => (rnd() < p ? 1 + Math.floor(rnd() * max) : 0);
  const v = new Array<number>(COLS.length).fill(0);
  v[C.personnel] = draw(0.7, 300_000);
  v[C.public] = draw(0.7, 60_000);
  v[C.project] = draw(0.6, 500_000);
  v[C.business] = draw(0.05, 100_000);
  v[C.remit] = draw(0.03, 50_000);
  v[C.subsidy] = draw(0.08, 200_000);
  if (FREE.every((c) => v[c] === 0)) v[C.project] = 1 + Math.floor(rnd() * 500_000);
  return v;
}

/** A 类 subtree of exactly `size` rows (the 类 row included), 款 with 0–14 项 each. */
function buildClass(code: string, size: number, rnd: () => number): Node {
  const lei: Node = { code, name: subjectName(code, `科目${code}`), level: 1, children: [], cents: [] };
  let remaining = size - 1;
  let k = 0;
  while (remaining > 0) {
    k++;
    if (k > 99) throw new Error('generator: more than 99 款 in one 类');
    const kuanCode = code + String(k).padStart(2, '0');
    const kuan: Node = {
      code: kuanCode,
      name: subjectName(kuanCode, `科目${kuanCode}`),
      level: 2,
      children: [],
      cents: [],
    };
    lei.children.push(kuan);
    remaining--;
    // One 款 in ten is a leaf; the others hold 1–14 项, the last often 99 其他.
    const want = rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * 14);
    const x = Math.min(want, remaining);
    for (let i = 1; i <= x; i++) {
      const suffix = i === x && x >= 4 && rnd() < 0.6 ? '99' : String(i).padStart(2, '0');
      const xiangCode = kuanCode + suffix;
      const fallback = suffix === '99' ? '其他支出' : XIANG_NAMES[Math.floor(rnd() * XIANG_NAMES.length)]!;
      kuan.children.push({
        code: xiangCode,
        name: subjectName(xiangCode, fallback),
        level: 3,
        children: [],
        cents: leafCents(rnd),
      });
    }
    remaining -= x;
    if (x === 0) kuan.cents = leafCents(rnd);
  }
  return lei;
}

function leaves(n: Node): Node[] {
  return n.children.length === 0 ? [n] : n.children.flatMap(leaves);
}

/** Fills derived columns of leaves and sums every parent from its children. */
function settle(n: Node): number[] {
  if (n.children.length === 0) {
    n.cents[C.basic] = n.cents[C.personnel]! + n.cents[C.public]!;
    n.cents[C.total] =
      n.cents[C.basic]! + n.cents[C.project]! + n.cents[C.business]! + n.cents[C.remit]! + n.cents[C.subsidy]!;
    return n.cents;
  }
  const sum = new Array<number>(COLS.length).fill(0);
  for (const ch of n.children) settle(ch).forEach((v, i) => (sum[i]! += v));
  n.cents = sum;
  return sum;
}

function sumOf(nodes: readonly Node[]): number[] {
  const sum = new Array<number>(COLS.length).fill(0);
  for (const n of nodes) n.cents.forEach((v, i) => (sum[i]! += v));
  return sum;
}

/** 123456789 cents → "1,234,567.89"; zero prints blank, as most disclosures do. */
function money(cents: number): string {
  if (cents === 0) return '';
  const int = Math.floor(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/gu, ',');
  return `${int}.${String(cents % 100).padStart(2, '0')}`;
}

const esc = (s: string): string => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;');

const HEADER =
  '<thead>' +
  '<tr><th rowspan="2">科目编码</th><th rowspan="2">科目名称</th><th rowspan="2">合计</th><th colspan="3">基本支出</th>' +
  '<th rowspan="2">项目支出</th><th rowspan="2">事业单位经营支出</th><th rowspan="2">上缴上级支出</th><th rowspan="2">对附属单位补助支出</th></tr>' +
  '<tr><th>小计</th><th>人员经费</th><th>公用经费</th></tr>' +
  '</thead>';

function rowHtml(code: string, name: string, cents: readonly number[], cls: string): string {
  const amounts = cents.map((c) => `<td class="num">${money(c)}</td>`).join('');
  return `<tr class="${cls}"><td>${code}</td><td>${esc(name)}</td>${amounts}</tr>`;
}

/**
 * A page of `tables` 一般公共预算支出 tables, each of `dataRows` body rows (合计 + the 类/款/项 tree).
 * Each table has its own two 类 (200+t and 250+t), so subject figures never meet across tables; the
 * tables' closing figures are made equal so the cross-table check proves them rather than fails them.
 */
function generatePage(cfg: { tables: number; dataRows: number }, seed: number): GeneratedPage {
  if (cfg.tables > 50) throw new Error('generator: at most 50 tables (two 类 codes each out of 200–299)');
  if (cfg.dataRows < 5) throw new Error('generator: at least 5 data rows');
  const rnd = prng(seed);
  const forest: Node[][] = [];
  for (let t = 0; t < cfg.tables; t++) {
    const subjectRows = cfg.dataRows - 1;
    const first = Math.ceil(subjectRows / 2);
    forest.push([buildClass(String(200 + t), first, rnd), buildClass(String(250 + t), subjectRows - first, rnd)]);
  }
  // Equal closing figures: raise each table's free columns to the largest table's, spread over the
  // leaves that already carry the column (so rare columns stay rare).
  const rawTotals = forest.map((roots) => {
    const ls = roots.flatMap(leaves);
    return FREE.map((c) => ls.reduce((a, l) => a + l.cents[c]!, 0));
  });
  FREE.forEach((c, fi) => {
    const target = Math.max(...rawTotals.map((t) => t[fi]!));
    forest.forEach((roots, t) => {
      const ls = roots.flatMap(leaves);
      const carriers = ls.filter((l) => l.cents[c]! > 0);
      const over = carriers.length > 0 ? carriers : [ls[0]!];
      const diff = target - rawTotals[t]![fi]!;
      const each = Math.floor(diff / over.length);
      over.forEach((l, i) => (l.cents[c]! += each + (i === over.length - 1 ? diff - each * over.length : 0)));
    });
  });

  let expectedPassed = 0;
  const nonZero = (v: readonly number[]): number => v.filter((x) => x !== 0).length;
  const parts: string[] = [
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例市财政局2024年部门预算</title>',
    '<style>td.num{text-align:right}</style></head><body><div class="article">',
    '<h1>示例市财政局2024年部门预算</h1>',
    '<p>本页为基准测试生成的部门预算公开页面，数据为虚构。</p>',
  ];
  forest.forEach((roots, t) => {
    roots.forEach(settle);
    const total = sumOf(roots);
    const body: string[] = [rowHtml('', '合计', total, 'total')];
    let rows = 1;
    const visit = (n: Node): void => {
      const indent = '\u3000'.repeat(n.level - 1);
      body.push(rowHtml(n.code, indent + n.name, n.cents, `l${n.level}`));
      rows++;
      if (n.children.length > 0) expectedPassed += nonZero(n.cents); // hierarchy: one per non-blank column
      n.children.forEach(visit);
    };
    roots.forEach(visit);
    if (rows !== cfg.dataRows) throw new Error(`generator: ${rows} rows, wanted ${cfg.dataRows}`);
    expectedPassed += 2 * rows; // row totals: 合计 = 小计 + 项目支出 + …, 小计 = 人员经费 + 公用经费
    expectedPassed += nonZero(total); // column totals: 合计 row = Σ 类, per non-blank column
    parts.push(
      `<p class="table-title">表${t + 1} 2024年市级部门一般公共预算支出表</p>`,
      '<p class="unit">单位：万元</p>',
      `<table border="1" cellspacing="0" cellpadding="2">${HEADER}<tbody>${body.join('')}</tbody></table>`,
    );
  });
  // Cross-table: 支出合计, 基本支出, 人员经费, 公用经费, 项目支出 of every table against the reference.
  if (cfg.tables > 1) expectedPassed += 5 * (cfg.tables - 1);
  parts.push('</div></body></html>');
  const headerCells = 8 + 3; // 8 cells in the first header row, 3 under 基本支出
  return {
    html: parts.join('\n'),
    expectedPassed,
    dataRows: cfg.tables * cfg.dataRows,
    cells: cfg.tables * (headerCells + cfg.dataRows * (2 + COLS.length)),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Measurement

interface Doc {
  readonly getElementsByTagName: (tag: string) => ArrayLike<Element>;
}

/**
 * The floor: the cheapest reader of the same DOM. Every <table>, its rows in thead/tbody/tfoot order
 * (rows directly under <table> with the body), every td/th's textContent. No spans, no styles, no parsing.
 */
function floorRead(document: Doc): { cells: number; chars: number } {
  let cells = 0;
  let chars = 0;
  const tables = document.getElementsByTagName('table');
  for (let i = 0; i < tables.length; i++) {
    const head: Element[] = [];
    const body: Element[] = [];
    const foot: Element[] = [];
    for (const child of Array.from(tables[i]!.children)) {
      const tag = child.tagName;
      if (tag === 'TR') body.push(child);
      else if (tag === 'THEAD' || tag === 'TBODY' || tag === 'TFOOT') {
        const target = tag === 'THEAD' ? head : tag === 'TFOOT' ? foot : body;
        for (const tr of Array.from(child.children)) if (tr.tagName === 'TR') target.push(tr);
      }
    }
    for (const tr of [...head, ...body, ...foot]) {
      for (const cell of Array.from(tr.children)) {
        if (cell.tagName !== 'TD' && cell.tagName !== 'TH') continue;
        cells++;
        chars += (cell.textContent ?? '').length;
      }
    }
  }
  return { cells, chars };
}

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
  return `tables ${s.tables} (budget ${s.budgetTables}), relations passed ${s.passed}, errors ${s.errors}, warnings ${s.warnings}, rounding ${s.rounding}, not-checked cells ${s.notCheckedCells}, findings ${r.findings.length}`;
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
    `generated ${mb(htmlBytes)} MB of HTML in ${gen.ms.toFixed(0)} ms; expecting ${page.expectedPassed} passed relations`,
  );
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
    `phases: read ${phases.readPageMs.toFixed(0)} ms, build ${phases.buildDocumentMs.toFixed(0)} ms, checks ${phases.auditDocumentMs.toFixed(0)} ms`,
  );

  const mem = heapPeak(() => auditDom(document as unknown as DomNode, 'bench://generated'));
  const report = mem.value.report;
  problems.push(...verify('large page', report, page, LARGE.tables));
  const rssAfterEngine = maxRssBytes();
  log(`large page: ${summaryLine(report)}`);

  const ratio = engine.median / floor.median;
  const verdict = ratio <= TARGET_RATIO ? 'PASS' : 'MISS';
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
      target: TARGET_RATIO,
      verdict,
      engineAmountCellsPerSecond: amountCells / (engine.median / 1000),
      memory: {
        heapWithDomBytes: heapWithDom,
        enginePeakHeapAboveBaselineBytes: mem.peak,
        engineRetainedHeapBytes: mem.retained,
        gcsDuringRun: mem.gcs,
        processPeakRssBeforeEngineBytes: rssBeforeEngine,
        processPeakRssAfterEngineBytes: rssAfterEngine,
        method:
          'heap: v8.GCProfiler over one untimed engine run; peak = max(used heap before each GC, used heap at end) minus used heap after a full GC just before the run (the DOM and the page string are in the baseline); retained = used heap after a full GC with the result held, minus the same baseline. RSS: process.resourceUsage().maxRSS, the process high-water mark, read before the first large engine run and after the last.',
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
  const range = (m: { median: number; min: number; max: number }, f = f1): string =>
    `${f(m.median)} ms (${f(m.min)}–${f(m.max)})`;
  const s = report.summary;
  const md = [
    `| Measure | Value |`,
    `| --- | --- |`,
    `| Large page | ${LARGE.tables} tables × ${LARGE.dataRows} rows × ${COLS.length} amount columns = ${amountCells.toLocaleString('en')} amounts, ${page.cells.toLocaleString('en')} cells, ${mb(htmlBytes)} MB HTML |`,
    `| linkedom parse (not engine) | ${f1(parse.ms)} ms |`,
    `| Floor: read every cell's text | ${range(floor)} |`,
    `| Engine: \`auditDom\` end to end | ${range(engine)} |`,
    `| Engine phases (median of ${PHASE_RUNS}) | read DOM ${f1(phases.readPageMs)} ms · build model ${f1(phases.buildDocumentMs)} ms · checks ${f1(phases.auditDocumentMs)} ms |`,
    `| Engine / floor | **${f2(ratio)}×** (target ≤ ${TARGET_RATIO}×: **${verdict}**) |`,
    `| Engine throughput | ${Math.round(results.large.engineAmountCellsPerSecond).toLocaleString('en')} amount cells/s |`,
    `| Engine peak JS heap (above DOM) | ${mb(mem.peak)} MB (${mem.gcs} GCs during the run) |`,
    `| Engine retained heap (model + report) | ${mb(mem.retained)} MB |`,
    `| Process peak RSS before / after engine | ${mb(rssBeforeEngine)} MB / ${mb(rssAfterEngine)} MB |`,
    `| Relations passed / errors / findings | ${s.passed.toLocaleString('en')} (expected ${page.expectedPassed.toLocaleString('en')}) / ${s.errors} / ${report.findings.length} |`,
    `| Small page (${SMALL.tables} table × ${SMALL.dataRows} rows): linkedom parse | ${range(smallParse, f2)} |`,
    `| Small page: floor | ${range(smallFloor, f2)} |`,
    `| Small page: engine, first (cold) run | ${f2(smallCold.ms)} ms |`,
    `| Small page: engine, warm | ${range(smallEngine, f2)} |`,
  ].join('\n');

  console.log(
    `\nbudget-lens engine benchmark (${commit}) — Node ${process.version}, ${results.cpu} (${results.cores} cores, load ${loadavg()[0]!.toFixed(2)}); median of ${RUNS} runs after one warm-up, full GC before each (small page: ${SMALL_RUNS} runs)\n`,
  );
  console.log(md);
  console.log(`\nMemory: ${results.large.memory.method}`);

  const out = join(here, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, '.gitignore'), '*\n!.gitignore\n');
  writeFileSync(join(out, 'engine.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${join('bench', 'results', 'engine.json')}`);

  if (problems.length > 0) {
    console.error(`\nENGINE DID NOT READ THE GENERATED PAGE CORRECTLY:\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
}

main();
