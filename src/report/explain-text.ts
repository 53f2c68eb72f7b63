/** Renders an explanation: the figure, how it was derived, its inputs' lines, and the postings behind it. */
import type { ExplainedEdge, ExplainedInput, Explanation } from "../api/explain.js";
import type { Located } from "../model/types.js";
import { toDecimalString } from "../money/money.js";
import { lineStarts, positionAt, type SourceFile } from "../syntax/source.js";
import { fmtMoney, fmtReported } from "./format.js";
import { renderTable } from "./table.js";
import { reportedJson, type Json } from "./json-report.js";

export function renderExplanation(x: Explanation, currency: string, sources: ReadonlyMap<string, SourceFile>): string {
  const out: string[] = [];
  const where = (at: Located | undefined): string => (at ? quoteLine(at, sources) : "");
  switch (x.kind) {
    case "figure": {
      out.push(`${x.figure.id} = ${fmtReported(x.figure, currency)}`);
      out.push(`  ${x.figure.label}`);
      out.push(`  derived as: ${x.figure.derivation}`);
      const tree = (inputs: readonly ExplainedInput[], indent: string): void => {
        for (const i of inputs) {
          const value = i.figure ? ` = ${fmtReported(i.figure, currency)} (${i.figure.id}: ${i.figure.derivation})` : "";
          out.push(`${indent}${i.label}${value}`);
          if (i.at) out.push(`${indent}  written at ${where(i.at)}`);
          tree(i.inputs, `${indent}  `);
        }
      };
      if (x.inputs.length > 0) out.push("  from:");
      tree(x.inputs, "    ");
      if (x.edges.length > 0) out.push(`  postings behind it (${x.scenario}):`, renderEdges(x.edges, currency, where));
      break;
    }
    case "account":
      out.push(`account ${x.account}: closing balance ${fmtMoney(x.closing, currency)} (${x.scenario})`, renderEdges(x.edges, currency, where));
      break;
    case "item":
      out.push(`model item ${x.item} (${x.scenario}):`, renderEdges(x.edges, currency, where));
      break;
  }
  return `${out.join("\n")}\n`;
}

function renderEdges(edges: readonly ExplainedEdge[], currency: string, where: (at: Located | undefined) => string): string {
  const rows = edges.map((e) => [e.from, e.to, fmtMoney(e.total, currency), `${e.label}${e.detail ? `, ${e.detail}` : ""}${e.condition ? ` [if ${e.condition}]` : ""}`, e.byYear.map((y) => `${y.year}: ${fmtMoney(y.amount, currency)}`).join(", ")]);
  const table = renderTable([{ title: "from" }, { title: "to" }, { title: "total", align: "right" }, { title: "model line" }, { title: "by year" }], rows, "    ");
  const lines = [...new Set(edges.map((e) => where(e.at)).filter((s) => s))].map((s) => `    ${s}`);
  return [table, ...(lines.length ? ["    written at:", ...lines.map((l) => `  ${l}`)] : [])].join("\n");
}

/** `file:line: the source line`, trimmed. */
function quoteLine(at: Located, sources: ReadonlyMap<string, SourceFile>): string {
  const source = sources.get(at.span.file);
  if (!source) return at.span.file;
  const starts = lineStarts(source.text);
  const pos = positionAt(starts, at.span.start);
  const text = source.text.slice(starts[pos.line - 1] ?? 0, (starts[pos.line] ?? source.text.length + 1) - 1).trim();
  return `${at.span.file}:${pos.line}:${pos.col}: ${text}`;
}

export function explanationJson(x: Explanation, currency: string, sources: ReadonlyMap<string, SourceFile>): Json {
  const edge = (e: ExplainedEdge): Json => ({
    from: e.from,
    to: e.to,
    item: e.item,
    label: e.label,
    detail: e.detail ?? null,
    condition: e.condition ?? null,
    total: toDecimalString(e.total, currency),
    byYear: e.byYear.map((y) => ({ year: y.year, amount: toDecimalString(y.amount, currency) })),
    at: e.at ? quoteLine(e.at, sources) : null,
  });
  const input = (i: ExplainedInput): Json => ({
    label: i.label,
    figure: i.figure ? reportedJson(i.figure, currency) : null,
    derivation: i.figure?.derivation ?? null,
    at: i.at ? quoteLine(i.at, sources) : null,
    inputs: i.inputs.map(input),
  });
  switch (x.kind) {
    case "figure":
      return { kind: "figure", figure: reportedJson(x.figure, currency), label: x.figure.label, derivation: x.figure.derivation, inputs: x.inputs.map(input), scenario: x.scenario ?? null, edges: x.edges.map(edge) };
    case "account":
      return { kind: "account", account: x.account, scenario: x.scenario, closing: toDecimalString(x.closing, currency), edges: x.edges.map(edge) };
    case "item":
      return { kind: "item", item: x.item, scenario: x.scenario, edges: x.edges.map(edge) };
  }
}
