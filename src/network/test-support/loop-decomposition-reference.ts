/**
 * The loop decomposition dealgraph used before loop-decomposition.ts (kept for tests only): the
 * same walk, reading each carrying edge's amount and payee from its row at every step. The new
 * one must list the same loops and count as many.
 */
import type { Loop } from "../circulation.js";
import { toMoney, type FlowNetwork } from "../network.js";

/**
 * Splits a circulation into loops: walk along edges that still carry circulation until a party
 * repeats, take the loop found out at its smallest amount, and go on from where it started.
 * Every step removes at least one edge or extends the walk, so the work is about edges x typical
 * loop length (on the bench's random network the loops average some 350 parties: a walk on
 * 88,000 parties takes that long to meet itself, 75 million steps for 215,000 loops). Only the
 * carrying edges are copied into compact rows, so the walk reads nothing else, and taking a loop
 * out clears its parties from the walk in the same pass. Only the `maxLoops` largest loops are
 * kept (largest amount, then fewest parties, then first found), so memory stays
 * O(parties + edges) however many loops there are.
 */
export function referenceDecomposeIntoLoops(network: FlowNetwork, circulationByEdge: Float64Array, maxLoops: number): { loops: Loop[]; loopCount: number } {
  const n = network.partyCount;
  const { edgeStart, edgeTarget } = network;
  const rowStart = new Int32Array(n + 1);
  let carrying = 0;
  for (let u = 0; u < n; u++) {
    rowStart[u] = carrying;
    const end = edgeStart[u + 1] as number;
    for (let e = edgeStart[u] as number; e < end; e++) if ((circulationByEdge[e] as number) > 0) carrying++;
  }
  rowStart[n] = carrying;
  // Each carrying edge as (amount left, payee) side by side: a step reads one cache line.
  const left = new Float64Array(2 * carrying);
  for (let u = 0, k = 0; u < n; u++) {
    const end = edgeStart[u + 1] as number;
    for (let e = edgeStart[u] as number; e < end; e++) {
      const c = circulationByEdge[e] as number;
      if (c <= 0) continue;
      left[k++] = c;
      left[k++] = edgeTarget[e] as number;
    }
  }
  // Each party's cursor into its row and the row's end, side by side.
  const cursor = new Int32Array(2 * n);
  for (let u = 0; u < n; u++) {
    cursor[2 * u] = 2 * (rowStart[u] as number);
    cursor[2 * u + 1] = 2 * (rowStart[u + 1] as number);
  }
  const position = new Int32Array(n).fill(-1);
  const nodeStack = new Int32Array(n + 1);
  const edgeStack = new Int32Array(n + 1);
  const kept: { amount: number; size: number; index: number; nodes: Int32Array }[] = [];
  // The kept loop that the next one must beat, once `maxLoops` are kept.
  let worst = -1;
  const worse = (x: { amount: number; size: number; index: number }, y: { amount: number; size: number; index: number }): boolean =>
    x.amount < y.amount || (x.amount === y.amount && (x.size > y.size || (x.size === y.size && x.index > y.index)));
  let loopCount = 0;
  for (let start = 0; start < n; start++) {
    if (firstCarryingEdge(start, cursor, left) < 0) continue;
    let top = 0;
    nodeStack[0] = start;
    position[start] = 0;
    while (top >= 0) {
      const u = nodeStack[top] as number;
      const e = firstCarryingEdge(u, cursor, left);
      if (e < 0) {
        position[u] = -1;
        top--;
        continue;
      }
      const v = left[e + 1] as number;
      edgeStack[top] = e;
      const at = position[v] as number;
      if (at < 0) {
        top++;
        nodeStack[top] = v;
        position[v] = top;
        continue;
      }
      const amount = takeOutLoop(left, edgeStack, nodeStack, position, at, top);
      const size = top - at + 1;
      const index = loopCount++;
      if (maxLoops > 0 && (kept.length < maxLoops || worse(kept[worst] as (typeof kept)[number], { amount, size, index }))) {
        const entry = { amount, size, index, nodes: nodeStack.slice(at, top + 1) };
        if (kept.length < maxLoops) kept.push(entry);
        else kept[worst] = entry;
        if (kept.length === maxLoops) {
          worst = 0;
          for (let k = 1; k < kept.length; k++) if (worse(kept[k] as typeof entry, kept[worst] as typeof entry)) worst = k;
        }
      }
      top = at;
    }
  }
  kept.sort((x, y) => (worse(x, y) ? 1 : worse(y, x) ? -1 : 0));
  const loops = kept.map((k): Loop => {
    const parties = [...k.nodes].map((p) => network.parties[p] ?? "");
    return { parties, amount: toMoney(k.amount), flowCarried: toMoney(k.amount * parties.length) };
  });
  return { loops, loopCount };
}

/** The first edge of u from its cursor that still carries circulation (its slot in `left`), or -1 (moves the cursor). */
function firstCarryingEdge(u: number, cursor: Int32Array, left: Float64Array): number {
  const end = cursor[2 * u + 1] as number;
  let e = cursor[2 * u] as number;
  while (e < end && (left[e] as number) <= 0) e += 2;
  cursor[2 * u] = e;
  return e < end ? e : -1;
}

/**
 * Takes the loop on edgeStack[at..top] out of `left` at its smallest amount and takes its
 * parties after the first off the walk (position -1); returns the amount.
 */
function takeOutLoop(left: Float64Array, edgeStack: Int32Array, nodeStack: Int32Array, position: Int32Array, at: number, top: number): number {
  let amount = left[edgeStack[at] as number] as number;
  for (let k = at + 1; k <= top; k++) {
    const x = left[edgeStack[k] as number] as number;
    if (x < amount) amount = x;
  }
  for (let k = at; k <= top; k++) {
    const edge = edgeStack[k] as number;
    left[edge] = (left[edge] as number) - amount;
    position[nodeStack[k] as number] = -1;
  }
  position[nodeStack[at] as number] = at;
  return amount;
}
