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
  return { classes, stakes, tiers, exercisable, preferredIndices };
}
