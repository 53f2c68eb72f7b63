/**
 * The journal: a flat, append-only list of postings. Each posting moves a positive amount of
 * money from one account to another in one month, and records the model line that produced it.
 * A posting is balanced by construction (the amount leaves one account and enters another), so
 * every month's postings sum to zero; `realizeLedger` checks it anyway.
 */
import type { Located } from "../model/types.js";
import type { Money } from "../money/money.js";
import type { Month } from "../time/month.js";

/** An account is a party's name, or one of the outside-world accounts below. */
export type Account = string;

/** Where revenue comes from: customers outside the model. */
export const CUSTOMERS: Account = "(customers)";
/** Where costs go when no payee is named: suppliers outside the model. */
export const OUTSIDE_SUPPLIERS: Account = "(outside suppliers)";
/** The counterpart of opening cash balances. */
export const OPENING_BALANCES: Account = "(opening balances)";

export const isOutsideAccount = (a: Account): boolean => a.startsWith("(");

export type OriginKind = "opening-cash" | "tranche" | "contract" | "revenue" | "cost" | "revenue-share";

/** The kinds of money a company spends on its operations: what "outflow" means everywhere (calibration, cash, circularity). */
export const OPERATING_OUTFLOW: ReadonlySet<OriginKind> = new Set(["contract", "cost", "revenue-share"]);

/** The model line that produced a posting. */
export interface Origin {
  readonly kind: OriginKind;
  /** A stable identifier of the model item, e.g. `rounds.series-a.commitments.Amazon.tranches.1`. */
  readonly item: string;
  /** A short human label, e.g. `Amazon tranche 2 (on amazon-conditions)`. */
  readonly label: string;
  /** The model line, for carets and `explain`. */
  readonly at?: Located;
  /** Extra detail, e.g. `on revenue earned through AWS`. */
  readonly detail?: string;
}

export interface Posting {
  readonly month: Month;
  readonly from: Account;
  readonly to: Account;
  /** Always positive. */
  readonly amount: Money;
  readonly origin: Origin;
  /** Set when the posting happens only if this condition is met. */
  readonly condition?: string;
}
