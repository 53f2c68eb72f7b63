/**
 * The one documented error format (docs/diagnostics.md):
 *
 *     examples/bad.yaml:12:7: error E_UNKNOWN_PARTY: unknown party "Amazn"
 *        12 |       Amazn: 50B
 *           |       ^^^^^
 *       hint: did you mean "Amazon"?
 */
import { lineStarts, positionAt, type SourceFile } from "../syntax/source.js";
import { sortDiagnostics, type Diagnostic } from "./diagnostic.js";

export function renderDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, SourceFile>): string {
  const lines: string[] = [];
  const source = d.span ? sources.get(d.span.file) : undefined;
  if (d.span && source) {
    const starts = lineStarts(source.text);
    const pos = positionAt(starts, d.span.start);
    lines.push(`${d.span.file}:${pos.line}:${pos.col}: ${d.severity} ${d.code}: ${d.message}`);
    const lineStart = starts[pos.line - 1] ?? 0;
    const nextStart = starts[pos.line] ?? source.text.length + 1;
    const lineText = source.text.slice(lineStart, nextStart).replace(/\r?\n$/, "");
    const gutter = String(pos.line).length;
    const spanEnd = Math.min(Math.max(d.span.end, d.span.start + 1), lineStart + lineText.length);
    const width = Math.max(1, spanEnd - d.span.start);
    lines.push(`  ${String(pos.line)} | ${lineText}`);
    lines.push(`  ${" ".repeat(gutter)} | ${" ".repeat(pos.col - 1)}${"^".repeat(width)}`);
  } else {
    lines.push(`${d.span?.file ?? "dealgraph"}: ${d.severity} ${d.code}: ${d.message}`);
  }
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join("\n");
}

/** All diagnostics, sorted, then a summary line such as `2 errors, 1 warning`. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>): string {
  if (diagnostics.length === 0) return "";
  const body = sortDiagnostics(diagnostics).map((d) => renderDiagnostic(d, sources));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  body.push(`${plural(errors, "error")}, ${plural(warnings, "warning")}`);
  return `${body.join("\n\n")}\n`;
}

/** Line and column of a diagnostic, for JSON output. */
export function diagnosticToJson(d: Diagnostic, sources: ReadonlyMap<string, SourceFile>): Record<string, unknown> {
  const source = d.span ? sources.get(d.span.file) : undefined;
  const pos = d.span && source ? positionAt(lineStarts(source.text), d.span.start) : undefined;
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.span ? { file: d.span.file } : {}),
    ...(pos ? { line: pos.line, col: pos.col } : {}),
    ...(d.path ? { path: d.path.join(".") } : {}),
    ...(d.hint ? { hint: d.hint } : {}),
  };
}
