/**
 * The first stage: text to a YAML tree whose every node knows its offsets in the text.
 *
 * JSON is read by the same parser (JSON is YAML), so both keep positions. The "core" schema is
 * used so that `2026-02-27` stays a string (YAML 1.1 would make it a timestamp), and numbers are
 * never taken from the tree's values: figures are read from the scalar's source text instead.
 */
import { isAlias, parseDocument, visit, type ParsedNode } from "yaml";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../syntax/source.js";

/** The root node of a parsed model file, or nothing when the file could not be parsed. */
export interface YamlTree {
  /** Absent when the file is empty (or holds only comments). */
  readonly root?: ParsedNode;
  readonly diagnostics: Diagnostic[];
}

/**
 * Parses YAML or JSON text. Reports every syntax error yaml finds; when there is any, the tree is
 * not returned, because walking a half-parsed tree would only add confusing follow-on errors.
 */
export function parseYamlTree(file: string, text: string): YamlTree {
  const document = parseDocument(text, {
    schema: "core",
    // Duplicate keys are reported by the shape reader, which can point at the second key.
    uniqueKeys: false,
    // Pretty errors quote the source; on pathological input that costs more memory than the parse.
    prettyErrors: false,
  });
  // An error found only at the end of the file (an unclosed bracket) is shown just after the
  // last character written, not on the empty line that follows it.
  const lastWritten = text.trimEnd().length;
  const diagnostics: Diagnostic[] = document.errors.map((e) => {
    const start = e.pos[0] >= lastWritten ? lastWritten : e.pos[0];
    return error("E_YAML_SYNTAX", yamlMessage(e.message), { span: clampSpan(file, text, start, Math.max(start, e.pos[1])) });
  });
  if (diagnostics.length > 0) return { diagnostics };
  // Aliases would give one value two places in the file, and every figure must have one place
  // for `explain` and for carets; they also open the door to exponential expansion.
  visit(document, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) {
        diagnostics.push(
          error("E_YAML_SYNTAX", `aliases (*${node.source}) are not supported in model files`, {
            span: clampSpan(file, text, node.range[0], node.range[1]),
            hint: "write the value out in full where it is used",
          }),
        );
      }
    },
  });
  if (diagnostics.length > 0) return { diagnostics };
  const root = document.contents ?? undefined;
  return root ? { root, diagnostics } : { diagnostics };
}

/** yaml's messages start with a capital and sometimes end with a colon and context; tidy them. */
function yamlMessage(message: string): string {
  const firstLine = message.split("\n")[0] ?? message;
  const trimmed = firstLine.replace(/[:.]\s*$/, "");
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

function clampSpan(file: string, text: string, start: number, end: number): Span {
  const s = Math.max(0, Math.min(start, text.length));
  return { file, start: s, end: Math.max(s, Math.min(end, text.length)) };
}
