/**
 * Splits a circulation into loops: walk along edges that still carry circulation until a party
 * repeats, take the loop found out at its smallest amount, and go on from where it started.
 * Every step removes at least one edge or extends the walk, so the work is about edges x typical
 * loop length (on the bench's random network the loops average some 350 parties: a walk on
 * 88,000 parties takes that long to meet itself, 76 million steps for 218,000 loops).
 *
 * The walk's steps land on parties scattered over memory, one after the other (each step needs
 * the last one's payee), so what a step reads sets its pace. A step reads only the payee of the
 * current party's current carrying edge (an int32 per party, -1 once that edge is used up) and
 * whether that payee is on the walk (a byte per party): 440 KB for 90,000 parties, near the size
 * of a core's L2 cache. The amounts left on the current edges are read only when a loop is taken
 * out, for all its parties at once (reads that do not wait on each other); where the loop starts
 * is found by going back down the walk's stack; a party's row of carrying edges is read when its
 * current edge runs out. On the bench's random network, same circulation, one process: 2.4-2.6 s
 * for the walk before (it read the row, the cursor and the payee's position at every step, kept
 * in test-support/loop-decomposition-reference.ts; the two list the same loops), 1.5-1.7 s with
 * each party's edge, cursor and position in one 32-byte record, 1.3-1.6 s like this.
 *
 * Only the `maxLoops` largest loops are kept (largest amount, then fewest parties, then first
 * found), so memory stays O(parties + edges) however many loops there are.
 */
import type { Loop } from "./circulation.js";
import { toMoney, type FlowNetwork } from "./network.js";

interface KeptLoop {
  readonly amount: number;
  readonly size: number;
  readonly index: number;
  readonly nodes: Int32Array;
}

/** Whether loop x ranks below loop y: smaller amount, then more parties, then found later. */
const ranksBelow = (x: KeptLoop, y: KeptLoop): boolean =>
  x.amount < y.amount || (x.amount === y.amount && (x.size > y.size || (x.size === y.size && x.index > y.index)));

/** Each party's current carrying edge and where its carrying edges lie in the rows. */
interface Walk {
  /** Payee of the current edge, -1 once it is used up. */
  readonly payee: Int32Array;
  /** Amount left on the current edge. */
  readonly amount: Float64Array;
  /** Slot of the current edge in the rows, and one past the party's last slot. */
  readonly cursor: Int32Array;
  readonly rowEnd: Int32Array;
  readonly rowAmount: Float64Array;
  readonly rowPayee: Int32Array;
}

/**
 * One decomposition of `circulationByEdge` (c_ij per edge of `network`, balanced at every party)
 * into loops: the `maxLoops` largest, largest amount first, and how many loops it has in all.
 */
export function decomposeIntoLoops(network: FlowNetwork, circulationByEdge: Float64Array, maxLoops: number): { loops: Loop[]; loopCount: number } {
  const n = network.partyCount;
  const { edgeStart, edgeTarget } = network;
  let carrying = 0;
  for (let e = 0; e < network.edgeCount; e++) if ((circulationByEdge[e] as number) > 0) carrying++;
  const walk: Walk = {
    payee: new Int32Array(n).fill(-1),
    amount: new Float64Array(n),
    cursor: new Int32Array(n),
    rowEnd: new Int32Array(n),
    rowAmount: new Float64Array(carrying),
    rowPayee: new Int32Array(carrying),
  };
  const { payee, amount: current, cursor, rowEnd, rowAmount, rowPayee } = walk;
  for (let u = 0, k = 0; u < n; u++) {
    const first = k;
    const end = edgeStart[u + 1] as number;
    for (let e = edgeStart[u] as number; e < end; e++) {
      const c = circulationByEdge[e] as number;
      if (c <= 0) continue;
      rowAmount[k] = c;
      rowPayee[k++] = edgeTarget[e] as number;
    }
    cursor[u] = first;
    rowEnd[u] = k;
    if (k > first) {
      current[u] = rowAmount[first] as number;
      payee[u] = rowPayee[first] as number;
    }
  }
  const onWalk = new Uint8Array(n);
  const nodeStack = new Int32Array(n + 1);
  const kept: KeptLoop[] = [];
  // The kept loop that the next one must beat, once `maxLoops` are kept.
  let worst = -1;
  let loopCount = 0;
  for (let start = 0; start < n; start++) {
    if ((payee[start] as number) < 0 && !nextCarryingEdge(start, walk)) continue;
    let top = 0;
    nodeStack[0] = start;
    onWalk[start] = 1;
    while (top >= 0) {
      const u = nodeStack[top] as number;
      let v = payee[u] as number;
      if (v < 0) {
        if (!nextCarryingEdge(u, walk)) {
          onWalk[u] = 0;
          top--;
          continue;
        }
        v = payee[u] as number;
      }
      if (onWalk[v] === 0) {
        top++;
        nodeStack[top] = v;
        onWalk[v] = 1;
        continue;
      }
      // v starts the loop: find it going back down the walk (as long as the loop's removal).
      let at = top;
      while (nodeStack[at] !== v) at--;
      const amount = takeOutLoop(walk, onWalk, nodeStack, at, top);
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

/** Makes u's next carrying edge its current one, once the current one is used up; false when u has none left. */
function nextCarryingEdge(u: number, walk: Walk): boolean {
  // Slots after the cursor still hold their whole amount: only a current edge is ever lowered.
  const next = (walk.cursor[u] as number) + 1;
  if (next >= (walk.rowEnd[u] as number)) return false;
  walk.cursor[u] = next;
  walk.amount[u] = walk.rowAmount[next] as number;
  walk.payee[u] = walk.rowPayee[next] as number;
  return true;
}

/**
 * Takes the loop of the parties nodeStack[at..top] (each paying the next along its current
 * edge, the last paying the first) out at its smallest amount, marks the edges it uses up, and
 * takes its parties after the first off the walk; returns the amount.
 */
function takeOutLoop(walk: Walk, onWalk: Uint8Array, nodeStack: Int32Array, at: number, top: number): number {
  const { amount: current, payee } = walk;
  let amount = current[nodeStack[at] as number] as number;
  for (let k = at + 1; k <= top; k++) {
    const x = current[nodeStack[k] as number] as number;
    if (x < amount) amount = x;
  }
  for (let k = at; k <= top; k++) {
    const u = nodeStack[k] as number;
    const left = (current[u] as number) - amount;
    current[u] = left;
    if (left === 0) payee[u] = -1;
    onWalk[u] = 0;
  }
  onWalk[nodeStack[at] as number] = 1;
  return amount;
}
