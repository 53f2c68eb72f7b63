/**
 * Benchmark of the simulation kernel and the Monte Carlo machinery.
 *
 * 1. Full recompute of a generated model of 996,000 cells (10 line items × 120 months × 830
 *    scenarios), against the same model built as a HyperFormula workbook (one formula a cell).
 * 2. One changed global input (the price), recomputed incrementally, against the same edit in
 *    HyperFormula.
 * 3. Monte Carlo paths per second (120 months × 10 line items, five uncertain drivers, two of them
 *    correlated, one conditional tranche) on the main thread, on 1 and on 2 worker threads: until
 *    the last batch is in ("batches only") and until the summary with its percentile bands is
 *    done ("end to end"); three runs of each, median and min, and the machine's load average.
 * 4. Bytes of memory per cell.
 *
 * Run: `npx tsx bench/simulate.ts` (`… monte-carlo` for part 3 alone). HyperFormula (GPL-3.0) is installed into bench/hyperformula
 * on first use and is never a dependency of dealgraph.
 *
 * The model, per scenario s (drivers that vary by scenario in capitals):
 *
 *     new-customers = series × DEMAND                  customers = last(customers) × (1 − CHURN) + new-customers
 *     revenue       = customers × price                cogs      = revenue × COGS-RATE
 *     gross-margin  = revenue − cogs                   payroll   = max(base-payroll, last(payroll) × (1 + WAGE-GROWTH))
 *     marketing     = 0.2 × revenue + 50K              opex      = payroll + marketing + rent
 *     ebitda        = gross-margin − opex              tax       = max(0, ebitda × tax-rate)
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { FormulaNode } from "../src/model/types.js";
import { parseFormula } from "../src/model/formula.js";
import { month } from "../src/time/month.js";
import type { SimulationModel } from "../src/simulate/from-model.js";
import { Evaluator } from "../src/simulate/kernel.js";
import { planSimulation, type SimulationSpec } from "../src/simulate/plan.js";
import { SimulationPool } from "../src/simulate/pool.js";
import { compileProgram, type DriverDefinition, type Program, type ProgramLine } from "../src/simulate/program.js";
import { runSimulation, runSimulationHere } from "../src/simulate/simulate.js";

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target: string;
}

const MONTHS = 120;
const SCENARIOS = 830;
const HYPERFORMULA_VERSION = "3.5.0"; // no `engines` field: runs on Node 20
const here = dirname(fileURLToPath(import.meta.url));

const DRIVERS: DriverDefinition[] = [
  { name: "demand", dimension: "number", base: 1 },
  { name: "churn", dimension: "number", base: 0.02 },
  { name: "cogs-rate", dimension: "number", base: 0.3 },
  { name: "wage-growth", dimension: "number", base: 0.004 },
  { name: "price", dimension: "number", base: 4900 }, // cents per customer a month
  { name: "base-payroll", dimension: "money", base: 200_000 },
  { name: "rent", dimension: "money", base: 30_000 },
  { name: "tax-rate", dimension: "number", base: 0.21 },
];

const FORMULAS: ReadonlyArray<readonly [string, string]> = [
  ["customers", "last(customers) * (1 - churn) + new-customers"],
  ["revenue", "customers * price"],
  ["cogs", "revenue * cogs-rate"],
  ["gross-margin", "revenue - cogs"],
  ["payroll", "max(base-payroll, last(payroll) * (1 + wage-growth))"],
  ["marketing", "0.2 * revenue + 50K"],
  ["opex", "payroll + marketing + rent"],
  ["ebitda", "gross-margin - opex"],
  ["tax", "max(0, ebitda * tax-rate)"],
];

/** New customers a month: a ramp with a yearly season. */
const newCustomers = (m: number): number => Math.round(200 + 15 * m + 80 * Math.sin((2 * Math.PI * m) / 12));

function benchProgram(): Program {
  const formula = (text: string): FormulaNode => {
    const parsed = parseFormula(text, { file: "bench", offset: 0, path: [] });
    if (!parsed.ok) throw new Error(`bench formula does not parse: ${text}`);
    return parsed.formula;
  };
  const lines: ProgramLine[] = [
    { kind: "series", name: "new-customers", values: Array.from({ length: MONTHS }, (_, m) => newCustomers(m)), scaleBy: "demand" },
    ...FORMULAS.map(([name, text]): ProgramLine => ({ kind: "formula", name, formula: formula(text) })),
  ];
  const compiled = compileProgram({ currency: "USD", months: MONTHS, lines, drivers: DRIVERS });
  if (compiled.diagnostics.length > 0) throw new Error(compiled.diagnostics.map((d) => d.message).join("; "));
  return compiled.value;
}

/** Per-scenario driver values: a fixed spread, the same in our kernel and in the workbook. */
const scenarioDrivers = (s: number): { demand: number; churn: number; cogs: number; wage: number } => ({
  demand: 0.6 + (0.8 * s) / SCENARIOS,
  churn: 0.01 + 0.03 * (((s * 37) % SCENARIOS) / SCENARIOS),
  cogs: 0.25 + 0.15 * (((s * 101) % SCENARIOS) / SCENARIOS),
  wage: 0.002 + 0.004 * (((s * 53) % SCENARIOS) / SCENARIOS),
});

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function timeIt(repeats: number, f: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function benchKernel(): { rows: BenchRow[]; evaluator: Evaluator; fullMs: number; editMs: number } {
  const before = process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  const program = benchProgram();
  const evaluator = new Evaluator(program, SCENARIOS);
  const lanes = (pick: (d: ReturnType<typeof scenarioDrivers>) => number): number[] => Array.from({ length: SCENARIOS }, (_, s) => pick(scenarioDrivers(s)));
  evaluator.setDriver("demand", lanes((d) => d.demand));
  evaluator.setDriver("churn", lanes((d) => d.churn));
  evaluator.setDriver("cogs-rate", lanes((d) => d.cogs));
  evaluator.setDriver("wage-growth", lanes((d) => d.wage));
  evaluator.recompute();
  const buildMs = performance.now() - t0;
  const bytes = process.memoryUsage().arrayBuffers - before;
  const cells = program.lineNames.length * MONTHS * SCENARIOS;

  for (let i = 0; i < 20; i++) evaluator.recompute(); // warm up
  const fullMs = timeIt(30, () => evaluator.recompute());
  let price = 4900;
  const editMs = timeIt(30, () => {
    evaluator.setDriver("price", (price += 1));
    evaluator.update();
  });
  evaluator.setDriver("price", 4900);
  evaluator.update();
  return {
    evaluator,
    fullMs,
    editMs,
    rows: [
      { name: `kernel: build and first compute (${cells.toLocaleString("en-US")} cells)`, value: round(buildMs, 1), unit: "ms", target: "" },
      { name: "kernel: full recompute, warm (median of 30)", value: round(fullMs, 2), unit: "ms", target: "≤ 10 ms" },
      { name: "kernel: one changed global input (price; 7 of 10 lines depend on it), incremental", value: round(editMs, 2), unit: "ms", target: "≤ 5 ms" },
      { name: "kernel: memory per cell (typed arrays allocated / cells)", value: round(bytes / cells, 2), unit: "bytes", target: "≤ 16 bytes" },
    ],
  };
}

// The small part of HyperFormula's API the benchmark uses.
interface CellAddress {
  sheet: number;
  row: number;
  col: number;
}
interface HyperFormulaEngine {
  getSheetId(name: string): number | undefined;
  getCellValue(address: CellAddress): unknown;
  setCellContents(address: CellAddress, content: unknown): unknown;
  rebuildAndRecalculate(): void;
  destroy(): void;
}
interface HyperFormulaClass {
  buildFromSheets(sheets: Record<string, unknown[][]>, config: Record<string, unknown>): HyperFormulaEngine;
  version: string;
}

async function loadHyperFormula(): Promise<HyperFormulaClass> {
  const folder = join(here, "hyperformula");
  if (!existsSync(join(folder, "node_modules", "hyperformula"))) {
    console.error(`installing hyperformula@${HYPERFORMULA_VERSION} into bench/hyperformula …`);
    execFileSync("npm", ["install", "--prefix", folder, "--no-save", `hyperformula@${HYPERFORMULA_VERSION}`], { stdio: "inherit" });
  }
  const entry = createRequire(join(folder, "package.json")).resolve("hyperformula");
  const module = (await import(pathToFileURL(entry).href)) as { HyperFormula?: HyperFormulaClass; default?: { HyperFormula: HyperFormulaClass } };
  const hf = module.HyperFormula ?? module.default?.HyperFormula;
  if (!hf) throw new Error("hyperformula did not load");
  return hf;
}

function columnName(c: number): string {
  let name = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** The same model as a workbook: sheet Model has one row per (scenario, line), one column per month. */
function workbook(): Record<string, unknown[][]> {
  const L = 10;
  const rows: unknown[][] = [];
  const drivers: unknown[][] = [];
  for (let s = 0; s < SCENARIOS; s++) {
    const d = scenarioDrivers(s);
    drivers.push([d.demand, d.churn, d.cogs, d.wage]);
    const D = `Drivers!$A$${s + 1}`;
    const churn = `Drivers!$B$${s + 1}`;
    const cogs = `Drivers!$C$${s + 1}`;
    const wage = `Drivers!$D$${s + 1}`;
    const r = (l: number): number => s * L + l + 1; // 1-based row of line l
    for (let l = 0; l < L; l++) {
      const row: unknown[] = [];
      for (let m = 0; m < MONTHS; m++) {
        const X = (line: number): string => `${columnName(m)}${r(line)}`;
        const P = (line: number): string => (m === 0 ? "0" : `${columnName(m - 1)}${r(line)}`);
        const cell = [
          `=${newCustomers(m)}*${D}`,
          `=${P(1)}*(1-${churn})+${X(0)}`,
          `=${X(1)}*Global!$A$1`,
          `=${X(2)}*${cogs}`,
          `=${X(2)}-${X(3)}`,
          `=MAX(Global!$B$1,${P(5)}*(1+${wage}))`,
          `=0.2*${X(2)}+5000000`,
          `=${X(5)}+${X(6)}+Global!$C$1`,
          `=${X(4)}-${X(7)}`,
          `=MAX(0,${X(8)}*Global!$D$1)`,
        ][l];
        // Formula lines are rounded to whole units each month, as the kernel (and the ledger) rounds
        // money; the series line (new customers × demand) is not, in either.
        row.push(l === 0 ? cell : `=ROUND(${(cell ?? "=0").slice(1)},0)`);
      }
      rows.push(row);
    }
  }
  return { Model: rows, Drivers: drivers, Global: [[4900, 20_000_000, 3_000_000, 0.21]] };
}

async function benchHyperFormula(evaluator: Evaluator): Promise<{ rows: BenchRow[]; fullMs: number; editMs: number }> {
  const HyperFormula = await loadHyperFormula();
  const sheets = workbook();
  const t0 = performance.now();
  const hf = HyperFormula.buildFromSheets(sheets, { licenseKey: "gpl-v3", maxColumns: 200, maxRows: 20_000 });
  const buildMs = performance.now() - t0;
  const model = hf.getSheetId("Model") ?? 0;
  const global = hf.getSheetId("Global") ?? 0;

  // The two engines agree: both round every line to whole units each month (ROUND is half away
  // from zero, ours half to even; exact ties do not occur in this model's floating-point values).
  const s = SCENARIOS - 1;
  const ours = evaluator.value("revenue", MONTHS - 1, s);
  const theirs = Number(hf.getCellValue({ sheet: model, row: s * 10 + 2, col: MONTHS - 1 }));
  const agreement = Math.abs(ours - theirs) / Math.abs(theirs);

  const t1 = performance.now();
  hf.setCellContents({ sheet: global, row: 0, col: 0 }, 4901);
  const editMs = performance.now() - t1;
  const t2 = performance.now();
  hf.rebuildAndRecalculate();
  const fullMs = performance.now() - t2;
  hf.destroy();
  return {
    fullMs,
    editMs,
    rows: [
      { name: `HyperFormula ${HyperFormula.version}: build the workbook (${(SCENARIOS * 10 * MONTHS).toLocaleString("en-US")} formula cells)`, value: round(buildMs, 0), unit: "ms", target: "" },
      { name: "HyperFormula: full recalculation (rebuildAndRecalculate)", value: round(fullMs, 0), unit: "ms", target: "" },
      { name: "HyperFormula: one changed global input (price)", value: round(editMs, 0), unit: "ms", target: "" },
      { name: "kernel vs HyperFormula: relative difference of last month's revenue, last scenario", value: agreement, unit: "", target: "< 1e-9" },
    ],
  };
}

export function monteCarloModel(): SimulationModel {
  const program = benchProgram();
  const names = program.lineNames;
  const sign = (name: string): number => (name === "revenue" ? 1 : ["cogs", "opex", "tax"].includes(name) ? -1 : 0);
  const fixedNet = new Float64Array(MONTHS);
  fixedNet[0] = 5_000_000_000; // 50 M opening cash, in cents
  fixedNet[3] = 2_000_000_000; // a 20 M dated tranche
  return {
    company: "Bench Co",
    currency: "USD",
    start: month(2026, 1),
    months: MONTHS,
    program,
    cash: {
      fixedNet,
      lineSign: Int8Array.from(names, sign),
      revenueShares: [],
      tranches: [{ amount: 3_000_000_000, condition: 0, from: 6, to: 18, expected: 12, ownWindow: false }],
      conditions: [{ name: "series-b", probability: 0.6, baseMet: true, window: { from: 6, to: 18 } }],
    },
  };
}

export const MONTE_CARLO_SPEC: SimulationSpec = {
  runs: 1,
  seed: 20_260_227,
  drivers: [
    { driver: "demand", distribution: { kind: "lognormal", mu: 0, sigma: 0.25 } },
    { driver: "churn", distribution: { kind: "triangular", low: 0.01, mode: 0.02, high: 0.05 } },
    { driver: "cogs-rate", distribution: { kind: "uniform", low: 0.25, high: 0.4 } },
    { driver: "wage-growth", distribution: { kind: "range", low: 0.002, high: 0.006 } },
    { driver: "price", distribution: { kind: "normal", mean: 4900, sd: 400 } },
  ],
  correlation: { kind: "rank", drivers: ["demand", "price"], matrix: [[1, -0.5], [-0.5, 1]] },
};

/** Times per Monte Carlo run: until the last batch is in, and until the summary (percentile bands included) is done. */
interface MonteCarloTimes {
  readonly batchesMs: number;
  readonly totalMs: number;
}

const MONTE_CARLO_RUNS = 250_000; // 500 batches of 500 paths
const MONTE_CARLO_REPEATS = 3;

async function timeMonteCarlo(workers: number): Promise<MonteCarloTimes[]> {
  const model = monteCarloModel();
  const plan = (runs: number) => {
    const planned = planSimulation(model, { ...MONTE_CARLO_SPEC, runs });
    if (!planned.value) throw new Error(planned.diagnostics.map((d) => d.message).join("; "));
    return planned.value;
  };
  const pool = workers > 0 ? new SimulationPool(workers) : undefined;
  const once = async (runs: number): Promise<MonteCarloTimes> => {
    let batchesDone = 0;
    const t0 = performance.now();
    const onProgress = (): void => {
      batchesDone = performance.now();
    };
    if (pool) await runSimulation(plan(runs), { pool, onProgress });
    else runSimulationHere(plan(runs), onProgress);
    return { batchesMs: batchesDone - t0, totalMs: performance.now() - t0 };
  };
  try {
    await once(20_000); // start the workers and warm the JIT
    await once(20_000);
    const times: MonteCarloTimes[] = [];
    for (let r = 0; r < MONTE_CARLO_REPEATS; r++) times.push(await once(MONTE_CARLO_RUNS));
    return times;
  } finally {
    await pool?.close();
  }
}

async function benchMonteCarlo(): Promise<BenchRow[]> {
  const loadBefore = loadavg();
  const here = await timeMonteCarlo(0);
  const one = await timeMonteCarlo(1);
  const two = await timeMonteCarlo(2);
  const loadAfter = loadavg();
  const rates = (times: MonteCarloTimes[], pick: (t: MonteCarloTimes) => number): number[] => times.map((t) => MONTE_CARLO_RUNS / (pick(t) / 1000)).sort((a, b) => a - b);
  const rows: BenchRow[] = [];
  const figures = (label: string, times: MonteCarloTimes[], target: [string, string]): { batches: number; total: number } => {
    const batches = rates(times, (t) => t.batchesMs);
    const total = rates(times, (t) => t.totalMs);
    const describe = (xs: number[]): string => `median of ${xs.length}; min ${Math.round(xs[0] ?? 0).toLocaleString("en-US")}`;
    rows.push({ name: `Monte Carlo, ${label}, batches only: paths/s (${describe(batches)})`, value: Math.round(median(batches)), unit: "paths/s", target: target[0] });
    rows.push({ name: `Monte Carlo, ${label}, end to end with percentile bands: paths/s (${describe(total)})`, value: Math.round(median(total)), unit: "paths/s", target: target[1] });
    return { batches: median(batches), total: median(total) };
  };
  const runs = `${MONTE_CARLO_RUNS.toLocaleString("en-US")} paths of 120 months × 10 lines`;
  rows.push({ name: `Monte Carlo: ${runs}; load average (1 min) before ${loadBefore[0]?.toFixed(2)}, after ${loadAfter[0]?.toFixed(2)}, on ${availableParallelism()} cores`, value: round(loadAfter[0] ?? 0, 2), unit: "load", target: "" });
  figures("main thread", here, ["", ""]);
  const a = figures("1 worker", one, ["≥ 250,000", ""]);
  const b = figures("2 workers", two, ["≥ 1.8 × 1 worker", ""]);
  rows.push({ name: "Monte Carlo: speed-up of 2 workers over 1, batches only (medians)", value: round(b.batches / a.batches, 2), unit: "×", target: "≥ 1.8" });
  rows.push({ name: "Monte Carlo: speed-up of 2 workers over 1, end to end (medians)", value: round(b.total / a.total, 2), unit: "×", target: "" });
  return rows;
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Runs every part of the benchmark and returns its rows. */
export async function benchSimulate(): Promise<BenchRow[]> {
  const kernel = benchKernel();
  const hyperformula = await benchHyperFormula(kernel.evaluator);
  const monteCarlo = await benchMonteCarlo();
  return [
    ...kernel.rows,
    ...hyperformula.rows,
    { name: "kernel full recompute vs HyperFormula full recalculation: speed-up", value: Math.round(hyperformula.fullMs / kernel.fullMs), unit: "×", target: "≥ 1,000" },
    { name: "kernel vs HyperFormula, one changed global input: speed-up", value: Math.round(hyperformula.editMs / kernel.editMs), unit: "×", target: "" },
    ...monteCarlo,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  // `npx tsx bench/simulate.ts monte-carlo` runs only the Monte Carlo part (no HyperFormula).
  const rows = process.argv[2] === "monte-carlo" ? await benchMonteCarlo() : await benchSimulate();
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${String(r.value).padStart(12)} ${r.unit.padEnd(8)} ${r.target}`);
}
