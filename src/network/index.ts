/** Circular capital across a deal network: the public surface of src/network (see README.md). */
export { NETWORK_DIAGNOSTIC_CODES, type NetworkDiagnostic, type NetworkDiagnosticCode, type NetworkStaged } from "./codes.js";
export { buildFlowSet, EXTERNAL, EXTERNAL_NAME, FLOW_STATUSES, NO_MONTH, type FlowInput, type FlowSet, type FlowSetInput, type FlowStatus, type PartyInput } from "./flow-set.js";
export { readFlowCsv } from "./flow-csv.js";
export { parseCsv, type CsvRecord, type CsvTable } from "./csv.js";
export { flowSetFromText } from "./flow-text.js";
export { selectFlows, spreadOverTerm, type FlowSelection, type MonthlyAmount } from "./selection.js";
export { rollUpAffiliates } from "./affiliates.js";
export { aggregateNetwork, flowBetween, type FlowNetwork } from "./network.js";
export { stronglyConnectedComponents, type Components, type SparseGraph } from "./components.js";
export { directRoundTrips, partyMoney, weightedReciprocity, type DirectRoundTrip, type PartyMoney, type WeightedReciprocity } from "./reciprocity.js";
export { reachShares, type Bracket, type ReachShares } from "./reach.js";
export { multiHopRoundTrips, type MultiHopOptions, type MultiHopRoundTrip, type MultiHopRoundTrips } from "./multi-hop.js";
export { cyclingShares, CYCLING_METHODS, type CyclingMethod, type CyclingOptions, type CyclingPrecision, type CyclingShares } from "./cycling.js";
export { maximumCirculation, remainderNetwork, type Loop, type MaximumCirculation } from "./circulation.js";
export { analyseFlows, analyseNetwork, networkMetricsToJson, type NetworkAnalysisOptions, type NetworkMetrics, type PartyCycling } from "./analyse.js";
