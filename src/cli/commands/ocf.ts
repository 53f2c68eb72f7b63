import type { OperationResult } from "../../api/operations.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { diagnosticToJson, renderDiagnostic } from "../../diagnostics/render.js";
import type { ExportedPackage } from "../../ocf/export-package.js";
import { exportOcf, importOcf, type ImportedModel } from "../../ocf/operations.js";
import type { Json } from "../../report/json-report.js";
import { finish, type CommandDefinition } from "../command.js";
import { writeFileAtomically, writeFolderAtomically } from "../write-file.js";

/** `dealgraph ocf import` and `dealgraph ocf export`: Open Cap Format packages in and out (docs/ocf.md). */
export const ocfCommand: CommandDefinition = (program, io, state) => {
  const ocf = program.command("ocf").description("Open Cap Format: import a package as a model with an equity section, or export a model's equity as a package");
  ocf
    .command("import")
    .description("Read an OCF package (a folder with Manifest.ocf.json) and write its cap table as a model file")
    .argument("<package>", "the package folder")
    .requiredOption("--out <file>", "the model file to write (YAML)")
    .option("--json", "print the summary and diagnostics as JSON")
    .action((dir, options) => {
      const result = importOcf(dir, options.out);
      const written = result.value && !result.diagnostics.some((d) => d.severity === "error") ? writeFileAtomically(options.out, result.value.text) : undefined;
      finish(io, state, withProblem(result, written), options.json === true, (m) => ({ text: renderImportSummary(m, options.out), json: importJson(m, options.out) }));
    });
  ocf
    .command("export")
    .description("Write a company's equity as an OCF package, and report what OCF cannot express (conditional tranches, contracts, …)")
    .argument("<file>", "model file with an `equity:` section")
    .requiredOption("--out <dir>", "the package folder to write (made if missing; its parent must exist)")
    .option("--company <name>", "the company, when the model has equity for several")
    .option("--at <date>", "the package's date, YYYY-MM-DD (default: the end of the horizon)")
    .option("--json", "print the summary and the report as JSON")
    .action((file, options) => {
      const result = exportOcf(file, { ...(options.company ? { company: options.company } : {}), ...(options.at ? { at: options.at } : {}), generatedAt: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") });
      let problem: Diagnostic | undefined;
      if (result.value && !result.diagnostics.some((d) => d.severity === "error")) {
        problem = writeFolderAtomically(options.out, result.value.files);
      }
      finish(io, state, withProblem(result, problem), options.json === true, (p) => ({ text: renderExportReport(p, options.out, result.sources), json: exportJson(p, options.out, result.sources) }));
    });
};

function withProblem<T>(result: OperationResult<T>, problem: Diagnostic | undefined): OperationResult<T> {
  return problem ? { ...result, diagnostics: [...result.diagnostics, problem] } : result;
}

function counts(m: ImportedModel): Array<[string, number]> {
  const e = m.equity;
  return [
    ["classes", e.classes.length],
    ["pools", e.pools.length],
    ["holdings", e.holdings.length],
    ["option grants", e.options.length],
    ["warrants", e.warrants.length],
    ["SAFEs", e.safes.length],
    ["notes", e.notes.length],
  ];
}

function renderImportSummary(m: ImportedModel, out: string): string {
  return `wrote ${out}: the equity of ${m.equity.company} as of ${m.equity.asOf} (OCF ${m.equity.ocfVersion}): ${counts(m).map(([k, n]) => `${n} ${k}`).join(", ")}\n`;
}

function importJson(m: ImportedModel, out: string): { [key: string]: Json } {
  return { file: out, company: m.equity.company, asOf: m.equity.asOf, ocfVersion: m.equity.ocfVersion, counts: Object.fromEntries(counts(m)) };
}

function renderExportReport(p: ExportedPackage, out: string, sources: OperationResult<unknown>["sources"]): string {
  const files = p.files.map((f) => (f.name === "Manifest.ocf.json" ? f.name : `${f.name} (${f.objects})`)).join(", ");
  const report = sortDiagnostics(p.report).map((d) => renderDiagnostic(d, sources));
  return `wrote ${out} as of ${p.asOf}: ${files}\n\nWhat OCF could not express, and what was filled in:\n\n${report.join("\n\n")}\n`;
}

function exportJson(p: ExportedPackage, out: string, sources: OperationResult<unknown>["sources"]): { [key: string]: Json } {
  return { directory: out, asOf: p.asOf, files: p.files.map((f) => ({ name: f.name, objects: f.objects })), report: sortDiagnostics(p.report).map((d) => diagnosticToJson(d, sources)) as unknown as Json };
}
