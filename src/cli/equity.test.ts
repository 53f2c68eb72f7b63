/**
 * Golden tests of `dealgraph captable` and `dealgraph waterfall` on the Series A example, and
 * every equity problem the core finds, rendered at its line. UPDATE_GOLDENS=1 rewrites the
 * golden files after a deliberate change.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { golden, run } from "./test-support/run-cli.js";


const LUMEN = "examples/series-a-cap-table.yaml";

describe("dealgraph captable", () => {
  it("shows the cap table after the Series A, with and without the milestone tranche (golden)", async () => {
    const r = await run("captable", LUMEN);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    golden("captable-series-a.txt", r.stdout);
  });
  it("shows the SAFEs and the note as convertibles before the round", async () => {
    const r = await run("captable", LUMEN, "--at", "2026-01-31", "--json");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    const angels = doc.cases[0].rows.find((row: { holder: string }) => row.holder === "Angel syndicate");
    expect(angels).toMatchObject({ class: "series-a", issued: "0", convertibles: "1224889" });
    golden("captable-series-a-before.json", r.stdout);
  });
  it("counts only issued shares and vested options on the narrowest basis", async () => {
    const r = await run("captable", LUMEN, "--fully-diluted", "none", "--json");
    const doc = JSON.parse(r.stdout);
    expect(doc.basis).toEqual({ unissuedPool: false, unvestedOptions: false, convertibles: false });
    expect(doc.cases[0].totals.fullyDiluted).toBe("22858312"); // 22,058,312 issued + 800,000 vested options
  });
});

describe("dealgraph waterfall", () => {
  it("pays every class and holder at one exit value (golden)", async () => {
    const r = await run("waterfall", LUMEN, "--exit", "120M");
    expect(r.status).toBe(0);
    golden("waterfall-series-a-120M.txt", r.stdout);
  });
  it("gives the same answer as exact JSON, costs and debt first", async () => {
    const r = await run("waterfall", LUMEN, "--exit", "120M", "--costs", "2%", "--debt", "5M", "--json");
    const doc = JSON.parse(r.stdout);
    expect(doc.cases[0]).toMatchObject({ exitValue: "120000000.00", costs: "2400000.00", debt: "5000000.00", proceeds: "112600000.00" });
    const paid = doc.cases[0].holders.reduce((a: bigint, h: { payout: string }) => a + BigInt(h.payout.replace(".", "")), 0n);
    expect(paid).toBe(11_260_000_000n);
  });
  it("draws the payout curves with their breakpoints (golden text and SVG)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dealgraph-"));
    const svg = join(dir, "payout.svg");
    const r = await run("waterfall", LUMEN, "--range", "0..300M", "--steps", "60", "--svg", svg);
    expect(r.status).toBe(0);
    golden("payout-series-a.txt", r.stdout);
    golden("payout-series-a.svg", readFileSync(svg, "utf8"));
  });

  describe("invalid input", () => {
    it("needs exactly one of --exit and --range", async () => {
      const r = await run("waterfall", LUMEN);
      expect(r).toEqual({ status: 2, stdout: "", stderr: "dealgraph: error E_USAGE: give either --exit AMOUNT or --range FROM..TO\n  hint: run `dealgraph waterfall --help`\n\n1 error, 0 warnings\n" });
    });
    it("refuses an exit value that is not money", async () => {
      const r = await run("waterfall", LUMEN, "--exit", "lots");
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('error E_USAGE: --exit "lots" is not an amount of money');
    });
    it("refuses a number of steps that is not a whole number", async () => {
      const r = await run("waterfall", LUMEN, "--range", "0..10M", "--steps", "abc");
      expect(r).toEqual({ status: 2, stdout: "", stderr: 'dealgraph: error E_USAGE: --steps "abc" is not a whole number from 1 to 10,000\n\n1 error, 0 warnings\n' });
    });
    it("refuses a range that runs backwards", async () => {
      const r = await run("waterfall", LUMEN, "--range", "300M..10M");
      expect(r.stderr).toContain("error E_USAGE: --range ends (10M) at or below where it starts (300M)");
    });
    it("writes nothing when the chart's folder does not exist", async () => {
      const r = await run("waterfall", LUMEN, "--range", "0..300M", "--svg", "/no/such/folder/payout.svg");
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("error E_FILE_UNWRITABLE: cannot write /no/such/folder/payout.svg (ENOENT)");
      expect(r.stdout).toBe("");
      expect(existsSync("/no/such/folder/payout.svg")).toBe(false);
    });
    it("names the companies when the model has no equity for the one asked", async () => {
      const r = await run("captable", LUMEN, "--company", "Lumen Lab");
      expect(r.stderr).toContain('error E_USAGE: examples/series-a-cap-table.yaml has no equity for "Lumen Lab"');
      expect(r.stderr).toContain('did you mean "Lumen Labs"?');
    });
    it("says so when the model has no equity section", async () => {
      const r = await run("captable", "examples/seed-milestone.yaml");
      expect(r.stderr).toContain("error E_USAGE: examples/seed-milestone.yaml has no equity section");
    });
    it("refuses a basis word it does not know", async () => {
      const r = await run("captable", LUMEN, "--fully-diluted", "pool,unvestd");
      expect(r.stderr).toContain('error E_USAGE: --fully-diluted: "unvestd" is not one of pool, unvested, convertibles, none');
    });
    it("refuses a date that is not a day", async () => {
      expect((await run("captable", LUMEN, "--at", "2026-02-30")).stderr).toContain('error E_USAGE: --at "2026-02-30" is not a date');
    });
  });
});

describe("equity problems in the model (testdata/equity-bad)", () => {
  const BAD = "src/cli/testdata/equity-bad";
  const fixtures = readdirSync(BAD).filter((f) => f.endsWith(".yaml")).sort();
  it.each(fixtures)("%s: check prints the golden diagnostic at its line and exits 1", async (fixture) => {
    const r = await run("check", join(BAD, fixture));
    expect(r.status).toBe(1);
    golden(join("equity-bad", fixture.replace(/\.yaml$/, ".expected.txt")), r.stderr);
  });
});
