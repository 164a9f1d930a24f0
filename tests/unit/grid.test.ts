import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { readPage, type DomNode, type RawCell, type RawTable } from '../../lib/dom/adapter';
import type { GridCell } from '../../lib/model';
import { buildGrid } from '../../lib/parse/grid';

type CellSpec = string | { t: string; rs?: number; cs?: number; h?: boolean };

function raw(index: number, rows: CellSpec[][]): RawTable {
  return {
    index,
    hasNestedTable: false,
    caption: '',
    rows: rows.map((r) => ({
      cells: r.map((c): RawCell => {
        const s = typeof c === 'string' ? { t: c } : c;
        return { text: s.t, rowSpan: s.rs ?? 1, colSpan: s.cs ?? 1, header: s.h ?? false, indent: 0 };
      }),
    })),
  };
}

/** "r:c" of the origin cell, with "*" for a spanned copy and "." for filler. */
const shape = (grid: GridCell[][]): string[][] =>
  grid.map((row) => row.map((g) => (g.addr ? `${g.addr.row}:${g.addr.cell}${g.spanned ? '*' : ''}` : '.')));
const textsOf = (grid: GridCell[][]): string[][] => grid.map((row) => row.map((g) => g.text));

const DEPT_HEADER_HTML = `<!doctype html><html><body>
<p>单位：万元</p>
<table border="1">
  <tr>
    <td rowspan="2">科目编码</td><td rowspan="2">科目名称</td><td rowspan="2">合计</td><td colspan="3">基本支出</td>
    <td rowspan="2">项目支出</td>
  </tr>
  <tr><td>小计</td><td>人员经费</td><td>公用经费</td></tr>
  <tr><td>201</td><td>一般公共服务支出</td><td>100.00</td><td>60.00</td><td>40.00</td><td>20.00</td><td>40.00</td></tr>
  <tr><td colspan="2">合计</td><td>100.00</td></tr>
</table></body></html>`;

describe('buildGrid on a real 部门预算 header (read from HTML)', () => {
  const { document } = parseHTML(DEPT_HEADER_HTML);
  const page = readPage(document as unknown as DomNode, 'https://example.gov.cn/');
  const table = page.blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : []))[0]!;
  const grid = buildGrid(table);

  it('is rectangular: 4 rows × 7 columns', () => {
    expect(grid).toHaveLength(4);
    for (const row of grid) expect(row).toHaveLength(7);
  });

  it("every slot has the origin cell's address and the right spanned flag", () => {
    expect(shape(grid)).toEqual([
      ['0:0', '0:1', '0:2', '0:3', '0:3*', '0:3*', '0:4'],
      ['0:0*', '0:1*', '0:2*', '1:0', '1:1', '1:2', '0:4*'],
      ['2:0', '2:1', '2:2', '2:3', '2:4', '2:5', '2:6'],
      ['3:0', '3:0*', '3:1', '.', '.', '.', '.'],
    ]);
  });

  it("slots carry the table index and the origin cell's text", () => {
    for (const row of grid) for (const g of row) if (g.addr) expect(g.addr.table).toBe(0);
    expect(textsOf(grid).slice(0, 2)).toEqual([
      ['科目编码', '科目名称', '合计', '基本支出', '基本支出', '基本支出', '项目支出'],
      ['科目编码', '科目名称', '合计', '小计', '人员经费', '公用经费', '项目支出'],
    ]);
  });

  it('the spanned copies of 基本支出 keep colSpan 3, the rowspan=2 cells keep rowSpan 2', () => {
    expect(grid[0]![5]!.colSpan).toBe(3);
    expect(grid[1]![6]!.rowSpan).toBe(2);
    expect(grid[1]![6]!.text).toBe('项目支出');
  });

  it('exactly one origin (spanned=false) slot per DOM cell', () => {
    const origins = grid
      .flat()
      .filter((g) => g.addr && !g.spanned)
      .map((g) => `${g.addr!.row}:${g.addr!.cell}`);
    const domCells = table.rows.flatMap((r, ri) => r.cells.map((_, ci) => `${ri}:${ci}`));
    expect(origins.sort()).toEqual(domCells.sort());
  });
});

describe('buildGrid: short rows and fillers', () => {
  it('rows shorter than the table get filler slots with addr null, empty text, spanned false', () => {
    const grid = buildGrid(raw(3, [['a', 'b', 'c'], ['d'], []]));
    expect(shape(grid)).toEqual([
      ['0:0', '0:1', '0:2'],
      ['1:0', '.', '.'],
      ['.', '.', '.'],
    ]);
    const filler = grid[1]![2]!;
    expect(filler.addr).toBeNull();
    expect(filler.text).toBe('');
    expect(filler.spanned).toBe(false);
    expect(grid[0]![0]!.addr).toEqual({ table: 3, row: 0, cell: 0 });
  });

  it('an empty table gives an empty grid', () => {
    expect(buildGrid(raw(0, []))).toEqual([]);
  });
});

describe('buildGrid: rowspan edge cases', () => {
  it('rowspan="0" spans to the last row of the table', () => {
    const grid = buildGrid(raw(0, [[{ t: 'A', rs: 0 }, 'b'], ['c'], ['d']]));
    expect(shape(grid)).toEqual([
      ['0:0', '0:1'],
      ['0:0*', '1:0'],
      ['0:0*', '2:0'],
    ]);
    expect(grid[2]![0]!.rowSpan).toBe(3);
  });

  it('rowspan="0" read from HTML', () => {
    const { document } = parseHTML(
      '<!doctype html><html><body><table><tr><td rowspan="0">A</td><td>b</td></tr><tr><td>c</td></tr></' +
        'table></body></html>',
    );
    const t = readPage(document as unknown as DomNode, 'u').blocks.find((b) => b.kind === 'table');
    if (t?.kind !== 'table') throw new Error('no table');
    expect(shape(buildGrid(t.table))).toEqual([
      ['0:0', '0:1'],
      ['0:0*', '1:0'],
    ]);
  });

  it('a rowspan larger than the rows left is clipped to the table (no phantom rows)', () => {
    const grid = buildGrid(raw(0, [[{ t: 'A', rs: 10 }, 'b'], ['c']]));
    expect(grid).toHaveLength(2);
    expect(grid[1]![0]!.rowSpan).toBe(2);
  });
});

describe('buildGrid: overlapping spans', () => {
  it('a colspan running into a slot taken by a rowspan keeps the first cell there and does not crash', () => {
    // row 0: X | Y(rowspan 2); row 1: Z(colspan 3) starts at col 0 and runs over Y's slot at col 1.
    const grid = buildGrid(raw(0, [['X', { t: 'Y', rs: 2 }], [{ t: 'Z', cs: 3 }]]));
    expect(shape(grid)).toEqual([
      ['0:0', '0:1', '.'],
      ['1:0', '0:1*', '1:0*'],
    ]);
    expect(textsOf(grid)).toEqual([
      ['X', 'Y', ''],
      ['Z', 'Y', 'Z'],
    ]);
  });

  it('a rowspan running down into a row that also spans keeps the earlier cell', () => {
    // row 0: A(rowspan 2) | B ; row 1: C(colspan 2) | D — C must start after A's copy, at col 1.
    const grid = buildGrid(
      raw(0, [
        [{ t: 'A', rs: 2 }, 'B'],
        [{ t: 'C', cs: 2 }, 'D'],
      ]),
    );
    expect(shape(grid)).toEqual([
      ['0:0', '0:1', '.', '.'],
      ['0:0*', '1:0', '1:0*', '1:1'],
    ]);
  });

  it("a rowspan×colspan block pushes later rows' cells to the right of it", () => {
    // row 0: A(rowspan 3) | B(colspan 2, rowspan 2); row 1: D(colspan 2) starts after B's copies, at col 3;
    // row 2: B has ended, so E(colspan 3) starts at col 1, right after A's copy.
    const grid = buildGrid(
      raw(0, [
        [
          { t: 'A', rs: 3 },
          { t: 'B', cs: 2, rs: 2 },
        ],
        [{ t: 'D', cs: 2 }],
        [{ t: 'E', cs: 3 }],
      ]),
    );
    expect(shape(grid)).toEqual([
      ['0:0', '0:1', '0:1*', '.', '.'],
      ['0:0*', '0:1*', '0:1*', '1:0', '1:0*'],
      ['0:0*', '2:0', '2:0*', '2:0*', '.'],
    ]);
  });

  it("a long rowspan crossed by a later row's colspan: the rowspan keeps the crossed slot", () => {
    // row 0: P | Q(rowspan 3); row 1: R; row 2: S(colspan 3) from col 0 runs over Q's slot.
    const grid = buildGrid(raw(0, [['P', { t: 'Q', rs: 3 }], ['R'], [{ t: 'S', cs: 3 }]]));
    expect(shape(grid)).toEqual([
      ['0:0', '0:1', '.'],
      ['1:0', '0:1*', '.'],
      ['2:0', '0:1*', '2:0*'],
    ]);
  });
});
