import { describe, expect, it } from "vitest";
import { money } from "../money/money.js";
import { month } from "../time/month.js";
import { analyseFlows, analyseNetwork } from "./analyse.js";
import { maximumCirculation, remainderNetwork } from "./circulation.js";
import { stronglyConnectedComponents } from "./components.js";
import { cyclingShares } from "./cycling.js";
import { buildFlowSet } from "./flow-set.js";
import { flowSetFromText } from "./flow-text.js";
import { multiHopRoundTrips } from "./multi-hop.js";
import { aggregateNetwork, type FlowNetwork } from "./network.js";
import { reachShares } from "./reach.js";
import { directRoundTrips, partyMoney, weightedReciprocity } from "./reciprocity.js";

/** A network from the one-flow-a-line text form; amounts in dollars, held in cents. */
function network(text: string): FlowNetwork {
  const flows = flowSetFromText(text);
  expect(flows.diagnostics).toEqual([]);
  return aggregateNetwork(flows.value).value;
}

/**
 * The worked example of docs/network-metrics.md. Every party pays out what it takes in:
 *
 *     Nvidia  in 60 + 20 + 20 (external) = 100 = out 100         T = 100
 *     OpenAI  in 100 + 40 (external)     = 140 = out 120 + 20    T = 140
 *     Oracle  in 120                     = 120 = out 60 + 60     T = 120      TST = 360
 */
const example = network(`
  external -> OpenAI: 40
  external -> Nvidia: 20
  Nvidia -> OpenAI: 100
  OpenAI -> Oracle: 120
  Oracle -> Nvidia: 60
  OpenAI -> Nvidia: 20
  Oracle -> external: 60
`);

describe("the worked example", () => {
  it("finds throughflows T_i = max(in, out) and TST", () => {
    expect([...example.throughflow]).toEqual([14_000, 10_000, 12_000]); // OpenAI, Nvidia, Oracle in cents
    expect(example.totalSystemThroughflow).toBe(36_000);
    expect(example.totalFlow).toBe(30_000);
  });

  it("direct round trip: of Nvidia's 100 to OpenAI, 20 came straight back (20 %)", () => {
    expect(directRoundTrips(example)).toEqual([
      { payer: "Nvidia", payee: "OpenAI", paid: 10_000n, paidBack: 2_000n, share: 0.2 },
      { payer: "OpenAI", payee: "Nvidia", paid: 2_000n, paidBack: 2_000n, share: 1 },
    ]);
  });

  it("weighted reciprocity: min(100, 20) both ways = 40 of 300 = 2/15", () => {
    expect(weightedReciprocity(example)).toEqual({ reciprocated: 4_000n, totalFlow: 30_000n, share: 4_000 / 30_000 });
  });

  it("multi-hop round trip: of a dollar at OpenAI, 1/7 goes straight to Nvidia and 6/7 x 1/2 via Oracle: 4/7", () => {
    // h_Oracle = G(Oracle, Nvidia) = 60/120 = 1/2; h_OpenAI = 20/140 + (120/140) h_Oracle = 1/7 + 3/7 = 4/7.
    const pairs = multiHopRoundTrips(example).value.pairs;
    const share = (payer: string, payee: string): number | undefined => pairs.find((p) => p.payer === payer && p.payee === payee)?.share;
    expect(share("Nvidia", "OpenAI")).toBeCloseTo(4 / 7, 12);
    expect(share("OpenAI", "Oracle")).toBeCloseTo(1 / 2, 12); // from Oracle: half to Nvidia, which passes all to OpenAI
    expect(share("Oracle", "Nvidia")).toBeCloseTo(1, 9); // Nvidia -> OpenAI -> (Oracle) ... nothing leaves before Oracle
    expect(share("OpenAI", "Nvidia")).toBeCloseTo(1, 12); // Nvidia passes everything to OpenAI
  });

  it("reach shares: a dollar at each party, and how much of it reaches Nvidia", () => {
    const reach = reachShares(example, 1);
    expect([...reach.value].map((h) => Number(h.toFixed(12)))).toEqual([Number((4 / 7).toFixed(12)), 1, 0.5]);
    expect(reach.converged).toBe(true);
  });

  it("cycling shares: r_Nvidia = r_OpenAI = 4/7, r_Oracle = 1/2; FCI = (400/7 + 560/7 + 60) / 360 = 23/42", () => {
    const { value, diagnostics } = cyclingShares(example);
    expect(diagnostics).toEqual([]);
    expect(value.share[0]).toBeCloseTo(4 / 7, 11);
    expect(value.share[1]).toBeCloseTo(4 / 7, 11);
    expect(value.share[2]).toBeCloseTo(1 / 2, 11);
    expect(value.finnCyclingIndex.value).toBeCloseTo(23 / 42, 11);
    // The bracket is proven: the exact answer lies inside it.
    expect(value.finnCyclingIndex.low).toBeLessThanOrEqual(23 / 42 + 1e-15);
    expect(value.finnCyclingIndex.high).toBeGreaterThanOrEqual(23 / 42 - 1e-15);
  });

  it("maximum circulation: 20 round Nvidia-OpenAI and 60 round Nvidia-OpenAI-Oracle, 220 of 300", () => {
    // c(N->O) = x + y, c(O->N) = x <= 20, c(O->R) = c(R->N) = y <= 60, x + y <= 100: best x = 20, y = 60.
    const c = maximumCirculation(example);
    expect(c.circulation).toBe(22_000n);
    expect(c.share).toBeCloseTo(11 / 15, 15);
    expect(c.loops).toEqual([
      { parties: ["OpenAI", "Oracle", "Nvidia"], amount: 6_000n, flowCarried: 18_000n },
      { parties: ["OpenAI", "Nvidia"], amount: 2_000n, flowCarried: 4_000n },
    ]);
    // What is left (Nvidia -> OpenAI 20, OpenAI -> Oracle 60) has no cycle.
    const rest = remainderNetwork(example, c.circulationByEdge);
    expect(rest.totalFlow).toBe(8_000);
    expect(stronglyConnectedComponents(rest).count).toBe(3);
  });

  it("each party's money: Nvidia paid 100, received 80 from parties and 20 from outside, 20 of it straight back", () => {
    expect(partyMoney(example)[1]).toEqual({ party: "Nvidia", paidOut: 10_000n, received: 8_000n, receivedBack: 2_000n, externalIn: 2_000n, externalOut: 0n, net: 0n, throughflow: 10_000n });
  });
});

describe("maximum circulation is the maximum, not just a circulation that cannot grow", () => {
  it("prefers one 3-party loop to the 2-party loop that would block it", () => {
    // A->B 1, B->A 1, B->C 1, C->A 1. Cancelling A-B-A first leaves B->C->A with no way back: 2.
    // Running A->B->C->A instead carries 3, leaving only B->A.
    const c = maximumCirculation(network("A -> B: 1\nB -> A: 1\nB -> C: 1\nC -> A: 1"));
    expect(c.circulation).toBe(300n);
    expect(c.loops.map((l) => l.parties)).toEqual([["A", "B", "C"]]);
  });

  it("is 0 on a chain", () => {
    expect(maximumCirculation(network("A -> B: 5\nB -> C: 5")).share).toBe(0);
  });
});

describe("the pipeline", () => {
  it("rolls AWS up to Amazon, keeps a window, and finds the Amazon-OpenAI loop", () => {
    const B = 100_000_000_000n;
    const flows = buildFlowSet({
      parties: [{ name: "Amazon" }, { name: "AWS", parent: "Amazon" }, { name: "OpenAI" }],
      flows: [
        { from: "Amazon", to: "OpenAI", amount: money(15n * B), month: month(2026, 2), status: "announced", kind: "equity" },
        { from: "OpenAI", to: "AWS", amount: money(38n * B), month: month(2026, 3), status: "binding", kind: "cloud contract" },
        { from: "OpenAI", to: "AWS", amount: money(1n * B), month: month(2031, 1), status: "binding", kind: "cloud contract" },
      ],
    }).value;
    const { value, diagnostics } = analyseFlows(flows, { window: { from: month(2026, 1), to: month(2026, 12) } });
    expect(diagnostics).toEqual([]);
    expect(value.directRoundTripShare.map((t) => [t.payer, t.payee, t.share])).toEqual([
      ["Amazon", "OpenAI", 1],
      ["OpenAI", "Amazon", 15 / 38],
    ]);
    expect(value.maximumCirculationShare.circulation).toBe(30n * B);
    expect(value.weightedReciprocity.share).toBeCloseTo(30 / 53, 15);
  });
});

describe("invalid input", () => {
  it("reports a closed loop, names its parties, and still answers with the limit, not NaN", () => {
    // A and B pay each other and nothing else: I - G is singular on {A, B}.
    const closed = network("A -> B: 5\nB -> A: 5\nexternal -> C: 1\nC -> D: 1");
    const { value, diagnostics } = analyseNetwork(closed);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["E_CLOSED_LOOP", 'money among "A", "B" only circulates: nothing leaves these 2 parties, so its cycling is unbounded (counted as cycling share 1)'],
    ]);
    expect(value.cyclingShare).toEqual([
      { party: "A", value: 1, low: 1, high: 1, method: "closed" },
      { party: "B", value: 1, low: 1, high: 1, method: "closed" },
    ]);
    expect(value.finnCyclingIndex.value).toBe(1000 / 1200); // (500 + 500) / (500 + 500 + 100 + 100)
    expect(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toMatch(/NaN|Infinity|null/);
  });

  it("does not call a loop closed when money enters it and stays (the stock grows; the chain can leave)", () => {
    const { diagnostics } = analyseNetwork(network("external -> A: 1\nA -> B: 5\nB -> A: 5"));
    expect(diagnostics).toEqual([]);
  });

  it("gives an empty network zeros, not NaN", () => {
    const { value } = analyseNetwork(network(""));
    expect([value.finnCyclingIndex.value, value.maximumCirculationShare.share, value.weightedReciprocity.share]).toEqual([0, 0, 0]);
  });

  it("reports a window outside the data, then analyses the empty network", () => {
    const flows = flowSetFromText("A -> B: 1").value;
    const { diagnostics } = analyseFlows(flows, { window: { from: month(2030, 1), to: month(2030, 1) } });
    expect(diagnostics.map((d) => d.code)).toEqual(["W_UNDATED_FLOWS", "W_EMPTY_SELECTION"]);
  });

  it("throws on a payer index that is not a party (a programming error)", () => {
    expect(() => multiHopRoundTrips(example, { targets: [7] })).toThrow(RangeError);
  });
});
