import { useCallback, useRef, useState } from 'preact/hooks';
import { DEFAULT_TAGS, NOTE_STATUSES, type Note, type NoteStatus } from '../../lib/notes/schema';
import { t } from '../../utils/i18n';
import { cleanTags, draftProblem, MAX_TAG_LENGTH, MAX_TAGS, MAX_TEXT_LENGTH, splitTags } from './filter';
import { noteStatusLabel } from './labels';

/** What a note form holds while the user types: text, ticked tags, tags typed freely, status. */
export interface Draft {
  readonly text: string;
  readonly tags: readonly string[];
  readonly extra: string;
  readonly status: NoteStatus;
}

export const emptyDraft = (): Draft => ({ text: '', tags: [], extra: '', status: 'open' });
export const draftFrom = (n: Pick<Note, 'text' | 'tags' | 'status'>): Draft => ({
  text: n.text,
  tags: [...n.tags],
  extra: '',
  status: n.status,
});

/**
 * A draft that is always current: updates apply to the latest value (not to the one of the last render), and
 * `current()` gives it to a submit handler that runs before the next render.
 */
export function useDraft(initial: () => Draft): {
  draft: Draft;
  update: (u: (d: Draft) => Draft) => void;
  reset: (d: Draft) => void;
  current: () => Draft;
} {
  const ref = useRef<Draft | null>(null);
  if (ref.current === null) ref.current = initial();
  const [draft, setDraft] = useState<Draft>(ref.current);
  const update = useCallback((u: (d: Draft) => Draft) => {
    ref.current = u(ref.current!);
    setDraft(ref.current);
  }, []);
  const reset = useCallback((d: Draft) => {
    ref.current = d;
    setDraft(d);
  }, []);
  const current = useCallback(() => ref.current!, []);
  return { draft, update, reset, current };
}

/** The draft's tags: the ticked ones, then the typed ones. */
export const draftTags = (d: Draft): string[] => cleanTags([...d.tags, ...splitTags(d.extra)]);

/** What is wrong with a draft, in the UI language; null when it can be saved. */
export function draftProblemText(d: Draft): string | null {
  switch (draftProblem(d.text, draftTags(d))) {
    case 'empty':
      return t('np_problemEmpty');
    case 'text-too-long':
      return t('np_problemTextTooLong', String(MAX_TEXT_LENGTH));
    case 'tag-too-long':
      return t('np_problemTagTooLong', String(MAX_TAG_LENGTH));
    case 'too-many-tags':
      return t('np_problemTooManyTags', String(MAX_TAGS));
    case null:
      return null;
  }
}

/**
 * The fields of a note: text, tags (the default ones and any the user has used, as checkboxes, plus a free field)
 * and status. Controlled: `draft` in, `onChange` out.
 */
export function NoteFields({
  idPrefix,
  draft,
  onChange,
  knownTags = [],
  autoFocus = false,
}: {
  idPrefix: string;
  draft: Draft;
  /** Gets an update function (events may come faster than renders: each update applies to the latest draft). */
  onChange: (update: (d: Draft) => Draft) => void;
  /** Tags used elsewhere, offered as checkboxes after the default ones. */
  knownTags?: readonly string[];
  autoFocus?: boolean;
}) {
  const offered = cleanTags([...DEFAULT_TAGS, ...knownTags, ...draft.tags]);
  const toggle = (tag: string, on: boolean): void => {
    onChange((d) => ({ ...d, tags: on ? [...d.tags.filter((x) => x !== tag), tag] : d.tags.filter((x) => x !== tag) }));
  };
  return (
    <div class="note-fields">
      <label class="field" for={`${idPrefix}-text`}>
        <span class="field-label">{t('np_fieldText')}</span>
        <textarea
          id={`${idPrefix}-text`}
          name="text"
          rows={4}
          maxLength={MAX_TEXT_LENGTH}
          value={draft.text}
          autoFocus={autoFocus}
          onInput={(e) => {
            const text = e.currentTarget.value;
            onChange((d) => ({ ...d, text }));
          }}
        />
      </label>
      <fieldset class="field tags-field">
        <legend class="field-label">{t('np_fieldTags')}</legend>
        <span class="tag-choices">
          {offered.map((tag, i) => (
            <label key={tag} class="tag-choice" for={`${idPrefix}-tag-${i}`}>
              <input
                type="checkbox"
                id={`${idPrefix}-tag-${i}`}
                name="tag"
                value={tag}
                checked={draft.tags.includes(tag)}
                onChange={(e) => toggle(tag, e.currentTarget.checked)}
              />
              {tag}
            </label>
          ))}
        </span>
        <label class="field" for={`${idPrefix}-extra`}>
          <span class="field-hint">{t('np_fieldTagsExtra')}</span>
          <input
            type="text"
            id={`${idPrefix}-extra`}
            name="tags-extra"
            value={draft.extra}
            onInput={(e) => {
              const extra = e.currentTarget.value;
              onChange((d) => ({ ...d, extra }));
            }}
          />
        </label>
      </fieldset>
      <label class="field" for={`${idPrefix}-status`}>
        <span class="field-label">{t('np_fieldStatus')}</span>
        <select
          id={`${idPrefix}-status`}
          name="status"
          value={draft.status}
          onChange={(e) => {
            const status = e.currentTarget.value as NoteStatus;
            onChange((d) => ({ ...d, status }));
          }}
        >
          {NOTE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {noteStatusLabel(s)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
