import type { ClaimData } from '../../lib/report/schema';
import { pick, pickDerivation, t, unitLabel, type MessageKey } from '../../utils/i18n';
import { el } from './dom';
import { applySpot, belowAt, claimMarkerAt, over } from './place';
import { onLast, type MarksHost } from './placed';
import type { Place } from './surface';
import { claimButton, claimTooltip, closeButton, factList } from './tooltip';

/**
 * Claims of the document's text (issue 5): each claim the engine found (lib/claims/, the report's `claims`) gets an
 * underline over its words and a small marker at its end, wherever the surface says the words are (a page's text
 * nodes, a PDF's text boxes): the document's words are never touched. The marker (click or Enter) opens the claim's
 * recomputation and highlights the table cells it used.
 *
 * Every claim is shown: a reporter sees what was checked, not only what failed. Failed and warned claims get the
 * same red and amber as the cells' markers; passed ones a small green tick and a faint dotted underline, rounding a
 * quiet dashed one, not checked a grey dash. The control at the bottom right (counts, 隐藏已通过的) hides the passed
 * and rounding marks when a long page has too many of them; it is off by default.
 *
 * DOM contract: per claim whose words are shown, .bl-claim-range[data-claim][data-status] boxes over its text and
 * button.bl-claim[data-claim=<index in report.claims>][data-status=passed|failed|warning|not-checked|rounding];
 * the tooltip is .bl-tooltip.bl-claim-tip[role=dialog][data-claim]; the control .bl-claims-control holds
 * .bl-claims-counts and button.bl-claims-toggle[aria-pressed].
 */

/** How a claim is drawn: its status, with `passed` within rounding (severity info) apart as `rounding`. */
export type ClaimMark = 'failed' | 'warning' | 'rounding' | 'not-checked' | 'passed';

/** The order a reader wants them in: problems first, what passed last. */
export const CLAIM_MARKS: readonly ClaimMark[] = ['failed', 'warning', 'rounding', 'not-checked', 'passed'];

export function claimMark(c: Pick<ClaimData, 'status' | 'severity'>): ClaimMark {
  return c.status === 'passed' && c.severity === 'info' ? 'rounding' : c.status;
}

const CLAIM_MARK_KEYS: Readonly<Record<ClaimMark, MessageKey>> = {
  failed: 'cl_status_failed',
  warning: 'cl_status_warning',
  rounding: 'cl_status_rounding',
  'not-checked': 'cl_status_not_checked',
  passed: 'cl_status_passed',
};

const KIND_KEYS: Readonly<Record<string, MessageKey>> = {
  amount: 'cl_kind_amount',
  share: 'cl_kind_share',
  change: 'cl_kind_change',
  flat: 'cl_kind_flat',
  composition: 'cl_kind_composition',
};

/** A claim's kind ('change' …) in the UI language; an unknown kind as it is. */
export const claimKindLabel = (kind: string): string => {
  const key = KIND_KEYS[kind];
  return key ? t(key) : kind;
};

export const claimMarkLabel = (mark: ClaimMark): string => t(CLAIM_MARK_KEYS[mark]);

/** The marker's glyph, as the cells' markers write them (! error, ? warning, ~ rounding). */
const CLAIM_GLYPH: Readonly<Record<ClaimMark, string>> = {
  failed: '!',
  warning: '?',
  rounding: '~',
  'not-checked': '–',
  passed: '✓',
};
/** Marker sizes in px (style.ts draws them so): problems as large as the cells' markers, the rest smaller. */
export const MARKER_SIZE: Record<ClaimMark, number> = {
  failed: 16,
  warning: 16,
  rounding: 12,
  'not-checked': 12,
  passed: 11,
};

/** Marks the "hide passed" control hides. */
const QUIET: ReadonlySet<ClaimMark> = new Set<ClaimMark>(['passed', 'rounding']);

/** Counts by mark, in CLAIM_MARKS order. */
export function countMarks(claims: readonly Pick<ClaimData, 'status' | 'severity'>[]): Record<ClaimMark, number> {
  const n: Record<ClaimMark, number> = { failed: 0, warning: 0, rounding: 0, 'not-checked': 0, passed: 0 };
  for (const c of claims) n[claimMark(c)]++;
  return n;
}

interface Drawn {
  readonly index: number;
  readonly claim: ClaimData;
  readonly mark: ClaimMark;
  readonly button: HTMLButtonElement;
  readonly boxes: HTMLElement[];
  /** Where its words were at the last placing ([]: not shown). */
  places: readonly Place[];
}

/** The claims' marks in the marks layer (layer.ts). */
export class ClaimsLayer {
  private drawn: Drawn[] = [];
  private control: HTMLElement | undefined;
  private hideQuiet = false;

  constructor(private readonly host: MarksHost) {}

  /** Draws every claim, in batches; a claim whose words the surface cannot place gets no mark (the lists keep it). */
  *drawSteps(claims: readonly ClaimData[], batch = 100): Generator<void, void> {
    this.onClear();
    if (claims.length === 0) return;
    this.control = this.makeControl(claims);
    this.host.surface.fixed.append(this.control);
    for (let i = 0; i < claims.length; i += batch) {
      const made = claims.slice(i, i + batch).map((claim, j) => this.make(i + j, claim));
      this.drawn.push(...made);
      this.place(made);
      yield;
    }
  }

  /** The layer cleared its marks for a new render. */
  onClear(): void {
    const tip = this.host.openTip();
    if (tip?.classList.contains('bl-claim-tip')) this.host.closeTooltip(false);
    for (const d of this.drawn) {
      d.button.remove();
      for (const b of d.boxes) b.remove();
    }
    this.drawn = [];
    this.control?.remove();
    this.control = undefined;
  }

  private make(index: number, claim: ClaimData): Drawn {
    const mark = claimMark(claim);
    const button = claimButton(index, mark, CLAIM_GLYPH[mark], t('cl_markerLabel', claimMarkLabel(mark), claim.text));
    const entry: Drawn = { index, claim, mark, button, boxes: [], places: [] };
    button.addEventListener('click', (e) => {
      e.stopPropagation();
      if (this.host.openTip()?.dataset.claim === String(index)) this.host.closeTooltip(true);
      else this.open(entry);
    });
    return entry;
  }

  private makeControl(claims: readonly ClaimData[]): HTMLElement {
    const n = countMarks(claims);
    const box = el('div', 'bl-claims-control');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', t('cl_controlLabel'));
    const counts = el(
      'span',
      'bl-claims-counts',
      t(
        'cl_overlayCounts',
        String(claims.length),
        String(n.failed),
        String(n.warning),
        String(n['not-checked']),
        String(n.passed + n.rounding),
      ),
    );
    if (n.failed + n.warning > 0) counts.dataset.failed = 'true';
    const toggle = el('button', 'bl-claims-toggle', t('cl_hidePassed'));
    toggle.type = 'button';
    toggle.setAttribute('aria-pressed', String(this.hideQuiet));
    toggle.title = t('cl_hidePassedHint');
    toggle.addEventListener('click', () => this.setHideQuiet(!this.hideQuiet));
    box.append(counts, toggle);
    return box;
  }

  private setHideQuiet(hide: boolean): void {
    this.hideQuiet = hide;
    this.control?.querySelector('.bl-claims-toggle')?.setAttribute('aria-pressed', String(hide));
    this.position();
  }

  private isShown(d: Drawn): boolean {
    return !(this.hideQuiet && QUIET.has(d.mark));
  }

  /** Opens a claim's tooltip and highlights the table cells it used. */
  private open(entry: Drawn): void {
    this.host.closePopovers();
    this.host.closeTooltip(false);
    const c = entry.claim;
    const tip = claimTooltip(entry.index, entry.mark, t('cl_tipLabel', claimMarkLabel(entry.mark)));
    tip.append(
      closeButton(() => this.host.closeTooltip(true)),
      el('p', 'bl-message', `${claimMarkLabel(entry.mark)} · ${claimKindLabel(c.kind)}`),
      el('blockquote', 'bl-claim-quote', c.text),
      el('p', 'bl-claim-message', pick(c.message)),
      factList([
        [t('cl_stated'), c.stated],
        [t('cl_expected'), c.expected],
        [t('markerDerivation'), pickDerivation(c.derivation)],
        [t('markerUnit'), c.unit && unitLabel(c.unit)],
        ...(c.cells.length > 0 ? [[t('cl_cells'), t('cl_cellsCount', String(c.cells.length))] as const] : []),
      ]),
    );
    this.host.showTip(tip, entry.button, { element: tip, target: { text: c }, at: onLast(belowAt) });
    this.host.highlight(c.cells);
  }

  /**
   * "Show me" (the side panel, the viewer's lists): scrolls to the claim, opens its tooltip and focuses its marker
   * (hidden passed marks are shown again). False when the claim's words are not shown on this document.
   */
  reveal(index: number): boolean {
    const entry = this.drawn.find((d) => d.index === index);
    if (!entry) return false;
    if (!this.isShown(entry)) this.setHideQuiet(false);
    this.host.surface.scrollTo({ text: entry.claim });
    this.place([entry]);
    if (entry.places.length === 0) return false;
    this.open(entry);
    entry.button.focus({ preventScroll: true });
    return true;
  }

  /** The marker of a claim (by its index in report.claims), for tests and the lists. */
  markerFor(index: number): HTMLButtonElement | undefined {
    return this.drawn.find((d) => d.index === index)?.button;
  }

  /** Places every claim's marks again. */
  position(): void {
    this.place(this.drawn);
    // A tooltip whose words were hidden (the toggle, or the page hid or replaced them) goes with them.
    const tip = this.host.openTip();
    if (!tip?.classList.contains('bl-claim-tip')) return;
    const open = this.drawn.find((d) => String(d.index) === tip.dataset.claim);
    if (!open || !this.isShown(open) || open.places.length === 0) this.host.closeTooltip(false);
  }

  /** Every read first (where the words are), then every write (underlines, markers). */
  private place(drawn: readonly Drawn[]): void {
    const surface = this.host.surface;
    for (const d of drawn) d.places = this.isShown(d) ? surface.locate({ text: d.claim }) : [];
    for (const d of drawn) {
      const last = d.places[d.places.length - 1];
      d.button.hidden = !last;
      while (d.boxes.length > d.places.length) d.boxes.pop()!.remove();
      d.places.forEach((p, i) => {
        let box = d.boxes[i];
        if (!box) {
          box = el('div', 'bl-claim-range');
          box.dataset.claim = String(d.index);
          box.dataset.status = d.mark;
          d.boxes.push(box);
        }
        if (box.parentNode !== p.layer) p.layer.append(box);
        applySpot(box, over(p.rect));
      });
      if (!last) continue;
      // The marker after its underlines: it is drawn over them, and Tab reaches it in the text's order.
      if (d.button.parentNode !== last.layer || d.button.previousSibling !== d.boxes[d.boxes.length - 1])
        last.layer.append(d.button);
      applySpot(d.button, claimMarkerAt(last.rect, MARKER_SIZE[d.mark]));
    }
  }
}
