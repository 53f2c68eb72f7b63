/**
 * Question 6 — which planned placements break an exclusivity clause: a workload in the clause's
 * scope, for the bound customer, placed with a provider outside the holder's group while the
 * clause is in force.
 */
import type { CompiledModel } from "../compile/types.js";
import type { ExclusivityContractInput, Located, PlacementInput } from "../model/types.js";
import type { Month } from "../time/month.js";

export interface Breach {
  readonly placement: string;
  readonly contract: string;
  readonly workload: string;
  readonly provider: string;
  readonly holder: string;
  readonly via?: string;
  readonly from: Month;
  readonly message: string;
  /** The placement's line in the model. */
  readonly at: Located;
  readonly contractAt: Located;
}

export interface ExclusivityAnalysis {
  readonly breaches: readonly Breach[];
  /** Placements checked and found within every clause. */
  readonly compliant: readonly string[];
}

export function analyseExclusivity(model: CompiledModel): ExclusivityAnalysis {
  const clauses = model.input.contracts.filter((c): c is ExclusivityContractInput => c.kind === "exclusivity");
  const groupOf = (name: string): string => model.parties.get(name)?.group ?? name;
  const breaches: Breach[] = [];
  const compliant: string[] = [];
  for (const p of model.input.placements) {
    const broken = clauses.filter((c) => breaks(p, c, groupOf));
    for (const c of broken) {
      breaches.push({
        placement: p.name,
        contract: c.name,
        workload: p.workload,
        provider: p.provider.name,
        holder: c.provider.name,
        ...(p.via ? { via: p.via.name } : {}),
        from: p.from,
        message: `${p.customer.name}'s "${p.workload}" placed with ${p.provider.name}${p.via ? ` (through ${p.via.name})` : ""}, but ${c.name} reserves it for ${c.provider.name}`,
        at: p.at,
        contractAt: c.at,
      });
    }
    if (broken.length === 0) compliant.push(p.name);
  }
  return { breaches, compliant };
}

function breaks(p: PlacementInput, c: ExclusivityContractInput, groupOf: (n: string) => string): boolean {
  if (groupOf(p.customer.name) !== groupOf(c.customer.name)) return false;
  if (!c.scope.includes(p.workload)) return false;
  if (groupOf(p.provider.name) === groupOf(c.provider.name)) return false;
  if (c.term) {
    const end = c.term.start + c.term.months - 1;
    if (p.from > end) return false; // the clause has lapsed before the placement starts
  }
  return true;
}
