/**
 * The large disclosure page of the engine benchmark (bench/engine.bench.ts), generated deterministically (seeded PRNG):
 * 部门预算 expenditure tables, each with a two-row <th> header, a 合计 row and a 类/款/项 tree of whole codes, amounts in
 * 万元 with two decimals that add up exactly down the tree, across each row (合计 = 小计 + 项目支出 + …, 小计 = 人员 +
 * 公用) and across tables (every table closes on the same 合计, so the cross-table check agrees too). `expectedPassed`
 * counts the relations the engine must prove.
 *
 *   node bin/run-ts.mjs bench/large-page.ts FILE     writes the 50 × 400 page to FILE (to profile the command line)
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { subjectByCode } from '../lib/classification';

export const SEED = 20240101;
export const LARGE = { tables: 50, dataRows: 400 } as const;
export const SMALL = { tables: 1, dataRows: 20 } as const;

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
export const COLS = [
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

export interface GeneratedPage {
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
  '<th rowspan="2">项目支出</th><th rowspan="2">事业单位经营支出</th><th rowspan="2">上缴上级支出</th><th ' +
  'rowspan="2">对附属单位补助支出</th></tr>' +
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
export function generatePage(cfg: { tables: number; dataRows: number }, seed: number): GeneratedPage {
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
  // Consistency: the year, department and stage of the page's title agree with every table title.
  expectedPassed += 1;
  parts.push('</div></body></html>');
  const headerCells = 8 + 3; // 8 cells in the first header row, 3 under 基本支出
  return {
    html: parts.join('\n'),
    expectedPassed,
    dataRows: cfg.tables * cfg.dataRows,
    cells: cfg.tables * (headerCells + cfg.dataRows * (2 + COLS.length)),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bin/run-ts.mjs bench/large-page.ts FILE');
    process.exit(2);
  }
  writeFileSync(file, generatePage(LARGE, SEED).html);
}
