/**
 * Merging batch results (in batch order, whatever order they arrive in) and summarizing them:
 * percentile bands of cash per month, the chance of running out of cash and when, the
 * probability-weighted funding gap, and percentiles of each output.
 *
 * Every sum runs over paths in path order, so the summary is the same bit for bit on one worker
 * or many.
 */
import type { Month } from "../time/month.js";
import type { BatchResult } from "./batch.js";
import type { PathDestination } from "./path-kernel.js";
import type { SimulationPlan } from "./plan.js";

/** The arrays of a PathStore, as sent to a worker (in shared memory, they are the same memory there). */
export interface PathArrays {
  readonly cash: Float64Array;
  readonly firstShortfall: Int32Array;
  readonly lowest: Float64Array;
  readonly outputs: Float64Array;
}

/**
 * All paths of a run, path p of batch b at b × batchSize + p. Batches write into it directly
 * (`destination`), or their results are copied in (`absorb`). A shared store lives in
 * SharedArrayBuffers, so that workers write their batches where they belong and then summarize
 * slices of months from the same memory: nothing is copied between threads.
 */
export class PathStore implements PathArrays {
  readonly runs: number;
  readonly months: number;
  /** cash[m * runs + path]. Memory: 8 bytes × months × runs. */
  readonly cash: Float64Array;
  readonly firstShortfall: Int32Array;
  readonly lowest: Float64Array;
  readonly outputs: Float64Array;
  private readonly batchSize: number;
  private received = 0;

  constructor(plan: SimulationPlan, options: { readonly shared?: boolean } = {}) {
    this.runs = plan.runs;
    this.months = plan.model.months;
    this.batchSize = plan.batchSize;
    const bytes = (n: number): ArrayBuffer | SharedArrayBuffer => (options.shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n));
    this.cash = new Float64Array(bytes(8 * this.months * this.runs));
    this.firstShortfall = new Int32Array(bytes(4 * this.runs));
    this.lowest = new Float64Array(bytes(8 * this.runs));
    this.outputs = new Float64Array(bytes(8 * plan.outputs.length * this.runs));
  }

  /** Where batch `batch` writes its paths (see PathKernel). */
  destination(batch: number): PathDestination {
    return destination(this, this.runs, batch * this.batchSize);
  }

  /** Counts paths written through `destination`. */
  written(paths: number): void {
    this.received += paths;
  }

  absorb(r: BatchResult): void {
    const offset = r.batch * this.batchSize;
    const P = r.paths;
    for (let m = 0; m < this.months; m++) this.cash.set(r.cash.subarray(m * P, (m + 1) * P), m * this.runs + offset);
    this.firstShortfall.set(r.firstShortfall, offset);
    this.lowest.set(r.lowest, offset);
    const O = r.outputs.length / Math.max(1, P);
    for (let o = 0; o < O; o++) this.outputs.set(r.outputs.subarray(o * P, (o + 1) * P), o * this.runs + offset);
    this.received += P;
  }

  get complete(): boolean {
    return this.received === this.runs;
  }
}

/** Where batch paths go in store arrays of `runs` paths, from path `offset` on. */
export const destination = (arrays: PathArrays, runs: number, offset: number): PathDestination => ({ ...pick(arrays), stride: runs, offset });
const pick = ({ cash, firstShortfall, lowest, outputs }: PathArrays): PathArrays => ({ cash, firstShortfall, lowest, outputs });

export interface Band {
  readonly percentile: number;
  /** Per month of the horizon, minor units. */
  readonly values: Float64Array;
}

export interface PercentileValue {
  readonly percentile: number;
  readonly value: number;
}

export interface OutputSummary {
  readonly name: string;
  readonly mean: number;
  readonly percentiles: readonly PercentileValue[];
}

export interface SimulationResult {
  readonly company: string;
  readonly currency: string;
  readonly start: Month;
  readonly months: number;
  readonly runs: number;
  readonly seed: number;
  readonly batchSize: number;
  /** Closing cash per month at each percentile asked for, lowest percentile first. */
  readonly cashBands: readonly Band[];
  readonly cashMean: Float64Array;
  readonly runOut: {
    /** Share of runs in which cash goes below zero at some month. */
    readonly probability: number;
    /** Mean month index (0 = the horizon's first month) at which cash first goes below zero, over those runs; null if none. */
    readonly expectedMonthIndex: number | null;
    /** Percentiles of that first month index, over those runs. */
    readonly monthPercentiles: readonly PercentileValue[];
  };
  readonly fundingGap: {
    /** Mean over all runs of the money needed to keep cash at or above zero (0 in runs that never run out): the probability-weighted gap. */
    readonly expected: number;
    /** Mean gap over the runs that run out; null if none. */
    readonly conditional: number | null;
    readonly percentiles: readonly PercentileValue[];
  };
  readonly outputs: readonly OutputSummary[];
}

/** Percentile p (0..100) of ascending `sorted`, interpolating linearly between ranks. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? Number.NaN;
  if (lo + 1 >= n) return a;
  return a + (h - lo) * ((sorted[lo + 1] ?? a) - a);
}

/**
 * Percentiles of `values` (which it reorders), by selection rather than a full sort: the order
 * statistics each percentile needs are placed one after another, left to right, so the whole costs
 * a few linear passes. Gives exactly what sorting and `percentileOfSorted` give.
 */
export function percentilesInPlace(values: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => Number.NaN);
  const order = ps.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(ps.length);
  let from = 0;
  for (const [p, i] of order) {
    const h = ((n - 1) * p) / 100;
    const k = Math.floor(h);
    if (k >= from) {
      select(values, from, n - 1, k);
      from = k;
    }
    const a = values[k]!;
    if (k + 1 >= n || h === k) {
      out[i] = a;
      continue;
    }
    let next = Infinity; // the (k+1)-th smallest is the least of what lies right of k
    for (let j = k + 1; j < n; j++) if (values[j]! < next) next = values[j]!;
    out[i] = a + (h - k) * (next - a);
  }
  return out;
}

/**
 * Rearranges a[lo..hi] so that a[k] is the value a sort would put there, smaller ones left of it,
 * larger right. Three-way partitioning keeps runs of equal values (every path has the same cash in
 * the months before anything uncertain happens) linear instead of quadratic.
 */
function select(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y; // median of three
    // a[lo..lt) < pivot, a[lt..i) = pivot, a(gt..hi] > pivot
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i <= gt) {
      const v = a[i]!;
      if (v < pivot) swap(a, lt++, i++);
      else if (v > pivot) swap(a, i, gt--);
      else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

const percentilesOf = (values: Float64Array, ps: readonly number[]): PercentileValue[] => {
  const found = percentilesOfValues(values, ps);
  return ps.map((percentile, i) => ({ percentile, value: found[i] ?? Number.NaN }));
};

// Below this many values, copying and selecting costs less than a pass over 65,536 buckets.
const SMALL = 4096;
const BUCKETS = 65536;
// Reused between calls (one summary at a time per thread): counts per bucket, and each bucket's segment of candidates (-1: not wanted).
const counts = new Int32Array(BUCKETS);
const segment = new Int32Array(BUCKETS).fill(-1);
let candidates = new Float64Array(0);

/**
 * Percentiles of `values`, the same as `percentilesInPlace` gives, without reordering `values`
 * and without a selection over all of them: a histogram of 65,536 equal buckets between the least
 * and the greatest value (a bucket index only grows with the value) says which bucket holds each
 * order statistic needed; one more pass gathers just those buckets' values, and a selection among
 * them places each order statistic. Three linear passes with few branches, where a selection over
 * every value costs several passes of hard-to-predict branches (about 10× slower for a month of
 * 100,000 paths). Values that are not all finite take a sort. (As with any comparison, -0 and 0
 * count as equal.)
 */
export function percentilesOfValues(values: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  if (n < SMALL) return percentilesInPlace(Float64Array.from(values), ps);
  let low = values[0]!;
  let high = low;
  for (let i = 1; i < n; i++) {
    const v = values[i]!;
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  if (!Number.isFinite(low) || !Number.isFinite(high)) return percentilesOfSorted(Float64Array.from(values).sort(), ps);
  if (low === high) return ps.map(() => low);
  // The order statistics needed, ascending: k for each percentile, and k + 1 where it interpolates.
  const ranks: number[] = [];
  for (const p of ps) {
    const h = ((n - 1) * p) / 100;
    const k = Math.floor(h);
    ranks.push(k);
    if (k + 1 < n && h !== k) ranks.push(k + 1);
  }
  const wanted = [...new Set(ranks)].sort((a, b) => a - b);

  // (v − low) × scale is at most BUCKETS − 1 and a little rounding; `| 0` floors it. A wider spread than doubles hold gives scale 0: one bucket, still exact.
  const scale = (BUCKETS - 1) / (high - low);
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[((values[i]! - low) * scale) | 0]!++;

  // The bucket of each wanted rank, and its rank within the bucket.
  const bucketOf: Array<{ bucket: number; within: number }> = [];
  const targets: number[] = [];
  let below = 0;
  let b = 0;
  for (const r of wanted) {
    while (below + counts[b]! <= r) below += counts[b++]!;
    bucketOf.push({ bucket: b, within: r - below });
    if (targets[targets.length - 1] !== b) targets.push(b);
  }
  const start: number[] = [];
  let size = 0;
  targets.forEach((t, j) => {
    segment[t] = j;
    start.push(size);
    size += counts[t]!;
  });
  if (candidates.length < size) candidates = new Float64Array(Math.max(size, 2 * candidates.length));
  const cand = candidates;
  const fill = [...start];
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const j = segment[((v - low) * scale) | 0]!;
    if (j >= 0) cand[fill[j]!++] = v;
  }
  for (const t of targets) segment[t] = -1;

  // Place each rank within its bucket's segment, left to right.
  const at = new Map<number, number>();
  const from = [...start];
  wanted.forEach((r, i) => {
    const { bucket, within } = bucketOf[i]!;
    const j = targets.indexOf(bucket);
    const k = start[j]! + within;
    select(cand, from[j]!, start[j]! + counts[bucket]! - 1, k);
    from[j] = k;
    at.set(r, cand[k]!);
  });
  return ps.map((p) => {
    const h = ((n - 1) * p) / 100;
    const k = Math.floor(h);
    const a = at.get(k)!;
    if (k + 1 >= n || h === k) return a;
    return a + (h - k) * (at.get(k + 1)! - a);
  });
}

/** Percentiles of ascending `sorted`, read as `percentilesInPlace` reads its order statistics. */
function percentilesOfSorted(sorted: Float64Array, ps: readonly number[]): number[] {
  const n = sorted.length;
  return ps.map((p) => {
    const h = ((n - 1) * p) / 100;
    const k = Math.floor(h);
    const a = sorted[k]!;
    if (k + 1 >= n || h === k) return a;
    return a + (h - k) * (sorted[k + 1]! - a);
  });
}

/**
 * Closing cash of months [from, to) summarized into `out` (months × (1 + percentiles)): the mean
 * of month m at out[m], percentile i at out[(1 + i) × months + m]. The mean adds paths in path
 * order. Workers each summarize a slice of months of a shared store.
 */
export function summarizeMonths(cash: Float64Array, runs: number, months: number, percentiles: readonly number[], from: number, to: number, out: Float64Array): void {
  for (let m = from; m < to; m++) {
    const row = cash.subarray(m * runs, (m + 1) * runs);
    let sum = 0;
    for (let p = 0; p < runs; p++) sum += row[p]!;
    out[m] = sum / runs;
    const found = percentilesOfValues(row, percentiles);
    for (let i = 0; i < percentiles.length; i++) out[(1 + i) * months + m] = found[i] ?? Number.NaN;
  }
}

/**
 * The summary of a run's paths. `months`, when given, is the closing cash already summarized by
 * `summarizeMonths` over every month (as the workers do); otherwise it is done here.
 */
export function summarize(plan: SimulationPlan, store: PathStore, months?: Float64Array): SimulationResult {
  const M = store.months;
  const R = store.runs;
  const ps = plan.percentiles;
  let byMonth = months;
  if (!byMonth) {
    byMonth = new Float64Array((1 + ps.length) * M);
    summarizeMonths(store.cash, R, M, ps, 0, M, byMonth);
  }
  const bands = ps.map((percentile, i) => ({ percentile, values: byMonth.slice((1 + i) * M, (2 + i) * M) }));
  const cashMean = byMonth.slice(0, M);

  const shortMonths: number[] = [];
  const gaps = new Float64Array(R);
  let gapSum = 0;
  for (let p = 0; p < R; p++) {
    const first = store.firstShortfall[p]!;
    if (first >= 0) shortMonths.push(first);
    const gap = Math.max(0, -store.lowest[p]!);
    gaps[p] = gap;
    gapSum += gap;
  }
  const short = shortMonths.length;

  const outputs = plan.outputs.map((o, i) => {
    const values = store.outputs.subarray(i * R, (i + 1) * R);
    let sum = 0;
    for (let p = 0; p < R; p++) sum += values[p]!;
    return { name: o.name, mean: sum / R, percentiles: percentilesOf(values, ps) };
  });

  return {
    company: plan.model.company,
    currency: plan.model.currency,
    start: plan.model.start,
    months: M,
    runs: R,
    seed: plan.seed,
    batchSize: plan.batchSize,
    cashBands: bands,
    cashMean,
    runOut: {
      probability: short / R,
      expectedMonthIndex: short > 0 ? shortMonths.reduce((a, b) => a + b, 0) / short : null,
      monthPercentiles: short > 0 ? percentilesOf(Float64Array.from(shortMonths), ps) : [],
    },
    fundingGap: { expected: gapSum / R, conditional: short > 0 ? gapSum / short : null, percentiles: percentilesOf(gaps, ps) },
    outputs,
  };
}
