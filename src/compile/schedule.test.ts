import { describe, expect, it } from "vitest";
import { money } from "../money/money.js";
import type { Located, TermInput } from "../model/types.js";
import { formatMonth, month } from "../time/month.js";
import { expandSchedule } from "./schedule.js";

const at: Located = { span: { file: "inline.yaml", start: 0, end: 1 }, path: [] };
const term = (start: string, months: number): TermInput => {
  const [y, m] = start.split("-").map(Number);
  return { start: month(y ?? 0, m ?? 1), months, at };
};
const show = (rows: { month: number; amount: bigint }[]) => rows.map((r) => `${formatMonth(r.month as never)} ${r.amount}`);

describe("spreading a contract over its term", () => {
  it("even: 100.00 over 3 months is 33.34, 33.33, 33.33", () => {
    expect(show(expandSchedule(money(10_000n), term("2026-01", 3), { kind: "even" }))).toEqual(["2026-01 3334", "2026-02 3333", "2026-03 3333"]);
  });

  it("ramp: a 2-year term gives year 1 one third and year 2 two thirds", () => {
    const rows = expandSchedule(money(36_000n), term("2026-07", 24), { kind: "ramp" });
    const first = rows.slice(0, 12).reduce((a, r) => a + r.amount, 0n);
    const second = rows.slice(12).reduce((a, r) => a + r.amount, 0n);
    expect([first, second]).toEqual([12_000n, 24_000n]);
    expect(rows[0]?.amount).toBe(1000n);
    expect(rows[23]?.amount).toBe(2000n);
  });

  it("per-year: each calendar year's amount is spread over its months in the term", () => {
    const rows = expandSchedule(money(3_000n), term("2026-11", 14), {
      kind: "per-year",
      amounts: [
        { year: 2026, amount: { value: money(1_000n), provenance: { kind: "unstated" }, at } },
        { year: 2027, amount: { value: money(2_000n), provenance: { kind: "unstated" }, at } },
      ],
      at,
    });
    expect(show(rows.slice(0, 3))).toEqual(["2026-11 500", "2026-12 500", "2027-01 167"]);
    expect(rows.reduce((a, r) => a + r.amount, 0n)).toBe(3_000n);
  });

  describe("invalid input", () => {
    it("a per-year amount for a year outside the term spreads nowhere (the checker reports it)", () => {
      const rows = expandSchedule(money(1_000n), term("2026-01", 12), { kind: "per-year", amounts: [{ year: 2030, amount: { value: money(1_000n), provenance: { kind: "unstated" }, at } }], at });
      expect(rows).toEqual([]);
    });
  });
});
