/**
 * Running a Monte Carlo simulation, one stage per line:
 *
 *     SimulationModel + SimulationSpec --planSimulation--> plan --batches (here or on workers)--> paths --summarize--> SimulationResult
 */
import { availableParallelism } from "node:os";
import { BatchRunner } from "./batch.js";
import type { SimulationStaged } from "./codes.js";
import type { SimulationModel } from "./from-model.js";
import { planSimulation, type SimulationPlan, type SimulationSpec } from "./plan.js";
import { SimulationPool } from "./pool.js";
import { PathStore, summarize, type SimulationResult } from "./summary.js";

export interface RunOptions {
  /**
   * Worker threads: 0 runs every batch on the calling thread. Default: 0 for up to 4 batches,
   * else one per core. Ignored when `pool` is given. The result does not depend on it.
   */
  readonly workers?: number;
  /** A pool to run on (kept warm by the caller; not closed here). */
  readonly pool?: SimulationPool;
  /** Called after each batch with the number of paths done so far. */
  readonly onProgress?: (pathsDone: number, runs: number) => void;
}

/** Plans and runs a simulation. Never throws for a problem in the model or the spec: those are diagnostics, and the value is undefined. */
export async function simulate(model: SimulationModel, spec: SimulationSpec, options: RunOptions = {}): Promise<SimulationStaged<SimulationResult | undefined>> {
  const planned = planSimulation(model, spec); //       spec -> checked plan, or diagnostics
  if (!planned.value) return { value: undefined, diagnostics: planned.diagnostics };
  const result = await runSimulation(planned.value, options); // plan -> paths -> summary
  return { value: result, diagnostics: planned.diagnostics };
}

/** Runs a checked plan on the calling thread or on workers. */
export async function runSimulation(plan: SimulationPlan, options: RunOptions = {}): Promise<SimulationResult> {
  const workers = options.pool ? options.pool.size : (options.workers ?? (plan.batches <= 4 ? 0 : availableParallelism()));
  const progress = options.onProgress ? (done: number): void => options.onProgress?.(done, plan.runs) : undefined;
  if (!options.pool && workers === 0) return runSimulationHere(plan, progress);
  const pool = options.pool ?? new SimulationPool(Math.min(workers, plan.batches));
  try {
    return await pool.simulate(plan, progress);
  } finally {
    if (!options.pool) await pool.close();
  }
}

/** Runs every batch on the calling thread. */
export function runSimulationHere(plan: SimulationPlan, onBatch?: (pathsDone: number) => void): SimulationResult {
  const runner = new BatchRunner(plan);
  const store = new PathStore(plan);
  let paths = 0;
  for (let b = 0; b < plan.batches; b++) {
    const done = runner.runInto(b, store.destination(b));
    store.written(done);
    paths += done;
    onBatch?.(paths);
  }
  return summarize(plan, store);
}
