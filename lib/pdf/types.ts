import type { PageSource } from '../dom/adapter';
import type { CellAddress } from '../model';

/**
 * CONTRACT (issue 6): what the PDF reader hands the engine. pdf.js (pdfjs-dist) reads the file — in the viewer page
 * and in Node for the command line — into PdfPageContent; lib/pdf rebuilds tables and text blocks from it into the
 * same PageSource the DOM adapter produces, so the engine, findings, claims, snapshots and notes work unchanged.
 * Coordinates: PDF points, origin at the page's top-left, y growing downwards (converted from pdf.js's viewport).
 */

export interface PdfTextItem {
  readonly str: string;
  /** Left edge, top edge, width and height of the item's box on its page. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly fontName?: string;
  /** Bold font (from the font name or style), for header detection. */
  readonly bold?: boolean;
}

/** A ruling line or a rectangle's edge drawn on the page (table borders), in the same coordinates. */
export interface PdfRule {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface PdfPageContent {
  /** 1-based page number. */
  readonly page: number;
  readonly width: number;
  readonly height: number;
  readonly items: readonly PdfTextItem[];
  readonly rules: readonly PdfRule[];
  /**
   * Added (issue 6, engine side): filled non-white rectangles wider than a rule, i.e. cell and row shading, in the
   * same coordinates. Shaded cells are read as header cells (as HTML's <th> background). Optional: absent = none.
   */
  readonly shades?: readonly PdfShade[];
}

/** A shaded rectangle (see PdfPageContent.shades). */
export interface PdfShade {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where something sits in the PDF: page (1-based) and box in PDF points (top-left origin). */
export interface PdfBox {
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PdfSource {
  readonly source: PageSource;
  /** The box of a cell the engine addresses (its table/row/cell indices are the rebuilt tables' own). */
  cellBox(addr: CellAddress): PdfBox | undefined;
  /** The boxes covering characters [start, end) of text block `block` (order among the source's text blocks). */
  textBoxes(block: number, start: number, end: number): PdfBox[];
  /** Pages without any text item (scanned images): the caller says "no text layer" rather than passing. */
  readonly pagesWithoutText: readonly number[];
  readonly pageCount: number;
}
