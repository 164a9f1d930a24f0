import type { PdfBox } from '../types';

export interface Piece {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly bold: boolean;
  readonly page: number;
  /** Cut out of a longer item between two other parts: where it sits is a guess. */
  readonly loose?: boolean;
}

export interface Line {
  readonly pieces: Piece[];
  readonly x: number;
  readonly y: number;
  readonly right: number;
  readonly bottom: number;
  readonly size: number;
  readonly page: number;
}

export interface HRule {
  y: number;
  x1: number;
  x2: number;
}
export interface VRule {
  x: number;
  y1: number;
  y2: number;
}

/** A cell as rebuilt, with where it sits. */
export interface OutCell {
  readonly text: string;
  readonly rowSpan: number;
  readonly colSpan: number;
  readonly header: boolean;
  readonly indent: number;
  readonly box: PdfBox;
  /** Ruled tables: the cell's grid column and its text's left and right gaps (points) and size, for indentation. */
  readonly place?: {
    readonly col: number;
    readonly left: number;
    readonly right: number;
    readonly size: number;
    readonly number: boolean;
  };
}

export interface OutTable {
  readonly page: number;
  readonly top: number;
  readonly bottom: number;
  /** Column boundaries (x), for matching a continuation on the next page. */
  readonly xs: readonly number[];
  rows: OutCell[][];
  /** No rule closes the first row at the top / the last row at the bottom: a row cut by a page break (Chromium). */
  readonly openTop?: boolean;
  readonly openBottom?: boolean;
  /** The last page the table reaches (a table whose rows were cut by page breaks is rebuilt as one). */
  readonly endPage?: number;
  /** What a ruled table was rebuilt from, to rebuild it over a page break. */
  readonly src?: { readonly region: Region; readonly pieces: readonly Piece[]; readonly seams: readonly Seam[] };
}

/** Where a table rebuilt over a page break continues: from y (rebuilt coordinates) on, page `page`, y − offset. */
export interface Seam {
  readonly y: number;
  readonly offset: number;
  readonly page: number;
}

/** A run of text in a block: characters [start, end) drawn from `x0` to `x1` on one line of a page. */
export interface TextRun {
  readonly start: number;
  readonly end: number;
  readonly page: number;
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
  readonly h: number;
  /** Character edges (end − start + 1 values) from x0 to x1. */
  readonly edges: readonly number[];
}

export type Element =
  | { kind: 'text'; top: number; lines: Line[]; textRight: number; lineGap: number }
  | { kind: 'table'; top: number; table: OutTable };

export const TOL = 2;

export interface Region {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  h: HRule[];
  v: VRule[];
}

export const r2 = (v: number): number => Math.floor(v * 100 + 0.5) / 100;
