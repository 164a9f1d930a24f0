import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePercent, parseYuan } from '../../cli/years';
import { displayWidth } from '../../lib/report/width';
import { FIXTURES, cli } from '../helpers';

const H2024 = join(FIXTURES, 'pages/hangzhou-2024.clean.html');
const H2024_WORD = join(FIXTURES, 'pages/hangzhou-2024.word.html');
const H2022 = join(FIXTURES, 'pages/hangzhou-2022.clean.html');
const HUZHOU = join(FIXTURES, 'pages/huzhou-2024.clean.html');
/** The shared synthetic 2023 (tests/fixtures/years/README.md gives the comparison it makes). */
const H2023 = join(FIXTURES, 'years/hangzhou-2023.synthetic.html');
/** This directory's own small synthetic 2023: one 一般公共预算支出表, edited consistently (see its comment). */
const MINI = join(__dirname, 'fixtures-years/hangzhou-2023.mini.html');

/** The year-over-year part of the text output. */
const section = (stdout: string): string => {
  const at = stdout.search(/^== (?:逐年比较|Year over year)/mu);
  return at < 0 ? '' : stdout.slice(at);
};

/** The character at a display column (a wide character fills two). */
function cellAt(row: string, column: number): string | undefined {
  let w = 0;
  for (const ch of row) {
    const n = displayWidth(ch);
    if (column < w + n) return ch;
    w += n;
  }
  return undefined;
}

/** A block's lines: its first line (matching `header`), then the lines indented by two spaces after it. */
function tableRows(text: string, header: RegExp): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => header.test(l));
  if (start < 0) return [];
  const out = [lines[start]!];
  for (let i = start + 1; i < lines.length && lines[i]!.startsWith('  '); i++) out.push(lines[i]!);
  return out;
}

describe.runIf(existsSync(H2023))('audit with several years of one department (text)', () => {
  it(
    'prints the per-page reports, then the line table: each year, change and % of the latest against the ' +
      'one before',
    async () => {
      const { code, stdout } = await cli('audit', H2024, H2023, H2022);
      expect(code).toBe(0);
      // The per-page reports come first.
      expect(stdout.indexOf(`== ${H2024}`)).toBeLessThan(stdout.indexOf('== 逐年比较'));
      expect(stdout.indexOf(`== ${H2022}`)).toBeLessThan(stdout.indexOf('== 逐年比较'));
      const s = section(stdout);
      expect(s).toContain('== 逐年比较：中共杭州市委杭州市人民政府信访局（杭州市）');
      expect(s).toMatch(/2022预算 +\S*hangzhou-2022\.clean\.html（只有文字说明，没有预算表）/u);
      expect(s).toContain(
        '比较：一般公共预算支出表「表 5： 2024 年市级部门一般公共预算支出预算表」合 计 栏 · 单位：万元 · 2024 年对 2023 年',
      );
      expect(s).toMatch(/^ {2}合计 +7,731\.68 +8,149\.47 +\+417\.79 +\+5\.4%$/mu);
      expect(s).toMatch(/^ {6}行政运行 +2010301 +1,731\.17 +1,797\.02 +\+65\.85 +\+3\.8%$/mu);
      expect(s).toMatch(/^ {6}事业运行 +2010350 +800\.00 +949\.58 +\+149\.58 +\+18\.7% +较大增减$/mu);
      expect(s).toMatch(/^ {6}科技成果转化与扩散 +2060404 +317\.56 +89\.44 +-228\.12 +-71\.8% +较大增减$/mu);
      expect(s).toMatch(/^ {6}公务员医疗补助 +2101103 +8\.00 +- +- +- +不再列示$/mu);
      expect(s).toMatch(/^ {6}机关事业单位职业年金缴费支出 +2080506 +- +90\.51 +- +- +新列示$/mu);
      // The 2023 信访事务 (a 项) sits under its former parent; the 2024 one is its own 款: both say 科目调整.
      expect(s).toMatch(/^ {6}信访事务 +2010308 +4,560\.00 +- +- +- +科目调整$/mu);
      expect(s).toMatch(/^ {4}信访事务 +20140 +- +4,890\.85 +- +- +科目调整$/mu);
    },
  );

  it('aligns the columns (CJK counts two), right-aligns the figures', async () => {
    const s = section((await cli('audit', H2024, H2023)).stdout);
    const rows = tableRows(s, /^ {2}科目 +编码 +2023 +2024 +增减 +增减%/u);
    expect(rows.length).toBeGreaterThan(20);
    // Every figure column ends where its header ends: a character just before, a space (or the end) just after.
    const header = rows[0]!;
    for (const title of [' 2023', ' 2024', ' 增减 ', '增减%']) {
      const at = header.indexOf(title) + title.trimEnd().length;
      const edge = displayWidth(header.slice(0, at));
      for (const row of rows.slice(1)) {
        expect(cellAt(row, edge - 1), `${title} | ${row}`).not.toBe(' ');
        expect(cellAt(row, edge) ?? ' ', `${title} | ${row}`).toBe(' ');
      }
    }
  });

  it('lists what appeared, vanished and moved, and the largest swings, largest first', async () => {
    const s = section((await cli('audit', H2024, H2023)).stdout);
    expect(s).toContain('2024 年新列示（2）：');
    expect(s).toMatch(/\+ 一般公共服务支出 › 信访事务 › 其他信访事务支出（2014099） +4,890\.85/u);
    expect(s).toMatch(/- 卫生健康支出 › 行政事业单位医疗 › 公务员医疗补助（2101103） +8\.00/u);
    expect(s).toContain(
      '科目调整（1）：\n  “信访事务”由 一般公共服务支出 › 政府办公厅（室）及相关机构事务 › 信访事务（2010308） 调整至 一般公共服务支出 › 信访事务（20140）',
    );
    const swings = tableRows(s, /^较大增减（\|增减\| ≥ 10% 且 ≥ 10 万元，3 项，按金额）：$/u).slice(1);
    expect(swings.map((l) => /（(\d+)）/u.exec(l)?.[1])).toEqual(['2060404', '2010350', '2101101']);
    expect(swings[0]).toMatch(/317\.56 +→ +89\.44 +-228\.12 +-71\.8%$/u);
  });

  it('sets the 2024 text’s implied 上年执行数 beside the 2023 page’s figure', async () => {
    const s = section((await cli('audit', H2024, H2023)).stdout);
    expect(s).toContain('2024 年页面说明所称上年数字（19 处），对照 2023 年预算页面 · 单位：万元：');
    expect(s).toMatch(
      /^ +1,731\.17 +1,731\.17 +0\.00 +上年执行数 +一般公共服务支出\(类\)政府办公厅\(室\)及相关机构事务\(款\)行政运行\(项\)预算$/mu,
    );
    expect(s).toMatch(/^ +915\.04 +800\.00 +\+115\.04 +上年执行数 +.*事业运行\(项\)预算$/mu);
    expect(s).toMatch(/^ +7,812\.20 +7,731\.68 +\+80\.52 +上年执行数 +支出预算$/mu);
    expect(s).toMatch(/^ +29\.55 +29\.55 +0\.00 +上年预算数 +“三公”经费$/mu);
    // A “三公” part (… 支出) is not the page's expenditure total.
    expect(s).toMatch(/^ +0\.00 +\S+ +\S+ +上年预算数 +公务用车购置支出$/mu);
    expect(s).not.toMatch(/7,731\.68 .*公务用车购置支出$/mu);
  });

  it('says what a text-only page (2022) can be compared for', async () => {
    const { code, stdout } = await cli('audit', H2024, H2022);
    expect(code).toBe(0);
    const s = section(stdout);
    expect(s).not.toMatch(/^ {2}科目 /mu);
    expect(s).toContain('注：只有 2024 年的页面有可比较的支出表，没有可逐行比较的年度');
    expect(s).toMatch(
      /注：2022 年的页面（\S*hangzhou-2022\.clean\.html）只有文字说明，没有预算表，不在逐行比较中；可比较的只有其说明所称 2021 年数字（11 处），但没有 2021 年的页面可对照/u,
    );
    expect(s).toContain('注：2024 年页面说明所称上年数字 19 处：没有 2023 年的页面可对照');
  });

  it('speaks English with --lang en', async () => {
    const s = section((await cli('audit', '--lang', 'en', H2024, H2023)).stdout);
    expect(s).toContain('== Year over year: 中共杭州市委杭州市人民政府信访局 (杭州市)');
    expect(s).toContain(
      'Compared: General public budget expenditure table "表 5： 2024 年市级部门一般公共预算支出预算表", column 合 计 · unit: ' +
        '万元 · 2024 against 2023',
    );
    expect(s).toMatch(/^ {2}Line +Code +2023 +2024 +Change +% +Notes$/mu);
    expect(s).toMatch(/事业运行 +2010350 +800\.00 +949\.58 +\+149\.58 +\+18\.7% +swing$/mu);
    expect(s).toContain('Largest swings (|change| ≥ 10% and ≥ 10 万元, 3, by amount):');
    expect(s).toContain('New in 2024 (2):');
    expect(s).toContain('No longer listed in 2024 (1):');
    expect(s).toContain(
      "Figures for last year the 2024 page's text implies (19), beside the 2023 budget page · unit: 万元:",
    );
    expect(s).not.toMatch(/较大增减|新列示|说明所称/u);
  });

  it('--threshold and --threshold-amount choose the swings', async () => {
    const s = section((await cli('audit', '--threshold', '20', '--threshold-amount=1,000,000', H2024, H2023)).stdout);
    const swings = tableRows(s, /^较大增减（\|增减\| ≥ 20% 且 ≥ 100 万元，1 项，按金额）：$/u).slice(1);
    expect(swings).toHaveLength(1);
    expect(swings[0]).toContain('科技成果转化与扩散（2060404）');
    const none = section((await cli('audit', '--threshold=80%', H2024, H2023)).stdout);
    expect(none).toContain('较大增减（|增减| ≥ 80% 且 ≥ 10 万元）：无');
  });

  it('--no-years prints the per-page reports only', async () => {
    const { code, stdout } = await cli('audit', '--no-years', H2024, H2023);
    expect(code).toBe(0);
    expect(stdout).toContain(`== ${H2023}`);
    expect(stdout).not.toContain('逐年比较');
  });
});

describe.runIf(existsSync(H2023))('audit with several years of one department (--json)', () => {
  it('keeps the array of reports; the latest page’s report carries `years`', async () => {
    const { code, stdout } = await cli('audit', '--json', H2022, H2024, H2023);
    expect(code).toBe(0);
    const reports = JSON.parse(stdout);
    expect(Array.isArray(reports)).toBe(true);
    expect(reports.map((r: { document: { year: number } }) => r.document.year)).toEqual([2022, 2024, 2023]);
    expect(reports.map((r: object) => 'years' in r)).toEqual([false, true, false]);
    const y = reports[1].years;
    expect(Object.keys(y)).toEqual(['department', 'region', 'pages', 'comparison', 'implied', 'notes']);
    expect(y.pages.map((p: { year: number; status: string }) => `${p.year}:${p.status}`)).toEqual([
      '2022:no-table',
      '2023:compared',
      '2024:compared',
    ]);
    const c = y.comparison;
    expect(c).toMatchObject({ current: 2024, against: 2023, threshold: { percent: '10', amount: '100000' } });
    expect(c.table).toMatchObject({ kind: 'gpb-expenditure', column: ['合 计'], unit: '万元', scale: 2 });
    expect(c.years.map((x: { year: number }) => x.year)).toEqual([2023, 2024]);
    const run = c.lines.find((l: { key: string }) => l.key === 'c:2010301');
    expect(run).toMatchObject({
      names: ['一般公共服务支出', '政府办公厅（室）及相关机构事务', '行政运行'],
      status: 'matched',
      values: ['17311700', '17970200'],
      change: '658500',
      percent: '+3.8%',
      display: { values: ['1,731.17', '1,797.02'], change: '+65.85' },
      flags: [],
      swing: false,
    });
    expect(c.swings.map((s: { key: string }) => s.key)).toEqual(['c:2060404', 'c:2010350', 'c:2101101']);
    for (const s of c.swings) expect(c.lines[s.line].key).toBe(s.key);
    expect(
      c.lines.filter((l: { status: string }) => l.status === 'vanished').map((l: { key: string }) => l.key),
    ).toEqual(['c:2010308', 'c:2101103']);
    expect(c.moves).toEqual([
      expect.objectContaining({
        basis: 'name',
        from: expect.objectContaining({ code: '2010308', amount: '45600000' }),
        to: expect.objectContaining({ code: '20140' }),
      }),
    ]);
    // Money is never a JS number.
    for (const l of c.lines)
      for (const v of [...l.values, l.change]) expect(v === null || typeof v === 'string').toBe(true);
    const implied = y.implied.find((b: { year: number }) => b.year === 2024);
    expect(implied.prior).toMatchObject({ year: 2023, stage: '预算' });
    const e = implied.entries.find((x: { subject: string }) => x.subject.includes('行政运行'));
    expect(e).toMatchObject({
      basis: '执行数',
      implied: '17311700',
      stored: '17311700',
      difference: '0',
      display: { implied: '1,731.17', stored: '1,731.17', difference: '0.00' },
    });
    expect(e.storedFrom).toMatchObject({
      year: 2023,
      names: ['一般公共服务支出', '政府办公厅（室）及相关机构事务', '行政运行'],
      column: ['合 计'],
    });
    expect(y.notes.map((n: { zh: string }) => n.zh).join('\n')).toContain('2022 年的页面');
  });

  it('one page prints one report object, as before, without `years`', async () => {
    const report = JSON.parse((await cli('audit', '--json', H2024)).stdout);
    expect(Array.isArray(report)).toBe(false);
    expect(report).not.toHaveProperty('years');
  });

  it('--no-years: no `years` field', async () => {
    const reports = JSON.parse((await cli('audit', '--json', '--no-years', H2024, H2023)).stdout);
    for (const r of reports) expect(r).not.toHaveProperty('years');
  });
});

describe('pages that are not a year-over-year comparison', () => {
  it('different departments (湖州 and 杭州, 2024 both): no comparison, one note', async () => {
    const { code, stdout } = await cli('audit', HUZHOU, H2024);
    expect(code).toBe(0);
    const s = section(stdout);
    expect(s).not.toMatch(/^== 逐年比较：/mu);
    expect(s).not.toMatch(/^ {2}科目 /mu);
    expect(s).toMatch(
      /^注：这些页面分属 2 个部门，不同部门的页面不作比较：中共湖州市委湖州市人民政府信访局（\S+huzhou-2024\.clean\.html）；中共杭州市委杭州市人民政府信访局（\S+）$/mu,
    );
    const reports = JSON.parse((await cli('audit', '--json', HUZHOU, H2024)).stdout);
    expect(reports).toHaveLength(2);
    for (const r of reports) expect(r).not.toHaveProperty('years');
  });

  it('two markups of one page (same year) are not compared: said once', async () => {
    const { code, stdout } = await cli('audit', H2024, H2024_WORD);
    expect(code).toBe(0);
    const s = section(stdout);
    expect(s.match(/不是逐年比较/gu)).toHaveLength(1);
    expect(s).toMatch(
      new RegExp(
        String.raw`同一年度的页面（如同一页面的不同版式）不是逐年比较：\S+hangzhou-2024\.clean\.html、` +
          String.raw`\S+hangzhou-2024\.word\.html 同为 2024 年的页面，只用 \S+hangzhou-2024\.clean\.html`,
        'u',
      ),
    );
    expect(s).not.toMatch(/^ {2}科目 /mu);
    const reports = JSON.parse((await cli('audit', '--json', H2024, H2024_WORD)).stdout);
    expect(reports[0].years).toMatchObject({
      comparison: null,
      pages: [{ status: 'compared' }, { status: 'same-year' }],
    });
    expect(reports[1]).not.toHaveProperty('years');
  });

  it('a same-year duplicate beside another year: compared with the first page of each year, said once', async () => {
    const { stdout } = await cli('audit', '--lang', 'en', MINI, H2024, H2024_WORD, HUZHOU);
    const s = section(stdout);
    expect(s.match(/not a year-over-year comparison/gu)).toHaveLength(1);
    expect(s).toContain('Compared: General public budget expenditure table');
    expect(s).toMatch(/same year as \S+hangzhou-2024\.clean\.html, not used/u);
    expect(s).toMatch(
      /Note: Departments given in one page only, not compared: 中共湖州市委湖州市人民政府信访局 \(\S+huzhou-2024\.clean\.html\)/u,
    );
  });
});

describe('three years in one table (own synthetic pages)', () => {
  // A "2022" with the mini page's figures (its 2023 relabelled), beside the mini 2023 made different here, and 2024.
  const dir = mkdtempSync(join(tmpdir(), 'bl-years-'));
  const mini = readFileSync(MINI, 'utf8');
  const y2022 = join(dir, 'hangzhou-2022.tables.html');
  writeFileSync(y2022, mini.replace(/2023/gu, '2022'));

  it(
    'gives each year its column, the change of the latest against the one before, and earlier-only lines ' +
      'under their parent',
    async () => {
      const { code, stdout } = await cli('audit', H2024, y2022, MINI);
      expect(code).toBe(0);
      const s = section(stdout);
      expect(s).toMatch(/^ {2}科目 +编码 +2022 +2023 +2024 +增减 +增减%/mu);
      expect(s).toMatch(/^ {6}行政运行 +2010301 +1,750\.00 +1,750\.00 +1,797\.02 +\+47\.02 +\+2\.7%$/mu);
      expect(s).toMatch(/^ {6}一般行政管理事务 +2010302 +12\.00 +12\.00 +- +- +- +不再列示$/mu);
      // 行政单位离退休 was 0 the year before: a swing, no % change.
      expect(s).toMatch(/^ {6}行政单位离退休 +2080501 +0\.00 +0\.00 +43\.57 +\+43\.57 +- +较大增减、上年为零$/mu);
      // Moved by the same amount: 科学技术普及 › 科普活动 (2023) to 技术与开发 › 科技成果转化与扩散 (2024).
      expect(s).toContain(
        '同一金额 89.44 万元由 科学技术支出 › 科学技术普及 › 科普活动（2060702） 调整至 科学技术支出 › 技术与开发 › 科技成果转化与扩散（2060404）',
      );
      const rows = tableRows(s, /^ {2}科目 +编码 +2022/u);
      const sciencePop = rows.findIndex((r) => /^ {4}科学技术普及 /u.test(r));
      expect(rows[sciencePop - 1]).toMatch(/^ {6}科技成果转化与扩散 /u);
      expect(rows[sciencePop + 1]).toMatch(/^ {6}科普活动 +2060702 +89\.44 +89\.44 +- /u);
      // The 2023 text's implied 2022 outturn beside the 2022 page.
      expect(s).toContain('2023 年页面说明所称上年数字（2 处），对照 2022 年预算页面 · 单位：万元：');
      expect(s).toMatch(
        /^ +1,700\.00 +1,750\.00 +-50\.00 +上年执行数 +一般公共服务支出\(类\)政府办公厅\(室\)及相关机构事务\(款\)行政运行\(项\)预算$/mu,
      );
    },
  );

  it('--json: values follow comparison.years, oldest first', async () => {
    const reports = JSON.parse((await cli('audit', '--json', y2022, MINI, H2024)).stdout);
    const c = reports[2].years.comparison;
    expect(c.years.map((x: { year: number }) => x.year)).toEqual([2022, 2023, 2024]);
    expect(c.lines.find((l: { key: string }) => l.key === 't:0')).toMatchObject({
      values: ['75400800', '75400800', '81494700'],
      change: '6093900',
      percent: '+8.1%',
    });
  });
});

describe('command line', () => {
  it('bad --threshold / --threshold-amount values: exit 2 with a clear message, nothing audited', async () => {
    for (const [args, msg] of [
      [['--threshold', 'ten'], "--threshold takes a percentage of 0 or more, such as 10 or 12.5, not 'ten'"],
      [['--threshold=-5'], "--threshold takes a percentage of 0 or more, such as 10 or 12.5, not '-5'"],
      [
        ['--threshold-amount', '1e5'],
        "--threshold-amount takes an amount in 元 of 0 or more, such as 100000, not '1e5'",
      ],
      [['--threshold-amount='], "--threshold-amount takes an amount in 元 of 0 or more, such as 100000, not ''"],
    ] as const) {
      const { code, stdout, stderr } = await cli('audit', ...args, H2024, H2022);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toContain(`budget-lens: ${msg}`);
      expect(stdout).toBe('');
    }
    const missing = await cli('audit', H2024, '--threshold');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--threshold takes a percentage of 0 or more, such as 10 or 12.5, not ''");
  });

  it('parses thresholds as decimal strings', () => {
    expect(parsePercent('10')).toBe('10');
    expect(parsePercent('12.50%')).toBe('12.5');
    expect(parsePercent('0')).toBe('0');
    for (const bad of ['', '-1', 'abc', '1e3', '10%%', undefined]) expect(parsePercent(bad)).toBeNull();
    expect(parseYuan('100000')).toBe('100000');
    expect(parseYuan('1,000,000')).toBe('1000000');
    expect(parseYuan('250000.50元')).toBe('250000.5');
    for (const bad of ['', '-1', '1e5', '1,00', '12.345', undefined]) expect(parseYuan(bad)).toBeNull();
  });

  it('--help documents the options', async () => {
    const { stdout } = await cli('--help');
    for (const s of ['--threshold <percent>', '--threshold-amount <元>', '--no-years', '"years"'])
      expect(stdout).toContain(s);
  });
});
