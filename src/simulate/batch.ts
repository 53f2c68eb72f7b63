/**
 * One batch of Monte Carlo paths: draw the batch's drivers and conditions from its own stream,
 * then run the path kernel (path-kernel.ts) with one lane per path, which works out each path's
 * lines, cash and the figures the summary needs and writes them where they belong: into the run's
 * store (`runInto`, on the main thread or, shared, from a worker) or into a BatchResult of its own
 * (`run`). The same code runs on the main thread and in workers.
 *
 * Draw order within a batch (fixed, so that a batch's numbers depend only on seed and batch):
 *   1. correlated drivers: for each copula driver k, one normal per path;
 *   2. independent sampled drivers, in the order the spec lists them: one uniform per path;
 *   3. conditions that are drawn, in model order: one uniform per path for met, then one per path for the month.
 */
import { normalCdf, inverseNormal, quantile } from "./distributions.js";
import { PathKernel, type PathDestination } from "./path-kernel.js";
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
  private readonly kernel: PathKernel;
  private readonly streams: BatchStreams;
  private readonly met: Uint8Array;
  private readonly position: Float64Array;
  private readonly normals: Float64Array;

  constructor(plan: SimulationPlan) {
    this.plan = plan;
    const S = plan.batchSize;
    const C = plan.conditions.length;
    this.kernel = new PathKernel(plan.model, plan.outputs, S);
    this.streams = new BatchStreams(plan.seed);
    this.met = new Uint8Array(C * S);
    this.position = new Float64Array(C * S);
    this.normals = new Float64Array((plan.copula?.drivers.length ?? 0) * S);
  }

  /** Runs batch `batch` into a BatchResult of its own. */
  run(batch: number): BatchResult {
    const plan = this.plan;
    const P = Math.min(plan.batchSize, plan.runs - batch * plan.batchSize);
    const result = { batch, paths: P, cash: new Float64Array(plan.model.months * P), firstShortfall: new Int32Array(P), lowest: new Float64Array(P), outputs: new Float64Array(plan.outputs.length * P) };
    this.runInto(batch, { ...result, stride: P, offset: 0 });
    return result;
  }

  /** Runs batch `batch` and writes its paths to `to` (for a PathStore: its `destination(batch)`). Returns the number of paths. */
  runInto(batch: number, to: PathDestination): number {
    const plan = this.plan;
    const S = plan.batchSize;
    const P = Math.min(S, plan.runs - batch * S);
    const rng = this.streams.stream(batch);
    const program = plan.model.program;
    const ev = this.kernel;

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

    ev.run(this.met, this.position, P, to);
    return P;
  }
}
