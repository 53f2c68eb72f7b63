import { describe, expect, it } from "vitest";
import { renderDiagnostic } from "../diagnostics/render.js";
import { month } from "../time/month.js";
import type { NetworkDiagnostic } from "./codes.js";
import { parseCsv } from "./csv.js";
import { EXTERNAL, FLOW_STATUSES } from "./flow-set.js";
import { readFlowCsv } from "./flow-csv.js";

const B = 100_000_000_000n; // one billion dollars in cents

/** Renders a diagnostic in the one documented format (until network codes join DiagnosticCode). */
const render = (d: NetworkDiagnostic, file: string, text: string): string => renderDiagnostic(d, new Map([[file, { path: file, text }]]));

describe("RFC 4180 reading", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, and CRLF endings", () => {
    const { records, problems } = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"two\nlines",\r\n');
    expect(problems).toEqual([]);
    expect(records.map((r) => r.fields.map((f) => f.text))).toEqual([["a", "b"], ["x, y", 'say "hi"'], ["two\nlines", ""]]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it("skips blank lines and a byte-order mark", () => {
    expect(parseCsv("\uFEFFa\n\nb\n").records.map((r) => r.fields[0]?.text)).toEqual(["a", "b"]);
  });
});

describe("reading flows from CSV", () => {
  it("reads the columns in any order, with finance figures, dates and statuses", () => {
    const text = [
      "date,status,from,to,amount,kind,source",
      "2026-02-27,announced,Amazon,OpenAI,50B,equity,AFP via fashionunited.uk",
      '2025-11-03,binding,OpenAI,AWS,38B,cloud contract,"infrastructurebrief.com, 2025"',
      "2025-03,funded,CoreWeave,OpenAI,0.35B,equity,Reuters",
      ",,external,CoreWeave,1.5M,,",
    ].join("\n");
    const { value, diagnostics } = readFlowCsv(text, "deals.csv");
    expect(diagnostics).toEqual([]);
    expect(value.parties).toEqual(["Amazon", "OpenAI", "AWS", "CoreWeave"]);
    expect([...value.amount]).toEqual([50n * B, 38n * B, 35n * B / 100n, 150_000_000n]);
    expect([...value.month].slice(0, 3)).toEqual([month(2026, 2), month(2025, 11), month(2025, 3)]);
    expect([...value.status].map((s) => FLOW_STATUSES[s])).toEqual(["announced", "binding", "funded", "funded"]);
    expect(value.from[3]).toBe(EXTERNAL);
    expect(value.sources[value.source[1] ?? -1]).toBe("infrastructurebrief.com, 2025");
    expect([...value.origin]).toEqual([2, 3, 4, 5]); // the line each flow came from
  });
});

describe("invalid input", () => {
  it("names a missing required column", () => {
    const text = "from,amount\nA,1B\n";
    const { value, diagnostics } = readFlowCsv(text, "flows.csv");
    expect(value.flowCount).toBe(0);
    expect(diagnostics.map((d) => render(d, "flows.csv", text))).toEqual([
      [
        'flows.csv:1:1: error E_CSV_MISSING_COLUMN: flows.csv has no "to" column',
        "  1 | from,amount",
        "    | ^^^^^^^^^^^",
        "  hint: the header must name the columns from, to, amount (and may add date, status, kind, source, probability)",
      ].join("\n"),
    ]);
  });

  it("points at a bad number by file, row and column", () => {
    // A European decimal comma: the field is quoted, so it reaches the figure reader whole.
    const text = 'from,to,amount\nA,B,1B\nA,B,"1,5B"\n';
    const { value, diagnostics } = readFlowCsv(text, "flows.csv");
    expect(value.flowCount).toBe(1);
    expect(diagnostics.map((d) => render(d, "flows.csv", text))).toEqual([
      [
        'flows.csv:3:5: error E_FIGURE_SYNTAX: flows.csv row 3, column "amount": "1,5B" is not a figure',
        '  3 | A,B,"1,5B"',
        "    |     ^^^^^^",
        "  hint: write figures like 730B, 35 B, 1.5M, 20%, 3 GW or 50B/GW",
      ].join("\n"),
    ]);
  });

  it("reports an unknown status, a negative amount, a bad date and a short row, and keeps the good rows", () => {
    const text = ["from,to,amount,date,status", "A,B,1B,2025-01,rumoured", "A,B,-2B,2025-01,funded", "A,B,3B,2025-13,funded", "A,B,4B", "B,A,5B,2025-02,LOI"].join("\n");
    const { value, diagnostics } = readFlowCsv(text, "flows.csv");
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["E_BAD_ENUM", 'flows.csv row 2, column "status": "rumoured" is not a status'],
      ["E_NONPOSITIVE_AMOUNT", 'flows.csv row 3, column "amount": the amount -200000000000 is negative; a flow runs from payer to payee'],
      ["E_BAD_DATE", 'flows.csv row 4, column "date": "2025-13" is not a calendar date'],
      ["E_CSV_SYNTAX", "flows.csv row 5 has 3 fields; the header has 5"],
    ]);
    expect([...value.amount]).toEqual([5n * B]);
  });

  it("reports an unclosed quote and never throws", () => {
    const text = 'from,to,amount\nA,"B,1B\n';
    const { diagnostics } = readFlowCsv(text, "flows.csv");
    expect(diagnostics.map((d) => d.code)).toContain("E_CSV_SYNTAX");
    expect(() => readFlowCsv('"', "x.csv")).not.toThrow();
    expect(readFlowCsv("", "empty.csv").diagnostics.map((d) => d.code)).toEqual(["E_CSV_MISSING_COLUMN"]);
  });
});
