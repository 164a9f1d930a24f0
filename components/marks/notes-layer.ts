import type { Cell, FindingData } from '../../lib/report/schema';
import type { Note, NoteFinding } from '../../lib/notes/schema';
import { t } from '../../utils/i18n';
import { button, el } from './dom';
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
  groupNotes,
  type NoteActions,
  type NoteContext,
  type NoteGroup,
  type NotesView,
  type ResolvedNote,
} from './notes';
import { barRect, belowAt, cellKey, frameAt, noteMarkerAt } from './place';
import { onFirst, placeAll, type MarksHost, type Placed } from './placed';
import type { Place, Target } from './surface';

/**
 * The notes in the marks layer (layer.ts), on any surface: a ✎ marker on the primary cell of attached cell and row
 * notes (button.bl-note[data-note][data-cell][data-count], one per cell), a ✎ with a count on the bar of tables with
 * table notes (.bl-bar .bl-note[data-table]), a popover listing a marker's notes (.bl-note-popover: edit, delete
 * after a confirmation), the editor (form.bl-note-editor[role=dialog]: scope, text, tags, status; Ctrl+Enter saves,
 * Esc cancels), 为此添加笔记 in every finding's tooltip, and on each bar 笔记模式 (button.bl-note-mode[aria-pressed]:
 * a click on any cell of that table opens the editor for it, the document does not see the click; .bl-note-frame
 * around the table) and 表笔记 (button.bl-table-note: a note on the whole table). The notes are resolved and stored
 * by notes.ts's NotesController; an open editor survives re-renders, so what was typed is never lost.
 */

const EDITOR_TITLE_ID = 'bl-note-editor-title';

interface Marker {
  readonly group: NoteGroup;
  readonly element: HTMLButtonElement;
  /** A cell's marker (placed on the cell), or a table's ✎ drawn over the table because the table has no bar. */
  readonly placed?: Placed;
}

interface Editor {
  readonly element: HTMLFormElement;
  readonly placed: Placed;
  /** What a new note is anchored to (the cell clicked or the finding's first cell). */
  readonly cell?: Cell;
  /** A table note (new from the bar, or being edited): drawn under the table's bar. */
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
  readonly placed: Placed;
  readonly key: string;
}

export class NotesLayer implements NotesView {
  private actions: NoteActions | undefined;
  private markers: Marker[] = [];
  private popover: Popover | undefined;
  private editor: Editor | undefined;
  /** Tables (their first index) in note mode. */
  private readonly modes = new Set<number>();
  private frames: Placed[] = [];
  /** Every table index → the table (its first index) it was read into, for the tables drawn. */
  private tables = new Map<number, number>();
  /** A note just written: its marker takes the focus when it is drawn. */
  private pendingFocus: string | undefined;
  private readonly listeners = new AbortController();
  /** Every resolved note after each draw (the viewer lists page notes and orphans). */
  onDraw: (resolved: readonly ResolvedNote[]) => void = () => undefined;

  constructor(private readonly host: MarksHost) {
    document.addEventListener(
      'keydown',
      (e) => {
        if (e.key !== 'Escape') return;
        if (this.popover) this.closePopover(true);
        else if (this.modes.size > 0 && !this.editor) this.leaveNoteMode();
      },
      { signal: this.listeners.signal },
    );
  }

  bind(actions: NoteActions): void {
    this.actions = actions;
  }

  dispose(): void {
    this.listeners.abort();
    this.host.surface.pick(new Set(), () => undefined);
  }

  /** The tables of the report just drawn: which table indexes belong to which bar; modes of tables gone end. */
  setTables(tables: readonly { index: number; continuedIn?: readonly number[] }[]): void {
    this.tables = new Map(
      tables.flatMap((tb) => [tb.index, ...(tb.continuedIn ?? [])].map((d) => [d, tb.index] as const)),
    );
    for (const m of [...this.modes]) if (!tables.some((tb) => tb.index === m)) this.modes.delete(m);
    this.updateModes();
  }

  /** The layer cleared its marks for a new render: markers come back when the notes are resolved again. */
  onClear(): void {
    this.closePopover(false);
    for (const m of this.markers) m.element.remove();
    this.markers = [];
  }

  /** A bar's 笔记模式 toggle and 表笔记 button (its ✎, when the table has notes, comes with the next draw). */
  decorateBar(bar: HTMLElement, table: number): void {
    const mode = noteModeToggle(table, this.modes.has(table), t('ov_noteModeHint'), () =>
      this.setNoteMode(table, !this.modes.has(table)),
    );
    const add = button('bl-table-note', t('ov_tableNote'));
    add.dataset.table = String(table);
    add.addEventListener('click', () => this.openEditor({ table, finding: null, returnTo: add }));
    bar.append(mode, add);
  }

  /** A 为此添加笔记 button for a finding's tooltip: the note is anchored to its first cell and keeps the finding. */
  addNoteButton(finding: FindingData, returnTo: HTMLElement): HTMLButtonElement {
    return addNoteButton(finding, (cell, ref) =>
      this.openEditor({ cell, finding: ref, returnKey: cellKey(cell), returnTo }),
    );
  }

  draw(resolved: readonly ResolvedNote[]): void {
    // Redrawn markers keep the focus where it was (a change from another tab must not throw the reader out).
    const focused = this.host.surface.root.activeElement ?? null;
    const focusedKey = this.markers.find((m) => m.element === focused)?.group.key;
    const inPopover = focused !== null && this.popover?.placed.element.contains(focused) === true;
    for (const m of this.markers) m.element.remove();
    this.markers = [];
    const { cells, tables } = groupNotes(resolved);
    for (const g of tables) this.tableMarker(g);
    for (const g of cells) this.cellMarker(g);
    if (this.popover) {
      const group = this.markers.find((m) => m.group.key === this.popover!.key)?.group;
      if (group) this.fillPopover(this.popover.placed.element, group);
      else this.closePopover(false);
      if (group && inPopover) this.popover?.placed.element.focus({ preventScroll: true });
    }
    this.position();
    this.markerFor(focusedKey)?.focus({ preventScroll: true });
    if (this.pendingFocus) {
      const marker = this.markers.find((m) => m.group.notes.some((n) => n.note.id === this.pendingFocus));
      // Only when the reader is not elsewhere: focus on the page's body, or inside the marks.
      const active = document.activeElement;
      const root = this.host.surface.root;
      if (marker) {
        this.pendingFocus = undefined;
        if (active === null || active === document.body || ('host' in root && active === root.host))
          marker.element.focus({ preventScroll: true });
      }
    }
    this.onDraw(resolved);
  }

  /** The marker holding a note (the lists' "show me", tests). */
  markerOf(id: string): HTMLButtonElement | undefined {
    return this.markers.find((m) => m.group.notes.some((n) => n.note.id === id))?.element;
  }

  /** Scrolls to a note's marker and opens it; false when the note has no marker here (page notes, orphans). */
  reveal(id: string): boolean {
    const marker = this.markers.find((m) => m.group.notes.some((n) => n.note.id === id));
    if (!marker) return false;
    this.host.surface.scrollTo(this.groupTarget(marker.group));
    this.openPopover(marker.group);
    marker.element.focus({ preventScroll: true });
    for (const item of this.popover?.placed.element.querySelectorAll<HTMLElement>('.bl-note-item') ?? [])
      item.classList.toggle('bl-note-current', item.dataset.note === id);
    return true;
  }

  /** Places markers, frames, the popover and the editor. */
  position(): void {
    placeAll(this.host.surface, [
      ...this.frames,
      ...this.markers.flatMap((m) => (m.placed ? [m.placed] : [])),
      ...(this.popover ? [this.popover.placed] : []),
      ...(this.editor ? [this.editor.placed] : []),
    ]);
  }

  // ── markers ──────────────────────────────────────────────────────────────────────────────────────────────────────

  private groupTarget(group: NoteGroup): Target {
    return group.cell ? { cell: group.cell } : { table: group.table };
  }

  /** Where a group's popover goes: under its cell, or under its table's bar. */
  private below(target: Target): Placed['at'] {
    return 'table' in target
      ? (places) => {
          const first = places[0];
          return first ? { place: first, spot: belowAt(barRect(first.rect)) } : undefined;
        }
      : onFirst(belowAt);
  }

  private markerButton(group: NoteGroup): HTMLButtonElement {
    return noteMarkerButton(group, () => {
      if (this.popover?.key === group.key) this.closePopover(true);
      else this.openPopover(group);
    });
  }

  private cellMarker(group: NoteGroup): void {
    const b = this.markerButton(group);
    b.dataset.cell = cellKey(group.cell!);
    const placed: Placed = {
      element: b,
      target: { cell: group.cell! },
      at: onFirst(noteMarkerAt),
      shown: () => !this.host.isHidden(group.table),
    };
    this.markers.push({ group, element: b, placed });
  }

  private tableMarker(group: NoteGroup): void {
    const bar = this.host.bar(this.host.owner(group.table));
    const b = this.markerButton(group);
    b.dataset.table = String(group.table);
    b.classList.add('bl-note-table');
    if (bar) {
      bar.insertBefore(b, bar.querySelector('.bl-note-mode'));
      this.markers.push({ group, element: b });
      return;
    }
    const placed: Placed = { element: b, target: { table: group.table }, at: onFirst(noteMarkerAt) };
    this.markers.push({ group, element: b, placed });
  }

  private markerFor(key: string | undefined): HTMLButtonElement | undefined {
    return key === undefined ? undefined : this.markers.find((m) => m.group.key === key)?.element;
  }

  // ── popover ──────────────────────────────────────────────────────────────────────────────────────────────────────

  private openPopover(group: NoteGroup): void {
    this.closePopover(false);
    this.host.closeTooltip(false);
    const pop = notePopover(group);
    this.fillPopover(pop, group);
    const marker = this.markerFor(group.key);
    const target = this.groupTarget(group);
    const placed: Placed = { element: pop, target, at: this.below(target) };
    // Right after its marker when they share a layer: Tab goes from the marker into the popover.
    const first = this.host.surface.locate(target)[0];
    if (marker && first && marker.parentNode === first.layer) marker.after(pop);
    this.popover = { placed, key: group.key };
    placeAll(this.host.surface, [placed]);
    marker?.setAttribute('aria-expanded', 'true');
    this.host.highlight(group.notes.flatMap((n) => (n.resolution.status === 'attached' ? n.resolution.cells : [])));
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

  /** Closes the notes popover (a tooltip opening, Escape, its × button). */
  closePopover(restoreFocus: boolean): void {
    const pop = this.popover;
    if (!pop) return;
    this.popover = undefined;
    pop.placed.element.remove();
    this.host.highlight([]);
    const marker = this.markerFor(pop.key);
    marker?.setAttribute('aria-expanded', 'false');
    if (restoreFocus) marker?.focus({ preventScroll: true });
  }

  // ── editor ───────────────────────────────────────────────────────────────────────────────────────────────────────

  private openEditor(o: {
    cell?: Cell;
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
    const target: Target | undefined = o.cell
      ? { cell: o.cell }
      : o.table !== undefined
        ? { table: o.table }
        : undefined;
    if (!target || this.host.surface.locate(target).length === 0) return;
    this.closePopover(false);
    this.host.closeTooltip(false);
    const context = o.note ? undefined : this.actions?.context();
    const form = buildNoteEditor({
      note: o.note,
      scope: o.note?.anchor.scope ?? (o.cell ? 'cell' : 'table'),
      quoted: o.cell ? this.host.surface.cellText(o.cell) : '',
      finding: o.finding,
      titleId: EDITOR_TITLE_ID,
      onSave: () => void this.save(),
      onCancel: () => this.closeEditor(true),
    });
    if (o.cell) form.dataset.cell = cellKey(o.cell);
    if (o.table !== undefined) form.dataset.table = String(o.table);
    const editor: Editor = {
      element: form,
      placed: { element: form, target, at: this.below(target) },
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
    placeAll(this.host.surface, [editor.placed]);
    if (o.cell) this.host.highlight([o.cell]);
    form.querySelector('textarea')?.focus({ preventScroll: true });
    form.scrollIntoView?.({ block: 'nearest' });
  }

  private async save(): Promise<void> {
    const editor = this.editor;
    if (!editor) return;
    const actions = this.actions;
    // A table note from the bar is anchored through a cell of the table.
    const anchor = (): { context: NoteContext | undefined; cell: Cell | undefined } => ({
      context: editor.context ?? actions?.context(),
      cell: editor.cell ?? (editor.table !== undefined ? this.host.surface.firstCell(editor.table) : undefined),
    });
    const id = await saveEditor(editor, actions, anchor, () => this.editor === editor);
    if (id === undefined) return;
    this.pendingFocus = id;
    this.closeEditor(true);
  }

  private closeEditor(restoreFocus: boolean): void {
    const editor = this.editor;
    if (!editor) return;
    this.editor = undefined;
    editor.element.remove();
    this.host.highlight([]);
    if (!restoreFocus) return;
    const back = this.markerFor(editor.returnKey) ?? (editor.returnTo?.isConnected ? editor.returnTo : undefined);
    back?.focus({ preventScroll: true });
  }

  // ── note mode ────────────────────────────────────────────────────────────────────────────────────────────────────

  private setNoteMode(table: number, on: boolean): void {
    if (on) this.modes.add(table);
    else this.modes.delete(table);
    this.updateModes();
  }

  private leaveNoteMode(): void {
    this.modes.clear();
    this.updateModes();
  }

  /** The toggles' state, the frames around tables in note mode, and what the surface takes as a pick. */
  private updateModes(): void {
    for (const [, budget] of this.tables) {
      this.host
        .bar(budget)
        ?.querySelector('.bl-note-mode')
        ?.setAttribute('aria-pressed', String(this.modes.has(budget)));
    }
    for (const f of this.frames) f.element.remove();
    this.frames = [];
    const picked = new Set<number>();
    for (const [dom, budget] of this.tables) {
      if (!this.modes.has(budget)) continue;
      picked.add(dom);
      // One frame per part of the table (a PDF table over two pages has two).
      this.host.surface.locate({ table: dom }).forEach((_, i) => {
        const frame = el('div', 'bl-note-frame');
        frame.dataset.table = String(dom);
        this.frames.push({
          element: frame,
          target: { table: dom },
          at: (places: readonly Place[]) => {
            const p = places[i];
            return p ? { place: p, spot: frameAt(p.rect) } : undefined;
          },
        });
      });
    }
    this.host.surface.pick(picked, (cell) => {
      const budget = this.tables.get(cell.table);
      const toggle =
        budget === undefined ? undefined : this.host.bar(budget)?.querySelector<HTMLElement>('.bl-note-mode');
      this.openEditor({ cell, finding: null, ...(toggle ? { returnTo: toggle } : {}) });
    });
    placeAll(this.host.surface, this.frames);
  }
}
