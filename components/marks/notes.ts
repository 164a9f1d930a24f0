import type { Finding } from '../../lib/checks/types';
import type { FindingData, NoteOnPage } from '../../lib/extension/messages';
import { cellKey } from './place';
import type { CellAddress } from '../../lib/model';
import type { NoteTarget, PageInfo, Resolution } from '../../lib/notes/anchor';
import { NOTE_STATUSES, type Note, type NoteFinding, type NoteStatus } from '../../lib/notes/schema';
import type { NewNote, NotePatch, NotesStore, WriteResult } from '../../lib/notes/store';
import { canonicalUrl } from '../../lib/page/canonical';
import type { PageModel } from './model';

/**
 * The notes, without the DOM: which notes sit on which cell, what the editor's form means, what the report says
 * about them, and the controller that keeps them in step with the store (notes-layer.ts draws them). A notes failure
 * never breaks the audit overlay: the controller catches, warns and draws nothing.
 */

export interface ResolvedNote {
  readonly note: Note;
  readonly resolution: Resolution;
}

/** One marker's worth of notes: the attached cell and row notes whose primary cell is `cell`, or a table's notes. */
export interface NoteGroup {
  /** 'T:R:C' for a cell marker, 'table:N' for a table's ✎ on its bar. */
  readonly key: string;
  /** DOM table index (the first <table> of a continued table for table notes). */
  readonly table: number;
  /** The primary cell, for cell markers. */
  readonly cell?: CellAddress;
  /** Oldest first; the marker's data-note is the first one's id. */
  readonly notes: readonly ResolvedNote[];
}

const tableKey = (table: number): string => `table:${table}`;

const byCreated = (a: ResolvedNote, b: ResolvedNote): number =>
  a.note.createdAt.localeCompare(b.note.createdAt) || a.note.id.localeCompare(b.note.id);
const byPlace = (a: NoteGroup, b: NoteGroup): number =>
  a.table - b.table || (a.cell?.row ?? -1) - (b.cell?.row ?? -1) || (a.cell?.cell ?? -1) - (b.cell?.cell ?? -1);

/**
 * Groups attached notes by where their marker goes: cell and row notes by primary cell (several notes on one cell
 * share one marker), table notes by table. Page notes and orphans have no marker in the page (the side panel shows
 * them).
 */
export function groupNotes(resolved: readonly ResolvedNote[]): { cells: NoteGroup[]; tables: NoteGroup[] } {
  const cells = new Map<string, { table: number; cell: CellAddress; notes: ResolvedNote[] }>();
  const tables = new Map<number, ResolvedNote[]>();
  for (const r of resolved) {
    const res = r.resolution;
    if (res.status !== 'attached' || res.scope === 'page') continue;
    if (res.scope === 'table') {
      if (res.table === undefined) continue;
      const list = tables.get(res.table) ?? [];
      list.push(r);
      tables.set(res.table, list);
      continue;
    }
    const primary = res.primary ?? res.cells[0];
    if (!primary) continue;
    const key = cellKey(primary);
    const group = cells.get(key) ?? {
      table: primary.table,
      cell: { table: primary.table, row: primary.row, cell: primary.cell },
      notes: [],
    };
    group.notes.push(r);
    cells.set(key, group);
  }
  return {
    cells: [...cells.entries()]
      .map(([key, g]) => ({ key, table: g.table, cell: g.cell, notes: g.notes.sort(byCreated) }))
      .sort(byPlace),
    tables: [...tables.entries()]
      .map(([table, notes]) => ({ key: tableKey(table), table, notes: notes.sort(byCreated) }))
      .sort(byPlace),
  };
}

/** The worst confidence of a group, for its marker: fuzzy (found by quote only) over moved over exact. */
export function groupConfidence(group: NoteGroup): 'exact' | 'moved' | 'fuzzy' {
  const all = group.notes.map((n) => (n.resolution.status === 'attached' ? n.resolution.confidence : 'exact'));
  return all.includes('fuzzy') ? 'fuzzy' : all.includes('moved') ? 'moved' : 'exact';
}

/** The value a note quoted when it was written, when it no longer matches the page (confidence 'fuzzy'). */
export function oldValue(r: ResolvedNote): string | undefined {
  if (r.resolution.status !== 'attached' || r.resolution.confidence !== 'fuzzy') return undefined;
  return r.note.anchor.quote?.exact || undefined;
}

/** What the report tells the side panel about a note on this page. */
export function noteOnPage(r: ResolvedNote): NoteOnPage {
  const res = r.resolution;
  if (res.status === 'orphan') {
    return {
      id: r.note.id,
      status: 'orphan',
      scope: r.note.anchor.scope,
      table: null,
      primary: null,
      cells: [],
      confidence: null,
      reason: { zh: res.reason.zh, en: res.reason.en },
    };
  }
  const addr = (c: CellAddress): CellAddress => ({ table: c.table, row: c.row, cell: c.cell });
  return {
    id: r.note.id,
    status: 'attached',
    scope: res.scope,
    table: res.scope === 'page' ? null : (res.table ?? null),
    primary: (res.scope === 'cell' || res.scope === 'row') && res.primary ? addr(res.primary) : null,
    cells: res.cells.map(addr),
    confidence: res.confidence,
    reason: null,
  };
}

/** Scopes the overlay's editor offers (page notes are written in the side panel). */
export const EDITOR_SCOPES = ['cell', 'row', 'table'] as const;
export type EditorScope = (typeof EDITOR_SCOPES)[number];

/** The editor's form as read: raw strings. */
export interface EditorFields {
  readonly scope: string;
  readonly text: string;
  /** Values of the checked tag boxes. */
  readonly tags: readonly string[];
  /** The custom tag field: one tag, or several separated by commas, 、 or spaces. */
  readonly newTag: string;
  readonly status: string;
}

export interface EditorValues {
  readonly scope: EditorScope;
  readonly text: string;
  readonly tags: string[];
  readonly status: NoteStatus;
}

const MAX_TAGS = 30;
const MAX_TAG = 40;
const MAX_TEXT = 20000;

/** The editor's fields as note values; a note needs text or at least one tag. */
export function editorValues(f: EditorFields): { ok: true; values: EditorValues } | { ok: false; error: 'empty' } {
  const scope = (EDITOR_SCOPES as readonly string[]).includes(f.scope) ? (f.scope as EditorScope) : 'cell';
  const status = (NOTE_STATUSES as readonly string[]).includes(f.status) ? (f.status as NoteStatus) : 'open';
  const tags: string[] = [];
  for (const raw of [...f.tags, ...f.newTag.split(/[,，、;；\s]+/u)]) {
    const tag = [...raw.trim()].slice(0, MAX_TAG).join('');
    if (tag && !tags.includes(tag) && tags.length < MAX_TAGS) tags.push(tag);
  }
  const text = f.text.trim().slice(0, MAX_TEXT);
  if (!text && tags.length === 0) return { ok: false, error: 'empty' };
  return { ok: true, values: { scope, text, tags, status } };
}

/** Reads the editor's form (form.bl-note-editor). */
export function readEditor(form: HTMLElement): EditorFields {
  const value = (sel: string): string => (form.querySelector(sel) as HTMLInputElement | null)?.value ?? '';
  const boxes = [...form.querySelectorAll('input[type="checkbox"][name="tag"]')] as HTMLInputElement[];
  return {
    scope: value('select[name="scope"]'),
    text: value('textarea[name="text"]'),
    tags: boxes.filter((b) => b.checked).map((b) => b.value),
    newTag: value('input[name="newtag"]'),
    status: value('select[name="status"]'),
  };
}

/** What the user pointed at, for anchorFor: the cell, its row, or its table. */
export function targetFor(scope: EditorScope, cell: CellAddress): NoteTarget {
  const c = { table: cell.table, row: cell.row, cell: cell.cell };
  return scope === 'table' ? { scope, cell: c, table: c.table } : { scope, cell: c };
}

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** A finding copied into a note (within the stored schema's limits), so exports keep it when the page changes. */
export function findingRef(f: Finding | FindingData): NoteFinding {
  return {
    check: cut(f.check, 60),
    severity: f.severity,
    message: { zh: cut(f.message.zh, 2000), en: cut(f.message.en, 2000) },
    stated: f.stated == null ? null : cut(f.stated, 100),
    expected: f.expected == null ? null : cut(f.expected, 100),
    derivation: cut(f.derivation, 4000),
    unit: f.unit == null ? null : cut(f.unit, 20),
  };
}

/** A new note from the editor's values and the anchor computed for its target. */
export function newNote(
  values: EditorValues,
  anchor: NewNote['anchor'],
  finding: NoteFinding | null,
  hint: CellAddress | null,
): NewNote {
  return {
    text: values.text,
    tags: [...values.tags],
    status: values.status,
    anchor,
    finding,
    hint: hint ? { table: hint.table, row: hint.row, cell: hint.cell } : null,
  };
}

/** The store operations the overlay needs (NotesStore, or a fake in tests). */
export type NotesBackend = Pick<NotesStore, 'list' | 'create' | 'update' | 'remove' | 'subscribe'>;

/** What the UI asks of the controller. */
export interface NoteActions {
  /** The document and page the notes were last resolved against, captured when an editor opens. */
  context(): NoteContext | undefined;
  create(
    context: NoteContext,
    values: EditorValues,
    cell: CellAddress,
    finding: NoteFinding | null,
  ): Promise<WriteResult>;
  update(id: string, patch: NotePatch): Promise<WriteResult>;
  remove(id: string): Promise<{ ok: true } | { ok: false; message: { zh: string; en: string } }>;
}

export interface NoteContext {
  /** Where the document's model is (the engine's worker, or right here). */
  readonly model: PageModel;
  readonly page: PageInfo;
}

/** What the controller asks of the UI. */
export interface NotesView {
  bind(actions: NoteActions): void;
  draw(resolved: readonly ResolvedNote[]): void;
}

export const ANCHOR_FAILED = {
  zh: '无法定位这个单元格，笔记没有保存；你写的内容还在。',
  en: 'Could not anchor this cell, so the note was not saved; what you wrote is still here.',
} as const;
export const WRITE_FAILED = {
  zh: '无法写入扩展存储，笔记没有保存；你写的内容还在。',
  en: 'Could not write to extension storage, so the note was not saved; what you wrote is still here.',
} as const;
export const REMOVE_FAILED = { zh: '删除失败，请重试。', en: 'Could not delete the note; please try again.' } as const;

const warn = (what: string, e: unknown): void =>
  console.warn(`budget-lens: notes: ${what}:`, e instanceof Error ? e.message : e);

/**
 * Keeps the page's notes in step: after each audit `attach` lists, resolves and draws them; any change in the store
 * (this tab, another tab, the side panel, the notes page) re-resolves and redraws them, debounced, and tells
 * `onChange` (the engine re-sends its report). Never throws.
 */
export class NotesController implements NoteActions {
  private current: NoteContext | undefined;
  private unsubscribe: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private last: NoteOnPage[] = [];

  constructor(
    private readonly store: NotesBackend,
    private readonly view: NotesView,
    private readonly onChange: (notes: NoteOnPage[]) => void,
    private readonly debounceMs = 250,
  ) {
    view.bind(this);
  }

  /** The notes of the last resolution, as the report carries them. */
  get notes(): NoteOnPage[] {
    return this.last;
  }

  /**
   * After an audit: resolve and draw the notes of this document. Returns what the report should carry. The model is
   * asked only when there are notes to resolve or one is written.
   */
  async attach(model: PageModel, page: PageInfo): Promise<NoteOnPage[]> {
    this.current = { model, page };
    this.subscribe();
    return this.resolve();
  }

  /** Re-resolve soon (store changes, writes from this overlay): one pass for a burst of changes. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.resolve().then((notes) => {
        try {
          this.onChange(notes);
        } catch (e) {
          warn('report', e);
        }
      });
    }, this.debounceMs);
  }

  context(): NoteContext | undefined {
    return this.current;
  }

  async create(
    context: NoteContext,
    values: EditorValues,
    cell: CellAddress,
    finding: NoteFinding | null,
  ): Promise<WriteResult> {
    let input: NewNote;
    try {
      const anchor = await context.model.anchor(context.page, targetFor(values.scope, cell));
      input = newNote(values, anchor, finding, cell);
    } catch (e) {
      warn('anchor', e);
      return { ok: false, reason: 'error', message: ANCHOR_FAILED };
    }
    return this.write(() => this.store.create(input));
  }

  update(id: string, patch: NotePatch): Promise<WriteResult> {
    return this.write(() => this.store.update(id, patch));
  }

  async remove(id: string): Promise<{ ok: true } | { ok: false; message: { zh: string; en: string } }> {
    try {
      await this.store.remove(id);
      this.schedule();
      return { ok: true };
    } catch (e) {
      warn('remove', e);
      return { ok: false, message: REMOVE_FAILED };
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private async write(op: () => Promise<WriteResult>): Promise<WriteResult> {
    try {
      const result = await op();
      if (result.ok) this.schedule();
      return result;
    } catch (e) {
      warn('write', e);
      return { ok: false, reason: 'error', message: WRITE_FAILED };
    }
  }

  private subscribe(): void {
    if (this.unsubscribe) return;
    try {
      this.unsubscribe = this.store.subscribe(() => this.schedule());
    } catch (e) {
      warn('subscribe', e);
    }
  }

  private async resolve(): Promise<NoteOnPage[]> {
    const context = this.current;
    if (!context) return [];
    const seq = ++this.seq;
    let resolved: ResolvedNote[];
    try {
      const { notes } = await this.store.list();
      if (seq !== this.seq) return this.last;
      resolved = notes.length > 0 ? [...(await context.model.resolveNotes(context.page, notes))] : [];
      if (seq !== this.seq) return this.last;
    } catch (e) {
      if (seq !== this.seq) return this.last;
      warn('resolve', e);
      resolved = [];
    }
    try {
      this.view.draw(resolved);
    } catch (e) {
      warn('draw', e);
    }
    this.last = resolved.map(noteOnPage);
    return this.last;
  }
}

/** The page as the notes see it: its address, its <link rel=canonical> made absolute, its title. */
export function pageInfo(
  url: string,
  title: string,
  canonicalHref: string | undefined,
): PageInfo & { canonicalUrl?: string } {
  const canonical = canonicalUrl({ canonicalUrl: canonicalHref }, url);
  return canonical ? { url, canonicalUrl: canonical, title } : { url, title };
}
