/**
 * The aggregated network that every metric reads: the matrix F of money from party i to party j
 * within the selected flows, stored as compressed sparse rows (CSR), with the exchanges with the
 * outside world (z, y) and each party's throughflow T beside it.
 *
 * Amounts are whole minor units held in float64 arrays. That is exact: `aggregateNetwork` refuses
 * a flow set whose total exceeds MONEY_LIMIT = 2^53 - 1, so every sum and difference of amounts
 * the metrics form is an integer float64 represents exactly, and the metrics run at float speed.
 */
import { MONEY_LIMIT, money, type Money } from "../money/money.js";
import { networkError, type NetworkStaged } from "./codes.js";
import { EXTERNAL, type FlowSet } from "./flow-set.js";

export interface FlowNetwork {
  readonly parties: readonly string[];
  readonly partyCount: number;
  readonly edgeCount: number;
  /** Edges leaving party i are `edgeStart[i] .. edgeStart[i + 1] - 1`. */
  readonly edgeStart: Int32Array;
  /** Receiving party of each edge. */
  readonly edgeTarget: Int32Array;
  /** F_ij of each edge, exact minor units (> 0). */
  readonly edgeAmount: Float64Array;
  /** Money each party received from other parties of the network. */
  readonly inflow: Float64Array;
  /** Money each party paid to other parties of the network. */
  readonly outflow: Float64Array;
  /** z_i: money each party received from outside the network. */
  readonly externalInflow: Float64Array;
  /** y_i: money each party paid outside the network. */
  readonly externalOutflow: Float64Array;
  /** T_i = max(inflow + z_i, outflow + y_i). */
  readonly throughflow: Float64Array;
  /** Sum of F_ij: the money that moved between parties of the network. */
  readonly totalFlow: number;
  /** TST = sum of T_i. */
  readonly totalSystemThroughflow: number;
  /** Money a party paid to itself, usually inside a group after roll-up; left out of F. */
  readonly selfFlowAmount: number;
}

/**
 * Sums the flows of a flow set into the network F (zero-amount flows and a party's payments to
 * itself are left out). Reports E_NETWORK_TOTAL_RANGE, with an empty network, when the total of
 * all amounts exceeds MONEY_LIMIT: analyse a narrower window or a coarser currency unit then.
 * O(flows + parties).
 */
export function aggregateNetwork(flows: FlowSet): NetworkStaged<FlowNetwork> {
  const n = flows.parties.length;
  let total = 0n;
  for (let i = 0; i < flows.flowCount; i++) total += flows.amount[i] ?? 0n;
  if (total > MONEY_LIMIT) {
    return {
      value: networkFromEdges(flows.parties, new Int32Array(n + 1), new Int32Array(0), new Float64Array(0), new Float64Array(n), new Float64Array(n), 0),
      diagnostics: [networkError("E_NETWORK_TOTAL_RANGE", `the selected flows total ${total} minor units, beyond the ${MONEY_LIMIT} that keeps sums exact`, { hint: "analyse a narrower window or fewer statuses" })],
    };
  }
  const externalInflow = new Float64Array(n);
  const externalOutflow = new Float64Array(n);
  const rowCount = new Int32Array(n + 1);
  let selfFlowAmount = 0;
  for (let i = 0; i < flows.flowCount; i++) {
    const a = Number(flows.amount[i] ?? 0n);
    const from = flows.from[i] ?? EXTERNAL;
    const to = flows.to[i] ?? EXTERNAL;
    if (a === 0) continue;
    if (from === EXTERNAL) externalInflow[to] = (externalInflow[to] ?? 0) + a;
    else if (to === EXTERNAL) externalOutflow[from] = (externalOutflow[from] ?? 0) + a;
    else if (from === to) selfFlowAmount += a;
    else rowCount[from + 1] = (rowCount[from + 1] ?? 0) + 1;
  }
  // Bucket the internal flows by payer (counting sort), then merge equal payees within a row.
  for (let i = 0; i < n; i++) rowCount[i + 1] = (rowCount[i + 1] ?? 0) + (rowCount[i] ?? 0);
  const fill = rowCount.slice(0, n);
  const rawTarget = new Int32Array(rowCount[n] ?? 0);
  const rawAmount = new Float64Array(rowCount[n] ?? 0);
  for (let i = 0; i < flows.flowCount; i++) {
    const from = flows.from[i] ?? EXTERNAL;
    const to = flows.to[i] ?? EXTERNAL;
    const a = Number(flows.amount[i] ?? 0n);
    if (a === 0 || from === EXTERNAL || to === EXTERNAL || from === to) continue;
    const at = fill[from] ?? 0;
    fill[from] = at + 1;
    rawTarget[at] = to;
    rawAmount[at] = a;
  }
  const edgeStart = new Int32Array(n + 1);
  const slotOf = new Int32Array(n).fill(-1);
  let edgeCount = 0;
  for (let i = 0; i < n; i++) {
    edgeStart[i] = edgeCount;
    for (let k = rowCount[i] ?? 0; k < (rowCount[i + 1] ?? 0); k++) {
      const to = rawTarget[k] ?? 0;
      const slot = slotOf[to] ?? -1;
      if (slot >= (edgeStart[i] ?? 0)) {
        rawAmount[slot] = (rawAmount[slot] ?? 0) + (rawAmount[k] ?? 0);
      } else {
        slotOf[to] = edgeCount;
        rawTarget[edgeCount] = to;
        rawAmount[edgeCount] = rawAmount[k] ?? 0;
        edgeCount++;
      }
    }
  }
  edgeStart[n] = edgeCount;
  const value = networkFromEdges(flows.parties, edgeStart, rawTarget.slice(0, edgeCount), rawAmount.slice(0, edgeCount), externalInflow, externalOutflow, selfFlowAmount);
  return { value, diagnostics: [] };
}

/** Completes a network from its CSR edges and external exchanges (inflows, throughflows, totals). */
export function networkFromEdges(
  parties: readonly string[],
  edgeStart: Int32Array,
  edgeTarget: Int32Array,
  edgeAmount: Float64Array,
  externalInflow: Float64Array,
  externalOutflow: Float64Array,
  selfFlowAmount: number,
): FlowNetwork {
  const n = parties.length;
  const inflow = new Float64Array(n);
  const outflow = new Float64Array(n);
  let totalFlow = 0;
  for (let i = 0; i < n; i++) {
    for (let e = edgeStart[i] ?? 0; e < (edgeStart[i + 1] ?? 0); e++) {
      const a = edgeAmount[e] ?? 0;
      const j = edgeTarget[e] ?? 0;
      outflow[i] = (outflow[i] ?? 0) + a;
      inflow[j] = (inflow[j] ?? 0) + a;
      totalFlow += a;
    }
  }
  const throughflow = new Float64Array(n);
  let totalSystemThroughflow = 0;
  for (let i = 0; i < n; i++) {
    const t = Math.max((inflow[i] ?? 0) + (externalInflow[i] ?? 0), (outflow[i] ?? 0) + (externalOutflow[i] ?? 0));
    throughflow[i] = t;
    totalSystemThroughflow += t;
  }
  return {
    parties,
    partyCount: n,
    edgeCount: edgeTarget.length,
    edgeStart,
    edgeTarget,
    edgeAmount,
    inflow,
    outflow,
    externalInflow,
    externalOutflow,
    throughflow,
    totalFlow,
    totalSystemThroughflow,
    selfFlowAmount,
  };
}

/** The edge index of F_ij, or -1 when i paid j nothing. O(out-degree of i). */
export function findEdge(network: FlowNetwork, i: number, j: number): number {
  for (let e = network.edgeStart[i] ?? 0; e < (network.edgeStart[i + 1] ?? 0); e++) if (network.edgeTarget[e] === j) return e;
  return -1;
}

/** F_ij as money. */
export function flowBetween(network: FlowNetwork, i: number, j: number): Money {
  const e = findEdge(network, i, j);
  return money(e < 0 ? 0n : BigInt(network.edgeAmount[e] ?? 0));
}

/** An exact amount held in a float64 array, as money. */
export const toMoney = (minorUnits: number): Money => money(BigInt(minorUnits));

/** The index of each edge's payer (the CSR row it sits in). */
export function edgeSources(network: FlowNetwork): Int32Array {
  const source = new Int32Array(network.edgeCount);
  for (let i = 0; i < network.partyCount; i++) source.fill(i, network.edgeStart[i] ?? 0, network.edgeStart[i + 1] ?? 0);
  return source;
}
