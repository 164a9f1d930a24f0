import type { Finding } from '../../lib/checks/types';
import type { CellAddress } from '../../lib/model';
import type { Note, NoteFinding } from '../../lib/notes/schema';
import type { PdfBox, PdfSource } from '../../lib/pdf/types';
import { t } from '../../utils/i18n';
import { el } from '../overlay/dom';
import {
  addNoteButton,
  buildNoteEditor,
  fillNotePopover,
  keepDirtyEditor,
  noteMarkerButton,
  noteModeToggle,
  notePopover,
  saveEditor,
} from '../overlay/note-editor';
import {
  cellKey,
  groupNotes,
  type NoteActions,
  type NoteContext,
  type NoteGroup,
  type NotesView,
  type ResolvedNote,
} from '../overlay/notes';
import { button } from '../overlay/tooltip';
import type { MarksNotes, PdfMarks, Surface } from './marks';
import { belowAt, cellText, noteMarkerAt, tableCells, tableExtents, toCss, type CssSpot } from './place';

/**
 * Notes over the rendered PDF, with the page overlay's classes and form (components/overlay/notes-ui.ts): a ✎
 * marker on the primary cell of attached cell and row notes (button.bl-note[data-note][data-cell][data-count]), a ✎
 * on the bar of tables with table notes (.bl-bar .bl-note[data-table]), a popover with a marker's notes
 * (.bl-note-popover: edit, delete after a confirmation), the editor (form.bl-note-editor[role=dialog]: scope, text,
 * tags, status; Ctrl+Enter saves, Esc cancels), 为此添加笔记 in every finding's tooltip, and each bar's 笔记模式
 * (button.bl-note-mode[aria-pressed]): in note mode every cell of that table is a button (.pv-note-target[data-cell])
 * that opens the editor for it. The notes are resolved and stored by components/overlay/notes.ts's NotesController,
 * exactly as on an HTML page; page notes and orphans are listed in the viewer's side panel.
 */

const EDITOR_TITLE_ID = 'pv-note-editor-title';

interface Placed {
  readonly element: HTMLElement;
  readonly place: (scale: number) => CssSpot & { width?: number; height?: number };
}

interface Marker {
  readonly group: NoteGroup;
  readonly element: HTMLButtonElement;
}

interface Editor {
  readonly element: HTMLFormElement;
  readonly cell?: CellAddress;
  readonly table?: number;
  readonly note?: Note;
  readonly finding: NoteFinding | null;
  readonly returnTo?: HTMLElement;
  readonly returnKey?: string;
  saving: boolean;
}

const px = (n: number): string => `${Math.round(n * 100) / 100}px`;

function apply(p: Placed, scale: number): void {
  const r = p.place(scale);
  p.element.style.left = px(r.left);
  p.element.style.top = px(r.top);
  if (r.width !== undefined) p.element.style.width = px(r.width);
  if (r.height !== undefined) p.element.style.height = px(r.height);
}

export class PdfNotes implements NotesView, MarksNotes {
  private actions: NoteActions | undefined;
  private source: PdfSource | undefined;
  private markers: Marker[] = [];
  private placed: Placed[] = [];
  private popover: { placed: Placed; key: string } | undefined;
  private editor: (Editor & { placed: Placed }) | undefined;
  private readonly modes = new Set<number>();
  private targets: Placed[] = [];
  private pendingFocus: string | undefined;
  /** Every resolved note after each draw (the side panel lists page notes and orphans). */
  onDraw: (resolved: readonly ResolvedNote[]) => void = () => undefined;

  constructor(
    private readonly surface: Surface,
    private readonly marks: PdfMarks,
  ) {
    document.addEventListener(
      'keydown',
      (e) => {
        if (e.key !== 'Escape') return;
        if (this.popover) this.closePopover(true);
        else if (this.modes.size > 0 && !this.editor) for (const m of [...this.modes]) this.setNoteMode(m, false);
      },
      { signal: this.listeners.signal },
    );
  }

  private readonly listeners = new AbortController();

  /** Stops listening to the document (another file was opened). */
  dispose(): void {
    this.listeners.abort();
  }

  bind(actions: NoteActions): void {
    this.actions = actions;
  }

  /** The PDF just audited (its cells' boxes); note modes of tables that are gone are left. */
  setSource(source: PdfSource): void {
    this.source = source;
    this.closePopover(false);
    for (const m of this.markers) m.element.remove();
    this.markers = [];
    this.placed = [];
    for (const m of [...this.modes]) this.setNoteMode(m, false);
  }

  // ── MarksNotes ───────────────────────────────────────────────────────────────────────────────────────────────────

  addNoteButton(finding: Finding, returnTo: HTMLElement): HTMLElement {
    return addNoteButton(finding, (cell, ref) =>
      this.openEditor({ cell, finding: ref, returnTo, returnKey: cellKey(cell) }),
    );
  }

  decorateBar(bar: HTMLElement, table: number): void {
    const mode = noteModeToggle(table, this.modes.has(table), t('pv_noteModeHint'), () =>
      this.setNoteMode(table, !this.modes.has(table)),
    );
    const add = button('pv-table-note', t('pv_tableNote'));
    add.dataset.table = String(table);
    add.addEventListener('click', () => this.openEditor({ table, finding: null, returnTo: add }));
    bar.append(mode, add);
  }

  closePopover(restoreFocus: boolean): void {
    const pop = this.popover;
    if (!pop) return;
    this.popover = undefined;
    pop.placed.element.remove();
    this.marks.highlight([]);
    const marker = this.markerFor(pop.key);
    marker?.setAttribute('aria-expanded', 'false');
    if (restoreFocus) marker?.focus({ preventScroll: true });
  }

  // ── NotesView ────────────────────────────────────────────────────────────────────────────────────────────────────

  draw(resolved: readonly ResolvedNote[]): void {
    const focusedKey = this.markers.find((m) => m.element === document.activeElement)?.group.key;
    for (const m of this.markers) m.element.remove();
    this.markers = [];
    this.placed = [];
    const source = this.source;
    if (source) {
      const { cells, tables } = groupNotes(resolved);
      for (const g of tables) this.tableMarker(g);
      for (const g of cells) this.cellMarker(g, source);
    }
    if (this.popover) {
      const group = this.markers.find((m) => m.group.key === this.popover!.key)?.group;
      if (group) this.fillPopover(this.popover.placed.element, group);
      else this.closePopover(false);
    }
    this.position();
    this.markerFor(focusedKey)?.focus({ preventScroll: true });
    if (this.pendingFocus) {
      const marker = this.markers.find((m) => m.group.notes.some((n) => n.note.id === this.pendingFocus));
      if (marker) {
        this.pendingFocus = undefined;
        if (document.activeElement === null || document.activeElement === document.body)
          marker.element.focus({ preventScroll: true });
      }
    }
    this.onDraw(resolved);
  }

  /** Scrolls to a note's marker and opens it; false for page notes and orphans (no marker). */
  reveal(id: string): boolean {
    const marker = this.markers.find((m) => m.group.notes.some((n) => n.note.id === id));
    if (!marker) return false;
    const box = this.groupBox(marker.group);
    if (box) this.surface.scrollToBox(box);
    this.openPopover(marker.group);
    marker.element.focus({ preventScroll: true });
    return true;
  }

  /** Places markers, targets, the popover and the editor again at the surface's scale. */
  position(): void {
    const scale = this.surface.scale;
    for (const p of this.placed) apply(p, scale);
    for (const p of this.targets) apply(p, scale);
    if (this.popover) apply(this.popover.placed, scale);
    if (this.editor) apply(this.editor.placed, scale);
  }

  // ── markers ──────────────────────────────────────────────────────────────────────────────────────────────────────

  private groupBox(group: NoteGroup): PdfBox | undefined {
    if (group.cell) return this.source?.cellBox(group.cell);
    return this.marks.barBox(group.table) ?? (this.source ? tableExtents(this.source, group.table)[0] : undefined);
  }

  private markerButton(group: NoteGroup): HTMLButtonElement {
    return noteMarkerButton(group, () => {
      if (this.popover?.key === group.key) this.closePopover(true);
      else this.openPopover(group);
    });
  }

  private cellMarker(group: NoteGroup, source: PdfSource): void {
    const box = source.cellBox(group.cell!);
    const layer = box ? this.surface.layer(box.page) : undefined;
    if (!box || !layer) return;
    const b = this.markerButton(group);
    b.dataset.cell = cellKey(group.cell!);
    layer.append(b);
    this.placed.push({ element: b, place: (s) => noteMarkerAt(box, s) });
    this.markers.push({ group, element: b });
  }

  private tableMarker(group: NoteGroup): void {
    const bar = this.marks.bar(group.table);
    if (!bar) return;
    const b = this.markerButton(group);
    b.dataset.table = String(group.table);
    b.classList.add('bl-note-table');
    bar.insertBefore(b, bar.querySelector('.bl-note-mode'));
    this.markers.push({ group, element: b });
  }

  private markerFor(key: string | undefined): HTMLButtonElement | undefined {
    return key === undefined ? undefined : this.markers.find((m) => m.group.key === key)?.element;
  }

  // ── popover ──────────────────────────────────────────────────────────────────────────────────────────────────────

  private openPopover(group: NoteGroup): void {
    this.closePopover(false);
    this.marks.closeTooltip(false);
    const box = this.groupBox(group);
    const layer = box ? this.surface.layer(box.page) : undefined;
    if (!box || !layer) return;
    const pop = notePopover(group);
    this.fillPopover(pop, group);
    const marker = this.markerFor(group.key);
    if (marker && marker.parentElement === layer) marker.after(pop);
    else layer.append(pop);
    const placed: Placed = { element: pop, place: (s) => belowAt(box, s) };
    apply(placed, this.surface.scale);
    this.popover = { placed, key: group.key };
    marker?.setAttribute('aria-expanded', 'true');
    this.marks.highlight(group.notes.flatMap((n) => (n.resolution.status === 'attached' ? n.resolution.cells : [])));
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

  // ── editor ───────────────────────────────────────────────────────────────────────────────────────────────────────

  private openEditor(o: {
    cell?: CellAddress;
    table?: number;
    note?: Note;
    finding: NoteFinding | null;
    returnTo?: HTMLElement;
    returnKey?: string;
  }): void {
    if (this.editor) {
      // Never throw away what someone typed: a dirty editor stays and gets the focus back.
      if (keepDirtyEditor(this.editor.element)) return;
      this.closeEditor(false);
    }
    const source = this.source;
    const box = o.cell ? source?.cellBox(o.cell) : o.table !== undefined ? this.marks.barBox(o.table) : undefined;
    const layer = box ? this.surface.layer(box.page) : undefined;
    if (!box || !layer || !source) return;
    this.closePopover(false);
    this.marks.closeTooltip(false);
    const form = buildNoteEditor({
      note: o.note,
      scope: o.note?.anchor.scope ?? (o.cell ? 'cell' : 'table'),
      quoted: o.cell ? cellText(source, o.cell) : '',
      finding: o.finding,
      titleId: EDITOR_TITLE_ID,
      onSave: () => void this.save(),
      onCancel: () => this.closeEditor(true),
    });
    if (o.cell) form.dataset.cell = cellKey(o.cell);
    if (o.table !== undefined) form.dataset.table = String(o.table);
    layer.append(form);
    const placed: Placed = { element: form, place: (s) => belowAt(box, s) };
    apply(placed, this.surface.scale);
    this.editor = {
      element: form,
      placed,
      ...(o.cell ? { cell: o.cell } : {}),
      ...(o.table !== undefined ? { table: o.table } : {}),
      ...(o.note ? { note: o.note } : {}),
      finding: o.finding,
      ...(o.returnTo ? { returnTo: o.returnTo } : {}),
      ...(o.returnKey !== undefined ? { returnKey: o.returnKey } : {}),
      saving: false,
    };
    if (o.cell) this.marks.highlight([o.cell]);
    form.querySelector('textarea')?.focus({ preventScroll: true });
    form.scrollIntoView?.({ block: 'nearest' });
  }

  private async save(): Promise<void> {
    const editor = this.editor;
    if (!editor) return;
    const actions = this.actions;
    // A table note from the bar is anchored through any cell of the table.
    const anchor = (): { context: NoteContext | undefined; cell: CellAddress | undefined } => ({
      context: actions?.context(),
      cell:
        editor.cell ??
        (editor.table !== undefined && this.source ? tableCells(this.source, editor.table)[0] : undefined),
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
    this.marks.highlight([]);
    if (!restoreFocus) return;
    const back = this.markerFor(editor.returnKey) ?? (editor.returnTo?.isConnected ? editor.returnTo : undefined);
    back?.focus({ preventScroll: true });
  }

  // ── note mode ────────────────────────────────────────────────────────────────────────────────────────────────────

  private setNoteMode(table: number, on: boolean): void {
    if (on) this.modes.add(table);
    else this.modes.delete(table);
    for (const b of document.querySelectorAll<HTMLButtonElement>('.bl-note-mode')) {
      b.setAttribute('aria-pressed', String(this.modes.has(Number.parseInt(b.dataset.table ?? '-1', 10))));
    }
    this.drawTargets();
  }

  /** In note mode every cell of the table is a button over the cell; a frame shows which table is in note mode. */
  private drawTargets(): void {
    for (const p of this.targets) p.element.remove();
    this.targets = [];
    const source = this.source;
    if (!source) return;
    for (const table of this.modes) {
      for (const extent of tableExtents(source, table)) {
        const frame = el('div', 'bl-note-frame');
        frame.dataset.table = String(table);
        const layer = this.surface.layer(extent.page);
        if (!layer) continue;
        layer.append(frame);
        this.targets.push({
          element: frame,
          place: (s) => ({
            ...toCss({ x: extent.x - 2, y: extent.y - 2, width: extent.width + 4, height: extent.height + 4 }, s),
          }),
        });
      }
      for (const cell of tableCells(source, table)) {
        const box = source.cellBox(cell);
        const layer = box ? this.surface.layer(box.page) : undefined;
        if (!box || !layer) continue;
        const target = button('pv-note-target', '');
        target.dataset.cell = cellKey(cell);
        const text = cellText(source, cell);
        target.setAttribute('aria-label', t('pv_noteTarget', text || cellKey(cell)));
        target.addEventListener('click', (e) => {
          e.stopPropagation();
          const toggle = this.marks.bar(table)?.querySelector<HTMLElement>('.bl-note-mode') ?? undefined;
          this.openEditor({ cell, finding: null, ...(toggle ? { returnTo: toggle } : {}) });
        });
        layer.append(target);
        this.targets.push({ element: target, place: (s) => toCss(box, s) });
      }
    }
    this.position();
  }
}
