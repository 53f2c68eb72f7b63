/**
 * Reading models: text to a checked `ModelInput`, with every diagnostic.
 * The language is documented in docs/model-language.md, the diagnostics in docs/diagnostics.md.
 */
export { readModelText, loadModelFile, type ReadModelResult, type LoadModelResult } from "./load.js";
export { parseFormula, formulaReferences, type FormulaOrigin, type FormulaResult, type FormulaReference } from "./formula.js";
export { CONTRACT_KINDS } from "./contracts.js";
export { PARTY_KINDS } from "./parties.js";
export type * from "./types.js";
