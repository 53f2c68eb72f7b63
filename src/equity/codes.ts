/**
 * The equity core's diagnostics: the shape of the project's `Diagnostic` without a span (the core
 * sees no source text), with the codes only the core emits (registered in
 * src/diagnostics/codes.ts). src/compile/equity.ts puts them back on the model's lines.
 */
import { DIAGNOSTIC_CODES, type DiagnosticCode } from "../diagnostics/codes.js";
import type { Path, Severity } from "../diagnostics/diagnostic.js";

/** The codes only the equity core emits (`E_EQUITY_…`, `W_EQUITY_…`), as registered in src/diagnostics/codes.ts. */
export type EquityDiagnosticCode = Extract<DiagnosticCode, `E_EQUITY_${string}` | `W_EQUITY_${string}`>;

export const EQUITY_DIAGNOSTIC_CODES = Object.fromEntries(Object.entries(DIAGNOSTIC_CODES).filter(([code]) => /^[EW]_EQUITY_/.test(code))) as Readonly<Record<EquityDiagnosticCode, string>>;

/** The project's `Diagnostic` with an equity code (equity inputs have no source span yet). */
export interface EquityDiagnostic {
  readonly code: EquityDiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Where in the equity input: e.g. `["classes", 2, "participation", "capMultiple"]`. */
  readonly path?: Path;
  readonly hint?: string;
}

export function equityError(code: EquityDiagnosticCode, message: string, where: { path?: Path; hint?: string } = {}): EquityDiagnostic {
  return { code, severity: "error", message, ...where };
}

export function equityWarning(code: EquityDiagnosticCode, message: string, where: { path?: Path; hint?: string } = {}): EquityDiagnostic {
  return { code, severity: "warning", message, ...where };
}

export const hasEquityErrors = (diagnostics: readonly EquityDiagnostic[]): boolean => diagnostics.some((d) => d.severity === "error");
