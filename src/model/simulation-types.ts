/**
 * Uncertainty as written: drivers (named inputs that formulas may read, with a base value and a
 * distribution), named scenarios (overrides of the base model), and the simulation settings
 * (which company, how drivers are correlated, conditions' probabilities and windows).
 */
import type { Money } from "../money/money.js";
import type { Ratio } from "../money/ratio.js";
import type { Located, Ref, Sourced, Window } from "./types.js";

/** A driver's value: an amount of money, or a plain number (a percentage is a number: 60% is 0.6). */
export type DriverValue = { readonly dim: "money"; readonly value: Money } | { readonly dim: "number"; readonly value: Ratio };

export type DistributionInput =
  | { readonly kind: "uniform" | "range"; readonly low: DriverValue; readonly high: DriverValue; readonly at: Located }
  | { readonly kind: "triangular"; readonly low: DriverValue; readonly mode: DriverValue; readonly high: DriverValue; readonly at: Located }
  | { readonly kind: "normal"; readonly mean: DriverValue; readonly sd: DriverValue; readonly at: Located }
  /** ln X is normal with mean `mu` and standard deviation `sigma` (plain numbers). */
  | { readonly kind: "lognormal"; readonly mu: Ratio; readonly sigma: Ratio; readonly at: Located }
  | { readonly kind: "discrete"; readonly values: readonly DriverValue[]; readonly probabilities: readonly Ratio[]; readonly at: Located };

export interface DriverInput {
  readonly name: string;
  readonly base: Sourced<DriverValue>;
  readonly distribution?: DistributionInput;
  readonly description?: string;
  readonly at: Located;
}

export interface ScenarioInput {
  readonly name: string;
  readonly description?: string;
  readonly drivers: ReadonlyArray<{ readonly driver: Ref; readonly value: DriverValue; readonly at: Located }>;
  readonly conditions: ReadonlyArray<{ readonly condition: Ref; readonly met: boolean; readonly at: Located }>;
  readonly at: Located;
}

export type CorrelationInput =
  | { readonly kind: "rank"; readonly drivers: readonly Ref[]; readonly matrix: ReadonlyArray<readonly Ratio[]>; readonly at: Located }
  | { readonly kind: "factors"; readonly factors: ReadonlyArray<{ readonly name: string; readonly loadings: ReadonlyArray<{ readonly driver: Ref; readonly loading: Ratio }> }>; readonly at: Located };

export interface SimulationInput {
  /** The company whose cash the simulation follows. */
  readonly company: Ref;
  readonly correlation?: CorrelationInput;
  /** Probabilities and windows for the simulation, where they differ from the conditions' own. */
  readonly conditions: ReadonlyArray<{ readonly condition: Ref; readonly probability?: Ratio; readonly window?: Window; readonly at: Located }>;
  readonly at: Located;
}
