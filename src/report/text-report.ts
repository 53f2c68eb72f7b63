/**
 * The readable report: one section per question, tables for the figures, and every figure's id
 * one `dealgraph explain` away.
 */
import type { DealAnalysis } from "../analysis/analyse-model.js";
import type { CashAnalysis } from "../analysis/cash.js";
import type { RoundAnalysis, RoundCase } from "../analysis/round.js";
import { add, ZERO, type Money } from "../money/money.js";
import { formatMonth, month, yearOf } from "../time/month.js";
import { fmtMoney, fmtMultiple, fmtPercent, fmtReported, moneyOf, ratioOf } from "./format.js";
import { renderTable } from "./table.js";

export function renderTextReport(a: DealAnalysis): string {
  const cur = a.model.currency;
  const m = (x: Money): string => fmtMoney(x, cur);
  const out: string[] = [];
  const base = a.ledgers.base;
  out.push(`dealgraph report: ${a.model.input.name}`);
  out.push(`model ${a.model.input.file} · ${cur} · horizon ${formatMonth(a.model.start)}..${formatMonth(a.model.end)}`);
  out.push(`ledger: ${base.postingCount} postings in the base case, ${base.balanced ? "every month balanced (postings sum to zero)" : "NOT BALANCED"}`);

  out.push("", "1. OWNERSHIP AFTER THE ROUND");
  if (a.rounds.length === 0) out.push("  no round in the model");
  for (const r of a.rounds) out.push(renderRound(r, m));

  out.push("", "2. CASH: WHAT ARRIVES AND WHEN, AND RUNWAY");
  if (a.cash.length === 0) out.push("  no company with a round or a forecast in the model");
  for (const c of a.cash) out.push(renderCash(c, a, m));

  out.push("", "3. CIRCULARITY: HOW MUCH OF EACH INVESTOR'S MONEY COMES BACK TO IT");
  if (a.circularity.length === 0) out.push("  no investor in the model");
  else {
    out.push(
      renderTable(
        [{ title: "investor" }, { title: "into" }, { title: "invested (all met)", align: "right" }, { title: "(none met)", align: "right" }, { title: "paid back to its group", align: "right" }, { title: "share (all met)", align: "right" }, { title: "share (none met)", align: "right" }],
        a.circularity.map((r) => [r.investor, r.company, m(moneyOf(r.investedWithConditional)), m(moneyOf(r.investedWithoutConditional)), m(moneyOf(r.returned)), fmtPercent(ratioOf(r.shareWithConditional)), fmtPercent(ratioOf(r.shareWithoutConditional))]),
      ),
    );
    for (const r of a.circularity) {
      if (r.lines.length === 0) continue;
      out.push(`  ${r.investor} (group: ${r.group.join(", ")}) receives from ${r.company}: ${r.lines.map((l) => `${m(l.amount)} via ${l.label} to ${l.to}`).join("; ")}`);
    }
  }

  out.push("", "4. REVENUE SHARE");
  if (a.revenueShares.length === 0) out.push("  no revenue-share contract in the model");
  for (const rs of a.revenueShares) {
    const parties = [...new Set(rs.years.flatMap((y) => [...y.throughThirdParties.keys()]))];
    out.push(`  ${rs.contract}: ${rs.payer} pays ${rs.payee}`);
    out.push(
      renderTable(
        [{ title: "year" }, { title: "total", align: "right" }, { title: "on direct revenue", align: "right" }, ...parties.map((p) => ({ title: `through ${p}`, align: "right" as const }))],
        rs.years.map((y) => [String(y.year), m(y.total), m(y.direct), ...parties.map((p) => m(y.throughThirdParties.get(p) ?? ZERO))]),
      ),
    );
    out.push(`  total ${m(moneyOf(rs.total))}, of which ${m(moneyOf(rs.fromThirdParties))} on revenue earned through third parties`);
  }

  out.push("", "5. EXCLUSIVITY");
  if (a.exclusivity.breaches.length === 0) out.push("  no planned placement breaks an exclusivity clause");
  for (const b of a.exclusivity.breaches) {
    out.push(`  BREACH ${b.placement} (from ${formatMonth(b.from)}): ${b.message}`);
    out.push(`    at ${location(a, b.at.span.file, b.at.span.start)}; clause ${b.contract} at ${location(a, b.contractAt.span.file, b.contractAt.span.start)}`);
  }
  if (a.exclusivity.compliant.length > 0) out.push(`  within every clause: ${a.exclusivity.compliant.join(", ")}`);

  out.push("", "6. ASSUMPTIONS: FIGURES THAT CARRY NO SOURCE");
  const { assumptions, unstated, sourcedCount } = a.assumptions;
  out.push(`  ${sourcedCount} figures cite a source; ${assumptions.length} are assumptions; ${unstated.length} say nothing of where they came from`);
  for (const f of assumptions) out.push(`  - ${f.path} = ${f.text} (line ${lineOf(a, f.at.span.start)}): ${f.provenance.kind === "assumption" ? f.provenance.reason : ""}`);
  for (const f of unstated) out.push(`  - ${f.path} = ${f.text} (line ${lineOf(a, f.at.span.start)}): no source and no stated assumption`);

  out.push("", `Every figure has an id: \`dealgraph explain ${a.model.input.file} <id>\` shows where it came from (\`--json\` lists the ids).`);
  return `${out.join("\n")}\n`;
}

function renderRound(r: RoundAnalysis, m: (x: Money) => string): string {
  const lines: string[] = [];
  const head = [`pre-money ${m(moneyOf(r.preMoney))}`];
  if (r.previousMark) head.push(`previous mark ${m(moneyOf(r.previousMark))}`);
  if (r.stepUp) head.push(`step-up ${fmtMultiple(ratioOf(r.stepUp))}`);
  if (r.announcedSize) head.push(`announced up to ${m(moneyOf(r.announcedSize))}`);
  if (r.finalClose !== undefined) head.push(`rolling close until ${formatMonth(r.finalClose)}`);
  lines.push(`  Round ${r.name}: ${r.company}, ${formatMonth(r.date)}`);
  lines.push(`  ${head.join(" · ")}`);
  const w = r.withConditional;
  const wo = r.withoutConditional;
  const row = (name: string, a: RoundCase, b: RoundCase): string[] => {
    const x = a.investors.find((i) => i.investor === name);
    const y = b.investors.find((i) => i.investor === name);
    return [name, x ? m(moneyOf(x.amount)) : "", x ? fmtPercent(ratioOf(x.stake)) : "", y ? m(moneyOf(y.amount)) : "", y ? fmtPercent(ratioOf(y.stake)) : ""];
  };
  lines.push(
    renderTable(
      [{ title: "investor" }, { title: "with conditional", align: "right" }, { title: "stake", align: "right" }, { title: "without", align: "right" }, { title: "stake", align: "right" }],
      [
        ...w.investors.map((i) => row(i.investor, w, wo)),
        ["all new money", m(moneyOf(w.raised)), fmtPercent(ratioOf(w.newMoneyStake)), m(moneyOf(wo.raised)), fmtPercent(ratioOf(wo.newMoneyStake))],
        ["post-money", m(moneyOf(w.postMoney)), "", m(moneyOf(wo.postMoney)), ""],
      ],
    ),
  );
  for (const t of r.conditionalTranches) {
    lines.push(`  conditional: ${t.investor} ${m(t.amount)} on "${t.condition}"${t.probability ? ` (probability ${fmtPercent(t.probability)})` : ""}`);
  }
  return lines.join("\n");
}

function renderCash(c: CashAnalysis, a: DealAnalysis, m: (x: Money) => string): string {
  const lines: string[] = [`  ${c.company}: opening cash ${m(c.openingCash)}`];
  if (c.arrivals.length > 0) {
    lines.push(renderTable([{ title: "equity arrives" }, { title: "certain", align: "right" }, { title: "conditional", align: "right" }], c.arrivals.map((r) => [formatMonth(r.month), m(r.certain), m(r.conditional)])));
    lines.push(`  in all: ${m(moneyOf(c.certainTotal))} certain, ${m(moneyOf(c.conditionalTotal))} conditional`);
  }
  const start = a.model.start;
  const years: number[] = [];
  for (let y = yearOf(start); y <= yearOf(a.model.end); y++) years.push(y);
  const atYearEnd = (balance: readonly Money[], y: number): string => {
    const idx = Math.min(month(y, 12), a.model.end) - start;
    return m(balance[idx] ?? ZERO);
  };
  const s = c.scenarios;
  lines.push("");
  lines.push(renderTable([{ title: "cash at year end" }, { title: "base case", align: "right" }, { title: "all met", align: "right" }, { title: "none met", align: "right" }], years.map((y) => [String(y), atYearEnd(s.base.balance, y), atYearEnd(s.all.balance, y), atYearEnd(s.none.balance, y)])));
  lines.push("");
  lines.push(
    renderTable(
      [{ title: "scenario" }, { title: "cash runs out", align: "right" }, { title: "runway (months)", align: "right" }, { title: "lowest cash", align: "right" }, { title: "funding gap", align: "right" }, { title: "raised", align: "right" }],
      [s.base, s.all, s.none].map((x) => [x.scenario, fmtReported(x.runsOut, a.model.currency), `${x.runwayMonths}${x.runsOut.value.value === null ? "+" : ""}`, m(moneyOf(x.lowestBalance)), m(moneyOf(x.fundingGap)), m(moneyOf(x.raised))]),
    ),
  );
  const contracts = a.model.contracts.filter((k) => k.buyer === c.company);
  if (contracts.length > 0) {
    lines.push("");
    lines.push(
      renderTable(
        [{ title: "contract" }, { title: "seller" }, { title: "total", align: "right" }, { title: "before horizon", align: "right" }, { title: "in horizon", align: "right" }, { title: "after horizon", align: "right" }, { title: "extends" }],
        contracts.map((k) => [k.name, k.seller, m(k.total), m(k.beforeHorizon), m((k.total - k.beforeHorizon - k.afterHorizon) as Money), m(k.afterHorizon), k.extends ?? ""]),
      ),
    );
  }
  lines.push(`  over the horizon: outflow ${m(moneyOf(c.outflow))}, revenue ${m(moneyOf(c.revenue))}, cumulative burn ${m(moneyOf(c.burn))}`);
  for (const o of c.outlooks) {
    let text = `  outlook: cumulative outflow through ${formatMonth(o.through)} ${m(moneyOf(o.cumulativeOutflow))} (line "${o.line}" balances it)`;
    if (o.previous && o.added) text += `; previous estimate ${m(moneyOf(o.previous))}, so ${m(moneyOf(o.added))} added`;
    lines.push(text);
    if (o.coverage && o.shortfall) {
      const cov = (r: typeof o.coverage.withConditional, sh: typeof o.shortfall.withConditional): string =>
        `${fmtPercent(ratioOf(r))} covered, ${moneyOf(sh) >= 0n ? `${m(moneyOf(sh))} short` : `${m(add(ZERO, -moneyOf(sh) as Money))} to spare`}`;
      lines.push(`  round ${o.round} against the added outflow: with the conditional tranches ${cov(o.coverage.withConditional, o.shortfall.withConditional)}; without them ${cov(o.coverage.withoutConditional, o.shortfall.withoutConditional)}`);
    }
  }
  return lines.join("\n");
}

function location(a: DealAnalysis, file: string, offset: number): string {
  return `${file}:${lineOf(a, offset)}`;
}

function lineOf(a: DealAnalysis, offset: number): number {
  const text = a.sourceText ?? "";
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
