/**
 * The engine: walks the horizon month by month and posts every scheduled flow whose condition
 * holds in the scenario. The journal it returns is flat and append-only, in month order.
 */
import type { CompiledModel } from "../compile/types.js";
import type { Posting } from "./posting.js";
import type { Scenario } from "./scenario.js";

export interface Journal {
  readonly scenario: Scenario;
  readonly postings: readonly Posting[];
}

export function runEngine(model: CompiledModel, scenario: Scenario): Journal {
  const postings: Posting[] = [];
  // Flows are sorted by month by the compiler; a posting is the flow, frozen, if it happens.
  for (const flow of model.flows) {
    if (flow.month < model.start || flow.month > model.end) continue;
    if (flow.condition !== undefined && !scenario.met.has(flow.condition)) continue;
    postings.push(flow);
  }
  return { scenario, postings };
}
