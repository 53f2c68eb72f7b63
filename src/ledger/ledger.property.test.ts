/**
 * The ledger's invariants, on generated valid models: every month's postings sum to zero, every
 * posting moves a positive amount, and each account's closing balance is exactly what the
 * postings into and out of it add up to.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyseModel } from "../analysis/analyse-model.js";
import { readModelText } from "../model/index.js";

const cents = (c: bigint): string => `${c / 100n}.${String(c % 100n).padStart(2, "0")}`;
const ym = (index: number): string => `${2025 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;

/** A valid model: a company, investors, suppliers (some affiliated), a round with dated and conditional tranches, contracts, a forecast. */
const modelText = fc
  .record({
    months: fc.integer({ min: 12, max: 48 }),
    investors: fc.integer({ min: 1, max: 3 }),
    suppliers: fc.integer({ min: 1, max: 3 }),
    conditions: fc.array(fc.record({ at: fc.nat(), met: fc.boolean(), probability: fc.integer({ min: 0, max: 100 }) }), { maxLength: 2 }),
    roundAt: fc.nat(),
    preMoney: fc.bigInt({ min: 100n, max: 10n ** 14n }),
    tranches: fc.array(fc.record({ investor: fc.nat(), amount: fc.bigInt({ min: 1n, max: 10n ** 13n }), delay: fc.nat({ max: 30 }), condition: fc.option(fc.nat(), { nil: undefined }) }), { minLength: 1, maxLength: 6 }),
    contracts: fc.array(fc.record({ supplier: fc.nat(), total: fc.bigInt({ min: 1n, max: 10n ** 13n }), start: fc.integer({ min: -24, max: 40 }), years: fc.integer({ min: 1, max: 6 }), ramp: fc.boolean() }), { maxLength: 4 }),
    revenue: fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 4 }),
    growth: fc.integer({ min: 0, max: 200 }),
    costFactor: fc.integer({ min: 0, max: 150 }),
    share: fc.option(fc.record({ rate: fc.integer({ min: 1, max: 100 }), through: fc.integer({ min: 0, max: 100 }) }), { nil: undefined }),
    opening: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  })
  .map((g) => {
    const inHorizon = (n: number): number => n % g.months;
    const roundAt = inHorizon(g.roundAt);
    const lines: string[] = [`name: generated`, `horizon: { start: ${ym(0)}, end: ${ym(g.months - 1)} }`, "parties:", "  Co: company"];
    for (let i = 0; i < g.investors; i++) lines.push(`  I${i}: investor`);
    for (let s = 0; s < g.suppliers; s++) lines.push(s % 2 === 1 ? `  S${s}: { kind: supplier, affiliate-of: I${s % g.investors} }` : `  S${s}: supplier`);
    if (g.conditions.length > 0) {
      lines.push("conditions:");
      g.conditions.forEach((c, i) => lines.push(`  c${i}: { description: generated, probability: ${c.probability}%, expected: ${ym(roundAt + (c.at % (g.months - roundAt)))}, base-case: ${c.met ? "met" : "not-met"} }`));
    }
    lines.push("rounds:", "  r:", "    company: Co", `    date: ${ym(roundAt)}`, `    pre-money: ${cents(g.preMoney)}`, "    commitments:");
    const byInvestor = new Map<number, string[]>();
    for (const t of g.tranches) {
      const investor = t.investor % g.investors;
      const timing = t.condition !== undefined && g.conditions.length > 0 ? `condition: c${t.condition % g.conditions.length}` : `date: ${ym(Math.min(g.months - 1, roundAt + t.delay))}`;
      byInvestor.set(investor, [...(byInvestor.get(investor) ?? []), `        - { amount: ${cents(t.amount)}, ${timing} }`]);
    }
    for (const [investor, tranches] of byInvestor) lines.push(`      I${investor}:`, "        tranches:", ...tranches.map((t) => t.replace(/^ {8}/, "          ")));
    if (g.contracts.length > 0 || g.share) lines.push("contracts:");
    g.contracts.forEach((c, i) => {
      const start = Math.max(-24, Math.min(g.months - 1, c.start));
      const startText = start < 0 ? `${2024 - Math.floor((-start - 1) / 12)}-${String(12 - ((-start - 1) % 12)).padStart(2, "0")}` : ym(start);
      lines.push(`  k${i}: { kind: purchase, buyer: Co, seller: S${c.supplier % g.suppliers}, total: ${cents(c.total)}, term: { start: ${startText}, years: ${c.years} }, schedule: ${c.ramp ? "ramp" : "even"} }`);
    });
    if (g.share) lines.push(`  share: { kind: revenue-share, payer: Co, payee: I0, rate: ${g.share.rate}%, through: [S0] }`);
    lines.push("forecasts:", "  Co:", `    opening-cash: ${cents(g.opening)}`, "    lines:", "      revenue:", "        kind: revenue", "        per-year:");
    g.revenue.slice(0, Math.ceil(g.months / 12)).forEach((r, i) => lines.push(`          ${2025 + i}: ${cents(r)}`));
    lines.push(`        growth: ${g.growth}%`);
    if (g.share) lines.push(`        through: { S0: ${g.share.through}% }`);
    lines.push("      costs:", "        kind: cost", `        formula: "${g.costFactor / 100} * revenue + last(costs) * 0.01"`);
    return `${lines.join("\n")}\n`;
  });

describe("the ledger on generated valid models", () => {
  it("balances every month, posts only positive amounts, and closes each account at the sum of its postings", () => {
    fc.assert(
      fc.property(modelText, (text) => {
        const read = readModelText("generated.yaml", text);
        expect(read.diagnostics.filter((d) => d.severity === "error"), text).toEqual([]);
        if (!read.model) return;
        const { analysis, diagnostics } = analyseModel(read.model, text);
        expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        if (!analysis) return;
        for (const ledger of [analysis.ledgers.base, analysis.ledgers.all, analysis.ledgers.none]) {
          expect(ledger.balanced).toBe(true);
          expect(ledger.monthTotals.every((t) => t === 0n)).toBe(true);
          const closing = new Map<string, bigint>();
          for (const p of ledger.journal.postings) {
            expect(p.amount > 0n).toBe(true);
            closing.set(p.from, (closing.get(p.from) ?? 0n) - p.amount);
            closing.set(p.to, (closing.get(p.to) ?? 0n) + p.amount);
          }
          let all = 0n;
          for (const [account, balance] of ledger.balance) {
            expect(balance[ledger.months - 1]).toBe(closing.get(account) ?? 0n);
            all += balance[ledger.months - 1] ?? 0n;
          }
          expect(all).toBe(0n);
        }
        // No condition met posts exactly the conditional tranches fewer than every condition met.
        const conditional = analysis.model.flows.filter((f) => f.condition !== undefined && f.month <= analysis.model.end).length;
        expect(analysis.ledgers.all.postingCount - analysis.ledgers.none.postingCount).toBe(conditional);
      }),
      { numRuns: 150 },
    );
  });
});
