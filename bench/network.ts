/**
 * Benchmark of the network metrics: a seeded network of 100,000 parties (a tenth of them
 * affiliates rolled up to a parent) and 1,000,000 flows, taken through the whole pipeline —
 * build from plain objects, select (window, statuses, probability weighting), roll up,
 * aggregate — and every metric.
 *
 * Run: `npx tsx bench/network.ts`. Target: under 10 s and under 2 GB.
 *
 * Two shapes are measured. `random`: payers are drawn with a heavy tail (a few parties pay very
 * often, as hubs do), payees uniformly, so almost every party ends up in one strongly connected
 * component of about 88,000 parties — the hard case for every circularity metric. `clustered`:
 * nine flows in ten stay within a block of 50 parties (a deal web per sector), the rest go
 * anywhere. One flow in twenty comes from or goes to `external`.
 * Amounts are log-uniform between 10 thousand and 100 million dollars, so the total stays well
 * inside the exact range.
 */
import { pathToFileURL } from "node:url";
import { money } from "../src/money/money.js";
import { ratio } from "../src/money/ratio.js";
import { month, type Month } from "../src/time/month.js";
import { analyseNetwork } from "../src/network/analyse.js";
import { rollUpAffiliates } from "../src/network/affiliates.js";
import { buildFlowSet, FLOW_STATUSES, type FlowInput, type PartyInput } from "../src/network/flow-set.js";
import { aggregateNetwork } from "../src/network/network.js";
import { selectFlows } from "../src/network/selection.js";

const PARTIES = 100_000;
const FLOWS = 1_000_000;
const SEED = 20_260_227;

export interface NetworkBenchRow {
  readonly name: string;
  readonly seconds: number;
  readonly peakRssMB: number;
  readonly [detail: string]: string | number;
}

/** A small seeded generator (xorshift32), so that every run measures the same network. */
function generator(seed: number): () => number {
  let state = seed | 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

export type NetworkShape = "random" | "clustered";

export function benchmarkFlows(shape: NetworkShape = "random"): { parties: PartyInput[]; flows: FlowInput[] } {
  const random = generator(SEED);
  const name = (i: number): string => `party-${i}`;
  const parties: PartyInput[] = [];
  for (let i = 0; i < PARTIES; i++) parties.push(i % 10 === 9 ? { name: name(i), parent: name(i - 9) } : { name: name(i) });
  const firstMonth = month(2025, 1);
  const flows: FlowInput[] = [];
  for (let k = 0; k < FLOWS; k++) {
    const payer = Math.floor(PARTIES * random() ** 2); // heavy tail toward low indices
    const anywhere = Math.floor(PARTIES * random());
    const payee = shape === "clustered" && random() < 0.9 ? payer - (payer % 50) + Math.floor(50 * random()) : anywhere;
    const outside = random();
    const amount = money(BigInt(Math.floor(10 ** (6 + 4 * random())))); // 1e6..1e10 cents
    flows.push({
      from: outside < 0.025 ? "external" : name(payer),
      to: outside >= 0.975 ? "external" : name(payee),
      amount,
      month: (firstMonth + Math.floor(72 * random())) as Month,
      status: FLOW_STATUSES[Math.floor(random() * FLOW_STATUSES.length)] ?? "funded",
      kind: k % 3 === 0 ? "equity" : "cloud contract",
      ...(k % 7 === 0 ? { probability: ratio(BigInt(1 + Math.floor(random() * 99)), 100n) } : {}),
    });
  }
  return { parties, flows };
}

export function benchNetwork(): NetworkBenchRow[] {
  return [...benchShape("random"), ...benchShape("clustered")];
}

function benchShape(shape: NetworkShape): NetworkBenchRow[] {
  const rows: NetworkBenchRow[] = [];
  const peakRssMB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
  const time = <T>(name: string, run: () => T, details: (value: T) => Record<string, string | number> = () => ({})): T => {
    const start = performance.now();
    const value = run();
    rows.push({ name: `${shape}: ${name}`, seconds: Number(((performance.now() - start) / 1000).toFixed(3)), peakRssMB: peakRssMB(), ...details(value) });
    return value;
  };
  const input = time("generate 100k parties, 1M flows (plain objects)", () => benchmarkFlows(shape), (v) => ({ flows: v.flows.length }));
  const built = time("buildFlowSet", () => buildFlowSet(input), (v) => ({ flows: v.value.flowCount, diagnostics: v.diagnostics.length }));
  const selected = time("selectFlows (2025-01..2030-12; funded, binding, announced; probability)", () =>
    selectFlows(built.value, { window: { from: month(2025, 1), to: month(2030, 12) }, statuses: ["funded", "binding", "announced"], weighting: "probability" }),
    (v) => ({ flows: v.value.flowCount }),
  );
  const rolled = time("rollUpAffiliates", () => rollUpAffiliates(selected.value), (v) => ({ parties: v.value.parties.length }));
  const network = time("aggregateNetwork", () => aggregateNetwork(rolled.value), (v) => ({ edges: v.value.edgeCount }));
  // Multi-hop shares for the 20 largest parties by throughflow, to 1e-9: solving for every payer
  // of an 88,000-party component would take one solve each. Cycling shares are solved party by
  // party in components up to 2,000 parties and sampled in larger ones (the defaults).
  const byThroughflow = Array.from({ length: network.value.partyCount }, (_, i) => i).sort((a, b) => (network.value.throughflow[b] ?? 0) - (network.value.throughflow[a] ?? 0));
  const metrics = time(
    "analyseNetwork (every metric)",
    () => analyseNetwork(network.value, { multiHop: { targets: byThroughflow.slice(0, 20), tolerance: 1e-9 } }),
    (v) => ({
      largestComponent: v.value.largestComponent,
      partiesOnCycles: v.value.partiesOnCycles,
      finnCyclingIndex: Number(v.value.finnCyclingIndex.value.toFixed(4)),
      fciLow: Number(v.value.finnCyclingIndex.low.toFixed(4)),
      fciHigh: Number(v.value.finnCyclingIndex.high.toFixed(4)),
      maximumCirculationShare: Number(v.value.maximumCirculationShare.share.toFixed(4)),
      loops: v.value.maximumCirculationShare.loopCount,
      weightedReciprocity: Number(v.value.weightedReciprocity.share.toFixed(6)),
      multiHopPairs: v.value.multiHopRoundTripShare.pairs.length,
      diagnostics: v.diagnostics.length,
    }),
  );
  void metrics;
  const total = rows.slice(1).reduce((s, r) => s + r.seconds, 0);
  rows.push({ name: `${shape}: pipeline total (without generating)`, seconds: Number(total.toFixed(3)), peakRssMB: peakRssMB() });
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const row of benchNetwork()) console.log(JSON.stringify(row));
}
