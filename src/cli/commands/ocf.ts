import { operations, type OperationResult } from "../../api/front-door.js";
import type { CheckedExport, ImportedModel, SchemaCheckSummary } from "../../api/ocf-operations.js";
import { error, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { diagnosticToJson, renderDiagnostic } from "../../diagnostics/render.js";
import type { PackageCheck, PublishedSchemas } from "../../ocf/published-schemas.js";
import type { Json } from "../../report/json-report.js";
import { finish, onModelFile, type CommandDefinition, type Io, type RunState } from "../command.js";
import { loadPublishedSchemas, packageReader } from "../read-files.js";
import { writeFileAtomically, writeFolderAtomically } from "../write-file.js";

/** Where OCF's published schemas are, when neither --schemas nor the environment names them. */
const SCHEMAS_ENV = "DEALGRAPH_OCF_SCHEMAS";
const SCHEMAS_HELP = `a folder of OCF's published JSON schemas (the schema folder of a checkout of OCF's repository) to check against; default: $${SCHEMAS_ENV}`;

/**
 * The schemas to check against: those --schemas or $DEALGRAPH_OCF_SCHEMAS names, loaded; none if
 * neither is set; or, when they cannot be used, the problem written out and `false`.
 */
function schemasFor(option: string | undefined, io: Io, state: RunState, json: boolean): PublishedSchemas | undefined | false {
  const dir = option ?? process.env[SCHEMAS_ENV];
  if (dir === undefined || dir === "") return undefined;
  const loaded = loadPublishedSchemas(dir);
  if (loaded.value) return loaded.value;
  finish(io, state, loaded, json, () => ({ text: "", json: {} }));
  return false;
}

/** `dealgraph ocf import|export|validate`: Open Cap Format packages in and out (docs/ocf.md). */
export const ocfCommand: CommandDefinition = (program, io, state) => {
  const ocf = program.command("ocf").description("Open Cap Format: import a package as a model with an equity section, export a model's equity as a package, or check a package against OCF's published schemas");
  ocf
    .command("import")
    .description("Read an OCF package (a folder with Manifest.ocf.json) and write its cap table as a model file")
    .argument("<package>", "the package folder")
    .requiredOption("--out <file>", "the model file to write (YAML)")
    .option("--schemas <dir>", SCHEMAS_HELP)
    .option("--skip-invalid", "leave out, with a warning, each object whose problem is its own (a dangling reference, a second currency) and what depends on it, instead of refusing the package")
    .option("--json", "print the summary and diagnostics as JSON")
    .action(async (dir, options) => {
      const schemas = schemasFor(options.schemas, io, state, options.json === true);
      if (schemas === false) return;
      const result = await operations.ocfImport({ package: dir, files: packageReader(dir), modelName: options.out, ...(schemas ? { schemas } : {}), skipInvalid: options.skipInvalid === true });
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
    .option("--schemas <dir>", SCHEMAS_HELP)
    .option("--json", "print the summary and the report as JSON")
    .action(async (file, options) => {
      const schemas = schemasFor(options.schemas, io, state, options.json === true);
      if (schemas === false) return;
      const generatedAt = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
      const target = { ...(options.company ? { company: options.company } : {}), ...(options.at ? { at: options.at } : {}), generatedAt, out: options.out, ...(schemas ? { schemas } : {}) };
      const result = await onModelFile(file, (model) => operations.ocfExport({ ...model, ...target }));
      let problem: Diagnostic | undefined;
      if (result.value && !result.diagnostics.some((d) => d.severity === "error")) {
        problem = writeFolderAtomically(options.out, result.value.files);
      }
      finish(io, state, withProblem(result, problem), options.json === true, (p) => ({ text: renderExportReport(p, options.out, result.sources), json: exportJson(p, options.out, result.sources) }));
    });

  ocf
    .command("validate")
    .description("Check an OCF package (a folder with Manifest.ocf.json) against OCF's published JSON schemas, every file and object")
    .argument("<package>", "the package folder")
    .option("--schemas <dir>", SCHEMAS_HELP)
    .option("--json", "print the summary and diagnostics as JSON")
    .action(async (dir, options) => {
      const schemas = schemasFor(options.schemas, io, state, options.json === true);
      if (schemas === false) return;
      if (schemas === undefined) {
        const problem = error("E_USAGE", `ocf validate needs OCF's published schemas: give --schemas DIR or set ${SCHEMAS_ENV}`, { hint: "the schema folder of a checkout of OCF's repository (Open-Cap-Table-Coalition/Open-Cap-Format-OCF), at the version the package declares" });
        finish(io, state, { diagnostics: [problem], sources: new Map() }, options.json === true, () => ({ text: "", json: {} }));
        return;
      }
      const result = await operations.ocfValidate({ package: dir, files: packageReader(dir), schemas });
      finish(io, state, result, options.json === true, (check) => ({ text: renderValidation(dir, check, schemas), json: { package: dir, ocfVersion: schemas.version, schemas: schemas.origin, valid: true, files: check.files, objects: check.objects } }));
    });
};

function renderValidation(dir: string, check: PackageCheck, schemas: PublishedSchemas): string {
  return `${dir} is valid OCF ${schemas.version}: ${check.files} files, ${check.objects} objects, checked against the schemas in ${schemas.origin}\n`;
}

function schemaLine(check: SchemaCheckSummary | undefined, what: string): string {
  return check ? `${what} checked against OCF ${check.version}'s published schemas: ${check.files} files, ${check.objects} objects valid\n` : `${what} not checked against OCF's published schemas (give --schemas DIR or set ${SCHEMAS_ENV})\n`;
}

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
  return `wrote ${out}: the equity of ${m.equity.company} as of ${m.equity.asOf} (OCF ${m.equity.ocfVersion}): ${counts(m).map(([k, n]) => `${n} ${k}`).join(", ")}\n${schemaLine(m.schemaCheck, "the package was")}`;
}

function importJson(m: ImportedModel, out: string): { [key: string]: Json } {
  return { file: out, company: m.equity.company, asOf: m.equity.asOf, ocfVersion: m.equity.ocfVersion, counts: Object.fromEntries(counts(m)), schemaCheck: schemaCheckJson(m.schemaCheck) };
}

function renderExportReport(p: CheckedExport, out: string, sources: OperationResult<unknown>["sources"]): string {
  const files = p.files.map((f) => (f.name === "Manifest.ocf.json" ? f.name : `${f.name} (${f.objects})`)).join(", ");
  const report = sortDiagnostics(p.report).map((d) => renderDiagnostic(d, sources));
  return `wrote ${out} as of ${p.asOf}: ${files}\n${schemaLine(p.schemaCheck, "the files were")}\nWhat OCF could not express, and what was filled in:\n\n${report.join("\n\n")}\n`;
}

function exportJson(p: CheckedExport, out: string, sources: OperationResult<unknown>["sources"]): { [key: string]: Json } {
  return { directory: out, asOf: p.asOf, files: p.files.map((f) => ({ name: f.name, objects: f.objects })), schemaCheck: schemaCheckJson(p.schemaCheck), report: sortDiagnostics(p.report).map((d) => diagnosticToJson(d, sources)) as unknown as Json };
}

function schemaCheckJson(check: SchemaCheckSummary | undefined): Json {
  return check ? { ocfVersion: check.version, files: check.files, objects: check.objects } : null;
}
