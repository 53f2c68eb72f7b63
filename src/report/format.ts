/** How figures read in reports: money in the short finance style, ratios as percentages. */
import { formatShort, type Money } from "../money/money.js";
import { formatDecimal, formatPercent, type Ratio } from "../money/ratio.js";
import type { Reported } from "../analysis/reported.js";
import { formatMonth } from "../time/month.js";

export const fmtMoney = (m: Money, currency: string): string => formatShort(m, currency, 2);
export const fmtPercent = (r: Ratio): string => formatPercent(r, 2);
export const fmtMultiple = (r: Ratio): string => `${formatDecimal(r, 2)}x`;

export function fmtReported(f: Reported, currency: string): string {
  switch (f.value.kind) {
    case "money":
      return fmtMoney(f.value.value, currency);
    case "ratio":
      return fmtPercent(f.value.value);
    case "month":
      return f.value.value === null ? "never" : formatMonth(f.value.value);
    case "count":
      return String(f.value.value);
  }
}

export const moneyOf = (f: Reported): Money => f.value.value as Money;
export const ratioOf = (f: Reported): Ratio => f.value.value as Ratio;
