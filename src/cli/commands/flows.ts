import { operations, type OperationResult } from "../../api/front-door.js";
import { parseFlowsOptions, type FlowsReport } from "../../api/operations.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { renderFlowDiagram } from "../../report/flow-diagram.js";
import { flowsJson } from "../../report/flows-json.js";
import { renderFlowsText } from "../../report/flows-text.js";
import { EXIT, finish, onModelFile, type CommandDefinition } from "../command.js";
import { writeFileAtomically } from "../write-file.js";

/**
 * `dealgraph flows FILE`: circular capital across the model's network. Options that cannot be
 * read (a window that is not FROM..TO, an unknown status) are problems of the command line:
 * exit status 2, like any usage error, before the model is read. Problems of the model, and a
 * window outside its horizon, are exit status 1.
 */
export const flowsCommand: CommandDefinition = (program, io, state) => {
  program
    .command("flows")
    .description("Circular capital across the model's network: round trips, cycling, loops, and per party what it paid and what came back")
    .argument("<file>", "model file (.yaml, .yml or .json)")
    .option("--window <from..to>", "months to count, both included: 2026-01..2030-12, or years 2026..2030 (default: the horizon)")
    .option("--status <list>", "statuses to count, comma-separated: funded, binding, announced, loi, reported, or all (default: all)")
    .option("--weight-conditional", "count a conditional flow at its condition's probability (and a flow with a probability at it)")
    .option("--json", "print the metrics as JSON, each under the key docs/network-metrics.md gives it")
    .option("--svg <file>", "also draw the flows as SVG: the loops beside the acyclic remainder (written only when there is no error)")
    .action(async (file, options) => {
      const json = options.json === true;
      const text = { ...(options.window !== undefined ? { window: options.window } : {}), ...(options.status !== undefined ? { status: options.status } : {}), weightConditional: options.weightConditional === true };
      // The operation reads the options itself too; read here first, their problems exit 2 before the model is read.
      const parsed = parseFlowsOptions(text);
      if (!parsed.options) {
        finish(io, state, { diagnostics: parsed.diagnostics, sources: new Map() }, json, () => ({ text: "", json: {} }));
        state.status = EXIT.usage;
        return;
      }
      let result: OperationResult<FlowsReport> = await onModelFile(file, (model) => operations.flows({ ...model, ...text }));
      if (options.svg !== undefined && result.value && !hasErrors(result.diagnostics)) {
        const problem = writeFileAtomically(options.svg, renderFlowDiagram(result.value.analysis));
        if (problem) result = { ...result, diagnostics: [...result.diagnostics, problem] };
      }
      finish(io, state, result, json, (report) => ({ text: renderFlowsText(report), json: flowsJson(report) }));
    });
};
