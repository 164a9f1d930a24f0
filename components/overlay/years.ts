import type { SnapshotStatus, YearsReport } from '../../lib/extension/messages';
import type { PriorLine } from '../../lib/extension/page-years';
import { sameDepartment } from '../../lib/identity/department';
import type { StorageChangedLike } from '../../lib/notes/store';
import type { SnapshotKeeper, SnapshotText } from '../../lib/snapshots/keep';
import { SNAPSHOT_KEY_PREFIX, SNAPSHOT_SETTINGS_KEY, snapshotKey } from '../../lib/snapshots/keys';
import { pick, t, stageLabel } from '../../utils/i18n';
import type { PageModel } from '../marks/model';

/**
 * Prior years in the page. After each audit the page's snapshot is kept (unless the settings say not to) and the
 * page is compared with the latest stored snapshot of the same department from an earlier year: a small label by
 * each compared amount cell gives the earlier figure, the change and the % change; lines that appeared say 新增; the
 * compared table's bar gets a toggle to hide them. The report carries a compact, serializable copy of the comparison
 * for the side panel (`PageReport.years`).
 *
 * Neither the keeping nor the comparing happens here: the snapshot is kept where the snapshots are
 * (lib/snapshots/keep.ts: through the background for a page, the store itself in the viewer), and compared where the
 * model is (lib/extension/page-years.ts: the engine's worker, the in-page fallback, the viewer). What comes back is
 * put into words here (the page's language) and drawn. A failure here never breaks the audit overlay.
 */

// ---------------------------------------------------------------------------------------------------------------
// What a label says

export type PriorKind = PriorLine['kind'];

export interface PriorLabel {
  readonly key: string;
  readonly cell: PriorLine['cell'];
  readonly kind: PriorKind;
  /** "2023: 1,731.17 · +65.85 · +3.8%", "新增". */
  readonly text: string;
  /** The same in words, for the tooltip and screen readers. */
  readonly description: string;
  /** Sign of the change: '+', '-', '0', or '' when there is none (a new line). */
  readonly sign: PriorLine['sign'];
  /** |change| and |% change| reach the threshold. */
  readonly swing: boolean;
}

export { stageLabel };

/**
 * "2023: 1,731.17 · +65.85 · +3.8%": the earlier year's figure, the change and the % change, as the table prints them.
 */
export function priorText(year: number | null, earlier: string, change: string | null, percent: string | null): string {
  return [`${year ?? '?'}: ${earlier}`, change, percent].filter((x): x is string => !!x).join(' · ');
}

/** A compared line's label in the page's language. */
export function priorLabel(l: PriorLine): PriorLabel {
  const year = String(l.year ?? '?');
  const common = { key: l.key, cell: l.cell, kind: l.kind, sign: l.sign, swing: l.swing };
  if (l.kind === 'prior' && l.earlier !== null) {
    const description = t(
      'yr_priorTitle',
      l.name,
      year,
      stageLabel(l.stage),
      l.earlier,
      l.unit,
      l.current ?? '—',
      l.change ?? '—',
      l.percent ?? '—',
    );
    return { ...common, text: priorText(l.year, l.earlier, l.change, l.percent), description };
  }
  if (l.kind === 'moved' && l.move) {
    const parts = l.earlier !== null ? priorText(l.year, l.earlier, l.change, l.percent) : year;
    const text = `${parts} · ${l.move.from ? t('yr_movedFrom', l.move.from) : t('yr_moved')}`;
    return { ...common, text, description: pick(l.move.label) };
  }
  return { ...common, text: t('yr_new'), description: t('yr_newTitle', l.name, year) };
}

// ---------------------------------------------------------------------------------------------------------------
// Between the keeper, the model and the page

export interface YearsPart {
  readonly years: YearsReport | null;
  readonly snapshot: SnapshotStatus | null;
}

export const NO_YEARS: YearsPart = { years: null, snapshot: null };

/** The part of browser.storage.onChanged the controller follows. */
export type { StorageChangedLike };

/** What the controller draws on (YearsLayer; a stub in tests). */
export interface YearsView {
  draw(labels: readonly PriorLabel[], table: number | null): void;
  clear(): void;
}

/**
 * A stored value (of any version) may be a snapshot of the same department: true unless it clearly names another one.
 */
function mayConcern(current: SnapshotText, raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const department = (raw as { department?: unknown }).department;
  if (typeof department !== 'string' || !current.department) return true;
  const region = (raw as { region?: unknown }).region;
  return sameDepartment(current.department, department, current.region ?? (typeof region === 'string' ? region : null));
}

/**
 * Keeps the page's snapshot and its comparison in step with the store: after each audit (`attach`) and whenever a
 * snapshot or the settings change (another tab, the side panel's settings, the history page's import or delete), it
 * has the snapshot kept and the earlier years picked (`keeper`), has them compared where the model is (`model`),
 * redraws the labels and hands the new report part to `onChange`. Never throws: failures are warned about and leave
 * the labels off.
 */
export class YearsController {
  private current: { model: PageModel; snapshot: SnapshotText; status: SnapshotStatus } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(
    private readonly keeper: SnapshotKeeper,
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

  /**
   * Keeps the audited page's snapshot (unless turned off) and compares it with the stored earlier years, through
   * `model` (where the page's budget model is).
   */
  async attach(model: PageModel, snapshot: SnapshotText | null): Promise<YearsPart> {
    const mine = ++this.generation;
    try {
      if (!snapshot) {
        this.current = undefined;
        this.view.clear();
        return NO_YEARS;
      }
      const kept = await this.keeper.keep(snapshot.json, null, false);
      if (mine !== this.generation) return { years: null, snapshot: kept.status };
      this.current = { model, snapshot, status: kept.status };
      return await this.compare(kept);
    } catch (e) {
      console.warn('budget-lens: prior years are unavailable:', (e as Error).message);
      this.view.clear();
      return { years: null, snapshot: this.current?.status ?? null };
    }
  }

  private async compare(kept: Awaited<ReturnType<SnapshotKeeper['keep']>>): Promise<YearsPart> {
    const cur = this.current;
    if (!cur) return NO_YEARS;
    // The model is asked only when there is an earlier year to compare with.
    if (kept.earlier === '[]') {
      this.view.draw([], null);
      return { years: null, snapshot: cur.status };
    }
    const r = await cur.model.years(kept.earlier, kept.threshold);
    this.view.draw(r.labels.map(priorLabel), r.table);
    return { years: r.years, snapshot: cur.status };
  }

  /** Compares again after a change in the store; keeps the page's snapshot when the settings were just switched on. */
  async refresh(settingsChanged = false): Promise<void> {
    const cur = this.current;
    if (!cur) return;
    const mine = ++this.generation;
    try {
      const kept = await this.keeper.keep(cur.snapshot.json, cur.status, settingsChanged);
      if (mine !== this.generation) return;
      cur.status = kept.status;
      const part = await this.compare(kept);
      if (mine !== this.generation) return;
      this.onChange(part);
    } catch (e) {
      console.warn('budget-lens: prior years are unavailable:', (e as Error).message);
    }
  }
}
