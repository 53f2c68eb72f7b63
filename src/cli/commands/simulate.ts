import cliProgress from "cli-progress";
import { join } from "node:path";
import { operations } from "../../api/front-door.js";
import { renderSimulation, simulationJson } from "../../report/simulation-text.js";
import { renderCashFan, renderTornado } from "../../simulate/index.js";
import { finish, onModelFile, refuseUsage, wholeNumberOption, type CommandDefinition } from "../command.js";
import { ensureDirectory, writeFileAtomically } from "../write-file.js";

/** A progress bar on a terminal, shown only once a run has taken a second; none when stderr is not a terminal. */
function progressReporter(): { onProgress: (done: number, runs: number) => void; stop: () => void } {
  const started = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    onProgress: (done, runs) => {
      if (!process.stderr.isTTY) return;
      if (!bar && Date.now() - started > 1000) {
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: "simulating [{bar}] {percentage}% · {value}/{total} runs · {eta}s left", hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(runs, done);
      }
      bar?.update(done);
    },
    stop: () => bar?.stop(),
  };
}

export const simulateCommand: CommandDefinition = (program, io, state) => {
  program
    .command("simulate")
    .description("Monte Carlo over the model's drivers and conditions: cash bands, the chance and month of running out, the funding gap, stakes, sensitivities")
    .argument("<file>", "model file (drivers with distributions under `drivers:`, settings under `simulation:`)")
    .option("--runs <n>", "number of runs", "10000")
    .option("--seed <n>", "seed: the same seed gives the same result on any number of workers", "1")
    .option("--scenario <name>", "a scenario of the model, or base, with-conditional, without-conditional")
    .option("--company <name>", "the company whose cash to follow")
    .option("--workers <n>", "worker threads (default: one per core for long runs)")
    .option("--svg <dir>", "also draw the cash fan chart and the tornado into this folder")
    .option("--json", "print the result as JSON")
    .action(async (file, options) => {
      // Runs may be 0 here so that the simulation itself says why it cannot run none (E_SIM_RUNS).
      const runs = wholeNumberOption(options.runs, "--runs", 0, 100_000_000);
      const seed = wholeNumberOption(options.seed, "--seed", 0, Number.MAX_SAFE_INTEGER);
      const workers = options.workers !== undefined ? wholeNumberOption(options.workers, "--workers", 0, 64) : undefined;
      const problems = [runs, seed, workers].flatMap((r) => (r && "problem" in r ? [r.problem] : []));
      if (problems.length > 0 || !("value" in runs) || !("value" in seed)) return refuseUsage(io, state, problems, options.json === true);
      const progress = progressReporter();
      const result = await onModelFile(file, (model) =>
        operations.simulate({
          ...model,
          runs: runs.value,
          seed: seed.value,
          ...(options.scenario ? { scenario: options.scenario } : {}),
          ...(options.company ? { company: options.company } : {}),
          ...(workers && "value" in workers ? { workers: workers.value } : {}),
          onProgress: progress.onProgress,
        }),
      );
      progress.stop();
      const outputProblems = [...result.diagnostics];
      if (result.value && options.svg !== undefined && !outputProblems.some((d) => d.severity === "error")) {
        const folder = ensureDirectory(options.svg);
        if (folder) outputProblems.push(folder);
        else {
          const fan = writeFileAtomically(join(options.svg, "cash-fan.svg"), renderCashFan(result.value.result));
          const tornado = result.value.tornado ? writeFileAtomically(join(options.svg, "tornado.svg"), renderTornado(result.value.tornado)) : undefined;
          for (const p of [fan, tornado]) if (p) outputProblems.push(p);
        }
      }
      finish(io, state, { ...result, diagnostics: outputProblems }, options.json === true, (r) => ({ text: renderSimulation(r), json: simulationJson(r) }));
    });
};
