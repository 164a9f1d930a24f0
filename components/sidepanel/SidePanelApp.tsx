import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Cell, ClaimData, NoteOnPage, Progress } from '../../lib/extension/messages';
import { t } from '../../utils/i18n';
import { revealClaim } from './ClaimsView';
import { ProgressView } from './ProgressView';
import { ReportBody } from './ReportBody';
import { SidePanelEmpty } from './ReportView';
import {
  followTab,
  openNotesPage,
  revealCells,
  revealNote,
  watchProgress,
  watchReport,
  type ReportState,
} from './source';

/** The side panel: the report of the tab it follows (see source.ts for how the tab is picked). */
export function SidePanelApp({ search }: { search: string }) {
  const [tabId, setTabId] = useState<number | undefined | null>(null); // null: still looking
  const [state, setState] = useState<ReportState>({ phase: 'loading' });
  const [notice, setNotice] = useState('');
  const [progress, setProgress] = useState<Progress | undefined>(undefined);

  useEffect(() => followTab(search, (id) => setTabId(id)), [search]);

  useEffect(() => {
    if (tabId === null) return undefined;
    setNotice('');
    if (tabId === undefined) {
      setState({ phase: 'no-tab' });
      return undefined;
    }
    setState({ phase: 'loading' });
    setProgress(undefined);
    const stopReport = watchReport(tabId, setState);
    const stopProgress = watchProgress(tabId, setProgress);
    return () => {
      stopReport();
      stopProgress();
    };
  }, [tabId]);

  const onReveal = useCallback(
    (cells: readonly Cell[]) => {
      if (typeof tabId !== 'number' || cells.length === 0) return;
      setNotice('');
      revealCells(tabId, cells).catch(() => setNotice(t('revealFailed')));
    },
    [tabId],
  );

  const onRevealNote = useCallback(
    (where: NoteOnPage) => {
      if (typeof tabId !== 'number') return;
      setNotice('');
      revealNote(tabId, where).catch(() => setNotice(t('revealFailed')));
    },
    [tabId],
  );

  const onRevealClaim = useCallback(
    (index: number, claim: ClaimData) => {
      if (typeof tabId !== 'number') return;
      setNotice('');
      revealClaim(tabId, index, claim).catch(() => setNotice(t('cl_revealFailed')));
    },
    [tabId],
  );

  const onOpenNotes = useCallback(() => {
    setNotice('');
    openNotesPage().catch(() => setNotice(t('sp_openNotesFailed')));
  }, []);

  let body;
  switch (state.phase) {
    case 'loading':
      body = (
        <p class="muted" role="status">
          {t('loading')}
        </p>
      );
      break;
    case 'no-tab':
      body = (
        <p class="muted" role="status">
          {t('noTab')}
        </p>
      );
      break;
    case 'none':
      body = <SidePanelEmpty />;
      break;
    case 'invalid':
      body = (
        <div class="invalid" role="alert" data-testid="invalid">
          <p>{t('invalidReport')}</p>
          <p class="muted">{state.reason}</p>
        </div>
      );
      break;
    case 'report':
      body = (
        <ReportBody
          report={state.report}
          onReveal={onReveal}
          onRevealClaim={onRevealClaim}
          onRevealNote={onRevealNote}
        />
      );
      break;
  }

  return (
    <>
      <header class="bar">
        <h1>{t('extName')}</h1>
        <button type="button" class="bar-button" data-testid="open-notes-page" onClick={onOpenNotes}>
          {t('sp_openNotes')}
        </button>
      </header>
      <main>
        {notice && (
          <p class="notice" role="alert">
            {notice}
          </p>
        )}
        {progress && progress.phase !== 'done' && <ProgressView progress={progress} />}
        {body}
      </main>
    </>
  );
}
