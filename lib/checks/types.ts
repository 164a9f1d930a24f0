import type { BudgetDocument, BudgetTable, CellAddress } from '../model';
import type { UnitName } from '../money/units';
import type { Bilingual, Severity } from '../report/schema';

/** The report contract's (lib/report/schema.ts). */
export type { Bilingual, Severity };

export interface Finding {
  /** The check's id, e.g. 'row-totals'. */
  readonly check: string;
  readonly severity: Severity;
  /** The table the stated value is in (its first DOM table index). */
  readonly table: number;
  /** Every cell involved; the stated cell first. */
  readonly cells: readonly CellAddress[];
  readonly stated?: string;
  readonly expected?: string;
  /** "1,788.08 + 1,697.67 = 3,485.75" */
  readonly derivation: string;
  readonly unit?: UnitName;
  readonly message: Bilingual;
  /** 'unit-slip' when the difference is a factor of 10,000 (元 read as 万元 or back). */
  readonly tags?: readonly string[];
  /** The relation's figures, for the self-check that finds one root cause behind several failures (lib/selfcheck). */
  readonly operands?: Operands;
  /** A root-cause finding: the failing relations that one figure explains, each with its derivation. */
  readonly relations?: readonly RelationFinding[];
}

/** stated = Σ terms (eq) or stated ≥ Σ terms (ge). */
export interface Operands {
  readonly stated: CellAddress;
  readonly terms: readonly CellAddress[];
  readonly relation: 'eq' | 'ge';
}

/** One relation behind a root-cause finding. */
export interface RelationFinding {
  readonly check: string;
  readonly table: number;
  readonly stated?: string;
  readonly expected?: string;
  readonly derivation: string;
  readonly message: Bilingual;
}

export interface NotChecked {
  readonly table: number;
  readonly cells: readonly CellAddress[];
  readonly reason: Bilingual;
}

/** What a check reports into; the engine owns the tallies. */
export interface CheckSink {
  /** A relation that holds; operands when it is a sum or an equality of table figures. */
  pass(check: string, cells: readonly CellAddress[], operands?: Operands): void;
  finding(f: Finding): void;
  notChecked(n: NotChecked): void;
}

export interface CheckContext {
  readonly doc: BudgetDocument;
  readonly sink: CheckSink;
}

export interface Check {
  readonly id: string;
  readonly title: Bilingual;
  /** Which relations it proves or disproves, for --help and the README. */
  readonly description: Bilingual;
  /** A generator may yield between tables, so a page stays responsive; the engine drives it. */
  run(ctx: CheckContext): void | Iterable<void>;
}

export type { BudgetTable };
