/**
 * Multi-hop round trips: of what A paid B, the share that eventually comes back to A along any
 * path, money mixing at every party in proportion to its flows. It is h_B for target A in
 * reach.ts: the probability that a unit placed with B ever reaches A. Only a payee in A's
 * strongly connected component can send anything back, so other pairs are 0 and not listed.
 */
import type { Money } from "../money/money.js";
import { componentSize } from "./components.js";
import { networkWarning, type NetworkDiagnostic, type NetworkStaged } from "./codes.js";
import { toMoney, type FlowNetwork } from "./network.js";
import { prepareTransitions, solveReach, solveReachTogether, REACH_LANES, DEFAULT_LIMITS, type SolveLimits, type Transitions } from "./reach.js";
import { compareText } from "./reciprocity.js";

/**
 * Components of at least this many parties are solved four payers at a time. Their sweeps read
 * payees scattered over more memory than the caches hold, so one sweep serves four payers for
 * about the price of one (bench/network.ts: 20 payers of an 88,000-party component in 1.3 s
 * instead of 4.5 s). A small component's sweep runs from the cache, and each payer converges in
 * fewer sweeps in its own order (breadth first from it), so those are solved one at a time.
 */
export const BATCH_FROM = 2000;

export interface MultiHopRoundTrip {
  readonly payer: string;
  readonly payee: string;
  /** F[payer][payee]. */
  readonly paid: Money;
  /** Share of a unit placed with the payee that eventually reaches the payer, with bounds. */
  readonly share: number;
  readonly low: number;
  readonly high: number;
}

export interface MultiHopOptions extends Partial<SolveLimits> {
  /** Payers to solve for (party indices); default every party on a cycle, as far as the work budget allows. */
  readonly targets?: readonly number[];
}

export interface MultiHopRoundTrips {
  /** Pairs with a share above 0, largest share first, then largest amount paid, then by names. */
  readonly pairs: readonly MultiHopRoundTrip[];
  /** How many payers were asked for and how many were solved within the budget. */
  readonly payersAsked: number;
  readonly payersSolved: number;
}

/** The multi-hop round-trip share of every pair whose payer is one of the targets. */
export function multiHopRoundTrips(network: FlowNetwork, options: MultiHopOptions = {}, transitions: Transitions = prepareTransitions(network)): NetworkStaged<MultiHopRoundTrips> {
  const limits: SolveLimits = { ...DEFAULT_LIMITS, ...options };
  const { components } = transitions;
  const onCycle = (i: number): boolean => componentSize(components, components.componentOf[i] ?? 0) > 1;
  const targets = options.targets ?? Array.from({ length: network.partyCount }, (_, i) => i).filter(onCycle);
  const low = Array.from({ length: REACH_LANES }, () => new Float64Array(network.partyCount));
  const high = Array.from({ length: REACH_LANES }, () => new Float64Array(network.partyCount));
  const found: { payer: number; payee: number; paid: number; low: number; high: number }[] = [];
  const diagnostics: NetworkDiagnostic[] = [];
  let budgetLeft = limits.workBudget;
  let solved = 0;
  let unconverged = 0;
  // Payers in large components are solved REACH_LANES at a time, a batch being consecutive
  // payers of one component; the others one at a time, each in its own sweep order.
  let batch: number[] = [];
  const solveBatch = (): void => {
    if (batch.length === 0) return;
    const solves = batch.length === 1 || componentSize(components, components.componentOf[batch[0] ?? 0] ?? 0) < BATCH_FROM
      ? batch.map((target, lane) => solveReach(transitions, target, { ...limits, workBudget: budgetLeft }, low[lane] ?? new Float64Array(0), high[lane] ?? new Float64Array(0)))
      : solveReachTogether(transitions, batch, { ...limits, workBudget: budgetLeft }, low, high);
    batch.forEach((target, lane) => {
      const solve = solves[lane];
      const lo = low[lane];
      const hi = high[lane];
      if (solve === undefined || lo === undefined || hi === undefined) return;
      budgetLeft -= solve.work;
      if (!solve.converged) unconverged++;
      solved++;
      const k = components.componentOf[target];
      for (let e = network.edgeStart[target] ?? 0; e < (network.edgeStart[target + 1] ?? 0); e++) {
        const payee = network.edgeTarget[e] ?? 0;
        if (components.componentOf[payee] !== k) continue;
        found.push({ payer: target, payee, paid: network.edgeAmount[e] ?? 0, low: lo[payee] ?? 0, high: Math.max(hi[payee] ?? 0, lo[payee] ?? 0) });
      }
    });
    batch = [];
  };
  for (const target of targets) {
    if (target < 0 || target >= network.partyCount) throw new RangeError(`multiHopRoundTrips: ${target} is not a party index`);
    if (!onCycle(target)) {
      solved++;
      continue;
    }
    const k = components.componentOf[target] ?? 0;
    const lanes = componentSize(components, k) < BATCH_FROM ? 1 : REACH_LANES;
    if (batch.length === lanes || (batch.length > 0 && components.componentOf[batch[0] ?? 0] !== k) || batch.includes(target)) solveBatch();
    if (budgetLeft <= 0) break;
    if (transitions.closed[k] === 1) {
      // Every party of a closed loop reaches every other for sure.
      solved++;
      for (let e = network.edgeStart[target] ?? 0; e < (network.edgeStart[target + 1] ?? 0); e++) {
        const payee = network.edgeTarget[e] ?? 0;
        if (components.componentOf[payee] === k) found.push({ payer: target, payee, paid: network.edgeAmount[e] ?? 0, low: 1, high: 1 });
      }
      continue;
    }
    batch.push(target);
  }
  solveBatch();
  if (solved < targets.length || unconverged > 0) {
    diagnostics.push(
      networkWarning("W_PRECISION_BUDGET", `multi-hop shares: the work budget of ${limits.workBudget} edge visits ran out; ${solved} of ${targets.length} payers solved${unconverged > 0 ? `, ${unconverged} of them wider than ${limits.tolerance}` : ""}`, {
        hint: "name fewer payers (targets) or raise workBudget",
      }),
    );
  }
  const name = (i: number): string => network.parties[i] ?? "";
  // Shares, not share x paid, order the list: they do not change when every amount is scaled,
  // so neither does the order (products of floats could swap two equal amounts).
  const share = (p: { low: number; high: number }): number => (p.low + p.high) / 2;
  found.sort((a, b) => share(b) - share(a) || b.paid - a.paid || compareText(name(a.payer), name(b.payer)) || compareText(name(a.payee), name(b.payee)));
  const pairs = found.map((p) => ({ payer: name(p.payer), payee: name(p.payee), paid: toMoney(p.paid), share: (p.low + p.high) / 2, low: p.low, high: p.high }));
  return { value: { pairs, payersAsked: targets.length, payersSolved: solved }, diagnostics };
}
