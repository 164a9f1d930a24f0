import type { Progress } from '../../lib/extension/messages';
import { t } from '../../utils/i18n';

/**
 * How far the audit of the page is (bl:progress, kept by the background per tab): an accessible progress bar
 * (role=progressbar, aria-valuenow 0–100) and what is being done, while the page is read, checked and marked; while it
 * is still arriving, how many tables it has so far (no value: its length is not known yet).
 */
export function ProgressView({ progress }: { progress: Progress }) {
  const loading = progress.phase === 'loading';
  const what = loading
    ? t('sp_progressLoading', String(progress.tablesRead))
    : progress.phase === 'reading'
      ? t('sp_progressReading', String(progress.tablesRead), String(progress.tablesTotal))
      : progress.phase === 'auditing'
        ? t('sp_progressAuditing', String(progress.tablesTotal))
        : t('sp_progressDrawing');
  return (
    <div class="progress" data-testid="progress" data-phase={progress.phase}>
      <div
        class="progress-track"
        role="progressbar"
        aria-label={t('sp_progressLabel')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={loading ? undefined : progress.percent}
        aria-valuetext={what}
      >
        <div class="progress-fill" style={{ width: `${progress.percent}%` }} />
      </div>
      <p class="muted" aria-hidden="true">
        {what}
      </p>
    </div>
  );
}
