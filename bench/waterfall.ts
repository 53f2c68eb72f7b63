/**
 * Benchmark of the exit waterfall: a cap table of 100,000 holders in 50 classes (one common,
 * 49 preferred series in 10 seniority tiers, with non-participating, participating and capped
 * terms) plus option grants at three strikes, paid out at 1,000 exit values.
 *
 * Run: `npx tsx bench/waterfall.ts`. Target: under 1 s and under 500 MB.
 *
 * The design the figures rely on: classes and stakes (a class's shares, or its options at one
 * strike) are paid first, exactly, segment by segment of the payout curve; holders are split from
 * their stakes only for the exit values someone asks about.
 */
import { pathToFileURL } from "node:url";
import { money } from "../src/money/money.js";
import { ratio } from "../src/money/ratio.js";
import { computePayoutCurve } from "../src/equity/payout-curve.js";
import type { CapTable, Holding, ShareClass } from "../src/equity/types.js";

const HOLDERS = 100_000;
const CLASSES = 50;
const EXIT_VALUES = 1_000;

export function benchmarkCapTable(): CapTable {
  const classes: ShareClass[] = [{ kind: "common", id: "common" }];
  for (let k = 1; k < CLASSES; k++) {
    const participation = k % 7 === 0 ? { kind: "participating" as const } : k % 3 === 0 ? { kind: "capped" as const, capMultiple: ratio(3n) } : { kind: "non-participating" as const };
    classes.push({
      kind: "preferred",
      id: `series-${k}`,
      originalIssuePrice: ratio(BigInt(10 + 7 * k)), // cents a share, rising with each series
      liquidationMultiple: k % 5 === 0 ? ratio(3n, 2n) : ratio(1n),
      participation,
      seniority: 10 - Math.floor((k - 1) / 5), // later series are senior
    });
  }
  const holdings: Holding[] = [];
  for (let h = 0; h < HOLDERS; h++) {
    const classIndex = h % CLASSES;
    holdings.push({ kind: "shares", holder: `holder-${h}`, classId: classes[classIndex]!.id, shares: BigInt(1_000 + ((h * 7919) % 50_000)) });
    if (h % 20 === 0) holdings.push({ kind: "option", holder: `holder-${h}`, classId: "common", poolId: "plan", shares: 2_000n, strike: ratio(BigInt(5 + 20 * (h % 3))) });
  }
  return { classes, pools: [{ id: "plan", classId: "common", reserved: 20_000_000n }], holdings };
}

export async function benchWaterfall(): Promise<{ curveMs: number; holderSplitMs: number; segments: number; breakpoints: number; heapMB: number; rssMB: number }> {
  const capTable = benchmarkCapTable();
  const exits = Array.from({ length: EXIT_VALUES }, (_, i) => money(BigInt(i) * 2_000_000_000n)); // $0 .. $20B in $20M steps
  const start = performance.now();
  const { value, diagnostics } = computePayoutCurve(capTable, { transactionCosts: money(500_000_000n) }, exits, { date: "2026-01-01" });
  const curveMs = performance.now() - start;
  if (value === null || diagnostics.some((d) => d.severity === "error")) throw new Error(`benchmark cap table is invalid: ${JSON.stringify(diagnostics)}`);
  const splitStart = performance.now();
  const holders = value.holderPayoutsAt(EXIT_VALUES - 1);
  const holderSplitMs = performance.now() - splitStart;
  if (holders.length !== HOLDERS) throw new Error(`expected ${HOLDERS} holders, got ${holders.length}`);
  const memory = process.memoryUsage();
  return { curveMs, holderSplitMs, segments: value.segments.length, breakpoints: value.breakpoints.length, heapMB: memory.heapUsed / 2 ** 20, rssMB: memory.rss / 2 ** 20 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  // The first run includes V8 warming up its bigint paths; the second is the steady state.
  for (const label of ["first run", "second run"]) {
    const r = await benchWaterfall();
    console.log(`${label}: holders ${HOLDERS}, classes ${CLASSES}, exit values ${EXIT_VALUES}`);
    console.log(`  waterfall at all exit values (validate + compile + curve + class/stake payouts): ${r.curveMs.toFixed(0)} ms, ${r.segments} segments, ${r.breakpoints} breakpoints`);
    console.log(`  holder-level split at one exit value: ${r.holderSplitMs.toFixed(0)} ms`);
    console.log(`  memory: heap ${r.heapMB.toFixed(0)} MB, rss ${r.rssMB.toFixed(0)} MB`);
  }
}
