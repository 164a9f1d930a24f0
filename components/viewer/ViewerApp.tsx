import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { PageReport } from '../../lib/extension/messages';
import { NotesStore, type StorageAreaLike, type StorageChangedLike } from '../../lib/notes/store';
import { SnapshotStore } from '../../lib/snapshots/store';
import { t } from '../../utils/i18n';
import { answerReveals, sendReport } from '../../utils/messages';
import { useFileDrop } from '../shared/useFileDrop';
import { ReportBody } from '../sidepanel/ReportBody';
import { LoadError, fetchPdf, hasHost, readFile, requestHost } from './load';
import { fileNameOf, fitWidthZoom, isPdfFile, localFileUrl, stepZoom, viewerSource, type ViewerSource } from './params';
import { openPdf } from './pdf';
import { ViewerSession, type AuditOutcome, type SessionStores } from './session';

/**
 * The viewer page (/viewer.html?src=<url> or ?file): a toolbar (open a local PDF, zoom, page count), the rendered
 * pages with the audit's marks (the page overlay's own marks layer), and beside them the report as the side panel
 * shows it (components/sidepanel/ReportBody.tsx: the same components, "show me" scrolling the pages). The pages
 * themselves are drawn by ViewerSession (imperative DOM), which this shell owns one at a time.
 *
 * Test ids: viewer-file (input[type=file]), viewer-permission (the "允许读取 <host>" button), viewer-progress,
 * viewer-no-text, viewer-error, viewer-page-count, viewer-zoom; the report's are the side panel's (counts, finding,
 * table, claim, page-note …).
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
function stores(): SessionStores {
  const changes = browser.storage.onChanged as unknown as StorageChangedLike;
  try {
    notesStore ??= new NotesStore(browser.storage.local as unknown as StorageAreaLike, changes);
    snapshotStore ??= new SnapshotStore(browser.storage.local as unknown as StorageAreaLike);
  } catch (e) {
    console.warn('budget-lens: storage is unavailable:', (e as Error).message);
  }
  return { notes: notesStore, snapshots: snapshotStore, changes };
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
  /** The report shown beside the pages and sent to the background (updated as notes and prior years change). */
  const [report, setReport] = useState<PageReport | undefined>(undefined);
  const mount = useRef<HTMLDivElement>(null);
  const session = useRef<ViewerSession | undefined>(undefined);
  const generation = useRef(0);

  /** Opens bytes: lays the pages out, reads and audits them. A newer open makes an older one stop where it is. */
  const show = useCallback(async (bytes: Uint8Array, what: Opened) => {
    const mine = ++generation.current;
    session.current?.destroy();
    session.current = undefined;
    setReport(undefined);
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
        (part) => {
          if (mine === generation.current) setReport((r) => r && { ...r, ...part });
        },
      );
      if (mine !== generation.current) return;
      setPhase({ kind: 'done', outcome });
      if (outcome.kind === 'audited') setReport(outcome.pageReport);
      document.documentElement.dataset.budgetLens = 'done';
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
  // The side panel and the badge show the PDF like any page: each new state of its report goes to the background.
  useEffect(() => {
    if (report) void sendReport(report);
  }, [report]);
  // "Show me", from the side panel or from the report beside the pages: the marks on the pages.
  const reveal = useMemo(
    () => ({
      cells: (cells: readonly { table: number; row: number; cell: number }[]) =>
        session.current?.marks.reveal(cells) ?? false,
      claim: (index: number) => session.current?.marks.claims.reveal(index) ?? false,
      note: (id: string) => session.current?.marks.notes.reveal(id) ?? false,
    }),
    [],
  );
  useEffect(() => answerReveals(() => (session.current ? reveal : undefined)), [reveal]);

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

  // A local PDF dropped anywhere on the page.
  const drop = useFileDrop((files) => openFile(files.find(isPdfFile) ?? files[0]));

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
    <div class={`pv-app${drop.dragging ? ' pv-dragging' : ''}`} {...drop.handlers}>
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
            {outcome?.kind === 'audited' && report ? (
              <ReportBody
                report={report}
                onReveal={(cells) => reveal.cells(cells)}
                onRevealClaim={(index) => reveal.claim(index)}
                onRevealNote={(where) => reveal.note(where.id)}
              />
            ) : outcome?.kind === 'no-text' ? (
              <p class="pv-muted">{t('pv_noTextHint')}</p>
            ) : (
              <p class="pv-muted">{busy ? t('pv_busy') : ''}</p>
            )}
          </aside>
        )}
      </div>
      {drop.dragging ? <p class="pv-drop-hint">{t('pv_dropActive')}</p> : null}
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
      const missing = o.pdf!.pagesWithoutText;
      return missing.length > 0 ? (
        <p class="pv-notice" role="note" data-testid="viewer-pages-without-text">
          {t('pv_somePagesNoText', missing.join('、'))}
        </p>
      ) : null;
    }
  }
}

/** A step of opening the file, as a status line (the reading step adds its count and a progress bar). */
function Progress({ text }: { text: string }) {
  return (
    <p class="pv-progress" role="status" data-testid="viewer-progress">
      {text}
    </p>
  );
}
