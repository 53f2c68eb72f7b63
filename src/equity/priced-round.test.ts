import { describe, expect, it } from "vitest";
import { ratio } from "../money/ratio.js";
import { convertAtPricedRound, type PricedRound } from "./priced-round.js";
import { dollars, pricePerShare } from "./test-helpers.js";

const solve = (round: PricedRound) => {
  const { value, diagnostics } = convertAtPricedRound(round);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return value!;
};

describe("priced round: conversions and the pool top-up", () => {
  describe("post-money SAFEs: a published example (Y Combinator, Post-Money Safe User Guide; Kirsty Nathoo, 'Understanding SAFEs and Priced Equity Rounds')", () => {
    // As restated from YC's material: before the round the company has 10,000,000 shares fully
    // diluted (founders' 9,250,000 plus 750,000 in options). Two post-money SAFEs:
    //   investor A: $200,000 at a $4,000,000 post-money cap -> 200k / 4M = 5 %
    //   investor B: $800,000 at an $8,000,000 post-money cap -> 800k / 8M = 10 %
    // The SAFEs' capitalization counts the SAFE shares themselves, so the SAFEs hold 15 % of it:
    //   capitalization = 10,000,000 / (1 - 15 %) = 11,764,705.88 -> 11,764,705 after whole shares.
    //   A's price = $4M / 11,764,705 = $0.3400; B's = $8M / 11,764,705 = $0.6800 (4 decimals).
    //   A: $200,000 / $0.34 = 588,235 shares; B: $800,000 / $0.68 = 1,176,470 shares.
    // Series A: $5,000,000 new money at a $15,000,000 pre-money, with a 1,695,000-share pool increase
    // counted in the pre-money: price = $15M / (11,764,705 + 1,695,000) = $1.1144 (the guide's figure).
    //   New investors: $5M / $1.1144 = 4,486,719 shares.
    const round: PricedRound = {
      date: "2026-03-01",
      preMoneyValuation: dollars(15_000_000),
      newMoney: dollars(5_000_000),
      existingShares: 10_000_000n,
      unissuedPool: 0n,
      pool: { kind: "increase", shares: 1_695_000n },
      convertibles: [
        { kind: "safe", id: "safe-a", holder: "investor-a", purchaseAmount: dollars(200_000), basis: "post-money", valuationCap: dollars(4_000_000) },
        { kind: "safe", id: "safe-b", holder: "investor-b", purchaseAmount: dollars(800_000), basis: "post-money", valuationCap: dollars(8_000_000) },
      ],
    };
    const result = solve(round);

    it("converts each SAFE at its cap price over a capitalization that includes the SAFEs", () => {
      expect(result.conversions.map((c) => [c.instrumentId, c.conversionPrice, c.priceUsed, c.shares])).toEqual([
        ["safe-a", pricePerShare("0.34"), "cap", 588_235n],
        ["safe-b", pricePerShare("0.68"), "cap", 1_176_470n],
      ]);
    });

    it("states the capitalization each SAFE used: converting securities in, pool increase and new money out", () => {
      expect(result.conversions[0]!.capCapitalization).toEqual({
        shares: 11_764_705n,
        existing: 10_000_000n,
        unissuedPool: 0n,
        poolIncrease: 0n,
        promisedOptionsBeyondPool: 0n,
        convertingSecurities: 1_764_705n,
        newMoneyShares: 0n,
      });
    });

    it("prices the round over the pre-money capitalization including the conversions and the pool increase", () => {
      expect(result.roundPrice).toEqual(pricePerShare("1.1144"));
      expect(result.preMoneyCapitalization.shares).toBe(13_459_705n);
      expect(result.newInvestorShares).toBe(4_486_719n);
      expect(result.postMoneyFullyDiluted).toBe(17_946_424n);
    });
  });

  describe("the option pool shuffle: a published example (Venture Hacks, 'The Option Pool Shuffle')", () => {
    // The article's offer: $2M at an $8M pre-money, with a pool of 20 % of the post-money counted in
    // the pre-money, so the pool's value comes out of the founders' share and the "real" pre-money
    // is $6M. Restated with 6,000,000 founder shares and no pool before the round:
    //   post-money = $10M; investors 20 %, pool 20 %, founders 60 % -> post-money 10,000,000 shares.
    //   pool = 2,000,000 shares; price = $8M / (6,000,000 + 2,000,000) = $1.00; investors 2,000,000 shares.
    // The iteration: start with no pool -> price $8M / 6M = $1.3333 -> investors 1,500,037 shares ->
    // pool (20 % x (6M + 1,500,037)) / 80 % = 1,875,010 -> price $8M / 7,875,010 ... -> settles on 2,000,000.
    const result = solve({
      date: "2026-03-01",
      preMoneyValuation: dollars(8_000_000),
      newMoney: dollars(2_000_000),
      existingShares: 6_000_000n,
      unissuedPool: 0n,
      pool: { kind: "target", postMoneyFraction: ratio(20n, 100n) },
      convertibles: [],
    });
    it("prices the pool into the pre-money", () => {
      expect(result.poolIncrease).toBe(2_000_000n);
      expect(result.roundPrice).toEqual(pricePerShare("1.00"));
      expect(result.newInvestorShares).toBe(2_000_000n);
      expect(result.postMoneyFullyDiluted).toBe(10_000_000n);
    });
    it("reports how many iterations the fixed point took", () => {
      expect(result.steps).toBeGreaterThan(1);
      expect(result.steps).toBeLessThan(20);
    });
  });

  describe("pre-money SAFEs and discounts", () => {
    it("divides a pre-money SAFE's cap by the capitalization without the converting securities", () => {
      // 8,000,000 shares; SAFE $500,000, pre-money cap $4M, 20 % discount; round $2M at $10M pre.
      // Cap price: $4M / 8,000,000 = $0.50 -> 1,000,000 shares.
      // Round price: $10M / (8,000,000 + 1,000,000) = $1.1111; discounted $0.8889 > $0.50, so the cap wins.
      // New investors: $2M / $1.1111 = 1,800,018 shares.
      const result = solve({
        date: "2026-03-01",
        preMoneyValuation: dollars(10_000_000),
        newMoney: dollars(2_000_000),
        existingShares: 8_000_000n,
        unissuedPool: 0n,
        pool: { kind: "none" },
        convertibles: [{ kind: "safe", id: "s", holder: "angel", purchaseAmount: dollars(500_000), basis: "pre-money", valuationCap: dollars(4_000_000), discount: ratio(20n, 100n) }],
      });
      expect(result.conversions[0]).toMatchObject({ capPrice: pricePerShare("0.50"), discountPrice: pricePerShare("0.8889"), priceUsed: "cap", shares: 1_000_000n });
      expect(result.conversions[0]!.capCapitalization).toMatchObject({ shares: 8_000_000n, convertingSecurities: 0n });
      expect(result.roundPrice).toEqual(pricePerShare("1.1111"));
      expect(result.newInvestorShares).toBe(1_800_018n);
    });

    it("converts a discount-only SAFE at the discounted round price", () => {
      // 9,000,000 shares; SAFE $1M at 20 % discount; round $5M at $20M pre.
      // Fixed point: p = $20M / (9M + $1M / 0.8p) -> 9M x p = $20M - $1.25M -> p = $2.0833.
      // Discount price: 0.8 x $2.0833 = $1.6666 -> $1M / $1.6666 = 600,024 shares.
      // Check: $20M / 9,600,024 = $2.08333 -> $2.0833: consistent. New investors: $5M / $2.0833 = 2,400,038.
      const result = solve({
        date: "2026-03-01",
        preMoneyValuation: dollars(20_000_000),
        newMoney: dollars(5_000_000),
        existingShares: 9_000_000n,
        unissuedPool: 0n,
        pool: { kind: "none" },
        convertibles: [{ kind: "safe", id: "s", holder: "angel", purchaseAmount: dollars(1_000_000), basis: "post-money", discount: ratio(20n, 100n) }],
      });
      expect(result.roundPrice).toEqual(pricePerShare("2.0833"));
      expect(result.conversions[0]).toMatchObject({ conversionPrice: pricePerShare("1.6666"), priceUsed: "discount", shares: 600_024n });
      expect(result.newInvestorShares).toBe(2_400_038n);
    });

    it("gives an MFN SAFE the terms of a later SAFE that converts cheaper", () => {
      // 10,000,000 shares. The MFN SAFE ($100,000, no cap, no discount) came first; a later SAFE has
      // a $5M pre-money cap. Round: $20M pre, no new money. Later cap price: $5M / 10M = $0.50 < round price $2.00,
      // so the MFN SAFE converts at $0.50 too: 200,000 shares.
      const result = solve({
        date: "2026-03-01",
        preMoneyValuation: dollars(20_000_000),
        newMoney: dollars(0),
        existingShares: 10_000_000n,
        unissuedPool: 0n,
        pool: { kind: "none" },
        convertibles: [
          { kind: "safe", id: "mfn", holder: "early", purchaseAmount: dollars(100_000), basis: "pre-money", mfn: true },
          { kind: "safe", id: "capped", holder: "later", purchaseAmount: dollars(100_000), basis: "pre-money", valuationCap: dollars(5_000_000) },
        ],
      });
      expect(result.conversions[0]).toMatchObject({ termsOf: "capped", conversionPrice: pricePerShare("0.50"), shares: 200_000n });
    });
  });

  describe("convertible notes", () => {
    const base = { date: "2026-01-01", preMoneyValuation: dollars(10_000_000), newMoney: dollars(0), existingShares: 10_000_000n, unissuedPool: 0n, pool: { kind: "none" } } as const;
    it("accrues simple interest on ACT/365 and converts principal plus interest", () => {
      // $100,000 at 8 % simple from 2025-01-01 to 2026-01-01: 365/365 of a year -> $8,000 interest.
      // The conversion shares sit in the pre-money, so the round price p solves
      //   p = $10M / (10,000,000 + $108,000 / 0.8p)  ->  10,000,000 p + 135,000 = $10M  ->  p = $0.9865.
      // Discounted 20 %: $0.7892; $108,000 / $0.7892 = 136,847 shares. Check: $10M / 10,136,847 = $0.9865.
      const result = solve({ ...base, convertibles: [{ kind: "note", id: "n", holder: "lender", principal: dollars(100_000), annualRate: ratio(8n, 100n), compounding: "simple", dayCount: "ACT/365", issuedOn: "2025-01-01", maturity: "2026-06-30", discount: ratio(20n, 100n) }] });
      expect(result.conversions[0]).toMatchObject({ interest: dollars(8_000), amount: dollars(108_000), conversionPrice: pricePerShare("0.7892"), shares: 136_847n });
    });
    it("compounds monthly on 30/360", () => {
      // $100,000 at 6 % compounded monthly, 2025-01-15 to 2025-07-15: 180/360 = 6 months.
      // 1.005^6 = 1.030377509... -> interest $3,037.75 (to the cent, half to even).
      const result = solve({ ...base, date: "2025-07-15", convertibles: [{ kind: "note", id: "n", holder: "lender", principal: dollars(100_000), annualRate: ratio(6n, 100n), compounding: "monthly", dayCount: "30/360", issuedOn: "2025-01-15", maturity: "2026-01-15" }] });
      expect(result.conversions[0]!.interest).toBe(303_775n);
    });
    it("warns when the note converts after its maturity", () => {
      const { diagnostics } = convertAtPricedRound({ ...base, convertibles: [{ kind: "note", id: "n", holder: "lender", principal: dollars(100_000), annualRate: ratio(5n, 100n), compounding: "simple", dayCount: "ACT/365", issuedOn: "2024-01-01", maturity: "2025-01-01" }] });
      expect(diagnostics.map((d) => d.code)).toEqual(["W_EQUITY_NOTE_PAST_MATURITY"]);
    });
  });

  describe("invalid input", () => {
    const base: PricedRound = { date: "2026-01-01", preMoneyValuation: dollars(10_000_000), newMoney: dollars(1_000_000), existingShares: 10_000_000n, unissuedPool: 0n, pool: { kind: "none" }, convertibles: [] };
    it("refuses a discount of 100 % or more", () => {
      const { value, diagnostics } = convertAtPricedRound({ ...base, convertibles: [{ kind: "safe", id: "s", holder: "h", purchaseAmount: dollars(1), basis: "post-money", discount: ratio(1n) }] });
      expect(value).toBeNull();
      expect(diagnostics).toEqual([
        { code: "E_EQUITY_DISCOUNT_RANGE", severity: "error", message: 'convertible "s" has a discount of 100.00%', path: ["convertibles", 0, "discount"], hint: "a discount must be at least 0 % and below 100 %: at 100 % the shares would be free" },
      ]);
    });
    it("refuses a valuation cap below zero", () => {
      const { diagnostics } = convertAtPricedRound({ ...base, convertibles: [{ kind: "safe", id: "s", holder: "h", purchaseAmount: dollars(1), basis: "post-money", valuationCap: dollars(-5) }] });
      expect(diagnostics.map((d) => [d.code, d.path])).toEqual([["E_EQUITY_NEGATIVE_AMOUNT", ["convertibles", 0, "valuationCap"]]]);
    });
    it("refuses a pool target of 100 %", () => {
      const { diagnostics } = convertAtPricedRound({ ...base, pool: { kind: "target", postMoneyFraction: ratio(1n) } });
      expect(diagnostics.map((d) => d.code)).toEqual(["E_EQUITY_POOL_TARGET_RANGE"]);
    });
    it("settles a round whose claims are high but below 100 %, however many steps it takes", () => {
      // 10M existing shares at a $10M pre-money, $5M new money, a 15 % post-money pool target and a
      // $5.6M pre-money SAFE at a 20 % discount with no cap: the SAFE claims 5.6 / (10 x 0.8) = 70 %
      // of the pre-money and the pool 15 % x (1 + 5 / 10) = 22.5 %, 92.5 % together. Each step
      // closes the gap by that factor only, so at 6 price decimals it takes 101 steps (the old
      // limit of 100 refused this round as if it had no solution).
      const { value, diagnostics } = convertAtPricedRound({
        date: "2026-01-01",
        preMoneyValuation: dollars(10_000_000),
        newMoney: dollars(5_000_000),
        existingShares: 10_000_000n,
        unissuedPool: 0n,
        priceDecimals: 6,
        pool: { kind: "target", postMoneyFraction: ratio(15n, 100n) },
        convertibles: [{ kind: "safe", id: "s1", holder: "a", purchaseAmount: dollars(5_600_000), basis: "pre-money", discount: ratio(20n, 100n) }],
      });
      expect(diagnostics).toEqual([]);
      expect(value?.steps).toBe(101);
      expect(value?.postMoneyFullyDiluted).toBe(199_981_700n);
    });
    it("reports an iteration that runs out of steps", () => {
      // The pool shuffle above needs several steps; allowing 2 is not enough.
      const { value, diagnostics } = convertAtPricedRound({ ...base, maxIterations: 2, newMoney: dollars(2_000_000), preMoneyValuation: dollars(8_000_000), existingShares: 6_000_000n, pool: { kind: "target", postMoneyFraction: ratio(20n, 100n) } });
      expect(value).toBeNull();
      expect(diagnostics.map((d) => d.code)).toEqual(["E_EQUITY_NO_FIXED_POINT"]);
      expect(diagnostics[0]!.message).toMatch(/^the conversion did not settle within 2 steps/);
    });
    it("reports a conversion that cannot reach a fixed point, with why and after how many steps", () => {
      // Post-money SAFEs of $600,000 and $500,000, both at a $1M cap, claim 60 % + 50 % = 110 % of
      // the company: the capitalization they divide grows every step and never settles.
      const { value, diagnostics } = convertAtPricedRound({
        ...base,
        maxIterations: 50,
        convertibles: [
          { kind: "safe", id: "s1", holder: "a", purchaseAmount: dollars(600_000), basis: "post-money", valuationCap: dollars(1_000_000) },
          { kind: "safe", id: "s2", holder: "b", purchaseAmount: dollars(500_000), basis: "post-money", valuationCap: dollars(1_000_000) },
        ],
      });
      expect(value).toBeNull();
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]!.code).toBe("E_EQUITY_NO_FIXED_POINT");
      // Rounded to 4 decimals the price bottoms out and the iteration stops, at an absurd share count;
      // the diagnostic says so rather than reporting it.
      expect(diagnostics[0]!.message).toMatch(/^the conversion has no fixed point: post-money SAFEs claim 110.00% of the company capitalization .* the iteration stopped after \d+ steps only because prices are rounded/);
      expect(diagnostics[0]!.hint).toMatch(/less than 100 %/);
    });
  });
});
