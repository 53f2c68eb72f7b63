/**
 * What every command shares: where output goes, and how an operation's result becomes output
 * and an exit status. Commands are registered in commands/index.ts, one file each.
 */
import type { Command } from "@commander-js/extra-typings";
import type { ModelRequest, OperationResult } from "../api/front-door.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnosticToJson, renderDiagnostics } from "../diagnostics/render.js";
import type { Json } from "../report/json-report.js";
import { readModelRequest } from "./read-files.js";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const EXIT = { ok: 0, modelErrors: 1, usage: 2 } as const;

/** Codes that describe the command line rather than the model. */
const USAGE_CODES: ReadonlySet<string> = new Set(["E_USAGE", "E_UNKNOWN_SCENARIO", "E_SIM_RUNS", "E_OCF_SCHEMAS"]);

/** The exit status of the command that ran; set by `finish`. */
export interface RunState {
  status: number;
}

export interface Rendered {
  readonly text: string;
  readonly json: { [key: string]: Json };
}

/**
 * Writes a result once, whole: the rendered value (when there is no error) on stdout, the
 * diagnostics on stderr — or, with `json`, one document holding both.
 */
export function finish<T>(io: Io, state: RunState, result: OperationResult<T>, json: boolean, render: (value: T) => Rendered): void {
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  // Errors that are all about the command line (an option's value, a scenario name) exit 2, as a
  // command line dealgraph cannot act on; any error in the model exits 1.
  const usageOnly = errors.length > 0 && errors.every((d) => USAGE_CODES.has(d.code));
  state.status = errors.length === 0 ? EXIT.ok : usageOnly ? EXIT.usage : EXIT.modelErrors;
  const rendered = result.value !== undefined && errors.length === 0 ? render(result.value) : undefined;
  if (json) {
    const doc = { ...(rendered?.json ?? {}), diagnostics: result.diagnostics.map((d) => diagnosticToJson(d, result.sources)) as unknown as Json };
    io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  if (rendered) io.stdout(rendered.text);
  const diagnostics = renderDiagnostics(result.diagnostics, result.sources);
  if (diagnostics) io.stderr(diagnostics);
}

/**
 * Reads the model file at `path` (the CLI's edge: src/cli/read-files.ts) and runs an operation on
 * its text; a file that cannot be read is the result's one diagnostic.
 */
export async function onModelFile<T>(path: string, run: (request: ModelRequest) => Promise<OperationResult<T>>): Promise<OperationResult<T>> {
  const request = readModelRequest(path);
  return "code" in request ? { diagnostics: [request], sources: new Map() } : run(request);
}

/** A command adds itself to the program; it renders through `finish`. */
export type CommandDefinition = (program: Command, io: Io, state: RunState) => void;

/**
 * A whole-number option (`--runs 100000`): the number, or a usage diagnostic naming the flag and
 * what was written. Commander hands options over as text; junk must not become NaN downstream.
 */
export function wholeNumberOption(text: string, flag: string, min: number, max: number): { value: number } | { problem: Diagnostic } {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (Number.isSafeInteger(value) && value >= min && value <= max) return { value };
  return { problem: error("E_USAGE", `${flag} "${text}" is not a whole number from ${min} to ${max.toLocaleString("en-US")}`) };
}

/** Writes usage problems and sets the exit status for a command line that cannot be acted on. */
export function refuseUsage(io: Io, state: RunState, problems: readonly Diagnostic[], json = false): void {
  if (json) io.stdout(`${JSON.stringify({ diagnostics: problems.map((d) => diagnosticToJson(d, new Map())) }, null, 2)}\n`);
  else io.stderr(renderDiagnostics(problems, new Map()));
  state.status = EXIT.usage;
}

