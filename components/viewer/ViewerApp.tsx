import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { AuditReport } from '../../lib/audit';
import type { Finding } from '../../lib/checks/types';
import type { SnapshotStatus } from '../../lib/extension/messages';
import { anchorFor } from '../../lib/notes/anchor';
import type { NoteStatus } from '../../lib/notes/schema';
import { NotesStore, type StorageAreaLike, type StorageChangedLike } from '../../lib/notes/store';
import { SnapshotStore } from '../../lib/snapshots/store';
import { kindLabel, pick, severityLabel, statusLabel, t, type MessageKey } from '../../utils/i18n';
import { editorValues, newNote, noteOnPage, type ResolvedNote } from '../overlay/notes';
import { LoadError, fetchPdf, hasHost, readFile, requestHost } from './load';
import { CLAIM_MARK_KEYS } from './marks';
import { fileNameOf, fitWidthZoom, isPdfFile, localFileUrl, stepZoom, viewerSource, type ViewerSource } from './params';
import { openPdf } from './pdf';
import { claimMark, claimOfFinding, type ClaimMark } from './place';
import { pageReport } from '../../lib/extension/page-report';
import { sendReport } from '../../utils/report';
import { answerReveals } from './report';
import { ViewerSession, type AuditOutcome } from './session';

/**
 * The viewer page (/viewer.html?src=<url> or ?file): a toolbar (open a local PDF, zoom, page count), the rendered
 * pages with the audit's marks, and on the right the summary (data-testid viewer-summary), the findings (each
 * scrolls to its marker), the tables, the text's claims and the notes. The pages themselves are drawn by
 * ViewerSession (imperative DOM), which this shell owns one at a time.
 *
 * Test ids: viewer-file (input[type=file]), viewer-permission (the "允许读取 <host>" button), viewer-progress,
 * viewer-no-text, viewer-error, viewer-summary[data-errors][data-warnings][data-rounding][data-tables],
 * viewer-finding[data-cell], viewer-table[data-table], viewer-claim[data-claim], viewer-page-count, viewer-zoom.
 */

type Phase =
  | { readonly kind: 'choose'; readonly invalid?: string }
  | {
      readonly kind: 'permission';
      readonly host: string;
      readonly pattern: string;
      readonly url: string;
      readonly denied?: boolean;
    }
  | { readonly kind: 'fetching'; readonly host: string }
  | { readonly kind: 'opening' }
  | { readonly kind: 'reading'; readonly done: number; readonly total: number }
  | { readonly kind: 'auditing' }
  | { readonly kind: 'done'; readonly outcome: AuditOutcome }
  | { readonly kind: 'error'; readonly message: string };

interface Opened {
  /** The address notes and snapshots are filed under: the PDF's URL, or file:///<name>. */
  readonly url: string;
  readonly title: string;
  /** The PDF's own address, for the 原始文件 link (undefined for a local file). */
  readonly remote?: string;
}

let notesStore: NotesStore | undefined;
let snapshotStore: SnapshotStore | undefined;
function stores(): { notes: NotesStore | undefined; snapshots: SnapshotStore | undefined } {
  try {
    notesStore ??= new NotesStore(
      browser.storage.local as unknown as StorageAreaLike,
      browser.storage.onChanged as unknown as StorageChangedLike,
    );
    snapshotStore ??= new SnapshotStore(browser.storage.local as unknown as StorageAreaLike);
  } catch (e) {
    console.warn('budget-lens: storage is unavailable:', (e as Error).message);
  }
  return { notes: notesStore, snapshots: snapshotStore };
}

function loadMessage(e: unknown): string {
  if (e instanceof LoadError) {
    if (e.reason === 'not-pdf') return t('pv_notPdf');
    if (e.reason === 'too-big') return t('pv_tooBig', e.message);
    return t('pv_fetchFailed', e.message);
  }
  const name = (e as { name?: string }).name;
  if (name === 'PasswordException') return t('pv_password');
  if (name === 'InvalidPDFException') return t('pv_invalidPdf');
  return t('pv_openFailed', (e as Error).message ?? String(e));
}

/** Available width for the pages: the window less the side panel (when it sits beside them) and margins. */
function pagesWidth(): number {
  const side = innerWidth > 900 ? 380 : 0;
  return Math.max(320, innerWidth - side - 48);
}

export function ViewerApp() {
  const source = useMemo<ViewerSource>(() => viewerSource(location.search), []);
  const [phase, setPhase] = useState<Phase>(() =>
    source.kind === 'url' ? { kind: 'fetching', host: source.host } : { kind: 'choose' },
  );
  const [opened, setOpened] = useState<Opened | undefined>(undefined);
  const [zoom, setZoom] = useState(1);
  const [pageCount, setPageCount] = useState(0);
  const [dragging, setDragging] = useState(false);
  const [notes, setNotes] = useState<readonly ResolvedNote[]>([]);
  const mount = useRef<HTMLDivElement>(null);
  const session = useRef<ViewerSession | undefined>(undefined);
  const generation = useRef(0);
  const latestNotes = useRef<readonly ResolvedNote[]>([]);

  /** Opens bytes: lays the pages out, reads and audits them. A newer open makes an older one stop where it is. */
  const show = useCallback(async (bytes: Uint8Array, what: Opened) => {
    const mine = ++generation.current;
    session.current?.destroy();
    session.current = undefined;
    setNotes([]);
    setOpened(what);
    setPageCount(0);
    document.title = t('pv_titleFile', what.title);
    setPhase({ kind: 'opening' });
    try {
      const task = openPdf(bytes);
      const doc = await task.promise;
      if (mine !== generation.current) {
        void doc.destroy();
        return;
      }
      const s = await ViewerSession.open(doc, mount.current!, (w) => fitWidthZoom(w, pagesWidth()), stores());
      if (mine !== generation.current) {
        s.destroy();
        return;
      }
      session.current = s;
      setZoom(s.pages.zoom);
      setPageCount(s.pages.pageCount);
      setPhase({ kind: 'reading', done: 0, total: doc.numPages });
      const outcome = await s.audit(
        { url: what.url, title: what.title },
        (done, total) => {
          if (mine !== generation.current) return;
          setPhase(done < total ? { kind: 'reading', done, total } : { kind: 'auditing' });
        },
        (resolved) => {
          if (mine !== generation.current) return;
          latestNotes.current = resolved;
          setNotes(resolved);
        },
      );
      if (mine !== generation.current) return;
      setPhase({ kind: 'done', outcome });
      document.documentElement.dataset.budgetLens = 'done';
      // The side panel and the badge show the PDF like any page.
      if (outcome.kind === 'audited')
        void sendReport(pageReport(outcome.report, outcome.doc, what, latestNotes.current.map(noteOnPage)));
    } catch (e) {
      if (mine !== generation.current || (e as Error).name === 'AbortError') return;
      console.warn('budget-lens: cannot open the PDF:', e);
      setPhase({ kind: 'error', message: loadMessage(e) });
    }
  }, []);

  const fetchAndShow = useCallback(
    async (url: string, host: string) => {
      const mine = generation.current;
      setPhase({ kind: 'fetching', host });
      try {
        const bytes = await fetchPdf(url);
        if (mine !== generation.current) return;
        await show(bytes, { url, title: fileNameOf(url), remote: url });
      } catch (e) {
        if (mine === generation.current) setPhase({ kind: 'error', message: loadMessage(e) });
      }
    },
    [show],
  );

  // The address's PDF: fetched at once when the host is already allowed (*.gov.cn, or granted before); else a button
  // asks.
  useEffect(() => {
    if (source.kind === 'invalid') {
      setPhase({ kind: 'choose', invalid: source.raw });
      return;
    }
    if (source.kind !== 'url') return;
    document.title = t('pv_titleFile', fileNameOf(source.url));
    void hasHost(source.pattern).then((ok) => {
      if (ok) void fetchAndShow(source.url, source.host);
      else setPhase({ kind: 'permission', host: source.host, pattern: source.pattern, url: source.url });
    });
  }, [source, fetchAndShow]);

  useEffect(() => () => session.current?.destroy(), []);
  // The side panel's "show me" buttons, for the PDF on this tab.
  useEffect(
    () =>
      answerReveals(() => {
        const s = session.current;
        return s
          ? {
              cells: (cells) => s.marks.reveal(cells),
              claim: (index) => s.marks.revealClaim(index),
              note: (id) => s.notes.reveal(id),
            }
          : undefined;
      }),
    [],
  );

  const openFile = useCallback(
    (file: File | undefined) => {
      if (!file) return;
      if (!isPdfFile(file)) {
        setPhase({ kind: 'error', message: t('pv_notPdfFile', file.name) });
        return;
      }
      // A reload shows the picker again rather than fetching the address this tab was opened with.
      if (location.search !== '?file') history.replaceState(null, '', `${location.pathname}?file`);
      void readFile(file)
        .then((bytes) => show(bytes, { url: localFileUrl(file.name), title: file.name }))
        .catch((e: unknown) => setPhase({ kind: 'error', message: loadMessage(e) }));
    },
    [show],
  );

  // Drag and drop of a local PDF anywhere on the page.
  useEffect(() => {
    const hasFiles = (e: DragEvent): boolean => [...(e.dataTransfer?.types ?? [])].includes('Files');
    const over = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    const leave = (e: DragEvent): void => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      openFile(files.find(isPdfFile) ?? files[0]);
    };
    addEventListener('dragover', over);
    addEventListener('dragleave', leave);
    addEventListener('drop', drop);
    return () => {
      removeEventListener('dragover', over);
      removeEventListener('dragleave', leave);
      removeEventListener('drop', drop);
    };
  }, [openFile]);

  const changeZoom = (z: number): void => {
    const s = session.current;
    if (!s) return;
    s.pages.setZoom(z);
    setZoom(s.pages.zoom);
  };
  const fit = (): void => {
    const s = session.current;
    const first = s?.pages.sizeOf(s.pages.currentPage());
    if (first) changeZoom(fitWidthZoom(first.width, pagesWidth()));
  };

  const onAllow = (p: Extract<Phase, { kind: 'permission' }>): void => {
    // Asked in the click's own turn: the browser shows its prompt only for a user gesture.
    void requestHost(p.pattern).then((granted) => {
      if (granted) void fetchAndShow(p.url, p.host);
      else setPhase({ ...p, denied: true });
    });
  };

  const outcome = phase.kind === 'done' ? phase.outcome : undefined;
  const busy =
    phase.kind === 'fetching' || phase.kind === 'opening' || phase.kind === 'reading' || phase.kind === 'auditing';

  return (
    <div class={`pv-app${dragging ? ' pv-dragging' : ''}`}>
      <header class="pv-toolbar">
        <h1 class="pv-name" title={opened?.remote ?? opened?.title ?? ''}>
          {opened?.title ?? t('pv_heading')}
        </h1>
        {opened?.remote ? (
          <a class="pv-original" href={opened.remote} target="_blank" rel="noopener noreferrer">
            {t('pv_original')}
          </a>
        ) : null}
        <span class="pv-pages-count" data-testid="viewer-page-count">
          {pageCount > 0 ? t('pv_pageCount', String(pageCount)) : ''}
        </span>
        <span class="pv-zoom" role="group" aria-label={t('pv_zoomLabel')}>
          <button
            type="button"
            onClick={() => changeZoom(stepZoom(zoom, -1))}
            disabled={pageCount === 0}
            aria-label={t('pv_zoomOut')}
            title={t('pv_zoomOut')}
          >
            −
          </button>
          <output data-testid="viewer-zoom" aria-live="polite">{`${Math.round(zoom * 100)}%`}</output>
          <button
            type="button"
            onClick={() => changeZoom(stepZoom(zoom, 1))}
            disabled={pageCount === 0}
            aria-label={t('pv_zoomIn')}
            title={t('pv_zoomIn')}
          >
            +
          </button>
          <button type="button" onClick={fit} disabled={pageCount === 0}>
            {t('pv_zoomFit')}
          </button>
        </span>
        <label class="pv-file">
          <span>{t('pv_openFile')}</span>
          <input
            type="file"
            accept="application/pdf,.pdf"
            data-testid="viewer-file"
            onChange={(e) => {
              openFile(e.currentTarget.files?.[0]);
              e.currentTarget.value = '';
            }}
          />
        </label>
      </header>
      <div class="pv-body">
        <main class="pv-main" aria-label={t('pv_pagesLabel')}>
          <Status phase={phase} onAllow={onAllow} />
          <div class="pv-mount" ref={mount} />
        </main>
        {phase.kind === 'choose' && pageCount === 0 ? null : (
          <aside class="pv-side" aria-label={t('pv_sideLabel')} aria-busy={busy}>
            {outcome?.kind === 'audited' ? (
              <Results outcome={outcome} session={session.current} notes={notes} opened={opened} />
            ) : outcome?.kind === 'no-text' ? (
              <p class="pv-muted">{t('pv_noTextHint')}</p>
            ) : (
              <p class="pv-muted">{busy ? t('pv_busy') : ''}</p>
            )}
          </aside>
        )}
      </div>
      {dragging ? <p class="pv-drop-hint">{t('pv_dropActive')}</p> : null}
    </div>
  );
}

function Status({ phase, onAllow }: { phase: Phase; onAllow: (p: Extract<Phase, { kind: 'permission' }>) => void }) {
  switch (phase.kind) {
    case 'choose':
      return (
        <section class="pv-choose">
          {phase.invalid !== undefined ? (
            <p class="pv-error" role="alert" data-testid="viewer-error">
              {t('pv_invalidSrc', phase.invalid)}
            </p>
          ) : null}
          <h2>{t('pv_chooseHeading')}</h2>
          <p>{t('pv_chooseText')}</p>
          <p class="pv-muted">{t('pv_dropHint')}</p>
        </section>
      );
    case 'permission':
      return (
        <section class="pv-permission">
          <p>{t('pv_permissionText', phase.host)}</p>
          <button type="button" class="pv-primary" data-testid="viewer-permission" onClick={() => onAllow(phase)}>
            {t('pv_permissionButton', phase.host)}
          </button>
          {phase.denied ? (
            <p class="pv-error" role="alert">
              {t('pv_permissionDenied')}
            </p>
          ) : null}
        </section>
      );
    case 'fetching':
      return <Progress text={t('pv_fetching', phase.host)} />;
    case 'opening':
      return <Progress text={t('pv_opening')} />;
    case 'reading':
      return (
        <p
          class="pv-progress"
          role="status"
          data-testid="viewer-progress"
          data-done={phase.done}
          data-total={phase.total}
        >
          {t('pv_progress', String(Math.min(phase.total, phase.done + 1)), String(phase.total))}
          <progress max={phase.total} value={phase.done} />
        </p>
      );
    case 'auditing':
      return <Progress text={t('pv_auditing')} />;
    case 'error':
      return (
        <p class="pv-error" role="alert" data-testid="viewer-error">
          {phase.message}
        </p>
      );
    case 'done': {
      const o = phase.outcome;
      if (o.kind === 'no-text') {
        return (
          <p class="pv-notice pv-no-text" role="alert" data-testid="viewer-no-text">
            {t('pv_noText')}
          </p>
        );
      }
      const missing = o.pdf.pagesWithoutText;
      return missing.length > 0 ? (
        <p class="pv-notice" role="note" data-testid="viewer-pages-without-text">
          {t('pv_somePagesNoText', missing.join('、'))}
        </p>
      ) : null;
    }
  }
}

const SEVERITY_ORDER: readonly Finding['severity'][] = ['error', 'warning', 'info'];
const cellAttr = (c: { table: number; row: number; cell: number }): string => `${c.table}:${c.row}:${c.cell}`;

function Results({
  outcome,
  session,
  notes,
  opened,
}: {
  outcome: Extract<AuditOutcome, { kind: 'audited' }>;
  session: ViewerSession | undefined;
  notes: readonly ResolvedNote[];
  opened: Opened | undefined;
}) {
  const { report } = outcome;
  const s = report.summary;
  const d = report.document;
  const facts = [d.department, d.year === null ? null : String(d.year), d.stage, d.unit].filter(
    (x): x is string => !!x,
  );
  const bySeverity = (sev: Finding['severity']): Finding[] => report.findings.filter((f) => f.severity === sev);
  const tables = report.tables.filter((x) => x.status !== 'not-budget');
  const claims = report.claims.map((c, index) => ({ c, index, mark: claimMark(c) }));
  const claimCount = (m: ClaimMark): number => claims.filter((x) => x.mark === m).length;
  const loudClaims = claims.filter((x) => x.mark === 'failed' || x.mark === 'warning');
  return (
    <>
      <section class="pv-section">
        <h2 class="pv-doc-title">{d.title || opened?.title}</h2>
        {facts.length > 0 ? <p class="pv-muted">{facts.join(' · ')}</p> : null}
        <div
          class={`pv-summary${s.errors > 0 ? ' pv-summary-failed' : ''}`}
          data-testid="viewer-summary"
          data-errors={s.errors}
          data-warnings={s.warnings}
          data-rounding={s.rounding}
          data-passed={s.passed}
          data-tables={s.budgetTables}
          role="status"
        >
          <p class="pv-counts">
            {t(
              'pv_summaryCounts',
              String(s.errors),
              String(s.warnings),
              String(s.rounding),
              String(s.passed),
              String(s.notCheckedCells),
            )}
          </p>
          <p class="pv-muted">
            {s.budgetTables > 0
              ? t('pv_tablesCount', String(s.budgetTables), String(s.tables))
              : t('pv_noBudgetTables')}
          </p>
          {claims.length > 0 ? (
            <p class="pv-muted">
              {t(
                'pv_claimsCounts',
                String(claims.length),
                String(claimCount('failed')),
                String(claimCount('warning')),
                String(claimCount('not-checked')),
                String(claimCount('passed') + claimCount('rounding')),
              )}
            </p>
          ) : null}
        </div>
        <SnapshotLine status={outcome.snapshot} />
      </section>

      <section class="pv-section" aria-labelledby="pv-findings">
        <h2 id="pv-findings">{t('pv_findingsHeading', String(s.errors + s.warnings))}</h2>
        {s.errors + s.warnings === 0 ? <p class="pv-muted">{t('pv_findingsNone')}</p> : null}
        {SEVERITY_ORDER.filter((sev) => sev !== 'info').map((sev) => (
          <FindingList key={sev} findings={bySeverity(sev)} report={report} session={session} />
        ))}
        {s.rounding > 0 ? (
          <details>
            <summary>{t('pv_roundingHeading', String(s.rounding))}</summary>
            <FindingList findings={bySeverity('info')} report={report} session={session} />
          </details>
        ) : null}
      </section>

      {loudClaims.length > 0 ? (
        <section class="pv-section" aria-labelledby="pv-claims">
          <h2 id="pv-claims">{t('pv_claimsHeading', String(loudClaims.length))}</h2>
          <ul class="pv-list">
            {loudClaims.map(({ c, index, mark }) => (
              <li key={index}>
                <button
                  type="button"
                  class="pv-item"
                  data-testid="viewer-claim"
                  data-claim={index}
                  data-status={mark}
                  onClick={() => session?.marks.revealClaim(index)}
                >
                  <span class={`pv-badge pv-badge-${mark}`}>{t(CLAIM_MARK_KEYS[mark])}</span> {c.text}
                  <span class="pv-muted pv-derivation">{pick(c.message)}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section class="pv-section" aria-labelledby="pv-tables">
        <h2 id="pv-tables">{t('pv_tablesHeading', String(tables.length))}</h2>
        <ul class="pv-list">
          {tables.map((x) => (
            <li key={x.index}>
              <button
                type="button"
                class="pv-item"
                data-testid="viewer-table"
                data-table={x.index}
                data-status={x.status}
                onClick={() => session?.marks.revealTable(x.index)}
              >
                <strong>{kindLabel(x.kind)}</strong> {x.title ? <span>{x.title}</span> : null}
                <span class="pv-muted pv-derivation">
                  {statusLabel(x.status)} · {x.unit} ·{' '}
                  {x.status === 'empty'
                    ? t('status_empty')
                    : t('barCounts', String(x.passed), String(x.failed), String(x.rounding), String(x.notCheckedCells))}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>

      <NotesSection notes={notes} session={session} />
    </>
  );
}

function FindingList({
  findings,
  report,
  session,
}: {
  findings: readonly Finding[];
  report: AuditReport;
  session: ViewerSession | undefined;
}) {
  if (findings.length === 0) return null;
  // A finding about a sentence alone (no cells) scrolls to the sentence's claim marker.
  const reveal = (f: Finding): void => {
    if (session?.marks.reveal(f.cells)) return;
    const claim = claimOfFinding(report.claims, f);
    if (claim >= 0) session?.marks.revealClaim(claim);
  };
  return (
    <ul class="pv-list">
      {findings.map((f, i) => (
        <li key={i}>
          <button
            type="button"
            class="pv-item"
            data-testid="viewer-finding"
            data-severity={f.severity}
            data-cell={f.cells[0] ? cellAttr(f.cells[0]) : ''}
            onClick={() => reveal(f)}
          >
            <span class={`pv-badge pv-badge-${f.severity}`}>{severityLabel(f.severity)}</span> {pick(f.message)}
            <span class="pv-muted pv-derivation">{f.derivation}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function SnapshotLine({ status }: { status: SnapshotStatus | null }) {
  if (!status) return null;
  if (!status.enabled) return <p class="pv-muted">{t('pv_snapshotOff')}</p>;
  if (status.saved) return <p class="pv-muted">{t('pv_snapshotSaved')}</p>;
  return (
    <p class="pv-error" role="alert">
      {t('pv_snapshotFailed', status.error ? pick(status.error) : '')}
    </p>
  );
}

const NOTE_STATUS_KEYS: Readonly<Record<NoteStatus, MessageKey>> = {
  open: 'ov_status_open',
  'in-progress': 'ov_status_in_progress',
  resolved: 'ov_status_resolved',
};
const SCOPE_KEYS: Readonly<Record<string, MessageKey>> = {
  page: 'ov_scope_page',
  table: 'ov_scope_table',
  row: 'ov_scope_row',
  cell: 'ov_scope_cell',
};

function NotesSection({ notes, session }: { notes: readonly ResolvedNote[]; session: ViewerSession | undefined }) {
  const [text, setText] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const attached = notes.filter((n) => n.resolution.status === 'attached');
  const orphans = notes.filter((n) => n.resolution.status === 'orphan');

  const addPageNote = async (e: Event): Promise<void> => {
    e.preventDefault();
    const context = session?.noteContext();
    const store = stores().notes;
    const read = editorValues({ scope: 'cell', text, tags: [], newTag: '', status: 'open' });
    if (!read.ok) {
      setMessage({ ok: false, text: t('ov_emptyNote') });
      return;
    }
    if (!context || !store) {
      setMessage({ ok: false, text: t('pv_noteFailed', '') });
      return;
    }
    setSaving(true);
    try {
      const result = await store.create(
        newNote(read.values, anchorFor(context.doc, context.page, { scope: 'page' }), null, null),
      );
      if (result.ok) {
        setText('');
        setMessage({ ok: true, text: t('pv_noteSaved') });
      } else setMessage({ ok: false, text: pick(result.message) });
    } catch (err) {
      setMessage({ ok: false, text: t('pv_noteFailed', (err as Error).message) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section class="pv-section" aria-labelledby="pv-notes">
      <h2 id="pv-notes">{t('pv_notesHeading', String(attached.length))}</h2>
      {attached.length === 0 ? <p class="pv-muted">{t('pv_notesNone')}</p> : null}
      <ul class="pv-list">
        {attached.map((n) => (
          <li
            key={n.note.id}
            class="pv-note"
            data-testid="viewer-note"
            data-note={n.note.id}
            data-scope={n.note.anchor.scope}
          >
            <p class="pv-muted">
              {t(SCOPE_KEYS[n.note.anchor.scope] ?? 'ov_scope_cell')} · {t(NOTE_STATUS_KEYS[n.note.status])}
              {n.note.tags.length > 0 ? ` · ${n.note.tags.join('、')}` : ''}
            </p>
            {n.note.text ? <p class="pv-note-text">{n.note.text}</p> : null}
            {n.note.anchor.scope !== 'page' ? (
              <button type="button" class="pv-link" onClick={() => session?.notes.reveal(n.note.id)}>
                {t('pv_showNote')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <form class="pv-page-note" onSubmit={(e) => void addPageNote(e)}>
        <label for="pv-page-note-text">{t('pv_addPageNote')}</label>
        <textarea
          id="pv-page-note-text"
          rows={3}
          maxLength={20000}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void addPageNote(e);
          }}
        />
        <button type="submit" disabled={saving || !session}>
          {t('pv_addPageNoteSubmit')}
        </button>
        {message ? (
          <p class={message.ok ? 'pv-muted' : 'pv-error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        ) : null}
      </form>
      {orphans.length > 0 ? (
        <>
          <h3>{t('pv_orphansHeading', String(orphans.length))}</h3>
          <ul class="pv-list">
            {orphans.map((n) => (
              <li key={n.note.id} class="pv-note pv-orphan" data-testid="viewer-orphan" data-note={n.note.id}>
                {n.note.text ? <p class="pv-note-text">{n.note.text}</p> : null}
                {n.note.anchor.quote?.exact ? (
                  <p class="pv-muted">{t('ov_oldValue', n.note.anchor.quote.exact)}</p>
                ) : null}
                {n.resolution.status === 'orphan' ? <p class="pv-muted">{pick(n.resolution.reason)}</p> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href={browser.runtime.getURL('/notes.html')} target="_blank" rel="noopener">
          {t('pv_openNotes')}
        </a>
      </p>
    </section>
  );
}

/** A step of opening the file, as a status line (the reading step adds its count and a progress bar). */
function Progress({ text }: { text: string }) {
  return (
    <p class="pv-progress" role="status" data-testid="viewer-progress">
      {text}
    </p>
  );
}
