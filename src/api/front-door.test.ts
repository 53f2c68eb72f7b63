/**
 * The front door: every operation takes a model's text (never a path), reads referenced files only
 * through the request's reader, and answers with data plus diagnostics — the same for the CLI as
 * for any other front end.
 */
import { describe, expect, it } from "vitest";
import { error } from "../diagnostics/diagnostic.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { operations, type FileReader, type ModelRequest } from "./front-door.js";

const MODEL = `
name: inline
horizon: 2026-01..2026-12
parties:
  OpenAI: company
  Nvidia: supplier
flow-files: [deals.csv]
`;
const CSV = "from,to,amount,date\nexternal,Nvidia,20,2026-01\nNvidia,OpenAI,100,2026-02\nOpenAI,Nvidia,20,2026-03\n";

/** A reader over files held in memory, as the workbench's store would give them; it records what it was asked for. */
function memoryReader(files: Record<string, string>, asked: string[] = []): FileReader {
  return (path) => {
    asked.push(path);
    const text = files[path];
    return text === undefined ? { ok: false, diagnostic: error("E_FILE_NOT_FOUND", `no such file: ${path}`) } : { ok: true, text };
  };
}

describe("the operation map", () => {
  it("has one entry per operation", () => {
    expect(Object.keys(operations).sort()).toEqual(["captable", "check", "explain", "flows", "ocfExport", "ocfImport", "ocfValidate", "payoutCurve", "report", "simulate", "waterfall"]);
  });

  it("reads a model's flow files through the request's reader only, resolved beside the model", async () => {
    const asked: string[] = [];
    const request: ModelRequest = { file: "models/web.yaml", text: MODEL, readFile: memoryReader({ "models/deals.csv": CSV }, asked) };
    const result = await operations.flows(request);
    expect(result.diagnostics).toEqual([]);
    expect(asked).toEqual(["models/deals.csv"]);
    // Nvidia and OpenAI: 100 one way, 20 back; 20 circulates each way, 40 of 120.
    expect(result.value?.analysis.metrics.maximumCirculationShare.circulation).toBe(4000n);
    expect([...result.sources.keys()]).toEqual(["models/web.yaml", "models/deals.csv"]);
  });

  it("checks a model given as text, with no file anywhere", async () => {
    const result = await operations.check({ file: "inline.yaml", text: MODEL.replace("flow-files: [deals.csv]\n", "") });
    expect(result).toMatchObject({ value: { ok: true }, diagnostics: [] });
  });

  it("imports an OCF package given as a map of its files", async () => {
    const result = await operations.ocfImport({ package: "pkg", files: new Map([["Manifest.ocf.json", "{"]]) });
    expect(result.diagnostics.map((d) => [d.code, d.span?.file])).toEqual([["E_OCF_PACKAGE", "pkg/Manifest.ocf.json"]]);
  });

  describe("invalid input", () => {
    it("says a flow file the reader cannot find is missing, at the model's line that names it", async () => {
      const result = await operations.check({ file: "web.yaml", text: MODEL, readFile: memoryReader({}) });
      expect(renderDiagnostics(result.diagnostics, result.sources)).toBe(
        "web.yaml:7:14: error E_FILE_NOT_FOUND: flow file deals.csv: no such file\n  7 | flow-files: [deals.csv]\n    |              ^^^^^^^^^\n  hint: paths under flow-files are relative to the model file's folder\n\n1 error, 0 warnings\n",
      );
    });

    it("refuses to read flow files without a reader", async () => {
      const result = await operations.report({ file: "web.yaml", text: MODEL });
      expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([["E_FILE_UNREADABLE", "flow file deals.csv: files are only read for a model loaded from disk"]]);
    });

    it("reads an option's text with the operation's own parser, before the model", async () => {
      const result = await operations.flows({ file: "web.yaml", text: "not: a model", window: "2030..2026" });
      expect(result.diagnostics.map((d) => d.code)).toEqual(["E_WINDOW_ORDER"]);
      expect(result.sources.size).toBe(0);
    });

    it("answers a model that is not YAML with diagnostics, not a rejection", async () => {
      const result = await operations.captable({ file: "bad.yaml", text: "name: [" });
      expect(result.value).toBeUndefined();
      expect(result.diagnostics.map((d) => d.code)).toEqual(["E_YAML_SYNTAX"]);
    });
  });
});
