/**
 * One batch of Monte Carlo paths: draw the batch's drivers and conditions from its own stream,
 * run the kernel with one lane per path, work out cash, and reduce each path to the figures the
 * summary needs. The same code runs on the main thread and in workers.
 *
 * Draw order within a batch (fixed, so that a batch's numbers depend only on seed and batch):
 *   1. correlated drivers: for each copula driver k, one normal per path;
 *   2. independent sampled drivers, in the order the spec lists them: one uniform per path;
 *   3. conditions that are drawn, in model order: one uniform per path for met, then one per path for the month.
 */
import { CashAccumulator } from "./cash.js";
import { normalCdf, inverseNormal, quantile } from "./distributions.js";
import { Evaluator } from "./kernel.js";
import type { SimulationPlan } from "./plan.js";
import { BatchStreams, nextUniform } from "./random.js";

/** A batch's paths, reduced. Plain data with transferable buffers. */
export interface BatchResult {
  readonly batch: number;
  readonly paths: number;
  /** Closing cash, month-major: cash[m * paths + p], minor units. */
  readonly cash: Float64Array;
  /** First month index with cash below zero, or -1. */
  readonly firstShortfall: Int32Array;
  /** Lowest closing cash over the horizon. */
  readonly lowest: Float64Array;
  /** outputs[o * paths + p]. */
  readonly outputs: Float64Array;
}

export class BatchRunner {
  readonly plan: SimulationPlan;
  private readonly evaluator: Evaluator;
  private readonly streams: BatchStreams;
  private readonly cash: Float64Array;
  private readonly met: Uint8Array;
  private readonly position: Float64Array;
  private readonly normals: Float64Array;
  private readonly cashAccumulator: CashAccumulator;

  constructor(plan: SimulationPlan) {
    this.plan = plan;
    const S = plan.batchSize;
    const C = plan.conditions.length;
    this.evaluator = new Evaluator(plan.model.program, S);
    this.streams = new BatchStreams(plan.seed);
    this.cash = new Float64Array(plan.model.months * S);
    this.met = new Uint8Array(C * S);
    this.position = new Float64Array(C * S);
    this.normals = new Float64Array((plan.copula?.drivers.length ?? 0) * S);
    this.cashAccumulator = new CashAccumulator(plan.model, S);
  }

  run(batch: number): BatchResult {
    const plan = this.plan;
    const S = plan.batchSize;
    const M = plan.model.months;
    const P = Math.min(S, plan.runs - batch * S);
    const rng = this.streams.stream(batch);
    const program = plan.model.program;
    const ev = this.evaluator;

    // 1. Correlated drivers through the Gaussian copula.
    const copula = plan.copula;
    if (copula) {
      const K = copula.drivers.length;
      const n = this.normals;
      for (let k = 0; k < K; k++) for (let p = 0; p < P; p++) n[k * S + p] = inverseNormal(nextUniform(rng));
      for (const s of plan.sampled) {
        if (s.copula < 0) continue;
        const k = s.copula;
        const lanes = ev.driverLanes(s.driver);
        const scale = program.driverDimensions[s.driver] === "money" ? program.minorScale : 1;
        for (let p = 0; p < P; p++) {
          let z = 0;
          for (let j = 0; j <= k; j++) z += copula.lower[k * K + j]! * n[j * S + p]!;
          lanes[p] = quantile(s.distribution, normalCdf(z)) * scale;
        }
        lanes.fill(program.driverBase[s.driver] ?? 0, P);
      }
    }
    // 2. Independent drivers.
    for (const s of plan.sampled) {
      if (s.copula >= 0) continue;
      const lanes = ev.driverLanes(s.driver);
      const scale = program.driverDimensions[s.driver] === "money" ? program.minorScale : 1;
      for (let p = 0; p < P; p++) lanes[p] = quantile(s.distribution, nextUniform(rng)) * scale;
      lanes.fill(program.driverBase[s.driver] ?? 0, P);
    }
    // 3. Conditions.
    plan.conditions.forEach((rule, c) => {
      const base = c * S;
      if (!rule.drawMonth) {
        this.met.fill(rule.probability >= 1 ? 1 : 0, base, base + S);
        this.position.fill(-1, base, base + S);
        return;
      }
      for (let p = 0; p < P; p++) this.met[base + p] = nextUniform(rng) < rule.probability ? 1 : 0;
      for (let p = 0; p < P; p++) this.position[base + p] = nextUniform(rng);
      this.met.fill(0, base + P, base + S);
    });

    ev.recompute();
    this.cashAccumulator.run(ev.values, { met: this.met, position: this.position }, this.cash);

    // Reduce: the cash paths, the first shortfall, the lowest balance, the outputs.
    const cash = new Float64Array(M * P);
    const firstShortfall = new Int32Array(P).fill(-1);
    const lowest = new Float64Array(P).fill(Infinity);
    for (let m = 0; m < M; m++) {
      const row = m * S;
      cash.set(this.cash.subarray(row, row + P), m * P);
      for (let p = 0; p < P; p++) {
        const v = this.cash[row + p]!;
        if (v < lowest[p]!) lowest[p] = v;
        if (v < 0 && firstShortfall[p] === -1) firstShortfall[p] = m;
      }
    }
    const outputs = new Float64Array(plan.outputs.length * P);
    const values = ev.values;
    plan.outputs.forEach((o, i) => {
      const base = o.line * M * S;
      for (let p = 0; p < P; p++) {
        let acc = o.reduce === "final" ? values[base + o.month * S + p]! : o.reduce === "sum" ? 0 : values[base + p]!;
        if (o.reduce !== "final")
          for (let m = o.reduce === "sum" ? 0 : 1; m < M; m++) {
            const v = values[base + m * S + p]!;
            acc = o.reduce === "sum" ? acc + v : o.reduce === "min" ? Math.min(acc, v) : Math.max(acc, v);
          }
        outputs[i * P + p] = acc;
      }
    });
    return { batch, paths: P, cash, firstShortfall, lowest, outputs };
  }
}

/** Everything in a batch result that can be transferred to another thread without copying. */
export const transferables = (r: BatchResult): ArrayBuffer[] => [r.cash.buffer, r.firstShortfall.buffer, r.lowest.buffer, r.outputs.buffer] as ArrayBuffer[];
