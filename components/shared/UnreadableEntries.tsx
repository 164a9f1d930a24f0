/** A stored value that does not read (a note or a snapshot): its key, why, and the value as stored. */
export interface UnreadableEntry {
  readonly key: string;
  readonly raw: unknown;
  readonly error: string;
}

const rawJson = (raw: unknown): string => {
  try {
    return JSON.stringify(raw, null, 2) ?? String(raw);
  } catch {
    return String(raw);
  }
};

/** The list of stored values that do not read, shown as they are (the notes page, the history page). */
export function UnreadableEntries({ entries, testId }: { entries: readonly UnreadableEntry[]; testId: string }) {
  return (
    <ul class="unreadable-list">
      {entries.map((e) => (
        <li key={e.key} data-testid={testId} data-key={e.key}>
          <p>
            <code>{e.key}</code> · {e.error}
          </p>
          <pre class="raw">{rawJson(e.raw)}</pre>
        </li>
      ))}
    </ul>
  );
}
