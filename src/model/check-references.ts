/**
 * The third stage: every name in the model must name something of the right kind, and links
 * that may loop (`affiliate-of`, `extends`, formulas) must not.
 *
 * Role rules (E_PARTY_KIND):
 * - a round's company, a forecast's owner and a revenue share's payer are parties of kind company;
 * - a commitment's investor may be a party of any kind, except the company raising the round;
 * - every other role (buyer, seller, payee, provider, customer, via, through) takes any party.
 */
import { error, warning, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { DeclaredNames, ModelDraft } from "./draft.js";
import { formulaReferences, type FormulaReference } from "./formula.js";
import { inheritedParties, isSpendingContract, type SpendingContractInput } from "./contract-parties.js";
import type { ContractInput, ForecastInput, PartyKind, Ref } from "./types.js";
import { unreachable } from "../diagnostics/unreachable.js";

export function checkReferences(draft: ModelDraft, options: { warnUnusedConditions: boolean }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { declared } = draft;
  const partyNames = [...declared.parties.keys()];

  /** Reports an unknown party; returns its kind when known (undefined if unreadable or unknown). */
  const party = (ref: Ref | undefined, role: string): PartyKind | undefined => {
    if (!ref) return undefined;
    if (!declared.parties.has(ref.name)) {
      out.push(error("E_UNKNOWN_PARTY", `${role} "${ref.name}" is not a party of this model`, { span: ref.at.span, path: ref.at.path, hint: didYouMean(ref.name, partyNames, "party") }));
      return undefined;
    }
    return declared.parties.get(ref.name);
  };
  const company = (ref: Ref, role: string): void => {
    const kind = party(ref, role);
    if (kind !== undefined && kind !== "company") {
      out.push(error("E_PARTY_KIND", `"${ref.name}" is a party of kind ${kind}, but ${role} must be a company`, { span: ref.at.span, path: ref.at.path, hint: `declare it as ${ref.name}: company, or name a company here` }));
    }
  };

  for (const p of draft.parties) party(p.affiliateOf, `the parent of ${p.name}`);
  out.push(...checkLinkCycles(
    draft.parties.flatMap((p) => (p.affiliateOf ? [{ name: p.name, link: p.affiliateOf }] : [])),
    "E_AFFILIATION_CYCLE",
    "parties are affiliates of each other in a loop",
    "one of them must be the top of the group: remove its affiliate-of",
  ));

  const usedConditions = new Set<string>();
  for (const round of draft.rounds) {
    company(round.company, `the company raising round "${round.name}"`);
    for (const c of round.commitments) {
      party(c.investor, "investor");
      if (c.investor.name === round.company.name) {
        out.push(error("E_PARTY_KIND", `${c.investor.name} is the company raising round "${round.name}"; it cannot invest in it`, { span: c.investor.at.span, path: c.investor.at.path }));
      }
      for (const t of c.tranches) {
        if (t.timing.kind !== "conditional") continue;
        const condition = t.timing.condition;
        usedConditions.add(condition.name);
        if (!declared.conditions.has(condition.name)) {
          out.push(error("E_UNKNOWN_CONDITION", `condition "${condition.name}" is not defined`, { span: condition.at.span, path: condition.at.path, hint: didYouMean(condition.name, [...declared.conditions], "condition") }));
        }
      }
    }
  }
  if (options.warnUnusedConditions) {
    for (const condition of draft.conditions) {
      if (!usedConditions.has(condition.name)) {
        out.push(warning("W_CONDITION_UNUSED", `condition "${condition.name}" is not used by any tranche`, { span: condition.at.span, path: condition.at.path, hint: "attach it to a tranche with condition: " + condition.name + ", or remove it" }));
      }
    }
  }

  out.push(...checkContracts(draft, party, company));

  for (const placement of draft.placements) {
    party(placement.customer, `the customer of placement "${placement.name}"`);
    party(placement.provider, `the provider of placement "${placement.name}"`);
    party(placement.via, `the party placement "${placement.name}" comes through`);
  }

  for (const forecast of draft.forecasts) {
    company(forecast.company, "the owner of a forecast");
    for (const line of forecast.lines) {
      party(line.payee, `the payee of line "${line.name}"`);
      for (const t of line.through) party(t.party, `the channel of line "${line.name}"`);
    }
    out.push(...checkFormulas(forecast, declared));
  }
  return out;
}

function checkContracts(
  draft: ModelDraft,
  party: (ref: Ref | undefined, role: string) => PartyKind | undefined,
  company: (ref: Ref, role: string) => void,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { declared } = draft;
  const byName = new Map(draft.contracts.map((c) => [c.name, c]));
  for (const contract of draft.contracts) {
    const what = `contract "${contract.name}"`;
    switch (contract.kind) {
      case "purchase":
      case "capacity":
        party(contract.buyer, `the buyer of ${what}`);
        party(contract.seller, `the seller of ${what}`);
        if (contract.extends) out.push(...checkExtends(contract, contract.extends, byName, declared));
        break;
      case "revenue-share": {
        company(contract.payer, `the payer of ${what}`);
        party(contract.payee, `the payee of ${what}`);
        for (const t of contract.through) party(t, `a channel of ${what}`);
        const lines = declared.lines.get(contract.payer.name);
        for (const line of contract.lines) {
          const kind = lines?.get(line.name);
          if (!lines || !lines.has(line.name)) {
            const known = lines ? [...lines].filter(([, k]) => k !== "cost").map(([n]) => n) : [];
            const hint = lines ? didYouMean(line.name, known, "revenue line") : `${contract.payer.name} has no forecast under forecasts:`;
            out.push(error("E_UNKNOWN_LINE", `"${line.name}" is not a line of ${contract.payer.name}'s forecast`, { span: line.at.span, path: line.at.path, hint }));
          } else if (kind === "cost") {
            out.push(error("E_UNKNOWN_LINE", `"${line.name}" is a cost line; a revenue share applies to revenue lines`, { span: line.at.span, path: line.at.path }));
          }
        }
        break;
      }
      case "exclusivity":
        party(contract.provider, `the provider of ${what}`);
        party(contract.customer, `the customer of ${what}`);
        break;
      default:
        unreachable(contract);
    }
  }
  out.push(...checkLinkCycles(
    draft.contracts.flatMap((c) => (isSpendingContract(c) && c.extends ? [{ name: c.name, link: c.extends }] : [])),
    "E_EXTENDS_CYCLE",
    "contracts extend each other in a loop",
    "the first contract of the chain must not extend another",
  ));
  return out;
}

/** `extends` names a contract of the same kind, between the same buyer and seller. */
function checkExtends(
  contract: SpendingContractInput,
  link: Ref,
  byName: ReadonlyMap<string, ContractInput>,
  declared: DeclaredNames,
): Diagnostic[] {
  const where = { span: link.at.span, path: link.at.path };
  if (!declared.contracts.has(link.name)) {
    return [error("E_UNKNOWN_CONTRACT", `contract "${link.name}" is not defined`, { ...where, hint: didYouMean(link.name, [...declared.contracts.keys()], "contract") })];
  }
  const kind = declared.contracts.get(link.name);
  if (kind !== undefined && kind !== contract.kind) {
    return [error("E_EXTENDS_KIND", `contract "${contract.name}" is a ${contract.kind} contract but extends "${link.name}", a ${kind} contract`, { ...where, hint: "a contract may only extend one of its own kind" })];
  }
  const out: Diagnostic[] = [];
  const inherited = inheritedParties(byName.get(link.name), byName);
  for (const role of ["buyer", "seller"] as const) {
    const own = contract[role];
    const theirs = inherited[role];
    if (own && theirs && own.name !== theirs) {
      out.push(error("E_EXTENDS_KIND", `the ${role} of "${contract.name}" is ${own.name}, but the contract it extends, "${link.name}", has ${theirs}`, { span: own.at.span, path: own.at.path, hint: `leave ${role} out to take it from "${link.name}"` }));
    }
  }
  return out;
}

/**
 * Loops among single links (each item links to at most one other): each loop is reported once,
 * at the link of its member written first, naming the chain (`AWS → Amazon → AWS`).
 */
function checkLinkCycles(items: ReadonlyArray<{ name: string; link: Ref }>, code: "E_AFFILIATION_CYCLE" | "E_EXTENDS_CYCLE", what: string, hint: string): Diagnostic[] {
  const links = new Map(items.map((i) => [i.name, i.link]));
  const reported = new Set<string>();
  const out: Diagnostic[] = [];
  for (const { name } of items) {
    const chain: string[] = [];
    let current: string | undefined = name;
    while (current !== undefined && !chain.includes(current)) {
      chain.push(current);
      current = links.get(current)?.name;
    }
    if (current !== name || reported.has(name)) continue;
    chain.forEach((n) => reported.add(n));
    const link = links.get(name);
    if (!link) continue;
    out.push(error(code, `${what}: ${[...chain, name].join(" → ")}`, { span: link.at.span, path: link.at.path, hint }));
  }
  return out;
}

/**
 * Formula names must be lines of the same company. A formula may not depend on itself in the
 * same month, directly or through others; `last(x)` reads last month and so breaks a loop.
 */
function checkFormulas(forecast: ForecastInput, declared: DeclaredNames): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lineNames = declared.lines.get(forecast.company.name) ?? new Map();
  const known = [...lineNames.keys()] as string[];
  const sameMonth = new Map<string, FormulaReference[]>();
  for (const line of forecast.lines) {
    if (line.definition.kind !== "formula") continue;
    const references = formulaReferences(line.definition.formula);
    for (const ref of references) {
      if (lineNames.has(ref.name) || declared.drivers.has(ref.name)) continue;
      const parts = ref.name.split("-");
      const spaced = parts.length > 1 && parts.every((p) => lineNames.has(p)) ? `to subtract, put spaces around the minus: ${parts.join(" - ")}` : undefined;
      out.push(error("E_UNKNOWN_LINE", `"${ref.name}" is not a line of ${forecast.company.name}'s forecast`, { span: ref.at.span, path: ref.at.path, hint: spaced ?? didYouMean(ref.name, [...known, ...declared.drivers], "line") }));
    }
    sameMonth.set(line.name, references.filter((r) => !r.lagged && lineNames.has(r.name)));
  }
  // Depth-first search over formula lines, with an explicit stack so that a long chain of lines
  // cannot exhaust the call stack; a reference to a line on the current path closes a loop.
  const state = new Map<string, "active" | "done">();
  for (const root of sameMonth.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const frames = [{ line: root, refs: sameMonth.get(root) ?? [], next: 0 }];
    state.set(root, "active");
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (!frame) break;
      const ref = frame.refs[frame.next++];
      if (!ref) {
        state.set(frame.line, "done");
        frames.pop();
        path.pop();
        continue;
      }
      if (!sameMonth.has(ref.name)) continue;
      const seen = state.get(ref.name);
      if (seen === "active") {
        const loop = [...path.slice(path.indexOf(ref.name)), ref.name];
        out.push(error("E_FORMULA_CYCLE", `formulas depend on each other in the same month: ${loop.join(" → ")}`, { span: ref.at.span, path: ref.at.path, hint: "break the loop with last(…), which reads last month's value" }));
      } else if (seen === undefined) {
        state.set(ref.name, "active");
        path.push(ref.name);
        frames.push({ line: ref.name, refs: sameMonth.get(ref.name) ?? [], next: 0 });
      }
    }
  }
  return out;
}
