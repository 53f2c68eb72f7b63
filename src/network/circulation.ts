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
 * That is a minimum-cost flow with unit costs, solved here by the primal-dual method: a
 * Dijkstra pass on reduced costs fixes node potentials, then a Dinic blocking flow pushes as
 * much as possible along zero-reduced-cost arcs; repeat until every surplus is carried. Both
 * costs and capacities are integers (amounts are exact minor units below 2^53, see
 * network.ts), so the result is exact. Only edges inside a strongly connected component can
 * carry a loop, so the others are left out of the flow problem.
 *
 * Greedily cancelling cycles finds a circulation that cannot grow by adding a loop, but not
 * always the largest (circulation.test.ts shows one); the remainder of the maximum has no
 * cycle at all.
 */
import type { Money } from "../money/money.js";
import { stronglyConnectedComponents, componentSize, type Components } from "./components.js";
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
  const circulationByEdge = solveCirculation(network, components);
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
 * c_ij for every edge: F_ij minus the minimum-cost remainder. Arcs of the flow problem live in
 * typed arrays; arc a and its reverse arcRev[a] hold residual capacities that sum to the edge's F.
 */
function solveCirculation(network: FlowNetwork, components: Components): Float64Array {
  const n = network.partyCount;
  const circulation = new Float64Array(network.edgeCount);
  const source = n;
  const sink = n + 1;
  const nodeCount = n + 2;
  const inLoop = (i: number): boolean => componentSize(components, components.componentOf[i] ?? 0) > 1;
  const internal = (i: number, e: number): boolean => components.componentOf[network.edgeTarget[e] ?? 0] === components.componentOf[i] && inLoop(i);

  // Surplus of each party over the edges inside its component.
  const surplus = new Float64Array(n);
  const degree = new Int32Array(nodeCount + 1);
  let arcPairs = 0;
  for (let i = 0; i < n; i++) {
    for (let e = network.edgeStart[i] ?? 0; e < (network.edgeStart[i + 1] ?? 0); e++) {
      if (!internal(i, e)) continue;
      const j = network.edgeTarget[e] ?? 0;
      const a = network.edgeAmount[e] ?? 0;
      surplus[i] = (surplus[i] ?? 0) + a;
      surplus[j] = (surplus[j] ?? 0) - a;
      degree[i] = (degree[i] ?? 0) + 1;
      degree[j] = (degree[j] ?? 0) + 1;
      arcPairs++;
    }
  }
  for (let i = 0; i < n; i++) {
    const b = surplus[i] ?? 0;
    if (b === 0) continue;
    degree[i] = (degree[i] ?? 0) + 1;
    const end = b > 0 ? source : sink;
    degree[end] = (degree[end] ?? 0) + 1;
    arcPairs++;
  }
  if (arcPairs === 0) return circulation;

  // Arcs grouped by tail (CSR).
  const arcStart = new Int32Array(nodeCount + 1);
  for (let v = 0; v < nodeCount; v++) arcStart[v + 1] = (arcStart[v] ?? 0) + (degree[v] ?? 0);
  const fill = arcStart.slice(0, nodeCount);
  const arcCount = 2 * arcPairs;
  const arcTo = new Int32Array(arcCount);
  const arcRev = new Int32Array(arcCount);
  const capacity = new Float64Array(arcCount);
  const cost = new Int8Array(arcCount);
  const arcEdge = new Int32Array(arcCount).fill(-1);
  const addArc = (u: number, v: number, cap: number, unitCost: number, edge: number): void => {
    const a = fill[u] ?? 0;
    fill[u] = a + 1;
    const r = fill[v] ?? 0;
    fill[v] = r + 1;
    arcTo[a] = v;
    arcTo[r] = u;
    arcRev[a] = r;
    arcRev[r] = a;
    capacity[a] = cap;
    cost[a] = unitCost;
    cost[r] = -unitCost;
    arcEdge[a] = edge;
  };
  for (let i = 0; i < n; i++) {
    for (let e = network.edgeStart[i] ?? 0; e < (network.edgeStart[i + 1] ?? 0); e++) {
      if (internal(i, e)) addArc(i, network.edgeTarget[e] ?? 0, network.edgeAmount[e] ?? 0, 1, e);
    }
  }
  for (let i = 0; i < n; i++) {
    const b = surplus[i] ?? 0;
    if (b > 0) addArc(source, i, b, 0, -1);
    else if (b < 0) addArc(i, sink, -b, 0, -1);
  }

  const potential = new Float64Array(nodeCount);
  const distance = new Float64Array(nodeCount);
  const level = new Int32Array(nodeCount);
  const queue = new Int32Array(nodeCount);
  const nextArc = new Int32Array(nodeCount);
  const pathArc = new Int32Array(nodeCount);
  // 1 when an arc's reduced cost is 0 under the current potentials; fixed for a whole phase,
  // and an arc and its reverse always agree, so pushing flow keeps it right.
  const tight = new Uint8Array(arcCount);
  const heap = new MinHeap(arcCount + nodeCount);

  for (;;) {
    // Dijkstra on reduced costs (all >= 0), stopped once the sink is settled.
    distance.fill(Infinity);
    distance[source] = 0;
    heap.clear();
    heap.push(0, source);
    while (heap.size > 0) {
      const d = heap.topKey();
      const u = heap.pop();
      if (d > (distance[u] as number)) continue;
      if (u === sink) break;
      const pu = potential[u] as number;
      const end = arcStart[u + 1] as number;
      for (let a = arcStart[u] as number; a < end; a++) {
        if ((capacity[a] as number) <= 0) continue;
        const v = arcTo[a] as number;
        const nd = d + (cost[a] as number) + pu - (potential[v] as number);
        if (nd < (distance[v] as number)) {
          distance[v] = nd;
          heap.push(nd, v);
        }
      }
    }
    const toSink = distance[sink] as number;
    if (toSink === Infinity) break;
    for (let v = 0; v < nodeCount; v++) potential[v] = (potential[v] as number) + Math.min(distance[v] as number, toSink);
    for (let u = 0; u < nodeCount; u++) {
      const pu = potential[u] as number;
      const end = arcStart[u + 1] as number;
      for (let a = arcStart[u] as number; a < end; a++) tight[a] = (cost[a] as number) + pu - (potential[arcTo[a] as number] as number) === 0 ? 1 : 0;
    }

    // Dinic on the admissible arcs (residual capacity, zero reduced cost).
    for (;;) {
      const sinkLevel = levelAdmissible(arcStart, arcTo, capacity, tight, level, queue, source, sink);
      if (sinkLevel < 0) break;
      augmentAlongLevels(arcStart, arcTo, arcRev, capacity, tight, level, nextArc, pathArc, source, sink);
    }
  }
  for (let a = arcStart[source] ?? 0; a < (arcStart[source + 1] ?? 0); a++) {
    if ((capacity[a] ?? 0) > 0) {
      // The remainder F is always a feasible way to carry the surpluses, so this cannot happen.
      throw new Error("maximumCirculation: a surplus could not be carried (internal error)");
    }
  }
  for (let a = 0; a < arcCount; a++) {
    const e = arcEdge[a] ?? -1;
    if (e >= 0) circulation[e] = capacity[a] ?? 0; // residual F - r is exactly c
  }
  return circulation;
}

/**
 * Breadth-first levels from the source over admissible arcs, stopped at the sink's level.
 * Returns the sink's level, or -1 when the sink cannot be reached. (Hot loops live in small
 * functions of typed arrays, which V8 optimises far better than one large closure; the `as
 * number` reads are in range by construction.)
 */
function levelAdmissible(arcStart: Int32Array, arcTo: Int32Array, capacity: Float64Array, tight: Uint8Array, level: Int32Array, queue: Int32Array, source: number, sink: number): number {
  level.fill(-1);
  level[source] = 0;
  let head = 0;
  let tail = 0;
  queue[tail++] = source;
  let sinkLevel = -1;
  while (head < tail) {
    const u = queue[head++] as number;
    const lu = level[u] as number;
    if (sinkLevel >= 0 && lu >= sinkLevel) break; // nothing beyond the sink's level is on a shortest path
    const end = arcStart[u + 1] as number;
    for (let a = arcStart[u] as number; a < end; a++) {
      if (tight[a] === 0 || (capacity[a] as number) <= 0) continue;
      const v = arcTo[a] as number;
      if ((level[v] as number) >= 0) continue;
      level[v] = lu + 1;
      if (v === sink) sinkLevel = lu + 1;
      queue[tail++] = v;
    }
  }
  return sinkLevel;
}

/**
 * One Dinic round: augmenting paths along increasing levels until none is left (a blocking
 * flow), depth first with an explicit path so that long paths cannot overflow the stack.
 */
function augmentAlongLevels(arcStart: Int32Array, arcTo: Int32Array, arcRev: Int32Array, capacity: Float64Array, tight: Uint8Array, level: Int32Array, nextArc: Int32Array, pathArc: Int32Array, source: number, sink: number): void {
  nextArc.set(arcStart.subarray(0, nextArc.length));
  let depth = 0;
  let u = source;
  for (;;) {
    if (u === sink) {
      let bottleneck = Infinity;
      for (let k = 0; k < depth; k++) bottleneck = Math.min(bottleneck, capacity[pathArc[k] as number] as number);
      let retreatTo = -1;
      for (let k = 0; k < depth; k++) {
        const a = pathArc[k] as number;
        capacity[a] = (capacity[a] as number) - bottleneck;
        const r = arcRev[a] as number;
        capacity[r] = (capacity[r] as number) + bottleneck;
        if (retreatTo < 0 && capacity[a] === 0) retreatTo = k;
      }
      depth = retreatTo;
      u = depth === 0 ? source : (arcTo[pathArc[depth - 1] as number] as number);
      continue;
    }
    const end = arcStart[u + 1] as number;
    const wanted = (level[u] as number) + 1;
    let a = nextArc[u] as number;
    while (a < end && (tight[a] === 0 || (capacity[a] as number) <= 0 || level[arcTo[a] as number] !== wanted)) a++;
    nextArc[u] = a;
    if (a < end) {
      pathArc[depth++] = a;
      u = arcTo[a] as number;
      continue;
    }
    // Dead end: nothing more passes through u in this round.
    if (u === source) return;
    level[u] = -1;
    depth--;
    u = depth === 0 ? source : (arcTo[pathArc[depth - 1] as number] as number);
    nextArc[u] = (nextArc[u] as number) + 1;
  }
}

/**
 * Splits a circulation into loops: walk along edges that still carry circulation until a party
 * repeats, take the loop found out at its smallest amount, and go on. Every step removes at
 * least one edge or extends the walk, so the work is about edges x typical loop length.
 */
function decomposeIntoLoops(network: FlowNetwork, circulationByEdge: Float64Array, maxLoops: number): { loops: Loop[]; loopCount: number } {
  const n = network.partyCount;
  const left = circulationByEdge.slice();
  const nextEdge = network.edgeStart.slice(0, n);
  const position = new Int32Array(n).fill(-1);
  const nodeStack = new Int32Array(n + 1);
  const edgeStack = new Int32Array(n + 1);
  const loopStart: number[] = [0];
  const loopNodes: number[] = [];
  const loopAmount: number[] = [];
  const firstPositiveEdge = (u: number): number => {
    const end = network.edgeStart[u + 1] ?? 0;
    let e = nextEdge[u] ?? end;
    while (e < end && (left[e] ?? 0) <= 0) e++;
    nextEdge[u] = e;
    return e < end ? e : -1;
  };
  for (let start = 0; start < n; start++) {
    if (firstPositiveEdge(start) < 0) continue;
    let top = 0;
    nodeStack[0] = start;
    position[start] = 0;
    while (top >= 0) {
      const u = nodeStack[top] ?? 0;
      const e = firstPositiveEdge(u);
      if (e < 0) {
        position[u] = -1;
        top--;
        continue;
      }
      const v = network.edgeTarget[e] ?? 0;
      edgeStack[top] = e;
      const at = position[v] ?? -1;
      if (at < 0) {
        top++;
        nodeStack[top] = v;
        position[v] = top;
        continue;
      }
      let amount = Infinity;
      for (let k = at; k <= top; k++) amount = Math.min(amount, left[edgeStack[k] ?? 0] ?? 0);
      for (let k = at; k <= top; k++) {
        const edge = edgeStack[k] ?? 0;
        left[edge] = (left[edge] ?? 0) - amount;
        loopNodes.push(nodeStack[k] ?? 0);
      }
      loopStart.push(loopNodes.length);
      loopAmount.push(amount);
      for (let k = at + 1; k <= top; k++) position[nodeStack[k] ?? 0] = -1;
      top = at;
    }
  }
  const loopCount = loopAmount.length;
  const order = Array.from({ length: loopCount }, (_, k) => k);
  const size = (k: number): number => (loopStart[k + 1] ?? 0) - (loopStart[k] ?? 0);
  order.sort((x, y) => (loopAmount[y] ?? 0) - (loopAmount[x] ?? 0) || size(x) - size(y) || x - y);
  const loops = order.slice(0, maxLoops).map((k): Loop => {
    const parties = loopNodes.slice(loopStart[k] ?? 0, loopStart[k + 1] ?? 0).map((p) => network.parties[p] ?? "");
    const amount = loopAmount[k] ?? 0;
    return { parties, amount: toMoney(amount), flowCarried: toMoney(amount * parties.length) };
  });
  return { loops, loopCount };
}

/** A binary min-heap of (key, node) pairs, with stale entries skipped by the caller. */
class MinHeap {
  private keys: Float64Array;
  private nodes: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(capacity, 16));
    this.nodes = new Int32Array(Math.max(capacity, 16));
  }

  clear(): void {
    this.size = 0;
  }

  topKey(): number {
    return this.keys[0] ?? Infinity;
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.nodes);
      this.nodes = nodes;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = this.keys[parent] ?? 0;
      if (pk <= key) break;
      this.keys[i] = pk;
      this.nodes[i] = this.nodes[parent] ?? 0;
      i = parent;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }

  pop(): number {
    const top = this.nodes[0] ?? 0;
    const last = --this.size;
    const key = this.keys[last] ?? 0;
    const node = this.nodes[last] ?? 0;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && (this.keys[child + 1] ?? 0) < (this.keys[child] ?? 0)) child++;
      if ((this.keys[child] ?? 0) >= key) break;
      this.keys[i] = this.keys[child] ?? 0;
      this.nodes[i] = this.nodes[child] ?? 0;
      i = child;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
    return top;
  }
}
