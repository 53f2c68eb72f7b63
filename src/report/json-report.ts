/**
 * The report as JSON: the same answers as the text report, money as exact decimal strings in
 * major units, ratios as exact fractions with a decimal, every figure with its id.
 */
import type { DealAnalysis } from "../analysis/analyse-model.js";
import type { Reported } from "../analysis/reported.js";
import { toDecimalString, type Money } from "../money/money.js";
import { formatDecimal, type Ratio } from "../money/ratio.js";
import { formatMonth, type Month } from "../time/month.js";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export const ratioJson = (r: Ratio): Json => ({ exact: `${r.num}/${r.den}`, decimal: formatDecimal(r, 10) });

export function reportedJson(f: Reported, currency: string): Json {
  const v = f.value;
  const value: Json =
    v.kind === "money" ? toDecimalString(v.value, currency) : v.kind === "ratio" ? ratioJson(v.value) : v.kind === "month" ? (v.value === null ? null : formatMonth(v.value)) : v.value;
  return { id: f.id, value };
}

export function jsonReport(a: DealAnalysis): { [key: string]: Json } {
  const cur = a.model.currency;
  const money = (x: Money): Json => toDecimalString(x, cur);
  const fig = (f: Reported): Json => reportedJson(f, cur);
  const series = (xs: readonly Money[]): Json => xs.map((x, i) => ({ month: formatMonth((a.model.start + i) as Month), cash: money(x) }));
  return {
    model: { name: a.model.input.name, file: a.model.input.file, currency: cur, horizon: { start: formatMonth(a.model.start), end: formatMonth(a.model.end) } },
    ledger: Object.fromEntries(
      (["base", "all", "none"] as const).map((k) => [a.ledgers[k].journal.scenario.name, { postings: a.ledgers[k].postingCount, balanced: a.ledgers[k].balanced }]),
    ),
    rounds: a.rounds.map((r) => ({
      name: r.name,
      company: r.company,
      date: formatMonth(r.date),
      preMoney: fig(r.preMoney),
      previousMark: r.previousMark ? fig(r.previousMark) : null,
      stepUp: r.stepUp ? fig(r.stepUp) : null,
      announcedSize: r.announcedSize ? fig(r.announcedSize) : null,
      finalClose: r.finalClose !== undefined ? formatMonth(r.finalClose) : null,
      ...Object.fromEntries(
        (["withConditional", "withoutConditional"] as const).map((k) => [
          k,
          {
            raised: fig(r[k].raised),
            postMoney: fig(r[k].postMoney),
            newMoneyStake: fig(r[k].newMoneyStake),
            investors: r[k].investors.map((i) => ({ investor: i.investor, amount: fig(i.amount), stake: fig(i.stake) })),
          },
        ]),
      ),
      conditionalTranches: r.conditionalTranches.map((t) => ({ investor: t.investor, amount: money(t.amount), condition: t.condition, probability: t.probability ? ratioJson(t.probability) : null })),
    })),
    cash: a.cash.map((c) => ({
      company: c.company,
      openingCash: money(c.openingCash),
      arrivals: c.arrivals.map((r) => ({ month: formatMonth(r.month), certain: money(r.certain), conditional: money(r.conditional) })),
      certainTotal: fig(c.certainTotal),
      conditionalTotal: fig(c.conditionalTotal),
      revenue: fig(c.revenue),
      outflow: fig(c.outflow),
      burn: fig(c.burn),
      scenarios: Object.fromEntries(
        (["base", "all", "none"] as const).map((k) => {
          const s = c.scenarios[k];
          return [k, { label: s.scenario, runsOut: fig(s.runsOut), runwayMonths: s.runwayMonths, lowestCash: fig(s.lowestBalance), fundingGap: fig(s.fundingGap), raised: fig(s.raised), cashByMonth: series(s.balance) }];
        }),
      ),
      outlooks: c.outlooks.map((o) => ({
        line: o.line,
        through: formatMonth(o.through),
        cumulativeOutflow: fig(o.cumulativeOutflow),
        previous: o.previous ? fig(o.previous) : null,
        added: o.added ? fig(o.added) : null,
        round: o.round ?? null,
        coverage: o.coverage ? { withConditional: fig(o.coverage.withConditional), withoutConditional: fig(o.coverage.withoutConditional) } : null,
        shortfall: o.shortfall ? { withConditional: fig(o.shortfall.withConditional), withoutConditional: fig(o.shortfall.withoutConditional) } : null,
      })),
    })),
    contracts: a.model.contracts.map((k) => ({ name: k.name, kind: k.kind, buyer: k.buyer, seller: k.seller, total: money(k.total), beforeHorizon: money(k.beforeHorizon), inHorizon: money((k.total - k.beforeHorizon - k.afterHorizon) as Money), afterHorizon: money(k.afterHorizon), extends: k.extends ?? null })),
    circularity: a.circularity.map((r) => ({
      investor: r.investor,
      company: r.company,
      group: [...r.group],
      investedWithConditional: fig(r.investedWithConditional),
      investedWithoutConditional: fig(r.investedWithoutConditional),
      returned: fig(r.returned),
      shareWithConditional: fig(r.shareWithConditional),
      shareWithoutConditional: fig(r.shareWithoutConditional),
      lines: r.lines.map((l) => ({ item: l.item, label: l.label, to: l.to, amount: money(l.amount) })),
    })),
    revenueShares: a.revenueShares.map((rs) => ({
      contract: rs.contract,
      payer: rs.payer,
      payee: rs.payee,
      total: fig(rs.total),
      fromThirdParties: fig(rs.fromThirdParties),
      years: rs.years.map((y) => ({ year: y.year, total: money(y.total), direct: money(y.direct), throughThirdParties: Object.fromEntries([...y.throughThirdParties].map(([p, v]) => [p, money(v)])) })),
    })),
    exclusivity: {
      breaches: a.exclusivity.breaches.map((b) => ({ placement: b.placement, contract: b.contract, workload: b.workload, provider: b.provider, holder: b.holder, via: b.via ?? null, from: formatMonth(b.from), message: b.message, path: b.at.path.join(".") })),
      compliant: [...a.exclusivity.compliant],
    },
    assumptions: {
      sourced: a.assumptions.sourcedCount,
      assumptions: a.assumptions.assumptions.map((f) => ({ path: f.path, text: f.text, reason: f.provenance.kind === "assumption" ? f.provenance.reason : null })),
      unstated: a.assumptions.unstated.map((f) => ({ path: f.path, text: f.text })),
    },
  };
}
