/**
 * Golden tests of `dealgraph ocf import`, `export` and `validate`: the package with every
 * supported object type imported to a model file, the Series A example exported with its report,
 * a malformed package's diagnostics at their lines, and checks against a schema set in OCF's
 * layout (a made-up one: OCF's own are exercised in src/ocf/conformance.test.ts). The output
 * folder's temporary path is written as OUT in the goldens. UPDATE_GOLDENS=1 rewrites them.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { golden, run } from "./test-support/run-cli.js";

const temporary = (): string => mkdtempSync(join(tmpdir(), "dealgraph-ocf-cli-"));
// The goldens are of runs that name their schemas, if any, on the command line.
delete process.env["DEALGRAPH_OCF_SCHEMAS"];
const TOY_SCHEMAS = "src/ocf/testdata/toy-ocf/schema";

describe("dealgraph ocf import", () => {
  it("writes the package's cap table as a model file and summarizes it (golden)", async () => {
    const out = join(temporary(), "quillfeather.yaml");
    const r = await run("ocf", "import", "src/ocf/testdata/full", "--out", out);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    golden("ocf-import-full.txt", r.stdout.replace(out, "OUT"));
    expect(readFileSync(out, "utf8")).toBe(readFileSync("src/ocf/testdata/full.expected.yaml", "utf8"));
    const table = await run("captable", out, "--json");
    expect(JSON.parse(table.stdout).cases[0].totals).toMatchObject({ issued: "10000000" });
  });

  it("lists the objects it did not read on stderr, and still writes the model", async () => {
    const out = join(temporary(), "brindle.yaml");
    const r = await run("ocf", "import", "src/ocf/testdata/unsupported", "--out", out);
    expect(r.status).toBe(0);
    // The RSU grant and the valuation; the package's cancellation and transfer are applied (src/ocf/securities.ts).
    expect(r.stderr.split("\n").filter((l) => l.includes("W_OCF_UNSUPPORTED")).map((l) => l.replace(/^.*W_OCF_UNSUPPORTED: /, ""))).toEqual([
      'equity compensation issuance "tx-rsu-tomas", field compensation_type: RSU is not an option; dealgraph\'s grants are options with a strike',
      "1 VALUATION object(s) not read (val-2024): it carries nothing a dealgraph cap table uses",
    ]);
    expect(r.stderr).toContain("0 errors, 2 warnings");
    expect(existsSync(out)).toBe(true);
  });

  describe("invalid input", () => {
    it("names the file, object id and field of each mistake, and writes nothing (golden)", async () => {
      const out = join(temporary(), "never.yaml");
      const r = await run("ocf", "import", "src/ocf/testdata/malformed", "--out", out);
      expect([r.status, r.stdout]).toEqual([1, ""]);
      golden("ocf-import-malformed.txt", r.stderr);
      expect(existsSync(out)).toBe(false);
    });
    it("with --skip-invalid, leaves out each object with a problem of its own, says which and why, and writes the rest", async () => {
      const out = join(temporary(), "brindle.yaml");
      const r = await run("ocf", "import", "src/ocf/testdata/malformed", "--out", out, "--skip-invalid");
      expect(r.status).toBe(0);
      expect(r.stderr.split("\n").filter((l) => l.includes("W_OCF_SKIPPED")).map((l) => l.replace(/^.*W_OCF_SKIPPED: /, ""))).toEqual([
        'stock class "cls-seed" left out: field liquidation_preference_multiple: must be a fixed-point number as text (at most 10 decimals), such as "1.5"',
        'stock issuance "tx-si-rosa" left out: field quantity: is missing',
        'stock issuance "tx-si-ghost" left out: field stakeholder_id: no stakeholder has the id "sh-nobody"',
      ]);
      expect(r.stdout).toContain("1 classes, 0 pools, 0 holdings");
      expect(existsSync(out)).toBe(true);
    });
    it("reads no file from outside the package folder, whatever the manifest names", async () => {
      const dir = join(temporary(), "pkg");
      cpSync("src/ocf/testdata/full", dir, { recursive: true });
      const manifest = readFileSync(join(dir, "Manifest.ocf.json"), "utf8").replace('"./Stakeholders.ocf.json"', '"../../../../etc/passwd"');
      writeFileSync(join(dir, "Manifest.ocf.json"), manifest);
      const r = await run("ocf", "import", dir, "--out", join(temporary(), "never.yaml"));
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("error E_OCF_PACKAGE: cannot read /etc/passwd (outside the package folder)");
      expect(r.stderr).not.toContain("root:");
    });
    it("needs --out", async () => {
      const r = await run("ocf", "import", "src/ocf/testdata/full");
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("E_USAGE: required option '--out <file>' not specified");
    });
  });
});

describe("dealgraph ocf export", () => {
  it("writes the Series A example as a package and reports what OCF cannot express (golden)", async () => {
    const out = join(temporary(), "lumen");
    const r = await run("ocf", "export", "examples/series-a-cap-table.yaml", "--out", out);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    golden("ocf-export-series-a.txt", r.stdout.replace(out, "OUT"));
    expect(readdirSync(out).sort()).toEqual(["Manifest.ocf.json", "Stakeholders.ocf.json", "StockClasses.ocf.json", "StockLegends.ocf.json", "StockPlans.ocf.json", "Transactions.ocf.json", "Valuations.ocf.json", "VestingTerms.ocf.json"]);
  });

  it("gives the report as JSON", async () => {
    const out = join(temporary(), "lumen");
    const r = await run("ocf", "export", "examples/series-a-cap-table.yaml", "--out", out, "--at", "2026-06-30", "--json");
    const doc = JSON.parse(r.stdout);
    expect(doc.asOf).toBe("2026-06-30");
    expect(doc.report.map((d: { code: string; line: number }) => [d.code, d.line])).toEqual([
      ["W_OCF_NOT_EXPRESSIBLE", 31],
      ["W_OCF_PLACEHOLDER", 35],
      ["W_OCF_NOT_EXPRESSIBLE", 63],
    ]);
  });

  describe("invalid input", () => {
    it("reports a folder it cannot make", async () => {
      const r = await run("ocf", "export", "examples/series-a-cap-table.yaml", "--out", "/no/such/folder/pkg");
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("E_FILE_UNWRITABLE: cannot write the folder /no/such/folder/pkg (ENOENT)");
    });
    it("refuses a model without an equity section", async () => {
      const r = await run("ocf", "export", "examples/openai-2026-02.yaml", "--out", join(temporary(), "pkg"));
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("E_USAGE: examples/openai-2026-02.yaml has no equity section to export");
    });
  });
});

describe("dealgraph ocf validate", () => {
  it("says a valid package is valid, and how much it checked", async () => {
    const r = await run("ocf", "validate", "src/ocf/testdata/toy-ocf/package", "--schemas", TOY_SCHEMAS);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toBe("src/ocf/testdata/toy-ocf/package is valid OCF 9.9.0: 2 files, 3 objects, checked against the schemas in src/ocf/testdata/toy-ocf/schema\n");
  });

  it("takes the schemas from DEALGRAPH_OCF_SCHEMAS when --schemas is not given, and answers in JSON", async () => {
    process.env["DEALGRAPH_OCF_SCHEMAS"] = "src/ocf/testdata/toy-ocf";
    try {
      const r = await run("ocf", "validate", "src/ocf/testdata/toy-ocf/package", "--json");
      expect(JSON.parse(r.stdout)).toEqual({ package: "src/ocf/testdata/toy-ocf/package", ocfVersion: "9.9.0", schemas: "src/ocf/testdata/toy-ocf", valid: true, files: 2, objects: 3, diagnostics: [] });
    } finally {
      delete process.env["DEALGRAPH_OCF_SCHEMAS"];
    }
  });

  describe("invalid input", () => {
    it("names the file, object and field of every problem, with the schema in the hint (golden)", async () => {
      const dir = join(temporary(), "toy");
      cpSync("src/ocf/testdata/toy-ocf/package", dir, { recursive: true });
      const widgets = readFileSync(join(dir, "Widgets.ocf.json"), "utf8").replace('"size": "10"', '"size": "ten"').replace('"type": "ROUND"', '"type": "OVAL"').replace('"made_on": "2019-07-01"', '"made_on": "2019-07-01", "colour": "RED"');
      writeFileSync(join(dir, "Widgets.ocf.json"), widgets);
      const r = await run("ocf", "validate", dir, "--schemas", TOY_SCHEMAS);
      expect([r.status, r.stdout]).toEqual([1, ""]);
      golden("ocf-validate-invalid.txt", r.stderr.replaceAll(dir, "PACKAGE"));
    });
    it("needs schemas to check against", async () => {
      const r = await run("ocf", "validate", "src/ocf/testdata/toy-ocf/package");
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("E_USAGE: ocf validate needs OCF's published schemas: give --schemas DIR or set DEALGRAPH_OCF_SCHEMAS");
    });
    it("refuses a folder that is not a schema set, as a usage error", async () => {
      const r = await run("ocf", "validate", "src/ocf/testdata/toy-ocf/package", "--schemas", "src/ocf/testdata/full");
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("E_OCF_SCHEMAS: src/ocf/testdata/full is not OCF's schema folder: it has no files/ folder (nor schema/files/)");
    });
  });
});

describe("--schemas on import and export", () => {
  it("import checks the package first, and writes nothing when it fails the schemas", async () => {
    const out = join(temporary(), "never.yaml");
    const r = await run("ocf", "import", "src/ocf/testdata/full", "--out", out, "--schemas", TOY_SCHEMAS);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('E_OCF_INVALID: the file: file_type "OCF_STAKEHOLDERS_FILE" is not a file type of OCF 9.9.0');
    expect(existsSync(out)).toBe(false);
  });
  it("export checks every file before writing, and writes no folder when one fails", async () => {
    const out = join(temporary(), "lumen");
    const r = await run("ocf", "export", "examples/series-a-cap-table.yaml", "--out", out, "--schemas", TOY_SCHEMAS);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${out}/Manifest.ocf.json:2:3: error E_OCF_INVALID: the manifest, field ocf_version: must be "9.9.0"`);
    expect(existsSync(out)).toBe(false);
  });
});
