import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPage } from '../../cli/load';
import { CORPUS } from '../corpus/load';

/**
 * Every file of the shared corpus: department, year and stage as its README row says (the row reads the printed
 * document). A bracket in the README's department is a remark ("（情况说明，无表）", "（本级）"), not the name;
 * 部门综合预算 is a 预算; the template's department is a placeholder and must be reported as one.
 */

interface Row {
  file: string;
  department: string;
  year: number;
  stage: string;
}

function rows(): Row[] {
  const readme = readFileSync(join(CORPUS, 'README.md'), 'utf8');
  const out: Row[] = [];
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (!/\.(?:pdf|html)$/u.test(cells[1] ?? '')) continue;
    out.push({ file: cells[1]!, department: cells[3]!, year: Number.parseInt(cells[4]!, 10), stage: cells[5]! });
  }
  return out;
}

describe.skipIf(!existsSync(CORPUS))('identity of every corpus document', () => {
  const all = existsSync(CORPUS) ? rows() : [];
  it('the README lists the corpus', () => {
    expect(all.length).toBe(16);
  });
  for (const row of all) {
    it(`${row.file}: ${row.department}, ${row.year}, ${row.stage}`, async () => {
      const page = await loadPage(join(CORPUS, row.file));
      const doc = page.doc!;
      const id = doc.identity!;
      expect(doc.year).toBe(row.year);
      expect(doc.stage).toBe(/决算/u.test(row.stage) ? '决算' : '预算');
      if (/模板/u.test(row.stage)) {
        expect(doc.department).toBeUndefined();
        expect(id.placeholder).toMatch(/XX/u);
        expect(id.departmentNote?.zh).toContain('模板');
      } else {
        expect(doc.department).toBe(row.department.replace(/（[^）]*）$/u, ''));
        expect(id.scope).toBe(row.stage.startsWith('单位') ? '单位' : '部门');
      }
      // The title names the document, not a template's sheet or a reviewer's line.
      expect(doc.title).not.toMatch(/^(?:附件|处领导|\.$)/u);
    }, 120_000);
  }
});
