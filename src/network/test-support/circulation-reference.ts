/**
 * The maximum circulation solver dealgraph used before the cost-scaling one in circulation.ts,
 * kept for tests only: the primal-dual minimum-cost flow (Dijkstra on reduced costs for node
 * potentials, then Dinic blocking flows on zero-reduced-cost arcs) that carries every party's
 * surplus to the deficits at cost 1 per unit per edge. The circulation is F minus that flow.
 * A different method reaching the same optimum is the check that both are right.
 */
import { componentSize, type Components } from "../components.js";
import type { FlowNetwork } from "../network.js";

/**
 * c_ij for every edge: F_ij minus the minimum-cost remainder. Arcs of the flow problem live in
 * typed arrays; arc a and its reverse arcRev[a] hold residual capacities that sum to the edge's F.
 */
export function referenceCirculationByEdge(network: FlowNetwork, components: Components): Float64Array {
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
