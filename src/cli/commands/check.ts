import { operations } from "../../api/front-door.js";
import { finish, onModelFile, type CommandDefinition } from "../command.js";

export const checkCommand: CommandDefinition = (program, io, state) => {
  program
    .command("check")
    .description("Validate a model file and print every problem at once")
    .argument("<file>", "model file (.yaml, .yml or .json)")
    .option("--json", "print the diagnostics as JSON")
    .action(async (file, options) => {
      finish(io, state, await onModelFile(file, operations.check), options.json === true, () => ({ text: `${file}: ok\n`, json: { ok: true } }));
    });
};
