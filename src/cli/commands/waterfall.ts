import { operations } from "../../api/front-door.js";
import { error } from "../../diagnostics/diagnostic.js";
import { payoutChartSvg } from "../../report/payout-chart.js";
import { payoutCurveJson, renderPayoutCurve, renderWaterfall, waterfallJson } from "../../report/equity-text.js";
import { finish, onModelFile, refuseUsage, wholeNumberOption, type CommandDefinition } from "../command.js";
import { writeFileAtomically } from "../write-file.js";

export const waterfallCommand: CommandDefinition = (program, io, state) => {
  program
    .command("waterfall")
    .description("Who gets what when the company is sold: the payout to every class and holder at an exit value, or the payout curves over a range with their breakpoints")
    .argument("<file>", "model file with an `equity:` section")
    .option("--exit <amount>", "the exit value, e.g. 250M")
    .option("--range <from..to>", "exit values from..to, e.g. 0..500M: the payout curve and its breakpoints")
    .option("--steps <n>", "points on the curve for --range", "50")
    .option("--svg <file>", "with --range: also draw the payout curves as SVG")
    .option("--costs <amount or percent>", "transaction costs paid first: an amount (2M) or a share of the exit (2%)")
    .option("--debt <amount>", "debt repaid before equity")
    .option("--company <name>", "the company, when the model has equity for several")
    .option("--at <date>", "the date, YYYY-MM-DD: options count as far as vested then (default: the end of the horizon)")
    .option("--json", "print the result as JSON")
    .action(async (file, options) => {
      const json = options.json === true;
      const common = { ...(options.company ? { company: options.company } : {}), ...(options.at ? { at: options.at } : {}), ...(options.costs ? { costs: options.costs } : {}), ...(options.debt ? { debt: options.debt } : {}) };
      const usage = (message: string): void => refuseUsage(io, state, [error("E_USAGE", message, { hint: "run `dealgraph waterfall --help`" })], json);
      if ((options.exit === undefined) === (options.range === undefined)) return usage("give either --exit AMOUNT or --range FROM..TO");
      if (options.svg !== undefined && options.range === undefined) return usage("--svg draws the payout curves: give --range FROM..TO with it");
      if (options.exit !== undefined) {
        const exit = options.exit;
        finish(io, state, await onModelFile(file, (model) => operations.waterfall({ ...model, ...common, exit })), json, (w) => ({ text: renderWaterfall(w), json: waterfallJson(w) }));
        return;
      }
      const steps = wholeNumberOption(options.steps, "--steps", 1, 10_000);
      if ("problem" in steps) return refuseUsage(io, state, [steps.problem], json);
      const range = options.range ?? "";
      const result = await onModelFile(file, (model) => operations.payoutCurve({ ...model, ...common, range, steps: steps.value }));
      const svgProblem = result.value && options.svg !== undefined && !result.diagnostics.some((d) => d.severity === "error") ? writeFileAtomically(options.svg, payoutChartSvg(result.value)) : undefined;
      finish(io, state, svgProblem ? { ...result, diagnostics: [...result.diagnostics, svgProblem] } : result, json, (p) => ({ text: renderPayoutCurve(p), json: payoutCurveJson(p) }));
    });
};
