/**
 * The cost-scaling maximum circulation against the primal-dual solver it replaced
 * (test-support/circulation-reference.ts): two different methods must reach the same optimum
 * on every generated network, to the minor unit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { money } from "../money/money.js";
import { maximumCirculation, provesNoNegativeCycle, solveCirculation } from "./circulation.js";
import { stronglyConnectedComponents } from "./components.js";
import { buildFlowSet, type FlowInput } from "./flow-set.js";
import { aggregateNetwork, type FlowNetwork } from "./network.js";
import { decomposeIntoLoops } from "./loop-decomposition.js";
import { referenceCirculationByEdge } from "./test-support/circulation-reference.js";
import { referenceDecomposeIntoLoops } from "./test-support/loop-decomposition-reference.js";

function build(partyCount: number, edges: readonly { from: number; to: number; amount: number }[]): FlowNetwork {
  const name = (i: number): string => `P${i}`;
  const flows: FlowInput[] = edges.map((e) => ({ from: name(e.from), to: name(e.to), amount: money(BigInt(e.amount)), status: "funded", kind: "flow" }));
  return aggregateNetwork(buildFlowSet({ parties: Array.from({ length: partyCount }, (_, i) => ({ name: name(i) })), flows }).value).value;
}

const sum = (xs: Float64Array): number => xs.reduce((s, x) => s + x, 0);

describe("maximum circulation agrees with the reference solver", () => {
  it("on small dense networks with amounts up to a million", () => {
    const edge = fc.record({ from: fc.integer({ min: 0, max: 7 }), to: fc.integer({ min: 0, max: 7 }), amount: fc.integer({ min: 1, max: 1_000_000 }) });
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 40 }), (edges) => {
        const network = build(8, edges);
        const expected = sum(referenceCirculationByEdge(network, stronglyConnectedComponents(network)));
        expect(Number(maximumCirculation(network).circulation)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("on sparser networks of up to 40 parties with amounts near 2^53 / 1000", () => {
    // Large amounts check that pushes and prices stay exact integers.
    const edge = fc.record({ from: fc.integer({ min: 0, max: 39 }), to: fc.integer({ min: 0, max: 39 }), amount: fc.integer({ min: 1, max: 9_000_000_000_000 }) });
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 120 }), (edges) => {
        const network = build(40, edges);
        const expected = sum(referenceCirculationByEdge(network, stronglyConnectedComponents(network)));
        expect(Number(maximumCirculation(network).circulation)).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });
});

describe("networks large enough for the scaling to stop early", () => {
  // With 150 parties or more the first refine runs at eps > 1, so the optimality check (not
  // eps = 1) ends the scaling: the result must still be the reference's maximum.
  it("agrees with the reference on random networks of 150 to 400 parties", () => {
    const network = fc.integer({ min: 150, max: 400 }).chain((parties) =>
      fc.tuple(
        fc.constant(parties),
        fc.array(fc.record({ from: fc.integer({ min: 0, max: parties - 1 }), to: fc.integer({ min: 0, max: parties - 1 }), amount: fc.integer({ min: 1, max: 10_000_000_000 }) }), { minLength: parties, maxLength: 4 * parties }),
      ),
    );
    fc.assert(
      fc.property(network, ([parties, edges]) => {
        const built = build(parties, edges);
        const components = stronglyConnectedComponents(built);
        const solved = solveCirculation(built, components);
        expect(sum(solved.circulationByEdge)).toBe(sum(referenceCirculationByEdge(built, components)));
      }),
      { numRuns: 25 },
    );
  });

  it("on a ring of 300 parties with a pair paying back at every step", () => {
    const edges = Array.from({ length: 300 }, (_, i) => [
      { from: i, to: (i + 1) % 300, amount: 1000 + ((i * 7919) % 1000) },
      { from: (i + 1) % 300, to: i, amount: 1 + ((i * 104729) % 3000) },
    ]).flat();
    const network = build(300, edges);
    const components = stronglyConnectedComponents(network);
    const solved = solveCirculation(network, components);
    expect(sum(solved.circulationByEdge)).toBe(sum(referenceCirculationByEdge(network, components)));
  });
});

describe("the optimality check", () => {
  // Arcs by tail: 0 -> 1, 1 -> 2, 2 -> 3, 3 -> 0, each with room and the given costs.
  const square = (costs: readonly number[], residual: readonly number[] = [5, 5, 5, 5]) => ({
    arcStart: Int32Array.from([0, 1, 2, 3, 4]),
    arcTo: Int32Array.from([1, 2, 3, 0]),
    residual: Float64Array.from(residual),
    cost: Int8Array.from(costs),
  });

  it("finds potentials for a cycle that costs nothing, from a poor guess", () => {
    const label = Float64Array.from([40, -3, 7, 0]);
    const arcs = square([-1, -1, 1, 1]);
    expect(provesNoNegativeCycle(arcs, label, 20)).toBe(true);
    // The potentials it leaves make every arc's reduced cost >= 0.
    const reduced = [0, 1, 2, 3].map((u) => (arcs.cost[u] ?? 0) + (label[u] ?? 0) - (label[(u + 1) % 4] ?? 0));
    expect(reduced.every((c) => c >= 0)).toBe(true);
  });

  it("refuses a cycle of negative cost, within its work limit", () => {
    expect(provesNoNegativeCycle(square([1, 1, 1, -1]), new Float64Array(4), 20)).toBe(true);
    expect(provesNoNegativeCycle(square([-1, -1, -1, 1]), new Float64Array(4), 20)).toBe(false);
  });

  it("ignores arcs without room", () => {
    expect(provesNoNegativeCycle(square([-1, -1, -1, 1], [5, 0, 5, 5]), new Float64Array(4), 20)).toBe(true);
  });
});

describe("the loop decomposition", () => {
  // loop-decomposition.ts walks records of each party's current edge; the reference reads the
  // rows at every step. The same walk: the same loops, in the same order, and as many of them.
  it("lists the same loops as the reference walk on random networks", () => {
    const network = fc.integer({ min: 2, max: 60 }).chain((parties) =>
      fc.tuple(
        fc.constant(parties),
        fc.array(fc.record({ from: fc.integer({ min: 0, max: parties - 1 }), to: fc.integer({ min: 0, max: parties - 1 }), amount: fc.integer({ min: 1, max: 1_000_000_000 }) }), { maxLength: 4 * parties }),
        fc.integer({ min: 0, max: 30 }),
      ),
    );
    fc.assert(
      fc.property(network, ([parties, edges, maxLoops]) => {
        const built = build(parties, edges);
        const { circulationByEdge } = solveCirculation(built, stronglyConnectedComponents(built));
        expect(decomposeIntoLoops(built, circulationByEdge, maxLoops)).toEqual(referenceDecomposeIntoLoops(built, circulationByEdge, maxLoops));
      }),
      { numRuns: 300 },
    );
  });

  it("takes every loop's amount off each of its edges, so the loops add up to the circulation", () => {
    const edges = [
      { from: 0, to: 1, amount: 7 },
      { from: 1, to: 2, amount: 5 },
      { from: 2, to: 0, amount: 5 },
      { from: 1, to: 0, amount: 2 },
      { from: 2, to: 3, amount: 9 },
    ];
    const built = build(4, edges);
    const { circulationByEdge } = solveCirculation(built, stronglyConnectedComponents(built));
    const { loops, loopCount } = decomposeIntoLoops(built, circulationByEdge, 10);
    expect(loopCount).toBe(2);
    expect(loops.map((l) => [l.parties, Number(l.amount)])).toEqual([
      [["P0", "P1", "P2"], 5],
      [["P0", "P1"], 2],
    ]);
    expect(loops.reduce((s, l) => s + Number(l.flowCarried), 0)).toBe(sum(circulationByEdge));
  });
});
