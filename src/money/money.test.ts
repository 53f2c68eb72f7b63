import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyRatio, formatShort, money, splitByWeights, splitEvenly, sum, toDecimalString } from "./money.js";
import { divideHalfEven, formatPercent, ratio } from "./ratio.js";

describe("money", () => {
  describe("exact decimal strings", () => {
    it("writes minor units as major units with the currency's decimals", () => {
      expect(toDecimalString(money(73_000_000_000_000n), "USD")).toBe("730000000000.00");
      expect(toDecimalString(money(-5n), "USD")).toBe("-0.05");
      expect(toDecimalString(money(1234n), "JPY")).toBe("1234");
    });
  });

  describe("short figures", () => {
    it("uses the scale a finance reader expects", () => {
      expect(formatShort(money(84_000_000_000_000n), "USD")).toBe("840 B");
      expect(formatShort(money(150_000_000n), "USD")).toBe("1.5 M");
      expect(formatShort(money(-3_550_000_000_000n), "USD")).toBe("-35.5 B");
      expect(formatShort(money(99n), "USD")).toBe("0.99");
      expect(formatShort(money(99_999_600_000_000n), "USD")).toBe("1 T"); // 999.996 B rounds to 1000 B
      expect(formatShort(money(99_999_400_000_000n), "USD")).toBe("999.99 B");
    });
  });

  describe("rounding half to even", () => {
    it("rounds ties to the even neighbour, both signs", () => {
      expect(divideHalfEven(5n, 2n)).toBe(2n);
      expect(divideHalfEven(7n, 2n)).toBe(4n);
      expect(divideHalfEven(-5n, 2n)).toBe(-2n);
      expect(divideHalfEven(-7n, 2n)).toBe(-4n);
      expect(divideHalfEven(10n, 3n)).toBe(3n);
    });
    it("applies a rate once: 20 % of 0.05 is 0.01", () => {
      expect(applyRatio(money(5n), ratio(20n, 100n))).toBe(1n);
      expect(formatPercent(ratio(50n, 840n))).toBe("5.95%");
    });
  });

  describe("splits", () => {
    it("splits 100.00 in three as 33.34 + 33.33 + 33.33", () => {
      expect(splitEvenly(money(10_000n), 3)).toEqual([3334n, 3333n, 3333n]);
    });
    it("splits by weights 1:2:3", () => {
      expect(splitByWeights(money(600n), [1n, 2n, 3n])).toEqual([100n, 200n, 300n]);
    });
    it("always sums exactly to the total (property)", () => {
      fc.assert(
        fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 6n }), { minLength: 1, maxLength: 40 }), (total, weights) => {
          fc.pre(weights.some((w) => w > 0n));
          expect(sum(splitByWeights(money(total), weights))).toBe(total);
        }),
      );
    });
  });

  describe("invalid input", () => {
    it("refuses weights that sum to zero", () => {
      expect(() => splitByWeights(money(1n), [0n, 0n])).toThrow(RangeError);
    });
    it("refuses a zero denominator", () => {
      expect(() => ratio(1n, 0n)).toThrow(RangeError);
    });
  });
});
