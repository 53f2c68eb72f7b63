/**
 * Cap tables and exit waterfalls of a company's equity section, in the two cases every
 * conditional tranche raises: every condition met, and none. Reads the compiled equity
 * (src/compile/equity.ts) and calls the equity core.
 */
import { error, warning, type Diagnostic } from "../diagnostics/diagnostic.js";
import { capTableAt, computePayoutCurve, computeWaterfall, type CapTableAtDate, type EquityDiagnostic, type FullyDilutedBasis, type PayoutCurve, type WaterfallResult } from "../equity/index.js";
import type { CompiledEquity, CompiledFinancing } from "../compile/equity.js";
import type { Located } from "../model/types.js";
import { money, type Money } from "../money/money.js";
import type { Ratio } from "../money/ratio.js";

export interface EquityCase<T> {
  readonly label: string;
  readonly met: readonly string[];
  readonly value: T;
}

export interface CapTableReport {
  readonly company: string;
  readonly currency: string;
  /** The priced round the section converts its SAFEs and notes in, if any. */
  readonly financing?: CompiledFinancing;
  readonly date: string;
  readonly basis: FullyDilutedBasis;
  readonly cases: readonly EquityCase<CapTableAtDate>[];
}

export interface WaterfallReport {
  readonly company: string;
  readonly currency: string;
  readonly date: string;
  readonly cases: readonly EquityCase<WaterfallResult>[];
}

export interface PayoutCurveReport {
  readonly company: string;
  readonly currency: string;
  readonly date: string;
  readonly exitValues: readonly Money[];
  readonly cases: readonly EquityCase<PayoutCurve>[];
}

export interface ExitTerms {
  readonly transactionCosts?: Money;
  readonly transactionCostRate?: Ratio;
  readonly debt?: Money;
}

/** The cases worth showing: every condition met and none (one case when the equity has no conditional holding). */
function cases(eq: CompiledEquity): Array<{ label: string; met: string[] }> {
  const conditional = eq.capTable.holdings.some((h) => h.condition !== undefined);
  if (!conditional) return [{ label: "as issued", met: [...eq.conditions] }];
  return [
    { label: "every condition met", met: [...eq.conditions] },
    { label: "no condition met", met: [] },
  ];
}

const asDiagnostic = (d: EquityDiagnostic, at: Located): Diagnostic =>
  (d.severity === "error" ? error : warning)(d.code, d.message, { span: at.span, path: at.path, ...(d.hint ? { hint: d.hint } : {}) });

export function capTableReport(eq: CompiledEquity, date: string, basis: FullyDilutedBasis, at: Located): { value?: CapTableReport; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out: EquityCase<CapTableAtDate>[] = [];
  const beforeFinancing = eq.financing !== undefined && date < eq.financing.date;
  for (const c of cases(eq)) {
    const r = capTableAt(eq.capTable, { date, metConditions: c.met, basis, ...(beforeFinancing ? { convertibles: eq.unconverted } : {}) });
    diagnostics.push(...r.diagnostics.map((d) => asDiagnostic(d, at)));
    if (r.value) out.push({ ...c, value: r.value });
  }
  return diagnostics.some((d) => d.severity === "error") ? { diagnostics } : { value: { company: eq.company, currency: eq.currency, ...(eq.financing ? { financing: eq.financing } : {}), date, basis, cases: out }, diagnostics };
}

export function waterfallReport(eq: CompiledEquity, date: string, exitValue: Money, terms: ExitTerms, at: Located): { value?: WaterfallReport; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out: EquityCase<WaterfallResult>[] = [];
  for (const c of cases(eq)) {
    const r = computeWaterfall(eq.capTable, { exitValue, ...terms }, { date, metConditions: c.met });
    diagnostics.push(...r.diagnostics.map((d) => asDiagnostic(d, at)));
    if (r.value) out.push({ ...c, value: r.value });
  }
  return diagnostics.some((d) => d.severity === "error") ? { diagnostics } : { value: { company: eq.company, currency: eq.currency, date, cases: out }, diagnostics };
}

/** Payouts at `steps + 1` evenly spaced exit values from `from` to `to`, with the curve's exact breakpoints. */
export function payoutCurveReport(eq: CompiledEquity, date: string, from: Money, to: Money, steps: number, terms: ExitTerms, at: Located): { value?: PayoutCurveReport; diagnostics: Diagnostic[] } {
  const exitValues = Array.from({ length: steps + 1 }, (_, i) => money(from + ((to - from) * BigInt(i)) / BigInt(steps)));
  const diagnostics: Diagnostic[] = [];
  const out: EquityCase<PayoutCurve>[] = [];
  for (const c of cases(eq)) {
    const r = computePayoutCurve(eq.capTable, terms, exitValues, { date, metConditions: c.met });
    diagnostics.push(...r.diagnostics.map((d) => asDiagnostic(d, at)));
    if (r.value) out.push({ ...c, value: r.value });
  }
  return diagnostics.some((d) => d.severity === "error") ? { diagnostics } : { value: { company: eq.company, currency: eq.currency, date, exitValues, cases: out }, diagnostics };
}
