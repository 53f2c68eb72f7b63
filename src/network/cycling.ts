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
 */
class Walker {
  private readonly cumulative: Float64Array;
  private state: number;

  constructor(private readonly t: Transitions, seed: number) {
    const { network } = t;
    this.cumulative = new Float64Array(network.edgeCount);
    for (let i = 0; i < network.partyCount; i++) {
      let running = 0;
      for (let e = network.edgeStart[i] ?? 0; e < (network.edgeStart[i + 1] ?? 0); e++) {
        running += network.edgeAmount[e] ?? 0;
        this.cumulative[e] = running;
      }
    }
    // xorshift32 needs a non-zero state.
    this.state = (seed | 0) === 0 ? 0x9e3779b9 : seed | 0;
  }

  /** A uniform draw in [0, 1) with 32 bits, ample for choosing among edges. */
  private next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return (x >>> 0) / 4294967296;
  }

  walkFrom(start: number, walks: number, maxSteps: number): { returned: number; truncated: number } {
    const { network, components } = this.t;
    const k = components.componentOf[start] ?? 0;
    let returned = 0;
    let truncated = 0;
    for (let w = 0; w < walks; w++) {
      let at = start;
      for (let step = 0; ; step++) {
        if (step === maxSteps) {
          truncated++;
          break;
        }
        const draw = this.next() * (network.throughflow[at] ?? 0);
        if (draw >= (network.outflow[at] ?? 0)) break; // left the network or stayed as stock
        let lo = network.edgeStart[at] ?? 0;
        let hi = (network.edgeStart[at + 1] ?? 0) - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((this.cumulative[mid] ?? 0) > draw) hi = mid;
          else lo = mid + 1;
        }
        const next = network.edgeTarget[lo] ?? 0;
        if (components.componentOf[next] !== k) break; // nothing outside the component comes back
        if (next === start) {
          returned++;
          break;
        }
        at = next;
      }
    }
    return { returned, truncated };
  }
}
