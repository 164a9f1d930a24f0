import type { ClaimData, PageReport } from '../../lib/extension/messages';
import { pick, pickDerivation, t, uiLang, type MessageKey } from '../../utils/i18n';
import { claimKindLabel, claimMark, claimMarkLabel, CLAIM_MARKS, countMarks, type ClaimMark } from '../marks/claims';
import { revealOrHighlight } from './source';

/**
 * The claims of the page's text in the side panel (issue 5): counts, then the claims grouped failed / warning /
 * rounding / not checked / passed (passed folded away), each with what it says, what checking it gave and a
 * "在页面中显示" button (bl:reveal-claim: the engine scrolls to the words and opens their marker). Page text is
 * rendered as text only.
 */

export interface ClaimItem {
  /** Index in report.claims (the page's markers carry it as data-claim). */
  readonly index: number;
  readonly claim: ClaimData;
}

export interface ClaimGroup {
  readonly mark: ClaimMark;
  readonly items: readonly ClaimItem[];
}

/** The claims by how they came out, problems first; groups without claims left out; text order inside a group. */
export function groupClaims(claims: readonly ClaimData[]): ClaimGroup[] {
  return CLAIM_MARKS.map((mark) => ({
    mark,
    items: claims.flatMap((claim, index) => (claimMark(claim) === mark ? [{ index, claim }] : [])),
  })).filter((g) => g.items.length > 0);
}

const GROUP_KEYS: Readonly<Record<ClaimMark, MessageKey>> = {
  failed: 'cl_group_failed',
  warning: 'cl_group_warning',
  rounding: 'cl_group_rounding',
  'not-checked': 'cl_group_not_checked',
  passed: 'cl_group_passed',
};

/** The findings' look for each mark (entrypoints/sidepanel/style.css): red, amber, quiet; none for the rest. */
const FINDING_CLASS: Readonly<Record<ClaimMark, string>> = {
  failed: ' finding-error',
  warning: ' finding-warning',
  rounding: ' finding-info',
  'not-checked': '',
  passed: '',
};

/**
 * Asks the engine in the tab to scroll to a claim and open it (bl:reveal-claim); where it answers that it could
 * not (or an older engine does not answer), highlights the cells the claim used instead. Throws when neither can be
 * done.
 */
export function revealClaim(tabId: number, index: number, claim: ClaimData): Promise<void> {
  return revealOrHighlight(tabId, { type: 'bl:reveal-claim', index }, claim.cells);
}

const colon = (): string => (uiLang() === 'en' ? ': ' : '：');

function ClaimEntry({
  item,
  mark,
  onReveal,
}: {
  item: ClaimItem;
  mark: ClaimMark;
  onReveal: (index: number, claim: ClaimData) => void;
}) {
  const c = item.claim;
  return (
    <li
      class={`finding claim${FINDING_CLASS[mark]}`}
      data-testid="claim"
      data-status={mark}
      data-kind={c.kind}
      data-index={item.index}
    >
      <span class="badge">
        {claimMarkLabel(mark)} · {claimKindLabel(c.kind)}
      </span>
      <q class="claim-text">{c.text}</q>
      <span class="finding-message">{pick(c.message)}</span>
      <span class="finding-values">
        <span>
          {t('cl_stated')} <span class="num">{c.stated}</span>
        </span>
        {c.expected !== null && (
          <span>
            {t('cl_expected')} <span class="num">{c.expected}</span>
          </span>
        )}
      </span>
      {c.derivation && (
        <span class="finding-derivation">
          {t('markerDerivation')}
          {colon()}
          <span class="num">{pickDerivation(c.derivation)}</span>
        </span>
      )}
      <button
        type="button"
        class="bar-button claim-reveal"
        data-testid="claim-reveal"
        style={{ justifySelf: 'start', marginTop: '2px' }}
        title={t('cl_revealHint')}
        onClick={() => onReveal(item.index, c)}
      >
        {t('cl_reveal')}
      </button>
    </li>
  );
}

function Group({ group, onReveal }: { group: ClaimGroup; onReveal: (index: number, claim: ClaimData) => void }) {
  const id = `bl-claims-${group.mark}`;
  const title = t(GROUP_KEYS[group.mark], String(group.items.length));
  const list = (
    <ul class="findings">
      {group.items.map((item) => (
        <ClaimEntry key={item.index} item={item} mark={group.mark} onReveal={onReveal} />
      ))}
    </ul>
  );
  // Passed claims are many on a long page: folded away, one click to check them.
  if (group.mark === 'passed') {
    return (
      <details class="claim-group" data-group={group.mark}>
        <summary id={id}>{title}</summary>
        {list}
      </details>
    );
  }
  return (
    <section class="claim-group finding-group" data-group={group.mark} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {list}
    </section>
  );
}

export function ClaimsView({
  report,
  onReveal,
}: {
  report: PageReport;
  onReveal: (index: number, claim: ClaimData) => void;
}) {
  const claims = report.claims;
  const n = countMarks(claims);
  return (
    <section data-testid="claims" aria-labelledby="bl-claims">
      <h2 id="bl-claims">{t('cl_heading', String(claims.length))}</h2>
      {claims.length === 0 ? (
        <p class="muted">{t('cl_none')}</p>
      ) : (
        <>
          <p class={`counts${n.failed + n.warning > 0 ? ' counts-failed' : ''}`} data-testid="claims-counts">
            {t(
              'cl_counts',
              String(n.failed),
              String(n.warning),
              String(n.rounding),
              String(n['not-checked']),
              String(n.passed),
            )}
          </p>
          {groupClaims(claims).map((g) => (
            <Group key={g.mark} group={g} onReveal={onReveal} />
          ))}
        </>
      )}
    </section>
  );
}
