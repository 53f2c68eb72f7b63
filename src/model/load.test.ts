import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderDiagnostics } from "../diagnostics/render.js";
import { money } from "../money/money.js";
import { ratio } from "../money/ratio.js";
import { month } from "../time/month.js";
import { readModelText } from "./load.js";
import type { ModelInput } from "./types.js";

/** The reference case (docs/model-language.md), every construct of the language at least once. */
const OPENAI = `dealgraph: 1
name: OpenAI, February 2026 round
currency: USD
horizon: { start: 2025-01, end: 2030-12 }

sources:
  afp-2026-02-27: { title: "AFP via fashionunited.uk", date: 2026-02-27, url: "https://fashionunited.uk/" }

parties:
  OpenAI: { kind: company }
  Amazon: investor
  AWS: { kind: supplier, affiliate-of: Amazon, description: "Amazon Web Services" }
  Nvidia: supplier
  SoftBank: investor
  Microsoft: partner

conditions:
  amazon-conditions:
    description: Undisclosed conditions for Amazon's second tranche
    probability: { value: 60%, assumption: "not disclosed; press speaks of milestones or an IPO" }
    expected: 2026-09
    base-case: met

rounds:
  series-2026-02:
    company: OpenAI
    date: 2026-02-27
    pre-money: { value: 730B, source: afp-2026-02-27 }
    previous-mark: { value: 500B, source: "secondary sale, October 2025" }
    announced-size: { value: 110B, source: afp-2026-02-27 }
    rolling-close: { final-close: 2026-06 }
    commitments:
      Amazon:
        joins: 2026-02
        tranches:
          - { amount: 15B, date: 2026-02 }
          - { amount: { value: 35B, source: afp-2026-02-27 }, condition: amazon-conditions }
      Nvidia: 30B
      SoftBank: { value: 30B, source: afp-2026-02-27 }

contracts:
  aws-2025:
    kind: purchase
    buyer: OpenAI
    seller: AWS
    total: { value: 38B, source: afp-2026-02-27 }
    term: { start: 2025-11, years: 7 }
    schedule: even
  aws-2026:
    kind: purchase
    extends: aws-2025
    total: 100B
    term: { start: 2026-03, years: 8 }
    schedule: ramp
  nvidia-vera-rubin:
    kind: capacity
    buyer: OpenAI
    seller: Nvidia
    quantity: { value: 5 GW, source: afp-2026-02-27 }
    price: { value: 35B/GW, assumption: "no dollar amount reported" }
    term: { start: 2027-01, end: 2030-12 }
    schedule: even
  microsoft-revenue-share:
    kind: revenue-share
    payer: OpenAI
    payee: Microsoft
    rate: { value: 20%, assumption: "rate not reported" }
    lines: [revenue]
    through: [AWS]
  azure-stateless:
    kind: exclusivity
    provider: Microsoft
    customer: OpenAI
    scope: [stateless-api]

placements:
  frontier-stateless-on-aws:
    customer: OpenAI
    workload: stateless-api
    provider: AWS
    via: Amazon
    from: 2026-06

forecasts:
  OpenAI:
    opening-cash: { value: 40B, assumption: "not reported" }
    lines:
      revenue:
        kind: revenue
        per-year: { 2025: 13B, 2026: 30B }
        growth: 60%
        through: { AWS: 10% }
      inference:
        kind: cost
        formula: "0.5 * revenue + max(0, last(inference) * 0.01)"
        payee: Nvidia
      other-costs:
        kind: cost
        per-month: { 2025-01: 1B }
        calibrate: { total: 665B, through: 2030-12, scope: outflow, previous: 554B }
`;

function readValid(text: string): ModelInput {
  const result = readModelText("openai.yaml", text);
  expect(renderDiagnostics(result.diagnostics, new Map([["openai.yaml", { path: "openai.yaml", text }]]))).toBe("");
  if (!result.model) throw new Error("expected a model");
  return result.model;
}

/** The text a located value was read from, to check that spans point at the right characters. */
const written = (text: string, at: { span: { start: number; end: number } }): string => text.slice(at.span.start, at.span.end);

describe("readModelText on the reference case", () => {
  const model = readValid(OPENAI);

  it("reads the header", () => {
    expect(model.name).toBe("OpenAI, February 2026 round");
    expect(model.currency).toBe("USD");
    expect(model.horizon.start).toBe(month(2025, 1));
    expect(model.horizon.end).toBe(month(2030, 12));
    expect(model.sources).toMatchObject([{ id: "afp-2026-02-27", title: "AFP via fashionunited.uk", date: "2026-02-27", url: "https://fashionunited.uk/" }]);
  });

  it("reads parties in file order, with shorthand kinds and affiliations", () => {
    expect(model.parties.map((p) => [p.name, p.kind, p.affiliateOf?.name])).toEqual([
      ["OpenAI", "company", undefined],
      ["Amazon", "investor", undefined],
      ["AWS", "supplier", "Amazon"],
      ["Nvidia", "supplier", undefined],
      ["SoftBank", "investor", undefined],
      ["Microsoft", "partner", undefined],
    ]);
    expect(model.parties[2]?.description).toBe("Amazon Web Services");
  });

  it("reads a condition with its probability as an exact ratio and its provenance", () => {
    const [condition] = model.conditions;
    expect(condition?.probability?.value).toEqual(ratio(3n, 5n));
    expect(condition?.probability?.provenance).toEqual({ kind: "assumption", reason: "not disclosed; press speaks of milestones or an IPO" });
    expect(condition?.expected).toBe(month(2026, 9));
    expect(condition?.baseCase).toBe("met");
  });

  describe("the round", () => {
    const round = model.rounds[0];

    it("keeps money exact, in minor units", () => {
      expect(round?.preMoney?.value).toBe(money(73000000000000n));
      expect(round?.previousMark?.value).toBe(money(50000000000000n));
      expect(round?.announcedSize?.value).toBe(money(11000000000000n));
    });

    it("keeps where each figure came from, and where it was written", () => {
      expect(round?.preMoney?.provenance).toEqual({ kind: "source", text: "afp-2026-02-27" });
      expect(round?.previousMark?.provenance).toEqual({ kind: "source", text: "secondary sale, October 2025" });
      expect(written(OPENAI, round!.preMoney!.at)).toBe("730B");
      expect(round?.preMoney?.at.path).toEqual(["rounds", "series-2026-02", "pre-money"]);
    });

    it("reads a day-precise date as its month", () => {
      expect(round?.date).toBe(month(2026, 2));
      expect(written(OPENAI, round!.dateAt)).toBe("2026-02-27");
      expect(round?.rollingClose?.finalClose).toBe(month(2026, 6));
    });

    it("reads every form of commitment", () => {
      const [amazon, nvidia, softbank] = round?.commitments ?? [];
      expect(amazon?.investor.name).toBe("Amazon");
      expect(amazon?.joins).toBe(month(2026, 2));
      expect(amazon?.tranches.map((t) => t.amount.value)).toEqual([money(1500000000000n), money(3500000000000n)]);
      expect(amazon?.tranches[0]?.timing).toMatchObject({ kind: "dated", month: month(2026, 2) });
      expect(amazon?.tranches[1]?.timing).toMatchObject({ kind: "conditional", condition: { name: "amazon-conditions" } });
      expect(nvidia?.tranches).toMatchObject([{ amount: { value: money(3000000000000n), provenance: { kind: "unstated" } }, timing: { kind: "dated", month: month(2026, 2) } }]);
      expect(softbank?.tranches[0]?.amount.provenance).toEqual({ kind: "source", text: "afp-2026-02-27" });
    });
  });

  describe("contracts", () => {
    const byName = new Map(model.contracts.map((c) => [c.name, c]));

    it("reads a purchase with a term in years and a named schedule", () => {
      expect(byName.get("aws-2025")).toMatchObject({
        kind: "purchase",
        buyer: { name: "OpenAI" },
        seller: { name: "AWS" },
        total: { value: money(3800000000000n) },
        term: { start: month(2025, 11), months: 84 },
        schedule: { kind: "even" },
      });
    });

    it("leaves buyer and seller out of a contract that extends another", () => {
      const extended = byName.get("aws-2026");
      expect(extended).toMatchObject({ kind: "purchase", extends: { name: "aws-2025" }, schedule: { kind: "ramp" }, term: { months: 96 } });
      expect(extended && "buyer" in extended).toBe(false);
    });

    it("reads a capacity contract's quantity and unit price exactly, and an inclusive end", () => {
      expect(byName.get("nvidia-vera-rubin")).toMatchObject({
        kind: "capacity",
        quantity: { value: { value: ratio(5n), unit: "GW" }, provenance: { kind: "source" } },
        price: { value: { value: ratio(35000000000n), unit: "GW" }, provenance: { kind: "assumption" } },
        term: { start: month(2027, 1), months: 48 },
      });
    });

    it("reads a revenue share and an exclusivity", () => {
      expect(byName.get("microsoft-revenue-share")).toMatchObject({
        kind: "revenue-share",
        payer: { name: "OpenAI" },
        payee: { name: "Microsoft" },
        rate: { value: ratio(1n, 5n) },
        lines: [{ name: "revenue" }],
        through: [{ name: "AWS" }],
      });
      expect(byName.get("azure-stateless")).toMatchObject({ kind: "exclusivity", provider: { name: "Microsoft" }, customer: { name: "OpenAI" }, scope: ["stateless-api"] });
    });
  });

  it("reads a placement", () => {
    expect(model.placements).toMatchObject([{ name: "frontier-stateless-on-aws", customer: { name: "OpenAI" }, workload: "stateless-api", provider: { name: "AWS" }, via: { name: "Amazon" }, from: month(2026, 6) }]);
  });

  describe("the forecast", () => {
    const forecast = model.forecasts[0];
    const line = (name: string) => forecast?.lines.find((l) => l.name === name);

    it("reads opening cash and per-year amounts with growth and channels", () => {
      expect(forecast?.openingCash?.value).toBe(money(4000000000000n));
      expect(line("revenue")?.definition).toMatchObject({
        kind: "per-year",
        amounts: [
          { year: 2025, amount: { value: money(1300000000000n) } },
          { year: 2026, amount: { value: money(3000000000000n) } },
        ],
        growth: { value: ratio(3n, 5n) },
      });
      expect(line("revenue")?.through).toMatchObject([{ party: { name: "AWS" }, share: { value: ratio(1n, 10n) } }]);
    });

    it("parses a formula, with spans inside the YAML scalar", () => {
      const definition = line("inference")?.definition;
      if (definition?.kind !== "formula") throw new Error("expected a formula");
      expect(definition.text).toBe("0.5 * revenue + max(0, last(inference) * 0.01)");
      expect(definition.formula).toMatchObject({
        kind: "binary",
        op: "+",
        left: { kind: "binary", op: "*", left: { kind: "number", value: ratio(1n, 2n) }, right: { kind: "line", name: "revenue" } },
        right: { kind: "call", fn: "max", args: [{ kind: "number" }, { kind: "binary", op: "*", left: { kind: "last", name: "inference" } }] },
      });
      if (definition.formula.kind !== "binary" || definition.formula.left.kind !== "binary") throw new Error("unexpected shape");
      expect(written(OPENAI, definition.formula.left.right.at)).toBe("revenue");
      expect(written(OPENAI, definition.formula.right.at)).toBe("max(0, last(inference) * 0.01)");
      expect(line("inference")?.payee?.name).toBe("Nvidia");
    });

    it("reads per-month amounts and a calibration", () => {
      expect(line("other-costs")?.definition).toMatchObject({ kind: "per-month", amounts: [{ month: month(2025, 1), amount: { value: money(100000000000n) } }] });
      expect(line("other-costs")?.calibrate).toMatchObject({ total: { value: money(66500000000000n) }, through: month(2030, 12), scope: "outflow", previous: { value: money(55400000000000n) } });
    });
  });
});

describe("readModelText on JSON", () => {
  it("reads the same model written as JSON, with positions", () => {
    const text = JSON.stringify({
      name: "JSON model",
      horizon: "2025-01..2030-12",
      parties: { OpenAI: "company", Nvidia: "investor" },
      rounds: { "series-a": { company: "OpenAI", date: "2026-02", "pre-money": "730B", commitments: { Nvidia: 30000000000 } } },
    }, null, 2);
    const model = readValid(text);
    const tranche = model.rounds[0]?.commitments[0]?.tranches[0];
    expect(tranche?.amount.value).toBe(money(3000000000000n));
    expect(written(text, tranche!.amount.at)).toBe("30000000000");
    expect(model.rounds[0]?.preMoney?.value).toBe(money(73000000000000n));
  });
});

describe("invalid input", () => {
  it("returns every problem of a file at once, sorted by position", () => {
    const text = `name: Several problems
horizon: 2025-01..2030-12
parties:
  OpenAI: company
  Amazon: investor
rounds:
  series-a:
    company: OpenAI
    date: 2026-13
    pre-money: -730B
    commitments:
      Amazn: 50B
      Amazon: { value: 20B, sorce: AFP }
`;
    const result = readModelText("several.yaml", text);
    expect(result.model).toBeUndefined();
    expect(renderDiagnostics(result.diagnostics, new Map([["several.yaml", { path: "several.yaml", text }]]))).toBe(`several.yaml:9:11: error E_BAD_DATE: "2026-13" is not a calendar date
  9 |     date: 2026-13
    |           ^^^^^^^
  hint: dates are YYYY-MM or YYYY-MM-DD, e.g. 2026-02 or 2026-02-27

several.yaml:10:16: error E_NONPOSITIVE_AMOUNT: pre-money must be greater than zero, not "-730B"
  10 |     pre-money: -730B
     |                ^^^^^

several.yaml:12:7: error E_UNKNOWN_PARTY: investor "Amazn" is not a party of this model
  12 |       Amazn: 50B
     |       ^^^^^
  hint: did you mean "Amazon"?

several.yaml:13:29: error E_UNKNOWN_KEY: the amount of Amazon's commitment has no key "sorce"
  13 |       Amazon: { value: 20B, sorce: AFP }
     |                             ^^^^^
  hint: did you mean "source"?

4 errors, 0 warnings
`);
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = readModelText("any.yaml", text);
        expect(result.model === undefined).toBe(result.diagnostics.some((d) => d.severity === "error"));
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on a mutated valid model, and every span stays inside the text", () => {
    const fragments = [":", "-", "- ", "[", "]", "{", "}", '"', "'", ",", "0", "-1B", "150%", "2031-01", "2026-02-30", "*a", "&a ", "\n", "  ", "\t", "kind: ", "extends: aws-2026", "last(", "revenue)", "1e400", "99999999999999999999B", "~", "null", "!!str "];
    const mutation = fc.record({
      at: fc.nat({ max: OPENAI.length }),
      remove: fc.nat({ max: 12 }),
      insert: fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 6 })),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let text = OPENAI;
        for (const m of mutations) {
          const at = Math.min(m.at, text.length);
          text = text.slice(0, at) + m.insert + text.slice(at + m.remove);
        }
        const result = readModelText("mutated.yaml", text);
        for (const d of result.diagnostics) {
          expect(d.span?.start ?? 0).toBeLessThanOrEqual(text.length);
          expect(d.span?.end ?? 0).toBeLessThanOrEqual(text.length);
        }
        expect(() => renderDiagnostics(result.diagnostics, new Map([["mutated.yaml", { path: "mutated.yaml", text }]]))).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});
