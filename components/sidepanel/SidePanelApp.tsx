import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Cell, ClaimData, NoteOnPage } from '../../lib/extension/messages';
import { reportMarkdown } from '../../lib/report/markdown';
import { t, uiLang } from '../../utils/i18n';
import { ClaimsView, revealClaim } from './ClaimsView';
import { PageNotesView } from './NotesView';
import { SidePanelEmpty, SidePanelReport } from './ReportView';
import { YearsView } from './YearsView';
import { copyText, followTab, openNotesPage, revealCells, revealNote, watchReport, type ReportState } from './source';

/** The side panel: the report of the tab it follows (see source.ts for how the tab is picked). */
export function SidePanelApp({ search }: { search: string }) {
  const [tabId, setTabId] = useState<number | undefined | null>(null); // null: still looking
  const [state, setState] = useState<ReportState>({ phase: 'loading' });
  const [copyStatus, setCopyStatus] = useState('');
  const [notice, setNotice] = useState('');
  const copyTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => followTab(search, (id) => setTabId(id)), [search]);

  useEffect(() => {
    if (tabId === null) return undefined;
    setNotice('');
    setCopyStatus('');
    if (tabId === undefined) {
      setState({ phase: 'no-tab' });
      return undefined;
    }
    setState({ phase: 'loading' });
    return watchReport(tabId, setState);
  }, [tabId]);

  useEffect(() => () => clearTimeout(copyTimer.current), []);

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

  const report = state.phase === 'report' ? state.report : undefined;
  const onCopy = useCallback(() => {
    if (!report) return;
    clearTimeout(copyTimer.current);
    copyText(reportMarkdown(report, uiLang())).then(
      () => setCopyStatus(t('copyDone')),
      () => setCopyStatus(t('copyFailed')),
    );
    copyTimer.current = setTimeout(() => setCopyStatus(''), 6000);
  }, [report]);

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
        <>
          {state.report.summary.budgetTables === 0 ? (
            <SidePanelEmpty />
          ) : (
            <SidePanelReport report={state.report} onReveal={onReveal} onCopy={onCopy} copyStatus={copyStatus} />
          )}
          {(state.report.summary.budgetTables > 0 || state.report.claims.length > 0) && (
            <ClaimsView report={state.report} onReveal={onRevealClaim} />
          )}
          {state.report.summary.budgetTables > 0 && <YearsView report={state.report} onReveal={onReveal} />}
          <PageNotesView report={state.report} onReveal={onRevealNote} />
        </>
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
        {body}
      </main>
    </>
  );
}
