import { useEffect, useRef, useState } from 'preact/hooks';
import type { Note } from '../../lib/notes/schema';
import type { NotesStore } from '../../lib/notes/store';
import { t } from '../../utils/i18n';
import { errorText, writeFailureText } from './labels';
import { FindingView, NoteMeta, NotePlaceView, NoteText, TagList } from './NoteDetails';
import { draftFrom, draftProblemText, draftTags, NoteFields, useDraft } from './NoteFields';

type Mode = 'view' | 'edit' | 'delete';

/**
 * One note on the notes page: what it says and where it sits, with edit (text, tags, status) and delete (confirmed).
 */
export function NoteCard({ note, store, knownTags }: { note: Note; store: NotesStore; knownTags: readonly string[] }) {
  const [mode, setMode] = useState<Mode>('view');
  const { draft, update, reset, current } = useDraft(() => draftFrom(note));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<'edit' | 'delete' | null>(null);

  // Focus follows the action: the confirm button when asked, back to the button that started it afterwards.
  useEffect(() => {
    if (mode === 'delete') confirmButton.current?.focus();
    else if (mode === 'view' && returnTo.current) {
      (returnTo.current === 'edit' ? editButton : deleteButton).current?.focus();
      returnTo.current = null;
    }
  }, [mode]);

  const startEdit = (): void => {
    reset(draftFrom(note));
    setError('');
    setMode('edit');
  };
  const back = (from: 'edit' | 'delete'): void => {
    returnTo.current = from;
    setError('');
    setMode('view');
  };

  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    const draft = current();
    const problem = draftProblemText(draft);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    try {
      const r = await store.update(note.id, { text: draft.text, tags: draftTags(draft), status: draft.status });
      if (r.ok) back('edit');
      else setError(t('np_saveFailed', writeFailureText(r)));
    } catch (err) {
      setError(t('np_saveFailed', errorText(err)));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (): Promise<void> => {
    if (busy) return;
    setBusy(true);
    try {
      await store.remove(note.id);
    } catch (err) {
      setError(t('np_deleteFailed', errorText(err)));
    } finally {
      setBusy(false);
    }
  };

  const alert = error && (
    <p class="form-error" role="alert" data-testid="note-error">
      {error}
    </p>
  );

  if (mode === 'edit') {
    return (
      <li class="note-card editing" data-testid="note" data-note-id={note.id}>
        <form onSubmit={(e) => void save(e)} aria-label={t('np_editLabel')}>
          <NoteFields
            idPrefix={`np-edit-${note.id}`}
            draft={draft}
            onChange={(u) => {
              update(u);
              setError('');
            }}
            knownTags={knownTags}
            autoFocus
          />
          {alert}
          <div class="form-actions">
            <button type="submit" class="primary-button" data-testid="note-save" disabled={busy}>
              {t('np_save')}
            </button>
            <button type="button" class="small-button" onClick={() => back('edit')}>
              {t('np_cancel')}
            </button>
          </div>
        </form>
      </li>
    );
  }

  return (
    <li class="note-card" data-testid="note" data-note-id={note.id}>
      <NoteMeta note={note} />
      <NoteText text={note.text} />
      <TagList tags={note.tags} />
      <NotePlaceView anchor={note.anchor} />
      {note.finding && <FindingView finding={note.finding} />}
      {alert}
      {mode === 'delete' ? (
        <div class="confirm" role="group" aria-label={t('np_deleteConfirmLabel')}>
          <p>{t('np_deleteConfirm')}</p>
          <div class="form-actions">
            <button
              type="button"
              ref={confirmButton}
              class="danger-button"
              data-testid="note-delete-confirm"
              disabled={busy}
              onClick={() => void remove()}
            >
              {t('np_deleteYes')}
            </button>
            <button type="button" class="small-button" data-testid="note-delete-cancel" onClick={() => back('delete')}>
              {t('np_cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div class="form-actions">
          <button type="button" ref={editButton} class="small-button" data-testid="note-edit" onClick={startEdit}>
            {t('np_edit')}
          </button>
          <button
            type="button"
            ref={deleteButton}
            class="small-button"
            data-testid="note-delete"
            onClick={() => {
              setError('');
              setMode('delete');
            }}
          >
            {t('np_delete')}
          </button>
        </div>
      )}
    </li>
  );
}
