/**
 * The `dealgraph` command. Parses the command line, calls the typed operations in src/api (one
 * file per command in commands/), and renders their results. Only this edge decides what
 * diagnostics mean: exit status 1 when the model has errors, 2 for a command line dealgraph
 * cannot act on, 0 otherwise. Output is built whole and written once, so a failure never leaves
 * half a report behind.
 */
import { Command, CommanderError } from "@commander-js/extra-typings";
import { pathToFileURL } from "node:url";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { EXIT, type Io, type RunState } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { VERSION } from "./version.js";

export { EXIT, type Io } from "./command.js";

const processIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** Runs the CLI on `argv` (without the node and script names); resolves to the exit status. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const state: RunState = { status: EXIT.ok };
  const program = new Command()
    .name("dealgraph")
    .description("Model strategic financing deals as money flowing between parties over time, with exact, traceable answers.")
    .version(VERSION)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: () => undefined });
  for (const define of COMMANDS) define(program, io, state);

  try {
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: "user" });
    return state.status;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT.ok;
      io.stderr(renderDiagnostics([usageError(e.message)], new Map()));
      return EXIT.usage;
    }
    throw e;
  }
}

/** Commander's own messages, as a diagnostic with a stable code. */
export function usageError(message: string): Diagnostic {
  const text = message.replace(/^error: /, "").split("\n")[0] ?? message;
  const suggestion = /\(Did you mean (.+)\?\)/.exec(message)?.[1];
  return error("E_USAGE", text.replace(/\s*\(Did you mean .+\?\)/, ""), { hint: suggestion ? `did you mean ${suggestion}?` : "run `dealgraph --help` for the commands and their options" });
}

// Run when executed directly (`tsx src/cli/main.ts …`); the installed bin imports `main` instead.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
