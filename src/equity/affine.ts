/**
 * Exact affine functions of the proceeds `P`: `c + m * P`. Between two breakpoints of the exit
 * waterfall every payout is one of these, which is what lets the payout curve be exact.
 */
import { ZERO_RATIO, type Ratio } from "../money/ratio.js";
import { fadd as addRatio, fcompare as compareRatio, fdiv as divRatio, fmul as mulRatio, fsub as subRatio } from "./fraction.js";

export interface Affine {
  /** The value at `P = 0`. */
  readonly c: Ratio;
  /** The slope: change per minor unit of proceeds. */
  readonly m: Ratio;
}

export const ZERO_AFFINE: Affine = { c: ZERO_RATIO, m: ZERO_RATIO };
export const constant = (c: Ratio): Affine => ({ c, m: ZERO_RATIO });
export const valueAt = (a: Affine, p: Ratio): Ratio => (a.m.num === 0n ? a.c : addRatio(a.c, mulRatio(a.m, p)));
export const addAffine = (a: Affine, b: Affine): Affine => ({ c: addRatio(a.c, b.c), m: addRatio(a.m, b.m) });
export const subAffine = (a: Affine, b: Affine): Affine => ({ c: subRatio(a.c, b.c), m: subRatio(a.m, b.m) });
export const scaleAffine = (a: Affine, r: Ratio): Affine => ({ c: mulRatio(a.c, r), m: mulRatio(a.m, r) });
export const sameAffine = (a: Affine, b: Affine): boolean => compareRatio(a.c, b.c) === 0 && compareRatio(a.m, b.m) === 0;

/** Where `a` reaches `target`, or undefined when `a` is flat. */
export function solveAffine(a: Affine, target: Ratio): Ratio | undefined {
  if (a.m.num === 0n) return undefined;
  return divRatio(subRatio(target, a.c), a.m);
}
