/**
 * Circular capital across the model's network: the compiled model's flows (tranches, contracts,
 * explicit flows and flow files, revenue, costs and revenue shares as the ledger has them) as a
 * src/network flow set, then the network metrics, one stage a line:
 *
 *     scheduled flows -> buildFlowSet -> selectFlows -> rollUpAffiliates -> aggregateNetwork -> analyseNetwork
 *                        (outside        (window,       (AWS -> Amazon)     (F, z, y, T)        (every metric,
 *                         accounts ->     statuses,                                               docs/network-metrics.md)
 *                         external)       probability)
 *
 * Every flow of the set keeps the index of the scheduled flow it came from, so each pair's amount
 * is listed with the model items behind it. Flows of every condition count (the ledger's
 * "every condition met" scenario); with `weightConditional`, a conditional flow counts at its
 * condition's probability and an explicit flow at its own.
 */
import type { CompiledModel, ScheduledFlow } from "../compile/types.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { isOutsideAccount } from "../ledger/posting.js";
import type { Located, ModelInput } from "../model/types.js";
import { asDiagnostic } from "../model/flows.js";
import { money, type Money } from "../money/money.js";
import type { Ratio } from "../money/ratio.js";
import {
  aggregateNetwork,
  analyseNetwork,
  buildFlowSet,
  EXTERNAL_NAME,
  FLOW_STATUSES,
  maximumCirculation,
  rollUpAffiliates,
  selectFlows,
  type FlowInput,
  type FlowNetwork,
  type FlowStatus,
  type NetworkMetrics,
} from "../network/index.js";
import { formatMonth, type Month } from "../time/month.js";

export interface FlowsOptions {
  /** Months to count, both ends included; default the model's horizon. */
  readonly window?: { readonly from: Month; readonly to: Month };
  /** Statuses to count; default all of them. */
  readonly statuses?: readonly FlowStatus[];
  /** Count conditional and uncertain flows at their probability instead of in full. */
  readonly weightConditional?: boolean;
  /** How many loops of the maximum circulation to list; default 20. */
  readonly maxLoops?: number;
}

/** A model item's part of a figure. */
export interface ItemAmount {
  readonly item: string;
  readonly label: string;
  readonly amount: Money;
  readonly at?: Located;
}

/** All money one group paid another in the selection, with the items behind it. */
export interface PairFlow {
  readonly payer: string;
  readonly payee: string;
  readonly amount: Money;
  readonly items: readonly ItemAmount[];
}

/** Per party (after affiliates are rolled up): what it put in, what came back, the net. */
export interface PartyFlows {
  readonly party: string;
  /** The party and its affiliates. */
  readonly members: readonly string[];
  /** Paid to other parties as investments (tranches, equity and warrant flows). */
  readonly invested: Money;
  /** Paid to other parties, investments and payments together. */
  readonly paidOut: Money;
  readonly received: Money;
  /** Of what it paid, what the same payees paid straight back (sum over payees of min(F_ij, F_ji)). */
  readonly cameBackDirectly: Money;
  /** Of what it paid, what eventually reaches it again along any path (sum of paid x multi-hop share; rounded to the minor unit). */
  readonly cameBackAnyPath: Money;
  readonly externalIn: Money;
  readonly externalOut: Money;
  /** (received + externalIn) - (paidOut + externalOut). */
  readonly net: Money;
}

/** A flow left out of money totals: undisclosed, with no assumed amount. */
export interface LeftOutFlow {
  readonly item: string;
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly status: FlowStatus;
  readonly unconfirmed: boolean;
  readonly description?: string;
  readonly source?: string;
  /** Whether its status and dates fall in the selection (it would count if it had an amount). */
  readonly inSelection: boolean;
  readonly at: Located;
}

/** A model item marked earmarked or unconfirmed, with what of it the selection counts. */
export interface MarkedItem extends ItemAmount {
  readonly from: string;
  readonly to: string;
  readonly status: FlowStatus;
}

export interface FlowsAnalysis {
  readonly name: string;
  readonly file: string;
  readonly currency: string;
  readonly window: { readonly from: Month; readonly to: Month };
  readonly statuses: readonly FlowStatus[];
  readonly weighting: "face" | "probability";
  readonly metrics: NetworkMetrics;
  /** The aggregated network after roll-up, and the circulation on each of its edges (for diagrams). */
  readonly network: FlowNetwork;
  readonly circulationByEdge: Float64Array;
  /** Parties with affiliates rolled into them: `{ party: "Amazon", members: ["Amazon", "AWS"] }`. */
  readonly groups: ReadonlyArray<{ readonly party: string; readonly members: readonly string[] }>;
  readonly pairs: readonly PairFlow[];
  readonly parties: readonly PartyFlows[];
  readonly counted: { readonly flows: number; readonly items: number; readonly total: Money };
  readonly leftOut: readonly LeftOutFlow[];
  /** Counted items whose amount is an assumption, with the reason given. */
  readonly assumedAmounts: ReadonlyArray<ItemAmount & { readonly reason: string }>;
  readonly earmarked: readonly MarkedItem[];
  readonly unconfirmed: readonly MarkedItem[];
  /** Conditions counted in full under weighting because they state no probability. */
  readonly conditionsWithoutProbability: readonly string[];
}

/**
 * The network metrics of a compiled model's flows. Reports a window that lies wholly outside the
 * horizon (E_DATE_OUTSIDE_HORIZON, no value); a selection that keeps no flow is the network's
 * W_EMPTY_SELECTION, with metrics of an empty network.
 */
export function analyseNetworkFlows(model: CompiledModel, options: FlowsOptions = {}): { value?: FlowsAnalysis; diagnostics: Diagnostic[] } {
  const window = options.window ?? { from: model.start, to: model.end };
  if (window.to < model.start || window.from > model.end) {
    const message = `the window ${formatMonth(window.from)}..${formatMonth(window.to)} lies outside the model's horizon (${formatMonth(model.start)} to ${formatMonth(model.end)}): it holds no flow`;
    return { diagnostics: [error("E_DATE_OUTSIDE_HORIZON", message, { hint: `choose months from ${formatMonth(model.start)} to ${formatMonth(model.end)}` })] };
  }
  const statuses = options.statuses ?? FLOW_STATUSES;
  const weighting = options.weightConditional ? "probability" : "face";
  const input = flowSetInput(model); //                                                 scheduled flows -> flow inputs
  const built = buildFlowSet(input.set); //                                              names -> indices
  const selected = selectFlows(built.value, { window, statuses, weighting }); //       window, statuses, probability
  const rolledUp = rollUpAffiliates(selected.value); //                                  AWS -> Amazon
  const network = aggregateNetwork(rolledUp.value); //                                   F, z, y, T
  const metrics = analyseNetwork(network.value, { maxLoops: options.maxLoops ?? 20 }); // every metric
  const circulation = maximumCirculation(network.value, { maxLoops: 0 }); //             c on each edge, for diagrams
  const diagnostics = [...built.diagnostics, ...selected.diagnostics, ...rolledUp.diagnostics, ...network.diagnostics, ...metrics.diagnostics].map(asDiagnostic);

  const groupOf = (name: string): string => (name === EXTERNAL_NAME ? EXTERNAL_NAME : (model.parties.get(name)?.group ?? name));
  const nameOf = (index: number): string => (index < 0 ? EXTERNAL_NAME : (selected.value.parties[index] ?? ""));
  const assumed = assumedAmountReasons(model.input);
  const pairs = new Map<string, { payer: string; payee: string; amount: bigint; items: Map<string, { flow: ScheduledFlow; amount: bigint }> }>();
  const invested = new Map<string, bigint>();
  const byItem = new Map<string, { flow: ScheduledFlow; amount: bigint }>();
  let total = 0n;
  const s = selected.value;
  for (let i = 0; i < s.flowCount; i++) {
    const flow = input.flows[s.origin[i] ?? -1];
    if (!flow) continue;
    const amount = s.amount[i] ?? 0n;
    total += amount;
    const itemEntry = byItem.get(flow.origin.item) ?? { flow, amount: 0n };
    itemEntry.amount += amount;
    byItem.set(flow.origin.item, itemEntry);
    const payer = groupOf(nameOf(s.from[i] ?? -1));
    const payee = groupOf(nameOf(s.to[i] ?? -1));
    if (payer === payee || payer === EXTERNAL_NAME || payee === EXTERNAL_NAME) continue;
    if (flow.origin.kind === "tranche") invested.set(payer, (invested.get(payer) ?? 0n) + amount);
    const key = `${payer}\u0000${payee}`;
    const pair = pairs.get(key) ?? { payer, payee, amount: 0n, items: new Map<string, { flow: typeof flow; amount: bigint }>() };
    pair.amount += amount;
    const part = pair.items.get(flow.origin.item) ?? { flow, amount: 0n };
    part.amount += amount;
    pair.items.set(flow.origin.item, part);
    pairs.set(key, pair);
  }
  const itemAmount = ({ flow, amount }: { flow: ScheduledFlow; amount: bigint }): ItemAmount => ({ item: flow.origin.item, label: flow.origin.label, amount: money(amount), ...(flow.origin.at ? { at: flow.origin.at } : {}) });
  const byAmount = <T extends { amount: bigint | Money }>(a: T, b: T): number => (a.amount > b.amount ? -1 : a.amount < b.amount ? 1 : 0);
  const marked = (keep: (f: ScheduledFlow) => boolean): MarkedItem[] =>
    [...byItem.values()]
      .filter((e) => keep(e.flow))
      .sort(byAmount)
      .map((e) => ({ ...itemAmount(e), from: displayAccount(e.flow.from), to: displayAccount(e.flow.to), status: e.flow.status ?? "binding" }));

  const m = metrics.value;
  const cameBack = new Map<string, number>();
  for (const p of m.multiHopRoundTripShare.pairs) cameBack.set(p.payer, (cameBack.get(p.payer) ?? 0) + Number(p.paid) * p.share);
  const members = new Map<string, string[]>();
  for (const party of model.parties.values()) members.set(party.group, [...(members.get(party.group) ?? []), party.name]);
  const parties: PartyFlows[] = m.parties.map((p) => ({
    party: p.party,
    members: members.get(p.party) ?? [p.party],
    invested: money(invested.get(p.party) ?? 0n),
    paidOut: p.paidOut,
    received: p.received,
    cameBackDirectly: p.receivedBack,
    cameBackAnyPath: money(BigInt(Math.round(cameBack.get(p.party) ?? 0))),
    externalIn: p.externalIn,
    externalOut: p.externalOut,
    net: p.net,
  }));

  const value: FlowsAnalysis = {
    name: model.input.name,
    file: model.input.file,
    currency: model.currency,
    window,
    statuses,
    weighting,
    metrics: m,
    network: network.value,
    circulationByEdge: circulation.circulationByEdge,
    groups: [...members].filter(([, names]) => names.length > 1).map(([party, names]) => ({ party, members: names })),
    pairs: [...pairs.values()].sort(byAmount).map((p) => ({ payer: p.payer, payee: p.payee, amount: money(p.amount), items: [...p.items.values()].sort(byAmount).map(itemAmount) })),
    parties,
    counted: { flows: s.flowCount, items: byItem.size, total: money(total) },
    leftOut: leftOutFlows(model.input, window, statuses),
    assumedAmounts: [...byItem.values()]
      .filter((e) => assumed.has(e.flow.origin.item))
      .sort(byAmount)
      .map((e) => ({ ...itemAmount(e), reason: assumed.get(e.flow.origin.item) ?? "" })),
    earmarked: marked((f) => f.earmarked === true),
    unconfirmed: marked((f) => f.unconfirmed === true),
    conditionsWithoutProbability: weighting === "probability" ? input.conditionsWithoutProbability : [],
  };
  return { value, diagnostics };
}

/** `(external)`, `(customers)` and the other outside accounts are all `external` to the network. */
const displayAccount = (account: string): string => (isOutsideAccount(account) ? EXTERNAL_NAME : account);

/** The flow set's input: the model's parties with their parents, and one flow per scheduled flow. */
function flowSetInput(model: CompiledModel): { set: { parties: Array<{ name: string; parent?: string }>; flows: FlowInput[] }; flows: ScheduledFlow[]; conditionsWithoutProbability: string[] } {
  const parties = model.input.parties.map((p) => ({ name: p.name, ...(p.affiliateOf ? { parent: p.affiliateOf.name } : {}) }));
  const flows: FlowInput[] = [];
  const kept: ScheduledFlow[] = [];
  const withoutProbability = new Set<string>();
  for (const f of model.flows) {
    const from = displayAccount(f.from);
    const to = displayAccount(f.to);
    if (from === EXTERNAL_NAME && to === EXTERNAL_NAME) continue;
    let probability: Ratio | undefined = f.probability;
    if (probability === undefined && f.condition !== undefined) {
      probability = model.conditions.get(f.condition)?.probability?.value;
      if (probability === undefined) withoutProbability.add(f.condition);
    }
    flows.push({
      from,
      to,
      amount: f.amount,
      month: f.month,
      status: f.status ?? "binding",
      kind: f.kind ?? f.origin.kind,
      ...(f.earmarked ? { earmarked: true } : {}),
      ...(probability ? { probability } : {}),
      source: f.origin.item,
    });
    kept.push(f);
  }
  return { set: { parties, flows }, flows: kept, conditionsWithoutProbability: [...withoutProbability].sort() };
}

/** Undisclosed flows without an assumed amount: in the model, in no money total. */
function leftOutFlows(input: ModelInput, window: { from: Month; to: Month }, statuses: readonly FlowStatus[]): LeftOutFlow[] {
  return input.flows
    .filter((f) => !f.amount)
    .map((f) => {
      const first = f.timing.kind === "dated" ? f.timing.month : f.timing.term.start;
      const last = f.timing.kind === "dated" ? f.timing.month : ((f.timing.term.start + f.timing.term.months - 1) as Month);
      return {
        item: f.item,
        from: f.from.name,
        to: f.to.name,
        kind: f.kind,
        status: f.marks.status,
        unconfirmed: f.marks.unconfirmed,
        ...(f.description !== undefined ? { description: f.description } : {}),
        ...(f.source !== undefined ? { source: f.source } : {}),
        inSelection: statuses.includes(f.marks.status) && first <= window.to && last >= window.from,
        at: f.at,
      };
    });
}

/** The reason behind every model item whose amount (or price, or quantity) is an assumption. */
function assumedAmountReasons(input: ModelInput): Map<string, string> {
  const reasons = new Map<string, string>();
  const note = (item: string, ...figures: Array<{ provenance: { kind: string; reason?: string } } | undefined>): void => {
    const said = figures.flatMap((f) => (f?.provenance.kind === "assumption" && f.provenance.reason ? [f.provenance.reason] : []));
    if (said.length > 0) reasons.set(item, said.join("; "));
  };
  for (const f of input.flows) note(f.item, f.amount);
  for (const c of input.contracts) {
    if (c.kind === "purchase") note(`contracts.${c.name}`, c.total);
    else if (c.kind === "capacity") note(`contracts.${c.name}`, c.quantity, c.price);
  }
  for (const round of input.rounds) {
    for (const c of round.commitments) c.tranches.forEach((t, k) => note(`rounds.${round.name}.commitments.${c.investor.name}.tranches.${k}`, t.amount));
  }
  return reasons;
}
