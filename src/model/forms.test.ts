/**
 * The written forms each construct accepts, and the defaults filled in. Each test reads a small
 * model written inline.
 */
import { describe, expect, it } from "vitest";
import { renderDiagnostics } from "../diagnostics/render.js";
import { money } from "../money/money.js";
import { ratio } from "../money/ratio.js";
import { month } from "../time/month.js";
import { readModelText } from "./load.js";
import type { ModelInput } from "./types.js";

const HEADER = `name: Forms
horizon: 2025-01..2030-12
parties:
  OpenAI: company
  Amazon: investor
  AWS: { kind: supplier, affiliate-of: Amazon }
`;

function read(body: string, header = HEADER): ModelInput {
  const text = header + body;
  const result = readModelText("forms.yaml", text);
  expect(renderDiagnostics(result.diagnostics, new Map([["forms.yaml", { path: "forms.yaml", text }]]))).toBe("");
  if (!result.model) throw new Error("expected a model");
  return result.model;
}

function codes(body: string, header = HEADER): string[] {
  return readModelText("forms.yaml", header + body).diagnostics.map((d) => d.code);
}

const round = (commitments: string, extra = ""): string => `rounds:
  series-a:
    company: OpenAI
    date: 2026-02
    pre-money: 730B
${extra}    commitments:
${commitments}`;

describe("header", () => {
  it("reads the horizon as a mapping or as a span, and currency defaults to USD", () => {
    const model = read("", HEADER.replace("2025-01..2030-12", "{ start: 2025-01, end: 2030-12 }"));
    expect([model.horizon.start, model.horizon.end, model.currency]).toEqual([month(2025, 1), month(2030, 12), "USD"]);
  });

  it("reads money in the model's currency: JPY has no minor unit", () => {
    const model = read(round("      Amazon: 5B\n"), HEADER.replace("name: Forms\n", "name: Forms\ncurrency: JPY\n"));
    expect(model.rounds[0]?.preMoney?.value).toBe(money(730000000000n));
  });

  it("folds a plain description written over several lines", () => {
    const model = read("", HEADER.replace("  Amazon: investor\n", "  Amazon:\n    kind: investor\n    description: invests in the round\n      and sells cloud capacity\n"));
    expect(model.parties[1]?.description).toBe("invests in the round and sells cloud capacity");
  });

  it("reads quoted figures and dates like plain ones", () => {
    const model = read(round('      Amazon: "50B"\n').replace("date: 2026-02", 'date: "2026-02"'));
    expect(model.rounds[0]?.commitments[0]?.tranches[0]?.amount.value).toBe(money(5000000000000n));
  });

  describe("invalid input", () => {
    it.each([
      ["a currency that is not an ISO code", "currency: usd\n", "E_BAD_ENUM"],
      ["a format version other than 1", "dealgraph: 2\n", "E_BAD_ENUM"],
      ["a top-level key that does not exist", "round: {}\n", "E_UNKNOWN_KEY"],
    ])("%s", (_what, line, code) => {
      expect(codes(line)).toEqual([code]);
    });

    it("reports a model without name, horizon or parties, each once", () => {
      expect(codes("", "currency: USD\n")).toEqual(["E_MISSING_FIELD", "E_MISSING_FIELD", "E_MISSING_FIELD"]);
    });
  });
});

describe("conditions", () => {
  it("takes a description alone as shorthand, base case met", () => {
    const model = read(`conditions:\n  ipo: An initial public offering\n` + round("      Amazon: [ { amount: 5B, condition: ipo } ]\n"));
    expect(model.conditions).toMatchObject([{ name: "ipo", description: "An initial public offering", baseCase: "met" }]);
  });

  it("reads a window written as a span or a mapping, with an expected month inside it", () => {
    const model = read(`conditions:
  a: { description: A, window: 2026-04..2026-12, expected: 2026-09, base-case: not-met }
  b: { description: B, window: { from: 2026-05, to: 2026-06 } }
` + round("      Amazon: [ { amount: 5B, condition: a }, { amount: 5B, condition: b } ]\n"));
    expect(model.conditions.map((c) => [c.window?.from, c.window?.to, c.expected, c.baseCase])).toEqual([
      [month(2026, 4), month(2026, 12), month(2026, 9), "not-met"],
      [month(2026, 5), month(2026, 6), undefined, "met"],
    ]);
  });

  it("refuses an expected month outside the condition's window", () => {
    expect(codes(`conditions:\n  a: { description: A, window: 2026-04..2026-06, expected: 2026-09 }\n` + round("      Amazon: [ { amount: 5B, condition: a } ]\n"))).toEqual(["E_CONFLICTING_FIELDS"]);
  });
});

describe("rounds and commitments", () => {
  it("dates a bare commitment at the round's month", () => {
    const tranche = read(round("      Amazon: 50B\n")).rounds[0]?.commitments[0]?.tranches[0];
    expect(tranche?.timing).toMatchObject({ kind: "dated", month: month(2026, 2) });
  });

  it("dates undated tranches of a late joiner at the month it joins", () => {
    const model = read(round("      Amazon: { joins: 2026-04, tranches: [ 20B, { amount: 30B, date: 2026-08 } ] }\n", "    rolling-close: 2026-06\n"));
    const commitment = model.rounds[0]?.commitments[0];
    expect(commitment?.joins).toBe(month(2026, 4));
    expect(commitment?.tranches.map((t) => t.timing.kind === "dated" && t.timing.month)).toEqual([month(2026, 4), month(2026, 8)]);
    expect(model.rounds[0]?.rollingClose?.finalClose).toBe(month(2026, 6));
  });

  it("keeps a conditional tranche's own expected month and window", () => {
    const model = read(`conditions:\n  ipo: IPO\n` + round("      Amazon: [ { amount: 35B, condition: ipo, expected: 2026-11, window: 2026-09..2027-03 } ]\n"));
    expect(model.rounds[0]?.commitments[0]?.tranches[0]?.timing).toMatchObject({ kind: "conditional", condition: { name: "ipo" }, expected: month(2026, 11), window: { from: month(2026, 9), to: month(2027, 3) } });
  });

  it("accepts price per share with shares outstanding instead of pre-money, exactly", () => {
    const model = read(round("      Amazon: 50B\n").replace("    pre-money: 730B\n", "    price-per-share: 12.5\n    shares-outstanding: 58.4B\n"));
    expect(model.rounds[0]?.pricePerShare?.value).toEqual(ratio(25n, 2n));
    expect(model.rounds[0]?.sharesOutstanding?.value).toBe(58400000000n);
    expect(read(round("      Amazon: 50B\n", "    price-per-share: 12.5\n    shares-outstanding: 58.4B\n")).rounds[0]?.preMoney?.value).toBe(money(73000000000000n));
  });

  it("lets a supplier invest (Nvidia does)", () => {
    expect(read(round("      AWS: 5B\n")).rounds[0]?.commitments[0]?.investor.name).toBe("AWS");
  });

  describe("invalid input", () => {
    it.each([
      ["both a date and a condition", "      Amazon: [ { amount: 5B, date: 2026-03, condition: x } ]\n", ["E_CONFLICTING_FIELDS", "E_UNKNOWN_CONDITION"]],
      ["an expected month without a condition", "      Amazon: [ { amount: 5B, expected: 2026-03 } ]\n", ["E_CONFLICTING_FIELDS"]],
      ["an empty list of tranches", "      Amazon: []\n", ["E_MISSING_FIELD"]],
      ["a commitment with no amount", "      Amazon:\n", ["E_MISSING_FIELD"]],
      ["a percentage as an amount", "      Amazon: 5%\n", ["E_FIGURE_KIND"]],
      ["the round's own company investing", "      OpenAI: 5B\n", ["E_PARTY_KIND"]],
      ["a joiner without a rolling close", "      Amazon: { joins: 2026-03, tranches: [ 5B ] }\n", ["E_JOIN_AFTER_FINAL_CLOSE"]],
    ])("%s", (_what, commitments, expected) => {
      expect(codes(round(commitments))).toEqual(expected);
    });

    it("refuses price per share without the shares outstanding", () => {
      expect(codes(round("      Amazon: 5B\n").replace("    pre-money: 730B\n", "    price-per-share: 12.5\n"))).toEqual(["E_VALUATION_INPUTS"]);
    });

    it("refuses a final close before the round", () => {
      expect(codes(round("      Amazon: 5B\n", "    rolling-close: 2026-01\n"))).toEqual(["E_WINDOW_ORDER"]);
    });

    it("still checks the names of a round whose date is unusable", () => {
      expect(codes(round("      Amzon: 5B\n").replace("date: 2026-02", "date: soon"))).toEqual(["E_BAD_DATE", "E_UNKNOWN_PARTY"]);
    });
  });
});

describe("contracts", () => {
  const contract = (lines: string): string => `contracts:\n  c:\n${lines}`;

  it("reads terms in years, months or to an inclusive end", () => {
    const term = (t: string) => {
      const c = read(contract(`    kind: purchase\n    buyer: OpenAI\n    seller: AWS\n    total: 12B\n    term: ${t}\n`)).contracts[0];
      return c && "term" in c ? c.term : undefined;
    };
    expect(term("{ start: 2026-01, years: 2.5 }")).toMatchObject({ start: month(2026, 1), months: 30 });
    expect(term("{ start: 2026-01, months: 7 }")).toMatchObject({ months: 7 });
    expect(term("{ start: 2026-01, end: 2026-01 }")).toMatchObject({ months: 1 });
  });

  it("reads an explicit schedule per calendar year", () => {
    const c = read(contract("    kind: purchase\n    buyer: OpenAI\n    seller: AWS\n    total: 12B\n    term: { start: 2026-07, years: 1 }\n    schedule: { 2026: 5B, 2027: 7B }\n")).contracts[0];
    expect(c?.kind === "purchase" && c.schedule).toMatchObject({ kind: "per-year", amounts: [{ year: 2026, amount: { value: money(500000000000n) } }, { year: 2027, amount: { value: money(700000000000n) } }] });
  });

  it("checks a capacity contract's schedule against quantity × price", () => {
    const capacity = (schedule: string) => contract(`    kind: capacity\n    buyer: OpenAI\n    seller: AWS\n    quantity: 2 GW\n    price: 1.5B/GW\n    term: { start: 2027-01, years: 2 }\n    schedule: ${schedule}\n`);
    expect(codes(capacity("{ 2027: 1B, 2028: 2B }"))).toEqual([]);
    expect(codes(capacity("{ 2027: 1B, 2028: 1B }"))).toEqual(["E_SCHEDULE_TOTAL"]);
  });

  it("takes a single name for scope, lines and through", () => {
    const model = read(`contracts:
  share: { kind: revenue-share, payer: OpenAI, payee: AWS, rate: 20%, lines: revenue, through: AWS }
  only-aws: { kind: exclusivity, provider: AWS, customer: OpenAI, scope: stateless-api }
forecasts:
  OpenAI:
    lines:
      revenue: { kind: revenue, per-year: { 2025: 1B } }
`);
    expect(model.contracts).toMatchObject([{ lines: [{ name: "revenue" }], through: [{ name: "AWS" }] }, { scope: ["stateless-api"] }]);
  });

  describe("invalid input", () => {
    it.each([
      ["a purchase without buyer or extends", "    kind: purchase\n    seller: AWS\n    total: 1B\n    term: { start: 2026-01, years: 1 }\n", ["E_MISSING_FIELD"]],
      ["a key of another kind", "    kind: purchase\n    buyer: OpenAI\n    seller: AWS\n    total: 1B\n    rate: 20%\n    term: { start: 2026-01, years: 1 }\n", ["E_UNKNOWN_KEY"]],
      ["an unknown kind", "    kind: lease\n", ["E_BAD_ENUM"]],
      ["a term with two lengths", "    kind: purchase\n    buyer: OpenAI\n    seller: AWS\n    total: 1B\n    term: { start: 2026-01, years: 1, months: 12 }\n", ["E_CONFLICTING_FIELDS"]],
      ["a term without length", "    kind: purchase\n    buyer: OpenAI\n    seller: AWS\n    total: 1B\n    term: { start: 2026-01 }\n", ["E_MISSING_FIELD"]],
      ["a term that is not whole months", "    kind: purchase\n    buyer: OpenAI\n    seller: AWS\n    total: 1B\n    term: { start: 2026-01, years: 0.3 }\n", ["E_FIGURE_PRECISION"]],
      ["a zero-length term", "    kind: purchase\n    buyer: OpenAI\n    seller: AWS\n    total: 1B\n    term: { start: 2026-01, months: 0 }\n", ["E_NONPOSITIVE_AMOUNT"]],
      ["a revenue share on a cost line", "    kind: revenue-share\n    payer: OpenAI\n    payee: AWS\n    rate: 20%\n    lines: [costs]\n", ["E_UNKNOWN_LINE"]],
      ["a revenue share paid by an investor", "    kind: revenue-share\n    payer: Amazon\n    payee: AWS\n    rate: 20%\n", ["E_PARTY_KIND"]],
      ["a rate written as a plain number", "    kind: revenue-share\n    payer: OpenAI\n    payee: AWS\n    rate: 20\n", ["E_FIGURE_KIND"]],
      ["a buyer other than the extended contract's", "    kind: purchase\n    extends: base\n    buyer: Amazon\n    total: 1B\n    term: { start: 2026-01, years: 1 }\n  base: { kind: purchase, buyer: OpenAI, seller: AWS, total: 1B, term: { start: 2025-01, years: 1 } }\n", ["E_EXTENDS_KIND"]],
    ])("%s", (_what, lines, expected) => {
      expect(codes(contract(lines) + "forecasts:\n  OpenAI:\n    lines:\n      costs: { kind: cost, per-year: { 2025: 1B } }\n")).toEqual(expected);
    });
  });
});

describe("forecasts", () => {
  const forecast = (lines: string, extra = ""): string => `forecasts:\n  OpenAI:\n${extra}    lines:\n${lines}`;

  it("reads opening cash of zero and a per-month line with monthly growth", () => {
    const model = read(forecast("      costs: { kind: cost, per-month: { 2025-01: 1B, 2025-02-15: 1.1B }, growth: 2% }\n", "    opening-cash: 0\n"));
    expect(model.forecasts[0]?.openingCash?.value).toBe(money(0n));
    expect(model.forecasts[0]?.lines[0]?.definition).toMatchObject({ kind: "per-month", amounts: [{ month: month(2025, 1) }, { month: month(2025, 2) }], growth: { value: ratio(1n, 50n) } });
  });

  it("defaults a calibration's scope to the line and a cost's payee to nobody", () => {
    const line = read(forecast("      costs: { kind: cost, per-year: { 2025: 1B }, calibrate: { total: 10B, through: 2027-12 } }\n")).forecasts[0]?.lines[0];
    expect(line?.calibrate).toMatchObject({ scope: "line", through: month(2027, 12) });
    expect(line?.payee).toBeUndefined();
  });

  it("accepts formulas that refer to each other through last()", () => {
    expect(codes(forecast("      a: { kind: revenue, formula: \"last(b) + 1B\" }\n      b: { kind: cost, formula: \"0.5 * a\" }\n"))).toEqual([]);
  });

  describe("invalid input", () => {
    it.each([
      ["two definitions", "      r: { kind: revenue, per-year: { 2025: 1B }, formula: \"1B\" }\n", ["E_FORECAST_DEFINITION"]],
      ["growth on a formula line", "      r: { kind: revenue, formula: \"1B\", growth: 5% }\n", ["E_CONFLICTING_FIELDS"]],
      ["a payee on a revenue line", "      r: { kind: revenue, per-year: { 2025: 1B }, payee: AWS }\n", ["E_CONFLICTING_FIELDS"]],
      ["a growth of -100 %", "      r: { kind: revenue, per-year: { 2025: 1B }, growth: -100% }\n", ["E_PERCENT_RANGE"]],
      ["a year that is not four digits", "      r: { kind: revenue, per-year: { 25: 1B } }\n", ["E_BAD_DATE"]],
      ["a year outside the horizon", "      r: { kind: revenue, per-year: { 2024: 1B } }\n", ["E_DATE_OUTSIDE_HORIZON"]],
      ["the same month written twice", "      r: { kind: revenue, per-month: { 2025-01: 1B, 2025-01-31: 1B } }\n", ["E_DUPLICATE_KEY"]],
      ["a formula line that refers to itself", "      r: { kind: revenue, formula: \"r + 1B\" }\n", ["E_FORMULA_CYCLE"]],
      ["subtraction written without spaces", "      a: { kind: revenue, per-year: { 2025: 1B } }\n      b: { kind: cost, formula: \"a-a\" }\n", ["E_UNKNOWN_LINE"]],
      ["a calibration through a month outside the horizon", "      c: { kind: cost, per-year: { 2025: 1B }, calibrate: { total: 1B, through: 2031-01 } }\n", ["E_DATE_OUTSIDE_HORIZON"]],
    ])("%s", (_what, lines, expected) => {
      expect(codes(forecast(lines))).toEqual(expected);
    });

    it("hints at spaces when a hyphenated name is two lines", () => {
      const result = readModelText("f.yaml", HEADER + forecast("      a: { kind: revenue, per-year: { 2025: 1B } }\n      b: { kind: cost, formula: \"a-a\" }\n"));
      expect(result.diagnostics[0]?.hint).toBe("to subtract, put spaces around the minus: a - a");
    });

    it("refuses a forecast owned by an investor", () => {
      expect(codes("forecasts:\n  Amazon:\n    lines:\n      r: { kind: revenue, per-year: { 2025: 1B } }\n")).toEqual(["E_PARTY_KIND"]);
    });
  });
});
