import type { FindingData as Finding } from '../../lib/report/schema';
import type { CellAddress } from '../../lib/model';
import { DEFAULT_TAGS, NOTE_STATUSES, type Note, type NoteFinding, type NoteScope } from '../../lib/notes/schema';
import { pick, t, uiLang } from '../../utils/i18n';
import {
  ANCHOR_FAILED,
  EDITOR_SCOPES,
  editorValues,
  findingRef,
  groupConfidence,
  oldValue,
  readEditor,
  REMOVE_FAILED,
  type NoteActions,
  type NoteContext,
  type NoteGroup,
  type ResolvedNote,
} from './notes';
import { button, el } from './dom';
import { closeButton } from './tooltip';
import { noteStatusLabel, scopeLabel } from '../notes/labels';

/**
 * The DOM of the notes' marks (notes-layer.ts): the ✎ marker, the popover with its note items (edit, delete after a
 * confirmation), the note editor form, 笔记模式's toggle and a finding's 为此添加笔记.
 */

const PEN = '✎';

/** Dates as the reader's UI language writes them. */
function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return d.toLocaleString(uiLang() === 'en' ? 'en' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
  } catch {
    return d.toISOString();
  }
}

/**
 * A note marker (button.bl-note[data-note][data-count][data-confidence]) for a group of notes; a click calls onClick.
 */
export function noteMarkerButton(group: NoteGroup, onClick: () => void): HTMLButtonElement {
  const first = group.notes[0]!;
  const b = button('bl-note', PEN);
  b.dataset.note = first.note.id;
  b.dataset.count = String(group.notes.length);
  b.dataset.confidence = groupConfidence(group);
  if (group.notes.length > 1) b.append(el('span', 'bl-note-count', String(group.notes.length)));
  b.setAttribute('aria-label', t('ov_noteMarker', String(group.notes.length)));
  b.title =
    `${t('ov_noteMarker', String(group.notes.length))}` +
    `${first.note.text ? ` · ${first.note.text.slice(0, 80)}` : ''}`;
  b.setAttribute('aria-haspopup', 'dialog');
  b.setAttribute('aria-expanded', 'false');
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    onClick();
  });
  return b;
}

/** A bar's 笔记模式 toggle (button.bl-note-mode[data-table][aria-pressed]). */
export function noteModeToggle(table: number, pressed: boolean, title: string, onClick: () => void): HTMLButtonElement {
  const toggle = button('bl-note-mode', t('ov_noteMode'));
  toggle.dataset.table = String(table);
  toggle.setAttribute('aria-pressed', String(pressed));
  toggle.title = title;
  toggle.addEventListener('click', () => onClick());
  return toggle;
}

/** A finding tooltip's 为此添加笔记 (button.bl-add-note): open gets the finding's first cell and the finding. */
export function addNoteButton(
  finding: Finding,
  open: (cell: CellAddress, finding: NoteFinding) => void,
): HTMLButtonElement {
  const b = button('bl-add-note', t('ov_addNote'));
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    const cell = finding.cells[0];
    if (!cell) return;
    open(cell, findingRef(finding));
  });
  return b;
}

/** An empty popover (div.bl-note-popover[role=dialog][data-key]) for a marker's group. */
export function notePopover(group: NoteGroup): HTMLElement {
  const pop = el('div', 'bl-note-popover');
  pop.setAttribute('role', 'dialog');
  pop.tabIndex = -1;
  pop.dataset.key = group.key;
  return pop;
}

export interface PopoverHandlers {
  close(): void;
  edit(note: Note, group: NoteGroup): void;
  /** The store to delete through (undefined until the notes controller is bound). */
  actions(): NoteActions | undefined;
}

/** Fills (or refills) a popover with its × and the group's notes. */
export function fillNotePopover(pop: HTMLElement, group: NoteGroup, h: PopoverHandlers): void {
  pop.setAttribute('aria-label', t('ov_notesLabel', String(group.notes.length)));
  const close = closeButton(() => h.close());
  const list = el('ul', 'bl-note-list');
  for (const r of group.notes) list.append(noteItem(r, group, h));
  pop.replaceChildren(close, list);
}

function noteItem(r: ResolvedNote, group: NoteGroup, h: PopoverHandlers): HTMLElement {
  const { note } = r;
  const item = el('li', 'bl-note-item');
  item.dataset.note = note.id;
  item.dataset.status = note.status;
  const meta = el('p', 'bl-note-meta');
  meta.append(
    el('span', 'bl-note-scope', scopeLabel(note.anchor.scope)),
    el('span', 'bl-note-status', noteStatusLabel(note.status)),
    el('span', 'bl-note-date', t('ov_updated', formatDate(note.updatedAt))),
  );
  item.append(meta);
  const old = oldValue(r);
  if (old !== undefined) item.append(el('p', 'bl-note-old', t('ov_oldValue', old)));
  if (note.finding) item.append(el('p', 'bl-note-finding', t('ov_fromFinding', pick(note.finding.message))));
  if (note.text) item.append(el('p', 'bl-note-body', note.text));
  if (note.tags.length > 0) {
    const tags = el('ul', 'bl-note-tags');
    tags.setAttribute('aria-label', t('ov_tags'));
    for (const tag of note.tags) tags.append(el('li', 'bl-note-tag', tag));
    item.append(tags);
  }
  const actions = el('div', 'bl-note-actions');
  const edit = button('bl-note-edit', t('ov_edit'));
  edit.addEventListener('click', () => h.edit(note, group));
  const del = button('bl-note-delete', t('ov_delete'));
  del.addEventListener('click', () => confirmDelete(actions, note, h, edit, del));
  actions.append(edit, del);
  item.append(actions);
  return item;
}

/** Delete asks first, inside the popover; Keep is focused, so Enter does not delete by accident. */
function confirmDelete(actions: HTMLElement, note: Note, h: PopoverHandlers, ...buttons: HTMLButtonElement[]): void {
  const question = el('span', 'bl-note-confirm', t('ov_deleteConfirm'));
  const yes = button('bl-note-delete-confirm', t('ov_deleteYes'));
  const no = button('bl-note-delete-cancel', t('ov_deleteNo'));
  const error = el('span', 'bl-note-error');
  error.setAttribute('role', 'alert');
  no.addEventListener('click', () => {
    actions.replaceChildren(...buttons);
    buttons[buttons.length - 1]?.focus();
  });
  yes.addEventListener('click', () => {
    const store = h.actions();
    if (!store) {
      error.textContent = pick(REMOVE_FAILED);
      return;
    }
    yes.disabled = true;
    void store.remove(note.id).then((result) => {
      if (result.ok) return;
      yes.disabled = false;
      error.textContent = pick(result.message);
    });
  });
  actions.replaceChildren(question, yes, no, error);
  no.focus();
}

/** Is there typed text in an open editor (it must not be thrown away)? Then it gets the focus back. */
export function keepDirtyEditor(form: HTMLFormElement): boolean {
  const dirty = readEditor(form);
  if (!dirty.text.trim() && !dirty.newTag.trim()) return false;
  form.querySelector('textarea')?.focus();
  return true;
}

export interface EditorOptions {
  /** The note being edited; undefined for a new note. */
  readonly note: Note | undefined;
  /** The scope shown: the note's, or what a new note starts as. */
  readonly scope: NoteScope;
  /** The target cell's text for the context line (shortened here), '' for none. */
  readonly quoted: string;
  readonly finding: NoteFinding | null;
  /** The id of the editor's title (aria-labelledby). */
  readonly titleId: string;
  readonly onSave: () => void;
  readonly onCancel: () => void;
}

/**
 * The note editor (form.bl-note-editor[role=dialog]): scope, text, tags, status, save and cancel. Ctrl/⌘+Enter
 * saves, Escape cancels, Enter in the new tag field does nothing, and the keys typed in it never reach the page.
 */
export function buildNoteEditor(o: EditorOptions): HTMLFormElement {
  const { note, scope, quoted, finding } = o;
  const form = el('form', 'bl-note-editor');
  form.setAttribute('role', 'dialog');
  form.setAttribute('aria-labelledby', o.titleId);
  form.noValidate = true;
  if (note) form.dataset.note = note.id;
  const title = el('h2', 'bl-note-editor-title', note ? t('ov_editTitle') : t('ov_addTitle'));
  title.id = o.titleId;
  form.append(title);
  if (quoted)
    form.append(el('p', 'bl-note-target', t('ov_targetCell', quoted.length > 60 ? `${quoted.slice(0, 59)}…` : quoted)));
  if (finding) form.append(el('p', 'bl-note-finding', t('ov_fromFinding', pick(finding.message))));

  const field = (label: string, control: HTMLElement): HTMLLabelElement => {
    const l = el('label', 'bl-note-field');
    l.append(el('span', 'bl-note-label', label), control);
    return l;
  };
  const select = (name: string, options: readonly (readonly [string, string])[], value: string): HTMLSelectElement => {
    const s = el('select', `bl-note-${name}`);
    s.name = name;
    for (const [v, label] of options) {
      const opt = el('option', '', label);
      opt.value = v;
      opt.selected = v === value;
      s.append(opt);
    }
    return s;
  };

  // A new table note (from a bar) stays a table note; a cell's note may be widened to its row or table.
  const scopes: string[] = scope === 'table' && !note ? ['table'] : [...EDITOR_SCOPES];
  if (!scopes.includes(scope)) scopes.push(scope);
  const scopeSelect = select(
    'scope',
    scopes.map((s) => [s, scopeLabel(s)] as const),
    scope,
  );
  // A note keeps its anchor: editing changes its text, tags and status only.
  if (note || scopes.length === 1) scopeSelect.disabled = true;
  form.append(field(t('ov_scope'), scopeSelect));

  const text = el('textarea', 'bl-note-textarea');
  text.name = 'text';
  text.rows = 4;
  text.maxLength = 20000;
  text.value = note?.text ?? '';
  form.append(field(t('ov_text'), text));

  const tags = el('fieldset', 'bl-note-tagset');
  tags.append(el('legend', 'bl-note-label', t('ov_tags')));
  const own = note?.tags ?? [];
  for (const tag of [...DEFAULT_TAGS, ...own.filter((x) => !(DEFAULT_TAGS as readonly string[]).includes(x))]) {
    const box = el('input', '');
    box.type = 'checkbox';
    box.name = 'tag';
    box.value = tag;
    box.checked = own.includes(tag);
    const l = el('label', 'bl-note-tagbox');
    l.append(box, el('span', '', tag));
    tags.append(l);
  }
  const newTag = el('input', 'bl-note-newtag');
  newTag.type = 'text';
  newTag.name = 'newtag';
  newTag.maxLength = 40;
  newTag.placeholder = t('ov_newTagHint');
  // Enter in the tag field does not submit half a note (the tag is taken when the note is saved).
  newTag.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) e.preventDefault();
  });
  tags.append(field(t('ov_newTag'), newTag));
  form.append(tags);

  form.append(
    field(
      t('ov_status'),
      select(
        'status',
        NOTE_STATUSES.map((s) => [s, noteStatusLabel(s)] as const),
        note?.status ?? 'open',
      ),
    ),
  );

  const error = el('p', 'bl-note-error');
  error.setAttribute('role', 'alert');
  form.append(error, el('p', 'bl-note-hint', t('ov_editorHint')));

  const buttons = el('div', 'bl-note-buttons');
  const save = el('button', 'bl-note-save', t('ov_save'));
  save.type = 'submit';
  const cancel = button('bl-note-cancel', t('ov_cancel'));
  cancel.addEventListener('click', () => o.onCancel());
  buttons.append(save, cancel);
  form.append(buttons);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    o.onSave();
  });
  // Keys typed in the editor are ours: the page's shortcuts never see them.
  for (const type of ['keydown', 'keyup', 'keypress'] as const) form.addEventListener(type, (e) => e.stopPropagation());
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      o.onCancel();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      o.onSave();
    }
  });
  return form;
}

/** Writes a message in the editor's error line ('' clears it). */
function showEditorError(form: HTMLElement, message: string): void {
  const error = form.querySelector('.bl-note-error');
  if (error) error.textContent = message;
}

/** An open editor as saveEditor needs it. */
export interface OpenEditor {
  readonly element: HTMLFormElement;
  /** The note being edited; undefined for a new note. */
  readonly note?: Note;
  readonly finding: NoteFinding | null;
  saving: boolean;
}

/**
 * Saves what an open editor holds: an update of its note, or a new note in `anchor()`'s context and cell. Resolves
 * to the written note's id, or undefined when nothing was written (the reason is in the form, and what was typed
 * stays) or the editor was closed meanwhile (`isOpen`).
 */
export async function saveEditor(
  editor: OpenEditor,
  actions: NoteActions | undefined,
  anchor: () => { readonly context: NoteContext | undefined; readonly cell: CellAddress | undefined },
  isOpen: () => boolean,
): Promise<string | undefined> {
  if (editor.saving) return undefined;
  const read = editorValues(readEditor(editor.element));
  if (!read.ok) {
    showEditorError(editor.element, t('ov_emptyNote'));
    return undefined;
  }
  const { context, cell } = anchor();
  if (!actions || (!editor.note && (!context || !cell))) {
    showEditorError(editor.element, pick(ANCHOR_FAILED));
    return undefined;
  }
  const save = editor.element.querySelector<HTMLButtonElement>('.bl-note-save');
  editor.saving = true;
  if (save) save.disabled = true;
  showEditorError(editor.element, '');
  const { text, tags, status } = read.values;
  const result = editor.note
    ? await actions.update(editor.note.id, { text, tags, status })
    : await actions.create(context!, read.values, cell!, editor.finding);
  editor.saving = false;
  if (save) save.disabled = false;
  if (!isOpen()) return undefined;
  if (!result.ok) {
    // Nothing is lost: the form stays as typed, with the store's message.
    showEditorError(editor.element, pick(result.message));
    return undefined;
  }
  return result.note.id;
}
