/**
 * No package crashes the import or the schema check: whatever a package's files say, the answer
 * is a model or diagnostics, never an exception. Packages are dealgraph's own test packages with
 * random damage: a field's value replaced by any JSON value (odd numbers, impossible dates, huge
 * counts, wrong types), a field removed, an object duplicated or dropped, a file cut short.
 */
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { importOcf, loadPublishedSchemas } from "./test-support/operations.js";
import type { ReadPackageFile } from "./json-file.js";
import type { PublishedSchemas } from "./published-schemas.js";

type Files = Record<string, string>;

const packageFiles = (dir: string): Files => Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), "utf8")]));
const reader = (files: Files): ReadPackageFile => (name) => (name in files ? { ok: true, text: files[name] as string } : { ok: false, reason: "ENOENT" });

/** Values that have broken readers before, and any JSON at all. */
const oddValue = fc.oneof(
  fc.constantFrom("2025-02-30", "2025-13-01", "0000-00-00", "1e400", "-1", "0", "0.00000000001", "99999999999999999999999999", "NaN", "", " ", "USD", "1/3", "  12 ", "-0", "+5"),
  fc.constantFrom(null, true, 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, [], {}, [null], { amount: "1", currency: "GBP" }, { amount: "x", currency: "USD" }, { numerator: "1", denominator: "0" }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** One piece of damage to one file of the package. */
const damage = (files: Files): fc.Arbitrary<Files> => {
  const names = Object.keys(files).sort();
  return fc.record({ file: fc.constantFrom(...names), pick: fc.nat(), field: fc.nat(), kind: fc.constantFrom("replace", "remove", "duplicate", "drop", "truncate"), value: oddValue }).map(({ file, pick, field, kind, value }) => {
    const text = files[file] as string;
    if (kind === "truncate") return { ...files, [file]: text.slice(0, pick % Math.max(1, text.length)) };
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return files; // already cut short: leave it so
    }
    if (doc === null || typeof doc !== "object") return files;
    const items = Array.isArray(doc["items"]) ? (doc["items"] as Array<Record<string, unknown>>) : undefined;
    const target: Record<string, unknown> = items && items.length > 0 ? (items[pick % items.length] as Record<string, unknown>) : doc;
    const keys = Object.keys(target);
    const key = keys[field % Math.max(1, keys.length)] ?? "id";
    if (kind === "replace") target[key] = value;
    else if (kind === "remove") delete target[key];
    else if (kind === "duplicate" && items) items.push(structuredClone(target));
    else if (kind === "drop" && items) items.splice(pick % items.length, 1);
    else target[key] = value;
    return { ...files, [file]: JSON.stringify(doc, null, 2) };
  });
};

describe("no damaged package crashes the import", () => {
  for (const name of ["full", "lifecycle", "unsupported"]) {
    const files = packageFiles(join("src/ocf/testdata", name));
    it(`${name}: one or two pieces of damage give a model or diagnostics, with and without skipInvalid`, () => {
      fc.assert(
        fc.property(
          damage(files).chain((once) => fc.oneof(fc.constant(once), damage(once))),
          fc.boolean(),
          (damaged, skipInvalid) => {
            const result = importOcf(`damaged-${name}`, "damaged.yaml", { readFile: reader(damaged), skipInvalid });
            expect(result.value !== undefined || hasErrors(result.diagnostics)).toBe(true);
          },
        ),
        { numRuns: Number(process.env["OCF_FUZZ_RUNS"] ?? 150) },
      );
    });
  }
});

describe("no damaged package crashes the schema check", () => {
  const schemas = loadPublishedSchemas("src/ocf/testdata/toy-ocf/schema").value as PublishedSchemas;
  const files = packageFiles("src/ocf/testdata/toy-ocf/package");
  it("a damaged package is checked, with diagnostics or none, never an exception", () => {
    fc.assert(
      fc.property(damage(files).chain((once) => fc.oneof(fc.constant(once), damage(once))), (damaged) => {
        const result = importOcf("damaged-toy", "damaged.yaml", { readFile: reader(damaged), schemas });
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
