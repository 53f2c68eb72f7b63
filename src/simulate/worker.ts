/**
 * A worker thread that runs batches: it receives a plan once, then batch numbers, and posts back
 * each batch's result with its buffers transferred (not copied). Started by pool.ts.
 */
import { parentPort } from "node:worker_threads";
import { BatchRunner, transferables } from "./batch.js";
import type { WorkerReply, WorkerRequest } from "./pool.js";

const port = parentPort;
if (!port) throw new Error("src/simulate/worker is meant to run in a worker thread");

let runner: BatchRunner | undefined;
port.on("message", (request: WorkerRequest) => {
  try {
    if (request.type === "plan") {
      runner = new BatchRunner(request.plan);
      return;
    }
    if (!runner) throw new Error("a batch arrived before its plan");
    const result = runner.run(request.batch);
    const reply: WorkerReply = { type: "result", job: request.job, result };
    port.postMessage(reply, transferables(result));
  } catch (e) {
    const reply: WorkerReply = { type: "error", job: request.job, message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    port.postMessage(reply);
  }
});
