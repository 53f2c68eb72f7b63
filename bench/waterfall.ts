/**
 * Benchmark of the exit waterfall: a cap table of 100,000 holders in 50 classes (one common,
 * 49 preferred series in 10 seniority tiers, with non-participating, participating and capped
 * terms) plus option grants at three strikes, paid out at 1,000 exit values.
 *
 * Run: `npx tsx bench/waterfall.ts [runs]`. Target: under 1 s and under 500 MB.
 *
 * The design the figures rely on: classes and stakes (a class's shares, or its options at one
 * strike) are paid first, exactly, segment by segment of the payout curve; holders are split from
 * their stakes only for the exit values someone asks about. Both levels are timed: the curve with
 * class and stake payouts at all 1,000 exit values, and every holder's payout at all 1,000.
 */
import { pathToFileURL } from "node:url";
import { money } from "../src/money/money.js";
import { ratio } from "../src/money/ratio.js";
import { computePayoutCurve, type PayoutCurve } from "../src/equity/payout-curve.js";
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

export interface WaterfallBenchRun {
  /** validate + compile + curve and breakpoints + class and stake payouts at every exit value. */
  readonly curveMs: number;
  /** `holderPayoutsAt` at one exit value (100,000 objects). */
  readonly holderObjectsMs: number;
  /** Every holder's payout at every exit value, through `holderPayoutsInto` into one reused array. */
  readonly allHoldersMs: number;
  /** The same through `holderPayoutsInWholeUnits` into one reused float64 array (bigint fallback beyond 2^53). */
  readonly allHoldersWholeUnitsMs: number;
  readonly segments: number;
  readonly breakpoints: number;
  readonly heapMB: number;
  readonly rssMB: number;
}

export function benchWaterfall(): WaterfallBenchRun {
  const capTable = benchmarkCapTable();
  const exits = Array.from({ length: EXIT_VALUES }, (_, i) => money(BigInt(i) * 2_000_000_000n)); // $0 .. $20B in $20M steps
  const start = performance.now();
  const { value, diagnostics } = computePayoutCurve(capTable, { transactionCosts: money(500_000_000n) }, exits, { date: "2026-01-01" });
  const curveMs = performance.now() - start;
  if (value === null || diagnostics.some((d) => d.severity === "error")) throw new Error(`benchmark cap table is invalid: ${JSON.stringify(diagnostics)}`);

  const objectsStart = performance.now();
  const holders = value.holderPayoutsAt(EXIT_VALUES - 1);
  const holderObjectsMs = performance.now() - objectsStart;
  if (holders.length !== HOLDERS) throw new Error(`expected ${HOLDERS} holders, got ${holders.length}`);

  // The holder level in full: every holder at every exit value. Each exit value overwrites the
  // array (a caller would aggregate or write it out); a running sum keeps the work observable.
  const allStart = performance.now();
  const payouts = new BigInt64Array(value.holderIds().length);
  let checksum = 0n;
  for (let i = 0; i < EXIT_VALUES; i++) checksum += value.holderPayoutsInto(i, payouts)[i % HOLDERS]!;
  const allHoldersMs = performance.now() - allStart;
  if (checksum < 0n) throw new Error("negative holder payout");

  const wholeStart = performance.now();
  const wholeUnits = new Float64Array(payouts.length);
  let wholeChecksum = 0n;
  for (let i = 0; i < EXIT_VALUES; i++) {
    const exact = value.holderPayoutsInWholeUnits(i, wholeUnits);
    wholeChecksum += exact === null ? value.holderPayoutsInto(i, payouts)[i % HOLDERS]! : BigInt(exact[i % HOLDERS]!);
  }
  const allHoldersWholeUnitsMs = performance.now() - wholeStart;
  if (wholeChecksum !== checksum) throw new Error(`the float64 and bigint holder sweeps differ: ${wholeChecksum} vs ${checksum}`);
  checkHolderLevel(value, [0, 1, 37, EXIT_VALUES / 2, EXIT_VALUES - 1]);

  const memory = process.memoryUsage();
  return { curveMs, holderObjectsMs, allHoldersMs, allHoldersWholeUnitsMs, segments: value.segments.length, breakpoints: value.breakpoints.length, heapMB: memory.heapUsed / 2 ** 20, rssMB: memory.rss / 2 ** 20 };
}

/** Outside the timings: at a few exit values, holders sum to the proceeds and both holder views agree. */
function checkHolderLevel(curve: PayoutCurve, indices: readonly number[]): void {
  for (const i of indices) {
    const objects = curve.holderPayoutsAt(i);
    const array = curve.holderPayoutsInto(i);
    const total = objects.reduce((acc, h, k) => {
      if (array[k] !== h.payout || curve.holderIds()[k] !== h.holder) throw new Error(`holder ${h.holder} differs at point ${i}`);
      return acc + h.payout;
    }, 0n);
    if (total !== curve.points[i]!.proceeds) throw new Error(`holders sum to ${total}, not ${curve.points[i]!.proceeds}, at point ${i}`);
  }
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  // The first run is cold (V8 has not yet optimised the bigint paths): it is what a one-off CLI
  // call pays. The later runs are the steady state. Pass the number of runs as an argument.
  const runs = Math.max(1, Number(process.argv[2] ?? 5));
  const results: WaterfallBenchRun[] = [];
  console.log(`holders ${HOLDERS}, classes ${CLASSES}, exit values ${EXIT_VALUES}`);
  for (let k = 0; k < runs; k++) {
    const r = benchWaterfall();
    results.push(r);
    console.log(
      `run ${k + 1}${k === 0 ? " (cold)" : ""}: curve + class/stake payouts ${r.curveMs.toFixed(0)} ms (${r.segments} segments, ${r.breakpoints} breakpoints); ` +
        `holder objects at one exit value ${r.holderObjectsMs.toFixed(0)} ms; every holder at every exit value ${r.allHoldersMs.toFixed(0)} ms (bigint), ${r.allHoldersWholeUnitsMs.toFixed(0)} ms (float64 whole units); heap ${r.heapMB.toFixed(0)} MB, rss ${r.rssMB.toFixed(0)} MB`,
    );
  }
  const summary = (pick: (r: WaterfallBenchRun) => number): string => `min ${Math.min(...results.map(pick)).toFixed(0)} ms, median ${median(results.map(pick)).toFixed(0)} ms`;
  console.log(`waterfall at all exit values (validate + compile + curve + class/stake payouts): ${summary((r) => r.curveMs)}`);
  console.log(`every holder's payout at all exit values, holderPayoutsInto (BigInt64Array): ${summary((r) => r.allHoldersMs)}`);
  console.log(`every holder's payout at all exit values, holderPayoutsInWholeUnits (Float64Array): ${summary((r) => r.allHoldersWholeUnitsMs)}`);
  console.log(`peak rss ${Math.max(...results.map((r) => r.rssMB)).toFixed(0)} MB`);
}
