/**
 * The compiler: a checked `ModelInput` in, a `CompiledModel` out — names resolved, contracts
 * spread over months, forecasts evaluated and calibrated, every movement of money a scheduled
 * flow with its origin. Pure: no I/O, no options beyond the model.
 */
import type { Diagnostic, Staged } from "../diagnostics/diagnostic.js";
import { money } from "../money/money.js";
import { CUSTOMERS, OPENING_BALANCES, OPERATING_OUTFLOW, OUTSIDE_SUPPLIERS } from "../ledger/posting.js";
import { inheritedParties } from "../model/contract-parties.js";
import type { ContractInput, ModelInput, RoundInput, TrancheInput } from "../model/types.js";
import type { Month } from "../time/month.js";
import { CONTRACT_KINDS, expandContract, revenueSharePayments, type KindContext } from "./contract-kinds.js";
import { explicitFlows } from "./explicit-flows.js";
import { evaluateForecast, throughSeries } from "./forecast.js";
import type { Value } from "./formula-eval.js";
import { ratio } from "../money/ratio.js";
import type { CalibrationResult, CompiledModel, CompiledParty, EvaluatedLine, ExpandedContract, ScheduledFlow } from "./types.js";

export function compileModel(input: ModelInput): Staged<CompiledModel> {
  const diagnostics: Diagnostic[] = [];
  const start = input.horizon.start;
  const end = input.horizon.end;
  const months = end - start + 1;
  const parties = resolveParties(input);
  const contractsByName = new Map(input.contracts.map((c) => [c.name, c]));
  const partiesOf = (c: ContractInput): { buyer: string; seller: string } => buyerAndSeller(c, contractsByName);

  // 1. Contracts that do not read forecasts (purchases, capacity): spread over their terms.
  const baseCtx: KindContext = { currency: input.currency, start, end, partiesOf, lines: [] };
  const flows: ScheduledFlow[] = [];
  const expanded: ExpandedContract[] = [];
  for (const contract of input.contracts) {
    if (CONTRACT_KINDS[contract.kind].readsForecast) continue;
    const e = expandContract(contract, baseCtx);
    flows.push(...e.flows);
    if (e.summary) expanded.push(e.summary);
  }
  flows.push(...explicitFlows(input)); // `flows:` and flow files, spread over their terms

  // 2. Forecasts, calibrated against the company's other outflows where asked.
  const lines: EvaluatedLine[] = [];
  const calibrations: CalibrationResult[] = [];
  for (const forecast of input.forecasts) {
    const company = forecast.company.name;
    const result = evaluateForecast(forecast, {
      currency: input.currency,
      drivers: driverValues(input),
      start,
      months,
      otherOutflow: (values, excluded, through) => {
        const provisional: EvaluatedLine[] = forecast.lines
          .filter((l) => l.name !== excluded)
          .map((l) => provisionalLine(company, l.name, l.kind, values.get(l.name) ?? [], l.through));
        let total = 0n;
        for (const f of flows) if (f.from === company && f.month <= through && OPERATING_OUTFLOW.has(f.origin.kind)) total += f.amount;
        for (const l of provisional) if (l.kind === "cost") total += sumThrough(l.monthly, start, through);
        for (const c of input.contracts) {
          if (c.kind !== "revenue-share" || c.payer.name !== company) continue;
          for (const f of revenueSharePayments(c, provisional, start, end)) if (f.month <= through) total += f.amount;
        }
        return total;
      },
    });
    lines.push(...result.lines);
    calibrations.push(...result.calibrations);
    diagnostics.push(...result.diagnostics);
    flows.push(...forecastFlows(forecast.company.name, result.lines, forecast, start));
    if (forecast.openingCash && forecast.openingCash.value > 0n) {
      flows.push({
        month: start,
        from: OPENING_BALANCES,
        to: company,
        amount: forecast.openingCash.value,
        origin: { kind: "opening-cash", item: `forecasts.${company}.opening-cash`, label: `opening cash of ${company}`, at: forecast.openingCash.at },
      });
    }
  }

  // 3. Contracts that read forecasts (revenue shares).
  const lateCtx: KindContext = { ...baseCtx, lines };
  for (const contract of input.contracts) {
    if (!CONTRACT_KINDS[contract.kind].readsForecast) continue;
    flows.push(...expandContract(contract, lateCtx).flows);
  }

  // 4. Tranches of every round.
  for (const round of input.rounds) flows.push(...trancheFlows(round, input));

  flows.sort((a, b) => a.month - b.month);
  return {
    value: {
      input,
      currency: input.currency,
      start,
      end,
      months,
      parties,
      conditions: new Map(input.conditions.map((c) => [c.name, c])),
      rounds: input.rounds,
      flows,
      lines,
      calibrations,
      contracts: expanded,
    },
    diagnostics,
  };
}

function resolveParties(input: ModelInput): Map<string, CompiledParty> {
  const parents = new Map(input.parties.map((p) => [p.name, p.affiliateOf?.name]));
  const groupOf = (name: string): string => {
    let current = name;
    const seen = new Set<string>();
    for (let parent = parents.get(current); parent !== undefined && !seen.has(parent); parent = parents.get(current)) {
      seen.add(current); // loops are reported by the checker (E_AFFILIATION_CYCLE)
      current = parent;
    }
    return current;
  };
  return new Map(input.parties.map((p) => [p.name, { name: p.name, kind: p.kind, group: groupOf(p.name) }]));
}

/** Buyer and seller, inherited along `extends` where the contract does not state them; unnamed ones are outside suppliers. */
function buyerAndSeller(contract: ContractInput, byName: ReadonlyMap<string, ContractInput>): { buyer: string; seller: string } {
  const { buyer, seller } = inheritedParties(contract, byName);
  return { buyer: buyer ?? OUTSIDE_SUPPLIERS, seller: seller ?? OUTSIDE_SUPPLIERS };
}

function sumThrough(series: readonly bigint[], start: Month, through: Month): bigint {
  let total = 0n;
  for (let i = 0; i <= through - start && i < series.length; i++) total += series[i] ?? 0n;
  return total;
}

function provisionalLine(company: string, name: string, kind: "revenue" | "cost", series: readonly bigint[], shares: ModelInput["forecasts"][number]["lines"][number]["through"]): EvaluatedLine {
  const monthly = series.map((v) => money(v));
  return { company, name, kind, monthly, through: throughSeries(monthly, shares) };
}

/** Revenue comes from customers (through a third party when the line says so); costs go to their payee. */
function forecastFlows(company: string, lines: readonly EvaluatedLine[], forecast: ModelInput["forecasts"][number], start: Month): ScheduledFlow[] {
  const flows: ScheduledFlow[] = [];
  for (const line of lines) {
    const input = forecast.lines.find((l) => l.name === line.name);
    const item = `forecasts.${company}.lines.${line.name}`;
    const at = input?.at;
    line.monthly.forEach((value, i) => {
      const month = (start + i) as Month;
      if (line.kind === "cost") {
        const payee = input?.payee?.name ?? OUTSIDE_SUPPLIERS;
        if (value > 0n) flows.push({ month, from: company, to: payee, amount: value, origin: { kind: "cost", item, label: `cost line ${line.name}`, ...(at ? { at } : {}) } });
        else if (value < 0n) flows.push({ month, from: payee, to: company, amount: money(-value), origin: { kind: "cost", item, label: `cost line ${line.name} (negative: a refund)`, ...(at ? { at } : {}) } });
        return;
      }
      let direct = value as bigint;
      for (const [party, series] of line.through) {
        const part = series[i] ?? 0n;
        direct -= part;
        if (part <= 0n) continue;
        const origin = { kind: "revenue" as const, item, label: `revenue line ${line.name}`, detail: `earned through ${party}`, ...(at ? { at } : {}) };
        flows.push({ month, from: CUSTOMERS, to: party, amount: money(part), origin });
        flows.push({ month, from: party, to: company, amount: money(part), origin });
      }
      if (direct > 0n) flows.push({ month, from: CUSTOMERS, to: company, amount: money(direct), origin: { kind: "revenue", item, label: `revenue line ${line.name}`, ...(at ? { at } : {}) } });
      else if (direct < 0n) flows.push({ month, from: company, to: CUSTOMERS, amount: money(-direct), origin: { kind: "revenue", item, label: `revenue line ${line.name} (negative)`, ...(at ? { at } : {}) } });
    });
  }
  return flows;
}

/** When a tranche is expected: its date, or its (or its condition's) expected month, or the end of the window. */
export function trancheMonth(tranche: TrancheInput, round: RoundInput, input: ModelInput): Month {
  const t = tranche.timing;
  if (t.kind === "dated") return t.month;
  const condition = input.conditions.find((c) => c.name === t.condition.name);
  return t.expected ?? t.window?.to ?? condition?.expected ?? condition?.window?.to ?? round.date;
}

function trancheFlows(round: RoundInput, input: ModelInput): ScheduledFlow[] {
  const flows: ScheduledFlow[] = [];
  for (const commitment of round.commitments) {
    commitment.tranches.forEach((tranche, index) => {
      const month = trancheMonth(tranche, round, input);
      const conditional = tranche.timing.kind === "conditional" ? tranche.timing.condition.name : undefined;
      flows.push({
        month,
        from: commitment.investor.name,
        to: round.company.name,
        amount: tranche.amount.value,
        origin: {
          kind: "tranche",
          item: `rounds.${round.name}.commitments.${commitment.investor.name}.tranches.${index}`,
          label: `${commitment.investor.name} tranche ${index + 1} of round ${round.name}${conditional ? ` (on ${conditional})` : ""}`,
          at: tranche.at,
        },
        ...(conditional ? { condition: conditional } : {}),
        ...(tranche.marks ? { status: tranche.marks.status, ...(tranche.marks.earmarked ? { earmarked: true } : {}), ...(tranche.marks.unconfirmed ? { unconfirmed: true } : {}) } : {}),
        kind: "equity",
      });
    });
  }
  return flows;
}

/** The drivers' values as formulas read them: money in minor units, numbers as they are. */
export function driverValues(input: ModelInput): Map<string, Value> {
  return new Map(input.drivers.map((d) => [d.name, d.base.value.dim === "money" ? { dim: "money", r: ratio(d.base.value.value) } : { dim: "number", r: d.base.value.value }]));
}
