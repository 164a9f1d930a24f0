/**
 * The extension's messages: public/_locales/{zh_CN,en}/messages.json in Chrome's i18n format.
 * Both locales have the same keys, no empty message, consistent placeholders; every t('…') key used under
 * entrypoints/ and components/ exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Entry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
type Messages = Record<string, Entry>;

const load = (locale: string): Messages =>
  JSON.parse(readFileSync(join(ROOT, 'public/_locales', locale, 'messages.json'), 'utf8')) as Messages;
const zh = load('zh_CN');
const en = load('en');
const LOCALES: ReadonlyArray<[string, Messages]> = [
  ['zh_CN', zh],
  ['en', en],
];

/** The HTML pages of the entry points (their <title> may be __MSG_key__). */
function sourceFilesHtml(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.html'))
    .map((f) => join(dir, f));
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(?:ts|tsx|js|jsx|mts)$/u.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

/** t('key' …) / t("key" …) / t(`key` …) calls, with file:line. */
function usedKeys(): Array<{ key: string; where: string }> {
  const out: Array<{ key: string; where: string }> = [];
  for (const file of [...sourceFiles(join(ROOT, 'entrypoints')), ...sourceFiles(join(ROOT, 'components'))]) {
    const lines = readFileSync(file, 'utf8').split(/\r?\n/u);
    lines.forEach((line, i) => {
      for (const m of line.matchAll(/(?<![\w$.])t\(\s*(['"`])([^'"`$]*)\1/gu))
        out.push({ key: m[2]!, where: `${relative(ROOT, file).split(sep).join('/')}:${i + 1}` });
    });
  }
  return out;
}

/** $name$ references in a message (names are case-insensitive in Chrome); $$ is a literal dollar. */
const references = (message: string): string[] =>
  [...message.replace(/\$\$/gu, '').matchAll(/\$([A-Za-z0-9_@]+)\$/gu)].map((m) => m[1]!.toLowerCase()).sort();

describe('public/_locales', () => {
  it('zh_CN and en have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('every key is a valid message name and every message is non-empty', () => {
    for (const [locale, messages] of LOCALES) {
      for (const [key, entry] of Object.entries(messages)) {
        expect(key, `${locale} ${key}`).toMatch(/^[A-Za-z0-9_]+$/u);
        expect(key.startsWith('@@'), key).toBe(false);
        expect(typeof entry.message, `${locale} ${key}`).toBe('string');
        expect(entry.message.trim(), `${locale} ${key}`).not.toBe('');
      }
    }
  });

  it(
    'placeholders are consistent: same names and contents in both locales, each defined one referenced, ' +
      'each reference defined',
    () => {
      for (const key of Object.keys(zh)) {
        const pz = zh[key]!.placeholders ?? {};
        const pe = en[key]?.placeholders ?? {};
        const names = (p: Record<string, { content: string }>): string[] =>
          Object.keys(p)
            .map((n) => n.toLowerCase())
            .sort();
        expect(names(pe), key).toEqual(names(pz));
        for (const [name, { content }] of Object.entries(pz)) {
          expect(content, `${key}.${name}`).toMatch(/^\$[1-9]$/u);
          const other = Object.entries(pe).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
          expect(other?.content, `${key}.${name} (en)`).toBe(content);
        }
        for (const [locale, messages] of LOCALES) {
          const entry = messages[key]!;
          const refs = references(entry.message);
          const defined = names(entry.placeholders ?? {});
          expect([...new Set(refs)].sort(), `${locale} ${key}: $name$ references`).toEqual(defined);
          // No stray $ (a literal dollar is $$), and no bare $1 in the message: substitutions go through placeholders.
          const rest = entry.message.replace(/\$\$/gu, '').replace(/\$[A-Za-z0-9_@]+\$/gu, '');
          expect(rest.includes('$'), `${locale} ${key}: stray $ in "${entry.message}"`).toBe(false);
        }
        // $1…$n are numbered without gaps.
        const contents = Object.values(pz)
          .map((p) => p.content)
          .sort();
        expect(contents, key).toEqual(contents.map((_, i) => `$${i + 1}`));
      }
    },
  );

  it('has the keys the manifest, the background and the overlay use', () => {
    const required = [
      'extName',
      'extDescription',
      'actionTitle',
      'kind_income_expenditure',
      'kind_income',
      'kind_expenditure',
      'kind_fiscal_income_expenditure',
      'kind_gpb_expenditure',
      'kind_gpb_basic',
      'kind_three_public',
      'kind_gov_fund',
      'kind_soe_capital',
      'kind_special_account',
      'kind_project',
      'kind_performance',
      'kind_budget_other',
      'status_checked',
      'status_partly_checked',
      'status_not_checked',
      'status_empty',
      'barCounts',
      'barHide',
      'barShow',
      'markerStated',
      'markerExpected',
      'markerDerivation',
      'markerUnit',
      'severity_error',
      'severity_warning',
      'severity_info',
      'overlayLabel',
      'copyMarkdown',
      'emptyTitle',
      'emptyHint',
    ];
    for (const key of required) expect(Object.keys(zh), key).toContain(key);
    expect(zh.extName!.message).toBe('预算透镜');
    expect(en.extName!.message).toBe('budget-lens');
    expect(zh.actionTitle!.message).toBe('核对本页预算表');
    expect(zh.emptyTitle!.message).toBe('此页未发现预算表');
    expect(zh.barCounts!.message).toBe('通过 $passed$ · 错误 $failed$ · 舍入 $rounding$ · 未核对 $notChecked$');
    expect(Object.keys(zh.barCounts!.placeholders!)).toEqual(['passed', 'failed', 'rounding', 'notChecked']);
    // Chrome Web Store limit for the manifest description.
    for (const [, messages] of LOCALES) expect([...messages.extDescription!.message].length).toBeLessThanOrEqual(132);
  });

  it('the Chinese table kinds match the command line report (lib/report/text.ts)', () => {
    const text = readFileSync(join(ROOT, 'lib/report/text.ts'), 'utf8');
    for (const [kind, key] of [
      ['income-expenditure', 'kind_income_expenditure'],
      ['gpb-basic', 'kind_gpb_basic'],
      ['three-public', 'kind_three_public'],
      ['budget-other', 'kind_budget_other'],
    ] as const) {
      const m = new RegExp(`'?${kind}'?: \\['([^']+)'`, 'u').exec(text);
      expect(m?.[1], kind).toBe(zh[key]!.message);
    }
  });

  it("every t('…') key used under entrypoints/ and components/ exists", () => {
    const used = usedKeys();
    // The scan is not vacuous: the side panel's keys are found.
    expect(used.map((u) => u.key)).toContain('copyMarkdown');
    expect(used.map((u) => u.key)).toContain('emptyTitle');
    const missing = used.filter((u) => !(u.key in zh)).map((u) => `${u.where}: ${u.key}`);
    expect(missing, `t() keys missing from public/_locales/zh_CN/messages.json:\n${missing.join('\n')}`).toEqual([]);
  });

  it('every message is used somewhere (no label left behind by code that went away)', () => {
    const dirs = ['entrypoints', 'components', 'utils', 'lib', 'wxt.config.ts'];
    const files = dirs.flatMap((d) => (d.endsWith('.ts') ? [join(ROOT, d)] : sourceFiles(join(ROOT, d))));
    const html = sourceFilesHtml(join(ROOT, 'entrypoints'));
    const source = [...files, ...html].map((f) => readFileSync(f, 'utf8')).join('\n');
    const unused = Object.keys(zh).filter((k) => !new RegExp(`['"\`_]${k}['"\`_]`, 'u').test(source));
    expect(unused).toEqual([]);
  });

  it('the scan finds t() calls as written and ignores other functions', () => {
    const probe = (line: string): string[] =>
      [...line.matchAll(/(?<![\w$.])t\(\s*(['"`])([^'"`$]*)\1/gu)].map((m) => m[2]!);
    expect(probe('x = t(\'a\') + t("b", n) + t(`c`);')).toEqual(['a', 'b', 'c']);
    expect(probe("split('x'); i.t('y'); format('z')")).toEqual([]);
  });
});
