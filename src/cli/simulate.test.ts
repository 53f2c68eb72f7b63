/**
 * Golden tests of `dealgraph simulate`: a seeded run is exact to reproduce, so its report is a
 * golden like any other. UPDATE_GOLDENS=1 rewrites them after a deliberate change.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { golden, run } from "./test-support/run-cli.js";

const OPENAI = "examples/openai-2026-02.yaml";

describe("dealgraph simulate", () => {
  it("reports cash bands, running out, the funding gap, stakes and the tornado (golden)", async () => {
    const r = await run("simulate", OPENAI, "--runs", "5000", "--seed", "1", "--workers", "0");
    expect([r.status, r.stderr]).toEqual([0, ""]);
    golden("simulate-openai.txt", r.stdout);
  });

  it("prints the same run as JSON, identical on two workers", async () => {
    const here = await run("simulate", OPENAI, "--runs", "5000", "--seed", "1", "--workers", "0", "--json");
    const two = await run("simulate", OPENAI, "--runs", "5000", "--seed", "1", "--workers", "2", "--json");
    expect(two.stdout).toBe(here.stdout);
    golden("simulate-openai.json", here.stdout);
  });

  it("runs a named scenario of the model", async () => {
    const r = await run("simulate", OPENAI, "--runs", "2000", "--seed", "3", "--scenario", "bear", "--workers", "0");
    expect(r.status).toBe(0);
    golden("simulate-openai-bear.txt", r.stdout);
  });

  it("draws the cash fan and the tornado", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dealgraph-sim-"));
    const r = await run("simulate", OPENAI, "--runs", "1000", "--seed", "1", "--workers", "0", "--svg", dir);
    expect(r.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["cash-fan.svg", "tornado.svg"]);
    expect(readFileSync(join(dir, "tornado.svg"), "utf8")).toContain("revenue-factor");
  });

  describe("invalid input", () => {
    it("refuses --runs 0, as a command line it cannot act on (exit 2)", async () => {
      const r = await run("simulate", OPENAI, "--runs", "0");
      expect(r).toEqual({ status: 2, stdout: "", stderr: "dealgraph: error E_SIM_RUNS: --runs 0 is not a number of runs\n  hint: give a whole number above zero, e.g. --runs 100000\n\n1 error, 0 warnings\n" });
    });
    it("refuses options that are not whole numbers, before reading the model", async () => {
      const r = await run("simulate", OPENAI, "--runs", "lots", "--workers", "-1");
      expect(r).toEqual({ status: 2, stdout: "", stderr: 'dealgraph: error E_USAGE: --runs "lots" is not a whole number from 0 to 100,000,000\n\ndealgraph: error E_USAGE: --workers "-1" is not a whole number from 0 to 64\n\n2 errors, 0 warnings\n' });
    });
    it("refuses a scenario the model does not have", async () => {
      const r = await run("simulate", OPENAI, "--scenario", "baer");
      expect(r.stderr).toBe('dealgraph: error E_UNKNOWN_SCENARIO: the model has no scenario "baer"\n  hint: did you mean "bear"?\n\n1 error, 0 warnings\n');
    });
    it("writes nothing and says so when the chart folder cannot be made", async () => {
      const r = await run("simulate", OPENAI, "--runs", "100", "--workers", "0", "--svg", "/nonexistent-parent/charts");
      expect(r).toEqual({ status: 1, stdout: "", stderr: "dealgraph: error E_FILE_UNWRITABLE: cannot make the folder /nonexistent-parent/charts (ENOENT)\n  hint: give a folder that exists, or one whose parent exists\n\n1 error, 0 warnings\n" });
    });
    const BAD = "src/cli/testdata/simulate-bad";
    it.each(readdirSync(BAD).filter((f) => f.endsWith(".yaml")).sort())("%s gets its diagnostic at its line (golden)", async (fixture) => {
      const r = await run("simulate", join(BAD, fixture), "--runs", "100");
      expect(r.status).toBe(1);
      golden(join("simulate-bad", fixture.replace(/\.yaml$/, ".expected.txt")), r.stderr);
    });
  });
});
