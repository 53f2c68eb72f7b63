/**
 * Golden tests of `dealgraph ocf import` and `dealgraph ocf export`: the package with every
 * supported object type imported to a model file, the Series A example exported with its report,
 * and a malformed package's diagnostics at their lines. The output folder's temporary path is
 * written as OUT in the goldens. UPDATE_GOLDENS=1 rewrites them after a deliberate change.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { golden, run } from "./test-support/run-cli.js";

const temporary = (): string => mkdtempSync(join(tmpdir(), "dealgraph-ocf-cli-"));

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
    expect(r.stderr).toContain("0 errors, 4 warnings");
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
