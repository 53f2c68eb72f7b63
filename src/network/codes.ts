/**
 * Diagnostic codes that only the network analysis emits. They are listed here, beside the code
 * that emits them, until they are merged into `src/diagnostics/codes.ts`; `NetworkDiagnostic`
 * is a `Diagnostic` whose code may also be one of these.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import type { Span } from "../syntax/source.js";

export const NETWORK_DIAGNOSTIC_CODES = {
  E_CSV_MISSING_COLUMN: "a flow CSV file lacks a required column (from, to, amount)",
  E_CSV_SYNTAX: "a CSV row that cannot be read: an unclosed quote, a stray quote, or a field count unlike the header's",
  E_DUPLICATE_PARTY: "two parties of a flow set with the same name",
  E_NETWORK_TOTAL_RANGE: "flows whose total is beyond the safe range, so that sums could not stay exact",
  E_CLOSED_LOOP: "parties whose money only circulates among themselves: nothing enters or leaves, so cycling is unbounded",
  W_EMPTY_SELECTION: "a time window or status filter that selects no flows (a window outside the dates of the data, say)",
  W_UNDATED_FLOWS: "flows without a month, left out because a time window was asked for",
  W_PRECISION_BUDGET: "an iterative metric that stopped at its work budget before reaching the precision asked for",
} as const;

export type NetworkDiagnosticCode = keyof typeof NETWORK_DIAGNOSTIC_CODES;

/** A diagnostic from the network analysis; the same shape as `Diagnostic`, with the codes above allowed. */
export type NetworkDiagnostic = Omit<Diagnostic, "code"> & { readonly code: DiagnosticCode | NetworkDiagnosticCode };

/** A product of a network stage together with what it found wrong (as `Staged`, with network codes). */
export interface NetworkStaged<T> {
  readonly value: T;
  readonly diagnostics: readonly NetworkDiagnostic[];
}

interface Where {
  readonly span?: Span;
  readonly path?: ReadonlyArray<string | number>;
  readonly hint?: string;
}

export function networkError(code: DiagnosticCode | NetworkDiagnosticCode, message: string, where: Where = {}): NetworkDiagnostic {
  return { code, severity: "error", message, ...where };
}

export function networkWarning(code: DiagnosticCode | NetworkDiagnosticCode, message: string, where: Where = {}): NetworkDiagnostic {
  return { code, severity: "warning", message, ...where };
}
