/**
 * Which conditions a run of the engine takes as met. The report answers every question in three
 * standard scenarios: the base case (each condition as the model says), every condition met
 * (all tranches arrive), and none met (only certain money arrives).
 */
import type { CompiledModel } from "../compile/types.js";

export interface Scenario {
  readonly name: string;
  readonly label: string;
  readonly met: ReadonlySet<string>;
}

export function standardScenarios(model: CompiledModel): { base: Scenario; all: Scenario; none: Scenario } {
  const names = [...model.conditions.keys()];
  return {
    base: { name: "base", label: "base case", met: new Set(names.filter((n) => model.conditions.get(n)?.baseCase !== "not-met")) },
    all: { name: "with-conditional", label: "every condition met", met: new Set(names) },
    none: { name: "without-conditional", label: "no condition met", met: new Set() },
  };
}
