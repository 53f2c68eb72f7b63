/**
 * Circular capital, through the whole pipeline: a model written inline, read, compiled, and its
 * flows analysed as a network. The figures are small enough to work out by hand; the working is
 * in the comments. Amounts are in dollars in the models, in cents in the expectations.
 */
import { describe, expect, it } from "vitest";
import { compileModel } from "../compile/compile-model.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { readModelText } from "../model/index.js";
import type { FlowFileReader } from "../model/flows.js";
import { month } from "../time/month.js";
import { analyseNetworkFlows, type FlowsAnalysis, type FlowsOptions } from "./network-flows.js";

function analyse(text: string, options: FlowsOptions = {}, files: Record<string, string> = {}): FlowsAnalysis {
  const read = readModelText("inline.yaml", text, readerOf(files));
  expect(renderDiagnostics(read.diagnostics, new Map())).toBe("");
  const compiled = compileModel(read.model!);
  const result = analyseNetworkFlows(compiled.value, options);
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.value!;
}

const readerOf = (files: Record<string, string>): FlowFileReader => (file) => (file in files ? { text: files[file] ?? "" } : { problem: "no such file", missing: true });

/** Cents of a whole number of dollars. */
const $ = (dollars: number): bigint => BigInt(dollars) * 100n;

const HEADER = `
name: inline
horizon: 2026-01..2026-12
parties:
  OpenAI: company
  Nvidia: supplier
  Oracle: supplier
`;

// The worked example of docs/network-metrics.md, written as a model.
const WORKED = `${HEADER}
flows:
  funding-openai: { from: external, to: OpenAI, amount: 40, date: 2026-01, status: funded }
  funding-nvidia: { from: external, to: Nvidia, amount: 20, date: 2026-01, status: funded }
  nvidia-openai:  { from: Nvidia, to: OpenAI, amount: 100, date: 2026-02, kind: equity, status: announced }
  openai-oracle:  { from: OpenAI, to: Oracle, amount: 120, date: 2026-03, kind: cloud }
  oracle-nvidia:  { from: Oracle, to: Nvidia, amount: 60, date: 2026-04, kind: chips, status: reported }
  openai-nvidia:  { from: OpenAI, to: Nvidia, amount: 20, date: 2026-05, kind: chips }
  oracle-out:     { from: Oracle, to: external, amount: 60, date: 2026-06 }
`;

describe("the worked example of docs/network-metrics.md, from a model", () => {
  const a = analyse(WORKED);
  const m = a.metrics;

  it("counts every flow between parties: 100 + 120 + 60 + 20 = 300, and throughflows 100 + 140 + 120 = 360", () => {
    expect(m.totalFlow).toBe($(300));
    expect(m.totalSystemThroughflow).toBe($(360));
    expect(a.counted).toEqual({ flows: 7, items: 7, total: $(420) });
  });

  it("gives the direct round-trip share: OpenAI paid Nvidia 20 back of 100, so 20 %; 20 of 20 the other way", () => {
    expect(m.directRoundTripShare.map((t) => [t.payer, t.payee, t.share])).toEqual([
      ["Nvidia", "OpenAI", 0.2],
      ["OpenAI", "Nvidia", 1],
    ]);
  });

  it("gives the multi-hop share of Nvidia's 100 to OpenAI: 20/140 + 120/140 x 60/120 = 4/7", () => {
    const pair = m.multiHopRoundTripShare.pairs.find((p) => p.payer === "Nvidia" && p.payee === "OpenAI");
    expect(pair?.share).toBeCloseTo(4 / 7, 12);
  });

  it("gives each party's cycling share (Nvidia 4/7, OpenAI 4/7, Oracle 1/2) and FCI = (400/7 + 80 + 60) / 360 = 23/42", () => {
    const share = Object.fromEntries(m.cyclingShare.map((c) => [c.party, c.value]));
    expect(share.Nvidia).toBeCloseTo(4 / 7, 12);
    expect(share.OpenAI).toBeCloseTo(4 / 7, 12);
    expect(share.Oracle).toBeCloseTo(1 / 2, 12);
    expect(m.finnCyclingIndex.value).toBeCloseTo(23 / 42, 12);
  });

  it("finds the maximum circulation: 60 round OpenAI → Oracle → Nvidia and 20 round OpenAI ⇄ Nvidia, 220 of 300", () => {
    // R -> N (60) and O -> N (20) are the only ways back into Nvidia, so at most 80 can circle.
    expect(m.maximumCirculationShare.circulation).toBe($(220));
    expect(m.maximumCirculationShare.loops.map((l) => [l.parties.join(" → "), l.amount])).toEqual([
      ["OpenAI → Oracle → Nvidia", $(60)],
      ["OpenAI → Nvidia", $(20)],
    ]);
  });

  it("gives weighted reciprocity: min(100, 20) both ways = 40 of 300", () => {
    expect(m.weightedReciprocity.reciprocated).toBe($(40));
    expect(m.weightedReciprocity.share).toBeCloseTo(40 / 300, 12);
  });

  it("says per party what it invested, paid, got straight back and got back along any path", () => {
    const nvidia = a.parties.find((p) => p.party === "Nvidia");
    // Nvidia invested 100 (an equity flow); 20 came straight back from OpenAI; along any path 4/7 x 100 = 57.14.
    expect(nvidia).toMatchObject({ invested: $(100), paidOut: $(100), received: $(80), cameBackDirectly: $(20), cameBackAnyPath: 5714n, externalIn: $(20), net: 0n });
  });

  it("lists the model items behind each pair's amount", () => {
    expect(a.pairs.find((p) => p.payer === "OpenAI" && p.payee === "Oracle")?.items.map((i) => [i.item, i.amount])).toEqual([["flows.openai-oracle", $(120)]]);
  });
});

describe("choosing what counts", () => {
  it("counts only the statuses asked for: without announced and reported, no loop is left", () => {
    // Dropping Nvidia -> OpenAI (announced) and Oracle -> Nvidia (reported) leaves OpenAI -> Oracle and OpenAI -> Nvidia.
    const a = analyse(WORKED, { statuses: ["funded", "binding"] });
    expect(a.metrics.totalFlow).toBe($(140));
    expect(a.metrics.maximumCirculationShare.circulation).toBe(0n);
    expect(a.metrics.finnCyclingIndex.value).toBe(0);
  });

  it("spreads a term evenly, so a window takes its months only", () => {
    // 120 over 12 months is 10 a month; 2026-04..2026-06 holds 30 of it.
    const a = analyse(`${HEADER}
flows:
  cloud: { from: OpenAI, to: Oracle, amount: 120, term: { start: 2026-01, months: 12 }, kind: cloud }
`, { window: { from: month(2026, 4), to: month(2026, 6) } });
    expect(a.metrics.totalFlow).toBe($(30));
    expect(a.counted.flows).toBe(3);
  });

  it("weights a conditional tranche by its condition's probability when asked", () => {
    const text = `${HEADER}
conditions:
  milestone: { description: a milestone, probability: 25%, expected: 2026-06 }
rounds:
  a:
    company: OpenAI
    date: 2026-01
    pre-money: 1000
    commitments:
      Nvidia: [ { amount: 40, date: 2026-01 }, { amount: 100, condition: milestone } ]
`;
    // Face value: 40 + 100 = 140. Weighted: 40 + 25 % x 100 = 65.
    expect(analyse(text).metrics.totalFlow).toBe($(140));
    expect(analyse(text, { weightConditional: true }).metrics.totalFlow).toBe($(65));
  });
});

describe("parties, affiliates and the outside world", () => {
  it("rolls AWS up into Amazon, so OpenAI's payment to AWS comes back to its investor", () => {
    const a = analyse(`
name: inline
horizon: 2026-01..2026-12
parties:
  OpenAI: company
  Amazon: investor
  AWS: { kind: supplier, affiliate-of: Amazon }
rounds:
  r:
    company: OpenAI
    date: 2026-01
    pre-money: 1000
    commitments:
      Amazon: { amount: 50, status: announced }
contracts:
  aws:
    kind: purchase
    buyer: OpenAI
    seller: AWS
    total: 38
    term: { start: 2026-01, months: 2 }
`);
    // Amazon paid OpenAI 50 and got 38 back through AWS: direct share 38/50 = 76 %.
    expect(a.groups).toEqual([{ party: "Amazon", members: ["Amazon", "AWS"] }]);
    expect(a.metrics.directRoundTripShare.find((t) => t.payer === "Amazon")).toMatchObject({ payee: "OpenAI", paid: $(50), paidBack: $(38), share: 0.76 });
  });

  it("keeps an undisclosed flow out of money totals, and lists it", () => {
    const a = analyse(`${HEADER}
flows:
  chips: { from: OpenAI, to: Nvidia, undisclosed: true, date: 2026-03, kind: chips, status: announced, unconfirmed: true }
  cloud: { from: OpenAI, to: Oracle, amount: 10, date: 2026-03 }
`);
    expect(a.metrics.totalFlow).toBe($(10));
    expect(a.leftOut.map((f) => [f.item, f.status, f.unconfirmed, f.inSelection])).toEqual([["flows.chips", "announced", true, true]]);
  });

  it("reads flows from a CSV file beside the model, with external as the outside world", () => {
    const csv = "from,to,amount,date,status,kind\nexternal,Nvidia,20,2026-01,funded,\nNvidia,OpenAI,100,2026-02,announced,equity\nOpenAI,Nvidia,20,2026-03,,chips\n";
    const a = analyse(`${HEADER}flow-files: [deals.csv]\n`, {}, { "deals.csv": csv });
    // Nvidia <-> OpenAI: 100 one way, 20 back: 20 circulates each way, 40 of 120.
    expect(a.metrics.maximumCirculationShare.circulation).toBe($(40));
    expect(a.pairs.map((p) => [p.payer, p.payee, p.items.map((i) => i.item)])).toEqual([
      ["Nvidia", "OpenAI", ["flow-files.0.rows.3"]],
      ["OpenAI", "Nvidia", ["flow-files.0.rows.4"]],
    ]);
  });

  it("keeps the ledger exact: a flow posts its whole amount, split by months that differ by at most a cent", () => {
    const read = readModelText("inline.yaml", `${HEADER}
flows:
  odd: { from: OpenAI, to: Oracle, amount: 0.10, term: { start: 2026-01, months: 3 } }
`);
    const flows = compileModel(read.model!).value.flows.filter((f) => f.origin.item === "flows.odd");
    expect(flows.map((f) => f.amount)).toEqual([4n, 3n, 3n]);
  });
});

describe("invalid input", () => {
  const problems = (text: string, files: Record<string, string> = {}): string => {
    const read = readModelText("inline.yaml", text, readerOf(files));
    return renderDiagnostics(read.diagnostics, new Map([["inline.yaml", { path: "inline.yaml", text }], ...Object.entries(files).map(([path, t]) => [path, { path, text: t }] as const)]));
  };

  it("names an unknown party in a flow, with the nearest name", () => {
    expect(problems(`${HEADER}flows:\n  x: { from: Nvidai, to: OpenAI, amount: 5, date: 2026-02 }\n`)).toContain('error E_UNKNOWN_PARTY: the payer of flow "x", "Nvidai", is not a party of this model');
  });

  it("refuses a negative amount", () => {
    expect(problems(`${HEADER}flows:\n  x: { from: Nvidia, to: OpenAI, amount: -5, date: 2026-02 }\n`)).toContain("error E_NONPOSITIVE_AMOUNT");
  });

  it("names the file, row and column of a CSV row with a bad number", () => {
    const csv = "from,to,amount,date\nNvidia,OpenAI,five,2026-02\n";
    expect(problems(`${HEADER}flow-files: [deals.csv]\n`, { "deals.csv": csv })).toBe(
      'deals.csv:2:15: error E_FIGURE_SYNTAX: deals.csv row 2, column "amount": "five" is not a figure\n  2 | Nvidia,OpenAI,five,2026-02\n    |               ^^^^\n  hint: write figures like 730B, 35 B, 1.5M, 20%, 3 GW or 50B/GW\n\n1 error, 0 warnings\n',
    );
  });

  it("refuses a CSV without an amount column", () => {
    expect(problems(`${HEADER}flow-files: [deals.csv]\n`, { "deals.csv": "from,to\nNvidia,OpenAI\n" })).toContain('error E_CSV_MISSING_COLUMN: deals.csv has no "amount" column');
  });

  it("needs a date on a CSV row, since the ledger books every flow in a month", () => {
    expect(problems(`${HEADER}flow-files: [deals.csv]\n`, { "deals.csv": "from,to,amount\nNvidia,OpenAI,5\n" })).toContain("error E_MISSING_FIELD: deals.csv row 2: a flow in a model needs a date");
  });

  it("reports a window outside the horizon, and gives no analysis", () => {
    const read = readModelText("inline.yaml", WORKED);
    const result = analyseNetworkFlows(compileModel(read.model!).value, { window: { from: month(2031, 1), to: month(2031, 12) } });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([["E_DATE_OUTSIDE_HORIZON", "the window 2031-01..2031-12 lies outside the model's horizon (2026-01 to 2026-12): it holds no flow"]]);
  });

  it("warns of a window inside the horizon that holds no flow", () => {
    const read = readModelText("inline.yaml", WORKED);
    const result = analyseNetworkFlows(compileModel(read.model!).value, { window: { from: month(2026, 9), to: month(2026, 12) } });
    expect(result.diagnostics.map((d) => d.code)).toEqual(["W_EMPTY_SELECTION"]);
    expect(result.value?.metrics.totalFlow).toBe(0n);
  });
});
