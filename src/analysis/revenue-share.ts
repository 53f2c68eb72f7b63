/**
 * Question 5 — what each revenue-share partner receives per year, and how much of it comes from
 * revenue the payer earned through third parties.
 */
import { add, ZERO, type Money } from "../money/money.js";
import type { CompiledModel } from "../compile/types.js";
import { revenueShareThirdPartyPrefix } from "../compile/contract-kinds.js";
import { yearOf, type Month } from "../time/month.js";
import type { ScenarioLedgers } from "./cash.js";
import { FigureBook, moneyValue, type Reported } from "./reported.js";

export interface RevenueShareYear {
  readonly year: number;
  readonly total: Money;
  readonly direct: Money;
  /** Per third party: the part of the share paid on revenue earned through it. */
  readonly throughThirdParties: ReadonlyMap<string, Money>;
}

export interface RevenueShareAnalysis {
  readonly contract: string;
  readonly payer: string;
  readonly payee: string;
  readonly years: readonly RevenueShareYear[];
  readonly total: Reported;
  readonly fromThirdParties: Reported;
}

export function analyseRevenueShares(model: CompiledModel, ledgers: ScenarioLedgers, book: FigureBook): RevenueShareAnalysis[] {
  return model.input.contracts.flatMap((c) => {
    if (c.kind !== "revenue-share") return [];
    const item = `contracts.${c.name}`;
    const edges = ledgers.base.edges.filter((e) => e.item === item);
    const years = new Map<number, { total: bigint; direct: bigint; through: Map<string, bigint> }>();
    for (let y = yearOf(model.start); y <= yearOf(model.end); y++) years.set(y, { total: 0n, direct: 0n, through: new Map() });
    for (const e of edges) {
      const party = e.detail?.startsWith(revenueShareThirdPartyPrefix) ? e.detail.slice(revenueShareThirdPartyPrefix.length) : undefined;
      e.monthly.forEach((v, i) => {
        const row = years.get(yearOf((model.start + i) as Month));
        if (!row || v === 0n) return;
        row.total += v;
        if (party === undefined) row.direct += v;
        else row.through.set(party, (row.through.get(party) ?? 0n) + v);
      });
    }
    const rows: RevenueShareYear[] = [...years.entries()].map(([year, r]) => ({ year, total: r.total as Money, direct: r.direct as Money, throughThirdParties: new Map([...r.through].map(([p, v]) => [p, v as Money])) }));
    const totalValue = rows.reduce((a, r) => add(a, r.total), ZERO);
    const thirdValue = rows.reduce((a, r) => add(a, [...r.throughThirdParties.values()].reduce(add, ZERO)), ZERO);
    const id = `revenue-share.${c.name}`;
    const total = book.add({ id: `${id}.total`, label: `${c.payee.name} receives under ${c.name} over the horizon`, value: moneyValue(totalValue), derivation: "rate × covered revenue, month by month", inputs: [{ label: "rate", at: c.rate.at }], ledger: { scenario: "base", items: [item], account: c.payee.name } });
    const fromThirdParties = book.add({ id: `${id}.from-third-parties`, label: `of which on revenue earned through ${c.through.map((t) => t.name).join(", ") || "third parties"}`, value: moneyValue(thirdValue), derivation: "rate × revenue earned through the covered third parties", inputs: [{ label: "rate", at: c.rate.at }, ...c.through.map((t) => ({ label: `through ${t.name}`, at: t.at }))], ledger: { scenario: "base", items: [item], account: c.payee.name } });
    return [{ contract: c.name, payer: c.payer.name, payee: c.payee.name, years: rows, total, fromThirdParties }];
  });
}
