import type { BudgetDocument } from '../model';
import { checkClaims } from './check';
import { extractClaims } from './extract';
import type { ClaimResult, ImpliedPrior } from './types';

export { extractClaims, type ExtractOptions } from './extract';
export { checkClaim, checkClaims, FLAT_TOLERANCE_PERCENT } from './check';
export type * from './types';

export interface DocumentClaims {
  readonly results: readonly ClaimResult[];
  /** Prior-year figures the narrative implies (current − delta; 持平: the current figure), in text order. */
  readonly impliedPrior: readonly ImpliedPrior[];
}

const cache = new WeakMap<BudgetDocument, DocumentClaims>();

/**
 * Every claim of a document's text, checked; computed once per document (the narrative check and the report share it).
 */
export function documentClaims(doc: BudgetDocument): DocumentClaims {
  let found = cache.get(doc);
  if (!found) {
    const opts = {
      ...(doc.year !== undefined ? { year: doc.year } : {}),
      ...(doc.stage ? { stage: doc.stage } : {}),
      ...(doc.department ? { department: doc.department } : {}),
    };
    const results = checkClaims(extractClaims(doc.text, opts), doc);
    found = { results, impliedPrior: results.flatMap((r) => (r.impliedPrior ? [r.impliedPrior] : [])) };
    cache.set(doc, found);
  }
  return found;
}
