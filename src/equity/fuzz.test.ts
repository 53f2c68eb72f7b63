/**
 * Property tests of the equity core on generated cap tables with edge cases over-weighted (no
 * holder, one holder, classes nobody holds, share counts beyond 2^53, prices of a fraction of a
 * minor unit and of a trillion, 0x preferences, caps equal to the preference, strikes above any
 * exit value, exit values from zero to 10^15 major units), and the cases they found, kept as
 * literal examples with their expected values worked out.
 *
 * DEALGRAPH_FUZZ_RUNS raises the number of runs for a longer search (default 200).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { money } from "../money/money.js";
import { ratio, type Ratio } from "../money/ratio.js";
import { capTableAt } from "./cap-table.js";
import { computePayoutCurve } from "./payout-curve.js";
import { convertAtPricedRound } from "./priced-round.js";
import { common, preferred, shares } from "./test-helpers.js";
import { expectCapTableInvariants, expectCurveMatchesWaterfall, expectMonotone, expectWaterfallInvariants } from "./test-support/invariants.js";
import type { CapTable, Holding, PreferredClass } from "./types.js";
import { computeWaterfall } from "./waterfall.js";

const RUNS = Number(process.env.DEALGRAPH_FUZZ_RUNS ?? 200);
const DATE = "2026-01-01";

const countArb = fc.oneof(fc.constantFrom(1n, 2n, 3n, 9_007_199_254_740_993n, 10n ** 21n), fc.bigInt({ min: 1n, max: 50_000_000n }));
/** Minor units per share: from a ten-thousandth of a minor unit to a trillion major units. */
const priceArb: fc.Arbitrary<Ratio> = fc.constantFrom(ratio(1n, 10_000n), ratio(1n, 3n), ratio(1n), ratio(50n), ratio(1250n), ratio(10n ** 14n));
const multipleArb = fc.constantFrom(ratio(0n), ratio(1n), ratio(3n, 2n), ratio(3n));

const preferredArb = (i: number): fc.Arbitrary<{ cls: PreferredClass; holdings: Holding[] }> =>
  fc
    .record({
      price: priceArb,
      multiple: multipleArb,
      participation: fc.constantFrom("non-participating", "participating", "cap-equal", "cap-above"),
      seniority: fc.integer({ min: 1, max: 3 }),
      byShares: fc.boolean(),
      conversionRatio: fc.constantFrom(ratio(1n), ratio(1n, 2n), ratio(3n)),
      holders: fc.array(countArb, { maxLength: 3 }), // a class nobody holds, too
    })
    .map((p) => {
      const cls: PreferredClass = {
        kind: "preferred",
        id: `p${i}`,
        originalIssuePrice: p.price,
        liquidationMultiple: p.multiple,
        participation:
          p.participation === "cap-equal"
            ? { kind: "capped", capMultiple: p.multiple }
            : p.participation === "cap-above"
              ? { kind: "capped", capMultiple: ratio(p.multiple.num + 2n * p.multiple.den, p.multiple.den) }
              : { kind: p.participation },
        seniority: p.seniority,
        // Every class of one seniority states the same rule (else the cap table is refused).
        ...(p.seniority % 2 === 0 ? { tierSharing: "by-shares" as const } : {}),
        conversionRatio: p.conversionRatio,
      };
      return { cls, holdings: p.holders.map((count, h) => shares(`investor-${i}-${h}`, cls.id, count)) };
    });

const capTableArb: fc.Arbitrary<CapTable> = fc
  .record({
    founders: fc.array(countArb, { maxLength: 3 }),
    preferred: fc.integer({ min: 0, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => preferredArb(i)))),
    options: fc.array(fc.record({ shares: countArb, strike: priceArb, cliff: fc.boolean() }), { maxLength: 2 }),
    warrants: fc.array(fc.record({ shares: countArb, strike: priceArb, onPreferred: fc.boolean() }), { maxLength: 2 }),
  })
  .map(({ founders, preferred, options, warrants }): CapTable => {
    const granted = options.reduce((a, o) => a + o.shares, 0n);
    return {
      classes: [common(), ...preferred.map((p) => p.cls)],
      pools: [{ id: "plan", classId: "common", reserved: granted + 1_000n }],
      holdings: [
        ...founders.map((count, i) => shares(`founder-${i}`, "common", count)),
        ...preferred.flatMap((p) => p.holdings),
        // Half the grants are still in their cliff at the date: granted, none vested.
        ...options.map((o, i): Holding => ({ kind: "option", holder: `employee-${i}`, classId: "common", poolId: "plan", shares: o.shares, strike: o.strike, grantedOn: "2025-06-01", ...(o.cliff ? { vesting: { start: "2025-06-01", months: 48, cliffMonths: 12 } } : {}) })),
        ...warrants.map((w, i): Holding => ({ kind: "warrant", holder: `lender-${i}`, classId: w.onPreferred && preferred[0] ? preferred[0].cls.id : "common", shares: w.shares, strike: w.strike })),
      ],
    };
  });

/** Exit values in minor units, up to 10^15 major units of yen (just under 2^53 minor units is the ceiling). */
const exitArb = fc.oneof(fc.constantFrom(0n, 1n, 2n, 10n ** 15n, 9_007_199_254_740_991n), fc.bigInt({ min: 0n, max: 10n ** 12n }));
const costsArb = fc.record({ transactionCosts: fc.constantFrom(0n, 1n, 10_000n).map(money), debt: fc.constantFrom(0n, 1n, 10n ** 8n).map(money), transactionCostRate: fc.constantFrom(ratio(0n), ratio(1n, 50n), ratio(9_999n, 10_000n)) }, { requiredKeys: [] });

describe("equity core invariants on edge-case cap tables", () => {
  it("cap tables: ownership sums to 1 at every level, totals are sums of rows, fully diluted ≥ outstanding ≥ 0", () => {
    fc.assert(
      fc.property(capTableArb, fc.boolean(), fc.boolean(), fc.constantFrom("2025-06-01", DATE, "2030-01-01"), (capTable, includeUnissuedPool, includeUnvestedOptions, date) => {
        const { value } = capTableAt(capTable, { date, basis: { includeUnissuedPool, includeConvertibles: true, includeUnvestedOptions } });
        expectCapTableInvariants(capTable, value!);
      }),
      { numRuns: RUNS },
    );
  });

  it("waterfall: payouts ≥ 0 summing exactly to the proceeds, in equilibrium; or E_EQUITY_NO_SHARES when no one holds a share", () => {
    fc.assert(
      fc.property(capTableArb, exitArb, costsArb, (capTable, exit, costs) => {
        const scenario = { ...costs, exitValue: money(exit) };
        const r = computeWaterfall(capTable, scenario, { date: DATE });
        if (r.value === null) return void expect(r.diagnostics.map((d) => d.code)).toEqual(["E_EQUITY_NO_SHARES"]);
        expectWaterfallInvariants(capTable, scenario, { date: DATE }, r.value);
      }),
      { numRuns: RUNS },
    );
  });

  it("payout curve: monotone in the exit value, equal to the waterfall at its points and either side of its breakpoints", () => {
    fc.assert(
      fc.property(capTableArb, fc.array(exitArb, { minLength: 1, maxLength: 5 }), costsArb, (capTable, raw, costs) => {
        const exits = [...new Set(raw)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(money);
        const r = computePayoutCurve(capTable, costs, exits, { date: DATE });
        if (r.value === null) return void expect(r.diagnostics.map((d) => d.code)).toEqual(["E_EQUITY_NO_SHARES"]);
        if (r.diagnostics.some((d) => d.severity === "error")) return void expect(r.diagnostics.map((d) => d.code)).toContain("E_EQUITY_NO_EQUILIBRIUM"); // reported, no payouts to check
        for (let k = 0; k < exits.length; k++) {
          expectCurveMatchesWaterfall(capTable, costs, { date: DATE }, r.value, k);
          if (k > 0) expectMonotone(r.value, k - 1, k);
        }
        const around = r.value.breakpoints.flatMap((b) => [money(b.exitValue.num / b.exitValue.den), money(b.exitValue.num / b.exitValue.den + 1n)]).filter((e) => e <= 9_007_199_254_740_991n);
        const atBreakpoints = computePayoutCurve(capTable, costs, around, { date: DATE });
        if (atBreakpoints.value === null) return void expect(atBreakpoints.diagnostics.map((d) => d.code)).toEqual(["E_EQUITY_NO_SHARES"]); // proceeds past where costs and debt are covered
        expect(atBreakpoints.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        around.forEach((_, k) => expectCurveMatchesWaterfall(capTable, costs, { date: DATE }, atBreakpoints.value!, k));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("cases the property tests found", () => {
  it("a waterfall with no shares outstanding says so instead of throwing (no one to pay)", () => {
    // Shrunk from a model whose only share was a treasury share, beside a warrant over common: the
    // proceeds had no class to go to, the rounding found parts summing to 0 against 1 and threw.
    const capTable: CapTable = {
      classes: [common()],
      pools: [],
      holdings: [{ ...shares("Company", "common", 1), treasury: true } as Holding, { kind: "warrant", holder: "Lender", classId: "common", shares: 10n, strike: ratio(1n) }],
    };
    const r = computeWaterfall(capTable, { exitValue: money(100n) }, { date: DATE });
    expect(r.value).toBeNull();
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([["E_EQUITY_NO_SHARES", "no shares are outstanding on 2026-01-01, so proceeds of 100 minor units have no one to go to"]]);
    // Nothing to pay is fine: everyone gets nothing.
    expect(computeWaterfall(capTable, { exitValue: money(500n), debt: money(500n) }, { date: DATE }).value?.proceeds).toBe(0n);
    expect(computePayoutCurve(capTable, {}, [money(0n), money(1n)], { date: DATE }).diagnostics.map((d) => d.code)).toEqual(["E_EQUITY_NO_SHARES"]);
    expect(computePayoutCurve(capTable, {}, [money(0n)], { date: DATE }).value?.points[0]?.stakes).toEqual([0n]); // the warrant's stake, unexercised
  });

  it("a priced round with no shares before it says so instead of dividing by zero shares", () => {
    // Shrunk from a model whose only holding was a treasury share issued after the round: the
    // round price, pre-money / (0 existing + 0 pool + 0 increase + 0 conversion shares), threw.
    const r = convertAtPricedRound({ date: DATE, preMoneyValuation: money(100n), newMoney: money(1n), existingShares: 0n, unissuedPool: 0n, pool: { kind: "none" }, convertibles: [] });
    expect(r.value).toBeNull();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E_EQUITY_NO_SHARES"]);
    // A pool alone is enough to price against: $1 over 100 pool shares is 1 cent a share.
    expect(convertAtPricedRound({ date: DATE, preMoneyValuation: money(100n), newMoney: money(1n), existingShares: 0n, unissuedPool: 100n, pool: { kind: "none" }, convertibles: [] }).value?.roundPrice).toEqual(ratio(1n));
  });

  it("a class left indifferent by the others' choices keeps its preference, as documented", () => {
    // Exit $13.00 (1,300 cents). Common: 1 share. A: 1 share, 0x preference, participating up to
    // 1x of $1.00 (the cap is 100 cents, the preference 0). B: 1,000 shares at 1 cent, 1x, senior.
    // Nobody converting: B takes its 1,000; common and A would share 300 (150 each) but A is capped
    // at 100, so A gains 50 by converting; B converting gets 1,300 x 1,000/1,002 = 1,297.4 > 1,000.
    // Both switch at once. With B converted, A's cap no longer binds (1,300/1,002 = 1.297 cents a
    // share), so converting and keeping pay A the same: at indifference A keeps its preference.
    // The search used to leave A "converts" there, because only a strict gain made a class switch.
    const capTable: CapTable = {
      classes: [common(), preferred("A", "1.00", { liquidationMultiple: ratio(0n), participation: { kind: "capped", capMultiple: ratio(1n) } }), preferred("B", "0.01")],
      pools: [],
      holdings: [shares("Founder", "common", 1), shares("Angel", "A", 1), shares("Fund", "B", 1_000)],
    };
    const r = computeWaterfall(capTable, { exitValue: money(1_300n) }, { date: DATE });
    expect(r.value!.classes.map((c) => [c.classId, c.decision, c.exactGross])).toEqual([
      ["common", "common", ratio(1_300n, 1_002n)],
      ["A", "keeps-preference", ratio(1_300n, 1_002n)],
      ["B", "converts", ratio(1_300_000n, 1_002n)],
    ]);
    // 1.297 + 1.297 + 1,297.405 cents: floors 1 + 1 + 1,297 leave one cent for the largest remainder (B's).
    expect(r.value!.classes.map((c) => c.payout)).toEqual([1n, 1n, 1_298n]);
  });

  it("a class indifferent between its choices stays converted when keeping its preference would make another class switch", () => {
    // Found when the rule above was first applied unconditionally: the search then cycled
    // (E_EQUITY_NO_EQUILIBRIUM) where an equilibrium exists. Exit $3.00 (300 cents). No common
    // shares. P: 1 share, 3x of 50 cents (150 a share), non-participating, and a warrant over P
    // for 1 share at 0.0001 cents. Q: 1 share, 0x preference, participating capped at 0x.
    // The warrant exercises (P pays 150 a share); P's preference is 300 and the strike money
    // 0.0001 joins the proceeds. If Q keeps its preference, the 0.0001 left is the residual, and
    // Q, capped at nothing and the only participant, takes it (every participant capped: shared
    // ignoring the caps); P converting would then take all 300.0001, so P would switch. If Q
    // converts, P converting splits 300.0001 three ways (100.0000333 a share), 200.0000667 < 300:
    // P keeps. Q gets 0.0001 either way, so Q converting is the equilibrium.
    const capTable: CapTable = {
      classes: [common(), preferred("P", "0.50", { liquidationMultiple: ratio(3n) }), preferred("Q", "0.000001", { liquidationMultiple: ratio(0n), participation: { kind: "capped", capMultiple: ratio(0n) } })],
      pools: [],
      holdings: [shares("Investor P", "P", 1), shares("Investor Q", "Q", 1), { kind: "warrant", holder: "Lender", classId: "P", shares: 1n, strike: ratio(1n, 10_000n) }],
    };
    const r = computeWaterfall(capTable, { exitValue: money(300n) }, { date: DATE });
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.classes.map((c) => [c.classId, c.decision, c.exactGross])).toEqual([
      ["common", "common", ratio(0n)],
      ["P", "keeps-preference", ratio(300n)],
      ["Q", "converts", ratio(1n, 10_000n)],
    ]);
    // Net of the strike: P's shares 150, the warrant 149.9999, Q 0.0001; floors 150 + 149 + 0 leave
    // one cent for the largest remainder, the warrant's 0.9999.
    expect(r.value!.stakes.map((s) => [s.classId, s.kind, s.payout])).toEqual([
      ["P", "shares", 150n],
      ["Q", "shares", 0n],
      ["P", "warrant", 150n],
    ]);
  });
});
