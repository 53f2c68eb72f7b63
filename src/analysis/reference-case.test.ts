/**
 * The reference case (shared/cases/openai-2026-02-round.md): every figure the case gives, as the
 * example model reproduces it.
 */
import { describe, expect, it } from "vitest";
import { loadModelFile } from "../model/index.js";
import { money } from "../money/money.js";
import { ratio } from "../money/ratio.js";
import { month } from "../time/month.js";
import { analyseModel, type DealAnalysis } from "./analyse-model.js";

const B = (n: number): bigint => BigInt(n) * 1_000_000_000n * 100n; // billions of USD in cents

function analysis(): DealAnalysis {
  const loaded = loadModelFile("examples/openai-2026-02.yaml");
  expect(loaded.diagnostics).toEqual([]);
  const result = analyseModel(loaded.model!, loaded.sources.get("examples/openai-2026-02.yaml")?.text);
  expect(result.diagnostics).toEqual([]);
  return result.analysis!;
}

describe("the February 2026 OpenAI round", () => {
  const a = analysis();
  const round = a.rounds.find((r) => r.name === "round-2026-02")!;

  it("is priced at 730 B pre-money, 840 B post-money with every tranche, 805 B without the conditional 35 B", () => {
    expect(round.preMoney.value.value).toBe(B(730));
    expect(round.withConditional.postMoney.value.value).toBe(B(840));
    expect(round.withoutConditional.postMoney.value.value).toBe(B(805));
  });

  it("gives Amazon 50/840, Nvidia and SoftBank 30/840 each", () => {
    const stakes = Object.fromEntries(round.withConditional.investors.map((i) => [i.investor, i.stake.value.value]));
    expect(stakes).toEqual({ Amazon: ratio(50n, 840n), Nvidia: ratio(30n, 840n), SoftBank: ratio(30n, 840n) });
    const without = Object.fromEntries(round.withoutConditional.investors.map((i) => [i.investor, i.stake.value.value]));
    expect(without).toEqual({ Amazon: ratio(15n, 805n), Nvidia: ratio(30n, 805n), SoftBank: ratio(30n, 805n) });
  });

  it("steps up 730/500 = 1.46x from the October 2025 mark", () => {
    expect(round.stepUp?.value.value).toEqual(ratio(73n, 50n));
  });

  it("brings 75 B for certain at signing and 35 B on Amazon's conditions", () => {
    const cash = a.cash.find((c) => c.company === "OpenAI")!;
    const atSigning = cash.arrivals.find((r) => r.month === month(2026, 2))!;
    expect(atSigning).toEqual({ month: month(2026, 2), certain: money(B(75)), conditional: money(0n) });
    expect(cash.conditionalTotal.value.value).toBe(B(35));
    expect(round.conditionalTranches).toEqual([{ investor: "Amazon", amount: B(35), condition: "amazon-conditions", probability: ratio(3n, 5n) }]);
  });

  it("spends 665 B through 2030, 111 B more than before, against the round's 110 B (75 B certain)", () => {
    const outlook = a.cash.find((c) => c.company === "OpenAI")!.outlooks[0]!;
    expect(outlook.cumulativeOutflow.value.value).toBe(B(665));
    expect(outlook.added?.value.value).toBe(B(111));
    expect(outlook.round).toBe("round-2026-02");
    expect(outlook.shortfall?.withConditional.value.value).toBe(B(1));
    expect(outlook.shortfall?.withoutConditional.value.value).toBe(B(36));
    // The ledger agrees: every outflow of OpenAI over the horizon adds up to the calibrated 665 B.
    expect(a.cash[0]?.outflow.value.value).toBe(B(665));
  });

  it("finds the stateless-API placement on AWS in breach of Azure's exclusivity, and only that one", () => {
    expect(a.exclusivity.breaches.map((b) => [b.placement, b.contract])).toEqual([["stateless-api-for-amazon-apps", "azure-stateless-apis"]]);
  });

  it("counts AWS's contracts as money returning to Amazon, and Nvidia's capacity to Nvidia", () => {
    const amazon = a.circularity.find((r) => r.investor === "Amazon")!;
    expect(amazon.group).toEqual(["Amazon", "AWS"]);
    expect(amazon.lines.map((l) => l.item).sort()).toEqual(["contracts.aws-2025", "contracts.aws-2026"]);
    const nvidia = a.circularity.find((r) => r.investor === "Nvidia")!;
    expect(nvidia.returned.value.value).toBe(B(175)); // 5 GW × 35 B/GW, all delivered 2027–2030
  });

  it("lists the figures the case does not give as assumptions with their reasons", () => {
    const paths = a.assumptions.assumptions.map((f) => f.path);
    for (const p of ["contracts.aws-2025.schedule", "contracts.aws-2026.schedule", "contracts.nvidia-vera-rubin.price", "contracts.microsoft-revenue-share.rate", "forecasts.OpenAI.lines.other-outflow.per-year.2030"]) expect(paths).toContain(p);
    expect(a.assumptions.unstated).toEqual([]);
  });

  it("keeps the ledger balanced in every scenario", () => {
    for (const l of [a.ledgers.base, a.ledgers.all, a.ledgers.none]) expect(l.balanced).toBe(true);
  });
});
