/**
 * A pure function of a string, remembered: each distinct argument is computed once, the remembered results dropped
 * all at once when there are `limit` of them (a page repeats its figures and names; a batch of documents must not
 * grow without end). Results are shared, so they must never be changed.
 */
export function memoized<T>(f: (s: string) => T, limit: number): (s: string) => T {
  const seen = new Map<string, T>();
  return (s) => {
    let v = seen.get(s);
    if (v === undefined) {
      if (seen.size >= limit) seen.clear();
      v = f(s);
      seen.set(s, v);
    }
    return v;
  };
}
