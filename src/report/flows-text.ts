/**
 * The readable report of `dealgraph flows`: what was counted, the metrics under the names
 * docs/network-metrics.md gives them (the `--json` keys), the largest loops, the round trips,
 * per party what went out and what came back, and what the money totals leave out.
 */
import type { FlowsReport } from "../api/operations.js";
import type { FlowsAnalysis } from "../analysis/network-flows.js";
import { money, type Money } from "../money/money.js";
import { FLOW_STATUSES } from "../network/index.js";
import { formatMonth } from "../time/month.js";
import { fmtMoney } from "./format.js";
import { renderTable } from "./table.js";

/** How many rows the longer lists show in text; `--json` has them all. */
const TOP_ROWS = 12;

/** A float share as a percentage with two decimals (the metrics are floats; their bounds say how exact). */
export const fmtShare = (x: number): string => `${(x * 100).toFixed(2)}%`;

export function renderFlowsText(report: FlowsReport): string {
  const a = report.analysis;
  const m = (x: Money): string => fmtMoney(x, a.currency);
  const metrics = a.metrics;
  const out: string[] = [];
  out.push(`dealgraph flows: ${a.name}`);
  out.push(`model ${a.file} · ${a.currency} · window ${formatMonth(a.window.from)}..${formatMonth(a.window.to)}`);
  const allStatuses = a.statuses.length === FLOW_STATUSES.length;
  out.push(`statuses counted: ${a.statuses.join(", ")}${allStatuses ? " (all)" : ` (left out: ${FLOW_STATUSES.filter((s) => !a.statuses.includes(s)).join(", ")})`}`);
  out.push(`amounts: ${a.weighting === "probability" ? "conditional and uncertain flows weighted by their probability" : "at face value, every condition met"}`);
  if (a.conditionsWithoutProbability.length > 0) out.push(`  counted in full, no probability stated: ${a.conditionsWithoutProbability.join(", ")}`);
  out.push(`ledger: ${report.ledger.postings} postings with every condition met, ${report.ledger.balanced ? "every month balanced (postings sum to zero)" : "NOT BALANCED"}`);
  out.push(`counted: ${a.counted.flows} monthly flows from ${a.counted.items} model items, ${m(a.counted.total)} in all; ${m(metrics.totalFlow)} between parties`);
  if (a.groups.length > 0) out.push(`affiliates rolled up: ${a.groups.map((g) => `${g.members.filter((x) => x !== g.party).join(", ")} → ${g.party}`).join("; ")}`);

  out.push("", "METRICS (defined in docs/network-metrics.md; the names are the --json keys)");
  const fci = metrics.finnCyclingIndex;
  const circulation = metrics.maximumCirculationShare;
  const reciprocity = metrics.weightedReciprocity;
  out.push(
    renderTable(
      [{ title: "metric" }, { title: "value", align: "right" }, { title: "what it counts" }],
      [
        ["finnCyclingIndex", fmtShare(fci.value), `share of all throughflow that comes round again (${fmtShare(fci.low)}..${fmtShare(fci.high)}); cycled ${m(fci.cycledThroughflow)} of ${m(metrics.totalSystemThroughflow)}`],
        ["maximumCirculationShare", fmtShare(circulation.share), `the most money that can run in closed loops: ${m(circulation.circulation)} of ${m(circulation.totalFlow)} (${circulation.loopCount} loop${circulation.loopCount === 1 ? "" : "s"})`],
        ["weightedReciprocity", fmtShare(reciprocity.share), `flow matched by a flow straight back: ${m(reciprocity.reciprocated)} of ${m(reciprocity.totalFlow)}`],
        ["partiesOnCycles", String(metrics.partiesOnCycles), `parties on a loop; the largest strongly connected group has ${metrics.largestComponent}`],
      ],
    ),
  );

  out.push("", "TOP LOOPS (maximumCirculationShare.loops: one decomposition of the maximum circulation)");
  if (circulation.loops.length === 0) out.push("  no loop: the flows are acyclic");
  else {
    const loops = circulation.loops.slice(0, TOP_ROWS);
    out.push(renderTable([{ title: "round the loop", align: "right" }, { title: "carried", align: "right" }, { title: "loop" }], loops.map((l) => [m(l.amount), m(l.flowCarried), [...l.parties, l.parties[0] ?? ""].join(" → ")])));
    if (circulation.loopCount > loops.length) out.push(`  … and ${circulation.loopCount - loops.length} smaller loop${circulation.loopCount - loops.length === 1 ? "" : "s"}`);
  }

  out.push("", "ROUND TRIPS");
  const direct = metrics.directRoundTripShare.slice(0, TOP_ROWS);
  out.push("  directRoundTripShare: of what the payer paid, the part the payee paid straight back");
  if (direct.length === 0) out.push("  no pair paid each other both ways");
  else out.push(renderTable([{ title: "payer" }, { title: "payee" }, { title: "paid", align: "right" }, { title: "paid back", align: "right" }, { title: "share", align: "right" }], direct.map((t) => [t.payer, t.payee, m(t.paid), m(t.paidBack), fmtShare(t.share)])));
  const multi = metrics.multiHopRoundTripShare.pairs.slice(0, TOP_ROWS);
  out.push("  multiHopRoundTripShare: of what the payer paid, the share that comes back to it along any path");
  if (multi.length === 0) out.push("  no payment comes back along any path");
  else out.push(renderTable([{ title: "payer" }, { title: "payee" }, { title: "paid", align: "right" }, { title: "share", align: "right" }, { title: "comes back", align: "right" }], multi.map((t) => [t.payer, t.payee, m(t.paid), fmtShare(t.share), m(money(BigInt(Math.round(Number(t.paid) * t.share))))])));
  const cycling = [...metrics.cyclingShare].sort((x, y) => y.value - x.value);
  out.push("  cyclingShare: of each party's throughflow, the part that is money coming round again");
  if (cycling.length === 0) out.push("  no party is on a loop");
  else out.push(renderTable([{ title: "party" }, { title: "share", align: "right" }, { title: "method" }], cycling.map((c) => [c.party, fmtShare(c.value), c.method])));

  out.push("", "PARTIES (affiliates rolled up; came back = of what the party paid; \"any path\" is each payment times its multi-hop share, an estimate to the cent)");
  const parties = [...a.parties].filter((p) => p.paidOut > 0n || p.received > 0n).sort((x, y) => (y.paidOut > x.paidOut ? 1 : y.paidOut < x.paidOut ? -1 : x.party < y.party ? -1 : 1));
  out.push(
    renderTable(
      [{ title: "party" }, { title: "invested", align: "right" }, { title: "paid out", align: "right" }, { title: "received", align: "right" }, { title: "came back directly", align: "right" }, { title: "came back, any path", align: "right" }, { title: "net (in − out)", align: "right" }],
      parties.map((p) => [p.party, m(p.invested), m(p.paidOut), m(p.received), m(p.cameBackDirectly), m(p.cameBackAnyPath), m(p.net)]),
    ),
  );

  out.push("", "LARGEST FLOWS BETWEEN PARTIES, WITH THE MODEL ITEMS BEHIND THEM");
  for (const pair of a.pairs.slice(0, TOP_ROWS)) {
    out.push(`  ${pair.payer} → ${pair.payee}: ${m(pair.amount)} = ${pair.items.map((i) => `${m(i.amount)} ${i.item}`).join(" + ")}`);
  }
  if (a.pairs.length > TOP_ROWS) out.push(`  … and ${a.pairs.length - TOP_ROWS} more pairs (--json lists them all)`);

  out.push("", "LEFT OUT OF MONEY TOTALS (undisclosed, no amount assumed)");
  if (a.leftOut.length === 0) out.push("  none");
  for (const f of a.leftOut) {
    out.push(`  ${f.item}: ${f.from} → ${f.to}, ${f.kind}, ${f.status}${f.unconfirmed ? ", unconfirmed" : ""}${f.inSelection ? "" : " (outside the selection)"}${f.description ? ` — ${f.description}` : ""}`);
  }

  out.push("", "ASSUMED AMOUNTS COUNTED (the press gave no such figure)");
  if (a.assumedAmounts.length === 0) out.push("  none");
  for (const f of a.assumedAmounts) out.push(`  ${f.item}: ${m(f.amount)} counted — ${f.reason}`);

  const marked = (title: string, items: FlowsAnalysis["earmarked"]): void => {
    out.push("", title);
    if (items.length === 0) out.push("  none counted");
    for (const f of items) out.push(`  ${f.item}: ${f.from} → ${f.to}, ${f.status}, ${m(f.amount)} counted`);
  };
  marked("EARMARKED (invested to be spent back with the investor)", a.earmarked);
  marked("UNCONFIRMED (counted; marked unconfirmed in the model)", a.unconfirmed);
  const unconfirmedLeftOut = a.leftOut.filter((f) => f.unconfirmed);
  if (unconfirmedLeftOut.length > 0) out.push(`  and left out of money totals: ${unconfirmedLeftOut.map((f) => f.item).join(", ")}`);
  return `${out.join("\n")}\n`;
}
