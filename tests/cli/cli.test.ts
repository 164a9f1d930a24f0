import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, fixture, cli, encodeGb18030, serveLocal, type LocalServer } from '../helpers';

const page = (name: string) => join(FIXTURES, name);

describe('budget-lens audit', () => {
  it('prints a readable summary: tables, kinds, units, checks, findings with derivations', async () => {
    const { code, stdout } = await cli('audit', page('pages/huzhou-2024.clean.html'));
    expect(code).toBe(0);
    expect(stdout).toContain('部门：中共湖州市委湖州市人民政府信访局');
    expect(stdout).toMatch(
      /#3 \[一般公共预算支出表\] 2024 年市级部门一般公共预算支出表 · 万元 · 已全部核对 · 通过 \d+ · 错误 0 · 舍入 \d+/u,
    );
    expect(stdout).toContain('推算: 2.03 + 0.11 = 2.14 ≈ 2.13');
    // 24 rounding slips in the tables, one in the text (差旅费 增长 85.3%, the figures give 85.4%).
    // The one warning: the seed page publishes no 收入总表 (required tables, lib/checks/required-tables.ts).
    expect(stdout).toMatch(/合计：通过 \d+，错误 0，警告 1，舍入 25，未核对单元格 0/u);
    expect(stdout).toContain('[required-tables] 缺少「收入总表」');
  });

  it('speaks English with --lang en', async () => {
    const { code, stdout } = await cli('audit', '--lang', 'en', page('pages/hangzhou-2024.clean.html'));
    expect(code).toBe(0);
    expect(stdout).toContain('year: 2024');
    expect(stdout).toContain('["Three public" costs]');
    expect(stdout).toMatch(/Total: passed \d+, errors 1, warnings 1, rounding 0, cells not checked 0/u);
  });

  it('--json prints the documented shape with DOM addresses', async () => {
    const { code, stdout } = await cli('audit', '--json', page('pages/huzhou-2024.cms.html'));
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.source).toContain('huzhou-2024.cms.html');
    expect(report.document).toMatchObject({ department: '中共湖州市委湖州市人民政府信访局', year: 2024, unit: '万元' });
    expect(report.tables[0]).toMatchObject({ index: 0, kind: 'layout', checked: false });
    expect(report.tables[1]).toMatchObject({ index: 1, kind: 'income-expenditure', unit: '万元', checked: true });
    for (const t of report.tables)
      expect(Object.keys(t)).toEqual(
        expect.arrayContaining(['index', 'title', 'kind', 'unit', 'rows', 'columns', 'checked']),
      );
    const f = report.findings.find(
      (x: { stated: string; derivation: string }) => x.stated === '2.13' && x.derivation.startsWith('2.03'),
    );
    expect(f).toMatchObject({ check: 'row-totals', severity: 'info', expected: '2.14' });
    expect(Object.keys(f)).toEqual(
      expect.arrayContaining(['check', 'severity', 'table', 'cells', 'stated', 'expected', 'derivation', 'message']),
    );
    expect(f.cells[0]).toEqual({ table: f.table, row: expect.any(Number), cell: expect.any(Number) });
    expect(f.message.zh).toContain('四舍五入');
    expect(f.message.en).toContain('rounding');
  });

  it('--json lists the claims of the text: text, kind, cells, stated, expected, derivation, status', async () => {
    const { code, stdout } = await cli('audit', '--json', page('pages/shaoxing-2021.clean.html'));
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.claims.length).toBeGreaterThan(50);
    for (const c of report.claims)
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining([
          'text',
          'kind',
          'cells',
          'stated',
          'expected',
          'derivation',
          'status',
          'block',
          'start',
          'end',
          'message',
        ]),
      );
    const c = report.claims.find(
      (x: { text: string; kind: string }) => x.kind === 'amount' && x.text.includes('信访事务（项）安排 1639.71 万元'),
    );
    expect(c).toMatchObject({ status: 'passed', stated: '1,639.71 万元', expected: '1,639.71 万元' });
    expect(c.derivation).toContain('16,397,060.00 元 = 1,639.7060 万元');
    expect(c.cells[0]).toEqual({ table: expect.any(Number), row: expect.any(Number), cell: expect.any(Number) });
    expect(report.impliedPrior).toContainEqual(
      expect.objectContaining({ basis: '上年执行数', value: '2,339.98', unit: '万元' }),
    );
    expect(report.findings.filter((f: { check: string }) => f.check === 'narrative').length).toBe(3);
  });

  it('the text report ends with the claims of the text', async () => {
    const { code, stdout } = await cli('audit', page('pages/hangzhou-2022.clean.html'));
    expect(code).toBe(0);
    expect(stdout).toContain('正文数字 93 处：通过 16，错误 0，警告 0，舍入 2，未核对 75');
    expect(stdout).toContain(
      '✓ 通过 [增减] 「比上年执行数增加 587.74万元，增长 8.04%」 7,896.16 − 587.74 = 7,308.42；587.74 ÷ 7,308.42 = 8.042% → 8.04%',
    );
    expect(stdout).toContain('– 未核对 [金额] 「收入预算总计 7,896.16万元」 未核对：页面没有预算表，没有可比较的数字');
  });

  it('--json with several inputs prints an array, in input order', async () => {
    const { code, stdout, stderr } = await cli(
      'audit',
      '--json',
      page('pages/hangzhou-2024.clean.html'),
      page('pages/shaoxing-2021.word.html'),
    );
    expect(code).toBe(0);
    const reports = JSON.parse(stdout);
    expect(reports.map((r: { document: { year: number } }) => r.document.year)).toEqual([2024, 2021]);
    expect(stderr).toContain('[2/2]');
    // Pages of different departments: no year-over-year comparison (tests/cli/years.test.ts).
    for (const r of reports) expect(r).not.toHaveProperty('years');
  });

  it('exit 2 with a clear message for a missing file; the other inputs are still audited', async () => {
    const { code, stdout, stderr } = await cli(
      'audit',
      '--json',
      '/no/such/page.html',
      page('pages/hangzhou-2024.clean.html'),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('budget-lens: cannot read /no/such/page.html: no such file');
    expect(JSON.parse(stdout)).toHaveLength(1);
  });

  it(
    'exit 2 for an empty file, a PDF and a file that is not ' + 'HTML (a folder is a batch: tests/cli/batch.test.ts)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bl-cli-'));
      writeFileSync(join(dir, 'empty.html'), '');
      writeFileSync(join(dir, 'doc.pdf'), '%PDF-1.7\n%\u00e2\u00e3\n');
      writeFileSync(join(dir, 'notes.txt'), 'just some words');
      for (const [file, msg] of [
        [join(dir, 'empty.html'), 'the file is empty'],
        [join(dir, 'doc.pdf'), 'is a PDF'],
        [join(dir, 'notes.txt'), 'does not look like an HTML page'],
      ] as const) {
        const { code, stderr } = await cli('audit', file);
        expect(code, file).toBe(2);
        expect(stderr).toContain(msg);
      }
    },
  );

  it('exit 2 for a wrong command line, with a pointer to --help', async () => {
    expect((await cli('audit')).code).toBe(2);
    const bad = await cli('audit', '--colour', 'x.html');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown option '--colour'");
    expect((await cli('frobnicate')).stderr).toContain("unknown command 'frobnicate'");
    expect((await cli('audit', '--lang', 'fr', 'x.html')).stderr).toContain('--lang takes zh or en');
  });

  it('--help tells the truth about the commands, the address format and the exit codes', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    for (const s of ['audit <file.html|file.pdf|url>', '--json', '--lang', 'TABLE:ROW:CELL', 'Exit status'])
      expect(stdout).toContain(s);
  });

  it('lists the registered checks', async () => {
    const { stdout } = await cli('checks');
    for (const id of ['row-totals', 'column-totals', 'hierarchy', 'balance', 'cross-table', 'three-public'])
      expect(stdout).toContain(id);
  });

  it('decodes a GBK page as declared in its <meta charset>', async () => {
    const html = fixture('synthetic/codes-abbreviated.html').replace('<meta charset="utf-8">', '<meta charset="gbk">');
    // Encode as GB18030 by hand: Node has no encoder, so go through the test's own table of the few characters used.
    const dir = mkdtempSync(join(tmpdir(), 'bl-gbk-'));
    const file = join(dir, 'gbk.html');
    writeFileSync(file, encodeGb18030(html));
    const { code, stdout } = await cli('audit', file);
    expect(code).toBe(0);
    expect(stdout).toContain('[支出总表] 2023年部门支出预算总表');
    expect(stdout).toMatch(/错误 0/u);
  });
});

describe('budget-lens audit <url>', () => {
  let server: LocalServer;
  let base = '';
  beforeAll(async () => {
    server = await serveLocal((req, res) => {
      if (req.url === '/ok.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(fixture('pages/shaoxing-2021.clean.html'));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    base = server.base;
  });
  afterAll(() => server.close());

  it('audits a page served over HTTP', async () => {
    const { code, stdout } = await cli('audit', `${base}/ok.html`);
    expect(code).toBe(0);
    expect(stdout).toContain(`== ${base}/ok.html`);
    expect(stdout).toMatch(/错误 0/u);
  });

  it('exit 2 for an HTTP error', async () => {
    const { code, stderr } = await cli('audit', `${base}/missing.html`);
    expect(code).toBe(2);
    expect(stderr).toContain('HTTP 404');
  });
});
