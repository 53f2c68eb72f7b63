/**
 * Golden tests of the `dealgraph` command: input, command line, exact output and exit status.
 * The reports of the examples are compared with testdata/*.txt; run with UPDATE_GOLDENS=1 to
 * rewrite those files after a deliberate change, and read the diff.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { golden, run } from "./test-support/run-cli.js";
import { VERSION } from "./version.js";


const OPENAI = "examples/openai-2026-02.yaml";

describe("dealgraph report", () => {
  it.each(["openai-2026-02", "seed-milestone", "startup-buys-from-investor"])("reports examples/%s.yaml (golden)", async (name) => {
    const r = await run("report", `examples/${name}.yaml`);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    golden(`report-${name}.txt`, r.stdout);
  });

  it("prints the same answers as JSON, with the diagnostics and the ledger check", async () => {
    const r = await run("report", OPENAI, "--json");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.diagnostics).toEqual([]);
    expect(doc.ledger.base).toEqual({ postings: 572, balanced: true });
    golden("report-openai-2026-02.json", r.stdout);
  });
});

describe("a model with nothing but parties", () => {
  it("answers every question with what is missing rather than an empty section", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dealgraph-min-"));
    const file = join(dir, "minimal.yaml");
    writeFileSync(file, "name: minimal\nhorizon: 2026-01..2026-03\nparties: { A: company }\n");
    const r = await run("report", file);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("1. OWNERSHIP AFTER THE ROUND\n  no round in the model\n");
    expect(r.stdout).toContain("2. CASH: WHAT ARRIVES AND WHEN, AND RUNWAY\n  no company with a round or a forecast in the model\n");
    expect(r.stdout).toContain("ledger: 0 postings in the base case, every month balanced");
  });
});

describe("dealgraph check", () => {
  it("says ok for a valid model", async () => {
    expect(await run("check", "examples/seed-milestone.yaml")).toEqual({ status: 0, stdout: "examples/seed-milestone.yaml: ok\n", stderr: "" });
  });
});

describe("dealgraph explain", () => {
  it("shows how a reported figure was derived and the lines it came from", async () => {
    const r = await run("explain", OPENAI, "round.round-2026-02.with-conditional.post-money");
    expect(r.status).toBe(0);
    golden("explain-post-money.txt", r.stdout);
  });
  it("shows the postings behind an account", async () => {
    const r = await run("explain", OPENAI, "Nvidia");
    expect(r.status).toBe(0);
    golden("explain-nvidia.txt", r.stdout);
  });
});

describe("help and version", () => {
  it("prints the version", async () => {
    expect(await run("--version")).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: "" });
  });
  it("documents every command", async () => {
    for (const command of ["report", "check", "explain"]) {
      const r = await run(command, "--help");
      expect(r.status).toBe(0);
      golden(`help-${command}.txt`, r.stdout);
    }
    golden("help.txt", (await run("--help")).stdout);
  });
  it("keeps the version in step with package.json", () => {
    expect(JSON.parse(readFileSync("package.json", "utf8")).version).toBe(VERSION);
  });
});

describe("invalid input", () => {
  const BAD = "src/model/testdata/bad";
  const fixtures = readdirSync(BAD).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

  it.each(fixtures)("check %s prints the golden diagnostics on stderr and exits 1 (or 0 for warnings only)", async (fixture) => {
    const expected = readFileSync(join(BAD, fixture.replace(/\.(ya?ml|json)$/, ".expected.txt")), "utf8");
    const r = await run("check", join(BAD, fixture));
    expect(r.stderr).toBe(expected);
    expect(r.status).toBe(/^\d+ errors?, /m.test(expected) && !/^0 errors, /m.test(expected) ? 1 : 0);
  });

  it.each(fixtures)("report %s writes no report when the model has errors", async (fixture) => {
    const r = await run("report", join(BAD, fixture));
    if (r.status === 1) expect(r.stdout).toBe("");
  });

  it("gives a missing file its own code, without a stack trace", async () => {
    const r = await run("report", "examples/nope.yaml");
    expect(r).toEqual({
      status: 1,
      stdout: "",
      stderr: "examples/nope.yaml: error E_FILE_NOT_FOUND: no such file: examples/nope.yaml\n  hint: check the path; model files end in .yaml, .yml or .json\n\n1 error, 0 warnings\n",
    });
  });

  it("puts the diagnostics in the JSON document under --json", async () => {
    const r = await run("report", join(BAD, "unknown-party.yaml"), "--json");
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      diagnostics: [{ code: "E_UNKNOWN_PARTY", severity: "error", message: 'investor "Amazn" is not a party of this model', file: "src/model/testdata/bad/unknown-party.yaml", line: 12, col: 7, path: expect.any(String), hint: 'did you mean "Amazon"?' }],
    });
  });

  it("refuses an unknown command with a suggestion and exit status 2", async () => {
    expect(await run("reprot", OPENAI)).toEqual({ status: 2, stdout: "", stderr: "dealgraph: error E_USAGE: unknown command 'reprot'\n  hint: did you mean report?\n\n1 error, 0 warnings\n" });
  });

  it("refuses a missing argument", async () => {
    const r = await run("report");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("dealgraph: error E_USAGE: missing required argument 'file'\n  hint: run `dealgraph --help` for the commands and their options\n\n1 error, 0 warnings\n");
  });

  it("refuses an unknown item for explain, with a hint", async () => {
    const r = await run("explain", OPENAI, "round.round-2026-02.with-conditional.post-mony");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error E_UNKNOWN_ITEM: "round.round-2026-02.with-conditional.post-mony" names no reported figure, account or model item');
    expect(r.stderr).toContain('did you mean "round.round-2026-02.with-conditional.post-money"?');
  });
});

describe("the installed command", () => {
  it("runs from the build, as a newcomer runs it", () => {
    expect(existsSync("dist/cli/main.js"), "dist/ is built by `npm install` (prepare) or `npm run build`").toBe(true);
    const out = execFileSync(process.execPath, ["bin/dealgraph.js", "report", OPENAI], { encoding: "utf8" });
    expect(out).toBe(readFileSync("src/cli/testdata/report-openai-2026-02.txt", "utf8"));
  });
});
