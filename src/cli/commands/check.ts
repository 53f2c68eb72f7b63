import { checkModel } from "../../api/operations.js";
import { finish, type CommandDefinition } from "../command.js";

export const checkCommand: CommandDefinition = (program, io, state) => {
  program
    .command("check")
    .description("Validate a model file and print every problem at once")
    .argument("<file>", "model file (.yaml, .yml or .json)")
    .option("--json", "print the diagnostics as JSON")
    .action((file, options) => {
      finish(io, state, checkModel(file), options.json === true, () => ({ text: `${file}: ok\n`, json: { ok: true } }));
    });
};
