/**
 * `dealgraph flows --json`: every metric under the key docs/network-metrics.md gives it (money as
 * exact decimal strings in major units, shares as numbers), and beside them what was counted,
 * per party what went out and came back, each pair's flow with the model items behind it, and
 * what the money totals leave out.
 */
import type { FlowsReport } from "../api/operations.js";
import type { Located } from "../model/types.js";
import { toDecimalString, type Money } from "../money/money.js";
import { networkMetricsToJson } from "../network/index.js";
import { formatMonth } from "../time/month.js";
import type { Json } from "./json-report.js";

export function flowsJson(report: FlowsReport): { [key: string]: Json } {
  const a = report.analysis;
  const money = (x: Money): Json => toDecimalString(x, a.currency);
  const where = (at: Located | undefined): Json => (at ? { file: at.span.file, path: at.path.join(".") } : null);
  const item = (i: { item: string; label: string; amount: Money; at?: Located }): Json => ({ item: i.item, label: i.label, amount: money(i.amount), at: where(i.at) });
  const metrics = roundShares(networkMetricsToJson(a.metrics, a.currency)) as { [key: string]: Json };
  return {
    model: { name: a.name, file: a.file, currency: a.currency },
    selection: { window: { from: formatMonth(a.window.from), to: formatMonth(a.window.to) }, statuses: [...a.statuses], weighting: a.weighting, conditionsWithoutProbability: [...a.conditionsWithoutProbability] },
    ledger: { postings: report.ledger.postings, balanced: report.ledger.balanced },
    counted: { flows: a.counted.flows, items: a.counted.items, total: money(a.counted.total) },
    affiliates: a.groups.map((g) => ({ party: g.party, members: [...g.members] })),
    ...metrics,
    partyFlows: a.parties.map((p) => ({
      party: p.party,
      members: [...p.members],
      invested: money(p.invested),
      paidOut: money(p.paidOut),
      received: money(p.received),
      cameBackDirectly: money(p.cameBackDirectly),
      cameBackAnyPath: money(p.cameBackAnyPath),
      externalIn: money(p.externalIn),
      externalOut: money(p.externalOut),
      net: money(p.net),
    })),
    pairs: a.pairs.map((p) => ({ payer: p.payer, payee: p.payee, amount: money(p.amount), items: p.items.map(item) })),
    leftOut: a.leftOut.map((f) => ({ item: f.item, from: f.from, to: f.to, kind: f.kind, status: f.status, unconfirmed: f.unconfirmed, inSelection: f.inSelection, description: f.description ?? null, source: f.source ?? null })),
    assumedAmounts: a.assumedAmounts.map((f) => ({ ...(item(f) as { [key: string]: Json }), reason: f.reason })),
    earmarked: a.earmarked.map((f) => ({ ...(item(f) as { [key: string]: Json }), from: f.from, to: f.to, status: f.status })),
    unconfirmed: a.unconfirmed.map((f) => ({ ...(item(f) as { [key: string]: Json }), from: f.from, to: f.to, status: f.status })),
  };
}

/**
 * Shares come from iterative solvers that stop within 1e-12 of the answer (with proven bounds), so
 * the digits past the tenth significant one depend on the order of the sweeps, not on the money:
 * they are cut, and a JSON document is the same whatever order the solver took.
 */
function roundShares(value: unknown): unknown {
  if (typeof value === "number") return Number.isInteger(value) ? value : Number(value.toPrecision(10));
  if (Array.isArray(value)) return value.map(roundShares);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundShares(v)]));
  return value;
}

