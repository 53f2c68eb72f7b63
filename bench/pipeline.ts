/**
 * The core pipeline on the reference example and on a generated model of many contracts:
 * reading, compiling, posting three scenarios, realizing and analysing.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { analyseModel } from "../src/analysis/analyse-model.js";
import { loadModelFile, readModelText } from "../src/model/index.js";

/** A model with `contracts` purchase contracts over a 10-year horizon and `investors` investors in one round. */
export function generatedModel(contracts: number, investors: number): string {
  const lines = ["name: generated", "horizon: { start: 2026-01, end: 2035-12 }", "parties:", "  Co: company"];
  for (let i = 0; i < investors; i++) lines.push(`  I${i}: investor`);
  for (let i = 0; i < contracts; i++) lines.push(`  S${i}: ${i % 3 === 0 && investors > 0 ? `{ kind: supplier, affiliate-of: I${i % investors} }` : "supplier"}`);
  lines.push("rounds:", "  r:", "    company: Co", "    date: 2026-01", "    pre-money: 10B", "    commitments:");
  for (let i = 0; i < investors; i++) lines.push(`      I${i}: ${1 + (i % 7)}M`);
  lines.push("contracts:");
  for (let i = 0; i < contracts; i++) lines.push(`  k${i}: { kind: purchase, buyer: Co, seller: S${i}, total: ${1 + (i % 13)}.37M, term: { start: 2026-${String(1 + (i % 12)).padStart(2, "0")}, years: ${1 + (i % 9)} }, schedule: ${i % 2 ? "ramp" : "even"} }`);
  lines.push("forecasts:", "  Co:", "    opening-cash: 1B", "    lines:", "      revenue: { kind: revenue, per-year: { 2026: 100M }, growth: 30% }", '      costs: { kind: cost, formula: "0.6 * revenue + 0.001 * last(costs)" }');
  return `${lines.join("\n")}\n`;
}

function measure(name: string, run: () => unknown, repeat = 5): { name: string; ms: number; rssMB: number } {
  run(); // warm
  const start = performance.now();
  for (let i = 0; i < repeat; i++) run();
  const ms = (performance.now() - start) / repeat;
  return { name, ms: Number(ms.toFixed(2)), rssMB: Math.round(process.memoryUsage().rss / 2 ** 20) };
}

export function benchPipeline(): Array<{ name: string; ms: number; rssMB: number }> {
  const rows = [];
  rows.push(
    measure("reference example: load + analyse", () => {
      const loaded = loadModelFile("examples/openai-2026-02.yaml");
      return analyseModel(loaded.model!, loaded.sources.get("examples/openai-2026-02.yaml")?.text);
    }),
  );
  for (const contracts of [100, 1000]) {
    const text = generatedModel(contracts, 50);
    const read = readModelText("generated.yaml", text);
    if (!read.model) throw new Error(`generated model does not read: ${read.diagnostics[0]?.message}`);
    rows.push(measure(`${contracts} contracts × 120 months, 50 investors: read`, () => readModelText("generated.yaml", text), 3));
    rows.push(measure(`${contracts} contracts × 120 months, 50 investors: compile + 3 ledgers + analyse`, () => analyseModel(read.model!, text), 3));
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const row of benchPipeline()) console.log(JSON.stringify(row));
}
