import type { FindingData as Finding, Severity } from '../../lib/report/schema';
import { pick, pickDerivation, severityLabel, t, unitLabel } from '../../utils/i18n';
import { button, el } from './dom';

/**
 * The DOM of the marks' tooltips (layer.ts, claims.ts): the × button, the facts list, a finding's block, a finding's
 * marker, a claim's marker and the claim tooltip's shell. Where they go is the layer's.
 */

/** The × of a tooltip or popover (button.bl-close). */
export function closeButton(onClose: () => void): HTMLButtonElement {
  const close = button('bl-close', '×');
  close.setAttribute('aria-label', t('ov_close'));
  close.addEventListener('click', () => onClose());
  return close;
}

/** A dl.bl-facts of label/value pairs; empty and missing values are left out. */
export function factList(facts: readonly (readonly [string, string | null | undefined])[]): HTMLDListElement {
  const dl = el('dl', 'bl-facts');
  for (const [label, value] of facts) {
    if (value === undefined || value === null || value === '') continue;
    dl.append(el('dt', '', label), el('dd', '', value));
  }
  return dl;
}

/** A finding in a marker's tooltip (div.bl-finding[data-severity]), with the notes' 为此添加笔记 when given. */
function findingBlock(f: Finding, addNote?: HTMLElement): HTMLElement {
  const block = el('div', 'bl-finding');
  block.dataset.severity = f.severity;
  block.append(el('p', 'bl-message', `${severityLabel(f.severity)} · ${pick(f.message)}`));
  block.append(
    factList([
      [t('markerStated'), f.stated],
      [t('markerExpected'), f.expected],
      [t('markerDerivation'), f.relations ? undefined : pickDerivation(f.derivation)],
      [t('markerUnit'), f.unit && unitLabel(f.unit)],
    ]),
  );
  // A root cause: each relation that points at the figure, with its own recomputation.
  if (f.relations) {
    const list = el('ol', 'bl-relations');
    list.setAttribute('aria-label', t('markerRelations', String(f.relations.length)));
    for (const r of f.relations) {
      const item = el('li', 'bl-relation');
      item.append(
        el('p', 'bl-relation-message', pick(r.message)),
        el('p', 'bl-relation-derivation', pickDerivation(r.derivation)),
      );
      list.append(item);
    }
    block.append(list);
  }
  if (addNote) block.append(addNote);
  return block;
}

/**
 * A finding marker's tooltip: div.bl-tooltip[role=dialog][data-cell][aria-label] with its × first, then a block per
 * finding.
 */
export function findingTooltip(o: {
  readonly cell: string;
  readonly findings: readonly Finding[];
  readonly label: string;
  readonly onClose: () => void;
  readonly addNote?: (f: Finding) => HTMLElement;
}): HTMLElement {
  const tip = el('div', 'bl-tooltip');
  tip.setAttribute('role', 'dialog');
  tip.setAttribute('aria-label', o.label);
  tip.dataset.cell = o.cell;
  tip.append(closeButton(o.onClose));
  for (const f of o.findings) tip.append(findingBlock(f, o.addNote?.(f)));
  return tip;
}

/**
 * A claim's marker: button.bl-claim[data-claim][data-status], a dialog opener; its glyph and label are the caller's.
 */
export function claimButton(index: number, mark: string, glyph: string, label: string): HTMLButtonElement {
  const b = button('bl-claim', glyph);
  b.dataset.claim = String(index);
  b.dataset.status = mark;
  b.setAttribute('aria-haspopup', 'dialog');
  b.setAttribute('aria-expanded', 'false');
  b.setAttribute('aria-label', label);
  return b;
}

/** The shell of a claim's tooltip: div.bl-tooltip.bl-claim-tip[role=dialog][data-claim][data-status]. */
export function claimTooltip(index: number, mark: string, label: string): HTMLElement {
  const tip = el('div', 'bl-tooltip bl-claim-tip');
  tip.setAttribute('role', 'dialog');
  tip.setAttribute('aria-label', label);
  tip.dataset.claim = String(index);
  tip.dataset.status = mark;
  return tip;
}

/** A finding marker's glyph, by its severity. */
const SEVERITY_GLYPH: Readonly<Record<Severity, string>> = { error: '!', warning: '?', info: '~' };

/** A cell's finding marker (button.bl-marker[data-severity][data-cell], a dialog opener) and its div.bl-outline. */
export function findingMarker(
  cell: string,
  first: Finding,
): { readonly button: HTMLButtonElement; readonly outline: HTMLElement } {
  const outline = el('div', 'bl-outline');
  outline.dataset.severity = first.severity;
  const b = button('bl-marker', SEVERITY_GLYPH[first.severity]);
  b.dataset.severity = first.severity;
  b.dataset.cell = cell;
  b.setAttribute('aria-label', `${severityLabel(first.severity)}: ${pick(first.message)}`);
  b.setAttribute('aria-haspopup', 'dialog');
  return { button: b, outline };
}
