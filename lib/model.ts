import type { Amount, ParsedCell } from './money/amount';
import type { Unit } from './money/units';
import type { Bilingual } from './checks/types';
import type { DocumentIdentity } from './identity/document';

/**
 * A cell's DOM address: table index among all <table> elements in document order, row index in table.rows, cell index
 * in row.cells (all 0-based).
 */
export interface CellAddress {
  readonly table: number;
  readonly row: number;
  readonly cell: number;
}

export const addrKey = (a: CellAddress): string => `${a.table}:${a.row}:${a.cell}`;

export interface GridCell {
  /** Text as read, whitespace collapsed, leading indentation removed. */
  readonly text: string;
  /** The text read as a number, empty or text. */
  readonly parsed: ParsedCell;
  /** null for the filler of a row that has fewer cells than the table is wide. */
  readonly addr: CellAddress | null;
  /** A copy made by rowspan/colspan expansion; the origin cell is the one with spanned=false. */
  readonly spanned: boolean;
  /** <th>, or all of the cell's text bold. */
  readonly header: boolean;
  /** Leading indentation in em (full-width spaces, padding, text-indent). */
  readonly indent: number;
  readonly rowSpan: number;
  readonly colSpan: number;
}

export type ColumnRole = 'code' | 'name' | 'amount' | 'share' | 'text' | 'seq' | 'other';
export type CodePart = 'lei' | 'kuan' | 'xiang';

export interface Column {
  readonly index: number;
  /** Header labels from the top header row down, e.g. ['基本支出', '人员经费']. */
  readonly path: readonly string[];
  readonly role: ColumnRole;
  /** For code split over 类|款|项 columns. */
  readonly codePart?: CodePart;
  /** Which side of a two-sided table (0 = 收入, 1 = 支出, …); 0 for one-sided tables. */
  readonly side: number;
  /** Unit given in the column header ("预算数（万元）"), if any. */
  readonly unit?: Unit;
}

/** A node of the header tree: a header cell and the columns under it. */
export interface ColumnNode {
  readonly label: string;
  readonly columns: readonly number[];
  readonly children: readonly ColumnNode[];
  readonly addr: CellAddress | null;
}

export type RowKind =
  | 'grand-total' // 收入总计, 支出总计, 总计 at the bottom of a two-sided table
  | 'total' // 合计 / 本年收入合计 / 本年支出合计 / 小计
  | 'subject' // a classified subject (类/款/项 or economic)
  | 'unit' // a budget unit or department (本级, 中心, 【205001】…)
  | 'item' // any other line (项目, income source, …)
  | 'heading'; // a label row without amounts (a group heading)

/** How a row's place in the tree was decided; shown to the user as provenance. */
export type TreeSource =
  | 'code' // whole code: 201 / 20103 / 2010301
  | 'split-code' // code over 类|款|项 columns
  | 'abbreviated-code' // "03" under "201"
  | 'unit-code' // unit codes 346 / 346001, 【205001】
  | 'indent' // indentation (full-width spaces, padding)
  | 'classification-name' // the national classification by name
  | 'numbering' // 一、 / （一） / 其中：
  | 'amounts' // an ambiguous name placed where the amounts agree
  | 'position' // total rows and flat lists
  | 'repeated-code'; // a unit row followed by rows with the same code

export interface BudgetRow {
  /** Grid row index within the table's grid. */
  readonly gridRow: number;
  readonly side: number;
  readonly label: string;
  /** Full code if known (e.g. 2010301), unit codes as printed. */
  readonly code?: string;
  readonly kind: RowKind;
  /** Depth in the tree: 0 for totals, 1 for top level, … */
  readonly level: number;
  /** Index into table.rows of the parent row, or -1 for top level. */
  parent: number;
  readonly treeSource: TreeSource;
  /** "其中" children: the parent is at least their sum, not equal to it. */
  readonly partOf?: boolean;
  /** Column index → the cell of this row in that column (amount and share columns only). */
  readonly values: ReadonlyMap<number, ValueCell>;
  /** Addresses of the row's label cells (code, name), for findings. */
  readonly labelCells: readonly CellAddress[];
}

export interface ValueCell {
  readonly addr: CellAddress;
  readonly amount?: Amount; // undefined when empty
  readonly raw: string;
}

/** 合计 / 总计 rows (and the grand totals of two-sided tables): they close other rows, they are nobody's child. */
export const isTotalRow = (r: { readonly kind: RowKind }): boolean => r.kind === 'total' || r.kind === 'grand-total';

export type TableKind =
  | 'income-expenditure' // 收支总表
  | 'income' // 收入总表
  | 'expenditure' // 支出总表
  | 'fiscal-income-expenditure' // 财政拨款收支总表
  | 'gpb-expenditure' // 一般公共预算支出表
  | 'gpb-basic' // 一般公共预算基本支出表 (and its 人员经费 / 公用经费 variants)
  | 'three-public' // "三公"经费表
  | 'gov-fund' // 政府性基金预算支出表
  | 'soe-capital' // 国有资本经营预算支出表
  | 'special-account' // 财政专户管理资金表
  | 'project' // 项目支出表
  | 'performance' // 绩效目标表, 绩效自评表, 评价得分表 (summed only when they hold no scores or indicators)
  | 'budget-other' // looks like a budget table, kind not recognised
  | 'layout' // layout / metadata (索引号, 目录), 机构 / 人员 lists, 项目 descriptions: not a budget table
  | 'unknown';

export type Classification = 'function' | 'economic' | 'unit' | 'none';

export interface BudgetTable {
  /** Index of the first <table> this table was read from. */
  readonly index: number;
  /** All <table> indexes merged into this one (a table continued after a page break). */
  readonly domTables: readonly number[];
  readonly title: string;
  readonly kind: TableKind;
  /** How the kind was decided, e.g. 'title: 一般公共预算支出表'. */
  readonly kindEvidence: string;
  readonly unit: Unit;
  readonly department?: string;
  readonly year?: number;
  readonly columns: readonly Column[];
  readonly columnTree: readonly ColumnNode[];
  readonly headerRows: number;
  readonly grid: readonly (readonly GridCell[])[];
  readonly rows: BudgetRow[];
  readonly sides: number;
  readonly classification: Classification;
  /** The table says it has no data (本表无数据 / 故为空表) or has no amounts at all. */
  readonly empty: boolean;
  readonly emptyNote?: string;
  /**
   * Why the table's rows are not read at all: a table of scores and indicator values (绩效自评表, 评价得分表), not of
   * budget sums. Such a table has no rows; nothing in it is checked or an error.
   */
  readonly notSummed?: Bilingual;
  /**
   * Why the row structure is unsure: no reading of the rows (by code, numbering, indentation, names, flat) explains
   * the table's sums. The totals and the hierarchy are then not checked (row totals still are).
   */
  readonly structureDoubt?: Bilingual;
  /** Text after the table (notes), for claims. */
  readonly notes: readonly string[];
}

export interface TextBlock {
  readonly text: string;
  /** Index of the block in document order among all blocks (text and tables). */
  readonly order: number;
}

export interface BudgetDocument {
  readonly source: string;
  readonly title: string;
  readonly department?: string;
  readonly year?: number;
  /** 预算 or 决算, when the title says so. */
  readonly stage?: '预算' | '决算';
  /** How department, year and stage were read (lib/identity/document.ts): placeholder, scope, evidence, why none. */
  readonly identity?: DocumentIdentity;
  /** The unit most tables use. */
  readonly unit?: Unit;
  readonly tables: readonly BudgetTable[];
  readonly text: readonly TextBlock[];
  /** Number of tables read (budget or not): <table> elements, and tables rebuilt from a PDF or positioned text. */
  readonly domTableCount: number;
}
