/**
 * Worker threads that run batches. A pool is started once and can run many simulations (the
 * benchmark keeps one warm); results are placed by batch number, so the outcome does not depend
 * on the number of workers or on which finishes first.
 *
 * Under tsx or vitest this module is TypeScript, and so is the worker: it is started through tsx's
 * require hook (a devDependency). From the compiled package (dist/) both are JavaScript and need
 * nothing else.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { BatchResult } from "./batch.js";
import { SimulationUsageError } from "./codes.js";
import type { SimulationPlan } from "./plan.js";
import { PathStore } from "./summary.js";

export type WorkerRequest = { readonly type: "plan"; readonly job: number; readonly plan: SimulationPlan } | { readonly type: "batch"; readonly job: number; readonly batch: number };
export type WorkerReply = { readonly type: "result"; readonly job: number; readonly result: BatchResult } | { readonly type: "error"; readonly job: number; readonly message: string };

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

  /** Runs every batch of the plan on the pool's workers and collects the paths. One run at a time per pool. */
  run(plan: SimulationPlan, onBatch?: (pathsDone: number) => void): Promise<PathStore> {
    if (this.busy) throw new SimulationUsageError("a simulation pool runs one simulation at a time");
    this.busy = true;
    const job = ++this.job;
    const store = new PathStore(plan);
    let next = 0;
    let done = 0;
    let paths = 0;
    return new Promise<PathStore>((resolve, reject) => {
      const cleanups: Array<() => void> = [];
      const finish = (error?: Error): void => {
        cleanups.forEach((c) => c());
        this.busy = false;
        if (error) reject(error);
        else resolve(store);
      };
      const feed = (w: Worker): void => {
        if (next < plan.batches) w.postMessage({ type: "batch", job, batch: next++ } satisfies WorkerRequest);
      };
      for (const w of this.workers) {
        const onMessage = (reply: WorkerReply): void => {
          if (reply.job !== job) return;
          if (reply.type === "error") return finish(new Error(`simulation worker failed: ${reply.message}`));
          store.absorb(reply.result);
          done++;
          paths += reply.result.paths;
          onBatch?.(paths);
          if (done === plan.batches) return finish();
          feed(w);
        };
        const onError = (e: Error): void => finish(e);
        w.on("message", onMessage);
        w.on("error", onError);
        cleanups.push(() => {
          w.off("message", onMessage);
          w.off("error", onError);
        });
        w.postMessage({ type: "plan", job, plan } satisfies WorkerRequest);
      }
      for (let k = 0; k < IN_FLIGHT; k++) for (const w of this.workers) feed(w);
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
