/**
 * Splits a circulation into loops: walk along edges that still carry circulation until a party
 * repeats, take the loop found out at its smallest amount, and go on from where it started.
 * Every step removes at least one edge or extends the walk, so the work is about edges x typical
 * loop length (on the bench's random network the loops average some 350 parties: a walk on
 * 88,000 parties takes that long to meet itself, 75 million steps for 217,000 loops).
 *
 * The walk's steps land on parties scattered over memory, so what a step reads sets its pace.
 * Each party keeps its current carrying edge — the amount still on it and its payee — beside its
 * cursor and its place on the walk, in one 32-byte record: a step reads the record of the payee
 * (is it on the walk?), which is the record the next step stands on, and nothing else. A party's
 * row of carrying edges is read only when its current edge runs out; taking a loop out lowers the
 * amounts in the records of the parties on it. (The walk before read the row, the cursor and the
 * payee's position at every step, three reads from scattered memory; it is kept in
 * test-support/loop-decomposition-reference.ts, and the two list the same loops. Bench network,
 * same circulation, one process: 2.4-2.6 s before, 1.5-1.7 s after.)
 *
 * Only the `maxLoops` largest loops are kept (largest amount, then fewest parties, then first
 * found), so memory stays O(parties + edges) however many loops there are.
 */
import type { Loop } from "./circulation.js";
import { toMoney, type FlowNetwork } from "./network.js";

/** Fields of a party's record, RECORD numbers apart. */
const AMOUNT = 0; // left on the current edge (0 when the row is used up)
const PAYEE = 1; // of the current edge
const CURSOR = 2; // the current edge's slot in the rows
const POSITION = 3; // on the walk's stack, or -1
const RECORD = 4;

interface KeptLoop {
  readonly amount: number;
  readonly size: number;
  readonly index: number;
  readonly nodes: Int32Array;
}

/** Whether loop x ranks below loop y: smaller amount, then more parties, then found later. */
const ranksBelow = (x: KeptLoop, y: KeptLoop): boolean =>
  x.amount < y.amount || (x.amount === y.amount && (x.size > y.size || (x.size === y.size && x.index > y.index)));

/**
 * One decomposition of `circulationByEdge` (c_ij per edge of `network`, balanced at every party)
 * into loops: the `maxLoops` largest, largest amount first, and how many loops it has in all.
 */
export function decomposeIntoLoops(network: FlowNetwork, circulationByEdge: Float64Array, maxLoops: number): { loops: Loop[]; loopCount: number } {
  const n = network.partyCount;
  const { edgeStart, edgeTarget } = network;
  let carrying = 0;
  for (let e = 0; e < network.edgeCount; e++) if ((circulationByEdge[e] as number) > 0) carrying++;
  // The carrying edges, row by row: amount and payee, read when a party's current edge runs out.
  const rowAmount = new Float64Array(carrying);
  const rowPayee = new Int32Array(carrying);
  const record = new Float64Array(RECORD * n);
  // One past each party's last slot: read only when its current edge runs out.
  const rowEnd = new Int32Array(n);
  for (let u = 0, k = 0; u < n; u++) {
    const first = k;
    const end = edgeStart[u + 1] as number;
    for (let e = edgeStart[u] as number; e < end; e++) {
      const c = circulationByEdge[e] as number;
      if (c <= 0) continue;
      rowAmount[k] = c;
      rowPayee[k++] = edgeTarget[e] as number;
    }
    const at = RECORD * u;
    record[at + CURSOR] = first;
    record[at + POSITION] = -1;
    rowEnd[u] = k;
    if (k > first) {
      record[at + AMOUNT] = rowAmount[first] as number;
      record[at + PAYEE] = rowPayee[first] as number;
    }
  }
  const nodeStack = new Int32Array(n + 1);
  const kept: KeptLoop[] = [];
  // The kept loop that the next one must beat, once `maxLoops` are kept.
  let worst = -1;
  let loopCount = 0;
  for (let start = 0; start < n; start++) {
    if (!hasCarryingEdge(start, record, rowAmount, rowPayee, rowEnd)) continue;
    let top = 0;
    nodeStack[0] = start;
    record[RECORD * start + POSITION] = 0;
    while (top >= 0) {
      const u = nodeStack[top] as number;
      if (!hasCarryingEdge(u, record, rowAmount, rowPayee, rowEnd)) {
        record[RECORD * u + POSITION] = -1;
        top--;
        continue;
      }
      const v = record[RECORD * u + PAYEE] as number;
      const at = record[RECORD * v + POSITION] as number;
      if (at < 0) {
        top++;
        nodeStack[top] = v;
        record[RECORD * v + POSITION] = top;
        continue;
      }
      const amount = takeOutLoop(record, nodeStack, at, top);
      const size = top - at + 1;
      const index = loopCount++;
      if (maxLoops > 0 && (kept.length < maxLoops || ranksBelow(kept[worst] as KeptLoop, { amount, size, index, nodes: nodeStack }))) {
        const entry: KeptLoop = { amount, size, index, nodes: nodeStack.slice(at, top + 1) };
        if (kept.length < maxLoops) kept.push(entry);
        else kept[worst] = entry;
        if (kept.length === maxLoops) {
          worst = 0;
          for (let k = 1; k < kept.length; k++) if (ranksBelow(kept[k] as KeptLoop, kept[worst] as KeptLoop)) worst = k;
        }
      }
      top = at;
    }
  }
  kept.sort((x, y) => (ranksBelow(x, y) ? 1 : ranksBelow(y, x) ? -1 : 0));
  const loops = kept.map((k): Loop => {
    const parties = Array.from(k.nodes, (p) => network.parties[p] ?? "");
    return { parties, amount: toMoney(k.amount), flowCarried: toMoney(k.amount * parties.length) };
  });
  return { loops, loopCount };
}

/** Whether u still has an edge carrying circulation; moves u's current edge to it when the old one ran out. */
function hasCarryingEdge(u: number, record: Float64Array, rowAmount: Float64Array, rowPayee: Int32Array, rowEnd: Int32Array): boolean {
  const at = RECORD * u;
  if ((record[at + AMOUNT] as number) > 0) return true;
  // Slots after the cursor still hold their whole amount: only a current edge is ever lowered.
  const next = (record[at + CURSOR] as number) + 1;
  if (next >= (rowEnd[u] as number)) return false;
  record[at + CURSOR] = next;
  record[at + AMOUNT] = rowAmount[next] as number;
  record[at + PAYEE] = rowPayee[next] as number;
  return true;
}

/**
 * Takes the loop of the parties nodeStack[at..top] (each paying the next along its current
 * edge, the last paying the first) out at its smallest amount, and takes its parties after the
 * first off the walk (position -1); returns the amount.
 */
function takeOutLoop(record: Float64Array, nodeStack: Int32Array, at: number, top: number): number {
  let amount = record[RECORD * (nodeStack[at] as number) + AMOUNT] as number;
  for (let k = at + 1; k <= top; k++) {
    const x = record[RECORD * (nodeStack[k] as number) + AMOUNT] as number;
    if (x < amount) amount = x;
  }
  for (let k = at; k <= top; k++) {
    const u = nodeStack[k] as number;
    const slot = RECORD * u;
    record[slot + AMOUNT] = (record[slot + AMOUNT] as number) - amount;
    record[slot + POSITION] = -1;
  }
  record[RECORD * (nodeStack[at] as number) + POSITION] = at;
  return amount;
}
