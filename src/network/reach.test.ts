/**
 * Payers solved side by side (solveReachTogether, used by multi-hop in large components) give
 * the same proven brackets as payers solved one at a time (solveReach): two sweep orders, one
 * answer within the tolerance.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { money } from "../money/money.js";
import { componentSize } from "./components.js";
import { buildFlowSet, type FlowInput } from "./flow-set.js";
import { BATCH_FROM, multiHopRoundTrips } from "./multi-hop.js";
import { aggregateNetwork, type FlowNetwork } from "./network.js";
import { DEFAULT_LIMITS, prepareTransitions, REACH_LANES, solveReach, solveReachTogether } from "./reach.js";

function build(partyCount: number, edges: readonly { from: number; to: number; amount: number }[]): FlowNetwork {
  const name = (i: number): string => (i < 0 ? "external" : `P${i}`);
  const flows: FlowInput[] = edges.filter((e) => e.from >= 0 || e.to >= 0).map((e) => ({ from: name(e.from), to: name(e.to), amount: money(BigInt(e.amount)), status: "funded", kind: "flow" }));
  return aggregateNetwork(buildFlowSet({ parties: Array.from({ length: partyCount }, (_, i) => ({ name: name(i) })), flows }).value).value;
}

const limits = { ...DEFAULT_LIMITS, tolerance: 1e-12 };

describe("reach solved for several targets at once", () => {
  it("gives each target the bracket it gets alone, within the tolerance", () => {
    const partyCount = 12;
    const edge = fc.record({ from: fc.integer({ min: -1, max: partyCount - 1 }), to: fc.integer({ min: -1, max: partyCount - 1 }), amount: fc.integer({ min: 1, max: 1_000_000 }) });
    // A ring keeps most parties in one component; every party also pays something outside.
    const ring = Array.from({ length: partyCount }, (_, i) => ({ from: i, to: (i + 1) % partyCount, amount: 1000 }));
    const leaks = Array.from({ length: partyCount }, (_, i) => ({ from: i, to: -1, amount: 10 + i }));
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 40 }), fc.uniqueArray(fc.integer({ min: 0, max: partyCount - 1 }), { minLength: 1, maxLength: REACH_LANES }), (edges, targets) => {
        const network = build(partyCount, [...ring, ...leaks, ...edges]);
        const t = prepareTransitions(network);
        const k = t.components.componentOf[targets[0] ?? 0] ?? 0;
        const together = targets.filter((i) => t.components.componentOf[i] === k);
        const lows = together.map(() => new Float64Array(partyCount));
        const highs = together.map(() => new Float64Array(partyCount));
        const solves = solveReachTogether(t, together, limits, lows, highs);
        together.forEach((target, lane) => {
          const alone = solveReach(t, target, limits, new Float64Array(partyCount), new Float64Array(partyCount));
          expect(solves[lane]?.converged).toBe(true);
          for (let m = t.components.memberStart[k] ?? 0; m < (t.components.memberStart[k + 1] ?? 0); m++) {
            const i = t.components.members[m] ?? 0;
            const low = lows[lane]?.[i] ?? NaN;
            const high = highs[lane]?.[i] ?? NaN;
            expect(high - low).toBeLessThanOrEqual(limits.tolerance);
            // Both brackets hold the true value, so they overlap (up to float rounding).
            expect(low).toBeLessThanOrEqual((alone.high[i] ?? NaN) + 1e-15);
            expect(alone.low[i] ?? NaN).toBeLessThanOrEqual(high + 1e-15);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it("multi-hop shares in a component of BATCH_FROM parties or more match solving each payer alone", () => {
    const partyCount = BATCH_FROM + 100;
    let state = 12345;
    const draw = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 4294967296;
    };
    const edges = Array.from({ length: partyCount }, (_, i) => [
      { from: i, to: (i + 1) % partyCount, amount: 1000 + Math.floor(draw() * 1000) },
      { from: i, to: Math.floor(draw() * partyCount), amount: 1 + Math.floor(draw() * 1000) },
      { from: i, to: -1, amount: 1 + Math.floor(draw() * 100) },
    ]).flat();
    const network = build(partyCount, edges);
    const t = prepareTransitions(network);
    expect(componentSize(t.components, t.components.componentOf[0] ?? 0)).toBeGreaterThanOrEqual(BATCH_FROM);
    const targets = [0, 7, 500, 1234, 2000, 42];
    const result = multiHopRoundTrips(network, { targets, tolerance: 1e-10 }, t);
    expect(result.diagnostics).toEqual([]);
    expect(result.value.payersSolved).toBe(targets.length);
    for (const target of targets) {
      const alone = solveReach(t, target, { ...limits, tolerance: 1e-10 }, new Float64Array(partyCount), new Float64Array(partyCount));
      for (const pair of result.value.pairs.filter((p) => p.payer === `P${target}`)) {
        const payee = network.parties.indexOf(pair.payee);
        expect(Math.abs(pair.share - ((alone.low[payee] ?? 0) + (alone.high[payee] ?? 0)) / 2)).toBeLessThanOrEqual(1e-10);
      }
    }
  });

  describe("invalid input", () => {
    it("refuses targets in different components, a target named twice, or more than REACH_LANES", () => {
      const network = build(4, [
        { from: 0, to: 1, amount: 5 },
        { from: 1, to: 0, amount: 5 },
        { from: 2, to: 3, amount: 5 },
        { from: 3, to: 2, amount: 5 },
        { from: 0, to: -1, amount: 1 },
        { from: 2, to: -1, amount: 1 },
      ]);
      const t = prepareTransitions(network);
      const arrays = Array.from({ length: 5 }, () => new Float64Array(4));
      expect(() => solveReachTogether(t, [0, 2], limits, arrays, arrays)).toThrow(RangeError);
      expect(() => solveReachTogether(t, [0, 0], limits, arrays, arrays)).toThrow(RangeError);
      expect(() => solveReachTogether(t, [0, 1, 2, 3, 0], limits, arrays, arrays)).toThrow(RangeError);
    });
  });
});
