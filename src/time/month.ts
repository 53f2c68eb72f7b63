/**
 * Months, the ledger's period: a month is the integer `year * 12 + (month - 1)`, branded so that
 * it cannot be confused with a count of months. Dates in model files are `YYYY-MM` or
 * `YYYY-MM-DD` (the day is checked by the Temporal calendar, so 2025-02-30 is refused, and kept
 * for display only).
 */
import { Temporal } from "temporal-polyfill";

declare const monthBrand: unique symbol;
export type Month = number & { readonly [monthBrand]: "Month" };

export const month = (year: number, monthOfYear: number): Month => (year * 12 + (monthOfYear - 1)) as Month;
export const yearOf = (m: Month): number => Math.floor(m / 12);
export const monthOfYear = (m: Month): number => (m % 12) + 1;
export const addMonths = (m: Month, n: number): Month => (m + n) as Month;
export const formatMonth = (m: Month): string => `${yearOf(m)}-${String(monthOfYear(m)).padStart(2, "0")}`;

export interface ParsedDate {
  readonly month: Month;
  /** The day of the month when one was written. */
  readonly day?: number;
}

const DATE = /^\s*(\d{4})-(\d{2})(?:-(\d{2}))?\s*$/;

/** Parses `YYYY-MM` or `YYYY-MM-DD`; returns a reason on failure. */
export function parseDate(text: string): { ok: true; value: ParsedDate } | { ok: false; reason: string } {
  const m = DATE.exec(text);
  if (!m) return { ok: false, reason: `"${text}" is not a date: write YYYY-MM or YYYY-MM-DD` };
  const year = Number(m[1]);
  const mon = Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  try {
    Temporal.PlainDate.from({ year, month: mon, day: day ?? 1 }, { overflow: "reject" });
  } catch {
    return { ok: false, reason: `"${text.trim()}" is not a calendar date` };
  }
  return { ok: true, value: day === undefined ? { month: month(year, mon) } : { month: month(year, mon), day } };
}

