import {
  type Cell,
  type SnapshotStatus,
  type YearLine,
  type YearMove,
  type YearsReport,
} from '../../lib/extension/messages';
import { sameDepartment } from '../../lib/identity/department';
import type { BudgetDocument } from '../../lib/model';
import { Decimal, formatDecimal } from '../../lib/money/amount';
import { unitFactor, type UnitName } from '../../lib/money/units';
import { snapshotSourceTables, sourceCell } from '../../lib/snapshots/build';
import { impliedFor } from '../../lib/snapshots/implied';
import {
  compareYears,
  percentChange,
  pickEarlier,
  type LineChange,
  type YearComparison,
} from '../../lib/snapshots/compare';
import {
  DEFAULT_SNAPSHOT_SETTINGS,
  SNAPSHOT_SETTINGS_KEY,
  type Snapshot,
  type SnapshotSettings,
} from '../../lib/snapshots/schema';
import type { StorageChangedLike } from '../../lib/notes/store';
import { SNAPSHOT_KEY_PREFIX, snapshotKey, type SnapshotStore } from '../../lib/snapshots/store';
import { pick, t, stageLabel } from '../../utils/i18n';
import { documentOf, type DocumentSource } from '../marks/notes';

/**
 * Prior years in the page. After each audit the page's snapshot is kept (unless the settings say not to) and the
 * page is compared with the latest stored snapshot of the same department from an earlier year
 * (lib/snapshots/compare.ts): a small label by each compared amount cell gives the earlier figure, the change and the
 * % change; lines that appeared say 新增; the compared table's bar gets a toggle to hide them. The report carries a
 * compact, serializable copy of the comparison for the side panel (`PageReport.years`).
 *
 * Pure parts first (what the labels say, the compact report, the implied prior-year figures), then the controller
 * between the snapshot store and the page, then the drawing. A failure here never breaks the audit overlay.
 */

// ---------------------------------------------------------------------------------------------------------------
// Implied prior-year figures: the one place they plug in

/**
 * The narrative's implied prior-year figures as the snapshots take them (lib/snapshots/implied.ts, shared with the
 * CLI).
 */
export { impliedFor };

// ---------------------------------------------------------------------------------------------------------------
// What a label says

export type PriorKind = 'prior' | 'new' | 'moved';

export interface PriorLabel {
  readonly key: string;
  readonly cell: Cell;
  readonly kind: PriorKind;
  /** "2023: 1,731.17 · +65.85 · +3.8%", "新增". */
  readonly text: string;
  /** The same in words, for the tooltip and screen readers. */
  readonly description: string;
  /** Sign of the change: '+', '-', '0', or '' when there is none (a new line). */
  readonly sign: '+' | '-' | '0' | '';
  /** |change| and |% change| reach the threshold. */
  readonly swing: boolean;
}

export { stageLabel };

const signOf = (change: string | null): PriorLabel['sign'] => {
  if (change === null) return '';
  const d = new Decimal(change);
  return d.isZero() ? '0' : d.isNegative() ? '-' : '+';
};

/**
 * "2023: 1,731.17 · +65.85 · +3.8%": the earlier year's figure, the change and the % change, as the table prints them.
 */
export function priorText(year: number | null, earlier: string, change: string | null, percent: string | null): string {
  return [`${year ?? '?'}: ${earlier}`, change, percent].filter((x): x is string => !!x).join(' · ');
}

/** A figure in 元 shown in a table's unit and precision ("17311700" → "1,731.17"); signed when asked ("+65.85"). */
export function shownIn(yuan: string, unit: string, scale: number, signed = false): string {
  const d = new Decimal(yuan).dividedBy(unitFactor(unit as UnitName));
  const text = formatDecimal(d, scale);
  return signed && d.isPositive() && !d.isZero() ? `+${text}` : text;
}

/**
 * The labels to draw by the cells of the compared table (matched, new and moved lines that have a cell on the page).
 */
function priorLabels(cmp: YearComparison, cellOf: (line: LineChange) => Cell | null): PriorLabel[] {
  if (!cmp.against || !cmp.table) return [];
  const year = cmp.against.year;
  const unit = cmp.table.unit;
  const scale = cmp.table.scale;
  const stage = stageLabel(cmp.against.stage);
  const swings = new Set(cmp.swings.map((l) => l.key));
  const out: PriorLabel[] = [];
  for (const line of cmp.lines) {
    if (line.status === 'vanished') continue;
    const cell = cellOf(line);
    if (!cell) continue;
    const name = line.names[line.names.length - 1] ?? '';
    if (line.status === 'matched') {
      if (line.display.earlier === null) continue;
      const text = priorText(year, line.display.earlier, line.display.change, line.percent);
      const description = t(
        'yr_priorTitle',
        name,
        String(year ?? '?'),
        stage,
        line.display.earlier,
        unit,
        line.display.current ?? '—',
        line.display.change ?? '—',
        line.percent ?? '—',
      );
      out.push({
        key: line.key,
        cell,
        kind: 'prior',
        text,
        description,
        sign: signOf(line.change),
        swing: swings.has(line.key),
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
      const parts =
        from !== null
          ? priorText(
              year,
              shownIn(from, unit, scale),
              change === null ? null : shownIn(change, unit, scale, true),
              percent,
            )
          : `${year ?? '?'}`;
      const text = `${parts} · ${move.from.code ? t('yr_movedFrom', move.from.code) : t('yr_moved')}`;
      out.push({
        key: line.key,
        cell,
        kind: 'moved',
        text,
        description: pick(move.label),
        sign: signOf(change),
        swing: false,
      });
      continue;
    }
    out.push({
      key: line.key,
      cell,
      kind: 'new',
      text: t('yr_new'),
      description: t('yr_newTitle', name, String(year ?? '?')),
      sign: '',
      swing: false,
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

// ---------------------------------------------------------------------------------------------------------------
// Between the store and the page

export interface YearsPart {
  readonly years: YearsReport | null;
  readonly snapshot: SnapshotStatus | null;
}

export const NO_YEARS: YearsPart = { years: null, snapshot: null };

/** The part of browser.storage.onChanged the controller follows. */
export type { StorageChangedLike };

/** What the controller draws on (YearsLayer below; a stub in tests). */
export interface YearsView {
  draw(labels: readonly PriorLabel[], table: number | null): void;
  clear(): void;
}

/**
 * A stored value (of any version) may be a snapshot of the same department: true unless it clearly names another one.
 */
function mayConcern(current: Snapshot, raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const department = (raw as { department?: unknown }).department;
  if (typeof department !== 'string' || !current.department) return true;
  const region = (raw as { region?: unknown }).region;
  return sameDepartment(current.department, department, current.region ?? (typeof region === 'string' ? region : null));
}

/** Everything the comparison of one snapshot gives: the report part, the labels and the compared table's bar. */
export function compareSnapshot(
  snapshot: Snapshot,
  stored: readonly Snapshot[],
  settings: SnapshotSettings,
  doc: BudgetDocument | null,
): { years: YearsReport | null; labels: PriorLabel[]; table: number | null; comparison: YearComparison | null } {
  const earlier = pickEarlier(snapshot, stored);
  if (earlier.length === 0) return { years: null, labels: [], table: null, comparison: null };
  const cmp = compareYears(snapshot, earlier, { threshold: settings.threshold });
  const main = cmp.table;
  const cellOf = (l: LineChange): Cell | null =>
    doc && main && l.status !== 'vanished' ? sourceCell(doc, main.index, l.line, main.columnIndex) : null;
  const table = doc && main ? (snapshotSourceTables(doc)[main.index]?.index ?? null) : null;
  return { years: yearsReport(cmp, cellOf, table), labels: priorLabels(cmp, cellOf), table, comparison: cmp };
}

/**
 * Keeps a document's snapshot in the store unless the settings turned snapshots off; what became of it, for the
 * report (a full storage area is said as such; nothing stored is deleted). Never throws.
 */
async function keepSnapshot(
  store: Pick<SnapshotStore, 'put'>,
  snapshot: Snapshot,
  settings: Pick<SnapshotSettings, 'enabled'>,
): Promise<SnapshotStatus> {
  if (!settings.enabled) return { enabled: false, saved: false, id: snapshot.id, error: null };
  try {
    const r = await store.put(snapshot);
    return r.ok
      ? { enabled: true, saved: true, id: snapshot.id, error: null }
      : { enabled: true, saved: false, id: snapshot.id, error: r.message };
  } catch (e) {
    const detail = (e as Error).message;
    return {
      enabled: true,
      saved: false,
      id: snapshot.id,
      error: { zh: `保存失败：${detail}`, en: `Could not save: ${detail}` },
    };
  }
}

/**
 * Keeps the page's snapshot and its comparison in step with the store: after each audit (`attach`) and whenever a
 * snapshot or the settings change (another tab, the side panel's settings, the history page's import or delete), it
 * compares again, redraws the labels and hands the new report part to `onChange`. Never throws: failures are warned
 * about and leave the labels off.
 */
export class YearsController {
  private current: { doc: DocumentSource; snapshot: Snapshot; status: SnapshotStatus } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(
    private readonly store: SnapshotStore,
    changes: StorageChangedLike | undefined,
    private readonly view: YearsView,
    private readonly onChange: (part: YearsPart) => void,
    private readonly delayMs = 250,
  ) {
    changes?.addListener((items, area) => {
      if (area !== 'local' || !this.current) return;
      const cur = this.current.snapshot;
      const own = snapshotKey(cur.id);
      const keys = Object.keys(items);
      const settings = keys.includes(SNAPSHOT_SETTINGS_KEY);
      // Our own write is not news, nor another department's snapshot (every audited page writes one).
      const others = keys.some(
        (k) =>
          k.startsWith(SNAPSHOT_KEY_PREFIX) &&
          k !== own &&
          (mayConcern(cur, items[k]?.newValue) || mayConcern(cur, items[k]?.oldValue)),
      );
      if (!settings && !others) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(settings), this.delayMs);
    });
  }

  private async settings(): Promise<SnapshotSettings> {
    try {
      return (await this.store.settings()).settings;
    } catch {
      return DEFAULT_SNAPSHOT_SETTINGS;
    }
  }

  /**
   * Keeps the audited page's snapshot (lib/open.ts made it; unless turned off) and compares it with the stored earlier
   * years.
   */
  async attach(doc: DocumentSource, snapshot: Snapshot | null): Promise<YearsPart> {
    const mine = ++this.generation;
    try {
      if (!snapshot) {
        this.current = undefined;
        this.view.clear();
        return NO_YEARS;
      }
      const settings = await this.settings();
      const status = await keepSnapshot(this.store, snapshot, settings);
      if (mine !== this.generation) return { years: null, snapshot: status };
      this.current = { doc, snapshot, status };
      return await this.compare(settings);
    } catch (e) {
      console.warn('budget-lens: prior years are unavailable:', (e as Error).message);
      this.view.clear();
      return { years: null, snapshot: this.current?.status ?? null };
    }
  }

  private async compare(settings: SnapshotSettings): Promise<YearsPart> {
    const cur = this.current;
    if (!cur) return NO_YEARS;
    const { snapshots } = await this.store.list();
    // The model only places the labels: it is asked for only when there is an earlier year to compare with.
    const doc = pickEarlier(cur.snapshot, snapshots).length > 0 ? await documentOf(cur.doc) : null;
    const r = compareSnapshot(cur.snapshot, snapshots, settings, doc);
    this.view.draw(r.labels, r.table);
    return { years: r.years, snapshot: cur.status };
  }

  /** Compares again after a change in the store; keeps the page's snapshot when the settings were just switched on. */
  async refresh(settingsChanged = false): Promise<void> {
    const cur = this.current;
    if (!cur) return;
    const mine = ++this.generation;
    try {
      const settings = await this.settings();
      if (settingsChanged && (settings.enabled !== cur.status.enabled || (settings.enabled && !cur.status.saved))) {
        cur.status = await keepSnapshot(this.store, cur.snapshot, settings);
      }
      if (mine !== this.generation) return;
      const part = await this.compare(settings);
      if (mine !== this.generation) return;
      this.onChange(part);
    } catch (e) {
      console.warn('budget-lens: prior years are unavailable:', (e as Error).message);
    }
  }
}
