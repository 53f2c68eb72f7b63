/**
 * A request's model text to a checked `ModelInput` (src/model), with the texts read along the way
 * kept for rendering diagnostics. Flow files are read through the request's reader only.
 */
import { readModelText, type LoadModelResult } from "../model/index.js";
import type { FlowFileReader } from "../model/flows.js";
import type { SourceFile } from "../syntax/source.js";
import type { FileReader, ModelRequest } from "./request.js";

export function readRequestModel(request: ModelRequest): LoadModelResult {
  const sources = new Map<string, SourceFile>([[request.file, { path: request.file, text: request.text }]]);
  const readFlowFile = request.readFile ? flowFileReader(request.readFile, sources) : undefined;
  return { ...readModelText(request.file, request.text, readFlowFile), sources };
}

/** The model reader's view of a `FileReader`: the text (kept among the sources), or why not, for its own diagnostic at the `flow-files:` entry. */
function flowFileReader(readFile: FileReader, sources: Map<string, SourceFile>): FlowFileReader {
  return (path) => {
    const read = readFile(path);
    if (read.ok) {
      sources.set(path, { path, text: read.text });
      return { text: read.text };
    }
    const missing = read.diagnostic.code === "E_FILE_NOT_FOUND";
    return { problem: missing ? "no such file" : read.diagnostic.message, missing };
  };
}
