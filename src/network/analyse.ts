/**
 * Circular capital across a deal network, from flows to metrics, one stage a line:
 *
 *     flows -> selectFlows -> rollUpAffiliates -> aggregateNetwork -> analyseNetwork
 *
 * Each stage is pure and returns its product with its diagnostics. The keys of `NetworkMetrics`
 * are the keys of the `--json` output (docs/network-metrics.md defines each one).
 */
import { toDecimalString, type Money } from "../money/money.js";
import { maximumCirculation, type Loop } from "./circulation.js";
import type { NetworkDiagnostic, NetworkStaged } from "./codes.js";
import { componentSize, stronglyConnectedComponents } from "./components.js";
import { CYCLING_METHODS, cyclingShares, type CyclingMethod, type CyclingOptions, type CyclingPrecision } from "./cycling.js";
import type { FlowSet } from "./flow-set.js";
import { multiHopRoundTrips, type MultiHopOptions, type MultiHopRoundTrip } from "./multi-hop.js";
import { aggregateNetwork, toMoney, type FlowNetwork } from "./network.js";
import { prepareTransitions, type Bracket } from "./reach.js";
import { directRoundTrips, partyMoney, reverseEdges, weightedReciprocity, type DirectRoundTrip, type PartyMoney, type WeightedReciprocity } from "./reciprocity.js";
import { rollUpAffiliates } from "./affiliates.js";
import { selectFlows, type FlowSelection } from "./selection.js";

export interface NetworkAnalysisOptions {
  readonly cycling?: CyclingOptions;
  readonly multiHop?: MultiHopOptions;
  /** How many loops of the maximum circulation to list; default 20. */
  readonly maxLoops?: number;
}

export interface PartyCycling extends Bracket {
  readonly party: string;
  readonly method: CyclingMethod;
}

export interface NetworkMetrics {
  /** Each party's money paid out, received, received straight back, and net. */
  readonly parties: readonly PartyMoney[];
  readonly totalFlow: Money;
  readonly totalSystemThroughflow: Money;
  /** Parties that sit on at least one cycle, and the size of the largest strongly connected component. */
  readonly partiesOnCycles: number;
  readonly largestComponent: number;
  readonly directRoundTripShare: readonly DirectRoundTrip[];
  readonly multiHopRoundTripShare: {
    readonly pairs: readonly MultiHopRoundTrip[];
    readonly payersAsked: number;
    readonly payersSolved: number;
  };
  /** Parties on a cycle only; every other party's cycling share is exactly 0. */
  readonly cyclingShare: readonly PartyCycling[];
  readonly finnCyclingIndex: Bracket & { readonly cycledThroughflow: Money; readonly precision: CyclingPrecision };
  readonly maximumCirculationShare: {
    readonly share: number;
    readonly circulation: Money;
    readonly totalFlow: Money;
    readonly loops: readonly Loop[];
    readonly loopCount: number;
  };
  readonly weightedReciprocity: WeightedReciprocity;
}

/** Every metric of an aggregated network. */
export function analyseNetwork(network: FlowNetwork, options: NetworkAnalysisOptions = {}): NetworkStaged<NetworkMetrics> {
  const components = stronglyConnectedComponents(network);
  const reverse = reverseEdges(network);
  const transitions = prepareTransitions(network, components);
  const cycling = cyclingShares(network, options.cycling, transitions);
  const multiHop = multiHopRoundTrips(network, options.multiHop, transitions);
  const circulation = maximumCirculation(network, { components, maxLoops: options.maxLoops ?? 20 });

  let partiesOnCycles = 0;
  let largestComponent = 0;
  for (let k = 0; k < components.count; k++) {
    const size = componentSize(components, k);
    largestComponent = Math.max(largestComponent, size);
    if (size > 1) partiesOnCycles += size;
  }
  const cyclingShare: PartyCycling[] = [];
  for (let i = 0; i < network.partyCount; i++) {
    const method = CYCLING_METHODS[cycling.value.method[i] ?? 0] ?? "none";
    if (method === "none") continue;
    cyclingShare.push({ party: network.parties[i] ?? "", value: cycling.value.share[i] ?? 0, low: cycling.value.low[i] ?? 0, high: cycling.value.high[i] ?? 0, method });
  }
  const diagnostics: NetworkDiagnostic[] = [...cycling.diagnostics, ...multiHop.diagnostics];
  return {
    value: {
      parties: partyMoney(network, reverse),
      totalFlow: toMoney(network.totalFlow),
      totalSystemThroughflow: toMoney(network.totalSystemThroughflow),
      partiesOnCycles,
      largestComponent,
      directRoundTripShare: directRoundTrips(network, reverse),
      multiHopRoundTripShare: multiHop.value,
      cyclingShare,
      finnCyclingIndex: { ...cycling.value.finnCyclingIndex, cycledThroughflow: toMoney(Math.round(cycling.value.cycledThroughflow)), precision: cycling.value.precision },
      maximumCirculationShare: {
        share: circulation.share,
        circulation: circulation.circulation,
        totalFlow: circulation.totalFlow,
        loops: circulation.loops,
        loopCount: circulation.loopCount,
      },
      weightedReciprocity: weightedReciprocity(network, reverse),
    },
    diagnostics,
  };
}

/** The whole pipeline from a flow set: select, roll up affiliates, aggregate, analyse. */
export function analyseFlows(flows: FlowSet, selection: FlowSelection = {}, options: NetworkAnalysisOptions = {}): NetworkStaged<NetworkMetrics> {
  const selected = selectFlows(flows, selection); // window, statuses, probability weighting
  const rolledUp = rollUpAffiliates(selected.value); // AWS -> Amazon
  const network = aggregateNetwork(rolledUp.value); // F, z, y, T
  const metrics = analyseNetwork(network.value, options); // every metric
  return { value: metrics.value, diagnostics: [...selected.diagnostics, ...rolledUp.diagnostics, ...network.diagnostics, ...metrics.diagnostics] };
}

/**
 * The metrics as JSON-ready data: money as exact decimal strings in major units
 * (`"38000000000.00"`), shares as numbers. The keys are those of `NetworkMetrics`.
 */
export function networkMetricsToJson(metrics: NetworkMetrics, currency: string): unknown {
  return JSON.parse(JSON.stringify(metrics, (_key, value: unknown) => (typeof value === "bigint" ? toDecimalString(value as Money, currency) : value)));
}
