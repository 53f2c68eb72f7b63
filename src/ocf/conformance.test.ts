/**
 * dealgraph against the Open Cap Format's own published JSON schemas and sample packages, taken
 * from a copy of OCF's repository at v1.2.0 (see test-support/ocf-checkout.ts: set
 * DEALGRAPH_OCF_REPO; `npm run test:ocf` insists on it). dealgraph ships none of OCF's files, so
 * without a copy this suite is skipped and says why.
 *
 * What it shows:
 * - the schema check agrees with OCF's: OCF's sample package passes, except where OCF's own
 *   Transactions file schema leaves out an object type its sample uses;
 * - every package dealgraph exports is valid OCF 1.2.0;
 * - dealgraph's own reading of OCF and OCF's schemas find the same mistakes in a malformed package;
 * - OCF's samples import (what they hold that a cap table cannot, is named), and round-trip.
 *   Its `samples/` folder is a catalogue of every object kind whose references mostly point at
 *   objects it does not define: strictly it is refused, every problem named; with skipInvalid what
 *   holds together is imported. Its options tutorial is a small company and imports whole.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportOcf, importOcf, loadPublishedSchemas, validateOcf } from "./test-support/operations.js";
import type { PublishedSchemas } from "./published-schemas.js";
import { findOcfCheckout, OCF_REPO_ENV } from "./test-support/ocf-checkout.js";
import { capTableOf, writeModelToTemp, writePackageToTemp } from "./test-support/cap-table.js";

const found = findOcfCheckout();
const required = process.env["DEALGRAPH_OCF_REQUIRED"] === "1";
const available = "root" in found;
const GENERATED_AT = "2026-01-05T09:00:00Z";

describe.runIf(!available && required)("OCF conformance, required but not possible", () => {
  it("needs a copy of OCF's repository", () => {
    expect.fail(`${"missing" in found ? found.missing : ""} (${OCF_REPO_ENV})`);
  });
});

describe.skipIf(!available)(`against OCF's published schemas and samples (${"root" in found ? found.from : "missing" in found ? found.missing : ""})`, () => {
  const root = "root" in found ? found.root : "";
  const loaded = available ? loadPublishedSchemas(join(root, "schema")) : undefined;
  const schemas = loaded?.value as PublishedSchemas;
  const messages = (dir: string): string[] => validateOcf(dir, schemas).diagnostics.map((d) => `${d.span?.file.slice(dir.length + 1)}: ${d.code} ${d.message}`);

  it("reads OCF 1.2.0's schema set: its file types and object types", () => {
    expect(loaded?.diagnostics).toEqual([]);
    expect(schemas.version).toBe("1.2.0");
    expect([...schemas.files.keys()].sort()).toEqual([
      "OCF_DOCUMENTS_FILE",
      "OCF_FINANCINGS_FILE",
      "OCF_STAKEHOLDERS_FILE",
      "OCF_STOCK_CLASSES_FILE",
      "OCF_STOCK_LEGEND_TEMPLATES_FILE",
      "OCF_STOCK_PLANS_FILE",
      "OCF_TRANSACTIONS_FILE",
      "OCF_VALUATIONS_FILE",
      "OCF_VESTING_TERMS_FILE",
    ]);
    expect(schemas.objectTypes.size).toBe(52);
  });

  it("OCF's sample package passes, but for two objects OCF's own Transactions file schema does not list", () => {
    const dir = join(root, "samples");
    const check = validateOcf(dir, schemas);
    expect([check.value?.files, check.value?.objects]).toEqual([9, 95]);
    expect(messages(dir)).toEqual([
      'Transactions.ocf.json: E_OCF_INVALID issuer authorized shares adjustment "test-issuer-level-share-adjustment-minimal": OCF 1.2.0\'s OCF_TRANSACTIONS_FILE may not hold TX_ISSUER_AUTHORIZED_SHARES_ADJUSTMENT objects',
      'Transactions.ocf.json: E_OCF_INVALID issuer authorized shares adjustment "test-issuer-level-share-adjustment-all-fields": OCF 1.2.0\'s OCF_TRANSACTIONS_FILE may not hold TX_ISSUER_AUTHORIZED_SHARES_ADJUSTMENT objects',
    ]);
  });

  it("OCF's tutorial packages say they are samples where the manifest wants a version, and the quickstart's manifest names a file it does not have", () => {
    const expected = (missingFile: boolean): string[] => [
      'Manifest.ocf.json: E_OCF_INVALID the manifest, field ocf_version: must be "1.2.0"',
      ...(missingFile ? [`Manifest.ocf.json: E_OCF_PACKAGE cannot read ${join(root, "docs/tutorials/quickstart/samples")}/Stakeholders.json (ENOENT)`] : []),
    ];
    expect(messages(join(root, "docs/tutorials/options/samples"))).toEqual(expected(false));
    expect(messages(join(root, "docs/tutorials/quickstart/samples"))).toEqual(expected(true));
  });

  it("every package dealgraph exports is valid OCF 1.2.0: the Series A example and an imported company", () => {
    const series = exportOcf("examples/series-a-cap-table.yaml", { generatedAt: GENERATED_AT, schemas });
    expect(series.diagnostics).toEqual([]);
    expect(series.value?.schemaCheck).toEqual({ version: "1.2.0", files: 8, objects: 31 });
    const imported = importOcf("src/ocf/testdata/full", "full.yaml", { schemas });
    expect(imported.diagnostics).toEqual([]);
    const again = exportOcf(writeModelToTemp(imported.value?.text ?? ""), { generatedAt: GENERATED_AT, at: "2025-12-31", schemas });
    expect(again.diagnostics).toEqual([]);
    expect(again.value?.schemaCheck?.objects).toBeGreaterThan(0);
  });

  it("dealgraph's own reading of OCF and OCF's schemas find the same two mistakes in a malformed package", () => {
    const dir = "src/ocf/testdata/malformed";
    expect(messages(dir)).toEqual([
      'StockClasses.ocf.json: E_OCF_INVALID stock class "cls-seed", field liquidation_preference_multiple: must be a number written as text with at most 10 decimals, such as "1.5" ("one" is not)',
      'Transactions.ocf.json: E_OCF_INVALID stock issuance "tx-si-rosa", field quantity: is missing (OCF requires it)',
    ]);
    const own = importOcf(dir).diagnostics.filter((d) => d.code === "E_OCF_SCHEMA").map((d) => d.path?.slice(-1)[0]);
    expect(own).toEqual(expect.arrayContaining(["liquidation_preference_multiple", "quantity"]));
  });

  it("dealgraph's own test packages are valid OCF 1.2.0, the lifecycle transactions among them", () => {
    expect(messages("src/ocf/testdata/full")).toEqual([]);
    expect(messages("src/ocf/testdata/unsupported")).toEqual([]);
    const lifecycle = validateOcf("src/ocf/testdata/lifecycle", schemas);
    expect([lifecycle.diagnostics, lifecycle.value?.files, lifecycle.value?.objects]).toEqual([[], 6, 38]);
  });

  const codes = (diagnostics: ReadonlyArray<{ code: string }>): Record<string, number> => diagnostics.reduce<Record<string, number>>((m, d) => ({ ...m, [d.code]: (m[d.code] ?? 0) + 1 }), {});

  it("OCF's sample package is a catalogue of objects, not a company: refused with every problem named, or imported in part with --skip-invalid", () => {
    // Its objects name stakeholders and classes ("stakeholder-id", "stk_567890") it does not define, and mix USD and GBP.
    const strict = importOcf(join(root, "samples"));
    expect(strict.value).toBeUndefined();
    expect(codes(strict.diagnostics)).toEqual({ E_OCF_REFERENCE: 76, E_OCF_SCHEMA: 13, E_OCF_QUANTITY: 2, W_OCF_UNSUPPORTED: 10, W_OCF_APPROXIMATED: 2, W_OCF_AFTER_AS_OF: 1 });
    const partial = importOcf(join(root, "samples"), "samples.yaml", { skipInvalid: true });
    expect(codes(partial.diagnostics)).toEqual({ W_OCF_SKIPPED: 87, W_OCF_UNSUPPORTED: 10, W_OCF_APPROXIMATED: 2, W_OCF_AFTER_AS_OF: 1 });
    // The plan reserves 10,000,000 common shares; the package splits common 2 for 1 (TX_STOCK_CLASS_SPLIT), so the reserve is read as split.
    expect(partial.value?.equity.pools).toEqual([{ id: "2021-stock-incentive-plan", classId: "common-stock", reserved: 20_000_000n }]);
    expect(partial.value?.equity.holdings).toEqual([]);
  });

  it("OCF's options tutorial imports as its cap table on its as-of date, and round-trips through a package valid under OCF's schemas", () => {
    const dir = join(root, "docs/tutorials/options/samples");
    const first = importOcf(dir, "aperture.yaml");
    expect(first.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // Its preferred class states no price; its one issuance, 5,000 shares to Jim Jangles, is at $1.
    expect(first.value?.equity.classes[0]).toMatchObject({ kind: "preferred", id: "preferred-shares", issuePrice: { num: 1n, den: 1n } });
    expect(first.value?.equity.holdings).toEqual([{ holder: "Jim Jangles", classId: "preferred-shares", shares: 5000n, issued: "2022-01-01" }]);
    const table = capTableOf("aperture.yaml", first.value?.text ?? "", "2022-12-01");
    expect(table?.totals).toEqual({ issued: 5000n, outstanding: 5000n, fullyDiluted: { num: 10_005_000n, den: 1n } });
    const exported = exportOcf(writeModelToTemp(first.value?.text ?? ""), { generatedAt: GENERATED_AT, at: "2022-12-01", schemas });
    expect(exported.diagnostics).toEqual([]);
    const again = importOcf(writePackageToTemp(exported.value ?? { files: [], report: [], asOf: "" }), "again.yaml", { schemas });
    expect(again.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(capTableOf("again.yaml", again.value?.text ?? "", "2022-12-01")).toEqual(table);
  });

  it("a round trip through a package checked both ways gives the same cap table", () => {
    const first = importOcf("src/ocf/testdata/full", "first.yaml", { schemas });
    const exported = exportOcf(writeModelToTemp(first.value?.text ?? ""), { generatedAt: GENERATED_AT, at: "2025-12-31", schemas });
    const again = importOcf(writePackageToTemp(exported.value ?? { files: [], report: [], asOf: "" }), "again.yaml", { schemas });
    expect(again.diagnostics).toEqual([]);
    expect(capTableOf("again.yaml", again.value?.text ?? "", "2025-12-31")).toEqual(capTableOf("first.yaml", first.value?.text ?? "", "2025-12-31"));
    expect(JSON.parse(readFileSync(join(root, "samples/Manifest.ocf.json"), "utf8")).ocf_version).toBe("1.2.0");
  });
});
