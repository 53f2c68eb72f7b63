/**
 * Invariants that must hold for any cap table, checked on random ones (fast-check).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { money, splitByWeights } from "../money/money.js";
import { addRatio, compareRatio, ratio, ONE_RATIO, ZERO_RATIO, type Ratio } from "../money/ratio.js";
import { valueAt } from "./affine.js";
import { capTableAt } from "./cap-table.js";
import { computePayoutCurve, type PayoutCurve } from "./payout-curve.js";
import type { CapTable, Holding, PreferredClass } from "./types.js";
import { computeWaterfall } from "./waterfall.js";

const DATE = "2026-01-01";

/** Exact stake payouts at some proceeds, from the curve segment that holds them. */
function exactStakesAt(curve: PayoutCurve, proceeds: bigint): Ratio[] {
  const at = ratio(proceeds);
  const segment = [...curve.segments].reverse().find((s) => compareRatio(s.fromProceeds, at) <= 0)!;
  return segment.stakePayouts.map((a) => valueAt(a, at));
}

const preferredArb = (i: number) =>
  fc.record({
    price: fc.integer({ min: 1, max: 500 }),
    multiple: fc.constantFrom(ratio(1n), ratio(3n, 2n), ratio(2n)),
    participation: fc.constantFrom("non-participating", "participating", "capped"),
    capExtra: fc.constantFrom(ratio(1n), ratio(2n), ratio(1n, 2n)),
    seniority: fc.integer({ min: 1, max: 3 }),
    conversionRatio: fc.constantFrom(ONE_RATIO, ONE_RATIO, ratio(3n, 2n)),
    holders: fc.array(fc.bigInt({ min: 1n, max: 10_000_000n }), { minLength: 1, maxLength: 3 }),
  }).map((p) => {
    const cls: PreferredClass = {
      kind: "preferred",
      id: `p${i}`,
      originalIssuePrice: ratio(BigInt(p.price)),
      liquidationMultiple: p.multiple,
      participation:
        p.participation === "capped"
          ? { kind: "capped", capMultiple: addRatio(p.multiple, p.capExtra) }
          : p.participation === "participating"
            ? { kind: "participating" }
            : { kind: "non-participating" },
      seniority: p.seniority,
      conversionRatio: p.conversionRatio,
    };
    const holdings: Holding[] = p.holders.map((shares, h) => ({ kind: "shares", holder: `investor-${i}-${h}`, classId: cls.id, shares }));
    return { cls, holdings };
  });

const capTableArb: fc.Arbitrary<CapTable> = fc
  .record({
    founders: fc.array(fc.bigInt({ min: 1n, max: 20_000_000n }), { minLength: 1, maxLength: 3 }),
    preferred: fc.integer({ min: 0, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => preferredArb(i)))),
    options: fc.array(fc.record({ shares: fc.bigInt({ min: 1n, max: 2_000_000n }), strike: fc.integer({ min: 0, max: 1_000 }) }), { maxLength: 2 }),
  })
  .map(({ founders, preferred, options }) => ({
    classes: [{ kind: "common", id: "common" }, ...preferred.map((p) => p.cls)],
    pools: [{ id: "plan", classId: "common", reserved: 5_000_000n }],
    holdings: [
      ...founders.map((shares, i): Holding => ({ kind: "shares", holder: `founder-${i}`, classId: "common", shares })),
      ...preferred.flatMap((p) => p.holdings),
      ...options.map((o, i): Holding => ({ kind: "option", holder: `employee-${i}`, classId: "common", poolId: "plan", shares: o.shares, strike: ratio(BigInt(o.strike)) })),
    ],
  }));

const exitArb = fc.bigInt({ min: 0n, max: 50_000_000_000n }); // up to $500M in cents
const costsArb = fc.record({ transactionCosts: fc.bigInt({ min: 0n, max: 100_000_000n }).map(money), debt: fc.bigInt({ min: 0n, max: 1_000_000_000n }).map(money) });

describe("waterfall invariants", () => {
  it("payouts are never negative and sum exactly to exit - costs - debt, floored at zero", () => {
    fc.assert(
      fc.property(capTableArb, exitArb, costsArb, (capTable, exit, costs) => {
        const { value } = computeWaterfall(capTable, { exitValue: money(exit), ...costs }, { date: DATE });
        const expected = exit - costs.transactionCosts - costs.debt;
        const proceeds = expected > 0n ? expected : 0n;
        expect(value!.proceeds).toBe(proceeds);
        expect(value!.holders.reduce((a, h) => a + h.payout, 0n)).toBe(proceeds);
        expect(value!.stakes.reduce((a, s) => a + s.payout, 0n)).toBe(proceeds);
        for (const h of value!.holders) expect(h.payout).toBeGreaterThanOrEqual(0n);
      }),
      { numRuns: 200 },
    );
  });

  it("every holder's payout is non-decreasing in the exit value", () => {
    fc.assert(
      fc.property(capTableArb, fc.array(exitArb, { minLength: 2, maxLength: 12 }), costsArb, (capTable, raw, costs) => {
        const exits = [...new Set(raw)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(money);
        const { value } = computePayoutCurve(capTable, costs, exits, { date: DATE });
        const curve = value!;
        for (let k = 1; k < exits.length; k++) {
          // Exact stake payouts never fall.
          const before = exactStakesAt(curve, curve.points[k - 1]!.proceeds);
          exactStakesAt(curve, curve.points[k]!.proceeds).forEach((s, j) => expect(compareRatio(s, before[j]!)).toBeGreaterThanOrEqual(0));
          // Rounded holder payouts may fall by at most one minor unit: largest-remainder rounding
          // can move a spare cent between holders as the total grows (the "Alabama paradox").
          const prev = new Map(curve.holderPayoutsAt(k - 1).map((h) => [h.holder, h.payout]));
          for (const h of curve.holderPayoutsAt(k)) expect(h.payout + 1n).toBeGreaterThanOrEqual(prev.get(h.holder)!);
        }
      }),
      { numRuns: 80 },
    );
  });

  it("every holder's payout at every exit value is the stakes split by splitByWeights, in both fast outputs", () => {
    // Half of the cap tables have share counts 1 to 3 only, so that holders of a stake tie often.
    const tiedArb = fc.tuple(capTableArb, fc.boolean()).map(([capTable, small]): CapTable => (small ? { ...capTable, holdings: capTable.holdings.map((h) => ({ ...h, shares: 1n + (h.shares % 3n) })) } : capTable));
    fc.assert(
      fc.property(tiedArb, fc.array(exitArb, { minLength: 1, maxLength: 6 }), costsArb, (capTable, exits, costs) => {
        const { value } = computePayoutCurve(capTable, costs, exits.map(money), { date: DATE });
        const curve = value!;
        const ids = curve.holderIds();
        curve.points.forEach((point, k) => {
          const expected = new Map<string, bigint>(ids.map((id) => [id, 0n]));
          curve.stakes.forEach((stake, j) => {
            const parts = splitByWeights(point.stakes[j]!, stake.holders.map((h) => h.shares));
            stake.holders.forEach((h, i) => expected.set(h.holder, expected.get(h.holder)! + parts[i]!));
          });
          const integers = [...curve.holderPayoutsInto(k, new BigInt64Array(ids.length).fill(-1n))];
          expect(integers).toEqual([...expected.values()]);
          expect([...curve.holderPayoutsInWholeUnits(k, new Float64Array(ids.length).fill(Number.NaN))!].map(BigInt)).toEqual(integers);
          expect(integers.reduce((a, b) => a + b, 0n)).toBe(point.proceeds);
        });
      }),
      { numRuns: 150 },
    );
  });

  it("the curve agrees with the waterfall computed at each exit value on its own", () => {
    fc.assert(
      fc.property(capTableArb, fc.array(exitArb, { minLength: 1, maxLength: 6 }), (capTable, exits) => {
        const { value: curve } = computePayoutCurve(capTable, {}, exits.map(money), { date: DATE });
        exits.forEach((e, k) => {
          const { value } = computeWaterfall(capTable, { exitValue: money(e) }, { date: DATE });
          expect(curve!.points[k]!.classes).toEqual(value!.classes.map((c) => c.payout));
        });
      }),
      { numRuns: 80 },
    );
  });
});

describe("cap table invariants", () => {
  it("fully diluted ownership sums to exactly 1, on every basis", () => {
    fc.assert(
      fc.property(capTableArb, fc.boolean(), fc.boolean(), (capTable, includeUnissuedPool, includeUnvestedOptions) => {
        const { value } = capTableAt(capTable, { date: DATE, basis: { includeUnissuedPool, includeConvertibles: true, includeUnvestedOptions } });
        expect(value!.rows.reduce((a, r) => addRatio(a, r.ownership), ZERO_RATIO)).toEqual(ONE_RATIO);
        expect(value!.holders.reduce((a, r) => addRatio(a, r.ownership), ZERO_RATIO)).toEqual(ONE_RATIO);
        expect(value!.classes.reduce((a, r) => addRatio(a, r.ownership), ZERO_RATIO)).toEqual(ONE_RATIO);
      }),
      { numRuns: 200 },
    );
  });
});
