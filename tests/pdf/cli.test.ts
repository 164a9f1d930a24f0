import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, cli, serveLocal, type LocalServer } from '../helpers';

const pdf = (name: string): string => join(FIXTURES, 'pdf', name);

describe('budget-lens audit file.pdf', () => {
  it('prints the same report as for the page, with pages and positions instead of DOM addresses', async () => {
    const { code, stdout } = await cli('audit', pdf('huzhou-2024.clean.pdf'));
    expect(code).toBe(0);
    expect(stdout).toContain('PDF：18 页');
    expect(stdout).toContain('部门：中共湖州市委湖州市人民政府信访局');
    expect(stdout).toMatch(
      /#0 \[收支总表\] 2024 年市级部门收支预算总表（续表 1 已合并） · 万元 · 已全部核对 .* · 第 8–9 页/u,
    );
    expect(stdout).toContain('推算: 2.03 + 0.11 = 2.14 ≈ 2.13');
    expect(stdout).toMatch(/位置: 第 10 页 \(x \d+, y \d+\)；第 10 页/u);
    expect(stdout).not.toMatch(/单元格: \d+:\d+:\d+/u);
    // The same totals as the page (tests/cli/cli.test.ts: 24 rounding slips in the tables, one in the text).
    expect(stdout).toMatch(/合计：通过 \d+，错误 0，警告 1，舍入 25，未核对单元格 0/u);
  });

  it('--lang en: "p. 3 (x 72, y 340)"', async () => {
    const { code, stdout } = await cli('audit', '--lang', 'en', pdf('huzhou-2024.clean.pdf'));
    expect(code).toBe(0);
    expect(stdout).toContain('PDF: 18 pages');
    expect(stdout).toMatch(/where: p\. 10 \(x \d+, y \d+\); p\. 10/u);
  });

  it(
    '--json: each cell gets pdf {page, x, y, width, height}; ' + 'tables their pages; claims the boxes of their words',
    async () => {
      const { code, stdout } = await cli('audit', '--json', pdf('huzhou-2024.clean.pdf'));
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.pdf).toEqual({ pages: 18, pagesWithoutText: [] });
      expect(report.tables[0]).toMatchObject({ index: 0, continuedIn: [1], kind: 'income-expenditure', pages: [8, 9] });
      const f = report.findings.find(
        (x: { stated: string; derivation: string }) => x.stated === '2.13' && x.derivation.startsWith('2.03'),
      );
      expect(f).toMatchObject({ check: 'row-totals', severity: 'info', expected: '2.14' });
      expect(f.cells[0]).toEqual({
        table: f.table,
        row: expect.any(Number),
        cell: expect.any(Number),
        pdf: {
          page: 10,
          x: expect.any(Number),
          y: expect.any(Number),
          width: expect.any(Number),
          height: expect.any(Number),
        },
      });
      const claim = report.claims.find((c: { cells: unknown[] }) => c.cells.length > 0);
      expect(claim.cells[0].pdf.page).toBeGreaterThan(0);
      expect(claim.pdf[0]).toEqual({
        page: expect.any(Number),
        x: expect.any(Number),
        y: expect.any(Number),
        width: expect.any(Number),
        height: expect.any(Number),
      });
    },
  );

  it('a PDF without a text layer: a clear message and exit status 3, never an empty pass', async () => {
    const zh = await cli('audit', pdf('scanned.pdf'));
    expect(zh.code).toBe(3);
    expect(zh.stderr).toContain('此 PDF 没有文本层（可能是扫描件），无法核对');
    expect(zh.stdout).toBe('');
    const en = await cli('audit', '--lang', 'en', '--json', pdf('scanned.pdf'));
    expect(en.code).toBe(3);
    expect(en.stderr).toContain('no text layer');
    // Another input missing as well: 2 wins; the readable PDF is still audited.
    const both = await cli('audit', '--json', pdf('scanned.pdf'), '/no/such.pdf', pdf('continued-mixed-units.pdf'));
    expect(both.code).toBe(2);
    expect(JSON.parse(both.stdout)).toHaveLength(1);
  });

  it('a damaged PDF: exit 2, the reason on standard error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bl-pdf-'));
    const file = join(dir, 'cut.pdf');
    writeFileSync(file, readFileSync(pdf('continued-mixed-units.pdf')).subarray(0, 2000));
    const { code, stderr } = await cli('audit', file);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file} is a PDF that cannot be read`);
  });

  it('--progress: the page counter on standard error', async () => {
    const { code, stderr } = await cli('audit', '--progress', pdf('continued-mixed-units.pdf'));
    expect(code).toBe(0);
    expect(stderr).toContain('PDF 1/2');
    expect(stderr).toContain('PDF 2/2');
    expect((await cli('audit', pdf('continued-mixed-units.pdf'))).stderr).toBe('');
  });

  it('--help tells about PDFs and exit status 3', async () => {
    const { stdout } = await cli('--help');
    for (const s of ['PDF', '--progress', '第 3 页 (x 72, y 340)', '3 when an input is a PDF without a text layer'])
      expect(stdout).toContain(s);
  });
});

describe('budget-lens audit <url of a PDF>', () => {
  let server: LocalServer;
  let base = '';
  beforeAll(async () => {
    server = await serveLocal((req, res) => {
      if (req.url === '/report.pdf' || req.url === '/download?id=7') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end(readFileSync(pdf('continued-mixed-units.pdf')));
      } else if (req.url === '/fake.pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end('<html><body>not found</body></html>');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    base = server.base;
  });
  afterAll(() => server.close());

  it('audits a PDF served over HTTP, by its bytes or its content type', async () => {
    for (const path of ['/report.pdf', '/download?id=7']) {
      const { code, stdout } = await cli('audit', `${base}${path}`);
      expect(code, path).toBe(0);
      expect(stdout).toContain('PDF：2 页');
      expect(stdout).toMatch(/#1 \[支出总表\] 表3 2022年部门支出预算总表（续表 2 已合并）.* · 第 1–2 页/u);
    }
  });

  it('exit 2 when what is served as a PDF is not one', async () => {
    const { code, stderr } = await cli('audit', `${base}/fake.pdf`);
    expect(code).toBe(2);
    expect(stderr).toContain('is a PDF that cannot be read');
  });
});
