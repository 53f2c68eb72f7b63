/**
 * Strongly connected components by Tarjan's algorithm, written with an explicit stack so that a
 * path of 100,000 parties does not overflow the call stack. O(parties + edges).
 */

/** A directed graph in compressed sparse rows: edges of node i are `edgeStart[i] .. edgeStart[i + 1] - 1`. */
export interface SparseGraph {
  readonly edgeStart: Int32Array;
  readonly edgeTarget: Int32Array;
}

export interface Components {
  readonly count: number;
  /** The component of each node. Components are numbered sinks first (reverse topological order). */
  readonly componentOf: Int32Array;
  /** Nodes of component k are `members[memberStart[k] .. memberStart[k + 1] - 1]`. */
  readonly memberStart: Int32Array;
  readonly members: Int32Array;
}

/**
 * The strongly connected components of `graph`. When `edgeWeight` is given, only edges with a
 * positive weight count (to test a remainder network for cycles, say).
 */
export function stronglyConnectedComponents(graph: SparseGraph, edgeWeight?: Float64Array): Components {
  const n = graph.edgeStart.length - 1;
  const order = new Int32Array(n).fill(-1); // discovery order, -1 = not visited
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let stackTop = 0;
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n); // next edge to look at for the node in that frame
  const componentOf = new Int32Array(n).fill(-1);
  const members = new Int32Array(n);
  const memberStarts: number[] = [0];
  let memberCount = 0;
  let counter = 0;
  let count = 0;

  for (let root = 0; root < n; root++) {
    if ((order[root] ?? 0) >= 0) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = graph.edgeStart[root] ?? 0;
    order[root] = low[root] = counter++;
    stack[stackTop++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callNode[depth] ?? 0;
      const end = graph.edgeStart[v + 1] ?? 0;
      let e = callEdge[depth] ?? 0;
      let descended = false;
      while (e < end) {
        const w = graph.edgeTarget[e] ?? 0;
        const counts = edgeWeight === undefined || (edgeWeight[e] ?? 0) > 0;
        e++;
        if (!counts) continue;
        if ((order[w] ?? 0) < 0) {
          callEdge[depth] = e;
          depth++;
          callNode[depth] = w;
          callEdge[depth] = graph.edgeStart[w] ?? 0;
          order[w] = low[w] = counter++;
          stack[stackTop++] = w;
          onStack[w] = 1;
          descended = true;
          break;
        } else if (onStack[w] === 1) {
          low[v] = Math.min(low[v] ?? 0, order[w] ?? 0);
        }
      }
      if (descended) continue;
      // v is finished: it roots a component when nothing below it reached higher.
      if (low[v] === order[v]) {
        let w: number;
        do {
          w = stack[--stackTop] ?? 0;
          onStack[w] = 0;
          componentOf[w] = count;
          members[memberCount++] = w;
        } while (w !== v);
        memberStarts.push(memberCount);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth] ?? 0;
        low[parent] = Math.min(low[parent] ?? 0, low[v] ?? 0);
      }
    }
  }
  return { count, componentOf, memberStart: Int32Array.from(memberStarts), members };
}

/** The size of component k. */
export const componentSize = (components: Components, k: number): number =>
  (components.memberStart[k + 1] ?? 0) - (components.memberStart[k] ?? 0);
