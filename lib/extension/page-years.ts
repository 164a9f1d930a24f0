import { Decimal, formatDecimal } from '../money/amount';
import { unitFactor, type UnitName } from '../money/units';
import type { BudgetDocument } from '../model';
import type { Bilingual } from '../report/schema';
import { snapshotSourceTables, sourceCell } from '../snapshots/build';
import { compareYears, percentChange, pickEarlier, type LineChange, type YearComparison } from '../snapshots/compare';
import type { Snapshot, Threshold } from '../snapshots/schema';
import type { Cell, YearLine, YearMove, YearsReport } from './messages';

/**
 * A page's prior years, where its model is (the engine's worker, the in-page fallback, the PDF viewer): the page's
 * snapshot compared with the earlier years stored (lib/snapshots/compare.ts), each compared line placed on its cell,
 * and what comes back is only what the page draws and reports: the compact comparison for the side panel
 * (`PageReport.years`) and one `PriorLine` per label, in figures and words the page puts into its language
 * (components/overlay/years.ts).
 */

/** What a label by a compared cell says, before it is put into words (components/overlay/years.ts priorLabel). */
export interface PriorLine {
  readonly key: string;
  readonly cell: Cell;
  /** prior: matched with the earlier year; new: appeared; moved: came from another code. */
  readonly kind: 'prior' | 'new' | 'moved';
  /** The line's own label. */
  readonly name: string;
  /** The earlier year and its stage. */
  readonly year: number | null;
  readonly stage: string | null;
  /** The compared table's unit. */
  readonly unit: string;
  /** As the table prints them: the earlier figure, this year's, the change (signed) and the % change. */
  readonly earlier: string | null;
  readonly current: string | null;
  readonly change: string | null;
  readonly percent: string | null;
  /** Sign of the change: '+', '-', '0', or '' when there is none (a new line). */
  readonly sign: '+' | '-' | '0' | '';
  /** |change| and |% change| reach the threshold. */
  readonly swing: boolean;
  /** A moved line: its earlier code and the move in words. */
  readonly move: { readonly from: string | null; readonly label: Bilingual } | null;
}

/** What a page draws and reports of its prior years. */
export interface YearsResult {
  readonly years: YearsReport | null;
  readonly labels: readonly PriorLine[];
  /** The DOM table index of the compared table (its bar gets the labels' toggle). */
  readonly table: number | null;
}

export const NO_YEARS_RESULT: YearsResult = { years: null, labels: [], table: null };

const signOf = (change: string | null): PriorLine['sign'] => {
  if (change === null) return '';
  const d = new Decimal(change);
  return d.isZero() ? '0' : d.isNegative() ? '-' : '+';
};

/** A figure in 元 shown in a table's unit and precision ("17311700" → "1,731.17"); signed when asked ("+65.85"). */
export function shownIn(yuan: string, unit: string, scale: number, signed = false): string {
  const d = new Decimal(yuan).dividedBy(unitFactor(unit as UnitName));
  const text = formatDecimal(d, scale);
  return signed && d.isPositive() && !d.isZero() ? `+${text}` : text;
}

/** The lines to label by the cells of the compared table (matched, new and moved lines with a cell on the page). */
function priorLines(cmp: YearComparison, cellOf: (line: LineChange) => Cell | null): PriorLine[] {
  if (!cmp.against || !cmp.table) return [];
  const year = cmp.against.year;
  const stage = cmp.against.stage;
  const unit = cmp.table.unit;
  const scale = cmp.table.scale;
  const swings = new Set(cmp.swings.map((l) => l.key));
  const out: PriorLine[] = [];
  for (const line of cmp.lines) {
    if (line.status === 'vanished') continue;
    const cell = cellOf(line);
    if (!cell) continue;
    const base = { key: line.key, cell, name: line.names[line.names.length - 1] ?? '', year, stage, unit };
    if (line.status === 'matched') {
      if (line.display.earlier === null) continue;
      out.push({
        ...base,
        kind: 'prior',
        earlier: line.display.earlier,
        current: line.display.current,
        change: line.display.change,
        percent: line.percent,
        sign: signOf(line.change),
        swing: swings.has(line.key),
        move: null,
      });
      continue;
    }
    const move = line.flags.includes('moved')
      ? cmp.moves.find((m) => m.to.code === line.code && m.to.names.join('/') === line.names.join('/'))
      : undefined;
    if (move) {
      const from = move.from.amount;
      const change = move.change;
      const percent = from !== null && change !== null ? percentChange(new Decimal(change), new Decimal(from)) : null;
      out.push({
        ...base,
        kind: 'moved',
        earlier: from === null ? null : shownIn(from, unit, scale),
        current: null,
        change: from === null || change === null ? null : shownIn(change, unit, scale, true),
        percent: from === null ? null : percent,
        sign: signOf(change),
        swing: false,
        move: { from: move.from.code, label: move.label },
      });
      continue;
    }
    out.push({
      ...base,
      kind: 'new',
      earlier: null,
      current: null,
      change: null,
      percent: null,
      sign: '',
      swing: false,
      move: null,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The compact report for the side panel

const line = (l: LineChange, cell: Cell | null): YearLine => ({
  key: l.key,
  code: l.code,
  names: [...l.names],
  current: l.current,
  earlier: l.earlier,
  change: l.change,
  percent: l.percent,
  display: { current: l.display.current, earlier: l.display.earlier, change: l.display.change, unit: l.display.unit },
  flags: [...l.flags],
  cell,
});

/**
 * The comparison as the report carries it (messages.ts YearsSchema): the years compared, the table, the swings, lines
 * that appeared, vanished or moved, the series for the chart, the implied prior-year figures beside the stored ones.
 * Null when no earlier year was compared.
 */
function yearsReport(
  cmp: YearComparison,
  cellOf: (line: LineChange) => Cell | null,
  domTableIndex: number | null,
): YearsReport | null {
  if (!cmp.against) return null;
  const cells = new Map<LineChange, Cell | null>();
  const cellFor = (l: LineChange): Cell | null => {
    if (l.status === 'vanished') return null;
    if (!cells.has(l)) cells.set(l, cellOf(l));
    return cells.get(l) ?? null;
  };
  const unit = cmp.table?.unit ?? '元';
  const scale = cmp.table?.scale ?? 2;
  const moveCell = (m: YearComparison['moves'][number]): Cell | null => {
    const to = cmp.lines.find(
      (l) => l.status === 'appeared' && l.code === m.to.code && l.names.join('/') === m.to.names.join('/'),
    );
    return to ? cellFor(to) : null;
  };
  const moves: YearMove[] = cmp.moves.map((m) => ({
    basis: m.basis,
    from: { code: m.from.code, names: [...m.from.names], amount: m.from.amount },
    to: { code: m.to.code, names: [...m.to.names], amount: m.to.amount },
    change: m.change,
    label: m.label,
    cell: moveCell(m),
  }));
  const years = [...new Set([cmp.against.year, cmp.current.year].filter((y): y is number => y !== null))].sort(
    (a, b) => a - b,
  );
  return {
    current: { id: cmp.current.id, year: cmp.current.year, stage: cmp.current.stage },
    against: {
      id: cmp.against.id,
      year: cmp.against.year,
      stage: cmp.against.stage,
      url: cmp.against.url,
      savedAt: cmp.against.savedAt,
    },
    years,
    table: cmp.table
      ? {
          kind: cmp.table.kind,
          title: cmp.table.title,
          column: [...cmp.table.column],
          unit: cmp.table.unit,
          scale: cmp.table.scale,
          label: cmp.table.label,
          domTable: domTableIndex,
        }
      : null,
    threshold: { ...cmp.threshold },
    matched: cmp.lines.filter((l) => l.status === 'matched').length,
    swings: cmp.swings.map((l) => line(l, cellFor(l))),
    appeared: cmp.appeared.map((l) => line(l, cellFor(l))),
    vanished: cmp.vanished.map((l) => line(l, null)),
    moves,
    series: cmp.series
      ? {
          years: cmp.series.years.map((y) => ({ year: y.year, stage: y.stage })),
          rows: cmp.series.rows.map((r) => ({
            key: r.key,
            code: r.code,
            label: r.label,
            total: r.total,
            values: [...r.values],
          })),
        }
      : null,
    implied: cmp.implied.map((i) => ({
      subject: i.subject,
      basis: i.basis,
      text: i.text,
      implied: i.implied,
      stored: i.stored,
      difference: i.difference,
      display: {
        implied: shownIn(i.implied, unit, scale),
        stored: i.stored === null ? null : shownIn(i.stored, unit, scale),
        difference: i.difference === null ? null : shownIn(i.difference, unit, scale, true),
        unit,
      },
      storedFrom: i.storedFrom
        ? {
            year: i.storedFrom.year,
            stage: i.storedFrom.stage,
            table: i.storedFrom.table,
            names: [...i.storedFrom.names],
          }
        : null,
      label: i.label,
    })),
    notes: [...cmp.notes],
  };
}

/**
 * The page's snapshot compared with the stored snapshots (the earlier years of the same department are picked from
 * them), the lines placed by the model: what the page draws and reports. `comparison`: the whole comparison (tests).
 */
export function compareForPage(
  snapshot: Snapshot,
  stored: readonly Snapshot[],
  threshold: Threshold,
  doc: BudgetDocument | null,
): YearsResult & { readonly comparison: YearComparison | null } {
  const earlier = pickEarlier(snapshot, stored);
  if (earlier.length === 0) return { ...NO_YEARS_RESULT, comparison: null };
  const cmp = compareYears(snapshot, earlier, { threshold });
  const main = cmp.table;
  const cellOf = (l: LineChange): Cell | null =>
    doc && main && l.status !== 'vanished' ? sourceCell(doc, main.index, l.line, main.columnIndex) : null;
  const table = doc && main ? (snapshotSourceTables(doc)[main.index]?.index ?? null) : null;
  return { years: yearsReport(cmp, cellOf, table), labels: priorLines(cmp, cellOf), table, comparison: cmp };
}

/**
 * A model's answer to the years question (components/marks/model.ts PageModel.years), wherever the model is: its
 * snapshot, when it has one, compared with the earlier years' snapshots as the store gave them (JSON).
 */
export function yearsAnswer(
  doc: BudgetDocument,
  snapshot: Snapshot | null,
  earlier: string,
  threshold: Threshold,
): YearsResult {
  return snapshot ? compareForPage(snapshot, JSON.parse(earlier) as Snapshot[], threshold, doc) : NO_YEARS_RESULT;
}
