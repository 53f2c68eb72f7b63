/**
 * `explain`: the postings and model lines behind a reported figure, an account's balance or a
 * model item. The answer is data; front ends render it.
 */
import type { DealAnalysis } from "../analysis/analyse-model.js";
import type { Reported } from "../analysis/reported.js";
import { error } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { Edge, RealizedLedger } from "../ledger/realize.js";
import type { Located } from "../model/types.js";
import { add, ZERO, type Money } from "../money/money.js";
import { yearOf, type Month } from "../time/month.js";
import { reportModel } from "./operations.js";
import type { ModelRequest, OperationResult } from "./request.js";

export interface ExplainedEdge {
  readonly from: string;
  readonly to: string;
  readonly item: string;
  readonly label: string;
  readonly detail?: string;
  readonly condition?: string;
  readonly total: Money;
  readonly byYear: ReadonlyArray<{ readonly year: number; readonly amount: Money }>;
  readonly at?: Located;
}

/** One input of a derivation: a model line, or another figure with its own inputs (a tree). */
export interface ExplainedInput {
  readonly label: string;
  readonly at?: Located;
  readonly figure?: Reported;
  readonly inputs: readonly ExplainedInput[];
}

export type Explanation =
  | { readonly kind: "figure"; readonly figure: Reported; readonly inputs: readonly ExplainedInput[]; readonly edges: readonly ExplainedEdge[]; readonly scenario?: string }
  | { readonly kind: "account"; readonly account: string; readonly scenario: string; readonly closing: Money; readonly edges: readonly ExplainedEdge[] }
  | { readonly kind: "item"; readonly item: string; readonly scenario: string; readonly edges: readonly ExplainedEdge[] };

export interface ExplainOptions {
  /** A figure id (`round.series-a.with-conditional.post-money`), a party's account (`OpenAI`), or a model item (`contracts.aws-2025`). */
  readonly item: string;
}

/** Where a number came from: `dealgraph explain`. */
export function explainItem(request: ModelRequest & ExplainOptions): OperationResult<{ readonly explanation: Explanation; readonly currency: string }> {
  const { item } = request;
  const report = reportModel({ file: request.file, text: request.text, ...(request.readFile ? { readFile: request.readFile } : {}) });
  if (!report.value) return { diagnostics: report.diagnostics, sources: report.sources };
  const explanation = explainId(report.value, item);
  if (explanation) return { value: { explanation, currency: report.value.model.currency }, diagnostics: report.diagnostics, sources: report.sources };
  const candidates = [...report.value.figures.ids(), ...report.value.ledgers.base.accounts, ...new Set(report.value.model.flows.map((f) => f.origin.item))];
  return {
    diagnostics: [...report.diagnostics, error("E_UNKNOWN_ITEM", `"${item}" names no reported figure, account or model item`, { hint: `${didYouMean(item, candidates, "item")}; \`dealgraph report ${request.file} --json\` lists every figure's id` })],
    sources: report.sources,
  };
}

export function explainId(a: DealAnalysis, id: string): Explanation | undefined {
  const figure = a.figures.get(id);
  if (figure) {
    const ledger = figure.ledger ? ledgerByScenario(a, figure.ledger.scenario) : undefined;
    const account = figure.ledger?.account;
    const items = new Set(figure.ledger?.items ?? []);
    const edges = ledger ? ledger.edges.filter((e) => (items.size === 0 || items.has(e.item)) && (account === undefined || e.from === account || e.to === account)) : [];
    return {
      kind: "figure",
      figure,
      inputs: explainInputs(a, figure, new Set([figure.id])),
      edges: edges.map((e) => explainEdge(e, a.model.start)),
      ...(figure.ledger ? { scenario: figure.ledger.scenario } : {}),
    };
  }
  const base = a.ledgers.base;
  if (base.balance.has(id)) {
    const edges = base.edges.filter((e) => e.from === id || e.to === id);
    return { kind: "account", account: id, scenario: base.journal.scenario.name, closing: base.balance.get(id)?.[base.months - 1] ?? ZERO, edges: edges.map((e) => explainEdge(e, a.model.start)) };
  }
  const edges = a.ledgers.all.edges.filter((e) => e.item === id);
  if (edges.length > 0) return { kind: "item", item: id, scenario: a.ledgers.all.journal.scenario.name, edges: edges.map((e) => explainEdge(e, a.model.start)) };
  return undefined;
}

/** The derivation tree below a figure; each figure is expanded once along a path. */
function explainInputs(a: DealAnalysis, figure: Reported, path: ReadonlySet<string>): ExplainedInput[] {
  return figure.inputs.map((i) => {
    const f = i.figure ? a.figures.get(i.figure) : undefined;
    const below = f && !path.has(f.id) ? explainInputs(a, f, new Set([...path, f.id])) : [];
    return { label: i.label, ...(i.at ? { at: i.at } : {}), ...(f ? { figure: f } : {}), inputs: below };
  });
}

function ledgerByScenario(a: DealAnalysis, name: string): RealizedLedger | undefined {
  return [a.ledgers.base, a.ledgers.all, a.ledgers.none].find((l) => l.journal.scenario.name === name);
}

function explainEdge(e: Edge, start: Month): ExplainedEdge {
  const years = new Map<number, Money>();
  e.monthly.forEach((v, i) => {
    if (v === 0n) return;
    const y = yearOf((start + i) as Month);
    years.set(y, add(years.get(y) ?? ZERO, v));
  });
  return {
    from: e.from,
    to: e.to,
    item: e.item,
    label: e.label,
    ...(e.detail ? { detail: e.detail } : {}),
    ...(e.condition ? { condition: e.condition } : {}),
    total: e.total,
    byYear: [...years].map(([year, amount]) => ({ year, amount })),
    ...(e.at ? { at: e.at } : {}),
  };
}

