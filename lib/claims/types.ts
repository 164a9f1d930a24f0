import type { Bilingual, Severity } from '../checks/types';
import type { Scope } from '../checks/figures';
import type { CellAddress } from '../model';
import type { Amount } from '../money/amount';
import type { UnitName } from '../money/units';

/**
 * Claims in the text: what a disclosure's narrative states about its own figures ("一般公共服务支出 7,637.45 万元",
 * "占 33.6%", "比上年执行数增加 337.27 万元，增长 4.3%", "与上年持平", "“三公”经费 11.50 万元 = 出国 + 接待 + 用车").
 * `extract.ts` finds them (text → Claim[]), `check.ts` checks each against its own arithmetic and the tables
 * (Claim + BudgetDocument → ClaimResult). Every number stays an `Amount` (decimal.js) as printed.
 */

export type ClaimKind = 'amount' | 'share' | 'change' | 'flat' | 'composition';

/**
 * Where a piece of text is: `block` is the TextBlock's `order` (its index among all blocks, text and tables),
 * `start` a UTF-16 offset in that block's text; `endBlock`/`end` the same for the end (exclusive). They differ only
 * when a sentence was cut over two blocks by a PDF-to-HTML conversion ("增加 587.74" | "万元，增长 8.04%").
 */
export interface Span {
  readonly block: number;
  readonly start: number;
  readonly endBlock: number;
  readonly end: number;
}

/** A sum of money as printed in a sentence: "8,149.47 万元". */
export interface StatedMoney extends Span {
  readonly amount: Amount;
  readonly unit: UnitName;
  /** The text as printed, number and unit: "587.74万元". */
  readonly text: string;
}

/** A percentage as printed: "4.3%" (amount.value is 4.3, amount.percent is true). */
export interface StatedPercent extends Span {
  readonly amount: Amount;
  readonly text: string;
}

export type Direction = 'up' | 'down';

/** What a change is measured against, as the sentence says. */
export type Basis = '上年执行数' | '上年预算数' | '上年决算数' | '上年';

/**
 * What a stated amount is, as far as the text tells: a named figure of the tables (`figure`: keys of
 * lib/checks/figures.ts plus a few of the claims' own, see claims/figures.ts), a function subject (类/款/项) by code,
 * an economic 类, a row label of the summary tables, or nothing the tables can have (`none`, with the reason).
 */
export type SubjectRef =
  | {
      readonly kind: 'figure';
      readonly keys: readonly string[];
      readonly scope?: Scope | readonly Scope[];
      /** The amount may be a part of the figure: passed when equal, otherwise not checked for this reason. */
      readonly part?: Bilingual;
    }
  | {
      readonly kind: 'function';
      readonly code: string;
      /** Only the 政府性基金 / 国有资本经营 spending tables' line of the subject. */
      readonly fund?: 'gov-fund' | 'soe';
      /** Only the subject's 基本支出 or 项目支出 column. */
      readonly column?: 'basic' | 'project';
      /** A 项 the classification does not list: `code` is its 款, this its name among the 款's rows. */
      readonly leaf?: string;
      /** The amount may be a part of the figure: passed when equal, otherwise not checked for this reason. */
      readonly part?: Bilingual;
    }
  | { readonly kind: 'economic'; readonly code: string; readonly name: string }
  | {
      readonly kind: 'label';
      readonly name: string;
      /** The amount may be a part of the figure: passed when equal, otherwise not checked for this reason. */
      readonly part?: Bilingual;
    }
  | { readonly kind: 'none'; readonly reason: Bilingual };

interface ClaimBase extends Span {
  readonly kind: ClaimKind;
  /** The claim's text exactly as printed (blocks joined where a sentence was cut). */
  readonly text: string;
  /** What the claim is about, as printed, cleaned of numbering, year and verbs: "一般公共服务支出", "收入预算". */
  readonly subject: string;
}

/** "一般公共服务支出 7,637.45 万元", "（项）预算为 1,797.02 万元". */
export interface AmountClaim extends ClaimBase {
  readonly kind: 'amount';
  readonly value: StatedMoney;
  readonly ref: SubjectRef;
}

/** "人员支出 2,735.16 万元，占 33.6%". */
export interface ShareClaim extends ClaimBase {
  readonly kind: 'share';
  readonly share: StatedPercent;
  /** The amount the share is of, when the sentence states it. */
  readonly part?: StatedMoney;
  readonly ref?: SubjectRef;
  /** The sentence's own total: "合计为 7,896.16万元，其中：…" or the amount before a block that starts with 其中. */
  readonly ownTotal?: { readonly subject: string; readonly value: StatedMoney };
  /** Every share of the same list (this one included), in order, with their amounts: a list of shares of one whole. */
  readonly list: readonly { readonly part?: StatedMoney; readonly share: StatedPercent }[];
  /** The whole the sentence names: "占基本支出的 86.3%" → 基本支出. */
  readonly whole?: { readonly subject: string; readonly ref: SubjectRef };
  /**
   * "完成年初预算的 98.20%": the outturn as a share of the budget, the budget being `ownTotal` when the sentence
   * states it, else the table's 预算数 of the same subject (`budgetRef`); never any other whole.
   */
  readonly completion?: { readonly budgetRef?: SubjectRef };
}

export interface StatedChange {
  readonly delta?: StatedMoney & { readonly direction: Direction; readonly word: string };
  readonly percent?: StatedPercent & { readonly direction: Direction; readonly word: string };
}

/** "比上年执行数增加 337.27 万元，增长 4.3%", "同口径减少 0.05 万元，下降 0.4%", "比上年下降 10%". */
export interface ChangeClaim extends ClaimBase, StatedChange {
  readonly kind: 'change';
  readonly basis: Basis;
  /** The words that name the basis: "比上年执行数", "同口径", "比 2020 年执行数". */
  readonly basisText: string;
  /** 同口径: measured after removing what is not comparable. */
  readonly sameScope: boolean;
  /** The current figure the change is of: the last amount stated before it in the sentence. */
  readonly current?: StatedMoney;
  /** The year before, when the sentence states it ("比 2025 年预算数 28,479.84 万元增加…", "上年执行数为 A 万元"). */
  readonly prior?: StatedMoney;
  /**
   * Other figures the change may be of (a change after a list: its total or its last item): the claim passes when
   * one of the readings adds up.
   */
  readonly alternatives?: readonly { readonly subject: string; readonly value: StatedMoney }[];
  /** Why the reading is unsure: a change that adds up under no reading is then "not checked" with this reason. */
  readonly doubt?: Bilingual;
  /** "比上年 1.43 万元，增加 0.68%": `prior` may be the amount of change instead. */
  readonly priorMayBeChange?: boolean;
}

/** "与上年持平", "与上年执行数基本持平". */
export interface FlatClaim extends ClaimBase {
  readonly kind: 'flat';
  readonly basis: Basis;
  /** 基本持平: a small change is tolerated (FLAT_TOLERANCE_PERCENT). */
  readonly basic: boolean;
  readonly current?: StatedMoney;
  /** A change stated in the same sentence ("减少 0.23 万元，下降 0.8%，与上年执行数基本持平"). */
  readonly change?: StatedChange;
  /**
   * Written after the reason for that change ("增加 75 万元，主要原因是…，经比对，与上年持平"): the 持平 concludes the
   * explanation (a comparison on another basis), not the stated change.
   */
  readonly afterReason?: boolean;
  /** "决算数与预算数基本持平": the outturn (`current`) against the budget stated before it, not the year before. */
  readonly againstBudget?: { readonly budget?: StatedMoney };
}

export type CompositionTemplate = 'three-public' | 'car' | 'procurement' | 'basic';

export interface CompositionPart {
  readonly subject: string;
  readonly ref: SubjectRef;
  readonly value: StatedMoney;
}

/** "三公"经费 = 出国 + 接待 + 用车; 用车 = 购置 + 运行维护; 政府采购 = 货物 + 工程 + 服务; 基本支出 = 人员经费 + 公用经费. */
export interface CompositionClaim extends ClaimBase {
  readonly kind: 'composition';
  readonly template: CompositionTemplate;
  readonly total: CompositionPart;
  readonly parts: readonly CompositionPart[];
}

export type Claim = AmountClaim | ShareClaim | ChangeClaim | FlatClaim | CompositionClaim;

export type ClaimStatus = 'passed' | 'failed' | 'warning' | 'not-checked';

/** A prior-year figure the narrative implies (current − delta), for the prior-year snapshots to store. */
export interface ImpliedPrior {
  readonly subject: string;
  readonly basis: Basis;
  readonly sameScope: boolean;
  /** Printed like the current figure, e.g. "7,812.20". */
  readonly value: string;
  readonly unit: UnitName;
  /** From a percentage only (current ÷ (1 ± p)), or 基本持平: not exact. */
  readonly approximate: boolean;
  readonly derivation: string;
  /** Where the claim is. */
  readonly block: number;
  readonly start: number;
  readonly endBlock: number;
  readonly end: number;
}

export interface ClaimResult {
  readonly claim: Claim;
  readonly status: ClaimStatus;
  /**
   * error (failed), warning (warning), info (passed only within rounding); absent when passed exactly or not checked.
   */
  readonly severity?: Severity;
  /** What the text states, as printed: "4.3%", "1,797.02 万元", "持平". */
  readonly stated: string;
  /** What the figures give, in the stated unit and precision; null when not checked. */
  readonly expected: string | null;
  /** The recomputation, Chinese first: "8,149.47 − 337.27 = 7,812.20；337.27 ÷ 7,812.20 = 4.32% → 4.3%". */
  readonly derivation: string;
  /** Table cells of the figures used (DOM addresses). */
  readonly cells: readonly CellAddress[];
  readonly unit?: UnitName;
  /** What was found, or why it could not be checked. */
  readonly message: { readonly zh: string; readonly en: string };
  readonly tags?: readonly string[];
  readonly impliedPrior?: ImpliedPrior;
}
