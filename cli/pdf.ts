import type { AuditReport } from '../lib/audit';
import type { CellAddress } from '../lib/model';
import type { PdfBox, PdfSource } from '../lib/pdf/types';
import type { Lang } from '../lib/report/text';

/**
 * The command line's reports of a PDF: the same report as for a page, with page numbers and positions (PDF points,
 * top-left origin) instead of DOM addresses. The text report's cell lists become "第 3 页 (x 72, y 340)"; the --json
 * report's cells gain `pdf: {page, x, y, width, height}` (additively: table/row/cell stay, the rebuilt tables' own
 * indices), each table its `pages`, each claim the boxes of its words, and the report a `pdf` summary.
 */

const round = (v: number): number => Math.floor(v + 0.5);

/** "第 3 页 (x 72, y 340)" / "p. 3 (x 72, y 340)". */
export function positionText(box: PdfBox, lang: Lang): string {
  return lang === 'zh'
    ? `第 ${box.page} 页 (x ${round(box.x)}, y ${round(box.y)})`
    : `p. ${box.page} (x ${round(box.x)}, y ${round(box.y)})`;
}

const ADDRESS = /\b(\d+):(\d+):(\d+)\b/gu;

/** The cell addresses of one line of the text report, written as PDF positions (an address without a box stays). */
function rewriteAddresses(list: string, pdf: PdfSource, lang: Lang): string {
  const parts: string[] = [];
  for (const m of list.matchAll(ADDRESS)) {
    const box = pdf.cellBox({
      table: Number.parseInt(m[1]!, 10),
      row: Number.parseInt(m[2]!, 10),
      cell: Number.parseInt(m[3]!, 10),
    });
    parts.push(box ? positionText(box, lang) : m[0]);
  }
  return parts.join(lang === 'zh' ? '；' : '; ');
}

/** Pages a rebuilt table's cells are on (a table continued over several pages), in order. */
export function tablePages(pdf: PdfSource, tables: readonly number[]): number[] {
  const pages = new Set<number>();
  for (const b of pdf.source.blocks) {
    if (b.kind !== 'table' || !tables.includes(b.table.index)) continue;
    b.table.rows.forEach((row, r) =>
      row.cells.forEach((_, c) => {
        const box = pdf.cellBox({ table: b.table.index, row: r, cell: c });
        if (box) pages.add(box.page);
      }),
    );
  }
  return [...pages].sort((a, b) => a - b);
}

const pageRange = (pages: readonly number[], lang: Lang): string => {
  if (pages.length === 0) return '';
  const first = pages[0]!;
  const last = pages[pages.length - 1]!;
  if (lang === 'zh') return first === last ? `第 ${first} 页` : `第 ${first}–${last} 页`;
  return first === last ? `p. ${first}` : `pp. ${first}–${last}`;
};

/**
 * The text report of a PDF: toText's report with every cell address as a page and position, each table line with
 * the pages the table is on, and a line saying how many pages were read (and which had no text).
 */
export function pdfText(text: string, report: AuditReport, pdf: PdfSource, lang: Lang): string {
  const zh = lang === 'zh';
  const lines = text.split('\n');
  const out: string[] = [];
  for (const [i, line] of lines.entries()) {
    const cells = /^(\s+)(单元格|cells): (.*)$/u.exec(line);
    if (cells) {
      out.push(`${cells[1]}${zh ? '位置' : 'where'}: ${rewriteAddresses(cells[3]!, pdf, lang)}`);
      continue;
    }
    const claim = / \[((?:\d+:\d+:\d+ ?)+)\]$/u.exec(line);
    if (claim && /^\s{2}\S/u.test(line)) {
      out.push(`${line.slice(0, claim.index)} [${rewriteAddresses(claim[1]!, pdf, lang)}]`);
      continue;
    }
    const table = /^ {2}#(\d+) \[/u.exec(line);
    if (table) {
      const t = report.tables.find((x) => x.index === Number.parseInt(table[1]!, 10));
      const pages = t ? pageRange(tablePages(pdf, t.domTables), lang) : '';
      out.push(pages ? `${line} · ${pages}` : line);
      continue;
    }
    out.push(line);
    if (i === 0) {
      const missing = pdf.pagesWithoutText.length;
      out.push(
        zh
          ? `PDF：${pdf.pageCount} ` +
              `页${missing > 0 ? `，其中 ${missing} 页没有文本层（可能是扫描件），未核对：第 ${pdf.pagesWithoutText.join('、')} 页` : ''}`
          : `PDF: ${pdf.pageCount} ` +
              `pages${
                missing > 0
                  ? `; ${missing} without a text layer (probably scanned), not checked: ` +
                    `${pdf.pagesWithoutText.join(', ')}`
                  : ''
              }`,
      );
    }
  }
  return out.join('\n');
}

type JsonCell = { table: number; row: number; cell: number; pdf?: PdfBox };
type JsonReport = {
  tables?: { index: number; continuedIn?: number[]; pages?: number[] }[];
  findings?: { cells: JsonCell[] }[];
  notChecked?: { cells: JsonCell[] }[];
  claims?: { cells: JsonCell[]; block: number; start: number; endBlock: number; end: number; pdf?: PdfBox[] }[];
  pdf?: unknown;
};

const withBox = (c: JsonCell, pdf: PdfSource): JsonCell => {
  const box = pdf.cellBox(c as CellAddress);
  return box ? { ...c, pdf: box } : c;
};

/** The boxes of a claim's words: its span over one or more text blocks. */
export function claimBoxes(
  pdf: PdfSource,
  c: { block: number; start: number; endBlock: number; end: number },
): PdfBox[] {
  if (c.endBlock === c.block) return pdf.textBoxes(c.block, c.start, c.end);
  const out: PdfBox[] = [];
  for (let b = c.block; b <= c.endBlock; b++) {
    const block = pdf.source.blocks[b];
    if (!block || block.kind !== 'text') continue;
    const start = b === c.block ? c.start : 0;
    const end = b === c.endBlock ? c.end : block.text.length;
    out.push(...pdf.textBoxes(b, start, end));
  }
  return out;
}

/** The --json report of a PDF: toJson's object with positions added (see the file's comment). */
export function pdfJson(json: unknown, pdf: PdfSource): unknown {
  const r = json as JsonReport;
  return {
    ...r,
    pdf: { pages: pdf.pageCount, pagesWithoutText: pdf.pagesWithoutText },
    ...(r.tables
      ? { tables: r.tables.map((t) => ({ ...t, pages: tablePages(pdf, [t.index, ...(t.continuedIn ?? [])]) })) }
      : {}),
    ...(r.findings ? { findings: r.findings.map((f) => ({ ...f, cells: f.cells.map((c) => withBox(c, pdf)) })) } : {}),
    ...(r.notChecked
      ? { notChecked: r.notChecked.map((n) => ({ ...n, cells: n.cells.map((c) => withBox(c, pdf)) })) }
      : {}),
    ...(r.claims
      ? { claims: r.claims.map((c) => ({ ...c, cells: c.cells.map((x) => withBox(x, pdf)), pdf: claimBoxes(pdf, c) })) }
      : {}),
  };
}

/** Every page without text: a scan, nothing can be checked. */
export { withoutText as withoutTextLayer } from '../lib/open';

export const NO_TEXT = {
  zh: '此 PDF 没有文本层（可能是扫描件），无法核对',
  en: 'this PDF has no text layer (probably a scan), so nothing in it can be checked',
} as const;
