/**
 * `simulate`: Monte Carlo over the model's drivers and conditions. The model's `drivers:` give
 * each uncertain input a base value and a distribution, `simulation:` the company to follow, the
 * correlation and condition settings; a named scenario fixes some of them first.
 *
 *     model --applyScenario--> model --compileModel--> compiled --prepareSimulation--> kernel model
 *           --simulate (workers)--> bands, run-out, gap   --sensitivities--> tornado
 *     compiled --stakeDistributions--> each investor's stake and round-trip share
 */
import { stakeDistributions, type InvestorDistribution } from "../analysis/stake-distribution.js";
import { compileModel } from "../compile/compile-model.js";
import { applyScenario } from "../compile/scenario.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { DistributionInput, DriverValue } from "../model/simulation-types.js";
import type { ModelInput } from "../model/types.js";
import { minorDigits } from "../money/money.js";
import { ratio, ratioToNumber } from "../money/ratio.js";
import { prepareSimulation, sensitivities, simulate, SCENARIO_NAMES, type CorrelationSpec, type Distribution, type DriverDefinition, type DriverUncertainty, type SimulationResult, type Tornado } from "../simulate/index.js";
import { readRequestModel } from "./read-model.js";
import type { ModelRequest, OperationResult } from "./request.js";

export interface SimulateOptions {
  readonly runs: number;
  readonly seed: number;
  /** A scenario of the model (its overrides apply), or base / with-conditional / without-conditional (conditions fixed). */
  readonly scenario?: string;
  /** The company to follow; default the model's `simulation.company`, or its only forecast. */
  readonly company?: string;
  /** Worker threads (default: one per core for long runs); the result does not depend on it. */
  readonly workers?: number;
  readonly percentiles?: readonly number[];
  readonly onProgress?: (pathsDone: number, runs: number) => void;
}

export interface SimulationReport {
  readonly model: string;
  readonly scenario?: string;
  readonly result: SimulationResult;
  readonly tornado?: Tornado;
  readonly drivers: ReadonlyArray<{ readonly name: string; readonly base: number; readonly money: boolean; readonly distribution?: Distribution }>;
  readonly stakes: readonly InvestorDistribution[];
}

/** A driver value in the kernel's units: major units for money, the number itself otherwise. */
const kernelValue = (v: DriverValue, currency: string): number => (v.dim === "money" ? Number(v.value) / 10 ** minorDigits(currency) : ratioToNumber(v.value));

function kernelDistribution(d: DistributionInput, currency: string): Distribution {
  const k = (v: DriverValue): number => kernelValue(v, currency);
  switch (d.kind) {
    case "uniform":
    case "range":
      return { kind: d.kind, low: k(d.low), high: k(d.high) };
    case "triangular":
      return { kind: "triangular", low: k(d.low), mode: k(d.mode), high: k(d.high) };
    case "normal":
      return { kind: "normal", mean: k(d.mean), sd: k(d.sd) };
    case "lognormal":
      return { kind: "lognormal", mu: ratioToNumber(d.mu), sigma: ratioToNumber(d.sigma) };
    case "discrete":
      return { kind: "discrete", values: d.values.map(k), probabilities: d.probabilities.map(ratioToNumber) };
  }
}

export async function simulateModel(request: ModelRequest & SimulateOptions): Promise<OperationResult<SimulationReport>> {
  const options = request;
  const path = request.file;
  const loaded = readRequestModel(request);
  const sources = loaded.sources;
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  if (!Number.isInteger(options.runs) || options.runs < 1) diagnostics.push(error("E_SIM_RUNS", `--runs ${options.runs} is not a number of runs`, { hint: "give a whole number above zero, e.g. --runs 100000" }));
  if (!Number.isInteger(options.seed) || options.seed < 0) diagnostics.push(error("E_USAGE", `--seed ${options.seed} is not a seed`, { hint: "give a whole number, 0 or more" }));
  if (!loaded.model || diagnostics.some((d) => d.severity === "error")) return { diagnostics, sources };
  let model: ModelInput = loaded.model;

  // A scenario of the model overrides drivers and conditions; a standard one fixes every condition.
  let standardScenario: string | undefined;
  if (options.scenario !== undefined) {
    if (model.scenarios.some((s) => s.name === options.scenario)) {
      const applied = applyScenario(model, options.scenario);
      diagnostics.push(...applied.diagnostics);
      if (!applied.value) return { diagnostics, sources };
      model = applied.value;
    } else if ((SCENARIO_NAMES as readonly string[]).includes(options.scenario)) standardScenario = options.scenario;
    else {
      const known = [...model.scenarios.map((s) => s.name), ...SCENARIO_NAMES];
      diagnostics.push(error("E_UNKNOWN_SCENARIO", `the model has no scenario "${options.scenario}"`, { hint: `${didYouMean(options.scenario, known, "scenario")}` }));
      return { diagnostics, sources };
    }
  }

  const compiled = compileModel(model);
  diagnostics.push(...compiled.diagnostics);
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics, sources };
  const companies = model.forecasts.map((f) => f.company.name);
  const company = options.company ?? model.simulation?.company.name ?? (companies.length === 1 ? companies[0] : undefined);
  if (company === undefined) {
    diagnostics.push(error("E_USAGE", companies.length === 0 ? `${path} has no forecast to simulate` : `${path} forecasts several companies: ${companies.join(", ")}`, { hint: companies.length === 0 ? "add a forecast with the company's revenue and cost lines" : "choose one with --company, or write `simulation: { company: … }` in the model" }));
    return { diagnostics, sources };
  }

  const currency = model.currency;
  // A driver a scenario fixed is no longer uncertain in that scenario.
  const fixed = new Set(model.scenarios.find((s) => s.name === options.scenario)?.drivers.map((d) => d.driver.name) ?? []);
  const definitions: DriverDefinition[] = model.drivers.map((d) => ({ name: d.name, dimension: d.base.value.dim, base: kernelValue(d.base.value, currency), at: d.at }));
  const uncertain: DriverUncertainty[] = model.drivers.flatMap((d) => (d.distribution && !fixed.has(d.name) ? [{ driver: d.name, distribution: kernelDistribution(d.distribution, currency), at: d.distribution.at }] : []));
  const prepared = prepareSimulation(compiled.value, { company, drivers: definitions });
  diagnostics.push(...(prepared.diagnostics as Diagnostic[]));
  if (!prepared.value || diagnostics.some((d) => d.severity === "error")) return { diagnostics, sources };

  const sim = model.simulation;
  // Correlation ties the uncertain drivers only: those a scenario fixed drop out of it.
  const drawn = new Set(uncertain.map((u) => u.driver));
  const rank = sim?.correlation?.kind === "rank" ? sim.correlation : undefined;
  const kept = rank ? rank.drivers.map((d, i) => [d.name, i] as const).filter(([name]) => drawn.has(name)) : [];
  const correlation: CorrelationSpec | undefined =
    rank && kept.length >= 2
      ? { kind: "rank", drivers: kept.map(([name]) => name), matrix: kept.map(([, i]) => kept.map(([, j]) => ratioToNumber(rank.matrix[i]?.[j] ?? ratio(0n)))), at: rank.at }
      : sim?.correlation?.kind === "factors"
        ? { kind: "factors", factors: sim.correlation.factors.map((f) => ({ name: f.name, loadings: Object.fromEntries(f.loadings.filter((l) => drawn.has(l.driver.name)).map((l) => [l.driver.name, ratioToNumber(l.loading)])) })), at: sim.correlation.at }
        : undefined;
  // A condition the scenario sets is met (or not) in every run; the others keep their settings.
  const scenarioConditions = new Map(model.scenarios.find((s) => s.name === options.scenario)?.conditions.map((c) => [c.condition.name, c.met ? 1 : 0]) ?? []);
  const conditions = [
    ...(sim?.conditions ?? [])
      .filter((c) => !scenarioConditions.has(c.condition.name))
      .map((c) => ({ condition: c.condition.name, ...(c.probability ? { probability: ratioToNumber(c.probability) } : {}), ...(c.window ? { window: { from: c.window.from, to: c.window.to } } : {}), at: c.at })),
    ...[...scenarioConditions].map(([condition, probability]) => ({ condition, probability })),
  ];
  const percentiles = options.percentiles ?? [10, 50, 90];
  const run = await simulate(
    prepared.value,
    { runs: options.runs, seed: options.seed, percentiles, drivers: uncertain, ...(correlation ? { correlation } : {}), conditions, ...(standardScenario ? { scenario: standardScenario } : {}) },
    { ...(options.workers !== undefined ? { workers: options.workers } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  );
  diagnostics.push(...(run.diagnostics as Diagnostic[]));
  if (!run.value) return { diagnostics, sources };
  const tornado = uncertain.length > 0 ? sensitivities(prepared.value, { drivers: uncertain, ...(standardScenario ? { scenario: standardScenario } : {}) }) : undefined;
  if (tornado) diagnostics.push(...(tornado.diagnostics as Diagnostic[]));
  const overrides = new Map(conditions.flatMap((c) => (c.probability !== undefined ? [[c.condition, c.probability] as const] : [])));
  const stakes = stakeDistributions(compiled.value, percentiles, (name) => (standardScenario === "with-conditional" ? 1 : standardScenario === "without-conditional" ? 0 : overrides.get(name)));
  const distributions = new Map(uncertain.map((u) => [u.driver, u.distribution]));
  return {
    value: {
      model: model.name,
      ...(options.scenario !== undefined ? { scenario: options.scenario } : {}),
      result: run.value,
      ...(tornado?.value ? { tornado: tornado.value } : {}),
      drivers: definitions.map((d) => ({ name: d.name, base: d.base, money: d.dimension === "money", ...(distributions.has(d.name) ? { distribution: distributions.get(d.name) } : {}) })),
      stakes,
    },
    diagnostics,
    sources,
  };
}
