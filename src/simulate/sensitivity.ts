/**
 * Sensitivities: each uncertain driver swung from a low to a high quantile of its distribution
 * (p10 → p90 by default) while every other driver stays at its base and every condition at its
 * base case, giving a tornado table sorted by swing. All swings are one kernel run: lane 0 is the
 * base, lanes 2i+1 and 2i+2 hold driver i low and high.
 */
import { CashAccumulator } from "./cash.js";
import { simulationError, type SimulationStaged } from "./codes.js";
import { quantile } from "./distributions.js";
import type { SimulationModel } from "./from-model.js";
import { Evaluator } from "./kernel.js";
import { planSimulation, type DriverUncertainty, type OutputSpec } from "./plan.js";

/** What the tornado measures: closing cash at the horizon's end, the lowest closing cash, or an output line. */
export type SensitivityMeasure = { readonly kind: "final-cash" } | { readonly kind: "lowest-cash" } | { readonly kind: "output"; readonly output: OutputSpec };

export interface SensitivityOptions {
  readonly drivers: readonly DriverUncertainty[];
  readonly measure?: SensitivityMeasure;
  /** Quantiles of each driver's distribution to swing between (default 0.1 and 0.9; 0 and 1 give the whole range of a bounded distribution). */
  readonly low?: number;
  readonly high?: number;
  /** The scenario that fixes conditions (default "base"). */
  readonly scenario?: string;
}

export interface TornadoRow {
  readonly driver: string;
  /** The driver's values at the low and high quantiles (its own units: major units for money). */
  readonly lowInput: number;
  readonly highInput: number;
  /** The measure with the driver low and high (minor units for money). */
  readonly lowOutput: number;
  readonly highOutput: number;
  /** |highOutput − lowOutput|. */
  readonly swing: number;
}

export interface Tornado {
  readonly measure: string;
  readonly currency: string;
  /** Whether the measure is money (minor units) or a plain number. */
  readonly money: boolean;
  /** The measure with every driver at its base. */
  readonly base: number;
  /** Largest swing first. */
  readonly rows: readonly TornadoRow[];
}

export function sensitivities(model: SimulationModel, options: SensitivityOptions): SimulationStaged<Tornado | undefined> {
  const measure = options.measure ?? { kind: "final-cash" };
  const low = options.low ?? 0.1;
  const high = options.high ?? 0.9;
  // The plan checks drivers, distributions, the scenario and the output line, with the usual diagnostics.
  const planned = planSimulation(model, { runs: 1, seed: 0, drivers: options.drivers, scenario: options.scenario ?? "base", outputs: measure.kind === "output" ? [measure.output] : [] });
  const diagnostics = [...planned.diagnostics];
  for (const [label, q] of [["low", low], ["high", high]] as const)
    if (!(q >= 0 && q <= 1)) diagnostics.push(simulationError("E_SIM_PROBABILITY_RANGE", `the ${label} quantile of the sensitivities is ${q}, outside 0..1`, { path: ["simulation", "sensitivities", label] }));
  if (low > high) diagnostics.push(simulationError("E_SIM_RANGE_ORDER", `the sensitivities swing from quantile ${low} down to ${high}`, { path: ["simulation", "sensitivities"] }));
  const plan = planned.value;
  if (!plan || diagnostics.some((d) => d.severity === "error")) return { value: undefined, diagnostics };

  const program = model.program;
  const D = plan.sampled.length;
  const S = 1 + 2 * D;
  const M = model.months;
  const ev = new Evaluator(program, S);
  const inputs = plan.sampled.map((s) => {
    // Quantile 0 or 1 of a distribution with an unbounded tail is infinite: use the tail's 0.1 % point.
    const at = (q: number): number => {
      const x = quantile(s.distribution, q);
      return Number.isFinite(x) ? x : quantile(s.distribution, Math.min(Math.max(q, 1e-3), 1 - 1e-3));
    };
    return { low: at(low), high: at(high) };
  });
  plan.sampled.forEach((s, i) => {
    const lanes = ev.driverLanes(s.driver);
    const scale = program.driverDimensions[s.driver] === "money" ? program.minorScale : 1;
    lanes[2 * i + 1] = (inputs[i]?.low ?? 0) * scale;
    lanes[2 * i + 2] = (inputs[i]?.high ?? 0) * scale;
  });
  ev.recompute();
  const C = plan.conditions.length;
  const met = new Uint8Array(C * S);
  plan.conditions.forEach((rule, c) => met.fill(rule.probability >= 1 ? 1 : 0, c * S, (c + 1) * S));
  const cash = new Float64Array(M * S);
  new CashAccumulator(plan.model, S).run(ev.values, { met, position: new Float64Array(C * S).fill(-1) }, cash);

  const valueOf = (lane: number): number => {
    if (measure.kind === "final-cash") return cash[(M - 1) * S + lane] ?? Number.NaN;
    if (measure.kind === "lowest-cash") {
      let lowest = Infinity;
      for (let m = 0; m < M; m++) lowest = Math.min(lowest, cash[m * S + lane] ?? Infinity);
      return lowest;
    }
    const o = plan.outputs[0];
    if (!o) return Number.NaN;
    const base = o.line * M * S;
    if (o.reduce === "final") return ev.values[base + o.month * S + lane] ?? Number.NaN;
    let acc = o.reduce === "sum" ? 0 : (ev.values[base + lane] ?? Number.NaN);
    for (let m = o.reduce === "sum" ? 0 : 1; m < M; m++) {
      const v = ev.values[base + m * S + lane] ?? Number.NaN;
      acc = o.reduce === "sum" ? acc + v : o.reduce === "min" ? Math.min(acc, v) : Math.max(acc, v);
    }
    return acc;
  };
  const rows = plan.sampled.map((s, i) => {
    const lowOutput = valueOf(2 * i + 1);
    const highOutput = valueOf(2 * i + 2);
    return { driver: program.driverNames[s.driver] ?? "", lowInput: inputs[i]?.low ?? Number.NaN, highInput: inputs[i]?.high ?? Number.NaN, lowOutput, highOutput, swing: Math.abs(highOutput - lowOutput) };
  });
  rows.sort((a, b) => b.swing - a.swing || (a.driver < b.driver ? -1 : 1));
  const output = measure.kind === "output" ? plan.outputs[0] : undefined;
  return {
    value: {
      measure: measure.kind === "output" ? measure.output.name : measure.kind === "final-cash" ? "closing cash at the horizon's end" : "lowest closing cash",
      currency: model.currency,
      money: output ? program.lineDimensions[output.line] === "money" : true,
      base: valueOf(0),
      rows,
    },
    diagnostics,
  };
}
