import type { Finding } from '../../lib/checks/types';
import type { CellAddress } from '../../lib/model';
import { DEFAULT_TAGS, NOTE_STATUSES, type Note, type NoteFinding, type NoteScope, type NoteStatus } from '../../lib/notes/schema';
import { pick, t, uiLang, type MessageKey } from '../../utils/i18n';
import { cellAddressOf, domCell, domTable, el } from './dom';
import {
  ANCHOR_FAILED,
  cellKey,
  EDITOR_SCOPES,
  editorValues,
  findingRef,
  groupConfidence,
  groupNotes,
  oldValue,
  readEditor,
  REMOVE_FAILED,
  type NoteActions,
  type NoteContext,
  type NoteGroup,
  type NotesView,
  type ResolvedNote,
} from './notes';

const STATUS_KEYS: Readonly<Record<NoteStatus, MessageKey>> = { open: 'ov_status_open', 'in-progress': 'ov_status_in_progress', resolved: 'ov_status_resolved' };
const SCOPE_KEYS: Readonly<Record<NoteScope, MessageKey>> = { page: 'ov_scope_page', table: 'ov_scope_table', row: 'ov_scope_row', cell: 'ov_scope_cell' };
const PEN = '✎';
const EDITOR_TITLE_ID = 'bl-note-editor-title';

/** What the notes UI needs from the overlay it lives in. */
export interface NotesHost {
  /** The <budget-lens-overlay> element: events from inside the overlay arrive retargeted to it. */
  readonly host: HTMLElement;
  /** The bar of a budget table (by its first DOM table index). */
  bar(table: number): HTMLElement | undefined;
  /** Has the reader hidden the marks of this budget table (by its first DOM table index)? */
  isHidden(table: number): boolean;
  highlight(cells: readonly CellAddress[]): void;
  clearHighlights(): void;
  closeTooltip(): void;
}

interface Marker {
  readonly group: NoteGroup;
  readonly element: HTMLButtonElement;
  /** A table's ✎ drawn over the table because the table has no bar. */
  readonly standalone: boolean;
}

interface Editor {
  readonly element: HTMLFormElement;
  /** Where the editor is drawn and what a new note is anchored to (the cell clicked or the finding's first cell). */
  readonly cell?: CellAddress;
  /** Table notes being edited: drawn under the table's bar. */
  readonly table?: number;
  /** The note being edited; undefined for a new note. */
  readonly note?: Note;
  /** The document and page when the editor opened: a new note is anchored in them. */
  readonly context?: NoteContext;
  readonly finding: NoteFinding | null;
  /** Where focus goes back to: a marker (by its group key, redrawn markers are found again), or an element. */
  readonly returnKey?: string;
  readonly returnTo?: HTMLElement;
  saving: boolean;
}

interface Popover {
  readonly element: HTMLElement;
  readonly key: string;
}

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

/** Collapsed text of a page cell, shortened, for the editor's context line (shown as text, never as HTML). */
function cellText(c: CellAddress | undefined): string {
  const text = (c ? domCell(c)?.textContent ?? '' : '').replace(/\s+/gu, ' ').trim();
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

const button = (className: string, text: string): HTMLButtonElement => {
  const b = el('button', className, text);
  b.type = 'button';
  return b;
};

/**
 * The notes in the overlay: a ✎ marker on the primary cell of attached cell and row notes (one per cell, with a
 * count), a ✎ with a count on the bar of tables with table notes, a popover listing a marker's notes (edit, delete
 * with confirmation), the note editor, and each bar's 笔记模式 toggle: in note mode a click on any cell of that table
 * opens the editor for it and the page does not see the click. It lives in a container of the overlay's layer that
 * survives re-renders, so an open editor keeps what was typed. Nothing of the page is changed.
 */
export class NotesLayer implements NotesView {
  readonly container: HTMLElement;
  private actions: NoteActions | undefined;
  private markers: Marker[] = [];
  private popover: Popover | undefined;
  private editor: Editor | undefined;
  /** Budget tables (first DOM index) in note mode. */
  private readonly modes = new Set<number>();
  private frames: { table: number; element: HTMLElement }[] = [];
  /** DOM table index → the budget table (its first DOM index) it was read into. */
  private tables = new Map<number, number>();
  /** A note just written: its marker takes the focus when it is drawn. */
  private pendingFocus: string | undefined;

  constructor(private readonly overlay: NotesHost) {
    this.container = el('div', 'bl-notes');
    for (const type of ['click', 'dblclick', 'auxclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup'] as const) {
      document.addEventListener(type, (e) => this.onPagePointer(e), true);
    }
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      if (this.popover) this.closePopover(true);
      else if (this.modes.size > 0) this.leaveNoteMode();
    });
  }

  bind(actions: NoteActions): void {
    this.actions = actions;
  }

  /** The budget tables of the report just drawn: which DOM tables belong to which bar. */
  setTables(tables: readonly { index: number; domTables: readonly number[] }[]): void {
    this.tables = new Map(tables.flatMap((tb) => (tb.domTables.length > 0 ? tb.domTables : [tb.index]).map((d) => [d, tb.index] as const)));
    for (const m of [...this.modes]) if (!tables.some((tb) => tb.index === m)) this.modes.delete(m);
    this.drawFrames();
  }

  /** The overlay cleared its layer for a new render: markers may point at moved cells until the notes are resolved again. */
  onClear(): void {
    this.closePopover(false);
    for (const m of this.markers) m.element.remove();
    this.markers = [];
  }

  /** Adds the 笔记模式 toggle to a table's bar (its ✎, when the table has notes, comes with the next draw). */
  decorateBar(bar: HTMLElement, table: number): void {
    const toggle = button('bl-note-mode', t('ov_noteMode'));
    toggle.dataset.table = String(table);
    toggle.setAttribute('aria-pressed', String(this.modes.has(table)));
    toggle.title = t('ov_noteModeHint');
    toggle.addEventListener('click', () => this.setNoteMode(table, !this.modes.has(table)));
    bar.append(toggle);
  }

  /** A 为此添加笔记 button for a finding's tooltip: the note is anchored to the finding's first cell and keeps the finding. */
  addNoteButton(finding: Finding, returnTo: HTMLElement): HTMLButtonElement {
    const b = button('bl-add-note', t('ov_addNote'));
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      const cell = finding.cells[0];
      if (!cell) return;
      this.openEditor({ cell, finding: findingRef(finding), returnKey: cellKey(cell), returnTo });
    });
    return b;
  }

  draw(resolved: readonly ResolvedNote[]): void {
    // Redrawn markers keep the focus where it was (a change from another tab must not throw the reader out).
    const focused = this.overlay.host.shadowRoot?.activeElement ?? null;
    const focusedKey = this.markers.find((m) => m.element === focused)?.group.key;
    const inPopover = focused !== null && this.popover?.element.contains(focused) === true;
    for (const m of this.markers) m.element.remove();
    this.markers = [];
    const { cells, tables } = groupNotes(resolved);
    for (const g of tables) this.tableMarker(g);
    for (const g of cells) this.cellMarker(g);
    if (this.popover) {
      const group = this.markers.find((m) => m.group.key === this.popover!.key)?.group;
      if (group) this.fillPopover(this.popover.element, group);
      else this.closePopover(false);
      if (group && inPopover) this.popover?.element.focus({ preventScroll: true });
    }
    this.position();
    this.markerFor(focusedKey)?.focus({ preventScroll: true });
    if (this.pendingFocus) {
      const marker = this.markers.find((m) => m.group.notes.some((n) => n.note.id === this.pendingFocus));
      const active = document.activeElement;
      if (marker) {
        this.pendingFocus = undefined;
        if (active === null || active === document.body || active === this.overlay.host) marker.element.focus({ preventScroll: true });
      }
    }
  }

  /** The marker holding a note (for the side panel's "show me" and for tests). */
  markerOf(id: string): HTMLButtonElement | undefined {
    return this.markers.find((m) => m.group.notes.some((n) => n.note.id === id))?.element;
  }

  /** Scrolls to a note's marker and opens it; false when the note has no marker on this page (page notes, orphans). */
  reveal(id: string): boolean {
    const marker = this.markers.find((m) => m.group.notes.some((n) => n.note.id === id));
    if (!marker) return false;
    const target = marker.group.cell ? domCell(marker.group.cell) : domTable(marker.group.table);
    target?.scrollIntoView({ block: 'center', inline: 'nearest' });
    this.openPopover(marker.group);
    marker.element.focus({ preventScroll: true });
    for (const item of this.popover?.element.querySelectorAll<HTMLElement>('.bl-note-item') ?? []) item.classList.toggle('bl-note-current', item.dataset.note === id);
    return true;
  }

  // ── markers ──────────────────────────────────────────────────────────────────────────────────────────────────────

  private markerButton(group: NoteGroup): HTMLButtonElement {
    const first = group.notes[0]!;
    const b = button('bl-note', PEN);
    b.dataset.note = first.note.id;
    b.dataset.count = String(group.notes.length);
    b.dataset.confidence = groupConfidence(group);
    if (group.notes.length > 1) b.append(el('span', 'bl-note-count', String(group.notes.length)));
    b.setAttribute('aria-label', t('ov_noteMarker', String(group.notes.length)));
    b.title = `${t('ov_noteMarker', String(group.notes.length))}${first.note.text ? ` · ${first.note.text.slice(0, 80)}` : ''}`;
    b.setAttribute('aria-haspopup', 'dialog');
    b.setAttribute('aria-expanded', 'false');
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      if (this.popover?.key === group.key) this.closePopover(true);
      else this.openPopover(group);
    });
    return b;
  }

  private cellMarker(group: NoteGroup): void {
    const b = this.markerButton(group);
    b.dataset.cell = cellKey(group.cell!);
    this.container.append(b);
    this.markers.push({ group, element: b, standalone: true });
  }

  private tableMarker(group: NoteGroup): void {
    const bar = this.overlay.bar(group.table);
    const b = this.markerButton(group);
    b.dataset.table = String(group.table);
    b.classList.add('bl-note-table');
    if (bar) bar.insertBefore(b, bar.querySelector('.bl-note-mode'));
    else this.container.append(b);
    this.markers.push({ group, element: b, standalone: !bar });
  }

  private markerFor(key: string | undefined): HTMLButtonElement | undefined {
    return key === undefined ? undefined : this.markers.find((m) => m.group.key === key)?.element;
  }

  // ── popover ──────────────────────────────────────────────────────────────────────────────────────────────────────

  private openPopover(group: NoteGroup): void {
    this.closePopover(false);
    this.overlay.closeTooltip();
    const pop = el('div', 'bl-note-popover');
    pop.setAttribute('role', 'dialog');
    pop.tabIndex = -1;
    pop.dataset.key = group.key;
    this.fillPopover(pop, group);
    this.container.append(pop);
    this.popover = { element: pop, key: group.key };
    this.markerFor(group.key)?.setAttribute('aria-expanded', 'true');
    this.overlay.highlight(group.notes.flatMap((n) => (n.resolution.status === 'attached' ? n.resolution.cells : [])));
    this.position();
    pop.focus({ preventScroll: true });
  }

  private fillPopover(pop: HTMLElement, group: NoteGroup): void {
    pop.setAttribute('aria-label', t('ov_notesLabel', String(group.notes.length)));
    const close = button('bl-close', '×');
    close.setAttribute('aria-label', t('ov_close'));
    close.addEventListener('click', () => this.closePopover(true));
    const list = el('ul', 'bl-note-list');
    for (const r of group.notes) list.append(this.noteItem(r, group));
    pop.replaceChildren(close, list);
  }

  private noteItem(r: ResolvedNote, group: NoteGroup): HTMLElement {
    const { note } = r;
    const item = el('li', 'bl-note-item');
    item.dataset.note = note.id;
    item.dataset.status = note.status;
    const meta = el('p', 'bl-note-meta');
    meta.append(
      el('span', 'bl-note-scope', t(SCOPE_KEYS[note.anchor.scope])),
      el('span', 'bl-note-status', t(STATUS_KEYS[note.status])),
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
    edit.addEventListener('click', () => {
      const placeCell = group.cell;
      this.openEditor({ note, ...(placeCell ? { cell: placeCell } : { table: group.table }), finding: note.finding, returnKey: group.key });
    });
    const del = button('bl-note-delete', t('ov_delete'));
    del.addEventListener('click', () => this.confirmDelete(actions, note, edit, del));
    actions.append(edit, del);
    item.append(actions);
    return item;
  }

  /** Delete asks first, inside the popover; Keep is focused, so Enter does not delete by accident. */
  private confirmDelete(actions: HTMLElement, note: Note, ...buttons: HTMLButtonElement[]): void {
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
      const store = this.actions;
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

  /** Closes the notes popover (the finding tooltip opening, Escape, its × button). */
  closePopover(restoreFocus: boolean): void {
    const pop = this.popover;
    if (!pop) return;
    this.popover = undefined;
    pop.element.remove();
    this.overlay.clearHighlights();
    const marker = this.markerFor(pop.key);
    marker?.setAttribute('aria-expanded', 'false');
    if (restoreFocus) marker?.focus({ preventScroll: true });
  }

  // ── editor ───────────────────────────────────────────────────────────────────────────────────────────────────────

  private openEditor(o: { cell?: CellAddress; table?: number; note?: Note; finding: NoteFinding | null; returnKey?: string; returnTo?: HTMLElement }): void {
    if (this.editor) {
      // Never throw away what someone typed: a dirty editor stays, and gets the focus back.
      const dirty = readEditor(this.editor.element);
      if (dirty.text.trim() || dirty.newTag.trim()) {
        this.editor.element.querySelector('textarea')?.focus();
        return;
      }
      this.closeEditor(false);
    }
    this.closePopover(false);
    this.overlay.closeTooltip();
    const context = o.note ? undefined : this.actions?.context();
    const form = this.buildEditor(o.note, o.cell, o.finding);
    const editor: Editor = {
      element: form,
      ...(o.cell ? { cell: o.cell } : {}),
      ...(o.table !== undefined ? { table: o.table } : {}),
      ...(o.note ? { note: o.note } : {}),
      ...(context ? { context } : {}),
      finding: o.finding,
      ...(o.returnKey !== undefined ? { returnKey: o.returnKey } : {}),
      ...(o.returnTo ? { returnTo: o.returnTo } : {}),
      saving: false,
    };
    this.editor = editor;
    this.container.append(form);
    if (o.cell) this.overlay.highlight([o.cell]);
    this.position();
    form.querySelector('textarea')?.focus({ preventScroll: true });
  }

  private buildEditor(note: Note | undefined, cell: CellAddress | undefined, finding: NoteFinding | null): HTMLFormElement {
    const form = el('form', 'bl-note-editor');
    form.setAttribute('role', 'dialog');
    form.setAttribute('aria-labelledby', EDITOR_TITLE_ID);
    form.noValidate = true;
    if (cell) form.dataset.cell = cellKey(cell);
    if (note) form.dataset.note = note.id;
    const title = el('h2', 'bl-note-editor-title', note ? t('ov_editTitle') : t('ov_addTitle'));
    title.id = EDITOR_TITLE_ID;
    form.append(title);
    const quoted = cellText(cell);
    if (quoted) form.append(el('p', 'bl-note-target', t('ov_targetCell', quoted)));
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
        const o = el('option', '', label);
        o.value = v;
        s.append(o);
      }
      s.value = value;
      return s;
    };

    const scopes: string[] = [...EDITOR_SCOPES];
    if (note && !scopes.includes(note.anchor.scope)) scopes.push(note.anchor.scope);
    const scope = select('scope', scopes.map((s) => [s, t(SCOPE_KEYS[s as NoteScope])] as const), note?.anchor.scope ?? 'cell');
    // A note keeps its anchor: editing changes its text, tags and status only.
    if (note) scope.disabled = true;
    form.append(field(t('ov_scope'), scope));

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

    const status = select('status', NOTE_STATUSES.map((s) => [s, t(STATUS_KEYS[s])] as const), note?.status ?? 'open');
    form.append(field(t('ov_status'), status));

    const error = el('p', 'bl-note-error');
    error.setAttribute('role', 'alert');
    form.append(error);
    form.append(el('p', 'bl-note-hint', t('ov_editorHint')));

    const buttons = el('div', 'bl-note-buttons');
    const save = el('button', 'bl-note-save', t('ov_save'));
    save.type = 'submit';
    const cancel = button('bl-note-cancel', t('ov_cancel'));
    cancel.addEventListener('click', () => this.closeEditor(true));
    buttons.append(save, cancel);
    form.append(buttons);

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.save();
    });
    // Keys typed in the editor are ours: the page's shortcuts never see them.
    for (const type of ['keydown', 'keyup', 'keypress'] as const) form.addEventListener(type, (e) => e.stopPropagation());
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.closeEditor(true);
      } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void this.save();
      }
    });
    return form;
  }

  private showError(form: HTMLElement, message: string): void {
    const error = form.querySelector('.bl-note-error');
    if (error) error.textContent = message;
  }

  private async save(): Promise<void> {
    const editor = this.editor;
    if (!editor || editor.saving) return;
    const read = editorValues(readEditor(editor.element));
    if (!read.ok) {
      this.showError(editor.element, t('ov_emptyNote'));
      return;
    }
    const actions = this.actions;
    const context = editor.context ?? actions?.context();
    if (!actions || (!editor.note && (!context || !editor.cell))) {
      this.showError(editor.element, pick(ANCHOR_FAILED));
      return;
    }
    const save = editor.element.querySelector<HTMLButtonElement>('.bl-note-save');
    editor.saving = true;
    if (save) save.disabled = true;
    this.showError(editor.element, '');
    const { text, tags, status } = read.values;
    const result = editor.note
      ? await actions.update(editor.note.id, { text, tags, status })
      : await actions.create(context!, read.values, editor.cell!, editor.finding);
    editor.saving = false;
    if (save) save.disabled = false;
    if (this.editor !== editor) return;
    if (!result.ok) {
      // Nothing is lost: the form stays as typed, with the store's message.
      this.showError(editor.element, pick(result.message));
      return;
    }
    this.pendingFocus = result.note.id;
    this.closeEditor(true);
  }

  private closeEditor(restoreFocus: boolean): void {
    const editor = this.editor;
    if (!editor) return;
    this.editor = undefined;
    editor.element.remove();
    this.overlay.clearHighlights();
    if (!restoreFocus) return;
    const back = this.markerFor(editor.returnKey) ?? (editor.returnTo?.isConnected ? editor.returnTo : undefined);
    back?.focus({ preventScroll: true });
  }

  // ── note mode ────────────────────────────────────────────────────────────────────────────────────────────────────

  private setNoteMode(table: number, on: boolean): void {
    if (on) this.modes.add(table);
    else this.modes.delete(table);
    for (const b of this.overlay.host.shadowRoot?.querySelectorAll<HTMLButtonElement>('.bl-note-mode') ?? []) {
      b.setAttribute('aria-pressed', String(this.modes.has(Number.parseInt(b.dataset.table ?? '-1', 10))));
    }
    this.drawFrames();
  }

  private leaveNoteMode(): void {
    for (const m of [...this.modes]) this.setNoteMode(m, false);
  }

  private drawFrames(): void {
    for (const f of this.frames) f.element.remove();
    this.frames = [];
    for (const [dom, budget] of this.tables) {
      if (!this.modes.has(budget)) continue;
      const frame = el('div', 'bl-note-frame');
      frame.dataset.table = String(dom);
      this.container.prepend(frame);
      this.frames.push({ table: dom, element: frame });
    }
    this.position();
  }

  /** In note mode a press on a cell of that table is ours: the page does not act on it, and a click opens the editor. */
  private onPagePointer(e: Event): void {
    if (this.modes.size === 0) return;
    const target = e.target as Element | null;
    if (!target || typeof target.closest !== 'function' || target === this.overlay.host) return;
    const td = target.closest('td, th');
    const cell = td ? cellAddressOf(td) : undefined;
    if (!cell) return;
    const budget = this.tables.get(cell.table);
    if (budget === undefined || !this.modes.has(budget)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (e.type !== 'click') return;
    const toggle = this.overlay.bar(budget)?.querySelector<HTMLElement>('.bl-note-mode') ?? undefined;
    this.openEditor({ cell, finding: null, ...(toggle ? { returnTo: toggle } : {}) });
  }

  // ── layout ───────────────────────────────────────────────────────────────────────────────────────────────────────

  /** Places markers, frames, the popover and the editor from the live layout of the page (document coordinates). */
  position(): void {
    const sx = scrollX;
    const sy = scrollY;
    const budgetOf = (dom: number): number => this.tables.get(dom) ?? dom;
    for (const m of this.markers) {
      if (!m.standalone) continue;
      const cell = m.group.cell;
      const target = cell ? domCell(cell) : domTable(m.group.table);
      const hide = !target || this.overlay.isHidden(budgetOf(m.group.table));
      m.element.hidden = hide;
      if (!target || hide) continue;
      const r = target.getBoundingClientRect();
      // On the cell's top-left corner, half outside: the finding markers take the top-right one.
      m.element.style.left = `${r.left + sx - 8}px`;
      m.element.style.top = `${r.top + sy - 8}px`;
    }
    for (const f of this.frames) {
      const table = domTable(f.table);
      f.element.hidden = !table;
      if (!table) continue;
      const r = table.getBoundingClientRect();
      Object.assign(f.element.style, { left: `${r.left + sx - 3}px`, top: `${r.top + sy - 3}px`, width: `${r.width + 6}px`, height: `${r.height + 6}px` });
    }
    const below = (e: HTMLElement, r: DOMRect): void => {
      e.style.left = `${Math.max(4, r.left + sx)}px`;
      e.style.top = `${r.bottom + sy + 4}px`;
    };
    const anchorRect = (cell: CellAddress | undefined, table: number | undefined): DOMRect | undefined => {
      if (cell) return domCell(cell)?.getBoundingClientRect();
      if (table === undefined) return undefined;
      return (this.overlay.bar(table) ?? domTable(table))?.getBoundingClientRect();
    };
    if (this.popover) {
      const group = this.markers.find((m) => m.group.key === this.popover!.key)?.group;
      const r = group ? anchorRect(group.cell, group.cell ? undefined : group.table) : undefined;
      if (r) below(this.popover.element, r);
    }
    if (this.editor) {
      const r = anchorRect(this.editor.cell, this.editor.table);
      if (r) below(this.editor.element, r);
    }
  }
}
