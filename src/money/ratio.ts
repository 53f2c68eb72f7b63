/**
 * Exact rational numbers for rates, shares and unit prices.
 *
 * A `Ratio` is a reduced fraction of two bigints with a positive denominator. Rates such as
 * `20%` or a stake of `50/840` stay exact until the moment they are applied to money, where
 * `applyRatio` rounds once, half to even.
 */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Builds a reduced ratio. Throws RangeError on a zero denominator (a programming error). */
export function ratio(num: bigint, den: bigint = 1n): Ratio {
  if (den === 0n) throw new RangeError("ratio with a zero denominator");
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

export const ZERO_RATIO: Ratio = { num: 0n, den: 1n };
export const ONE_RATIO: Ratio = { num: 1n, den: 1n };

export const addRatio = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den + b.num * a.den, a.den * b.den);
export const subRatio = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den - b.num * a.den, a.den * b.den);
export const mulRatio = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.num, a.den * b.den);
export function divRatio(a: Ratio, b: Ratio): Ratio {
  if (b.num === 0n) throw new RangeError("division of a ratio by zero");
  return ratio(a.num * b.den, a.den * b.num);
}
export const compareRatio = (a: Ratio, b: Ratio): number => {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
};

/** Divides two bigints, rounding half to even (banker's rounding). */
export function divideHalfEven(num: bigint, den: bigint): bigint {
  if (den === 0n) throw new RangeError("division by zero");
  if (den < 0n) [num, den] = [-num, -den];
  const q = num / den; // truncates toward zero
  const r = num % den;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  const away = num < 0n ? q - 1n : q + 1n;
  if (twice > den) return away;
  if (twice < den) return q;
  return q % 2n === 0n ? q : away;
}

/** The ratio as a float, for display and for the Monte Carlo kernel only (never for the ledger). */
export const ratioToNumber = (r: Ratio): number => Number(r.num) / Number(r.den);

/**
 * Formats a ratio as a percentage with a fixed number of decimals, rounded half to even:
 * `formatPercent(ratio(50n, 840n), 2)` is `"5.95%"`.
 */
export function formatPercent(r: Ratio, decimals = 2): string {
  return `${formatDecimal(ratio(r.num * 100n, r.den), decimals)}%`;
}

/** Formats a ratio as a decimal string with `decimals` places, rounded half to even. */
export function formatDecimal(r: Ratio, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const scaled = divideHalfEven(r.num * scale, r.den);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals);
  return `${negative ? "-" : ""}${whole}${decimals > 0 ? `.${frac}` : ""}`;
}
