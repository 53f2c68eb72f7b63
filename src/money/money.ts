/**
 * Money in the ledger: an exact integer count of the currency's minor units (cents for USD),
 * behind a brand so that a bare number or bigint cannot be passed where money is expected.
 *
 * Amounts are bounded by `MONEY_LIMIT` at every boundary (parsing, arithmetic results that are
 * reported): within it every amount is also exactly representable as a float64, which the Monte
 * Carlo kernel relies on.
 */
import { divideHalfEven, type Ratio } from "./ratio.js";

declare const moneyBrand: unique symbol;
export type Money = bigint & { readonly [moneyBrand]: "Money" };

/** Largest magnitude, in minor units, that a model may state: 2^53 - 1 (about 90 trillion USD). */
export const MONEY_LIMIT = BigInt(Number.MAX_SAFE_INTEGER);

/** Minor-unit digits per ISO 4217 currency; currencies not listed use 2. */
const MINOR_DIGITS: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, CLP: 0, BHD: 3, KWD: 3, TND: 3 };

export const minorDigits = (currency: string): number => MINOR_DIGITS[currency] ?? 2;

export const money = (minorUnits: bigint): Money => minorUnits as Money;
export const ZERO = money(0n);

export const add = (a: Money, b: Money): Money => money(a + b);
export const sub = (a: Money, b: Money): Money => money(a - b);
export const neg = (a: Money): Money => money(-a);
export const abs = (a: Money): Money => money(a < 0n ? -a : a);
export const isWithinLimit = (a: bigint): boolean => a <= MONEY_LIMIT && a >= -MONEY_LIMIT;
export function sum(amounts: Iterable<Money>): Money {
  let total = 0n;
  for (const a of amounts) total += a;
  return money(total);
}

/** Applies an exact rate to money, rounding once, half to even. */
export const applyRatio = (a: Money, r: Ratio): Money => money(divideHalfEven(a * r.num, r.den));

/**
 * Splits `total` into parts proportional to `weights` (non-negative bigints, not all zero),
 * by largest remainder: the parts sum exactly to `total`, and ties go to the earlier part.
 */
export function splitByWeights(total: Money, weights: readonly bigint[]): Money[] {
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  if (weightSum <= 0n) throw new RangeError("splitByWeights needs a positive weight sum");
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const parts = weights.map((w) => (magnitude * w) / weightSum);
  const remainders = weights.map((w, i) => ({ i, r: (magnitude * w) % weightSum }));
  let left = magnitude - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map((p) => money(negative ? -p : p));
}

/** Splits `total` into `n` parts as equal as possible (largest remainder). */
export const splitEvenly = (total: Money, n: number): Money[] =>
  splitByWeights(total, Array.from({ length: n }, () => 1n));

/**
 * The exact decimal string of an amount in major units, as used in JSON output:
 * `toDecimalString(money(123456n), "USD")` is `"1234.56"`.
 */
export function toDecimalString(a: Money, currency: string): string {
  const digits = minorDigits(currency);
  const negative = a < 0n;
  const s = (negative ? -a : a).toString().padStart(digits + 1, "0");
  const whole = s.slice(0, s.length - digits);
  const frac = s.slice(s.length - digits);
  return `${negative ? "-" : ""}${whole}${digits > 0 ? `.${frac}` : ""}`;
}

const SCALES: ReadonlyArray<readonly [bigint, string]> = [
  [10n ** 12n, "T"],
  [10n ** 9n, "B"],
  [10n ** 6n, "M"],
  [10n ** 3n, "K"],
];

/**
 * A short, human figure in the way finance people write it: `840 B`, `1.5 M`, `12.35 B`.
 * Rounded half to even to at most `decimals` decimals of the chosen scale, trailing zeros dropped.
 */
export function formatShort(a: Money, currency: string, decimals = 2): string {
  const unit = 10n ** BigInt(minorDigits(currency));
  const magnitude = a < 0n ? -a : a;
  // The scale is the largest the amount reaches, moved up one when rounding makes it 1000 of it:
  // 999.996 B rounds to 1000 B, which reads as 1 T.
  const index = SCALES.findIndex(([scale]) => magnitude >= scale * unit);
  const at = (i: number): string => {
    const [scale, suffix] = SCALES[i] ?? [1n, ""];
    const text = trimDecimal(a, scale * unit, decimals);
    return suffix ? `${text} ${suffix}` : text;
  };
  const chosen = index < 0 ? SCALES.length : index;
  const text = at(chosen);
  const roundsUp = chosen > 0 && /^-?1000(\.|\s|$)/.test(text);
  return roundsUp ? at(chosen - 1) : text;
}

function trimDecimal(a: bigint, divisor: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const scaled = divideHalfEven(a * scale, divisor);
  const negative = scaled < 0n;
  const s = (negative ? -scaled : scaled).toString().padStart(decimals + 1, "0");
  let frac = s.slice(s.length - decimals).replace(/0+$/, "");
  const whole = s.slice(0, s.length - decimals);
  if (decimals === 0) frac = "";
  return `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}
