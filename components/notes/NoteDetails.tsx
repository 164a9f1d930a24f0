import type { ComponentChildren } from 'preact';
import type { Anchor, Note, NoteAddress, NoteFinding } from '../../lib/notes/schema';
import { kindLabel, pick, pickDerivation, severityLabel, t, unitLabel } from '../../utils/i18n';
import { notePlace, PATH_SEPARATOR } from './filter';
import { colon, formatDateTime, noteStatusLabel, scopeLabel } from './labels';

/** Pieces of a note shown both in the side panel and on the notes page. Note text is rendered as text only. */

function Fact({ label, children, testid }: { label: string; children: ComponentChildren; testid?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testid}>{children}</dd>
    </div>
  );
}

/** Status, scope and dates. */
export function NoteMeta({ note }: { note: Note }) {
  const edited = note.updatedAt !== note.createdAt;
  return (
    <p class="note-meta">
      <span class={`note-status note-status-${note.status}`} data-testid="note-status" data-status={note.status}>
        {noteStatusLabel(note.status)}
      </span>
      <span class="note-scope">{scopeLabel(note.anchor.scope)}</span>
      <span class="note-date" data-testid="note-date">
        {t('np_created', formatDateTime(note.createdAt))}
        {edited && ` · ${t('np_updated', formatDateTime(note.updatedAt))}`}
      </span>
    </p>
  );
}

export function NoteText({ text }: { text: string }) {
  return (
    <p class="note-text" data-testid="note-text">
      {text}
    </p>
  );
}

export function TagList({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul class="note-tags" aria-label={t('np_fieldTags')} data-testid="note-tags">
      {tags.map((tag) => (
        <li key={tag} class="tag">
          {tag}
        </li>
      ))}
    </ul>
  );
}

/** Where the note sits: table, row, column and the stated value quoted (page notes say so). */
export function NotePlaceView({ anchor }: { anchor: Anchor }) {
  if (anchor.scope === 'page') return <p class="note-place muted">{t('np_placePage')}</p>;
  const p = notePlace(anchor);
  return (
    <dl class="note-place facts" data-testid="note-place">
      <Fact label={t('np_placeTable')}>{p.table ?? t('tableUntitled')}</Fact>
      {p.row !== null && <Fact label={t('np_placeRow')}>{p.row}</Fact>}
      {p.column !== null && <Fact label={t('np_placeColumn')}>{p.column}</Fact>}
      {p.quote !== null && (
        <Fact label={t('np_placeQuote')}>
          <span class="num">{p.quote}</span>
          {anchor.table?.unit ? ` ${unitLabel(anchor.table.unit)}` : ''}
        </Fact>
      )}
    </dl>
  );
}

/** The finding the note was written from: message, stated and recomputed values, derivation. */
export function FindingView({ finding }: { finding: NoteFinding }) {
  const unit = finding.unit ? ` ${unitLabel(finding.unit)}` : '';
  return (
    <div class={`note-finding finding-${finding.severity}`} data-testid="note-finding">
      <p>
        <span class="badge">{severityLabel(finding.severity)}</span> {pick(finding.message)}
      </p>
      <dl class="facts">
        {finding.stated !== null && (
          <Fact label={t('markerStated')}>
            <span class="num">
              {finding.stated}
              {unit}
            </span>
          </Fact>
        )}
        {finding.expected !== null && (
          <Fact label={t('markerExpected')}>
            <span class="num">
              {finding.expected}
              {unit}
            </span>
          </Fact>
        )}
        <Fact label={t('markerDerivation')}>
          <span class="num">{pickDerivation(finding.derivation)}</span>
        </Fact>
      </dl>
    </div>
  );
}

const address = (a: NoteAddress): string => `${a.table}:${a.row}:${a.cell}`;

/**
 * Everything a note's anchor says, field by field: what an orphan shows so nothing of it is hidden
 * (page, document, table, row, column, the quote with its neighbours, the last known address).
 */
export function AnchorDetails({ anchor, hint }: { anchor: Anchor; hint: NoteAddress | null }) {
  const d = anchor.document;
  const unknown = t('fieldUnknown');
  const q = anchor.quote;
  return (
    <dl class="anchor-details facts" data-testid="anchor-details">
      <Fact label={t('np_anchorScope')}>{scopeLabel(anchor.scope)}</Fact>
      <Fact label={t('np_anchorPage')}>
        {anchor.page.title || unknown}
        <span class="url"> {anchor.page.url}</span>
      </Fact>
      <Fact label={t('np_anchorDocument')}>
        {[d.department ?? unknown, d.year === null ? unknown : String(d.year), d.stage ?? '', d.title]
          .filter((s) => s !== '')
          .join(' · ')}
      </Fact>
      {anchor.table && (
        <Fact label={t('np_placeTable')}>
          {kindLabel(anchor.table.kind)} · {anchor.table.title || t('tableUntitled')}
          {anchor.table.unit ? ` · ${unitLabel(anchor.table.unit)}` : ''} ·{' '}
          {t('np_anchorOrdinal', String(anchor.table.ordinal + 1))}
        </Fact>
      )}
      {anchor.row && (
        <Fact label={t('np_placeRow')}>
          {anchor.row.code ? `${anchor.row.code} ` : ''}
          {anchor.row.names.join(PATH_SEPARATOR) || unknown}
          {anchor.row.side > 0 ? ` · ${t('np_anchorSide', String(anchor.row.side + 1))}` : ''}
        </Fact>
      )}
      {anchor.column && <Fact label={t('np_placeColumn')}>{anchor.column.path.join(PATH_SEPARATOR) || unknown}</Fact>}
      {q && (
        <Fact label={t('np_placeQuote')} testid="anchor-quote">
          <span class="quote-context">{q.prefix}</span>
          <mark class="num">{q.exact}</mark>
          <span class="quote-context">{q.suffix}</span>
        </Fact>
      )}
      {hint && <Fact label={t('np_anchorHint')}>{address(hint)}</Fact>}
    </dl>
  );
}

/** A short label and value on one line, e.g. "原因：…". */
export function LabelledLine({
  label,
  children,
  testid,
}: {
  label: string;
  children: ComponentChildren;
  testid?: string;
}) {
  return (
    <p class="labelled" data-testid={testid}>
      <span class="muted">
        {label}
        {colon()}
      </span>
      {children}
    </p>
  );
}
