/**
 * Splitting stake payouts among holders, fast enough to do for every holder at every point of a
 * payout curve (100,000 holders x 1,000 exit values is 10^8 splits).
 *
 * The rule is the one `splitByWeights` implements — largest remainder by shares, ties to the
 * earlier holder — and the results are the same integers. What differs is the arithmetic: a
 * stake paying `S` to holders with shares `w_k` (summing to `W`) is split as
 * `S = q x W + t` (`t < W`, once per stake, in bigint), then each holder gets
 * `q x w_k + floor(t x w_k / W)` with remainder `t x w_k mod W`. When `(max w_k + 1) x W` and every
 * amount stay within 2^53 - 1, each of these is an integer a float64 holds exactly, so the inner
 * loop runs on typed arrays with no bigint and no allocation; the units still missing go to the
 * largest remainders, found by bucketing the remainders by value as they are computed and
 * selecting only within the bucket where the cut falls (not by sorting). A stake or an exit value outside that
 * range is split in bigint by `splitByWeights`, the reference.
 */
import { splitByWeights, type Money } from "../money/money.js";
import type { Stake } from "./waterfall-model.js";

/** Largest integer below which float64 arithmetic on integers is exact. */
const EXACT_LIMIT = Number.MAX_SAFE_INTEGER;
const TWO_TO_32 = 4294967296;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

interface StakeSplit {
  /** Per holder of the stake, the holder's index in `HolderLayout.holders`. */
  readonly holderIndex: Int32Array;
  readonly weights: Float64Array;
  readonly weightSum: number;
  readonly bigWeights: readonly bigint[];
  readonly bigWeightSum: bigint;
  /** Whether `(max weight + 1) x weightSum` is within the exact float range. */
  readonly floatExact: boolean;
}

export interface HolderLayout {
  /** Every holder once, in order of first appearance over the stakes. */
  readonly holders: readonly string[];
  readonly stakes: readonly StakeSplit[];
  /** The largest number of holders in one stake (the size of the scratch space). */
  readonly widest: number;
}

/** Indexes the holders of compiled stakes once, for any number of splits. */
export function layoutHolders(stakes: readonly Stake[]): HolderLayout {
  const index = new Map<string, number>();
  const holders: string[] = [];
  let widest = 0;
  const splits = stakes.map((s): StakeSplit => {
    const n = s.holders.length;
    widest = Math.max(widest, n);
    const holderIndex = new Int32Array(n);
    const weights = new Float64Array(n);
    const bigWeights: bigint[] = new Array(n);
    let bigWeightSum = 0n;
    let maxWeight = 0n;
    s.holders.forEach((h, k) => {
      let at = index.get(h.holder);
      if (at === undefined) {
        at = holders.length;
        index.set(h.holder, at);
        holders.push(h.holder);
      }
      holderIndex[k] = at;
      weights[k] = Number(h.shares);
      bigWeights[k] = h.shares;
      bigWeightSum += h.shares;
      if (h.shares > maxWeight) maxWeight = h.shares;
    });
    const floatExact = (maxWeight + 1n) * bigWeightSum <= BigInt(EXACT_LIMIT);
    return { holderIndex, weights, weightSum: Number(bigWeightSum), bigWeights, bigWeightSum, floatExact };
  });
  return { holders, stakes: splits, widest };
}

/**
 * Each holder's total over all stakes, given the stakes' rounded payouts (which sum to
 * `proceeds`), as exact integers in a float64 array indexed like `layout.holders`; null when some
 * amount is outside the exact float range (the caller then uses `splitInBigint`).
 */
export function splitAmongHolders(layout: HolderLayout, stakePayouts: readonly Money[], proceeds: bigint, into: Float64Array, scratch: SplitScratch): Float64Array | null {
  if (proceeds < 0n || proceeds > BigInt(EXACT_LIMIT)) return null;
  into.fill(0);
  const { remainders, buckets, counts, candidates } = scratch;
  for (let j = 0; j < layout.stakes.length; j++) {
    const split = layout.stakes[j]!;
    const payout = stakePayouts[j] as bigint;
    if (payout === 0n) continue;
    if (payout < 0n || !split.floatExact) return null;
    const { holderIndex, weights, weightSum } = split;
    const n = weights.length;
    if (n === 1) {
      into[holderIndex[0]!]! += Number(payout);
      continue;
    }
    const bigQuotient = payout / split.bigWeightSum;
    const quotient = Number(bigQuotient);
    const t = Number(payout - bigQuotient * split.bigWeightSum);
    const inverse = 1 / weightSum;
    // Remainders are bucketed by value as they are computed (bucket = floor(r x bucketCount / W),
    // a non-decreasing function of r), so that the largest ones are found in two passes.
    const bucketCount = counts.length;
    const toBucket = bucketCount * inverse;
    counts.fill(0);
    let floorSum = 0;
    for (let k = 0; k < n; k++) {
      const w = weights[k]!;
      const x = t * w; // < weightSum x w: exact
      let f = Math.floor(x * inverse); // the quotient is below w, so this is off by at most one
      let r = x - f * weightSum;
      if (r < 0) {
        f -= 1;
        r += weightSum;
      } else if (r >= weightSum) {
        f += 1;
        r -= weightSum;
      }
      floorSum += f;
      into[holderIndex[k]!]! += quotient * w + f;
      remainders[k] = r;
      const b = Math.min(bucketCount - 1, Math.floor(r * toBucket));
      buckets[k] = b;
      counts[b]! += 1;
    }
    let missing = t - floorSum; // the sum of remainders / weightSum: fewer than n
    if (missing === 0) continue;
    // The `missing` largest remainders get one unit each; among equal remainders, the earlier
    // holder. Every holder in a bucket above `edge` is among them; within `edge`, select.
    let edge = bucketCount - 1;
    while (counts[edge]! < missing) missing -= counts[edge--]!;
    let inEdge = 0;
    for (let k = 0; k < n; k++) {
      const b = buckets[k]!;
      if (b > edge) into[holderIndex[k]!]! += 1;
      else if (b === edge) candidates[inEdge++] = k;
    }
    if (inEdge === missing) {
      for (let c = 0; c < inEdge; c++) into[holderIndex[candidates[c]!]!]! += 1;
      continue;
    }
    const values = scratch.selection;
    for (let c = 0; c < inEdge; c++) values[c] = remainders[candidates[c]!]!;
    const threshold = nthLargest(values, inEdge, missing - 1);
    let above = 0;
    for (let c = 0; c < inEdge; c++) if (remainders[candidates[c]!]! > threshold) above++;
    let atThreshold = missing - above;
    for (let c = 0; c < inEdge; c++) {
      const k = candidates[c]!;
      const r = remainders[k]!;
      if (r > threshold) into[holderIndex[k]!]! += 1;
      else if (r === threshold && atThreshold > 0) {
        into[holderIndex[k]!]! += 1;
        atThreshold--;
      }
    }
  }
  return into;
}

/** Working space for `splitAmongHolders`, sized for the widest stake; reused across calls. */
export interface SplitScratch {
  readonly remainders: Float64Array;
  readonly selection: Float64Array;
  readonly buckets: Int32Array;
  readonly candidates: Int32Array;
  readonly counts: Int32Array;
}

export function splitScratch(layout: HolderLayout): SplitScratch {
  const n = Math.max(1, layout.widest);
  // About one holder per bucket, so the edge bucket rarely holds more than a few.
  const bucketCount = Math.min(1 << 16, 1 << Math.ceil(Math.log2(n)));
  return { remainders: new Float64Array(n), selection: new Float64Array(n), buckets: new Int32Array(n), candidates: new Int32Array(n), counts: new Int32Array(bucketCount) };
}

/** The reference split, in bigint: `splitByWeights` per stake, summed per holder. */
export function splitInBigint(layout: HolderLayout, stakePayouts: readonly Money[]): bigint[] {
  const totals: bigint[] = layout.holders.map(() => 0n);
  layout.stakes.forEach((split, j) => {
    const payout = stakePayouts[j] as Money;
    const parts = split.bigWeights.length === 1 ? [payout] : splitByWeights(payout, split.bigWeights);
    split.holderIndex.forEach((h, k) => (totals[h] = (totals[h] as bigint) + (parts[k] as bigint)));
  });
  return totals;
}

/** Writes exact non-negative integers below 2^53 held as float64 into a BigInt64Array, without a bigint per element. */
export function writeWholeNumbers(values: Float64Array, into: BigInt64Array): void {
  const words = new Uint32Array(into.buffer, into.byteOffset, into.length * 2);
  const [low, high] = LITTLE_ENDIAN ? [0, 1] : [1, 0];
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    const hi = Math.floor(v / TWO_TO_32);
    words[2 * k + low] = v - hi * TWO_TO_32;
    words[2 * k + high] = hi;
  }
}

/** The value of rank `k` (0 = largest) among the first `n` of `a`, by quickselect; reorders them. */
function nthLargest(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const swap = a[i]!;
        a[i] = a[j]!;
        a[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
