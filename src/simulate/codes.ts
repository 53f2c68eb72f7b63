/**
 * Diagnostic codes that only the simulation emits. They live here, beside the code that emits
 * them, until they are merged into `src/diagnostics/codes.ts`; a `SimulationDiagnostic` is a
 * `Diagnostic` whose code may also be one of these. Problems the compiler already names
 * (`E_FORMULA_UNITS`, `E_UNKNOWN_LINE`, `E_FORMULA_CYCLE`) keep their existing codes.
 */
import type { Diagnostic, Path } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import type { Span } from "../syntax/source.js";

export const SIMULATION_DIAGNOSTIC_CODES = {
  E_SIM_RUNS: "a number of runs (or a batch size) that is not a whole number above zero",
  E_SIM_RANGE_ORDER: "a range or distribution whose low is above its high (or whose mode lies outside them)",
  E_SIM_PARAMETER: "a distribution parameter that is not a finite number, or a spread below zero",
  E_SIM_PROBABILITY_RANGE: "a probability outside 0..1",
  E_SIM_PROBABILITY_SUM: "the probabilities of a discrete distribution do not add up to 1",
  E_SIM_CORRELATION_SHAPE: "a correlation matrix that is not square, not symmetric, has a diagonal other than 1, or entries outside -1..1",
  E_SIM_CORRELATION_NOT_PSD: "a correlation matrix that no set of drivers can have (not positive semi-definite); the message names a pair",
  E_SIM_FACTOR_LOADINGS: "shared-factor loadings of a driver whose squares add up to more than 1",
  E_SIM_UNKNOWN_SCENARIO: "a scenario name that is not base, with-conditional or without-conditional",
  E_SIM_UNKNOWN_DRIVER: "a distribution, correlation or sensitivity for a driver the model does not have",
  E_SIM_UNKNOWN_CONDITION: "a condition override for a condition the model does not have",
  E_SIM_UNKNOWN_OUTPUT: "an output that names a line the simulated company does not have",
  E_SIM_UNKNOWN_COMPANY: "a company to simulate that is not a party of the model",
  E_SIM_WINDOW_ORDER: "a condition window whose last month is before its first",
  E_SIM_PERCENTILE: "a percentile outside 0..100",
} as const;

export type SimulationDiagnosticCode = keyof typeof SIMULATION_DIAGNOSTIC_CODES;

/** A diagnostic from the simulation: the shape of `Diagnostic`, with the codes above allowed. */
export type SimulationDiagnostic = Omit<Diagnostic, "code"> & { readonly code: DiagnosticCode | SimulationDiagnosticCode };

/** A simulation stage's product together with what it found wrong (as `Staged`, with simulation codes). */
export interface SimulationStaged<T> {
  readonly value: T;
  readonly diagnostics: readonly SimulationDiagnostic[];
}

interface Where {
  readonly span?: Span;
  readonly path?: Path;
  readonly hint?: string;
}

export function simulationError(code: DiagnosticCode | SimulationDiagnosticCode, message: string, where: Where = {}): SimulationDiagnostic {
  return { code, severity: "error", message, ...where };
}

export function simulationWarning(code: DiagnosticCode | SimulationDiagnosticCode, message: string, where: Where = {}): SimulationDiagnostic {
  return { code, severity: "warning", message, ...where };
}

/** Thrown for misuse of the simulation's programmatic API (an unknown line name passed to an evaluator, say), never for a problem in a model. */
export class SimulationUsageError extends Error {
  override readonly name = "SimulationUsageError";
}
