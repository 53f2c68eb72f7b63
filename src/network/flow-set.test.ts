import { describe, expect, it } from "vitest";
import { money } from "../money/money.js";
import { ratio } from "../money/ratio.js";
import { month } from "../time/month.js";
import { rollUpAffiliates } from "./affiliates.js";
import { buildFlowSet, EXTERNAL, type FlowInput } from "./flow-set.js";
import { aggregateNetwork, flowBetween } from "./network.js";
import { selectFlows, spreadOverTerm } from "./selection.js";

const B = 100_000_000_000n; // one billion dollars in cents

const flow = (from: string, to: string, billions: bigint, extra: Partial<FlowInput> = {}): FlowInput => ({
  from,
  to,
  amount: money(billions * B),
  status: "funded",
  kind: "equity",
  ...extra,
});

describe("building a flow set", () => {
  it("keeps parties in order and reads `external` as the outside world", () => {
    const { value, diagnostics } = buildFlowSet({
      parties: [{ name: "Amazon" }, { name: "OpenAI" }],
      flows: [flow("Amazon", "OpenAI", 50n), flow("external", "OpenAI", 10n)],
    });
    expect(diagnostics).toEqual([]);
    expect(value.parties).toEqual(["Amazon", "OpenAI"]);
    expect([...value.from]).toEqual([0, EXTERNAL]);
    expect([...value.amount]).toEqual([50n * B, 10n * B]);
    expect([...value.origin]).toEqual([0, 1]);
  });
});

describe("affiliate roll-up", () => {
  it("counts money paid to AWS as paid to Amazon, and sets aside flows inside the group", () => {
    // OpenAI pays AWS 38 B; Amazon invests 50 B in OpenAI; Amazon moves 5 B to AWS (inside the group).
    const flows = buildFlowSet({
      parties: [{ name: "Amazon" }, { name: "AWS", parent: "Amazon" }, { name: "OpenAI" }],
      flows: [flow("OpenAI", "AWS", 38n), flow("Amazon", "OpenAI", 50n), flow("Amazon", "AWS", 5n)],
    }).value;
    const rolled = rollUpAffiliates(flows);
    expect(rolled.diagnostics).toEqual([]);
    expect(rolled.value.parties).toEqual(["Amazon", "OpenAI"]);
    const network = aggregateNetwork(rolled.value).value;
    expect(flowBetween(network, 1, 0)).toBe(38n * B);
    expect(network.selfFlowAmount).toBe(Number(5n * B));
  });

  it("rolls up through several levels to the top parent", () => {
    const flows = buildFlowSet({
      parties: [{ name: "Alphabet" }, { name: "Google", parent: "Alphabet" }, { name: "Google Cloud", parent: "Google" }, { name: "Anthropic" }],
      flows: [flow("Anthropic", "Google Cloud", 10n)],
    }).value;
    const rolled = rollUpAffiliates(flows).value;
    expect(rolled.parties).toEqual(["Alphabet", "Anthropic"]);
    expect([...rolled.from, ...rolled.to]).toEqual([1, 0]);
  });
});

describe("selecting flows", () => {
  const flows = buildFlowSet({
    parties: [{ name: "Nvidia" }, { name: "OpenAI" }],
    flows: [
      flow("Nvidia", "OpenAI", 100n, { month: month(2025, 9), status: "loi", probability: ratio(1n, 3n) }),
      flow("OpenAI", "Nvidia", 30n, { month: month(2026, 2), status: "binding" }),
      flow("Nvidia", "OpenAI", 2n, { status: "funded" }),
    ],
  }).value;

  it("keeps the months of a window, both ends included, and warns about undated flows", () => {
    const { value, diagnostics } = selectFlows(flows, { window: { from: month(2025, 1), to: month(2025, 9) } });
    expect([...value.amount]).toEqual([100n * B]);
    expect(diagnostics.map((d) => d.code)).toEqual(["W_UNDATED_FLOWS"]);
  });

  it("keeps the statuses asked for", () => {
    const { value } = selectFlows(flows, { statuses: ["binding", "funded"] });
    expect([...value.amount]).toEqual([30n * B, 2n * B]);
  });

  it("weights by probability, rounding half to even once", () => {
    // 100 B x 1/3 = 33,333,333,333.333... dollars = 3,333,333,333,333.33 cents -> 3,333,333,333,333 cents.
    const { value } = selectFlows(flows, { weighting: "probability" });
    expect(value.amount[0]).toBe(3_333_333_333_333n);
    expect(value.amount[1]).toBe(30n * B); // no probability stated: certain
  });

  it("spreads a contract over its term exactly, earlier months taking the extra cents", () => {
    // 38 B over 7 years (84 months): 38e11 cents / 84 = 45,238,095,238.095... -> 8 months get one more cent.
    const months = spreadOverTerm(money(38n * B), month(2025, 11), 84);
    expect(months).toHaveLength(84);
    expect(months.reduce((s, m) => s + m.amount, 0n)).toBe(38n * B);
    expect(months[0]).toEqual({ month: month(2025, 11), amount: 45_238_095_239n });
    expect(months[8]?.amount).toBe(45_238_095_238n);
    expect(months[83]?.month).toBe(month(2032, 10));
  });
});

describe("invalid input", () => {
  it("reports unknown parties, negative amounts, a duplicate party, a bad probability and a bad status, and keeps the rest", () => {
    const { value, diagnostics } = buildFlowSet({
      parties: [{ name: "Nvidia" }, { name: "OpenAI" }, { name: "OpenAI" }, { name: "AWS", parent: "Amazn" }],
      flows: [
        flow("Nvidia", "OpenAl", 1n),
        flow("Nvidia", "OpenAI", -1n),
        flow("Nvidia", "OpenAI", 1n, { probability: ratio(3n, 2n) }),
        { ...flow("Nvidia", "OpenAI", 1n), status: "rumoured" as "funded" },
        flow("external", "external", 1n),
        flow("Nvidia", "OpenAI", 7n),
      ],
    });
    expect(diagnostics.map((d) => [d.code, d.path?.join(".")])).toEqual([
      ["E_DUPLICATE_PARTY", "parties.2.name"],
      ["E_UNKNOWN_PARTY", "parties.3.parent"],
      ["E_UNKNOWN_PARTY", "flows.0.to"],
      ["E_NONPOSITIVE_AMOUNT", "flows.1.amount"],
      ["E_PERCENT_RANGE", "flows.2.probability"],
      ["E_BAD_ENUM", "flows.3.status"],
      ["E_PARTY_KIND", "flows.4"],
    ]);
    expect([...value.amount]).toEqual([7n * B]);
    expect([...value.origin]).toEqual([5]);
  });

  it("reports parents that loop and keeps those parties as they are", () => {
    const flows = buildFlowSet({ parties: [{ name: "A", parent: "B" }, { name: "B", parent: "A" }, { name: "C" }], flows: [] }).value;
    const { value, diagnostics } = rollUpAffiliates(flows);
    expect(diagnostics.map((d) => d.code)).toEqual(["E_AFFILIATION_CYCLE"]);
    expect(value.parties).toEqual(["A", "B", "C"]);
  });

  it("reports a window outside the dates of the data", () => {
    const flows = buildFlowSet({ parties: [{ name: "A" }, { name: "B" }], flows: [flow("A", "B", 1n, { month: month(2025, 3) }), flow("B", "A", 1n, { month: month(2025, 6) })] }).value;
    const { value, diagnostics } = selectFlows(flows, { window: { from: month(2030, 1), to: month(2030, 12) } });
    expect(value.flowCount).toBe(0);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([["W_EMPTY_SELECTION", "the window 2030-01..2030-12 keeps none of the 2 flows (the dated flows run from 2025-03 to 2025-06)"]]);
  });

  it("reports a window that ends before it starts", () => {
    const flows = buildFlowSet({ parties: [{ name: "A" }, { name: "B" }], flows: [flow("A", "B", 1n, { month: month(2025, 3) })] }).value;
    expect(selectFlows(flows, { window: { from: month(2026, 1), to: month(2025, 1) } }).diagnostics.map((d) => d.code)).toEqual(["E_WINDOW_ORDER"]);
  });

  it("refuses a total beyond the safe range rather than lose a cent", () => {
    // Two flows of 2^52 cents each: each is fine, their sum is not.
    const half = money(2n ** 52n);
    const flows = buildFlowSet({ parties: [{ name: "A" }, { name: "B" }], flows: [{ ...flow("A", "B", 0n), amount: half }, { ...flow("B", "A", 0n), amount: half }] }).value;
    const { value, diagnostics } = aggregateNetwork(flows);
    expect(diagnostics.map((d) => d.code)).toEqual(["E_NETWORK_TOTAL_RANGE"]);
    expect(value.edgeCount).toBe(0);
  });

  it("throws on a term of no months (a programming error, not bad data)", () => {
    expect(() => spreadOverTerm(money(1n), month(2025, 1), 0)).toThrow(RangeError);
  });
});
