import { browser } from 'wxt/browser';
import { derivationIn } from '../lib/report/derivation';

/**
 * The extension UI's one i18n mechanism: Chrome-format messages in public/_locales/{zh_CN,en}/messages.json
 * (zh_CN is the default locale), read through browser.i18n. Page text and engine output are never passed
 * through here; they are shown as they are.
 */

/** Every message name of public/_locales/zh_CN/messages.json (tests/unit/locales.test.ts keeps en in step). */
export type MessageKey = keyof typeof import('../public/_locales/zh_CN/messages.json');

export type UiLang = 'zh' | 'en';

type GetMessage = (name: string, substitutions?: string | string[]) => string;

/** The message in the browser's UI language, with $1… substituted; the key itself when it is missing. */
export function t(key: MessageKey, ...subs: string[]): string {
  const get = browser.i18n.getMessage as unknown as GetMessage;
  const text = subs.length > 0 ? get(key, subs) : get(key);
  return text || key;
}

/**
 * The language of the messages the browser gave us (each locale's messages.json says which it is): the engine's
 * bilingual text follows it, so a screen never mixes an English UI with Chinese findings (or the reverse), whatever
 * the browser's UI language and its choice of locale files say separately. Chinese when unknown (the default
 * locale).
 */
export function uiLang(): UiLang {
  return t('uiLang') === 'en' ? 'en' : 'zh';
}

/** A derivation in the UI language: the checks' own words in it translated, the document's words as printed. */
export const pickDerivation = (derivation: string): string => derivationIn(derivation, uiLang());

/** The engine's bilingual text ({ zh, en }) in the UI language. */
export function pick(b: { readonly zh: string; readonly en: string }): string {
  return b[uiLang()];
}

const KIND_KEYS: Readonly<Record<string, MessageKey>> = {
  'income-expenditure': 'kind_income_expenditure',
  income: 'kind_income',
  expenditure: 'kind_expenditure',
  'fiscal-income-expenditure': 'kind_fiscal_income_expenditure',
  'gpb-expenditure': 'kind_gpb_expenditure',
  'gpb-basic': 'kind_gpb_basic',
  'three-public': 'kind_three_public',
  'gov-fund': 'kind_gov_fund',
  'soe-capital': 'kind_soe_capital',
  'special-account': 'kind_special_account',
  project: 'kind_project',
  performance: 'kind_performance',
  'budget-other': 'kind_budget_other',
  layout: 'kind_layout',
  unknown: 'kind_unknown',
};

const STATUS_KEYS: Readonly<Record<string, MessageKey>> = {
  checked: 'status_checked',
  'partly-checked': 'status_partly_checked',
  'not-checked': 'status_not_checked',
  'not-understood': 'status_not_understood',
  empty: 'status_empty',
  'not-budget': 'status_not_budget',
};

const SEVERITY_KEYS: Readonly<Record<string, MessageKey>> = {
  error: 'severity_error',
  warning: 'severity_warning',
  info: 'severity_info',
};

const label = (keys: Readonly<Record<string, MessageKey>>, value: string): string => {
  const key = keys[value];
  return key ? t(key) : value;
};

/** A table kind of the report ('gpb-basic' …) in the UI language; an unknown kind as it is. */
export const kindLabel = (kind: string): string => label(KIND_KEYS, kind);
/** A table status ('partly-checked' …) in the UI language. */
export const statusLabel = (status: string): string => label(STATUS_KEYS, status);
/** A finding severity ('error' | 'warning' | 'info') in the UI language. */
export const severityLabel = (severity: string): string => label(SEVERITY_KEYS, severity);

const UNIT_KEYS: Readonly<Record<string, MessageKey>> = {
  元: 'unit_yuan',
  千元: 'unit_thousand',
  万元: 'unit_tenThousand',
  百万元: 'unit_million',
  亿元: 'unit_hundredMillion',
};
/** A unit the tables print ('万元' …) in the UI language; anything else as it is. */
export const unitLabel = (unit: string): string => label(UNIT_KEYS, unit);

/** A document's stage (预算 / 决算) in the UI language; '' for none. */
export const stageLabel = (stage: string | null | undefined): string =>
  stage === '决算' ? t('yr_stageFinal') : stage === '预算' ? t('yr_stageBudget') : '';
