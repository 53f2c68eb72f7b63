/**
 * The Monte Carlo run end to end: with every condition fixed and no distribution it must equal
 * the exact ledger within a cent per month; with distributions, the same seed gives the same
 * result on any number of workers.
 */
import { describe, expect, it } from "vitest";
import { reportModel } from "./operations.js";
import { simulateModel } from "./simulate-operations.js";
import { modelFile } from "./test-support/model-file.js";

describe("simulate", () => {
  it("equals the exact ledger, to the cent, when nothing is uncertain", async () => {
    // The seed example has a milestone tranche and no drivers: in the fixed scenarios every run
    // is the same path, which must be the ledger's.
    for (const [scenario, ledger] of [["with-conditional", "all"], ["without-conditional", "none"]] as const) {
      const sim = await simulateModel({ ...modelFile("examples/seed-milestone.yaml"), runs: 50, seed: 7, scenario, workers: 0 });
      expect(sim.diagnostics).toEqual([]);
      const exact = reportModel(modelFile("examples/seed-milestone.yaml")).value!.ledgers[ledger].balance.get("Acme Robotics")!;
      const median = sim.value!.result.cashBands.find((b) => b.percentile === 50)!.values;
      exact.forEach((cents, i) => expect(Math.abs((median[i] ?? NaN) - Number(cents))).toBeLessThanOrEqual(1));
    }
  });

  it("gives the same result on 0, 1 and 2 workers for the same seed", async () => {
    const runs = await Promise.all([0, 1, 2].map((workers) => simulateModel({ ...modelFile("examples/openai-2026-02.yaml"), runs: 1500, seed: 42, workers })));
    const [a, b, c] = runs.map((r) => r.value!.result);
    expect(b?.cashBands).toEqual(a?.cashBands);
    expect(c?.cashBands).toEqual(a?.cashBands);
    expect(c?.runOut).toEqual(a?.runOut);
  });

  it("applies a scenario of the model: the bear case fixes its drivers and Amazon's conditions", async () => {
    const bear = await simulateModel({ ...modelFile("examples/openai-2026-02.yaml"), runs: 500, seed: 1, scenario: "bear", workers: 0 });
    expect(bear.value?.drivers.map((d) => [d.name, d.base, d.distribution === undefined])).toEqual([
      ["revenue-factor", 0.7, true],
      ["cost-overrun", 1.2, true],
    ]);
    const amazon = bear.value?.stakes.find((s) => s.investor === "Amazon" && s.round === "round-2026-02");
    expect(amazon?.stake.outcomes).toEqual([{ probability: 1, value: { num: 3n, den: 161n } }]); // 15/805
  });

  describe("invalid input", () => {
    it("refuses zero runs", async () => {
      const r = await simulateModel({ ...modelFile("examples/openai-2026-02.yaml"), runs: 0, seed: 1 });
      expect(r.diagnostics.map((d) => d.code)).toEqual(["E_SIM_RUNS"]);
    });
    it("names the scenarios it knows when one is unknown", async () => {
      const r = await simulateModel({ ...modelFile("examples/openai-2026-02.yaml"), runs: 10, seed: 1, scenario: "baer" });
      expect(r.diagnostics).toMatchObject([{ code: "E_UNKNOWN_SCENARIO", hint: 'did you mean "bear"?' }]);
    });
  });
});
