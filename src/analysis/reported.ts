/**
 * Every reported number can say where it came from: a `Reported` value carries a stable id (the
 * handle `dealgraph explain` takes), how it was derived, and the model lines and ledger edges
 * behind it.
 */
import type { Located } from "../model/types.js";
import type { Money } from "../money/money.js";
import type { Ratio } from "../money/ratio.js";
import type { Month } from "../time/month.js";

export type ReportedValue =
  | { readonly kind: "money"; readonly value: Money }
  | { readonly kind: "ratio"; readonly value: Ratio }
  | { readonly kind: "month"; readonly value: Month | null }
  | { readonly kind: "count"; readonly value: number };

export interface BasisInput {
  readonly label: string;
  /** The model line the input was written on. */
  readonly at?: Located;
  /** Another reported figure the input is. */
  readonly figure?: string;
}

export interface Reported {
  readonly id: string;
  readonly label: string;
  readonly value: ReportedValue;
  /** How the value follows from its inputs, in words or as a formula: `pre-money + raised`. */
  readonly derivation: string;
  readonly inputs: readonly BasisInput[];
  /** Ledger edges (by model item) whose postings make up the value, with the scenario they are read in. */
  readonly ledger?: { readonly scenario: string; readonly items: readonly string[]; readonly account?: string };
}

/** Collects reported figures as analyses create them, so `explain` can find any of them by id. */
export class FigureBook {
  readonly #figures = new Map<string, Reported>();

  add(figure: Reported): Reported {
    this.#figures.set(figure.id, figure);
    return figure;
  }

  get(id: string): Reported | undefined {
    return this.#figures.get(id);
  }

  ids(): string[] {
    return [...this.#figures.keys()];
  }

  all(): Reported[] {
    return [...this.#figures.values()];
  }
}

export const moneyValue = (value: Money): ReportedValue => ({ kind: "money", value });
export const ratioValue = (value: Ratio): ReportedValue => ({ kind: "ratio", value });
export const monthValue = (value: Month | null): ReportedValue => ({ kind: "month", value });
