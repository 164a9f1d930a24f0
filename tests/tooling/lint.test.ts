/**
 * The ESLint sink rules (eslint.config.js) do catch page text becoming HTML, and do not catch the safe way.
 * Snippets are linted in memory with the repository's own config, under paths of the directories they guard.
 */
import { describe, expect, it } from 'vitest';
import { errorRules, lint } from './eslint-probe';

const DECL =
  'export declare const el: HTMLElement;\nexport declare const pageText: string;\nexport declare const x: string;\n';

describe('HTML sinks are lint errors', () => {
  it('el.innerHTML = pageText', async () => {
    const rules = errorRules(await lint(`${DECL}el.innerHTML = pageText;\n`, 'components/probe.ts'));
    expect(rules).toContain('no-unsanitized/property');
    expect(rules).toContain('no-restricted-syntax');
  });

  it("el.insertAdjacentHTML('beforeend', x)", async () => {
    const rules = errorRules(
      await lint(`${DECL}el.insertAdjacentHTML('beforeend', x);\n`, 'entrypoints/probe.content.ts'),
    );
    expect(rules).toContain('no-unsanitized/method');
    expect(rules).toContain('no-restricted-syntax');
  });

  it('document.write(x)', async () => {
    const rules = errorRules(await lint(`${DECL}document.write(x);\n`, 'utils/probe.ts'));
    expect(rules).toContain('no-unsanitized/method');
    expect(rules).toContain('no-restricted-properties');
  });

  it('<div dangerouslySetInnerHTML={{ __html: x }} />', async () => {
    const code = `${DECL}export const Probe = () => <div dangerouslySetInnerHTML={{ __html: x }} />;\n`;
    expect(errorRules(await lint(code, 'components/Probe.tsx'))).toContain('no-restricted-syntax');
  });

  it('the same in a props object (h / createElement)', async () => {
    const code =
      `${DECL}declare function h(t: string, p: object): unknown;\nexport const probe = h('div', ` +
      `{ dangerouslySetInnerHTML: { __html: x } });\n`;
    expect(errorRules(await lint(code, 'components/probe.ts'))).toContain('no-restricted-syntax');
  });

  it('even with a literal, and in lib/, tests/ and scripts/ as well', async () => {
    // no-unsanitized lets a literal through; the restricted-syntax rules do not.
    expect(errorRules(await lint(`${DECL}el.innerHTML = '';\n`, 'components/probe.ts'))).toEqual([
      'no-restricted-properties',
      'no-restricted-syntax',
    ]);
    expect(errorRules(await lint(`${DECL}el.outerHTML = pageText;\n`, 'lib/probe.ts'))).toContain(
      'no-restricted-syntax',
    );
    expect(errorRules(await lint(`${DECL}el['innerHTML'] = pageText;\n`, 'tests/probe.test.ts'))).toContain(
      'no-restricted-syntax',
    );
    expect(
      errorRules(await lint(`${DECL}const { innerHTML } = el;\nexport { innerHTML };\n`, 'scripts/probe.ts')),
    ).toContain('no-restricted-properties');
  });
});

describe('tests may read serialised markup, not write it', () => {
  it('reading document.body.innerHTML is allowed in tests/, an error elsewhere', async () => {
    const code = `${DECL}export const html = document.body.innerHTML + el.outerHTML;\n`;
    expect(await lint(code, 'tests/unit/probe.test.ts')).toEqual([]);
    expect(errorRules(await lint(code, 'components/probe.ts'))).toEqual([
      'no-restricted-properties',
      'no-restricted-syntax',
    ]);
  });

  it('assigning innerHTML / outerHTML, insertAdjacentHTML and document.write stay errors in tests/', async () => {
    for (const stmt of [
      "el.innerHTML = '<b>x</b>';",
      'el.outerHTML = x;',
      "el.insertAdjacentHTML('afterend', '<i></i>');",
      "document.write('<p>');",
    ]) {
      expect(errorRules(await lint(`${DECL}${stmt}\n`, 'tests/e2e/probe.test.ts')).length, stmt).toBeGreaterThan(0);
    }
  });
});

describe('the safe way is not an error', () => {
  it('el.textContent = pageText', async () => {
    expect(await lint(`${DECL}el.textContent = pageText;\n`, 'components/probe.ts')).toEqual([]);
  });

  it('Preact children and text nodes', async () => {
    const code =
      `${DECL}el.append(document.createTextNode(pageText));\nexport const Probe = () => <div ` +
      `title={x}>{pageText}</div>;\n`;
    expect(await lint(code, 'components/Probe.tsx')).toEqual([]);
  });
});

describe('money is not a JS number in lib/', () => {
  const probes = ['parseFloat(x)', 'Number.parseFloat(x)', 'Math.round(1.5)', 'Number(x)', 'amount.toNumber()'];

  it.each(probes)('%s is an error in lib/', async (expr) => {
    expect(errorRules(await lint(`${DECL}export const v = ${expr};\n`, 'lib/checks/probe.ts')).length).toBeGreaterThan(
      0,
    );
  });

  it.each(probes)('%s is allowed in lib/dom/adapter.ts, lib/classification/ and outside lib/', async (expr) => {
    for (const path of ['lib/dom/adapter.ts', 'lib/classification/probe.ts', 'components/probe.ts', 'bench/probe.ts']) {
      expect(await lint(`${DECL}export const v = ${expr};\n`, path), `${expr} in ${path}`).toEqual([]);
    }
  });

  it('the HTML sink rules still apply in lib/ next to the money rules', async () => {
    const rules = errorRules(
      await lint(`${DECL}el.innerHTML = x;\nexport const v = Math.round(1.5);\n`, 'lib/checks/probe.ts'),
    );
    expect(rules).toEqual(['no-restricted-properties', 'no-restricted-syntax', 'no-unsanitized/property']);
  });
});
