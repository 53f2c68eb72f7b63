/**
 * The cost-scaling maximum circulation against the primal-dual solver it replaced
 * (test-support/circulation-reference.ts): two different methods must reach the same optimum
 * on every generated network, to the minor unit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { money } from "../money/money.js";
import { maximumCirculation } from "./circulation.js";
import { stronglyConnectedComponents } from "./components.js";
import { buildFlowSet, type FlowInput } from "./flow-set.js";
import { aggregateNetwork, type FlowNetwork } from "./network.js";
import { referenceCirculationByEdge } from "./test-support/circulation-reference.js";

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
