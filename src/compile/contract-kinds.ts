/**
 * Contract kinds as a registry: each kind says how it turns into scheduled flows. Adding a kind
 * means adding one entry here (and its reader in src/model), not touching the engine.
 */
import { applyRatio, minorDigits, money, type Money } from "../money/money.js";
import { divideHalfEven, mulRatio, type Ratio } from "../money/ratio.js";
import { isSpendingContract } from "../model/contract-parties.js";
import type { ContractInput, ContractKind, RevenueShareContractInput } from "../model/types.js";
import type { Month } from "../time/month.js";
import { expandSchedule, type MonthlyAmount } from "./schedule.js";
import type { EvaluatedLine, ExpandedContract, ScheduledFlow } from "./types.js";

export interface KindContext {
  readonly currency: string;
  readonly start: Month;
  readonly end: Month;
  /** Buyer and seller after following `extends`. */
  readonly partiesOf: (contract: ContractInput) => { buyer: string; seller: string };
  readonly lines: readonly EvaluatedLine[];
}

export interface Expansion {
  readonly flows: ScheduledFlow[];
  readonly summary?: ExpandedContract;
}

type Entry<K extends ContractKind> = {
  /** What the kind means, for docs and `explain`. */
  readonly summary: string;
  /** Whether the kind's flows depend on forecast lines (and so are expanded after forecasts). */
  readonly readsForecast: boolean;
  readonly expand: (contract: Extract<ContractInput, { kind: K }>, ctx: KindContext) => Expansion;
};

export const CONTRACT_KINDS: { readonly [K in ContractKind]: Entry<K> } = {
  purchase: {
    summary: "a total bought over a term, spread by a schedule",
    readsForecast: false,
    expand: (c, ctx) => spreadContract(c.name, "purchase", c.total.value, expandSchedule(c.total.value, c.term, c.schedule), c, ctx),
  },
  capacity: {
    summary: "a quantity (GW, say) at a price per unit, spread by a schedule",
    readsForecast: false,
    expand: (c, ctx) => {
      const total = capacityCost(c.quantity.value.value, c.price.value.value, ctx.currency);
      return spreadContract(c.name, "capacity", total, expandSchedule(total, c.term, c.schedule), c, ctx);
    },
  },
  "revenue-share": {
    summary: "a rate of the payer's covered revenue, paid to the payee each month",
    readsForecast: true,
    expand: (c, ctx) => ({ flows: revenueSharePayments(c, ctx.lines, ctx.start, ctx.end) }),
  },
  exclusivity: {
    summary: "a scope of workloads that must run with the provider; moves no money",
    readsForecast: false,
    expand: () => ({ flows: [] }),
  },
};

export function expandContract(contract: ContractInput, ctx: KindContext): Expansion {
  // Each entry is typed for its own kind; the registry lookup loses that link, so restore it here.
  const entry = CONTRACT_KINDS[contract.kind] as Entry<typeof contract.kind>;
  return (entry.expand)(contract, ctx);
}

/** Quantity × price per unit, in minor units, rounded once half to even. */
export function capacityCost(quantity: Ratio, price: Ratio, currency: string): Money {
  const major = mulRatio(quantity, price);
  return money(divideHalfEven(major.num * 10n ** BigInt(minorDigits(currency)), major.den));
}

function spreadContract(name: string, kind: "purchase" | "capacity", total: Money, schedule: MonthlyAmount[], contract: ContractInput, ctx: KindContext): Expansion {
  const { buyer, seller } = ctx.partiesOf(contract);
  let before = 0n;
  let after = 0n;
  const flows: ScheduledFlow[] = [];
  for (const { month, amount } of schedule) {
    if (month < ctx.start) before += amount;
    else if (month > ctx.end) after += amount;
    else if (amount > 0n) {
      flows.push({ month, from: buyer, to: seller, amount, origin: { kind: "contract", item: `contracts.${name}`, label: `${kind} contract ${name}`, at: contract.at }, ...marksOf(contract), kind });
    }
  }
  const extendsName = isSpendingContract(contract) ? contract.extends?.name : undefined;
  return {
    flows,
    summary: { name, kind, buyer, seller, total, beforeHorizon: money(before), afterHorizon: money(after), ...(extendsName ? { extends: extendsName } : {}) },
  };
}

/** The marks a scheduled flow carries, from a contract's `marks` (none written: binding, by default). */
function marksOf(contract: ContractInput): Pick<ScheduledFlow, "status" | "unconfirmed"> {
  const marks = isSpendingContract(contract) ? contract.marks : undefined;
  return marks ? { status: marks.status, ...(marks.unconfirmed ? { unconfirmed: true } : {}) } : {};
}

/**
 * A revenue share's monthly payments: the rate on the covered lines' direct revenue, and
 * separately on the revenue earned through each covered third party, so that the report can say
 * how much of the share comes from third parties. Each part is rounded on its own.
 */
export function revenueSharePayments(c: RevenueShareContractInput, lines: readonly EvaluatedLine[], start: Month, end: Month): ScheduledFlow[] {
  const covered = lines.filter(
    (l) => l.company === c.payer.name && l.kind === "revenue" && (c.lines.length === 0 || c.lines.some((r) => r.name === l.name)),
  );
  const termStart = c.term?.start ?? start;
  const termEnd = c.term ? ((c.term.start + c.term.months - 1) as Month) : end;
  const flows: ScheduledFlow[] = [];
  const item = `contracts.${c.name}`;
  const months = end - start + 1;
  for (let i = 0; i < months; i++) {
    const m = (start + i) as Month;
    if (m < termStart || m > termEnd) continue;
    let direct = 0n;
    const viaParty = new Map<string, bigint>();
    for (const line of covered) {
      const total = line.monthly[i] ?? 0n;
      let channelled = 0n;
      for (const [party, series] of line.through) {
        const part = series[i] ?? 0n;
        channelled += part;
        if (c.through.some((t) => t.name === party)) viaParty.set(party, (viaParty.get(party) ?? 0n) + part);
      }
      direct += total - channelled;
    }
    const push = (base: bigint, detail: string): void => {
      const amount = applyRatio(money(base), c.rate.value);
      if (amount > 0n) flows.push({ month: m, from: c.payer.name, to: c.payee.name, amount, origin: { kind: "revenue-share", item, label: `revenue share ${c.name}`, at: c.at, detail }, kind: "revenue-share" });
    };
    push(direct, "on direct revenue");
    for (const [party, base] of viaParty) push(base, `on revenue earned through ${party}`);
  }
  return flows;
}

export const revenueShareThirdPartyPrefix = "on revenue earned through ";

