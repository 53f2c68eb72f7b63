/**
 * A flow set: parties and the money flows between them, stored column by column in typed
 * arrays so that a million flows cost tens of megabytes, not hundreds.
 *
 * Flows keep everything the caller stated (month, status, kind, earmarking, probability,
 * source) and the index of the input that produced them (`origin`), so that a figure computed
 * later can say where it came from. Nothing is aggregated here; `aggregateNetwork` does that.
 */
import { MONEY_LIMIT, money, type Money } from "../money/money.js";
import type { Ratio } from "../money/ratio.js";
import type { Month } from "../time/month.js";
import { networkError, type NetworkDiagnostic, type NetworkStaged } from "./codes.js";

/** How firm a flow is, from money that moved to press reports (docs/network-metrics.md). */
export const FLOW_STATUSES = ["funded", "binding", "announced", "loi", "reported"] as const;
export type FlowStatus = (typeof FLOW_STATUSES)[number];

export const isFlowStatus = (word: string): word is FlowStatus => (FLOW_STATUSES as readonly string[]).includes(word);

/** The party index that stands for the world outside the network (`external` in inputs). */
export const EXTERNAL = -1;
export const EXTERNAL_NAME = "external";

/** The `month` of a flow that has no date. Int32's minimum is far from every real month. */
export const NO_MONTH = -2147483648;

export interface FlowSet {
  /** Party names; a party's index is its position here. `external` is not listed: it is `EXTERNAL`. */
  readonly parties: readonly string[];
  /** The index of each party's parent (AWS -> Amazon), or -1. */
  readonly parent: Int32Array;
  readonly flowCount: number;
  /** Paying party of each flow: an index into `parties`, or `EXTERNAL`. */
  readonly from: Int32Array;
  /** Receiving party of each flow: an index into `parties`, or `EXTERNAL`. */
  readonly to: Int32Array;
  /** Amount of each flow in minor units, 0 <= amount <= MONEY_LIMIT (so int64 holds it). */
  readonly amount: BigInt64Array;
  /** Month of each flow, or `NO_MONTH`. */
  readonly month: Int32Array;
  /** Index into `FLOW_STATUSES`. */
  readonly status: Uint8Array;
  /** Index into `kinds`. */
  readonly kind: Int32Array;
  readonly kinds: readonly string[];
  /** 1 when the money is earmarked to be spent back with the payer (Nvidia's investment to buy Nvidia systems). */
  readonly earmarked: Uint8Array;
  /** Probability that the flow happens, when stated; absent means certain. */
  readonly probability: ReadonlyArray<Ratio | undefined>;
  /** Index into `sources`, or -1. */
  readonly source: Int32Array;
  readonly sources: readonly string[];
  /** Which input produced each flow: the position in the builder's `flows`, or the CSV line number. */
  readonly origin: Int32Array;
}

export interface PartyInput {
  readonly name: string;
  /** The parent the party rolls up to before analysis: `{ name: "AWS", parent: "Amazon" }`. */
  readonly parent?: string;
}

export interface FlowInput {
  /** A party name, or `external`. */
  readonly from: string;
  readonly to: string;
  readonly amount: Money;
  readonly month?: Month;
  readonly status: FlowStatus;
  readonly kind: string;
  readonly earmarked?: boolean;
  readonly probability?: Ratio;
  readonly source?: string;
}

export interface FlowSetInput {
  readonly parties: readonly PartyInput[];
  readonly flows: readonly FlowInput[];
}

/**
 * Builds a flow set from plain objects. Bad entries are reported and left out; the rest is kept:
 * an unknown party name (E_UNKNOWN_PARTY), a duplicate party (E_DUPLICATE_PARTY), a negative
 * amount (E_NONPOSITIVE_AMOUNT), an amount beyond the safe range (E_FIGURE_RANGE), a probability
 * outside 0..1 (E_PERCENT_RANGE), a status that is not a `FlowStatus` (E_BAD_ENUM), a flow from
 * `external` to `external` (E_PARTY_KIND). Never throws on bad data.
 */
export function buildFlowSet(input: FlowSetInput): NetworkStaged<FlowSet> {
  const diagnostics: NetworkDiagnostic[] = [];
  const partyIndex = new Map<string, number>();
  const parties: string[] = [];
  for (const [i, party] of input.parties.entries()) {
    if (party.name === EXTERNAL_NAME) continue; // reserved: it always exists
    if (partyIndex.has(party.name)) {
      diagnostics.push(networkError("E_DUPLICATE_PARTY", `party "${party.name}" is listed twice`, { path: ["parties", i, "name"] }));
      continue;
    }
    partyIndex.set(party.name, parties.length);
    parties.push(party.name);
  }
  const parent = new Int32Array(parties.length).fill(-1);
  for (const [i, party] of input.parties.entries()) {
    if (party.parent === undefined || party.name === EXTERNAL_NAME) continue;
    const self = partyIndex.get(party.name);
    const up = partyIndex.get(party.parent);
    if (up === undefined) {
      diagnostics.push(networkError("E_UNKNOWN_PARTY", `parent "${party.parent}" of "${party.name}" is not a party`, { path: ["parties", i, "parent"] }));
    } else if (self !== undefined) {
      parent[self] = up;
    }
  }

  const builder = new FlowColumns(input.flows.length);
  const resolve = (name: string, i: number, field: "from" | "to"): number | undefined => {
    if (name === EXTERNAL_NAME) return EXTERNAL;
    const index = partyIndex.get(name);
    if (index === undefined) diagnostics.push(networkError("E_UNKNOWN_PARTY", `flow ${i}: "${name}" is not a party`, { path: ["flows", i, field] }));
    return index;
  };
  for (let i = 0; i < input.flows.length; i++) {
    const flow = input.flows[i] as FlowInput;
    const from = resolve(flow.from, i, "from");
    const to = resolve(flow.to, i, "to");
    const problem = checkFlowValues(flow.amount, flow.status, flow.probability);
    if (problem) diagnostics.push(networkError(problem.code, `flow ${i}: ${problem.message}`, { path: ["flows", i, problem.field] }));
    if (from === EXTERNAL && to === EXTERNAL) {
      diagnostics.push(networkError("E_PARTY_KIND", `flow ${i} goes from external to external: it is outside the network`, { path: ["flows", i] }));
      continue;
    }
    if (from === undefined || to === undefined || problem) continue;
    builder.push(from, to, flow.amount, flow, i);
  }
  return { value: builder.finish(parties, parent), diagnostics };
}

interface FlowValueProblem {
  readonly code: "E_NONPOSITIVE_AMOUNT" | "E_FIGURE_RANGE" | "E_PERCENT_RANGE" | "E_BAD_ENUM";
  readonly field: "amount" | "status" | "probability";
  readonly message: string;
}

/** The first thing wrong with a flow's values, or undefined. Shared by the builder and the CSV reader. */
export function checkFlowValues(amount: bigint, status: string, probability: Ratio | undefined): FlowValueProblem | undefined {
  if (amount < 0n) return { code: "E_NONPOSITIVE_AMOUNT", field: "amount", message: `the amount ${amount} is negative; a flow runs from payer to payee` };
  if (amount > MONEY_LIMIT) return { code: "E_FIGURE_RANGE", field: "amount", message: `the amount ${amount} is beyond the safe range` };
  if (!isFlowStatus(status)) return { code: "E_BAD_ENUM", field: "status", message: `"${status}" is not a status (${FLOW_STATUSES.join(", ")})` };
  if (probability && (probability.num < 0n || probability.num > probability.den)) {
    return { code: "E_PERCENT_RANGE", field: "probability", message: "the probability is outside 0 %..100 %" };
  }
  return undefined;
}

/** What a flow states besides its parties and amount (a `FlowInput` is one). */
export interface FlowValues {
  readonly month?: number;
  readonly status: FlowStatus;
  readonly kind: string;
  readonly earmarked?: boolean;
  readonly probability?: Ratio;
  readonly source?: string;
}

const STATUS_INDEX: Readonly<Record<string, number>> = Object.fromEntries(FLOW_STATUSES.map((s, k) => [s, k]));

/** Appends flows column by column; used by the builder, the CSV reader and every filter. */
export class FlowColumns {
  private count = 0;
  private from: Int32Array;
  private to: Int32Array;
  private amount: BigInt64Array;
  private month: Int32Array;
  private status: Uint8Array;
  private kind: Int32Array;
  private earmarked: Uint8Array;
  private source: Int32Array;
  private origin: Int32Array;
  private readonly probability: (Ratio | undefined)[] = [];
  private readonly kindIndex = new Map<string, number>();
  private readonly sourceIndex = new Map<string, number>();

  constructor(capacity: number) {
    const size = Math.max(capacity, 4);
    this.from = new Int32Array(size);
    this.to = new Int32Array(size);
    this.amount = new BigInt64Array(size);
    this.month = new Int32Array(size);
    this.status = new Uint8Array(size);
    this.kind = new Int32Array(size);
    this.earmarked = new Uint8Array(size);
    this.source = new Int32Array(size);
    this.origin = new Int32Array(size);
  }

  /** Appends one flow; `values` supplies everything but the parties and the amount. No object is allocated. */
  push(fromIndex: number, toIndex: number, amount: bigint, values: FlowValues, origin: number): void {
    if (this.count === this.from.length) this.grow();
    const i = this.count++;
    const flow = values;
    this.from[i] = fromIndex;
    this.to[i] = toIndex;
    this.amount[i] = amount;
    this.month[i] = flow.month ?? NO_MONTH;
    this.status[i] = STATUS_INDEX[flow.status] ?? 0;
    this.kind[i] = intern(this.kindIndex, flow.kind);
    this.earmarked[i] = flow.earmarked ? 1 : 0;
    this.source[i] = flow.source === undefined ? -1 : intern(this.sourceIndex, flow.source);
    this.origin[i] = origin;
    this.probability.push(flow.probability); // always push, so the array stays dense (sparse writes make it a slow dictionary)
  }

  /** Copies flow `i` of `flows`, with a new amount and new party indices when given. */
  copy(flows: FlowSet, i: number, change: { amount?: bigint; fromIndex?: number; toIndex?: number } = {}): void {
    if (this.count === this.from.length) this.grow();
    const k = this.count++;
    this.from[k] = change.fromIndex ?? flows.from[i] ?? EXTERNAL;
    this.to[k] = change.toIndex ?? flows.to[i] ?? EXTERNAL;
    this.amount[k] = change.amount ?? flows.amount[i] ?? 0n;
    this.month[k] = flows.month[i] ?? NO_MONTH;
    this.status[k] = flows.status[i] ?? 0;
    this.kind[k] = intern(this.kindIndex, flows.kinds[flows.kind[i] ?? 0] ?? "");
    this.earmarked[k] = flows.earmarked[i] ?? 0;
    const sourceAt = flows.source[i] ?? -1;
    this.source[k] = sourceAt < 0 ? -1 : intern(this.sourceIndex, flows.sources[sourceAt] ?? "");
    this.origin[k] = flows.origin[i] ?? -1;
    this.probability.push(flows.probability[i]);
  }

  finish(parties: readonly string[], parent: Int32Array): FlowSet {
    const n = this.count;
    return {
      parties,
      parent,
      flowCount: n,
      from: this.from.slice(0, n),
      to: this.to.slice(0, n),
      amount: this.amount.slice(0, n),
      month: this.month.slice(0, n),
      status: this.status.slice(0, n),
      kind: this.kind.slice(0, n),
      kinds: [...this.kindIndex.keys()],
      earmarked: this.earmarked.slice(0, n),
      probability: this.probability.slice(0, n),
      source: this.source.slice(0, n),
      sources: [...this.sourceIndex.keys()],
      origin: this.origin.slice(0, n),
    };
  }

  private grow(): void {
    const size = this.from.length * 2;
    const widen = <T extends Int32Array | Uint8Array | BigInt64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      (b as { set(a: T): void }).set(a);
      return b;
    };
    this.from = widen(this.from, (k) => new Int32Array(k));
    this.to = widen(this.to, (k) => new Int32Array(k));
    this.amount = widen(this.amount, (k) => new BigInt64Array(k));
    this.month = widen(this.month, (k) => new Int32Array(k));
    this.status = widen(this.status, (k) => new Uint8Array(k));
    this.kind = widen(this.kind, (k) => new Int32Array(k));
    this.earmarked = widen(this.earmarked, (k) => new Uint8Array(k));
    this.source = widen(this.source, (k) => new Int32Array(k));
    this.origin = widen(this.origin, (k) => new Int32Array(k));
  }
}

function intern(index: Map<string, number>, word: string): number {
  let at = index.get(word);
  if (at === undefined) {
    at = index.size;
    index.set(word, at);
  }
  return at;
}

/** The name of a party index, `external` for `EXTERNAL`. */
export const partyName = (flows: { readonly parties: readonly string[] }, index: number): string =>
  index === EXTERNAL ? EXTERNAL_NAME : (flows.parties[index] ?? `#${index}`);

/** The amount of flow `i` as money. */
export const flowAmount = (flows: FlowSet, i: number): Money => money(flows.amount[i] ?? 0n);
