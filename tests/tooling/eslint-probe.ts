/**
 * The repository's own ESLint config (eslint.config.js) run in memory on snippets, each linted as if it were a file
 * of the directory it would live in: for the tests of that config in tests/tooling/.
 */
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = fileURLToPath(new URL('../../eslint.config.js', import.meta.url));

let eslint: ESLint | undefined;

/** ESLint with the repository's config, made once per test file. */
export function projectEslint(): ESLint {
  eslint ??= new ESLint({ cwd: ROOT, overrideConfigFile: CONFIG });
  return eslint;
}

/** Messages for `code` linted as if it were the file `path` (relative to the repository root). */
export async function lint(code: string, path: string): Promise<Linter.LintMessage[]> {
  const [result] = await projectEslint().lintText(code, { filePath: `${ROOT}${path}`, warnIgnored: true });
  expect(result, `no lint result for ${path}`).toBeDefined();
  const messages = result!.messages;
  const fatal = messages.filter((m) => m.fatal);
  expect(fatal, `parse error in the snippet for ${path}: ${fatal.map((m) => m.message).join('; ')}`).toEqual([]);
  return messages;
}

/** The rules reporting errors among `messages`, each once, sorted. */
export const errorRules = (messages: readonly Linter.LintMessage[]): string[] =>
  [...new Set(messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? '(none)'))].sort();

/** The rules `code` breaks when it is the file `path` (relative to the repository root). */
export async function broken(code: string, path: string): Promise<string[]> {
  return errorRules(await lint(code, path));
}
