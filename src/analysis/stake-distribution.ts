/**
 * The distribution of each investor's stake and round-trip share when conditional tranches may
 * or may not arrive. Conditions are independent events with their probabilities, so the
 * distribution is discrete and exact: every combination of the round's conditions, with its
 * probability. (Drivers move cash, not commitments, so they do not move stakes.)
 */
import type { CompiledModel } from "../compile/types.js";
import { OPERATING_OUTFLOW } from "../ledger/posting.js";
import { ratio, ratioToNumber, type Ratio } from "../money/ratio.js";

export interface Outcome {
  readonly probability: number;
  readonly value: Ratio;
}

export interface DiscreteDistribution {
  readonly mean: number;
  /** Outcomes, lowest value first, with equal values merged. */
  readonly outcomes: readonly Outcome[];
  /** The value at each asked percentile (the smallest value whose cumulative probability reaches it). */
  readonly percentiles: ReadonlyArray<{ readonly p: number; readonly value: number }>;
}

export interface InvestorDistribution {
  readonly round: string;
  readonly company: string;
  readonly investor: string;
  readonly stake: DiscreteDistribution;
  readonly roundTripShare: DiscreteDistribution;
}

/** Conditions whose probability the caller overrides (the simulation's own settings). */
export type ProbabilityOf = (condition: string) => number | undefined;

const MAX_CONDITIONS = 16; // 65,536 combinations: beyond that a round is sampled, not enumerated

export function stakeDistributions(model: CompiledModel, percentiles: readonly number[], override: ProbabilityOf = () => undefined): InvestorDistribution[] {
  const out: InvestorDistribution[] = [];
  const probabilityOf = (name: string): number => {
    const c = model.conditions.get(name);
    const p = override(name) ?? (c?.probability ? ratioToNumber(c.probability.value) : undefined);
    return p ?? (c?.baseCase === "not-met" ? 0 : 1);
  };
  for (const round of model.rounds) {
    const conditions = [...new Set(round.commitments.flatMap((c) => c.tranches.flatMap((t) => (t.timing.kind === "conditional" ? [t.timing.condition.name] : []))))].slice(0, MAX_CONDITIONS);
    const pre = round.preMoney?.value ?? 0n;
    const combos = 1 << conditions.length;
    const stakeOutcomes = new Map<string, Outcome[]>();
    const tripOutcomes = new Map<string, Outcome[]>();
    for (let mask = 0; mask < combos; mask++) {
      const met = new Set(conditions.filter((_, i) => (mask >> i) & 1));
      const probability = conditions.reduce((p, c, i) => p * ((mask >> i) & 1 ? probabilityOf(c) : 1 - probabilityOf(c)), 1);
      const amountOf = (investor: string): bigint =>
        round.commitments.filter((c) => c.investor.name === investor).flatMap((c) => c.tranches).filter((t) => t.timing.kind === "dated" || met.has(t.timing.condition.name)).reduce((a, t) => a + t.amount.value, 0n);
      const post = pre + round.commitments.reduce((a, c) => a + amountOf(c.investor.name), 0n);
      for (const c of round.commitments) {
        const investor = c.investor.name;
        const amount = amountOf(investor);
        push(stakeOutcomes, investor, { probability, value: post > 0n ? ratio(amount, post) : ratio(0n) });
        // What comes back to the investor's group: contract, cost and revenue-share flows from the company.
        const group = model.parties.get(investor)?.group ?? investor;
        const returned = model.flows.filter((f) => f.from === round.company.name && model.parties.get(f.to)?.group === group && f.condition === undefined && OPERATING_OUTFLOW.has(f.origin.kind) && f.month <= model.end).reduce((a, f) => a + f.amount, 0n);
        const invested = model.flows.filter((f) => f.origin.kind === "tranche" && f.from === investor && f.to === round.company.name && f.month <= model.end && (f.condition === undefined || met.has(f.condition))).reduce((a, f) => a + f.amount, 0n);
        push(tripOutcomes, investor, { probability, value: invested > 0n ? ratio(returned, invested) : ratio(0n) });
      }
    }
    for (const c of round.commitments) {
      const investor = c.investor.name;
      if (out.some((o) => o.round === round.name && o.investor === investor)) continue;
      out.push({ round: round.name, company: round.company.name, investor, stake: summarize(stakeOutcomes.get(investor) ?? [], percentiles), roundTripShare: summarize(tripOutcomes.get(investor) ?? [], percentiles) });
    }
  }
  return out;
}

function push(map: Map<string, Outcome[]>, key: string, outcome: Outcome): void {
  const list = map.get(key) ?? [];
  list.push(outcome);
  map.set(key, list);
}

function summarize(outcomes: readonly Outcome[], percentiles: readonly number[]): DiscreteDistribution {
  const merged = new Map<string, Outcome>();
  for (const o of outcomes) {
    const key = `${o.value.num}/${o.value.den}`;
    const prev = merged.get(key);
    merged.set(key, { probability: (prev?.probability ?? 0) + o.probability, value: o.value });
  }
  const sorted = [...merged.values()].filter((o) => o.probability > 0).sort((a, b) => ratioToNumber(a.value) - ratioToNumber(b.value));
  const mean = sorted.reduce((a, o) => a + o.probability * ratioToNumber(o.value), 0);
  return {
    mean,
    outcomes: sorted,
    percentiles: percentiles.map((p) => {
      let cumulative = 0;
      for (const o of sorted) {
        cumulative += o.probability;
        if (cumulative >= p / 100 - 1e-12) return { p, value: ratioToNumber(o.value) };
      }
      return { p, value: ratioToNumber(sorted[sorted.length - 1]?.value ?? ratio(0n)) };
    }),
  };
}
