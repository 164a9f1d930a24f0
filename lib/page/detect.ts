/**
 * The quick look the content script takes before anything is loaded: does this page hold a budget table?
 * Kept tiny (it ships in the script that runs on every matching page) and cheap (it reads at most a few
 * thousand characters of each table).
 */

const BUDGET_WORDS = /预算|决算|支出|收入|经费|拨款/u;
const TABLE_SIGNS = /合\s*计|总\s*计|小\s*计|科目|单位[:：]|万元|预算数|决算数|基本支出|项目支出/u;
const AMOUNT = /\d[\d,，]*\.\d{2}\b|\d{1,3}(?:,\d{3})+/u;

export interface DetectableDocument {
  getElementsByTagName(name: 'table'): ArrayLike<{ textContent: string | null }>;
  /** For pages printed as positioned text (see below); absent: such pages are not looked for. */
  querySelectorAll?(selectors: string): ArrayLike<{ textContent: string | null }>;
  readonly title: string;
  readonly body: { textContent: string | null } | null;
}

const looksLikeBudgetText = (text: string, title: string): boolean =>
  TABLE_SIGNS.test(text) && AMOUNT.test(text) && (BUDGET_WORDS.test(text) || BUDGET_WORDS.test(title));

/** Does this one table read like a budget table (its first few thousand characters; the page's title helps)? */
export const looksLikeBudgetTable = (table: { textContent: string | null }, title: string): boolean =>
  looksLikeBudgetText((table.textContent ?? '').slice(0, 4000), title);

/** Absolutely placed boxes in inline styles, the markup of a PDF turned into HTML (lib/page/positioned.ts). */
const PLACED = 'div[style*="absolute"],span[style*="absolute"]';
/** So many placed boxes, and not a few of a page's widgets. */
const MIN_PLACED = 40;

/**
 * True when at least one table reads like a budget table: budget words, total or subject words, and amounts. A page
 * without such a table may be a PDF printed as positioned text (no <table> at all): then the text of its placed
 * boxes is looked at the same way.
 */
export function looksLikeBudgetPage(doc: DetectableDocument): boolean {
  const tables = doc.getElementsByTagName('table');
  for (let i = 0; i < tables.length; i++) if (looksLikeBudgetTable(tables[i]!, doc.title)) return true;
  const placed = doc.querySelectorAll?.(PLACED);
  if (!placed || placed.length < MIN_PLACED) return false;
  let text = '';
  for (let i = 0; i < placed.length && text.length < 20_000; i++) text += `${placed[i]!.textContent ?? ''}\n`;
  return looksLikeBudgetText(text, doc.title);
}

const DISCLOSURE_WORDS = /预算|决算|三公/u;

/**
 * Does a link lead to a budget disclosure's PDF? Its address's path ends in .pdf, and its text (or title), its file
 * name or the page's title speaks of 预算 / 决算 / 三公: the detector puts its "预算透镜" button beside such links only,
 * not beside every PDF a government site links to. (The background accepts http(s) addresses only.)
 */
export function isDisclosurePdfLink(href: string, linkText: string, pageTitle: string): boolean {
  let path = '';
  try {
    path = decodeURIComponent(new URL(href).pathname);
  } catch {
    return false;
  }
  return /\.pdf$/iu.test(path) && DISCLOSURE_WORDS.test(`${linkText} ${path} ${pageTitle}`);
}
