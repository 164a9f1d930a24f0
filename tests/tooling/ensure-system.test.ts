import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const script = join(ROOT, 'scripts', 'ensure-system.sh');

describe('npm test gets what the tests need (scripts/ensure-system.sh)', () => {
  it('is the first step of npm test, and .ci/run calls exactly the README test command', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.test!.startsWith('bash scripts/ensure-system.sh && ')).toBe(true);
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    expect(ci.at(-1)).toBe('npm ci && npm test');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('npm ci && npm test');
  });

  it('says clearly when the browser it is told to use is not there, and fails', () => {
    const r = spawnSync('bash', [script], {
      env: { ...process.env, BUDGET_LENS_CHROMIUM: '/no/such/chromium' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('BUDGET_LENS_CHROMIUM=/no/such/chromium is not an executable file');
  });
});
