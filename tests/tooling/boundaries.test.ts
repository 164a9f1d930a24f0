/**
 * The import boundaries of docs/ARCHITECTURE.md ("Where things live") are lint errors (eslint.config.js), and the
 * imports each place is meant to make are not. Snippets are linted in memory with the repository's own config, under
 * paths of the directories they would live in.
 */
import { describe, expect, it } from 'vitest';
import { broken } from './eslint-probe';

const imp = (from: string): string => `import { x } from '${from}';\nexport const y = x;\n`;

describe('lib/ is the engine: it imports only lib/ and pure packages', () => {
  it.each([
    ['../../components/marks/layer', 'lib/report/probe.ts'],
    ['../entrypoints/engine', 'lib/probe.ts'],
    ['../../utils/i18n', 'lib/notes/probe.ts'],
    ['../cli/load', 'lib/probe.ts'],
    ['wxt/browser', 'lib/probe.ts'],
    ['preact/hooks', 'lib/probe.ts'],
    ['node:fs', 'lib/report/probe.ts'],
    ['linkedom', 'lib/dom/probe.ts'],
  ])('%s from %s is an error', async (from, path) => {
    expect(await broken(imp(from), path)).toContain('no-restricted-imports');
  });

  it('a type-only import from the extension is an error too', async () => {
    const code = "import type { Overlay } from '../components/overlay/overlay';\nexport type O = Overlay;\n";
    expect(await broken(code, 'lib/probe.ts')).toContain('no-restricted-imports');
  });

  it('lib/ from lib/, zod and decimal.js are fine; node:* only in lib/pdf/node.ts', async () => {
    expect(await broken(imp('../report/schema'), 'lib/checks/probe.ts')).toEqual([]);
    expect(await broken(imp('zod'), 'lib/probe.ts')).toEqual([]);
    expect(await broken(imp('decimal.js'), 'lib/money/probe.ts')).toEqual([]);
    expect(await broken(imp('node:module'), 'lib/pdf/node.ts')).toEqual([]);
  });
});

describe('components/, utils/ and cli/', () => {
  it('components/ import no entry point, the command line or tests', async () => {
    expect(await broken(imp('../../entrypoints/engine'), 'components/marks/probe.ts')).toContain(
      'no-restricted-imports',
    );
    expect(await broken(imp('../../cli/load'), 'components/viewer/probe.ts')).toContain('no-restricted-imports');
    expect(await broken(imp('../../tests/helpers'), 'components/probe.ts')).toContain('no-restricted-imports');
    expect(await broken(imp('../../lib/open'), 'components/viewer/probe.ts')).toEqual([]);
    expect(await broken(imp('../../utils/i18n'), 'components/marks/probe.ts')).toEqual([]);
  });

  it('utils/ import no components/', async () => {
    expect(await broken(imp('../components/marks/layer'), 'utils/probe.ts')).toContain('no-restricted-imports');
    expect(await broken(imp('../lib/extension/messages'), 'utils/probe.ts')).toEqual([]);
  });

  it('cli/ imports nothing of the extension', async () => {
    expect(await broken(imp('../components/marks/place'), 'cli/probe.ts')).toContain('no-restricted-imports');
    expect(await broken(imp('../utils/i18n'), 'cli/probe.ts')).toContain('no-restricted-imports');
    expect(await broken(imp('wxt/browser'), 'cli/probe.ts')).toContain('no-restricted-imports');
    expect(await broken(imp('../lib/open'), 'cli/probe.ts')).toEqual([]);
  });
});

describe('entry points are thin', () => {
  it('an entry point imports no other entry point', async () => {
    expect(await broken(imp('./engine'), 'entrypoints/probe.ts')).toContain('no-restricted-imports');
    expect(await broken(imp('../sidepanel/main'), 'entrypoints/viewer/probe.tsx')).toContain('no-restricted-imports');
    expect(await broken(imp('../components/overlay/overlay'), 'entrypoints/probe.ts')).toEqual([]);
    expect(await broken(imp('../../components/viewer/ViewerApp'), 'entrypoints/viewer/probe.tsx')).toEqual([]);
    expect(await broken("import './style.css';\n", 'entrypoints/viewer/probe.tsx')).toEqual([]);
  });

  it('an entry point of more than 150 lines of code is an error', async () => {
    const long = Array.from({ length: 151 }, (_, i) => `export const v${i} = ${i};`).join('\n');
    expect(await broken(long, 'entrypoints/probe.ts')).toContain('max-lines');
    expect(await broken(long, 'components/probe.ts')).toEqual([]);
  });
});
