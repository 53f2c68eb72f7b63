import { describe, expect, it } from "vitest";
import { stronglyConnectedComponents, type SparseGraph } from "./components.js";

/** A graph from adjacency lists: `graph([[1], [0, 2], []])` is 0 -> 1, 1 -> 0, 1 -> 2. */
function graph(adjacency: number[][]): SparseGraph {
  const edgeStart = new Int32Array(adjacency.length + 1);
  adjacency.forEach((targets, i) => (edgeStart[i + 1] = (edgeStart[i] ?? 0) + targets.length));
  return { edgeStart, edgeTarget: Int32Array.from(adjacency.flat()) };
}

/** Components as sorted lists of nodes, sorted by first node, for comparison. */
function groups(g: SparseGraph, weights?: Float64Array): number[][] {
  const c = stronglyConnectedComponents(g, weights);
  const out: number[][] = [];
  for (let k = 0; k < c.count; k++) out.push([...c.members.subarray(c.memberStart[k] ?? 0, c.memberStart[k + 1] ?? 0)].sort((a, b) => a - b));
  return out.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

describe("strongly connected components", () => {
  it("finds a loop and leaves the parties hanging off it alone", () => {
    // 0 -> 1 -> 2 -> 0 is a loop; 2 -> 3 leaves it; 4 pays into it.
    expect(groups(graph([[1], [2], [0, 3], [], [0]]))).toEqual([[0, 1, 2], [3], [4]]);
  });

  it("numbers components sinks first", () => {
    // 0 -> 1 -> 2: the sink 2 is found first.
    const c = stronglyConnectedComponents(graph([[1], [2], []]));
    expect([...c.componentOf]).toEqual([2, 1, 0]);
  });

  it("ignores edges of zero weight when weights are given", () => {
    // 0 <-> 1, but the edge back 1 -> 0 has weight 0.
    expect(groups(graph([[1], [0]]), Float64Array.from([5, 0]))).toEqual([[0], [1]]);
  });

  it("walks a path of 200,000 parties without overflowing the call stack", () => {
    const n = 200_000;
    const adjacency = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : [0]));
    const c = stronglyConnectedComponents(graph(adjacency));
    expect(c.count).toBe(1);
  });
});
