import { describe, expect, it } from "vitest";
import { money } from "../money/money.js";
import { ratio } from "../money/ratio.js";
import { computePayoutCurve } from "./payout-curve.js";
import { common, dollars, preferred, pricePerShare, shares } from "./test-helpers.js";
import type { CapTable } from "./types.js";

const DATE = "2026-01-01";

describe("payout curve and breakpoints", () => {
  // The VentureSouth example again (see waterfall.test.ts): 2,500,000 Series A shares at $0.80,
  // 1x preference, participating up to 4x; 7,500,000 common shares.
  //   $0 - $2M:   the preference takes everything (slope 1 for Series A).
  //   $2M - $26M: Series A gets $2M + 25 % of the rest; the cap ($8M) binds at 2 + 0.25 (E - 2) = 8 -> E = $26M.
  //   $26M - $32M: Series A flat at $8M, common takes every extra dollar.
  //   above $32M: converting pays 25 % x E > $8M, so Series A converts at E = $32M.
  const capTable: CapTable = {
    classes: [common(), preferred("series-a", "0.80", { participation: { kind: "capped", capMultiple: ratio(4n) } })],
    pools: [],
    holdings: [shares("founders", "common", 7_500_000), shares("angels", "series-a", 2_500_000)],
  };
  const exits = Array.from({ length: 51 }, (_, i) => dollars(i * 1_000_000));

  it("finds every breakpoint exactly, with its reason", () => {
    const { value } = computePayoutCurve(capTable, {}, exits, { date: DATE });
    expect(value!.breakpoints.map((b) => [b.exitValue, b.reasons])).toEqual([
      [ratio(dollars(2_000_000)), ['preferences of seniority 1 (series-a) are paid in full']],
      [ratio(dollars(26_000_000)), ['class "series-a" reaches its participation cap']],
      [ratio(dollars(32_000_000)), ['class "series-a" converts to common']],
    ]);
  });

  it("gives the payouts at each exit value, class by class", () => {
    const { value } = computePayoutCurve(capTable, {}, exits, { date: DATE });
    const at = (millions: number) => value!.points[millions]!.classes.map((m) => Number(m) / 100);
    expect(at(1)).toEqual([0, 1_000_000]);
    expect(at(10)).toEqual([6_000_000, 4_000_000]);
    expect(at(30)).toEqual([22_000_000, 8_000_000]);
    expect(at(40)).toEqual([30_000_000, 10_000_000]);
  });

  it("moves breakpoints by costs and debt, and adds the point where they are covered", () => {
    // $1M of debt and a 2 % fee: proceeds = 0.98 E - $1M; the preference is paid at proceeds $2M,
    // E = $3M / 0.98 = $3,061,224.49 (exactly 300,000,000 / 0.98 cents).
    const { value } = computePayoutCurve(capTable, { debt: dollars(1_000_000), transactionCostRate: ratio(2n, 100n) }, exits, { date: DATE });
    expect(value!.breakpoints[0]).toEqual({ exitValue: ratio(dollars(1_000_000) * 100n, 98n), proceeds: ratio(0n), reasons: ["transaction costs and debt are covered"] });
    expect(value!.breakpoints[1]!.exitValue).toEqual(ratio(dollars(3_000_000) * 100n, 98n));
  });

  it("reports options coming into the money", () => {
    // 900,000 founder shares, 100,000 vested options at $1.00. The options are in the money once
    // $P / 900,000 > $1.00, i.e. proceeds above $900,000.
    const withOptions: CapTable = {
      classes: [common()],
      pools: [{ id: "plan", classId: "common", reserved: 100_000n }],
      holdings: [shares("founders", "common", 900_000), { kind: "option", holder: "staff", classId: "common", poolId: "plan", shares: 100_000n, strike: pricePerShare("1.00") }],
    };
    const { value } = computePayoutCurve(withOptions, {}, [dollars(0), dollars(2_000_000)], { date: DATE });
    expect(value!.breakpoints.map((b) => [b.exitValue, b.reasons])).toEqual([[ratio(dollars(900_000)), ['options of "common" at a strike of 100.0000 minor units a share come into the money']]]);
    expect(value!.holderPayoutsAt(1)).toEqual([
      { holder: "founders", payout: dollars(1_890_000) },
      { holder: "staff", payout: dollars(110_000) },
    ]);
  });

  it("gives every holder's payout as an array for sweeping many exit values", () => {
    const { value } = computePayoutCurve(capTable, {}, exits, { date: DATE });
    expect(value!.holderIds()).toEqual(["founders", "angels"]);
    const payouts = new BigInt64Array(2);
    expect([...value!.holderPayoutsInto(10, payouts)]).toEqual([dollars(6_000_000), dollars(4_000_000)]);
    expect([...value!.holderPayoutsInto(40, payouts)]).toEqual([dollars(30_000_000), dollars(10_000_000)]);
    expect(() => value!.holderPayoutsInto(10, new BigInt64Array(3))).toThrow(RangeError);
    expect(() => value!.holderPayoutsInto(51)).toThrow(RangeError);
  });

  it("gives the same payouts as whole minor units in a float64 array, and null beyond 2^53", () => {
    const huge = 2n ** 60n;
    const { value } = computePayoutCurve(capTable, {}, [...exits, money(huge)], { date: DATE });
    const wholeUnits = new Float64Array(2);
    for (const index of [0, 10, 37, 40]) expect([...value!.holderPayoutsInWholeUnits(index, wholeUnits)!].map(BigInt)).toEqual([...value!.holderPayoutsInto(index)]);
    // Beyond 2^53 - 1 a float64 would round: the fast path declines, the bigint one stays exact.
    expect(value!.holderPayoutsInWholeUnits(exits.length, wholeUnits)).toBeNull();
    const bigint = value!.holderPayoutsInto(exits.length);
    expect(bigint[0]! + bigint[1]!).toBe(huge);
    expect(() => value!.holderPayoutsInWholeUnits(10, new Float64Array(3))).toThrow(RangeError);
  });
});
