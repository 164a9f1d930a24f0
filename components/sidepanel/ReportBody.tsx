import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Cell, ClaimData, FindingData, NoteOnPage, PageReport } from '../../lib/extension/messages';
import { reportMarkdown } from '../../lib/report/markdown';
import { t, uiLang } from '../../utils/i18n';
import { claimOfFinding } from '../marks/place';
import { ClaimsView } from './ClaimsView';
import { PageNotesView } from './NotesView';
import { SidePanelEmpty, SidePanelReport } from './ReportView';
import { copyText } from './source';
import { YearsView } from './YearsView';

/** What "show me" does where the report is shown: the side panel asks the tab, the viewer asks its own marks. */
export interface RevealActions {
  readonly onReveal: (cells: readonly Cell[]) => void;
  readonly onRevealClaim: (index: number, claim: ClaimData) => void;
  readonly onRevealNote: (where: NoteOnPage) => void;
}

/**
 * A document's report as a reader sees it, the same in the side panel and beside the PDF viewer's pages: the page,
 * its headline figures, counts and the Markdown copy, the findings, the tables, the text's claims, prior years and
 * the document's notes. Page text is rendered as text only.
 */
export function ReportBody({ report, onReveal, onRevealClaim, onRevealNote }: { report: PageReport } & RevealActions) {
  const [copyStatus, setCopyStatus] = useState('');
  const copyTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(copyTimer.current), []);
  const onCopy = useCallback(() => {
    clearTimeout(copyTimer.current);
    copyText(reportMarkdown(report, uiLang())).then(
      () => setCopyStatus(t('copyDone')),
      () => setCopyStatus(t('copyFailed')),
    );
    copyTimer.current = setTimeout(() => setCopyStatus(''), 6000);
  }, [report]);
  // A finding about a sentence alone (no cells: the text's own arithmetic) shows the sentence's claim.
  const onRevealFinding = useCallback(
    (f: FindingData) => {
      const claim = f.cells.length === 0 ? claimOfFinding(report.claims, f) : -1;
      if (claim >= 0) onRevealClaim(claim, report.claims[claim]!);
      else onReveal(f.cells);
    },
    [report, onReveal, onRevealClaim],
  );
  const budget = report.summary.budgetTables > 0;
  return (
    <div class="report">
      {budget ? (
        <SidePanelReport
          report={report}
          onReveal={onReveal}
          onRevealFinding={onRevealFinding}
          onCopy={onCopy}
          copyStatus={copyStatus}
        />
      ) : (
        <SidePanelEmpty />
      )}
      {(budget || report.claims.length > 0) && <ClaimsView report={report} onReveal={onRevealClaim} />}
      {budget && <YearsView report={report} onReveal={onReveal} />}
      <PageNotesView report={report} onReveal={onRevealNote} />
    </div>
  );
}
