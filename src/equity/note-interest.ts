/**
 * Interest accrued on a convertible note up to its conversion date, exactly, then rounded once
 * (half to even) to a minor unit.
 *
 * - `simple`: principal x rate x years.
 * - `annual` / `monthly` compounding: whole periods compound; the stub period at the end earns
 *   simple interest at the period rate (the usual convention, and it keeps the result rational).
 */
import { applyRatio, money, type Money } from "../money/money.js";
import { addRatio, mulRatio, ONE_RATIO, ratio, subRatio, type Ratio } from "../money/ratio.js";
import { yearFraction, type DayCount } from "./dates.js";
import type { Temporal } from "temporal-polyfill";

export type Compounding = "simple" | "annual" | "monthly";

export function accruedInterest(principal: Money, annualRate: Ratio, compounding: Compounding, dayCount: DayCount, from: Temporal.PlainDate, to: Temporal.PlainDate): Money {
  const years = yearFraction(from, to, dayCount);
  if (years.num <= 0n) return money(0n);
  if (compounding === "simple") return applyRatio(principal, mulRatio(annualRate, years));
  const perYear = compounding === "annual" ? 1n : 12n;
  const periods = mulRatio(years, ratio(perYear));
  const whole = periods.num / periods.den;
  const stub = subRatio(periods, ratio(whole));
  const periodRate = mulRatio(annualRate, ratio(1n, perYear));
  let factor = ONE_RATIO;
  const growth = addRatio(ONE_RATIO, periodRate);
  for (let i = 0n; i < whole; i++) factor = mulRatio(factor, growth);
  factor = mulRatio(factor, addRatio(ONE_RATIO, mulRatio(periodRate, stub)));
  return applyRatio(principal, subRatio(factor, ONE_RATIO));
}
