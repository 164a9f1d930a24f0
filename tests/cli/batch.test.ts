import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, cli } from '../helpers';

/**
 * The batch as a user runs it: a folder with a saved page, a PDF, a file that only claims to be a PDF and a text
 * file (not a document, so not read). Every document is a summary line in name order; the broken one says why
 * and the others are audited all the same; the exit status says that one failed.
 */
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bl-batch-'));
  copyFileSync(join(FIXTURES, 'pages/huzhou-2024.clean.html'), join(dir, 'a-huzhou-2024.html'));
  copyFileSync(join(FIXTURES, 'pdf/shaoxing-2021.clean.pdf'), join(dir, 'b-shaoxing-2021.pdf'));
  writeFileSync(join(dir, 'c-broken.pdf'), '%PDF-1.7\n%\u00e2\u00e3\nnot a PDF at all\n');
  writeFileSync(join(dir, 'notes.txt'), 'just some words');
});

type Line = Record<string, unknown>;

describe('budget-lens audit DIR', () => {
  it(
    '--summary jsonl: one line per document in order, the ' + 'broken one with its reason, exit 2, reports in --out',
    async () => {
      const out = join(dir, '..', `${dir.split('/').pop()}-out`);
      const { code, stdout, stderr } = await cli('audit', dir, '--summary', 'jsonl', '--jobs', '2', '--out', out);
      expect(code).toBe(2);
      const lines = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Line);
      const names = lines.map((l) => (l.file as string).split('/').pop());
      expect(names).toEqual(['a-huzhou-2024.html', 'b-shaoxing-2021.pdf', 'c-broken.pdf']);
      const [page, pdf, broken] = lines as [Line, Line, Line];
      const huzhou = { department: '中共湖州市委湖州市人民政府信访局', year: 2024, stage: '预算', scope: '部门' };
      expect(page).toMatchObject({ status: 'audited', ...huzhou, errors: 0 });
      expect(page.tables).toBeGreaterThan(5);
      expect(page.checked).toBeGreaterThan(5);
      expect(page.claimsChecked).toBeGreaterThan(0);
      expect(page.claimsTotal).toBeGreaterThanOrEqual(page.claimsChecked as number);
      expect(pdf).toMatchObject({ status: 'audited', year: 2021, stage: '预算' });
      expect(pdf.department).toContain('绍兴市信访局');
      expect(pdf.tables).toBeGreaterThan(5);
      expect(broken).toMatchObject({ status: 'failed', tables: 0 });
      expect(broken.reason).toContain('is a PDF that cannot be read');
      const fields = [
        'department',
        'year',
        'stage',
        'tables',
        'checked',
        'notUnderstood',
        'notUnderstoodReasons',
        'errors',
        'warnings',
        'claimsChecked',
        'claimsTotal',
        'seconds',
      ];
      for (const l of lines) expect(Object.keys(l)).toEqual(expect.arrayContaining(fields));
      // Progress and the failure on standard error (not a terminal here: plain lines).
      expect(stderr).toContain('[3/3]');
      expect(stderr).toMatch(/budget-lens: .*c-broken\.pdf: .*cannot be read/u);
      // The full reports of the two documents read.
      expect(readdirSync(out).sort()).toEqual(['a-huzhou-2024.html.json', 'b-shaoxing-2021.pdf.json']);
      const report = JSON.parse(readFileSync(join(out, 'b-shaoxing-2021.pdf.json'), 'utf8'));
      expect(report.pdf.pages).toBeGreaterThan(1);
      expect(report.document.identity).toMatchObject({ year: 2021, stage: '预算', scope: '部门' });
      expect(report.tables.length).toBeGreaterThan(5);
    },
    120_000,
  );

  it('--summary csv: a header and a row per document; all read, exit 0', async () => {
    const good = mkdtempSync(join(tmpdir(), 'bl-batch-good-'));
    copyFileSync(join(FIXTURES, 'pages/huzhou-2024.clean.html'), join(good, 'huzhou, 2024.htm'));
    const { code, stdout } = await cli('audit', good, '--summary', 'csv', '--jobs', '1');
    expect(code).toBe(0);
    const [header, row, ...rest] = stdout.trim().split('\n');
    expect(rest).toEqual([]);
    expect(header).toBe(
      'file,status,department,year,stage,scope,tables,checked,not_understood,not_understood_reasons,' +
        'errors,warnings,claims_checked,claims_total,seconds,reason',
    );
    // A comma in the file name is quoted.
    expect(row).toMatch(
      /^".*huzhou, 2024\.htm",audited,中共湖州市委湖州市人民政府信访局,2024,预算,部门,\d+,\d+,0,,0,1,\d+,\d+,[\d.]+,$/u,
    );
  }, 120_000);

  it(
    'many files and --summary: a batch too; the screen ' + 'of `corpus DIR` is aligned, with reasons and totals',
    async () => {
      const files = await cli(
        'audit',
        '--summary',
        'jsonl',
        join(dir, 'a-huzhou-2024.html'),
        join(dir, 'no-such.html'),
      );
      expect(files.code).toBe(2);
      const [, missing] = files.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Line);
      expect(missing).toMatchObject({ status: 'failed', reason: expect.stringContaining('no such file') });

      const { code, stdout } = await cli('corpus', dir, '--jobs', '2');
      expect(code).toBe(2);
      const lines = stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(
        /^file\s+department\s+year\s+stage\s+tables\s+checked\s+not-und\.\s+errors\s+warn\.\s+claims\s+s$/u,
      );
      const row = lines.find((l) => l.startsWith('a-huzhou-2024.html'))!;
      expect(row).toMatch(
        /中共湖州市委湖州市人民政府信访局\s+2024\s+部门预算\s+\d+\s+\d+\s+0\s+0\s+1\s+\d+\/\d+\s+[\d.]+$/u,
      );
      // Columns line up: the year starts at the same column of the screen on every row (CJK counted as two).
      const col = (l: string): number =>
        [...l.slice(0, l.search(/\s(?:2021|2024|year)\s/u) + 1)].reduce(
          (w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1),
          0,
        );
      expect(col(row)).toBe(col(lines[0]!));
      expect(col(lines.find((l) => l.startsWith('b-shaoxing'))!)).toBe(col(lines[0]!));
      expect(stdout).toMatch(/c-broken\.pdf\s+\(failed\)/u);
      expect(stdout).toContain('failed: ');
      const total = /^3 documents \(1 not audited\) · \d+ tables, \d+ checked, 0 not understood · \d+ errors/u;
      expect(lines[lines.length - 1]).toMatch(total);
    },
    120_000,
  );

  it('--help documents the batch; wrong values are refused', async () => {
    const help = await cli('--help');
    const documented = [
      '--summary jsonl|csv|screen',
      '--out <dir>',
      '--jobs <n>',
      'corpus',
      'not understood',
      'progress bar',
    ];
    for (const s of documented) expect(help.stdout).toContain(s);
    const bad = await cli('audit', dir, '--summary', 'xml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--summary takes jsonl, csv or screen');
    expect((await cli('audit', dir, '--jobs', '0')).stderr).toContain('--jobs takes a number');
    expect((await cli('audit', dir, '--json')).stderr).toContain('--summary jsonl');
    const empty = mkdtempSync(join(tmpdir(), 'bl-batch-empty-'));
    const none = await cli('audit', empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('holds no .pdf, .html or .htm file');
  }, 120_000);
});
