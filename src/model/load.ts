/**
 * Reading a model file, one stage per line:
 *
 *     text --parseYamlTree--> YAML tree --readModelShape--> draft --checkReferences, checkTimeline--> ModelInput
 *
 * Every stage collects its problems as diagnostics; the model is returned only when none of them
 * is an error. No input makes these functions throw.
 */
import { readFileSync, statSync } from "node:fs";
import { error, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../syntax/source.js";
import { checkReferences } from "./check-references.js";
import { checkTimeline } from "./check-timeline.js";
import { completeDraft } from "./draft.js";
import { checkEquityReferences } from "./equity.js";
import { checkSimulationReferences } from "./simulation.js";
import { checkFlowReferences, checkFlowTimeline, readFlowFiles, type FlowFileReader } from "./flows.js";
import { ModelReader } from "./reader.js";
import { readModelShape } from "./shape.js";
import type { ModelInput } from "./types.js";
import { parseYamlTree } from "./yaml-document.js";

export interface ReadModelResult {
  /** Present only when there is no error (warnings allowed). */
  readonly model?: ModelInput;
  readonly diagnostics: Diagnostic[];
}

export interface LoadModelResult extends ReadModelResult {
  /** The file's text by path, for rendering diagnostics. Empty when the file could not be read. */
  readonly sources: Map<string, SourceFile>;
}

/**
 * Reads a model from YAML or JSON text. Pure: `file` is only the name spans refer to. The CSV
 * files under `flow-files:` are read through `readFile` (paths relative to `file`'s folder);
 * without it, naming a flow file is an error.
 * Returns every problem found, all at once.
 */
export function readModelText(file: string, text: string, readFile?: FlowFileReader): ReadModelResult {
  const tree = parseYamlTree(file, text); //                    text -> YAML tree, syntax errors
  if (tree.diagnostics.length > 0) return { diagnostics: tree.diagnostics };
  const reader = new ModelReader(file, text);
  const { draft, flowFiles } = readModelShape(reader, tree.root); // YAML tree -> draft, shape errors
  const fileDiagnostics = readFlowFiles(draft, flowFiles, readFile); //   CSV flow files -> flows, row errors
  const shapeOk = !hasErrors(reader.diagnostics);
  const diagnostics = [
    ...reader.diagnostics,
    ...fileDiagnostics,
    ...checkFlowReferences(draft), //                                 payers and payees of flows
    ...checkFlowTimeline(draft), //                                   flow dates against the horizon
    ...checkReferences(draft, { warnUnusedConditions: shapeOk }), // names, kinds, loops
    ...checkTimeline(draft), //                                       dates against horizon and rounds
    ...checkEquityReferences(draft.equity, draft), //                  classes, pools, companies, rounds of the equity sections
    ...checkSimulationReferences(draft.drivers, draft.scenarios, draft.simulation, draft.declared, draft.forecasts.flatMap((f) => f.lines.flatMap((l) => (l.scale ? [{ line: l.name, scale: l.scale }] : [])))), // drivers, scenarios, simulation
  ];
  if (hasErrors(diagnostics)) return { diagnostics };
  const model = completeDraft(draft);
  return model ? { model, diagnostics } : { diagnostics };
}

/** File names a model may have; JSON is read by the YAML parser, which keeps positions. */
const MODEL_EXTENSIONS = [".yaml", ".yml", ".json"];

/**
 * Reads a model file from disk. Problems with the file itself (missing, a directory, unreadable,
 * an extension other than .yaml, .yml or .json) are diagnostics too.
 */
export function loadModelFile(path: string): LoadModelResult {
  const sources = new Map<string, SourceFile>();
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) {
    return { diagnostics: [error("E_FILE_NOT_FOUND", `no such file: ${path}`, { span: { file: path, start: 0, end: 0 }, hint: "check the path; model files end in .yaml, .yml or .json" })], sources };
  }
  if (!stat.isFile()) {
    return { diagnostics: [error("E_FILE_UNREADABLE", `${path} is not a file`, { span: { file: path, start: 0, end: 0 }, hint: "give the path of a .yaml, .yml or .json model file" })], sources };
  }
  if (!MODEL_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext))) {
    return { diagnostics: [error("E_FILE_UNREADABLE", `${path} is not a .yaml, .yml or .json file`, { span: { file: path, start: 0, end: 0 }, hint: "rename it, or convert it to YAML" })], sources };
  }
  const text = readText(path);
  if (typeof text !== "string") return { diagnostics: [text], sources };
  sources.set(path, { path, text });
  const readFlowFile: FlowFileReader = (file) => {
    const read = readText(file);
    if (typeof read !== "string") return { problem: statSync(file, { throwIfNoEntry: false }) ? read.message : "no such file", missing: !statSync(file, { throwIfNoEntry: false }) };
    sources.set(file, { path: file, text: read });
    return { text: read };
  };
  return { ...readModelText(path, text, readFlowFile), sources };
}

/** The file's text, or the reason it cannot be read (permissions, a race with deletion). */
function readText(path: string): string | Diagnostic {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    // The file system is outside the program: its failures are reported, not thrown.
    const reason = e instanceof Error ? e.message : String(e);
    return error("E_FILE_UNREADABLE", `cannot read ${path}: ${reason}`, { span: { file: path, start: 0, end: 0 } });
  }
}
