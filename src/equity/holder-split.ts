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
 *
 * Holders of one stake with the same share count always get the same floor and remainder, so the
 * arithmetic and the selection run once per distinct share count (a group, with its number of
 * holders); where the cut falls inside the holders of one remainder, the earliest in the stake get
 * the units, as in `splitByWeights`. The group amounts reach the holders in runs (consecutive
 * holders with consecutive groups) by native copies, as float64 or as the two 32-bit words of a
 * 64-bit integer; a holder's first stake writes its amount and later stakes add to it.
 */
import { splitByWeights, type Money } from "../money/money.js";
import type { Stake } from "./waterfall-model.js";

/** Largest integer below which float64 arithmetic on integers is exact. */
const EXACT_LIMIT = Number.MAX_SAFE_INTEGER;
const TWO_TO_32 = 4294967296;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Which of the two 32-bit words of a 64-bit integer in memory is the low one, and which the high. */
const LOW = LITTLE_ENDIAN ? 0 : 1;
const HIGH = 1 - LOW;

interface StakeSplit {
  /** Per holder of the stake, the holder's index in `HolderLayout.holders`. */
  readonly holderIndex: Int32Array;
  /** The distinct share counts of the stake, in order of first appearance. */
  readonly groupWeights: Float64Array;
  /** How many holders of the stake hold each distinct share count. */
  readonly groupSizes: Int32Array;
  /**
   * The holders of each distinct share count, as positions in the stake in ascending order:
   * those of group `g` are `groupMembers[groupStart[g] .. groupStart[g + 1])`.
   */
  readonly groupStart: Int32Array;
  readonly groupMembers: Int32Array;
  /**
   * The stake's holders as runs of consecutive holders (in the layout) with consecutive groups,
   * four numbers a run: first holder, first group, length, and 1 if this stake is where its
   * holders first appear (their payout is written, not added: no stake before it paid them).
   * Groups are numbered in order of first appearance, so holders with distinct share counts form
   * long runs, written with one copy of the group values.
   */
  readonly runs: Int32Array;
  /** Buckets for the remainders: a power of two at least the number of groups (at most 2^15, so a bucket number fits 16 bits). */
  readonly bucketCount: number;
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
  /** The largest number of holders in one stake. */
  readonly widest: number;
  /** The largest number of distinct share counts in one stake (the size of most scratch space). */
  readonly widestGroups: number;
}

/**
 * Indexes the holders of compiled stakes once, for any number of splits. Holders of a stake with
 * the same share count get the same floor and the same remainder at every payout, so they are
 * grouped: the arithmetic and the selection of the largest remainders run once per distinct share
 * count, and only the final write is per holder.
 */
export function layoutHolders(stakes: readonly Stake[]): HolderLayout {
  const index = new Map<string, number>();
  const holders: string[] = [];
  let widest = 0;
  let widestGroups = 0;
  const splits = stakes.map((s): StakeSplit => {
    const n = s.holders.length;
    widest = Math.max(widest, n);
    const holderIndex = new Int32Array(n);
    const groupOf = new Int32Array(n);
    const bigWeights: bigint[] = new Array<bigint>(n);
    const groupByWeight = new Map<bigint, number>();
    const weightsOfGroups: number[] = [];
    const sizes: number[] = [];
    let bigWeightSum = 0n;
    let maxWeight = 0n;
    const runs: number[] = [];
    s.holders.forEach((h, k) => {
      let at = index.get(h.holder);
      const firstSeen = at === undefined ? 1 : 0;
      if (at === undefined) {
        at = holders.length;
        index.set(h.holder, at);
        holders.push(h.holder);
      }
      holderIndex[k] = at;
      let g = groupByWeight.get(h.shares);
      if (g === undefined) {
        g = weightsOfGroups.length;
        groupByWeight.set(h.shares, g);
        weightsOfGroups.push(Number(h.shares));
        sizes.push(0);
      }
      groupOf[k] = g;
      sizes[g]! += 1;
      const last = runs.length - 4;
      if (last >= 0 && runs[last]! + runs[last + 2]! === at && runs[last + 1]! + runs[last + 2]! === g && runs[last + 3] === firstSeen) runs[last + 2]! += 1;
      else runs.push(at, g, 1, firstSeen);
      bigWeights[k] = h.shares;
      bigWeightSum += h.shares;
      if (h.shares > maxWeight) maxWeight = h.shares;
    });
    const groups = weightsOfGroups.length;
    widestGroups = Math.max(widestGroups, groups);
    const groupStart = new Int32Array(groups + 1);
    for (let g = 0; g < groups; g++) groupStart[g + 1] = groupStart[g]! + sizes[g]!;
    const groupMembers = new Int32Array(n);
    const filled = groupStart.slice(0, groups);
    for (let k = 0; k < n; k++) groupMembers[filled[groupOf[k]!]!++] = k;
    const floatExact = (maxWeight + 1n) * bigWeightSum <= BigInt(EXACT_LIMIT);
    return {
      holderIndex,
      groupWeights: Float64Array.from(weightsOfGroups),
      groupSizes: Int32Array.from(sizes),
      groupStart,
      groupMembers,
      runs: Int32Array.from(runs),
      // About one distinct share count per bucket, so the edge bucket rarely holds more than a few.
      bucketCount: Math.min(1 << 15, 1 << Math.ceil(Math.log2(Math.max(1, groups)))),
      weightSum: Number(bigWeightSum),
      bigWeights,
      bigWeightSum,
      floatExact,
    };
  });
  return { holders, stakes: splits, widest, widestGroups };
}

/**
 * Each holder's total over all stakes, given the stakes' rounded payouts (which sum to
 * `proceeds`), as exact integers in a float64 array indexed like `layout.holders`; null when some
 * amount is outside the exact float range (the caller then uses `splitInBigint`), leaving `into`
 * partly written.
 */
export function splitAmongHolders(layout: HolderLayout, stakePayouts: readonly Money[], proceeds: bigint, into: Float64Array, scratch: SplitScratch): Float64Array | null {
  return splitInto(layout, stakePayouts, proceeds, into, null, scratch) ? into : null;
}

/**
 * The same totals as `splitAmongHolders`, as 64-bit integers: written word by word into the
 * array's memory, each distinct amount converted once per group of equal share counts rather than
 * once per holder. Null in the same cases.
 */
export function splitAmongHoldersAsIntegers(layout: HolderLayout, stakePayouts: readonly Money[], proceeds: bigint, into: BigInt64Array, scratch: SplitScratch): BigInt64Array | null {
  const words = new Uint32Array(into.buffer, into.byteOffset, into.length * 2);
  return splitInto(layout, stakePayouts, proceeds, null, words, scratch) ? into : null;
}

/** The split, into exactly one of `floats` (one float64 per holder) and `words` (two 32-bit words per holder). */
function splitInto(layout: HolderLayout, stakePayouts: readonly Money[], proceeds: bigint, floats: Float64Array | null, words: Uint32Array | null, scratch: SplitScratch): boolean {
  if (proceeds < 0n || proceeds > BigInt(EXACT_LIMIT)) return false;
  // Stakes in layout order: a holder's first stake writes its payout, later ones add to it.
  const { values, tiedMembers } = scratch;
  for (let j = 0; j < layout.stakes.length; j++) {
    const split = layout.stakes[j]!;
    const payout = stakePayouts[j] as bigint;
    let paying: 0 | 1 = 1;
    let extra = 0; // holders with one more unit, listed in `tiedMembers` by position in the stake
    if (payout === 0n) paying = 0;
    else if (payout < 0n || !split.floatExact) return false;
    else if (split.holderIndex.length === 1) values[0] = Number(payout);
    else {
      const quotient = payout / split.bigWeightSum;
      extra = splitStake(split, Number(quotient), Number(payout - quotient * split.bigWeightSum), scratch);
    }
    const { holderIndex } = split;
    if (floats !== null) {
      writeRuns(split.runs, values, paying, floats);
      for (let m = 0; m < extra; m++) floats[holderIndex[tiedMembers[m]!]!]! += 1;
    } else if (words !== null) {
      writeRunsAsWords(split.runs, values, split.groupWeights.length, paying, words, scratch.groupWords);
      for (let m = 0; m < extra; m++) addToWords(words, holderIndex[tiedMembers[m]!]!, 1, 0);
    }
  }
  return true;
}

/** Below this length a run is written element by element; above it, with one native copy. */
const COPY_FROM = 16;

/**
 * Writes (first stake of the holders) or adds the group values to the holders of each run; with
 * `paying` 0, the stake pays nothing, so only the holders it is first to see are set to zero.
 */
function writeRuns(runs: Int32Array, values: Float64Array, paying: 0 | 1, into: Float64Array): void {
  for (let i = 0; i < runs.length; i += 4) {
    const holder = runs[i]!;
    const group = runs[i + 1]!;
    const length = runs[i + 2]!;
    if (runs[i + 3] === 1) {
      if (paying === 0) into.fill(0, holder, holder + length);
      else if (length >= COPY_FROM) into.set(values.subarray(group, group + length), holder);
      else for (let k = 0; k < length; k++) into[holder + k] = values[group + k]!;
    } else if (paying === 1) for (let k = 0; k < length; k++) into[holder + k]! += values[group + k]!;
  }
}

/** `writeRuns` into two 32-bit words per holder, the group values converted once each into `groupWords`. */
function writeRunsAsWords(runs: Int32Array, values: Float64Array, groups: number, paying: 0 | 1, into: Uint32Array, groupWords: Uint32Array): void {
  if (paying === 1) {
    for (let g = 0; g < groups; g++) {
      const v = values[g]!;
      const high = Math.floor(v / TWO_TO_32);
      groupWords[2 * g + LOW] = v - high * TWO_TO_32;
      groupWords[2 * g + HIGH] = high;
    }
  }
  for (let i = 0; i < runs.length; i += 4) {
    const holder = runs[i]!;
    const group = runs[i + 1]!;
    const length = runs[i + 2]!;
    if (runs[i + 3] === 1) {
      if (paying === 0) into.fill(0, 2 * holder, 2 * (holder + length));
      else if (length >= COPY_FROM) into.set(groupWords.subarray(2 * group, 2 * (group + length)), 2 * holder);
      else for (let k = 0; k < 2 * length; k++) into[2 * holder + k] = groupWords[2 * group + k]!;
    } else if (paying === 1) for (let k = 0; k < length; k++) addToWords(into, holder + k, groupWords[2 * (group + k) + LOW]!, groupWords[2 * (group + k) + HIGH]!);
  }
}

/** Adds `high x 2^32 + low` to the 64-bit integer at `index` of `words` (the sum stays below 2^53). */
function addToWords(words: Uint32Array, index: number, low: number, high: number): void {
  const sum = words[2 * index + LOW]! + low;
  const carry = sum >= TWO_TO_32 ? 1 : 0;
  words[2 * index + LOW] = sum - carry * TWO_TO_32;
  words[2 * index + HIGH] = words[2 * index + HIGH]! + high + carry;
}

/**
 * One stake's split of `quotient x weightSum + spare` (`spare < weightSum`), left in
 * `scratch.values` per group: each holder `quotient x w + floor(spare x w / weightSum)`, plus one
 * for every group whose remainder `spare x w mod weightSum` is among the largest. Where the cut
 * falls among holders with equal remainders, those that get the unit (the earliest in the stake)
 * are listed in `scratch.tiedMembers`; returns how many.
 */
function splitStake(split: StakeSplit, quotient: number, spare: number, scratch: SplitScratch): number {
  const { groupWeights, groupSizes, weightSum, bucketCount } = split;
  const groups = groupWeights.length;
  const { values, remainders, buckets, counts } = scratch;
  const inverse = 1 / weightSum;
  // Remainders are bucketed by value as they are computed (bucket = floor(r x bucketCount / W),
  // a non-decreasing function of r), so that the largest ones are found without sorting.
  const toBucket = bucketCount * inverse;
  counts.fill(0, 0, bucketCount + 1);
  let floorSum = 0;
  for (let g = 0; g < groups; g++) {
    const w = groupWeights[g]!;
    const x = spare * w; // < weightSum x w: exact
    let f = Math.floor(x * inverse); // the quotient is below w, so this is off by at most one
    let r = x - f * weightSum;
    if (r < 0) {
      f -= 1;
      r += weightSum;
    } else if (r >= weightSum) {
      f += 1;
      r -= weightSum;
    }
    const size = groupSizes[g]!;
    floorSum += f * size;
    values[g] = quotient * w + f;
    remainders[g] = r;
    const b = (r * toBucket) | 0; // r < W, so at most bucketCount (a spare slot, reached only by rounding)
    buckets[g] = b;
    counts[b]! += size;
  }
  // The sum of the remainders over weightSum: fewer than the holders. These many holders, those
  // with the largest remainders, get one unit more.
  let missing = spare - floorSum;
  let tied = -1; // the remainder shared by holders of which only the first `missing` get a unit
  if (missing > 0) {
    // Every holder in a bucket above `edge` gets a unit; within `edge`, select.
    let edge = bucketCount;
    while (counts[edge]! < missing) missing -= counts[edge--]!;
    const { candidates } = scratch;
    let inEdge = 0;
    let inEdgeHolders = 0;
    for (let g = 0; g < groups; g++) {
      const b = buckets[g]!;
      if (b > edge) values[g]! += 1;
      else if (b === edge) {
        candidates[inEdge++] = g;
        inEdgeHolders += groupSizes[g]!;
      }
    }
    if (inEdgeHolders === missing) {
      for (let c = 0; c < inEdge; c++) values[candidates[c]!]! += 1;
      missing = 0;
    } else {
      const threshold = nthLargestWeighted(scratch, inEdge, missing, remainders, groupSizes);
      for (let c = 0; c < inEdge; c++) {
        const g = candidates[c]!;
        if (remainders[g]! > threshold) {
          values[g]! += 1;
          missing -= groupSizes[g]!;
        }
      }
      tied = threshold;
    }
  }
  return missing > 0 ? listEarliestTied(split, scratch, tied, missing) : 0;
}

/**
 * The last `missing` units go to holders whose remainder is exactly `tied`, the earliest in the
 * stake first: lists them (positions in the stake) at the start of `scratch.tiedMembers` and
 * returns `missing`. Usually one group of equal share counts holds that remainder; if several do,
 * their holders are merged in stake order.
 */
function listEarliestTied(split: StakeSplit, scratch: SplitScratch, tied: number, missing: number): number {
  const { groupStart, groupMembers } = split;
  const { remainders, tiedMembers } = scratch;
  let first = -1;
  let count = 0;
  const groups = split.groupWeights.length;
  for (let g = 0; g < groups; g++) {
    if (remainders[g] !== tied) continue;
    if (first < 0) first = g;
    else {
      if (count === 0) for (let m = groupStart[first]!; m < groupStart[first + 1]!; m++) tiedMembers[count++] = groupMembers[m]!;
      for (let m = groupStart[g]!; m < groupStart[g + 1]!; m++) tiedMembers[count++] = groupMembers[m]!;
    }
  }
  const start = groupStart[first]!;
  if (count === 0) tiedMembers.set(groupMembers.subarray(start, start + missing));
  else tiedMembers.subarray(0, count).sort();
  return missing;
}

/** Working space for `splitAmongHolders`, sized for the widest stake; reused across calls. */
export interface SplitScratch {
  /** Per group: its holders' payout so far, its remainder and its remainder's bucket. */
  readonly values: Float64Array;
  readonly remainders: Float64Array;
  readonly buckets: Uint16Array;
  /** Groups in the edge bucket, and the (remainder, holders) pairs selection reorders. */
  readonly candidates: Int32Array;
  readonly selectionValues: Float64Array;
  readonly selectionSizes: Float64Array;
  readonly counts: Int32Array;
  readonly tiedMembers: Int32Array;
  /** Per group, its value as two 32-bit words (for `splitAmongHoldersAsIntegers`). */
  readonly groupWords: Uint32Array;
}

export function splitScratch(layout: HolderLayout): SplitScratch {
  const g = Math.max(1, layout.widestGroups);
  const bucketCount = Math.max(...layout.stakes.map((s) => s.bucketCount), 1);
  return {
    values: new Float64Array(g),
    remainders: new Float64Array(g),
    buckets: new Uint16Array(g),
    candidates: new Int32Array(g),
    selectionValues: new Float64Array(g),
    selectionSizes: new Float64Array(g),
    counts: new Int32Array(bucketCount + 1),
    tiedMembers: new Int32Array(Math.max(1, layout.widest)),
    groupWords: new Uint32Array(2 * g),
  };
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

/**
 * The remainder `r` among the edge candidates such that fewer than `missing` holders have a larger
 * remainder and at least `missing` have one at least `r` (each candidate group counts as many
 * holders as it has): a quickselect weighted by group sizes, on copies in `scratch`.
 */
function nthLargestWeighted(scratch: SplitScratch, n: number, missing: number, remainders: Float64Array, sizes: Int32Array): number {
  const { candidates, selectionValues: a, selectionSizes: s } = scratch;
  for (let c = 0; c < n; c++) {
    a[c] = remainders[candidates[c]!]!;
    s[c] = sizes[candidates[c]!]!;
  }
  let lo = 0;
  let hi = n; // the answer is among a[lo .. hi)
  let want = missing; // holders still to take from a[lo .. hi), largest first
  for (;;) {
    const pivot = a[(lo + hi) >>> 1]!;
    // Three-way partition: larger than the pivot to the front, smaller to the back.
    let lt = lo;
    let i = lo;
    let gt = hi;
    let larger = 0;
    let equal = 0;
    while (i < gt) {
      const v = a[i]!;
      if (v > pivot) {
        larger += s[i]!;
        swap(a, s, lt++, i++);
      } else if (v < pivot) swap(a, s, i, --gt);
      else {
        equal += s[i]!;
        i++;
      }
    }
    if (want <= larger) hi = lt;
    else if (want <= larger + equal) return pivot;
    else {
      want -= larger + equal;
      lo = gt;
    }
  }
}

function swap(a: Float64Array, s: Float64Array, i: number, j: number): void {
  const v = a[i]!;
  a[i] = a[j]!;
  a[j] = v;
  const w = s[i]!;
  s[i] = s[j]!;
  s[j] = w;
}
