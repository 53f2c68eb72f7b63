/**
 * The realized view: balances per account and month, and the journal aggregated into edges
 * (one per payer, payee and model line), derived once. Every analysis reads this view, never the
 * raw journal (except `explain`, which lists postings).
 */
import type { Located } from "../model/types.js";
import { money, type Money } from "../money/money.js";
import type { Month } from "../time/month.js";
import type { Journal } from "./engine.js";
import type { Account, OriginKind } from "./posting.js";

/** All postings from one account to another produced by one model line (and one detail). */
export interface Edge {
  readonly from: Account;
  readonly to: Account;
  readonly item: string;
  readonly kind: OriginKind;
  readonly label: string;
  readonly detail?: string;
  readonly condition?: string;
  readonly at?: Located;
  /** Amount per month of the horizon (index 0 = first month). */
  readonly monthly: readonly Money[];
  readonly total: Money;
}

export interface RealizedLedger {
  readonly journal: Journal;
  readonly start: Month;
  readonly months: number;
  readonly accounts: readonly Account[];
  /** Net change of each account in each month of the horizon (index 0 = first month). */
  readonly change: ReadonlyMap<Account, readonly Money[]>;
  /** Closing balance of each account at the end of each month. */
  readonly balance: ReadonlyMap<Account, readonly Money[]>;
  /** The sum over all accounts of each month's changes: zero in a balanced ledger. */
  readonly monthTotals: readonly Money[];
  readonly balanced: boolean;
  readonly postingCount: number;
  readonly edges: readonly Edge[];
}

export function realizeLedger(journal: Journal, start: Month, months: number): RealizedLedger {
  const change = new Map<Account, bigint[]>();
  const edges = new Map<string, { edge: Omit<Edge, "monthly" | "total">; monthly: bigint[] }>();
  const row = (account: Account): bigint[] => {
    let r = change.get(account);
    if (!r) change.set(account, (r = new Array<bigint>(months).fill(0n)));
    return r;
  };
  for (const p of journal.postings) {
    const i = p.month - start;
    const from = row(p.from);
    const to = row(p.to);
    from[i] = (from[i] ?? 0n) - p.amount;
    to[i] = (to[i] ?? 0n) + p.amount;
    const key = `${p.from}\u0000${p.to}\u0000${p.origin.item}\u0000${p.origin.detail ?? ""}`;
    let e = edges.get(key);
    if (!e) {
      const { kind, item, label, detail, at } = p.origin;
      const edge = { from: p.from, to: p.to, item, kind, label, ...(detail ? { detail } : {}), ...(at ? { at } : {}), ...(p.condition ? { condition: p.condition } : {}) };
      edges.set(key, (e = { edge, monthly: new Array<bigint>(months).fill(0n) }));
    }
    e.monthly[i] = (e.monthly[i] ?? 0n) + p.amount;
  }
  // Each month's total is summed from the account rows: a posting that lost a leg would show here.
  const totals = new Array<bigint>(months).fill(0n);
  for (const r of change.values()) r.forEach((v, i) => (totals[i] = (totals[i] ?? 0n) + v));
  const balance = new Map<Account, Money[]>();
  for (const [account, r] of change) {
    let running = 0n;
    balance.set(account, r.map((v) => money((running += v))));
  }
  return {
    journal,
    start,
    months,
    accounts: [...change.keys()].sort(),
    change: new Map([...change].map(([a, r]) => [a, r.map((v) => money(v))])),
    balance,
    monthTotals: totals.map((v) => money(v)),
    balanced: totals.every((v) => v === 0n),
    postingCount: journal.postings.length,
    edges: [...edges.values()].map(({ edge, monthly }) => ({ ...edge, monthly: monthly.map((v) => money(v)), total: money(monthly.reduce((a, b) => a + b, 0n)) })),
  };
}
