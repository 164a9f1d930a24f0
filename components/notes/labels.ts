import type { NoteScope, NoteStatus } from '../../lib/notes/schema';
import { pick, t, uiLang, type MessageKey } from '../../utils/i18n';

/** Labels for notes in the UI language (the notes page and the side panel). */

const STATUS_KEYS: Readonly<Record<NoteStatus, MessageKey>> = {
  open: 'np_status_open',
  'in-progress': 'np_status_in_progress',
  resolved: 'np_status_resolved',
};

const SCOPE_KEYS: Readonly<Record<NoteScope, MessageKey>> = {
  page: 'np_scope_page',
  table: 'np_scope_table',
  row: 'np_scope_row',
  cell: 'np_scope_cell',
};

/** A note status ('open' …) in the UI language; an unknown one as it is. */
export const noteStatusLabel = (s: string): string => {
  const key = (STATUS_KEYS as Readonly<Record<string, MessageKey>>)[s];
  return key ? t(key) : s;
};

/** A note scope ('page' | 'table' | 'row' | 'cell') in the UI language. */
export const scopeLabel = (s: string): string => {
  const key = (SCOPE_KEYS as Readonly<Record<string, MessageKey>>)[s];
  return key ? t(key) : s;
};

/** A label's colon: full-width in Chinese. */
export const colon = (): string => (uiLang() === 'en' ? ': ' : '：');

/** An ISO time in the UI's locale; the text as it is when it is not a date. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(uiLang() === 'en' ? 'en' : 'zh-CN');
}

/** Why a write failed, as the store says it (a full storage area is named as such, with what to do). */
export function writeFailureText(f: {
  readonly reason: string;
  readonly message: { readonly zh: string; readonly en: string };
}): string {
  return pick(f.message);
}

/** A thrown value as text. */
export { errorText } from '../shared/useFollowedStore';
