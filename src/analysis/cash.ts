/**
 * Questions 2 and 3 — how much cash arrives and when (certain versus conditional), the company's
 * cash by month, runway in each scenario, cumulative burn against money raised, and the funding
 * gap. Reads the realized ledgers of the three standard scenarios.
 */
import { add, money, sub, ZERO, type Money } from "../money/money.js";
import { ratio } from "../money/ratio.js";
import type { CompiledModel } from "../compile/types.js";
import { OPERATING_OUTFLOW } from "../ledger/posting.js";
import type { Edge, RealizedLedger } from "../ledger/realize.js";
import { formatMonth, type Month } from "../time/month.js";
import { FigureBook, moneyValue, monthValue, ratioValue, type Reported } from "./reported.js";

export interface ScenarioLedgers {
  readonly base: RealizedLedger;
  readonly all: RealizedLedger;
  readonly none: RealizedLedger;
}

export type ScenarioKey = keyof ScenarioLedgers;
export const SCENARIO_KEYS: readonly ScenarioKey[] = ["base", "all", "none"];

export interface ScenarioCash {
  readonly scenario: string;
  /** Closing cash per month of the horizon. */
  readonly balance: readonly Money[];
  /** The first month cash would go below zero, or null if it never does. */
  readonly runsOut: Reported;
  /** Months from the horizon's start before cash goes below zero (the whole horizon if never). */
  readonly runwayMonths: number;
  readonly lowestBalance: Reported;
  /** Extra money needed to keep cash at or above zero through the horizon. */
  readonly fundingGap: Reported;
  readonly raised: Reported;
}

export interface Arrival {
  readonly month: Month;
  readonly certain: Money;
  readonly conditional: Money;
}

export interface OutflowOutlook {
  readonly line: string;
  readonly through: Month;
  readonly cumulativeOutflow: Reported;
  readonly previous?: Reported;
  readonly added?: Reported;
  /** The round whose money is set against the added outflow: the company's latest by the target month. */
  readonly round?: string;
  /** The money the round brings, with and without conditional tranches, against the added outflow. */
  readonly coverage?: { readonly withConditional: Reported; readonly withoutConditional: Reported };
  readonly shortfall?: { readonly withConditional: Reported; readonly withoutConditional: Reported };
}

export interface CashAnalysis {
  readonly company: string;
  readonly openingCash: Money;
  readonly arrivals: readonly Arrival[];
  readonly certainTotal: Reported;
  readonly conditionalTotal: Reported;
  readonly revenue: Reported;
  readonly outflow: Reported;
  /** Cumulative outflow minus revenue over the horizon. */
  readonly burn: Reported;
  readonly scenarios: Readonly<Record<ScenarioKey, ScenarioCash>>;
  readonly outlooks: readonly OutflowOutlook[];
}


export function companiesOf(model: CompiledModel): string[] {
  const names = new Set<string>();
  for (const r of model.rounds) names.add(r.company.name);
  for (const f of model.input.forecasts) names.add(f.company.name);
  return [...names];
}

export function analyseCash(model: CompiledModel, ledgers: ScenarioLedgers, book: FigureBook): CashAnalysis[] {
  return companiesOf(model).map((company) => analyseCompany(company, model, ledgers, book));
}

const sumEdges = (ledger: RealizedLedger, keep: (e: RealizedLedger["edges"][number]) => boolean): Money =>
  ledger.edges.filter(keep).reduce((a, e) => add(a, e.total), ZERO);

function analyseCompany(company: string, model: CompiledModel, ledgers: ScenarioLedgers, book: FigureBook): CashAnalysis {
  const id = `cash.${company}`;
  const all = ledgers.all;
  const arrivalsByMonth = new Map<number, { certain: bigint; conditional: bigint }>();
  const trancheItems: string[] = [];
  for (const e of all.edges) {
    if (e.kind !== "tranche" || e.to !== company) continue;
    trancheItems.push(e.item);
    e.monthly.forEach((v, i) => {
      if (v === 0n) return;
      const row = arrivalsByMonth.get(i) ?? { certain: 0n, conditional: 0n };
      if (e.condition) row.conditional += v;
      else row.certain += v;
      arrivalsByMonth.set(i, row);
    });
  }
  const arrivals = [...arrivalsByMonth.entries()].sort((a, b) => a[0] - b[0]).map(([i, r]) => ({ month: (model.start + i) as Month, certain: money(r.certain), conditional: money(r.conditional) }));
  const certainTotal = book.add({ id: `${id}.certain-arrivals`, label: `equity arriving at ${company} for certain (in the horizon)`, value: moneyValue(money(arrivals.reduce((a, r) => a + r.certain, 0n))), derivation: "sum of dated tranches", inputs: [], ledger: { scenario: "with-conditional", items: trancheItems, account: company } });
  const conditionalTotal = book.add({ id: `${id}.conditional-arrivals`, label: `equity arriving at ${company} only if conditions are met`, value: moneyValue(money(arrivals.reduce((a, r) => a + r.conditional, 0n))), derivation: "sum of conditional tranches", inputs: [], ledger: { scenario: "with-conditional", items: trancheItems, account: company } });

  const base = ledgers.base;
  // Revenue nets out months a revenue line went negative (posted back to customers); outflow nets
  // out cost refunds (posted from the payee). Contract and revenue-share money the company
  // receives is income too.
  const isIncome = (e: Edge): boolean => e.to === company && (e.kind === "revenue" || e.kind === "contract" || e.kind === "revenue-share");
  const isRevenueReversal = (e: Edge): boolean => e.from === company && e.kind === "revenue";
  const isOutflow = (e: Edge): boolean => e.from === company && OPERATING_OUTFLOW.has(e.kind);
  const isRefund = (e: Edge): boolean => e.to === company && e.kind === "cost";
  const revenueEdges = base.edges.filter((e) => isIncome(e) || isRevenueReversal(e));
  const outflowEdges = base.edges.filter((e) => isOutflow(e) || isRefund(e));
  const revenue = book.add({ id: `${id}.revenue`, label: `revenue of ${company} over the horizon (sales, and contract payments and revenue shares received)`, value: moneyValue(sub(sumEdges(base, isIncome), sumEdges(base, isRevenueReversal))), derivation: "revenue, contract and revenue-share postings into the company, less revenue posted back", inputs: [], ledger: { scenario: "base", items: unique(revenueEdges.map((e) => e.item)), account: company } });
  const outflow = book.add({ id: `${id}.outflow`, label: `outflow of ${company} over the horizon (contracts, costs, revenue shares)`, value: moneyValue(sub(sumEdges(base, isOutflow), sumEdges(base, isRefund))), derivation: "contract, cost and revenue-share postings out of the company, less cost refunds", inputs: [], ledger: { scenario: "base", items: unique(outflowEdges.map((e) => e.item)), account: company } });
  const burn = book.add({ id: `${id}.burn`, label: `cumulative burn of ${company} (outflow − revenue)`, value: moneyValue(sub(outflow.value.value as Money, revenue.value.value as Money)), derivation: "outflow − revenue", inputs: [{ label: "outflow", figure: outflow.id }, { label: "revenue", figure: revenue.id }] });

  const openingCash = model.input.forecasts.find((f) => f.company.name === company)?.openingCash?.value ?? ZERO;
  const scenarioLabels: Record<ScenarioKey, string> = { base: "base case", all: "every condition met", none: "no condition met" };
  const scenarios = Object.fromEntries(
    SCENARIO_KEYS.map((key) => {
      const ledger = ledgers[key];
      const balance = ledger.balance.get(company) ?? new Array<Money>(ledger.months).fill(ZERO);
      const sid = `${id}.${key}`;
      const firstNegative = balance.findIndex((b) => b < 0n);
      const runsOutMonth = firstNegative < 0 ? null : ((model.start + firstNegative) as Month);
      const lowest = balance.reduce((a, b) => (b < a ? b : a), balance[0] ?? ZERO);
      const raisedValue = sumEdges(ledger, (e) => e.kind === "tranche" && e.to === company);
      const runsOut = book.add({ id: `${sid}.runs-out`, label: `first month ${company}'s cash goes below zero (${scenarioLabels[key]})`, value: monthValue(runsOutMonth), derivation: runsOutMonth === null ? `cash stays at or above zero through ${formatMonth(model.end)}` : "first month with a negative closing balance", inputs: [], ledger: { scenario: ledger.journal.scenario.name, items: [], account: company } });
      const lowestBalance = book.add({ id: `${sid}.lowest-cash`, label: `lowest closing cash of ${company} (${scenarioLabels[key]})`, value: moneyValue(lowest), derivation: "minimum of the monthly closing balances", inputs: [], ledger: { scenario: ledger.journal.scenario.name, items: [], account: company } });
      const fundingGap = book.add({ id: `${sid}.funding-gap`, label: `funding gap of ${company} (${scenarioLabels[key]})`, value: moneyValue(lowest < 0n ? money(-lowest) : ZERO), derivation: "the most cash would go below zero: −min(0, lowest closing cash)", inputs: [{ label: "lowest cash", figure: lowestBalance.id }] });
      const raised = book.add({ id: `${sid}.raised`, label: `equity raised by ${company} in the horizon (${scenarioLabels[key]})`, value: moneyValue(raisedValue), derivation: "sum of tranche postings", inputs: [], ledger: { scenario: ledger.journal.scenario.name, items: trancheItems, account: company } });
      const value: ScenarioCash = { scenario: scenarioLabels[key], balance, runsOut, runwayMonths: firstNegative < 0 ? ledger.months : firstNegative, lowestBalance, fundingGap, raised };
      return [key, value];
    }),
  ) as Record<ScenarioKey, ScenarioCash>;

  const outlooks = model.calibrations
    .filter((c) => c.company === company && c.scope === "outflow")
    .map((c): OutflowOutlook => {
      const oid = `${id}.outlook.${c.line}`;
      const cumulativeOutflow = book.add({ id: `${oid}.cumulative-outflow`, label: `cumulative outflow of ${company} through ${formatMonth(c.through)}`, value: moneyValue(c.target), derivation: `calibration target; line "${c.line}" balances it`, inputs: [{ label: "calibrate.total", at: c.targetAt }] });
      if (c.previous === undefined) return { line: c.line, through: c.through, cumulativeOutflow };
      const previous = book.add({ id: `${oid}.previous`, label: "previous estimate of the same outflow", value: moneyValue(c.previous), derivation: "as written", inputs: c.previousAt ? [{ label: "calibrate.previous", at: c.previousAt }] : [] });
      const addedValue = sub(c.target, c.previous);
      const added = book.add({ id: `${oid}.added`, label: "outflow added since the previous estimate", value: moneyValue(addedValue), derivation: "cumulative outflow − previous estimate", inputs: [{ label: "cumulative outflow", figure: cumulativeOutflow.id }, { label: "previous", figure: previous.id }] });
      // The added outflow is set against the company's latest round: the money raised to meet it.
      const latest = model.rounds.filter((r) => r.company.name === company && r.date <= c.through).sort((a, b) => b.date - a.date)[0];
      if (!latest) return { line: c.line, through: c.through, cumulativeOutflow, previous, added };
      // The round's money is the round analysis's figure (analyseRounds runs first), cited as an input below.
      const roundsRaised = (withConditional: boolean): Money => {
        const figure = book.get(`round.${latest.name}.${withConditional ? "with" : "without"}-conditional.raised`);
        if (!figure) throw new Error(`analyseCash needs the round figures of ${latest.name}: run analyseRounds first`);
        return figure.value.value as Money;
      };
      const cover = (w: boolean): Reported =>
        book.add({ id: `${oid}.coverage.${w ? "with" : "without"}-conditional`, label: `share of the added outflow that round ${latest.name} covers ${w ? "with" : "without"} the conditional tranches`, value: ratioValue(addedValue > 0n ? ratio(roundsRaised(w), addedValue) : ratio(0n)), derivation: "round's money / added outflow", inputs: [{ label: "added", figure: added.id }, { label: "round raised", figure: `round.${latest.name}.${w ? "with" : "without"}-conditional.raised` }] });
      const short = (w: boolean): Reported =>
        book.add({ id: `${oid}.shortfall.${w ? "with" : "without"}-conditional`, label: `added outflow left uncovered by round ${latest.name} ${w ? "with" : "without"} the conditional tranches`, value: moneyValue(sub(addedValue, roundsRaised(w))), derivation: "added outflow − round's money (negative: a surplus)", inputs: [{ label: "added", figure: added.id }, { label: "round raised", figure: `round.${latest.name}.${w ? "with" : "without"}-conditional.raised` }] });
      return { line: c.line, through: c.through, cumulativeOutflow, previous, added, round: latest.name, coverage: { withConditional: cover(true), withoutConditional: cover(false) }, shortfall: { withConditional: short(true), withoutConditional: short(false) } };
    });

  return { company, openingCash, arrivals, certainTotal, conditionalTotal, revenue, outflow, burn, scenarios, outlooks };
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];
