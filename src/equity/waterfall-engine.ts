/**
 * The exit waterfall for one *regime* — which preferred classes convert and which option and
 * warrant stakes exercise — and the two fixed points that choose the regime.
 *
 * Evaluating a regime at proceeds `P` gives every class's payout as an exact affine function of
 * `P`, valid from `P` up to `validUpTo`, the next proceeds at which the regime's own structure
 * changes (a tier becomes fully paid, a cap binds). `settleRegime` then finds the regime the
 * holders would choose:
 *
 * - conversions: every preferred class converts exactly when converting pays it more, given what
 *   the others do (a Nash equilibrium over class decisions). All classes respond at once; if that
 *   oscillates, the class that gains most switches alone, until no class wants to switch.
 * - exercise: a vested option or warrant exercises exactly when its class pays more per share than
 *   the strike, the strike money joining the proceeds. Stakes enter one strike at a time, lowest
 *   first, and leave highest first, which approaches the fixed point without overshooting it.
 */
import { ZERO_RATIO, type Ratio } from "../money/ratio.js";
import { fcompare as compareRatio, fmul as mulRatio, fsub as subRatio, whole as ratio } from "./fraction.js";
import { constant, scaleAffine, subAffine, valueAt, ZERO_AFFINE, type Affine } from "./affine.js";
import { equityError, equityWarning, type EquityDiagnostic } from "./codes.js";
import type { CompiledWaterfall } from "./waterfall-model.js";

export interface Regime {
  /** Per class: converts to common (always false for common classes). */
  readonly converting: readonly boolean[];
  /** Per stake: exercised (always false for issued shares). */
  readonly exercised: readonly boolean[];
}

export interface Evaluation {
  /** Per class, what the class receives before strike payments are netted, as a function of `P`. */
  readonly classPayout: readonly Affine[];
  /** Per class, shares counted (issued plus exercised). */
  readonly classShares: readonly bigint[];
  /** The tier only partly paid, or null when every preference is paid. */
  readonly partialTier: number | null;
  /** Per class, whether its participation cap binds. */
  readonly capped: readonly boolean[];
  /** Every participant was capped, so the caps were lifted for the excess (no one else could take it). */
  readonly overflow: boolean;
  /** The proceeds above which this structure changes; null when it never does. */
  readonly validUpTo: Ratio | null;
}

const minRatio = (a: Ratio | null, b: Ratio): Ratio => (a === null || compareRatio(b, a) < 0 ? b : a);

/**
 * One claimant in a fill. `weight` is in any unit common to the fill (as-converted shares x the
 * conversion scale, or preference x the money scale); `room` is in minor units x the money scale.
 */
interface FillPart {
  readonly classIndex: number;
  readonly weight: bigint;
  readonly room: bigint | null;
}

/** What a fill pays: per class `(c + m x P) / (moneyScale x divisor)`, or `room / moneyScale` to full parts. */
interface FillOutcome {
  readonly divisor: bigint;
  /** Per class (indexed by class; absent for classes outside the fill). */
  readonly c: (bigint | undefined)[];
  readonly m: (bigint | undefined)[];
  readonly overflow: boolean;
}

/**
 * Fills `parts` with the amount `(amountC + scale x P) / scale` like water: each takes
 * `weight x level` until it reaches its room, and the level rises until the amount is gone.
 * `parts` with a room must come in ascending order of `room / weight` (the level at which each is
 * full). Everything is integer arithmetic over the money scale; the one division, by the total
 * weight still rising, is left in the returned divisor. `overflow` when every part is full and
 * the excess had to be shared ignoring rooms.
 */
function fill(amountC: bigint, scale: bigint, at: Ratio, parts: readonly FillPart[], capped: boolean[] | null, events: Ratio[]): FillOutcome | null {
  const live = parts.filter((p) => p.weight > 0n);
  if (live.length === 0) return null;
  // The amount available at `at`, times scale x at.den.
  const available = amountC * at.den + scale * at.num;
  let totalWeight = 0n;
  for (const p of live) totalWeight += p.weight;
  let weight = totalWeight;
  let cappedSum = 0n;
  const full = new Set<FillPart>();
  let next: FillPart | undefined;
  for (const f of live) {
    if (f.room === null) continue;
    // The level if no one else fills, (available - cappedSum) / weight, against f's level, room / weight.
    if ((available - cappedSum * at.den) * f.weight < f.room * at.den * weight) {
      next = f;
      break;
    }
    full.add(f);
    cappedSum += f.room;
    weight -= f.weight;
    if (weight === 0n) break;
  }
  const excessC = amountC - cappedSum;
  const c: (bigint | undefined)[] = [];
  const m: (bigint | undefined)[] = [];
  if (weight === 0n) {
    for (const p of live) {
      c[p.classIndex] = (p.room as bigint) * totalWeight + p.weight * excessC;
      m[p.classIndex] = p.weight * scale;
      if (capped !== null) capped[p.classIndex] = true;
    }
    return { divisor: totalWeight, c, m, overflow: true };
  }
  for (const p of live) {
    if (full.has(p)) {
      c[p.classIndex] = (p.room as bigint) * weight;
      if (capped !== null) capped[p.classIndex] = true;
    } else {
      c[p.classIndex] = p.weight * excessC;
      m[p.classIndex] = p.weight * scale;
    }
  }
  // The level reaches next's: (excessC + scale x P) x next.weight = next.room x weight.
  if (next !== undefined) events.push({ num: (next.room as bigint) * weight - excessC * next.weight, den: scale * next.weight });
  return { divisor: weight, c, m, overflow: false };
}

/** Orders a tier's parts by the level at which each is paid in full, `room / weight`. */
const byFillLevel = (a: FillPart, b: FillPart): number => {
  const l = (a.room as bigint) * b.weight;
  const r = (b.room as bigint) * a.weight;
  return l < r ? -1 : l > r ? 1 : 0;
};

/** Pays proceeds `at` under `regime`: preferences by tier, then the residual to the participants. */
export function evaluateRegime(model: CompiledWaterfall, regime: Regime, at: Ratio): Evaluation {
  const { classes, stakes, scaled } = model;
  const scale = scaled.moneyScale;
  const n = classes.length;
  const shares: bigint[] = new Array<bigint>(n);
  for (let i = 0; i < n; i++) shares[i] = classes[i]!.baseShares;
  let strikeMoney = 0n; // x scale
  for (const s of model.exercisable) {
    if (!regime.exercised[s]) continue;
    const stake = stakes[s]!;
    shares[stake.classIndex] = (shares[stake.classIndex] as bigint) + stake.shares;
    strikeMoney += stake.shares * (scaled.strike[s] as bigint);
  }
  const preference: bigint[] = new Array<bigint>(n); // x scale
  const fixed: bigint[] = new Array<bigint>(n); // payouts that do not depend on P, x scale
  for (let i = 0; i < n; i++) {
    preference[i] = regime.converting[i] ? 0n : (shares[i] as bigint) * (scaled.preferencePerShare[i] as bigint);
    fixed[i] = 0n;
  }
  const capped: boolean[] = new Array<boolean>(n).fill(false);
  const events: Ratio[] = [];

  // What is left for equity is (remainingC + scale x P) / scale.
  let remainingC = strikeMoney;
  let partialTier: number | null = null;
  let outcome: FillOutcome | null = null;
  for (let t = 0; t < model.tiers.length; t++) {
    const members = (model.tiers[t] as readonly number[]).filter((i) => preference[i] !== 0n);
    if (members.length === 0) continue;
    let owed = 0n;
    for (const i of members) owed += preference[i] as bigint;
    if (remainingC * at.den + scale * at.num >= owed * at.den) {
      for (const i of members) fixed[i] = preference[i] as bigint;
      remainingC -= owed;
      continue;
    }
    // A shortfall: the tier shares what is left, pro rata by preference owed (or by shares).
    const parts = members
      .map((i) => ({ classIndex: i, weight: classes[i]?.tierSharing === "by-shares" ? (shares[i] as bigint) : (preference[i] as bigint), room: preference[i] as bigint }))
      .sort(byFillLevel);
    outcome = fill(remainingC, scale, at, parts, null, events);
    events.push({ num: owed - remainingC, den: scale }); // the tier is paid in full
    partialTier = t;
    break;
  }

  if (partialTier === null) {
    const asConverted = (i: number): bigint => (shares[i] as bigint) * (scaled.conversionRatio[i] as bigint);
    // Uncapped participants first (their order does not matter), then capped ones by cap level.
    let parts: FillPart[] = [];
    for (let i = 0; i < n; i++) {
      const c = classes[i]!;
      if (!c.preferred || regime.converting[i]) parts.push({ classIndex: i, weight: asConverted(i), room: null });
      else if (c.participates && c.capPerShare === null) parts.push({ classIndex: i, weight: asConverted(i), room: null });
    }
    for (const i of scaled.capOrder) {
      if (regime.converting[i]) continue;
      parts.push({ classIndex: i, weight: asConverted(i), room: (shares[i] as bigint) * (scaled.capPerShare[i] as bigint) - (preference[i] as bigint) });
    }
    if (!parts.some((p) => p.weight > 0n)) {
      // No one shares the residual (only non-participating preferred, none converting): it goes to
      // every class as converted, so that nothing is left unpaid. No equilibrium stays here.
      parts = classes.map((_, i) => ({ classIndex: i, weight: asConverted(i), room: null }));
    }
    outcome = fill(remainingC, scale, at, parts, capped, events);
  }

  // Every payout over one denominator: scale x the fill's divisor.
  const divisor = outcome?.divisor ?? 1n;
  const den = scale * divisor;
  const payout: Affine[] = new Array<Affine>(n);
  for (let i = 0; i < n; i++) {
    const c = (fixed[i] as bigint) * divisor + (outcome?.c[i] ?? 0n);
    const m = outcome?.m[i] ?? 0n;
    payout[i] = c === 0n && m === 0n ? ZERO_AFFINE : { c: { num: c, den }, m: m === 0n ? ZERO_RATIO : { num: m, den } };
  }

  let validUpTo: Ratio | null = null;
  for (const e of events) if (compareRatio(e, at) > 0) validUpTo = minRatio(validUpTo, e);
  return { classPayout: payout, classShares: shares, partialTier, capped, overflow: outcome?.overflow ?? false, validUpTo };
}

/** A class's value per share under an evaluation, as a function of `P`. */
export function valuePerShare(evaluation: Evaluation, classIndex: number): Affine {
  const shares = evaluation.classShares[classIndex] as bigint;
  if (shares === 0n) return ZERO_AFFINE;
  return scaleAffine(evaluation.classPayout[classIndex] as Affine, { num: 1n, den: shares });
}

export interface Settlement {
  readonly regime: Regime;
  readonly evaluation: Evaluation;
  /** Rounds of conversion choices in the last exercise step (the first round that changes nothing counts). */
  readonly conversionSteps: number;
  /** Exercise steps (the step that finds nothing to change counts). */
  readonly exerciseSteps: number;
  readonly diagnostics: readonly EquityDiagnostic[];
  /** Per preferred class, the evaluation had it chosen the other way (when the search computed it at the end). */
  readonly flipped: ReadonlyMap<number, Evaluation>;
}

const regimeKey = (flags: readonly boolean[]): string => flags.map((f) => (f ? "1" : "0")).join("");

interface ConversionOutcome {
  readonly converting: boolean[];
  readonly evaluation: Evaluation;
  readonly steps: number;
  readonly diagnostics: EquityDiagnostic[];
  readonly flipped: ReadonlyMap<number, Evaluation>;
}

/** A regime's evaluation, and what each preferred class would gain by switching alone. */
function gainsOf(model: CompiledWaterfall, converting: readonly boolean[], exercised: readonly boolean[], at: Ratio): { evaluation: Evaluation; flippedEvaluations: Map<number, Evaluation>; gains: Array<{ i: number; gain: Ratio }> } {
  const evaluation = evaluateRegime(model, { converting, exercised }, at);
  const flippedEvaluations = new Map<number, Evaluation>();
  const gains = model.preferredIndices.map((i) => {
    const flipped = converting.map((c, j) => (j === i ? !c : c));
    const other = evaluateRegime(model, { converting: flipped, exercised }, at);
    flippedEvaluations.set(i, other);
    return { i, gain: subRatio(valueAt(other.classPayout[i] as Affine, at), valueAt(evaluation.classPayout[i] as Affine, at)) };
  });
  return { evaluation, flippedEvaluations, gains };
}

/** The conversion equilibrium for a fixed exercise set. */
function settleConversions(model: CompiledWaterfall, exercised: readonly boolean[], at: Ratio, start: readonly boolean[], maxIterations: number): ConversionOutcome {
  let converting = [...start];
  const diagnostics: EquityDiagnostic[] = [];
  let oneAtATime = false;
  const seen = new Set([regimeKey(converting)]);
  for (let step = 1; step <= maxIterations; step++) {
    let current = gainsOf(model, converting, exercised, at);
    const improving = current.gains.filter((g) => g.gain.num > 0n);
    if (improving.length === 0) {
      // An equilibrium. At exact indifference a class keeps its preference: a converting class
      // that would get as much keeping it (the others' choices in the same step can leave it so)
      // switches back, one at a time, when that is an equilibrium too. Switching it back
      // unconditionally could make the others' choices cycle. Each switch leaves one class
      // fewer converting, so this ends.
      for (let switched = true; switched; ) {
        switched = false;
        for (const g of current.gains) {
          if (!converting[g.i] || g.gain.num !== 0n) continue;
          const keeping = converting.map((c, j) => (j === g.i ? false : c));
          const candidate = gainsOf(model, keeping, exercised, at);
          if (candidate.gains.some((x) => x.gain.num > 0n)) continue;
          [converting, current, switched] = [keeping, candidate, true];
          break;
        }
      }
      return { converting, evaluation: current.evaluation, steps: step, diagnostics, flipped: current.flippedEvaluations };
    }
    if (!oneAtATime) {
      const next = converting.map((c, j) => (improving.some((g) => g.i === j) ? !c : c));
      if (!seen.has(regimeKey(next))) {
        seen.add(regimeKey(next));
        converting = next;
        continue;
      }
      oneAtATime = true;
      seen.clear();
      seen.add(regimeKey(converting));
      diagnostics.push(
        equityWarning("W_EQUITY_CONVERSION_OSCILLATION", `classes ${improving.map((g) => `"${model.classes[g.i]?.id}"`).join(", ")} switching together would return to an earlier choice after ${step} steps; switching one class at a time instead`, {
          hint: "at this exit value more than one consistent set of conversions may exist; the one reported is reached from the classes' previous choices",
        }),
      );
    }
    const best = improving.reduce((a, b) => (compareRatio(b.gain, a.gain) > 0 ? b : a));
    converting = converting.map((c, j) => (j === best.i ? !c : c));
    if (seen.has(regimeKey(converting))) {
      diagnostics.push(
        equityError("E_EQUITY_NO_EQUILIBRIUM", `the conversion choices cycle after ${step} steps: class "${model.classes[best.i]?.id}" switching brings back an earlier choice`, {
          hint: "no set of conversions is consistent at this exit value; check conversion ratios and caps for classes that gain from each other's choice",
        }),
      );
      return { converting, evaluation: evaluateRegime(model, { converting, exercised }, at), steps: step, diagnostics, flipped: new Map() };
    }
    seen.add(regimeKey(converting));
  }
  diagnostics.push(equityError("E_EQUITY_NO_EQUILIBRIUM", `the conversion choices did not settle within ${maxIterations} steps`, { hint: "raise maxIterations, or look for classes whose choices keep reversing each other" }));
  return { converting, evaluation: evaluateRegime(model, { converting, exercised }, at), steps: maxIterations, diagnostics, flipped: new Map() };
}

/** The regime holders choose at proceeds `at`, starting the search from `warm` (e.g. the regime at a nearby exit value). */
export function settleRegime(model: CompiledWaterfall, at: Ratio, warm: Regime | undefined, maxIterations: number): Settlement {
  let exercised = warm ? [...warm.exercised] : model.stakes.map(() => false);
  let converting = warm ? [...warm.converting] : model.classes.map(() => false);
  const diagnostics: EquityDiagnostic[] = [];
  const seen = new Set([regimeKey(exercised)]);
  for (let step = 1; step <= maxIterations; step++) {
    const outcome = settleConversions(model, exercised, at, converting, maxIterations);
    converting = outcome.converting;
    const { evaluation } = outcome;
    diagnostics.push(...outcome.diagnostics);
    const inTheMoney = (stakeIndex: number): boolean => {
      const stake = model.stakes[stakeIndex]!;
      // A stake not yet exercised is judged by what its class would pay per share without it, a
      // stake exercised by what its class pays with it: both tests agree at the fixed point.
      return compareRatio(valueAt(valuePerShare(evaluation, stake.classIndex), at), stake.strike) > 0;
    };
    const leaving = model.exercisable.filter((i) => exercised[i] && !inTheMoney(i));
    const entering = model.exercisable.filter((i) => !exercised[i] && inTheMoney(i));
    if (leaving.length === 0 && entering.length === 0) {
      return { regime: { converting, exercised }, evaluation, conversionSteps: outcome.steps, exerciseSteps: step, diagnostics, flipped: outcome.flipped };
    }
    // Lowest strike enters first, highest strike leaves first (model.exercisable is by strike).
    const change = leaving.length > 0 ? (leaving[leaving.length - 1] as number) : (entering[0] as number);
    exercised = exercised.map((e, i) => (i === change ? !e : e));
    const key = regimeKey(exercised);
    if (seen.has(key)) {
      diagnostics.push(equityError("E_EQUITY_NO_EQUILIBRIUM", `option and warrant exercise choices cycle after ${step} steps`, { hint: "exercising one stake changes the class price so much that another stake's choice reverses; check strikes against class prices" }));
      return { regime: { converting, exercised }, evaluation: evaluateRegime(model, { converting, exercised }, at), conversionSteps: outcome.steps, exerciseSteps: step, diagnostics, flipped: new Map() };
    }
    seen.add(key);
  }
  diagnostics.push(equityError("E_EQUITY_NO_EQUILIBRIUM", `option and warrant exercise choices did not settle within ${maxIterations} steps`, { hint: "raise maxIterations" }));
  const evaluation = evaluateRegime(model, { converting, exercised }, at);
  return { regime: { converting, exercised }, evaluation, conversionSteps: maxIterations, exerciseSteps: maxIterations, diagnostics, flipped: new Map() };
}

/** Each stake's payout net of strike money, as a function of `P`; these sum to `P` exactly. */
export function stakePayouts(model: CompiledWaterfall, regime: Regime, evaluation: Evaluation): Affine[] {
  return model.stakes.map((s, i) => {
    if (s.kind !== "shares" && !regime.exercised[i]) return ZERO_AFFINE;
    const classShares = evaluation.classShares[s.classIndex] as bigint;
    if (classShares === 0n) return ZERO_AFFINE;
    const gross = scaleAffine(evaluation.classPayout[s.classIndex] as Affine, { num: s.shares, den: classShares });
    return s.kind === "shares" ? gross : subAffine(gross, constant(mulRatio(ratio(s.shares), s.strike)));
  });
}
