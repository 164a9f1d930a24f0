import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusFiles } from './load';

/**
 * The tests of real documents read ../shared/corpus. Some of them skip what they cannot read, so a run without the
 * corpus beside the repository would pass on the seeds alone: this test says at once why it must not.
 */
describe('the shared corpus of real disclosures', () => {
  it('is beside the repository, with its README and its documents', () => {
    const where = `${CORPUS} (clone ../shared beside the repository, or set BUDGET_LENS_CORPUS to its corpus folder)`;
    expect(existsSync(CORPUS), `no corpus at ${where}`).toBe(true);
    expect(existsSync(join(CORPUS, 'README.md')), `no README.md in ${where}`).toBe(true);
    // Every document the README lists is there to be read.
    const readme = readFileSync(join(CORPUS, 'README.md'), 'utf8');
    const listed = [...new Set([...readme.matchAll(/[\w.-]+\.(?:pdf|html?)/giu)].map((m) => m[0]))];
    expect(listed.length).toBeGreaterThanOrEqual(16);
    expect(listed.filter((f) => !corpusFiles().includes(f))).toEqual([]);
  });
});
