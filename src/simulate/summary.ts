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
import type { SimulationPlan } from "./plan.js";

/** All paths of a run, path p of batch b at b × batchSize + p. */
export class PathStore {
  readonly runs: number;
  readonly months: number;
  /** cash[m * runs + path]. Memory: 8 bytes × months × runs. */
  readonly cash: Float64Array;
  readonly firstShortfall: Int32Array;
  readonly lowest: Float64Array;
  readonly outputs: Float64Array;
  private readonly batchSize: number;
  private received = 0;

  constructor(plan: SimulationPlan) {
    this.runs = plan.runs;
    this.months = plan.model.months;
    this.batchSize = plan.batchSize;
    this.cash = new Float64Array(this.months * this.runs);
    this.firstShortfall = new Int32Array(this.runs);
    this.lowest = new Float64Array(this.runs);
    this.outputs = new Float64Array(plan.outputs.length * this.runs);
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
  const scratch = Float64Array.from(values);
  const found = percentilesInPlace(scratch, ps);
  return ps.map((percentile, i) => ({ percentile, value: found[i] ?? Number.NaN }));
};

export function summarize(plan: SimulationPlan, store: PathStore): SimulationResult {
  const M = store.months;
  const R = store.runs;
  const ps = plan.percentiles;
  const bands = ps.map((percentile) => ({ percentile, values: new Float64Array(M) }));
  const cashMean = new Float64Array(M);
  const scratch = new Float64Array(R);
  for (let m = 0; m < M; m++) {
    const row = store.cash.subarray(m * R, (m + 1) * R);
    let sum = 0;
    for (let p = 0; p < R; p++) sum += row[p]!;
    cashMean[m] = sum / R;
    scratch.set(row);
    const found = percentilesInPlace(scratch, ps);
    bands.forEach((b, i) => (b.values[m] = found[i] ?? Number.NaN));
  }

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
