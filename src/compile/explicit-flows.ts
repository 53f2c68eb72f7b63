/**
 * Flows written under `flows:` or read from flow files, as scheduled flows: one month's payment,
 * or an amount spread evenly over a term, exactly (the parts add up to the amount). They post in
 * the ledger like tranches (an investment kind: equity, warrant) or like contracts (every other
 * kind), so every existing answer sees them. An undisclosed flow without an assumed amount posts
 * nothing; the network report lists it as left out of money totals.
 */
import { splitEvenly, type Money } from "../money/money.js";
import { FLOW_KINDS, type FlowEntryInput } from "../model/flow-types.js";
import type { ModelInput } from "../model/types.js";
import type { Account, OriginKind } from "../ledger/posting.js";
import { EXTERNAL_NAME } from "../network/index.js";
import type { Month } from "../time/month.js";
import type { ScheduledFlow } from "./types.js";

/** The ledger account of `external`, the world outside the model (outside accounts are in parentheses). */
export const EXTERNAL_ACCOUNT: Account = "(external)";

export const accountOf = (party: string): Account => (party === EXTERNAL_NAME ? EXTERNAL_ACCOUNT : party);

/** How the ledger books a flow of this kind; a CSV file's own words (`flow`, say) book as payments. */
export function bookedAs(kind: string): OriginKind {
  const entry = (FLOW_KINDS as Readonly<Record<string, { books: string }>>)[kind];
  return entry?.books === "investment" ? "tranche" : "contract";
}

/** The scheduled flows of every explicit flow, inside the horizon. */
export function explicitFlows(input: ModelInput): ScheduledFlow[] {
  const out: ScheduledFlow[] = [];
  for (const flow of input.flows) {
    if (!flow.amount) continue; // undisclosed, no assumed amount: kept in the model, out of money totals
    for (const { month, amount } of monthlyAmounts(flow, flow.amount.value)) {
      if (month < input.horizon.start || month > input.horizon.end || amount === 0n) continue;
      out.push({
        month,
        from: accountOf(flow.from.name),
        to: accountOf(flow.to.name),
        amount,
        origin: { kind: bookedAs(flow.kind), item: flow.item, label: flow.item.startsWith("flows.") ? `${flow.kind} flow ${flow.name}` : `flow ${flow.name}`, at: flow.at },
        status: flow.marks.status,
        ...(flow.marks.earmarked ? { earmarked: true } : {}),
        ...(flow.marks.unconfirmed ? { unconfirmed: true } : {}),
        kind: flow.kind,
        ...(flow.probability ? { probability: flow.probability.value } : {}),
      });
    }
  }
  return out;
}

function monthlyAmounts(flow: FlowEntryInput, total: Money): Array<{ month: Month; amount: Money }> {
  const t = flow.timing;
  if (t.kind === "dated") return [{ month: t.month, amount: total }];
  return splitEvenly(total, t.term.months).map((amount, k) => ({ month: (t.term.start + k) as Month, amount }));
}
