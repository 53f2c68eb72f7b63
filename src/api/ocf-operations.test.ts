/**
 * The import with a schema check in front: a package that fails the schemas is refused whole, or,
 * with skipInvalid, loses just the objects that fail (each named with its field) and what depends
 * on them. The schemas here are a small set written for this test in the shape of OCF's (a manifest
 * schema, one schema per file type whose items are a oneOf of object schemas), strict about one
 * thing dealgraph's own reading lets pass: a stock issuance may carry no field OCF does not define.
 * The package comes in as its files, a map of name to text, as any front end hands it over.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePublishedSchemas, type PublishedSchemas, type SchemaSource } from "../ocf/published-schemas.js";
import { importOcf } from "./ocf-operations.js";

const BASE = "https://schemas.dealgraph.test/strict-issuance/v/1.2.0";

function schemaSet(): PublishedSchemas {
  const object = (type: string, extra: object = {}): object => ({ $id: `${BASE}/objects/${type}.schema.json`, type: "object", properties: { object_type: { const: type }, id: { type: "string" } }, required: ["object_type", "id"], ...extra });
  const issuanceFields = ["object_type", "id", "security_id", "custom_id", "date", "stakeholder_id", "stock_class_id", "quantity", "share_price", "stock_legend_ids", "security_law_exemptions", "comments"];
  const objects = [
    object("STAKEHOLDER"),
    object("STOCK_CLASS"),
    object("STOCK_PLAN"),
    object("VESTING_TERMS"),
    object("TX_STOCK_ISSUANCE", { properties: { ...Object.fromEntries(issuanceFields.map((f) => [f, {}])), object_type: { const: "TX_STOCK_ISSUANCE" } }, additionalProperties: false }),
    ...["TX_CONVERTIBLE_CONVERSION", "TX_CONVERTIBLE_ISSUANCE", "TX_EQUITY_COMPENSATION_ISSUANCE", "TX_STOCK_PLAN_POOL_ADJUSTMENT", "TX_VESTING_START", "TX_WARRANT_ISSUANCE"].map((t) => object(t)),
  ];
  const file = (fileType: string, types: string[]): object => ({
    $id: `${BASE}/files/${fileType}.schema.json`,
    type: "object",
    properties: { file_type: { const: fileType }, items: { type: "array", items: { oneOf: types.map((t) => ({ $ref: `${BASE}/objects/${t}.schema.json` })) } } },
  });
  const files = [
    { $id: `${BASE}/files/Manifest.schema.json`, type: "object", properties: { file_type: { const: "OCF_MANIFEST_FILE" }, ocf_version: { const: "1.2.0" } } },
    file("OCF_STAKEHOLDERS_FILE", ["STAKEHOLDER"]),
    file("OCF_STOCK_CLASSES_FILE", ["STOCK_CLASS"]),
    file("OCF_STOCK_PLANS_FILE", ["STOCK_PLAN"]),
    file("OCF_VESTING_TERMS_FILE", ["VESTING_TERMS"]),
    file("OCF_TRANSACTIONS_FILE", ["TX_STOCK_ISSUANCE", "TX_CONVERTIBLE_CONVERSION", "TX_CONVERTIBLE_ISSUANCE", "TX_EQUITY_COMPENSATION_ISSUANCE", "TX_STOCK_PLAN_POOL_ADJUSTMENT", "TX_VESTING_START", "TX_WARRANT_ISSUANCE"]),
  ];
  const sources: SchemaSource[] = [...objects, ...files].map((s, i) => ({ path: `s${i}.schema.json`, text: JSON.stringify(s) }));
  return compilePublishedSchemas("strict-issuance", sources).value as PublishedSchemas;
}

const FULL = "src/ocf/testdata/full";
const files = new Map(readdirSync(FULL).map((name) => [name, readFileSync(join(FULL, name), "utf8")]));
// Bram's common stock carries a field OCF does not define; dealgraph's own reading ignores it.
const damaged = new Map([...files, ["Transactions.ocf.json", (files.get("Transactions.ocf.json") ?? "").replace('"custom_id": "C-2",', '"custom_id": "C-2", "vesting_note": "none",')]]);
const schemas = schemaSet();
const full = { package: FULL, files };

describe("importing with a schema check in front", () => {
  it("a package that passes is imported as without the check, and says how much was checked", () => {
    const plain = importOcf(full);
    const checked = importOcf({ ...full, schemas });
    expect(checked.diagnostics).toEqual([]);
    expect(checked.value?.text).toBe(plain.value?.text);
    expect(checked.value?.schemaCheck).toEqual({ version: "1.2.0", files: 6, objects: 30 });
  });

  describe("invalid input", () => {
    it("refuses a package an object of which fails the schemas, naming the object and field", () => {
      const r = importOcf({ package: "pkg", files: damaged, schemas });
      expect(r.value).toBeUndefined();
      expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['E_OCF_INVALID stock issuance "tx-si-bram", field vesting_note: is not a field OCF allows here']);
    });

    it("with skipInvalid, leaves out just that object, says why, and imports the rest", () => {
      const r = importOcf({ package: "pkg", files: damaged, schemas, skipInvalid: true });
      expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
        'W_OCF_INVALID stock issuance "tx-si-bram", field vesting_note: is not a field OCF allows here',
        'W_OCF_SKIPPED stock issuance "tx-si-bram" left out: it fails OCF\'s published schema',
      ]);
      expect(r.value?.equity.holdings.map((h) => h.holder)).not.toContain("Bram Teller");
      expect(r.value?.equity.holdings.length).toBe((importOcf(full).value?.equity.holdings.length ?? 0) - 1);
      expect(r.value?.schemaCheck).toEqual({ version: "1.2.0", files: 6, objects: 29 });
    });

    it("still refuses, with skipInvalid, a package whose manifest fails the schemas", () => {
      const manifest = (damaged.get("Manifest.ocf.json") ?? "").replace('"ocf_version": "1.2.0"', '"ocf_version": "1.1.0"');
      const r = importOcf({ package: "pkg", files: new Map([...damaged, ["Manifest.ocf.json", manifest]]), schemas, skipInvalid: true });
      expect(r.value).toBeUndefined();
      expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['E_OCF_INVALID the manifest, field ocf_version: must be "1.2.0"', 'E_OCF_INVALID stock issuance "tx-si-bram", field vesting_note: is not a field OCF allows here']);
    });
  });
});
