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
import { addRatio, compareRatio, divRatio, mulRatio, ONE_RATIO, ratio, subRatio, ZERO_RATIO, type Ratio } from "../money/ratio.js";
import { capTableAt } from "./cap-table.js";
import { computePayoutCurve } from "./payout-curve.js";
import { convertAtPricedRound, type Convertible, type PoolTopUp, type PricedRound } from "./priced-round.js";
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
const costsArb = fc.record({ transactionCosts: fc.constantFrom(0n, 1n, 10_000n).map(money), debt: fc.constantFrom(0n, 1n, 10n ** 8n).map(money), transactionCostRate: fc.constantFrom(ratio(0n), ratio(1n, 50n), ratio(9_999n, 10_000n), ratio(1n)) }, { requiredKeys: [] });

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

const convertibleArb = (i: number): fc.Arbitrary<Convertible> =>
  fc.oneof(
    fc.record(
      {
        amount: fc.constantFrom(1n, 100_000n, 150_000_000n, 10n ** 15n),
        basis: fc.constantFrom("post-money" as const, "pre-money" as const),
        cap: fc.constantFrom(1n, 400_000_000n, 2_000_000_000n, 9_007_199_254_740_991n),
        discount: fc.constantFrom(ratio(0n), ratio(1n, 5n), ratio(9_999n, 10_000n)),
        mfn: fc.boolean(),
        issuedOn: fc.constantFrom("2024-01-01", "2025-06-30"),
      },
      { requiredKeys: ["amount", "basis", "mfn"] },
    ).map((c): Convertible => ({ kind: "safe", id: `safe-${i}`, holder: `holder-${i}`, purchaseAmount: money(c.amount), basis: c.basis, mfn: c.mfn, ...(c.cap !== undefined ? { valuationCap: money(c.cap) } : {}), ...(c.discount ? { discount: c.discount } : {}), ...(c.issuedOn ? { issuedOn: c.issuedOn } : {}) })),
    fc.record(
      {
        principal: fc.constantFrom(1n, 100_000_000n),
        rate: fc.constantFrom(ratio(0n), ratio(8n, 100n), ratio(1n)),
        compounding: fc.constantFrom("simple" as const, "annual" as const, "monthly" as const),
        dayCount: fc.constantFrom("ACT/365" as const, "30/360" as const),
        issuedOn: fc.constantFrom("2020-02-29", "2025-12-31", DATE),
        maturity: fc.constantFrom("2025-12-31", "2027-01-31"),
        cap: fc.constantFrom(1n, 3_000_000_000n),
        discount: fc.constantFrom(ratio(15n, 100n), ratio(9_999n, 10_000n)),
      },
      { requiredKeys: ["principal", "rate", "compounding", "dayCount", "issuedOn", "maturity"] },
    ).map((n): Convertible => ({ kind: "note", id: `note-${i}`, holder: `lender-${i}`, principal: money(n.principal), annualRate: n.rate, compounding: n.compounding, dayCount: n.dayCount, issuedOn: n.issuedOn, maturity: n.maturity, ...(n.cap !== undefined ? { valuationCap: money(n.cap) } : {}), ...(n.discount ? { discount: n.discount } : {}) })),
  );

const pricedRoundArb: fc.Arbitrary<PricedRound> = fc
  .record({
    preMoney: fc.constantFrom(1n, 100n, 4_000_000_000n, 9_007_199_254_740_991n),
    newMoney: fc.constantFrom(0n, 1n, 500_000_000n, 10n ** 15n),
    existing: fc.constantFrom(0n, 1n, 10_000_000n, 10n ** 21n),
    unissued: fc.constantFrom(0n, 1n, 1_000_000n),
    promised: fc.constantFrom(0n, 1n, 2_000_000n),
    pool: fc.constantFrom<PoolTopUp>({ kind: "none" }, { kind: "target", postMoneyFraction: ratio(0n) }, { kind: "target", postMoneyFraction: ratio(1n, 10n) }, { kind: "target", postMoneyFraction: ratio(99n, 100n) }, { kind: "increase", shares: 1n }, { kind: "increase", shares: 10n ** 20n }),
    priceDecimals: fc.constantFrom(0, 4, 12),
    minorDigits: fc.constantFrom(0, 2, 3),
    convertibles: fc.integer({ min: 0, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => convertibleArb(i)))),
  })
  .map((r) => ({ date: DATE, preMoneyValuation: money(r.preMoney), newMoney: money(r.newMoney), existingShares: r.existing, unissuedPool: r.unissued, promisedOptions: r.promised, pool: r.pool, convertibles: r.convertibles, priceDecimals: r.priceDecimals, minorDigits: r.minorDigits }));

describe("priced-round invariants on edge-case rounds", () => {
  it("converts and tops up the pool consistently, or says why not — never a throw", () => {
    fc.assert(
      fc.property(pricedRoundArb, (round) => {
        const r = convertAtPricedRound(round);
        if (r.value === null) return void expect(r.diagnostics.some((d) => d.severity === "error")).toBe(true);
        const v = r.value;
        const cap = v.preMoneyCapitalization;
        // The capitalization is the sum of its parts, and the post-money adds the new money's shares.
        expect(cap.shares).toBe(cap.existing + cap.unissuedPool + cap.poolIncrease + cap.convertingSecurities);
        expect(v.postMoneyFullyDiluted).toBe(cap.shares + v.newInvestorShares);
        expect(cap.convertingSecurities).toBe(v.conversions.reduce((a, c) => a + c.shares, 0n));
        // Whole shares rounded down: no one receives a share not paid for in full.
        const floorShares = (amount: bigint, price: Ratio): bigint => (amount * price.den) / price.num;
        expect(v.newInvestorShares).toBe(floorShares(round.newMoney, v.roundPrice));
        for (const c of v.conversions) {
          expect(compareRatio(c.conversionPrice, v.roundPrice)).toBeLessThanOrEqual(0);
          expect(c.shares).toBe(floorShares(c.amount, c.conversionPrice));
        }
        // The pool meets its target (rounded up), and no more than one share above it.
        expect(v.poolAfter).toBe(round.unissuedPool + v.poolIncrease);
        if (round.pool.kind === "target") {
          const f = round.pool.postMoneyFraction;
          expect(v.poolAfter * f.den).toBeGreaterThanOrEqual(f.num * v.postMoneyFullyDiluted);
          if (v.poolIncrease > 0n) expect((v.poolAfter - 1n) * f.den).toBeLessThan(f.num * (v.postMoneyFullyDiluted - 1n));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/**
 * An independent reading of docs/equity.md's waterfall for cap tables of issued shares only, by
 * class and in plain exact fractions: preferences by tier (a shortfall shared by preference owed,
 * or by shares up to each class's preference), then the residual filled like water up to the
 * caps, the excess shared ignoring caps when every participant is capped, and to every class as
 * converted when no one participates. The engine's choices must be an equilibrium of this
 * reading, and its payouts this reading's payouts for those choices.
 */
function referencePayouts(capTable: CapTable, converting: readonly boolean[], proceeds: Ratio): Ratio[] {
  const shares = capTable.classes.map((c) => capTable.holdings.reduce((a, h) => (h.kind === "shares" && h.classId === c.id && h.treasury !== true ? a + h.shares : a), 0n));
  const pay: Ratio[] = capTable.classes.map(() => ZERO_RATIO);
  const preference = capTable.classes.map((c, i) => (c.kind === "preferred" && !converting[i] ? mulRatio(ratio(shares[i]!), mulRatio(c.originalIssuePrice, c.liquidationMultiple)) : ZERO_RATIO));
  /** Fills `amount` into parts of weight w up to their room (null: none), like water; the excess ignores rooms. */
  const fillInto = (amount: Ratio, parts: Array<{ i: number; w: Ratio; room: Ratio | null }>): void => {
    const live = parts.filter((p) => p.w.num > 0n);
    if (live.length === 0) return;
    const totalWeight = live.reduce((a, p) => addRatio(a, p.w), ZERO_RATIO);
    const capped = live.filter((p) => p.room !== null).sort((a, b) => compareRatio(divRatio(a.room!, a.w), divRatio(b.room!, b.w)));
    let left = amount;
    let weight = totalWeight;
    const full = new Set<number>();
    for (const p of capped) {
      // Everyone still rising reaches this part's level room / w: is there enough for that?
      if (compareRatio(left, mulRatio(divRatio(p.room!, p.w), weight)) < 0) break;
      full.add(p.i);
      left = subRatio(left, p.room!);
      weight = subRatio(weight, p.w);
    }
    if (weight.num === 0n) {
      for (const p of live) pay[p.i] = addRatio(pay[p.i]!, addRatio(p.room!, mulRatio(left, divRatio(p.w, totalWeight))));
      return;
    }
    for (const p of live) pay[p.i] = addRatio(pay[p.i]!, full.has(p.i) ? p.room! : mulRatio(left, divRatio(p.w, weight)));
  };
  let left = proceeds;
  const seniorities = [...new Set(capTable.classes.flatMap((c) => (c.kind === "preferred" ? [c.seniority] : [])))].sort((a, b) => a - b);
  for (const seniority of seniorities) {
    const tier = capTable.classes.flatMap((c, i) => (c.kind === "preferred" && c.seniority === seniority && preference[i]!.num > 0n ? [i] : []));
    const owed = tier.reduce((a, i) => addRatio(a, preference[i]!), ZERO_RATIO);
    if (tier.length === 0) continue;
    if (compareRatio(left, owed) >= 0) {
      for (const i of tier) pay[i] = preference[i]!;
      left = subRatio(left, owed);
      continue;
    }
    const bySharesRule = (capTable.classes[tier[0]!] as PreferredClass).tierSharing === "by-shares";
    fillInto(left, tier.map((i) => ({ i, w: bySharesRule ? ratio(shares[i]!) : preference[i]!, room: preference[i]! })));
    return pay;
  }
  const asConverted = (i: number): Ratio => mulRatio(ratio(shares[i]!), capTable.classes[i]!.kind === "preferred" ? ((capTable.classes[i] as PreferredClass).conversionRatio ?? ONE_RATIO) : ONE_RATIO);
  const parts = capTable.classes.flatMap((c, i): Array<{ i: number; w: Ratio; room: Ratio | null }> => {
    if (c.kind === "common" || converting[i] || c.participation.kind === "participating") return [{ i, w: asConverted(i), room: null }];
    if (c.participation.kind === "capped") return [{ i, w: asConverted(i), room: subRatio(mulRatio(ratio(shares[i]!), mulRatio(c.originalIssuePrice, c.participation.capMultiple)), preference[i]!) }];
    return [];
  });
  fillInto(left, parts.some((p) => p.w.num > 0n) ? parts : capTable.classes.map((_, i) => ({ i, w: asConverted(i), room: null })));
  return pay;
}

describe("the waterfall against an independent reading of the rules (issued shares only)", () => {
  const sharesOnly = capTableArb.map((t): CapTable => ({ ...t, holdings: t.holdings.filter((h) => h.kind === "shares") }));
  it("pays each class what the rules give for the engine's choices, and those choices are an equilibrium", () => {
    fc.assert(
      fc.property(sharesOnly, exitArb, (capTable, exit) => {
        const r = computeWaterfall(capTable, { exitValue: money(exit) }, { date: DATE });
        if (r.value === null || r.diagnostics.some((d) => d.severity === "error")) return;
        const converting = r.value.classes.map((c) => c.decision === "converts");
        const at = ratio(r.value.proceeds);
        expect(r.value.classes.map((c) => c.exactGross)).toEqual(referencePayouts(capTable, converting, at));
        capTable.classes.forEach((c, i) => {
          if (c.kind !== "preferred") return;
          const mine = referencePayouts(capTable, converting, at)[i]!;
          const switched = converting.map((x, j) => (j === i ? !x : x));
          const theirs = referencePayouts(capTable, switched, at)[i]!;
          expect(compareRatio(mine, theirs), `class ${c.id} would gain by switching`).toBeGreaterThanOrEqual(0);
        });
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

  it("a pool target the new money makes impossible is no fixed point, not a price rounded to its floor", () => {
    // 6,000,000 founder shares, $8M pre-money, $20M new money, the pool to be 50 % of the
    // post-money. With S the pre-money shares, the price is $8M / S, the new money buys 2.5 S
    // shares, the post-money is 3.5 S and the pool would be 1.75 S, more than S itself: no
    // solution. The iteration used to run the price down to its floor and stop there, reporting
    // a price of $0.0001 and a pool of 200,006,000,000 shares as the answer.
    const r = convertAtPricedRound({ date: DATE, preMoneyValuation: money(800_000_000n), newMoney: money(2_000_000_000n), existingShares: 6_000_000n, unissuedPool: 0n, pool: { kind: "target", postMoneyFraction: ratio(1n, 2n) }, convertibles: [] });
    expect(r.value).toBeNull();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E_EQUITY_NO_FIXED_POINT"]);
    expect(r.diagnostics[0]!.message).toContain("and the pool target 175.00% of the pre-money capitalization");
    // With $2M the same target is met: S = 6M + pool, post = 1.25 S, pool = 0.625 S, so S = 16M,
    // the price $0.50, the pool 10,000,000 and the post-money 20,000,000.
    const met = convertAtPricedRound({ date: DATE, preMoneyValuation: money(800_000_000n), newMoney: money(200_000_000n), existingShares: 6_000_000n, unissuedPool: 0n, pool: { kind: "target", postMoneyFraction: ratio(1n, 2n) }, convertibles: [] });
    expect([met.value?.roundPrice, met.value?.poolAfter, met.value?.postMoneyFullyDiluted]).toEqual([ratio(50n), 10_000_000n, 20_000_000n]);
  });

  it("a capped SAFE whose discount claims the whole pre-money is no fixed point, not a price rounded to its floor", () => {
    // 8,000,000 shares, $10M pre-money, a $2M SAFE capped at $20M with an 80 % discount. It
    // converts at 20 % of the round price or less, so it claims at least $2M / ($10M x 20 %) =
    // 100 % of the pre-money capitalization: its shares grow with every step. Only uncapped
    // convertibles used to count towards that claim; the iteration stopped at a price of $0.0173
    // with 571,428,571 SAFE shares. At 50 % the claim is 40 %: S = 8M / 0.6, the price $0.75.
    const round = (discount: Ratio) =>
      convertAtPricedRound({ date: DATE, preMoneyValuation: money(1_000_000_000n), newMoney: money(100_000_000n), existingShares: 8_000_000n, unissuedPool: 0n, pool: { kind: "none" }, convertibles: [{ kind: "safe", id: "safe", holder: "Angel", purchaseAmount: money(200_000_000n), basis: "pre-money", valuationCap: money(2_000_000_000n), discount }] });
    const r = round(ratio(4n, 5n));
    expect(r.value).toBeNull();
    expect(r.diagnostics[0]!.message).toContain("convertibles with a discount or no cap 100.00% of the pre-money at their discounted prices");
    expect(round(ratio(1n, 2n)).value?.roundPrice).toEqual(ratio(75n));
  });

  it("a cap price that rounds to zero at the price decimals is E_EQUITY_ZERO_PRICE, not raised to one unit", () => {
    // 8,000,000 shares, $1B pre-money, a $1,000 pre-money SAFE capped at one cent: its cap price is
    // 1 cent / 8,000,000 shares = 0.000000125 cents a share, below half of $0.0001 (4 decimals).
    // Rounding raised it to $0.0001, and the SAFE received 100,000 cents / 0.01 = 10,000,000
    // shares instead of the 800,000,000,000 its terms give (found comparing 4 and 12 decimals).
    const round = (priceDecimals: number) =>
      convertAtPricedRound({ date: DATE, preMoneyValuation: money(100_000_000_000n), newMoney: money(100_000_000n), existingShares: 8_000_000n, unissuedPool: 0n, pool: { kind: "none" }, priceDecimals, convertibles: [{ kind: "safe", id: "angel", holder: "Angel", purchaseAmount: money(100_000n), basis: "pre-money", valuationCap: money(1n) }] });
    const r = round(4);
    expect(r.value).toBeNull();
    expect(r.diagnostics.map((d) => [d.code, d.message, d.path])).toEqual([["E_EQUITY_ZERO_PRICE", 'the cap price of "angel" (0.000000125000 minor units a share) rounds to zero at 4 decimals of a major unit', ["convertibles", 0]]]);
    // At 12 decimals the price is exact: $0.00000000125, and 800,000,000,000 shares.
    expect(round(12).value?.conversions.map((c) => [c.conversionPrice, c.shares])).toEqual([[ratio(1n, 8_000_000n), 800_000_000_000n]]);
  });

  it("a payout curve with a cost rate of 100 % has no breakpoints instead of dividing by 1 - 100 %", () => {
    // Breakpoints are reported as exit values, (proceeds + fixed costs + debt) / (1 - rate); with a
    // rate of 100 % (the core takes any rate; the CLI refuses 100 %) and a fixed cost, the "costs
    // are covered" breakpoint divided by zero. No exit value leaves proceeds: every point is 0.
    const capTable: CapTable = { classes: [common()], pools: [], holdings: [shares("Founder", "common", 10)] };
    const r = computePayoutCurve(capTable, { transactionCostRate: ratio(1n), transactionCosts: money(1n) }, [money(0n), money(1_000n)], { date: DATE });
    expect(r.value!.breakpoints).toEqual([]);
    expect(r.value!.points.map((p) => p.proceeds)).toEqual([0n, 0n]);
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
