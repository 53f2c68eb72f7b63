/**
 * Property tests of the equity path on generated model files (test-support/equity-models.ts):
 * reading, compiling, cap tables, waterfalls and payout curves never throw on any model; a model
 * the reader or the core rejects gives error diagnostics; and every result the path returns keeps
 * the invariants of src/equity/test-support/invariants.ts. The front door's operations (what
 * the CLI calls) are run on the same models' text.
 *
 * DEALGRAPH_FUZZ_RUNS raises the number of runs for a longer search (default 200).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileEquity, type CompiledEquity } from "../compile/equity.js";
import { capTableAt, computePayoutCurve, computeWaterfall, type FullyDilutedBasis } from "../equity/index.js";
import { expectCapTableInvariants, expectCurveMatchesWaterfall, expectMonotone, expectWaterfallInvariants } from "../equity/test-support/invariants.js";
import { readModelText } from "../model/load.js";
import { money, type Money } from "../money/money.js";
import { compareRatio, ratio, ZERO_RATIO } from "../money/ratio.js";
import { payoutChartSvg } from "../report/payout-chart.js";
import { capTableJson, payoutCurveJson, renderCapTable, renderPayoutCurve, renderWaterfall, waterfallJson } from "../report/equity-text.js";
import { capTable, payoutCurve, waterfall } from "./equity-operations.js";
import { checkModel } from "./operations.js";
import { equityModelText, type Currency } from "./test-support/equity-models.js";

const RUNS = Number(process.env.DEALGRAPH_FUZZ_RUNS ?? 200);
const hasError = (ds: ReadonlyArray<{ severity: string }>): boolean => ds.some((d) => d.severity === "error");

/** Dates worth taking a cap table at: the horizon's edges, the financing's date and the day before, a day outside. */
function datesFor(eq: CompiledEquity): string[] {
  const dates = ["2024-01-01", "2027-12-31", "2030-06-30"];
  if (eq.financing) {
    const d = new Date(`${eq.financing.date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    dates.push(eq.financing.date, d.toISOString().slice(0, 10));
  }
  return dates;
}

/** The two cases every report shows: every condition met, none. */
const cases = (eq: CompiledEquity): string[][] => [[...eq.conditions], []];

/** Exit values in minor units: zero, one unit, and up to 10^15 major units of yen (2^53 − 1 is the ceiling). */
const exitArb = (currency: Currency): fc.Arbitrary<bigint> =>
  fc.oneof(fc.constantFrom(0n, 1n, 2n, 99n, 10n ** 9n, 12n * 10n ** 9n, currency === "JPY" ? 10n ** 15n : 9_007_199_254_740_991n), fc.bigInt({ min: 0n, max: 10n ** 13n }));
const costsArb = fc.record({ transactionCosts: fc.constantFrom(0n, 1n, 500_000n).map(money), debt: fc.constantFrom(0n, 1n, 10n ** 9n).map(money) }, { requiredKeys: [] });
const basisArb: fc.Arbitrary<FullyDilutedBasis> = fc.record({ includeUnissuedPool: fc.boolean(), includeConvertibles: fc.boolean(), includeUnvestedOptions: fc.boolean() });

const modelArb = equityModelText().chain((model) => fc.record({ model: fc.constant(model), exits: fc.array(exitArb(model.currency), { minLength: 1, maxLength: 4 }), costs: costsArb, basis: basisArb }));

describe("the equity path on generated models", () => {
  it("reads, compiles, and gives cap tables that add up, or diagnostics — never a throw", () => {
    fc.assert(
      fc.property(modelArb, ({ model, basis }) => {
        const read = readModelText("fuzz.yaml", model.text);
        if (!read.model) return void expect(hasError(read.diagnostics)).toBe(true);
        const compiled = compileEquity(read.model);
        if (compiled.value.length === 0) expect(hasError(compiled.diagnostics)).toBe(true);
        for (const eq of compiled.value) {
          for (const date of datesFor(eq)) {
            for (const met of cases(eq)) {
              const before = eq.financing !== undefined && date < eq.financing.date;
              const table = capTableAt(eq.capTable, { date, metConditions: met, basis, ...(before ? { convertibles: eq.unconverted } : {}) });
              expect(table.value).not.toBeNull();
              expectCapTableInvariants(eq.capTable, table.value!);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("pays exactly the proceeds, in equilibrium, at every exit value, or says why not", () => {
    fc.assert(
      fc.property(modelArb, ({ model, exits, costs }) => {
        const read = readModelText("fuzz.yaml", model.text);
        if (!read.model) return;
        for (const eq of compileEquity(read.model).value) {
          for (const date of datesFor(eq)) {
            for (const met of cases(eq)) {
              for (const exit of exits) {
                const scenario = { ...costs, exitValue: money(exit) };
                const options = { date, metConditions: met };
                const r = computeWaterfall(eq.capTable, scenario, options);
                if (r.value === null) expect(hasError(r.diagnostics)).toBe(true);
                else expectWaterfallInvariants(eq.capTable, scenario, options, r.value);
              }
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("gives payout curves that rise with the exit value and agree with the waterfall at their points and breakpoints", () => {
    fc.assert(
      fc.property(modelArb, ({ model, exits, costs }) => {
        const read = readModelText("fuzz.yaml", model.text);
        if (!read.model) return;
        for (const eq of compileEquity(read.model).value) {
          const date = datesFor(eq)[1]!;
          for (const met of cases(eq)) {
            const options = { date, metConditions: met };
            const sorted = [...new Set(exits)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(money);
            const r = computePayoutCurve(eq.capTable, costs, sorted, options);
            if (r.value === null) {
              expect(hasError(r.diagnostics)).toBe(true);
              continue;
            }
            if (hasError(r.diagnostics)) {
              expect(r.diagnostics.map((d) => d.code)).toContain("E_EQUITY_NO_EQUILIBRIUM"); // reported, no payouts to check
              continue;
            }
            const curve = r.value;
            for (let k = 0; k < sorted.length; k++) {
              expectCurveMatchesWaterfall(eq.capTable, costs, options, curve, k);
              if (k > 0) expectMonotone(curve, k - 1, k);
            }
            // At the breakpoints themselves: the minor units either side of each.
            const at = curve.breakpoints.flatMap((b): Money[] => {
              const floor = b.exitValue.num / b.exitValue.den;
              return [money(floor), money(floor + 1n)];
            });
            const atBreakpoints = computePayoutCurve(eq.capTable, costs, at, options);
            if (atBreakpoints.value === null) {
              expect(atBreakpoints.diagnostics.map((d) => d.code)).toEqual(["E_EQUITY_NO_SHARES"]); // proceeds past where costs and debt are covered
              continue;
            }
            expect(atBreakpoints.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
            at.forEach((_, k) => expectCurveMatchesWaterfall(eq.capTable, costs, options, atBreakpoints.value!, k));
            // Breakpoints come in order, each at proceeds of zero or more.
            curve.breakpoints.forEach((b, j) => {
              expect(compareRatio(b.proceeds, ZERO_RATIO)).toBeGreaterThanOrEqual(0);
              if (j > 0) expect(compareRatio(b.exitValue, curve.breakpoints[j - 1]!.exitValue)).toBeGreaterThan(0);
            });
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("prices a financing on the capitalization the cap table shows: the post-money count is the fully diluted total at the round's date", () => {
    fc.assert(
      fc.property(equityModelText({ invalid: false }), ({ text }) => {
        const read = readModelText("fuzz.yaml", text);
        if (!read.model) return;
        for (const eq of compileEquity(read.model).value) {
          const f = eq.financing;
          if (!f) continue;
          const table = capTableAt(eq.capTable, { date: f.date, metConditions: eq.conditions });
          const total = table.value!.totals.fullyDiluted;
          // Tranches dated after the round are not issued yet at its date. The round counts the
          // existing shares as converted rounded down to a whole share (docs/equity.md).
          const later = f.issued.filter((t) => t.date > f.date).reduce((a, t) => a + t.shares, 0n);
          expect(total.num / total.den).toBe(f.result.postMoneyFullyDiluted - later);
          for (const c of f.result.conversions) expect(compareRatio(c.conversionPrice, f.result.roundPrice)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("cases the property tests found", () => {
  const model = (equity: string, round = "seed: { company: Acme, date: 2026-03, pre-money: 10M, commitments: { Lead: 2M } }"): string =>
    `name: found by the property tests\nhorizon: { start: 2026-01, end: 2026-12 }\nparties: { Acme: company, Lead: investor }\nrounds:\n  ${round}\nequity:\n  Acme:\n${equity}`;

  it("prices a round on the unissued shares of every pool, not only the one it tops up", () => {
    // Founder 8,000,000; pools A and B reserve 1,000,000 each, nothing granted; $10M pre-money,
    // $2M new money, no top-up. The capitalization is 8M + 1M (B) + 1M (A) = 10M shares, so the
    // price is $1.0000 and the round issues 2,000,000 shares: post-money 12,000,000, which is the
    // cap table's fully diluted total. Pool B used to be left out: $10M / 9M = $1.1111, 1,800,018
    // shares, a post-money of 10,800,018 against a cap table of 11,800,018.
    const read = readModelText(
      "two-pools.yaml",
      model(`    classes: { common: common, seed: { kind: preferred, seniority: 1 } }
    pools: { a: { class: common, reserved: 1M }, b: { class: common, reserved: 1M } }
    holdings: [ { holder: Founder, class: common, shares: 8M } ]
    financing: { round: seed, class: seed, pool: a }
`),
    );
    const [eq] = compileEquity(read.model!).value;
    expect([eq!.financing!.result.roundPrice, eq!.financing!.result.newInvestorShares, eq!.financing!.result.postMoneyFullyDiluted]).toEqual([ratio(100n), 2_000_000n, 12_000_000n]);
    expect(capTableAt(eq!.capTable, { date: "2026-03-01" }).value!.totals.fullyDiluted).toEqual(ratio(12_000_000n));
  });

  it("counts another pool's unissued shares as converted, as the cap table does", () => {
    // Founder 8,000,000 common; pool a (common) is the financing's, 1,000,000, no top-up; pool b
    // reserves 500,000 shares of a class converting 2 for 1: 1,000,000 as converted. The
    // capitalization is 8M + 1M (b as converted) + 1M (a) = 10M, the price $1.0000, the round
    // issues 2,000,000: post-money 12,000,000, the cap table's fully diluted total. Counting b's
    // raw 500,000 priced the round on 9.5M ($1.0526) and left the post-money 500,000 short.
    const read = readModelText(
      "pool-as-converted.yaml",
      model(`    classes: { common: common, seed: { kind: preferred, seniority: 1 }, founder-pref: { kind: preferred, seniority: 2, issue-price: 1, conversion-ratio: 2 } }
    pools: { a: { class: common, reserved: 1M }, b: { class: founder-pref, reserved: 500K } }
    holdings: [ { holder: Founder, class: common, shares: 8M } ]
    financing: { round: seed, class: seed, pool: a }
`),
    );
    expect(read.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const [eq] = compileEquity(read.model!).value;
    expect([eq!.financing!.result.roundPrice, eq!.financing!.result.newInvestorShares, eq!.financing!.result.postMoneyFullyDiluted]).toEqual([ratio(100n), 2_000_000n, 12_000_000n]);
    expect(capTableAt(eq!.capTable, { date: "2026-03-01" }).value!.totals.fullyDiluted).toEqual(ratio(12_000_000n));
  });

  it("refuses a financing that issues a class converting other than one for one", () => {
    // The round price is per share as converted to common. A class converting 2 for 1 bought at
    // it gave the new money twice the stake it paid for: $2M at $1.0000 bought 2,000,000 shares
    // counted as 4,000,000 in the cap table (and in the waterfall), against 2,000,000 priced.
    const read = readModelText(
      "ratio.yaml",
      model(`    classes: { common: common, seed: { kind: preferred, seniority: 1, conversion-ratio: 2 } }
    holdings: [ { holder: Founder, class: common, shares: 10M } ]
    financing: { round: seed, class: seed }
`),
    );
    expect(read.model).toBeUndefined();
    expect(read.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["E_CONFLICTING_FIELDS", 'the financing issues share class "seed", which converts at 2 common shares a share; the class a financing issues converts one for one'],
    ]);
  });
});

describe("the equity operations on generated model files", () => {

  const flagsArb = (currency: Currency) =>
    fc.record(
      {
        exit: fc.constantFrom("0", "1", currency === "JPY" ? "1000T" : "0.01", "120M", "2.5B", "lots", "-5"),
        range: fc.constantFrom("0..300M", "1..2", "0..1", "5M..5M", "10..0", "0..", currency === "JPY" ? "0..1000T" : "0..90T"),
        steps: fc.constantFrom(1, 7, 60),
        costs: fc.constantFrom("2%", "99.99%", "100%", "5M", "0"),
        debt: fc.constantFrom("0", "1", "50M"),
        at: fc.constantFrom("2024-01-01", "2027-12-31", "2026-04-01", "2026-02-30", "2026-04"),
        basis: fc.subarray(["pool", "unvested", "convertibles", "none", "unvestd"]),
      },
      { requiredKeys: ["exit", "range", "steps"] },
    );

  it("check, captable and waterfall (--exit and --range) return values or diagnostics, and render, never throwing", () => {
    let n = 0;
    fc.assert(
      fc.property(equityModelText().chain((model) => fc.tuple(fc.constant(model), flagsArb(model.currency))), ([model, flags]) => {
        const request = { file: `model-${n++}.yaml`, text: model.text };
        const checked = checkModel(request);
        expect(checked.value !== undefined || hasError(checked.diagnostics)).toBe(true);
        const target = { ...(flags.at ? { at: flags.at } : {}), ...(flags.costs ? { costs: flags.costs } : {}), ...(flags.debt ? { debt: flags.debt } : {}) };
        const table = capTable({ ...request, ...target, ...(flags.basis ? { basis: flags.basis } : {}) });
        if (table.value) [renderCapTable(table.value), JSON.stringify(capTableJson(table.value))].forEach((s) => expect(s.length).toBeGreaterThan(0));
        else expect(hasError(table.diagnostics)).toBe(true);
        const one = waterfall({ ...request, ...target, exit: flags.exit });
        if (one.value) [renderWaterfall(one.value), JSON.stringify(waterfallJson(one.value))].forEach((s) => expect(s.length).toBeGreaterThan(0));
        else expect(hasError(one.diagnostics)).toBe(true);
        const curve = payoutCurve({ ...request, ...target, range: flags.range, steps: flags.steps });
        if (curve.value) [renderPayoutCurve(curve.value), JSON.stringify(payoutCurveJson(curve.value)), payoutChartSvg(curve.value)].forEach((s) => expect(s.length).toBeGreaterThan(0));
        else expect(hasError(curve.diagnostics)).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
