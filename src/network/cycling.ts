/**
 * Cycling: how much of each party's throughflow comes back to it, and Finn's cycling index.
 *
 * With N = (I - G)^-1, n_ii is the expected number of times a unit entering party i passes
 * through it. If r_i is the probability that a unit leaving i ever comes back, n_ii = 1 / (1 - r_i),
 * so the party's cycling share (n_ii - 1) / n_ii is exactly r_i, and Finn's cycling index is
 *
 *     FCI = sum_i r_i T_i / TST.
 *
 * r_i is 0 for a party on no cycle. For the others it comes from the bracketed reach solve for
 * target i (reach.ts), restricted to i's strongly connected component. That costs one solve per
 * party, so a component larger than `largeComponent` parties is sampled instead: from each party,
 * `walksPerParty` seeded random walks follow G and count how many return. A sampled share is
 * given with a 95 % Hoeffding interval, sqrt(ln(2 / 0.05) / (2 W)) either side for W walks, and
 * walks still going after `maxWalkSteps` steps widen the interval by their share. FCI averages
 * independent walks over many parties, so its interval is far narrower than any one party's.
 *
 * A component that nothing leaves (closed loop) makes I - G singular: every unit comes back
 * forever, r_i = 1 and n_ii is infinite. It is reported (E_CLOSED_LOOP) and counted with r_i = 1,
 * the limit, so no NaN or Infinity reaches a result.
 */
import { componentSize } from "./components.js";
import { networkError, networkWarning, type NetworkDiagnostic, type NetworkStaged } from "./codes.js";
import { prepareTransitions, returnBracket, solveReach, DEFAULT_LIMITS, type Bracket, type SolveLimits, type Transitions } from "./reach.js";
import type { FlowNetwork } from "./network.js";

/** How a party's cycling share was found. */
export const CYCLING_METHODS = ["none", "solved", "sampled", "closed"] as const;
export type CyclingMethod = (typeof CYCLING_METHODS)[number];

export interface CyclingOptions extends Partial<SolveLimits> {
  /** Components with more parties than this are sampled, not solved party by party; default 2,000. */
  readonly largeComponent?: number;
  /** Random walks from each party of a sampled component; default 256. */
  readonly walksPerParty?: number;
  /** A walk still going after this many steps counts as unknown (it widens the interval); default 1,000. */
  readonly maxWalkSteps?: number;
  /** Seed of the walks, so that the same network gives the same answer; default 1. */
  readonly seed?: number;
}

export interface CyclingShares {
  /** r_i = (n_ii - 1) / n_ii for each party, with bounds. */
  readonly share: Float64Array;
  readonly low: Float64Array;
  readonly high: Float64Array;
  /** Index into CYCLING_METHODS for each party. */
  readonly method: Uint8Array;
  /** FCI = sum_i r_i T_i / TST, with bounds. */
  readonly finnCyclingIndex: Bracket;
  /** TSTc = sum_i r_i T_i, in minor units (a float: r_i is not exact). */
  readonly cycledThroughflow: number;
  readonly precision: CyclingPrecision;
}

export interface CyclingPrecision {
  readonly solvedParties: number;
  readonly sampledParties: number;
  readonly closedLoopParties: number;
  /** Bracket width asked of solved shares. */
  readonly tolerance: number;
  /** Widest bracket of any solved share (above `tolerance` only when a budget ran out). */
  readonly widestSolved: number;
  readonly walksPerParty: number;
  /** Half-width of the 95 % interval of one sampled share, before truncated walks. */
  readonly sampledHalfWidth: number;
  readonly confidence: number;
}

const CONFIDENCE = 0.95;

/** Cycling share of every party and Finn's cycling index. */
export function cyclingShares(network: FlowNetwork, options: CyclingOptions = {}, transitions: Transitions = prepareTransitions(network)): NetworkStaged<CyclingShares> {
  const limits: SolveLimits = { ...DEFAULT_LIMITS, ...options };
  const largeComponent = options.largeComponent ?? 2000;
  const walks = options.walksPerParty ?? 256;
  const maxSteps = options.maxWalkSteps ?? 1000;
  const diagnostics: NetworkDiagnostic[] = [];
  const { components } = transitions;
  const n = network.partyCount;
  const share = new Float64Array(n);
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  const method = new Uint8Array(n);
  const solveLow = new Float64Array(n);
  const solveHigh = new Float64Array(n);
  const walker = new Walker(transitions, options.seed ?? 1);
  const halfWidth = Math.sqrt(Math.log(2 / (1 - CONFIDENCE)) / (2 * walks));
  let budgetLeft = limits.workBudget;
  let budgetRanOut = false;
  let unconverged = 0;
  let widestSolved = 0;
  let solved = 0;
  let sampled = 0;
  let closedParties = 0;
  let fciExactLow = 0;
  let fciExactHigh = 0;
  let fciSampledLow = 0;
  let fciSampledHigh = 0;
  let sampledWeightSquares = 0;
  const tst = network.totalSystemThroughflow;
  const weight = (i: number): number => (tst > 0 ? (network.throughflow[i] ?? 0) / tst : 0);

  for (let k = 0; k < components.count; k++) {
    const size = componentSize(components, k);
    if (size < 2) continue;
    const members = components.members.subarray(components.memberStart[k] ?? 0, components.memberStart[k + 1] ?? 0);
    if (transitions.closed[k] === 1) {
      const names = [...members].sort((a, b) => a - b).map((i) => `"${network.parties[i] ?? ""}"`);
      const shown = names.length > 10 ? `${names.slice(0, 10).join(", ")} and ${names.length - 10} more` : names.join(", ");
      diagnostics.push(
        networkError("E_CLOSED_LOOP", `money among ${shown} only circulates: nothing leaves these ${size} parties, so its cycling is unbounded (counted as cycling share 1)`, {
          hint: "add the flows by which money leaves this group (to other parties or to external), or widen the window",
        }),
      );
      for (const i of members) {
        share[i] = low[i] = high[i] = 1;
        method[i] = CYCLING_METHODS.indexOf("closed");
        fciExactLow += weight(i);
        fciExactHigh += weight(i);
        closedParties++;
      }
      continue;
    }
    const sample = size > largeComponent || budgetLeft < size * (transitions.internalEdges[k] ?? 0);
    if (sample && size <= largeComponent) budgetRanOut = true;
    for (const i of members) {
      if (sample) {
        const outcome = walker.walkFrom(i, walks, maxSteps);
        const returned = outcome.returned / walks;
        const unknown = outcome.truncated / walks;
        low[i] = Math.max(0, returned - halfWidth);
        high[i] = Math.min(1, returned + unknown + halfWidth);
        share[i] = returned + unknown / 2;
        method[i] = CYCLING_METHODS.indexOf("sampled");
        fciSampledLow += weight(i) * returned;
        fciSampledHigh += weight(i) * (returned + unknown);
        sampledWeightSquares += weight(i) ** 2;
        sampled++;
        continue;
      }
      const solve = solveReach(transitions, i, { ...limits, workBudget: Math.min(limits.workBudget, budgetLeft) }, solveLow, solveHigh);
      budgetLeft -= solve.work;
      if (!solve.converged) unconverged++;
      const r = returnBracket(transitions, i, solve);
      share[i] = r.value;
      low[i] = r.low;
      high[i] = r.high;
      widestSolved = Math.max(widestSolved, r.high - r.low);
      method[i] = CYCLING_METHODS.indexOf("solved");
      fciExactLow += weight(i) * r.low;
      fciExactHigh += weight(i) * r.high;
      solved++;
    }
  }
  if (budgetRanOut || unconverged > 0) {
    diagnostics.push(
      networkWarning("W_PRECISION_BUDGET", `cycling shares: the work budget of ${limits.workBudget} edge visits ran out; ${unconverged} solved share(s) are wider than ${limits.tolerance}${budgetRanOut ? " and some components were sampled instead" : ""}`, {
        hint: "raise workBudget, or read the low/high bounds given with each share",
      }),
    );
  }
  // Hoeffding for the weighted mean of independent walks: each walk of party i moves FCI by at most w_i / W.
  const fciHalfWidth = sampled > 0 ? Math.sqrt((Math.log(2 / (1 - CONFIDENCE)) * sampledWeightSquares) / (2 * walks)) : 0;
  const fciLow = Math.max(0, fciExactLow + fciSampledLow - fciHalfWidth);
  const fciHigh = Math.min(1, fciExactHigh + fciSampledHigh + fciHalfWidth);
  // Summed as r_i x (T_i / TST), whose factors do not change when every amount is scaled.
  let fciValue = 0;
  for (let i = 0; i < n; i++) fciValue += (share[i] ?? 0) * weight(i);
  const fci = tst > 0 ? Math.min(fciHigh, Math.max(fciLow, fciValue)) : 0;
  const cycled = fci * tst;
  return {
    value: {
      share,
      low,
      high,
      method,
      finnCyclingIndex: { value: fci, low: tst > 0 ? fciLow : 0, high: tst > 0 ? fciHigh : 0 },
      cycledThroughflow: cycled,
      precision: {
        solvedParties: solved,
        sampledParties: sampled,
        closedLoopParties: closedParties,
        tolerance: limits.tolerance,
        widestSolved,
        walksPerParty: walks,
        sampledHalfWidth: sampled > 0 ? halfWidth : 0,
        confidence: CONFIDENCE,
      },
    },
    diagnostics,
  };
}

/**
 * Random walks on G within one component. The next party is drawn by a binary search over the
 * row's cumulative amounts; a draw beyond the row's total means the unit left the network (or
 * stayed with the party), which ends the walk.
 *
 * A step lands on a party anywhere in memory, so what it reads is laid out to be near: each
 * party's throughflow, outflow and row bounds in one 32-byte record, and each edge's cumulative
 * amount beside its payee (-1 for a payee outside the payer's component, where the walk ends:
 * nothing there comes back), 16 bytes. Amounts are read through a Float64Array and indices
 * through an Int32Array over the same memory. A step reads the record and the row, instead of six
 * arrays; the draws and comparisons are the same, so the walks are too. (Bench, one process:
 * 3-12 % faster than six arrays; what is left is the first read of each party's record and
 * mispredicted branches of the search. One Float64Array holding the indices as doubles was
 * 50 % slower.)
 */
class Walker {
  /** Per party, 32 bytes: throughflow and outflow (float64 0, 1), first edge and one past the last (int32 4, 5). */
  private readonly partyAmount: Float64Array;
  private readonly partyIndex: Int32Array;
  /** Per edge, 16 bytes: cumulative amount of the row up to it (float64 0), its payee or -1 (int32 2). */
  private readonly edgeAmount: Float64Array;
  private readonly edgeIndex: Int32Array;
  private state: number;

  constructor(t: Transitions, seed: number) {
    const { network, components } = t;
    const { componentOf } = components;
    const parties = new ArrayBuffer(32 * network.partyCount);
    this.partyAmount = new Float64Array(parties);
    this.partyIndex = new Int32Array(parties);
    const edges = new ArrayBuffer(16 * network.edgeCount);
    this.edgeAmount = new Float64Array(edges);
    this.edgeIndex = new Int32Array(edges);
    for (let i = 0; i < network.partyCount; i++) {
      const first = network.edgeStart[i] as number;
      const end = network.edgeStart[i + 1] as number;
      this.partyAmount[4 * i] = network.throughflow[i] as number;
      this.partyAmount[4 * i + 1] = network.outflow[i] as number;
      this.partyIndex[8 * i + 4] = first;
      this.partyIndex[8 * i + 5] = end;
      let running = 0;
      for (let e = first; e < end; e++) {
        running += network.edgeAmount[e] as number;
        const j = network.edgeTarget[e] as number;
        this.edgeAmount[2 * e] = running;
        this.edgeIndex[4 * e + 2] = componentOf[j] === componentOf[i] ? j : -1;
      }
    }
    // xorshift32 needs a non-zero state.
    this.state = (seed | 0) === 0 ? 0x9e3779b9 : seed | 0;
  }

  walkFrom(start: number, walks: number, maxSteps: number): { returned: number; truncated: number } {
    const { partyAmount, partyIndex, edgeAmount, edgeIndex } = this;
    let state = this.state;
    let returned = 0;
    let truncated = 0;
    for (let w = 0; w < walks; w++) {
      let at = start;
      for (let step = 0; ; step++) {
        if (step === maxSteps) {
          truncated++;
          break;
        }
        // xorshift32: a uniform draw in [0, 1) with 32 bits, ample for choosing among edges.
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const draw = ((state >>> 0) / 4294967296) * (partyAmount[4 * at] as number);
        if (draw >= (partyAmount[4 * at + 1] as number)) break; // left the network or stayed as stock
        let lo = partyIndex[8 * at + 4] as number;
        let hi = (partyIndex[8 * at + 5] as number) - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((edgeAmount[2 * mid] as number) > draw) hi = mid;
          else lo = mid + 1;
        }
        const next = edgeIndex[4 * lo + 2] as number;
        if (next < 0) break; // nothing outside the component comes back
        if (next === start) {
          returned++;
          break;
        }
        at = next;
      }
    }
    this.state = state;
    return { returned, truncated };
  }
}
