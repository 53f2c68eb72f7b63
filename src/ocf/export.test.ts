/**
 * Exporting to OCF and reading back: a package imported, exported and imported again gives the
 * same equity section and cap table; the Series A example exports with a report that lists what
 * OCF cannot express (the conditional tranche, the financing's pricing rule, placeholders).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sortDiagnostics } from "../diagnostics/diagnostic.js";
import { importOcf, exportOcf } from "./test-support/operations.js";
import { capTableOf, writeModelToTemp, writePackageToTemp } from "./test-support/cap-table.js";

const GENERATED_AT = "2026-01-05T09:00:00Z";

describe("the round trip: import, export, import again", () => {
  const first = importOcf("src/ocf/testdata/full");
  const modelPath = writeModelToTemp(first.value?.text ?? "");
  const exported = exportOcf(modelPath, { generatedAt: GENERATED_AT, at: "2025-12-31" });
  const again = importOcf(writePackageToTemp(exported.value ?? { files: [], report: [], asOf: "" }));

  it("exports and reads back without an error", () => {
    expect(first.diagnostics).toEqual([]);
    expect(exported.diagnostics).toEqual([]);
    expect(again.diagnostics).toEqual([]);
  });

  it("gives the same equity section and the same cap table", () => {
    expect(again.value?.equity).toEqual(first.value?.equity);
    expect(capTableOf("again.yaml", again.value?.text ?? "", "2025-12-31")).toEqual(capTableOf("first.yaml", first.value?.text ?? "", "2025-12-31"));
  });

  it("reports only the placeholders of fields OCF requires and the model lacks", () => {
    expect(exported.value?.report.map((d) => d.code)).toEqual(["W_OCF_PLACEHOLDER"]);
  });

  it("writes one file per object kind, listed in the manifest with its md5", () => {
    const manifest = JSON.parse(exported.value?.files[0]?.text ?? "{}");
    expect(manifest).toMatchObject({ ocf_version: "1.2.0", file_type: "OCF_MANIFEST_FILE", as_of: "2025-12-31", generated_at: GENERATED_AT, issuer: { legal_name: "Quillfeather Robotics" } });
    expect(exported.value?.files.map((f) => [f.name, f.objects])).toEqual([
      ["Manifest.ocf.json", 1],
      ["Stakeholders.ocf.json", 10],
      ["StockClasses.ocf.json", 3],
      ["StockPlans.ocf.json", 1],
      ["VestingTerms.ocf.json", 2],
      ["Transactions.ocf.json", 12],
      ["StockLegends.ocf.json", 0],
      ["Valuations.ocf.json", 0],
    ]);
  });
});

describe("exporting the Series A example", () => {
  const LUMEN = "examples/series-a-cap-table.yaml";
  const exported = exportOcf(LUMEN, { generatedAt: GENERATED_AT });
  const report = sortDiagnostics(exported.value?.report ?? []);

  it("lists the conditional tranche, the financing's rule and the placeholders in its report", () => {
    expect(report.map((d) => d.code)).toEqual(["W_OCF_NOT_EXPRESSIBLE", "W_OCF_PLACEHOLDER", "W_OCF_NOT_EXPRESSIBLE"]);
    expect(report[0]?.message).toBe(
      'the series-a tranche of Harbor Ventures: 1847148 shares of series-a to Harbor Ventures wait for the condition "first-enterprise-customer"; OCF records issued securities only, with no conditional issuance, so they are not in the package',
    );
    expect(report[2]?.message).toContain('the financing "series-a" is a rule');
  });

  it("reads back as the cap table without the conditional tranche", () => {
    const again = importOcf(writePackageToTemp(exported.value ?? { files: [], report: [], asOf: "" }));
    expect(again.diagnostics).toEqual([]);
    const original = capTableOf(LUMEN, readFileSync(LUMEN, "utf8"), "2028-12-31", []);
    expect(capTableOf("again.yaml", again.value?.text ?? "", "2028-12-31")).toEqual(original);
  });

  it("before the round, holds the SAFEs and the note unconverted and lists the round as later", () => {
    const early = exportOcf(LUMEN, { generatedAt: GENERATED_AT, at: "2026-01-31" });
    const transactions = JSON.parse(early.value?.files.find((f) => f.name === "Transactions.ocf.json")?.text ?? "{}");
    const types = transactions.items.map((t: { object_type: string }) => t.object_type);
    expect(types.filter((t: string) => t === "TX_CONVERTIBLE_ISSUANCE")).toHaveLength(3);
    expect(types).not.toContain("TX_CONVERTIBLE_CONVERSION");
    expect(early.value?.report.some((d) => d.message.startsWith("6 event(s) dated after the package's date, 2026-01-31"))).toBe(true);
  });

  describe("invalid input", () => {
    it("refuses a date that is not a day", () => {
      const r = exportOcf(LUMEN, { generatedAt: GENERATED_AT, at: "2026-13" });
      expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([["E_USAGE", '--at "2026-13" is not a date']]);
    });
    it("names the companies when the one asked for has no equity", () => {
      const r = exportOcf(LUMEN, { generatedAt: GENERATED_AT, company: "Lumen Lab" });
      expect(r.diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([["E_USAGE", `${LUMEN} has no equity for "Lumen Lab"`, 'did you mean "Lumen Labs"?']]);
    });
  });
});
