/**
 * Pairwise metrics: how much of what A paid B came straight back from B, per pair and for the
 * whole network (weighted reciprocity), and each party's money in, out and back. Exact on
 * amounts; shares are floats. O(parties + edges).
 */
import type { Money } from "../money/money.js";
import type { FlowNetwork } from "./network.js";
import { toMoney } from "./network.js";

/** For each edge i -> j, the index of the edge j -> i, or -1. O(parties + edges). */
export function reverseEdges(network: FlowNetwork): Int32Array {
  const n = network.partyCount;
  const reverse = new Int32Array(network.edgeCount).fill(-1);
  // Incoming edges of each party, by a counting sort on the payee.
  const inStart = new Int32Array(n + 1);
  for (let e = 0; e < network.edgeCount; e++) {
    const j = network.edgeTarget[e] ?? 0;
    inStart[j + 1] = (inStart[j + 1] ?? 0) + 1;
  }
  for (let j = 0; j < n; j++) inStart[j + 1] = (inStart[j + 1] ?? 0) + (inStart[j] ?? 0);
  const fill = inStart.slice(0, n);
  const inEdge = new Int32Array(network.edgeCount);
  for (let i = 0; i < n; i++) {
    for (let e = network.edgeStart[i] ?? 0; e < (network.edgeStart[i + 1] ?? 0); e++) {
      const j = network.edgeTarget[e] ?? 0;
      const at = fill[j] ?? 0;
      fill[j] = at + 1;
      inEdge[at] = e;
    }
  }
  const sources = new Int32Array(network.edgeCount);
  for (let i = 0; i < n; i++) sources.fill(i, network.edgeStart[i] ?? 0, network.edgeStart[i + 1] ?? 0);
  // For party i, remember its edge to each payee, then look up each payer's edge to i.
  const edgeTo = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let e = network.edgeStart[i] ?? 0; e < (network.edgeStart[i + 1] ?? 0); e++) edgeTo[network.edgeTarget[e] ?? 0] = e;
    for (let k = inStart[i] ?? 0; k < (inStart[i + 1] ?? 0); k++) {
      const incoming = inEdge[k] ?? 0;
      const outgoing = edgeTo[sources[incoming] ?? 0] ?? -1;
      if (outgoing >= 0) {
        reverse[outgoing] = incoming;
        reverse[incoming] = outgoing;
      }
    }
    for (let e = network.edgeStart[i] ?? 0; e < (network.edgeStart[i + 1] ?? 0); e++) edgeTo[network.edgeTarget[e] ?? 0] = -1;
  }
  return reverse;
}

export interface DirectRoundTrip {
  readonly payer: string;
  readonly payee: string;
  /** F[payer][payee]. */
  readonly paid: Money;
  /** min(F[payer][payee], F[payee][payer]): the part of it the payee paid straight back. */
  readonly paidBack: Money;
  /** paidBack / paid, in [0, 1]. */
  readonly share: number;
}

/**
 * The direct round-trip share of every pair that paid each other both ways: of what A paid B,
 * the part B paid back to A, min(F_AB, F_BA) / F_AB. Pairs paid one way only have share 0 and
 * are not listed. Largest amount paid back first, then by names.
 */
export function directRoundTrips(network: FlowNetwork, reverse: Int32Array = reverseEdges(network)): DirectRoundTrip[] {
  const trips: { payer: number; payee: number; paid: number; back: number }[] = [];
  for (let i = 0; i < network.partyCount; i++) {
    for (let e = network.edgeStart[i] ?? 0; e < (network.edgeStart[i + 1] ?? 0); e++) {
      const r = reverse[e] ?? -1;
      if (r < 0) continue;
      const paid = network.edgeAmount[e] ?? 0;
      trips.push({ payer: i, payee: network.edgeTarget[e] ?? 0, paid, back: Math.min(paid, network.edgeAmount[r] ?? 0) });
    }
  }
  const name = (k: number): string => network.parties[k] ?? "";
  trips.sort((a, b) => b.back - a.back || compareText(name(a.payer), name(b.payer)) || compareText(name(a.payee), name(b.payee)));
  return trips.map((t) => ({ payer: name(t.payer), payee: name(t.payee), paid: toMoney(t.paid), paidBack: toMoney(t.back), share: t.back / t.paid }));
}

export interface WeightedReciprocity {
  /** Sum over ordered pairs i != j of min(F_ij, F_ji). */
  readonly reciprocated: Money;
  readonly totalFlow: Money;
  /** reciprocated / totalFlow, 0 for a network without flows. */
  readonly share: number;
}

/** Weighted reciprocity: the share of all flow between parties that is matched by a flow back. */
export function weightedReciprocity(network: FlowNetwork, reverse: Int32Array = reverseEdges(network)): WeightedReciprocity {
  let reciprocated = 0;
  for (let e = 0; e < network.edgeCount; e++) {
    const r = reverse[e] ?? -1;
    if (r >= 0) reciprocated += Math.min(network.edgeAmount[e] ?? 0, network.edgeAmount[r] ?? 0);
  }
  return {
    reciprocated: toMoney(reciprocated),
    totalFlow: toMoney(network.totalFlow),
    share: network.totalFlow > 0 ? reciprocated / network.totalFlow : 0,
  };
}

export interface PartyMoney {
  readonly party: string;
  /** What the party paid other parties of the network. */
  readonly paidOut: Money;
  /** What it received from other parties of the network. */
  readonly received: Money;
  /** Sum over counterparties j of min(F_ij, F_ji): of what it paid, the part the same payees paid straight back. */
  readonly receivedBack: Money;
  readonly externalIn: Money;
  readonly externalOut: Money;
  /** (received + externalIn) - (paidOut + externalOut). */
  readonly net: Money;
  /** T_i. */
  readonly throughflow: Money;
}

/** Each party's money in, out and straight back, in party order. */
export function partyMoney(network: FlowNetwork, reverse: Int32Array = reverseEdges(network)): PartyMoney[] {
  const out: PartyMoney[] = [];
  for (let i = 0; i < network.partyCount; i++) {
    let back = 0;
    for (let e = network.edgeStart[i] ?? 0; e < (network.edgeStart[i + 1] ?? 0); e++) {
      const r = reverse[e] ?? -1;
      if (r >= 0) back += Math.min(network.edgeAmount[e] ?? 0, network.edgeAmount[r] ?? 0);
    }
    const paid = network.outflow[i] ?? 0;
    const received = network.inflow[i] ?? 0;
    const zIn = network.externalInflow[i] ?? 0;
    const yOut = network.externalOutflow[i] ?? 0;
    out.push({
      party: network.parties[i] ?? "",
      paidOut: toMoney(paid),
      received: toMoney(received),
      receivedBack: toMoney(back),
      externalIn: toMoney(zIn),
      externalOut: toMoney(yOut),
      net: toMoney(received + zIn - (paid + yOut)),
      throughflow: toMoney(network.throughflow[i] ?? 0),
    });
  }
  return out;
}

/** Plain code-unit order, the same on every machine (localeCompare is not). */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
