/**
 * Flows between any parties, as written: the `flows:` section, the rows of the CSV files named
 * under `flow-files:`, and the marks (status, earmarking, unconfirmed) that tranches and
 * contracts may carry. The network analysis (src/analysis/network-flows.ts) reads them through
 * the compiled model; docs/model-language.md documents the language.
 */
import type { Money } from "../money/money.js";
import type { Ratio } from "../money/ratio.js";
import type { FlowStatus } from "../network/index.js";
import type { Month } from "../time/month.js";
import type { Located, Ref, Sourced, TermInput } from "./types.js";

export type { FlowStatus } from "../network/index.js";

/** What a tranche, a contract or a flow says of how firm it is. */
export interface DealMarks {
  /** funded (money moved), binding (signed), announced, loi (letter of intent), reported (press only). */
  readonly status: FlowStatus;
  /** Money invested on the understanding that it is spent back with the investor (Nvidia's per-gigawatt letter of intent). */
  readonly earmarked: boolean;
  /** The case marks the item unconfirmed; it is kept, and reports say so. */
  readonly unconfirmed: boolean;
}

/** Every item without a `status:` is binding: a signed commitment is what a model usually holds. */
export const DEFAULT_STATUS: FlowStatus = "binding";

export const DEFAULT_MARKS: DealMarks = { status: DEFAULT_STATUS, earmarked: false, unconfirmed: false };

/**
 * What a flow is, as a registry: each kind says whether the ledger books it as an investment
 * (like a tranche: equity raised by the payee) or as a payment for goods or services (like a
 * contract: the payer's operating outflow).
 */
export const FLOW_KINDS = {
  equity: { books: "investment", summary: "shares bought in the payee" },
  warrant: { books: "investment", summary: "shares (or the right to them) given to the payee, valued in money" },
  purchase: { books: "payment", summary: "goods or services bought from the payee" },
  cloud: { books: "payment", summary: "cloud capacity bought from the payee" },
  chips: { books: "payment", summary: "chips or systems bought from the payee" },
  lease: { books: "payment", summary: "rent paid to the payee" },
  backstop: { books: "payment", summary: "a promise to buy the payee's unsold capacity" },
  payment: { books: "payment", summary: "any other payment (the default)" },
} as const satisfies Record<string, { books: "investment" | "payment"; summary: string }>;

export type FlowKind = keyof typeof FLOW_KINDS;
export const FLOW_KIND_NAMES = Object.keys(FLOW_KINDS) as FlowKind[];
export const DEFAULT_FLOW_KIND: FlowKind = "payment";

/** When a flow's money moves: in one month, or spread evenly over a term. */
export type FlowTiming = { readonly kind: "dated"; readonly month: Month; readonly at: Located } | { readonly kind: "term"; readonly term: TermInput };

/** A flow under `flows:` or a row of a flow file. */
export interface FlowEntryInput {
  /** The entry's name under `flows:`, or `<file> row <n>` for a CSV row. */
  readonly name: string;
  /** A stable id of the item, for provenance: `flows.nvidia-anthropic`, `flow-files.0.rows.3`. */
  readonly item: string;
  readonly from: Ref;
  readonly to: Ref;
  /** Absent for an undisclosed flow without an assumed amount: it is kept, but counts in no money total. */
  readonly amount?: Sourced<Money>;
  /** The press gave no amount (`undisclosed: true`); an amount, if any, is then an assumption. */
  readonly undisclosed: boolean;
  readonly timing: FlowTiming;
  /** A word of FLOW_KINDS for `flows:`; in a CSV file any word (default `flow`, booked as a payment). */
  readonly kind: string;
  readonly marks: DealMarks;
  /** The chance the flow happens, for probability-weighted analyses; absent means certain. */
  readonly probability?: Sourced<Ratio>;
  /** Where the deal was reported: free text, usually an id under `sources:`. */
  readonly source?: string;
  readonly description?: string;
  readonly at: Located;
}

/** A CSV file named under `flow-files:`. */
export interface FlowFileInput {
  /** As written in the model. */
  readonly path: string;
  /** Relative to the model file's folder: the path the file was read from. */
  readonly file: string;
  readonly at: Located;
  /** How many of its rows became flows. */
  readonly flowCount: number;
}
