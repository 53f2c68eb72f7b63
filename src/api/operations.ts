/**
 * The one typed boundary every front end calls (the CLI today; an HTTP API and the web workbench
 * later). Each operation takes plain arguments and returns data plus diagnostics; none of them
 * prints, exits or reads flags.
 */
import { analyseModel, type DealAnalysis } from "../analysis/analyse-model.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { loadModelFile } from "../model/index.js";
import type { SourceFile } from "../syntax/source.js";
import { explainId, type Explanation } from "./explain.js";

export interface OperationResult<T> {
  readonly value?: T;
  readonly diagnostics: readonly Diagnostic[];
  /** The files read, for rendering diagnostics with their source lines. */
  readonly sources: ReadonlyMap<string, SourceFile>;
}

/** Reads and checks a model file: `dealgraph check`. */
export function checkModel(path: string): OperationResult<{ readonly ok: boolean }> {
  const loaded = loadModelFile(path);
  if (!loaded.model) return { diagnostics: loaded.diagnostics, sources: loaded.sources };
  const analysed = analyseModel(loaded.model, loaded.sources.get(path)?.text);
  const diagnostics = [...loaded.diagnostics, ...analysed.diagnostics];
  return { value: { ok: !diagnostics.some((d) => d.severity === "error") }, diagnostics, sources: loaded.sources };
}

/** Reads, checks, compiles, runs and analyses a model file: `dealgraph report`. */
export function reportModel(path: string): OperationResult<DealAnalysis> {
  const loaded = loadModelFile(path);
  if (!loaded.model) return { diagnostics: loaded.diagnostics, sources: loaded.sources };
  const analysed = analyseModel(loaded.model, loaded.sources.get(path)?.text);
  return { ...(analysed.analysis ? { value: analysed.analysis } : {}), diagnostics: [...loaded.diagnostics, ...analysed.diagnostics], sources: loaded.sources };
}

/** Where a number came from: `dealgraph explain`. */
export function explainItem(path: string, item: string): OperationResult<{ readonly explanation: Explanation; readonly currency: string }> {
  const report = reportModel(path);
  if (!report.value) return { diagnostics: report.diagnostics, sources: report.sources };
  const explanation = explainId(report.value, item);
  if (explanation) return { value: { explanation, currency: report.value.model.currency }, diagnostics: report.diagnostics, sources: report.sources };
  const candidates = [...report.value.figures.ids(), ...report.value.ledgers.base.accounts, ...new Set(report.value.model.flows.map((f) => f.origin.item))];
  return {
    diagnostics: [...report.diagnostics, error("E_UNKNOWN_ITEM", `"${item}" names no reported figure, account or model item`, { hint: `${didYouMean(item, candidates, "item")}; \`dealgraph report ${path} --json\` lists every figure's id` })],
    sources: report.sources,
  };
}
