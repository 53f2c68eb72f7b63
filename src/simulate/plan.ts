/**
 * What a Monte Carlo run is asked to do (`SimulationSpec`, as a caller or a model file states it)
 * and the checked, resolved plan that batches run (`SimulationPlan`, plain data for workers).
 *
 *     SimulationModel + SimulationSpec --planSimulation--> SimulationPlan --runSimulation--> SimulationResult
 *
 * Every problem in the spec is a diagnostic, all of them at once; a plan is returned only when
 * there is none of severity error.
 */
import type { Path } from "../diagnostics/diagnostic.js";
import type { Located } from "../model/types.js";
import type { Month } from "../time/month.js";
import { simulationError, type SimulationDiagnostic, type SimulationStaged } from "./codes.js";
import { planCopula, type CopulaPlan, type CorrelationSpec } from "./correlation.js";
import { checkDistribution, type Distribution } from "./distributions.js";
import type { SimulationModel, TranchePlan } from "./from-model.js";

/** A driver whose value is uncertain. */
export interface DriverUncertainty {
  readonly driver: string;
  readonly distribution: Distribution;
  readonly at?: Located;
}

/** Overrides a condition's probability or window for the simulation. */
export interface ConditionOverride {
  readonly condition: string;
  readonly probability?: number;
  /** Months; the condition's month is drawn uniformly in it (tranches with their own window keep theirs). */
  readonly window?: { readonly from: Month; readonly to: Month };
  readonly at?: Located;
}

/** A per-run figure to report as percentiles: a line of the program, reduced over months. */
export interface OutputSpec {
  readonly name: string;
  readonly line: string;
  /** How months are reduced (default "final": the last month of the horizon, or `month`). */
  readonly reduce?: "final" | "sum" | "min" | "max";
  /** For "final": this month instead of the horizon's last. */
  readonly month?: Month;
  readonly at?: Located;
}

/** The standard scenarios the ledger knows; naming one fixes every condition instead of drawing it. */
export const SCENARIO_NAMES = ["base", "with-conditional", "without-conditional"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface SimulationSpec {
  readonly runs: number;
  readonly seed: number;
  /**
   * Paths per batch (default 500). Batches are the unit of reproducibility: the same seed and
   * batch size give the same result on any number of workers. Changing it changes the draws.
   */
  readonly batchSize?: number;
  /** Percentiles to report, 0..100 (default 10, 50, 90). */
  readonly percentiles?: readonly number[];
  readonly drivers?: readonly DriverUncertainty[];
  readonly conditions?: readonly ConditionOverride[];
  readonly correlation?: CorrelationSpec;
  /** Fix every condition as in this scenario (each met at its expected month, or not) instead of drawing it. */
  readonly scenario?: string;
  readonly outputs?: readonly OutputSpec[];
}

/** How each condition is decided in a run: drawn with a probability, or fixed. */
export interface ConditionRule {
  /** Probability of being met; 0 or 1 for a fixed condition. */
  readonly probability: number;
  /** Draw the month in the window (true), or take the expected month (false: a fixed scenario). */
  readonly drawMonth: boolean;
}

export interface SimulationPlan {
  readonly model: SimulationModel;
  readonly runs: number;
  readonly seed: number;
  readonly batchSize: number;
  readonly batches: number;
  readonly percentiles: readonly number[];
  /** Sampled drivers: program driver index, distribution, and position in the copula (-1: independent). */
  readonly sampled: ReadonlyArray<{ readonly driver: number; readonly distribution: Distribution; readonly copula: number }>;
  readonly copula: CopulaPlan | undefined;
  readonly conditions: readonly ConditionRule[];
  readonly outputs: ReadonlyArray<{ readonly name: string; readonly line: number; readonly reduce: "final" | "sum" | "min" | "max"; readonly month: number }>;
}

// Not a power of two: with 512 lanes every line's row of a month sits a multiple of 4 KiB from the
// others, and the CPU's 4K aliasing and cache-set conflicts make the kernel about 3× slower.
export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_PERCENTILES: readonly number[] = [10, 50, 90];

const ROOT: Path = ["simulation"];

export function planSimulation(model: SimulationModel, spec: SimulationSpec): SimulationStaged<SimulationPlan | undefined> {
  const diagnostics: SimulationDiagnostic[] = [];
  const at = (located: Located | undefined, path: Path): { span?: Located["span"]; path: Path } => (located ? { span: located.span, path: located.path } : { path });
  const program = model.program;

  if (!Number.isInteger(spec.runs) || spec.runs <= 0) diagnostics.push(simulationError("E_SIM_RUNS", `the number of runs must be a whole number above zero, not ${spec.runs}`, { path: [...ROOT, "runs"], hint: "10000 runs give percentiles to about a percent" }));
  const batchSize = spec.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize <= 0) diagnostics.push(simulationError("E_SIM_RUNS", `the batch size must be a whole number above zero, not ${batchSize}`, { path: [...ROOT, "batch-size"] }));
  if (!Number.isFinite(spec.seed)) diagnostics.push(simulationError("E_SIM_PARAMETER", `the seed must be a number, not ${spec.seed}`, { path: [...ROOT, "seed"] }));
  const percentiles = [...(spec.percentiles ?? DEFAULT_PERCENTILES)].sort((a, b) => a - b);
  for (const p of percentiles) if (!(p >= 0 && p <= 100)) diagnostics.push(simulationError("E_SIM_PERCENTILE", `percentile ${p} is outside 0..100`, { path: [...ROOT, "percentiles"] }));

  // Drivers and their distributions.
  const sampled: Array<{ driver: number; distribution: Distribution; copula: number }> = [];
  (spec.drivers ?? []).forEach((u, i) => {
    const path = [...ROOT, "drivers", u.driver];
    const d = program.driverNames.indexOf(u.driver);
    if (d < 0) {
      diagnostics.push(simulationError("E_SIM_UNKNOWN_DRIVER", `"${u.driver}" is not a driver of the model`, { ...at(u.at, path), hint: `drivers: ${program.driverNames.join(", ") || "(none)"}` }));
      return;
    }
    if (sampled.some((s) => s.driver === d)) {
      diagnostics.push(simulationError("E_SIM_PARAMETER", `"${u.driver}" is given a distribution twice (entry ${i + 1})`, at(u.at, path)));
      return;
    }
    diagnostics.push(...checkDistribution(u.distribution, u.driver, path, u.at));
    sampled.push({ driver: d, distribution: u.distribution, copula: -1 });
  });

  // Correlation between drivers.
  let copula: CopulaPlan | undefined;
  if (spec.correlation) {
    const planned = planCopula(spec.correlation, program.driverNames, [...ROOT, "correlation"]);
    diagnostics.push(...planned.diagnostics);
    copula = planned.value;
    if (copula) {
      copula.drivers.forEach((d, k) => {
        const s = sampled.find((x) => x.driver === d);
        if (s) s.copula = k;
        else diagnostics.push(simulationError("E_SIM_UNKNOWN_DRIVER", `"${program.driverNames[d]}" is correlated but has no distribution`, { path: [...ROOT, "correlation"], hint: "give every correlated driver a distribution" }));
      });
    }
  }

  // Conditions: a scenario fixes them; otherwise each is drawn with its (overridden) probability.
  const scenario = spec.scenario;
  if (scenario !== undefined && !(SCENARIO_NAMES as readonly string[]).includes(scenario))
    diagnostics.push(simulationError("E_SIM_UNKNOWN_SCENARIO", `"${scenario}" is not a scenario`, { path: [...ROOT, "scenario"], hint: `scenarios: ${SCENARIO_NAMES.join(", ")}` }));
  const plans = model.cash.conditions;
  const probability = plans.map((c) => c.probability ?? (c.baseMet ? 1 : 0));
  const windows = plans.map((c) => c.window);
  for (const o of spec.conditions ?? []) {
    const path = [...ROOT, "conditions", o.condition];
    const c = plans.findIndex((x) => x.name === o.condition);
    if (c < 0) {
      diagnostics.push(simulationError("E_SIM_UNKNOWN_CONDITION", `"${o.condition}" is not a condition of the model`, { ...at(o.at, path), hint: `conditions: ${plans.map((x) => x.name).join(", ") || "(none)"}` }));
      continue;
    }
    if (o.probability !== undefined) {
      if (!(o.probability >= 0 && o.probability <= 1)) diagnostics.push(simulationError("E_SIM_PROBABILITY_RANGE", `the probability of "${o.condition}" is ${o.probability}, outside 0..1`, at(o.at, path)));
      else probability[c] = o.probability;
    }
    if (o.window) {
      if (o.window.to < o.window.from) diagnostics.push(simulationError("E_SIM_WINDOW_ORDER", `the window of "${o.condition}" ends before it starts`, at(o.at, path)));
      else windows[c] = { from: o.window.from - model.start, to: o.window.to - model.start };
    }
  }
  const conditions: ConditionRule[] = plans.map((c, i) => {
    if (scenario === "base") return { probability: c.baseMet ? 1 : 0, drawMonth: false };
    if (scenario === "with-conditional") return { probability: 1, drawMonth: false };
    if (scenario === "without-conditional") return { probability: 0, drawMonth: false };
    return { probability: probability[i] ?? 0, drawMonth: true };
  });
  const tranches: TranchePlan[] = model.cash.tranches.map((t) => {
    const w = windows[t.condition];
    return t.ownWindow || !w ? t : { ...t, from: w.from, to: w.to };
  });

  // Outputs.
  const outputs: Array<{ name: string; line: number; reduce: "final" | "sum" | "min" | "max"; month: number }> = [];
  for (const o of spec.outputs ?? []) {
    const path = [...ROOT, "outputs", o.name];
    const line = program.lineNames.indexOf(o.line);
    if (line < 0) {
      diagnostics.push(simulationError("E_SIM_UNKNOWN_OUTPUT", `output "${o.name}" reads "${o.line}", which is not a line of ${model.company}`, { ...at(o.at, path), hint: `lines: ${program.lineNames.join(", ") || "(none)"}` }));
      continue;
    }
    const month = o.month === undefined ? model.months - 1 : o.month - model.start;
    if (month < 0 || month >= model.months) {
      diagnostics.push(simulationError("E_SIM_UNKNOWN_OUTPUT", `output "${o.name}" reads a month outside the horizon`, at(o.at, path)));
      continue;
    }
    outputs.push({ name: o.name, line, reduce: o.reduce ?? "final", month });
  }

  if (diagnostics.some((d) => d.severity === "error")) return { value: undefined, diagnostics };
  return {
    value: {
      model: { ...model, cash: { ...model.cash, tranches } },
      runs: spec.runs,
      seed: spec.seed,
      batchSize,
      batches: Math.ceil(spec.runs / batchSize),
      percentiles,
      sampled,
      copula,
      conditions,
      outputs,
    },
    diagnostics,
  };
}
