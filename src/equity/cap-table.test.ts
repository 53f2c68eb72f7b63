import { describe, expect, it } from "vitest";
import { ratio } from "../money/ratio.js";
import { capTableAt } from "./cap-table.js";
import { common, preferred, pricePerShare, shares } from "./test-helpers.js";
import type { CapTable } from "./types.js";
import { validateCapTable } from "./validate.js";

// Founders 6,000,000 common; Series A 2,000,000 preferred (issued 2025-06-01); a pool of 1,500,000
// with one grant of 480,000 options (48 months, 12-month cliff, from 2025-01-01); a tranche of
// 500,000 more Series A shares conditional on "milestone".
const capTable: CapTable = {
  classes: [common(), preferred("series-a", "1.00")],
  pools: [{ id: "plan", classId: "common", reserved: 1_500_000n }],
  holdings: [
    shares("founders", "common", 6_000_000),
    shares("fund", "series-a", 2_000_000, { issuedOn: "2025-06-01" }),
    shares("fund", "series-a", 500_000, { condition: "milestone" }),
    { kind: "option", holder: "cto", classId: "common", poolId: "plan", shares: 480_000n, strike: pricePerShare("0.10"), vesting: { start: "2025-01-01", months: 48, cliffMonths: 12 } },
  ],
};

describe("cap table at a date", () => {
  it("counts issued, outstanding and fully diluted shares with exact ownership", () => {
    // 2026-01-01: the CTO has served 12 months -> cliff reached, 12/48 x 480,000 = 120,000 vested.
    // Fully diluted (standard basis): 6,000,000 + 2,000,000 + 480,000 granted + 1,020,000 unissued = 9,500,000.
    const { value } = capTableAt(capTable, { date: "2026-01-01" });
    const row = (holder: string) => value!.rows.find((r) => r.holder === holder)!;
    expect(row("cto")).toMatchObject({ optionsGranted: 480_000n, optionsVested: 120_000n, fullyDiluted: ratio(480_000n), ownership: ratio(480_000n, 9_500_000n) });
    expect(row("pool:plan").fullyDiluted).toEqual(ratio(1_020_000n));
    expect(value!.totals).toEqual({ issued: 8_000_000n, outstanding: 8_000_000n, fullyDiluted: ratio(9_500_000n) });
    expect(value!.holders.find((h) => h.holder === "founders")!.ownership).toEqual(ratio(6_000_000n, 9_500_000n));
  });

  it("leaves out what is not issued yet at the date", () => {
    // 2025-03-01: Series A not issued yet; the CTO is before the cliff.
    const { value } = capTableAt(capTable, { date: "2025-03-01", basis: { includeUnissuedPool: false, includeConvertibles: false, includeUnvestedOptions: false } });
    expect(value!.totals.fullyDiluted).toEqual(ratio(6_000_000n));
    expect(value!.holders.map((h) => [h.holder, h.ownership])).toEqual([
      ["founders", ratio(1n)],
      ["cto", ratio(0n)],
      ["pool:plan", ratio(0n)],
    ]);
  });

  it("shows a conditional tranche only when its condition is met", () => {
    const met = capTableAt(capTable, { date: "2026-01-01", metConditions: ["milestone"] }).value!;
    expect(met.classes.find((c) => c.classId === "series-a")!.issued).toBe(2_500_000n);
    expect(met.totals.fullyDiluted).toEqual(ratio(10_000_000n));
  });

  it("counts unconverted convertibles when the basis says so", () => {
    const convertibles = [{ instrumentId: "safe-1", holder: "angel", classId: "series-a", shares: 500_000n }];
    const withThem = capTableAt(capTable, { date: "2026-01-01", convertibles }).value!;
    const without = capTableAt(capTable, { date: "2026-01-01", convertibles, basis: { includeUnissuedPool: true, includeConvertibles: false, includeUnvestedOptions: true } }).value!;
    expect(withThem.totals.fullyDiluted).toEqual(ratio(10_000_000n));
    expect(without.totals.fullyDiluted).toEqual(ratio(9_500_000n));
  });

  it("counts preferred as converted to common", () => {
    // A conversion ratio of 1.5 makes Series A's 2,000,000 shares 3,000,000 common-equivalent.
    const adjusted: CapTable = { ...capTable, classes: [common(), preferred("series-a", "1.00", { conversionRatio: ratio(3n, 2n) })] };
    expect(capTableAt(adjusted, { date: "2026-01-01" }).value!.totals.fullyDiluted).toEqual(ratio(10_500_000n));
  });
});

describe("invalid input", () => {
  it("a holding that references a missing class", () => {
    const { value, diagnostics } = capTableAt({ ...capTable, holdings: [shares("x", "series-z", 10)] }, { date: "2026-01-01" });
    expect(value).toBeNull();
    expect(diagnostics).toEqual([
      { code: "E_EQUITY_UNKNOWN_CLASS", severity: "error", message: 'share class "series-z" is not defined', path: ["holdings", 0, "classId"], hint: "define it under classes, or use one of: common, series-a" },
    ]);
  });

  it("a preferred class that converts into a missing class", () => {
    const diagnostics = validateCapTable({ classes: [common(), preferred("series-a", "1.00", { convertsInto: "ordinary" })], pools: [], holdings: [] });
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([["E_EQUITY_UNKNOWN_CLASS", ["classes", 1, "convertsInto"]]]);
  });

  it("two classes claiming one seniority with conflicting rules", () => {
    const diagnostics = validateCapTable({
      classes: [common(), preferred("series-a", "1.00", { seniority: 1 }), preferred("series-b", "2.00", { seniority: 1, tierSharing: "by-shares" })],
      pools: [],
      holdings: [],
    });
    expect(diagnostics).toEqual([
      {
        code: "E_EQUITY_SENIORITY_CONFLICT",
        severity: "error",
        message: 'classes "series-a" and "series-b" share seniority 1 but "series-a" shares the tier by-preference and "series-b" by-shares',
        path: ["classes", 2, "tierSharing"],
        hint: "classes of one tier are paid together, so they must share it the same way; or give them different seniorities",
      },
    ]);
  });

  it("a participation cap below zero, and one below the preference", () => {
    const diagnostics = validateCapTable({
      classes: [common(), preferred("a", "1.00", { participation: { kind: "capped", capMultiple: ratio(-1n) } }), preferred("b", "1.00", { liquidationMultiple: ratio(2n), participation: { kind: "capped", capMultiple: ratio(3n, 2n) } })],
      pools: [],
      holdings: [],
    });
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["E_EQUITY_NEGATIVE_AMOUNT", 'class "a" has a participation cap below zero'],
      ["E_EQUITY_CAP_BELOW_PREFERENCE", 'class "b" caps its total return below its own liquidation preference'],
    ]);
  });

  it("options granted beyond the pool", () => {
    const diagnostics = validateCapTable({
      ...capTable,
      holdings: [...capTable.holdings, { kind: "option", holder: "vp", classId: "common", poolId: "plan", shares: 1_100_000n, strike: pricePerShare("0.10") }],
    });
    expect(diagnostics).toEqual([
      { code: "E_EQUITY_OPTIONS_EXCEED_POOL", severity: "error", message: 'options over 1580000 shares are granted from pool "plan", which reserves 1500000', path: ["pools", 0, "reserved"], hint: "enlarge the pool by at least 80000 shares or reduce the grants" },
    ]);
  });

  it("a vesting cliff longer than the schedule, and a date off the calendar", () => {
    const diagnostics = validateCapTable({
      ...capTable,
      holdings: [{ kind: "option", holder: "cto", classId: "common", poolId: "plan", shares: 1n, strike: pricePerShare("0.10"), vesting: { start: "2025-02-30", months: 12, cliffMonths: 24 } }],
    });
    expect(diagnostics.map((d) => d.code)).toEqual(["E_EQUITY_VESTING_SCHEDULE", "E_EQUITY_BAD_DATE"]);
  });
});
