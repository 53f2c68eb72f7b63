/**
 * Reading one JSON file of a package: its value, where each field is, and what JSON.parse would
 * hide — a key written twice in one object, of which it silently keeps the last.
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../syntax/source.js";
import { readJson } from "./json-file.js";

function read(text: string): { file?: { value: unknown; line: (path: Array<string | number>) => number }; diagnostics: Array<[string, string, number]> } {
  const diagnostics: Diagnostic[] = [];
  const file = readJson("Transactions.ocf.json", "pkg/Transactions.ocf.json", () => ({ ok: true, text }), new Map<string, SourceFile>(), diagnostics);
  const lineAt = (offset: number): number => text.slice(0, offset).split("\n").length;
  return {
    ...(file ? { file: { value: file.value, line: (path: Array<string | number>) => lineAt(file.locate(path).start) } } : {}),
    diagnostics: diagnostics.map((d) => [d.code, d.message, lineAt(d.span?.start ?? 0)]),
  };
}

describe("reading a package's JSON file", () => {
  it("gives the value and the line of each field", () => {
    const r = read('{\n  "file_type": "OCF_TRANSACTIONS_FILE",\n  "items": [\n    { "id": "tx-1",\n      "quantity": "100" }\n  ]\n}\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.file?.value).toEqual({ file_type: "OCF_TRANSACTIONS_FILE", items: [{ id: "tx-1", quantity: "100" }] });
    expect(r.file?.line(["items", 0, "quantity"])).toBe(5);
  });

  describe("invalid input", () => {
    it("a key written twice in one object is E_OCF_PACKAGE at the second, and the file is not read", () => {
      const r = read('{\n  "file_type": "OCF_TRANSACTIONS_FILE",\n  "items": [\n    { "id": "tx-1",\n      "quantity": "100",\n      "date": "2024-01-01",\n      "quantity": "1y0" }\n  ]\n}\n');
      expect(r.file).toBeUndefined();
      expect(r.diagnostics).toEqual([["E_OCF_PACKAGE", 'Transactions.ocf.json: the key "quantity" appears twice in one object', 7]]);
    });

    it("the same key in two objects is not a repetition", () => {
      const r = read('{ "items": [ { "id": "a" }, { "id": "b" } ] }');
      expect(r.diagnostics).toEqual([]);
    });

    it("text that is not JSON", () => {
      expect(read('{ "items": [ ').diagnostics.map(([code]) => code)).toEqual(["E_OCF_PACKAGE"]);
    });
  });
});
