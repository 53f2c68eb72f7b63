/**
 * The simulation's diagnostics: the project's `Diagnostic`, with the `E_SIM_…` codes that only
 * the simulation emits (registered, with every other code, in src/diagnostics/codes.ts). Problems the compiler already names
 * (`E_FORMULA_UNITS`, `E_UNKNOWN_LINE`, `E_FORMULA_CYCLE`) keep their existing codes.
 */
import type { Diagnostic, Path } from "../diagnostics/diagnostic.js";
import { DIAGNOSTIC_CODES, type DiagnosticCode } from "../diagnostics/codes.js";
import type { Span } from "../syntax/source.js";

/** The codes only the simulation emits (`E_SIM_…`), as registered in src/diagnostics/codes.ts. */
export type SimulationDiagnosticCode = Extract<DiagnosticCode, `E_SIM_${string}`>;

export const SIMULATION_DIAGNOSTIC_CODES = Object.fromEntries(Object.entries(DIAGNOSTIC_CODES).filter(([code]) => code.startsWith("E_SIM_"))) as Readonly<Record<SimulationDiagnosticCode, string>>;

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
