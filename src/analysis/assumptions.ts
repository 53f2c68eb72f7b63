/**
 * Question 7 — every figure of the model that carries no source: the assumptions with their
 * reasons, and the figures that say nothing of where they came from.
 */
import type { Located, ModelInput, Provenance } from "../model/types.js";

export interface FigureProvenance {
  /** The figure's path in the model, e.g. `contracts.microsoft-revenue-share.rate`. */
  readonly path: string;
  /** The figure as written in the file. */
  readonly text: string;
  readonly provenance: Provenance;
  readonly at: Located;
}

export interface AssumptionsAnalysis {
  readonly assumptions: readonly FigureProvenance[];
  readonly unstated: readonly FigureProvenance[];
  readonly sourcedCount: number;
}

/** Walks the model for every `Sourced` figure (anything with a provenance and a place). */
export function analyseAssumptions(model: ModelInput, sourceText: string | undefined): AssumptionsAnalysis {
  const found: FigureProvenance[] = [];
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (node instanceof Map) return;
    if (isSourced(node)) {
      const text = sourceText?.slice(node.at.span.start, node.at.span.end) ?? "";
      found.push({ path: node.at.path.join("."), text, provenance: node.provenance, at: node.at });
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(model);
  found.sort((a, b) => a.at.span.start - b.at.span.start);
  return {
    assumptions: found.filter((f) => f.provenance.kind === "assumption"),
    unstated: found.filter((f) => f.provenance.kind === "unstated"),
    sourcedCount: found.filter((f) => f.provenance.kind === "source").length,
  };
}

/** A figure with its provenance, or a choice that carries one (a schedule's shape). */
function isSourced(node: object): node is { provenance: Provenance; at: Located } {
  const n = node as { provenance?: { kind?: unknown }; at?: { span?: unknown } };
  return typeof n.provenance?.kind === "string" && n.at?.span !== undefined;
}
