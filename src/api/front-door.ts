/**
 * The front door: the one typed operation map every front end calls (the CLI, the HTTP server and
 * the web workbench). Each operation takes a request (a model's text, or a package's files, with
 * the options of that operation as typed values or text the operation reads itself) and resolves
 * to data plus diagnostics. None reads a path, prints, exits or reads flags: the front end reads
 * files at its edge, referenced files only through the request's `readFile`, and decides what the
 * diagnostics mean (the CLI's exit status, an HTTP status).
 *
 *     front end ──request──▶ operations.X ──▶ { value?, diagnostics, sources } ──▶ src/report renders
 */
import type { DealAnalysis } from "../analysis/analyse-model.js";
import type { CapTableReport, PayoutCurveReport, WaterfallReport } from "../analysis/equity.js";
import type { PackageCheck } from "../ocf/published-schemas.js";
import { capTable, payoutCurve, waterfall, type CapTableOptions, type PayoutCurveOptions, type WaterfallOptions } from "./equity-operations.js";
import { explainItem, type ExplainOptions, type Explanation } from "./explain.js";
import { exportOcf, importOcf, validateOcf, type CheckedExport, type ExportTarget, type ImportedModel, type ImportOptions, type PackageRequest, type ValidateOptions } from "./ocf-operations.js";
import { analyseFlows, checkModel, reportModel, type FlowsOptionsText, type FlowsReport, type ReportOptions } from "./operations.js";
import type { ModelRequest, OperationResult } from "./request.js";
import { simulateModel, type SimulateOptions, type SimulationReport } from "./simulate-operations.js";

export type { FileReader, ModelRequest, OperationResult } from "./request.js";
export type { PackageRequest } from "./ocf-operations.js";

/** One operation: a request in, data plus diagnostics out. */
export type Operation<Request, Value> = (request: Request) => Promise<OperationResult<Value>>;

/** Every operation of the front door, with its request and its answer. */
export interface OperationMap {
  /** Reads and checks a model: every problem at once. */
  readonly check: Operation<ModelRequest, { readonly ok: boolean }>;
  /** The deal's questions answered: ownership, cash and runway, circularity, revenue share, exclusivity, assumptions. */
  readonly report: Operation<ModelRequest & ReportOptions, DealAnalysis>;
  /** Where a number came from: the model lines and postings behind a figure, an account or a model item. */
  readonly explain: Operation<ModelRequest & ExplainOptions, { readonly explanation: Explanation; readonly currency: string }>;
  /** Monte Carlo over the model's drivers and conditions. */
  readonly simulate: Operation<ModelRequest & SimulateOptions, SimulationReport>;
  /** A company's cap table at a date. */
  readonly captable: Operation<ModelRequest & CapTableOptions, CapTableReport>;
  /** Who gets what at one exit value. */
  readonly waterfall: Operation<ModelRequest & WaterfallOptions, WaterfallReport>;
  /** The payout to every class and holder over a range of exit values, with its breakpoints. */
  readonly payoutCurve: Operation<ModelRequest & PayoutCurveOptions, PayoutCurveReport>;
  /** Circular capital across the model's network; the window and statuses are read from text. */
  readonly flows: Operation<ModelRequest & FlowsOptionsText, FlowsReport>;
  /** A company's equity as the files of an OCF package, with what OCF cannot express. */
  readonly ocfExport: Operation<ModelRequest & ExportTarget, CheckedExport>;
  /** An OCF package's cap table as the text of a model file. */
  readonly ocfImport: Operation<PackageRequest & ImportOptions, ImportedModel>;
  /** An OCF package checked against OCF's published schemas. */
  readonly ocfValidate: Operation<PackageRequest & ValidateOptions, PackageCheck>;
}

/** An operation that answers at once, behind the map's asynchronous signature (so any of them may later run on a worker). */
const answer =
  <Request, Value>(run: (request: Request) => OperationResult<Value>): Operation<Request, Value> =>
  (request) =>
    new Promise((resolve) => resolve(run(request)));

export const operations = {
  check: answer(checkModel),
  report: answer(reportModel),
  explain: answer(explainItem),
  simulate: simulateModel,
  captable: answer(capTable),
  waterfall: answer(waterfall),
  payoutCurve: answer(payoutCurve),
  flows: answer(analyseFlows),
  ocfExport: answer(exportOcf),
  ocfImport: answer(importOcf),
  ocfValidate: answer(validateOcf),
} satisfies OperationMap;
