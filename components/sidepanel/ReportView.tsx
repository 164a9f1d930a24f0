import type { Cell, FindingData, Headline, PageReport } from '../../lib/extension/messages';
import {
  kindLabel,
  pick,
  pickDerivation,
  severityLabel,
  stageLabel,
  statusLabel,
  t,
  uiLang,
  unitLabel,
} from '../../utils/i18n';
import { SiteSwitch } from './SiteSwitch';

/** One page's report as the side panel shows it. Page text is rendered as text only. */

const cellList = (cells: readonly Cell[]): string => cells.map((c) => `${c.table}:${c.row}:${c.cell}`).join(' ');

const SEVERITY_ORDER: Record<FindingData['severity'], number> = { error: 0, warning: 1, info: 2 };

/** A label's colon: full-width in Chinese. */
const colon = (): string => (uiLang() === 'en' ? ': ' : '：');

function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(uiLang() === 'en' ? 'en' : 'zh-CN');
}

interface Actions {
  readonly onReveal: (cells: readonly Cell[]) => void;
}

interface FindingActions {
  /** "Show me" a finding: its cells, or the sentence it is about. */
  readonly onRevealFinding: (f: FindingData) => void;
}

export function SidePanelEmpty() {
  return (
    <section class="empty" data-testid="empty" aria-labelledby="bl-empty-title">
      <h2 id="bl-empty-title">{t('emptyTitle')}</h2>
      <p>{t('emptyHint')}</p>
    </section>
  );
}

function HeadlineItem({ h, onReveal }: { h: Headline } & Actions) {
  const body = (
    <>
      <span class="headline-label">{pick(h.label)}</span>
      <span class="headline-value">
        <span class="num">{h.value}</span> <span class="headline-unit">{unitLabel(h.unit)}</span>
      </span>
      {h.share !== null && <span class="headline-share">{t('headlineShare', h.share)}</span>}
    </>
  );
  const cell = h.cell;
  return (
    <li class="headline" data-testid="headline" data-key={h.key}>
      {cell ? (
        <button type="button" class="headline-button" title={t('findingRevealHint')} onClick={() => onReveal([cell])}>
          {body}
        </button>
      ) : (
        <div class="headline-button">{body}</div>
      )}
    </li>
  );
}

function FindingItem({ f, onRevealFinding }: { f: FindingData } & FindingActions) {
  const unit = f.unit ? ` ${unitLabel(f.unit)}` : '';
  return (
    <li>
      <button
        type="button"
        class={`finding finding-${f.severity}`}
        data-testid="finding"
        data-severity={f.severity}
        data-cells={cellList(f.cells)}
        title={t('findingRevealHint')}
        onClick={() => onRevealFinding(f)}
      >
        <span class="badge">{severityLabel(f.severity)}</span>
        <span class="finding-message">{pick(f.message)}</span>
        {(f.stated !== null || f.expected !== null) && (
          <span class="finding-values">
            {f.stated !== null && (
              <span>
                {t('markerStated')}{' '}
                <span class="num">
                  {f.stated}
                  {unit}
                </span>
              </span>
            )}
            {f.expected !== null && (
              <span>
                {t('markerExpected')}{' '}
                <span class="num">
                  {f.expected}
                  {unit}
                </span>
              </span>
            )}
          </span>
        )}
        <span class="finding-derivation">
          {t('markerDerivation')}
          {colon()}
          <span class="num">{pickDerivation(f.derivation)}</span>
        </span>
        {f.cells.length > 0 && (
          <span class="finding-cells">
            {t('findingCells')}
            {colon()}
            {cellList(f.cells)}
          </span>
        )}
      </button>
    </li>
  );
}

function FindingGroup({
  id,
  title,
  findings,
  onRevealFinding,
}: { id: string; title: string; findings: readonly FindingData[] } & FindingActions) {
  if (findings.length === 0) return null;
  return (
    <section class="finding-group" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <ul class="findings">
        {findings.map((f, i) => (
          <FindingItem key={`${f.check}-${i}`} f={f} onRevealFinding={onRevealFinding} />
        ))}
      </ul>
    </section>
  );
}

export function SidePanelReport({
  report,
  onReveal,
  onRevealFinding,
  onCopy,
  copyStatus,
}: { report: PageReport; onCopy: () => void; copyStatus: string } & Actions & FindingActions) {
  const d = report.document;
  const s = report.summary;
  const findings = [...report.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const rounding = findings.filter((f) => f.severity === 'info');
  const unknown = t('fieldUnknown');
  return (
    <>
      <section aria-labelledby="bl-page">
        <h2 id="bl-page">{t('panelPageHeading')}</h2>
        {(d.title || report.title) && <p class="doc-title">{d.title || report.title}</p>}
        <dl class="facts">
          <div>
            <dt>{t('fieldDepartment')}</dt>
            <dd data-testid="department">{d.department ?? unknown}</dd>
          </div>
          <div>
            <dt>{t('fieldYear')}</dt>
            <dd data-testid="year">
              {d.year ?? unknown}
              {d.stage ? ` ${stageLabel(d.stage) || d.stage}` : ''}
            </dd>
          </div>
          <div>
            <dt>{t('fieldUnit')}</dt>
            <dd data-testid="unit">{d.unit ? unitLabel(d.unit) : unknown}</dd>
          </div>
        </dl>
        <p class="audited-at">{t('auditedAt', formatTime(report.auditedAt))}</p>
      </section>

      {report.headlines.length > 0 && (
        <section aria-labelledby="bl-headlines">
          <h2 id="bl-headlines">{t('headlinesHeading')}</h2>
          <ul class="headlines">
            {report.headlines.map((h) => (
              <HeadlineItem key={h.key} h={h} onReveal={onReveal} />
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="bl-counts">
        <h2 id="bl-counts">{t('countsHeading')}</h2>
        <p
          class={`counts${s.errors + s.warnings > 0 ? ' counts-failed' : ''}`}
          data-testid="counts"
          data-errors={s.errors}
          data-warnings={s.warnings}
          data-rounding={s.rounding}
          data-passed={s.passed}
          data-tables={s.budgetTables}
        >
          {t(
            'panelCounts',
            String(s.passed),
            String(s.errors),
            String(s.warnings),
            String(s.rounding),
            String(s.notCheckedCells),
          )}
        </p>
        <div class="copy">
          <button type="button" class="copy-button" data-testid="copy-markdown" onClick={onCopy}>
            {t('copyMarkdown')}
          </button>
          <p class="copy-status" role="status" aria-live="polite">
            {copyStatus}
          </p>
        </div>
        <SiteSwitch url={report.url} />
      </section>

      <section aria-labelledby="bl-findings">
        <h2 id="bl-findings">{t('findingsHeading')}</h2>
        {findings.length === 0 && <p>{t('findingsNone')}</p>}
        <FindingGroup
          id="bl-errors"
          title={t('findingsErrors', String(errors.length))}
          findings={errors}
          onRevealFinding={onRevealFinding}
        />
        <FindingGroup
          id="bl-warnings"
          title={t('findingsWarnings', String(warnings.length))}
          findings={warnings}
          onRevealFinding={onRevealFinding}
        />
        <FindingGroup
          id="bl-rounding"
          title={t('findingsRounding', String(rounding.length))}
          findings={rounding}
          onRevealFinding={onRevealFinding}
        />
      </section>

      <section aria-labelledby="bl-tables">
        <h2 id="bl-tables">{t('tablesHeading', String(report.tables.length))}</h2>
        <ol class="tables">
          {report.tables.map((tb) => (
            <li
              key={tb.index}
              class={`table table-${tb.status}`}
              data-testid="table"
              data-index={tb.index}
              data-status={tb.status}
            >
              <span class="table-head">
                <span class="table-kind">{kindLabel(tb.kind)}</span>
                <span class={`status status-${tb.status}`}>{statusLabel(tb.status)}</span>
              </span>
              <span class="table-title">{tb.title || t('tableUntitled')}</span>
              {tb.status === 'not-understood' && tb.note && (
                <span class="table-note" data-testid="table-note">
                  {uiLang() === 'en' ? (tb.noteEn ?? tb.note) : tb.note}
                </span>
              )}
              {tb.status !== 'not-budget' && tb.status !== 'empty' && tb.status !== 'not-understood' && (
                <span class="table-counts">
                  {unitLabel(tb.unit)} ·{' '}
                  {t(
                    'barCounts',
                    String(tb.passed),
                    String(tb.failed),
                    String(tb.rounding),
                    String(tb.notCheckedCells),
                  )}
                </span>
              )}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
