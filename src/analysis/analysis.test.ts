/**
 * The answers, on small models written inline, with figures small enough to check by hand.
 * Amounts are in cents in the expectations (USD).
 */
import { describe, expect, it } from "vitest";
import { renderDiagnostics } from "../diagnostics/render.js";
import { readModelText } from "../model/index.js";
import { ratio } from "../money/ratio.js";
import { formatMonth, type Month } from "../time/month.js";
import { analyseModel, type DealAnalysis } from "./analyse-model.js";

function analyse(text: string): DealAnalysis {
  const read = readModelText("inline.yaml", text);
  expect(read.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const result = analyseModel(read.model!, text);
  expect(result.diagnostics).toEqual([]);
  return result.analysis!;
}

function problems(text: string): string {
  const read = readModelText("inline.yaml", text);
  expect(read.model).toBeDefined();
  return renderDiagnostics(analyseModel(read.model!, text).diagnostics, new Map([["inline.yaml", { path: "inline.yaml", text }]]));
}

const M = (n: number): bigint => BigInt(n) * 1_000_000n * 100n;

const BURN = `
name: burn
horizon: { start: 2026-01, end: 2026-12 }
parties:
  Co: company
  Fund: investor
conditions:
  milestone: { description: first customer, expected: 2026-04, base-case: not-met }
rounds:
  seed:
    company: Co
    date: 2026-01
    pre-money: 10M
    commitments:
      Fund:
        tranches:
          - { amount: 1M, date: 2026-01 }
          - { amount: 2M, condition: milestone }
forecasts:
  Co:
    opening-cash: 500K
    lines:
      payroll: { kind: cost, per-month: { 2026-01: 300K }, growth: 0% }
`;

describe("cash and runway", () => {
  // Cash: 0.5 M opening + 1 M in January, then 0.3 M a month out.
  // Without the milestone: 1.5 M − 0.3 M × k goes below zero after month 5, in June (1.5 − 1.8 = −0.3).
  // With it (2 M in April): 3.5 M − 0.3 M × 12 = −0.1 M, so cash goes below zero only in December.
  const a = analyse(BURN);
  const cash = a.cash[0]!;

  it("finds the first month cash goes below zero in each scenario", () => {
    const runsOut = (k: "base" | "all" | "none") => formatMonth(cash.scenarios[k].runsOut.value.value as Month);
    expect([runsOut("base"), runsOut("all"), runsOut("none")]).toEqual(["2026-06", "2026-12", "2026-06"]);
    expect([cash.scenarios.base.runwayMonths, cash.scenarios.all.runwayMonths]).toEqual([5, 11]);
  });

  it("measures the funding gap as the deepest point below zero", () => {
    // Without the milestone: 1.5 M − 3.6 M = −2.1 M at the end of the year.
    expect(cash.scenarios.none.fundingGap.value.value).toBe(M(2) + M(1) / 10n);
    expect(cash.scenarios.all.fundingGap.value.value).toBe(M(1) / 10n);
  });

  it("separates certain from conditional arrivals", () => {
    expect(cash.arrivals.map((r) => [formatMonth(r.month), r.certain, r.conditional])).toEqual([
      ["2026-01", M(1), 0n],
      ["2026-04", 0n, M(2)],
    ]);
  });

  it("nets cost refunds and months of negative revenue out of the totals", () => {
    // vendor: 0.3 M out in January, then a 0.2 M refund in February (a negative cost month);
    // sales: 1 M in January, then −0.3 M in February (returns posted back to customers).
    const a = analyse(`
name: refunds
horizon: { start: 2026-01, end: 2026-02 }
parties: { Co: company, Vendor: supplier }
forecasts:
  Co:
    lines:
      sales: { kind: revenue, per-month: { 2026-01: 1M, 2026-02: 0 } }
      returns: { kind: revenue, formula: "0 - 300K * (1 - sales / 1M)" }
      vendor: { kind: cost, formula: "max(-200K, sales / 2 - 200K)", payee: Vendor }
`);
    const c = a.cash[0]!;
    expect(c.revenue.value.value).toBe(M(1) - M(3) / 10n); // 1 M − 0.3 M
    expect(c.outflow.value.value).toBe(M(3) / 10n - M(2) / 10n); // 0.3 M out, 0.2 M back
  });

  it("reports the burn as outflow less revenue", () => {
    expect(cash.burn.value.value).toBe(M(3) + (M(6) / 10n));
  });
});

describe("ownership", () => {
  it("prices a round from price per share × shares outstanding", () => {
    const a = analyse(`
name: priced
horizon: { start: 2026-01, end: 2026-12 }
parties: { Co: company, A: investor }
rounds:
  a:
    company: Co
    date: 2026-03
    price-per-share: 2.50
    shares-outstanding: 4M
    commitments: { A: 2.5M }
`);
    const r = a.rounds[0]!;
    expect(r.preMoney.value.value).toBe(M(10));
    expect(r.withConditional.postMoney.value.value).toBe(M(125) / 10n);
    expect(r.withConditional.investors[0]?.stake.value.value).toEqual({ num: 1n, den: 5n });
    expect(r.preMoney.derivation).toBe("price per share × shares outstanding");
  });
});

describe("circularity through affiliates", () => {
  it("counts payments to the investor's affiliates as returning to it", () => {
    const a = analyse(`
name: loop
horizon: { start: 2026-01, end: 2027-12 }
parties:
  Co: company
  Parent: partner
  Venture Arm: { kind: investor, affiliate-of: Parent }
  Cloud: { kind: supplier, affiliate-of: Parent }
  Other Cloud: supplier
rounds:
  a: { company: Co, date: 2026-01, pre-money: 40M, commitments: { Venture Arm: 10M } }
contracts:
  cloud: { kind: purchase, buyer: Co, seller: Cloud, total: 6M, term: { start: 2026-01, years: 3 } }
  other: { kind: purchase, buyer: Co, seller: Other Cloud, total: 5M, term: { start: 2026-01, years: 1 } }
`);
    // 6 M over 36 months: 16,666,666 cents a month leaves 24 cents, one each to the first 24
    // months (largest remainder), which are the ones in the horizon: 24 × 16,666,667 = 4 M + 0.08.
    // The other cloud is not Parent's.
    const r = a.circularity[0]!;
    expect(r.returned.value.value).toBe(M(4) + 8n);
    expect(r.shareWithConditional.value.value).toEqual(ratio(M(4) + 8n, M(10)));
    expect(r.group).toEqual(["Parent", "Venture Arm", "Cloud"]);
  });
});

describe("revenue share", () => {
  it("takes the rate on direct revenue and on revenue through covered third parties only", () => {
    const a = analyse(`
name: share
horizon: { start: 2026-01, end: 2026-12 }
parties: { Co: company, Partner: partner, Cloud A: supplier, Cloud B: supplier }
contracts:
  share: { kind: revenue-share, payer: Co, payee: Partner, rate: 10%, through: [Cloud A] }
forecasts:
  Co:
    lines:
      sales:
        kind: revenue
        per-year: { 2026: 12M }
        through: { Cloud A: 25%, Cloud B: 25% }
`);
    // Direct 6 M → 0.6 M; through Cloud A 3 M → 0.3 M; Cloud B's 3 M is not covered.
    const rs = a.revenueShares[0]!;
    expect(rs.total.value.value).toBe(M(9) / 10n);
    expect(rs.fromThirdParties.value.value).toBe(M(3) / 10n);
    expect(rs.years[0]?.direct).toBe(M(6) / 10n);
  });
});

describe("exclusivity", () => {
  const model = (provider: string, term = "") => `
name: excl
horizon: { start: 2026-01, end: 2028-12 }
parties: { Co: company, Holder: partner, Holder Cloud: { kind: supplier, affiliate-of: Holder }, Rival: supplier }
contracts:
  clause: { kind: exclusivity, provider: Holder, customer: Co, scope: [api]${term} }
placements:
  p: { customer: Co, workload: api, provider: ${provider}, from: 2027-06 }
`;
  it("flags a placement with a provider outside the holder's group", () => {
    expect(analyse(model("Rival")).exclusivity.breaches.map((b) => b.placement)).toEqual(["p"]);
  });
  it("accepts the holder's affiliates", () => {
    expect(analyse(model("Holder Cloud")).exclusivity.breaches).toEqual([]);
  });
  it("accepts placements after the clause has lapsed", () => {
    expect(analyse(model("Rival", ", term: { start: 2026-01, years: 1 }")).exclusivity.breaches).toEqual([]);
  });
});

describe("calibration", () => {
  it("scales a line so its total through the target month is the target, keeping its shape", () => {
    const a = analyse(`
name: cal
horizon: { start: 2026-01, end: 2027-12 }
parties: { Co: company }
forecasts:
  Co:
    lines:
      costs:
        kind: cost
        per-year: { 2026: 1M, 2027: 3M }
        calibrate: { total: 8M, through: 2027-12 }
`);
    const line = a.model.lines[0]!;
    expect(line.monthly.slice(0, 12).reduce((x, y) => x + y, 0n)).toBe(M(2));
    expect(line.monthly.reduce((x, y) => x + y, 0n)).toBe(M(8));
  });

  describe("invalid input", () => {
    it("refuses an outflow target that the contracts already exceed", () => {
      expect(
        problems(`
name: cal
horizon: { start: 2026-01, end: 2026-12 }
parties: { Co: company, S: supplier }
contracts:
  k: { kind: purchase, buyer: Co, seller: S, total: 12M, term: { start: 2026-01, years: 1 } }
forecasts:
  Co:
    lines:
      other:
        kind: cost
        per-year: { 2026: 1M }
        calibrate: { total: 10M, through: 2026-12, scope: outflow }
`),
      ).toBe(
        [
          "inline.yaml:13:29: error E_CALIBRATION: the other outflows of Co through 2026-12 already exceed the target of 10 M by 2 M",
          "  13 |         calibrate: { total: 10M, through: 2026-12, scope: outflow }",
          "     |                             ^^^",
          "  hint: raise the target, or lower the contracts and cost lines it must leave room for",
          "",
          "1 error, 0 warnings",
          "",
        ].join("\n"),
      );
    });

    it("refuses a formula that multiplies money by money", () => {
      expect(problems(`
name: f
horizon: { start: 2026-01, end: 2026-01 }
parties: { Co: company }
forecasts:
  Co:
    lines:
      a: { kind: revenue, per-month: { 2026-01: 1M } }
      b: { kind: cost, formula: "a * a" }
`)).toContain("error E_FORMULA_UNITS: the formula of \"b\" combines money with money");
    });

    it("refuses a formula that gives a plain number: a count times a written figure is not money", () => {
      expect(problems(`
name: f
horizon: { start: 2026-01, end: 2026-01 }
parties: { Co: company }
drivers:
  headcount: { base: 10 }
forecasts:
  Co:
    lines:
      payroll: { kind: cost, formula: "headcount * 10K" }
`)).toContain('error E_FORMULA_UNITS: the formula of "payroll" gives a plain number, not an amount of money');
    });

    it("warns of a division by zero and takes the month as 0", () => {
      const text = `
name: f
horizon: { start: 2026-01, end: 2026-01 }
parties: { Co: company }
forecasts:
  Co:
    lines:
      a: { kind: revenue, per-month: { 2026-01: 1M } }
      z: { kind: cost, per-month: { 2026-01: 0 } }
      b: { kind: cost, formula: "a / z" }
`;
      expect(problems(text)).toContain("warning W_FORMULA_DIVISION_BY_ZERO");
    });
  });
});
