/**
 * The equity operations every front end calls: a company's cap table at a date, its exit
 * waterfall at one exit value, and its payout curve over a range. Figures given by the caller
 * (`"250M"`, `"2%"`) are read in the model's currency, exactly, like the model's own figures.
 */
import { compileEquity, type CompiledEquity } from "../compile/equity.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { capTableReport, payoutCurveReport, waterfallReport, type CapTableReport, type ExitTerms, type PayoutCurveReport, type WaterfallReport } from "../analysis/equity.js";
import { STANDARD_FULLY_DILUTED, type FullyDilutedBasis } from "../equity/index.js";
import type { Located, ModelInput } from "../model/types.js";
import { parseFigure, parseMoney } from "../money/figure-text.js";
import type { Money } from "../money/money.js";
import { parseDate, formatMonth } from "../time/month.js";
import { readRequestModel } from "./read-model.js";
import type { ModelRequest, OperationResult } from "./request.js";

export interface EquityTarget {
  /** The company whose equity to read; may be omitted when the model has one equity section. */
  readonly company?: string;
  /** `YYYY-MM-DD`; default: the last day of the horizon. */
  readonly at?: string;
}

export interface ExitTermsText {
  /** Transaction costs: an amount (`5M`) or a share of the exit value (`2%`). */
  readonly costs?: string;
  readonly debt?: string;
}

/** What "fully diluted" counts: any of `pool`, `unvested`, `convertibles`, or `none`. */
export type BasisText = readonly string[];

const BASIS_WORDS = ["pool", "unvested", "convertibles", "none"];

export type CapTableOptions = EquityTarget & { readonly basis?: BasisText };
export type WaterfallOptions = EquityTarget & ExitTermsText & { readonly exit: string };
export type PayoutCurveOptions = EquityTarget & ExitTermsText & { readonly range: string; readonly steps?: number };

export function capTable(request: ModelRequest & CapTableOptions): OperationResult<CapTableReport> {
  const target = request;
  return withEquity(request, (eq, date, model, at, diagnostics) => {
    const basis = readBasis(target.basis, diagnostics);
    if (!basis) return undefined;
    return capTableReport(eq, date, basis, at);
  });
}

export function waterfall(request: ModelRequest & WaterfallOptions): OperationResult<WaterfallReport> {
  const target = request;
  return withEquity(request, (eq, date, model, at, diagnostics) => {
    const exit = usageMoney(target.exit, "--exit", model.currency, diagnostics);
    const terms = exitTerms(target, model.currency, diagnostics);
    if (exit === undefined || !terms) return undefined;
    return waterfallReport(eq, date, exit, terms, at);
  });
}

export function payoutCurve(request: ModelRequest & PayoutCurveOptions): OperationResult<PayoutCurveReport> {
  const target = request;
  return withEquity(request, (eq, date, model, at, diagnostics) => {
    const [fromText, toText, extra] = target.range.split("..");
    const from = fromText !== undefined && toText !== undefined && extra === undefined ? usageMoney(fromText, "--range", model.currency, diagnostics) : undefined;
    const to = from !== undefined && toText !== undefined ? usageMoney(toText, "--range", model.currency, diagnostics) : undefined;
    if (toText === undefined || extra !== undefined) diagnostics.push(error("E_USAGE", `--range "${target.range}" is not a range of exit values`, { hint: "write FROM..TO, e.g. --range 0..500M" }));
    const steps = target.steps ?? 50;
    if (!Number.isInteger(steps) || steps < 1 || steps > 10_000) diagnostics.push(error("E_USAGE", `--steps ${target.steps} must be a whole number from 1 to 10000`));
    if (from !== undefined && to !== undefined && to <= from) diagnostics.push(error("E_USAGE", `--range ends (${toText}) at or below where it starts (${fromText})`, { hint: "write FROM..TO with TO above FROM" }));
    const terms = exitTerms(target, model.currency, diagnostics);
    if (from === undefined || to === undefined || !terms || diagnostics.some((d) => d.severity === "error")) return undefined;
    return payoutCurveReport(eq, date, from, to, steps, terms, at);
  });
}

/** Reads the model, compiles the chosen company's equity, and runs `f` on it. */
function withEquity<T>(
  request: ModelRequest & EquityTarget,
  f: (eq: CompiledEquity, date: string, model: ModelInput, at: Located, diagnostics: Diagnostic[]) => { value?: T; diagnostics: readonly Diagnostic[] } | undefined,
): OperationResult<T> {
  const target = request;
  const path = request.file;
  const loaded = readRequestModel(request);
  const sources = loaded.sources;
  if (!loaded.model) return { diagnostics: loaded.diagnostics, sources };
  const model = loaded.model;
  const compiled = compileEquity(model);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics, ...compiled.diagnostics];
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics, sources };
  const companies = model.equity.map((e) => e.company.name);
  const name = target.company ?? (companies.length === 1 ? companies[0] : undefined);
  if (name === undefined || !companies.includes(name)) {
    diagnostics.push(
      companies.length === 0
        ? error("E_USAGE", `${path} has no equity section`, { hint: "add `equity:` with the company's share classes and holdings (docs/model-language.md)" })
        : error("E_USAGE", target.company === undefined ? `${path} has equity for several companies: ${companies.join(", ")}` : `${path} has no equity for "${target.company}"`, { hint: target.company === undefined ? "choose one with --company" : didYouMean(target.company, companies, "company") }),
    );
    return { diagnostics, sources };
  }
  const eq = compiled.value.find((e) => e.company === name);
  const section = model.equity.find((e) => e.company.name === name);
  if (!eq || !section) return { diagnostics, sources };
  const date = target.at ?? lastDayOf(formatMonth(model.horizon.end));
  if (target.at !== undefined) {
    const parsed = parseDate(target.at);
    if (!parsed.ok || parsed.value.day === undefined) {
      diagnostics.push(error("E_USAGE", `--at "${target.at}" is not a date`, { hint: "write YYYY-MM-DD" }));
      return { diagnostics, sources };
    }
  }
  const result = f(eq, date, model, section.at, diagnostics);
  if (!result) return { diagnostics, sources };
  diagnostics.push(...result.diagnostics);
  return { ...(result.value !== undefined ? { value: result.value } : {}), diagnostics, sources };
}

function lastDayOf(yearMonth: string): string {
  const [y, m] = yearMonth.split("-").map(Number);
  const days = new Date(Date.UTC(y ?? 2000, m ?? 1, 0)).getUTCDate();
  return `${yearMonth}-${String(days).padStart(2, "0")}`;
}

function usageMoney(text: string, flag: string, currency: string, diagnostics: Diagnostic[]): Money | undefined {
  const parsed = parseMoney(text, currency);
  if (parsed.ok && parsed.value >= 0n) return parsed.value;
  diagnostics.push(error("E_USAGE", `${flag} "${text}" is not an amount of money`, { hint: parsed.ok ? "amounts are zero or more" : parsed.problem.hint }));
  return undefined;
}

function exitTerms(t: ExitTermsText, currency: string, diagnostics: Diagnostic[]): ExitTerms | undefined {
  let terms: ExitTerms = {};
  if (t.costs !== undefined) {
    const figure = parseFigure(t.costs);
    if (figure.ok && figure.value.kind === "percent" && figure.value.value.num >= 0n && figure.value.value.num < figure.value.value.den) terms = { ...terms, transactionCostRate: figure.value.value };
    else {
      const amount = usageMoney(t.costs, "--costs", currency, diagnostics);
      if (amount === undefined) return undefined;
      terms = { ...terms, transactionCosts: amount };
    }
  }
  if (t.debt !== undefined) {
    const debt = usageMoney(t.debt, "--debt", currency, diagnostics);
    if (debt === undefined) return undefined;
    terms = { ...terms, debt };
  }
  return terms;
}

function readBasis(words: BasisText | undefined, diagnostics: Diagnostic[]): FullyDilutedBasis | undefined {
  if (words === undefined) return STANDARD_FULLY_DILUTED;
  const unknown = words.filter((w) => !BASIS_WORDS.includes(w));
  if (unknown.length > 0) {
    diagnostics.push(error("E_USAGE", `--fully-diluted: "${unknown[0]}" is not one of ${BASIS_WORDS.join(", ")}`, { hint: didYouMean(unknown[0] ?? "", BASIS_WORDS, "word") }));
    return undefined;
  }
  return { includeUnissuedPool: words.includes("pool"), includeUnvestedOptions: words.includes("unvested"), includeConvertibles: words.includes("convertibles") };
}
