/**
 * Small builders that keep the equity tests close to how a term sheet reads. Test-only.
 */
import { money, type Money } from "../money/money.js";
import { ratio, type Ratio } from "../money/ratio.js";
import type { CommonClass, Holding, PreferredClass } from "./types.js";

/** Whole dollars as money in cents. */
export const dollars = (n: number | bigint): Money => money(BigInt(n) * 100n);
/** A price in dollars given as a decimal string ("0.80"), as cents per share. */
export function pricePerShare(text: string): Ratio {
  const [whole = "0", frac = ""] = text.split(".");
  return ratio(BigInt(whole + frac) * 100n, 10n ** BigInt(frac.length));
}
export const common = (id = "common"): CommonClass => ({ kind: "common", id });
export const preferred = (id: string, originalIssuePrice: string, terms: Partial<Omit<PreferredClass, "kind" | "id" | "originalIssuePrice">> = {}): PreferredClass => ({
  kind: "preferred",
  id,
  originalIssuePrice: pricePerShare(originalIssuePrice),
  liquidationMultiple: ratio(1n),
  participation: { kind: "non-participating" },
  seniority: 1,
  ...terms,
});
export const shares = (holder: string, classId: string, count: number | bigint, extra: { condition?: string; issuedOn?: string } = {}): Holding => ({ kind: "shares", holder, classId, shares: BigInt(count), ...extra });
/** Payouts by holder, in whole dollars when they are whole, for readable expectations. */
export const payoutsInDollars = (holders: ReadonlyArray<{ holder: string; payout: bigint }>): Record<string, number> =>
  Object.fromEntries(holders.map((h) => [h.holder, Number(h.payout) / 100]));
