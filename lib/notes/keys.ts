/**
 * Where notes are kept in extension storage, without their schemas or store (lib/notes/store.ts): what the
 * background needs to relay a note's change to the pages without loading the note format.
 */

export const NOTE_KEY_PREFIX = 'note:';
export const noteKey = (id: string): string => `${NOTE_KEY_PREFIX}${id}`;
