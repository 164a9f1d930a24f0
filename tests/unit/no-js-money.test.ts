/**
 * Source scan: money must never pass through a JS number, and lib/ must never write HTML.
 * Fails with the offending file:line list.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LIB = join(ROOT, 'lib');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...tsFiles(full));
    else if (/\.tsx?$/u.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

/** POSIX-style path relative to the repo root, e.g. "lib/dom/adapter.ts". */
const rel = (file: string): string => relative(ROOT, file).split(sep).join('/');

/** True for a line that is only a comment (//, /*, or a * continuation line). */
const isCommentLine = (line: string): boolean => /^\s*(?:\/\/|\/\*|\*)/u.test(line);

interface Rule {
  readonly name: string;
  readonly pattern: RegExp;
}

function scan(files: readonly string[], rules: readonly Rule[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split(/\r?\n/u);
    lines.forEach((line, i) => {
      if (isCommentLine(line)) return;
      for (const rule of rules)
        if (rule.pattern.test(line)) hits.push(`${rel(file)}:${i + 1}: ${rule.name}: ${line.trim()}`);
    });
  }
  return hits;
}

const MONEY_RULES: readonly Rule[] = [
  { name: 'parseFloat(', pattern: /(?<![\w$.])parseFloat\s*\(/u },
  { name: 'Number.parseFloat(', pattern: /\bNumber\s*\.\s*parseFloat\s*\(/u },
  { name: 'Number(', pattern: /(?<![\w$.])Number\s*\(/u },
  { name: 'Math.round(', pattern: /\bMath\s*\.\s*round\s*\(/u },
  { name: '.toNumber(', pattern: /\.toNumber\s*\(/u },
];

const HTML_RULES: readonly Rule[] = [
  { name: 'innerHTML', pattern: /\binnerHTML\b/u },
  { name: 'outerHTML', pattern: /\bouterHTML\b/u },
  { name: 'insertAdjacentHTML', pattern: /\binsertAdjacentHTML\b/u },
  { name: 'document.write', pattern: /\bdocument\s*\.\s*write(?:ln)?\b/u },
];

/**
 * Layout indentation, span attributes and where a page's text boxes are placed are not money; the classification
 * tables hold no money.
 */
const LAYOUT = new Set(['lib/dom/adapter.ts', 'lib/page/positioned.ts']);
const MONEY_EXEMPT = (path: string): boolean => LAYOUT.has(path) || path.startsWith('lib/classification/');

const ALL = tsFiles(LIB);

describe('source scan of lib/', () => {
  it('finds the engine sources (the scan is not vacuous)', () => {
    const paths = ALL.map(rel);
    expect(paths).toContain('lib/money/amount.ts');
    expect(paths).toContain('lib/dom/adapter.ts');
    expect(paths.some((p) => p.startsWith('lib/checks/'))).toBe(true);
  });

  it('the rules do catch what they are meant to catch', () => {
    const probe = (line: string, rules: readonly Rule[]): string[] =>
      rules.filter((r) => r.pattern.test(line)).map((r) => r.name);
    expect(probe('const v = parseFloat(text);', MONEY_RULES)).toEqual(['parseFloat(']);
    expect(probe('const v = Number.parseFloat(text);', MONEY_RULES)).toEqual(['Number.parseFloat(']);
    expect(probe('const v = Number(text);', MONEY_RULES)).toEqual(['Number(']);
    expect(probe('const v = Math.round(x * 100) / 100;', MONEY_RULES)).toEqual(['Math.round(']);
    expect(probe('const v = amount.value.toNumber();', MONEY_RULES)).toEqual(['.toNumber(']);
    expect(probe('const n = Number.parseInt(s, 10); if (Number.isFinite(n)) {}', MONEY_RULES)).toEqual([]);
    expect(probe('el.innerHTML = s;', HTML_RULES)).toEqual(['innerHTML']);
    expect(probe('document.write(s)', HTML_RULES)).toEqual(['document.write']);
  });

  it(
    'no parseFloat( / Number.parseFloat( / Number( / Math.round( / .toNumber( in lib/ (except lib/dom/' +
      'adapter.ts, lib/page/positioned.ts and lib/classification/)',
    () => {
      const hits = scan(
        ALL.filter((f) => !MONEY_EXEMPT(rel(f))),
        MONEY_RULES,
      );
      expect(hits, `money may be handled as a JS number:\n${hits.join('\n')}`).toEqual([]);
    },
  );

  it('lib/ never uses innerHTML, outerHTML, insertAdjacentHTML or document.write', () => {
    const hits = scan(ALL, HTML_RULES);
    expect(hits, `lib/ writes HTML:\n${hits.join('\n')}`).toEqual([]);
  });
});
