/**
 * Equity sections through the whole pipeline: read, compile (the financing priced by the equity
 * core), then cap tables and waterfalls in both cases of a conditional tranche. Small enough to
 * check by hand.
 */
import { describe, expect, it } from "vitest";
import { compileEquity } from "../compile/equity.js";
import { STANDARD_FULLY_DILUTED } from "../equity/index.js";
import { readModelText } from "../model/index.js";
import { money } from "../money/money.js";
import { ratio } from "../money/ratio.js";
import { capTableReport, payoutCurveReport, waterfallReport } from "./equity.js";

const SEED = `
name: seed
horizon: { start: 2026-01, end: 2027-12 }
parties: { Acme: company, Lead: investor }
conditions:
  pilot: { description: first paying pilot, expected: 2026-09 }
rounds:
  seed:
    company: Acme
    date: 2026-03
    pre-money: 8M
    commitments:
      Lead:
        tranches:
          - { amount: 2M, date: 2026-03 }
          - { amount: 1M, condition: pilot }
equity:
  Acme:
    classes:
      common: common
      seed: { kind: preferred, seniority: 1 }
    holdings:
      - { holder: Founder, class: common, shares: 8M, issued: 2025-01-01 }
    financing: { round: seed, class: seed }
`;

function compiled(text: string) {
  const read = readModelText("inline.yaml", text);
  expect(read.diagnostics).toEqual([]);
  const eq = compileEquity(read.model!);
  expect(eq.diagnostics).toEqual([]);
  return { eq: eq.value[0]!, model: read.model! };
}

describe("a seed round with a milestone tranche", () => {
  // The price: 8 M pre-money over the founder's 8 M shares = 1.00 a share (no pool, no
  // convertibles). Lead's 2 M buys 2 M shares at signing; the 1 M on the pilot buys 1 M more,
  // issued only if the pilot is signed. The seed class's issue price is the round price, 1.00.
  const { eq, model } = compiled(SEED);
  const at = model.equity[0]!.at;

  it("prices the round from the pre-money and the shares before it", () => {
    expect(eq.financing?.result.roundPrice).toEqual(ratio(100n)); // 100 cents a share
    expect(eq.financing?.issued.map((i) => [i.shares, i.condition ?? null])).toEqual([
      [2_000_000n, null],
      [1_000_000n, "pilot"],
    ]);
  });

  it("shows the cap table with and without the conditional shares", () => {
    const report = capTableReport(eq, "2027-12-31", STANDARD_FULLY_DILUTED, at).value!;
    const lead = report.cases.map((c) => [c.label, c.value.rows.find((r) => r.holder === "Lead")?.ownership]);
    // Met: 3 M of 11 M shares; not met: 2 M of 10 M.
    expect(lead).toEqual([
      ["every condition met", ratio(3n, 11n)],
      ["no condition met", ratio(1n, 5n)],
    ]);
  });

  it("pays the 1x non-participating preference, or converts when common pays more", () => {
    // Not met: Lead holds 2 M seed shares of 10 M, preference 2 M. At a 5 M exit, converting
    // would pay 20 % × 5 M = 1 M < 2 M, so it keeps the preference and common gets 3 M. At
    // 20 M, converting pays 4 M > 2 M: everybody shares pro rata.
    const at5 = waterfallReport(eq, "2027-12-31", money(5_000_000_00n), {}, at).value!.cases[1]!.value;
    expect(at5.classes.map((c) => [c.classId, c.decision, c.payout])).toEqual([
      ["common", "common", 3_000_000_00n],
      ["seed", "keeps-preference", 2_000_000_00n],
    ]);
    const at20 = waterfallReport(eq, "2027-12-31", money(20_000_000_00n), {}, at).value!.cases[1]!.value;
    expect(at20.holders).toEqual([
      { holder: "Founder", payout: 16_000_000_00n },
      { holder: "Lead", payout: 4_000_000_00n },
    ]);
  });

  it("finds the exit value where the seed class converts: 2 M / 20 % = 10 M", () => {
    const curve = payoutCurveReport(eq, "2027-12-31", money(0n), money(30_000_000_00n), 30, {}, at).value!;
    const noneMet = curve.cases[1]!.value;
    expect(noneMet.breakpoints.map((b) => [b.exitValue, b.reasons.some((r) => r.includes("converts"))])).toContainEqual([ratio(10_000_000_00n), true]);
  });

  it("takes costs and debt first", () => {
    const w = waterfallReport(eq, "2027-12-31", money(5_000_000_00n), { transactionCostRate: ratio(2n, 100n), debt: money(1_000_000_00n) }, at).value!.cases[1]!.value;
    expect([w.costs, w.debt, w.proceeds]).toEqual([100_000_00n, 1_000_000_00n, 3_900_000_00n]);
  });
});

describe("convertibles at the financing", () => {
  it("converts a post-money SAFE at its cap price: 1 M on a 10 M cap owns 10 % of the capitalization", () => {
    // Capitalization for the cap: founder 9 M shares + the SAFE's own shares (post-money
    // basis, no pool). The SAFE owns 1 M / 10 M = 10 %: s = 0.1 (9 M + s), s = 1 M shares;
    // its price 1 M / 1 M = 1.00. The round prices at 18 M pre / 10 M = 1.80 (the SAFE counts
    // in the pre-money capitalization), above the cap price, so the cap applies.
    const { eq } = compiled(`
name: safe
horizon: { start: 2026-01, end: 2026-12 }
parties: { Acme: company, Lead: investor }
rounds:
  a: { company: Acme, date: 2026-06, pre-money: 18M, commitments: { Lead: 3.6M } }
equity:
  Acme:
    classes: { common: common, a: { kind: preferred, seniority: 1 } }
    holdings:
      - { holder: Founder, class: common, shares: 9M }
    safes:
      - { holder: Angel, amount: 1M, basis: post-money, cap: 10M }
    financing: { round: a, class: a }
`);
    const c = eq.financing!.result.conversions[0]!;
    expect([c.priceUsed, c.shares]).toEqual(["cap", 1_000_000n]);
    expect(eq.financing!.result.roundPrice).toEqual(ratio(180n));
    expect(eq.financing!.issued[0]?.shares).toBe(2_000_000n);
  });
});
