import { yearsAnswer } from '../../lib/extension/page-years';
import type { BudgetDocument } from '../../lib/model';
import { anchorFor, resolveNotes } from '../../lib/notes/anchor';
import type { Snapshot } from '../../lib/snapshots/schema';
import type { PageModel } from './model';

/**
 * The budget model in hand (the PDF viewer, the in-page fallback, tests): the notes resolved, anchored and the prior
 * years compared right here, on the document and its snapshot.
 */
export function localModel(doc: BudgetDocument, snapshot: Snapshot | null = null): PageModel {
  return {
    resolveNotes: (page, notes) => Promise.resolve().then(() => resolveNotes(doc, page, [...notes])),
    anchor: (page, target) => Promise.resolve().then(() => anchorFor(doc, page, target)),
    years: (earlier, threshold) => Promise.resolve().then(() => yearsAnswer(doc, snapshot, earlier, threshold)),
    dispose: () => undefined,
  };
}
