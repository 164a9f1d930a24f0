// ESLint flat config for budget-lens (`npm run lint` = `eslint .`).
//
// Its one job that nothing else does: page text must never become HTML. Text read from a disclosure page (or from
// storage, or from a message) reaches the DOM only through textContent, text nodes and Preact's escaped children:
//   - on every source file, any use of innerHTML, outerHTML, insertAdjacentHTML, document.write/writeln and
//     Preact's dangerouslySetInnerHTML (JSX attribute or props object) is an error, even with a literal (in tests/,
//     reading innerHTML/outerHTML is allowed, assigning them is not);
//   - on lib/, entrypoints/, components/, utils/, cli/, scripts/, bench/ and tests/ also eslint-plugin-no-unsanitized's
//     `property` and `method` rules (they cover further sinks such as createContextualFragment, setHTMLUnsafe and
//     import() of a computed specifier).
// In lib/ (the engine) money is decimal.js: parseFloat, Number.parseFloat, Number(), Math.round and .toNumber() are
// errors there, except in lib/dom/adapter.ts (layout indentation, span attributes), lib/page/positioned.ts (where
// a page's text boxes are placed) and lib/classification/ (no money): the same rule tests/unit/no-js-money.test.ts
// enforces by scanning.
// Import boundaries (docs/ARCHITECTURE.md, "Where things live"): lib/ (the engine) imports nothing of the extension
// (components/, entrypoints/, utils/, wxt, preact), of the command line or of Node (node:* only in lib/pdf/node.ts);
// components/ and utils/ import no entry point, the command line, scripts or tests (utils/ no components/ either);
// cli/ imports nothing of the extension; entry points import no other entry point and stay thin (at most 150 lines of
// code: they wire lib/, components/ and utils/ together).
// Lines are at most 120 characters (max-len, as prettier's printWidth): prettier breaks code but not strings,
// templates, regular expressions or comments, so those are split by hand ('…' + '…', a RegExp built from parts,
// comments rewrapped); only a line with a URL in it may be longer. Core max-len is deprecated for
// @stylistic/eslint-plugin's copy but stays in ESLint until 11: no new dependency. Data is not code: the fixtures'
// saved pages (.html), PDFs, JSON and text are not linted.
// Otherwise: eslint:recommended and typescript-eslint's recommended, without type information (fast).
// tests/tooling/lint.test.ts proves the sink rules catch what they are meant to catch, tests/tooling/boundaries.test.ts
// the import boundaries, tests/tooling/max-len.test.ts the line length.
import { createRequire } from 'node:module';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import noUnsanitized from 'eslint-plugin-no-unsanitized';

// eslint:recommended lives in @eslint/js, a dependency of eslint itself: resolve it from eslint's own location so
// the config does not depend on how npm hoisted it.
const require = createRequire(import.meta.url);
const js = createRequire(require.resolve('eslint/package.json'))('@eslint/js');

const HTML = 'Page text must never become HTML: create nodes and set textContent (or render Preact children) instead.';

/** no-restricted-syntax entries for HTML sinks. */
const HTML_SYNTAX = [
  {
    selector: "MemberExpression[property.name='innerHTML'], MemberExpression[property.value='innerHTML']",
    message: `innerHTML is forbidden. ${HTML}`,
  },
  {
    selector: "MemberExpression[property.name='outerHTML'], MemberExpression[property.value='outerHTML']",
    message: `outerHTML is forbidden. ${HTML}`,
  },
  {
    selector:
      "MemberExpression[property.name='insertAdjacentHTML'], MemberExpression[property.value='insertAdjacentHTML']",
    message: `insertAdjacentHTML is forbidden. ${HTML}`,
  },
  {
    selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
    message: `dangerouslySetInnerHTML is forbidden. ${HTML}`,
  },
  {
    selector: "Property[key.name='dangerouslySetInnerHTML'], Property[key.value='dangerouslySetInnerHTML']",
    message: `dangerouslySetInnerHTML is forbidden. ${HTML}`,
  },
];

/** no-restricted-properties entries for HTML sinks (these also catch destructuring, `const { innerHTML } = el`). */
const HTML_PROPERTIES = [
  { property: 'innerHTML', message: `innerHTML is forbidden. ${HTML}` },
  { property: 'outerHTML', message: `outerHTML is forbidden. ${HTML}` },
  { property: 'insertAdjacentHTML', message: `insertAdjacentHTML is forbidden. ${HTML}` },
  { object: 'document', property: 'write', message: `document.write is forbidden. ${HTML}` },
  { object: 'document', property: 'writeln', message: `document.writeln is forbidden. ${HTML}` },
];

/**
 * In tests/ reading innerHTML/outerHTML is allowed (a test may compare serialised markup); writing them is not.
 * The other sinks stay forbidden there, and no-unsanitized still applies.
 */
const assigned = (prop) =>
  `AssignmentExpression > MemberExpression.left[property.name='${prop}'], AssignmentExpression > ` +
  `MemberExpression.left[property.value='${prop}']`;
const TEST_HTML_SYNTAX = [
  { selector: assigned('innerHTML'), message: `Assigning innerHTML is forbidden. ${HTML}` },
  { selector: assigned('outerHTML'), message: `Assigning outerHTML is forbidden. ${HTML}` },
  ...HTML_SYNTAX.filter((e) => !/'(?:inner|outer)HTML'/u.test(e.selector)),
];
const TEST_HTML_PROPERTIES = HTML_PROPERTIES.filter((e) => e.property !== 'innerHTML' && e.property !== 'outerHTML');

const MONEY = 'In lib/ money is a decimal.js Amount, never a JS number (tests/unit/no-js-money.test.ts).';

const MONEY_SYNTAX = [
  {
    selector: "CallExpression[callee.type='Identifier'][callee.name='Number']",
    message: `Number() is forbidden here. ${MONEY}`,
  },
  { selector: "CallExpression[callee.property.name='toNumber']", message: `.toNumber() is forbidden here. ${MONEY}` },
];

const MONEY_PROPERTIES = [
  { object: 'Number', property: 'parseFloat', message: `Number.parseFloat is forbidden here. ${MONEY}` },
  { object: 'Math', property: 'round', message: `Math.round is forbidden here. ${MONEY}` },
];

/** A no-restricted-imports pattern: imports whose path passes through one of these top-level directories. */
const through = (dirs, why) => ({
  regex: `(^|/)(${dirs.join('|')})(/|$)`,
  message: `${why} (docs/ARCHITECTURE.md, "Where things live").`,
});
const EXTENSION_PACKAGES = ['wxt', 'wxt/*', 'preact', 'preact/*', '@preact/*'];

const SOURCE = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];
const TS = ['**/*.{ts,tsx,mts,cts}'];
const PLAIN_JS = ['**/*.{js,jsx,mjs,cjs}'];
/** Source directories the no-unsanitized rules apply to (bin/ holds Node launchers that import() a path by design). */
const SANITIZED_DIRS = ['lib', 'entrypoints', 'components', 'utils', 'cli', 'scripts', 'bench', 'tests'].map(
  (d) => `${d}/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}`,
);

/** Globals of the Node scripts written in plain JS (bin/*.mjs, config files); TypeScript files are checked by tsc. */
const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'queueMicrotask',
    'structuredClone',
    'globalThis',
    'TextDecoder',
    'TextEncoder',
    'AbortController',
    'fetch',
  ].map((g) => [g, 'readonly']),
);

export default defineConfig(
  {
    ignores: [
      '.output*/**',
      'dist/**',
      '.wxt/**',
      'node_modules/**',
      'artifacts/**',
      'bench/results/**',
      'tests/fixtures/**/*.html',
      'coverage/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: SOURCE,
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      parser: tseslint.parser,
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    rules: {
      // Full-width spaces (U+3000) and NBSP are data here: in strings, templates, regular expressions and comments.
      'no-irregular-whitespace': [
        'error',
        { skipStrings: true, skipTemplates: true, skipRegExps: true, skipComments: true, skipJSXText: true },
      ],
      // Matching ASCII ranges such as /[\x00-\x7f]/ is intended (GBK/ASCII splitting in the fixture generator).
      'no-control-regex': 'off',
      // HTML sinks: the point of this config.
      'no-restricted-syntax': ['error', ...HTML_SYNTAX],
      'no-restricted-properties': ['error', ...HTML_PROPERTIES],
      // At most 120 characters a line, strings, templates, regular expressions and comments included (see the top).
      'max-len': [
        'error',
        {
          code: 120,
          ignoreUrls: true,
          ignoreComments: false,
          ignoreStrings: false,
          ignoreTemplateLiterals: false,
          ignoreRegExpLiterals: false,
        },
      ],
      // Script sinks.
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-script-url': 'error',
    },
  },
  {
    files: TS,
    // typescript-eslint's recommended rules need no type information; it also turns off core rules tsc covers (no-undef
    // …).
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: PLAIN_JS,
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    files: SANITIZED_DIRS,
    plugins: { 'no-unsanitized': noUnsanitized },
    rules: {
      'no-unsanitized/method': 'error',
      'no-unsanitized/property': 'error',
    },
  },
  {
    files: ['tests/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    rules: {
      'no-restricted-syntax': ['error', ...TEST_HTML_SYNTAX],
      'no-restricted-properties': ['error', ...TEST_HTML_PROPERTIES],
    },
  },
  // Import boundaries.
  {
    files: ['lib/**/*.{ts,tsx,mts,cts}'],
    ignores: ['lib/pdf/node.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            through(
              ['components', 'entrypoints', 'utils', 'cli', 'scripts', 'bench', 'tests'],
              'lib/ is the engine: it runs in the page, the side panel and Node, and imports only lib/ and ' +
                'pure packages',
            ),
            {
              group: [...EXTENSION_PACKAGES, 'node:*', 'linkedom', 'playwright-core'],
              message: 'lib/ is pure TypeScript.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/pdf/node.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [through(['components', 'entrypoints', 'utils', 'cli'], 'lib/ imports only lib/')] },
      ],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            through(
              ['entrypoints', 'cli', 'scripts', 'bench', 'tests'],
              'components/ import lib/, utils/ and components/',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['utils/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            through(
              ['components', 'entrypoints', 'cli', 'scripts', 'bench', 'tests'],
              'utils/ import lib/ and packages',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['cli/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            through(
              ['components', 'entrypoints', 'utils'],
              'cli/ is the command line: it imports lib/, never the extension',
            ),
            { group: EXTENSION_PACKAGES, message: 'cli/ is the command line: no extension packages.' },
          ],
        },
      ],
    },
  },
  {
    files: ['entrypoints/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\./(?!style\\.css$)|^\\.\\./(?!\\.\\./|lib/|components/|utils/)',
              message:
                'An entry point imports no other entry point: shared code lives in components/, utils/ or ' +
                'lib/ (docs/ARCHITECTURE.md, "Where things live").',
            },
          ],
        },
      ],
      'max-lines': ['error', { max: 150, skipBlankLines: true, skipComments: true }],
    },
  },
  // The engine: money is never a JS number. Rule options replace the ones above, so the HTML sinks are repeated.
  {
    files: ['lib/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    ignores: ['lib/dom/adapter.ts', 'lib/page/positioned.ts', 'lib/classification/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'parseFloat', message: `parseFloat is forbidden here. ${MONEY}` }],
      'no-restricted-syntax': ['error', ...HTML_SYNTAX, ...MONEY_SYNTAX],
      'no-restricted-properties': ['error', ...HTML_PROPERTIES, ...MONEY_PROPERTIES],
    },
  },
);
