/**
 * Where a dollar goes: the chain in which a unit at party i moves to party j with probability
 * G_ij = F_ij / T_i (the fraction of i's throughflow it passes to j), and otherwise leaves the
 * network or stays with i. The probability that a unit at i ever reaches a target A solves
 *
 *     h_A = 1,   h_i = sum_j G_ij h_j  (i != A),
 *
 * and is 0 outside A's strongly connected component (nothing there can come back to A), so the
 * system is solved on that component only, never by inverting a matrix.
 *
 * The solve is bracketed. Gauss-Seidel from h = 0 rises monotonically to the answer (it is the
 * least non-negative solution); from h = 1 it falls monotonically to it whenever money can leave
 * the component. Both run side by side and stop when the bracket is narrower than `tolerance`,
 * so every share carries a proven interval (up to float rounding, about 1e-15), not a guess.
 */
import { componentSize, stronglyConnectedComponents, type Components } from "./components.js";
import type { FlowNetwork } from "./network.js";

export interface Bracket {
  /** The best estimate (the middle of the bracket). */
  readonly value: number;
  /** A lower bound. */
  readonly low: number;
  /** An upper bound. */
  readonly high: number;
}

/** The chain G, its components and which of them money can never leave. */
export interface Transitions {
  readonly network: FlowNetwork;
  readonly components: Components;
  /** G_ij per edge: F_ij / T_i. */
  readonly share: Float64Array;
  /** 1 for a component of two or more parties that nothing leaves (I - G is singular on it). */
  readonly closed: Uint8Array;
  /** Edges inside each component, summed over its parties (the cost of one sweep). */
  readonly internalEdges: Float64Array;
  /**
   * The edges that stay inside their component, as CSR rows with G_ij beside each (the only
   * ones a solve reads), and the same edges by receiving party (to order a sweep).
   */
  readonly insideStart: Int32Array;
  readonly insideTarget: Int32Array;
  readonly insideShare: Float64Array;
  readonly payerStart: Int32Array;
  readonly payer: Int32Array;
  /** Scratch: the order of one sweep (parties nearest the target first). */
  readonly sweepOrder: Int32Array;
  /**
   * Scratch of `solveReachTogether`: the rows of `insideTarget` and `insideShare` copied in sweep
   * order, party sweepOrder[m] at sweepStart[m] .. sweepStart[m + 1] - 1, so that a sweep reads
   * them straight through instead of looking up each party's row somewhere in memory.
   */
  readonly sweepStart: Int32Array;
  readonly sweepTarget: Int32Array;
  readonly sweepShare: Float64Array;
  /**
   * Scratch: the bracket of each party during a solve, low at 2i and high at 2i + 1, so that a
   * sweep finds both bounds of a payee in one cache line (the reads of a sweep are scattered).
   */
  readonly bounds: Float64Array;
  /** Scratch of `solveReachTogether`: low and high of each of REACH_LANES targets, side by side per party. */
  readonly laneBounds: Float64Array;
  /** Scratch: parties already placed in a sweep order. */
  readonly placed: Uint8Array;
}

export function prepareTransitions(network: FlowNetwork, components: Components = stronglyConnectedComponents(network)): Transitions {
  const share = new Float64Array(network.edgeCount);
  const internalEdges = new Float64Array(components.count);
  const closed = new Uint8Array(components.count);
  const keepsEverything = new Uint8Array(network.partyCount);
  for (let i = 0; i < network.partyCount; i++) {
    const t = network.throughflow[i] ?? 0;
    const k = components.componentOf[i] ?? 0;
    let inside = 0;
    for (let e = network.edgeStart[i] ?? 0; e < (network.edgeStart[i + 1] ?? 0); e++) {
      share[e] = (network.edgeAmount[e] ?? 0) / t;
      if (components.componentOf[network.edgeTarget[e] ?? 0] === k) {
        inside += network.edgeAmount[e] ?? 0;
        internalEdges[k] = (internalEdges[k] ?? 0) + 1;
      }
    }
    // Exact: amounts and throughflows are integers below 2^53.
    keepsEverything[i] = inside === t && t > 0 ? 1 : 0;
  }
  for (let k = 0; k < components.count; k++) {
    if (componentSize(components, k) < 2) continue;
    let all = 1;
    for (let m = components.memberStart[k] ?? 0; m < (components.memberStart[k + 1] ?? 0); m++) {
      if (keepsEverything[components.members[m] ?? 0] !== 1) all = 0;
    }
    closed[k] = all;
  }
  const n = network.partyCount;
  const insideStart = new Int32Array(n + 1);
  const payerStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let e = network.edgeStart[i] as number; e < (network.edgeStart[i + 1] as number); e++) {
      const j = network.edgeTarget[e] as number;
      if (components.componentOf[j] !== components.componentOf[i]) continue;
      count++;
      payerStart[j + 1] = (payerStart[j + 1] as number) + 1;
    }
    insideStart[i + 1] = (insideStart[i] as number) + count;
  }
  for (let i = 0; i < n; i++) payerStart[i + 1] = (payerStart[i + 1] as number) + (payerStart[i] as number);
  const insideTarget = new Int32Array(insideStart[n] as number);
  const insideShare = new Float64Array(insideStart[n] as number);
  const payer = new Int32Array(insideStart[n] as number);
  const fill = payerStart.slice(0, n);
  for (let i = 0; i < n; i++) {
    let at = insideStart[i] as number;
    for (let e = network.edgeStart[i] as number; e < (network.edgeStart[i + 1] as number); e++) {
      const j = network.edgeTarget[e] as number;
      if (components.componentOf[j] !== components.componentOf[i]) continue;
      insideTarget[at] = j;
      insideShare[at++] = share[e] as number;
      const f = fill[j] as number;
      payer[f] = i;
      fill[j] = f + 1;
    }
  }
  const insideCount = insideStart[n] as number;
  return { network, components, share, closed, internalEdges, insideStart, insideTarget, insideShare, payerStart, payer, sweepOrder: new Int32Array(n), sweepStart: new Int32Array(n + 1), sweepTarget: new Int32Array(insideCount), sweepShare: new Float64Array(insideCount), bounds: new Float64Array(2 * n), laneBounds: new Float64Array(2 * REACH_LANES * n), placed: new Uint8Array(n) };
}

/**
 * Orders the target's component for Gauss-Seidel: breadth first from the target against the
 * direction of payment, so a party is updated after the parties it pays that lie nearer the
 * target, and each sweep carries the news from the target as far as it can. Returns the count.
 */
function orderFromTarget(t: Transitions, target: number): number {
  const { payerStart, payer, sweepOrder, bounds } = t;
  // The high bounds are all 1 here except the target's: mark a party visited with 2.
  let head = 0;
  let tail = 0;
  sweepOrder[tail++] = target;
  bounds[2 * target + 1] = 2;
  while (head < tail) {
    const j = sweepOrder[head++] as number;
    const end = payerStart[j + 1] as number;
    for (let f = payerStart[j] as number; f < end; f++) {
      const i = payer[f] as number;
      if (bounds[2 * i + 1] === 2) continue;
      bounds[2 * i + 1] = 2;
      sweepOrder[tail++] = i;
    }
  }
  for (let m = 0; m < tail; m++) bounds[2 * (sweepOrder[m] as number) + 1] = 1;
  return tail;
}

export interface ReachSolve {
  /** Lower and upper bounds of h for the parties of the target's component (others untouched). */
  readonly low: Float64Array;
  readonly high: Float64Array;
  readonly converged: boolean;
  /** Edge visits spent. */
  readonly work: number;
}

export interface SolveLimits {
  /** Stop when every bracket is narrower than this. */
  readonly tolerance: number;
  readonly maxSweeps: number;
  /** Stop when this many edge visits are spent. */
  readonly workBudget: number;
}

/**
 * Solves for h (probability of ever reaching `target`) on the target's component, writing
 * bounds into `low` and `high` (arrays of the network's size, reused across calls).
 */
export function solveReach(t: Transitions, target: number, limits: SolveLimits, low: Float64Array, high: Float64Array): ReachSolve {
  const { components } = t;
  const k = components.componentOf[target] ?? 0;
  const first = components.memberStart[k] ?? 0;
  const last = components.memberStart[k + 1] ?? 0;
  for (let m = first; m < last; m++) {
    const i = components.members[m] ?? 0;
    low[i] = 0;
    high[i] = 1;
  }
  low[target] = 1;
  if (last - first < 2 || t.closed[k] === 1) {
    // Alone, nothing else reaches it; in a closed loop every party reaches every other for sure.
    for (let m = first; m < last; m++) low[components.members[m] ?? 0] = last - first < 2 ? 0 : 1;
    low[target] = 1;
    return { low, high, converged: true, work: 0 };
  }
  const sweepCost = t.internalEdges[k] ?? 0;
  const bounds = t.bounds;
  for (let m = first; m < last; m++) {
    const i = components.members[m] ?? 0;
    bounds[2 * i] = 0;
    bounds[2 * i + 1] = 1;
  }
  bounds[2 * target] = 1;
  const count = orderFromTarget(t, target);
  let work = 0;
  let converged = false;
  for (let sweep = 0; sweep < limits.maxSweeps; sweep++) {
    const widest = sweepBracket(t.insideStart, t.insideTarget, t.insideShare, t.sweepOrder, count, bounds);
    work += sweepCost;
    if (widest <= limits.tolerance) {
      converged = true;
      break;
    }
    if (work >= limits.workBudget) break;
  }
  for (let m = first; m < last; m++) {
    const i = components.members[m] ?? 0;
    low[i] = bounds[2 * i] as number;
    high[i] = bounds[2 * i + 1] as number;
  }
  return { low, high, converged, work };
}

/**
 * One Gauss-Seidel sweep of both bounds over a component, in `order` (the target first, and
 * skipped); returns the widest bracket. A small function of typed arrays, so that V8 optimises
 * the hot loop (reads are in range by construction).
 */
function sweepBracket(insideStart: Int32Array, insideTarget: Int32Array, insideShare: Float64Array, order: Int32Array, count: number, bounds: Float64Array): number {
  let widest = 0;
  for (let m = 1; m < count; m++) {
    const i = order[m] as number;
    let sumLow = 0;
    let sumHigh = 0;
    const end = insideStart[i + 1] as number;
    for (let e = insideStart[i] as number; e < end; e++) {
      const j = 2 * (insideTarget[e] as number);
      const g = insideShare[e] as number;
      sumLow += g * (bounds[j] as number);
      sumHigh += g * (bounds[j + 1] as number);
    }
    if (sumHigh < sumLow) sumHigh = sumLow;
    bounds[2 * i] = sumLow;
    bounds[2 * i + 1] = sumHigh;
    if (sumHigh - sumLow > widest) widest = sumHigh - sumLow;
  }
  return widest;
}

/**
 * Targets solved side by side: one pass over a component's edges updates the brackets of this
 * many targets, whose eight bounds per party fill one 64-byte cache line. The pass costs about
 * what one target's does (the reads of a sweep are scattered, so memory, not arithmetic, sets
 * its pace).
 */
export const REACH_LANES = 4;

/**
 * `solveReach` for up to REACH_LANES distinct targets of one component that money can leave,
 * in one sweep per round: the sweep order is breadth first from all of them at once (against
 * the payments), and each target's bracket is the same monotone Gauss-Seidel bracket as alone,
 * so its bounds are as proven. The solve stops when every bracket is narrower than `tolerance`,
 * or when the budget of edge visits is spent; each sweep's visits count once, shared among the
 * targets still open (their `work`). Bounds are written into `low[k]` and `high[k]` for target k.
 */
export function solveReachTogether(t: Transitions, targets: readonly number[], limits: SolveLimits, low: readonly Float64Array[], high: readonly Float64Array[]): ReachSolve[] {
  const { components, laneBounds: bounds } = t;
  const lanes = targets.length;
  if (lanes < 1 || lanes > REACH_LANES) throw new RangeError(`solveReachTogether: ${lanes} targets, not 1 to ${REACH_LANES}`);
  const k = components.componentOf[targets[0] ?? 0] ?? 0;
  const first = components.memberStart[k] ?? 0;
  const last = components.memberStart[k + 1] ?? 0;
  for (const target of targets) {
    if (components.componentOf[target] !== k) throw new RangeError("solveReachTogether: the targets lie in different components");
  }
  if (new Set(targets).size !== lanes) throw new RangeError("solveReachTogether: a target is named twice");
  if (last - first < 2 || t.closed[k] === 1) throw new RangeError("solveReachTogether: the component is a single party or a closed loop (use solveReach)");
  const width = 2 * REACH_LANES;
  for (let m = first; m < last; m++) {
    const i = components.members[m] ?? 0;
    // Lanes without a target stay 0 and 0: nothing reaches them.
    for (let lane = 0; lane < REACH_LANES; lane++) {
      bounds[width * i + 2 * lane] = 0;
      bounds[width * i + 2 * lane + 1] = lane < lanes ? 1 : 0;
    }
  }
  const target = new Int32Array(REACH_LANES).fill(-1);
  for (let lane = 0; lane < lanes; lane++) {
    target[lane] = targets[lane] ?? 0;
    bounds[width * (target[lane] as number) + 2 * lane] = 1;
  }
  const count = orderFromTargets(t, targets);
  gatherSweepRows(t, count);
  const sweepCost = t.internalEdges[k] ?? 0;
  const widest = new Float64Array(REACH_LANES);
  const work = new Float64Array(lanes);
  const converged = new Uint8Array(lanes);
  let spent = 0;
  for (let sweep = 0; sweep < limits.maxSweeps; sweep++) {
    sweepLanes(t.sweepStart, t.sweepTarget, t.sweepShare, t.sweepOrder, count, bounds, target, widest);
    // The sweep's edge visits are shared among the targets still open.
    let open = 0;
    for (let lane = 0; lane < lanes; lane++) if (converged[lane] === 0) open++;
    let stillOpen = 0;
    for (let lane = 0; lane < lanes; lane++) {
      if (converged[lane] === 1) continue;
      work[lane] = (work[lane] as number) + sweepCost / open;
      if ((widest[lane] as number) <= limits.tolerance) converged[lane] = 1;
      else stillOpen++;
    }
    spent += sweepCost;
    if (stillOpen === 0 || spent >= limits.workBudget) break;
  }
  const solves: ReachSolve[] = [];
  for (let lane = 0; lane < lanes; lane++) {
    const lo = low[lane];
    const hi = high[lane];
    if (lo === undefined || hi === undefined) throw new RangeError("solveReachTogether: a low and a high array are needed for every target");
    for (let m = first; m < last; m++) {
      const i = components.members[m] ?? 0;
      lo[i] = bounds[width * i + 2 * lane] as number;
      hi[i] = bounds[width * i + 2 * lane + 1] as number;
    }
    solves.push({ low: lo, high: hi, converged: converged[lane] === 1, work: work[lane] as number });
  }
  return solves;
}

/** `orderFromTarget` from several targets at once (breadth first from all of them). */
function orderFromTargets(t: Transitions, targets: readonly number[]): number {
  const { payerStart, payer, sweepOrder, placed } = t;
  let head = 0;
  let tail = 0;
  for (const target of targets) {
    sweepOrder[tail++] = target;
    placed[target] = 1;
  }
  while (head < tail) {
    const j = sweepOrder[head++] as number;
    const end = payerStart[j + 1] as number;
    for (let f = payerStart[j] as number; f < end; f++) {
      const i = payer[f] as number;
      if (placed[i] === 1) continue;
      placed[i] = 1;
      sweepOrder[tail++] = i;
    }
  }
  for (let m = 0; m < tail; m++) placed[sweepOrder[m] as number] = 0;
  return tail;
}

/** Copies the rows of the first `count` parties of the sweep order into sweepStart/Target/Share, in that order. */
function gatherSweepRows(t: Transitions, count: number): void {
  const { insideStart, insideTarget, insideShare, sweepOrder, sweepStart, sweepTarget, sweepShare } = t;
  let at = 0;
  for (let m = 0; m < count; m++) {
    sweepStart[m] = at;
    const i = sweepOrder[m] as number;
    const end = insideStart[i + 1] as number;
    for (let e = insideStart[i] as number; e < end; e++) {
      sweepTarget[at] = insideTarget[e] as number;
      sweepShare[at++] = insideShare[e] as number;
    }
  }
  sweepStart[count] = at;
}

/**
 * One Gauss-Seidel sweep of REACH_LANES brackets (written out, so that V8 keeps the eight sums
 * in registers); a party that is one lane's target keeps 1 and 1 in that lane. Writes each
 * lane's widest bracket into `widest`.
 */
function sweepLanes(sweepStart: Int32Array, sweepTarget: Int32Array, sweepShare: Float64Array, order: Int32Array, count: number, bounds: Float64Array, target: Int32Array, widest: Float64Array): void {
  const t0 = target[0] as number;
  const t1 = target[1] as number;
  const t2 = target[2] as number;
  const t3 = target[3] as number;
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let w3 = 0;
  for (let m = 0; m < count; m++) {
    const i = order[m] as number;
    let l0 = 0;
    let h0 = 0;
    let l1 = 0;
    let h1 = 0;
    let l2 = 0;
    let h2 = 0;
    let l3 = 0;
    let h3 = 0;
    const end = sweepStart[m + 1] as number;
    for (let e = sweepStart[m] as number; e < end; e++) {
      const j = 8 * (sweepTarget[e] as number);
      const g = sweepShare[e] as number;
      l0 += g * (bounds[j] as number);
      h0 += g * (bounds[j + 1] as number);
      l1 += g * (bounds[j + 2] as number);
      h1 += g * (bounds[j + 3] as number);
      l2 += g * (bounds[j + 4] as number);
      h2 += g * (bounds[j + 5] as number);
      l3 += g * (bounds[j + 6] as number);
      h3 += g * (bounds[j + 7] as number);
    }
    const at = 8 * i;
    if (i !== t0) {
      if (h0 < l0) h0 = l0;
      bounds[at] = l0;
      bounds[at + 1] = h0;
      if (h0 - l0 > w0) w0 = h0 - l0;
    }
    if (i !== t1) {
      if (h1 < l1) h1 = l1;
      bounds[at + 2] = l1;
      bounds[at + 3] = h1;
      if (h1 - l1 > w1) w1 = h1 - l1;
    }
    if (i !== t2) {
      if (h2 < l2) h2 = l2;
      bounds[at + 4] = l2;
      bounds[at + 5] = h2;
      if (h2 - l2 > w2) w2 = h2 - l2;
    }
    if (i !== t3) {
      if (h3 < l3) h3 = l3;
      bounds[at + 6] = l3;
      bounds[at + 7] = h3;
      if (h3 - l3 > w3) w3 = h3 - l3;
    }
  }
  widest[0] = w0;
  widest[1] = w1;
  widest[2] = w2;
  widest[3] = w3;
}

/** The probability of returning to `target` after leaving it, bracketed, from a solve for it. */
export function returnBracket(t: Transitions, target: number, solve: ReachSolve): Bracket {
  const { network, components, share } = t;
  const k = components.componentOf[target] ?? 0;
  let low = 0;
  let high = 0;
  for (let e = network.edgeStart[target] ?? 0; e < (network.edgeStart[target + 1] ?? 0); e++) {
    const j = network.edgeTarget[e] ?? 0;
    if (components.componentOf[j] !== k) continue;
    low += (share[e] ?? 0) * (solve.low[j] ?? 0);
    high += (share[e] ?? 0) * (solve.high[j] ?? 0);
  }
  if (t.closed[k] === 1) return { value: 1, low: 1, high: 1 };
  low = Math.min(1, low);
  high = Math.min(1, Math.max(high, low));
  return { value: (low + high) / 2, low, high };
}

export interface ReachShares {
  /** For each party, the share of a unit placed with it that eventually reaches the target. */
  readonly value: Float64Array;
  readonly low: Float64Array;
  readonly high: Float64Array;
  readonly converged: boolean;
}

/**
 * For every party, the share of a dollar placed with it that eventually reaches `target`
 * (1 for the target itself, 0 for parties that cannot reach it). Bracketed as described above.
 */
export function reachShares(network: FlowNetwork, target: number, limits: Partial<SolveLimits> = {}, transitions: Transitions = prepareTransitions(network)): ReachShares {
  const n = network.partyCount;
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  const solve = solveReach(transitions, target, { ...DEFAULT_LIMITS, ...limits }, low, high);
  const { components } = transitions;
  const k = components.componentOf[target] ?? 0;
  const inComponent = new Uint8Array(n);
  for (let m = components.memberStart[k] ?? 0; m < (components.memberStart[k + 1] ?? 0); m++) inComponent[components.members[m] ?? 0] = 1;
  for (let i = 0; i < n; i++) if (inComponent[i] !== 1) high[i] = 0;
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) value[i] = ((low[i] ?? 0) + (high[i] ?? 0)) / 2;
  return { value, low, high, converged: solve.converged };
}

/** Bracket width 1e-12 is far below any share a report shows (0.01 %) and costs only a few more sweeps (convergence is geometric); the sweep cap bounds slow chains. */
export const DEFAULT_LIMITS: SolveLimits = { tolerance: 1e-12, maxSweeps: 100_000, workBudget: 2e8 };
