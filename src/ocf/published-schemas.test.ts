/**
 * Checking packages against published JSON schemas, on a small schema set made up for these tests
 * (src/ocf/testdata/toy-ocf, laid out as OCF's are: files/, objects/, types/, `$id`s with a
 * version). The checks against OCF's own schemas and samples are in conformance.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderDiagnostic } from "../diagnostics/render.js";
import { loadPublishedSchemas } from "./test-support/operations.js";
import { checkPackage, compilePublishedSchemas, type PublishedSchemas } from "./published-schemas.js";

const loaded = loadPublishedSchemas("src/ocf/testdata/toy-ocf/schema");
const schemas = loaded.value as PublishedSchemas;

const MANIFEST = `{
  "file_type": "OCF_MANIFEST_FILE",
  "ocf_version": "9.9.0",
  "issuer": { "legal_name": "Toy Works" },
  "as_of": "2026-03-31",
  "widgets_files": [{ "filepath": "./Widgets.ocf.json" }]
}
`;

/** Checks a package held in memory: file name -> text. */
function check(files: Record<string, string>): { messages: string[]; rendered: string[]; files: number; objects: number } {
  const result = checkPackage(schemas, "pkg", (name) => (name in files ? { ok: true, text: files[name] as string } : { ok: false, reason: "ENOENT" }), join);
  return { messages: result.diagnostics.map((d) => `${d.code} ${d.message}`), rendered: result.diagnostics.map((d) => renderDiagnostic(d, result.sources)), files: result.files, objects: result.objects };
}

const widgets = (...items: string[]): string => `{\n  "file_type": "TOY_WIDGETS_FILE",\n  "items": [\n    ${items.join(",\n    ")}\n  ]\n}\n`;

describe("reading a schema set", () => {
  it("learns the version, the file types with what each may hold, and the object types", () => {
    expect(loaded.diagnostics).toEqual([]);
    expect(schemas.version).toBe("9.9.0");
    expect([...schemas.files.keys()]).toEqual(["TOY_WIDGETS_FILE"]);
    // An object schema whose object_type is an enum describes both names (OCF does this for a renamed kind).
    expect([...(schemas.files.get("TOY_WIDGETS_FILE")?.itemTypes.keys() ?? [])].sort()).toEqual(["GADGET", "OLD_GADGET", "WIDGET"]);
    expect([...schemas.objectTypes].sort()).toEqual(["GADGET", "OLD_GADGET", "SPROCKET", "WIDGET"]);
  });

  it("accepts the checkout's root as well as its schema folder", () => {
    const fromRoot = loadPublishedSchemas("src/ocf/testdata/toy-ocf");
    expect(fromRoot.diagnostics).toEqual([]);
    expect([...(fromRoot.value?.objectTypes ?? [])].sort()).toEqual([...schemas.objectTypes].sort());
  });
});

describe("a valid package", () => {
  it("has nothing to report, and counts the files and objects it checked", () => {
    const dir = "src/ocf/testdata/toy-ocf/package";
    const result = checkPackage(schemas, dir, (name) => ({ ok: true, text: readFileSync(join(dir, name), "utf8") }), join);
    expect(result.diagnostics).toEqual([]);
    expect([result.files, result.objects]).toEqual([2, 3]);
  });
});

describe("invalid input: every problem named by file, object and field, with its line and column", () => {
  it("a field of the wrong form, a misspelt enum value and a field the schema does not allow", () => {
    const r = check({ "Manifest.ocf.json": MANIFEST, "Widgets.ocf.json": widgets(`{ "object_type": "WIDGET", "id": "w-1", "size": "2,5", "color": "GREN", "colour": "RED" }`) });
    expect(r.messages).toEqual([
      'E_OCF_INVALID WIDGET "w-1", field colour: is not a field OCF allows here (did you mean color?)',
      'E_OCF_INVALID WIDGET "w-1", field size: must be a number written as text with at most 10 decimals, such as "1.5" ("2,5" is not)',
      'E_OCF_INVALID WIDGET "w-1", field color: must be "RED" or "GREEN" or "BLUE" (did you mean "GREEN"?)',
    ]);
    expect(r.rendered[1]).toBe(
      [
        'pkg/Widgets.ocf.json:4:45: error E_OCF_INVALID: WIDGET "w-1", field size: must be a number written as text with at most 10 decimals, such as "1.5" ("2,5" is not)',
        '  4 |     { "object_type": "WIDGET", "id": "w-1", "size": "2,5", "color": "GREN", "colour": "RED" }',
        "    |                                             ^^^^^^",
        "  hint: OCF 9.9.0's schema objects/Widget.schema.json",
      ].join("\n"),
    );
  });

  it("a missing required field points at the object's id", () => {
    const r = check({ "Manifest.ocf.json": MANIFEST, "Widgets.ocf.json": widgets(`{ "object_type": "WIDGET", "id": "w-9" }`) });
    expect(r.messages).toEqual(['E_OCF_INVALID WIDGET "w-9", field size: is missing (OCF requires it)']);
    expect(r.rendered[0]?.split("\n")[0]).toBe('pkg/Widgets.ocf.json:4:32: error E_OCF_INVALID: WIDGET "w-9", field size: is missing (OCF requires it)');
  });

  it("a oneOf is explained by the branch the value's type names, not by every branch", () => {
    const r = check({ "Manifest.ocf.json": MANIFEST, "Widgets.ocf.json": widgets(`{ "object_type": "WIDGET", "id": "w-1", "size": "1", "shape": { "type": "SQUARE", "radius": "2" } }`) });
    expect(r.messages).toEqual(['E_OCF_INVALID WIDGET "w-1", field shape.side: is missing (OCF requires it)', 'E_OCF_INVALID WIDGET "w-1", field shape.radius: is not a field OCF allows here']);
  });

  it("a oneOf whose value names no branch lists the kinds there are", () => {
    const r = check({ "Manifest.ocf.json": MANIFEST, "Widgets.ocf.json": widgets(`{ "object_type": "WIDGET", "id": "w-1", "size": "1", "shape": { "type": "SQAURE", "side": "2" } }`) });
    expect(r.messages).toEqual(['E_OCF_INVALID WIDGET "w-1", field shape.type: "SQAURE" is not one of the kinds OCF allows here: ROUND, SQUARE (did you mean SQUARE?)']);
  });

  it("a oneOf without a type to go by lists its forms", () => {
    const r = check({ "Manifest.ocf.json": MANIFEST, "Widgets.ocf.json": widgets(`{ "object_type": "WIDGET", "id": "w-1", "size": "1", "count": "lots" }`) });
    expect(r.messages).toEqual([
      'E_OCF_INVALID WIDGET "w-1", field count: matches none of the forms OCF allows here: either it must be "UNLIMITED", or it must be a number written as text with at most 10 decimals, such as "1.5" ("lots" is not)',
    ]);
  });

  it("alternatives over a whole object (one field or the other, not both) are explained without hiding the object's other problems", () => {
    const r = check({ "Manifest.ocf.json": MANIFEST, "Widgets.ocf.json": widgets(`{ "object_type": "GADGET", "id": "g-2", "made_on": "2019-02-30x", "part_id": "p-1", "part_ids": ["p-2"] }`) });
    expect(r.messages).toEqual([
      'E_OCF_INVALID GADGET "g-2": matches none of the forms OCF allows here: either field part_ids must not be given here, or field part_id must not be given here',
      'E_OCF_INVALID GADGET "g-2", field made_on: must be a date, YYYY-MM-DD',
    ]);
  });

  it("alternatives keyed by a field other than type (here color) are explained by the one the value names, beside its other problems", () => {
    const r = check({ "Manifest.ocf.json": MANIFEST, "Widgets.ocf.json": widgets(`{ "object_type": "WIDGET", "id": "w-3", "size": "big", "color": "RED" }`) });
    expect(r.messages).toEqual([
      'E_OCF_INVALID WIDGET "w-3", field shade: is missing (OCF requires it)',
      'E_OCF_INVALID WIDGET "w-3", field size: must be a number written as text with at most 10 decimals, such as "1.5" ("big" is not)',
    ]);
  });

  it("an object type the file may not hold, one no schema knows, and one without a type", () => {
    const r = check({ "Manifest.ocf.json": MANIFEST, "Widgets.ocf.json": widgets(`{ "object_type": "SPROCKET", "id": "s-1" }`, `{ "object_type": "WIDGIT", "id": "w-1" }`, `{ "id": "x-1" }`) });
    expect(r.messages).toEqual([
      'E_OCF_INVALID SPROCKET "s-1": OCF 9.9.0\'s TOY_WIDGETS_FILE may not hold SPROCKET objects',
      'E_OCF_INVALID WIDGIT "w-1": object_type WIDGIT is not an object type of OCF 9.9.0',
      'E_OCF_INVALID object "x-1": has no object_type',
    ]);
  });

  it("the manifest: a wrong version (with the version in the hint), a bad date, a missing issuer name", () => {
    const manifest = MANIFEST.replace('"9.9.0"', '"9.8.0"').replace('"2026-03-31"', '"2026-02-30"').replace('"legal_name": "Toy Works"', '"name": "Toy Works"');
    const result = checkPackage(schemas, "pkg", (name) => (name === "Manifest.ocf.json" ? { ok: true, text: manifest } : { ok: true, text: widgets() }), join);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "the manifest, field ocf_version: must be \"9.9.0\"",
      "the manifest, field issuer.legal_name: is missing (OCF requires it)",
      "the manifest, field issuer.name: is not a field OCF allows here",
      "the manifest, field as_of: must be a date, YYYY-MM-DD",
    ]);
    expect(result.diagnostics[0]?.hint).toBe("OCF 9.9.0's schema files/ToyManifestFile.schema.json; the package declares OCF 9.8.0: check it against that version's schemas");
  });

  it("a file the manifest lists that is missing, or not JSON, or of an unknown type", () => {
    const manifest = MANIFEST.replace('[{ "filepath": "./Widgets.ocf.json" }]', '[{ "filepath": "./Widgets.ocf.json" }, { "filepath": "Gone.ocf.json" }, { "filepath": "Junk.ocf.json" }]');
    const r = check({ "Manifest.ocf.json": manifest, "Widgets.ocf.json": '{ "file_type": "TOY_GIZMOS_FILE", "items": [] }', "Junk.ocf.json": "{ nope" });
    expect(r.messages.map((m) => m.replace(/: Expected .*|: Unexpected .*/, ": …"))).toEqual([
      'E_OCF_INVALID the file: file_type "TOY_GIZMOS_FILE" is not a file type of OCF 9.9.0',
      "E_OCF_PACKAGE cannot read pkg/Gone.ocf.json (ENOENT)",
      "E_OCF_PACKAGE Junk.ocf.json is not JSON: …",
    ]);
  });
});

describe("invalid input: a folder that is not a usable schema set", () => {
  const base = "https://schemas.dealgraph.test/toy/v";
  const manifest = (version: string): string => JSON.stringify({ $id: `${base}/${version}/files/M.schema.json`, type: "object", properties: { file_type: { const: "OCF_MANIFEST_FILE" } } });
  const object = (version: string, extra: object = {}): string => JSON.stringify({ $id: `${base}/${version}/objects/O.schema.json`, type: "object", properties: { object_type: { const: "O" }, ...extra } });
  const compile = (...texts: string[]): string[] => compilePublishedSchemas("dir", texts.map((text, i) => ({ path: `s${i}.schema.json`, text }))).diagnostics.map((d) => `${d.code} ${d.message}`);

  it("each problem says what is wrong with the set", () => {
    expect(compile()).toEqual(["E_OCF_SCHEMAS dir cannot be used as OCF's schemas: it holds no *.schema.json files"]);
    expect(compile("{")).toEqual([expect.stringMatching(/^E_OCF_SCHEMAS dir cannot be used as OCF's schemas: s0.schema.json is not JSON/)]);
    expect(compile("{}")).toEqual(["E_OCF_SCHEMAS dir cannot be used as OCF's schemas: s0.schema.json has no $id"]);
    expect(compile(manifest("1.0.0"), manifest("1.0.0"))).toEqual([`E_OCF_SCHEMAS dir cannot be used as OCF's schemas: s1.schema.json and s0.schema.json have the same $id, ${base}/1.0.0/files/M.schema.json`]);
    expect(compile(manifest("1.0.0"), object("2.0.0"))).toEqual(["E_OCF_SCHEMAS dir cannot be used as OCF's schemas: the $ids name several OCF versions: 1.0.0, 2.0.0"]);
    expect(compile(object("1.0.0"))).toEqual(["E_OCF_SCHEMAS dir cannot be used as OCF's schemas: no schema has file_type OCF_MANIFEST_FILE"]);
    expect(compile(manifest("1.0.0"), object("1.0.0", { size: { $ref: `${base}/1.0.0/types/Missing.schema.json` } }))).toEqual([expect.stringMatching(/^E_OCF_SCHEMAS dir cannot be used as OCF's schemas: s1.schema.json does not compile: can't resolve reference/)]);
  });

  it("names the schema that does not compile, not the ones that fail only because they refer to it", () => {
    const numeric = JSON.stringify({ $id: `${base}/1.0.0/types/N.schema.json`, type: "string", pattern: "([" });
    const file = JSON.stringify({ $id: `${base}/1.0.0/files/M.schema.json`, type: "object", properties: { file_type: { const: "OCF_MANIFEST_FILE" }, n: { $ref: `${base}/1.0.0/types/N.schema.json` } } });
    expect(compile(file, numeric)).toEqual([expect.stringMatching(/^E_OCF_SCHEMAS dir cannot be used as OCF's schemas: s1.schema.json does not compile: Invalid regular expression/)]);
  });

  it("refuses a format it cannot check rather than ignoring it", () => {
    const date = JSON.stringify({ $id: `${base}/1.0.0/types/D.schema.json`, type: "string", format: "fiscal-date" });
    expect(compile(manifest("1.0.0"), date)).toEqual(['E_OCF_SCHEMAS dir cannot be used as OCF\'s schemas: s1.schema.json uses the format "fiscal-date", which the checker does not know']);
  });

  it("a folder that does not exist, or has no files/ folder", () => {
    expect(loadPublishedSchemas("src/ocf/testdata/no-such-folder").diagnostics.map((d) => d.message)).toEqual(["cannot read the schema folder src/ocf/testdata/no-such-folder (ENOENT)"]);
    expect(loadPublishedSchemas("src/ocf/testdata/toy-ocf/package").diagnostics.map((d) => d.message)).toEqual(["src/ocf/testdata/toy-ocf/package is not OCF's schema folder: it has no files/ folder (nor schema/files/)"]);
  });
});
