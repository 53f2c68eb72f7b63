import { operations } from "../../api/front-door.js";
import { jsonReport } from "../../report/json-report.js";
import { renderTextReport } from "../../report/text-report.js";
import { finish, onModelFile, type CommandDefinition } from "../command.js";

export const reportCommand: CommandDefinition = (program, io, state) => {
  program
    .command("report")
    .description("Answer the deal's questions: ownership, cash and runway, circularity, revenue share, exclusivity, assumptions")
    .argument("<file>", "model file (.yaml, .yml or .json)")
    .option("--scenario <name>", "a scenario of the model: its driver values and conditions replace the base case")
    .option("--json", "print the report as JSON (money as exact decimal strings)")
    .action(async (file, options) => {
      const result = await onModelFile(file, (model) => operations.report({ ...model, ...(options.scenario !== undefined ? { scenario: options.scenario } : {}) }));
      finish(io, state, result, options.json === true, (a) => ({ text: renderTextReport(a), json: jsonReport(a) }));
    });
};
