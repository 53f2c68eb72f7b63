/**
 * The exit waterfall at one exit value: what every class, stake and holder receives.
 *
 * Order of payment: transaction costs and debt come off the exit value first (the proceeds are
 * floored at zero); then preferences by seniority, pro rata inside a tier; then the residual to
 * common, to converted preferred and to participating preferred (up to their caps, the excess
 * re-shared among the uncapped). Conversions and option exercise are the holders' best choices,
 * found as fixed points (see `waterfall-engine.ts`). Payouts are exact rationals, rounded once:
 * stakes by largest remainder against the proceeds, then each stake's holders by largest
 * remainder against the stake, so every level sums exactly.
 */
import { applyRatio, money, splitByWeights, ZERO, type Money } from "../money/money.js";
import { ratio, ZERO_RATIO, type Ratio, addRatio } from "../money/ratio.js";
import { valueAt } from "./affine.js";
import { equityError, hasEquityErrors, type EquityDiagnostic } from "./codes.js";
import { parseIsoDate } from "./dates.js";
import type { MetConditions } from "./holdings-at-date.js";
import { apportion } from "./rounding.js";
import { reduced } from "./fraction.js";
import type { CapTable } from "./types.js";
import { validateCapTable } from "./validate.js";
import { settleRegime, stakePayouts, valuePerShare, type Settlement } from "./waterfall-engine.js";
import { compileWaterfall, type CompiledWaterfall, type StakeKind } from "./waterfall-model.js";

export interface ExitScenario {
  /** What the buyer pays for the whole company. */
  readonly exitValue: Money;
  /** Fixed transaction costs (fees, escrow), paid before anyone. */
  readonly transactionCosts?: Money;
  /** Costs that are a share of the exit value (a banker's fee), rounded half to even to a minor unit. */
  readonly transactionCostRate?: Ratio;
  /** Debt repaid before equity. */
  readonly debt?: Money;
}

export interface WaterfallOptions {
  /** The date the cap table is taken at: options count as far as they have vested by then. */
  readonly date: string;
  readonly metConditions?: MetConditions;
  /** Bound on each fixed-point search (conversions, exercise); default 100. */
  readonly maxIterations?: number;
}

export type ClassDecision = "common" | "converts" | "keeps-preference";

export interface ClassPayout {
  readonly classId: string;
  readonly decision: ClassDecision;
  /** The class's participation cap binds. */
  readonly capBinds: boolean;
  /** What the class's stakes receive, net of strike money, rounded (the sum of its stakes' payouts). */
  readonly payout: Money;
  /** What the class receives before strike money is netted, exactly. */
  readonly exactGross: Ratio;
  /** `exactGross` per share (issued plus exercised). */
  readonly perShare: Ratio;
}

export interface StakePayout {
  readonly classId: string;
  readonly kind: StakeKind;
  readonly strike: Ratio;
  readonly shares: bigint;
  readonly exercised: boolean;
  /** Net of strike money, rounded. */
  readonly payout: Money;
  readonly exact: Ratio;
  readonly holders: ReadonlyArray<{ readonly holder: string; readonly payout: Money }>;
}

export interface WaterfallResult {
  readonly exitValue: Money;
  readonly costs: Money;
  readonly debt: Money;
  /** `max(0, exitValue - costs - debt)`: what the payouts sum to. */
  readonly proceeds: Money;
  readonly classes: readonly ClassPayout[];
  readonly stakes: readonly StakePayout[];
  /** Each holder's total over all stakes, net of strike money; sums to `proceeds`. */
  readonly holders: ReadonlyArray<{ readonly holder: string; readonly payout: Money }>;
  /** What one share of the (first) common class receives, exactly. */
  readonly commonPricePerShare: Ratio;
  readonly steps: { readonly conversion: number; readonly exercise: number };
}

/** Costs, debt and the proceeds left for equity. */
export function proceedsOf(scenario: ExitScenario): { costs: Money; debt: Money; proceeds: Money } {
  const costs = money((scenario.transactionCosts ?? ZERO) + (scenario.transactionCostRate ? applyRatio(scenario.exitValue, scenario.transactionCostRate) : 0n));
  const debt = scenario.debt ?? ZERO;
  const left = scenario.exitValue - costs - debt;
  return { costs, debt, proceeds: money(left > 0n ? left : 0n) };
}

/** Validates and compiles, or returns why not. */
export function prepareWaterfall(capTable: CapTable, options: WaterfallOptions): { model: CompiledWaterfall | null; diagnostics: EquityDiagnostic[] } {
  const diagnostics = validateCapTable(capTable);
  if (parseIsoDate(options.date) === undefined) diagnostics.push(equityError("E_EQUITY_BAD_DATE", `"${options.date}" is not a calendar date`, { path: ["date"], hint: "write YYYY-MM-DD" }));
  if (hasEquityErrors(diagnostics)) return { model: null, diagnostics };
  return { model: compileWaterfall(capTable, options.date, options.metConditions), diagnostics };
}

/** The waterfall at one exit value. Never throws on a bad cap table: `value` is null and the diagnostics say why. */
export function computeWaterfall(capTable: CapTable, scenario: ExitScenario, options: WaterfallOptions): { value: WaterfallResult | null; diagnostics: EquityDiagnostic[] } {
  const { model, diagnostics } = prepareWaterfall(capTable, options);
  if (model === null) return { value: null, diagnostics };
  const { costs, debt, proceeds } = proceedsOf(scenario);
  const empty = noSharesToPay(model, proceeds, options.date);
  if (empty) return { value: null, diagnostics: [...diagnostics, empty] };
  const settlement = settleRegime(model, ratio(proceeds), undefined, options.maxIterations ?? 100);
  diagnostics.push(...settlement.diagnostics);
  return { value: { exitValue: scenario.exitValue, costs, debt, ...describeSettlement(model, settlement, proceeds) }, diagnostics };
}

/**
 * Proceeds with no one to receive them: no class has shares outstanding at the date (options and
 * warrants over a class with no shares have no price to be in the money against), so a payout
 * could not sum to the proceeds. Undefined when there is someone to pay, or nothing to pay.
 */
export function noSharesToPay(model: CompiledWaterfall, proceeds: Money, date: string): EquityDiagnostic | undefined {
  if (proceeds <= 0n || model.classes.some((c) => c.baseShares > 0n)) return undefined;
  return equityError("E_EQUITY_NO_SHARES", `no shares are outstanding on ${date}, so proceeds of ${proceeds} minor units have no one to go to`, {
    hint: "check the holdings' issue dates and conditions, treasury shares, or take the waterfall at a later date",
  });
}

/** Rounds a settled regime at `proceeds` into class, stake and holder payouts. */
export function describeSettlement(model: CompiledWaterfall, settlement: Settlement, proceeds: Money): Omit<WaterfallResult, "exitValue" | "costs" | "debt"> {
  const at = ratio(proceeds);
  const { regime, evaluation } = settlement;
  const exact = stakePayouts(model, regime, evaluation).map((a) => reduced(valueAt(a, at)));
  const rounded = apportion(exact, proceeds);
  const stakes: StakePayout[] = model.stakes.map((s, i) => {
    const payout = rounded[i] as Money;
    const holders = splitStake(payout, s.holders);
    return { classId: model.classes[s.classIndex]!.id, kind: s.kind, strike: s.strike, shares: s.shares, exercised: regime.exercised[i] ?? false, payout, exact: exact[i] as Ratio, holders };
  });
  const classes: ClassPayout[] = model.classes.map((c, i) => {
    const exactGross = reduced(valueAt(evaluation.classPayout[i]!, at));
    return {
      classId: c.id,
      decision: !c.preferred ? "common" : regime.converting[i] ? "converts" : "keeps-preference",
      capBinds: (evaluation.capped[i] ?? false) && !regime.converting[i],
      payout: money(stakes.reduce((acc, s, j) => (model.stakes[j]!.classIndex === i ? acc + s.payout : acc), 0n)),
      exactGross,
      perShare: reduced(valueAt(valuePerShare(evaluation, i), at)),
    };
  });
  const byHolder = new Map<string, bigint>();
  for (const s of stakes) for (const h of s.holders) byHolder.set(h.holder, (byHolder.get(h.holder) ?? 0n) + h.payout);
  const common = model.classes.findIndex((c) => !c.preferred);
  return {
    proceeds,
    classes,
    stakes,
    holders: [...byHolder].map(([holder, payout]) => ({ holder, payout: money(payout) })),
    commonPricePerShare: common < 0 ? ZERO_RATIO : reduced(valueAt(valuePerShare(evaluation, common), at)),
    steps: { conversion: settlement.conversionSteps, exercise: settlement.exerciseSteps },
  };
}

function splitStake(payout: Money, holders: ReadonlyArray<{ holder: string; shares: bigint }>): Array<{ holder: string; payout: Money }> {
  if (holders.length === 1) return [{ holder: holders[0]!.holder, payout }];
  const parts = splitByWeights(payout, holders.map((h) => h.shares));
  return holders.map((h, i) => ({ holder: h.holder, payout: parts[i] as Money }));
}

/** The exact sum of ratios (exported for tests and the curve). */
export const sumRatios = (rs: readonly Ratio[]): Ratio => rs.reduce(addRatio, ZERO_RATIO);
