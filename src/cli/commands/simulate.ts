import cliProgress from "cli-progress";
import { join } from "node:path";
import { simulateModel } from "../../api/simulate-operations.js";
import { renderSimulation, simulationJson } from "../../report/simulation-text.js";
import { renderCashFan, renderTornado } from "../../simulate/index.js";
import { finish, type CommandDefinition } from "../command.js";
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
      const progress = progressReporter();
      const result = await simulateModel(file, {
        runs: Number(options.runs),
        seed: Number(options.seed),
        ...(options.scenario ? { scenario: options.scenario } : {}),
        ...(options.company ? { company: options.company } : {}),
        ...(options.workers !== undefined ? { workers: Number(options.workers) } : {}),
        onProgress: progress.onProgress,
      });
      progress.stop();
      const problems = [...result.diagnostics];
      if (result.value && options.svg !== undefined && !problems.some((d) => d.severity === "error")) {
        const folder = ensureDirectory(options.svg);
        if (folder) problems.push(folder);
        else {
          const fan = writeFileAtomically(join(options.svg, "cash-fan.svg"), renderCashFan(result.value.result));
          const tornado = result.value.tornado ? writeFileAtomically(join(options.svg, "tornado.svg"), renderTornado(result.value.tornado)) : undefined;
          for (const p of [fan, tornado]) if (p) problems.push(p);
        }
      }
      finish(io, state, { ...result, diagnostics: problems }, options.json === true, (r) => ({ text: renderSimulation(r), json: simulationJson(r) }));
    });
};
