import type { Finding } from '../../lib/checks/types';
import type { CellAddress } from '../../lib/model';
import type { Note, NoteFinding } from '../../lib/notes/schema';
import { t } from '../../utils/i18n';
import { cellAddressOf, domCell, domTable, el } from './dom';
import {
  addNoteButton,
  buildNoteEditor,
  fillNotePopover,
  keepDirtyEditor,
  noteMarkerButton,
  noteModeToggle,
  notePopover,
  saveEditor,
} from './note-editor';
import {
  cellKey,
  groupNotes,
  type NoteActions,
  type NoteContext,
  type NoteGroup,
  type NotesView,
  type ResolvedNote,
} from './notes';

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

/**
 * Collapsed text of a page cell, for the editor's context line (shown as text, never as HTML; the editor shortens it).
 */
function cellText(c: CellAddress | undefined): string {
  return (c ? (domCell(c)?.textContent ?? '') : '').replace(/\s+/gu, ' ').trim();
}

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
    this.tables = new Map(
      tables.flatMap((tb) => (tb.domTables.length > 0 ? tb.domTables : [tb.index]).map((d) => [d, tb.index] as const)),
    );
    for (const m of [...this.modes]) if (!tables.some((tb) => tb.index === m)) this.modes.delete(m);
    this.drawFrames();
  }

  /**
   * The overlay cleared its layer for a new render: markers may point at moved cells until the notes are resolved
   * again.
   */
  onClear(): void {
    this.closePopover(false);
    for (const m of this.markers) m.element.remove();
    this.markers = [];
  }

  /** Adds the 笔记模式 toggle to a table's bar (its ✎, when the table has notes, comes with the next draw). */
  decorateBar(bar: HTMLElement, table: number): void {
    const toggle = noteModeToggle(table, this.modes.has(table), t('ov_noteModeHint'), () =>
      this.setNoteMode(table, !this.modes.has(table)),
    );
    bar.append(toggle);
  }

  /**
   * A 为此添加笔记 button for a finding's tooltip: the note is anchored to the finding's first cell and keeps the finding.
   */
  addNoteButton(finding: Finding, returnTo: HTMLElement): HTMLButtonElement {
    return addNoteButton(finding, (cell, ref) =>
      this.openEditor({ cell, finding: ref, returnKey: cellKey(cell), returnTo }),
    );
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
        if (active === null || active === document.body || active === this.overlay.host)
          marker.element.focus({ preventScroll: true });
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
    for (const item of this.popover?.element.querySelectorAll<HTMLElement>('.bl-note-item') ?? [])
      item.classList.toggle('bl-note-current', item.dataset.note === id);
    return true;
  }

  // ── markers ──────────────────────────────────────────────────────────────────────────────────────────────────────

  private markerButton(group: NoteGroup): HTMLButtonElement {
    return noteMarkerButton(group, () => {
      if (this.popover?.key === group.key) this.closePopover(true);
      else this.openPopover(group);
    });
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
    const pop = notePopover(group);
    this.fillPopover(pop, group);
    this.container.append(pop);
    this.popover = { element: pop, key: group.key };
    this.markerFor(group.key)?.setAttribute('aria-expanded', 'true');
    this.overlay.highlight(group.notes.flatMap((n) => (n.resolution.status === 'attached' ? n.resolution.cells : [])));
    this.position();
    pop.focus({ preventScroll: true });
  }

  private fillPopover(pop: HTMLElement, group: NoteGroup): void {
    fillNotePopover(pop, group, {
      close: () => this.closePopover(true),
      edit: (note, g) =>
        this.openEditor({
          note,
          ...(g.cell ? { cell: g.cell } : { table: g.table }),
          finding: note.finding,
          returnKey: g.key,
        }),
      actions: () => this.actions,
    });
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

  private openEditor(o: {
    cell?: CellAddress;
    table?: number;
    note?: Note;
    finding: NoteFinding | null;
    returnKey?: string;
    returnTo?: HTMLElement;
  }): void {
    if (this.editor) {
      // Never throw away what someone typed: a dirty editor stays, and gets the focus back.
      if (keepDirtyEditor(this.editor.element)) return;
      this.closeEditor(false);
    }
    this.closePopover(false);
    this.overlay.closeTooltip();
    const context = o.note ? undefined : this.actions?.context();
    const form = buildNoteEditor({
      note: o.note,
      scope: o.note?.anchor.scope ?? 'cell',
      quoted: cellText(o.cell),
      finding: o.finding,
      titleId: EDITOR_TITLE_ID,
      onSave: () => void this.save(),
      onCancel: () => this.closeEditor(true),
    });
    if (o.cell) form.dataset.cell = cellKey(o.cell);
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

  private async save(): Promise<void> {
    const editor = this.editor;
    if (!editor) return;
    const actions = this.actions;
    const id = await saveEditor(
      editor,
      actions,
      () => ({ context: editor.context ?? actions?.context(), cell: editor.cell }),
      () => this.editor === editor,
    );
    if (id === undefined) return;
    this.pendingFocus = id;
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

  /**
   * In note mode a press on a cell of that table is ours: the page does not act on it, and a click opens the editor.
   */
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
      Object.assign(f.element.style, {
        left: `${r.left + sx - 3}px`,
        top: `${r.top + sy - 3}px`,
        width: `${r.width + 6}px`,
        height: `${r.height + 6}px`,
      });
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
