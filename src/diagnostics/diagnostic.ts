/**
 * Diagnostics are data: every stage returns them beside its product, all at once, and only the
 * edge (the CLI's exit status) decides what they mean. Each has a stable code from `codes.ts`.
 */
import type { Span } from "../syntax/source.js";
import type { DiagnosticCode } from "./codes.js";

export type Severity = "error" | "warning";
export type Path = ReadonlyArray<string | number>;

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Where in a source file the problem is; absent for problems with no place (a missing file). */
  readonly span?: Span;
  /** The path of the offending node in the model document, e.g. `["rounds", "series-a", "pre-money"]`. */
  readonly path?: Path;
  readonly hint?: string;
}

/** A stage's product together with what it found wrong. */
export interface Staged<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean => diagnostics.some((d) => d.severity === "error");

export function error(code: DiagnosticCode, message: string, where: { span?: Span; path?: Path; hint?: string } = {}): Diagnostic {
  return { code, severity: "error", message, ...where };
}

export function warning(code: DiagnosticCode, message: string, where: { span?: Span; path?: Path; hint?: string } = {}): Diagnostic {
  return { code, severity: "warning", message, ...where };
}

/** Orders diagnostics by file, then position, then code, so output is stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.span?.file ?? "";
    const fb = b.span?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const sa = a.span?.start ?? -1;
    const sb = b.span?.start ?? -1;
    if (sa !== sb) return sa - sb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}
