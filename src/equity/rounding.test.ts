/**
 * The equity core rounds exact payouts to minor units by largest remainder (`apportion`), as the
 * ledger splits totals (`splitByWeights`): the two must agree, so a payout and a schedule round
 * the same way.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { money, splitByWeights } from "../money/money.js";
import { ratio } from "../money/ratio.js";
import { apportion } from "./rounding.js";

describe("largest-remainder rounding", () => {
  it("gives 100.00 in three as 33.34 + 33.33 + 33.33, as the ledger does", () => {
    expect(apportion([ratio(10_000n, 3n), ratio(10_000n, 3n), ratio(10_000n, 3n)], 10_000n)).toEqual([3334n, 3333n, 3333n]);
  });

  it("agrees with the ledger's split on any non-negative total and weights (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 30 }), (total, weights) => {
        const sum = weights.reduce((a, b) => a + b, 0n);
        fc.pre(sum > 0n);
        const parts = weights.map((w) => ratio(total * w, sum));
        expect(apportion(parts, total)).toEqual(splitByWeights(money(total), weights));
      }),
    );
  });

  describe("invalid input", () => {
    it("refuses parts that do not add up to the total (a programming error, so it throws)", () => {
      expect(() => apportion([ratio(1n), ratio(1n)], 5n)).toThrow(RangeError);
    });
  });
});
