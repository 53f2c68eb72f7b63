/** Every command of `dealgraph`, in the order `--help` lists them. Adding a command: one file, one line here. */
import type { CommandDefinition } from "../command.js";
import { captableCommand } from "./captable.js";
import { checkCommand } from "./check.js";
import { explainCommand } from "./explain.js";
import { flowsCommand } from "./flows.js";
import { ocfCommand } from "./ocf.js";
import { reportCommand } from "./report.js";
import { simulateCommand } from "./simulate.js";
import { waterfallCommand } from "./waterfall.js";

export const COMMANDS: readonly CommandDefinition[] = [reportCommand, checkCommand, explainCommand, flowsCommand, simulateCommand, captableCommand, waterfallCommand, ocfCommand];
