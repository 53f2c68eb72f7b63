/**
 * Calendar dates for the equity core: ISO `YYYY-MM-DD` strings checked by the Temporal calendar,
 * whole months elapsed (for vesting) and the two day counts notes use for interest.
 */
import { Temporal } from "temporal-polyfill";
import { ratio, type Ratio } from "../money/ratio.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The date, or undefined when the text is not an ISO calendar date. */
export function parseIsoDate(text: string): Temporal.PlainDate | undefined {
  if (!ISO_DATE.test(text)) return undefined;
  try {
    return Temporal.PlainDate.from(text, { overflow: "reject" });
  } catch {
    return undefined;
  }
}

/** Whole calendar months from `from` to `to` (a month is complete on the same day of the month; 0 when `to` is earlier). */
export function wholeMonthsBetween(from: Temporal.PlainDate, to: Temporal.PlainDate): number {
  if (Temporal.PlainDate.compare(to, from) < 0) return 0;
  return from.until(to, { largestUnit: "months" }).months;
}

export type DayCount = "ACT/365" | "30/360";

/**
 * The year fraction between two dates, exactly.
 *
 * - `ACT/365`: actual days elapsed over 365 (leap days count; the year is always 365).
 * - `30/360`: the US (NASD) 30/360 rule — a start day of 31 becomes 30; an end day of 31
 *   becomes 30 when the start day is 30 or 31 — then 360 days a year of twelve 30-day months.
 */
export function yearFraction(from: Temporal.PlainDate, to: Temporal.PlainDate, dayCount: DayCount): Ratio {
  switch (dayCount) {
    case "ACT/365":
      return ratio(BigInt(from.until(to, { largestUnit: "days" }).days), 365n);
    case "30/360": {
      const d1 = from.day === 31 ? 30 : from.day;
      const d2 = to.day === 31 && d1 >= 30 ? 30 : to.day;
      const days = 360 * (to.year - from.year) + 30 * (to.month - from.month) + (d2 - d1);
      return ratio(BigInt(days), 360n);
    }
  }
}
