import { describe, expect, it } from "vitest";
import { money } from "../money/money.js";
import { ratio } from "../money/ratio.js";
import { common, dollars, payoutsInDollars, preferred, pricePerShare, shares } from "./test-helpers.js";
import type { CapTable } from "./types.js";
import { computeWaterfall, type ExitScenario } from "./waterfall.js";

const DATE = "2026-01-01";
const at = (capTable: CapTable, exit: ExitScenario | number, extra: { metConditions?: string[] } = {}) => {
  const scenario = typeof exit === "number" ? { exitValue: dollars(exit) } : exit;
  const { value, diagnostics } = computeWaterfall(capTable, scenario, { date: DATE, ...extra });
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return value!;
};

describe("exit waterfall", () => {
  describe("non-participating preferred: the preference or common, whichever pays more", () => {
    // Series A bought 1,000,000 shares at $2.00: a 1x preference of $2,000,000.
    // Founders hold 4,000,000 common shares.
    const capTable: CapTable = {
      classes: [common(), preferred("series-a", "2.00")],
      pools: [],
      holdings: [shares("founders", "common", 4_000_000), shares("fund-a", "series-a", 1_000_000)],
    };

    it("takes everything below its preference", () => {
      // $1.5M < $2M preference: Series A takes all of it, common nothing.
      expect(payoutsInDollars(at(capTable, 1_500_000).holders)).toEqual({ founders: 0, "fund-a": 1_500_000 });
    });

    it("keeps the preference while converting would pay less", () => {
      // $5M: keep -> A gets $2M, common shares $3M ($0.75 a share).
      //      convert -> 5M shares share $5M, $1.00 a share: A would get $1M < $2M. A keeps.
      const result = at(capTable, 5_000_000);
      expect(payoutsInDollars(result.holders)).toEqual({ founders: 3_000_000, "fund-a": 2_000_000 });
      expect(result.classes.map((c) => c.decision)).toEqual(["common", "keeps-preference"]);
      expect(result.commonPricePerShare).toEqual(pricePerShare("0.75"));
    });

    it("converts once a common share is worth more than the preference per share", () => {
      // $20M: keep -> A $2M; convert -> $20M / 5M shares = $4.00 a share, A gets $4M. A converts.
      const result = at(capTable, 20_000_000);
      expect(payoutsInDollars(result.holders)).toEqual({ founders: 16_000_000, "fund-a": 4_000_000 });
      expect(result.classes[1]!.decision).toBe("converts");
    });

    it("is indifferent exactly at the conversion point and keeps its preference there", () => {
      // $10M: keep -> A $2M, common $8M = $2.00 a share; convert -> $2.00 a share, A $2M. Equal: no reason to convert.
      const result = at(capTable, 10_000_000);
      expect(result.classes[1]!.decision).toBe("keeps-preference");
      expect(payoutsInDollars(result.holders)).toEqual({ founders: 8_000_000, "fund-a": 2_000_000 });
    });
  });

  describe("costs and debt come first", () => {
    const capTable: CapTable = {
      classes: [common(), preferred("series-a", "2.00")],
      pools: [],
      holdings: [shares("founders", "common", 4_000_000), shares("fund-a", "series-a", 1_000_000)],
    };
    it("pays equity from what is left after fees and debt", () => {
      // Exit $6M, banker's fee 2 % ($120,000), fixed costs $80,000, debt $1.8M: proceeds $4M.
      // A's preference $2M, common gets the other $2M.
      const result = at(capTable, { exitValue: dollars(6_000_000), transactionCostRate: ratio(2n, 100n), transactionCosts: dollars(80_000), debt: dollars(1_800_000) });
      expect(result.costs).toBe(dollars(200_000));
      expect(result.proceeds).toBe(dollars(4_000_000));
      expect(payoutsInDollars(result.holders)).toEqual({ founders: 2_000_000, "fund-a": 2_000_000 });
    });
    it("floors the proceeds at zero when debt exceeds the exit", () => {
      const result = at(capTable, { exitValue: dollars(1_000_000), debt: dollars(3_000_000) });
      expect(result.proceeds).toBe(money(0n));
      expect(payoutsInDollars(result.holders)).toEqual({ founders: 0, "fund-a": 0 });
    });
  });

  describe("seniority: senior tiers first, pro rata inside a tier", () => {
    // Series B ($3M preference, seniority 1) is senior to Series A and Series A-2, which share tier 2
    // ($2M and $1M preferences). Common 5,000,000 shares.
    const capTable: CapTable = {
      classes: [
        common(),
        preferred("series-a", "2.00", { seniority: 2 }),
        preferred("series-a2", "1.00", { seniority: 2 }),
        preferred("series-b", "3.00", { seniority: 1 }),
      ],
      pools: [],
      holdings: [
        shares("founders", "common", 5_000_000),
        shares("fund-a", "series-a", 1_000_000),
        shares("fund-a2", "series-a2", 1_000_000),
        shares("fund-b", "series-b", 1_000_000),
      ],
    };
    it("pays the senior tier in full before the junior tier sees anything", () => {
      // $2.4M < $3M: all to B.
      expect(payoutsInDollars(at(capTable, 2_400_000).holders)).toEqual({ founders: 0, "fund-a": 0, "fund-a2": 0, "fund-b": 2_400_000 });
    });
    it("shares a shortfall inside a tier in proportion to the preferences owed", () => {
      // $4.5M: B takes $3M; $1.5M left for a tier owed $3M (A $2M, A-2 $1M): A gets 2/3, A-2 1/3.
      expect(payoutsInDollars(at(capTable, 4_500_000).holders)).toEqual({ founders: 0, "fund-a": 1_000_000, "fund-a2": 500_000, "fund-b": 3_000_000 });
    });
    it("can share a tier by shares instead", () => {
      // Same $1.5M for the tier, but shared by shares (1M each): $750,000 each, neither above its preference.
      const byShares: CapTable = {
        ...capTable,
        classes: capTable.classes.map((c) => (c.kind === "preferred" && c.seniority === 2 ? { ...c, tierSharing: "by-shares" as const } : c)),
      };
      expect(payoutsInDollars(at(byShares, 4_500_000).holders)).toEqual({ founders: 0, "fund-a": 750_000, "fund-a2": 750_000, "fund-b": 3_000_000 });
    });
  });

  describe("participating preferred", () => {
    it("takes its preference and then shares the rest as if converted", () => {
      // A: 1,000,000 shares at $2.00, 1x participating; common 4,000,000.
      // $10M: A's preference $2M; $8M left over 5M shares = $1.60 a share.
      // A: $2M + $1.6M = $3.6M; common: $6.4M.
      const capTable: CapTable = {
        classes: [common(), preferred("series-a", "2.00", { participation: { kind: "participating" } })],
        pools: [],
        holdings: [shares("founders", "common", 4_000_000), shares("fund-a", "series-a", 1_000_000)],
      };
      expect(payoutsInDollars(at(capTable, 10_000_000).holders)).toEqual({ founders: 6_400_000, "fund-a": 3_600_000 });
    });

    describe("capped participation: a published example (VentureSouth, 'Capped participation preferreds: the real impact')", () => {
      // The VentureSouth series: angels put $2M into a 25 % stake with a 1x preference, participating
      // up to a 4x total return ($8M). Their table shows the cap binding for exits between $26M and
      // $32M, and conversion paying more above. Restated with shares: 2,500,000 Series A shares at
      // $0.80 ($2M) beside 7,500,000 common shares.
      const capTable: CapTable = {
        classes: [common(), preferred("series-a", "0.80", { participation: { kind: "capped", capMultiple: ratio(4n) } })],
        pools: [],
        holdings: [shares("founders", "common", 7_500_000), shares("angels", "series-a", 2_500_000)],
      };
      it("participates below the cap", () => {
        // $10M: $2M preference + 25 % of the $8M rest = $4M (the article's $4M against $2.5M non-participating).
        expect(payoutsInDollars(at(capTable, 10_000_000).holders)).toEqual({ founders: 6_000_000, angels: 4_000_000 });
      });
      it("stops at the cap, and the excess goes to common", () => {
        // $31M: uncapped it would be $2M + 25 % x $29M = $9.25M; the cap holds it to $8M.
        // Converting would pay 25 % x $31M = $7.75M < $8M, so the class keeps its capped preference.
        const result = at(capTable, 31_000_000);
        expect(payoutsInDollars(result.holders)).toEqual({ founders: 23_000_000, angels: 8_000_000 });
        expect(result.classes[1]).toMatchObject({ decision: "keeps-preference", capBinds: true });
      });
      it("converts once 25 % of the exit is worth more than the cap", () => {
        // $40M: capped $8M against converting 25 % x $40M = $10M: converts.
        const result = at(capTable, 40_000_000);
        expect(payoutsInDollars(result.holders)).toEqual({ founders: 30_000_000, angels: 10_000_000 });
        expect(result.classes[1]!.decision).toBe("converts");
      });
    });
  });

  describe("conversion decisions are an equilibrium, not a fixed order", () => {
    it("lets each class's choice depend on the others'", () => {
      // Common 1,000,000 shares. A: 1,000,000 shares, $1.00 preference, non-participating.
      // B: 1,000,000 shares, $5.00 preference, non-participating, same tier. Exit $9M.
      // Nobody converts: A $1M, B $5M, common $3M ($3.00 a share) -> A would convert (3M shares share
      //   $9M - $5M = $4M, $1.33 a share, $1.33M > $1M), B would not ($9M - $1M over 2M shares = $4.00 < $5).
      // A converts: common and A share $4M, $2.00 a share; B converting would get $3.00 < $5: stays.
      //   A keeps converting ($2.00 > $1.00). Consistent: A converts, B keeps.
      const capTable: CapTable = {
        classes: [common(), preferred("series-a", "1.00"), preferred("series-b", "5.00")],
        pools: [],
        holdings: [shares("founders", "common", 1_000_000), shares("fund-a", "series-a", 1_000_000), shares("fund-b", "series-b", 1_000_000)],
      };
      const result = at(capTable, 9_000_000);
      expect(result.classes.map((c) => c.decision)).toEqual(["common", "converts", "keeps-preference"]);
      expect(payoutsInDollars(result.holders)).toEqual({ founders: 2_000_000, "fund-a": 2_000_000, "fund-b": 5_000_000 });
    });
  });

  describe("options and warrants exercise when in the money", () => {
    // Common 900,000 founder shares; 100,000 vested options at $1.00. Exit $1,900,000 with no preferred.
    // Without exercise: $1.9M / 900,000 = $2.11 > $1.00, so the options exercise:
    //   proceeds + strike = $1.9M + $100,000 = $2.0M over 1,000,000 shares = $2.00 a share.
    //   Options get 100,000 x ($2.00 - $1.00) = $100,000 net; founders 900,000 x $2.00 = $1.8M.
    const capTable: CapTable = {
      classes: [common()],
      pools: [{ id: "plan", classId: "common", reserved: 200_000n }],
      holdings: [
        shares("founders", "common", 900_000),
        { kind: "option", holder: "employee", classId: "common", poolId: "plan", shares: 100_000n, strike: pricePerShare("1.00") },
      ],
    };
    it("exercises and nets the strike against the payout", () => {
      const result = at(capTable, 1_900_000);
      expect(payoutsInDollars(result.holders)).toEqual({ founders: 1_800_000, employee: 100_000 });
      expect(result.stakes.find((s) => s.kind === "option")!.exercised).toBe(true);
      expect(result.commonPricePerShare).toEqual(pricePerShare("2.00"));
    });
    it("stays unexercised under water", () => {
      // $800,000 / 900,000 = $0.89 < $1.00: the options lapse, founders take everything.
      const result = at(capTable, 800_000);
      expect(payoutsInDollars(result.holders)).toEqual({ founders: 800_000, employee: 0 });
    });
    it("counts only vested options", () => {
      // 48-month vesting, 12-month cliff, started 2024-07-01: on 2026-01-01 18 months served -> 18/48 vested = 37,500.
      // $1,900,000 + 37,500 x $1 = $1,937,500 over 937,500 shares = $2.0667: options net 37,500 x $1.0667 = $40,000.
      const vesting: CapTable = {
        ...capTable,
        holdings: [capTable.holdings[0]!, { ...(capTable.holdings[1] as Extract<CapTable["holdings"][number], { kind: "option" }>), vesting: { start: "2024-07-01", months: 48, cliffMonths: 12 } }],
      };
      const result = at(vesting, 1_900_000);
      expect(result.stakes.find((s) => s.kind === "option")!.shares).toBe(37_500n);
      expect(payoutsInDollars(result.holders)).toEqual({ founders: 1_860_000, employee: 40_000 });
    });
  });

  describe("conditional tranches", () => {
    // A second Series A tranche of 500,000 shares depends on "milestone".
    const capTable: CapTable = {
      classes: [common(), preferred("series-a", "2.00")],
      pools: [],
      holdings: [shares("founders", "common", 4_000_000), shares("fund-a", "series-a", 1_000_000), shares("fund-a", "series-a", 500_000, { condition: "milestone" })],
    };
    it("leaves the tranche out unless its condition is met", () => {
      // Not met: A has a $2M preference; exit $3M -> A $2M, founders $1M.
      expect(payoutsInDollars(at(capTable, 3_000_000).holders)).toEqual({ founders: 1_000_000, "fund-a": 2_000_000 });
      // Met: A has 1.5M shares, a $3M preference, and takes all $3M.
      expect(payoutsInDollars(at(capTable, 3_000_000, { metConditions: ["milestone"] }).holders)).toEqual({ founders: 0, "fund-a": 3_000_000 });
    });
  });

  describe("rounding", () => {
    it("splits to the cent by largest remainder so holders sum exactly to the proceeds", () => {
      // $100.00 over three equal holders: 3333.33... cents each; the spare cent goes to the first.
      const capTable: CapTable = { classes: [common()], pools: [], holdings: [shares("x", "common", 1), shares("y", "common", 1), shares("z", "common", 1)] };
      const result = at(capTable, 100);
      expect(result.holders.map((h) => h.payout)).toEqual([3334n, 3333n, 3333n]);
    });
  });

  describe("invalid input", () => {
    it("returns diagnostics, not a result, for a cap table with a missing class", () => {
      const { value, diagnostics } = computeWaterfall({ classes: [common()], pools: [], holdings: [shares("x", "series-a", 1)] }, { exitValue: dollars(1) }, { date: DATE });
      expect(value).toBeNull();
      expect(diagnostics.map((d) => [d.code, d.path])).toEqual([["E_EQUITY_UNKNOWN_CLASS", ["holdings", 0, "classId"]]]);
    });
    it("refuses a date off the calendar", () => {
      const { value, diagnostics } = computeWaterfall({ classes: [common()], pools: [], holdings: [] }, { exitValue: dollars(1) }, { date: "2026-13-01" });
      expect(value).toBeNull();
      expect(diagnostics.map((d) => d.code)).toEqual(["E_EQUITY_BAD_DATE"]);
    });
    it("reports conversion choices that do not settle within the allowed steps", () => {
      // The $20M case above needs two rounds of choices (Series A converts, then nobody moves);
      // allowing one is not enough, and the result says so instead of pretending.
      const capTable: CapTable = { classes: [common(), preferred("series-a", "2.00")], pools: [], holdings: [shares("founders", "common", 4_000_000), shares("fund-a", "series-a", 1_000_000)] };
      const { diagnostics } = computeWaterfall(capTable, { exitValue: dollars(20_000_000) }, { date: DATE, maxIterations: 1 });
      expect(diagnostics).toEqual([
        { code: "E_EQUITY_NO_EQUILIBRIUM", severity: "error", message: "the conversion choices did not settle within 1 steps", hint: "raise maxIterations, or look for classes whose choices keep reversing each other" },
      ]);
    });
  });
});
