/**
 * Flows from a CSV file. The header names the columns, in any order:
 *
 *     from,to,amount,date,status,kind,source,probability
 *     Amazon,OpenAI,50B,2026-02-27,announced,equity,"AFP via fashionunited.uk",
 *
 * `from`, `to` and `amount` are required; amounts are finance figures (`38B`, `1.5M`), dates
 * YYYY-MM or YYYY-MM-DD, statuses one of FLOW_STATUSES (default `funded`), probabilities a
 * percentage or a fraction (`60%`, `0.6`). Any other column is ignored. A bad row is reported
 * with the file, the row (the header is row 1, as a spreadsheet shows it) and the column, and
 * left out; the reader never throws.
 */
import { parseFigure, parseMoney } from "../money/figure-text.js";
import type { Ratio } from "../money/ratio.js";
import type { Span } from "../syntax/source.js";
import { parseDate } from "../time/month.js";
import { networkError, type NetworkDiagnostic, type NetworkDiagnosticCode, type NetworkStaged } from "./codes.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import { parseCsv, type CsvField } from "./csv.js";
import { checkFlowValues, EXTERNAL, EXTERNAL_NAME, FLOW_STATUSES, FlowColumns, isFlowStatus, type FlowSet, type FlowStatus } from "./flow-set.js";

const REQUIRED = ["from", "to", "amount"] as const;
const OPTIONAL = ["date", "status", "kind", "source", "probability"] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

export interface FlowCsvOptions {
  /** Currency of the amounts; default USD. */
  readonly currency?: string;
}

export function readFlowCsv(text: string, file: string, options: FlowCsvOptions = {}): NetworkStaged<FlowSet> {
  const currency = options.currency ?? "USD";
  const diagnostics: NetworkDiagnostic[] = [];
  const span = (start: number, end: number): Span => ({ file, start, end });
  const table = parseCsv(text);
  for (const p of table.problems) diagnostics.push(networkError("E_CSV_SYNTAX", `${file}: ${p.message}`, { span: span(p.start, p.end) }));
  const flows = new FlowColumns(Math.max(table.records.length - 1, 0));
  const parties: string[] = [];
  const partyIndex = new Map<string, number>();
  const [header, ...rows] = table.records;
  if (!header) {
    diagnostics.push(networkError("E_CSV_MISSING_COLUMN", `${file} is empty: it needs a header with the columns from, to, amount`, { span: span(0, 0) }));
    return { value: flows.finish(parties, new Int32Array(0)), diagnostics };
  }
  const columnAt = new Map<Column, number>();
  for (const [k, field] of header.fields.entries()) {
    const name = field.text.trim().toLowerCase();
    if ((REQUIRED as readonly string[]).includes(name) || (OPTIONAL as readonly string[]).includes(name)) {
      if (columnAt.has(name as Column)) diagnostics.push(networkError("E_CSV_SYNTAX", `${file}: the column "${name}" appears twice; the first is used`, { span: span(field.start, field.end) }));
      else columnAt.set(name as Column, k);
    }
  }
  const headerEnd = header.fields[header.fields.length - 1]?.end ?? 0;
  const missing = REQUIRED.filter((c) => !columnAt.has(c));
  for (const c of missing) {
    diagnostics.push(networkError("E_CSV_MISSING_COLUMN", `${file} has no "${c}" column`, { span: span(header.fields[0]?.start ?? 0, headerEnd), hint: `the header must name the columns ${REQUIRED.join(", ")} (and may add ${OPTIONAL.join(", ")})` }));
  }
  if (missing.length > 0) return { value: flows.finish(parties, new Int32Array(0)), diagnostics };

  const partyOf = (name: string): number => {
    if (name === EXTERNAL_NAME) return EXTERNAL;
    let index = partyIndex.get(name);
    if (index === undefined) {
      index = parties.length;
      partyIndex.set(name, index);
      parties.push(name);
    }
    return index;
  };
  for (const [r, record] of rows.entries()) {
    const row = r + 2; // the header is row 1
    if (record.fields.length !== header.fields.length) {
      const first = record.fields[0];
      diagnostics.push(networkError("E_CSV_SYNTAX", `${file} row ${row} has ${record.fields.length} fields; the header has ${header.fields.length}`, { span: span(first?.start ?? 0, record.fields[record.fields.length - 1]?.end ?? 0) }));
      continue;
    }
    const field = (c: Column): CsvField | undefined => {
      const k = columnAt.get(c);
      return k === undefined ? undefined : record.fields[k];
    };
    let bad = false;
    const report = (code: DiagnosticCode | NetworkDiagnosticCode, c: Column, message: string, hint?: string): void => {
      const f = field(c);
      diagnostics.push(networkError(code, `${file} row ${row}, column "${c}": ${message}`, { ...(f ? { span: span(f.start, f.end) } : {}), ...(hint ? { hint } : {}) }));
      bad = true;
    };
    const from = field("from")?.text.trim() ?? "";
    const to = field("to")?.text.trim() ?? "";
    if (from === "") report("E_MISSING_FIELD", "from", "no paying party");
    if (to === "") report("E_MISSING_FIELD", "to", "no receiving party");
    if (from === EXTERNAL_NAME && to === EXTERNAL_NAME) report("E_PARTY_KIND", "to", "a flow from external to external is outside the network");

    const amountText = field("amount")?.text ?? "";
    const amount = parseMoney(amountText, currency);
    if (!amount.ok) report(amount.problem.code, "amount", amount.problem.message, amount.problem.hint);

    const dateText = field("date")?.text.trim() ?? "";
    const date = dateText === "" ? undefined : parseDate(dateText);
    if (date && !date.ok) report("E_BAD_DATE", "date", date.reason);

    const statusText = field("status")?.text.trim().toLowerCase() ?? "";
    const status: string = statusText === "" ? "funded" : statusText;
    if (!isFlowStatus(status)) report("E_BAD_ENUM", "status", `"${statusText}" is not a status`, `write one of ${FLOW_STATUSES.join(", ")}`);

    const probabilityText = field("probability")?.text.trim() ?? "";
    let probability: Ratio | undefined;
    if (probabilityText !== "") {
      const figure = parseFigure(probabilityText);
      if (!figure.ok || (figure.value.kind !== "percent" && figure.value.kind !== "number")) report("E_FIGURE_SYNTAX", "probability", `"${probabilityText}" is not a probability`, "write 60% or 0.6");
      else probability = figure.value.value;
    }
    if (amount.ok && isFlowStatus(status)) {
      const problem = checkFlowValues(amount.value, status, probability);
      if (problem) report(problem.code, problem.field === "status" ? "status" : problem.field, problem.message);
    }
    if (bad || !amount.ok) continue;
    const source = field("source")?.text.trim() ?? "";
    const kind = field("kind")?.text.trim() ?? "";
    flows.push(
      partyOf(from),
      partyOf(to),
      amount.value,
      {
        ...(date?.ok ? { month: date.value.month } : {}),
        status: status as FlowStatus,
        kind: kind === "" ? "flow" : kind,
        ...(probability ? { probability } : {}),
        ...(source === "" ? {} : { source }),
      },
      record.line,
    );
  }
  return { value: flows.finish(parties, new Int32Array(parties.length).fill(-1)), diagnostics };
}
