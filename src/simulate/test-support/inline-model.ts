/** Helpers for tests: an inline YAML model, read and compiled, failing loudly if the model itself is wrong. */
import { compileModel } from "../../compile/compile-model.js";
import type { CompiledModel } from "../../compile/types.js";
import { runEngine } from "../../ledger/engine.js";
import { realizeLedger } from "../../ledger/realize.js";
import { standardScenarios } from "../../ledger/scenario.js";
import { readModelText } from "../../model/load.js";
import { prepareSimulation, type PrepareOptions, type SimulationModel } from "../from-model.js";

/** `allowCompileErrors`: keep a model whose formulas the compiler reports (units), to compare how both evaluate them. */
export function compileInline(yaml: string, allowCompileErrors = false): CompiledModel {
  const read = readModelText("inline.yaml", yaml);
  if (!read.model) throw new Error(`inline model does not read: ${read.diagnostics.map((d) => `${d.code}: ${d.message}`).join("; ")}`);
  const compiled = compileModel(read.model);
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 && !allowCompileErrors) throw new Error(`inline model does not compile: ${errors.map((d) => `${d.code}: ${d.message}`).join("; ")}`);
  return compiled.value;
}

export function prepareInline(yaml: string, options: PrepareOptions, allowCompileErrors = false): { compiled: CompiledModel; model: SimulationModel } {
  const compiled = compileInline(yaml, allowCompileErrors);
  const prepared = prepareSimulation(compiled, options);
  if (!prepared.value) throw new Error(prepared.diagnostics.map((d) => d.message).join("; "));
  return { compiled, model: prepared.value };
}

/** The exact ledger's closing cash of a company per month in a standard scenario, as numbers of minor units. */
export function exactCash(compiled: CompiledModel, company: string, scenario: "base" | "all" | "none" = "base"): number[] {
  const ledger = realizeLedger(runEngine(compiled, standardScenarios(compiled)[scenario]), compiled.start, compiled.months);
  const balance = ledger.balance.get(company) ?? [];
  return Array.from({ length: compiled.months }, (_, i) => Number(balance[i] ?? 0n));
}
