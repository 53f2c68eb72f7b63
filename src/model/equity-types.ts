/**
 * The equity section of a model as written: share classes, pools, holdings, options, warrants,
 * SAFEs and notes of one company, and the priced round that converts them. Values are typed
 * (money in minor units, prices in major units per share as exact ratios, dates as ISO days);
 * names are still unresolved. src/compile/equity.ts turns this into the equity core's cap table.
 */
import type { Money } from "../money/money.js";
import type { Ratio } from "../money/ratio.js";
import type { Located, Ref, Sourced } from "./types.js";

/** A calendar day, `YYYY-MM-DD` (a `YYYY-MM` date is read as its first day). */
export interface DayInput {
  readonly iso: string;
  readonly at: Located;
}

export type ParticipationInput = { readonly kind: "non-participating" } | { readonly kind: "participating" } | { readonly kind: "capped"; readonly capMultiple: Ratio };

export type ShareClassInput =
  | { readonly kind: "common"; readonly id: string; readonly at: Located }
  | {
      readonly kind: "preferred";
      readonly id: string;
      /** Original issue price per share, major units; absent for the class a financing issues at the round price. */
      readonly issuePrice?: Sourced<Ratio>;
      readonly preference: Ratio;
      readonly participation: ParticipationInput;
      readonly seniority: number;
      readonly tierSharing?: "by-preference" | "by-shares";
      readonly conversionRatio?: Ratio;
      readonly convertsInto?: Ref;
      readonly at: Located;
    };

export interface PoolInput {
  readonly id: string;
  readonly classId: Ref;
  readonly reserved: bigint;
  readonly at: Located;
}

export interface ShareHoldingInput {
  readonly holder: string;
  readonly classId: Ref;
  readonly shares: Sourced<bigint>;
  readonly issued?: DayInput;
  readonly condition?: Ref;
  readonly treasury?: boolean;
  readonly at: Located;
}

export interface VestingInput {
  readonly start: DayInput;
  readonly months: number;
  readonly cliffMonths: number;
}

export interface OptionInput {
  readonly holder: string;
  readonly pool: Ref;
  readonly shares: Sourced<bigint>;
  /** Major units per share. */
  readonly strike: Ratio;
  readonly granted?: DayInput;
  readonly vesting?: VestingInput;
  readonly condition?: Ref;
  readonly at: Located;
}

export interface WarrantInput {
  readonly holder: string;
  readonly classId: Ref;
  readonly shares: Sourced<bigint>;
  readonly strike: Ratio;
  readonly issued?: DayInput;
  readonly condition?: Ref;
  readonly at: Located;
}

export interface SafeInput {
  readonly kind: "safe";
  readonly id: string;
  readonly holder: string;
  readonly amount: Sourced<Money>;
  readonly basis: "post-money" | "pre-money";
  readonly cap?: Sourced<Money>;
  readonly discount?: Sourced<Ratio>;
  readonly mfn: boolean;
  readonly issued?: DayInput;
  readonly at: Located;
}

export interface NoteInput {
  readonly kind: "note";
  readonly id: string;
  readonly holder: string;
  readonly principal: Sourced<Money>;
  readonly rate: Sourced<Ratio>;
  readonly compounding: "simple" | "annual" | "monthly";
  readonly dayCount: "act/365" | "30/360";
  readonly issued: DayInput;
  readonly maturity: DayInput;
  readonly cap?: Sourced<Money>;
  readonly discount?: Sourced<Ratio>;
  readonly at: Located;
}

export type ConvertibleInput = SafeInput | NoteInput;

export type PoolTopUpInput = { readonly kind: "none" } | { readonly kind: "target"; readonly fraction: Ratio } | { readonly kind: "increase"; readonly shares: bigint };

/** The priced round that issues new shares and converts the SAFEs and notes. */
export interface FinancingInput {
  /** The round under `rounds:` whose date, pre-money and tranches it prices. */
  readonly round: Ref;
  /** The class the new money buys and the convertibles convert into. */
  readonly classId: Ref;
  /** The pool that is topped up (default: the only pool). */
  readonly pool?: Ref;
  readonly topUp: PoolTopUpInput;
  readonly promisedOptions?: bigint;
  readonly at: Located;
}

export interface EquityInput {
  readonly company: Ref;
  /** Decimals of a major unit prices per share are rounded to (default 4). */
  readonly priceDecimals: number;
  readonly classes: readonly ShareClassInput[];
  readonly pools: readonly PoolInput[];
  readonly holdings: readonly ShareHoldingInput[];
  readonly options: readonly OptionInput[];
  readonly warrants: readonly WarrantInput[];
  readonly convertibles: readonly ConvertibleInput[];
  readonly financing?: FinancingInput;
  readonly at: Located;
}
