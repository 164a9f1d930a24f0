import { useMemo, useState } from 'preact/hooks';
import type { NoteOnPage, PageReport } from '../../lib/extension/messages';
import { pageAnchor } from '../../lib/notes/anchor';
import type { NotesStore } from '../../lib/notes/store';
import { pick, t } from '../../utils/i18n';
import { filterOptions } from '../notes/filter';
import { errorText, writeFailureText } from '../notes/labels';
import {
  AnchorDetails,
  FindingView,
  LabelledLine,
  NoteMeta,
  NotePlaceView,
  NoteText,
  TagList,
} from '../notes/NoteDetails';
import { draftProblemText, draftTags, emptyDraft, NoteFields, useDraft } from '../notes/NoteFields';
import { notesStore } from '../notes/store-client';
import { useNotes } from '../notes/useNotes';
import { joinPageNotes, reportPageUrl, type PageNote } from './notes-join';

/** "本页笔记": the notes of the page the panel shows, attached ones and orphans, and a form for a page note. */

function AttachedNote({ pn, onReveal }: { pn: PageNote; onReveal: (where: NoteOnPage) => void }) {
  const { note, where } = pn;
  return (
    <li
      class="page-note"
      data-testid="page-note"
      data-note-id={note.id}
      data-placement={where ? (where.confidence ?? 'attached') : 'pending'}
    >
      <NoteMeta note={note} />
      <NoteText text={note.text} />
      <TagList tags={note.tags} />
      <NotePlaceView anchor={note.anchor} />
      {where === null && note.anchor.scope !== 'page' && <p class="muted">{t('sp_notePending')}</p>}
      {where?.confidence === 'moved' && <p class="muted">{t('sp_confidenceMoved')}</p>}
      {where?.confidence === 'fuzzy' && <p class="caution">{t('sp_confidenceFuzzy')}</p>}
      {note.finding && <FindingView finding={note.finding} />}
      {where !== null && where.status === 'attached' && note.anchor.scope !== 'page' && (
        <button type="button" class="small-button" data-testid="reveal-note" onClick={() => onReveal(where)}>
          {t('sp_revealNote')}
        </button>
      )}
    </li>
  );
}

function OrphanNote({ pn }: { pn: PageNote }) {
  const { note, where } = pn;
  return (
    <li class="page-note orphan" data-testid="orphan-note" data-note-id={note.id}>
      <NoteMeta note={note} />
      <NoteText text={note.text} />
      <TagList tags={note.tags} />
      <LabelledLine label={t('sp_orphanReason')} testid="orphan-reason">
        {where?.reason ? pick(where.reason) : t('sp_orphanNoReason')}
      </LabelledLine>
      <AnchorDetails anchor={note.anchor} hint={note.hint} />
      {note.finding && <FindingView finding={note.finding} />}
    </li>
  );
}

function AddPageNote({
  report,
  store,
  knownTags,
}: {
  report: PageReport;
  store: NotesStore;
  knownTags: readonly string[];
}) {
  const { draft, update, reset, current } = useDraft(emptyDraft);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    setDone('');
    const draft = current();
    const problem = draftProblemText(draft);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    try {
      const d = report.document;
      const anchor = pageAnchor(
        { url: report.url, canonicalUrl: report.canonicalUrl ?? undefined, title: report.title },
        {
          title: d.title || report.title,
          department: d.department,
          year: d.year,
          stage: d.stage === '预算' || d.stage === '决算' ? d.stage : null,
        },
      );
      const r = await store.create({
        text: draft.text,
        tags: draftTags(draft),
        status: draft.status,
        anchor,
        finding: null,
        hint: null,
      });
      if (r.ok) {
        reset(emptyDraft());
        setError('');
        setDone(t('sp_noteAdded'));
      } else {
        // The typed text stays in the form.
        setError(t('sp_addFailed', writeFailureText(r)));
      }
    } catch (err) {
      setError(t('sp_addFailed', errorText(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="add-note" data-testid="add-page-note" aria-labelledby="bl-add-note" onSubmit={(e) => void submit(e)}>
      <h3 id="bl-add-note">{t('sp_addHeading')}</h3>
      <NoteFields
        idPrefix="bl-add"
        draft={draft}
        onChange={(u) => {
          update(u);
          setError('');
          setDone('');
        }}
        knownTags={knownTags}
      />
      {error && (
        <p class="form-error" role="alert" data-testid="add-note-error">
          {error}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="primary-button" disabled={busy}>
          {t('sp_addSubmit')}
        </button>
        <span class="form-done" role="status" aria-live="polite">
          {done}
        </span>
      </div>
    </form>
  );
}

export function PageNotesView({
  report,
  onReveal,
  store = notesStore(),
}: {
  report: PageReport;
  onReveal: (where: NoteOnPage) => void;
  store?: NotesStore;
}) {
  const state = useNotes(store);
  const pageUrl = reportPageUrl(report);
  const notes = state.phase === 'ready' ? state.notes : [];
  const joined = useMemo(() => joinPageNotes(report.notes, notes, pageUrl), [report.notes, notes, pageUrl]);
  const knownTags = useMemo(() => filterOptions(notes).tag.map((o) => o.value), [notes]);
  const count = joined.attached.length + joined.orphans.length;
  return (
    <section class="page-notes" aria-labelledby="bl-notes" data-testid="page-notes">
      <h2 id="bl-notes">{t('sp_notesHeading', String(count))}</h2>
      {state.phase === 'loading' && (
        <p class="muted" role="status">
          {t('np_loading')}
        </p>
      )}
      {state.phase === 'error' && (
        <p class="form-error" role="alert">
          {t('np_listFailed', state.message)}
        </p>
      )}
      {state.phase === 'ready' && count === 0 && <p class="muted">{t('sp_notesNone')}</p>}
      {joined.attached.length > 0 && (
        <ul class="page-note-list">
          {joined.attached.map((pn) => (
            <AttachedNote key={pn.note.id} pn={pn} onReveal={onReveal} />
          ))}
        </ul>
      )}
      {joined.orphans.length > 0 && (
        <section class="orphans" aria-labelledby="bl-orphans" data-testid="orphan-notes">
          <h3 id="bl-orphans">{t('sp_orphansHeading', String(joined.orphans.length))}</h3>
          <p class="muted">{t('sp_orphansHint')}</p>
          <ul class="page-note-list">
            {joined.orphans.map((pn) => (
              <OrphanNote key={pn.note.id} pn={pn} />
            ))}
          </ul>
        </section>
      )}
      <AddPageNote key={pageUrl} report={report} store={store} knownTags={knownTags} />
    </section>
  );
}
