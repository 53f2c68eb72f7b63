/**
 * Choosing which flows an analysis counts: a window of months, a set of statuses, and whether
 * amounts are weighted by their probability. Each choice is a pure function of a flow set.
 */
import { applyRatio, money, splitEvenly, type Money } from "../money/money.js";
import { addMonths, formatMonth, type Month } from "../time/month.js";
import { networkError, networkWarning, type NetworkDiagnostic, type NetworkStaged } from "./codes.js";
import { FLOW_STATUSES, FlowColumns, NO_MONTH, type FlowSet, type FlowStatus } from "./flow-set.js";

export interface FlowSelection {
  /** Keep flows whose month lies in this window, both ends included; undated flows are left out. */
  readonly window?: { readonly from: Month; readonly to: Month };
  /** Keep flows with one of these statuses; all statuses when absent. */
  readonly statuses?: readonly FlowStatus[];
  /** `face` counts the stated amount; `probability` counts amount x probability, rounded half to even. */
  readonly weighting?: "face" | "probability";
}

/**
 * The flows of `flows` that `selection` keeps, amounts weighted when asked. Reports a window
 * whose end is before its start (E_WINDOW_ORDER, nothing kept), undated flows left out of a
 * window (W_UNDATED_FLOWS), and a selection that keeps nothing of a non-empty set
 * (W_EMPTY_SELECTION: a window outside the dates of the data, say).
 */
export function selectFlows(flows: FlowSet, selection: FlowSelection): NetworkStaged<FlowSet> {
  const diagnostics: NetworkDiagnostic[] = [];
  const { window, statuses, weighting = "face" } = selection;
  const kept = new FlowColumns(flows.flowCount);
  if (window && window.to < window.from) {
    diagnostics.push(networkError("E_WINDOW_ORDER", `the window ends (${formatMonth(window.to)}) before it starts (${formatMonth(window.from)})`));
    return { value: kept.finish(flows.parties, flows.parent), diagnostics };
  }
  const statusWanted = new Uint8Array(FLOW_STATUSES.length).fill(statuses ? 0 : 1);
  for (const s of statuses ?? []) statusWanted[FLOW_STATUSES.indexOf(s)] = 1;
  let undated = 0;
  let firstMonth = Infinity;
  let lastMonth = -Infinity;
  for (let i = 0; i < flows.flowCount; i++) {
    const m = flows.month[i] ?? NO_MONTH;
    if (m !== NO_MONTH) {
      firstMonth = Math.min(firstMonth, m);
      lastMonth = Math.max(lastMonth, m);
    }
    if (statusWanted[flows.status[i] ?? 0] !== 1) continue;
    if (window) {
      if (m === NO_MONTH) {
        undated++;
        continue;
      }
      if (m < window.from || m > window.to) continue;
    }
    const probability = flows.probability[i];
    if (weighting === "probability" && probability) {
      kept.copy(flows, i, { amount: applyRatio(money(flows.amount[i] ?? 0n), probability) });
    } else {
      kept.copy(flows, i);
    }
  }
  if (undated > 0) {
    diagnostics.push(networkWarning("W_UNDATED_FLOWS", `${undated} flow${undated === 1 ? " has" : "s have"} no month and ${undated === 1 ? "is" : "are"} left out of the window`, { hint: "give every flow a month, or analyse without a window" }));
  }
  const value = kept.finish(flows.parties, flows.parent);
  if (value.flowCount === 0 && flows.flowCount > 0) {
    const span = Number.isFinite(firstMonth) ? ` (the dated flows run from ${formatMonth(firstMonth as Month)} to ${formatMonth(lastMonth as Month)})` : "";
    const asked = [window ? `window ${formatMonth(window.from)}..${formatMonth(window.to)}` : "", statuses ? `statuses ${statuses.join(", ")}` : ""].filter(Boolean).join(" and ");
    diagnostics.push(networkWarning("W_EMPTY_SELECTION", `the ${asked || "selection"} keeps none of the ${flows.flowCount} flows${span}`));
  }
  return { value, diagnostics };
}

export interface MonthlyAmount {
  readonly month: Month;
  readonly amount: Money;
}

/**
 * Spreads a contract's amount evenly over `months` months from `startMonth`, exactly: the parts
 * differ by at most one minor unit, the earlier months take the extra units (largest remainder),
 * and they sum to `amount`. `spreadOverTerm(money(10n), m, 3)` gives 4, 3, 3.
 * Throws RangeError when `months` is not a positive integer (a programming error).
 */
export function spreadOverTerm(amount: Money, startMonth: Month, months: number): MonthlyAmount[] {
  if (!Number.isInteger(months) || months <= 0) throw new RangeError(`spreadOverTerm needs a positive whole number of months, not ${months}`);
  return splitEvenly(amount, months).map((part, k) => ({ month: addMonths(startMonth, k), amount: part }));
}
