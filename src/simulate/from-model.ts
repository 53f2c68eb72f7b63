/**
 * From a compiled model to what the simulation runs for one company: the program of its forecast
 * lines (kernel input) and its cash plan (how each month's cash moves, lane by lane).
 *
 *     CompiledModel --prepareSimulation(company)--> SimulationModel { program, cash }
 *
 * Lines given per year or per month, and calibrated lines, enter the program as series with the
 * exact values the compiler produced; formula lines enter as formulas, so a driver that a formula
 * reads moves them. Every flow of the company that no line, revenue share or conditional tranche
 * explains (opening cash, contracts, dated tranches, payments from other companies' forecasts) is
 * summed once, exactly, into a fixed net amount per month.
 */
import type { CompiledModel } from "../compile/types.js";
import { trancheMonth } from "../compile/compile-model.js";
import { ratioToNumber } from "../money/ratio.js";
import type { ModelInput, RevenueShareContractInput } from "../model/types.js";
import type { Month } from "../time/month.js";
import { simulationError, type SimulationDiagnostic, type SimulationStaged } from "./codes.js";
import { compileProgram, type DriverDefinition, type Program, type ProgramLine } from "./program.js";

/** A tranche paid only when its condition is met, in a month drawn from its window. */
export interface TranchePlan {
  /** Signed minor units: positive when the company receives it, negative when it invests. */
  readonly amount: number;
  readonly condition: number;
  /** Month indices (0 = first month of the horizon) of the window, both included. */
  readonly from: number;
  readonly to: number;
  /** The month the exact ledger uses when the condition is met (the expected month). */
  readonly expected: number;
  /** Whether the window comes from the tranche itself (then a condition override does not move it). */
  readonly ownWindow: boolean;
}

export interface ConditionPlan {
  readonly name: string;
  /** Probability of being met, or undefined when the model gives none (then the base case holds in every run). */
  readonly probability: number | undefined;
  readonly baseMet: boolean;
  /** The condition's own window as month indices, when it has one. */
  readonly window: { readonly from: number; readonly to: number } | undefined;
}

/** A revenue share the company pays: the rate on its covered revenue lines, as src/compile/contract-kinds.ts computes it. */
export interface RevenueSharePlan {
  readonly name: string;
  readonly rate: number;
  /** Month indices of the term, both included. */
  readonly from: number;
  readonly to: number;
  readonly lines: Int32Array;
  /** The part of each covered line earned through a third party: rounded on its own, then either covered (party ≥ 0) or not. */
  readonly parts: ReadonlyArray<{ readonly line: number; readonly share: number; readonly party: number }>;
  /** Number of covered third parties (each paid on separately). */
  readonly parties: number;
}

export interface CashPlan {
  /** Net cash change per month from everything fixed, minor units. */
  readonly fixedNet: Float64Array;
  /** Per program line: +1 revenue, -1 cost, 0 not a cash line. */
  readonly lineSign: Int8Array;
  readonly revenueShares: readonly RevenueSharePlan[];
  readonly tranches: readonly TranchePlan[];
  readonly conditions: readonly ConditionPlan[];
}

/** What the simulation runs for one company. Plain data, safe to send to a worker. */
export interface SimulationModel {
  readonly company: string;
  readonly currency: string;
  readonly start: Month;
  readonly months: number;
  readonly program: Program;
  readonly cash: CashPlan;
}

export interface PrepareOptions {
  readonly company: string;
  /** Named scalar inputs that formulas may read. */
  readonly drivers?: readonly DriverDefinition[];
  /**
   * Lines to add or to replace: a line with the name of one of the company's forecast lines
   * replaces it (keeping its revenue or cost kind); other names add lines that are not cash flows
   * (outputs such as an investor's stake).
   */
  readonly lines?: readonly ProgramLine[];
  /** Series lines to multiply by a number driver in each lane: `{ revenue: "revenue-factor" }`. */
  readonly scale?: Readonly<Record<string, string>>;
}

/**
 * Builds the program and cash plan of one company. Never throws for a problem in the model or the
 * options: an unknown company gives E_SIM_UNKNOWN_COMPANY and no value.
 */
export function prepareSimulation(model: CompiledModel, options: PrepareOptions): SimulationStaged<SimulationModel | undefined> {
  const diagnostics: SimulationDiagnostic[] = [];
  const company = options.company;
  if (!model.parties.has(company)) {
    const known = [...model.parties.keys()].join(", ");
    return { value: undefined, diagnostics: [simulationError("E_SIM_UNKNOWN_COMPANY", `"${company}" is not a party of the model`, { hint: `parties: ${known}` })] };
  }
  const input = model.input;
  const start = model.start;
  const M = model.months;
  const forecast = input.forecasts.find((f) => f.company.name === company);
  const evaluated = new Map(model.lines.filter((l) => l.company === company).map((l) => [l.name, l]));
  const calibrated = new Set(model.calibrations.filter((c) => c.company === company).map((c) => c.line));
  const replacements = new Map((options.lines ?? []).map((l) => [l.name, l]));

  // 1. The program: forecast lines (formulas stay formulas unless calibrated), then added lines.
  const lines: ProgramLine[] = [];
  const signs: number[] = [];
  for (const line of forecast?.lines ?? []) {
    const replacement = replacements.get(line.name);
    // A line the model scales by a driver is a series of its base values times the driver in each lane.
    const scaleBy = options.scale?.[line.name] ?? line.scale?.name;
    const scaleBase = scaleBy !== undefined ? (options.drivers?.find((d) => d.name === scaleBy)?.base ?? 1) : 1;
    if (replacement) lines.push(replacement);
    else if (line.definition.kind === "formula" && !calibrated.has(line.name)) lines.push({ kind: "formula", name: line.name, formula: line.definition.formula, at: line.at });
    else {
      const values = (evaluated.get(line.name)?.monthly ?? []).map((v) => Number(v) / scaleBase);
      lines.push({ kind: "series", name: line.name, values, ...(scaleBy !== undefined ? { scaleBy } : {}), at: line.at });
    }
    signs.push(line.kind === "revenue" ? 1 : -1);
  }
  const forecastNames = new Set(lines.map((l) => l.name));
  for (const extra of options.lines ?? []) {
    if (forecastNames.has(extra.name)) continue;
    lines.push(extra);
    signs.push(0);
  }
  const compiled = compileProgram({ currency: model.currency, months: M, lines, drivers: options.drivers ?? [] });
  diagnostics.push(...compiled.diagnostics);
  const program = compiled.value;
  const lineIndex = new Map(program.lineNames.map((n, i) => [n, i]));

  // 2. Conditions and the tranches that depend on them.
  const conditions: ConditionPlan[] = input.conditions.map((c) => ({
    name: c.name,
    probability: c.probability ? ratioToNumber(c.probability.value) : undefined,
    baseMet: c.baseCase !== "not-met",
    window: c.window ? { from: c.window.from - start, to: c.window.to - start } : c.expected !== undefined ? { from: c.expected - start, to: c.expected - start } : undefined,
  }));
  const conditionIndex = new Map(conditions.map((c, i) => [c.name, i]));
  const tranches: TranchePlan[] = [];
  for (const round of input.rounds) {
    for (const commitment of round.commitments) {
      const sign = round.company.name === company ? 1 : commitment.investor.name === company ? -1 : 0;
      if (sign === 0) continue;
      for (const tranche of commitment.tranches) {
        const t = tranche.timing;
        if (t.kind !== "conditional") continue;
        const c = conditionIndex.get(t.condition.name);
        if (c === undefined) continue; // reported by the model checker (E_UNKNOWN_CONDITION)
        const expected = trancheMonth(tranche, round, input) - start;
        const own = t.window ? { from: t.window.from - start, to: t.window.to - start } : t.expected !== undefined ? { from: t.expected - start, to: t.expected - start } : undefined;
        const window = own ?? conditions[c]?.window ?? { from: expected, to: expected };
        tranches.push({ amount: sign * Number(tranche.amount.value), condition: c, from: window.from, to: window.to, expected, ownWindow: own !== undefined });
      }
    }
  }

  // 3. Revenue shares the company pays on its own lines.
  const revenueShares: RevenueSharePlan[] = [];
  for (const contract of input.contracts) {
    if (contract.kind !== "revenue-share" || contract.payer.name !== company || !forecast) continue;
    revenueShares.push(revenueSharePlan(contract, forecast, lineIndex, start, M));
  }

  // 4. Everything else is fixed: summed exactly per month.
  const ownLine = `forecasts.${company}.lines.`;
  const fixed = new Array<bigint>(M).fill(0n);
  for (const flow of model.flows) {
    if (flow.month < start || flow.month > model.end) continue;
    if (flow.from !== company && flow.to !== company) continue;
    if (flow.from === flow.to) continue;
    if (flow.origin.item.startsWith(ownLine)) continue; // the kernel's lines
    if (flow.origin.kind === "revenue-share" && flow.from === company) continue; // recomputed from the lines
    if (flow.condition !== undefined) continue; // conditional tranches, drawn per lane
    const i = flow.month - start;
    fixed[i] = (fixed[i] ?? 0n) + (flow.to === company ? flow.amount : -flow.amount);
  }

  const lineSign = new Int8Array(program.lineNames.length);
  signs.forEach((s, i) => (lineSign[i] = s));
  return {
    value: {
      company,
      currency: model.currency,
      start,
      months: M,
      program,
      cash: { fixedNet: Float64Array.from(fixed, (v) => Number(v)), lineSign, revenueShares, tranches, conditions },
    },
    diagnostics,
  };
}

function revenueSharePlan(c: RevenueShareContractInput, forecast: ModelInput["forecasts"][number], lineIndex: ReadonlyMap<string, number>, start: Month, months: number): RevenueSharePlan {
  const covered = forecast.lines.filter((l) => l.kind === "revenue" && (c.lines.length === 0 || c.lines.some((r) => r.name === l.name)));
  const partyIndex = new Map<string, number>();
  const parts: Array<{ line: number; share: number; party: number }> = [];
  const lines: number[] = [];
  for (const line of covered) {
    const l = lineIndex.get(line.name);
    if (l === undefined) continue;
    lines.push(l);
    for (const through of line.through) {
      const name = through.party.name;
      let party = -1;
      if (c.through.some((t) => t.name === name)) {
        party = partyIndex.get(name) ?? partyIndex.size;
        partyIndex.set(name, party);
      }
      parts.push({ line: l, share: ratioToNumber(through.share.value), party });
    }
  }
  const from = c.term ? c.term.start - start : 0;
  const to = c.term ? c.term.start + c.term.months - 1 - start : months - 1;
  return { name: c.name, rate: ratioToNumber(c.rate.value), from: Math.max(0, from), to: Math.min(months - 1, to), lines: Int32Array.from(lines), parts, parties: partyIndex.size };
}

