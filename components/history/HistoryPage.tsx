import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Snapshot } from '../../lib/snapshots/schema';
import { SNAPSHOT_KEY_PREFIX, type SnapshotStore, type Unreadable } from '../../lib/snapshots/store';
import { t, uiLang } from '../../utils/i18n';
import { stageLabel } from '../overlay/years';
import { groupByDepartment, linkable, type DepartmentGroup } from './group';
import { browserParse, fileBytes, importSavedPage, type OpenPdf, type PageImport, type ParseHtml } from './import';
import { snapshotStore, watchSnapshots } from './store-client';
import { FileDropPage } from '../shared/FileDropPage';
import { UnreadableEntries } from '../shared/UnreadableEntries';
import { storeList } from '../shared/storeList';
import { errorText, useFollowedStore, type FollowedState } from '../shared/useFollowedStore';

/**
 * The history page (/years.html): every stored snapshot grouped by department (department, region, year, stage,
 * tables, source address, saved date), delete one after a confirmation, values that do not read as a snapshot
 * (shown, never deleted), and the import of saved web pages and PDFs (file input or drag and drop, several at once;
 * a PDF's pages counted as they are read).
 */

type ListState = FollowedState<{ readonly snapshots: readonly Snapshot[]; readonly unreadable: readonly Unreadable[] }>;

const readSnapshots = async (store: SnapshotStore): Promise<{ snapshots: Snapshot[]; unreadable: Unreadable[] }> => {
  const { snapshots, unreadable } = await store.list();
  return { snapshots, unreadable };
};
const followSnapshots = (_store: SnapshotStore, onChange: () => void): (() => void) =>
  watchSnapshots(onChange, (k) => k.startsWith(SNAPSHOT_KEY_PREFIX));

/** Every stored snapshot, read again whenever one changes (here, in a tab's engine, in another window). */
function useSnapshots(store: SnapshotStore): ListState {
  return useFollowedStore(store, readSnapshots, followSnapshots);
}

export type ImportProgress =
  | { readonly phase: 'idle' }
  /** page: a PDF's pages read so far and its page count, once it is open. */
  | {
      readonly phase: 'reading';
      readonly index: number;
      readonly total: number;
      readonly name: string;
      readonly page?: { readonly done: number; readonly total: number };
    }
  | { readonly phase: 'done'; readonly total: number };

export interface HistoryImporter {
  readonly progress: ImportProgress;
  readonly results: readonly PageImport[];
  importFiles(files: readonly File[]): Promise<void>;
}

/** Imports files one after the other, saying which one it is at; each file's result (or error) is listed. */
function useHistoryImport(store: SnapshotStore, parse: ParseHtml, openPdf?: OpenPdf): HistoryImporter {
  const [progress, setProgress] = useState<ImportProgress>({ phase: 'idle' });
  const [results, setResults] = useState<readonly PageImport[]>([]);
  const busy = useRef(false);
  const importFiles = useCallback(
    async (files: readonly File[]): Promise<void> => {
      if (files.length === 0 || busy.current) return;
      busy.current = true;
      setResults([]);
      const done: PageImport[] = [];
      try {
        for (let i = 0; i < files.length; i++) {
          const f = files[i]!;
          const reading = { phase: 'reading', index: i + 1, total: files.length, name: f.name } as const;
          setProgress(reading);
          const onPdfPage = (done: number, pages: number): void =>
            setProgress({ ...reading, page: { done, total: pages } });
          let r: PageImport;
          try {
            r = await importSavedPage({ name: f.name, bytes: await fileBytes(f) }, store, {
              parse,
              onPdfPage,
              ...(openPdf ? { openPdf } : {}),
            });
          } catch (e) {
            r = { ok: false, name: f.name, error: t('yr_importUnreadable', errorText(e)) };
          }
          done.push(r);
          setResults([...done]);
        }
      } finally {
        busy.current = false;
        setProgress({ phase: 'done', total: files.length });
      }
    },
    [store, parse, openPdf],
  );
  return { progress, results, importFiles };
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(uiLang() === 'en' ? 'en' : 'zh-CN');
}

function SnapshotRow({ s, store }: { s: Snapshot; store: SnapshotStore }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  const confirmRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const remove = async (): Promise<void> => {
    setError('');
    try {
      await store.remove(s.id);
    } catch (e) {
      setError(t('yr_deleteFailed', errorText(e)));
      setConfirming(false);
    }
  };
  const what = [s.year === null ? t('yr_yearUnknown') : t('yr_year', String(s.year)), stageLabel(s.stage)]
    .filter(Boolean)
    .join(' ');
  return (
    <li
      class="history-snapshot"
      data-testid="history-snapshot"
      data-id={s.id}
      data-year={s.year === null ? '' : String(s.year)}
      data-stage={s.stage ?? ''}
    >
      <p class="history-what">
        <strong>{what}</strong>
        <span class="muted">{` · ${t('yr_tablesCount', String(s.tables.length))}`}</span>
        {s.implied.length > 0 && <span class="muted">{` · ${t('yr_impliedCount', String(s.implied.length))}`}</span>}
      </p>
      <p class="history-title">{s.title}</p>
      <p class="muted history-url">
        {t('yr_source')}
        {linkable(s.url) ? (
          <a href={s.url} target="_blank" rel="noopener noreferrer" data-testid="history-url">
            {s.url}
          </a>
        ) : (
          <span data-testid="history-url">{s.url}</span>
        )}
      </p>
      <p class="muted">{t('yr_savedAt', formatDate(s.savedAt))}</p>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {confirming ? (
        <div class="confirm" role="group" aria-label={t('yr_deleteConfirmLabel')}>
          <p>{t('yr_deleteConfirm', what)}</p>
          <div class="form-actions">
            <button
              type="button"
              ref={confirmRef}
              class="danger-button"
              data-testid="history-delete-confirm"
              onClick={() => void remove()}
            >
              {t('yr_delete')}
            </button>
            <button
              type="button"
              class="small-button"
              data-testid="history-delete-cancel"
              onClick={() => {
                setConfirming(false);
                setTimeout(() => deleteRef.current?.focus(), 0);
              }}
            >
              {t('yr_cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          ref={deleteRef}
          class="small-button"
          data-testid="history-delete"
          onClick={() => setConfirming(true)}
        >
          {t('yr_deleteAsk')}
        </button>
      )}
    </li>
  );
}

function Group({ g, store }: { g: DepartmentGroup; store: SnapshotStore }) {
  const id = `hp-${g.key.replace(/[^A-Za-z0-9_-]/gu, (c) => `_${c.codePointAt(0)!.toString(16)}`)}`;
  const years = [...new Set(g.snapshots.map((s) => s.year).filter((y): y is number => y !== null))].sort(
    (a, b) => a - b,
  );
  return (
    <section class="doc-group" data-testid="history-group" data-department={g.department ?? ''} aria-labelledby={id}>
      <h2 id={id} class="doc-heading">
        {g.department ?? t('yr_unknownDepartment')}
      </h2>
      <p class="muted doc-facts">
        {[g.region, years.length > 0 ? years.join('、') : null, t('yr_snapshotsCount', String(g.snapshots.length))]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <ul class="note-list">
        {g.snapshots.map((s) => (
          <SnapshotRow key={s.id} s={s} store={store} />
        ))}
      </ul>
    </section>
  );
}

function UnreadableList({ entries }: { entries: readonly Unreadable[] }) {
  return (
    <section class="unreadable" data-testid="history-unreadable" aria-labelledby="hp-unreadable">
      <h2 id="hp-unreadable">{t('yr_unreadableHeading', String(entries.length))}</h2>
      <p>{t('yr_unreadableHint')}</p>
      <UnreadableEntries entries={entries} testId="history-unreadable-entry" />
    </section>
  );
}

function ImportPanel({ imp, inputRef }: { imp: HistoryImporter; inputRef: { current: HTMLInputElement | null } }) {
  const p = imp.progress;
  return (
    <section class="history-import" aria-labelledby="hp-import">
      <h2 id="hp-import">{t('yr_importHeading')}</h2>
      <p class="muted">{t('yr_importHint')}</p>
      <label class="field" for="hp-import-file">
        <span class="field-label">{t('yr_importChoose')}</span>
        <input
          type="file"
          id="hp-import-file"
          ref={inputRef}
          data-testid="history-import"
          accept=".html,.htm,.pdf,text/html,application/pdf"
          multiple
          onChange={(e) => {
            const input = e.currentTarget;
            const files = [...(input.files ?? [])];
            void imp.importFiles(files).then(() => {
              input.value = '';
            });
          }}
        />
      </label>
      <p class="muted">{t('yr_importDrop')}</p>
      <p class="history-progress" role="status" aria-live="polite" data-testid="history-progress" data-phase={p.phase}>
        {p.phase === 'reading'
          ? p.page
            ? t('yr_importReadingPage', p.name, String(Math.min(p.page.total, p.page.done + 1)), String(p.page.total))
            : t('yr_importReading', String(p.index), String(p.total), p.name)
          : p.phase === 'done'
            ? t('yr_importDone', String(imp.results.filter((r) => r.ok).length), String(p.total))
            : ''}
        {p.phase === 'reading' && p.page && p.page.total > 1 && <progress max={p.page.total} value={p.page.done} />}
      </p>
      {imp.results.length > 0 && (
        <ul class="history-results">
          {imp.results.map((r, k) =>
            r.ok ? (
              <li key={k} class="done" data-testid="history-imported" data-id={r.snapshot.id} data-name={r.name}>
                {t(
                  r.replaced ? 'yr_importedReplaced' : 'yr_imported',
                  r.name,
                  r.snapshot.department ?? t('yr_unknownDepartment'),
                  r.snapshot.year === null ? t('yr_yearUnknown') : String(r.snapshot.year),
                  stageLabel(r.snapshot.stage),
                  String(r.snapshot.tables),
                )}
                {r.warnings.map((w, i) => (
                  <span key={i} class="caution">{` ${w}`}</span>
                ))}
              </li>
            ) : (
              <li key={k} class="form-error" data-testid="history-error" data-name={r.name} role="alert">
                {t('yr_importFailed', r.name, r.error)}
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
}

export function HistoryApp({
  store = snapshotStore(),
  parse = browserParse,
  openPdf,
}: {
  store?: SnapshotStore;
  parse?: ParseHtml;
  openPdf?: OpenPdf;
}) {
  const state = useSnapshots(store);
  const imp = useHistoryImport(store, parse, openPdf);
  const inputRef = useRef<HTMLInputElement>(null);
  const snapshots = state.phase === 'ready' ? state.snapshots : [];
  const groups = useMemo(() => groupByDepartment(snapshots), [snapshots]);

  const list = storeList(
    state,
    { loading: t('yr_loading'), failed: (m) => t('yr_listFailed', m), errorTestId: 'history-list-error' },
    (ready) => (
      <>
        <p class="count" role="status" aria-live="polite" data-testid="history-count">
          {snapshots.length === 0
            ? t('yr_historyNone')
            : t('yr_historyCount', String(snapshots.length), String(groups.length))}
        </p>
        {ready.unreadable.length > 0 && <UnreadableList entries={ready.unreadable} />}
        {groups.map((g) => (
          <Group key={g.key} g={g} store={store} />
        ))}
      </>
    ),
  );

  return (
    <FileDropPage
      pageClass="notes-page history-page"
      testId="history-page"
      title={t('yr_historyTitle')}
      dropHint={t('yr_importDropHint')}
      onFiles={(files) => void imp.importFiles(files)}
      main={
        <>
          <p class="muted">{t('yr_historyIntro')}</p>
          {list}
        </>
      }
      side={<ImportPanel imp={imp} inputRef={inputRef} />}
    />
  );
}
