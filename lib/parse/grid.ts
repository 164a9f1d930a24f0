import type { RawTable } from '../dom/adapter';
import { parseCell } from '../money/amount';
import type { GridCell } from '../model';

const FILLER: GridCell = {
  text: '',
  parsed: parseCell(''),
  addr: null,
  spanned: false,
  header: false,
  indent: 0,
  rowSpan: 1,
  colSpan: 1,
};

/**
 * Expands rowspan/colspan into a rectangular grid (the HTML table model's slot grid).
 * Each slot keeps the DOM address of the cell it came from; copies are marked `spanned`.
 */
export function buildGrid(table: RawTable): GridCell[][] {
  const grid: (GridCell | undefined)[][] = [];
  const rowCount = table.rows.length;
  table.rows.forEach((row, r) => {
    grid[r] ??= [];
    let col = 0;
    row.cells.forEach((cell, c) => {
      while (grid[r]![col]) col++;
      const rowSpan = cell.rowSpan === 0 ? rowCount - r : Math.min(cell.rowSpan, rowCount - r);
      const addr = { table: table.index, row: r, cell: c };
      const parsed = parseCell(cell.text);
      for (let dr = 0; dr < rowSpan; dr++) {
        const target = (grid[r + dr] ??= []);
        for (let dc = 0; dc < cell.colSpan; dc++) {
          if (target[col + dc]) continue; // overlapping spans: the first cell keeps the slot, as browsers do
          target[col + dc] = {
            text: cell.text,
            parsed,
            addr,
            spanned: dr > 0 || dc > 0,
            header: cell.header,
            indent: cell.indent,
            rowSpan,
            colSpan: cell.colSpan,
          };
        }
      }
      col += cell.colSpan;
    });
  });
  let width = 0;
  for (const r of grid) width = Math.max(width, r.length);
  return grid.map((r) => {
    // A row with every slot filled is already the grid's row; holes and short rows are padded.
    if (r.length === width) {
      let full = true;
      for (let i = 0; i < width && full; i++) full = r[i] !== undefined;
      if (full) return r as GridCell[];
    }
    return Array.from({ length: width }, (_, i) => r[i] ?? FILLER);
  });
}
