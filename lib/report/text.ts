import type { AuditReport, ClaimEntry, TableStatus } from '../audit';
import { derivationIn } from './derivation';
import type { Finding } from '../checks/types';

export type Lang = 'zh' | 'en';

/** Table kinds by name, [Chinese, English]: the text report and the Markdown summary share them. */
export const KIND: Record<string, [string, string]> = {
  'income-expenditure': ['收支总表', 'Income and expenditure summary'],
  income: ['收入总表', 'Income summary'],
  expenditure: ['支出总表', 'Expenditure summary'],
  'fiscal-income-expenditure': ['财政拨款收支总表', 'Fiscal appropriations summary'],
  'gpb-expenditure': ['一般公共预算支出表', 'General public budget expenditure'],
  'gpb-basic': ['一般公共预算基本支出表', 'General public budget basic expenditure'],
  'three-public': ['“三公”经费表', '"Three public" costs'],
  'gov-fund': ['政府性基金预算支出表', 'Government fund expenditure'],
  'soe-capital': ['国有资本经营预算支出表', 'State capital operations expenditure'],
  'special-account': ['财政专户管理资金表', 'Special fiscal account funds'],
  project: ['项目支出表', 'Project expenditure'],
  performance: ['绩效目标表', 'Performance targets'],
  'budget-other': ['其他预算表', 'Other budget table'],
  layout: ['非预算表', 'Not a budget table'],
  unknown: ['未识别', 'Not recognised'],
};

/** Table statuses by name, [Chinese, English]. */
export const STATUS: Record<TableStatus, [string, string]> = {
  checked: ['已全部核对', 'fully checked'],
  'partly-checked': ['部分核对', 'partly checked'],
  'not-checked': ['未核对', 'not checked'],
  'not-understood': ['结构未能可靠识别', 'structure not understood'],
  empty: ['空表', 'empty'],
  'not-budget': ['跳过', 'skipped'],
};

const SEVERITY: Record<Finding['severity'], [string, string, string]> = {
  error: ['✗', '错误', 'error'],
  warning: ['!', '警告', 'warning'],
  info: ['~', '舍入', 'rounding'],
};

const cell = (c: { table: number; row: number; cell: number }): string => `${c.table}:${c.row}:${c.cell}`;

/** A readable per-page summary: tables found, their kind and unit, checks, each finding with its derivation. */
export function toText(report: AuditReport, lang: Lang = 'zh'): string {
  const zh = lang === 'zh';
  const i = zh ? 0 : 1;
  const out: string[] = [];
  const d = report.document;
  out.push(`== ${report.source}`);
  out.push(
    zh
      ? `《${d.title}》 部门：${d.department ?? '未知'}  年度：${d.year ?? '未知'}  单位：${d.unit ?? '未知'}`
      : `"${d.title}"  department: ${d.department ?? 'unknown'}  year: ${d.year ?? 'unknown'}  unit: ` +
          `${d.unit ?? 'unknown'}`,
  );
  out.push(
    zh
      ? `表格 ${report.summary.tables} 个，其中预算表 ${report.summary.budgetTables} 个`
      : `${report.summary.tables} tables, ${report.summary.budgetTables} of them budget tables`,
  );
  for (const t of report.tables) {
    const kind = KIND[t.kind]?.[i] ?? t.kind;
    const merged =
      t.domTables.length > 1
        ? zh
          ? `（续表 ${t.domTables.slice(1).join('、')} 已合并）`
          : ` (continued in ${t.domTables.slice(1).join(', ')})`
        : '';
    const counts =
      t.status === 'not-budget' || t.status === 'empty' || t.status === 'not-understood'
        ? STATUS[t.status][i] + (t.note ? `${zh ? '：' : ': '}${(zh ? t.note : t.noteEn) ?? t.note}` : '')
        : zh
          ? `${STATUS[t.status][0]} · 通过 ${t.passed} · 错误 ${t.failed} · 舍入 ${t.rounding} · 未核对单元格 ${t.notCheckedCells}`
          : `${STATUS[t.status][1]} · passed ${t.passed} · failed ${t.failed} · rounding ${t.rounding} · ` +
            `cells not checked ${t.notCheckedCells}`;
    out.push(
      `  #${t.index} [${kind}] ${t.title || (zh ? '（无标题）' : '(untitled)')}${merged} · ` +
        `${t.unit}${t.unitSource === 'default' ? (zh ? '（未注明，按万元）' : ' (not stated, assumed)') : ''} · ${counts}`,
    );
  }
  // The narrative's findings are the failed claims: they are listed once, in the claims section below.
  const findings = report.findings.filter((f) => f.check !== 'narrative').sort((a, b) => order(a) - order(b));
  if (findings.length > 0) {
    out.push(zh ? '发现：' : 'Findings:');
    for (const f of findings) {
      const [mark, sz, se] = SEVERITY[f.severity];
      out.push(`  ${mark} ${zh ? sz : se} [${f.check}] ${zh ? f.message.zh : f.message.en}`);
      out.push(
        `      ${zh ? '推算' : 'derivation'}: ${derivationIn(f.derivation, lang)}${f.unit ? ` (${f.unit})` : ''}`,
      );
      if (f.cells.length > 0) out.push(`      ${zh ? '单元格' : 'cells'}: ${f.cells.map(cell).join(' ')}`);
    }
  }
  out.push(...claimsText(report.claims, lang));
  const s = report.summary;
  out.push(
    zh
      ? `合计：通过 ${s.passed}，错误 ${s.errors}，警告 ${s.warnings}，舍入 ${s.rounding}，未核对单元格 ${s.notCheckedCells}`
      : `Total: passed ${s.passed}, errors ${s.errors}, warnings ${s.warnings}, rounding ${s.rounding}, ` +
          `cells not checked ${s.notCheckedCells}`,
  );
  return out.join('\n');
}

const order = (f: Finding): number => (f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2);

/** Claim kinds by name, [Chinese, English]. */
export const CLAIM_KIND: Record<ClaimEntry['kind'], [string, string]> = {
  amount: ['金额', 'amount'],
  share: ['占比', 'share'],
  change: ['增减', 'change'],
  flat: ['持平', 'flat'],
  composition: ['构成', 'composition'],
};

/** A claim's mark and status word: ✓ passed, ~ within rounding, ✗ failed, ! warning, – not checked. */
export function claimStatus(c: Pick<ClaimEntry, 'status' | 'severity'>): [string, string, string] {
  if (c.status === 'passed') return c.severity === 'info' ? ['~', '舍入', 'rounding'] : ['✓', '通过', 'passed'];
  if (c.status === 'failed') return ['✗', '错误', 'error'];
  if (c.status === 'warning') return ['!', '警告', 'warning'];
  return ['–', '未核对', 'not checked'];
}

/** Counts of the claims by outcome. */
export function claimCounts(claims: readonly Pick<ClaimEntry, 'status' | 'severity'>[]): {
  passed: number;
  rounding: number;
  failed: number;
  warnings: number;
  notChecked: number;
} {
  const n = { passed: 0, rounding: 0, failed: 0, warnings: 0, notChecked: 0 };
  for (const c of claims) {
    if (c.status === 'passed' && c.severity === 'info') n.rounding++;
    else if (c.status === 'passed') n.passed++;
    else if (c.status === 'failed') n.failed++;
    else if (c.status === 'warning') n.warnings++;
    else n.notChecked++;
  }
  return n;
}

const quote = (t: string, n = 48): string => {
  const one = t.replace(/\s+/gu, ' ');
  return one.length > n ? `${one.slice(0, n)}…` : one;
};

/**
 * The claims section: counts, then one line per claim (what it says, how it came out, the derivation or the reason).
 */
function claimsText(claims: readonly ClaimEntry[], lang: Lang): string[] {
  if (claims.length === 0) return [];
  const zh = lang === 'zh';
  const n = claimCounts(claims);
  const out: string[] = [];
  out.push(
    zh
      ? `正文数字 ${claims.length} 处：通过 ${n.passed}，错误 ${n.failed}，警告 ${n.warnings}，舍入 ${n.rounding}，未核对 ${n.notChecked}`
      : `Claims in the text: ${claims.length}: passed ${n.passed}, errors ${n.failed}, warnings ` +
          `${n.warnings}, rounding ${n.rounding}, not checked ${n.notChecked}`,
  );
  for (const c of claims) {
    const [mark, sz, se] = claimStatus(c);
    const kind = CLAIM_KIND[c.kind][zh ? 0 : 1];
    const detail =
      c.status === 'not-checked' || c.status === 'failed' || c.status === 'warning' || !c.derivation
        ? zh
          ? c.message.zh
          : c.message.en
        : derivationIn(c.derivation, lang);
    const cells = c.cells.length > 0 ? ` [${c.cells.map(cell).join(' ')}]` : '';
    out.push(`  ${mark} ${zh ? sz : se} [${kind}] 「${quote(c.text)}」 ${detail}${cells}`);
    if ((c.status === 'failed' || c.status === 'warning') && c.derivation)
      out.push(`      ${zh ? '推算' : 'derivation'}: ${derivationIn(c.derivation, lang)}`);
  }
  return out;
}
