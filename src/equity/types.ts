/**
 * The equity core's inputs, as plain typed values (the model language and Open Cap Format
 * readers produce these). Units, everywhere in `src/equity`:
 *
 * - money is `Money`, exact integer minor units (cents);
 * - share counts are `bigint`, whole shares, with no 32- or 53-bit limit;
 * - prices per share are `Ratio`s of **minor units per share** (a $1.2345 price in USD is
 *   `ratio(12345n, 100n)`), so no precision is lost before a rule says to round;
 * - multiples, rates and fractions are `Ratio`s (`ratio(1n)` is 1x, `ratio(1n, 5n)` is 20 %);
 * - dates are ISO `YYYY-MM-DD` strings.
 */
import type { Ratio } from "../money/ratio.js";

/** Common stock: the residual claim every preferred class can convert into. */
export interface CommonClass {
  readonly kind: "common";
  readonly id: string;
}

/** How a preferred class shares in what is left after all preferences are paid. */
export type Participation =
  | { readonly kind: "non-participating" }
  | { readonly kind: "participating" }
  /** Participates until preference plus participation reach `capMultiple` x the original issue price per share (a total-return cap). */
  | { readonly kind: "capped"; readonly capMultiple: Ratio };

/**
 * How the classes of one seniority tier share a shortfall: in proportion to the preference each
 * is owed (the usual "pari passu" wording), or in proportion to shares held.
 */
export type TierSharing = "by-preference" | "by-shares";

export interface PreferredClass {
  readonly kind: "preferred";
  readonly id: string;
  /** Price per share the class was sold at, minor units per share. */
  readonly originalIssuePrice: Ratio;
  /** The preference is this multiple of the original issue price, per share (1x is `ratio(1n)`). */
  readonly liquidationMultiple: Ratio;
  readonly participation: Participation;
  /** 1 is paid first; classes with equal seniority form one tier, paid pro rata. */
  readonly seniority: number;
  /** How this class shares its tier; every class of a tier must state the same. Default `by-preference`. */
  readonly tierSharing?: TierSharing;
  /** Common shares received per preferred share on conversion; default 1. */
  readonly conversionRatio?: Ratio;
  /** The common class it converts into; may be omitted when the cap table has one common class. */
  readonly convertsInto?: string;
}

export type ShareClass = CommonClass | PreferredClass;

/** Monthly vesting after a cliff: nothing before the cliff, then `cliffMonths / months` of the grant, then one more month's worth each month. */
export interface VestingSchedule {
  readonly start: string;
  readonly months: number;
  readonly cliffMonths: number;
}

/** Issued shares of one class held by one holder. */
export interface ShareHolding {
  readonly kind: "shares";
  readonly holder: string;
  readonly classId: string;
  readonly shares: bigint;
  /** Date of issue; holdings issued after the cap-table date are left out. Default: always issued. */
  readonly issuedOn?: string;
  /** Shares the company holds itself: issued, not outstanding, no payout. */
  readonly treasury?: boolean;
  /** A conditional tranche: counted only when this condition is met. */
  readonly condition?: string;
}

/** An option grant over shares of a (common) class, drawn from a pool. */
export interface OptionGrant {
  readonly kind: "option";
  readonly holder: string;
  readonly classId: string;
  readonly poolId: string;
  readonly shares: bigint;
  /** Exercise price, minor units per share. */
  readonly strike: Ratio;
  readonly grantedOn?: string;
  /** Absent: fully vested at grant. */
  readonly vesting?: VestingSchedule;
  readonly condition?: string;
}

/** A warrant over shares of any class, exercisable in full. */
export interface Warrant {
  readonly kind: "warrant";
  readonly holder: string;
  readonly classId: string;
  readonly shares: bigint;
  readonly strike: Ratio;
  readonly issuedOn?: string;
  readonly condition?: string;
}

export type Holding = ShareHolding | OptionGrant | Warrant;

/** Shares reserved for option grants; the unissued part is `reserved` minus the grants drawn from it. */
export interface OptionPool {
  readonly id: string;
  readonly classId: string;
  readonly reserved: bigint;
}

export interface CapTable {
  readonly classes: readonly ShareClass[];
  readonly pools: readonly OptionPool[];
  readonly holdings: readonly Holding[];
}
