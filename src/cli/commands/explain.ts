import { operations } from "../../api/front-door.js";
import { explanationJson, renderExplanation } from "../../report/explain-text.js";
import { finish, onModelFile, type CommandDefinition } from "../command.js";

export const explainCommand: CommandDefinition = (program, io, state) => {
  program
    .command("explain")
    .description("Show where a number came from: the model lines and postings behind a reported figure, an account or a model item")
    .argument("<file>", "model file")
    .argument("<item>", "a figure id from `report --json` (round.series-a.with-conditional.post-money), a party's account (OpenAI), or a model item (contracts.aws-2025)")
    .option("--json", "print the explanation as JSON")
    .action(async (file, item, options) => {
      const result = await onModelFile(file, (model) => operations.explain({ ...model, item }));
      finish(io, state, result, options.json === true, ({ explanation, currency }) => ({
        text: renderExplanation(explanation, currency, result.sources),
        json: { explanation: explanationJson(explanation, currency, result.sources) },
      }));
    });
};
