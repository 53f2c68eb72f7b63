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

/** Compiles a validated cap table at a date. Options count only as far as they have vested. */
export function compileWaterfall(capTable: CapTable, date: string, met?: MetConditions): CompiledWaterfall {
  const at = holdingsAtDate(capTable, date, met);
  const classIndex = new Map(capTable.classes.map((c, i) => [c.id, i]));
  const baseShares = capTable.classes.map(() => 0n);
  const stakeHolders = new Map<string, { classIndex: number; kind: StakeKind; strike: Ratio; holders: Map<string, bigint> }>();
  const addToStake = (kind: StakeKind, classId: string, strike: Ratio, holder: string, shares: bigint): void => {
    if (shares <= 0n) return;
    const ci = classIndex.get(classId) as number;
    const key = `${kind}\u0000${ci}\u0000${strike.num}/${strike.den}`;
    let s = stakeHolders.get(key);
    if (s === undefined) {
      s = { classIndex: ci, kind, strike, holders: new Map() };
      stakeHolders.set(key, s);
    }
    s.holders.set(holder, (s.holders.get(holder) ?? 0n) + shares);
  };
  for (const h of at.shares) {
    if (h.treasury === true) continue;
    baseShares[classIndex.get(h.classId) as number]! += h.shares;
    addToStake("shares", h.classId, ZERO_RATIO, h.holder, h.shares);
  }
  for (const { grant, vested } of at.options) addToStake("option", grant.classId, grant.strike, grant.holder, vested);
  for (const w of at.warrants) addToStake("warrant", w.classId, w.strike, w.holder, w.shares);

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

  const stakes: Stake[] = [...stakeHolders.values()].map((s) => {
    const holders = [...s.holders].map(([holder, shares]) => ({ holder, shares }));
    return { classIndex: s.classIndex, kind: s.kind, strike: s.strike, shares: holders.reduce((a, h) => a + h.shares, 0n), holders };
  });
  const exercisable = stakes
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.kind !== "shares")
    .sort((a, b) => compareRatio(a.s.strike, b.s.strike) || a.i - b.i)
    .map(({ i }) => i);

  const seniorities = [...new Set(classes.filter((c) => c.preferred).map((c) => c.seniority))].sort((a, b) => a - b);
  const tiers = seniorities.map((s) => classes.flatMap((c, i) => (c.preferred && c.seniority === s ? [i] : [])));
  const preferredIndices = classes.flatMap((c, i) => (c.preferred ? [i] : []));
  return { classes, stakes, tiers, exercisable, preferredIndices, scaled: scaleTerms(classes, stakes) };
}
