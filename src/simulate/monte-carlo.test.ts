import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { BatchRunner } from "./batch.js";
import { checkDistribution, quantile, support, type Distribution } from "./distributions.js";
import { prepareSimulation, type PrepareOptions } from "./from-model.js";
import { parseFormula } from "../model/formula.js";
import { planSimulation, type SimulationSpec } from "./plan.js";
import { SimulationPool } from "./pool.js";
import { BatchStreams, nextUniform } from "./random.js";
import { runSimulation, runSimulationHere, simulate } from "./simulate.js";
import { summarize } from "./summary.js";
import { compileInline, exactCash } from "./test-support/inline-model.js";
import { month } from "../time/month.js";

const formula = (text: string) => {
  const parsed = parseFormula(text, { file: "test", offset: 0, path: [] });
  if (!parsed.ok) throw new Error(parsed.diagnostics[0]?.message);
  return parsed.formula;
};

// A seed-stage company: 1 M of opening cash, a 300 K tranche in 2026-03 and 600 K more if the pilot
// signs (60 %, some month from June to September). Payroll grows by an uncertain rate.
const MODEL = `
dealgraph: 1
name: Acme seed
currency: USD
horizon: { start: 2026-01, end: 2027-12 }
parties:
  Acme: company
  Northstar: investor
conditions:
  pilot-signed:
    description: the first paying pilot signs
    probability: 60%
    window: { from: 2026-06, to: 2026-09 }
    base-case: met
rounds:
  seed:
    company: Acme
    date: 2026-03
    pre-money: 12M
    commitments:
      Northstar:
        tranches:
          - { amount: 300K, date: 2026-03 }
          - { amount: 600K, condition: pilot-signed }
forecasts:
  Acme:
    opening-cash: 1M
    lines:
      revenue:
        kind: revenue
        per-month: { 2026-07: 10K }
        growth: 5%
      payroll:
        kind: cost
        per-month: { 2026-01: 80K }
        growth: 1%
`;

const compiled = compileInline(MODEL);
const OPTIONS: PrepareOptions = {
  company: "Acme",
  drivers: [
    { name: "payroll-growth", dimension: "number", base: 0.01 },
    { name: "price", dimension: "number", base: 1 },
    { name: "valuation", dimension: "money", base: 12_000_000 },
    { name: "investment", dimension: "money", base: 300_000 },
  ],
  lines: [
    { kind: "formula", name: "payroll", formula: formula("max(80K, last(payroll) * (1 + payroll-growth))") },
    // Not a cash line: Northstar's stake after 300 K at an uncertain pre-money, as a ratio.
    { kind: "formula", name: "stake", formula: formula("investment / (valuation + investment)"), round: false },
  ],
  scale: { revenue: "price" },
};
const prepared = prepareSimulation(compiled, OPTIONS);
const model = prepared.value!;

const SPEC: SimulationSpec = {
  runs: 2000,
  seed: 42,
  batchSize: 256,
  drivers: [
    { driver: "payroll-growth", distribution: { kind: "triangular", low: 0, mode: 0.01, high: 0.04 } },
    { driver: "price", distribution: { kind: "lognormal", mu: 0, sigma: 0.3 } },
    { driver: "valuation", distribution: { kind: "range", low: 8_000_000, high: 16_000_000 } },
  ],
  outputs: [{ name: "Northstar stake", line: "stake" }],
};

const pool = new SimulationPool(2);
afterAll(() => pool.close());

describe("Monte Carlo", () => {
  describe("with every condition fixed and no distribution", () => {
    it("gives the exact ledger's cash as every percentile", () => {
      const plan = planSimulation(model, { runs: 3, seed: 1, scenario: "base" }).value!;
      const result = runSimulationHere(plan);
      const exact = exactCash(compiled, "Acme", "base");
      for (const band of result.cashBands) exact.forEach((v, m) => expect(Math.abs((band.values[m] ?? 0) - v)).toBeLessThanOrEqual(m + 1));
      // 1 M opening + 300 K + 600 K (met, at the window's end, September) − 24 months of payroll and revenue.
      expect(result.cashBands[1]?.values[0]).toBe(100_000_000 - 8_000_000);
      expect(result.runOut.probability).toBe(0);
    });

    it("runs out of cash in May 2027 without the conditional tranche", () => {
      const plan = planSimulation(model, { runs: 5, seed: 1, scenario: "without-conditional" }).value!;
      const result = runSimulationHere(plan);
      expect(result.runOut.probability).toBe(1);
      expect(result.runOut.expectedMonthIndex).toBe(month(2027, 5) - month(2026, 1));
      expect(result.fundingGap.expected).toBe(result.fundingGap.conditional);
      expect(result.fundingGap.expected).toBeGreaterThan(0);
    });
  });

  describe("with distributions and a condition drawn per path", () => {
    it("reports bands, the chance and month of running out, the funding gap and outputs", async () => {
      expect(prepared.diagnostics).toEqual([]);
      const { value: result, diagnostics } = await simulate(model, SPEC, { workers: 0 });
      expect(diagnostics).toEqual([]);
      expect(result!.cashBands.map((b) => b.percentile)).toEqual([10, 50, 90]);
      // The 40 % of paths that miss the pilot tranche run out, and so do many that get it late
      // while payroll grows fast. Seeded, so the figure is exact.
      expect(result!.runOut.probability).toBe(0.808);
      expect(result!.runOut.expectedMonthIndex).toBeGreaterThan(10);
      const stake = result!.outputs[0]!;
      expect(stake.name).toBe("Northstar stake");
      // Stake = 300 K / (pre + 300 K) with pre uniform in 8 M..16 M: the median near 300/12300.
      expect(stake.percentiles[1]!.value).toBeCloseTo(300 / 12_300, 3);
    });

    it("gives the same result for the same seed on the calling thread, on 1 worker and on 2 (property)", async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 1500 }), async (seed, runs) => {
          const plan = planSimulation(model, { ...SPEC, seed, runs }).value!;
          const here = runSimulationHere(plan);
          const onTwo = await runSimulation(plan, { pool });
          expect(onTwo).toEqual(here);
        }),
        { numRuns: 4 },
      );
      const plan = planSimulation(model, SPEC).value!;
      expect(await runSimulation(plan, { workers: 1 })).toEqual(runSimulationHere(plan));
    });

    it("keeps percentiles in order, month by month (property)", () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.uniqueArray(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 5 }), (seed, percentiles) => {
          const plan = planSimulation(model, { ...SPEC, runs: 300, seed, percentiles }).value!;
          const result = runSimulationHere(plan);
          for (let i = 1; i < result.cashBands.length; i++)
            for (let m = 0; m < result.months; m++) expect(result.cashBands[i]!.values[m]!).toBeGreaterThanOrEqual(result.cashBands[i - 1]!.values[m]!);
          const ps = result.outputs[0]!.percentiles.map((p) => p.value);
          expect([...ps].sort((a, b) => a - b)).toEqual(ps);
        }),
        { numRuns: 20 },
      );
    });

    it("moves correlated drivers together through the rank correlation", () => {
      const correlated = prepareSimulation(compiled, {
        ...OPTIONS,
        lines: [
          { kind: "formula", name: "g", formula: formula("payroll-growth"), round: false },
          { kind: "formula", name: "p", formula: formula("price"), round: false },
        ],
      }).value!;
      const spec: SimulationSpec = {
        ...SPEC,
        runs: 1000,
        batchSize: 1000,
        correlation: { kind: "rank", drivers: ["payroll-growth", "price"], matrix: [[1, 0.8], [0.8, 1]] },
        outputs: [
          { name: "g", line: "g" },
          { name: "p", line: "p" },
        ],
      };
      const plan = planSimulation(correlated, spec).value!;
      const batch = new BatchRunner(plan).run(0);
      // Read the drivers back from the lines that copy them (outputs o at o × paths + path): the rank correlation is about 0.8.
      const g = Array.from(batch.outputs.subarray(0, 1000));
      const q = Array.from(batch.outputs.subarray(1000, 2000));
      expect(spearman(g, q)).toBeCloseTo(0.8, 1);
    });
  });

  describe("distributions", () => {
    const distribution: fc.Arbitrary<Distribution> = fc.oneof(
      fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true })).map(([low, w]) => ({ kind: "uniform" as const, low, high: low + w })),
      fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true })).map(([low, w]) => ({ kind: "range" as const, low, high: low + w })),
      fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([low, w, f]) => ({ kind: "triangular" as const, low, mode: low + f * w, high: low + w })),
      fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true })).map(([mean, sd]) => ({ kind: "normal" as const, mean, sd })),
      fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true })).map(([mu, sigma]) => ({ kind: "lognormal" as const, mu, sigma })),
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 5 }).map((values) => ({ kind: "discrete" as const, values, probabilities: values.map(() => 1 / values.length) })),
    );

    it("keeps every sample within the distribution's support (property)", () => {
      fc.assert(
        fc.property(distribution, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (d, seed) => {
          expect(checkDistribution(d, "x", [])).toEqual([]);
          const rng = new BatchStreams(seed).stream(0);
          const { low, high } = support(d);
          for (let i = 0; i < 200; i++) {
            const x = quantile(d, nextUniform(rng));
            expect(Number.isFinite(x) || d.kind === "lognormal").toBe(true);
            expect(x).toBeGreaterThanOrEqual(low);
            expect(x).toBeLessThanOrEqual(high);
            if (d.kind === "discrete") expect(d.values).toContain(x);
          }
        }),
      );
    });

    it("reads p10, p50 and p90 off the quantile function", () => {
      expect(quantile({ kind: "range", low: 10, high: 100 }, 0.1)).toBe(19);
      expect(quantile({ kind: "normal", mean: 100, sd: 10 }, 0.5)).toBe(100);
      expect(quantile({ kind: "normal", mean: 0, sd: 1 }, 0.9)).toBeCloseTo(1.2815515655446004, 12);
      expect(quantile({ kind: "lognormal", mu: 0, sigma: 1 }, 0.5)).toBeCloseTo(1, 12);
      expect(quantile({ kind: "triangular", low: 0, mode: 0, high: 1 }, 0.75)).toBe(0.5);
      expect(quantile({ kind: "discrete", values: [1, 2, 3], probabilities: [0.2, 0.5, 0.3] }, 0.69)).toBe(2);
    });
  });

  describe("invalid input", () => {
    const codes = (spec: Partial<SimulationSpec>) => planSimulation(model, { runs: 10, seed: 1, ...spec }).diagnostics.map((d) => d.code);

    it("refuses a number of runs that is not above zero (E_SIM_RUNS)", () => {
      expect(codes({ runs: 0 })).toEqual(["E_SIM_RUNS"]);
      expect(codes({ runs: -5 })).toEqual(["E_SIM_RUNS"]);
      expect(planSimulation(model, { runs: 0, seed: 1 }).value).toBeUndefined();
    });

    it("refuses a range whose low is above its high (E_SIM_RANGE_ORDER)", () => {
      const d = planSimulation(model, { runs: 10, seed: 1, drivers: [{ driver: "price", distribution: { kind: "range", low: 100, high: 10 } }] }).diagnostics;
      expect(d).toEqual([{ code: "E_SIM_RANGE_ORDER", severity: "error", message: 'the range of "price" runs from 100 down to 10: its low is above its high', path: ["simulation", "drivers", "price"], hint: "write it as 10 to 100" }]);
    });

    it("refuses a probability outside 0..1 (E_SIM_PROBABILITY_RANGE) and discrete probabilities that do not add up (E_SIM_PROBABILITY_SUM)", () => {
      expect(codes({ conditions: [{ condition: "pilot-signed", probability: 1.2 }] })).toEqual(["E_SIM_PROBABILITY_RANGE"]);
      expect(codes({ drivers: [{ driver: "price", distribution: { kind: "discrete", values: [1, 2], probabilities: [0.5, 0.6] } }] })).toEqual(["E_SIM_PROBABILITY_SUM"]);
    });

    it("names a pair of a correlation matrix that is not positive semi-definite (E_SIM_CORRELATION_NOT_PSD)", () => {
      const d = planSimulation(model, {
        ...SPEC,
        correlation: { kind: "rank", drivers: ["payroll-growth", "price", "valuation"], matrix: [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]] },
      }).diagnostics;
      expect(d.map((x) => x.code)).toEqual(["E_SIM_CORRELATION_NOT_PSD"]);
      expect(d[0]!.message).toBe('no set of drivers can have these correlations: the leading 3 × 3 block turns negative at "valuation"; the pair "payroll-growth" and "valuation" (0.9) cannot hold together with the others');
    });

    it("refuses a correlation matrix of the wrong shape (E_SIM_CORRELATION_SHAPE) and loadings above 1 (E_SIM_FACTOR_LOADINGS)", () => {
      expect(codes({ ...SPEC, runs: 10, correlation: { kind: "rank", drivers: ["price", "valuation"], matrix: [[1, 0.5], [0.4, 1]] } })).toEqual(["E_SIM_CORRELATION_SHAPE"]);
      expect(codes({ ...SPEC, runs: 10, correlation: { kind: "factors", factors: [{ name: "market", loadings: { price: 0.8 } }, { name: "rates", loadings: { price: 0.7 } }] } })).toEqual(["E_SIM_FACTOR_LOADINGS"]);
    });

    it("refuses an unknown scenario name (E_SIM_UNKNOWN_SCENARIO)", () => {
      expect(codes({ scenario: "optimistic" })).toEqual(["E_SIM_UNKNOWN_SCENARIO"]);
    });

    it("refuses unknown drivers, conditions and output lines, and a window that ends before it starts", () => {
      expect(codes({ drivers: [{ driver: "churn", distribution: { kind: "uniform", low: 0, high: 1 } }] })).toEqual(["E_SIM_UNKNOWN_DRIVER"]);
      expect(codes({ conditions: [{ condition: "ipo" }] })).toEqual(["E_SIM_UNKNOWN_CONDITION"]);
      expect(codes({ outputs: [{ name: "x", line: "ebitda" }] })).toEqual(["E_SIM_UNKNOWN_OUTPUT"]);
      expect(codes({ conditions: [{ condition: "pilot-signed", window: { from: month(2026, 9), to: month(2026, 6) } }] })).toEqual(["E_SIM_WINDOW_ORDER"]);
      expect(codes({ percentiles: [10, 120] })).toEqual(["E_SIM_PERCENTILE"]);
    });

    it("refuses a company that is not a party (E_SIM_UNKNOWN_COMPANY)", () => {
      expect(prepareSimulation(compiled, { company: "Nobody" }).diagnostics.map((d) => d.code)).toEqual(["E_SIM_UNKNOWN_COMPANY"]);
    });
  });
});

function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  order.forEach(([, i], k) => (r[i] = k));
  return r;
}

function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const mean = (n - 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (ra[i]! - mean) * (rb[i]! - mean);
    da += (ra[i]! - mean) ** 2;
    db += (rb[i]! - mean) ** 2;
  }
  return num / Math.sqrt(da * db);
}

describe("percentiles by selection", () => {
  it("of many values (a histogram, then a selection in the buckets that hold them) equal those of a full sort (property)", async () => {
    const { percentileOfSorted, percentilesOfValues } = await import("./summary.js");
    // Enough values for the histogram; few distinct ones (long runs of ties), a wide spread or an outlier.
    const values = fc.oneof(
      fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 4096, maxLength: 6000 }),
      fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { minLength: 4096, maxLength: 6000 }),
      fc.tuple(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 4096, maxLength: 5000 }), fc.double({ min: 1e15, max: 1e300, noNaN: true })).map(([xs, outlier]) => [...xs, outlier]),
    );
    fc.assert(
      fc.property(values, fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 }), (xs, ps) => {
        const input = Float64Array.from(xs, (x) => x + 0); // -0 and 0 compare equal: keep to one zero
        const sorted = Float64Array.from(input).sort();
        expect(percentilesOfValues(input, ps)).toEqual(ps.map((p) => percentileOfSorted(sorted, p)));
        expect(input).toEqual(Float64Array.from(xs, (x) => x + 0)); // not reordered
      }),
      { numRuns: 40 },
    );
    // Not all finite: the sort's order (NaN last).
    const odd = Float64Array.from({ length: 5000 }, (_, i) => (i === 7 ? Number.NaN : i === 9 ? -Infinity : i));
    expect(percentilesOfValues(odd, [0, 50])).toEqual([-Infinity, percentileOfSorted(Float64Array.from(odd).sort(), 50)]);
  });

  it("give the same bands when workers summarize slices of months of the shared store as on the calling thread", async () => {
    // 9,000 paths: each month's percentiles come from the histogram; 2 workers each summarize 12 of the 24 months.
    const plan = planSimulation(model, { ...SPEC, runs: 9000, batchSize: 500, percentiles: [5, 10, 50, 90, 95] }).value!;
    const here = runSimulationHere(plan);
    expect(await runSimulation(plan, { pool })).toEqual(here);
    expect(await runSimulation(plan, { workers: 1 })).toEqual(here);
    const store = await pool.run(plan);
    expect(store.complete).toBe(true);
    expect(summarize(plan, store)).toEqual(here);
  });

  it("equal those of a full sort (property)", async () => {
    const { percentileOfSorted, percentilesInPlace } = await import("./summary.js");
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 200 }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 }), (xs, ps) => {
        const sorted = Float64Array.from(xs).sort();
        expect(percentilesInPlace(Float64Array.from(xs), ps)).toEqual(ps.map((p) => percentileOfSorted(sorted, p)));
      }),
    );
  });
});
