import { checks } from '../lib/checks';
import { toText, type Lang } from '../lib/report/text';
import { yearsText } from '../lib/report/years-text';
import { DEFAULT_THRESHOLD } from '../lib/snapshots/schema';
import { expandInputs, isDirectory, runBatch, type SummaryFormat } from './batch';
import { InputError, loadPage } from './load';
import { NO_TEXT, pdfText, withoutTextLayer } from './pdf';
import { auditLoaded, reportJson } from './run';
import { buildYears, parsePercent, parseYuan, type AuditedPage } from './years';

const HELP = `预算透镜 budget-lens — checks the arithmetic of budget disclosure pages

Usage:
  budget-lens audit <file.html|file.pdf|url>... [--json] [--lang zh|en]
                    [--threshold <percent>] [--threshold-amount <元>] [--no-years]
                    [--progress]
  budget-lens audit <folder|file>... [--summary jsonl|csv|screen] [--out <dir>]
                    [--jobs <n>]
  budget-lens corpus [<folder>...]   the screen of a folder (default ../shared/corpus)
  budget-lens checks            list the registered checks
  budget-lens --help | --version

audit    reads each saved page (or URL), finds its budget tables, parses them into the
         budget model and runs every check. Prints a per-page summary: tables found with
         kind, unit and status; checks passed / failed / not checked; each finding with
         its derivation and the cells involved as TABLE:ROW:CELL (0-based: index among
         all <table> elements, row in table.rows, cell in row.cells; the tables of a
         PDF published as positioned text, rebuilt, are numbered after those). Then
         the claims of the page's text (amounts, shares, changes, 持平, compositions), each
         checked against its own arithmetic and the tables, or marked not checked
         with the reason.
         Given several pages, it then compares the pages of each department given in
         two or more years (pages of different departments are never compared; pages
         of the same year, such as two markups of one page, are not another year):
         the main expenditure table's lines with each year's figure in the printed
         unit, the change and % change of the latest year against the one before,
         lines that appeared, vanished or moved to another code, the largest swings,
         and the prior-year figures each page's text implies (上年执行数 / 上年预算数)
         beside the page of the year before.
  --json   print the report as JSON instead (an array when several inputs are given);
           its "claims" list the text's claims, "impliedPrior" the prior-year
           figures the text implies; the report of a department's latest page
           carries the year-over-year comparison as "years"
  --lang   language of the text report: zh (default) or en
  --threshold <percent>
           a swing is a change of at least this % of the year before (default ${DEFAULT_THRESHOLD.percent})
  --threshold-amount <元>
           … and of at least this many 元 (default ${DEFAULT_THRESHOLD.amount})
  --no-years
           no year-over-year comparison
  --progress
           report the pages of a PDF as they are read, on standard error (shown
           anyway when standard error is a terminal)

Batch (a folder given, or --summary, --out or --jobs): every .pdf, .html and .htm
of each folder (and each file given) is audited on worker threads, one per core.
Standard error shows a progress bar with the documents being read and an estimate
of the time left (a plain line per document when it is not a terminal). Standard
output gets one summary line per document, in input order: file, status (audited,
failed, no-text), department (or why none: a template's placeholder, a region
only), year, stage, scope (部门/单位), tables read, checked, not understood (with
the reasons), errors, warnings, claims checked / found, seconds. A document that
cannot be read is a line with its reason; the batch goes on. No year-over-year
comparison is made in a batch.
  --summary jsonl   one JSON object per line
  --summary csv     CSV with a header row
  --summary screen  aligned columns, reasons under each line, totals (the default)
  --out <dir>       also write each document's full --json report to <dir>/<name>.json
  --jobs <n>        worker threads (default: every core, os.availableParallelism())
corpus   the batch screen of the given folders, or of ../shared/corpus (npm run corpus).

PDF disclosures (file.pdf, or a URL that serves a PDF) get the same report: their
tables and text are rebuilt from the positions of the words and the ruling lines,
and cells are shown as page and position ("第 3 页 (x 72, y 340)": PDF points from
the page's top-left corner) instead of TABLE:ROW:CELL; --json adds each cell's
"pdf": {page, x, y, width, height}. A PDF without a text layer (a scan) cannot be
checked: it is reported as such, never as passed.

Pages may be UTF-8 or GBK/GB18030 (as declared in <meta charset>, or detected).
Exit status: 0 when every input was audited, whatever was found; 2 when an input is
missing or unreadable (the others are still audited) or the command line is wrong;
3 when an input is a PDF without a text layer (a scan) and none is missing or unreadable.
A batch exits the same way: 2 when some document failed, else 3 when some was a scan.`;

function version(): string {
  return '0.1.0';
}

export async function main(argv: readonly string[]): Promise<number> {
  const args = [...argv];
  if (args.length === 0 || args.includes('--help') || args.includes('-h') || args[0] === 'help') {
    console.log(HELP);
    return args.length === 0 ? 2 : 0;
  }
  if (args.includes('--version') || args.includes('-V')) {
    console.log(version());
    return 0;
  }
  const command = args.shift();
  if (command === 'checks') {
    for (const c of checks)
      console.log(
        `${c.id.padEnd(14)} ${c.title.zh} / ` +
          `${c.title.en}\n${' '.repeat(15)}${c.description.zh}\n${' '.repeat(15)}${c.description.en}`,
      );
    return 0;
  }
  if (command === 'corpus') {
    // Inputs are the words that are neither options nor an option's value.
    const valued = new Set(['--summary', '--out', '--jobs', '--lang', '--threshold', '--threshold-amount']);
    const given = args.some((x, i) => !x.startsWith('-') && !valued.has(args[i - 1] ?? ''));
    const rest = given ? args : [...args, '../shared/corpus'];
    const format = rest.some((x) => x === '--summary' || x.startsWith('--summary='));
    return audit(format ? rest : ['--summary', 'screen', ...rest]);
  }
  if (command !== 'audit') {
    console.error(`budget-lens: unknown command '${command}'. Try 'budget-lens --help'.`);
    return 2;
  }
  return audit(args);
}

async function audit(args: readonly string[]): Promise<number> {
  let json = false;
  let lang: Lang = 'zh';
  let years = true;
  let progress = false;
  const threshold = { ...DEFAULT_THRESHOLD };
  let summary: SummaryFormat | undefined;
  let out: string | undefined;
  let jobs: number | undefined;
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--no-years') years = false;
    else if (a === '--progress') progress = true;
    else if (a === '--threshold' || a.startsWith('--threshold=')) {
      const v = a === '--threshold' ? args[++i] : a.slice('--threshold='.length);
      const p = parsePercent(v);
      if (p === null) {
        console.error(`budget-lens: --threshold takes a percentage of 0 or more, such as 10 or 12.5, not '${v ?? ''}'`);
        return 2;
      }
      threshold.percent = p;
    } else if (a === '--threshold-amount' || a.startsWith('--threshold-amount=')) {
      const v = a === '--threshold-amount' ? args[++i] : a.slice('--threshold-amount='.length);
      const y = parseYuan(v);
      if (y === null) {
        console.error(
          `budget-lens: --threshold-amount takes an amount in 元 of 0 or more, such as 100000, not '${v ?? ''}'`,
        );
        return 2;
      }
      threshold.amount = y;
    } else if (a === '--lang' || a.startsWith('--lang=')) {
      const v = a === '--lang' ? args[++i] : a.slice('--lang='.length);
      if (v !== 'zh' && v !== 'en') {
        console.error(`budget-lens: --lang takes zh or en, not '${v ?? ''}'`);
        return 2;
      }
      lang = v;
    } else if (a === '--summary' || a.startsWith('--summary=')) {
      const v = a === '--summary' ? args[++i] : a.slice('--summary='.length);
      if (v !== 'jsonl' && v !== 'csv' && v !== 'screen') {
        console.error(`budget-lens: --summary takes jsonl, csv or screen, not '${v ?? ''}'`);
        return 2;
      }
      summary = v;
    } else if (a === '--out' || a.startsWith('--out=')) {
      const v = a === '--out' ? args[++i] : a.slice('--out='.length);
      if (!v) {
        console.error('budget-lens: --out takes a folder for the reports');
        return 2;
      }
      out = v;
    } else if (a === '--jobs' || a.startsWith('--jobs=')) {
      const v = a === '--jobs' ? args[++i] : a.slice('--jobs='.length);
      if (!v || !/^[1-9]\d{0,3}$/u.test(v)) {
        console.error(`budget-lens: --jobs takes a number of worker threads, such as 4, not '${v ?? ''}'`);
        return 2;
      }
      jobs = Number.parseInt(v, 10);
    } else if (a.startsWith('-') && a !== '-') {
      console.error(`budget-lens: unknown option '${a}'. Try 'budget-lens --help'.`);
      return 2;
    } else inputs.push(a);
  }
  if (inputs.length === 0) {
    console.error("budget-lens: audit needs at least one saved page or URL. Try 'budget-lens --help'.");
    return 2;
  }
  const batch = summary !== undefined || out !== undefined || jobs !== undefined || (await anyDirectory(inputs));
  if (batch) {
    if (json) {
      console.error('budget-lens: --json prints whole reports; in a batch use --summary jsonl and --out <dir>');
      return 2;
    }
    const { files, problems } = await expandInputs(inputs);
    for (const p of problems) console.error(`budget-lens: ${p}`);
    if (files.length === 0) return 2;
    const options = { summary: summary ?? 'screen', ...(out ? { out } : {}), ...(jobs ? { jobs } : {}) } as const;
    const code = await runBatch(files, options);
    return problems.length > 0 ? 2 : code;
  }
  const reports: unknown[] = [];
  const audited: AuditedPage[] = [];
  let failed = false;
  let scanned = false;
  for (const [n, input] of inputs.entries()) {
    if (inputs.length > 1) process.stderr.write(`[${n + 1}/${inputs.length}] ${input}\n`);
    try {
      const page = await loadPage(input, { onPdfProgress: pdfProgress(progress) });
      if (page.pdf && withoutTextLayer(page.pdf)) {
        scanned = true;
        console.error(`budget-lens: ${input}${lang === 'zh' ? '：' : ': '}${NO_TEXT[lang]}`);
        continue;
      }
      const { doc, report } = auditLoaded(page);
      if (years && inputs.length > 1) audited.push({ index: audited.length, source: page.source, doc, report });
      if (json) reports.push(reportJson(page, doc, report));
      else console.log(`${page.pdf ? pdfText(toText(report, lang), report, page.pdf, lang) : toText(report, lang)}\n`);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      failed = true;
      console.error(`budget-lens: ${e.message}`);
    }
  }
  // Several pages: the year-over-year sections, after the per-page reports (--json: on the department's latest page).
  if (audited.length > 1) {
    const { overview, attach } = buildYears(audited, threshold);
    if (json) for (const [index, section] of attach) (reports[index] as Record<string, unknown>).years = section;
    else {
      const text = yearsText(overview, lang);
      if (text) console.log(`${text}\n`);
    }
  }
  if (json) console.log(JSON.stringify(inputs.length === 1 ? (reports[0] ?? null) : reports, null, 2));
  return failed ? 2 : scanned ? 3 : 0;
}

async function anyDirectory(inputs: readonly string[]): Promise<boolean> {
  for (const i of inputs) if (await isDirectory(i)) return true;
  return false;
}

/**
 * A PDF's page counter on standard error: on a terminal (one line, rewritten), or with --progress (a line per page).
 */
function pdfProgress(asked: boolean): ((done: number, total: number) => void) | undefined {
  const tty = process.stderr.isTTY === true;
  if (!tty && !asked) return undefined;
  return (done, total) => {
    if (tty) process.stderr.write(`\rPDF ${done}/${total}${done === total ? '\r\x1b[K' : ''}`);
    else process.stderr.write(`PDF ${done}/${total}\n`);
  };
}
