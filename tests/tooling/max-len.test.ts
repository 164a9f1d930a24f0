/**
 * Lines are at most 120 characters (eslint.config.js, max-len): a line of 121 is a lint error wherever ESLint looks,
 * strings, templates, regular expressions and comments included, and a line of 120 is not. Characters are counted,
 * not bytes (a line of Chinese text is as long as it looks); only a line with a URL in it may be longer. Snippets are
 * linted in memory with the repository's own config, under paths of the directories they would live in. Stylesheets
 * are not linted by ESLint: their lines are measured here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { broken, projectEslint, ROOT } from './eslint-probe';

const MAX = 120;

/** `head` + `fill` repeated + `tail`, exactly `length` characters long. */
function line(head: string, fill: string, tail: string, length: number): string {
  const n = length - Array.from(head).length - Array.from(tail).length;
  const s = `${head}${fill.repeat(n)}${tail}`;
  expect(Array.from(s)).toHaveLength(length);
  return s;
}

/** One file's text whose longest line (the last) is `length` characters of the kind named. */
const KINDS: Record<string, (length: number) => string> = {
  code: (n) => line('export const a', 'a', ' = 1;', n),
  'string literal': (n) => line("export const s = '", 'x', "';", n),
  'string of Chinese text': (n) => line("export const s = '", '预', "';", n),
  'template literal': (n) => `const b = 1;\n${line('export const t = `${b}', 'x', '`;', n)}\n`,
  'regular expression': (n) => line('export const r = /', 'x', '/u;', n),
  'line comment': (n) => `${line('// ', 'x', '', n)}\nexport const c = 1;\n`,
  'block comment': (n) => `/**\n${line(' * ', 'x', '', n)}\n */\nexport const c = 1;\n`,
};

describe('a line of more than 120 characters is a lint error', () => {
  it.each(Object.keys(KINDS))('%s: 121 characters is an error, 120 is not', async (kind) => {
    const make = KINDS[kind]!;
    expect(await broken(make(MAX + 1), 'lib/probe.ts')).toContain('max-len');
    expect(await broken(make(MAX), 'lib/probe.ts')).toEqual([]);
  });

  it.each([
    'lib/checks/probe.ts',
    'components/marks/probe.ts',
    'components/sidepanel/probe.tsx',
    'entrypoints/probe.ts',
    'cli/probe.ts',
    'bench/probe.ts',
    'scripts/probe.ts',
    'tests/unit/probe.test.ts',
    'tests/fixtures/seeds/probe.ts',
    'bin/probe.mjs',
    'probe.config.js',
  ])('in %s', async (path) => {
    const code = KINDS['string literal']!;
    expect(await broken(code(MAX + 1), path)).toContain('max-len');
    expect(await broken(code(MAX), path)).toEqual([]);
  });

  it('a line with a URL in it may be longer', async () => {
    const url = `${line('// https://example.org/', 'x', '', MAX + 30)}\nexport const c = 1;\n`;
    expect(await broken(url, 'lib/probe.ts')).toEqual([]);
  });

  it("the fixtures' saved pages are data, not linted", async () => {
    expect(await projectEslint().isPathIgnored(`${ROOT}tests/fixtures/pages/hangzhou-2024.clean.html`)).toBe(true);
  });
});

describe('stylesheets (not linted by ESLint) keep to 120 characters too', () => {
  const sheets = ['components', 'entrypoints'].flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.css'))
      .map((f) => `${dir}/${f}`),
  );

  it('there are stylesheets to measure', () => {
    expect(sheets).toContain('entrypoints/viewer/style.css');
  });

  it.each(sheets)('%s', (sheet) => {
    const long = readFileSync(join(ROOT, sheet), 'utf8')
      .split('\n')
      .map((text, i) => ({ line: i + 1, length: Array.from(text).length }))
      .filter((l) => l.length > MAX);
    expect(long).toEqual([]);
  });
});
