/**
 * The invariants every cap table, waterfall and payout curve must satisfy, as assertions shared
 * by the equity property tests (src/equity/fuzz.test.ts, src/api/equity-operations.fuzz.test.ts).
 * Each takes the core's own inputs and results and recomputes what it checks from them.
 */
import { expect } from "vitest";
import type { Money } from "../../money/money.js";
import { addRatio, compareRatio, mulRatio, ONE_RATIO, ratio, subRatio, ZERO_RATIO, type Ratio } from "../../money/ratio.js";
import { valueAt } from "../affine.js";
import type { CapTableAtDate } from "../cap-table.js";
import type { PayoutCurve } from "../payout-curve.js";
import type { CapTable } from "../types.js";
import { computeWaterfall, prepareWaterfall, proceedsOf, type ExitScenario, type WaterfallOptions, type WaterfallResult } from "../waterfall.js";
import { evaluateRegime, settleRegime, valuePerShare } from "../waterfall-engine.js";

const sum = (rs: readonly Ratio[]): Ratio => rs.reduce(addRatio, ZERO_RATIO);
const abs = (r: Ratio): Ratio => (r.num < 0n ? ratio(-r.num, r.den) : r);

/** Ownership sums to 1 at every level; totals are the sums of rows; fully diluted ≥ outstanding ≥ 0 as converted. */
export function expectCapTableInvariants(capTable: CapTable, table: CapTableAtDate): void {
  const conversion = new Map(capTable.classes.map((c) => [c.id, c.kind === "preferred" ? (c.conversionRatio ?? ONE_RATIO) : ONE_RATIO]));
  for (const row of table.rows) {
    expect(row.outstanding).toBeGreaterThanOrEqual(0n);
    expect(row.outstanding).toBeLessThanOrEqual(row.issued);
    expect(row.optionsVested).toBeLessThanOrEqual(row.optionsGranted);
    expect(compareRatio(row.fullyDiluted, mulRatio(ratio(row.outstanding), conversion.get(row.classId)!)), `${row.holder} in ${row.classId}`).toBeGreaterThanOrEqual(0);
    expect(compareRatio(row.ownership, ZERO_RATIO)).toBeGreaterThanOrEqual(0);
  }
  expect(table.totals.fullyDiluted).toEqual(sum(table.rows.map((r) => r.fullyDiluted)));
  expect(table.totals.issued).toBe(table.rows.reduce((a, r) => a + r.issued, 0n));
  expect(table.totals.outstanding).toBe(table.rows.reduce((a, r) => a + r.outstanding, 0n));
  expect(sum(table.classes.map((c) => c.fullyDiluted))).toEqual(table.totals.fullyDiluted);
  expect(sum(table.holders.map((h) => h.fullyDiluted))).toEqual(table.totals.fullyDiluted);
  const whole = table.totals.fullyDiluted.num === 0n ? ZERO_RATIO : ONE_RATIO; // documented: no total, no ownership
  for (const level of [table.rows, table.classes, table.holders]) expect(sum(level.map((x) => x.ownership))).toEqual(whole);
}

/**
 * Payouts are ≥ 0 and sum exactly to the proceeds at every level; each rounded stake is within
 * one minor unit of its exact payout; the regime is an equilibrium: no preferred class would get
 * more by switching, and options and warrants exercise exactly when their class pays more than the
 * strike.
 */
export function expectWaterfallInvariants(capTable: CapTable, scenario: ExitScenario, options: WaterfallOptions, result: WaterfallResult): void {
  expect(result.proceeds).toBe(proceedsOf(scenario).proceeds);
  const total = (xs: ReadonlyArray<{ payout: Money }>): bigint => xs.reduce((a, x) => a + x.payout, 0n);
  expect(total(result.stakes)).toBe(result.proceeds);
  expect(total(result.holders)).toBe(result.proceeds);
  expect(total(result.classes)).toBe(result.proceeds);
  for (const x of [...result.stakes, ...result.holders, ...result.classes]) expect(x.payout).toBeGreaterThanOrEqual(0n);
  for (const s of result.stakes) {
    expect(compareRatio(s.exact, ZERO_RATIO)).toBeGreaterThanOrEqual(0);
    expect(compareRatio(abs(subRatio(ratio(s.payout), s.exact)), ONE_RATIO)).toBeLessThan(0);
    expect(total(s.holders)).toBe(s.payout);
  }
  expectEquilibrium(capTable, result.proceeds, options);
}

/** No preferred class gains by switching alone; exercised stakes are in the money, the others not. */
export function expectEquilibrium(capTable: CapTable, proceeds: Money, options: WaterfallOptions): void {
  const { model } = prepareWaterfall(capTable, options);
  const at = ratio(proceeds);
  const settled = settleRegime(model!, at, undefined, options.maxIterations ?? 100);
  if (settled.diagnostics.some((d) => d.severity === "error")) return; // no equilibrium, reported as such
  const { regime, evaluation } = settled;
  for (const i of model!.preferredIndices) {
    const mine = valueAt(evaluation.classPayout[i]!, at);
    const other = evaluateRegime(model!, { converting: regime.converting.map((c, j) => (j === i ? !c : c)), exercised: regime.exercised }, at);
    const theirs = valueAt(other.classPayout[i]!, at);
    // A class that keeps its preference would not get more converting, and one that converts would
    // not get more keeping it.
    expect(compareRatio(mine, theirs), `class ${model!.classes[i]!.id} ${regime.converting[i] ? "converts" : "keeps its preference"}`).toBeGreaterThanOrEqual(0);
    // At exact indifference a class keeps its preference, unless keeping it would make another
    // class switch (docs/equity.md): then that regime is not an equilibrium.
    if (regime.converting[i] && compareRatio(mine, theirs) === 0) {
      const keeping = regime.converting.map((c, j) => (j === i ? false : c));
      const base = evaluateRegime(model!, { converting: keeping, exercised: regime.exercised }, at);
      const someoneSwitches = model!.preferredIndices.some((j) => {
        const flipped = evaluateRegime(model!, { converting: keeping.map((c, k) => (k === j ? !c : c)), exercised: regime.exercised }, at);
        return compareRatio(valueAt(flipped.classPayout[j]!, at), valueAt(base.classPayout[j]!, at)) > 0;
      });
      expect(someoneSwitches, `class ${model!.classes[i]!.id} converts at indifference`).toBe(true);
    }
  }
  for (const s of model!.exercisable) {
    const stake = model!.stakes[s]!;
    const price = valueAt(valuePerShare(evaluation, stake.classIndex), at);
    if (regime.exercised[s]) expect(compareRatio(price, stake.strike)).toBeGreaterThan(0);
    else if (evaluation.classShares[stake.classIndex]! > 0n) expect(compareRatio(price, stake.strike)).toBeLessThanOrEqual(0);
  }
}

/**
 * Between exit values `a < b` of one curve: every stake's exact payout is non-decreasing; every
 * holder's rounded payout falls by at most one minor unit (largest-remainder rounding, docs/equity.md).
 */
export function expectMonotone(curve: PayoutCurve, a: number, b: number): void {
  const exactAt = (k: number): Ratio[] => {
    const p = ratio(curve.points[k]!.proceeds);
    const segment = [...curve.segments].reverse().find((s) => compareRatio(s.fromProceeds, p) <= 0)!;
    return segment.stakePayouts.map((line) => valueAt(line, p));
  };
  const before = exactAt(a);
  exactAt(b).forEach((x, j) => expect(compareRatio(x, before[j]!), `stake ${j}`).toBeGreaterThanOrEqual(0));
  const prev = new Map(curve.holderPayoutsAt(a).map((h) => [h.holder, h.payout]));
  for (const h of curve.holderPayoutsAt(b)) expect(h.payout + 1n, h.holder).toBeGreaterThanOrEqual(prev.get(h.holder)!);
}

/** The curve (computed without an error) at exit value `k` gives the same payouts as the waterfall computed on its own there. */
export function expectCurveMatchesWaterfall(capTable: CapTable, costs: Omit<ExitScenario, "exitValue">, options: WaterfallOptions, curve: PayoutCurve, k: number): void {
  const point = curve.points[k]!;
  const direct = computeWaterfall(capTable, { ...costs, exitValue: point.exitValue }, options);
  expect(direct.value, `waterfall at ${point.exitValue}`).not.toBeNull();
  // The curve found an equilibrium everywhere (the caller checks), so the waterfall must too.
  expect(direct.diagnostics.filter((d) => d.severity === "error"), `waterfall at ${point.exitValue}`).toEqual([]);
  expect(point.proceeds).toBe(direct.value!.proceeds);
  expect(point.classes).toEqual(direct.value!.classes.map((c) => c.payout));
  expect(point.stakes).toEqual(direct.value!.stakes.map((s) => s.payout));
  const holders = new Map(direct.value!.holders.map((h) => [h.holder, h.payout]));
  for (const h of curve.holderPayoutsAt(k)) expect(h.payout, h.holder).toBe(holders.get(h.holder) ?? 0n);
}
