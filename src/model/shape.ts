/**
 * The second stage: the YAML tree to a typed draft of the model, checking the shape of every
 * part (keys, types, figures, dates) and collecting every problem in one pass.
 */
import type { ParsedNode } from "yaml";
import { readConditions } from "./conditions.js";
import { readContracts } from "./contracts.js";
import { readEquity } from "./equity.js";
import { readDrivers, readScenarios, readSimulation } from "./simulation.js";
import { emptyDraft, type ModelDraft } from "./draft.js";
import { readFlowFileList, readFlows } from "./flows.js";
import { readForecasts } from "./forecasts.js";
import { readCurrency, readFormatVersion, readHorizon, readSources } from "./header.js";
import { readParties } from "./parties.js";
import { readPlacements } from "./placements.js";
import { ModelReader } from "./reader.js";
import { readRounds } from "./rounds.js";

/** The top-level keys of a model file, in the order the reference documents them. */
export const TOP_LEVEL_KEYS = {
  required: ["name", "horizon", "parties"],
  optional: ["dealgraph", "currency", "sources", "conditions", "rounds", "contracts", "placements", "forecasts", "equity", "flows", "flow-files", "drivers", "scenarios", "simulation"],
} as const;

/** Reads the model's parts from the YAML tree; the reader holds the diagnostics. */
export function readModelShape(reader: ModelReader, root: ParsedNode | undefined): ModelShape {
  const draft = emptyDraft(reader.file);
  const top = reader.spanAt(0, 0);
  if (!root) {
    reader.report("E_MISSING_FIELD", "the file holds no model", top, [], "a model is a mapping with at least name, horizon and parties");
    return { draft, flowFiles: [] };
  }
  const fields = reader.fields(root, [], "the model", TOP_LEVEL_KEYS, top);
  if (!fields) return { draft, flowFiles: [] };
  readFormatVersion(reader, fields.get("dealgraph"));
  // Money is read in the model's currency, so the currency comes first wherever it is written.
  draft.currency = readCurrency(reader, fields.get("currency"));
  reader.currency = draft.currency;
  draft.name = reader.prose(fields.get("name"), "the model's name");
  draft.horizon = readHorizon(reader, fields.get("horizon"));
  draft.sources.push(...readSources(reader, fields.get("sources")));
  draft.parties.push(...readParties(reader, fields.get("parties"), draft.declared));
  draft.conditions.push(...readConditions(reader, fields.get("conditions"), draft.declared));
  draft.rounds.push(...readRounds(reader, fields.get("rounds"), draft.incomplete));
  draft.contracts.push(...readContracts(reader, fields.get("contracts"), draft.declared));
  draft.placements.push(...readPlacements(reader, fields.get("placements")));
  draft.forecasts.push(...readForecasts(reader, fields.get("forecasts"), draft.declared));
  draft.equity.push(...readEquity(reader, fields.get("equity")));
  draft.drivers.push(...readDrivers(reader, fields.get("drivers"), draft.declared.drivers));
  draft.scenarios.push(...readScenarios(reader, fields.get("scenarios")));
  const simulation = readSimulation(reader, fields.get("simulation"));
  if (simulation) draft.simulation = simulation;
  draft.flows.push(...readFlows(reader, fields.get("flows")));
  return { draft, flowFiles: readFlowFileList(reader, fields.get("flow-files")) };
}

/** The draft, and the flow files it names (read by `readModelText`, which may read files). */
export interface ModelShape {
  readonly draft: ModelDraft;
  readonly flowFiles: ReturnType<typeof readFlowFileList>;
}
