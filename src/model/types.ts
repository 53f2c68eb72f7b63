/**
 * The model as written by the user, after it has been read and its shape checked: every value is
 * typed (money is `Money`, dates are `Month`, rates are `Ratio`) and keeps where it was written.
 * Names are still unresolved strings (`Ref`); the compiler (src/compile) resolves them.
 *
 *     text --readModelText--> YAML tree --checkModelShape--> ModelInput --compileModel--> CompiledModel
 */
import type { Path } from "../diagnostics/diagnostic.js";
import type { Money } from "../money/money.js";
import type { Ratio } from "../money/ratio.js";
import type { Span } from "../syntax/source.js";
import type { Month } from "../time/month.js";
import type { EquityInput } from "./equity-types.js";
import type { DriverInput, ScenarioInput, SimulationInput } from "./simulation-types.js";
import type { DealMarks, FlowEntryInput, FlowFileInput } from "./flow-types.js";

/** Where a node was written: its span in the file and its path in the document. */
export interface Located {
  readonly span: Span;
  readonly path: Path;
}

/** Where a figure came from: a reported source, an assumption with its reason, or nothing said. */
export type Provenance =
  | { readonly kind: "source"; readonly text: string }
  | { readonly kind: "assumption"; readonly reason: string }
  | { readonly kind: "unstated" };

/**
 * A figure with its provenance. Written either bare (`pre-money: 730B`) or as a mapping
 * (`pre-money: { value: 730B, source: "AFP, 2026-02-27" }` / `{ value: 20%, assumption: "…" }`).
 */
export interface Sourced<T> {
  readonly value: T;
  readonly provenance: Provenance;
  /** The value's own location (the scalar), for carets and for `explain`. */
  readonly at: Located;
}

/** A name that refers to something defined elsewhere in the model. */
export interface Ref {
  readonly name: string;
  readonly at: Located;
}

export interface Window {
  readonly from: Month;
  readonly to: Month;
  readonly at: Located;
}

export type PartyKind = "company" | "investor" | "supplier" | "partner" | "customer";

export interface PartyInput {
  readonly name: string;
  readonly kind: PartyKind;
  /** The parent this party belongs to: AWS is part of Amazon. */
  readonly affiliateOf?: Ref;
  readonly description?: string;
  readonly at: Located;
}

export interface SourceInput {
  readonly id: string;
  readonly title: string;
  readonly url?: string;
  readonly date?: string;
  readonly at: Located;
}

export interface ConditionInput {
  readonly name: string;
  readonly description: string;
  readonly probability?: Sourced<Ratio>;
  /** The month the condition is expected to be met, or a window of months. */
  readonly expected?: Month;
  /** Where `expected` was written (added for carets; present whenever `expected` is). */
  readonly expectedAt?: Located;
  readonly window?: Window;
  /** Whether the base case takes the condition as met. */
  readonly baseCase: "met" | "not-met";
  readonly at: Located;
}

export type TrancheTiming =
  | { readonly kind: "dated"; readonly month: Month; readonly at: Located }
  | {
      readonly kind: "conditional";
      readonly condition: Ref;
      /** Overrides the condition's own expected month or window for this tranche. */
      readonly expected?: Month;
      /** Where `expected` was written (added for carets; present whenever `expected` is). */
      readonly expectedAt?: Located;
      readonly window?: Window;
    };

export interface TrancheInput {
  readonly amount: Sourced<Money>;
  readonly timing: TrancheTiming;
  /** Status, earmarking, unconfirmed: written on the tranche or its commitment (default binding). */
  readonly marks?: DealMarks;
  readonly at: Located;
}

export interface CommitmentInput {
  readonly investor: Ref;
  readonly tranches: readonly TrancheInput[];
  /** For a rolling close: the month this investor joined (defaults to the round's date). */
  readonly joins?: Month;
  /** Where `joins` was written (added for carets; present whenever `joins` is). */
  readonly joinsAt?: Located;
  readonly at: Located;
}

export interface RoundInput {
  readonly name: string;
  readonly company: Ref;
  readonly date: Month;
  readonly dateAt: Located;
  readonly preMoney?: Sourced<Money>;
  /** Price per share in major units, exact. */
  readonly pricePerShare?: Sourced<Ratio>;
  readonly sharesOutstanding?: Sourced<bigint>;
  readonly previousMark?: Sourced<Money>;
  /** The size announced ("up to 110 B"), compared with what is committed. */
  readonly announcedSize?: Sourced<Money>;
  readonly rollingClose?: { readonly finalClose: Month; readonly at: Located };
  readonly commitments: readonly CommitmentInput[];
  readonly at: Located;
}

export interface TermInput {
  readonly start: Month;
  /** Length in months (a term written with `years: 7` is 84 months; `end:` is inclusive). */
  readonly months: number;
  readonly at: Located;
}

/** How a contract's total is spread over its term. */
export type ScheduleInput =
  | { readonly kind: "even"; readonly at?: Located; readonly provenance?: Provenance }
  /** Yearly amounts rise linearly: year k of n gets k / (1 + 2 + … + n) of the total. */
  | { readonly kind: "ramp"; readonly at?: Located; readonly provenance?: Provenance }
  /** Explicit amounts per contract year (calendar year), each spread evenly over its months in the term. */
  | { readonly kind: "per-year"; readonly amounts: ReadonlyArray<{ readonly year: number; readonly amount: Sourced<Money> }>; readonly at: Located };

export interface PurchaseContractInput {
  readonly kind: "purchase";
  readonly name: string;
  readonly buyer?: Ref;
  readonly seller?: Ref;
  readonly total: Sourced<Money>;
  readonly term: TermInput;
  readonly schedule: ScheduleInput;
  /** An earlier contract this one adds to; buyer and seller default to its. */
  readonly extends?: Ref;
  /** Status and unconfirmed mark (default binding). */
  readonly marks?: DealMarks;
  readonly description?: string;
  readonly at: Located;
}

export interface Quantity {
  readonly value: Ratio;
  readonly unit: string;
}

export interface CapacityContractInput {
  readonly kind: "capacity";
  readonly name: string;
  readonly buyer?: Ref;
  readonly seller?: Ref;
  readonly quantity: Sourced<Quantity>;
  /** Price per unit in major units of the currency: `50B/GW`. */
  readonly price: Sourced<Quantity>;
  readonly term: TermInput;
  /** Spread of the cost (quantity × price): even, ramp, or explicit amounts per year. */
  readonly schedule: ScheduleInput;
  readonly extends?: Ref;
  readonly marks?: DealMarks;
  readonly description?: string;
  readonly at: Located;
}

export interface RevenueShareContractInput {
  readonly kind: "revenue-share";
  readonly name: string;
  readonly payer: Ref;
  readonly payee: Ref;
  readonly rate: Sourced<Ratio>;
  /** Revenue lines of the payer's forecast that the share applies to. */
  readonly lines: readonly Ref[];
  /** Third parties through which earned revenue is also covered (revenue via other clouds). */
  readonly through: readonly Ref[];
  readonly term?: TermInput;
  readonly description?: string;
  readonly at: Located;
}

export interface ExclusivityContractInput {
  readonly kind: "exclusivity";
  readonly name: string;
  /** The party that holds the exclusive right: workloads in scope must run with it or its affiliates. */
  readonly provider: Ref;
  /** The party whose workloads are bound. */
  readonly customer: Ref;
  readonly scope: readonly string[];
  readonly term?: TermInput;
  readonly description?: string;
  readonly at: Located;
}

export type ContractInput = PurchaseContractInput | CapacityContractInput | RevenueShareContractInput | ExclusivityContractInput;
export type ContractKind = ContractInput["kind"];

/** A planned placement of a workload with a provider, checked against exclusivity clauses. */
export interface PlacementInput {
  readonly name: string;
  readonly customer: Ref;
  readonly workload: string;
  readonly provider: Ref;
  /** The third party the placement comes through, if any (stateless calls from a collaboration with Amazon). */
  readonly via?: Ref;
  readonly from: Month;
  /** Where `from` was written (added for carets). */
  readonly fromAt?: Located;
  readonly description?: string;
  readonly at: Located;
}

/** A forecast formula, parsed: arithmetic, min/max, and `last(x)` for last month's value. */
export type FormulaNode =
  | { readonly kind: "number"; readonly value: Ratio; readonly at: Located }
  | { readonly kind: "line"; readonly name: string; readonly at: Located }
  | { readonly kind: "last"; readonly name: string; readonly at: Located }
  | { readonly kind: "unary"; readonly op: "-"; readonly operand: FormulaNode; readonly at: Located }
  | { readonly kind: "binary"; readonly op: "+" | "-" | "*" | "/"; readonly left: FormulaNode; readonly right: FormulaNode; readonly at: Located }
  | { readonly kind: "call"; readonly fn: "min" | "max"; readonly args: readonly FormulaNode[]; readonly at: Located };

/** How a forecast line gets its monthly amounts. */
export type LineDefinition =
  /** Amounts per calendar year, spread evenly over the year's months; years after the last one grow by `growth` a year if given. */
  | { readonly kind: "per-year"; readonly amounts: ReadonlyArray<{ readonly year: number; readonly amount: Sourced<Money> }>; readonly growth?: Sourced<Ratio>; readonly at: Located }
  /** Amounts per month; months not listed are zero unless `growth` (per month) carries the last one forward. */
  | { readonly kind: "per-month"; readonly amounts: ReadonlyArray<{ readonly month: Month; readonly amount: Sourced<Money> }>; readonly growth?: Sourced<Ratio>; readonly at: Located }
  /** A formula evaluated each month over other lines of the same company. */
  | { readonly kind: "formula"; readonly text: string; readonly formula: FormulaNode; readonly at: Located };

/**
 * Calibrating a line: its shape comes from its definition, its scale from a cumulative target.
 * scope "line": the line's own total through `through` equals `total`.
 * scope "outflow": the company's whole outflow (every cost line, contract payment and revenue
 * share) through `through` equals `total`; the line is the balancing item.
 */
export interface CalibrationInput {
  readonly total: Sourced<Money>;
  readonly through: Month;
  /** Where `through` was written (added for carets). */
  readonly throughAt?: Located;
  readonly scope: "line" | "outflow";
  /** An earlier estimate of the same total, to report the change ("about 111 B more"). */
  readonly previous?: Sourced<Money>;
  readonly at: Located;
}

export interface ForecastLineInput {
  readonly name: string;
  readonly kind: "revenue" | "cost";
  readonly definition: LineDefinition;
  readonly calibrate?: CalibrationInput;
  /** Shares of a revenue line earned through third parties: `through: { AWS: 15% }`. */
  readonly through: ReadonlyArray<{ readonly party: Ref; readonly share: Sourced<Ratio> }>;
  /** Who receives a cost line's payments (default: the outside world). */
  readonly payee?: Ref;
  /** A driver (a plain number) the line's values are multiplied by: `scale: revenue-factor`. */
  readonly scale?: Ref;
  readonly description?: string;
  readonly at: Located;
}

export interface ForecastInput {
  readonly company: Ref;
  /** The company's cash at the start of the horizon. */
  readonly openingCash?: Sourced<Money>;
  readonly lines: readonly ForecastLineInput[];
  readonly at: Located;
}

export interface ModelInput {
  readonly file: string;
  readonly name: string;
  readonly currency: string;
  readonly horizon: { readonly start: Month; readonly end: Month; readonly at: Located };
  readonly sources: readonly SourceInput[];
  readonly parties: readonly PartyInput[];
  readonly conditions: readonly ConditionInput[];
  readonly rounds: readonly RoundInput[];
  readonly contracts: readonly ContractInput[];
  readonly placements: readonly PlacementInput[];
  readonly forecasts: readonly ForecastInput[];
  /** Each company's share classes, holdings and convertibles (src/model/equity-types.ts). */
  readonly equity: readonly EquityInput[];
  /** Flows between any parties: the `flows:` section, then the rows of each flow file. */
  readonly flows: readonly FlowEntryInput[];
  readonly flowFiles: readonly FlowFileInput[];
  /** Named uncertain inputs that formulas may read (src/model/simulation-types.ts). */
  readonly drivers: readonly DriverInput[];
  /** Named overrides of the base case: `--scenario bear`. */
  readonly scenarios: readonly ScenarioInput[];
  /** How `dealgraph simulate` treats the model. */
  readonly simulation?: SimulationInput;
}
