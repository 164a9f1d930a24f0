import { NOTE_KEY_PREFIX, noteKey } from './keys';
import { readNote } from './migrations';
import { NOTE_SCHEMA_VERSION, NoteSchema, type Note, type NoteStatus } from './schema';

/**
 * Notes in extension storage (browser.storage.local), one key per note (`note:<id>`), so two tabs writing at once
 * never overwrite each other's notes: each write touches only the keys of the notes it writes.
 *
 * Nothing is ever lost:
 * - every read goes through readNote (validation, migration of older versions); a value that does not read is
 *   returned as `unreadable` and left where it is (create never writes over an occupied key, update refuses it);
 * - a note migrated on read is written back in the current version only after its original has been kept under
 *   `note-backup:v<N>:<id>`, and only if the stored value is still the one that was read;
 * - putMany (import) keeps every stored value it replaces by a different one under `note-backup:import:<id>`, in the
 *   same storage.set call as the replacement;
 * - when storage is full the write fails with a message asking the user to export and delete old notes: nothing is
 *   ever removed to make room.
 * Backup keys start with `note-backup:`, not `note:`, so they are not notes (list() and subscribe() ignore them);
 * backups() lists them. A backup key already holding a different value is never overwritten: the next free
 * `<key>:2`, `<key>:3` … is used.
 *
 * Concurrent updates of the SAME note from two tabs are last-writer-wins (storage has no compare-and-swap); notes
 * are small and edited by one person, so this is accepted.
 */

/** The part of browser.storage.local (or WXT's fake browser) the store uses. */
export interface StorageAreaLike {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
  /**
   * Chrome 130+ (storage.StorageArea.getKeys): when present, list() reads only the note keys instead of the whole
   * area, which also holds snapshots (`snapshot:<id>`, much larger than notes).
   */
  getKeys?(): Promise<string[]>;
}
export interface StorageChangedLike {
  addListener(cb: (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string) => void): void;
  removeListener(cb: (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string) => void): void;
}

export { noteKey } from './keys';

/** Keys of kept originals. Deliberately not starting with `note:`. */
const BACKUP_KEY_PREFIX = 'note-backup:';
/** `note-backup:v1:<id>` (original of a migrated note), `note-backup:import:<id>` (a note an import replaced). */
export const backupKey = (reason: string, id: string): string => `${BACKUP_KEY_PREFIX}${reason}:${id}`;

/** Keys per storage.set call in putMany (plus the backups of the notes of the batch). */
const PUT_BATCH = 100;

export type WriteResult =
  | { readonly ok: true; readonly note: Note }
  | {
      readonly ok: false;
      readonly reason: 'quota' | 'invalid' | 'missing' | 'error';
      readonly message: { readonly zh: string; readonly en: string };
    };
export type WriteFailure = Extract<WriteResult, { ok: false }>;

/** A stored value that does not read as any known note version: kept as it is and shown, never deleted. */
export interface Unreadable {
  readonly key: string;
  readonly raw: unknown;
  readonly error: string;
}

export type NewNote = Pick<Note, 'text' | 'tags' | 'status' | 'anchor' | 'finding' | 'hint'>;
export type NotePatch = Partial<Pick<Note, 'text' | 'tags' | 'status' | 'hint'>>;

export interface NotesStoreOptions {
  /** Clock (tests). */
  readonly now?: () => Date;
  /** Id source (tests); its result is cleaned to match the schema's id pattern. Default: crypto.randomUUID(). */
  readonly randomId?: () => string;
  /** Notes per storage.set call in putMany. */
  readonly batchSize?: number;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{6,64}$/u;

/**
 * A random v4 UUID: crypto.randomUUID() where it exists (it needs a secure context: content scripts on http:// pages
 * lack it), else from getRandomValues.
 */
function randomUuid(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** JSON with object keys sorted: two values are the same content when their canonical JSON is equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  });
}
export const sameContent = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

const QUOTA_MESSAGE = {
  zh: '浏览器给扩展的存储空间已满，这次没有保存。请先导出笔记（备份），再删除不再需要的旧笔记，然后重试。已保存的笔记都还在：扩展从不为腾出空间而删除任何内容。',
  en:
    'The extension’s storage is full, so this was not saved. Export your notes (as a backup), delete old ' +
    'notes you no longer need, then try again. Every note saved before is still there: nothing is ever ' +
    'deleted to make room.',
} as const;

/** Chrome: "QUOTA_BYTES quota exceeded" (or QUOTA_BYTES_PER_ITEM); Firefox: a QuotaExceededError DOMException. */
function isQuotaError(e: unknown): boolean {
  const name =
    e instanceof Error || (typeof e === 'object' && e !== null && 'name' in e)
      ? String((e as { name?: unknown }).name)
      : '';
  const message =
    e instanceof Error
      ? e.message
      : typeof e === 'object' && e !== null && 'message' in e
        ? String((e as { message?: unknown }).message)
        : String(e);
  return /quota/iu.test(name) || /QUOTA_BYTES|quota/iu.test(message);
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function failure(e: unknown, partial?: { written: number; total: number }): WriteFailure {
  const detail = errorText(e);
  const done = partial
    ? {
        zh: `已写入 ${partial.written} 条（共 ${partial.total} 条），这些已写入的保留不动；其余 ${partial.total - partial.written} 条没有写入。`,
        en:
          `${partial.written} of ${partial.total} notes were written and stay as they are; the other ` +
          `${partial.total - partial.written} were not written.`,
      }
    : { zh: '', en: '' };
  if (isQuotaError(e)) {
    return {
      ok: false,
      reason: 'quota',
      message: { zh: `${QUOTA_MESSAGE.zh}${done.zh}`, en: `${QUOTA_MESSAGE.en}${done.en ? ` ${done.en}` : ''}` },
    };
  }
  return {
    ok: false,
    reason: 'error',
    message: {
      zh: `保存失败（${detail}）。${done.zh}`,
      en: `Saving failed (${detail}).${done.en ? ` ${done.en}` : ''}`,
    },
  };
}

function invalid(error: string): WriteFailure {
  return {
    ok: false,
    reason: 'invalid',
    message: { zh: `笔记内容不合格式，没有保存：${error}`, en: `The note is not valid and was not saved: ${error}` },
  };
}

/** Zod issues as "path: message; …". */
function issuesText(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(note)'}: ${i.message}`)
    .join('; ');
}

type Read =
  { kind: 'note'; note: Note; migratedFrom?: number } | { kind: 'unreadable'; error: string } | { kind: 'absent' };

export class NotesStore {
  private readonly now: () => Date;
  private readonly randomId: () => string;
  private readonly batchSize: number;

  constructor(
    readonly area: StorageAreaLike,
    readonly changed?: StorageChangedLike,
    readonly areaName = 'local',
    options: NotesStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.randomId = options.randomId ?? randomUuid;
    this.batchSize = Math.max(1, options.batchSize ?? PUT_BATCH);
  }

  /** Every note (sorted by createdAt, then id) and every value under a `note:` key that does not read as one. */
  async list(): Promise<{ notes: Note[]; unreadable: Unreadable[] }> {
    const all = await this.readPrefixed(NOTE_KEY_PREFIX);
    const notes: Note[] = [];
    const unreadable: Unreadable[] = [];
    const migrated: { key: string; raw: unknown; note: Note; from: number }[] = [];
    for (const [key, raw] of Object.entries(all)) {
      if (!key.startsWith(NOTE_KEY_PREFIX) || raw === undefined) continue;
      const r = this.read(key, raw);
      if (r.kind === 'note') {
        notes.push(r.note);
        if (r.migratedFrom !== undefined) migrated.push({ key, raw, note: r.note, from: r.migratedFrom });
      } else if (r.kind === 'unreadable') unreadable.push({ key, raw, error: r.error });
    }
    for (let i = 0; i < migrated.length; i += this.batchSize)
      await this.writeBack(migrated.slice(i, i + this.batchSize));
    notes.sort((a, b) =>
      a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    unreadable.sort((a, b) => (a.key < b.key ? -1 : 1));
    return { notes, unreadable };
  }

  /** The note, or undefined when there is none or its stored value does not read (see list() for those). */
  async get(id: string): Promise<Note | undefined> {
    const key = noteKey(id);
    const raw = (await this.area.get(key))[key];
    const r = this.read(key, raw);
    if (r.kind !== 'note') return undefined;
    if (r.migratedFrom !== undefined) await this.writeBack([{ key, raw, note: r.note, from: r.migratedFrom }]);
    return r.note;
  }

  /** A fresh id matching the schema's id pattern. */
  newId(): string {
    for (let i = 0; i < 5; i++) {
      const id = this.randomId()
        .replace(/[^A-Za-z0-9_-]/gu, '')
        .slice(0, 64);
      if (ID_PATTERN.test(id)) return id;
    }
    return randomUuid();
  }

  async create(input: NewNote): Promise<WriteResult> {
    const at = this.now().toISOString();
    const parsed = NoteSchema.safeParse({
      v: NOTE_SCHEMA_VERSION,
      id: this.newId(),
      createdAt: at,
      updatedAt: at,
      text: input.text,
      tags: input.tags,
      status: input.status,
      anchor: input.anchor,
      finding: input.finding,
      hint: input.hint,
    });
    if (!parsed.success) return invalid(issuesText(parsed.error.issues));
    let note = parsed.data;
    try {
      // Never write over an occupied key (a random id colliding, or an unreadable value kept there).
      for (let tries = 0; ; tries++) {
        const key = noteKey(note.id);
        if ((await this.area.get(key))[key] === undefined) break;
        if (tries >= 5) return failure(new Error('no free note id'));
        note = { ...note, id: this.newId() };
      }
      await this.area.set({ [noteKey(note.id)]: note });
    } catch (e) {
      return failure(e);
    }
    return { ok: true, note };
  }

  /** Read-modify-write of the note's own key; bumps updatedAt. */
  async update(id: string, patch: NotePatch): Promise<WriteResult> {
    const key = noteKey(id);
    let raw: unknown;
    try {
      raw = (await this.area.get(key))[key];
    } catch (e) {
      return failure(e);
    }
    const r = this.read(key, raw);
    if (r.kind === 'absent') {
      return {
        ok: false,
        reason: 'missing',
        message: {
          zh: '这条笔记已不存在（可能已在别的标签页删除）。',
          en: 'This note no longer exists (it may have been deleted in another tab).',
        },
      };
    }
    if (r.kind === 'unreadable') {
      return {
        ok: false,
        reason: 'error',
        message: {
          zh: `这条笔记存储的内容读不出来，保持原样不改：${r.error}`,
          en: `This note’s stored value cannot be read; it is kept as it is: ${r.error}`,
        },
      };
    }
    const changes: NotePatch = {};
    if (patch.text !== undefined) changes.text = patch.text;
    if (patch.tags !== undefined) changes.tags = patch.tags;
    if (patch.status !== undefined) changes.status = patch.status;
    if (patch.hint !== undefined) changes.hint = patch.hint;
    const parsed = NoteSchema.safeParse({ ...r.note, ...changes, updatedAt: this.now().toISOString() });
    if (!parsed.success) return invalid(issuesText(parsed.error.issues));
    try {
      const items: Record<string, unknown> = { [key]: parsed.data };
      if (r.migratedFrom !== undefined)
        Object.assign(items, await this.backupItems([{ key: backupKey(`v${r.migratedFrom}`, r.note.id), value: raw }]));
      await this.area.set(items);
    } catch (e) {
      return failure(e);
    }
    return { ok: true, note: parsed.data };
  }

  /**
   * Writes whole notes as they are (import), in batches of `batchSize` notes per storage.set call. A stored value
   * that a note replaces by a different one is kept under `note-backup:<backup>:<id>` in the same call. Every note
   * is validated first (any invalid: nothing written). When a batch fails, the batches before it stay written and
   * the message says how many were; `written` counts the notes written.
   */
  async putMany(
    notes: readonly Note[],
    options: { backup?: string } = {},
  ): Promise<{ ok: true; written: number } | (WriteFailure & { written: number })> {
    const checked: Note[] = [];
    for (const [i, n] of notes.entries()) {
      const parsed = NoteSchema.safeParse(n);
      if (!parsed.success)
        return {
          ...invalid(`#${i + 1}${typeof n?.id === 'string' ? ` (${n.id})` : ''}: ${issuesText(parsed.error.issues)}`),
          written: 0,
        };
      checked.push(parsed.data);
    }
    const reason = options.backup ?? 'import';
    let written = 0;
    for (let i = 0; i < checked.length; i += this.batchSize) {
      const batch = checked.slice(i, i + this.batchSize);
      try {
        const keys = batch.map((n) => noteKey(n.id));
        const stored = await this.area.get(keys);
        const replaced = batch
          .filter((n) => stored[noteKey(n.id)] !== undefined && !sameContent(stored[noteKey(n.id)], n))
          .map((n) => ({ key: backupKey(reason, n.id), value: stored[noteKey(n.id)] }));
        const items: Record<string, unknown> = replaced.length ? await this.backupItems(replaced) : {};
        for (const n of batch) items[noteKey(n.id)] = n;
        await this.area.set(items);
      } catch (e) {
        return { ...failure(e, { written, total: checked.length }), written };
      }
      written += batch.length;
    }
    return { ok: true, written };
  }

  /** Deletes the note the user chose to delete (its backups, if any, stay). */
  async remove(id: string): Promise<void> {
    await this.area.remove(noteKey(id));
  }

  /** Kept originals (migration and import backups), for a restore view or a support export. */
  async backups(): Promise<{ key: string; raw: unknown }[]> {
    const all = await this.readPrefixed(BACKUP_KEY_PREFIX);
    return Object.entries(all)
      .filter(([k, v]) => k.startsWith(BACKUP_KEY_PREFIX) && v !== undefined)
      .map(([key, raw]) => ({ key, raw }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  /** Calls back whenever any note changes (this tab or another). Returns the unsubscribe function. */
  subscribe(onChange: () => void): () => void {
    const changed = this.changed;
    if (!changed) return () => {};
    const listener = (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string): void => {
      if (area !== this.areaName) return;
      if (Object.keys(changes).some((k) => k.startsWith(NOTE_KEY_PREFIX))) onChange();
    };
    changed.addListener(listener);
    return () => changed.removeListener(listener);
  }

  /** The values of the keys starting with prefix (and maybe others: callers filter). */
  private async readPrefixed(prefix: string): Promise<Record<string, unknown>> {
    if (typeof this.area.getKeys !== 'function') return this.area.get(null);
    const keys = (await this.area.getKeys()).filter((k) => k.startsWith(prefix));
    return keys.length ? this.area.get(keys) : {};
  }

  private read(key: string, raw: unknown): Read {
    if (raw === undefined) return { kind: 'absent' };
    let r: ReturnType<typeof readNote>;
    try {
      r = readNote(raw);
    } catch (e) {
      return { kind: 'unreadable', error: errorText(e) };
    }
    if (!r.ok) return { kind: 'unreadable', error: r.error };
    if (noteKey(r.note.id) !== key) return { kind: 'unreadable', error: `id ${r.note.id} does not match key ${key}` };
    return r.migratedFrom !== undefined && r.migratedFrom !== NOTE_SCHEMA_VERSION
      ? { kind: 'note', note: r.note, migratedFrom: r.migratedFrom }
      : { kind: 'note', note: r.note };
  }

  /**
   * Items that keep each value under its backup key: nothing when the key already holds the same content, else the
   * key itself when free, else the first free `<key>:<n>`.
   */
  private async backupItems(entries: readonly { key: string; value: unknown }[]): Promise<Record<string, unknown>> {
    const items: Record<string, unknown> = {};
    const existing = await this.area.get(entries.map((e) => e.key));
    for (const { key, value } of entries) {
      let k = key;
      let current = k in items ? items[k] : existing[k];
      for (let n = 2; current !== undefined && !sameContent(current, value); n++) {
        k = `${key}:${n}`;
        current = k in items ? items[k] : (await this.area.get(k))[k];
      }
      if (current === undefined) items[k] = value;
    }
    return items;
  }

  /**
   * Writes migrated notes back in the current version: first their originals under `note-backup:v<N>:<id>` (one
   * set call), then each note whose stored value is still the one read (another tab may have changed it since).
   * Failures (full storage …) are swallowed: the notes still read, migrated, from their originals.
   */
  private async writeBack(entries: readonly { key: string; raw: unknown; note: Note; from: number }[]): Promise<void> {
    if (!entries.length) return;
    try {
      const backups = await this.backupItems(
        entries.map((e) => ({ key: backupKey(`v${e.from}`, e.note.id), value: e.raw })),
      );
      if (Object.keys(backups).length) await this.area.set(backups);
      const now = await this.area.get(entries.map((e) => e.key));
      const items: Record<string, unknown> = {};
      for (const e of entries) if (sameContent(now[e.key], e.raw)) items[e.key] = e.note;
      if (Object.keys(items).length) await this.area.set(items);
    } catch {
      // Kept as they were; the next read migrates them again.
    }
  }
}

export type { NoteStatus };
