import { useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { exportJson, notesCsv, notesMarkdown } from '../../lib/notes/exchange';
import type { Note } from '../../lib/notes/schema';
import type { NotesStore, Unreadable } from '../../lib/notes/store';
import { t, uiLang, type MessageKey } from '../../utils/i18n';
import { FileDropPage } from '../shared/FileDropPage';
import { UnreadableEntries } from '../shared/UnreadableEntries';
import { storeList } from '../shared/storeList';
import { downloadText, MIME, type Download } from './download';
import {
  exportFileName,
  filterNotes,
  filterOptions,
  firstNotes,
  groupByDocument,
  isFiltered,
  localDate,
  NO_FILTERS,
  type DocumentGroup,
  type FilterName,
  type FilterOptions,
  type NoteFilters,
} from './filter';
import { ImportPanel, useImporter } from './ImportPanel';
import { errorText, noteStatusLabel } from './labels';
import { NoteCard } from './NoteCard';
import { notesStore } from './store-client';
import { useNotes } from './useNotes';

/** The notes page (/notes.html): every note across pages, searchable, filterable, editable, exportable, importable. */

const PAGE_SIZE = 200;

/** The extension's version for export files; '0.0.0' where the manifest cannot be read (tests). */
function extensionVersion(): string {
  try {
    return browser.runtime.getManifest().version;
  } catch {
    return '0.0.0';
  }
}

const FILTER_LABELS: Readonly<Record<FilterName, MessageKey>> = {
  tag: 'np_filterTag',
  department: 'np_filterDepartment',
  year: 'np_filterYear',
  site: 'np_filterSite',
  status: 'np_filterStatus',
};

function FilterSelect({
  name,
  options,
  value,
  onChange,
}: {
  name: FilterName;
  options: FilterOptions;
  value: string;
  onChange: (v: string) => void;
}) {
  const list = options[name];
  // A chosen value no note has any more (all deleted) stays visible and choosable back to "all".
  const withChosen = value !== '' && !list.some((o) => o.value === value) ? [...list, { value, count: 0 }] : list;
  const label = (v: string): string => (name === 'status' ? noteStatusLabel(v) : v);
  return (
    <label class="filter" for={`np-filter-${name}`}>
      <span class="field-label">{t(FILTER_LABELS[name])}</span>
      <select id={`np-filter-${name}`} name={name} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{t('np_filterAll')}</option>
        {withChosen.map((o) => (
          <option key={o.value} value={o.value}>
            {t('np_optionCount', label(o.value), String(o.count))}
          </option>
        ))}
      </select>
    </label>
  );
}

function Group({ g, store, knownTags }: { g: DocumentGroup; store: NotesStore; knownTags: readonly string[] }) {
  const facts = [g.department, g.year === null ? null : String(g.year), g.stage, g.site].filter(
    (s): s is string => !!s,
  );
  const id = `np-doc-${encodeURIComponent(g.url).replace(/[^A-Za-z0-9_-]/gu, '_')}`;
  return (
    <section class="doc-group" data-testid="note-group" data-url={g.url} aria-labelledby={id}>
      <h2 id={id} class="doc-heading">
        <a href={g.url} target="_blank" rel="noopener noreferrer" data-testid="doc-link">
          {g.title}
        </a>
      </h2>
      <p class="muted doc-facts">
        {facts.join(' · ')}
        {facts.length > 0 ? ' · ' : ''}
        {t('np_groupCount', String(g.notes.length))}
      </p>
      <ul class="note-list">
        {g.notes.map((n) => (
          <NoteCard key={n.id} note={n} store={store} knownTags={knownTags} />
        ))}
      </ul>
    </section>
  );
}

function UnreadableSection({
  entries,
  download,
  now,
}: {
  entries: readonly Unreadable[];
  download: Download;
  now: () => Date;
}) {
  const save = (): void => {
    const body = {
      format: 'budget-lens-unreadable-notes',
      savedAt: now().toISOString(),
      entries: entries.map((e) => ({ key: e.key, error: e.error, raw: e.raw })),
    };
    download(`budget-lens-unreadable-notes-${localDate(now())}.json`, JSON.stringify(body, null, 2), MIME.json);
  };
  return (
    <section class="unreadable" data-testid="unreadable" aria-labelledby="np-unreadable">
      <h2 id="np-unreadable">{t('np_unreadableHeading', String(entries.length))}</h2>
      <p>{t('np_unreadableHint')}</p>
      <button type="button" class="small-button" data-testid="unreadable-download" onClick={save}>
        {t('np_unreadableDownload')}
      </button>
      <UnreadableEntries entries={entries} testId="unreadable-note" />
    </section>
  );
}

type ExportFormat = 'json' | 'md' | 'csv';

function ExportSection({
  all,
  shown,
  filtered,
  download,
  now,
}: {
  all: readonly Note[];
  shown: readonly Note[];
  filtered: boolean;
  download: Download;
  now: () => Date;
}) {
  const [scope, setScope] = useState<'shown' | 'all'>('shown');
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const chosen = scope === 'all' || !filtered ? all : shown;
  const run = (fmt: ExportFormat): void => {
    setStatus('');
    setError('');
    if (chosen.length === 0) {
      setError(t('np_exportNothing'));
      return;
    }
    try {
      // Exported in the order the page lists them: by document, newest first.
      const list = groupByDocument(chosen).flatMap((g) => g.notes);
      const at = now();
      const text =
        fmt === 'json'
          ? exportJson(list, extensionVersion(), at)
          : fmt === 'md'
            ? notesMarkdown(list, uiLang())
            : notesCsv(list, uiLang());
      const name = exportFileName(fmt, at);
      download(name, text, MIME[fmt]);
      setStatus(t(scope === 'all' || !filtered ? 'np_exportedAll' : 'np_exportedShown', String(list.length), name));
    } catch (e) {
      setError(t('np_exportFailed', errorText(e)));
    }
  };
  return (
    <section class="export" aria-labelledby="np-export">
      <h2 id="np-export">{t('np_exportHeading')}</h2>
      {filtered ? (
        <fieldset class="export-scope" data-testid="export-scope">
          <legend class="field-label">{t('np_exportScope')}</legend>
          <label for="np-export-shown">
            <input
              type="radio"
              id="np-export-shown"
              name="export-scope"
              value="shown"
              checked={scope === 'shown'}
              onChange={() => setScope('shown')}
            />
            {t('np_exportScopeShown', String(shown.length))}
          </label>
          <label for="np-export-all">
            <input
              type="radio"
              id="np-export-all"
              name="export-scope"
              value="all"
              checked={scope === 'all'}
              onChange={() => setScope('all')}
            />
            {t('np_exportScopeAll', String(all.length))}
          </label>
        </fieldset>
      ) : (
        <p class="muted" data-testid="export-scope">
          {t('np_exportScopeAllOnly', String(all.length))}
        </p>
      )}
      <div class="form-actions">
        <button type="button" class="small-button" data-testid="export-json" onClick={() => run('json')}>
          {t('np_exportJson')}
        </button>
        <button type="button" class="small-button" data-testid="export-md" onClick={() => run('md')}>
          {t('np_exportMd')}
        </button>
        <button type="button" class="small-button" data-testid="export-csv" onClick={() => run('csv')}>
          {t('np_exportCsv')}
        </button>
      </div>
      <p class="muted">{t('np_exportJsonHint')}</p>
      {error && (
        <p class="form-error" role="alert" data-testid="export-error">
          {error}
        </p>
      )}
      <p class="done" role="status" aria-live="polite" data-testid="export-status">
        {status}
      </p>
    </section>
  );
}

export function NotesApp({
  store = notesStore(),
  download = downloadText,
  now = () => new Date(),
  pageSize = PAGE_SIZE,
}: {
  store?: NotesStore;
  download?: Download;
  now?: () => Date;
  pageSize?: number;
}) {
  const state = useNotes(store);
  const imp = useImporter(store);
  const [filters, setFilters] = useState<NoteFilters>(NO_FILTERS);
  const [limit, setLimit] = useState(pageSize);

  const notes = state.phase === 'ready' ? state.notes : [];
  const options = useMemo(() => filterOptions(notes), [notes]);
  const shown = useMemo(() => filterNotes(notes, filters), [notes, filters]);
  const groups = useMemo(() => groupByDocument(shown), [shown]);
  const page = useMemo(() => firstNotes(groups, limit), [groups, limit]);
  const knownTags = useMemo(() => options.tag.map((o) => o.value), [options]);
  const filtered = isFiltered(filters);

  const setFilter = (patch: Partial<NoteFilters>): void => {
    setFilters((f) => ({ ...f, ...patch }));
    setLimit(pageSize);
  };

  const list = storeList(
    state,
    { loading: t('np_loading'), failed: (m) => t('np_listFailed', m), errorTestId: 'notes-error' },
    () => (
      <>
        <p class="count" role="status" aria-live="polite" data-testid="notes-count">
          {notes.length === 0
            ? t('np_countNone')
            : filtered
              ? t('np_countFiltered', String(shown.length), String(notes.length), String(groups.length))
              : t('np_countAll', String(notes.length), String(groups.length))}
        </p>
        {notes.length > 0 && shown.length === 0 && <p class="muted">{t('np_noMatch')}</p>}
        {page.groups.map((g) => (
          <Group key={g.url} g={g} store={store} knownTags={knownTags} />
        ))}
        {page.shown < page.total && (
          <div class="more">
            <p class="muted">{t('np_shownOf', String(page.shown), String(page.total))}</p>
            <button
              type="button"
              class="small-button"
              data-testid="show-more"
              onClick={() => setLimit((l) => l + pageSize)}
            >
              {t('np_showMore', String(Math.min(pageSize, page.total - page.shown)))}
            </button>
          </div>
        )}
      </>
    ),
  );

  return (
    <FileDropPage
      pageClass="notes-page"
      testId="notes-page"
      title={t('np_title')}
      dropHint={t('np_dropHint')}
      onFiles={(files) => {
        const file = files[0];
        if (file) void imp.readFile(file);
      }}
      main={
        <>
          <div class="toolbar" role="search" aria-label={t('np_searchLabel')}>
            <label class="filter search" for="np-search">
              <span class="field-label">{t('np_searchLabel')}</span>
              <input
                type="search"
                id="np-search"
                name="q"
                placeholder={t('np_searchPlaceholder')}
                value={filters.q}
                onInput={(e) => setFilter({ q: e.currentTarget.value })}
              />
            </label>
            {(['tag', 'department', 'year', 'site', 'status'] as const).map((name) => (
              <FilterSelect
                key={name}
                name={name}
                options={options}
                value={filters[name]}
                onChange={(v) => setFilter({ [name]: v })}
              />
            ))}
            {filtered && (
              <button
                type="button"
                class="small-button"
                data-testid="clear-filters"
                onClick={() => setFilter(NO_FILTERS)}
              >
                {t('np_clearFilters')}
              </button>
            )}
          </div>
          {state.phase === 'ready' && state.unreadable.length > 0 && (
            <UnreadableSection entries={state.unreadable} download={download} now={now} />
          )}
          {list}
        </>
      }
      side={
        <>
          <ExportSection all={notes} shown={shown} filtered={filtered} download={download} now={now} />
          <ImportPanel imp={imp} />
        </>
      }
    />
  );
}
