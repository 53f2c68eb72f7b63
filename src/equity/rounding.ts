/**
 * Rounding to whole minor units so that parts still sum exactly to their total.
 *
 * `apportion` rounds exact rational parts by largest remainder: every part is first rounded down,
 * then the units still missing go one each to the parts with the largest fractions dropped (ties
 * to the earlier part). Each result is within one minor unit of its exact value.
 */
import { money, type Money } from "../money/money.js";
import type { Ratio } from "../money/ratio.js";

const floorDiv = (n: bigint, d: bigint): bigint => {
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
};

/** Rounds exact parts whose sum is exactly `total` (an integer) to integers with the same sum. */
export function apportion(parts: readonly Ratio[], total: bigint): Money[] {
  const floors = parts.map((p) => floorDiv(p.num, p.den));
  let missing = total - floors.reduce((a, b) => a + b, 0n);
  if (missing < 0n || missing > BigInt(parts.length)) throw new RangeError("apportion: the parts do not sum to the total");
  // Compare fractional remainders r/den without a common denominator: a.r * b.den vs b.r * a.den.
  const order = parts
    .map((p, i) => ({ i, r: p.num - (floors[i] as bigint) * p.den, den: p.den }))
    .sort((a, b) => {
      const l = a.r * b.den;
      const r = b.r * a.den;
      return l === r ? a.i - b.i : l > r ? -1 : 1;
    });
  for (const { i } of order) {
    if (missing === 0n) break;
    floors[i] = (floors[i] as bigint) + 1n;
    missing -= 1n;
  }
  return floors.map(money);
}
