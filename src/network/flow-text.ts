/**
 * A one-line-per-flow text form of a small flow set, for examples, tests and docs:
 *
 *     external -> OpenAI: 40
 *     Nvidia -> OpenAI: 100
 *     OpenAI -> Oracle: 120
 *
 * Parties are declared by appearing; `external` is the outside world; amounts are figures read
 * by `parseMoney` (`38B`, `1.5M`); `#` starts a comment. Every flow is `funded`, of kind `flow`.
 */
import { parseMoney } from "../money/figure-text.js";
import { networkError, type NetworkDiagnostic, type NetworkStaged } from "./codes.js";
import { buildFlowSet, EXTERNAL_NAME, type FlowInput, type FlowSet } from "./flow-set.js";

const FLOW_LINE = /^\s*(.+?)\s*->\s*(.+?)\s*:\s*(.+?)\s*$/;

export function flowSetFromText(text: string, currency = "USD"): NetworkStaged<FlowSet> {
  const diagnostics: NetworkDiagnostic[] = [];
  const parties: string[] = [];
  const seen = new Set<string>([EXTERNAL_NAME]);
  const flows: FlowInput[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*$/, "");
    if (line.trim() === "") continue;
    const m = FLOW_LINE.exec(line);
    if (!m) {
      diagnostics.push(networkError("E_CSV_SYNTAX", `line ${i + 1}: "${line.trim()}" is not "payer -> payee: amount"`));
      continue;
    }
    const [, from = "", to = "", figure = ""] = m;
    const amount = parseMoney(figure, currency);
    if (!amount.ok) {
      diagnostics.push(networkError(amount.problem.code, `line ${i + 1}: ${amount.problem.message}`, { hint: amount.problem.hint }));
      continue;
    }
    for (const name of [from, to]) {
      if (!seen.has(name)) {
        seen.add(name);
        parties.push(name);
      }
    }
    flows.push({ from, to, amount: amount.value, status: "funded", kind: "flow" });
  }
  const built = buildFlowSet({ parties: parties.map((name) => ({ name })), flows });
  return { value: built.value, diagnostics: [...diagnostics, ...built.diagnostics] };
}
