/**
 * A model file on disk as a request to the operations, read as the CLI reads it (src/cli/read-files.ts),
 * for tests of the operations on the examples.
 */
import { readModelRequest } from "../../cli/read-files.js";
import type { ModelRequest } from "../request.js";

export function modelFile(path: string): ModelRequest {
  const request = readModelRequest(path);
  if ("code" in request) throw new Error(`${path}: ${request.message}`);
  return request;
}
