import type { Severity } from '../../lib/checks/types';
import { textSegments, type BlockPositions, type BlockSpan, type TextSegment } from '../../lib/dom/adapter';
import type { Cell } from '../../lib/extension/messages';
import { pick, t, type MessageKey } from '../../utils/i18n';
import { el } from './dom';
import { claimButton, claimTooltip, closeButton, factList } from './tooltip';

/**
 * Claims of the page's text in the page (issue 5): each claim the engine found (lib/claims/, the report's
 * `claims`) gets an underline over its words and a small marker at its end, drawn in the overlay's shadow root
 * from the live layout of the text nodes that hold it (the adapter's PageSource.positions): the page's words are
 * never touched. The marker (click or Enter) opens the claim's recomputation and highlights the table cells it used.
 *
 * Every claim is shown: a reporter sees what was checked, not only what failed. Failed and warned claims get the
 * same red and amber as the cells' markers; passed ones a small green tick and a faint dotted underline, rounding a
 * quiet dashed one, not checked a grey dash. The control at the bottom right (counts, 隐藏已通过的) hides the passed
 * and rounding marks when a long page has too many of them; it is off by default.
 *
 * DOM contract: .bl-claims holds, per located claim, .bl-claim-range[data-claim][data-status] boxes over its text
 * and button.bl-claim[data-claim=<index in report.claims>][data-status=passed|failed|warning|not-checked|rounding];
 * the tooltip is .bl-tooltip.bl-claim-tip[role=dialog][data-claim]; the control .bl-claims-control holds
 * .bl-claims-counts and button.bl-claims-toggle[aria-pressed].
 */

/** How a claim is drawn: its status, with `passed` within rounding (severity info) apart as `rounding`. */
export type ClaimMark = 'failed' | 'warning' | 'rounding' | 'not-checked' | 'passed';

/** The order a reader wants them in: problems first, what passed last. */
export const CLAIM_MARKS: readonly ClaimMark[] = ['failed', 'warning', 'rounding', 'not-checked', 'passed'];

/** A claim as the overlay and the side panel need it: the report's ClaimEntry or the PageReport's claims entry. */
export interface ClaimLike extends BlockSpan {
  readonly text: string;
  readonly kind: string;
  readonly status: 'passed' | 'failed' | 'warning' | 'not-checked';
  readonly severity?: Severity | null;
  readonly stated: string;
  readonly expected: string | null;
  readonly derivation: string;
  readonly unit?: string | null;
  readonly cells: readonly Cell[];
  readonly message: { readonly zh: string; readonly en: string };
}

export function claimMark(c: Pick<ClaimLike, 'status' | 'severity'>): ClaimMark {
  return c.status === 'passed' && c.severity === 'info' ? 'rounding' : c.status;
}

export const CLAIM_MARK_KEYS: Readonly<Record<ClaimMark, MessageKey>> = {
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
export const CLAIM_GLYPH: Readonly<Record<ClaimMark, string>> = {
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
export function countMarks(claims: readonly Pick<ClaimLike, 'status' | 'severity'>[]): Record<ClaimMark, number> {
  const n: Record<ClaimMark, number> = { failed: 0, warning: 0, rounding: 0, 'not-checked': 0, passed: 0 };
  for (const c of claims) n[claimMark(c)]++;
  return n;
}

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Where a claim's marker goes (viewport coordinates): at the end of the claim's last line box, on its upper
 * right like a superscript, so it sits beside the last character without hiding it.
 */
export function markerPlace(rects: readonly Box[], size: number): { left: number; top: number } | undefined {
  const last = rects[rects.length - 1];
  if (!last) return undefined;
  return { left: last.right - 1, top: last.top - Math.round(size / 2) + 2 };
}

/** The line boxes of a claim's text: one per text-node piece and line, empty ones (collapsed spaces) left out. */
export function claimRects(ranges: readonly Range[]): Box[] {
  const out: Box[] = [];
  for (const r of ranges) {
    if (typeof r.getClientRects !== 'function') continue;
    for (const b of Array.from(r.getClientRects())) if (b.width >= 0.5 && b.height >= 0.5) out.push(b);
  }
  return out;
}

/** Live DOM ranges over a claim's text-node pieces; none when a piece's node left the page or changed. */
export function segmentRanges(segments: readonly TextSegment[]): Range[] {
  const out: Range[] = [];
  for (const s of segments) {
    const node = s.node as unknown as Text;
    if (!node.isConnected || (node.nodeValue ?? '').length < s.end) return [];
    try {
      const r = document.createRange();
      r.setStart(node, s.start);
      r.setEnd(node, s.end);
      out.push(r);
    } catch {
      return [];
    }
  }
  return out;
}

/**
 * One Range over a claim's whole text, from its first character to its last (it may cross elements: "增加
 * 587.74</p><p>万元").
 */
export function claimRange(segments: readonly TextSegment[]): Range | undefined {
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (!first || !last) return undefined;
  try {
    const r = document.createRange();
    r.setStart(first.node as unknown as Node, first.start);
    r.setEnd(last.node as unknown as Node, last.end);
    return r;
  } catch {
    return undefined;
  }
}

/** What the overlay gives the claims: the cells' highlight and its tooltip's closing. */
export interface ClaimsHost {
  highlight(cells: readonly Cell[]): void;
  /** Closes the overlay's tooltip (this layer's included) and the highlights. */
  closeTooltip(): void;
  /** Closes the notes' popover, as a finding's marker does when it opens. */
  closePopovers?(): void;
}

interface Drawn {
  readonly index: number;
  readonly claim: ClaimLike;
  readonly mark: ClaimMark;
  readonly segments: readonly TextSegment[];
  ranges: Range[];
  readonly button: HTMLButtonElement;
  readonly boxes: HTMLElement[];
  /** Viewport rects at the last position(). */
  rects: Box[];
}

export class ClaimsLayer {
  readonly container: HTMLElement;
  private drawn: Drawn[] = [];
  private tip: { element: HTMLElement; entry: Drawn } | undefined;
  private control: HTMLElement | undefined;
  private hideQuiet = false;

  constructor(private readonly host: ClaimsHost) {
    this.container = el('div', 'bl-claims');
  }

  /**
   * Draws every claim the page's text positions can place; claims it cannot place get no mark (the side panel still
   * lists them).
   */
  draw(claims: readonly ClaimLike[], positions: readonly (BlockPositions | undefined)[] | undefined): void {
    this.onClear();
    if (claims.length === 0) return;
    for (const [index, claim] of claims.entries()) {
      const segments = positions ? textSegments(positions, claim) : [];
      if (segments.length === 0) continue;
      const mark = claimMark(claim);
      const button = claimButton(index, mark, CLAIM_GLYPH[mark], t('cl_markerLabel', claimMarkLabel(mark), claim.text));
      const entry: Drawn = {
        index,
        claim,
        mark,
        segments,
        ranges: segmentRanges(segments),
        button,
        boxes: [],
        rects: [],
      };
      button.addEventListener('click', (e) => {
        e.stopPropagation();
        if (this.tip?.entry === entry) this.host.closeTooltip();
        else this.open(entry);
      });
      this.container.append(button);
      this.drawn.push(entry);
    }
    this.control = this.makeControl(claims);
    this.container.append(this.control);
  }

  /** The overlay cleared its layer for a new render (the container itself stays). */
  onClear(): void {
    this.closeTip();
    this.container.replaceChildren();
    this.drawn = [];
    this.control = undefined;
  }

  private makeControl(claims: readonly ClaimLike[]): HTMLElement {
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
    if (hide && this.tip && QUIET.has(this.tip.entry.mark)) this.host.closeTooltip();
    this.position();
  }

  private isShown(d: Drawn): boolean {
    return !(this.hideQuiet && QUIET.has(d.mark));
  }

  /** Opens a claim's tooltip and highlights the table cells it used. */
  private open(entry: Drawn): void {
    this.host.closePopovers?.();
    this.host.closeTooltip();
    const c = entry.claim;
    const tip = claimTooltip(entry.index, entry.mark, t('cl_tipLabel', claimMarkLabel(entry.mark)));
    const close = closeButton(() => this.host.closeTooltip());
    const head = el('p', 'bl-message', `${claimMarkLabel(entry.mark)} · ${claimKindLabel(c.kind)}`);
    const quote = el('blockquote', 'bl-claim-quote', c.text);
    const message = el('p', 'bl-claim-message', pick(c.message));
    const dl = factList([
      [t('cl_stated'), c.stated],
      [t('cl_expected'), c.expected],
      [t('markerDerivation'), c.derivation],
      ...(c.cells.length > 0 ? [[t('cl_cells'), t('cl_cellsCount', String(c.cells.length))] as const] : []),
    ]);
    tip.append(close, head, quote, message, dl);
    // Right after its marker: Tab goes from the marker into the tooltip.
    entry.button.after(tip);
    entry.button.setAttribute('aria-expanded', 'true');
    this.tip = { element: tip, entry };
    this.host.highlight(c.cells);
    this.placeTip();
  }

  /** Closes the claim tooltip (the overlay's closeTooltip calls it); focus inside it goes back to its marker. */
  closeTip(): void {
    const tip = this.tip;
    if (!tip) return;
    this.tip = undefined;
    const root = this.container.getRootNode() as Document | ShadowRoot;
    const focused = 'activeElement' in root ? root.activeElement : null;
    const hadFocus = focused !== null && tip.element.contains(focused);
    tip.element.remove();
    tip.entry.button.setAttribute('aria-expanded', 'false');
    if (hadFocus) tip.entry.button.focus({ preventScroll: true });
  }

  /**
   * The side panel's "在页面中显示": scrolls to the claim, opens its tooltip and focuses its marker (hidden passed
   * marks are shown again). False when the claim has no mark on this page, or its words are not laid out (hidden).
   */
  reveal(index: number): boolean {
    const entry = this.drawn.find((d) => d.index === index);
    if (!entry) return false;
    if (!this.isShown(entry)) this.setHideQuiet(false);
    // The element first (it may sit in a scrolled box of its own), then the window so the words themselves are centred.
    (entry.segments[0]?.node as unknown as Node | undefined)?.parentElement?.scrollIntoView({
      block: 'center',
      inline: 'nearest',
    });
    const range = claimRange(entry.segments);
    if (range && typeof range.getBoundingClientRect === 'function') {
      const r = range.getBoundingClientRect();
      if (r.top < 0 || r.bottom > innerHeight) scrollBy(0, r.top - Math.max(0, (innerHeight - r.height) / 2));
    }
    this.position();
    if (entry.rects.length === 0) return false;
    this.open(entry);
    entry.button.focus({ preventScroll: true });
    return true;
  }

  /** The marker of a claim (by its index in report.claims), for tests and the side panel's reveal. */
  markerFor(index: number): HTMLButtonElement | undefined {
    return this.drawn.find((d) => d.index === index)?.button;
  }

  /** Places boxes and markers in document coordinates: every layout read first, then every write. */
  position(): void {
    for (const d of this.drawn) {
      // A piece's text node gone (the page re-rendered its text): no mark until the next audit places it again.
      if (!d.segments.every((s) => (s.node as unknown as Node).isConnected)) d.ranges = [];
      else if (d.ranges.length === 0) d.ranges = segmentRanges(d.segments);
      d.rects = this.isShown(d) ? claimRects(d.ranges) : [];
    }
    const sx = scrollX;
    const sy = scrollY;
    for (const d of this.drawn) {
      const place = markerPlace(d.rects, MARKER_SIZE[d.mark]);
      d.button.hidden = !place;
      if (place) {
        d.button.style.left = `${place.left + sx}px`;
        d.button.style.top = `${place.top + sy}px`;
      }
      while (d.boxes.length > d.rects.length) d.boxes.pop()!.remove();
      while (d.boxes.length < d.rects.length) {
        const box = el('div', 'bl-claim-range');
        box.dataset.claim = String(d.index);
        box.dataset.status = d.mark;
        d.button.before(box);
        d.boxes.push(box);
      }
      d.rects.forEach((r, i) => {
        const box = d.boxes[i]!;
        box.style.left = `${r.left + sx}px`;
        box.style.top = `${r.top + sy}px`;
        box.style.width = `${r.width}px`;
        box.style.height = `${r.height}px`;
      });
    }
    // A tooltip whose words were hidden (the toggle, or the page hid or replaced them) goes with them.
    if (this.tip && (!this.isShown(this.tip.entry) || this.tip.entry.rects.length === 0)) this.host.closeTooltip();
    else this.placeTip();
  }

  private placeTip(): void {
    if (!this.tip) return;
    const last = this.tip.entry.rects[this.tip.entry.rects.length - 1];
    if (!last) return;
    this.tip.element.style.left = `${Math.max(4, last.left + scrollX)}px`;
    this.tip.element.style.top = `${last.bottom + scrollY + 4}px`;
  }
}
