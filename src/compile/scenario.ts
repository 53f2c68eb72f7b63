/**
 * Named scenarios are overrides of the base model: a scenario fixes some drivers at other values
 * and takes some conditions as met or not. Applying one gives a new model to compile, so every
 * command reads a scenario the same way.
 */
import { error, type Staged } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { ModelInput } from "../model/types.js";

export function applyScenario(input: ModelInput, name: string): Staged<ModelInput | undefined> {
  const scenario = input.scenarios.find((s) => s.name === name);
  if (!scenario) {
    const known = input.scenarios.map((s) => s.name);
    return { value: undefined, diagnostics: [error("E_UNKNOWN_SCENARIO", `the model has no scenario "${name}"`, { hint: known.length > 0 ? didYouMean(name, known, "scenario") : "define scenarios under `scenarios:` in the model" })] };
  }
  const drivers = new Map(scenario.drivers.map((d) => [d.driver.name, d]));
  const conditions = new Map(scenario.conditions.map((c) => [c.condition.name, c.met]));
  return {
    value: {
      ...input,
      drivers: input.drivers.map((d) => {
        const o = drivers.get(d.name);
        // A driver the scenario fixes is no longer uncertain in it.
        return o ? { name: d.name, base: { value: o.value, provenance: { kind: "assumption" as const, reason: `scenario ${name}` }, at: o.at }, ...(d.description ? { description: d.description } : {}), at: d.at } : d;
      }),
      conditions: input.conditions.map((c) => (conditions.has(c.name) ? { ...c, baseCase: conditions.get(c.name) ? ("met" as const) : ("not-met" as const) } : c)),
    },
    diagnostics: [],
  };
}
