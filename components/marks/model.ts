import type { YearsResult } from '../../lib/extension/page-years';
import type { NoteTarget, PageInfo, Resolution } from '../../lib/notes/anchor';
import type { Anchor, Note } from '../../lib/notes/schema';
import type { Threshold } from '../../lib/snapshots/schema';

/**
 * Where a document's budget model is, as the notes and the prior years ask it: in the engine's worker for a page it
 * audited (components/overlay/worker-model.ts, messages of lib/extension/worker-protocol.ts), in the page itself
 * for the in-page fallback and in the PDF viewer (components/marks/local-model.ts). Only the answers cross: where
 * each note lands, a new note's anchor, the prior years as the page draws them. Types only, so that the page's
 * script does not carry the model's code.
 */
export interface PageModel {
  /** Where each note lands in this document (in the order given). */
  resolveNotes(page: PageInfo, notes: readonly Note[]): Promise<readonly { note: Note; resolution: Resolution }[]>;
  /** What a new note on `target` is anchored to. */
  anchor(page: PageInfo, target: NoteTarget): Promise<Anchor>;
  /** The document's snapshot compared with `earlier` (JSON of the earlier years' snapshots), placed on its cells. */
  years(earlier: string, threshold: Threshold): Promise<YearsResult>;
  /** The model is no longer needed (a new audit replaced it). */
  dispose(): void;
}
