/**
 * Golden tests of `dealgraph flows` on the AI deal web example: input, command line, exact
 * output and exit status. Run with UPDATE_GOLDENS=1 to rewrite testdata/flows-*.txt and .json
 * after a deliberate change, and read the diff.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { golden, run } from "./test-support/run-cli.js";


const WEB = "examples/ai-deal-web-2025.yaml";

describe("dealgraph flows", () => {
  it("reports the metrics, the loops, per party money out and back, and what totals leave out (golden)", async () => {
    const r = await run("flows", WEB);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    golden("flows-ai-deal-web.txt", r.stdout);
  });

  it("counts only the statuses asked for (golden)", async () => {
    const r = await run("flows", WEB, "--status", "funded,binding");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("statuses counted: funded, binding (left out: announced, loi, reported)");
    golden("flows-ai-deal-web-funded-binding.txt", r.stdout);
  });

  it("counts only the months of the window, contracts spread over their terms (golden)", async () => {
    const r = await run("flows", WEB, "--window", "2026-01..2030-12", "--weight-conditional");
    expect(r.status).toBe(0);
    golden("flows-ai-deal-web-2026-2030-weighted.txt", r.stdout);
  });

  it("prints every metric under the key docs/network-metrics.md gives it with --json (golden)", async () => {
    const r = await run("flows", WEB, "--json");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    for (const key of ["directRoundTripShare", "multiHopRoundTripShare", "cyclingShare", "finnCyclingIndex", "maximumCirculationShare", "weightedReciprocity"]) expect(doc).toHaveProperty(key);
    expect(doc.ledger).toEqual({ postings: 949, balanced: true });
    expect(doc.diagnostics).toEqual([]);
    golden("flows-ai-deal-web.json", r.stdout);
  });

  it("draws the loops beside the acyclic remainder with --svg", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dealgraph-svg-"));
    const out = join(dir, "web.svg");
    const r = await run("flows", WEB, "--svg", out);
    expect(r.status).toBe(0);
    const svg = readFileSync(out, "utf8");
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain("Circulation: money that can go round loops");
    expect(svg).toContain("Acyclic remainder");
    expect(svg).toContain("50 B round OpenAI → Amazon → OpenAI");
    expect(readdirSync(dir)).toEqual(["web.svg"]); // no temporary file left behind
  });

  it("documents its options (golden)", async () => {
    const r = await run("flows", "--help");
    expect(r.status).toBe(0);
    golden("help-flows.txt", r.stdout);
  });

  it("runs from the build, as a newcomer runs it", () => {
    const out = execFileSync(process.execPath, ["bin/dealgraph.js", "flows", WEB], { encoding: "utf8" });
    expect(out).toBe(readFileSync("src/cli/testdata/flows-ai-deal-web.txt", "utf8"));
  });
});

describe("invalid input", () => {
  it("refuses an unknown status as a command-line problem, exit status 2", async () => {
    expect(await run("flows", WEB, "--status", "binding,anounced")).toEqual({
      status: 2,
      stdout: "",
      stderr: 'dealgraph: error E_BAD_ENUM: --status: "anounced" is not a status\n  hint: did you mean "announced"? the statuses are funded, binding, announced, loi, reported, or all\n\n1 error, 0 warnings\n',
    });
  });

  it("refuses a window that is not FROM..TO, exit status 2", async () => {
    const r = await run("flows", WEB, "--window", "2026-01-2030-12");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('dealgraph: error E_BAD_DATE: --window "2026-01-2030-12" is not a span of months\n  hint: write FROM..TO with months or years, e.g. --window 2026-01..2030-12 or --window 2026..2030\n\n1 error, 0 warnings\n');
  });

  it("refuses a window that ends before it starts, exit status 2", async () => {
    const r = await run("flows", WEB, "--window", "2030..2026");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("error E_WINDOW_ORDER: --window ends (2026-12) before it starts (2030-01)");
  });

  it("reports a window outside the model's horizon as a problem of the model, exit status 1, and writes no SVG", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dealgraph-svg-"));
    const r = await run("flows", WEB, "--window", "2040-01..2040-12", "--svg", join(dir, "web.svg"));
    expect(r).toEqual({
      status: 1,
      stdout: "",
      stderr: "dealgraph: error E_DATE_OUTSIDE_HORIZON: the window 2040-01..2040-12 lies outside the model's horizon (2025-01 to 2034-12): it holds no flow\n  hint: choose months from 2025-01 to 2034-12\n\n1 error, 0 warnings\n",
    });
    expect(existsSync(join(dir, "web.svg"))).toBe(false);
  });

  it("warns when the statuses and window keep no flow, and still reports", async () => {
    const r = await run("flows", WEB, "--window", "2034-06..2034-12", "--status", "funded");
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("warning W_EMPTY_SELECTION: the window 2034-06..2034-12 and statuses funded keeps none of the");
  });

  it("reports the model's own problems, with the CSV file, row and column, and writes no SVG", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dealgraph-svg-"));
    const r = await run("flows", "src/model/testdata/bad/flow-file-bad-number.yaml", "--svg", join(dir, "web.svg"));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(readFileSync("src/model/testdata/bad/flow-file-bad-number.expected.txt", "utf8"));
    expect(existsSync(join(dir, "web.svg"))).toBe(false);
  });

  it("puts the diagnostics in the JSON document under --json", async () => {
    const r = await run("flows", WEB, "--status", "maybe", "--json");
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_BAD_ENUM"]);
  });
});
