import { describe, expect, it } from "vitest";
import { error } from "./diagnostic.js";
import { renderDiagnostics } from "./render.js";
import { didYouMean, nearestName } from "./suggest.js";

describe("rendering diagnostics", () => {
  const text = "parties:\n  Amazon: investor\nrounds:\n  a: { company: Amazn }\n";
  const sources = new Map([["m.yaml", { path: "m.yaml", text }]]);
  it("prints file:line:col, the line, a caret under the span and the hint", () => {
    const start = text.indexOf("Amazn");
    const d = error("E_UNKNOWN_PARTY", 'unknown party "Amazn"', { span: { file: "m.yaml", start, end: start + 5 }, hint: 'did you mean "Amazon"?' });
    expect(renderDiagnostics([d], sources)).toBe(
      ['m.yaml:4:17: error E_UNKNOWN_PARTY: unknown party "Amazn"', "  4 |   a: { company: Amazn }", "    |                 ^^^^^", '  hint: did you mean "Amazon"?', "", "1 error, 0 warnings", ""].join("\n"),
    );
  });
  it("prints problems with no place with the tool's name", () => {
    expect(renderDiagnostics([error("E_FILE_NOT_FOUND", "no such file: x.yaml")], sources)).toBe("dealgraph: error E_FILE_NOT_FOUND: no such file: x.yaml\n\n1 error, 0 warnings\n");
  });
});

describe("did you mean", () => {
  it("finds typos and transpositions", () => {
    expect(nearestName("Amazn", ["Amazon", "Nvidia"])).toBe("Amazon");
    expect(nearestName("Nivdia", ["Amazon", "Nvidia"])).toBe("Nvidia");
    expect(didYouMean("pre-mony", ["pre-money", "date"], "key")).toBe('did you mean "pre-money"?');
  });
  describe("invalid input", () => {
    it("suggests nothing for names far from every candidate", () => {
      expect(nearestName("Zebra", ["Amazon", "Nvidia"])).toBeUndefined();
      expect(didYouMean("Zebra", [], "party")).toBe("no party is defined in this model");
    });
  });
});
