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
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportOcf, importOcf, loadPublishedSchemas, validateOcf } from "./operations.js";
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

  it("a round trip through a package checked both ways gives the same cap table", () => {
    const first = importOcf("src/ocf/testdata/full", "first.yaml", { schemas });
    const exported = exportOcf(writeModelToTemp(first.value?.text ?? ""), { generatedAt: GENERATED_AT, at: "2025-12-31", schemas });
    const again = importOcf(writePackageToTemp(exported.value ?? { files: [], report: [], asOf: "" }), "again.yaml", { schemas });
    expect(again.diagnostics).toEqual([]);
    expect(capTableOf("again.yaml", again.value?.text ?? "", "2025-12-31")).toEqual(capTableOf("first.yaml", first.value?.text ?? "", "2025-12-31"));
    expect(JSON.parse(readFileSync(join(root, "samples/Manifest.ocf.json"), "utf8")).ocf_version).toBe("1.2.0");
  });
});
