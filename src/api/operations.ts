/**
 * The model operations of the front door (front-door.ts): check, report and flows. Each takes a
 * model's text and returns data plus diagnostics; none of them reads files, prints, exits or
 * reads flags.
 */
import { analyseModel, type DealAnalysis } from "../analysis/analyse-model.js";
import { analyseNetworkFlows, type FlowsAnalysis, type FlowsOptions } from "../analysis/network-flows.js";
import { compileModel } from "../compile/compile-model.js";
import { applyScenario } from "../compile/scenario.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { runEngine } from "../ledger/engine.js";
import { realizeLedger } from "../ledger/realize.js";
import { standardScenarios } from "../ledger/scenario.js";
import { FLOW_STATUSES, type FlowStatus } from "../network/index.js";
import { formatMonth, month, parseDate, type Month } from "../time/month.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { nearestName } from "../diagnostics/suggest.js";
import { readRequestModel } from "./read-model.js";
import type { ModelRequest, OperationResult } from "./request.js";

/** Reads and checks a model: `dealgraph check`. */
export function checkModel(request: ModelRequest): OperationResult<{ readonly ok: boolean }> {
  const loaded = readRequestModel(request);
  if (!loaded.model) return { diagnostics: loaded.diagnostics, sources: loaded.sources };
  const analysed = analyseModel(loaded.model, request.text);
  const diagnostics = [...loaded.diagnostics, ...analysed.diagnostics];
  return { value: { ok: !diagnostics.some((d) => d.severity === "error") }, diagnostics, sources: loaded.sources };
}

export interface ReportOptions {
  /** A scenario of the model: its driver values and conditions replace the base case. */
  readonly scenario?: string;
}

/** Reads, checks, compiles, runs and analyses a model: `dealgraph report`. */
export function reportModel(request: ModelRequest & ReportOptions): OperationResult<DealAnalysis> {
  const loaded = readRequestModel(request);
  if (!loaded.model) return { diagnostics: loaded.diagnostics, sources: loaded.sources };
  // A scenario of the model overrides drivers and conditions before anything is computed.
  const scenario = request.scenario !== undefined ? applyScenario(loaded.model, request.scenario) : { value: loaded.model, diagnostics: [] };
  if (!scenario.value) return { diagnostics: [...loaded.diagnostics, ...scenario.diagnostics], sources: loaded.sources };
  const analysed = analyseModel(scenario.value, request.text);
  return { ...(analysed.analysis ? { value: analysed.analysis } : {}), diagnostics: [...loaded.diagnostics, ...analysed.diagnostics], sources: loaded.sources };
}

/** What `dealgraph flows` reports: the network analysis, and the ledger check it rests on. */
export interface FlowsReport {
  readonly analysis: FlowsAnalysis;
  /** The ledger of every condition met, whose flows the analysis reads: postings, and whether every month sums to zero. */
  readonly ledger: { readonly postings: number; readonly balanced: boolean };
}

/**
 * Circular capital across the model's network: `dealgraph flows`. Reads the options' text
 * (`parseFlowsOptions`; problems of the request come back alone, with no source read), then
 * reads, checks and compiles the model and measures round trips, cycling and loops over the
 * window and statuses asked for.
 */
export function analyseFlows(request: ModelRequest & FlowsOptionsText): OperationResult<FlowsReport> {
  const parsed = parseFlowsOptions(request);
  if (!parsed.options) return { diagnostics: parsed.diagnostics, sources: new Map() };
  const options = parsed.options;
  const loaded = readRequestModel(request);
  if (!loaded.model) return { diagnostics: loaded.diagnostics, sources: loaded.sources };
  const compiled = compileModel(loaded.model); //                                   names, schedules, forecasts
  const diagnostics = [...loaded.diagnostics, ...compiled.diagnostics];
  if (hasErrors(compiled.diagnostics)) return { diagnostics, sources: loaded.sources };
  const ledger = realizeLedger(runEngine(compiled.value, standardScenarios(compiled.value).all), compiled.value.start, compiled.value.months); // the flows counted
  const analysed = analyseNetworkFlows(compiled.value, options); //                  the network metrics
  diagnostics.push(...analysed.diagnostics);
  if (!analysed.value) return { diagnostics, sources: loaded.sources };
  return { value: { analysis: analysed.value, ledger: { postings: ledger.postingCount, balanced: ledger.balanced } }, diagnostics, sources: loaded.sources };
}

/** The options of `dealgraph flows` as a front end receives them: text. */
export interface FlowsOptionsText {
  /** `2026-01..2030-12`; each end YYYY-MM, YYYY-MM-DD, or YYYY (from its January, to its December). */
  readonly window?: string;
  /** Comma-separated statuses, or `all`. */
  readonly status?: string;
  readonly weightConditional?: boolean;
}

/**
 * Checks the text of the options (E_BAD_DATE, E_WINDOW_ORDER, E_BAD_ENUM). These are problems of
 * the request, not of the model: a front end reports them as such (the CLI exits with 2).
 */
export function parseFlowsOptions(text: FlowsOptionsText): { readonly options?: FlowsOptions; readonly diagnostics: readonly Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let window: FlowsOptions["window"];
  if (text.window !== undefined) {
    const [left = "", right, ...rest] = text.window.split("..");
    const from = right === undefined || rest.length > 0 ? undefined : windowEnd(left.trim(), "from");
    const to = right === undefined || rest.length > 0 ? undefined : windowEnd(right.trim(), "to");
    if (from === undefined || to === undefined) {
      diagnostics.push(error("E_BAD_DATE", `--window "${text.window}" is not a span of months`, { hint: "write FROM..TO with months or years, e.g. --window 2026-01..2030-12 or --window 2026..2030" }));
    } else if (to < from) {
      diagnostics.push(error("E_WINDOW_ORDER", `--window ends (${formatMonth(to)}) before it starts (${formatMonth(from)})`, { hint: `did you mean --window ${formatMonth(to)}..${formatMonth(from)}?` }));
    } else {
      window = { from, to };
    }
  }
  let statuses: FlowStatus[] | undefined;
  if (text.status !== undefined && text.status.trim() !== "all") {
    statuses = [];
    for (const word of text.status.split(",").map((w) => w.trim()).filter((w) => w !== "")) {
      const status = FLOW_STATUSES.find((s) => s === word);
      if (status) statuses.push(status);
      else diagnostics.push(error("E_BAD_ENUM", `--status: "${word}" is not a status`, { hint: `${nearStatus(word)}the statuses are ${FLOW_STATUSES.join(", ")}, or all` }));
    }
    if (statuses.length === 0 && diagnostics.length === 0) diagnostics.push(error("E_BAD_ENUM", "--status names no status", { hint: `give some of ${FLOW_STATUSES.join(", ")}, or all` }));
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { options: { ...(window ? { window } : {}), ...(statuses ? { statuses } : {}), ...(text.weightConditional ? { weightConditional: true } : {}) }, diagnostics };
}

const nearStatus = (word: string): string => {
  const near = nearestName(word, FLOW_STATUSES);
  return near === undefined ? "" : `did you mean "${near}"? `;
};

/** One end of a window: a month, a day (its month), or a year (its first or last month). */
function windowEnd(text: string, end: "from" | "to"): Month | undefined {
  if (/^\d{4}$/.test(text)) return month(Number(text), end === "from" ? 1 : 12);
  const parsed = parseDate(text);
  return parsed.ok ? parsed.value.month : undefined;
}
