/**
 * Maximum circulation: the largest amount of the network's flow that can run in closed loops.
 *
 * A circulation c has 0 <= c_ij <= F_ij and, at every party, as much in as out. Maximising
 * sum(c) is the same as minimising the remainder r = F - c, which must leave each party with
 * the same surplus b_i = out_i - in_i as F. So the maximum circulation is
 *
 *     sum(F) - (cheapest way to carry every surplus b_i to the deficits along the edges,
 *               each unit paying 1 per edge it uses, at most F_ij on edge ij).
 *
 * Solved here directly as a minimum-cost circulation (cost -1 per unit on every edge) by cost
 * scaling, see `solveCirculation`; both costs and capacities are integers (amounts are exact
 * minor units below 2^53, see network.ts), so the result is exact. Only edges inside a strongly
 * connected component can carry a loop, so the others are left out of the flow problem.
 *
 * Greedily cancelling cycles finds a circulation that cannot grow by adding a loop, but not
 * always the largest (circulation.test.ts shows one); the remainder of the maximum has no
 * cycle at all.
 */
import type { Money } from "../money/money.js";
import { stronglyConnectedComponents, type Components } from "./components.js";
import { decomposeIntoLoops } from "./loop-decomposition.js";
import { networkFromEdges, toMoney, type FlowNetwork } from "./network.js";

export interface Loop {
  /** The parties around the loop, in the order money moves; the last pays the first. */
  readonly parties: readonly string[];
  /** The amount that goes round the loop (on each of its edges). */
  readonly amount: Money;
  /** amount x number of edges: its part of the maximum circulation. */
  readonly flowCarried: Money;
}

export interface MaximumCirculation {
  /** sum of c_ij. */
  readonly circulation: Money;
  readonly totalFlow: Money;
  /** circulation / totalFlow, 0 for a network without flows. */
  readonly share: number;
  /** c_ij for each edge of the network (same order as `edgeTarget`), exact minor units. */
  readonly circulationByEdge: Float64Array;
  /** The largest loops of one decomposition of c into loops, largest amount first (at most `maxLoops`). */
  readonly loops: readonly Loop[];
  /** How many loops the whole decomposition has. */
  readonly loopCount: number;
}

export interface CirculationOptions {
  /** How many loops to list; default 20. */
  readonly maxLoops?: number;
  /** The components of the network, when already computed. */
  readonly components?: Components;
}

/** The maximum circulation of `network`, with the loops that carry it. */
export function maximumCirculation(network: FlowNetwork, options: CirculationOptions = {}): MaximumCirculation {
  const components = options.components ?? stronglyConnectedComponents(network);
  const { circulationByEdge } = solveCirculation(network, components);
  let total = 0;
  for (let e = 0; e < network.edgeCount; e++) total += circulationByEdge[e] ?? 0;
  const decomposition = decomposeIntoLoops(network, circulationByEdge, options.maxLoops ?? 20);
  return {
    circulation: toMoney(total),
    totalFlow: toMoney(network.totalFlow),
    share: network.totalFlow > 0 ? total / network.totalFlow : 0,
    circulationByEdge,
    loops: decomposition.loops,
    loopCount: decomposition.loopCount,
  };
}

/** The network F - c: what remains when the circulation is taken out. It has no cycle. */
export function remainderNetwork(network: FlowNetwork, circulationByEdge: Float64Array): FlowNetwork {
  const n = network.partyCount;
  const edgeStart = new Int32Array(n + 1);
  const targets: number[] = [];
  const amounts: number[] = [];
  for (let i = 0; i < n; i++) {
    edgeStart[i] = targets.length;
    for (let e = network.edgeStart[i] ?? 0; e < (network.edgeStart[i + 1] ?? 0); e++) {
      const left = (network.edgeAmount[e] ?? 0) - (circulationByEdge[e] ?? 0);
      if (left > 0) {
        targets.push(network.edgeTarget[e] ?? 0);
        amounts.push(left);
      }
    }
  }
  edgeStart[n] = targets.length;
  return networkFromEdges(network.parties, edgeStart, Int32Array.from(targets), Float64Array.from(amounts), network.externalInflow, network.externalOutflow, network.selfFlowAmount);
}

/**
 * c_ij for every edge, by cost scaling (Goldberg and Tarjan) on the minimum-cost circulation
 * problem: each edge inside a component is an arc of capacity F_ij and cost -1 per unit, so the
 * cheapest circulation is the largest. Costs are multiplied by SCALE = parties + 1; a circulation
 * whose reduced costs are all >= -1 in those units is then optimal (a cycle has at most `parties`
 * arcs, so it would cost more than -1 in the original units, and costs are whole numbers).
 *
 * The scaling stops as soon as the circulation is proven optimal (`CostScaling.provesOptimal`),
 * usually after the first refine; `refines` says how many ran (for tests).
 *
 * Arcs live in typed arrays grouped by tail; arc a and its reverse arcRev[a] hold residual
 * capacities that sum to the edge's F, so the flow on an edge is its reverse arc's residual.
 */
export function solveCirculation(network: FlowNetwork, components: Components): { circulationByEdge: Float64Array; refines: number } {
  const n = network.partyCount;
  const circulation = new Float64Array(network.edgeCount);
  const componentOf = components.componentOf;
  // An edge is inside a component when both ends are in the same one (F has no self-edges, so
  // that component has two parties or more and the edge can be on a loop).
  const degree = new Int32Array(n + 1);
  let arcPairs = 0;
  for (let i = 0; i < n; i++) {
    for (let e = network.edgeStart[i] as number; e < (network.edgeStart[i + 1] as number); e++) {
      const j = network.edgeTarget[e] as number;
      if (componentOf[j] !== componentOf[i]) continue;
      degree[i] = (degree[i] as number) + 1;
      degree[j] = (degree[j] as number) + 1;
      arcPairs++;
    }
  }
  if (arcPairs === 0) return { circulationByEdge: circulation, refines: 0 };
  const arcStart = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) arcStart[v + 1] = (arcStart[v] as number) + (degree[v] as number);
  const fill = arcStart.slice(0, n);
  const arcCount = 2 * arcPairs;
  const arcTo = new Int32Array(arcCount);
  const arcRev = new Int32Array(arcCount);
  // Each arc's head and cost in one int32, 2 x head + 1 on an edge's own arc (cost -1: each unit on
  // it is one more unit of circulation) and 2 x head on its reverse (cost +1): the hot loops read
  // one array where they read two. arcTo and cost say the same for the optimality check.
  const arcHead = new Int32Array(arcCount);
  const residual = new Float64Array(arcCount);
  // The reverse arc's residual beside arc a (kept equal to residual[arcRev[a]] by every push), so
  // that a price update reads one array, not the reverse arc somewhere else in memory.
  const reverseResidual = new Float64Array(arcCount);
  const cost = new Int8Array(arcCount);
  const forwardArc = new Int32Array(network.edgeCount).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let e = network.edgeStart[i] as number; e < (network.edgeStart[i + 1] as number); e++) {
      const j = network.edgeTarget[e] as number;
      if (componentOf[j] !== componentOf[i]) continue;
      const a = fill[i] as number;
      fill[i] = a + 1;
      const r = fill[j] as number;
      fill[j] = r + 1;
      arcTo[a] = j;
      arcTo[r] = i;
      arcHead[a] = 2 * j + 1;
      arcHead[r] = 2 * i;
      arcRev[a] = r;
      arcRev[r] = a;
      residual[a] = reverseResidual[r] = network.edgeAmount[e] as number;
      cost[a] = -1;
      cost[r] = 1;
      forwardArc[e] = a;
    }
  }
  const solver = new CostScaling(n, arcStart, arcTo, arcHead, arcRev, residual, reverseResidual, cost);
  const refines = solver.solve();
  for (let e = 0; e < network.edgeCount; e++) {
    const a = forwardArc[e] as number;
    if (a >= 0) circulation[e] = residual[arcRev[a] as number] as number;
  }
  return { circulationByEdge: circulation, refines };
}

/**
 * Cost-scaling push-relabel for a minimum-cost circulation with costs -1, 0 or +1 per arc.
 * Prices p make the reduced cost of arc (u, v) cost x SCALE + p(u) - p(v); a flow is
 * eps-optimal when every arc with residual capacity has reduced cost >= -eps. The zero flow is
 * SCALE-optimal; after a coarse refine at SCALE / COARSE_ALPHA (on networks large enough), a
 * refine at SCALE / FIRST_ALPHA is checked, and each later one at eps / ALPHA, until
 * the circulation is proven optimal (`provesOptimal`) or eps = 1.
 * Amounts move whole (min of excess and residual), so they stay exact integers; prices stay
 * below about 3 x parties x SCALE, far inside float64's exact range.
 */
class CostScaling {
  private readonly scale: number;
  private readonly price: Float64Array;
  private readonly excess: Float64Array;
  private readonly currentArc: Int32Array;
  private readonly queue: Int32Array;
  /** [relabels since the last price update]. */
  private readonly counters: Float64Array;
  private readonly distance: Int32Array;
  /** Scratch flags (queued parties of the optimality check). */
  private readonly flags: Uint8Array;
  private readonly bucketHead: Int32Array;
  private readonly entryNode: Int32Array;
  private readonly entryNext: Int32Array;

  constructor(
    private readonly n: number,
    private readonly arcStart: Int32Array,
    private readonly arcTo: Int32Array,
    private readonly arcHead: Int32Array,
    private readonly arcRev: Int32Array,
    private readonly residual: Float64Array,
    private readonly reverseResidual: Float64Array,
    private readonly cost: Int8Array,
  ) {
    this.scale = n + 1;
    this.price = new Float64Array(n);
    this.excess = new Float64Array(n);
    this.currentArc = new Int32Array(n);
    this.queue = new Int32Array(n);
    this.counters = new Float64Array(1);
    this.distance = new Int32Array(n);
    this.flags = new Uint8Array(n);
    this.bucketHead = new Int32Array(n + 1);
    this.entryNode = new Int32Array(arcTo.length + n);
    this.entryNext = new Int32Array(arcTo.length + n);
  }

  /** Refines until the circulation is proven optimal (at eps = 1 at the latest); returns the refines done. */
  solve(): number {
    let eps = Math.max(1, Math.ceil(this.scale / FIRST_ALPHA));
    let refines = 0;
    if (eps > 1) {
      // A coarse refine first sets the prices roughly (small networks go straight to eps = 1).
      this.refine(Math.ceil(this.scale / COARSE_ALPHA));
      refines++;
    }
    for (; ; eps = Math.max(1, Math.ceil(eps / ALPHA))) {
      this.refine(eps);
      refines++;
      if (eps === 1 || this.provesOptimal()) return refines;
    }
  }

  /**
   * Whether the current circulation is already optimal, which it usually is long before
   * eps = 1: eps-optimality rules out negative cycles of fewer than SCALE / eps arcs, and on a
   * network like the bench's the cheapest circulation has no longer ones left. Checked from the
   * prices in original units, which are nearly the potentials that prove it.
   */
  private provesOptimal(): boolean {
    const { n, arcStart, arcTo, residual, cost, price, scale, queue, flags } = this;
    const label = this.excess; // all 0 between refines, and refilled by the next one
    for (let v = 0; v < n; v++) label[v] = Math.floor((price[v] as number) / scale);
    const proven = provesNoNegativeCycle({ arcStart, arcTo, residual, cost }, label, CHECK_WORK, queue, flags);
    label.fill(0);
    return proven;
  }

  /** Turns an (ALPHA x eps)-optimal circulation into an eps-optimal one. */
  private refine(eps: number): void {
    const { n, arcStart, arcHead, arcRev, residual, reverseResidual, price, excess, scale } = this;
    // Saturate every arc whose reduced cost is below -eps: the flow becomes eps-optimal but
    // unbalanced. (Goldberg and Tarjan saturate every arc of negative reduced cost, making it
    // 0-optimal; eps-optimal is all that pushes and relabels need, and leaving the arcs between
    // -eps and 0 alone creates less excess to move: 5-8 % faster on the bench networks.)
    for (let u = 0; u < n; u++) {
      const pu = price[u] as number;
      const end = arcStart[u + 1] as number;
      for (let a = arcStart[u] as number; a < end; a++) {
        const r = residual[a] as number;
        if (r <= 0) continue;
        const x = arcHead[a] as number;
        const v = x >> 1;
        if (scale - 2 * scale * (x & 1) + pu - (price[v] as number) >= -eps) continue;
        residual[a] = 0;
        reverseResidual[a] = (reverseResidual[a] as number) + r;
        const b = arcRev[a] as number;
        residual[b] = (residual[b] as number) + r;
        reverseResidual[b] = 0;
        excess[u] = (excess[u] as number) - r;
        excess[v] = (excess[v] as number) + r;
      }
    }
    const queue = this.queue;
    let head = 0;
    let size = 0;
    for (let u = 0; u < n; u++) if ((excess[u] as number) > 0) queue[(head + size++) % n] = u;
    const counters = this.counters;
    counters[0] = 0;
    this.updatePrices(eps);
    while (size > 0) {
      if ((counters[0]) > n * UPDATE_AFTER) {
        counters[0] = 0;
        this.updatePrices(eps);
      }
      const u = queue[head] as number;
      head = head + 1 === n ? 0 : head + 1;
      size--;
      size = discharge(u, eps, scale, arcStart, arcHead, arcRev, residual, reverseResidual, price, excess, this.currentArc, queue, head, size, n, counters);
    }
  }

  /**
   * Global price update: lowers each party's price by eps x its distance to the nearest party
   * short of money, measuring a residual arc as floor(reduced cost / eps) + 1 >= 0. That keeps
   * the flow eps-optimal and points every excess the shortest way to a deficit, which saves
   * most relabels (Goldberg 1997). Dial's buckets; stops once every party with excess is reached.
   */
  private updatePrices(eps: number): void {
    const { n, arcStart, arcHead, reverseResidual, price, excess, scale, distance, bucketHead, entryNode, entryNext } = this;
    const unsettled = 0x7fffffff;
    distance.fill(unsettled);
    bucketHead.fill(-1);
    let entries = 0;
    let active = 0;
    for (let v = 0; v < n; v++) {
      const x = excess[v] as number;
      if (x > 0) active++;
      else if (x < 0) {
        distance[v] = 0;
        entryNode[entries] = v;
        entryNext[entries] = bucketHead[0] as number;
        bucketHead[0] = entries++;
      }
    }
    const limit = n;
    let level = 0;
    for (; level <= limit && active > 0; level++) {
      while ((bucketHead[level] as number) >= 0 && active > 0) {
        const entry = bucketHead[level] as number;
        bucketHead[level] = entryNext[entry] as number;
        const w = entryNode[entry] as number;
        // An entry is stale when w was reached more cheaply since; each (w, distance) is entered once.
        if (distance[w] !== level) continue;
        if ((excess[w] as number) > 0) active--;
        const pw = price[w] as number;
        const end = arcStart[w + 1] as number;
        for (let a = arcStart[w] as number; a < end; a++) {
          // The reverse arc v -> w, of cost minus this arc's, needs room. (A settled v needs no
          // test: its distance is at most `level`, below any d found here.)
          if ((reverseResidual[a] as number) <= 0) continue;
          const x = arcHead[a] as number;
          const v = x >> 1;
          const steps = (2 * scale * (x & 1) - scale + (price[v] as number) - pw) / eps;
          if (steps >= limit) continue;
          // An int32, so that it indexes the buckets at full speed.
          const d = (level + Math.floor(steps) + 1) | 0;
          if (d < (distance[v] as number) && d <= limit) {
            distance[v] = d;
            entryNode[entries] = v;
            entryNext[entries] = bucketHead[d] as number;
            bucketHead[d] = entries++;
          }
        }
      }
      if (active === 0) break;
    }
    for (let v = 0; v < n; v++) {
      // Parties not reached by the time every excess was are at least `level` away.
      const d = (distance[v] as number) < level ? (distance[v] as number) : level;
      price[v] = (price[v] as number) - eps * d;
      this.currentArc[v] = arcStart[v] as number;
    }
  }
}

/** A residual network: arcs grouped by tail, with their residual capacities and unit costs. */
export interface ResidualArcs {
  readonly arcStart: Int32Array;
  readonly arcTo: Int32Array;
  readonly residual: Float64Array;
  readonly cost: Int8Array;
}

/**
 * Whether the arcs with residual capacity have no cycle of negative cost, proven by potentials:
 * integer labels d with cost + d(u) - d(v) >= 0 on every such arc (any cycle then costs >= 0).
 * Starting from `label` (a guess, overwritten with the potentials), a label-correcting pass
 * (queue-based Bellman-Ford) lowers labels until no arc is violated, or gives up after
 * `workPasses` passes' worth of arc visits; giving up proves nothing and answers false, and so
 * does a negative cycle (its labels would fall forever). A last pass over every arc confirms the
 * potentials, so `true` is a proof whatever the queue did. `queue` and `queued` are scratch of
 * one entry per party.
 */
export function provesNoNegativeCycle(arcs: ResidualArcs, label: Float64Array, workPasses: number, queue: Int32Array = new Int32Array(label.length), queued: Uint8Array = new Uint8Array(label.length)): boolean {
  const { arcStart, arcTo, residual, cost } = arcs;
  const n = label.length;
  queued.fill(1, 0, n);
  for (let v = 0; v < n; v++) queue[v] = v;
  let head = 0;
  let size = n;
  let budget = workPasses * arcTo.length;
  while (size > 0) {
    const u = queue[head] as number;
    head = head + 1 === n ? 0 : head + 1;
    size--;
    queued[u] = 0;
    const du = label[u] as number;
    const start = arcStart[u] as number;
    const end = arcStart[u + 1] as number;
    budget -= end - start;
    if (budget < 0) return false;
    for (let a = start; a < end; a++) {
      if ((residual[a] as number) <= 0) continue;
      const v = arcTo[a] as number;
      const d = du + (cost[a] as number);
      if (d < (label[v] as number)) {
        label[v] = d;
        if (queued[v] === 0) {
          queued[v] = 1;
          queue[(head + size) % n] = v;
          size++;
        }
      }
    }
  }
  for (let u = 0; u < n; u++) {
    const du = label[u] as number;
    const end = arcStart[u + 1] as number;
    for (let a = arcStart[u] as number; a < end; a++) {
      if ((residual[a] as number) > 0 && du + (cost[a] as number) < (label[arcTo[a] as number] as number)) return false;
    }
  }
  return true;
}

/** Whether v has an arc with residual capacity and negative reduced cost; moves v's current arc to it. */
function hasAdmissibleArc(v: number, scale: number, arcStart: Int32Array, arcHead: Int32Array, residual: Float64Array, price: Float64Array, currentArc: Int32Array): boolean {
  const pv = price[v] as number;
  const end = arcStart[v + 1] as number;
  let a = currentArc[v] as number;
  for (; a < end; a++) {
    if ((residual[a] as number) <= 0) continue;
    const x = arcHead[a] as number;
    if (scale - 2 * scale * (x & 1) + pv - (price[x >> 1] as number) < 0) break;
  }
  currentArc[v] = a;
  return a < end;
}

/** Lowers v's price until its cheapest residual arc has reduced cost -eps (v has no admissible arc). */
function relabel(v: number, eps: number, scale: number, arcStart: Int32Array, arcHead: Int32Array, residual: Float64Array, price: Float64Array, currentArc: Int32Array): void {
  const start = arcStart[v] as number;
  const end = arcStart[v + 1] as number;
  let best = -Infinity;
  let bestArc = start;
  for (let b = start; b < end; b++) {
    if ((residual[b] as number) <= 0) continue;
    const x = arcHead[b] as number;
    const candidate = (price[x >> 1] as number) - scale + 2 * scale * (x & 1);
    if (candidate > best) {
      best = candidate;
      bestArc = b;
    }
  }
  // A party whose arcs are all saturated has nowhere to send money; it is never asked to.
  if (best === -Infinity) return;
  price[v] = best - eps;
  currentArc[v] = bestArc;
}

/**
 * eps of the first checked refine (SCALE / FIRST_ALPHA) and its reduction after each later one.
 * 8 to 16 is usual for cost scaling; starting lower pays here because the circulation is usually
 * proven optimal after the refine at SCALE / 64 (bench/network.ts: one refine of about 5 s,
 * against two of 3 to 4 s at SCALE / 16 and SCALE / 256).
 */
const FIRST_ALPHA = 64;
const ALPHA = 16;

/**
 * When SCALE / FIRST_ALPHA > 1, a coarse refine at SCALE / COARSE_ALPHA comes first, unchecked
 * (after it the check rarely succeeds, and failing costs its whole work limit, 0.4 s on the
 * bench). It sets most prices to within a few eps, so the refine at SCALE / 64 saturates and
 * relabels far less: on the random bench network 1.5-1.7 s + 2.0 s against 5.0 s from the zero
 * prices. Three refines (SCALE / 8, / 32, / 128) cost more.
 */
const COARSE_ALPHA = 4;

/**
 * A global price update after this many relabels per party; an update costs about one pass over
 * the arcs. Once per party measured a little faster than every half party (0.25 and 2 slower).
 */
const UPDATE_AFTER = 1;

/** Arc visits the optimality check may spend, in passes over all arcs (it took under one on the bench). */
const CHECK_WORK = 20;

/**
 * Pushes u's excess along admissible arcs (residual capacity, negative reduced cost), lowering
 * u's price when none is left, until u is balanced. A party that turns from balanced or short
 * to over is queued. Returns the queue's new size. (A free function of typed arrays: V8
 * optimises these hot loops far better than methods reading fields.)
 */
function discharge(
  u: number,
  eps: number,
  scale: number,
  arcStart: Int32Array,
  arcHead: Int32Array,
  arcRev: Int32Array,
  residual: Float64Array,
  reverseResidual: Float64Array,
  price: Float64Array,
  excess: Float64Array,
  currentArc: Int32Array,
  queue: Int32Array,
  head: number,
  size: number,
  n: number,
  counters: Float64Array,
): number {
  let left = excess[u] as number;
  let pu = price[u] as number;
  const end = arcStart[u + 1] as number;
  let a = currentArc[u] as number;
  while (left > 0) {
    if (a === end) {
      relabel(u, eps, scale, arcStart, arcHead, residual, price, currentArc);
      counters[0] = (counters[0] as number) + 1;
      pu = price[u] as number;
      a = currentArc[u] as number;
      continue;
    }
    const r = residual[a] as number;
    if (r > 0) {
      const x = arcHead[a] as number;
      const v = x >> 1;
      const scaledCost = scale - 2 * scale * (x & 1);
      if (scaledCost + pu - (price[v] as number) < 0) {
        // Look ahead: a party with no use for more money (not short, no admissible arc) is
        // relabelled first, which may make this arc inadmissible and spare a push back.
        if ((excess[v] as number) >= 0 && !hasAdmissibleArc(v, scale, arcStart, arcHead, residual, price, currentArc)) {
          relabel(v, eps, scale, arcStart, arcHead, residual, price, currentArc);
          counters[0] = (counters[0] as number) + 1;
          if (scaledCost + pu - (price[v] as number) >= 0) {
            a++;
            continue;
          }
        }
        const delta = r < left ? r : left;
        residual[a] = r - delta;
        reverseResidual[a] = (reverseResidual[a] as number) + delta;
        const b = arcRev[a] as number;
        residual[b] = (residual[b] as number) + delta;
        reverseResidual[b] = (reverseResidual[b] as number) - delta;
        left -= delta;
        const before = excess[v] as number;
        excess[v] = before + delta;
        if (before <= 0 && before + delta > 0) {
          queue[(head + size) % n] = v;
          size++;
        }
        if (left === 0) break;
      }
    }
    a++;
  }
  excess[u] = 0;
  price[u] = pu;
  currentArc[u] = a;
  return size;
}
