import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFigure, parseMoney } from "./figure-text.js";

const cents = (text: string): bigint | string => {
  const r = parseMoney(text, "USD");
  return r.ok ? (r.value) : r.problem.code;
};

describe("figures as finance people write them", () => {
  it("reads scaled amounts exactly", () => {
    expect(cents("730B")).toBe(73_000_000_000_000n);
    expect(cents("35 B")).toBe(3_500_000_000_000n);
    expect(cents("1.5M")).toBe(150_000_000n);
    expect(cents("$2.25bn")).toBe(225_000_000_000n);
    expect(cents("1,250,000")).toBe(125_000_000n);
    expect(cents("0.1")).toBe(10n);
  });
  it("reads percentages, quantities and unit prices", () => {
    expect(parseFigure("20%")).toEqual({ ok: true, value: { kind: "percent", value: { num: 1n, den: 5n } } });
    expect(parseFigure("3 GW")).toEqual({ ok: true, value: { kind: "quantity", value: { num: 3n, den: 1n }, unit: "GW" } });
    expect(parseFigure("50B/GW")).toEqual({ ok: true, value: { kind: "price", value: { num: 50_000_000_000n, den: 1n }, unit: "GW" } });
  });
  it("keeps a unit whose first letter is also a scale: 500 MW is 500 of MW, not 500 M of W", () => {
    expect(parseFigure("500 MW")).toEqual({ ok: true, value: { kind: "quantity", value: { num: 500n, den: 1n }, unit: "MW" } });
    expect(parseFigure("2 TWh")).toEqual({ ok: true, value: { kind: "quantity", value: { num: 2n, den: 1n }, unit: "TWh" } });
    expect(parseFigure("2M/MW")).toEqual({ ok: true, value: { kind: "price", value: { num: 2_000_000n, den: 1n }, unit: "MW" } });
  });
  it("never goes through a float: 0.1 + 0.2 style amounts stay exact", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.integer({ min: 0, max: 99 }), (whole, frac) => {
        const text = `${whole}.${String(frac).padStart(2, "0")}`;
        expect(cents(text)).toBe(whole * 100n + BigInt(frac));
      }),
    );
  });

  describe("invalid input", () => {
    it("says what is wrong with text that is no figure", () => {
      expect(cents("lots")).toBe("E_FIGURE_SYNTAX");
      expect(cents("12..5")).toBe("E_FIGURE_SYNTAX");
      expect(cents("20%")).toBe("E_FIGURE_SYNTAX");
    });
    it("refuses fractions of a cent", () => {
      expect(cents("0.001")).toBe("E_FIGURE_PRECISION");
    });
    it("refuses amounts beyond the safe range", () => {
      expect(cents("91T")).toBe("E_FIGURE_RANGE");
      expect(cents("90071992547409.92")).toBe("E_FIGURE_RANGE");
      expect(cents("90071992547409.91")).toBe(9_007_199_254_740_991n);
    });
  });
});
