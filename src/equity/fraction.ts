/**
 * Fast exact arithmetic for the waterfall's inner loop. The values are `Ratio`s (positive
 * denominator) that are *not necessarily reduced*: reducing after every operation (a gcd each
 * time) was most of the waterfall's run time. A fraction is reduced only when its parts grow past
 * `REDUCE_ABOVE`, and `reduced` is applied wherever a value leaves the engine, so results still
 * compare equal to `ratio(...)`. Comparisons are by cross-multiplication and need no reduction.
 */
import { ratio, type Ratio } from "../money/ratio.js";

/** Past 2^192 the cost of multiplying big parts outweighs one gcd. */
const REDUCE_ABOVE = 1n << 192n;

function make(num: bigint, den: bigint): Ratio {
  if (num > REDUCE_ABOVE || num < -REDUCE_ABOVE || den > REDUCE_ABOVE) return ratio(num, den);
  return { num, den };
}

export const reduced = (a: Ratio): Ratio => ratio(a.num, a.den);
export const fadd = (a: Ratio, b: Ratio): Ratio => (a.den === b.den ? make(a.num + b.num, a.den) : make(a.num * b.den + b.num * a.den, a.den * b.den));
export const fsub = (a: Ratio, b: Ratio): Ratio => (a.den === b.den ? make(a.num - b.num, a.den) : make(a.num * b.den - b.num * a.den, a.den * b.den));
export const fmul = (a: Ratio, b: Ratio): Ratio => make(a.num * b.num, a.den * b.den);
export function fdiv(a: Ratio, b: Ratio): Ratio {
  if (b.num === 0n) throw new RangeError("division of a ratio by zero");
  return b.num < 0n ? make(-a.num * b.den, a.den * -b.num) : make(a.num * b.den, a.den * b.num);
}
export function fcompare(a: Ratio, b: Ratio): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}
/** A whole number as a fraction, without a gcd. */
export const whole = (n: bigint): Ratio => ({ num: n, den: 1n });
