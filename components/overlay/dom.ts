import type { CellAddress } from '../../lib/model';

/** The page's <table> at an engine table index (index among all <table> elements, hidden ones included). */
export function domTable(index: number): HTMLTableElement | undefined {
  return (document.getElementsByTagName('table')[index] as HTMLTableElement | undefined) ?? undefined;
}

/** The DOM cell at an engine address: table index among all <table> elements, row in table.rows, cell in row.cells. */
export function domCell(c: CellAddress): HTMLTableCellElement | undefined {
  return domTable(c.table)?.rows[c.row]?.cells[c.cell] ?? undefined;
}

/** The engine address of a page cell (the inverse of domCell), or undefined when it is not in a table's rows. */
export function cellAddressOf(td: Element): CellAddress | undefined {
  const tr = td.parentElement as HTMLTableRowElement | null;
  const table = td.closest('table');
  if (!tr || !table) return undefined;
  const index = Array.prototype.indexOf.call(document.getElementsByTagName('table'), table);
  const row = Array.prototype.indexOf.call(table.rows, tr);
  const cell = Array.prototype.indexOf.call(tr.cells ?? [], td);
  return index < 0 || row < 0 || cell < 0 ? undefined : { table: index, row, cell };
}
