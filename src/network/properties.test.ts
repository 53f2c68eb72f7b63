/**
 * Invariants on generated networks: shares stay in [0, 1], the maximum circulation is at least
 * the reciprocated flow and leaves an acyclic remainder that no rerouting can improve, scaling
 * changes no share, acyclic networks score 0, and the iterative solver agrees with a dense
 * inverse of I - G on small networks.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { money } from "../money/money.js";
import { analyseNetwork, type NetworkMetrics } from "./analyse.js";
import { maximumCirculation, remainderNetwork } from "./circulation.js";
import { stronglyConnectedComponents } from "./components.js";
import { cyclingShares } from "./cycling.js";
import { buildFlowSet, type FlowInput } from "./flow-set.js";
import { multiHopRoundTrips } from "./multi-hop.js";
import { aggregateNetwork, type FlowNetwork } from "./network.js";
import { weightedReciprocity } from "./reciprocity.js";

interface Edge {
  readonly from: number; // -1 = external
  readonly to: number;
  readonly amount: number;
}

const partyCount = 7;
const edgeArbitrary = fc.record({
  from: fc.integer({ min: -1, max: partyCount - 1 }),
  to: fc.integer({ min: -1, max: partyCount - 1 }),
  amount: fc.integer({ min: 0, max: 1_000_000 }),
});
const networkArbitrary = fc.array(edgeArbitrary, { maxLength: 30 });

function build(edges: readonly Edge[], scale = 1n): FlowNetwork {
  const name = (i: number): string => (i < 0 ? "external" : `P${i}`);
  const flows: FlowInput[] = edges
    .filter((e) => !(e.from < 0 && e.to < 0))
    .map((e) => ({ from: name(e.from), to: name(e.to), amount: money(BigInt(e.amount) * scale), status: "funded", kind: "flow" }));
  const built = buildFlowSet({ parties: Array.from({ length: partyCount }, (_, i) => ({ name: name(i) })), flows });
  return aggregateNetwork(built.value).value;
}

function shares(m: NetworkMetrics): number[] {
  return [
    ...m.directRoundTripShare.map((t) => t.share),
    ...m.multiHopRoundTripShare.pairs.flatMap((p) => [p.share, p.low, p.high]),
    ...m.cyclingShare.flatMap((c) => [c.value, c.low, c.high]),
    m.finnCyclingIndex.value,
    m.finnCyclingIndex.low,
    m.finnCyclingIndex.high,
    m.maximumCirculationShare.share,
    m.weightedReciprocity.share,
  ];
}

describe("properties of the network metrics", () => {
  it("every share lies in [0, 1]", () => {
    fc.assert(
      fc.property(networkArbitrary, (edges) => {
        for (const s of shares(analyseNetwork(build(edges)).value)) expect(s >= 0 && s <= 1).toBe(true);
      }),
    );
  });

  it("the maximum circulation is at least the reciprocated flow", () => {
    fc.assert(
      fc.property(networkArbitrary, (edges) => {
        const network = build(edges);
        expect(maximumCirculation(network).circulation >= weightedReciprocity(network).reciprocated).toBe(true);
      }),
    );
  });

  it("the circulation balances at every party, stays within F, and leaves a remainder with no cycle", () => {
    fc.assert(
      fc.property(networkArbitrary, (edges) => {
        const network = build(edges);
        const c = maximumCirculation(network).circulationByEdge;
        const balance = new Float64Array(network.partyCount);
        for (let i = 0; i < network.partyCount; i++) {
          for (let e = network.edgeStart[i] ?? 0; e < (network.edgeStart[i + 1] ?? 0); e++) {
            expect(c[e] ?? -1).toBeGreaterThanOrEqual(0);
            expect(c[e] ?? Infinity).toBeLessThanOrEqual(network.edgeAmount[e] ?? 0);
            balance[i] = (balance[i] ?? 0) - (c[e] ?? 0);
            balance[network.edgeTarget[e] ?? 0] = (balance[network.edgeTarget[e] ?? 0] ?? 0) + (c[e] ?? 0);
          }
        }
        expect([...balance].every((b) => b === 0)).toBe(true);
        const rest = remainderNetwork(network, c);
        expect(stronglyConnectedComponents(rest).count).toBe(network.partyCount);
      }),
    );
  });

  it("no rerouting can carry more: the residual network has no cycle with more forward than backward edges", () => {
    fc.assert(
      fc.property(networkArbitrary, (edges) => {
        const network = build(edges);
        const c = maximumCirculation(network).circulationByEdge;
        // Residual arcs: i -> j costs -1 where c < F (more can go round), j -> i costs +1 where c > 0.
        const arcs: [number, number, number][] = [];
        for (let i = 0; i < network.partyCount; i++) {
          for (let e = network.edgeStart[i] ?? 0; e < (network.edgeStart[i + 1] ?? 0); e++) {
            const j = network.edgeTarget[e] ?? 0;
            if ((c[e] ?? 0) < (network.edgeAmount[e] ?? 0)) arcs.push([i, j, -1]);
            if ((c[e] ?? 0) > 0) arcs.push([j, i, 1]);
          }
        }
        // Bellman-Ford from a virtual source: a further relaxation after n rounds means a negative cycle.
        const d = new Array<number>(network.partyCount).fill(0);
        for (let round = 0; round < network.partyCount; round++) for (const [u, v, w] of arcs) d[v] = Math.min(d[v] ?? 0, (d[u] ?? 0) + w);
        expect(arcs.some(([u, v, w]) => (d[u] ?? 0) + w < (d[v] ?? 0))).toBe(false);
      }),
    );
  });

  it("scaling every flow by a constant changes no share", () => {
    fc.assert(
      fc.property(networkArbitrary, fc.bigInt({ min: 2n, max: 1000n }), (edges, k) => {
        expect(shares(analyseNetwork(build(edges, k)).value)).toEqual(shares(analyseNetwork(build(edges)).value));
      }),
    );
  });

  it("a network with no cycle scores 0 on every circularity metric", () => {
    // Edges only from a lower to a higher party: no way back.
    const acyclic = networkArbitrary.map((edges) => edges.map((e) => (e.from >= 0 && e.to >= 0 && e.from >= e.to ? { ...e, from: e.to, to: e.from === e.to ? -1 : e.from } : e)));
    fc.assert(
      fc.property(acyclic, (edges) => {
        const m = analyseNetwork(build(edges)).value;
        expect(m.directRoundTripShare).toEqual([]);
        expect(m.multiHopRoundTripShare.pairs).toEqual([]);
        expect(m.cyclingShare).toEqual([]);
        expect([m.finnCyclingIndex.value, m.maximumCirculationShare.share, m.weightedReciprocity.share]).toEqual([0, 0, 0]);
      }),
    );
  });

  it("agrees with a dense inverse N = (I - G)^-1: r_i = 1 - 1/n_ii and h_B(A) = n_BA / n_AA", () => {
    // Every party also pays something outside, so I - G is never singular here.
    const leaky = networkArbitrary.map((edges) => [...edges, ...Array.from({ length: partyCount }, (_, i) => ({ from: i, to: -1, amount: 1 + i }))]);
    fc.assert(
      fc.property(leaky, (edges) => {
        const network = build(edges);
        const inverse = denseInverseOfIMinusG(network);
        const cycling = cyclingShares(network).value;
        for (let i = 0; i < partyCount; i++) expect(cycling.share[i]).toBeCloseTo(1 - 1 / (inverse[i]?.[i] ?? 1), 9);
        for (const pair of multiHopRoundTrips(network).value.pairs) {
          const a = network.parties.indexOf(pair.payer);
          const b = network.parties.indexOf(pair.payee);
          expect(pair.share).toBeCloseTo((inverse[b]?.[a] ?? 0) / (inverse[a]?.[a] ?? 1), 9);
        }
      }),
    );
  });
});

/** Gauss-Jordan inverse of I - G for a small network, as the reference the sparse solver must match. */
function denseInverseOfIMinusG(network: FlowNetwork): number[][] {
  const n = network.partyCount;
  const a: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: 2 * n }, (_, j): number => (j === i || j === n + i ? 1 : 0)));
  for (let i = 0; i < n; i++) {
    for (let e = network.edgeStart[i] ?? 0; e < (network.edgeStart[i + 1] ?? 0); e++) {
      const row = a[i] ?? [];
      const j = network.edgeTarget[e] ?? 0;
      row[j] = (row[j] ?? 0) - (network.edgeAmount[e] ?? 0) / (network.throughflow[i] ?? 1);
    }
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = r;
    [a[col], a[pivot]] = [a[pivot] ?? [], a[col] ?? []];
    const p = a[col] ?? [];
    const pv = p[col] ?? 1;
    for (let j = 0; j < 2 * n; j++) p[j] = (p[j] ?? 0) / pv;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = a[r] ?? [];
      const f = row[col] ?? 0;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) row[j] = (row[j] ?? 0) - f * (p[j] ?? 0);
    }
  }
  return a.map((row) => row.slice(n));
}
