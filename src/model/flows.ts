/**
 * `flows:` and `flow-files:` — money between any parties, written in the model or imported from
 * CSV files — and the marks (`status`, `earmarked`, `unconfirmed`) that tranches and contracts
 * may carry too.
 *
 *     flows:
 *       nvidia-anthropic: { from: Nvidia, to: Anthropic, amount: 10B, date: 2025-11, kind: equity, status: announced }
 *     flow-files: [deals.csv]                 # from,to,amount[,date,status,kind,source,probability]
 *
 * CSV files are read through src/network's reader (`readFlowCsv`), so a file means the same to a
 * model as to the network analysis; its problems name the file, the row and the column.
 */
import { isAbsolute, join, dirname } from "node:path";
import { isSeq, type ParsedNode } from "yaml";
import type { Diagnostic, Path } from "../diagnostics/diagnostic.js";
import { error, warning } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { money } from "../money/money.js";
import { EXTERNAL_NAME, FLOW_STATUSES, NO_MONTH, parseCsv, readFlowCsv, type NetworkDiagnostic, type NetworkDiagnosticCode } from "../network/index.js";
import type { Span } from "../syntax/source.js";
import { formatMonth, type Month } from "../time/month.js";
import type { ModelDraft } from "./draft.js";
import { amount, share, sourced } from "./figures.js";
import { DEFAULT_FLOW_KIND, DEFAULT_MARKS, FLOW_KIND_NAMES, type DealMarks, type FlowEntryInput, type FlowTiming } from "./flow-types.js";
import type { Field, Fields, ModelReader } from "./reader.js";
import { readTerm } from "./term.js";
import type { Located, Provenance, Sourced } from "./types.js";

/** The keys that mark how firm an item is; tranches, commitments, contracts and flows take them. */
export const MARK_KEYS = ["status", "earmarked", "unconfirmed"] as const;

const FLOW_KEYS = {
  required: ["from", "to"],
  optional: ["amount", "undisclosed", "date", "term", "kind", "status", "earmarked", "unconfirmed", "probability", "source", "description"],
} as const;

/** `true` or `false`, as YAML writes them. */
function flag(r: ModelReader, field: Field | undefined, what: string): boolean | undefined {
  const word = r.choice(field, ["true", "false"] as const, what);
  return word === undefined ? undefined : word === "true";
}

/**
 * The marks stated in `fields`, each defaulting to `inherited`'s (a tranche inherits its
 * commitment's). Returns undefined when a mark was unreadable (already reported).
 */
export function readMarks(r: ModelReader, fields: Fields | undefined, what: string, inherited: DealMarks = DEFAULT_MARKS): DealMarks | undefined {
  if (!fields) return inherited;
  const status = r.choice(fields.get("status"), FLOW_STATUSES, `status of ${what}`);
  const earmarked = flag(r, fields.get("earmarked"), `"earmarked" of ${what}`);
  const unconfirmed = flag(r, fields.get("unconfirmed"), `"unconfirmed" of ${what}`);
  if ((fields.has("status") && !status) || (fields.has("earmarked") && earmarked === undefined) || (fields.has("unconfirmed") && unconfirmed === undefined)) return undefined;
  return { status: status ?? inherited.status, earmarked: earmarked ?? inherited.earmarked, unconfirmed: unconfirmed ?? inherited.unconfirmed };
}

/** Whether any mark key is written, so that items without marks stay as they were. */
export const hasMarks = (fields: Fields | undefined): boolean => !!fields && MARK_KEYS.some((k) => fields.has(k));

export function readFlows(r: ModelReader, field: Field | undefined): FlowEntryInput[] {
  const out: FlowEntryInput[] = [];
  for (const entry of r.entries(field?.value, field?.path ?? ["flows"], "flows", field?.keySpan ?? r.spanAt(0, 0))) {
    const flow = readFlow(r, entry);
    if (flow) out.push(flow);
  }
  return out;
}

function readFlow(r: ModelReader, entry: Field): FlowEntryInput | undefined {
  const what = `flow "${entry.name}"`;
  const fields = r.fields(entry.value, entry.path, what, FLOW_KEYS, entry.keySpan);
  if (!fields) return undefined;
  const from = r.ref(fields.get("from"), `the payer of ${what}`);
  const to = r.ref(fields.get("to"), `the payee of ${what}`);
  const source = r.prose(fields.get("source"), `the source of ${what}`);
  const value = sourced(r, fields.get("amount"), `the amount of ${what}`, amount());
  const undisclosed = flag(r, fields.get("undisclosed"), `"undisclosed" of ${what}`);
  const probability = sourced(r, fields.get("probability"), `the probability of ${what}`, share);
  const kind = fields.has("kind") ? r.choice(fields.get("kind"), FLOW_KIND_NAMES, "flow kind") : DEFAULT_FLOW_KIND;
  const marks = readMarks(r, fields, what);
  const description = r.prose(fields.get("description"), `the description of ${what}`);
  const timing = readFlowTiming(r, fields, entry, what);

  if (!fields.has("amount") && undisclosed !== true && !fields.has("undisclosed")) {
    r.report("E_MISSING_FIELD", `${what} needs "amount"`, entry.keySpan, entry.path, "give amount: 10B, or undisclosed: true for a flow whose amount was not reported (it is then left out of money totals)");
  }
  if (undisclosed === true && value && value.provenance.kind !== "assumption") {
    const amountField = fields.get("amount");
    r.report("E_CONFLICTING_FIELDS", `${what} is undisclosed, so its amount can only be an assumption`, amountField?.keySpan, amountField?.path ?? entry.path, `write amount: { value: …, assumption: "why this amount" }, or leave the amount out`);
    return undefined;
  }
  if (!from || !to || !timing || !marks || kind === undefined || (fields.has("amount") && !value) || (fields.has("undisclosed") && undisclosed === undefined)) return undefined;
  if (fields.has("probability") && !probability) return undefined;
  if (!value && undisclosed !== true) return undefined;
  return {
    name: entry.name,
    item: `flows.${entry.name}`,
    from,
    to,
    // A bare amount takes the flow's source as its provenance.
    ...(value ? { amount: value.provenance.kind === "unstated" && source !== undefined ? { ...value, provenance: { kind: "source", text: source } } : value } : {}),
    undisclosed: undisclosed === true,
    timing,
    kind,
    marks,
    ...(probability ? { probability } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(description !== undefined ? { description } : {}),
    at: { span: entry.keySpan, path: entry.path },
  };
}

/** `date:` (one month) or `term:` (spread evenly over it), exactly one. */
function readFlowTiming(r: ModelReader, fields: Fields, entry: Field, what: string): FlowTiming | undefined {
  const chosen = r.exclusive(fields, ["date", "term"], what);
  if (!chosen) {
    r.report("E_MISSING_FIELD", `${what} needs "date" or "term"`, entry.keySpan, entry.path, "give date: 2026-02 for one payment, or term: { start: 2026-01, years: 5 } to spread it evenly");
    return undefined;
  }
  if (chosen.name === "date") {
    const date = r.month(chosen, `the date of ${what}`);
    return date ? { kind: "dated", month: date.month, at: date.at } : undefined;
  }
  const term = readTerm(r, chosen, what);
  return term ? { kind: "term", term } : undefined;
}

/** `flow-files: [deals.csv, more.csv]` (or one path): the files, not yet read. */
export function readFlowFileList(r: ModelReader, field: Field | undefined): Array<{ path: string; at: Located }> {
  if (!field?.value) return [];
  const items: ParsedNode[] = isSeq(field.value) ? (field.value.items) : [field.value];
  const out: Array<{ path: string; at: Located }> = [];
  items.forEach((node, index) => {
    const path: Path = isSeq(field.value) ? [...field.path, index] : field.path;
    const word = r.word({ name: String(index), keySpan: r.span(node), value: node, path }, "a flow file");
    if (word) out.push({ path: word.text, at: { span: word.span, path } });
  });
  return out;
}

/** Reads a file's text, or says why not. Given by `loadModelFile`; absent when reading text only. */
export type FlowFileReader = (file: string) => { readonly text: string } | { readonly problem: string; readonly missing: boolean };

/**
 * Reads every CSV file of `flow-files:` into flows of the draft. Paths are relative to the model
 * file's folder. A file that cannot be read, and every problem of its rows, is a diagnostic.
 */
export function readFlowFiles(draft: ModelDraft, listed: ReadonlyArray<{ path: string; at: Located }>, readFile: FlowFileReader | undefined): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  listed.forEach(({ path, at }, k) => {
    const file = isAbsolute(path) ? path : join(dirname(draft.file), path);
    const read = readFile ? readFile(file) : { problem: "files are only read for a model loaded from disk", missing: false };
    if ("problem" in read) {
      diagnostics.push(error(read.missing ? "E_FILE_NOT_FOUND" : "E_FILE_UNREADABLE", `flow file ${file}: ${read.problem}`, { span: at.span, path: at.path, hint: "paths under flow-files are relative to the model file's folder" }));
      return;
    }
    const rows = readFlowRows(read.text, file, k, draft.currency);
    diagnostics.push(...rows.diagnostics);
    draft.flows.push(...rows.flows);
    draft.flowFiles.push({ path, file, at, flowCount: rows.flows.length });
  });
  return diagnostics;
}

/** The flows of one CSV file, each with the spans of its fields for later checks. */
function readFlowRows(text: string, file: string, fileIndex: number, currency: string): { flows: FlowEntryInput[]; diagnostics: Diagnostic[] } {
  const read = readFlowCsv(text, file, { currency });
  const diagnostics = read.diagnostics.map(asDiagnostic);
  const set = read.value;
  // The network reader keeps each row's line; the table gives the spans of its fields.
  const table = parseCsv(text);
  const [header, ...records] = table.records;
  const column = (name: string): number => header?.fields.findIndex((f) => f.text.trim().toLowerCase() === name) ?? -1;
  const columns = { from: column("from"), to: column("to"), amount: column("amount"), date: column("date"), probability: column("probability") };
  const rowOfLine = new Map(records.map((record, index) => [record.line, { record, row: index + 2 }]));
  const flows: FlowEntryInput[] = [];
  for (let i = 0; i < set.flowCount; i++) {
    const found = rowOfLine.get(set.origin[i] ?? -1);
    if (!found) continue;
    const { record, row } = found;
    const span = (k: number): Span => {
      const f = record.fields[k] ?? record.fields[0];
      return { file, start: f?.start ?? 0, end: f?.end ?? 0 };
    };
    const rowPath = ["flow-files", fileIndex, "rows", row];
    const rowAt: Located = { span: { file, start: record.fields[0]?.start ?? 0, end: record.fields[record.fields.length - 1]?.end ?? 0 }, path: rowPath };
    const month = set.month[i] ?? NO_MONTH;
    if (month === NO_MONTH) {
      diagnostics.push(error("E_MISSING_FIELD", `${file} row ${row}${columns.date < 0 ? "" : ', column "date"'}: a flow in a model needs a date`, { span: columns.date < 0 ? rowAt.span : span(columns.date), path: rowPath, hint: "the ledger books every flow in a month: add a date column (YYYY-MM or YYYY-MM-DD)" }));
      continue;
    }
    const partyName = (index: number): string => (index < 0 ? EXTERNAL_NAME : (set.parties[index] ?? ""));
    const sourceAt = set.source[i] ?? -1;
    const source = sourceAt < 0 ? undefined : set.sources[sourceAt];
    const provenance: Provenance = source === undefined ? { kind: "unstated" } : { kind: "source", text: source };
    const probability = set.probability[i];
    const fieldAt = (k: number, name: string): Located => ({ span: span(k), path: [...rowPath, name] });
    flows.push({
      name: `${file} row ${row}`,
      item: `flow-files.${fileIndex}.rows.${row}`,
      from: { name: partyName(set.from[i] ?? -1), at: fieldAt(columns.from, "from") },
      to: { name: partyName(set.to[i] ?? -1), at: fieldAt(columns.to, "to") },
      amount: { value: money(set.amount[i] ?? 0n), provenance, at: fieldAt(columns.amount, "amount") } satisfies Sourced<ReturnType<typeof money>>,
      undisclosed: false,
      timing: { kind: "dated", month: month as Month, at: columns.date < 0 ? rowAt : fieldAt(columns.date, "date") },
      kind: set.kinds[set.kind[i] ?? 0] ?? "flow",
      marks: { status: FLOW_STATUSES[set.status[i] ?? 0] ?? DEFAULT_MARKS.status, earmarked: (set.earmarked[i] ?? 0) === 1, unconfirmed: false },
      ...(probability ? { probability: { value: probability, provenance: { kind: "unstated" }, at: fieldAt(columns.probability, "probability") } } : {}),
      ...(source !== undefined ? { source } : {}),
      at: rowAt,
    });
  }
  return { flows, diagnostics };
}

/**
 * A network diagnostic as a model diagnostic. Every network code is merged into
 * src/diagnostics/codes.ts; the type below stops the build if one is added there and not here.
 */
type NetworkCodesMerged = NetworkDiagnosticCode extends DiagnosticCode ? true : never;
const networkCodesMerged: NetworkCodesMerged = true;
export const asDiagnostic = (d: NetworkDiagnostic): Diagnostic => (networkCodesMerged ? (d) : (d));

/** Payers and payees name parties of the model, or `external`, the world outside it. */
export function checkFlowReferences(draft: ModelDraft): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = [...draft.declared.parties.keys()];
  for (const flow of draft.flows) {
    for (const [ref, role] of [[flow.from, "the payer"], [flow.to, "the payee"]] as const) {
      if (ref.name === EXTERNAL_NAME || draft.declared.parties.has(ref.name)) continue;
      out.push(error("E_UNKNOWN_PARTY", `${role} of ${flowLabel(flow)}, "${ref.name}", is not a party of this model`, { span: ref.at.span, path: ref.at.path, hint: didYouMean(ref.name, [...names, EXTERNAL_NAME], "party") }));
    }
    if (flow.from.name === EXTERNAL_NAME && flow.to.name === EXTERNAL_NAME) {
      out.push(error("E_PARTY_KIND", `${flowLabel(flow)} runs from external to external: it is outside the model`, { span: flow.to.at.span, path: flow.to.at.path }));
    }
  }
  return out;
}

/** A dated flow lies inside the horizon; a term may overhang it, but not lie wholly outside. */
export function checkFlowTimeline(draft: ModelDraft): Diagnostic[] {
  const horizon = draft.horizon;
  if (!horizon) return [];
  const out: Diagnostic[] = [];
  const span = `${formatMonth(horizon.start)} to ${formatMonth(horizon.end)}`;
  for (const flow of draft.flows) {
    const t = flow.timing;
    if (t.kind === "dated") {
      if (t.month < horizon.start || t.month > horizon.end) {
        out.push(error("E_DATE_OUTSIDE_HORIZON", `the date of ${flowLabel(flow)} (${formatMonth(t.month)}) is outside the horizon (${span})`, { span: t.at.span, path: t.at.path, hint: "move the date, or widen horizon:" }));
      }
      continue;
    }
    const end = (t.term.start + t.term.months - 1) as Month;
    if (end < horizon.start || t.term.start > horizon.end) {
      out.push(warning("W_TERM_OUTSIDE_HORIZON", `the term of ${flowLabel(flow)} (${formatMonth(t.term.start)} to ${formatMonth(end)}) lies entirely outside the horizon (${span})`, { span: t.term.at.span, path: t.term.at.path, hint: "it posts nothing; widen horizon: or check the term" }));
    }
  }
  return out;
}

const flowLabel = (flow: FlowEntryInput): string => (flow.item.startsWith("flows.") ? `flow "${flow.name}"` : flow.name);
