import { describe, expect, it } from "vitest";
import { prepareSimulation } from "./from-model.js";
import { parseFormula } from "../model/formula.js";
import { planSimulation } from "./plan.js";
import { sensitivities } from "./sensitivity.js";
import { runSimulationHere } from "./simulate.js";
import { renderCashFan, renderTornado } from "./svg.js";
import { compileInline } from "./test-support/inline-model.js";

const formula = (text: string) => {
  const parsed = parseFormula(text, { file: "test", offset: 0, path: [] });
  if (!parsed.ok) throw new Error(parsed.diagnostics[0]?.message);
  return parsed.formula;
};

// A year of a small company: 100 K of opening cash, revenue of units × price, costs a share of revenue plus rent.
const compiled = compileInline(`
dealgraph: 1
name: sensitivities
currency: USD
horizon: { start: 2026-01, end: 2026-12 }
parties: { Shop: company }
forecasts:
  Shop:
    opening-cash: 100K
    lines:
      units: { kind: revenue, per-month: { 2026-01: 0 } }
      revenue: { kind: revenue, formula: "0" }
      costs: { kind: cost, formula: "0" }
`);
const model = prepareSimulation(compiled, {
  company: "Shop",
  drivers: [
    { name: "price", dimension: "money", base: 10 },
    { name: "volume", dimension: "number", base: 1000 },
    { name: "cost-share", dimension: "number", base: 0.5 },
    { name: "rent", dimension: "money", base: 2000 },
  ],
  lines: [
    { kind: "formula", name: "revenue", formula: formula("price * volume") },
    { kind: "formula", name: "costs", formula: formula("revenue * cost-share + rent") },
  ],
}).value!;

const drivers = [
  { driver: "price", distribution: { kind: "range" as const, low: 8, high: 12 } },
  { driver: "volume", distribution: { kind: "uniform" as const, low: 500, high: 1500 } },
  { driver: "cost-share", distribution: { kind: "triangular" as const, low: 0.4, mode: 0.5, high: 0.6 } },
  { driver: "rent", distribution: { kind: "discrete" as const, values: [1500, 2500], probabilities: [0.5, 0.5] } },
];

describe("sensitivities", () => {
  it("swing each driver from p10 to p90 with the others at base, largest swing first", () => {
    const { value: tornado, diagnostics } = sensitivities(model, { drivers });
    expect(diagnostics).toEqual([]);
    // Base: 12 × (10 × 1000 − 0.5 × 10 × 1000 − 2000) + 100 K = 136 K.
    expect(tornado!.base).toBe(13_600_000);
    expect(tornado!.rows.map((r) => [r.driver, r.lowInput, r.highInput, r.lowOutput, r.highOutput])).toEqual([
      // volume p10 = 600, p90 = 1400: 12 × (5 × 600 − 2000) + 100 K = 112 K … 12 × (5 × 1400 − 2000) + 100 K = 160 K
      ["volume", 600, 1400, 11_200_000, 16_000_000],
      ["price", 8.4, 11.6, 12_640_000, 14_560_000],
      ["cost-share", 0.4447213595499958, 0.5552786404500042, 14_263_348, 12_936_652], // costs rounded to the cent each month
      ["rent", 1500, 2500, 14_200_000, 13_000_000],
    ]);
    expect(tornado!.rows[0]!.swing).toBe(4_800_000);
  });

  it("can measure the whole range and another figure: the lowest cash", () => {
    const { value } = sensitivities(model, { drivers, low: 0, high: 1, measure: { kind: "lowest-cash" } });
    expect(value!.rows[0]).toMatchObject({ driver: "volume", lowInput: 500, highInput: 1500 });
  });

  describe("invalid input", () => {
    it("reports an unknown driver and quantiles out of order", () => {
      const codes = sensitivities(model, { drivers: [{ driver: "weather", distribution: { kind: "uniform", low: 0, high: 1 } }], low: 0.9, high: 0.1 }).diagnostics.map((d) => d.code);
      expect(codes).toEqual(["E_SIM_UNKNOWN_DRIVER", "E_SIM_RANGE_ORDER"]);
    });
  });
});

describe("charts", () => {
  it("draws a cash fan with labelled axes, bands and the median", () => {
    const result = runSimulationHere(planSimulation(model, { runs: 200, seed: 7, drivers, percentiles: [10, 25, 50, 75, 90] }).value!);
    const svg = renderCashFan(result, { title: "Shop <cash>" });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="320"')).toBe(true);
    expect(svg).toContain("<title>Shop &lt;cash&gt;</title>");
    expect(svg.match(/<polygon /g)).toHaveLength(2); // p10–p90 and p25–p75
    expect(svg).toContain("<title>p50</title>");
    expect(svg).toContain(">2026-01</text>");
    expect(svg).toContain(">cash (USD)</text>");
    expect(svg).toContain(">100 K</text>");
    expect(svg.endsWith("</svg>")).toBe(true);
  });

  it("draws a tornado with one bar pair per driver, largest on top, and the base line", () => {
    const svg = renderTornado(sensitivities(model, { drivers }).value!);
    expect(svg.match(/<rect /g)).toHaveLength(8);
    expect(svg.indexOf(">volume</text>")).toBeLessThan(svg.indexOf(">price</text>"));
    expect(svg).toContain(">base 136 K</text>");
  });
});
