/**
 * The model while it is being read: like `ModelInput`, but the header fields may be missing
 * (their problem is already reported) and entries whose required parts were unusable are left
 * out. It also records every name the file declares, valid entry or not, so that a party with a
 * misspelt kind does not make every reference to it "unknown" as well.
 */
import type {
  ConditionInput,
  ContractInput,
  ContractKind,
  ForecastInput,
  ModelInput,
  PartyInput,
  PartyKind,
  PlacementInput,
  RoundInput,
  SourceInput,
} from "./types.js";
import type { EquityInput } from "./equity-types.js";
import type { DriverInput, ScenarioInput, SimulationInput } from "./simulation-types.js";
import type { FlowEntryInput, FlowFileInput } from "./flow-types.js";

export interface DeclaredNames {
  /** Every party name under `parties:`, with its kind when that was readable. */
  readonly parties: Map<string, PartyKind | undefined>;
  readonly conditions: Set<string>;
  readonly contracts: Map<string, ContractKind | undefined>;
  /** For each company under `forecasts:`, its line names with their kind when readable. */
  readonly lines: Map<string, Map<string, "revenue" | "cost" | undefined>>;
  /** Every driver name under `drivers:`; formulas may read drivers as well as lines. */
  readonly drivers: Set<string>;
}

export interface ModelDraft {
  readonly file: string;
  name?: string;
  currency: string;
  horizon?: ModelInput["horizon"];
  readonly sources: SourceInput[];
  readonly parties: PartyInput[];
  readonly conditions: ConditionInput[];
  readonly rounds: RoundInput[];
  readonly contracts: ContractInput[];
  readonly placements: PlacementInput[];
  readonly forecasts: ForecastInput[];
  readonly equity: EquityInput[];
  readonly drivers: DriverInput[];
  readonly scenarios: ScenarioInput[];
  simulation?: SimulationInput;
  readonly flows: FlowEntryInput[];
  readonly flowFiles: FlowFileInput[];
  readonly declared: DeclaredNames;
  /**
   * Entries kept although a part of them was unusable (already reported), so that their names
   * are still checked; a placeholder stands for the unusable part, and date checks skip them.
   * Never seen outside: a draft with errors does not become a model.
   */
  readonly incomplete: WeakSet<object>;
}

export function emptyDraft(file: string): ModelDraft {
  return {
    file,
    currency: "USD",
    sources: [],
    parties: [],
    conditions: [],
    rounds: [],
    contracts: [],
    placements: [],
    forecasts: [],
    equity: [],
    drivers: [],
    scenarios: [],
    flows: [],
    flowFiles: [],
    declared: { parties: new Map(), conditions: new Set(), contracts: new Map(), lines: new Map(), drivers: new Set() },
    incomplete: new WeakSet(),
  };
}

/** The finished model, once the draft has every required part. */
export function completeDraft(draft: ModelDraft): ModelInput | undefined {
  const { name, horizon } = draft;
  if (name === undefined || horizon === undefined) return undefined;
  return {
    file: draft.file,
    name,
    currency: draft.currency,
    horizon,
    sources: draft.sources,
    parties: draft.parties,
    conditions: draft.conditions,
    rounds: draft.rounds,
    contracts: draft.contracts,
    placements: draft.placements,
    forecasts: draft.forecasts,
    equity: draft.equity,
    drivers: draft.drivers,
    scenarios: draft.scenarios,
    ...(draft.simulation ? { simulation: draft.simulation } : {}),
    flows: draft.flows,
    flowFiles: draft.flowFiles,
  };
}
