import { useCallback, useRef, useState } from 'preact/hooks';
import {
  applyImport,
  ImportError,
  MAX_IMPORT_BYTES,
  parseImport,
  planImport,
  type ConflictChoice,
  type ImportPlan,
} from '../../lib/notes/exchange';
import type { Note } from '../../lib/notes/schema';
import type { NotesStore } from '../../lib/notes/store';
import { pick, t } from '../../utils/i18n';
import { errorText, formatDateTime } from './labels';
import { NoteMeta, NotePlaceView, NoteText, TagList } from './NoteDetails';

/** Import of an export file: read, check (nothing is written on a bad file), preview, choose for conflicts, write. */

/** Conflicts shown side by side; the rest are counted. */
const CONFLICTS_SHOWN = 100;

export type ImportState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'reading'; readonly name: string }
  /** refused: the file was not imported and nothing changed; write: writing failed part way or at once. */
  | { readonly phase: 'error'; readonly name: string; readonly message: string; readonly during: 'read' | 'write' }
  | {
      readonly phase: 'preview';
      readonly name: string;
      readonly plan: ImportPlan;
      readonly total: number;
      readonly extension: string;
      readonly exportedAt: string;
    }
  | { readonly phase: 'writing'; readonly name: string }
  | { readonly phase: 'done'; readonly name: string; readonly written: number };

export interface Importer {
  readonly state: ImportState;
  readonly choice: ConflictChoice;
  setChoice(c: ConflictChoice): void;
  /** Reads and checks a file; shows its preview or why it cannot be imported. */
  readFile(file: File): Promise<void>;
  confirm(): Promise<void>;
  cancel(): void;
}

export function useImporter(store: NotesStore): Importer {
  const [state, setState] = useState<ImportState>({ phase: 'idle' });
  const [choice, setChoice] = useState<ConflictChoice>('keep-mine');
  const turn = useRef(0);

  const readFile = useCallback(
    async (file: File): Promise<void> => {
      const mine = ++turn.current;
      const name = file.name;
      const fail = (message: string): void => {
        if (turn.current === mine) setState({ phase: 'error', name, message, during: 'read' });
      };
      setState({ phase: 'reading', name });
      setChoice('keep-mine');
      if (file.size > MAX_IMPORT_BYTES)
        return fail(t('np_importTooBig', String(Math.ceil(file.size / 1048576)), String(MAX_IMPORT_BYTES / 1048576)));
      let text: string;
      try {
        text = await file.text();
      } catch (e) {
        return fail(t('np_importUnreadableFile', errorText(e)));
      }
      let parsed: ReturnType<typeof parseImport>;
      try {
        parsed = parseImport(text);
      } catch (e) {
        return fail(e instanceof ImportError ? pick(e.text) : t('np_importFailed', errorText(e)));
      }
      let existing: Note[];
      try {
        existing = (await store.list()).notes;
      } catch (e) {
        return fail(t('np_listFailed', errorText(e)));
      }
      let plan: ImportPlan;
      try {
        plan = planImport(parsed.notes, existing);
      } catch (e) {
        return fail(t('np_importFailed', errorText(e)));
      }
      if (turn.current !== mine) return;
      setState({
        phase: 'preview',
        name,
        plan,
        total: parsed.notes.length,
        extension: parsed.extension,
        exportedAt: parsed.exportedAt,
      });
    },
    [store],
  );

  const confirm = useCallback(async (): Promise<void> => {
    if (state.phase !== 'preview') return;
    const mine = ++turn.current;
    const { name, plan } = state;
    setState({ phase: 'writing', name });
    let next: ImportState;
    try {
      const r = await applyImport(store, plan, choice);
      next = r.ok
        ? { phase: 'done', name, written: r.written }
        : { phase: 'error', name, message: pick(r.message), during: 'write' };
    } catch (e) {
      next = { phase: 'error', name, message: errorText(e), during: 'write' };
    }
    if (turn.current === mine) setState(next);
  }, [state, store, choice]);

  const cancel = useCallback((): void => {
    turn.current++;
    setState({ phase: 'idle' });
  }, []);

  return { state, choice, setChoice, readFile, confirm, cancel };
}

function Side({ title, note }: { title: string; note: Note }) {
  return (
    <div class="conflict-side">
      <h5>{title}</h5>
      <NoteMeta note={note} />
      <NoteText text={note.text} />
      <TagList tags={note.tags} />
    </div>
  );
}

const CHOICES: ReadonlyArray<{
  value: ConflictChoice;
  key: 'np_choiceKeepMine' | 'np_choiceTakeTheirs' | 'np_choiceKeepBoth';
}> = [
  { value: 'keep-mine', key: 'np_choiceKeepMine' },
  { value: 'take-theirs', key: 'np_choiceTakeTheirs' },
  { value: 'keep-both', key: 'np_choiceKeepBoth' },
];

function Preview({ imp, state }: { imp: Importer; state: Extract<ImportState, { phase: 'preview' }> }) {
  const { plan } = state;
  const conflicts = plan.conflicts;
  return (
    <section class="import-preview" data-testid="import-preview" aria-labelledby="np-import-preview">
      <h3 id="np-import-preview">{t('np_importPreviewHeading', state.name)}</h3>
      <p class="muted">
        {t('np_importFileInfo', state.extension || '?', formatDateTime(state.exportedAt), String(state.total))}
      </p>
      <ul class="import-counts">
        <li data-testid="import-add" data-count={plan.add.length}>
          {t('np_importAdd', String(plan.add.length))}
        </li>
        <li data-testid="import-same" data-count={plan.same.length}>
          {t('np_importSame', String(plan.same.length))}
        </li>
        <li data-testid="import-conflicts" data-count={conflicts.length}>
          {t('np_importConflicts', String(conflicts.length))}
        </li>
      </ul>
      {conflicts.length > 0 && (
        <>
          <fieldset class="conflict-choice">
            <legend>{t('np_choiceLegend')}</legend>
            {CHOICES.map((c) => (
              <label key={c.value} for={`np-choice-${c.value}`}>
                <input
                  type="radio"
                  id={`np-choice-${c.value}`}
                  name="conflict-choice"
                  value={c.value}
                  checked={imp.choice === c.value}
                  onChange={() => imp.setChoice(c.value)}
                />
                {t(c.key)}
              </label>
            ))}
          </fieldset>
          <ul class="conflicts" aria-label={t('np_conflictsLabel')}>
            {conflicts.slice(0, CONFLICTS_SHOWN).map(({ incoming, existing }) => (
              <li key={existing.id} class="conflict" data-testid="import-conflict" data-note-id={existing.id}>
                <NotePlaceView anchor={existing.anchor} />
                <div class="conflict-sides">
                  <Side title={t('np_conflictMine')} note={existing} />
                  <Side title={t('np_conflictTheirs')} note={incoming} />
                </div>
              </li>
            ))}
          </ul>
          {conflicts.length > CONFLICTS_SHOWN && (
            <p class="muted">{t('np_conflictsMore', String(conflicts.length - CONFLICTS_SHOWN))}</p>
          )}
        </>
      )}
      {plan.add.length === 0 && conflicts.length === 0 && <p>{t('np_importNothingNew')}</p>}
      <div class="form-actions">
        <button type="button" class="primary-button" data-testid="import-confirm" onClick={() => void imp.confirm()}>
          {t('np_importConfirm')}
        </button>
        <button type="button" class="small-button" data-testid="import-cancel" onClick={imp.cancel}>
          {t('np_cancel')}
        </button>
      </div>
    </section>
  );
}

/** The import section: a file input (the whole page also takes a dropped file) and the state of the import. */
export function ImportPanel({ imp }: { imp: Importer }) {
  const s = imp.state;
  const onFile = (e: Event): void => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void imp.readFile(file);
    // The same file can be chosen again after a fix.
    try {
      input.value = '';
    } catch {
      // some environments refuse to reset a file input
    }
  };
  return (
    <section class="import" aria-labelledby="np-import">
      <h2 id="np-import">{t('np_importHeading')}</h2>
      <label class="field" for="np-import-file">
        <span class="field-label">{t('np_importChoose')}</span>
        <input
          type="file"
          id="np-import-file"
          accept=".json,application/json"
          data-testid="import-file"
          onChange={onFile}
        />
      </label>
      <p class="muted">{t('np_importHint')}</p>
      {s.phase === 'reading' && <p role="status">{t('np_importReading', s.name)}</p>}
      {s.phase === 'writing' && <p role="status">{t('np_importWriting', s.name)}</p>}
      {s.phase === 'error' && (
        <div class="form-error" role="alert" data-testid="import-error">
          <p>{s.during === 'read' ? t('np_importRefused', s.name) : t('np_importWriteFailed', s.name)}</p>
          <p>{s.message}</p>
        </div>
      )}
      {s.phase === 'preview' && <Preview imp={imp} state={s} />}
      {s.phase === 'done' && (
        <p class="done" role="status" data-testid="import-done" data-count={s.written}>
          {t('np_importDone', String(s.written))}
        </p>
      )}
    </section>
  );
}
