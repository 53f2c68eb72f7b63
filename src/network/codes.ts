/**
 * The network analysis's diagnostics: the project's `Diagnostic`, with the codes only the network
 * analysis emits (their text lives, with every other code, in src/diagnostics/codes.ts).
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { DIAGNOSTIC_CODES, type DiagnosticCode } from "../diagnostics/codes.js";
import type { Span } from "../syntax/source.js";

/** The codes only the network analysis emits, as registered in src/diagnostics/codes.ts. */
export type NetworkDiagnosticCode = "E_CSV_MISSING_COLUMN" | "E_CSV_SYNTAX" | "E_DUPLICATE_PARTY" | "E_NETWORK_TOTAL_RANGE" | "E_CLOSED_LOOP" | "W_EMPTY_SELECTION" | "W_UNDATED_FLOWS" | "W_PRECISION_BUDGET";

const NETWORK_CODES: readonly NetworkDiagnosticCode[] = ["E_CSV_MISSING_COLUMN", "E_CSV_SYNTAX", "E_DUPLICATE_PARTY", "E_NETWORK_TOTAL_RANGE", "E_CLOSED_LOOP", "W_EMPTY_SELECTION", "W_UNDATED_FLOWS", "W_PRECISION_BUDGET"];

export const NETWORK_DIAGNOSTIC_CODES = Object.fromEntries(NETWORK_CODES.map((code) => [code, DIAGNOSTIC_CODES[code]])) as Readonly<Record<NetworkDiagnosticCode, string>>;

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
