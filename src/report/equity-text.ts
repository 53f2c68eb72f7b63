/** Cap tables, waterfalls and payout curves as text tables and JSON. */
import type { CapTableReport, PayoutCurveReport, WaterfallReport } from "../analysis/equity.js";
import type { CompiledFinancing } from "../compile/equity.js";
import { minorDigits, toDecimalString, type Money } from "../money/money.js";
import { formatDecimal, ratio, type Ratio } from "../money/ratio.js";
import { fmtMoney, fmtPercent } from "./format.js";
import { ratioJson, type Json } from "./json-report.js";
import { renderTable } from "./table.js";

/** 1234567 → "1,234,567". */
export const fmtShares = (n: bigint): string => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const fmtCount = (r: Ratio): string => (r.den === 1n ? fmtShares(r.num) : `${fmtShares(r.num / r.den)}${formatDecimal(ratio(r.num % r.den, r.den), 2).slice(1)}`);
/** A price in minor units per share, in major units. */
const fmtPrice = (r: Ratio, currency: string, decimals = 4): string => formatDecimal(ratio(r.num, r.den * 10n ** BigInt(minorDigits(currency))), decimals);

function basisWords(r: CapTableReport): string {
  const words = [r.basis.includeUnissuedPool ? "unissued pool" : "", r.basis.includeUnvestedOptions ? "unvested options" : "", r.basis.includeConvertibles ? "unconverted convertibles" : ""].filter((w) => w);
  return words.length > 0 ? words.join(", ") : "issued shares and vested options only";
}

export function renderCapTable(r: CapTableReport): string {
  const { financing, currency } = r;
  const out = [`Cap table of ${r.company} on ${r.date}; fully diluted counts ${basisWords(r)}`];
  for (const c of r.cases) {
    const t = c.value;
    out.push("", `  ${c.label}`);
    out.push(
      renderTable(
        [{ title: "holder" }, { title: "class" }, { title: "issued", align: "right" }, { title: "options (vested)", align: "right" }, { title: "warrants", align: "right" }, { title: "convertibles", align: "right" }, { title: "fully diluted", align: "right" }, { title: "ownership", align: "right" }],
        [
          ...t.rows.map((row) => [
            row.holder,
            row.classId,
            row.issued ? fmtShares(row.issued) : "",
            row.optionsGranted ? `${fmtShares(row.optionsGranted)} (${fmtShares(row.optionsVested)})` : "",
            row.warrants ? fmtShares(row.warrants) : "",
            row.convertibles ? fmtShares(row.convertibles) : "",
            fmtCount(row.fullyDiluted),
            fmtPercent(row.ownership),
          ]),
          ["total", "", fmtShares(t.totals.issued), "", "", "", fmtCount(t.totals.fullyDiluted), "100.00%"],
        ],
        "    ",
      ),
    );
    out.push(`    by class: ${t.classes.map((k) => `${k.classId} ${fmtPercent(k.ownership)}`).join(", ")}`);
  }
  if (financing) out.push("", renderFinancing(financing, currency));
  return `${out.join("\n")}\n`;
}

export function renderFinancing(f: CompiledFinancing, currency: string): string {
  const r = f.result;
  const lines = [
    `  financing ${f.round} on ${f.date}: pre-money ${fmtMoney(f.preMoney, currency)}, new money ${fmtMoney(f.newMoney, currency)} for ${f.classId}`,
    `    round price ${fmtPrice(r.roundPrice, currency)} per share (exact ${fmtPrice(r.roundPriceExact, currency, 8)}), found in ${r.steps} steps; pool increase ${fmtShares(r.poolIncrease)}, unissued pool after ${fmtShares(r.poolAfter)}; post-money fully diluted ${fmtShares(r.postMoneyFullyDiluted)}`,
  ];
  for (const i of f.issued) lines.push(`    ${i.investor}: ${fmtMoney(i.amount, currency)} buys ${fmtShares(i.shares)} shares on ${i.date}${i.condition ? ` if "${i.condition}" is met` : ""}`);
  for (const c of r.conversions) {
    lines.push(`    ${c.holder} (${c.kind} ${c.instrumentId}): ${fmtMoney(c.amount, currency)}${c.interest > 0n ? ` incl. ${fmtMoney(c.interest, currency)} interest` : ""} converts at ${fmtPrice(c.conversionPrice, currency)} (${c.priceUsed} price) into ${fmtShares(c.shares)} shares`);
  }
  return lines.join("\n");
}

export function renderWaterfall(w: WaterfallReport): string {
  const { currency } = w;
  const m = (x: Money): string => fmtMoney(x, currency);
  const out = [`Exit waterfall of ${w.company} on ${w.date}`];
  for (const c of w.cases) {
    const r = c.value;
    out.push("", `  ${c.label}: exit ${m(r.exitValue)} − costs ${m(r.costs)} − debt ${m(r.debt)} = ${m(r.proceeds)} to equity; a common share gets ${fmtPrice(r.commonPricePerShare, currency)}`);
    out.push(renderTable([{ title: "class" }, { title: "decision" }, { title: "payout", align: "right" }], r.classes.map((k) => [k.classId, `${k.decision}${k.capBinds ? " (cap binds)" : ""}`, m(k.payout)]), "    "));
    out.push("");
    out.push(renderTable([{ title: "holder" }, { title: "payout", align: "right" }, { title: "share", align: "right" }], r.holders.map((h) => [h.holder, m(h.payout), r.proceeds > 0n ? fmtPercent(ratio(h.payout, r.proceeds)) : ""]), "    "));
  }
  return `${out.join("\n")}\n`;
}

export function renderPayoutCurve(p: PayoutCurveReport): string {
  const { currency } = p;
  const m = (x: Money): string => fmtMoney(x, currency);
  const out = [`Payout curve of ${p.company} on ${p.date}, exit values ${m(p.exitValues[0] as Money)} to ${m(p.exitValues[p.exitValues.length - 1] as Money)}`];
  for (const c of p.cases) {
    const curve = c.value;
    out.push("", `  ${c.label}: breakpoints`);
    for (const b of curve.breakpoints) out.push(`    ${fmtExact(b.exitValue, currency)}: ${b.reasons.join("; ")}`);
    const every = Math.max(1, Math.floor(curve.points.length / 10));
    out.push("");
    out.push(renderTable([{ title: "exit value", align: "right" }, ...curve.classIds.map((id) => ({ title: id, align: "right" as const }))], curve.points.filter((_, i) => i % every === 0 || i === curve.points.length - 1).map((pt) => [m(pt.exitValue), ...pt.classes.map(m)]), "    "));
  }
  return `${out.join("\n")}\n`;
}

const fmtExact = (r: Ratio, currency: string): string => fmtMoney((r.num / r.den) as Money, currency);

const money = (x: Money, currency: string): Json => toDecimalString(x, currency);
const countJson = (r: Ratio): Json => (r.den === 1n ? r.num.toString() : ratioJson(r));
const priceJson = (r: Ratio, currency: string): Json => ratioJson(ratio(r.num, r.den * 10n ** BigInt(minorDigits(currency))));

export function capTableJson(r: CapTableReport): { [k: string]: Json } {
  const { financing, currency } = r;
  return {
    company: r.company,
    date: r.date,
    basis: { unissuedPool: r.basis.includeUnissuedPool, unvestedOptions: r.basis.includeUnvestedOptions, convertibles: r.basis.includeConvertibles },
    cases: r.cases.map((c) => ({
      label: c.label,
      conditionsMet: [...c.met],
      rows: c.value.rows.map((row) => ({ holder: row.holder, class: row.classId, issued: row.issued.toString(), outstanding: row.outstanding.toString(), optionsGranted: row.optionsGranted.toString(), optionsVested: row.optionsVested.toString(), warrants: row.warrants.toString(), convertibles: row.convertibles.toString(), fullyDiluted: countJson(row.fullyDiluted), ownership: ratioJson(row.ownership) })),
      classes: c.value.classes.map((k) => ({ class: k.classId, issued: k.issued.toString(), fullyDiluted: countJson(k.fullyDiluted), ownership: ratioJson(k.ownership) })),
      totals: { issued: c.value.totals.issued.toString(), outstanding: c.value.totals.outstanding.toString(), fullyDiluted: countJson(c.value.totals.fullyDiluted) },
    })),
    financing: financing
      ? {
          round: financing.round,
          date: financing.date,
          class: financing.classId,
          preMoney: money(financing.preMoney, currency),
          newMoney: money(financing.newMoney, currency),
          roundPrice: priceJson(financing.result.roundPrice, currency),
          poolIncrease: financing.result.poolIncrease.toString(),
          steps: financing.result.steps,
          issued: financing.issued.map((i) => ({ investor: i.investor, amount: money(i.amount, currency), shares: i.shares.toString(), condition: i.condition ?? null, date: i.date })),
          conversions: financing.result.conversions.map((c) => ({ instrument: c.instrumentId, holder: c.holder, kind: c.kind, amount: money(c.amount, currency), interest: money(c.interest, currency), conversionPrice: priceJson(c.conversionPrice, currency), priceUsed: c.priceUsed, shares: c.shares.toString() })),
        }
      : null,
  };
}

export function waterfallJson(w: WaterfallReport): { [k: string]: Json } {
  const { currency } = w;
  return {
    company: w.company,
    date: w.date,
    cases: w.cases.map((c) => ({
      label: c.label,
      conditionsMet: [...c.met],
      exitValue: money(c.value.exitValue, currency),
      costs: money(c.value.costs, currency),
      debt: money(c.value.debt, currency),
      proceeds: money(c.value.proceeds, currency),
      commonPricePerShare: priceJson(c.value.commonPricePerShare, currency),
      classes: c.value.classes.map((k) => ({ class: k.classId, decision: k.decision, capBinds: k.capBinds, payout: money(k.payout, currency) })),
      holders: c.value.holders.map((h) => ({ holder: h.holder, payout: money(h.payout, currency) })),
    })),
  };
}

export function payoutCurveJson(p: PayoutCurveReport): { [k: string]: Json } {
  const { currency } = p;
  return {
    company: p.company,
    date: p.date,
    cases: p.cases.map((c) => ({
      label: c.label,
      conditionsMet: [...c.met],
      classes: [...c.value.classIds],
      breakpoints: c.value.breakpoints.map((b) => ({ exitValue: ratioJson(ratio(b.exitValue.num, b.exitValue.den * 10n ** BigInt(minorDigits(currency)))), reasons: [...b.reasons] })),
      points: c.value.points.map((pt) => ({ exitValue: money(pt.exitValue, currency), proceeds: money(pt.proceeds, currency), classes: pt.classes.map((x) => money(x, currency)) })),
    })),
  };
}
