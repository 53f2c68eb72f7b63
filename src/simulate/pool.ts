/**
 * Worker threads that run batches. A pool is started once and can run many simulations (the
 * benchmark keeps one warm); results are placed by batch number, so the outcome does not depend
 * on the number of workers or on which finishes first.
 *
 * The run's paths live in shared memory (a PathStore over SharedArrayBuffers): each worker writes
 * its batches straight to their place, and the messages carry only batch numbers. Once every batch
 * is in, each worker summarizes a slice of the months (mean and percentile bands of closing cash)
 * into a shared array; the main thread adds the per-path figures. The main thread thus copies
 * nothing, and on a machine with as many cores as workers it leaves them the cores.
 *
 * Memory order: a worker bumps a shared counter with Atomics after writing a batch, and a worker
 * reads the counter with Atomics before summarizing, so the writes of every batch happen before
 * the reads (as the memory model defines it, not only as message passing happens to behave).
 *
 * Under tsx or vitest this module is TypeScript, and so is the worker: it is started through tsx's
 * require hook (a devDependency). From the compiled package (dist/) both are JavaScript and need
 * nothing else.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { SimulationUsageError } from "./codes.js";
import type { SimulationPlan } from "./plan.js";
import { PathStore, summarize, type PathArrays, type SimulationResult } from "./summary.js";

/** What a worker is sent: the plan with the shared store to write to (and a counter of batches written), then batch numbers, then a slice of months to summarize into `out`. */
export type WorkerRequest =
  | { readonly type: "plan"; readonly job: number; readonly plan: SimulationPlan; readonly store: PathArrays; readonly written: Int32Array }
  | { readonly type: "batch"; readonly job: number; readonly batch: number }
  | { readonly type: "months"; readonly job: number; readonly from: number; readonly to: number; readonly out: Float64Array };
export type WorkerReply =
  | { readonly type: "batch"; readonly job: number; readonly batch: number; readonly paths: number }
  | { readonly type: "months"; readonly job: number }
  | { readonly type: "error"; readonly job: number; readonly message: string };

/** Batches each worker holds at once: one running, one waiting, so that no worker idles between messages. */
const IN_FLIGHT = 2;

function startWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    // Node 20 does not carry tsx's ESM loader (--import) into worker threads; tsx's require hook
    // works there, and turns the worker's modules into CommonJS as it loads them.
    const tsx = createRequire(here).resolve("tsx/cjs/api");
    const entry = fileURLToPath(new URL("./worker.ts", here));
    return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`, { eval: true });
  }
  return new Worker(new URL("./worker.js", here));
}

export class SimulationPool {
  readonly size: number;
  private readonly workers: Worker[];
  private job = 0;
  private busy = false;

  /** Starts `size` worker threads; throws SimulationUsageError for a size below 1. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new SimulationUsageError(`a pool needs a whole number of workers above zero, not ${size}`);
    this.size = size;
    this.workers = Array.from({ length: size }, startWorker);
  }

  /** Runs every batch of the plan on the pool's workers and collects the paths (in a shared store). One run at a time per pool. */
  run(plan: SimulationPlan, onBatch?: (pathsDone: number) => void): Promise<PathStore> {
    return this.start(plan, onBatch, false).then((r) => r.store);
  }

  /** Runs every batch of the plan on the pool's workers, has them summarize the months, and returns the summary. One run at a time per pool. */
  simulate(plan: SimulationPlan, onBatch?: (pathsDone: number) => void): Promise<SimulationResult> {
    return this.start(plan, onBatch, true).then((r) => summarize(plan, r.store, r.months));
  }

  private start(plan: SimulationPlan, onBatch: ((pathsDone: number) => void) | undefined, summarizeMonths: boolean): Promise<{ store: PathStore; months?: Float64Array }> {
    if (this.busy) throw new SimulationUsageError("a simulation pool runs one simulation at a time");
    this.busy = true;
    const job = ++this.job;
    const store = new PathStore(plan, { shared: true });
    const written = new Int32Array(new SharedArrayBuffer(4));
    const M = plan.model.months;
    const months = new Float64Array(new SharedArrayBuffer(8 * (1 + plan.percentiles.length) * M));
    let next = 0;
    let done = 0;
    let paths = 0;
    let slices = 0;
    return new Promise((resolve, reject) => {
      const cleanups: Array<() => void> = [];
      const finish = (error?: Error): void => {
        cleanups.forEach((c) => c());
        this.busy = false;
        if (error) reject(error);
        else {
          Atomics.load(written, 0); // every batch's writes happen before the main thread reads them
          resolve(summarizeMonths ? { store, months } : { store });
        }
      };
      const feed = (w: Worker): void => {
        if (next < plan.batches) w.postMessage({ type: "batch", job, batch: next++ } satisfies WorkerRequest);
      };
      const summarizeSlices = (): void => {
        // Contiguous slices of months, one per worker (the first ones a month longer when they do not divide evenly).
        const W = Math.min(this.workers.length, M);
        if (W === 0) return finish();
        slices = W;
        for (let i = 0; i < W; i++) {
          const from = Math.floor((i * M) / W);
          const to = Math.floor(((i + 1) * M) / W);
          this.workers[i]!.postMessage({ type: "months", job, from, to, out: months } satisfies WorkerRequest);
        }
      };
      for (const w of this.workers) {
        const onMessage = (reply: WorkerReply): void => {
          if (reply.job !== job) return;
          if (reply.type === "error") return finish(new Error(`simulation worker failed: ${reply.message}`));
          if (reply.type === "months") {
            if (--slices === 0) finish();
            return;
          }
          store.written(reply.paths);
          done++;
          paths += reply.paths;
          onBatch?.(paths);
          if (done === plan.batches) return summarizeMonths ? summarizeSlices() : finish();
          feed(w);
        };
        const onError = (e: Error): void => finish(e);
        w.on("message", onMessage);
        w.on("error", onError);
        cleanups.push(() => {
          w.off("message", onMessage);
          w.off("error", onError);
        });
        w.postMessage({ type: "plan", job, plan, store: { cash: store.cash, firstShortfall: store.firstShortfall, lowest: store.lowest, outputs: store.outputs }, written } satisfies WorkerRequest);
      }
      for (let k = 0; k < IN_FLIGHT; k++) for (const w of this.workers) feed(w);
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
