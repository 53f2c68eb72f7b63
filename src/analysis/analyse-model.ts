/**
 * The pipeline from a checked model to every answer, one stage a line:
 * compile → run the engine per scenario → realize → analyse.
 */
import { compileModel } from "../compile/compile-model.js";
import { compileEquity, type CompiledEquity } from "../compile/equity.js";
import type { CompiledModel } from "../compile/types.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { runEngine } from "../ledger/engine.js";
import { realizeLedger } from "../ledger/realize.js";
import { standardScenarios } from "../ledger/scenario.js";
import type { ModelInput } from "../model/types.js";
import { analyseAssumptions, type AssumptionsAnalysis } from "./assumptions.js";
import { analyseCash, type CashAnalysis, type ScenarioLedgers } from "./cash.js";
import { analyseCircularity, type InvestorReturn } from "./circularity.js";
import { analyseExclusivity, type ExclusivityAnalysis } from "./exclusivity.js";
import { FigureBook } from "./reported.js";
import { analyseRevenueShares, type RevenueShareAnalysis } from "./revenue-share.js";
import { analyseRounds, type RoundAnalysis } from "./round.js";

export interface DealAnalysis {
  readonly model: CompiledModel;
  readonly ledgers: ScenarioLedgers;
  readonly rounds: readonly RoundAnalysis[];
  readonly cash: readonly CashAnalysis[];
  readonly circularity: readonly InvestorReturn[];
  readonly revenueShares: readonly RevenueShareAnalysis[];
  readonly exclusivity: ExclusivityAnalysis;
  readonly assumptions: AssumptionsAnalysis;
  /** Each equity section compiled to a cap table (`dealgraph captable` and `waterfall` read these). */
  readonly equity: readonly CompiledEquity[];
  /** The model file's text, to quote figures and give line numbers. */
  readonly sourceText?: string;
  /** Every reported figure by id, for `explain`. */
  readonly figures: FigureBook;
}

export function analyseModel(input: ModelInput, sourceText?: string): { analysis?: DealAnalysis; diagnostics: readonly Diagnostic[] } {
  const compiled = compileModel(input); // resolve names, spread schedules, evaluate forecasts
  const equity = compileEquity(input); // cap tables, and the financing that converts SAFEs and notes
  const compileDiagnostics = [...compiled.diagnostics, ...equity.diagnostics];
  if (compileDiagnostics.some((d) => d.severity === "error")) return { diagnostics: compileDiagnostics };
  const model = compiled.value;
  const scenarios = standardScenarios(model); // base case, every condition met, none met
  const realize = (s: (typeof scenarios)["base"]) => realizeLedger(runEngine(model, s), model.start, model.months);
  const ledgers: ScenarioLedgers = { base: realize(scenarios.base), all: realize(scenarios.all), none: realize(scenarios.none) };
  const figures = new FigureBook();
  const analysis: DealAnalysis = {
    model,
    ledgers,
    rounds: analyseRounds(input, figures), // question 1
    cash: analyseCash(model, ledgers, figures), // questions 2 and 3
    circularity: analyseCircularity(model, ledgers, figures), // question 4
    revenueShares: analyseRevenueShares(model, ledgers, figures), // question 5
    exclusivity: analyseExclusivity(model), // question 6
    assumptions: analyseAssumptions(input, sourceText), // figures without a source
    equity: equity.value,
    figures,
    ...(sourceText !== undefined ? { sourceText } : {}),
  };
  return { analysis, diagnostics: compileDiagnostics };
}
