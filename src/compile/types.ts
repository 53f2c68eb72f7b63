/**
 * The compiled model: names resolved, every schedule expanded to months, forecasts evaluated.
 * Everything that moves money is a `ScheduledFlow`; the engine (src/ledger) chooses which
 * conditional flows happen in a scenario and posts them.
 */
import type { ConditionInput, Located, ModelInput, PartyKind, RoundInput } from "../model/types.js";
import type { Money } from "../money/money.js";
import type { Ratio } from "../money/ratio.js";
import type { FlowStatus } from "../model/flow-types.js";
import type { Posting } from "../ledger/posting.js";
import type { Month } from "../time/month.js";

export interface CompiledParty {
  readonly name: string;
  readonly kind: PartyKind;
  /** The top of the party's affiliation chain (Amazon for AWS; itself when it has no parent). */
  readonly group: string;
}

/**
 * A flow of money that the model schedules: a posting (one month, one amount, one origin, and the
 * condition it waits for, if any) that the engine posts when its condition holds, with what the
 * network analysis reads besides.
 */
export interface ScheduledFlow extends Posting {
  /** How firm the deal behind it is; absent means binding. The network analysis counts the statuses asked for. */
  readonly status?: FlowStatus;
  /** Invested on the understanding that it is spent back with the investor. */
  readonly earmarked?: boolean;
  /** The item is marked unconfirmed in the model. */
  readonly unconfirmed?: boolean;
  /** What the money is for, in the network's words: equity, purchase, capacity, cloud, revenue, cost… */
  readonly kind?: string;
  /** The chance an explicit flow happens (its `probability`); a conditional flow takes its condition's. */
  readonly probability?: Ratio;
}

/** A forecast line evaluated to months of the horizon (index 0 is the horizon's first month). */
export interface EvaluatedLine {
  readonly company: string;
  readonly name: string;
  readonly kind: "revenue" | "cost";
  readonly monthly: readonly Money[];
  /** For revenue lines: the part of each month's revenue earned through each third party. */
  readonly through: ReadonlyMap<string, readonly Money[]>;
}

/** What a calibration solved for, to report the target, the result and the previous estimate. */
export interface CalibrationResult {
  readonly company: string;
  readonly line: string;
  readonly scope: "line" | "outflow";
  readonly target: Money;
  readonly through: Month;
  readonly previous?: Money;
  /** Where the target and the previous estimate were written. */
  readonly targetAt: Located;
  readonly previousAt?: Located;
  /** The calibrated line's own total through the target month. */
  readonly lineTotal: Money;
}

/** A contract expanded over its whole term, with the parts inside and outside the horizon. */
export interface ExpandedContract {
  readonly name: string;
  readonly kind: "purchase" | "capacity";
  readonly buyer: string;
  readonly seller: string;
  readonly total: Money;
  readonly beforeHorizon: Money;
  readonly afterHorizon: Money;
  /** The contract this one extends, if any. */
  readonly extends?: string;
}

export interface CompiledModel {
  readonly input: ModelInput;
  readonly currency: string;
  readonly start: Month;
  readonly end: Month;
  /** Number of months in the horizon. */
  readonly months: number;
  readonly parties: ReadonlyMap<string, CompiledParty>;
  readonly conditions: ReadonlyMap<string, ConditionInput>;
  readonly rounds: readonly RoundInput[];
  readonly flows: readonly ScheduledFlow[];
  readonly lines: readonly EvaluatedLine[];
  readonly calibrations: readonly CalibrationResult[];
  readonly contracts: readonly ExpandedContract[];
}
