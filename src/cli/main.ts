/**
 * The `dealgraph` command. Parses the command line, calls the typed operations in src/api, and
 * renders their results. Only this edge decides what diagnostics mean: exit status 1 when the
 * model has errors, 2 for a command line dealgraph cannot act on, 0 otherwise. Output is built
 * whole and written once, so a failure never leaves half a report behind.
 */
import { Command, CommanderError } from "@commander-js/extra-typings";
import { pathToFileURL } from "node:url";
import { checkModel, explainItem, reportModel, type OperationResult } from "../api/operations.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnosticToJson, renderDiagnostics } from "../diagnostics/render.js";
import { explanationJson, renderExplanation } from "../report/explain-text.js";
import { jsonReport, type Json } from "../report/json-report.js";
import { renderTextReport } from "../report/text-report.js";
import { VERSION } from "./version.js";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

export const EXIT = { ok: 0, modelErrors: 1, usage: 2 } as const;

/** Runs the CLI on `argv` (without the node and script names); resolves to the exit status. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let status: number = EXIT.ok;
  const finish = <T>(result: OperationResult<T>, json: boolean, render: (value: T) => { text: string; json: { [k: string]: Json } }): void => {
    const errors = result.diagnostics.some((d) => d.severity === "error");
    status = errors ? EXIT.modelErrors : EXIT.ok;
    const rendered = result.value !== undefined && !errors ? render(result.value) : undefined;
    if (json) {
      const doc = { ...(rendered?.json ?? {}), diagnostics: result.diagnostics.map((d) => diagnosticToJson(d, result.sources)) as unknown as Json };
      io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
      if (rendered) io.stdout(rendered.text);
      const diagnostics = renderDiagnostics(result.diagnostics, result.sources);
      if (diagnostics) io.stderr(diagnostics);
    }
  };

  const program = new Command()
    .name("dealgraph")
    .description("Model strategic financing deals as money flowing between parties over time, with exact, traceable answers.")
    .version(VERSION)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: () => undefined });

  program
    .command("report")
    .description("Answer the deal's questions: ownership, cash and runway, circularity, revenue share, exclusivity, assumptions")
    .argument("<file>", "model file (.yaml, .yml or .json)")
    .option("--json", "print the report as JSON (money as exact decimal strings)")
    .action((file, options) => {
      finish(reportModel(file), options.json === true, (a) => ({ text: renderTextReport(a), json: jsonReport(a) }));
    });

  program
    .command("check")
    .description("Validate a model file and print every problem at once")
    .argument("<file>", "model file (.yaml, .yml or .json)")
    .option("--json", "print the diagnostics as JSON")
    .action((file, options) => {
      finish(checkModel(file), options.json === true, () => ({ text: `${file}: ok\n`, json: { ok: true } }));
    });

  program
    .command("explain")
    .description("Show where a number came from: the model lines and postings behind a reported figure, an account or a model item")
    .argument("<file>", "model file")
    .argument("<item>", "a figure id from `report --json` (round.series-a.with-conditional.post-money), a party's account (OpenAI), or a model item (contracts.aws-2025)")
    .option("--json", "print the explanation as JSON")
    .action((file, item, options) => {
      const result = explainItem(file, item);
      finish(result, options.json === true, ({ explanation, currency }) => ({
        text: renderExplanation(explanation, currency, result.sources),
        json: { explanation: explanationJson(explanation, currency, result.sources) },
      }));
    });

  try {
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: "user" });
    return status;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT.ok;
      io.stderr(renderDiagnostics([usageError(e.message)], new Map()));
      return EXIT.usage;
    }
    throw e;
  }
}

function usageError(message: string): Diagnostic {
  const text = message.replace(/^error: /, "").split("\n")[0] ?? message;
  const suggestion = /\(Did you mean (.+)\?\)/.exec(message)?.[1];
  return error("E_USAGE", text.replace(/\s*\(Did you mean .+\?\)/, ""), { hint: suggestion ? `did you mean ${suggestion}?` : "run `dealgraph --help` for the commands and their options" });
}

// Run when executed directly (`tsx src/cli/main.ts …`); the installed bin imports `main` instead.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
