/**
 * The waterfall's compiled form: classes with their per-share terms, and *stakes* — the units the
 * waterfall pays. A stake is either the issued shares of one class (all its holders together) or
 * the vested options or warrants of one class at one strike. Class-level work never looks at
 * holders; a stake's payout is split among its holders by shares only at the end, once.
 */
import { mulRatio, ONE_RATIO, ZERO_RATIO, compareRatio, type Ratio } from "../money/ratio.js";
import { holdingsAtDate, type MetConditions } from "./holdings-at-date.js";
import type { CapTable, TierSharing } from "./types.js";

export interface CompiledClass {
  readonly id: string;
  readonly preferred: boolean;
  /** Outstanding shares before any exercise. */
  readonly baseShares: bigint;
  /** Liquidation preference per share: original issue price x multiple (zero for common). */
  readonly preferencePerShare: Ratio;
  /** Whether the class shares in the residual without converting (common always does). */
  readonly participates: boolean;
  /** Total-return cap per share (preference included), or null when uncapped. */
  readonly capPerShare: Ratio | null;
  readonly conversionRatio: Ratio;
  readonly seniority: number;
  readonly tierSharing: TierSharing;
}

export type StakeKind = "shares" | "option" | "warrant";

export interface StakeHolder {
  readonly holder: string;
  readonly shares: bigint;
}

export interface Stake {
  readonly classIndex: number;
  readonly kind: StakeKind;
  readonly shares: bigint;
  /** Exercise price per share in minor units; zero for issued shares. */
  readonly strike: Ratio;
  readonly holders: readonly StakeHolder[];
}

export interface CompiledWaterfall {
  readonly classes: readonly CompiledClass[];
  readonly stakes: readonly Stake[];
  /** Preferred class indices by seniority tier, most senior tier first. */
  readonly tiers: readonly (readonly number[])[];
  /** Indices of stakes that may be exercised (options, warrants), by ascending strike. */
  readonly exercisable: readonly number[];
  readonly preferredIndices: readonly number[];
  /** The per-share terms as integers over shared denominators, for the engine's inner loop. */
  readonly scaled: ScaledTerms;
}

/**
 * Every per-share money term (preference, cap, strike) as an integer multiple of `1 / moneyScale`
 * minor units, and every conversion ratio as an integer multiple of `1 / conversionScale`. With
 * one denominator per kind of quantity, the engine adds and compares plain bigints instead of
 * fractions (no cross-multiplication, no gcd), and only builds fractions for its results.
 */
export interface ScaledTerms {
  readonly moneyScale: bigint;
  /** Per class, preference per share x `moneyScale` (zero for common). */
  readonly preferencePerShare: readonly bigint[];
  /** Per class, total-return cap per share x `moneyScale`, or null when uncapped. */
  readonly capPerShare: readonly (bigint | null)[];
  readonly conversionScale: bigint;
  /** Per class, conversion ratio x `conversionScale`. */
  readonly conversionRatio: readonly bigint[];
  /** Per stake, strike x `moneyScale`. */
  readonly strike: readonly bigint[];
  /**
   * Participating capped classes, lowest cap level first. A capped class's cap binds when the
   * residual's price per as-converted share reaches (cap - preference) / conversion ratio, which
   * does not depend on how many shares the class has, so the order the residual fills them in is
   * fixed by the cap table and sorted once here, not at every evaluation.
   */
  readonly capOrder: readonly number[];
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};
const lcm = (a: bigint, b: bigint): bigint => (a / gcd(a, b)) * b;
const scaledBy = (r: Ratio, scale: bigint): bigint => r.num * (scale / r.den);

function scaleTerms(classes: readonly CompiledClass[], stakes: readonly Stake[]): ScaledTerms {
  let moneyScale = 1n;
  let conversionScale = 1n;
  for (const c of classes) {
    moneyScale = lcm(moneyScale, c.preferencePerShare.den);
    if (c.capPerShare !== null) moneyScale = lcm(moneyScale, c.capPerShare.den);
    conversionScale = lcm(conversionScale, c.conversionRatio.den);
  }
  for (const s of stakes) moneyScale = lcm(moneyScale, s.strike.den);
  const preferencePerShare = classes.map((c) => scaledBy(c.preferencePerShare, moneyScale));
  const capPerShare = classes.map((c) => (c.capPerShare === null ? null : scaledBy(c.capPerShare, moneyScale)));
  const conversionRatio = classes.map((c) => scaledBy(c.conversionRatio, conversionScale));
  // Cap level of class i: (cap_i - preference_i) / conversion_i; compared by cross-multiplication.
  const capOrder = classes
    .flatMap((c, i) => (c.preferred && c.participates && c.capPerShare !== null ? [i] : []))
    .sort((a, b) => {
      const l = ((capPerShare[a] as bigint) - (preferencePerShare[a] as bigint)) * (conversionRatio[b] as bigint);
      const r = ((capPerShare[b] as bigint) - (preferencePerShare[b] as bigint)) * (conversionRatio[a] as bigint);
      return l < r ? -1 : l > r ? 1 : a - b;
    });
  return { moneyScale, preferencePerShare, capPerShare, conversionScale, conversionRatio, strike: stakes.map((s) => scaledBy(s.strike, moneyScale)), capOrder };
}

interface StakeInProgress {
  readonly classIndex: number;
  readonly kind: StakeKind;
  readonly strike: Ratio;
  shares: bigint;
  readonly holders: StakeHolder[];
  readonly position: Map<string, number>;
}

/** Compiles a validated cap table at a date. Options count only as far as they have vested. */
export function compileWaterfall(capTable: CapTable, date: string, met?: MetConditions): CompiledWaterfall {
  const at = holdingsAtDate(capTable, date, met);
  const classIndex = new Map(capTable.classes.map((c, i) => [c.id, i]));
  const baseShares = capTable.classes.map(() => 0n);
  // Stakes in the order they first receive shares; a holder's position in a stake is looked up by
  // name only to merge a holder's second holding into the first. Issued shares have one stake per
  // class, found by index; options and warrants are keyed by kind, class and strike.
  const stakes: StakeInProgress[] = [];
  const shareStakes: (StakeInProgress | undefined)[] = capTable.classes.map(() => undefined);
  const exercisableStakes = new Map<string, StakeInProgress>();
  const addToStake = (stake: StakeInProgress, holder: string, shares: bigint): void => {
    const found = stake.position.get(holder);
    if (found === undefined) {
      stake.position.set(holder, stake.holders.length);
      stake.holders.push({ holder, shares });
    } else stake.holders[found] = { holder, shares: stake.holders[found]!.shares + shares };
    stake.shares += shares;
  };
  const exercisableStake = (kind: "option" | "warrant", classId: string, strike: Ratio): StakeInProgress => {
    const ci = classIndex.get(classId) as number;
    const key = `${kind}\u0000${ci}\u0000${strike.num}/${strike.den}`;
    let stake = exercisableStakes.get(key);
    if (stake === undefined) {
      stake = { classIndex: ci, kind, strike, shares: 0n, holders: [], position: new Map() };
      exercisableStakes.set(key, stake);
      stakes.push(stake);
    }
    return stake;
  };
  for (const h of at.shares) {
    if (h.treasury === true) continue;
    const ci = classIndex.get(h.classId) as number;
    baseShares[ci]! += h.shares;
    if (h.shares <= 0n) continue;
    let stake = shareStakes[ci];
    if (stake === undefined) {
      stake = { classIndex: ci, kind: "shares", strike: ZERO_RATIO, shares: 0n, holders: [], position: new Map() };
      shareStakes[ci] = stake;
      stakes.push(stake);
    }
    addToStake(stake, h.holder, h.shares);
  }
  for (const { grant, vested } of at.options) if (vested > 0n) addToStake(exercisableStake("option", grant.classId, grant.strike), grant.holder, vested);
  for (const w of at.warrants) if (w.shares > 0n) addToStake(exercisableStake("warrant", w.classId, w.strike), w.holder, w.shares);

  const classes: CompiledClass[] = capTable.classes.map((c, i) =>
    c.kind === "common"
      ? { id: c.id, preferred: false, baseShares: baseShares[i] ?? 0n, preferencePerShare: ZERO_RATIO, participates: true, capPerShare: null, conversionRatio: ONE_RATIO, seniority: 0, tierSharing: "by-preference" }
      : {
          id: c.id,
          preferred: true,
          baseShares: baseShares[i] ?? 0n,
          preferencePerShare: mulRatio(c.originalIssuePrice, c.liquidationMultiple),
          participates: c.participation.kind !== "non-participating",
          capPerShare: c.participation.kind === "capped" ? mulRatio(c.originalIssuePrice, c.participation.capMultiple) : null,
          conversionRatio: c.conversionRatio ?? ONE_RATIO,
          seniority: c.seniority,
          tierSharing: c.tierSharing ?? "by-preference",
        },
  );

  const compiledStakes: Stake[] = stakes.map((s) => ({ classIndex: s.classIndex, kind: s.kind, strike: s.strike, shares: s.shares, holders: s.holders }));
  const exercisable = compiledStakes
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.kind !== "shares")
    .sort((a, b) => compareRatio(a.s.strike, b.s.strike) || a.i - b.i)
    .map(({ i }) => i);

  const seniorities = [...new Set(classes.filter((c) => c.preferred).map((c) => c.seniority))].sort((a, b) => a - b);
  const tiers = seniorities.map((s) => classes.flatMap((c, i) => (c.preferred && c.seniority === s ? [i] : [])));
  const preferredIndices = classes.flatMap((c, i) => (c.preferred ? [i] : []));
  return { classes, stakes: compiledStakes, tiers, exercisable, preferredIndices, scaled: scaleTerms(classes, compiledStakes) };
}
