/**
 * Diagnostic codes of the equity core, kept here until they are merged into
 * `src/diagnostics/codes.ts`. Once merged, `EquityDiagnostic` becomes the project's `Diagnostic`:
 * the shape is the same, only the code type is narrower.
 */
import type { Path, Severity } from "../diagnostics/diagnostic.js";

export const EQUITY_DIAGNOSTIC_CODES = {
  E_EQUITY_UNKNOWN_CLASS: "a holding, pool, grant or class that names a share class (or option pool) no entry defines",
  E_EQUITY_DUPLICATE_ID: "two share classes, pools or convertibles with the same id",
  E_EQUITY_SENIORITY_CONFLICT: "preferred classes at one seniority that state different rules for sharing the tier",
  E_EQUITY_NEGATIVE_AMOUNT: "a share count, price, multiple, cap or amount below zero",
  E_EQUITY_ZERO_PRICE: "an original issue price, valuation cap or pre-money valuation that is zero",
  E_EQUITY_DISCOUNT_RANGE: "a conversion discount of 100 % or more (or below zero)",
  E_EQUITY_POOL_TARGET_RANGE: "an option pool target outside 0 %..100 % (exclusive of 100 %)",
  E_EQUITY_CAP_BELOW_PREFERENCE: "a participation cap below the liquidation preference it caps",
  E_EQUITY_OPTIONS_EXCEED_POOL: "options granted from a pool beyond the shares the pool reserves",
  E_EQUITY_VESTING_SCHEDULE: "a vesting schedule whose cliff is longer than its term, or with no term",
  E_EQUITY_NO_COMMON_CLASS: "a cap table with preferred classes but no common class to convert into",
  E_EQUITY_BAD_DATE: "a date that is not YYYY-MM-DD on the calendar",
  E_EQUITY_NO_FIXED_POINT: "a priced-round conversion (SAFEs, notes, pool top-up) that does not settle",
  E_EQUITY_NO_EQUILIBRIUM: "an exit waterfall whose conversion or exercise choices never become consistent",
  W_EQUITY_CONVERSION_OSCILLATION: "simultaneous conversion choices oscillated; settled one class at a time instead",
  W_EQUITY_NOTE_PAST_MATURITY: "a convertible note that converts after its maturity date",
} as const;

export type EquityDiagnosticCode = keyof typeof EQUITY_DIAGNOSTIC_CODES;

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
