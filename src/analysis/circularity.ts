/**
 * Question 4 (direct part) — how much of each investor's money comes back to it, or to its
 * affiliates, as payments from the company it invested in (contracts, costs paid to it, revenue
 * shares), over the horizon. Multi-hop returns across a network are src/network's.
 */
import { add, ZERO, type Money } from "../money/money.js";
import { ratio } from "../money/ratio.js";
import type { CompiledModel } from "../compile/types.js";
import { OPERATING_OUTFLOW } from "../ledger/posting.js";
import type { ScenarioLedgers } from "./cash.js";
import { FigureBook, moneyValue, ratioValue, type Reported } from "./reported.js";

export interface ReturnLine {
  readonly item: string;
  readonly label: string;
  readonly to: string;
  readonly amount: Money;
}

export interface InvestorReturn {
  readonly investor: string;
  readonly company: string;
  /** The investor and its affiliates: money to any of them counts as returning. */
  readonly group: readonly string[];
  readonly investedWithConditional: Reported;
  readonly investedWithoutConditional: Reported;
  readonly returned: Reported;
  readonly shareWithConditional: Reported;
  readonly shareWithoutConditional: Reported;
  readonly lines: readonly ReturnLine[];
}


export function analyseCircularity(model: CompiledModel, ledgers: ScenarioLedgers, book: FigureBook): InvestorReturn[] {
  const out: InvestorReturn[] = [];
  const pairs = new Set<string>();
  for (const round of model.rounds) {
    for (const c of round.commitments) {
      const key = `${c.investor.name}\u0000${round.company.name}`;
      if (pairs.has(key)) continue;
      pairs.add(key);
      out.push(investorReturn(c.investor.name, round.company.name, model, ledgers, book));
    }
  }
  return out;
}

function investorReturn(investor: string, company: string, model: CompiledModel, ledgers: ScenarioLedgers, book: FigureBook): InvestorReturn {
  const id = `circularity.${investor}.${company}`;
  const groupName = model.parties.get(investor)?.group ?? investor;
  const group = [...model.parties.values()].filter((p) => p.group === groupName).map((p) => p.name);
  const invested = (key: "all" | "none"): Money =>
    ledgers[key].edges.filter((e) => e.kind === "tranche" && e.from === investor && e.to === company).reduce((a, e) => add(a, e.total), ZERO);
  const returnEdges = ledgers.base.edges.filter((e) => e.from === company && group.includes(e.to) && OPERATING_OUTFLOW.has(e.kind));
  const byItem = new Map<string, ReturnLine>();
  for (const e of returnEdges) {
    const key = `${e.item}\u0000${e.to}`;
    const prev = byItem.get(key);
    byItem.set(key, { item: e.item, label: e.label, to: e.to, amount: add(prev?.amount ?? ZERO, e.total) });
  }
  const lines = [...byItem.values()].sort((a, b) => (a.amount > b.amount ? -1 : a.amount < b.amount ? 1 : 0));
  const returnedValue = lines.reduce((a, l) => add(a, l.amount), ZERO);
  const withC = book.add({ id: `${id}.invested.with-conditional`, label: `${investor}'s money into ${company} in the horizon, every condition met`, value: moneyValue(invested("all")), derivation: "sum of the investor's tranche postings", inputs: [], ledger: { scenario: "with-conditional", items: [], account: investor } });
  const withoutC = book.add({ id: `${id}.invested.without-conditional`, label: `${investor}'s money into ${company} in the horizon, no condition met`, value: moneyValue(invested("none")), derivation: "sum of the investor's tranche postings", inputs: [], ledger: { scenario: "without-conditional", items: [], account: investor } });
  const returned = book.add({ id: `${id}.returned`, label: `payments from ${company} to ${group.join(", ")} over the horizon`, value: moneyValue(returnedValue), derivation: "sum of contract, cost and revenue-share postings to the investor's group", inputs: [], ledger: { scenario: "base", items: lines.map((l) => l.item), account: company } });
  const share = (inv: Reported, w: string): Reported =>
    book.add({ id: `${id}.share.${w}`, label: `returned as a share of invested (${w})`, value: ratioValue((inv.value.value as bigint) > 0n ? ratio(returnedValue, inv.value.value as bigint) : ratio(0n)), derivation: "returned / invested", inputs: [{ label: "returned", figure: returned.id }, { label: "invested", figure: inv.id }] });
  return { investor, company, group, investedWithConditional: withC, investedWithoutConditional: withoutC, returned, shareWithConditional: share(withC, "with-conditional"), shareWithoutConditional: share(withoutC, "without-conditional"), lines };
}
