/**
 * A worker thread that runs batches: it receives a plan once, with the run's shared store, then
 * batch numbers; it writes each batch's paths straight into the store and replies with the batch
 * number only. Last, it may be asked to summarize a slice of months of the store. Started by
 * pool.ts.
 */
import { parentPort } from "node:worker_threads";
import { BatchRunner } from "./batch.js";
import type { WorkerReply, WorkerRequest } from "./pool.js";
import { destination, summarizeMonths, type PathArrays } from "./summary.js";

const port = parentPort;
if (!port) throw new Error("src/simulate/worker is meant to run in a worker thread");

let job: { runner: BatchRunner; store: PathArrays; written: Int32Array } | undefined;
port.on("message", (request: WorkerRequest) => {
  try {
    if (request.type === "plan") {
      job = { runner: new BatchRunner(request.plan), store: request.store, written: request.written };
      return;
    }
    if (!job) throw new Error("a request arrived before its plan");
    const plan = job.runner.plan;
    if (request.type === "batch") {
      const paths = job.runner.runInto(request.batch, destination(job.store, plan.runs, request.batch * plan.batchSize));
      Atomics.add(job.written, 0, 1); // publishes the batch's writes (see pool.ts)
      port.postMessage({ type: "batch", job: request.job, batch: request.batch, paths } satisfies WorkerReply);
      return;
    }
    Atomics.load(job.written, 0); // sees every batch's writes
    summarizeMonths(job.store.cash, plan.runs, plan.model.months, plan.percentiles, request.from, request.to, request.out);
    port.postMessage({ type: "months", job: request.job } satisfies WorkerReply);
  } catch (e) {
    const reply: WorkerReply = { type: "error", job: request.job, message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    port.postMessage(reply);
  }
});
