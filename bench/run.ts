/**
 * `npm run bench`: every benchmark, each in its own process so that its memory figures are its
 * own, one after the other so that they do not compete for the two cores. Each prints its rows;
 * docs/performance.md records the figures with the date and the machine.
 */
import { spawnSync } from "node:child_process";
import { availableParallelism, cpus, totalmem } from "node:os";

const BENCHES: ReadonlyArray<{ readonly file: string; readonly what: string }> = [
  { file: "bench/pipeline.ts", what: "the core pipeline: read, compile, ledger, analyse" },
  { file: "bench/network.ts", what: "network metrics on 100,000 parties and 1,000,000 flows" },
  { file: "bench/simulate.ts", what: "vectorized evaluator and Monte Carlo against HyperFormula" },
  { file: "bench/waterfall.ts", what: "exit waterfall: 100,000 holders in 50 classes at 1,000 exit values" },
];

const only = process.argv.slice(2);
console.log(`dealgraph bench · node ${process.version} · ${availableParallelism()} cores (${cpus()[0]?.model ?? "unknown"}) · ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
let failed = 0;
for (const bench of BENCHES) {
  if (only.length > 0 && !only.some((o) => bench.file.includes(o))) continue;
  console.log(`\n## ${bench.file}: ${bench.what}`);
  const run = spawnSync(process.execPath, ["--import", "tsx", "--expose-gc", bench.file], { stdio: "inherit" });
  if (run.status !== 0) {
    failed++;
    console.log(`(${bench.file} exited with status ${run.status})`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
