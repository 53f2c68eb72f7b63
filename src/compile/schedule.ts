/**
 * Spreading a contract's total over its term, month by month, exactly: the monthly amounts
 * always add up to the total (largest-remainder splits, src/money/money.ts).
 */
import { splitByWeights, splitEvenly, type Money } from "../money/money.js";
import type { ScheduleInput, TermInput } from "../model/types.js";
import { month, type Month } from "../time/month.js";

export interface MonthlyAmount {
  readonly month: Month;
  readonly amount: Money;
}

/** Term months in order. */
export function termMonths(term: TermInput): Month[] {
  return Array.from({ length: term.months }, (_, i) => (term.start + i) as Month);
}

/**
 * Weights of each month of the term under a schedule kind.
 * even: all 1. ramp: month i of the term weighs its contract year (floor(i / 12) + 1), so year k
 * of n receives k / (1 + … + n) of the total when the term is whole years.
 */
const WEIGHTS: Record<"even" | "ramp", (months: number) => bigint[]> = {
  even: (n) => Array.from({ length: n }, () => 1n),
  ramp: (n) => Array.from({ length: n }, (_, i) => BigInt(Math.floor(i / 12) + 1)),
};

/** Expands a total over the term. Per-year schedules spread each year's amount evenly over that year's months in the term. */
export function expandSchedule(total: Money, term: TermInput, schedule: ScheduleInput): MonthlyAmount[] {
  const months = termMonths(term);
  switch (schedule.kind) {
    case "even":
    case "ramp": {
      const parts = splitByWeights(total, WEIGHTS[schedule.kind](months.length));
      return months.map((m, i) => ({ month: m, amount: parts[i] as Money }));
    }
    case "per-year": {
      const out: MonthlyAmount[] = [];
      for (const { year, amount } of schedule.amounts) {
        const inYear = months.filter((m) => m >= month(year, 1) && m <= month(year, 12));
        if (inYear.length === 0) continue; // reported by the checker as E_SCHEDULE_OUTSIDE_TERM
        const parts = splitEvenly(amount.value, inYear.length);
        inYear.forEach((m, i) => out.push({ month: m, amount: parts[i] as Money }));
      }
      return out.sort((a, b) => a.month - b.month);
    }
  }
}
