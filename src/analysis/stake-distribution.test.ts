/** Stakes and round trips when a tranche may or may not arrive: every combination of conditions, exactly. */
import { describe, expect, it } from "vitest";
import { compileModel } from "../compile/compile-model.js";
import { readModelText } from "../model/index.js";
import { ratio } from "../money/ratio.js";
import { stakeDistributions } from "./stake-distribution.js";

const MODEL = `
name: two conditions
horizon: { start: 2026-01, end: 2027-12 }
parties: { Co: company, A: investor, A Cloud: { kind: supplier, affiliate-of: A }, B: investor }
conditions:
  x: { description: x, probability: 50%, expected: 2026-06 }
  y: { description: y, probability: 25%, expected: 2026-09 }
rounds:
  r:
    company: Co
    date: 2026-01
    pre-money: 80M
    commitments:
      A:
        tranches:
          - { amount: 10M, date: 2026-01 }
          - { amount: 10M, condition: x }
      B:
        tranches:
          - { amount: 10M, condition: y }
contracts:
  cloud: { kind: purchase, buyer: Co, seller: A Cloud, total: 5M, term: { start: 2026-01, years: 1 } }
`;

describe("stake distributions", () => {
  const read = readModelText("inline.yaml", MODEL);
  const compiled = compileModel(read.model!).value;
  const [a, b] = stakeDistributions(compiled, [10, 50, 90]);

  it("weighs each combination of conditions by its probability", () => {
    // A: x met (p = 1/2) → 20 M; not met → 10 M. Post-money: 80 + A + (y ? 10 : 0).
    //   x, y:   20/110, p = 1/8     x, ¬y: 20/100, p = 3/8
    //   ¬x, y:  10/100, p = 1/8     ¬x, ¬y: 10/90, p = 3/8
    expect(a?.stake.outcomes).toEqual([
      { probability: 0.125, value: ratio(1n, 10n) },
      { probability: 0.375, value: ratio(1n, 9n) },
      { probability: 0.125, value: ratio(2n, 11n) },
      { probability: 0.375, value: ratio(1n, 5n) },
    ]);
    expect(a?.stake.mean).toBeCloseTo(0.125 * 0.1 + 0.375 / 9 + 0.125 * (2 / 11) + 0.375 * 0.2, 12);
    // p50 is the smallest stake whose cumulative probability reaches 1/2: 1/8 + 3/8 at 1/9.
    expect(a?.stake.percentiles.map((p) => p.value)).toEqual([0.1, 1 / 9, 0.2]);
    // B holds nothing unless y is met (p = 1/4): 10/100 with x, 10/90 without.
    expect(b?.stake.percentiles.map((p) => p.value)).toEqual([0, 0, 0.1]);
  });

  it("sets what comes back to the investor's group against what it put in", () => {
    // A's group (A, A Cloud) receives the 5 M contract; A puts in 10 M or 20 M.
    expect(a?.roundTripShare.outcomes).toEqual([
      { probability: 0.5, value: ratio(1n, 4n) },
      { probability: 0.5, value: ratio(1n, 2n) },
    ]);
  });

  describe("invalid input", () => {
    it("treats a condition without a probability as its base case", () => {
      const r = readModelText("inline.yaml", MODEL.replace("probability: 25%, ", ""));
      const [, bNoP] = stakeDistributions(compileModel(r.model!).value, [50]);
      // y is met for sure (its base case); B's 10 M is 10/110 with x, 10/100 without.
      expect(bNoP?.stake.outcomes.map((o) => o.value)).toEqual([ratio(1n, 11n), ratio(1n, 10n)]);
    });
  });
});
