/** A Monte Carlo run as text tables and JSON: cash bands, running out, the funding gap, stakes, the tornado. */
import type { SimulationReport } from "../api/simulate-operations.js";
import type { DiscreteDistribution } from "../analysis/stake-distribution.js";
import { formatShort, minorDigits, money } from "../money/money.js";
import type { Distribution } from "../simulate/index.js";
import { formatMonth, month, yearOf, type Month } from "../time/month.js";
import type { Json } from "./json-report.js";
import { renderTable } from "./table.js";

/** Minor units held in a float (the Monte Carlo kernel's unit) in the short finance style. */
const fmtMinor = (v: number, currency: string): string => (Number.isFinite(v) ? formatShort(money(BigInt(Math.round(v))), currency, 2) : "–");
const fmtPct = (v: number): string => `${(v * 100).toFixed(2)}%`;
const fmtInput = (v: number, isMoney: boolean, currency: string): string => (isMoney ? formatShort(money(BigInt(Math.round(v * 10 ** minorDigits(currency)))), currency, 2) : String(Number(v.toPrecision(4))));

function describeDistribution(d: Distribution | undefined, isMoney: boolean, currency: string): string {
  const f = (v: number): string => fmtInput(v, isMoney, currency);
  if (!d) return "fixed";
  switch (d.kind) {
    case "uniform":
    case "range":
      return `${d.kind} ${f(d.low)} to ${f(d.high)}`;
    case "triangular":
      return `triangular ${f(d.low)} / ${f(d.mode)} / ${f(d.high)}`;
    case "normal":
      return `normal mean ${f(d.mean)}, sd ${f(d.sd)}`;
    case "lognormal":
      return `lognormal mu ${d.mu}, sigma ${d.sigma}`;
    case "discrete":
      return `discrete ${d.values.map((v, i) => `${f(v)} (${fmtPct(d.probabilities[i] ?? 0)})`).join(", ")}`;
  }
}

export function renderSimulation(r: SimulationReport): string {
  const res = r.result;
  const cur = res.currency;
  const m = (v: number): string => fmtMinor(v, cur);
  const out: string[] = [];
  out.push(`dealgraph simulate: ${r.model}`);
  out.push(`company ${res.company} · ${res.runs.toLocaleString("en-US")} runs · seed ${res.seed} · batches of ${res.batchSize}${r.scenario ? ` · scenario ${r.scenario}` : " · conditions drawn with their probabilities"}`);
  if (r.drivers.length > 0) {
    out.push("", "DRIVERS");
    out.push(renderTable([{ title: "driver" }, { title: "base", align: "right" }, { title: "distribution" }], r.drivers.map((d) => [d.name, fmtInput(d.base, d.money, cur), describeDistribution(d.distribution, d.money, cur)])));
  }
  out.push("", "CASH AT YEAR END (percentiles over the runs)");
  const years: number[] = [];
  for (let y = yearOf(res.start); y <= yearOf((res.start + res.months - 1) as Month); y++) years.push(y);
  const idx = (y: number): number => Math.min(month(y, 12) - res.start, res.months - 1);
  out.push(
    renderTable(
      [{ title: "year" }, ...res.cashBands.map((b) => ({ title: `p${b.percentile}`, align: "right" as const })), { title: "mean", align: "right" }],
      years.map((y) => [String(y), ...res.cashBands.map((b) => m(b.values[idx(y)] ?? NaN)), m(res.cashMean[idx(y)] ?? NaN)]),
    ),
  );
  const ro = res.runOut;
  out.push("", "RUNNING OUT OF CASH");
  out.push(`  cash goes below zero in ${fmtPct(ro.probability)} of runs${ro.expectedMonthIndex !== null ? `; in those, on average in ${formatMonth((res.start + Math.round(ro.expectedMonthIndex)) as Month)} (${ro.monthPercentiles.map((p) => `p${p.percentile} ${formatMonth((res.start + Math.round(p.value)) as Month)}`).join(", ")})` : ""}`);
  const gap = res.fundingGap;
  out.push(`  funding gap, probability-weighted: ${m(gap.expected)}${gap.conditional !== null ? `; among the runs that run out: ${m(gap.conditional)}` : ""}; ${gap.percentiles.map((p) => `p${p.percentile} ${m(p.value)}`).join(", ")}`);
  if (r.stakes.length > 0) {
    out.push("", "STAKES AND ROUND TRIPS (each combination of the rounds' conditions, with its probability)");
    const dist = (d: DiscreteDistribution): string[] => [fmtPct(d.mean), ...d.percentiles.map((p) => fmtPct(p.value))];
    const ps = r.stakes[0]?.stake.percentiles.map((p) => `p${p.p}`) ?? [];
    out.push(
      renderTable(
        [{ title: "round" }, { title: "investor" }, { title: "stake mean", align: "right" }, ...ps.map((p) => ({ title: p, align: "right" as const })), { title: "round trip mean", align: "right" }, ...ps.map((p) => ({ title: p, align: "right" as const }))],
        r.stakes.map((s) => [s.round, s.investor, ...dist(s.stake), ...dist(s.roundTripShare)]),
      ),
    );
  }
  if (r.tornado) {
    const t = r.tornado;
    out.push("", `SENSITIVITIES (tornado: ${t.measure}, each driver from its p10 to its p90 with the others at base; base ${t.money ? m(t.base) : String(t.base)})`);
    out.push(
      renderTable(
        [{ title: "driver" }, { title: "low input", align: "right" }, { title: "result", align: "right" }, { title: "high input", align: "right" }, { title: "result", align: "right" }, { title: "swing", align: "right" }],
        t.rows.map((row) => {
          const isMoney = r.drivers.find((d) => d.name === row.driver)?.money ?? false;
          const o = (v: number): string => (t.money ? m(v) : String(Number(v.toPrecision(6))));
          return [row.driver, fmtInput(row.lowInput, isMoney, cur), o(row.lowOutput), fmtInput(row.highInput, isMoney, cur), o(row.highOutput), o(row.swing)];
        }),
      ),
    );
  }
  return `${out.join("\n")}\n`;
}

export function simulationJson(r: SimulationReport): { [k: string]: Json } {
  const res = r.result;
  const round = (v: number): Json => (Number.isFinite(v) ? Math.round(v) : null);
  const months = Array.from({ length: res.months }, (_, i) => formatMonth((res.start + i) as Month));
  const dist = (d: DiscreteDistribution): Json => ({ mean: d.mean, percentiles: d.percentiles.map((p) => ({ percentile: p.p, value: p.value })), outcomes: d.outcomes.map((o) => ({ probability: o.probability, value: `${o.value.num}/${o.value.den}` })) });
  return {
    model: r.model,
    scenario: r.scenario ?? null,
    company: res.company,
    currency: res.currency,
    runs: res.runs,
    seed: res.seed,
    batchSize: res.batchSize,
    units: "cash figures are minor units (cents), rounded to whole units: Monte Carlo results are estimates, not ledger amounts",
    drivers: r.drivers.map((d) => ({ name: d.name, base: d.base, money: d.money, distribution: (d.distribution ?? null) as unknown as Json })),
    cashBands: res.cashBands.map((b) => ({ percentile: b.percentile, byMonth: Object.fromEntries(months.map((mo, i) => [mo, round(b.values[i] ?? NaN)])) })),
    cashMean: Object.fromEntries(months.map((mo, i) => [mo, round(res.cashMean[i] ?? NaN)])),
    runOut: { probability: res.runOut.probability, expectedMonth: res.runOut.expectedMonthIndex === null ? null : formatMonth((res.start + Math.round(res.runOut.expectedMonthIndex)) as Month), monthPercentiles: res.runOut.monthPercentiles.map((p) => ({ percentile: p.percentile, month: formatMonth((res.start + Math.round(p.value)) as Month) })) },
    fundingGap: { expected: round(res.fundingGap.expected), conditional: res.fundingGap.conditional === null ? null : round(res.fundingGap.conditional), percentiles: res.fundingGap.percentiles.map((p) => ({ percentile: p.percentile, value: round(p.value) })) },
    stakes: r.stakes.map((s) => ({ round: s.round, company: s.company, investor: s.investor, stake: dist(s.stake), roundTripShare: dist(s.roundTripShare) })),
    sensitivities: r.tornado ? { measure: r.tornado.measure, money: r.tornado.money, base: r.tornado.base, rows: r.tornado.rows.map((row) => ({ driver: row.driver, lowInput: row.lowInput, highInput: row.highInput, lowOutput: row.lowOutput, highOutput: row.highOutput, swing: row.swing })) } : null,
  };
}
