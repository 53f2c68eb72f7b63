/**
 * Affiliate roll-up: before analysis every party is replaced by its top parent (AWS by Amazon),
 * so that money paid to a subsidiary counts as money paid to the group. Flows inside a group
 * become flows from a party to itself; `aggregateNetwork` sets them aside.
 */
import { networkError, type NetworkDiagnostic, type NetworkStaged } from "./codes.js";
import { EXTERNAL, FlowColumns, type FlowSet } from "./flow-set.js";

/**
 * The flow set with every party rolled up to its top parent; only parties with no parent remain.
 * Parents that loop (A under B under A) are reported (E_AFFILIATION_CYCLE) and those parties are
 * kept as they are.
 */
export function rollUpAffiliates(flows: FlowSet): NetworkStaged<FlowSet> {
  const diagnostics: NetworkDiagnostic[] = [];
  const n = flows.parties.length;
  const top = new Int32Array(n).fill(-1);
  // 0 = not visited, 1 = on the current chain, 2 = done
  const state = new Uint8Array(n);
  for (let start = 0; start < n; start++) {
    if (state[start] === 2) continue;
    const chain: number[] = [];
    let p = start;
    while (p >= 0 && state[p] === 0) {
      state[p] = 1;
      chain.push(p);
      p = flows.parent[p] ?? -1;
    }
    let root: number;
    if (p >= 0 && state[p] === 1) {
      const loop = chain.slice(chain.indexOf(p));
      diagnostics.push(networkError("E_AFFILIATION_CYCLE", `the parents of ${loop.map((q) => `"${flows.parties[q]}"`).join(", ")} loop`, { hint: "a group's top parent must have no parent" }));
      for (const q of loop) top[q] = q;
      root = -1;
    } else {
      root = p >= 0 ? (top[p] ?? p) : (chain[chain.length - 1] ?? start);
    }
    for (const q of chain) {
      if (top[q] === -1) top[q] = root === -1 ? q : root; // parties leading into a loop stay themselves
      state[q] = 2;
    }
  }
  const newIndex = new Int32Array(n).fill(-1);
  const parties: string[] = [];
  for (let q = 0; q < n; q++) {
    if (top[q] === q) {
      newIndex[q] = parties.length;
      parties.push(flows.parties[q] ?? "");
    }
  }
  const rolled = new FlowColumns(flows.flowCount);
  const mapParty = (q: number): number => (q === EXTERNAL ? EXTERNAL : (newIndex[top[q] ?? q] ?? EXTERNAL));
  for (let i = 0; i < flows.flowCount; i++) {
    rolled.copy(flows, i, { fromIndex: mapParty(flows.from[i] ?? EXTERNAL), toIndex: mapParty(flows.to[i] ?? EXTERNAL) });
  }
  return { value: rolled.finish(parties, new Int32Array(parties.length).fill(-1)), diagnostics };
}
