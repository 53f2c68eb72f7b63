/**
 * The payout curve: every class's and stake's payout as the exit value runs over a range, with
 * its breakpoints — the exit values where a slope changes (a tier's preferences are paid in full,
 * a cap binds, a class converts, options come into the money, costs and debt are covered).
 *
 * Between breakpoints each payout is an exact affine function of the proceeds, so the curve is
 * computed segment by segment, not by sampling: from the start of a segment, the regime the
 * holders choose is settled just above it, and the segment ends at the nearest proceeds where
 * that choice or its structure can change — computed exactly from the affine forms (where a
 * class's payout if it switched crosses its payout now, where a class's price per share reaches a
 * strike, where a tier fills or a cap binds). Candidate ends where nothing turns out to change are
 * merged away. The one approximation: two breakpoints closer together than `2^-20` of a minor unit
 * of proceeds are reported as one.
 *
 * Evaluating the curve at many exit values then costs one affine evaluation per stake per exit
 * value; holders are split from their stakes only when asked (`holderPayoutsAt`, or
 * `holderPayoutsInto` to sweep every holder at every exit value without building objects).
 */
import { money, type Money } from "../money/money.js";
import { addRatio, compareRatio, divRatio, formatDecimal, ONE_RATIO, ratio, subRatio, type Ratio } from "../money/ratio.js";
import { sameAffine, solveAffine, subAffine, valueAt, type Affine } from "./affine.js";
import type { EquityDiagnostic } from "./codes.js";
import { layoutHolders, splitAmongHolders, splitAmongHoldersAsIntegers, splitInBigint, splitScratch, type HolderLayout, type SplitScratch } from "./holder-split.js";
import { evaluateRegime, settleRegime, stakePayouts, valuePerShare, type Evaluation, type Regime, type Settlement } from "./waterfall-engine.js";
import { fadd, fdiv, fsub, reduced } from "./fraction.js";
import type { CompiledWaterfall } from "./waterfall-model.js";
import { noSharesToPay, prepareWaterfall, proceedsOf, type ExitScenario, type WaterfallOptions } from "./waterfall.js";
import type { CapTable } from "./types.js";

/** Everything of an exit scenario except the exit value itself. */
export type ExitCosts = Omit<ExitScenario, "exitValue">;

export interface CurveSegment {
  /** Proceeds where the segment starts (exact) and ends (null: unbounded). */
  readonly fromProceeds: Ratio;
  readonly toProceeds: Ratio | null;
  readonly regime: Regime;
  readonly evaluation: Evaluation;
  /** Each stake's payout net of strike money, as an affine function of the proceeds. */
  readonly stakePayouts: readonly Affine[];
}

export interface Breakpoint {
  /** The exit value, exact in minor units (it may fall between two minor units). */
  readonly exitValue: Ratio;
  readonly proceeds: Ratio;
  readonly reasons: readonly string[];
}

export interface CurvePoint {
  readonly exitValue: Money;
  readonly proceeds: Money;
  /** Per class (in cap-table order), net of strike money, rounded; sums to `proceeds`. */
  readonly classes: readonly Money[];
  /** Per stake (in `stakes` order), rounded by largest remainder; sums to `proceeds`. */
  readonly stakes: readonly Money[];
}

export interface PayoutCurve {
  readonly classIds: readonly string[];
  readonly stakes: CompiledWaterfall["stakes"];
  readonly segments: readonly CurveSegment[];
  readonly breakpoints: readonly Breakpoint[];
  readonly points: readonly CurvePoint[];
  /** Holder payouts at `points[index]`, split from the stakes by shares (largest remainder). */
  holderPayoutsAt(index: number): Array<{ holder: string; payout: Money }>;
  /** Every holder once, in the order `holderPayoutsAt` lists them. */
  holderIds(): readonly string[];
  /**
   * The same payouts as `holderPayoutsAt(index)`, in minor units, written into `into` (one slot
   * per `holderIds()` entry; a new array when omitted), so that a caller sweeping every holder at
   * many exit values can reuse one array instead of building 100,000 objects per exit value.
   * Throws RangeError on an unknown index or an array of the wrong length.
   */
  holderPayoutsInto(index: number, into?: BigInt64Array): BigInt64Array;
  /**
   * The same payouts as `holderPayoutsInto(index)`, as exact whole numbers of minor units held in
   * a float64 array (one slot per `holderIds()` entry; a new array when omitted), skipping the
   * conversion to 64-bit integers. A float64 holds every integer up to 2^53 - 1 exactly, and the
   * split only takes this path while the proceeds and every intermediate stay within that range;
   * otherwise it returns null (leaving `into` partly written), and the caller uses `holderPayoutsInto`,
   * which is exact in bigint at any size.
   * Throws RangeError on an unknown index or an array of the wrong length.
   */
  holderPayoutsInWholeUnits(index: number, into?: Float64Array): Float64Array | null;
}

const EPSILON: Ratio = ratio(1n, 1n << 20n);

/**
 * The curve over `exitValues` (any order; points come back in the same order). Never throws on
 * a bad cap table: `value` is null and the diagnostics say why.
 */
export function computePayoutCurve(capTable: CapTable, costs: ExitCosts, exitValues: readonly Money[], options: WaterfallOptions): { value: PayoutCurve | null; diagnostics: EquityDiagnostic[] } {
  const { model, diagnostics } = prepareWaterfall(capTable, options);
  if (model === null) return { value: null, diagnostics };
  const proceeds = exitValues.map((e) => proceedsOf({ ...costs, exitValue: e }).proceeds);
  const maxProceeds = proceeds.reduce((a, b) => (b > a ? b : a), money(0n));
  const maxIterations = options.maxIterations ?? 100;
  const empty = noSharesToPay(model, maxProceeds, options.date);
  if (empty) return { value: null, diagnostics: [...diagnostics, empty] };

  const raw = sweep(model, ratio(maxProceeds), maxIterations, diagnostics);
  const segments = mergeSegments(raw);
  const breakpoints = describeBreakpoints(model, segments, costs);

  // Points: one affine evaluation per stake, in the segment holding the proceeds.
  const order = proceeds.map((p, i) => ({ p, i })).sort((a, b) => (a.p < b.p ? -1 : a.p > b.p ? 1 : a.i - b.i));
  const points: CurvePoint[] = new Array<CurvePoint>(exitValues.length);
  let s = 0;
  let lines = stakeLines(segments[0]!);
  for (const { p, i } of order) {
    const at = ratio(p);
    let moved = false;
    while (s + 1 < segments.length && compareRatio(segments[s + 1]!.fromProceeds, at) <= 0) {
      s++;
      moved = true;
    }
    if (moved) lines = stakeLines(segments[s]!);
    const stakes = apportionLines(lines, p);
    const classes = model.classes.map(() => 0n);
    model.stakes.forEach((st, j) => (classes[st.classIndex] = (classes[st.classIndex] as bigint) + (stakes[j] as bigint)));
    points[i] = { exitValue: exitValues[i]!, proceeds: p, classes: classes.map(money), stakes };
  }

  // Holders are indexed on first request, and split with reused buffers (see holder-split.ts).
  let layout: HolderLayout | undefined;
  let buffers: { totals: Float64Array; scratch: SplitScratch } | undefined;
  const holderTotals = (index: number): Float64Array | bigint[] => {
    const point = points[index];
    if (point === undefined) throw new RangeError(`no curve point ${index}`);
    layout ??= layoutHolders(model.stakes);
    buffers ??= { totals: new Float64Array(layout.holders.length), scratch: splitScratch(layout) };
    return splitAmongHolders(layout, point.stakes, point.proceeds, buffers.totals, buffers.scratch) ?? splitInBigint(layout, point.stakes);
  };

  return {
    value: {
      classIds: model.classes.map((c) => c.id),
      stakes: model.stakes,
      segments,
      breakpoints,
      points,
      holderPayoutsAt(index: number) {
        const totals = holderTotals(index);
        return layout!.holders.map((holder, k) => ({ holder, payout: money(BigInt(totals[k]!)) }));
      },
      holderPayoutsInWholeUnits(index: number, into?: Float64Array) {
        const point = points[index];
        if (point === undefined) throw new RangeError(`no curve point ${index}`);
        layout ??= layoutHolders(model.stakes);
        buffers ??= { totals: new Float64Array(layout.holders.length), scratch: splitScratch(layout) };
        const out = into ?? new Float64Array(layout.holders.length);
        if (out.length !== layout.holders.length) throw new RangeError(`holderPayoutsInWholeUnits needs an array of ${layout.holders.length} holders, not ${out.length}`);
        return splitAmongHolders(layout, point.stakes, point.proceeds, out, buffers.scratch);
      },
      holderIds() {
        layout ??= layoutHolders(model.stakes);
        return layout.holders;
      },
      holderPayoutsInto(index: number, into?: BigInt64Array) {
        const point = points[index];
        if (point === undefined) throw new RangeError(`no curve point ${index}`);
        layout ??= layoutHolders(model.stakes);
        buffers ??= { totals: new Float64Array(layout.holders.length), scratch: splitScratch(layout) };
        const out = into ?? new BigInt64Array(layout.holders.length);
        if (out.length !== layout.holders.length) throw new RangeError(`holderPayoutsInto needs an array of ${layout.holders.length} holders, not ${out.length}`);
        if (splitAmongHoldersAsIntegers(layout, point.stakes, point.proceeds, out, buffers.scratch) === null) splitInBigint(layout, point.stakes).forEach((t, k) => (out[k] = t));
        return out;
      },
    },
    diagnostics,
  };
}

/** A stake's payout in a segment as `(constant + slope x P) / den`: both parts over one denominator. */
interface StakeLine {
  readonly constant: bigint;
  readonly slope: bigint;
  readonly den: bigint;
}

function stakeLines(segment: CurveSegment): StakeLine[] {
  return segment.stakePayouts.map(({ c, m }) => {
    const den = c.den === m.den ? c.den : (c.den / gcd(c.den, m.den)) * m.den;
    return { constant: c.num * (den / c.den), slope: m.num * (den / m.den), den };
  });
}

const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

/**
 * `apportion` of the stakes' exact payouts at integer proceeds `p`, with the same result: floors,
 * then the missing units to the largest fractional remainders (ties to the earlier stake). The
 * remainders are ordered by a float estimate where it is decisive and exactly where it is not.
 */
function apportionLines(lines: readonly StakeLine[], p: bigint): Money[] {
  const n = lines.length;
  const floors: bigint[] = new Array<bigint>(n);
  const remainders: bigint[] = new Array<bigint>(n);
  const estimate: number[] = new Array<number>(n);
  let missing = p;
  for (let j = 0; j < n; j++) {
    const { constant, slope, den } = lines[j]!;
    const numerator = constant + slope * p;
    let floor = numerator / den;
    if (numerator % den !== 0n && numerator < 0n) floor -= 1n;
    floors[j] = floor;
    remainders[j] = numerator - floor * den;
    estimate[j] = Number(remainders[j]) / Number(den);
    missing -= floor;
  }
  if (missing < 0n || missing > BigInt(n)) throw new RangeError("apportion: the parts do not sum to the total");
  if (missing > 0n) {
    const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => {
      const gap = (estimate[b] as number) - (estimate[a] as number);
      if (gap > 1e-9 || gap < -1e-9) return gap; // fractions in [0, 1): a float error is far below this
      const l = (remainders[a] as bigint) * lines[b]!.den;
      const r = (remainders[b] as bigint) * lines[a]!.den;
      return l === r ? a - b : l > r ? -1 : 1;
    });
    for (let k = 0; k < Number(missing); k++) floors[order[k]!] = (floors[order[k]!] as bigint) + 1n;
  }
  return floors.map(money);
}

/** Walks the proceeds from 0 to `upTo`, one regime at a time. */
function sweep(model: CompiledWaterfall, upTo: Ratio, maxIterations: number, diagnostics: EquityDiagnostic[]): CurveSegment[] {
  const segments: CurveSegment[] = [];
  let from: Ratio = ratio(0n);
  let warm: Regime | undefined;
  const reported = new Set<string>();
  for (;;) {
    // Just above the segment's start, on the 2^-20 grid: a probe with a small denominator keeps
    // every fraction of the evaluation small (the start itself may have a large one).
    const above = fadd(from, EPSILON);
    const probe: Ratio = { num: (above.num * EPSILON.den + above.den - 1n) / above.den, den: EPSILON.den };
    const settlement = settleRegime(model, probe, warm, maxIterations);
    for (const d of settlement.diagnostics) {
      if (reported.has(d.code)) continue; // one of each kind is enough for a whole curve
      reported.add(d.code);
      diagnostics.push(d);
    }
    const { regime, evaluation } = settlement;
    const to = nextChange(model, settlement, probe);
    segments.push({ fromProceeds: reduced(from), toProceeds: to === null ? null : reduced(to), regime, evaluation, stakePayouts: stakePayouts(model, regime, evaluation).map((a) => ({ c: reduced(a.c), m: reduced(a.m) })) });
    if (to === null || compareRatio(to, upTo) >= 0) return segments;
    from = to;
    warm = regime;
  }
}

/** The nearest proceeds above `probe` where the settled regime may stop being the holders' choice. */
function nextChange(model: CompiledWaterfall, settlement: Settlement, probe: Ratio): Ratio | null {
  const { regime, evaluation } = settlement;
  let next = evaluation.validUpTo;
  const consider = (p: Ratio | undefined | null): void => {
    if (p === undefined || p === null || compareRatio(p, probe) <= 0) return;
    if (next === null || compareRatio(p, next) < 0) next = p;
  };
  for (const i of model.preferredIndices) {
    const flipped = settlement.flipped.get(i) ?? evaluateRegime(model, { converting: regime.converting.map((c, j) => (j === i ? !c : c)), exercised: regime.exercised }, probe);
    const gain = subAffine(flipped.classPayout[i]!, evaluation.classPayout[i]!);
    const crossing = gain.m.num > 0n ? solveAffine(gain, ratio(0n)) : undefined;
    const flippedEnds = flipped.validUpTo;
    if (flippedEnds === null || (crossing !== undefined && compareRatio(crossing, flippedEnds) <= 0)) {
      consider(crossing);
      continue;
    }
    // Past `flippedEnds` the other choice's payout is another affine function, unknown here; but no
    // class's payout ever rises faster than the proceeds (slope at most 1), so the gain cannot close
    // before `flippedEnds + (-gain there) / (1 - current slope)`. Looking again from there is safe,
    // and skips the many structural changes of the other choice that make no difference.
    const gainThere = valueAt(gain, flippedEnds);
    const currentSlope = evaluation.classPayout[i]!.m;
    if (gainThere.num >= 0n || compareRatio(currentSlope, ONE_RATIO) >= 0) consider(flippedEnds);
    else consider(fadd(flippedEnds, fdiv({ num: -gainThere.num, den: gainThere.den }, fsub(ONE_RATIO, currentSlope))));
  }
  for (const s of model.exercisable) {
    const stake = model.stakes[s]!;
    const price = valuePerShare(evaluation, stake.classIndex);
    const rising = price.m.num > 0n;
    if (regime.exercised[s] !== rising) consider(solveAffine(price, stake.strike));
  }
  return next;
}

function mergeSegments(raw: readonly CurveSegment[]): CurveSegment[] {
  const out: CurveSegment[] = [];
  for (const seg of raw) {
    const last = out[out.length - 1];
    if (last !== undefined && last.stakePayouts.every((a, i) => sameAffine(a, seg.stakePayouts[i]!)) && last.regime.converting.every((c, i) => c === seg.regime.converting[i])) {
      out[out.length - 1] = { ...last, toProceeds: seg.toProceeds };
    } else out.push(seg);
  }
  return out;
}

function describeBreakpoints(model: CompiledWaterfall, segments: readonly CurveSegment[], costs: ExitCosts): Breakpoint[] {
  const exitFor = (p: Ratio): Ratio => {
    // proceeds = exit - fixed - rate x exit - debt  ->  exit = (proceeds + fixed + debt) / (1 - rate)
    const fixed = ratio((costs.transactionCosts ?? 0n) + (costs.debt ?? 0n));
    return divRatio(addRatio(p, fixed), subRatio(ONE_RATIO, costs.transactionCostRate ?? ratio(0n)));
  };
  const out: Breakpoint[] = [];
  const zero = ratio(0n);
  // A cost rate of 100 % or more leaves no proceeds at any exit value: nothing is ever covered
  // (and every segment after the first would start at proceeds no exit value reaches).
  if (compareRatio(costs.transactionCostRate ?? zero, ONE_RATIO) >= 0) return out;
  if ((costs.transactionCosts ?? 0n) + (costs.debt ?? 0n) > 0n) out.push({ exitValue: exitFor(zero), proceeds: zero, reasons: ["transaction costs and debt are covered"] });
  for (let k = 1; k < segments.length; k++) {
    const before = segments[k - 1]!;
    const after = segments[k]!;
    const reasons: string[] = [];
    model.classes.forEach((c, i) => {
      if (before.regime.converting[i] !== after.regime.converting[i]) reasons.push(`class "${c.id}" ${after.regime.converting[i] ? "converts to common" : "stops converting"}`);
      else if (!after.regime.converting[i] && before.evaluation.capped[i] !== after.evaluation.capped[i] && c.capPerShare !== null) reasons.push(`class "${c.id}" reaches its participation cap`);
    });
    if (before.evaluation.partialTier !== after.evaluation.partialTier && before.evaluation.partialTier !== null) {
      const tier = model.tiers[before.evaluation.partialTier] ?? [];
      reasons.push(`preferences of seniority ${model.classes[tier[0] ?? 0]?.seniority} (${tier.map((i) => model.classes[i]!.id).join(", ")}) are paid in full`);
    }
    model.stakes.forEach((s, j) => {
      if (before.regime.exercised[j] !== after.regime.exercised[j])
        reasons.push(`${s.kind}s of "${model.classes[s.classIndex]!.id}" at a strike of ${formatDecimal(s.strike, 4)} minor units a share ${after.regime.exercised[j] ? "come into the money" : "go out of the money"}`);
    });
    if (reasons.length === 0) reasons.push("a payout's slope changes");
    out.push({ exitValue: exitFor(after.fromProceeds), proceeds: after.fromProceeds, reasons });
  }
  return out;
}
