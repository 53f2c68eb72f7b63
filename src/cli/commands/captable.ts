import { operations } from "../../api/front-door.js";
import { capTableJson, renderCapTable } from "../../report/equity-text.js";
import { finish, onModelFile, type CommandDefinition } from "../command.js";

export const captableCommand: CommandDefinition = (program, io, state) => {
  program
    .command("captable")
    .description("The cap table of a company's equity section at a date: issued, outstanding and fully diluted, with and without the conditional tranches")
    .argument("<file>", "model file with an `equity:` section")
    .option("--company <name>", "the company, when the model has equity for several")
    .option("--at <date>", "the date, YYYY-MM-DD (default: the end of the horizon)")
    .option("--fully-diluted <parts>", "what fully diluted counts: a comma list of pool, unvested, convertibles, or none", "pool,unvested,convertibles")
    .option("--json", "print the cap table as JSON (share counts as exact integers, ownership as exact fractions)")
    .action(async (file, options) => {
      const basis = options.fullyDiluted.split(",").map((s) => s.trim()).filter((s) => s && s !== "none");
      const result = await onModelFile(file, (model) => operations.captable({ ...model, ...(options.company ? { company: options.company } : {}), ...(options.at ? { at: options.at } : {}), basis }));
      finish(io, state, result, options.json === true, (report) => ({ text: renderCapTable(report), json: capTableJson(report) }));
    });
};
