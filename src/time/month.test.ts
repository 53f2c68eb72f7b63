import { describe, expect, it } from "vitest";
import { formatMonth, month, parseDate } from "./month.js";

describe("months", () => {
  it("reads YYYY-MM and YYYY-MM-DD", () => {
    expect(parseDate("2026-02")).toEqual({ ok: true, value: { month: month(2026, 2) } });
    expect(parseDate("2026-02-27")).toEqual({ ok: true, value: { month: month(2026, 2), day: 27 } });
    expect(formatMonth(month(2030, 12))).toBe("2030-12");
  });
  it("orders months as integers", () => {
    expect(month(2026, 1) - month(2025, 12)).toBe(1);
  });
  describe("invalid input", () => {
    it("refuses days that are not on the calendar", () => {
      expect(parseDate("2025-02-30")).toEqual({ ok: false, reason: '"2025-02-30" is not a calendar date' });
      expect(parseDate("2025-13")).toMatchObject({ ok: false });
    });
    it("refuses other shapes", () => {
      expect(parseDate("Feb 2026")).toMatchObject({ ok: false });
    });
  });
});
