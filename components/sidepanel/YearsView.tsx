import { useEffect, useRef, useState } from 'preact/hooks';
import type { Cell, PageReport, SnapshotStatus, YearLine, YearsReport } from '../../lib/extension/messages';
import { Decimal, formatDecimal } from '../../lib/money/amount';
import { unitFactor, type UnitName } from '../../lib/money/units';
import { DEFAULT_SNAPSHOT_SETTINGS, SNAPSHOT_SETTINGS_KEY, type SnapshotSettings } from '../../lib/snapshots/schema';
import type { SnapshotStore } from '../../lib/snapshots/store';
import { pick, t, uiLang, stageLabel, unitLabel } from '../../utils/i18n';
import { openHistoryPage, snapshotStore, watchSnapshots } from '../history/store-client';

/**
 * "往年对比" in the side panel: which years were compared, the largest swings, lines that appeared, vanished or moved
 * to another code, a small chart of the grand total and the 类 over the stored years (with a table for screen
 * readers), the text's implied prior-year figures beside the stored ones, and the snapshot settings. Page text is
 * rendered as text only; money stays decimal strings (chart lengths are computed with decimal.js).
 */

// ---------------------------------------------------------------------------------------------------------------
// What the panel lists (pure)

const colon = (): string => (uiLang() === 'en' ? ': ' : '：');

/** A figure in 元 in the compared table's unit and precision. */
function shown(yuan: string | null, unit: string, scale: number, signed = false): string {
  if (yuan === null) return '—';
  const d = new Decimal(yuan).dividedBy(unitFactor(unit as UnitName));
  const text = formatDecimal(d, scale);
  return signed && d.isPositive() && !d.isZero() ? `+${text}` : text;
}

/** "2023 预算 → 2024 预算" (the years compared, earlier first). */
export function comparedText(y: YearsReport): string {
  const part = (year: number | null, stage: string | null): string =>
    [year === null ? '?' : String(year), stageLabel(stage)].filter(Boolean).join(' ');
  return `${part(y.against.year, y.against.stage)} → ${part(y.current.year, y.current.stage)}`;
}

/** "1,731.17 → 1,797.02 · +65.85 · +3.8%": a matched line's figures. */
export function changeText(l: YearLine): string {
  const parts = [`${l.display.earlier ?? '—'} → ${l.display.current ?? '—'}`];
  if (l.display.change !== null) parts.push(l.display.change);
  if (l.percent !== null) parts.push(l.percent);
  else if (l.flags.includes('prior-zero')) parts.push(t('yr_priorZero'));
  return parts.join(' · ');
}

/** A line's name, with its code when it has one: "科技成果转化与扩散（2060404）". */
export function lineName(l: Pick<YearLine, 'names' | 'code'>): string {
  const name = l.names[l.names.length - 1] ?? '';
  return l.code ? `${name}（${l.code}）` : name;
}

/** "≥ 10% 且 ≥ 10 万元" from the threshold (元). */
export function thresholdText(threshold: { percent: string; amount: string }): string {
  return t('yr_thresholdText', threshold.percent, new Decimal(threshold.amount).dividedBy(10000).toFixed());
}

export interface ChartBar {
  readonly year: number;
  /** Bar length in the chart's units (0–CHART_WIDTH), a decimal string for the SVG attribute. */
  readonly length: string;
  readonly value: string | null;
  readonly text: string;
}

export interface ChartRow {
  readonly key: string;
  readonly label: string;
  readonly total: boolean;
  readonly bars: readonly ChartBar[];
}

const CHART_WIDTH = 200;

/** The chart's rows: the grand total and each 类, one bar per stored year, each row scaled to its own largest figure. */
export function chartRows(y: YearsReport): ChartRow[] {
  const series = y.series;
  if (!series || !y.table) return [];
  const unit = y.table.unit;
  const scale = y.table.scale;
  return series.rows.map((r) => {
    const values = r.values.map((v) => (v === null ? null : new Decimal(v)));
    const max = values.reduce<Decimal>((m, v) => (v !== null && v.greaterThan(m) ? v : m), new Decimal(0));
    return {
      key: r.key,
      label: pick(r.label),
      total: r.total,
      bars: series.years.map((yr, i) => {
        const v = values[i] ?? null;
        const length =
          v === null || max.isZero() || v.isNegative()
            ? '0'
            : v.times(CHART_WIDTH).dividedBy(max).toDecimalPlaces(1).toString();
        return {
          year: yr.year,
          length,
          value: r.values[i] ?? null,
          text: r.values[i] == null ? t('yr_notListed') : shown(r.values[i] ?? null, unit, scale),
        };
      }),
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Views

function LineItem({
  l,
  testid,
  text,
  onReveal,
}: {
  l: YearLine;
  testid: string;
  text: string;
  onReveal: (cells: readonly Cell[]) => void;
}) {
  const name = l.names[l.names.length - 1] ?? '';
  const body = (
    <>
      <span class="finding-message">{lineName(l)}</span>
      {l.names.length > 1 && <span class="finding-cells">{l.names.join(' › ')}</span>}
      <span class="num">{text}</span>
    </>
  );
  const cell = l.cell;
  return (
    <li data-testid={testid} data-code={l.code ?? ''} data-name={name}>
      {cell ? (
        <button
          type="button"
          class="finding finding-info"
          title={t('findingRevealHint')}
          onClick={() => onReveal([cell])}
        >
          {body}
        </button>
      ) : (
        <div class="finding finding-info">{body}</div>
      )}
    </li>
  );
}

const COLORS = ['#9fb3c8', '#6b8bb0', '#3d5a80', '#24406a', '#122b52'];

function YearsChart({ y }: { y: YearsReport }) {
  const rows = chartRows(y);
  if (rows.length === 0 || !y.series || !y.table) return null;
  const years = y.series.years;
  const barH = 10;
  const rowH = 16 + years.length * (barH + 3) + 6;
  const height = rows.length * rowH + 18;
  const colorOf = (i: number): string =>
    COLORS[Math.max(0, COLORS.length - years.length + i)] ?? COLORS[COLORS.length - 1]!;
  const unit = unitLabel(y.table.unit);
  return (
    <figure class="years-chart" data-testid="years-chart" style={{ margin: '8px 0' }}>
      <svg
        viewBox={`0 0 300 ${height}`}
        width="100%"
        role="img"
        aria-hidden="true"
        focusable="false"
        style={{ maxWidth: '420px', display: 'block' }}
      >
        {years.map((yr, i) => (
          <g key={yr.year}>
            <rect x={String(i * 100)} y="2" width="10" height="10" fill={colorOf(i)} />
            <text x={String(i * 100 + 14)} y="11" font-size="10" fill="currentColor">
              {`${yr.year}${stageLabel(yr.stage) ? ` ${stageLabel(yr.stage)}` : ''}`}
            </text>
          </g>
        ))}
        {rows.map((r, k) => {
          const top = 18 + k * rowH;
          return (
            <g key={r.key} data-key={r.key}>
              <text x="0" y={String(top + 11)} font-size="11" font-weight={r.total ? '700' : '400'} fill="currentColor">
                {r.label}
              </text>
              {r.bars.map((b, i) => {
                const by = top + 16 + i * (barH + 3);
                return (
                  <g key={b.year}>
                    <rect x="0" y={String(by)} width={b.length} height={String(barH)} fill={colorOf(i)} />
                    <text
                      x={new Decimal(b.length).plus(4).toString()}
                      y={String(by + 9)}
                      font-size="9"
                      fill="currentColor"
                    >
                      {b.text}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption class="muted">{t('yr_chartCaption', unit)}</figcaption>
      <table
        data-testid="years-chart-table"
        style={{
          position: 'absolute',
          width: '1px',
          height: '1px',
          overflow: 'hidden',
          clip: 'rect(0 0 0 0)',
          clipPath: 'inset(50%)',
          whiteSpace: 'nowrap',
        }}
      >
        <caption>{t('yr_chartTableCaption', unit)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('yr_subject')}</th>
            {years.map((yr) => (
              <th key={yr.year} scope="col">
                {String(yr.year)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              {r.bars.map((b) => (
                <td key={b.year}>{b.text}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function ImpliedRows({ y }: { y: YearsReport }) {
  const found = y.implied.filter((i) => i.stored !== null);
  const missing = y.implied.filter((i) => i.stored === null);
  if (y.implied.length === 0) return null;
  return (
    <section aria-labelledby="bl-yr-implied">
      <h3 id="bl-yr-implied">{t('yr_impliedHeading', String(y.implied.length))}</h3>
      <p class="muted">{t('yr_impliedHint')}</p>
      {found.length > 0 && (
        <ul class="findings">
          {found.map((i, k) => (
            <li key={k} class="finding finding-info" data-testid="implied-prior" data-subject={i.subject}>
              <span class="finding-message">{i.subject}</span>
              <span class="finding-values">
                <span>
                  {t('yr_impliedValue', i.basis)}
                  {colon()}
                  <span
                    class="num"
                    data-testid="implied-value"
                  >{`${i.display.implied} ${unitLabel(i.display.unit)}`}</span>
                </span>
                <span>
                  {t('yr_storedValue', String(i.storedFrom?.year ?? '?'), stageLabel(i.storedFrom?.stage))}
                  {colon()}
                  <span
                    class="num"
                    data-testid="stored-value"
                  >{`${i.display.stored ?? '—'} ${unitLabel(i.display.unit)}`}</span>
                </span>
                <span>
                  {t('yr_difference')}
                  {colon()}
                  <span
                    class="num"
                    data-testid="implied-difference"
                  >{`${i.display.difference ?? '—'} ${unitLabel(i.display.unit)}`}</span>
                </span>
              </span>
              {i.storedFrom && (
                <span class="finding-cells">{`${i.storedFrom.table} › ${i.storedFrom.names.join(' › ')}`}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {missing.length > 0 && (
        <details data-testid="implied-prior-unmatched">
          <summary>{t('yr_impliedUnmatched', String(missing.length))}</summary>
          <ul>
            {missing.map((i, k) => (
              <li key={k} class="muted">
                {`${i.subject}${colon()}${i.display.implied} ${unitLabel(i.display.unit)}（${pick(i.label)}）`}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function Comparison({ y, onReveal }: { y: YearsReport; onReveal: (cells: readonly Cell[]) => void }) {
  const unit = y.table?.unit ?? '';
  const unitShown = unitLabel(unit);
  return (
    <>
      <p data-testid="years-compared" data-years={y.years.join(',')}>
        <strong>{comparedText(y)}</strong>
      </p>
      {y.table && (
        <p class="muted" data-testid="years-table">
          {t('yr_tableLine', pick(y.table.label), y.table.column.join(' / '), unitShown, String(y.matched))}
        </p>
      )}
      {y.notes.map((n, k) => (
        <p key={k} class="muted">
          {pick(n)}
        </p>
      ))}

      <h3 id="bl-yr-swings">{t('yr_swingsHeading', String(y.swings.length))}</h3>
      <p class="muted" data-testid="years-threshold">
        {thresholdText(y.threshold)}
      </p>
      {y.swings.length === 0 ? (
        <p>{t('yr_swingsNone')}</p>
      ) : (
        <ol class="findings" aria-labelledby="bl-yr-swings">
          {y.swings.map((l) => (
            <LineItem key={l.key} l={l} testid="swing" text={changeText(l)} onReveal={onReveal} />
          ))}
        </ol>
      )}

      {y.appeared.length > 0 && (
        <>
          <h3 id="bl-yr-appeared">{t('yr_appearedHeading', String(y.appeared.length))}</h3>
          <ul class="findings" aria-labelledby="bl-yr-appeared">
            {y.appeared.map((l) => (
              <LineItem
                key={l.key}
                l={l}
                testid="appeared"
                text={`${l.display.current ?? '—'} ${unitShown}`}
                onReveal={onReveal}
              />
            ))}
          </ul>
        </>
      )}
      {y.vanished.length > 0 && (
        <>
          <h3 id="bl-yr-vanished">{t('yr_vanishedHeading', String(y.vanished.length))}</h3>
          <ul class="findings" aria-labelledby="bl-yr-vanished">
            {y.vanished.map((l) => (
              <LineItem
                key={l.key}
                l={l}
                testid="vanished"
                text={t('yr_vanishedText', String(y.against.year ?? '?'), l.display.earlier ?? '—', unitShown)}
                onReveal={onReveal}
              />
            ))}
          </ul>
        </>
      )}
      {y.moves.length > 0 && (
        <>
          <h3 id="bl-yr-moved">{t('yr_movedHeading', String(y.moves.length))}</h3>
          <ul class="findings" aria-labelledby="bl-yr-moved">
            {y.moves.map((m, k) => {
              const cell = m.cell;
              const body = (
                <>
                  <span class="finding-message">{pick(m.label)}</span>
                  {m.change !== null && y.table && (
                    <span class="num">
                      {`${shown(m.from.amount, unit, y.table.scale)} → ${shown(m.to.amount, unit, y.table.scale)}` +
                        ` · ${shown(m.change, unit, y.table.scale, true)}`}
                    </span>
                  )}
                </>
              );
              return (
                <li
                  key={k}
                  data-testid="moved"
                  data-from={m.from.code ?? ''}
                  data-to={m.to.code ?? ''}
                  data-name={m.to.names[m.to.names.length - 1] ?? ''}
                >
                  {cell ? (
                    <button
                      type="button"
                      class="finding finding-info"
                      title={t('findingRevealHint')}
                      onClick={() => onReveal([cell])}
                    >
                      {body}
                    </button>
                  ) : (
                    <div class="finding finding-info">{body}</div>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}

      <h3>{t('yr_chartHeading')}</h3>
      <YearsChart y={y} />
      <ImpliedRows y={y} />
    </>
  );
}

function SnapshotLine({ s }: { s: SnapshotStatus | null | undefined }) {
  if (!s) return null;
  if (s.error)
    return (
      <p class="form-error" role="alert" data-testid="snapshot-error">
        {pick(s.error)}
      </p>
    );
  return (
    <p class="muted" data-testid="snapshot-status" data-saved={String(s.saved)}>
      {s.saved ? t('yr_snapshotSaved') : t('yr_snapshotOff')}
    </p>
  );
}

/** The snapshot settings as the form shows them: the amount in 万元. */
export function settingsForm(s: SnapshotSettings): { enabled: boolean; percent: string; amount: string } {
  return {
    enabled: s.enabled,
    percent: s.threshold.percent,
    amount: new Decimal(s.threshold.amount).dividedBy(10000).toFixed(),
  };
}

const DECIMAL = /^\d{1,12}(?:\.\d{1,4})?$/u;

/** The form's values as settings (amount back in 元), or the message saying what is wrong. */
export function settingsFromForm(form: {
  enabled: boolean;
  percent: string;
  amount: string;
}): { ok: true; settings: SnapshotSettings } | { ok: false; message: string } {
  const percent = form.percent.trim();
  const amount = form.amount.trim();
  if (!DECIMAL.test(percent)) return { ok: false, message: t('yr_thresholdInvalidPercent') };
  if (!DECIMAL.test(amount)) return { ok: false, message: t('yr_thresholdInvalidAmount') };
  const yuan = new Decimal(amount).times(10000);
  return {
    ok: true,
    settings: {
      v: 1,
      enabled: form.enabled,
      threshold: { percent: new Decimal(percent).toFixed(), amount: yuan.isZero() ? '0' : yuan.toFixed() },
    },
  };
}

function SnapshotSettingsForm({ store }: { store: SnapshotStore }) {
  const [form, setForm] = useState(settingsForm(DEFAULT_SNAPSHOT_SETTINGS));
  const [loaded, setLoaded] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  /** The reader changed a field and has not saved it: a change from elsewhere must not overwrite what they typed. */
  const dirty = useRef(false);
  const percentRef = useRef<HTMLInputElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let stopped = false;
    const load = (): void => {
      store.settings().then(
        (r) => {
          if (stopped) return;
          if (!dirty.current) setForm(settingsForm(r.settings));
          setLoaded(true);
          if (r.error) setError(t('yr_settingsUnreadable', r.error));
        },
        () => {
          if (!stopped) setLoaded(true);
        },
      );
    };
    load();
    const stop = watchSnapshots(load, (k) => k === SNAPSHOT_SETTINGS_KEY);
    return () => {
      stopped = true;
      stop();
    };
  }, [store]);

  const save = async (next: { enabled: boolean; percent: string; amount: string }): Promise<void> => {
    setStatus('');
    setError('');
    const r = settingsFromForm(next);
    if (!r.ok) {
      setError(r.message);
      return;
    }
    const w = await store.saveSettings(r.settings).catch((e: unknown) => ({
      ok: false as const,
      reason: 'error' as const,
      message: { zh: String(e), en: String(e) },
    }));
    if (w.ok) {
      dirty.current = false;
      setStatus(t('yr_settingsSaved'));
    } else setError(t('yr_settingsFailed', pick(w.message)));
  };

  return (
    <form
      class="note-fields"
      data-testid="snapshot-settings"
      aria-labelledby="bl-yr-settings"
      onSubmit={(e) => {
        e.preventDefault();
        // What the fields hold now (the state may not have caught up with the last keystroke yet).
        void save({
          ...form,
          percent: percentRef.current?.value ?? form.percent,
          amount: amountRef.current?.value ?? form.amount,
        });
      }}
    >
      <h3 id="bl-yr-settings">{t('yr_settingsHeading')}</h3>
      <label class="tag-choice" for="bl-yr-enabled">
        <input
          type="checkbox"
          id="bl-yr-enabled"
          data-testid="snapshots-enabled"
          checked={form.enabled}
          disabled={!loaded}
          onChange={(e) => {
            const next = {
              ...form,
              enabled: e.currentTarget.checked,
              percent: percentRef.current?.value ?? form.percent,
              amount: amountRef.current?.value ?? form.amount,
            };
            setForm(next);
            void save(next);
          }}
        />
        {t('yr_enabled')}
      </label>
      <p class="field-hint">{t('yr_enabledHint')}</p>
      <label class="field" for="bl-yr-percent">
        <span class="field-label">{t('yr_thresholdPercent')}</span>
        <input
          type="text"
          inputMode="decimal"
          id="bl-yr-percent"
          ref={percentRef}
          name="percent"
          data-testid="threshold-percent"
          value={form.percent}
          onInput={(e) => {
            dirty.current = true;
            const percent = e.currentTarget.value;
            setForm((f) => ({ ...f, percent }));
          }}
        />
      </label>
      <label class="field" for="bl-yr-amount">
        <span class="field-label">{t('yr_thresholdAmount')}</span>
        <input
          type="text"
          inputMode="decimal"
          id="bl-yr-amount"
          ref={amountRef}
          name="amount"
          data-testid="threshold-amount"
          value={form.amount}
          onInput={(e) => {
            dirty.current = true;
            const amount = e.currentTarget.value;
            setForm((f) => ({ ...f, amount }));
          }}
        />
      </label>
      <p class="field-hint">{t('yr_thresholdHint')}</p>
      {error && (
        <p class="form-error" role="alert" data-testid="settings-error">
          {error}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="small-button" data-testid="threshold-save" disabled={!loaded}>
          {t('yr_settingsSave')}
        </button>
        <span class="form-done" role="status" aria-live="polite" data-testid="settings-status">
          {status}
        </span>
      </div>
    </form>
  );
}

export function YearsView({
  report,
  onReveal,
  store = snapshotStore(),
}: {
  report: PageReport;
  onReveal: (cells: readonly Cell[]) => void;
  store?: SnapshotStore;
}) {
  const [notice, setNotice] = useState('');
  const y = report.years ?? null;
  return (
    <section aria-labelledby="bl-years" data-testid="years">
      <h2 id="bl-years">{t('yr_heading')}</h2>
      <SnapshotLine s={report.snapshot} />
      {y ? (
        <Comparison y={y} onReveal={onReveal} />
      ) : (
        <p class="muted" data-testid="years-none">
          {t('yr_none')}
        </p>
      )}
      <SnapshotSettingsForm store={store} />
      <div class="form-actions">
        <button
          type="button"
          class="small-button"
          data-testid="open-history"
          onClick={() => {
            setNotice('');
            openHistoryPage().catch(() => setNotice(t('yr_openHistoryFailed')));
          }}
        >
          {t('yr_openHistory')}
        </button>
      </div>
      {notice && (
        <p class="form-error" role="alert">
          {notice}
        </p>
      )}
    </section>
  );
}
