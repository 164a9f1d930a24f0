import type { Cell, NoteOnPage, PageReport } from '../../lib/extension/messages';
import { canonicalUrl } from '../../lib/notes/anchor';
import type { Note } from '../../lib/notes/schema';

/** The page's notes as the side panel lists them: the engine's placement (report.notes) joined with the store. */
export interface PageNote {
  readonly note: Note;
  /** Where the engine placed it; null when the engine has not placed it yet (just written). */
  readonly where: NoteOnPage | null;
}

export interface PageNotes {
  /** Attached notes (and just-written ones of this page), page notes first, then in table and row order. */
  readonly attached: readonly PageNote[];
  /** Notes of this document the engine could not place again: always listed, with everything they said. */
  readonly orphans: readonly PageNote[];
}

/** The page's canonical URL as notes store it (the report's URL as it is when that cannot be worked out). */
export function reportPageUrl(report: Pick<PageReport, 'url' | 'canonicalUrl'>): string {
  try {
    return canonicalUrl(report.url, report.canonicalUrl ?? undefined);
  } catch {
    return report.canonicalUrl ?? report.url;
  }
}

const cellOrder = (c: Cell | null | undefined): number[] => (c ? [c.table, c.row, c.cell] : [-1, -1, -1]);

function compare(a: PageNote, b: PageNote): number {
  const ka = [a.where?.table ?? -1, ...cellOrder(a.where?.primary ?? a.where?.cells[0])];
  const kb = [b.where?.table ?? -1, ...cellOrder(b.where?.primary ?? b.where?.cells[0])];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
  return a.note.createdAt.localeCompare(b.note.createdAt);
}

/**
 * Joins the report's placements with the stored notes by id. A placement whose note is gone (deleted since) is
 * dropped; a stored note of this page the engine has not placed yet (just written) is listed with no placement.
 */
export function joinPageNotes(onPage: readonly NoteOnPage[], notes: readonly Note[], pageUrl: string): PageNotes {
  const byId = new Map(notes.map((n) => [n.id, n]));
  const attached: PageNote[] = [];
  const orphans: PageNote[] = [];
  const placed = new Set<string>();
  for (const where of onPage) {
    const note = byId.get(where.id);
    if (!note || placed.has(where.id)) continue;
    placed.add(where.id);
    (where.status === 'orphan' ? orphans : attached).push({ note, where });
  }
  for (const note of notes)
    if (!placed.has(note.id) && note.anchor.page.url === pageUrl) attached.push({ note, where: null });
  attached.sort(compare);
  orphans.sort((a, b) => a.note.createdAt.localeCompare(b.note.createdAt));
  return { attached, orphans };
}
