/**
 * Golden tests of the error format: each file in testdata/bad/ is a model with one kind of
 * problem, and the file beside it with `.expected.txt` is the exact rendered output. The CLI's
 * golden tests reuse these fixtures.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES } from "../diagnostics/codes.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { loadModelFile, readModelText } from "./load.js";

const BAD = "src/model/testdata/bad";
const fixtures = readdirSync(BAD).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
const expectedFor = (fixture: string): string => readFileSync(join(BAD, fixture.replace(/\.(ya?ml|json)$/, ".expected.txt")), "utf8");

describe("rendered diagnostics of bad models (testdata/bad)", () => {
  it.each(fixtures)("%s", (fixture) => {
    const result = loadModelFile(join(BAD, fixture));
    expect(renderDiagnostics(result.diagnostics, result.sources)).toBe(expectedFor(fixture));
  });

  it("gives no model when a fixture has an error, and a model when it has only warnings", () => {
    for (const fixture of fixtures) {
      const result = loadModelFile(join(BAD, fixture));
      const hasError = result.diagnostics.some((d) => d.severity === "error");
      expect(result.model === undefined, fixture).toBe(hasError);
    }
  });
});

describe("problems with the file itself", () => {
  it("reports a file that does not exist", () => {
    const result = loadModelFile("models/missing.yaml");
    expect(renderDiagnostics(result.diagnostics, result.sources)).toBe(
      [
        "models/missing.yaml: error E_FILE_NOT_FOUND: no such file: models/missing.yaml",
        "  hint: check the path; model files end in .yaml, .yml or .json",
        "",
        "1 error, 0 warnings",
        "",
      ].join("\n"),
    );
    expect(result.sources.size).toBe(0);
  });

  it("reports a directory given as the model file", () => {
    const result = loadModelFile(BAD);
    expect(renderDiagnostics(result.diagnostics, result.sources)).toBe(
      [
        "src/model/testdata/bad: error E_FILE_UNREADABLE: src/model/testdata/bad is not a file",
        "  hint: give the path of a .yaml, .yml or .json model file",
        "",
        "1 error, 0 warnings",
        "",
      ].join("\n"),
    );
  });

  it("reports a file that is not .yaml, .yml or .json", () => {
    const wrongExtension = loadModelFile("vitest.config.ts");
    expect(renderDiagnostics(wrongExtension.diagnostics, wrongExtension.sources)).toBe(
      [
        "vitest.config.ts: error E_FILE_UNREADABLE: vitest.config.ts is not a .yaml, .yml or .json file",
        "  hint: rename it, or convert it to YAML",
        "",
        "1 error, 0 warnings",
        "",
      ].join("\n"),
    );
  });
});

describe("coverage of the codes", () => {
  const emittedByGoldens = new Set(
    [...fixtures.map(expectedFor), "E_FILE_NOT_FOUND", "E_FILE_UNREADABLE"].flatMap((text) => [...text.matchAll(/\b([EW]_[A-Z_]+)\b/g)].map((m) => m[1])),
  );

  it("has a golden for every code the model reader can emit", () => {
    const sources = readdirSync("src/model")
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => readFileSync(join("src/model", f), "utf8"))
      .join("\n");
    const emittable = new Set([...sources.matchAll(/"([EW]_[A-Z_]+)"/g)].map((m) => m[1]).filter((c) => c !== undefined && c in DIAGNOSTIC_CODES));
    expect([...emittable].filter((c) => !emittedByGoldens.has(c)).sort()).toEqual([]);
  });

  it("documents every code in docs/diagnostics.md", () => {
    const docs = readFileSync("docs/diagnostics.md", "utf8");
    expect(Object.keys(DIAGNOSTIC_CODES).filter((code) => !docs.includes(`\`${code}\``))).toEqual([]);
  });
});

describe("the language reference", () => {
  it("has a complete example that reads without any diagnostic", () => {
    const docs = readFileSync("docs/model-language.md", "utf8");
    const example = /## A complete example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(docs)?.[1] ?? "";
    const result = readModelText("docs/model-language.md", example);
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.name).toBe("OpenAI, February 2026 round");
  });
});
